//! Putting a lesson into a group's week by hand (the dispatcher's grid).

use chrono::NaiveDate;
use domain::{Actor, Permission, Validation};
use serde::{Deserialize, Serialize};

use super::check::{check, Candidate};
use crate::error::{Error, Result};
use crate::{audit, require, App};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct PlaceInput {
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub pair_no: String,
    /// Empty: the whole group.
    #[serde(default)]
    pub subgroup_id: String,
    #[serde(default)]
    pub subject_id: String,
    #[serde(default)]
    pub teacher_id: String,
    /// Empty: no room yet.
    #[serde(default)]
    pub room_id: String,
}

/// What the form offers: the group's subgroups, the college's subjects, teachers and rooms.
#[derive(Debug, Serialize)]
pub struct PlaceOptions {
    pub group_id: i64,
    pub group: String,
    pub subgroups: Vec<(i64, String)>,
    pub subjects: Vec<(i64, String)>,
    pub teachers: Vec<(i64, String)>,
    pub rooms: Vec<(i64, String)>,
    pub pairs: Vec<(i32, String)>,
}

pub async fn place_options(app: &App, actor: &Actor, group_id: i64) -> Result<PlaceOptions> {
    require(actor, Permission::ScheduleWrite)?;
    let db = &app.db;
    let group = store::groups::get(db, actor.org_id, group_id)
        .await?
        .ok_or(Error::NotFound("группа"))?;
    let year = domain::reference::school_year(app.today());
    let mut teachers: Vec<(i64, String)> = store::staff::all_people(db, actor.org_id)
        .await?
        .iter()
        .map(|p| (p.id, store::people::full_name(p).short()))
        .collect();
    teachers.sort_by(|a, b| a.1.cmp(&b.1));
    let rooms = crate::buildings::room_choices(db, actor.org_id).await?;
    Ok(PlaceOptions {
        group_id,
        group: group.name,
        subgroups: store::groups::subgroups(db, actor.org_id, group_id)
            .await?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect(),
        subjects: store::subjects::all(db, actor.org_id)
            .await?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect(),
        teachers,
        rooms,
        pairs: store::bells::pairs_of_group(db, actor.org_id, year, group_id)
            .await?
            .into_iter()
            .map(|p| (p.pair_no, format!("{}–{}", p.starts_at, p.ends_at)))
            .collect(),
    })
}

fn optional_id(v: &mut Validation, field: &'static str, raw: &str) -> Option<i64> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<i64>() {
        Ok(id) => Some(id),
        Err(_) => {
            v.add(field, "Выберите значение из списка.");
            None
        }
    }
}

pub(crate) fn candidate(group_id: i64, input: &PlaceInput) -> Result<Candidate> {
    let mut v = Validation::new();
    let date = v.date("date", &input.date);
    let pair_no = v.number("pair_no", &input.pair_no, 1, 12) as i32;
    let subgroup_id = optional_id(&mut v, "subgroup_id", &input.subgroup_id);
    let subject_id = v.number("subject_id", &input.subject_id, 1, i64::MAX);
    let teacher_id = v.number("teacher_id", &input.teacher_id, 1, i64::MAX);
    let room_id = optional_id(&mut v, "room_id", &input.room_id);
    v.finish().map_err(Error::Invalid)?;
    Ok(Candidate {
        lesson_id: None,
        group_id,
        subgroup_id,
        subject_id,
        teacher_id,
        room_id,
        date: date.unwrap_or(NaiveDate::MIN),
        pair_no,
    })
}

/// Puts a lesson in the group's timetable. With `check_only` nothing is
/// saved and Ok(None) says it would fit; a conflict is always an error
/// naming every clash.
pub async fn place(
    app: &App,
    actor: &Actor,
    group_id: i64,
    input: PlaceInput,
    check_only: bool,
) -> Result<Option<i64>> {
    require(actor, Permission::ScheduleWrite)?;
    let c = candidate(group_id, &input)?;
    crate::year_closing::ensure_open(&app.db, actor.org_id, c.date).await?;
    if check_only {
        let checked = check(&app.db, actor.org_id, &c, true).await?;
        return if checked.conflicts.is_empty() {
            Ok(None)
        } else {
            Err(Error::Conflicts(checked.conflicts))
        };
    }
    let txn = store::begin_write(&app.db).await?;
    super::lock_college(&txn, actor.org_id).await?;
    let checked = check(&txn, actor.org_id, &c, true).await?;
    if !checked.conflicts.is_empty() {
        return Err(Error::Conflicts(checked.conflicts));
    }
    let lesson = store::lessons::insert(
        &txn,
        actor.org_id,
        store::lessons::NewLesson {
            group_id,
            subgroup_id: c.subgroup_id,
            subject_id: c.subject_id,
            teacher_person_id: c.teacher_id,
            room_id: c.room_id,
            date: c.date,
            pair_no: c.pair_no,
            starts_at: checked.starts_at,
            ends_at: checked.ends_at,
            kind: "lesson".into(),
        },
    )
    .await?;
    audit(
        &txn,
        actor,
        "create",
        "lesson",
        lesson.id,
        serde_json::json!({ "group_id": group_id, "date": c.date, "pair_no": c.pair_no }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(Some(lesson.id))
}
