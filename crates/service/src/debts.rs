//! Academic debts (273-ФЗ art. 58; seed 3.3: monitoring of debts and the
//! measures taken): a debt opens with а/з at attestation; up to two retakes
//! within a year, the second before a commission; a passed retake closes it
//! and becomes the attestation mark; past the deadline it becomes н/а.

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::attestation::{scale_for, AttestationMark, DebtStatus, MAX_RETAKES};
use domain::curriculum::ControlForm;
use domain::paging::{Page, PageRequest};
use domain::{Actor, Permission, Role, Validation};
use serde::{Deserialize, Serialize};
use store::debts::Whose;
use store::entity::academic_debt;

use crate::error::{Error, Result};
use crate::journal::date_ru;
use crate::{audit, require, App};

#[derive(Debug, Serialize)]
pub struct RetakeView {
    pub attempt: i32,
    pub held_on: String,
    pub commission: String,
    /// The mark's short form; empty until recorded.
    pub result: String,
}

#[derive(Debug, Serialize)]
pub struct DebtView {
    pub id: i64,
    pub student_id: i64,
    pub student: String,
    pub group_id: i64,
    pub group: String,
    pub subject_id: i64,
    pub subject: String,
    pub year_title: String,
    pub semester: i32,
    pub arisen_from: &'static str,
    pub arisen_on: String,
    pub deadline: String,
    pub status: DebtStatus,
    pub status_title: &'static str,
    /// Open past its deadline: to be declared н/а.
    pub overdue: bool,
    /// The mark of a passed retake.
    pub result: String,
    pub retakes: Vec<RetakeView>,
    /// What was done about it, in a line (seed 3.3: «принятые меры»).
    pub measures: String,
}

