//! The checks before a lesson is put in a pair: the calendar, the bells,
//! what already occupies the pair, the room, the teacher's hours and the load.

use chrono::{Datelike, NaiveDate};
use domain::calendar::{self, PeriodKind};
use domain::timetable::{conflicts, Conflict, Facts, Placement};
use sea_orm::ConnectionTrait;

use super::Names;
use crate::error::{Error, Result};
use crate::journal::date_ru;

/// A lesson as it would be after the action.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub lesson_id: Option<i64>,
    pub group_id: i64,
    pub subgroup_id: Option<i64>,
    pub subject_id: i64,
    pub teacher_id: i64,
    pub room_id: Option<i64>,
    pub date: NaiveDate,
    pub pair_no: i32,
}

pub(crate) struct Checked {
    pub conflicts: Vec<Conflict>,
    pub starts_at: String,
    pub ends_at: String,
}

/// The periods of the year the date falls in, as the domain sees them.
pub(crate) async fn periods(
    db: &impl ConnectionTrait,
    org_id: i64,
    year: i32,
) -> Result<Vec<calendar::Period>> {
    Ok(store::calendar::of_year(db, org_id, year)
        .await?
        .into_iter()
        .filter_map(|p| {
            Some(calendar::Period {
                id: p.id,
                kind: PeriodKind::from_code(&p.kind)?,
                semester: p.semester,
                group_id: p.group_id,
                name: p.name,
                starts_on: p.starts_on,
                ends_on: p.ends_on,
            })
        })
        .collect())
}

/// Why no lessons of the group are held on the date, or None when they are.
pub(crate) fn closed_reason(
    periods: &[calendar::Period],
    group_id: Option<i64>,
    d: NaiveDate,
) -> Option<String> {
    if d.weekday().num_days_from_monday() == 6 {
        return Some("воскресенье".into());
    }
    let applies = |p: &&calendar::Period| {
        p.contains(d) && group_id.map_or(p.group_id.is_none(), |g| p.applies_to(g))
    };
    if let Some(p) = periods
        .iter()
        .filter(applies)
        .find(|p| p.kind.blocks_lessons())
    {
        return Some(format!("{}: {}", p.kind.title(), p.name));
    }
    let in_semester = periods
        .iter()
        .filter(applies)
        .any(|p| p.kind == PeriodKind::Semester);
    (group_id.is_some() && !in_semester).then(|| "вне семестров учебного года".into())
}

