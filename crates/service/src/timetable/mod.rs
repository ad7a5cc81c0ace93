//! The timetable (seed 3.2, 3.3): a week of lessons for a group, a teacher or
//! a room; placing a lesson by hand with every conflict named; substitutions,
//! cancellations and moves with their record; the weekly pattern.

pub mod auto;
mod changes;
mod check;
mod pattern;
mod place;
mod week;

use std::collections::HashMap;

pub use changes::{change, changes_report, lesson_card, ChangeInput, ChangeRow, LessonCard};
pub(crate) use check::periods as year_periods;
pub use pattern::{fill_from_pattern, pattern, FillInput, FillResult, PatternView};
pub use place::{place, place_options, PlaceInput, PlaceOptions};
pub use week::{week, SlotLesson, WeekView, Whose};

use sea_orm::ConnectionTrait;
use store::entity::{lesson, lesson_change};

use crate::error::Result;

/// Names of what lessons refer to, loaded in one query per kind.
#[derive(Default)]
pub(crate) struct Names {
    pub groups: HashMap<i64, String>,
    pub subgroups: HashMap<i64, (String, i64)>,
    pub people: HashMap<i64, String>,
    /// Number and capacity.
    pub rooms: HashMap<i64, (String, i32)>,
    pub subjects: HashMap<i64, String>,
}

impl Names {
    pub async fn load(
        db: &impl ConnectionTrait,
        org_id: i64,
        lessons: &[lesson::Model],
        extra_people: &[i64],
    ) -> Result<Names> {
        let ids = |f: &dyn Fn(&lesson::Model) -> Option<i64>| -> Vec<i64> {
            let mut v: Vec<i64> = lessons.iter().filter_map(f).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let group_ids = ids(&|l| Some(l.group_id));
        let mut people = ids(&|l| Some(l.teacher_person_id));
        people.extend(ids(&|l| l.substitute_person_id));
        people.extend_from_slice(extra_people);
        people.sort_unstable();
        people.dedup();
        let mut names = Names::default();
        for g in store::groups::by_ids(db, org_id, &group_ids).await? {
            names.groups.insert(g.id, g.name);
        }
        for s in store::timetable::subgroups_by_ids(db, org_id, &ids(&|l| l.subgroup_id)).await? {
            names.subgroups.insert(s.id, (s.name, s.group_id));
        }
        for p in store::people::by_ids(db, &people).await? {
            names
                .people
                .insert(p.id, store::people::full_name(&p).short());
        }
        for r in store::buildings::rooms_by_ids(db, org_id, &ids(&|l| l.room_id)).await? {
            names.rooms.insert(r.id, (r.number, r.capacity));
        }
        for s in store::subjects::by_ids(db, org_id, &ids(&|l| Some(l.subject_id))).await? {
            names.subjects.insert(s.id, s.name);
        }
        Ok(names)
    }

    pub fn person(&self, id: i64) -> String {
        self.people.get(&id).cloned().unwrap_or_default()
    }

    pub fn room(&self, id: Option<i64>) -> Option<String> {
        id.and_then(|r| self.rooms.get(&r)).map(|r| r.0.clone())
    }

    pub fn subgroup(&self, id: Option<i64>) -> Option<String> {
        id.and_then(|s| self.subgroups.get(&s)).map(|s| s.0.clone())
    }

    pub fn placement(&self, l: &lesson::Model) -> domain::timetable::Placement {
        let teacher = l.substitute_person_id.unwrap_or(l.teacher_person_id);
        domain::timetable::Placement {
            id: Some(l.id),
            group_id: l.group_id,
            group: self.groups.get(&l.group_id).cloned().unwrap_or_default(),
            subgroup_id: l.subgroup_id,
            subgroup: self.subgroup(l.subgroup_id),
            teacher_id: teacher,
            teacher: self.person(teacher),
            room_id: l.room_id,
            room: self.room(l.room_id),
            subject: self
                .subjects
                .get(&l.subject_id)
                .cloned()
                .unwrap_or_default(),
        }
    }
}

/// Where and when a lesson is, as the record of changes keeps it.
pub(crate) fn place_text(l: &lesson::Model, room: Option<&str>) -> String {
    let mut s = format!(
        "{}, {}-я пара ({}–{})",
        crate::journal::date_ru(l.date),
        l.pair_no,
        l.starts_at,
        l.ends_at
    );
    if let Some(r) = room {
        s.push_str(&format!(", каб. {r}"));
    }
    s
}

/// A change of a lesson in words, for the diary and the report.
/// A change in words. The reason (a teacher's illness, a staff matter) is
/// for staff: students and families read the change without it.
pub fn describe_change(c: &lesson_change::Model, with_reason: bool) -> String {
    let reason = if c.reason.is_empty() || !with_reason {
        String::new()
    } else {
        format!(" Причина: {}.", c.reason.trim_end_matches('.'))
    };
    match c.kind.as_str() {
        "substitution" => format!("Замена: ведёт {} вместо {}.{reason}", c.after, c.before),
        "cancellation" => format!("Занятие отменено.{reason}"),
        "move" => format!("Перенесено: было {}, стало {}.{reason}", c.before, c.after),
        _ => format!("Изменено: {} → {}.{reason}", c.before, c.after),
    }
}

/// Takes the college's timetable lock for the transaction: on PostgreSQL two
/// dispatchers placing lessons at once would each see the pair free; SQLite's
/// single writer already serialises them.
pub(crate) async fn lock_college(db: &impl ConnectionTrait, org_id: i64) -> Result<()> {
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        db.execute(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT id FROM orgs WHERE id = $1 FOR UPDATE",
            [org_id.into()],
        ))
        .await?;
    }
    Ok(())
}

/// What the timetable's index offers to open.
pub struct Choices {
    pub groups: Vec<(i64, String)>,
    pub teachers: Vec<(i64, String)>,
    pub rooms: Vec<(i64, String)>,
}

pub async fn choices(app: &crate::App, actor: &domain::Actor) -> Result<Choices> {
    crate::require(actor, domain::Permission::ReferenceRead)?;
    let db = &app.db;
    let mut teachers: Vec<(i64, String)> = store::staff::all_people(db, actor.org_id)
        .await?
        .iter()
        .map(|p| (p.id, store::people::full_name(p).short()))
        .collect();
    teachers.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(Choices {
        groups: store::groups::all(db, actor.org_id)
            .await?
            .into_iter()
            .map(|g| (g.id, g.name))
            .collect(),
        teachers,
        rooms: store::buildings::all_rooms(db, actor.org_id)
            .await?
            .into_iter()
            .map(|r| (r.id, r.number))
            .collect(),
    })
}
