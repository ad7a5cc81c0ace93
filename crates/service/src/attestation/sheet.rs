//! The attestation sheet of a group's subject: each student's current marks
//! and weighted average beside the attestation mark the teacher puts (seed
//! 3.2.1); a debt opens with а/з; every change is kept.

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::attestation::{entry_deadline, scale_for, AttestationMark, DebtStatus};
use domain::journal::{weighted_average, MarkValue};
use domain::{Actor, FieldError, Permission, Role};
use sea_orm::ConnectionTrait;
use serde::Serialize;

use super::{items, Item, Period};
use crate::error::{Error, Result};
use crate::journal::date_ru;
use crate::{audit, require, App};

#[derive(Debug, Serialize)]
pub struct SheetRow {
    pub student_id: i64,
    pub name: String,
    /// Current marks of the semester, as in the journal: «5 4 4 3».
    pub current: String,
    pub average: Option<f64>,
    /// The attestation mark's code, if put.
    pub value: Option<String>,
    pub short: String,
    /// The debt's state, if the mark made one.
    pub debt: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct SheetView {
    pub group_id: i64,
    pub group: String,
    pub subject_id: i64,
    pub subject: String,
    pub year: i32,
    pub year_title: String,
    pub semester: i32,
    pub control_form: &'static str,
    pub period: Option<Period>,
    /// Why marks cannot be entered now (the deadline), if so.
    pub locked: Option<String>,
    /// The marks this control form offers: (code, short, title).
    pub scale: Vec<(&'static str, &'static str, &'static str)>,
    pub rows: Vec<SheetRow>,
    pub entered: usize,
    pub can_edit: bool,
}

async fn item_of(
    db: &impl ConnectionTrait,
    org: i64,
    group_id: i64,
    subject_id: i64,
    year: i32,
    semester: i32,
) -> Result<Item> {
    items(db, org, group_id, year, semester)
        .await?
        .into_iter()
        .find(|i| i.subject_id == subject_id)
        .ok_or(Error::NotFound(
            "дисциплина группы с формой контроля в этом семестре",
        ))
}

/// Whether the actor may put marks now: before the deadline after the
/// period, or with an unlock; the deputy and administrator always may.
async fn entry_lock(
    app: &App,
    actor: &Actor,
    group_id: i64,
    subject_id: i64,
    period: Option<&Period>,
    today: NaiveDate,
) -> Result<Option<String>> {
    let closed = match period {
        Some(p) => crate::year_closing::is_closed(&app.db, actor.org_id, p.ends_on).await?,
        None => false,
    };
    if (actor.has_role(Role::Deputy) || actor.has_role(Role::Admin)) && !closed {
        return Ok(None);
    }
    let Some(p) = period else {
        return Ok(Some(
            "Период аттестации по дисциплине не задан: его задаёт заместитель директора.".into(),
        ));
    };
    if today < p.starts_on {
        return Ok(Some(format!(
            "Период аттестации начинается {}: отметки за аттестацию ставятся с этого дня.",
            date_ru(p.starts_on)
        )));
    }
    let days = store::orgs::settings(&app.db, actor.org_id)
        .await?
        .map(|s| s.attestation_edit_days)
        .unwrap_or(1);
    let deadline = entry_deadline(p.ends_on, days);
    if today <= deadline && !closed {
        return Ok(None);
    }
    let unlocked = store::journal::unlocks_covering(
        &app.db,
        actor.org_id,
        actor.person_id,
        group_id,
        subject_id,
    )
    .await?
    .iter()
    .any(|u| u.date_from <= p.ends_on && p.ends_on <= u.date_to);
    if unlocked {
        return Ok(None);
    }
    if closed {
        return Ok(Some(
            "Учебный год закрыт: отметки за аттестацию изменяются только по разблокировке.".into(),
        ));
    }
    Ok(Some(format!(
        "Срок выставления отметок за аттестацию истёк {} (период закончился {}). \
         Разблокировать ввод может заместитель директора или администратор электронного журнала.",
        date_ru(deadline),
        date_ru(p.ends_on)
    )))
}

pub async fn sheet(
    app: &App,
    actor: &Actor,
    group_id: i64,
    subject_id: i64,
    year: i32,
    semester: i32,
) -> Result<SheetView> {
    crate::journal::require_read(app, actor, group_id, subject_id, year).await?;
    let org = actor.org_id;
    let group = store::groups::get(&app.db, org, group_id)
        .await?
        .ok_or(Error::NotFound("группа"))?;
    let item = item_of(&app.db, org, group_id, subject_id, year, semester).await?;
    crate::read_log::record(
        app,
        actor,
        None,
        Some(group_id),
        domain::read_log::ReadKind::AttestationSheet,
        &format!("{} · {}, {semester}-й семестр", group.name, item.subject),
    );
    let students = store::groups::students(&app.db, org, group_id).await?;

    // The semester's current marks from the journal.
    let calendar = crate::timetable::year_periods(&app.db, org, year).await?;
    let (first, last) = calendar
        .iter()
        .filter(|p| {
            p.kind == domain::calendar::PeriodKind::Semester
                && p.semester == semester
                && p.applies_to(group_id)
        })
        .map(|p| (p.starts_on, p.ends_on))
        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
        .unwrap_or_else(|| domain::calendar::year_bounds(year));
    let lessons =
        store::lessons::of_group_subject(&app.db, org, group_id, subject_id, first, last).await?;
    let lesson_ids: Vec<i64> = lessons.iter().map(|l| l.id).collect();
    let marks = store::journal::marks_of_lessons(&app.db, org, &lesson_ids).await?;
    let weights: HashMap<i64, i32> = store::subjects::work_kinds(&app.db, org)
        .await?
        .into_iter()
        .map(|k| (k.id, k.weight))
        .collect();
    let mut current: HashMap<i64, Vec<(MarkValue, i32)>> = HashMap::new();
    for m in &marks {
        if let Some(v) = MarkValue::from_code(&m.value) {
            current
                .entry(m.student_person_id)
                .or_default()
                .push((v, weights.get(&m.work_kind_id).copied().unwrap_or(1)));
        }
    }
    let put = sheet_marks(&app.db, org, group_id, subject_id, year, semester).await?;
    let debts: HashMap<i64, &'static str> =
        store::debts::of_group_subject(&app.db, org, group_id, subject_id, year, semester)
            .await?
            .into_iter()
            .filter_map(|d| {
                Some((
                    d.student_person_id,
                    DebtStatus::from_code(&d.status)?.title(),
                ))
            })
            .collect();
    let rows: Vec<SheetRow> = students
        .iter()
        .map(|(p, _)| {
            let list = current.get(&p.id).cloned().unwrap_or_default();
            let value = put.get(&p.id).cloned();
            SheetRow {
                student_id: p.id,
                name: store::people::full_name(p).full(),
                current: list
                    .iter()
                    .map(|(v, _)| v.short())
                    .collect::<Vec<_>>()
                    .join(" "),
                average: weighted_average(list),
                short: value
                    .as_deref()
                    .and_then(AttestationMark::from_code)
                    .map_or("", |m| m.short())
                    .to_string(),
                value,
                debt: debts.get(&p.id).copied(),
            }
        })
        .collect();
    let teaches =
        crate::journal::teaches_by_load(app, actor, group_id, subject_id, year, Some(semester))
            .await?;
    let locked = entry_lock(
        app,
        actor,
        group_id,
        subject_id,
        item.period.as_ref(),
        app.today(),
    )
    .await?;
    Ok(SheetView {
        group_id,
        group: group.name,
        subject_id,
        subject: item.subject.clone(),
        year,
        year_title: domain::calendar::year_title(year),
        semester,
        control_form: item.control_form_title,
        scale: scale_for(item.control_form)
            .iter()
            .map(|m| (m.code(), m.short(), m.title()))
            .collect(),
        entered: rows.iter().filter(|r| r.value.is_some()).count(),
        rows,
        can_edit: actor.can(Permission::AttestationWrite { teaches }) && locked.is_none(),
        locked,
        period: item.period,
    })
}

/// Marks a teacher puts on the sheet: (student, what was typed); empty
/// leaves a student's mark as it is.
#[derive(Debug, Clone, Default)]
pub struct MarksInput {
    pub marks: Vec<(i64, String)>,
    /// "page" or "api", kept in the history.
    pub via: &'static str,
}

/// The attestation marks of one sheet, by student: their codes.
async fn sheet_marks(
    db: &impl ConnectionTrait,
    org: i64,
    group_id: i64,
    subject_id: i64,
    year: i32,
    semester: i32,
) -> Result<HashMap<i64, String>> {
    Ok(
        store::attestation::marks_of_groups(db, org, &[group_id], year, Some(semester))
            .await?
            .into_iter()
            .filter(|m| m.subject_id == subject_id)
            .map(|m| (m.student_person_id, m.value))
            .collect(),
    )
}

/// Puts the sheet's marks in one transaction: every bad entry is named and
/// nothing is written; а/з (and 2 or «не зачтено» where the college says so)
/// opens an academic debt.
pub async fn put_marks(
    app: &App,
    actor: &Actor,
    group_id: i64,
    subject_id: i64,
    year: i32,
    semester: i32,
    input: MarksInput,
) -> Result<usize> {
    let org = actor.org_id;
    let teaches =
        crate::journal::teaches_by_load(app, actor, group_id, subject_id, year, Some(semester))
            .await?;
    require(actor, Permission::AttestationWrite { teaches })?;
    let item = item_of(&app.db, org, group_id, subject_id, year, semester).await?;
    let today = app.today();
    if let Some(why) = entry_lock(
        app,
        actor,
        group_id,
        subject_id,
        item.period.as_ref(),
        today,
    )
    .await?
    {
        return Err(Error::Locked(why));
    }
    let scale = scale_for(item.control_form);
    let students: HashMap<i64, String> = store::groups::students(&app.db, org, group_id)
        .await?
        .into_iter()
        .map(|(p, _)| (p.id, store::people::full_name(&p).short()))
        .collect();
    // What the sheet holds now: an «н/а» already there (put by the debt's
    // card) may stay as it is.
    let current = sheet_marks(&app.db, org, group_id, subject_id, year, semester).await?;
    let mut errors = Vec::new();
    let mut chosen = Vec::new();
    for (student, text) in &input.marks {
        if text.trim().is_empty() {
            continue;
        }
        let Some(name) = students.get(student) else {
            errors.push(FieldError {
                field: "form",
                message: "В ведомости обучающийся не из этой группы.".into(),
            });
            continue;
        };
        match AttestationMark::parse(text).filter(|m| scale.contains(m)) {
            // 273-ФЗ art. 58 p. 9: «н/а» follows a debt not cleared by its
            // deadline, so it is declared on the debt, which checks that.
            Some(AttestationMark::NotAttested)
                if current.get(student).map(String::as_str)
                    != Some(AttestationMark::NotAttested.code()) =>
            {
                errors.push(FieldError {
                    field: "form",
                    message: format!(
                        "{name}: «н/а» ставится только при академической задолженности, не ликвидированной в срок (273-ФЗ, ст. 58, ч. 9). Если у обучающегося нет задолженности, поставьте отметку; если срок её ликвидации истёк, объявите «н/а» на странице задолженности."
                    ),
                });
            }
            Some(m) => chosen.push((*student, m)),
            None => errors.push(FieldError {
                field: "form",
                message: format!(
                    "{name}: «{}» — такой отметки нет для формы «{}». Можно: {}.",
                    text.trim(),
                    item.control_form_title,
                    scale
                        .iter()
                        .map(|m| m.short())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let two_is_debt = store::orgs::settings(&app.db, org)
        .await?
        .is_none_or(|s| s.two_is_debt);
    let txn = store::begin_write(&app.db).await?;
    let mut changed = 0;
    for (student, mark) in chosen {
        let key = store::attestation::MarkKey {
            school_year: year,
            semester,
            group_id,
            subject_id,
            student_id: student,
        };
        let (row, old) = store::attestation::put_mark(
            &txn,
            org,
            &key,
            item.control_form.code(),
            mark.code(),
            actor.account_id,
            app.now(),
        )
        .await?;
        if old == mark.code() {
            continue;
        }
        changed += 1;
        store::attestation::record_change(
            &txn,
            org,
            row.id,
            &old,
            mark.code(),
            input.via,
            store::Stamp {
                by: actor.account_id,
                at: app.now(),
            },
        )
        .await?;
        if mark.creates_debt(two_is_debt) {
            let (debt, new) = store::debts::open(
                &txn,
                org,
                store::debts::NewDebt {
                    school_year: year,
                    semester,
                    group_id,
                    subject_id,
                    student_id: student,
                    arisen_from: mark.code().to_string(),
                    arisen_on: today,
                    deadline: domain::attestation::debt_deadline(today),
                },
            )
            .await?;
            if new {
                notify_debt(&txn, org, student, &item.subject, &debt, app.now()).await?;
            }
        }
    }
    audit(
        &txn,
        actor,
        "attestation",
        "subject",
        subject_id,
        serde_json::json!({ "group": group_id, "semester": semester, "changed": changed }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(changed)
}

/// The student and their parents learn of a new academic debt and its deadline.
async fn notify_debt(
    db: &impl ConnectionTrait,
    org: i64,
    student: i64,
    subject: &str,
    debt: &store::entity::academic_debt::Model,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let title = format!("Академическая задолженность: «{subject}»");
    let body = format!(
        "По итогам промежуточной аттестации — «{}». Ликвидировать до {}; даты пересдач назначит учебная часть.",
        AttestationMark::from_code(&debt.arisen_from).map_or("", |m| m.short()),
        date_ru(debt.deadline)
    );
    let link = format!("/debts/{}", debt.id);
    let parents = store::parents::of_children(db, org, &[student]).await?;
    let mut people = vec![student];
    for p in parents {
        if !people.contains(&p.parent_person_id) {
            people.push(p.parent_person_id);
        }
    }
    for person_id in people {
        store::notifications::insert(
            db,
            org,
            store::notifications::NewNotification {
                person_id,
                kind: "debt",
                title: &title,
                body: &body,
                link: &link,
            },
            at,
        )
        .await?;
    }
    Ok(())
}