pub(crate) async fn check(
    db: &impl ConnectionTrait,
    org_id: i64,
    c: &Candidate,
    with_load: bool,
) -> Result<Checked> {
    let group = store::groups::get(db, org_id, c.group_id)
        .await?
        .ok_or(Error::NotFound("группа"))?;
    let subgroups = store::groups::subgroups(db, org_id, c.group_id).await?;
    if let Some(s) = c.subgroup_id {
        if !subgroups.iter().any(|x| x.id == s) {
            return Err(Error::field("subgroup_id", "Такой подгруппы в группе нет."));
        }
    }
    let subject = store::subjects::get(db, org_id, c.subject_id)
        .await?
        .ok_or_else(|| Error::field("subject_id", "Выберите дисциплину."))?;
    if store::staff::get(db, org_id, c.teacher_id).await?.is_none() {
        return Err(Error::field(
            "teacher_id",
            "Выберите преподавателя из сотрудников колледжа.",
        ));
    }
    let room = match c.room_id {
        Some(r) => Some(
            store::buildings::rooms_by_ids(db, org_id, &[r])
                .await?
                .pop()
                .ok_or_else(|| Error::field("room_id", "Такого кабинета нет."))?,
        ),
        None => None,
    };

    let year = domain::reference::school_year(c.date);
    let periods = periods(db, org_id, year).await?;
    if !periods.iter().any(|p| p.kind == PeriodKind::Semester) {
        return Err(Error::field(
            "date",
            format!(
                "На {} учебный год нет календарного графика: сначала задайте семестры.",
                calendar::year_title(year)
            ),
        ));
    }
    if let Some(why) = closed_reason(&periods, Some(c.group_id), c.date) {
        return Err(Error::field(
            "date",
            format!(
                "{} занятий у группы {} нет: {why}.",
                date_ru(c.date),
                group.name
            ),
        ));
    }
    let pairs = store::bells::pairs_of_group(db, org_id, year, c.group_id).await?;
    if pairs.is_empty() {
        return Err(Error::field(
            "pair_no",
            format!(
                "Группе {} не назначено расписание звонков на {} год.",
                group.name,
                calendar::year_title(year)
            ),
        ));
    }
    let Some(pair) = pairs.iter().find(|p| p.pair_no == c.pair_no) else {
        return Err(Error::field(
            "pair_no",
            format!("В расписании звонков группы нет {}-й пары.", c.pair_no),
        ));
    };

    let occupying = store::timetable::occupants(db, org_id, c.date, c.pair_no).await?;
    let mut names = Names::load(db, org_id, &occupying, &[c.teacher_id]).await?;
    names.groups.insert(group.id, group.name.clone());
    for s in &subgroups {
        names.subgroups.insert(s.id, (s.name.clone(), s.group_id));
    }
    if let Some(r) = &room {
        names.rooms.insert(r.id, (r.number.clone(), r.capacity));
    }
    let occupants: Vec<Placement> = occupying.iter().map(|l| names.placement(l)).collect();
    let new = Placement {
        id: c.lesson_id,
        group_id: c.group_id,
        group: group.name.clone(),
        subgroup_id: c.subgroup_id,
        subgroup: names.subgroup(c.subgroup_id),
        teacher_id: c.teacher_id,
        teacher: names.person(c.teacher_id),
        room_id: c.room_id,
        room: room.as_ref().map(|r| r.number.clone()),
        subject: subject.name.clone(),
    };

    let students = match c.subgroup_id {
        Some(s) => store::groups::students(db, org_id, c.group_id)
            .await?
            .iter()
            .filter(|(_, m)| m.subgroup_id == Some(s))
            .count() as i64,
        None => store::groups::student_counts(db, &[c.group_id])
            .await?
            .get(&c.group_id)
            .copied()
            .unwrap_or(0),
    };
    let weekday = c.date.weekday().number_from_monday() as i32;
    let teacher_unavailable = store::timetable::unavailability(db, org_id, &[c.teacher_id])
        .await?
        .into_iter()
        .find(|u| u.weekday == weekday && (u.pair_no == 0 || u.pair_no == c.pair_no))
        .map(|u| u.note);
    let load_hours = if with_load {
        load_hours(db, org_id, year, &periods, c).await?
    } else {
        None
    };
    let facts = Facts {
        students,
        room_capacity: room.as_ref().map(|r| i64::from(r.capacity)),
        teacher_unavailable,
        load_hours,
    };
    Ok(Checked {
        conflicts: conflicts(&new, &occupants, &facts),
        starts_at: pair.starts_at.clone(),
        ends_at: pair.ends_at.clone(),
    })
}

/// The load's hours for the lesson's group part and subject in the semester
/// of the date, and the hours already scheduled in that semester.
async fn load_hours(
    db: &impl ConnectionTrait,
    org_id: i64,
    year: i32,
    periods: &[calendar::Period],
    c: &Candidate,
) -> Result<Option<(i64, i64)>> {
    let Some(semester) = periods
        .iter()
        .filter(|p| {
            p.kind == PeriodKind::Semester && p.applies_to(c.group_id) && p.contains(c.date)
        })
        .max_by_key(|p| p.group_id.is_some())
    else {
        return Ok(None);
    };
    let planned: i64 =
        store::load::of_group_subject(db, org_id, year, c.group_id, c.subgroup_id, c.subject_id)
            .await?
            .iter()
            .filter(|l| l.semester == semester.semester)
            .map(|l| i64::from(l.hours))
            .sum();
    let lessons = store::load::scheduled_lessons(
        db,
        org_id,
        c.group_id,
        c.subgroup_id,
        c.subject_id,
        semester.starts_on,
        semester.ends_on,
    )
    .await?;
    Ok(Some((planned, lessons * domain::journal::HOURS_PER_PAIR)))
}
