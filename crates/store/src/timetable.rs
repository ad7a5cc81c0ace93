//! The timetable: dated lessons by week and pair, the weekly pattern,
//! teachers' unavailability and the record of changes.

use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::entity::{
    journal_entry, lesson, lesson_change, subgroup, teacher_unavailability, timetable_slot,
};

/// Whose week: a group's (with all its subgroups), a teacher's (taught or substituted), a room's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    Group(i64),
    Teacher(i64),
    Room(i64),
}

/// Lessons between two dates, cancelled ones included (they are shown struck out).
pub async fn lessons_between(
    db: &impl ConnectionTrait,
    org_id: i64,
    whose: Whose,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<lesson::Model>, DbErr> {
    let who = match whose {
        Whose::Group(g) => Condition::all().add(lesson::Column::GroupId.eq(g)),
        Whose::Teacher(t) => Condition::any()
            .add(lesson::Column::TeacherPersonId.eq(t))
            .add(lesson::Column::SubstitutePersonId.eq(t)),
        Whose::Room(r) => Condition::all().add(lesson::Column::RoomId.eq(r)),
    };
    lesson::Entity::find()
        .filter(lesson::Column::OrgId.eq(org_id))
        .filter(who)
        .filter(lesson::Column::Date.between(from, to))
        .order_by_asc(lesson::Column::Date)
        .order_by_asc(lesson::Column::PairNo)
        .order_by_asc(lesson::Column::SubgroupId)
        .all(db)
        .await
}

/// Lessons held in one pair of one date across the college (not cancelled).
pub async fn occupants(
    db: &impl ConnectionTrait,
    org_id: i64,
    date: NaiveDate,
    pair_no: i32,
) -> Result<Vec<lesson::Model>, DbErr> {
    lesson::Entity::find()
        .filter(lesson::Column::OrgId.eq(org_id))
        .filter(lesson::Column::Date.eq(date))
        .filter(lesson::Column::PairNo.eq(pair_no))
        .filter(lesson::Column::Cancelled.eq(false))
        .all(db)
        .await
}

/// Whether anything was entered in the journal for the lesson.
pub async fn has_entries(db: &impl ConnectionTrait, lesson_id: i64) -> Result<bool, DbErr> {
    Ok(journal_entry::Entity::find()
        .select_only()
        .column(journal_entry::Column::Id)
        .filter(journal_entry::Column::LessonId.eq(lesson_id))
        .limit(1)
        .into_tuple::<i64>()
        .one(db)
        .await?
        .is_some())
}

pub async fn delete_lesson(db: &impl ConnectionTrait, org_id: i64, id: i64) -> Result<(), DbErr> {
    lesson::Entity::delete_many()
        .filter(lesson::Column::OrgId.eq(org_id))
        .filter(lesson::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Saves a changed lesson (substitute, cancellation, new date, pair or room).
pub async fn update_lesson(db: &impl ConnectionTrait, l: lesson::Model) -> Result<(), DbErr> {
    let mut am: lesson::ActiveModel = l.into();
    for c in [
        lesson::Column::SubstitutePersonId,
        lesson::Column::Cancelled,
        lesson::Column::Changed,
        lesson::Column::Date,
        lesson::Column::PairNo,
        lesson::Column::StartsAt,
        lesson::Column::EndsAt,
        lesson::Column::RoomId,
    ] {
        am.reset(c);
    }
    am.update(db).await?;
    Ok(())
}

pub struct NewChange<'a> {
    pub lesson_id: i64,
    pub kind: &'a str,
    pub reason: &'a str,
    pub before: String,
    pub after: String,
    pub created_by: i64,
}

pub async fn record_change(
    db: &impl ConnectionTrait,
    org_id: i64,
    c: NewChange<'_>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    lesson_change::ActiveModel {
        org_id: Set(org_id),
        lesson_id: Set(c.lesson_id),
        kind: Set(c.kind.to_string()),
        reason: Set(c.reason.to_string()),
        before: Set(c.before),
        after: Set(c.after),
        created_by: Set(c.created_by),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Changes of these lessons, oldest first.
pub async fn changes_of_lessons(
    db: &impl ConnectionTrait,
    org_id: i64,
    lesson_ids: &[i64],
) -> Result<Vec<lesson_change::Model>, DbErr> {
    lesson_change::Entity::find()
        .filter(lesson_change::Column::OrgId.eq(org_id))
        .filter(lesson_change::Column::LessonId.is_in(lesson_ids.iter().copied()))
        .order_by_asc(lesson_change::Column::Id)
        .all(db)
        .await
}

/// The college's changes, newest first, one page (the report of substitutions and cancellations).
pub async fn changes_page(
    db: &impl ConnectionTrait,
    org_id: i64,
    req: domain::paging::PageRequest,
) -> Result<domain::paging::Page<lesson_change::Model>, DbErr> {
    let q = lesson_change::Entity::find()
        .filter(lesson_change::Column::OrgId.eq(org_id))
        .order_by_desc(lesson_change::Column::Id);
    crate::paging::fetch_page(db, q, req).await
}

/// Counts of changes by kind in the college (the report's totals).
pub async fn change_counts(
    db: &impl ConnectionTrait,
    org_id: i64,
) -> Result<Vec<(String, i64)>, DbErr> {
    lesson_change::Entity::find()
        .select_only()
        .column(lesson_change::Column::Kind)
        .column_as(Expr::col(lesson_change::Column::Id).count(), "n")
        .filter(lesson_change::Column::OrgId.eq(org_id))
        .group_by(lesson_change::Column::Kind)
        .into_tuple()
        .all(db)
        .await
}

pub async fn unavailability(
    db: &impl ConnectionTrait,
    org_id: i64,
    teacher_ids: &[i64],
) -> Result<Vec<teacher_unavailability::Model>, DbErr> {
    teacher_unavailability::Entity::find()
        .filter(teacher_unavailability::Column::OrgId.eq(org_id))
        .filter(teacher_unavailability::Column::TeacherPersonId.is_in(teacher_ids.iter().copied()))
        .all(db)
        .await
}

pub async fn add_unavailability(
    db: &impl ConnectionTrait,
    org_id: i64,
    teacher_id: i64,
    weekday: i32,
    pair_no: i32,
    note: &str,
) -> Result<(), DbErr> {
    teacher_unavailability::ActiveModel {
        org_id: Set(org_id),
        teacher_person_id: Set(teacher_id),
        weekday: Set(weekday),
        pair_no: Set(pair_no),
        note: Set(note.to_string()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSlot {
    pub school_year: i32,
    pub semester: i32,
    pub group_id: i64,
    pub subgroup_id: Option<i64>,
    pub weekday: i32,
    pub pair_no: i32,
    pub week_type: i32,
    pub subject_id: i64,
    pub teacher_person_id: i64,
    pub room_id: Option<i64>,
}

pub async fn insert_slot(
    db: &impl ConnectionTrait,
    org_id: i64,
    s: NewSlot,
) -> Result<timetable_slot::Model, DbErr> {
    slot_model(org_id, &s).insert(db).await
}

pub(crate) fn slot_model(org_id: i64, s: &NewSlot) -> timetable_slot::ActiveModel {
    timetable_slot::ActiveModel {
        org_id: Set(org_id),
        school_year: Set(s.school_year),
        semester: Set(s.semester),
        group_id: Set(s.group_id),
        subgroup_id: Set(s.subgroup_id),
        weekday: Set(s.weekday),
        pair_no: Set(s.pair_no),
        week_type: Set(s.week_type),
        subject_id: Set(s.subject_id),
        teacher_person_id: Set(s.teacher_person_id),
        room_id: Set(s.room_id),
        ..Default::default()
    }
}

/// The weekly pattern of a semester: one group's, or the whole college's (None).
pub async fn slots(
    db: &impl ConnectionTrait,
    org_id: i64,
    school_year: i32,
    semester: i32,
    group_id: Option<i64>,
) -> Result<Vec<timetable_slot::Model>, DbErr> {
    let mut q = timetable_slot::Entity::find()
        .filter(timetable_slot::Column::OrgId.eq(org_id))
        .filter(timetable_slot::Column::SchoolYear.eq(school_year))
        .filter(timetable_slot::Column::Semester.eq(semester));
    if let Some(g) = group_id {
        q = q.filter(timetable_slot::Column::GroupId.eq(g));
    }
    q.order_by_asc(timetable_slot::Column::Weekday)
        .order_by_asc(timetable_slot::Column::PairNo)
        .all(db)
        .await
}

pub async fn delete_slot(db: &impl ConnectionTrait, org_id: i64, id: i64) -> Result<u64, DbErr> {
    Ok(timetable_slot::Entity::delete_many()
        .filter(timetable_slot::Column::OrgId.eq(org_id))
        .filter(timetable_slot::Column::Id.eq(id))
        .exec(db)
        .await?
        .rows_affected)
}

pub async fn subgroups_by_ids(
    db: &impl ConnectionTrait,
    org_id: i64,
    ids: &[i64],
) -> Result<Vec<subgroup::Model>, DbErr> {
    subgroup::Entity::find()
        .filter(subgroup::Column::OrgId.eq(org_id))
        .filter(subgroup::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await
}

pub async fn lessons_by_ids(
    db: &impl ConnectionTrait,
    org_id: i64,
    ids: &[i64],
) -> Result<Vec<lesson::Model>, DbErr> {
    lesson::Entity::find()
        .filter(lesson::Column::OrgId.eq(org_id))
        .filter(lesson::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await
}
