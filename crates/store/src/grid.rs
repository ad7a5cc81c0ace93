//! The head of a journal grid in one query: the group's and subject's names,
//! the subject's scale, the span of its lessons in the group, whether the
//! load of the year gives the caller the subject in the group, and the
//! college's days for editing marks.

use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Condition, Expr, Func, Query};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};

use crate::entity::{college_settings, lesson, study_group, subject, teaching_load};

#[derive(Debug, Clone, FromQueryResult)]
pub struct GridHead {
    pub group: String,
    pub subject: String,
    pub scale: String,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    /// 1 when the year's teaching load gives `person_id` the subject in the group.
    pub teaches: i32,
    /// None when the college has not saved its settings.
    pub mark_edit_days: Option<i32>,
}

/// None when the group or the subject is not the college's.
pub async fn head(
    db: &impl ConnectionTrait,
    org_id: i64,
    group_id: i64,
    subject_id: i64,
    person_id: i64,
    school_year: i32,
) -> Result<Option<GridHead>, DbErr> {
    let l = |c: lesson::Column| Expr::col((lesson::Entity, c));
    let g = |c: study_group::Column| Expr::col((study_group::Entity, c));
    let s = |c: subject::Column| Expr::col((subject::Entity, c));
    let t = |c: teaching_load::Column| Expr::col((teaching_load::Entity, c));
    let load = Query::select()
        .expr(Expr::val(1))
        .from(teaching_load::Entity)
        .and_where(t(teaching_load::Column::OrgId).eq(org_id))
        .and_where(t(teaching_load::Column::SchoolYear).eq(school_year))
        .and_where(t(teaching_load::Column::GroupId).eq(group_id))
        .and_where(t(teaching_load::Column::SubjectId).eq(subject_id))
        .and_where(t(teaching_load::Column::TeacherPersonId).eq(person_id))
        .to_owned();
    let q = Query::select()
        .expr_as(g(study_group::Column::Name), Alias::new("group"))
        .expr_as(s(subject::Column::Name), Alias::new("subject"))
        .expr_as(s(subject::Column::Scale), Alias::new("scale"))
        .expr_as(Func::min(l(lesson::Column::Date)), Alias::new("first"))
        .expr_as(Func::max(l(lesson::Column::Date)), Alias::new("last"))
        .expr_as(
            Expr::case(Expr::exists(load), 1).finally(0),
            Alias::new("teaches"),
        )
        .expr_as(
            Expr::col((
                college_settings::Entity,
                college_settings::Column::MarkEditDays,
            )),
            Alias::new("mark_edit_days"),
        )
        .from(study_group::Entity)
        .inner_join(
            subject::Entity,
            Condition::all()
                .add(s(subject::Column::Id).eq(subject_id))
                .add(
                    s(subject::Column::OrgId)
                        .equals((study_group::Entity, study_group::Column::OrgId)),
                ),
        )
        .left_join(
            lesson::Entity,
            Condition::all()
                .add(
                    l(lesson::Column::GroupId)
                        .equals((study_group::Entity, study_group::Column::Id)),
                )
                .add(l(lesson::Column::SubjectId).equals((subject::Entity, subject::Column::Id))),
        )
        .left_join(
            college_settings::Entity,
            Expr::col((college_settings::Entity, college_settings::Column::OrgId))
                .equals((study_group::Entity, study_group::Column::OrgId)),
        )
        .cond_where(
            Condition::all()
                .add(g(study_group::Column::Id).eq(group_id))
                .add(g(study_group::Column::OrgId).eq(org_id)),
        )
        .group_by_col((study_group::Entity, study_group::Column::Name))
        .group_by_col((subject::Entity, subject::Column::Name))
        .group_by_col((subject::Entity, subject::Column::Scale))
        .group_by_col((
            college_settings::Entity,
            college_settings::Column::MarkEditDays,
        ))
        .to_owned();
    GridHead::find_by_statement(db.get_database_backend().build(&q))
        .one(db)
        .await
}
