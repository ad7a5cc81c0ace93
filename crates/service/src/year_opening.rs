//! Opening the school year (seed 3.2): before 1 September the reference data
//! is checked for completeness — buildings and rooms, subjects per curricula,
//! staff, the contingent and groups, the calendar, bell schedules, control
//! forms, attestation periods, mark-entry settings (and, as a warning, the
//! teaching load). The year opens only when nothing required is missing.

use domain::calendar::year_title;
use domain::curriculum::ItemKind;
use domain::names::FullName;
use domain::{Actor, FieldError, Permission};
use serde::Serialize;
use store::school_years::{Facts, Row};

use crate::error::{Error, Result};
use crate::{audit, require, App};

/// The most findings listed under one item; the rest are counted.
pub const SHOWN: usize = 30;

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub href: &'static str,
    pub title: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckItem {
    pub key: &'static str,
    pub title: &'static str,
    /// Required for opening the year; otherwise a warning.
    pub required: bool,
    pub ok: bool,
    /// «готово» or «не хватает: …».
    pub status: String,
    /// What is missing, precisely (the first `SHOWN`).
    pub problems: Vec<String>,
    /// How many more findings are not listed.
    pub more: usize,
    /// Where to fix it.
    pub links: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Opened {
    /// «28.11.2026 17:54»
    pub at: String,
    pub by: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Opening {
    pub year: i32,
    /// «2026/2027»
    pub year_title: String,
    pub items: Vec<CheckItem>,
    /// Nothing required is missing.
    pub ready: bool,
    pub opened: Option<Opened>,
    pub can_open: bool,
}

fn person(r: &Row) -> String {
    FullName {
        surname: r.x.clone(),
        name: r.y.clone().unwrap_or_default(),
        patronymic: r.z.clone().filter(|p| !p.is_empty()),
    }
    .short()
}

/// «дисциплины «ОП.01 Химия»», the item in the genitive, for «Для …».
fn item_of(r: &Row) -> String {
    let kind = match r.w.as_deref().and_then(ItemKind::from_code) {
        Some(ItemKind::Discipline) | None => "дисциплины",
        Some(ItemKind::Mdk) => "МДК",
        Some(ItemKind::Module) => "профессионального модуля",
        Some(ItemKind::Practice) => "практики",
    };
    let code = r.y.as_deref().unwrap_or_default();
    let name = r.z.as_deref().unwrap_or_default();
    if code.is_empty() {
        format!("{kind} «{name}»")
    } else {
        format!("{kind} «{code} {name}»")
    }
}

fn item(
    key: &'static str,
    title: &'static str,
    required: bool,
    problems: Vec<String>,
    links: &[(&'static str, &'static str)],
) -> CheckItem {
    let total = problems.len();
    let status = match total {
        0 => "готово".to_string(),
        n if required => format!("не хватает: {n}"),
        n => format!("предупреждение: {n}"),
    };
    CheckItem {
        key,
        title,
        required,
        ok: total == 0,
        status,
        more: total.saturating_sub(SHOWN),
        problems: problems.into_iter().take(SHOWN).collect(),
        links: links
            .iter()
            .map(|&(href, title)| Link { href, title })
            .collect(),
    }
}

/// The checklist from the facts, in the order of seed 3.2.
pub fn checklist(year: i32, f: &Facts) -> Vec<CheckItem> {
    let yt = year_title(year);
    let mut rooms = Vec::new();
    if f.buildings == 0 {
        rooms.push("Нет ни одного здания.".to_string());
    }
    rooms.extend(
        f.buildings_without_rooms
            .iter()
            .map(|b| format!("Нет кабинетов в здании «{}».", b.x)),
    );

    let mut subjects: Vec<String> = f
        .groups_without_curriculum
        .iter()
        .map(|g| {
            format!(
                "У группы {} нет учебного плана (по её специальности, форме обучения и году набора).",
                g.x
            )
        })
        .collect();
    subjects.extend(f.items_without_subject.iter().map(|i| {
        format!(
            "Для {} учебного плана «{}» не указан предмет журнала.",
            item_of(i),
            i.x
        )
    }));

    let mut staff = Vec::new();
    if f.teachers == 0 {
        staff.push("Нет ни одного преподавателя с действующей учётной записью.".to_string());
    }
    staff.extend(f.load_teachers_not_staff.iter().map(|p| {
        format!(
            "{} есть в нагрузке на {yt}, но не числится действующим преподавателем колледжа.",
            person(p)
        )
    }));

    let mut contingent = Vec::new();
    if f.groups == 0 {
        contingent.push("Нет ни одной учебной группы.".to_string());
    }
    contingent.extend(
        f.groups_without_students
            .iter()
            .map(|g| format!("В группе {} нет обучающихся.", g.x)),
    );
    contingent.extend(
        f.students_without_group
            .iter()
            .map(|p| format!("Обучающийся {} не состоит ни в одной группе.", person(p))),
    );

    let calendar = if f.semesters == 0 {
        vec![format!(
            "Нет семестров в календарном учебном графике на {yt}."
        )]
    } else {
        f.groups_without_semester
            .iter()
            .map(|g| format!("Для группы {} не задан ни один семестр {yt}.", g.x))
            .collect()
    };

    let bells = f
        .groups_without_bells
        .iter()
        .map(|g| format!("У группы {} не назначено расписание звонков на {yt}.", g.x))
        .collect();

    let control = f
        .items_without_control_form
        .iter()
        .map(|i| {
            format!(
                "Для {} учебного плана «{}» не задана форма контроля.",
                item_of(i),
                i.x
            )
        })
        .collect();

    let attestation = if f.attestation_periods == 0 {
        vec![format!("Нет периода промежуточной аттестации в {yt}.")]
    } else {
        Vec::new()
    };

    let settings = if f.has_settings {
        Vec::new()
    } else {
        vec![
            "Не заданы сроки ввода текущих отметок и отметок за промежуточную аттестацию."
                .to_string(),
        ]
    };

    vec![
        item(
            "rooms",
            "Здания и кабинеты",
            true,
            rooms,
            &[("/buildings", "Здания и кабинеты")],
        ),
        item(
            "subjects",
            "Дисциплины и МДК по учебным планам",
            true,
            subjects,
            &[("/curricula", "Учебные планы")],
        ),
        item(
            "staff",
            "Кадровый состав",
            true,
            staff,
            &[("/staff", "Сотрудники")],
        ),
        item(
            "contingent",
            "Контингент и учебные группы",
            true,
            contingent,
            &[("/groups", "Группы"), ("/students", "Обучающиеся")],
        ),
        item(
            "calendar",
            "Календарный учебный график",
            true,
            calendar,
            &[("/calendar", "Календарный график")],
        ),
        item(
            "bells",
            "Режимы пребывания (расписание звонков)",
            true,
            bells,
            &[("/bells", "Расписание звонков")],
        ),
        item(
            "control_forms",
            "Формы контроля",
            true,
            control,
            &[("/curricula", "Учебные планы")],
        ),
        item(
            "attestation",
            "Периоды промежуточной аттестации",
            true,
            attestation,
            &[("/calendar", "Календарный график")],
        ),
        item(
            "settings",
            "Параметры фиксации отметок",
            true,
            settings,
            &[("/settings", "Настройки")],
        ),
        item(
            "load",
            "Педагогическая нагрузка",
            false,
            load_problems(&f.items_without_load),
            &[("/load", "Нагрузка")],
        ),
    ]
}

/// One line per group: the items of its curriculum with no teacher assigned.
fn load_problems(rows: &[Row]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let group = &rows[i].x;
        let items: Vec<String> = rows[i..]
            .iter()
            .take_while(|r| &r.x == group)
            .map(|r| {
                format!(
                    "{} {}",
                    r.y.as_deref().unwrap_or_default(),
                    r.z.as_deref().unwrap_or_default()
                )
                .trim()
                .to_string()
            })
            .collect();
        i += items.len();
        const LISTED: usize = 5;
        let mut text = items
            .iter()
            .take(LISTED)
            .map(|s| format!("«{s}»"))
            .collect::<Vec<_>>()
            .join(", ");
        if items.len() > LISTED {
            text.push_str(&format!(" и ещё {}", items.len() - LISTED));
        }
        out.push(format!(
            "У группы {group} не распределена нагрузка ({}): {text}.",
            items.len()
        ));
    }
    out
}

async fn opening_of(
    db: &impl sea_orm::ConnectionTrait,
    actor: &Actor,
    year: i32,
) -> Result<Opening> {
    let facts = store::school_years::facts(db, actor.org_id, year).await?;
    let items = checklist(year, &facts);
    let ready = items.iter().all(|i| i.ok || !i.required);
    let row = store::school_years::get(db, actor.org_id, year).await?;
    let opened = match row.and_then(|r| r.opened_at.map(|at| (at, r.opened_by))) {
        Some((at, by)) => {
            let by = match by {
                Some(account_id) => match store::accounts::by_id(db, account_id).await? {
                    Some(a) => store::people::get_any(db, a.person_id)
                        .await?
                        .map(|p| store::people::full_name(&p).short())
                        .unwrap_or(a.login),
                    None => String::new(),
                },
                None => String::new(),
            };
            Some(Opened {
                at: at
                    .with_timezone(&chrono::Local)
                    .format("%d.%m.%Y %H:%M")
                    .to_string(),
                by,
            })
        }
        None => None,
    };
    Ok(Opening {
        year,
        year_title: year_title(year),
        items,
        ready,
        can_open: actor.can(Permission::OpenYear) && opened.is_none(),
        opened,
    })
}

/// The checklist for the current school year.
pub async fn check(app: &App, actor: &Actor) -> Result<Opening> {
    require(actor, Permission::ReferenceRead)?;
    let year = domain::reference::school_year(app.today());
    opening_of(&app.db, actor, year).await
}

/// Opens the current school year when nothing required is missing; else
/// `Invalid` with one message per missing thing.
pub async fn open(app: &App, actor: &Actor) -> Result<Opening> {
    require(actor, Permission::OpenYear)?;
    let year = domain::reference::school_year(app.today());
    let txn = store::begin_write(&app.db).await?;
    let before = opening_of(&txn, actor, year).await?;
    if let Some(o) = &before.opened {
        return Err(Error::field(
            "form",
            format!(
                "Учебный год {} уже открыт {}{}.",
                before.year_title,
                o.at,
                if o.by.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", o.by)
                }
            ),
        ));
    }
    if !before.ready {
        let mut reasons = vec![FieldError {
            field: "form",
            message: format!(
                "Учебный год {} нельзя открыть: в справочниках не хватает обязательных данных.",
                before.year_title
            ),
        }];
        for i in before.items.iter().filter(|i| i.required && !i.ok) {
            for p in &i.problems {
                reasons.push(FieldError {
                    field: "form",
                    message: format!("{}: {p}", i.title),
                });
            }
            if i.more > 0 {
                reasons.push(FieldError {
                    field: "form",
                    message: format!("{}: и ещё {}.", i.title, i.more),
                });
            }
        }
        return Err(Error::Invalid(reasons));
    }
    let row =
        store::school_years::open(&txn, actor.org_id, year, actor.account_id, app.now()).await?;
    audit(
        &txn,
        actor,
        "open",
        "school_year",
        row.id,
        serde_json::json!({
            "year": year,
            "warnings": before.items.iter().filter(|i| !i.ok).map(|i| i.key).collect::<Vec<_>>(),
        }),
        app.now(),
    )
    .await?;
    let after = opening_of(&txn, actor, year).await?;
    txn.commit().await?;
    Ok(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(x: &str) -> Row {
        Row {
            x: x.into(),
            ..Row::default()
        }
    }

    #[test]
    fn a_complete_college_is_ready_and_each_gap_is_named() {
        let complete = Facts {
            buildings: 1,
            teachers: 3,
            groups: 2,
            semesters: 2,
            attestation_periods: 1,
            has_settings: true,
            ..Facts::default()
        };
        let items = checklist(2026, &complete);
        assert_eq!(items.len(), 10);
        assert!(items.iter().all(|i| i.ok && i.status == "готово"));

        let gaps = Facts {
            buildings_without_rooms: vec![row("Корпус 2")],
            groups_without_bells: vec![row("ПР-26")],
            attestation_periods: 0,
            items_without_control_form: vec![Row {
                x: "План ПР 2026".into(),
                y: Some("ОП.01".into()),
                z: Some("Химия".into()),
                w: Some("discipline".into()),
            }],
            items_without_load: vec![
                Row {
                    x: "ПР-26".into(),
                    y: Some("ОП.01".into()),
                    z: Some("Химия".into()),
                    w: None,
                },
                Row {
                    x: "ПР-26".into(),
                    y: Some("ОП.02".into()),
                    z: Some("Физика".into()),
                    w: None,
                },
            ],
            ..complete
        };
        let items = checklist(2026, &gaps);
        let find = |key: &str| items.iter().find(|i| i.key == key).unwrap();
        assert_eq!(
            find("rooms").problems,
            ["Нет кабинетов в здании «Корпус 2»."]
        );
        assert_eq!(
            find("bells").problems,
            ["У группы ПР-26 не назначено расписание звонков на 2026/2027."]
        );
        assert_eq!(
            find("control_forms").problems,
            ["Для дисциплины «ОП.01 Химия» учебного плана «План ПР 2026» не задана форма контроля."]
        );
        assert_eq!(
            find("attestation").problems,
            ["Нет периода промежуточной аттестации в 2026/2027."]
        );
        assert_eq!(find("attestation").status, "не хватает: 1");
        let load = find("load");
        assert!(!load.required);
        assert_eq!(
            load.problems,
            ["У группы ПР-26 не распределена нагрузка (2): «ОП.01 Химия», «ОП.02 Физика»."]
        );
        assert!(find("staff").ok);
    }

    #[test]
    fn long_lists_are_cut() {
        let f = Facts {
            groups_without_bells: (0..40).map(|i| row(&format!("Г-{i}"))).collect(),
            ..Facts::default()
        };
        let bells = checklist(2026, &f)
            .into_iter()
            .find(|i| i.key == "bells")
            .unwrap();
        assert_eq!(bells.problems.len(), SHOWN);
        assert_eq!(bells.more, 10);
        assert_eq!(bells.status, "не хватает: 40");
    }
}
