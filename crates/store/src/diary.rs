//! What the diary reads: the student with their group, and the group's
//! lessons with subject, teachers, room and the student's cells, each in one
//! query.

use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Condition, Expr, Query};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};

use crate::journal::CellRow;

use crate::entity::{
    group_student, journal_entry, lesson, lesson_file, mark, person, room, study_group, subject,
};

#[derive(Debug, Clone, FromQueryResult)]
pub struct DiaryStudent {
    pub person_id: i64,
    pub surname: String,
    pub name: String,
    pub patronymic: Option<String>,
    pub group_id: i64,
    pub group_name: String,
    pub subgroup_id: Option<i64>,
}

/// The student of this college with their group; none when not a student here.
pub async fn student(
    db: &impl ConnectionTrait,
    org_id: i64,
    person_id: i64,
) -> Result<Option<DiaryStudent>, DbErr> {
    let gs = |c: group_student::Column| Expr::col((group_student::Entity, c));
    let q = Query::select()
        .expr_as(gs(group_student::Column::PersonId), Alias::new("person_id"))
        .expr_as(gs(group_student::Column::GroupId), Alias::new("group_id"))
        .expr_as(
            gs(group_student::Column::SubgroupId),
            Alias::new("subgroup_id"),
        )
        .expr_as(
            Expr::col((person::Entity, person::Column::Surname)),
            Alias::new("surname"),
        )
        .expr_as(
            Expr::col((person::Entity, person::Column::Name)),
            Alias::new("name"),
        )
        .expr_as(
            Expr::col((person::Entity, person::Column::Patronymic)),
            Alias::new("patronymic"),
        )
        .expr_as(
            Expr::col((study_group::Entity, study_group::Column::Name)),
            Alias::new("group_name"),
        )
        .from(group_student::Entity)
        .inner_join(
            person::Entity,
            Expr::col((person::Entity, person::Column::Id))
                .equals((group_student::Entity, group_student::Column::PersonId)),
        )
        .inner_join(
            study_group::Entity,
            Expr::col((study_group::Entity, study_group::Column::Id))
                .equals((group_student::Entity, group_student::Column::GroupId)),
        )
        .cond_where(
            Condition::all()
                .add(gs(group_student::Column::OrgId).eq(org_id))
                .add(gs(group_student::Column::PersonId).eq(person_id)),
        )
        .order_by(
            (group_student::Entity, group_student::Column::Id),
            sea_orm::Order::Desc,
        )
        .limit(1)
        .to_owned();
    DiaryStudent::find_by_statement(db.get_database_backend().build(&q))
        .one(db)
        .await
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct DiaryLesson {
    pub id: i64,
    pub date: NaiveDate,
    pub pair_no: i32,
    pub starts_at: String,
    pub ends_at: String,
    pub subject_id: i64,
    pub subject: String,
    pub topic: String,
    pub homework: String,
    pub cancelled: bool,
    pub changed: bool,
    pub teacher_surname: String,
    pub teacher_name: String,
    pub teacher_patronymic: Option<String>,
    pub substitute_surname: Option<String>,
    pub substitute_name: Option<String>,
    pub substitute_patronymic: Option<String>,
    pub room: Option<String>,
    /// Whether files are attached: most lessons have none, and the diary
    /// then asks for no files at all.
    pub has_files: bool,
}

/// Lessons of a group for the whole group and for one subgroup (or only the
/// whole group's), between two dates, by date and pair; with the student's
/// cells at them (a row of the query for each mark).
pub async fn lessons(
    db: &impl ConnectionTrait,
    org_id: i64,
    group_id: i64,
    subgroup_id: Option<i64>,
    student_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<(Vec<DiaryLesson>, Vec<CellRow>), DbErr> {
    let l = |c: lesson::Column| Expr::col((lesson::Entity, c));
    let e = |c: journal_entry::Column| Expr::col((journal_entry::Entity, c));
    let mut sub = Condition::any().add(l(lesson::Column::SubgroupId).is_null());
    if let Some(s) = subgroup_id {
        sub = sub.add(l(lesson::Column::SubgroupId).eq(s));
    }
    let mut q = Query::select();
    for (column, alias) in [
        (lesson::Column::Id, "id"),
        (lesson::Column::Date, "date"),
        (lesson::Column::PairNo, "pair_no"),
        (lesson::Column::StartsAt, "starts_at"),
        (lesson::Column::EndsAt, "ends_at"),
        (lesson::Column::SubjectId, "subject_id"),
        (lesson::Column::Topic, "topic"),
        (lesson::Column::Homework, "homework"),
        (lesson::Column::Cancelled, "cancelled"),
        (lesson::Column::Changed, "changed"),
    ] {
        q.expr_as(l(column), Alias::new(alias));
    }
    crate::lessons::select_teachers(&mut q);
    q.expr_as(
        Expr::col((subject::Entity, subject::Column::Name)),
        Alias::new("subject"),
    )
    .expr_as(
        Expr::col((room::Entity, room::Column::Number)),
        Alias::new("room"),
    )
    .expr_as(
        Expr::exists(
            Query::select()
                .expr(Expr::val(1))
                .from(lesson_file::Entity)
                .and_where(
                    Expr::col((lesson_file::Entity, lesson_file::Column::LessonId))
                        .equals((lesson::Entity, lesson::Column::Id)),
                )
                .to_owned(),
        ),
        Alias::new("has_files"),
    )
    .from(lesson::Entity)
    .inner_join(
        subject::Entity,
        Expr::col((subject::Entity, subject::Column::Id))
            .equals((lesson::Entity, lesson::Column::SubjectId)),
    )
    .left_join(
        room::Entity,
        Expr::col((room::Entity, room::Column::Id))
            .equals((lesson::Entity, lesson::Column::RoomId)),
    )
    .left_join(
        journal_entry::Entity,
        Condition::all()
            .add(e(journal_entry::Column::LessonId).equals((lesson::Entity, lesson::Column::Id)))
            .add(e(journal_entry::Column::StudentPersonId).eq(student_id)),
    )
    .cond_where(
        Condition::all()
            .add(l(lesson::Column::OrgId).eq(org_id))
            .add(l(lesson::Column::GroupId).eq(group_id))
            .add(l(lesson::Column::Date).between(from, to))
            .add(sub),
    )
    .order_by((lesson::Entity, lesson::Column::Date), sea_orm::Order::Asc)
    .order_by(
        (lesson::Entity, lesson::Column::PairNo),
        sea_orm::Order::Asc,
    )
    .order_by((lesson::Entity, lesson::Column::Id), sea_orm::Order::Asc)
    .order_by((mark::Entity, mark::Column::Position), sea_orm::Order::Asc)
    .order_by((mark::Entity, mark::Column::Id), sea_orm::Order::Asc);
    // The cell's columns, prefixed: `CellRow` reads them back with the prefix.
    crate::journal::select_cell(&mut q, "cell_");
    let rows = db.query_all(db.get_database_backend().build(&q)).await?;
    let mut lessons: Vec<DiaryLesson> = Vec::new();
    let mut cells = Vec::new();
    for row in &rows {
        // A lesson's rows are adjacent: its id orders before its marks.
        let id: i64 = row.try_get("", "id")?;
        if lessons.last().is_none_or(|l| l.id != id) {
            lessons.push(DiaryLesson::from_query_result(row, "")?);
        }
        if row.try_get::<Option<i32>>("", "cell_version")?.is_some() {
            cells.push(CellRow::from_query_result(row, "cell_")?);
        }
    }
    Ok((lessons, cells))
}
