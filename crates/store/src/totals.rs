//! A subject's marks and absences per student summed in the database, so the
//! journal shows averages and missed hours without reading every cell of the year.

use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Condition, Expr, Func, Query, SelectStatement, UnionType};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};

use crate::entity::{journal_entry, lesson, mark, work_kind};

/// What a [`Total`] counts.
pub const MARKS: &str = "marks";
pub const ABSENCES: &str = "absences";

/// One student's total at lessons of one subgroup (none: the whole group's):
/// for [`MARKS`], the weights of their marks of one value (`code`); for
/// [`ABSENCES`], how many lessons they missed for one reason (`code`, none:
/// not given).
#[derive(Debug, Clone, FromQueryResult)]
pub struct Total {
    pub counts: String,
    pub student_person_id: i64,
    pub subgroup_id: Option<i64>,
    pub code: Option<String>,
    pub amount: i64,
}

fn of_subject(org_id: i64, group_id: i64, subject_id: i64, before: NaiveDate) -> Condition {
    let l = |c: lesson::Column| Expr::col((lesson::Entity, c));
    Condition::all()
        .add(l(lesson::Column::OrgId).eq(org_id))
        .add(l(lesson::Column::GroupId).eq(group_id))
        .add(l(lesson::Column::SubjectId).eq(subject_id))
        .add(l(lesson::Column::Date).lt(before))
        .add(l(lesson::Column::Cancelled).eq(false))
}

/// The columns every part selects, in order: what it counts, the student, the subgroup.
fn head(q: &mut SelectStatement, counts: &str, student: Expr) {
    q.expr_as(Expr::val(counts), Alias::new("counts"))
        .expr_as(student, Alias::new("student_person_id"))
        .expr_as(
            Expr::col((lesson::Entity, lesson::Column::SubgroupId)),
            Alias::new("subgroup_id"),
        );
}

/// Joins the lesson a mark or an entry belongs to.
fn lesson_of(q: &mut SelectStatement, lesson_id: Expr) {
    q.inner_join(
        lesson::Entity,
        Expr::col((lesson::Entity, lesson::Column::Id)).eq(lesson_id),
    );
}

/// Marks (summed by student, subgroup and value) and absences (counted by
/// student, subgroup and reason) of a group's subject before a date, in one
/// statement.
pub async fn of_subject_before(
    db: &impl ConnectionTrait,
    org_id: i64,
    group_id: i64,
    subject_id: i64,
    before: NaiveDate,
) -> Result<Vec<Total>, DbErr> {
    let mut marks = Query::select();
    head(
        &mut marks,
        MARKS,
        Expr::col((mark::Entity, mark::Column::StudentPersonId)),
    );
    marks
        .expr_as(
            Expr::col((mark::Entity, mark::Column::Value)),
            Alias::new("code"),
        )
        .expr_as(
            Func::sum(Func::coalesce([
                Expr::col((work_kind::Entity, work_kind::Column::Weight)).into(),
                Expr::value(1),
            ])),
            Alias::new("amount"),
        )
        .from(mark::Entity);
    lesson_of(
        &mut marks,
        Expr::col((mark::Entity, mark::Column::LessonId)),
    );
    marks
        .left_join(
            work_kind::Entity,
            Expr::col((work_kind::Entity, work_kind::Column::Id))
                .equals((mark::Entity, mark::Column::WorkKindId)),
        )
        .cond_where(of_subject(org_id, group_id, subject_id, before))
        .group_by_col((mark::Entity, mark::Column::StudentPersonId))
        .group_by_col((lesson::Entity, lesson::Column::SubgroupId))
        .group_by_col((mark::Entity, mark::Column::Value));

    let e = |c: journal_entry::Column| Expr::col((journal_entry::Entity, c));
    let mut absences = Query::select();
    head(
        &mut absences,
        ABSENCES,
        e(journal_entry::Column::StudentPersonId),
    );
    absences
        .expr_as(e(journal_entry::Column::Reason), Alias::new("code"))
        .expr_as(Func::count(Expr::val(1)), Alias::new("amount"))
        .from(journal_entry::Entity);
    lesson_of(&mut absences, e(journal_entry::Column::LessonId));
    absences
        .cond_where(of_subject(org_id, group_id, subject_id, before).add(
            e(journal_entry::Column::Attendance).eq(domain::journal::Attendance::Absent.code()),
        ))
        .group_by_col((
            journal_entry::Entity,
            journal_entry::Column::StudentPersonId,
        ))
        .group_by_col((lesson::Entity, lesson::Column::SubgroupId))
        .group_by_col((journal_entry::Entity, journal_entry::Column::Reason));

    marks.union(UnionType::All, absences);
    Total::find_by_statement(db.get_database_backend().build(&marks))
        .all(db)
        .await
}
