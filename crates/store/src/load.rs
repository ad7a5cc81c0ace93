//! Teaching load (педагогическая нагрузка) and the hours delivered against it (вычитка).

use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::entity::{lesson, teaching_load};

pub struct NewLoad {
    pub school_year: i32,
    pub semester: i32,
    pub item_id: i64,
    pub group_id: i64,
    pub subgroup_id: Option<i64>,
    pub subject_id: i64,
    pub teacher_person_id: i64,
    pub hours: i32,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    org_id: i64,
    l: NewLoad,
) -> Result<teaching_load::Model, DbErr> {
    teaching_load::ActiveModel {
        org_id: Set(org_id),
        school_year: Set(l.school_year),
        semester: Set(l.semester),
        item_id: Set(l.item_id),
        group_id: Set(l.group_id),
        subgroup_id: Set(l.subgroup_id),
        part: Set(l.subgroup_id.unwrap_or(0)),
        subject_id: Set(l.subject_id),
        teacher_person_id: Set(l.teacher_person_id),
        hours: Set(l.hours),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Whether the teaching load of the year (of one semester, when given)
/// gives this teacher the subject in the group, whole or a subgroup: what a
/// teacher's rights over a journal come from (seed 3.2).
pub async fn teaches(
    db: &impl ConnectionTrait,
    org_id: i64,
    teacher_person_id: i64,
    group_id: i64,
    subject_id: i64,
    school_year: i32,
    semester: Option<i32>,
) -> Result<bool, DbErr> {
    let mut q = teaching_load::Entity::find()
        .select_only()
        .column(teaching_load::Column::Id)
        .filter(teaching_load::Column::OrgId.eq(org_id))
        .filter(teaching_load::Column::SchoolYear.eq(school_year))
        .filter(teaching_load::Column::TeacherPersonId.eq(teacher_person_id))
        .filter(teaching_load::Column::GroupId.eq(group_id))
        .filter(teaching_load::Column::SubjectId.eq(subject_id));
    if let Some(s) = semester {
        q = q.filter(teaching_load::Column::Semester.eq(s));
    }
    Ok(q.limit(1).into_tuple::<i64>().one(db).await?.is_some())
}

/// The (group, subject) pairs the load of the year gives this teacher.
pub async fn journals_of_teacher(
    db: &impl ConnectionTrait,
    org_id: i64,
    teacher_person_id: i64,
    school_year: i32,
) -> Result<Vec<crate::lessons::GroupSubject>, DbErr> {
    teaching_load::Entity::find()
        .select_only()
        .column(teaching_load::Column::GroupId)
        .column(teaching_load::Column::SubjectId)
        .distinct()
        .filter(teaching_load::Column::OrgId.eq(org_id))
        .filter(teaching_load::Column::SchoolYear.eq(school_year))
        .filter(teaching_load::Column::TeacherPersonId.eq(teacher_person_id))
        .into_model()
        .all(db)
        .await
}

/// The load of the year: the whole college, or one teacher's.
pub async fn of_year(
    db: &impl ConnectionTrait,
    org_id: i64,
    school_year: i32,
    teacher: Option<i64>,
) -> Result<Vec<teaching_load::Model>, DbErr> {
    let mut q = teaching_load::Entity::find()
        .filter(teaching_load::Column::OrgId.eq(org_id))
        .filter(teaching_load::Column::SchoolYear.eq(school_year));
    if let Some(t) = teacher {
        q = q.filter(teaching_load::Column::TeacherPersonId.eq(t));
    }
    q.order_by_asc(teaching_load::Column::GroupId)
        .order_by_asc(teaching_load::Column::SubjectId)
        .order_by_asc(teaching_load::Column::Semester)
        .all(db)
        .await
}

/// Load rows of one group, part and subject in a year (the timetable's load check).
pub async fn of_group_subject(
    db: &impl ConnectionTrait,
    org_id: i64,
    school_year: i32,
    group_id: i64,
    subgroup_id: Option<i64>,
    subject_id: i64,
) -> Result<Vec<teaching_load::Model>, DbErr> {
    teaching_load::Entity::find()
        .filter(teaching_load::Column::OrgId.eq(org_id))
        .filter(teaching_load::Column::SchoolYear.eq(school_year))
        .filter(teaching_load::Column::GroupId.eq(group_id))
        .filter(teaching_load::Column::Part.eq(subgroup_id.unwrap_or(0)))
        .filter(teaching_load::Column::SubjectId.eq(subject_id))
        .all(db)
        .await
}

/// Lessons held (or scheduled) per group, part, subject and the teacher who
/// gives them (the substitute, if any), not counting cancelled ones.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Delivered {
    pub group_id: i64,
    pub subgroup_id: Option<i64>,
    pub subject_id: i64,
    pub teacher_id: i64,
    pub lessons: i64,
}

pub async fn delivered(
    db: &impl ConnectionTrait,
    org_id: i64,
    from: NaiveDate,
    to: NaiveDate,
    teacher: Option<i64>,
) -> Result<Vec<Delivered>, DbErr> {
    let giver = "COALESCE(substitute_person_id, teacher_person_id)";
    let mut q = lesson::Entity::find()
        .select_only()
        .column(lesson::Column::GroupId)
        .column(lesson::Column::SubgroupId)
        .column(lesson::Column::SubjectId)
        .column_as(Expr::cust(giver), "teacher_id")
        .column_as(Expr::col(lesson::Column::Id).count(), "lessons")
        .filter(lesson::Column::OrgId.eq(org_id))
        .filter(lesson::Column::Date.between(from, to))
        .filter(lesson::Column::Cancelled.eq(false));
    if let Some(t) = teacher {
        q = q.filter(
            sea_orm::Condition::any()
                .add(lesson::Column::TeacherPersonId.eq(t))
                .add(lesson::Column::SubstitutePersonId.eq(t)),
        );
    }
    let mut rows = q
        .group_by(lesson::Column::GroupId)
        .group_by(lesson::Column::SubgroupId)
        .group_by(lesson::Column::SubjectId)
        .group_by(Expr::cust(giver))
        .into_model::<Delivered>()
        .all(db)
        .await?;
    if let Some(t) = teacher {
        rows.retain(|r| r.teacher_id == t);
    }
    Ok(rows)
}

/// Lessons of a group's part and subject between two dates, not cancelled.
pub async fn scheduled_lessons(
    db: &impl ConnectionTrait,
    org_id: i64,
    group_id: i64,
    subgroup_id: Option<i64>,
    subject_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<i64, DbErr> {
    let part = match subgroup_id {
        Some(s) => lesson::Column::SubgroupId.eq(s),
        None => lesson::Column::SubgroupId.is_null(),
    };
    let n: Option<i64> = lesson::Entity::find()
        .select_only()
        .column_as(Expr::col(lesson::Column::Id).count(), "n")
        .filter(lesson::Column::OrgId.eq(org_id))
        .filter(lesson::Column::GroupId.eq(group_id))
        .filter(part)
        .filter(lesson::Column::SubjectId.eq(subject_id))
        .filter(lesson::Column::Date.between(from, to))
        .filter(lesson::Column::Cancelled.eq(false))
        .into_tuple()
        .one(db)
        .await?;
    Ok(n.unwrap_or(0))
}
