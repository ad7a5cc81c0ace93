//! Lessons: one pair on one date for a group or subgroup, a subject and a teacher.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Condition;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::entity::lesson;

/// A group's lessons between two dates (of one subject, or all): what the diary
/// and the journal read the cells of. As a subquery it keeps the SQL text the
/// same whatever the number of lessons, so the driver's prepared statement is
/// reused rather than an `IN (…)` list of a new length parsed and planned each time.
#[derive(Debug, Clone, Copy)]
pub struct LessonRange {
    pub org_id: i64,
    pub group_id: i64,
    pub subject_id: Option<i64>,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Adds a lesson's teacher and substitute to a query over `lessons`: joined
/// as `t` and `s`, selected as `teacher_surname`, `teacher_name`,
/// `teacher_patronymic` and the same with `substitute_` (null without one).
pub(crate) fn select_teachers(q: &mut sea_orm::sea_query::SelectStatement) {
    use crate::entity::person;
    use sea_orm::sea_query::{Alias, Expr, JoinType};
    for (alias, prefix, join, column) in [
        (
            "t",
            "teacher",
            JoinType::InnerJoin,
            lesson::Column::TeacherPersonId,
        ),
        (
            "s",
            "substitute",
            JoinType::LeftJoin,
            lesson::Column::SubstitutePersonId,
        ),
    ] {
        let who = Alias::new(alias);
        for (part, name) in [
            (person::Column::Surname, "surname"),
            (person::Column::Name, "name"),
            (person::Column::Patronymic, "patronymic"),
        ] {
            q.expr_as(
                Expr::col((who.clone(), part)),
                Alias::new(format!("{prefix}_{name}")),
            );
        }
        q.join_as(
            join,
            person::Entity,
            who.clone(),
            Expr::col((who, person::Column::Id)).equals((lesson::Entity, column)),
        );
    }
}

impl LessonRange {
    pub fn ids(&self) -> sea_orm::sea_query::SelectStatement {
        let mut q = sea_orm::sea_query::Query::select();
        q.column(lesson::Column::Id)
            .from(lesson::Entity)
            .and_where(lesson::Column::OrgId.eq(self.org_id))
            .and_where(lesson::Column::GroupId.eq(self.group_id))
            .and_where(lesson::Column::Date.between(self.from, self.to));
        if let Some(subject_id) = self.subject_id {
            q.and_where(lesson::Column::SubjectId.eq(subject_id));
        }
        q
    }
}

#[derive(Debug, Clone)]
pub struct NewLesson {
    pub group_id: i64,
    pub subgroup_id: Option<i64>,
    pub subject_id: i64,
    pub teacher_person_id: i64,
    pub room_id: Option<i64>,
    pub date: NaiveDate,
    pub pair_no: i32,
    pub starts_at: String,
    pub ends_at: String,
    pub kind: String,
}

impl NewLesson {
    pub fn active_model(self, org_id: i64) -> lesson::ActiveModel {
        lesson::ActiveModel {
            org_id: Set(org_id),
            group_id: Set(self.group_id),
            subgroup_id: Set(self.subgroup_id),
            subject_id: Set(self.subject_id),
            teacher_person_id: Set(self.teacher_person_id),
            substitute_person_id: Set(None),
            room_id: Set(self.room_id),
            date: Set(self.date),
            pair_no: Set(self.pair_no),
            starts_at: Set(self.starts_at),
            ends_at: Set(self.ends_at),
            kind: Set(self.kind),
            topic: Set(String::new()),
            homework: Set(String::new()),
            ..Default::default()
        }
    }
}

pub async fn insert(
    db: &impl ConnectionTrait,
    org_id: i64,
    l: NewLesson,
) -> Result<lesson::Model, DbErr> {
    l.active_model(org_id).insert(db).await
}

/// Inserts many lessons in chunks (the demo's semester, a timetable's weeks).
pub async fn insert_many(
    db: &impl ConnectionTrait,
    org_id: i64,
    lessons: Vec<NewLesson>,
) -> Result<(), DbErr> {
    let mut rows = lessons
        .into_iter()
        .map(|l| l.active_model(org_id))
        .peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(400).collect();
        lesson::Entity::insert_many(chunk).exec(db).await?;
    }
    Ok(())
}

