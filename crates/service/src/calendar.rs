//! The academic calendar of a school year (календарный учебный график, seed 3.2).

use domain::calendar::{check_period, year_title, Period, PeriodKind};
use domain::{Actor, Permission, Validation};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::journal::date_ru;
use crate::{audit, require, App};

#[derive(Debug, Serialize)]
pub struct CalendarView {
    pub year: i32,
    pub title: String,
    pub periods: Vec<PeriodView>,
    pub groups: Vec<(i64, String)>,
    pub can_edit: bool,
}

#[derive(Debug, Serialize)]
pub struct PeriodView {
    pub id: i64,
    pub kind: PeriodKind,
    pub kind_title: &'static str,
    pub semester: i32,
    pub group: Option<String>,
    pub name: String,
    pub starts_on: chrono::NaiveDate,
    pub ends_on: chrono::NaiveDate,
    pub dates: String,
    pub days: i64,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct PeriodInput {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub semester: String,
    /// Empty: the whole college.
    #[serde(default)]
    pub group_id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
}

/// The year's calendar; everyone in the college's administration reads it.
pub async fn year(app: &App, actor: &Actor, year: i32) -> Result<CalendarView> {
    require(actor, Permission::ReferenceRead)?;
    let groups = store::groups::all(&app.db, actor.org_id).await?;
    let group_name = |id: i64| groups.iter().find(|g| g.id == id).map(|g| g.name.clone());
    let periods = store::calendar::of_year(&app.db, actor.org_id, year)
        .await?
        .into_iter()
        .filter_map(|p| {
            let kind = PeriodKind::from_code(&p.kind)?;
            Some(PeriodView {
                id: p.id,
                kind,
                kind_title: kind.title(),
                semester: p.semester,
                group: p.group_id.and_then(group_name),
                dates: if p.starts_on == p.ends_on {
                    date_ru(p.starts_on)
                } else {
                    format!("{} — {}", date_ru(p.starts_on), date_ru(p.ends_on))
                },
                days: (p.ends_on - p.starts_on).num_days() + 1,
                name: p.name,
                starts_on: p.starts_on,
                ends_on: p.ends_on,
            })
        })
        .collect();
    Ok(CalendarView {
        year,
        title: year_title(year),
        periods,
        groups: groups.iter().map(|g| (g.id, g.name.clone())).collect(),
        can_edit: actor.can(Permission::ScheduleWrite),
    })
}

pub async fn add(app: &App, actor: &Actor, year: i32, input: PeriodInput) -> Result<i64> {
    require(actor, Permission::ScheduleWrite)?;
    let mut v = Validation::new();
    let kind = PeriodKind::from_code(&input.kind);
    if kind.is_none() {
        v.add("kind", "Выберите вид периода.");
    }
    let semester = if kind == Some(PeriodKind::Semester) {
        v.number("semester", &input.semester, 1, 12) as i32
    } else if input.semester.trim().is_empty() {
        0
    } else {
        v.number("semester", &input.semester, 0, 12) as i32
    };
    let group_id = match input.group_id.trim() {
        "" => None,
        raw => match raw.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                v.add("group_id", "Выберите группу из списка.");
                None
            }
        },
    };
    let name = v.text("name", &input.name, 200);
    let starts_on = v.date("starts_on", &input.starts_on);
    let ends_on = v.date("ends_on", &input.ends_on);
    v.finish().map_err(Error::Invalid)?;
    let (Some(kind), Some(starts_on), Some(ends_on)) = (kind, starts_on, ends_on) else {
        return Err(Error::field("kind", "Заполните форму."));
    };
    let txn = store::begin_write(&app.db).await?;
    if let Some(g) = group_id {
        store::groups::get(&txn, actor.org_id, g)
            .await?
            .ok_or_else(|| Error::field("group_id", "Такой группы нет."))?;
    }
    let existing: Vec<Period> = crate::timetable::year_periods(&txn, actor.org_id, year).await?;
    let new = Period {
        id: 0,
        kind,
        semester,
        group_id,
        name: name.clone(),
        starts_on,
        ends_on,
    };
    if let Some(why) = check_period(year, &new, &existing) {
        return Err(Error::field("starts_on", why));
    }
    let p = store::calendar::insert(
        &txn,
        actor.org_id,
        store::calendar::NewPeriod {
            school_year: year,
            kind: kind.code(),
            semester,
            group_id,
            name: &name,
            starts_on,
            ends_on,
        },
    )
    .await?;
    audit(
        &txn,
        actor,
        "create",
        "calendar_period",
        p.id,
        serde_json::json!({ "kind": kind.code(), "from": starts_on, "to": ends_on }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(p.id)
}

pub async fn remove(app: &App, actor: &Actor, id: i64) -> Result<()> {
    require(actor, Permission::ScheduleWrite)?;
    let txn = store::begin_write(&app.db).await?;
    if store::calendar::delete(&txn, actor.org_id, id).await? == 0 {
        return Err(Error::NotFound("период"));
    }
    audit(
        &txn,
        actor,
        "delete",
        "calendar_period",
        id,
        serde_json::json!({}),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
