//! A subject's marks and absences per student summed in the database, so the
//! journal shows averages and missed hours without reading every cell of the year.

use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Condition, Expr, Func, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};

use crate::entity::{journal_entry, lesson, mark, work_kind};

/// The weights of one student's marks of one value, at lessons of one subgroup
/// (none: the whole group's lessons).
#[derive(Debug, Clone, FromQueryResult)]
pub struct MarkTotal {
    pub student_person_id: i64,
    pub subgroup_id: Option<i64>,
    pub value: String,
    pub weight: i64,
}

/// How many lessons a student missed for one reason (none: not given).
#[derive(Debug, Clone, FromQueryResult)]
pub struct AbsenceTotal {
    pub student_person_id: i64,
    pub subgroup_id: Option<i64>,
    pub reason: Option<String>,
    pub lessons: i64,
}

fn of_subject(org_id: i64, group_id: i64, subject_id: i64, to: NaiveDate) -> Condition {
    let l = |c: lesson::Column| Expr::col((lesson::Entity, c));
    Condition::all()
        .add(l(lesson::Column::OrgId).eq(org_id))
        .add(l(lesson::Column::GroupId).eq(group_id))
        .add(l(lesson::Column::SubjectId).eq(subject_id))
        .add(l(lesson::Column::Date).lte(to))
        .add(l(lesson::Column::Cancelled).eq(false))
}

/// Joins the lesson a mark or an entry belongs to.
fn lesson_of(q: &mut SelectStatement, lesson_id: Expr) {
    q.inner_join(
        lesson::Entity,
        Expr::col((lesson::Entity, lesson::Column::Id)).eq(lesson_id),
    );
}

/// Marks of a group's subject up to a date, summed by student, subgroup and value.
pub async fn marks(
    db: &impl ConnectionTrait,
    org_id: i64,
    group_id: i64,
    subject_id: i64,
    to: NaiveDate,
) -> Result<Vec<MarkTotal>, DbErr> {
    let mut q = Query::select();
    q.expr_as(
        Expr::col((mark::Entity, mark::Column::StudentPersonId)),
        Alias::new("student_person_id"),
    )
    .expr_as(
        Expr::col((lesson::Entity, lesson::Column::SubgroupId)),
        Alias::new("subgroup_id"),
    )
    .expr_as(
        Expr::col((mark::Entity, mark::Column::Value)),
        Alias::new("value"),
    )
    .expr_as(
        Func::sum(Func::coalesce([
            Expr::col((work_kind::Entity, work_kind::Column::Weight)).into(),
            Expr::value(1),
        ])),
        Alias::new("weight"),
    )
    .from(mark::Entity);
    lesson_of(&mut q, Expr::col((mark::Entity, mark::Column::LessonId)));
    q.left_join(
        work_kind::Entity,
        Expr::col((work_kind::Entity, work_kind::Column::Id))
            .equals((mark::Entity, mark::Column::WorkKindId)),
    )
    .cond_where(of_subject(org_id, group_id, subject_id, to))
    .group_by_col((mark::Entity, mark::Column::StudentPersonId))
    .group_by_col((lesson::Entity, lesson::Column::SubgroupId))
    .group_by_col((mark::Entity, mark::Column::Value));
    MarkTotal::find_by_statement(db.get_database_backend().build(&q))
        .all(db)
        .await
}

/// Absences of a group's subject up to a date, counted by student, subgroup and reason.
pub async fn absences(
    db: &impl ConnectionTrait,
    org_id: i64,
    group_id: i64,
    subject_id: i64,
    to: NaiveDate,
) -> Result<Vec<AbsenceTotal>, DbErr> {
    let e = |c: journal_entry::Column| Expr::col((journal_entry::Entity, c));
    let mut q = Query::select();
    q.expr_as(
        e(journal_entry::Column::StudentPersonId),
        Alias::new("student_person_id"),
    )
    .expr_as(
        Expr::col((lesson::Entity, lesson::Column::SubgroupId)),
        Alias::new("subgroup_id"),
    )
    .expr_as(e(journal_entry::Column::Reason), Alias::new("reason"))
    .expr_as(Func::count(Expr::val(1)), Alias::new("lessons"))
    .from(journal_entry::Entity);
    lesson_of(&mut q, e(journal_entry::Column::LessonId));
    q.cond_where(
        of_subject(org_id, group_id, subject_id, to).add(
            e(journal_entry::Column::Attendance).eq(domain::journal::Attendance::Absent.code()),
        ),
    )
    .group_by_col((
        journal_entry::Entity,
        journal_entry::Column::StudentPersonId,
    ))
    .group_by_col((lesson::Entity, lesson::Column::SubgroupId))
    .group_by_col((journal_entry::Entity, journal_entry::Column::Reason));
    AbsenceTotal::find_by_statement(db.get_database_backend().build(&q))
        .all(db)
        .await
}
