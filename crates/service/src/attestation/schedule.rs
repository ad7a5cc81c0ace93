//! Setting where a subject's attestation period comes from (seed 3.2.1): the
//! calendar's, the end of a work-program module, or one of the college's list.

use chrono::NaiveDate;
use domain::attestation::ScheduleSource;
use domain::calendar::PeriodKind;
use domain::{Actor, Permission, Validation};
use serde::{Deserialize, Serialize};

use super::{items, Item};
use crate::error::{Error, Result};
use crate::journal::date_ru;
use crate::{audit, require, App};

#[derive(Debug, Serialize)]
pub struct ScheduleView {
    pub group_id: i64,
    pub group: String,
    pub year: i32,
    pub year_title: String,
    pub semester: i32,
    pub items: Vec<Item>,
    /// The college's list of attestation periods: (id, name with dates).
    pub periods: Vec<(i64, String)>,
    pub can_edit: bool,
}

pub async fn schedule(
    app: &App,
    actor: &Actor,
    group_id: i64,
    year: i32,
    semester: i32,
) -> Result<ScheduleView> {
    require(actor, Permission::GroupRead { group_id })?;
    let group = store::groups::get(&app.db, actor.org_id, group_id)
        .await?
        .ok_or(Error::NotFound("группа"))?;
    let items = items(&app.db, actor.org_id, group_id, year, semester).await?;
    let periods = crate::timetable::year_periods(&app.db, actor.org_id, year)
        .await?
        .into_iter()
        .filter(|p| p.kind == PeriodKind::Attestation && p.applies_to(group_id))
        .map(|p| {
            (
                p.id,
                format!(
                    "{}: {} — {}",
                    p.name,
                    date_ru(p.starts_on),
                    date_ru(p.ends_on)
                ),
            )
        })
        .collect();
    Ok(ScheduleView {
        group_id,
        group: group.name,
        year,
        year_title: domain::calendar::year_title(year),
        semester,
        items,
        periods,
        can_edit: actor.can(Permission::CurriculumWrite),
    })
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ScheduleInput {
    #[serde(default)]
    pub semester: String,
    #[serde(default)]
    pub subject_id: String,
    /// calendar, module or custom.
    #[serde(default)]
    pub source: String,
    /// custom: a period of the college's list.
    #[serde(default)]
    pub period_id: String,
    /// module: the module's name and its attestation dates.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
}

pub async fn set_schedule(
    app: &App,
    actor: &Actor,
    group_id: i64,
    year: i32,
    input: ScheduleInput,
) -> Result<()> {
    require(actor, Permission::CurriculumWrite)?;
    let mut v = Validation::new();
    let semester = v.number("semester", &input.semester, 1, 2) as i32;
    let subject_id = v.number("subject_id", &input.subject_id, 1, i64::MAX);
    let source = ScheduleSource::from_code(&input.source);
    if source.is_none() {
        v.add("source", "Выберите, откуда берётся период аттестации.");
    }
    v.finish().map_err(Error::Invalid)?;
    let Some(source) = source else {
        return Err(Error::field("source", "Выберите источник."));
    };
    let org = actor.org_id;
    let txn = store::begin_write(&app.db).await?;
    let list = items(&txn, org, group_id, year, semester).await?;
    let Some(item) = list.iter().find(|i| i.subject_id == subject_id) else {
        return Err(Error::field(
            "subject_id",
            "У группы в этом семестре нет такой дисциплины с формой контроля.",
        ));
    };
    let (first, last) = domain::calendar::year_bounds(year);
    let calendar = crate::timetable::year_periods(&txn, org, year).await?;
    let second_starts = calendar
        .iter()
        .filter(|p| p.kind == PeriodKind::Semester && p.semester == 2 && p.applies_to(group_id))
        .map(|p| p.starts_on)
        .min();
    let other_semester = |field: &'static str, name: &str| {
        Error::field(
            field,
            format!(
                "Период «{name}» относится {}, а «{}» аттестуется в {semester}-м.",
                if semester == 1 {
                    "ко 2-му семестру"
                } else {
                    "к 1-му семестру"
                },
                item.subject
            ),
        )
    };
    let chosen: Option<(String, NaiveDate, NaiveDate)> = match source {
        ScheduleSource::Calendar => None,
        ScheduleSource::Custom => {
            let id: i64 = input.period_id.trim().parse().map_err(|_| {
                Error::field("period_id", "Выберите период из справочника колледжа.")
            })?;
            let p = calendar
                .into_iter()
                .find(|p| p.id == id && p.kind == PeriodKind::Attestation && p.applies_to(group_id))
                .ok_or_else(|| {
                    Error::field("period_id", "Такого периода аттестации в справочнике нет.")
                })?;
            if !domain::attestation::period_fits_semester(
                semester,
                p.semester,
                p.starts_on,
                second_starts,
            ) {
                return Err(other_semester("period_id", &p.name));
            }
            Some((p.name, p.starts_on, p.ends_on))
        }
        ScheduleSource::Module => {
            let mut v = Validation::new();
            let name = v.text("name", &input.name, 200);
            let from = v.date("starts_on", &input.starts_on);
            let to = v.date("ends_on", &input.ends_on);
            v.finish().map_err(Error::Invalid)?;
            let (Some(from), Some(to)) = (from, to) else {
                return Err(Error::field("starts_on", "Укажите даты."));
            };
            if to < from || from < first || to > last {
                return Err(Error::field(
                    "ends_on",
                    format!(
                        "Период должен быть внутри {} учебного года ({} — {}) и заканчиваться не раньше начала.",
                        domain::calendar::year_title(year),
                        date_ru(first),
                        date_ru(last)
                    ),
                ));
            }
            if !domain::attestation::period_fits_semester(semester, 0, from, second_starts) {
                return Err(other_semester("starts_on", &name));
            }
            Some((format!("Окончание модуля: {name}"), from, to))
        }
    };
    store::attestation::set_schedule(
        &txn,
        org,
        (group_id, year, semester, subject_id),
        chosen
            .as_ref()
            .map(|(name, from, to)| store::attestation::NewSchedule {
                school_year: year,
                semester,
                group_id,
                subject_id,
                source: source.code(),
                name,
                starts_on: *from,
                ends_on: *to,
                set_by: actor.account_id,
            }),
        app.now(),
    )
    .await?;
    audit(
        &txn,
        actor,
        "set",
        "attestation_schedule",
        group_id,
        serde_json::json!({
            "subject": item.subject, "semester": semester, "source": source.code(),
            "dates": chosen.as_ref().map(|(_, f, t)| format!("{f} — {t}")),
        }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