async fn views(app: &App, org: i64, debts: Vec<academic_debt::Model>) -> Result<Vec<DebtView>> {
    let ids: Vec<i64> = debts.iter().map(|d| d.id).collect();
    let students: Vec<i64> = debts.iter().map(|d| d.student_person_id).collect();
    let group_ids: Vec<i64> = debts.iter().map(|d| d.group_id).collect();
    let subject_ids: Vec<i64> = debts.iter().map(|d| d.subject_id).collect();
    let people: HashMap<i64, String> = store::people::by_ids(&app.db, &students)
        .await?
        .iter()
        .map(|p| (p.id, store::people::full_name(p).full()))
        .collect();
    let groups: HashMap<i64, String> = store::groups::by_ids(&app.db, org, &group_ids)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    let subjects: HashMap<i64, String> = store::subjects::by_ids(&app.db, org, &subject_ids)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let mut retakes: HashMap<i64, Vec<RetakeView>> = HashMap::new();
    for r in store::debts::retakes(&app.db, org, &ids).await? {
        retakes.entry(r.debt_id).or_default().push(RetakeView {
            attempt: r.attempt,
            held_on: date_ru(r.held_on),
            commission: r.commission,
            result: AttestationMark::from_code(&r.result)
                .map_or("", |m| m.short())
                .to_string(),
        });
    }
    let today = app.today();
    Ok(debts
        .into_iter()
        .map(|d| {
            let status = DebtStatus::from_code(&d.status).unwrap_or(DebtStatus::Open);
            let list = retakes.remove(&d.id).unwrap_or_default();
            let measures = if list.is_empty() {
                "пересдача не назначена".to_string()
            } else {
                list.iter()
                    .map(|r| {
                        let who = if r.commission.is_empty() {
                            String::new()
                        } else {
                            format!(" (комиссия: {})", r.commission)
                        };
                        let result = if r.result.is_empty() {
                            "назначена".to_string()
                        } else {
                            format!("итог {}", r.result)
                        };
                        format!("{}-я пересдача {}{who}: {result}", r.attempt, r.held_on)
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            DebtView {
                id: d.id,
                student_id: d.student_person_id,
                student: people
                    .get(&d.student_person_id)
                    .cloned()
                    .unwrap_or_default(),
                group_id: d.group_id,
                group: groups.get(&d.group_id).cloned().unwrap_or_default(),
                subject_id: d.subject_id,
                subject: subjects.get(&d.subject_id).cloned().unwrap_or_default(),
                year_title: domain::calendar::year_title(d.school_year),
                semester: d.semester,
                arisen_from: AttestationMark::from_code(&d.arisen_from).map_or("", |m| m.short()),
                arisen_on: date_ru(d.arisen_on),
                deadline: date_ru(d.deadline),
                status,
                status_title: status.title(),
                overdue: status == DebtStatus::Open && d.deadline < today,
                result: AttestationMark::from_code(&d.result)
                    .map_or("", |m| m.short())
                    .to_string(),
                retakes: list,
                measures,
            }
        })
        .collect())
}

/// Whose debts a list shows, checked against the caller's reach.
async fn whose(
    app: &App,
    actor: &Actor,
    group: Option<i64>,
    student: Option<i64>,
) -> Result<Whose> {
    if let Some(s) = student {
        let group_id = store::groups::memberships(&app.db, actor.org_id, &[s])
            .await?
            .first()
            .map(|m| m.group_id);
        require(
            actor,
            Permission::StudentRead {
                person_id: s,
                group_id,
            },
        )?;
        // Checked after the rights: a caller without them learns nothing.
        if group_id.is_none()
            && store::people::get(&app.db, actor.org_id, s)
                .await?
                .is_none()
        {
            return Err(Error::NotFound("обучающийся"));
        }
        return Ok(Whose::Student(s));
    }
    if let Some(g) = group {
        // A group's debts are its students' records: its curator's and the administration's.
        require(
            actor,
            Permission::JournalRead {
                group_id: g,
                teaches: false,
            },
        )?;
        store::groups::get(&app.db, actor.org_id, g)
            .await?
            .ok_or(Error::NotFound("группа"))?;
        return Ok(Whose::Groups(vec![g]));
    }
    if actor.reads_all_journals() {
        return Ok(Whose::College);
    }
    let curated = actor.curated_groups();
    if !curated.is_empty() {
        return Ok(Whose::Groups(curated));
    }
    if actor.has_role(Role::Student) {
        return Ok(Whose::Student(actor.person_id));
    }
    if let Some(child) = actor.reachable_children().next() {
        return Ok(Whose::Student(child));
    }
    Err(Error::Forbidden)
}

/// Debts of the college, a group or a student, open ones first.
pub async fn list(
    app: &App,
    actor: &Actor,
    group: Option<i64>,
    student: Option<i64>,
    only_open: bool,
    req: PageRequest,
) -> Result<Page<DebtView>> {
    let whose = whose(app, actor, group, student).await?;
    let (person, group) = match &whose {
        Whose::Student(s) => (Some(*s), None),
        Whose::Groups(g) if g.len() == 1 => (None, g.first().copied()),
        _ => (None, None),
    };
    if person.is_some() || group.is_some() {
        crate::read_log::record(
            app,
            actor,
            person,
            group,
            domain::read_log::ReadKind::Debts,
            "",
        );
    }
    let Page {
        items,
        page,
        per_page,
        total,
    } = store::debts::page(&app.db, actor.org_id, &whose, only_open, req).await?;
    Ok(Page {
        items: views(app, actor.org_id, items).await?,
        page,
        per_page,
        total,
    })
}

#[derive(Debug, Serialize)]
pub struct DebtCard {
    pub debt: DebtView,
    /// Who may schedule a retake or declare н/а: the deputy, admin, part-time head.
    pub can_manage: bool,
    /// Who may record a retake's result: they, or the subject's teacher.
    pub can_record: bool,
    /// A retake waits for its result.
    pub pending: Option<i32>,
    pub next_attempt: Option<i32>,
    /// The next retake is the second: before a commission.
    pub commission_required: bool,
    /// The marks a retake may end with: (code, short).
    pub scale: Vec<(&'static str, &'static str)>,
}

async fn load(app: &App, actor: &Actor, id: i64) -> Result<(academic_debt::Model, bool)> {
    let d = store::debts::get(&app.db, actor.org_id, id)
        .await?
        .ok_or(Error::NotFound("задолженность"))?;
    let teaches = crate::journal::teaches_by_load(
        app,
        actor,
        d.group_id,
        d.subject_id,
        d.school_year,
        Some(d.semester),
    )
    .await?;
    let reads = actor.can(Permission::StudentRead {
        person_id: d.student_person_id,
        group_id: Some(d.group_id),
    });
    if !(reads || teaches) {
        return Err(Error::Forbidden);
    }
    Ok((d, teaches))
}

/// The control form the debt's mark was put under (its scale).
async fn control_form(app: &App, org: i64, d: &academic_debt::Model) -> Result<ControlForm> {
    Ok(
        store::attestation::marks_of_student(&app.db, org, d.student_person_id, d.school_year)
            .await?
            .into_iter()
            .find(|m| m.subject_id == d.subject_id && m.semester == d.semester)
            .and_then(|m| ControlForm::from_code(&m.control_form))
            .unwrap_or(ControlForm::Exam),
    )
}

fn retake_marks(form: ControlForm) -> Vec<AttestationMark> {
    scale_for(form)
        .iter()
        .copied()
        .filter(|m| {
            !matches!(
                m,
                AttestationMark::Debt | AttestationMark::NotAttested | AttestationMark::ValidReason
            )
        })
        .collect()
}

pub async fn card(app: &App, actor: &Actor, id: i64) -> Result<DebtCard> {
    let (d, teaches) = load(app, actor, id).await?;
    let form = control_form(app, actor.org_id, &d).await?;
    let open = d.status == DebtStatus::Open.code();
    let debt = views(app, actor.org_id, vec![d])
        .await?
        .pop()
        .ok_or(Error::NotFound("задолженность"))?;
    let pending = debt
        .retakes
        .iter()
        .find(|r| r.result.is_empty())
        .map(|r| r.attempt);
    let taken = debt.retakes.len() as i32;
    let can_manage = actor.can(Permission::DebtWrite);
    Ok(DebtCard {
        can_record: open && pending.is_some() && (can_manage || teaches),
        next_attempt: (open && pending.is_none() && taken < MAX_RETAKES).then_some(taken + 1),
        commission_required: taken + 1 == MAX_RETAKES,
        can_manage: open && can_manage,
        pending,
        scale: retake_marks(form)
            .into_iter()
            .map(|m| (m.code(), m.short()))
            .collect(),
        debt,
    })
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct RetakeInput {
    #[serde(default)]
    pub held_on: String,
    /// Required for the second retake (273-ФЗ art. 58 p. 6).
    #[serde(default)]
    pub commission: String,
}

pub async fn schedule_retake(app: &App, actor: &Actor, id: i64, input: RetakeInput) -> Result<i32> {
    require(actor, Permission::DebtWrite)?;
    let (d, _) = load(app, actor, id).await?;
    let mut v = Validation::new();
    let held_on = v.date("held_on", &input.held_on);
    let commission = input.commission.trim().to_string();
    if commission.chars().count() > 300 {
        v.add("commission", "Не длиннее 300 символов.");
    }
    v.finish().map_err(Error::Invalid)?;
    let Some(held_on) = held_on else {
        return Err(Error::field("held_on", "Укажите дату пересдачи."));
    };
    let txn = store::begin_write(&app.db).await?;
    if d.status != DebtStatus::Open.code() {
        return Err(Error::field("form", "Задолженность уже закрыта."));
    }
    let retakes = store::debts::retakes(&txn, actor.org_id, &[d.id]).await?;
    if retakes.iter().any(|r| r.result.is_empty()) {
        return Err(Error::field(
            "form",
            "Предыдущая пересдача ещё без итога: сначала внесите его.",
        ));
    }
    let attempt = retakes.len() as i32 + 1;
    if attempt > MAX_RETAKES {
        return Err(Error::field(
            "form",
            "Пересдать можно не более двух раз (ч. 5 ст. 58 273-ФЗ).",
        ));
    }
    if attempt == MAX_RETAKES && commission.is_empty() {
        return Err(Error::field(
            "commission",
            "Вторая пересдача проходит перед комиссией: укажите её состав.",
        ));
    }
    if held_on < d.arisen_on || held_on > d.deadline {
        return Err(Error::field(
            "held_on",
            format!(
                "Пересдача — между {} и сроком ликвидации {}.",
                date_ru(d.arisen_on),
                date_ru(d.deadline)
            ),
        ));
    }
    store::debts::add_retake(
        &txn,
        actor.org_id,
        d.id,
        attempt,
        held_on,
        &commission,
        store::Stamp {
            by: actor.account_id,
            at: app.now(),
        },
    )
    .await?;
    audit(
        &txn,
        actor,
        "retake",
        "academic_debt",
        d.id,
        serde_json::json!({ "attempt": attempt, "on": held_on, "commission": commission }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(attempt)
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ResultInput {
    #[serde(default)]
    pub result: String,
}

/// Records the pending retake's result: a pass closes the debt and becomes
/// the attestation mark; a fail leaves it open for the next retake.
pub async fn record_result(
    app: &App,
    actor: &Actor,
    id: i64,
    input: ResultInput,
) -> Result<DebtStatus> {
    let (d, teaches) = load(app, actor, id).await?;
    if !(actor.can(Permission::DebtWrite) || teaches) {
        return Err(Error::Forbidden);
    }
    let org = actor.org_id;
    let form = control_form(app, org, &d).await?;
    let allowed = retake_marks(form);
    let Some(mark) = AttestationMark::parse(&input.result).filter(|m| allowed.contains(m)) else {
        return Err(Error::field(
            "result",
            format!(
                "Выберите итог пересдачи: {}.",
                allowed
                    .iter()
                    .map(|m| m.short())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    };
    let txn = store::begin_write(&app.db).await?;
    let retakes = store::debts::retakes(&txn, org, &[d.id]).await?;
    let Some(pending) = retakes.iter().find(|r| r.result.is_empty()) else {
        return Err(Error::field("form", "Нет назначенной пересдачи без итога."));
    };
    if pending.held_on > app.today() {
        return Err(Error::field(
            "form",
            format!(
                "Пересдача назначена на {}: итог вносится в её день или позже.",
                date_ru(pending.held_on)
            ),
        ));
    }
    store::debts::set_retake_result(&txn, pending.id, mark.code()).await?;
    let status = if mark.is_positive() {
        store::debts::settle(
            &txn,
            d.id,
            DebtStatus::Closed.code(),
            mark.code(),
            Some(pending.held_on),
        )
        .await?;
        put_attestation(&txn, actor, &d, form, mark, "retake", app.now()).await?;
        DebtStatus::Closed
    } else {
        DebtStatus::Open
    };
    audit(
        &txn,
        actor,
        "retake_result",
        "academic_debt",
        d.id,
        serde_json::json!({ "attempt": pending.attempt, "result": mark.code() }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(status)
}

async fn put_attestation(
    db: &impl sea_orm::ConnectionTrait,
    actor: &Actor,
    d: &academic_debt::Model,
    form: ControlForm,
    mark: AttestationMark,
    via: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let key = store::attestation::MarkKey {
        school_year: d.school_year,
        semester: d.semester,
        group_id: d.group_id,
        subject_id: d.subject_id,
        student_id: d.student_person_id,
    };
    let (row, old) = store::attestation::put_mark(
        db,
        actor.org_id,
        &key,
        form.code(),
        mark.code(),
        actor.account_id,
        at,
    )
    .await?;
    if old != mark.code() {
        store::attestation::record_change(
            db,
            actor.org_id,
            row.id,
            &old,
            mark.code(),
            via,
            store::Stamp {
                by: actor.account_id,
                at,
            },
        )
        .await?;
    }
    Ok(())
}

/// Declares a debt not cleared in time: н/а (273-ФЗ art. 58 p. 9), once its
/// deadline has passed or both retakes failed.
pub async fn declare_not_attested(app: &App, actor: &Actor, id: i64) -> Result<()> {
    require(actor, Permission::DebtWrite)?;
    let (d, _) = load(app, actor, id).await?;
    let org = actor.org_id;
    let form = control_form(app, org, &d).await?;
    let txn = store::begin_write(&app.db).await?;
    if d.status != DebtStatus::Open.code() {
        return Err(Error::field("form", "Задолженность уже закрыта."));
    }
    let retakes = store::debts::retakes(&txn, org, &[d.id]).await?;
    let exhausted = retakes.len() as i32 >= MAX_RETAKES
        && retakes
            .iter()
            .all(|r| AttestationMark::from_code(&r.result).is_some_and(|m| !m.is_positive()));
    let today: NaiveDate = app.today();
    if !(d.deadline < today || exhausted) {
        return Err(Error::field(
            "form",
            format!(
                "Срок ликвидации — {}, и пересдачи ещё возможны: объявить «н/а» пока нельзя.",
                date_ru(d.deadline)
            ),
        ));
    }
    store::debts::settle(&txn, d.id, DebtStatus::NotAttested.code(), "", Some(today)).await?;
    put_attestation(
        &txn,
        actor,
        &d,
        form,
        AttestationMark::NotAttested,
        "debt_deadline",
        app.now(),
    )
    .await?;
    audit(
        &txn,
        actor,
        "not_attested",
        "academic_debt",
        d.id,
        serde_json::json!({ "deadline": d.deadline }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
