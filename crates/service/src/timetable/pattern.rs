//! The weekly pattern of a semester and turning it into dated lessons,
//! skipping holidays and practice weeks (seed 3.2: «формирование расписания
//! занятий … на основе учебных планов»).

use chrono::{Datelike, Duration, NaiveDate};
use domain::timetable::{week_type_applies, week_type_title};
use domain::{Actor, Permission, Validation};
use serde::{Deserialize, Serialize};

use super::check::{check, closed_reason, periods, Candidate};
use crate::error::{Error, Result};
use crate::journal::date_ru;
use crate::{audit, require, App};

#[derive(Debug, Serialize)]
pub struct PatternView {
    pub group_id: i64,
    pub group: String,
    pub year: i32,
    pub semester: i32,
    /// Rows by pair, cells Monday to Saturday.
    pub rows: Vec<(i32, Vec<Vec<PatternSlot>>)>,
    pub slots: usize,
    pub can_edit: bool,
}

#[derive(Debug, Serialize)]
pub struct PatternSlot {
    pub subject: String,
    pub teacher: String,
    pub room: Option<String>,
    pub subgroup: Option<String>,
    pub week_type: &'static str,
}

pub async fn pattern(
    app: &App,
    actor: &Actor,
    group_id: i64,
    year: i32,
    semester: i32,
) -> Result<PatternView> {
    if !(actor.can(Permission::ReferenceRead) || actor.can(Permission::GroupRead { group_id })) {
        return Err(Error::Forbidden);
    }
    let db = &app.db;
    let group = store::groups::get(db, actor.org_id, group_id)
        .await?
        .ok_or(Error::NotFound("группа"))?;
    let slots = store::timetable::slots(db, actor.org_id, year, semester, Some(group_id)).await?;
    // Names through the lesson-shaped loader: a slot names the same things.
    let as_lessons: Vec<store::entity::lesson::Model> = slots
        .iter()
        .map(|s| store::entity::lesson::Model {
            id: s.id,
            org_id: s.org_id,
            group_id: s.group_id,
            subgroup_id: s.subgroup_id,
            subject_id: s.subject_id,
            teacher_person_id: s.teacher_person_id,
            substitute_person_id: None,
            room_id: s.room_id,
            date: NaiveDate::MIN,
            pair_no: s.pair_no,
            starts_at: String::new(),
            ends_at: String::new(),
            kind: String::new(),
            topic: String::new(),
            homework: String::new(),
            cancelled: false,
            changed: false,
            attendance_checked_at: None,
            attendance_checked_by: None,
        })
        .collect();
    let names = super::Names::load(db, actor.org_id, &as_lessons, &[]).await?;
    let mut pairs: Vec<i32> = slots.iter().map(|s| s.pair_no).collect();
    pairs.extend(1..=4);
    pairs.sort_unstable();
    pairs.dedup();
    let rows = pairs
        .into_iter()
        .map(|no| {
            let cells = (1..=6)
                .map(|wd| {
                    slots
                        .iter()
                        .filter(|s| s.pair_no == no && s.weekday == wd)
                        .map(|s| PatternSlot {
                            subject: names
                                .subjects
                                .get(&s.subject_id)
                                .cloned()
                                .unwrap_or_default(),
                            teacher: names.person(s.teacher_person_id),
                            room: names.room(s.room_id),
                            subgroup: names.subgroup(s.subgroup_id),
                            week_type: week_type_title(s.week_type),
                        })
                        .collect()
                })
                .collect();
            (no, cells)
        })
        .collect();
    Ok(PatternView {
        group_id,
        group: group.name,
        year,
        semester,
        rows,
        slots: slots.len(),
        can_edit: actor.can(Permission::ScheduleWrite),
    })
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct FillInput {
    #[serde(default)]
    pub date_from: String,
    #[serde(default)]
    pub date_to: String,
}

#[derive(Debug, Serialize)]
pub struct FillResult {
    pub created: usize,
    pub existing: usize,
    /// Pattern lessons not placed, with the reason.
    pub skipped: Vec<String>,
}

/// Creates the group's dated lessons from its weekly pattern between two
/// dates: teaching days only, never over a lesson the group already has, and
/// never with a conflict (those are listed instead). One transaction.
pub async fn fill_from_pattern(
    app: &App,
    actor: &Actor,
    group_id: i64,
    input: FillInput,
) -> Result<FillResult> {
    require(actor, Permission::ScheduleWrite)?;
    let mut v = Validation::new();
    let from = v.date("date_from", &input.date_from);
    let to = v.date("date_to", &input.date_to);
    v.finish().map_err(Error::Invalid)?;
    let (Some(from), Some(to)) = (from, to) else {
        return Err(Error::field("date_from", "Укажите даты."));
    };
    let year = domain::reference::school_year(from);
    let (first, last) = domain::calendar::year_bounds(year);
    if to < from || to > last || from < first || (to - from).num_days() > 200 {
        return Err(Error::field(
            "date_to",
            format!(
                "Укажите период внутри {} учебного года ({} — {}), не длиннее семестра.",
                domain::calendar::year_title(year),
                date_ru(first),
                date_ru(last)
            ),
        ));
    }
    let org = actor.org_id;
    crate::year_closing::ensure_open(&app.db, org, from).await?;
    let txn = store::begin_write(&app.db).await?;
    super::lock_college(&txn, org).await?;
    let periods = periods(&txn, org, year).await?;
    let mut result = FillResult {
        created: 0,
        existing: 0,
        skipped: Vec::new(),
    };
    let mut day = from;
    while day <= to {
        let semester = domain::calendar::semester_of(&periods, group_id, day);
        if let (None, Some(semester)) = (closed_reason(&periods, Some(group_id), day), semester) {
            let slots = store::timetable::slots(&txn, org, year, semester, Some(group_id)).await?;
            let weekday = day.weekday().number_from_monday() as i32;
            let existing = store::timetable::lessons_between(
                &txn,
                org,
                store::timetable::Whose::Group(group_id),
                day,
                day,
            )
            .await?;
            for s in slots.iter().filter(|s| {
                s.weekday == weekday && week_type_applies(s.week_type, day.iso_week().week())
            }) {
                if existing
                    .iter()
                    .any(|l| l.pair_no == s.pair_no && l.subgroup_id == s.subgroup_id)
                {
                    result.existing += 1;
                    continue;
                }
                let c = Candidate {
                    lesson_id: None,
                    group_id,
                    subgroup_id: s.subgroup_id,
                    subject_id: s.subject_id,
                    teacher_id: s.teacher_person_id,
                    room_id: s.room_id,
                    date: day,
                    pair_no: s.pair_no,
                };
                let checked = check(&txn, org, &c, false).await?;
                if !checked.conflicts.is_empty() {
                    if result.skipped.len() < 50 {
                        let why: Vec<&str> = checked
                            .conflicts
                            .iter()
                            .map(|c| c.message.as_str())
                            .collect();
                        result.skipped.push(format!(
                            "{}, {}-я пара: {}",
                            date_ru(day),
                            s.pair_no,
                            why.join(" ")
                        ));
                    }
                    continue;
                }
                store::lessons::insert(
                    &txn,
                    org,
                    store::lessons::NewLesson {
                        group_id,
                        subgroup_id: s.subgroup_id,
                        subject_id: s.subject_id,
                        teacher_person_id: s.teacher_person_id,
                        room_id: s.room_id,
                        date: day,
                        pair_no: s.pair_no,
                        starts_at: checked.starts_at,
                        ends_at: checked.ends_at,
                        kind: "lesson".into(),
                    },
                )
                .await?;
                result.created += 1;
            }
        }
        day += Duration::days(1);
    }
    audit(
        &txn,
        actor,
        "fill_timetable",
        "study_group",
        group_id,
        serde_json::json!({ "from": from, "to": to, "created": result.created }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(result)
}