pub async fn get(
    db: &impl ConnectionTrait,
    org_id: i64,
    id: i64,
) -> Result<Option<lesson::Model>, DbErr> {
    lesson::Entity::find_by_id(id)
        .filter(lesson::Column::OrgId.eq(org_id))
        .one(db)
        .await
}

/// A group's lessons of one subject between two dates, in order; cancelled ones are not in the journal.
pub async fn of_group_subject(
    db: &impl ConnectionTrait,
    org_id: i64,
    group_id: i64,
    subject_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<lesson::Model>, DbErr> {
    lesson::Entity::find()
        .filter(lesson::Column::OrgId.eq(org_id))
        .filter(lesson::Column::GroupId.eq(group_id))
        .filter(lesson::Column::SubjectId.eq(subject_id))
        .filter(lesson::Column::Date.between(from, to))
        .filter(lesson::Column::Cancelled.eq(false))
        .order_by_asc(lesson::Column::Date)
        .order_by_asc(lesson::Column::PairNo)
        .all(db)
        .await
}

/// The first and last date of a group's lessons of a subject.
pub async fn span(
    db: &impl ConnectionTrait,
    org_id: i64,
    group_id: i64,
    subject_id: i64,
) -> Result<Option<(NaiveDate, NaiveDate)>, DbErr> {
    #[derive(FromQueryResult)]
    struct Span {
        first: Option<NaiveDate>,
        last: Option<NaiveDate>,
    }
    let s = lesson::Entity::find()
        .select_only()
        .column_as(lesson::Column::Date.min(), "first")
        .column_as(lesson::Column::Date.max(), "last")
        .filter(lesson::Column::OrgId.eq(org_id))
        .filter(lesson::Column::GroupId.eq(group_id))
        .filter(lesson::Column::SubjectId.eq(subject_id))
        .into_model::<Span>()
        .one(db)
        .await?;
    Ok(s.and_then(|s| s.first.zip(s.last)))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, FromQueryResult)]
pub struct GroupSubject {
    pub group_id: i64,
    pub subject_id: i64,
}

/// The subjects taught in these groups.
pub async fn journals_of_groups(
    db: &impl ConnectionTrait,
    org_id: i64,
    group_ids: &[i64],
) -> Result<Vec<GroupSubject>, DbErr> {
    lesson::Entity::find()
        .select_only()
        .column(lesson::Column::GroupId)
        .column(lesson::Column::SubjectId)
        .distinct()
        .filter(lesson::Column::OrgId.eq(org_id))
        .filter(lesson::Column::GroupId.is_in(group_ids.iter().copied()))
        .into_model::<GroupSubject>()
        .all(db)
        .await
}

pub async fn set_topic_homework(
    db: &impl ConnectionTrait,
    org_id: i64,
    id: i64,
    topic: &str,
    homework: &str,
) -> Result<(), DbErr> {
    lesson::Entity::update_many()
        .col_expr(lesson::Column::Topic, topic.into())
        .col_expr(lesson::Column::Homework, homework.into())
        .filter(lesson::Column::OrgId.eq(org_id))
        .filter(lesson::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Lessons of one date from which a student is absent by notice: the student's group, whole or their subgroup.
pub async fn of_group_between_for_subgroup(
    db: &impl ConnectionTrait,
    org_id: i64,
    group_id: i64,
    subgroup_id: Option<i64>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<lesson::Model>, DbErr> {
    let mut sub = Condition::any().add(lesson::Column::SubgroupId.is_null());
    if let Some(s) = subgroup_id {
        sub = sub.add(lesson::Column::SubgroupId.eq(s));
    }
    lesson::Entity::find()
        .filter(lesson::Column::OrgId.eq(org_id))
        .filter(lesson::Column::GroupId.eq(group_id))
        .filter(lesson::Column::Date.between(from, to))
        .filter(sub)
        .order_by_asc(lesson::Column::Date)
        .order_by_asc(lesson::Column::PairNo)
        .all(db)
        .await
}

/// «Все присутствуют»: attendance of the lesson was taken, by whom and when.
pub async fn attendance_checked(
    db: &impl ConnectionTrait,
    org_id: i64,
    id: i64,
    account_id: i64,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    lesson::Entity::update_many()
        .col_expr(lesson::Column::AttendanceCheckedAt, Some(at).into())
        .col_expr(lesson::Column::AttendanceCheckedBy, Some(account_id).into())
        .filter(lesson::Column::OrgId.eq(org_id))
        .filter(lesson::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
