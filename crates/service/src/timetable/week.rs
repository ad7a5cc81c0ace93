//! A week of the timetable: a group's, a teacher's or a room's.

use chrono::{Duration, NaiveDate};
use domain::{Actor, Permission};
use serde::Serialize;

use super::check::{closed_reason, periods};
use super::Names;
use crate::diary::monday_of;
use crate::error::{Error, Result};
use crate::journal::{date_ru, weekday_short};
use crate::App;

pub use store::timetable::Whose;

#[derive(Debug, Serialize)]
pub struct WeekView {
    /// "group", "teacher" or "room": the page's address.
    pub whose: &'static str,
    pub id: i64,
    pub title: String,
    pub monday: NaiveDate,
    pub range: String,
    pub prev_week: NaiveDate,
    pub next_week: NaiveDate,
    pub days: Vec<DayHead>,
    pub pairs: Vec<PairRow>,
    /// The dispatcher may place lessons here (a group's week).
    pub can_edit: bool,
    pub lessons: usize,
}

#[derive(Debug, Serialize)]
pub struct DayHead {
    pub date: NaiveDate,
    pub title: String,
    /// Why there are no lessons that day (a holiday, practice), if so.
    pub closed: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PairRow {
    pub no: i32,
    pub time: String,
    /// One cell per day, Monday to Saturday.
    pub cells: Vec<Vec<SlotLesson>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SlotLesson {
    pub id: i64,
    pub subject: String,
    pub teacher: String,
    pub substitute: Option<String>,
    pub group: String,
    pub subgroup: Option<String>,
    pub room: Option<String>,
    pub cancelled: bool,
    pub changed: bool,
}

fn allowed(actor: &Actor, whose: Whose) -> bool {
    actor.can(Permission::ReferenceRead)
        || match whose {
            Whose::Group(g) => actor.can(Permission::GroupRead { group_id: g }),
            Whose::Teacher(t) => actor.can(Permission::LoadRead { teacher_id: t }),
            Whose::Room(_) => false,
        }
}

/// The week of `day`, or the week to show today when none is asked.
pub async fn week(
    app: &App,
    actor: &Actor,
    whose: Whose,
    day: Option<NaiveDate>,
) -> Result<WeekView> {
    if !allowed(actor, whose) {
        return Err(Error::Forbidden);
    }
    let db = &app.db;
    let org = actor.org_id;
    let monday = monday_of(day.unwrap_or_else(|| domain::calendar::week_to_show(app.today())));
    let saturday = monday + Duration::days(5);
    let year = domain::reference::school_year(monday);
    let (kind, id, title) = match whose {
        Whose::Group(g) => {
            let group = store::groups::get(db, org, g)
                .await?
                .ok_or(Error::NotFound("группа"))?;
            ("group", g, format!("Группа {}", group.name))
        }
        Whose::Teacher(t) => {
            store::staff::get(db, org, t)
                .await?
                .ok_or(Error::NotFound("преподаватель"))?;
            let person = store::people::get(db, org, t)
                .await?
                .ok_or(Error::NotFound("преподаватель"))?;
            (
                "teacher",
                t,
                format!(
                    "Преподаватель {}",
                    store::people::full_name(&person).short()
                ),
            )
        }
        Whose::Room(r) => {
            let room = store::buildings::rooms_by_ids(db, org, &[r])
                .await?
                .pop()
                .ok_or(Error::NotFound("кабинет"))?;
            ("room", r, format!("Кабинет {}", room.number))
        }
    };
    let lessons = store::timetable::lessons_between(db, org, whose, monday, saturday).await?;
    let names = Names::load(db, org, &lessons, &[]).await?;
    let periods = periods(db, org, year).await?;
    let group_id = match whose {
        Whose::Group(g) => Some(g),
        _ => None,
    };
    let days: Vec<DayHead> = (0..6)
        .map(|i| {
            let date = monday + Duration::days(i);
            DayHead {
                title: format!("{}, {}", weekday_short(date), date.format("%d.%m")),
                closed: closed_reason(&periods, group_id, date),
                date,
            }
        })
        .collect();

    let mut pairs: Vec<(i32, String)> = match group_id {
        Some(g) => store::bells::pairs_of_group(db, org, year, g)
            .await?
            .into_iter()
            .map(|p| (p.pair_no, format!("{}–{}", p.starts_at, p.ends_at)))
            .collect(),
        None => Vec::new(),
    };
    for l in &lessons {
        if !pairs.iter().any(|p| p.0 == l.pair_no) {
            pairs.push((l.pair_no, format!("{}–{}", l.starts_at, l.ends_at)));
        }
    }
    for no in 1..=4 {
        if !pairs.iter().any(|p| p.0 == no) {
            pairs.push((no, String::new()));
        }
    }
    pairs.sort_by_key(|p| p.0);
    let rows = pairs
        .into_iter()
        .map(|(no, time)| PairRow {
            no,
            time,
            cells: days
                .iter()
                .map(|d| {
                    lessons
                        .iter()
                        .filter(|l| l.date == d.date && l.pair_no == no)
                        .map(|l| SlotLesson {
                            id: l.id,
                            subject: names
                                .subjects
                                .get(&l.subject_id)
                                .cloned()
                                .unwrap_or_default(),
                            teacher: names.person(l.teacher_person_id),
                            substitute: l.substitute_person_id.map(|s| names.person(s)),
                            group: names.groups.get(&l.group_id).cloned().unwrap_or_default(),
                            subgroup: names.subgroup(l.subgroup_id),
                            room: names.room(l.room_id),
                            cancelled: l.cancelled,
                            changed: l.changed,
                        })
                        .collect()
                })
                .collect(),
        })
        .collect();
    Ok(WeekView {
        whose: kind,
        id,
        title,
        range: format!("{} — {}", date_ru(monday), date_ru(saturday)),
        prev_week: monday - Duration::days(7),
        next_week: monday + Duration::days(7),
        monday,
        days,
        pairs: rows,
        can_edit: group_id.is_some() && actor.can(Permission::ScheduleWrite),
        lessons: lessons.len(),
    })
}
