//! Marks and attendance: one entry per lesson and student that has anything
//! recorded, its marks, and the append-only history of every change.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use sea_orm::sea_query::{
    Alias, Condition, Expr, Query, SelectStatement, SimpleExpr, SubQueryStatement,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    FromQueryResult, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Set,
};

mod cell_write;
pub use cell_write::{
    write_cell, write_cell_is_one_statement, CellChanges, EntryWrite, HistoryRow, WrittenCell,
};

use crate::entity::{
    college_settings, group_student, journal_change, journal_entry, journal_unlock, lesson, mark,
    school_year, subject, work_kind,
};

pub async fn entries_of_lessons(
    db: &impl ConnectionTrait,
    org_id: i64,
    lesson_ids: &[i64],
) -> Result<Vec<journal_entry::Model>, DbErr> {
    journal_entry::Entity::find()
        .filter(journal_entry::Column::OrgId.eq(org_id))
        .filter(journal_entry::Column::LessonId.is_in(lesson_ids.iter().copied()))
        .all(db)
        .await
}

pub async fn marks_of_lessons(
    db: &impl ConnectionTrait,
    org_id: i64,
    lesson_ids: &[i64],
) -> Result<Vec<mark::Model>, DbErr> {
    mark::Entity::find()
        .filter(mark::Column::OrgId.eq(org_id))
        .filter(mark::Column::LessonId.is_in(lesson_ids.iter().copied()))
        .order_by_asc(mark::Column::Position)
        .order_by_asc(mark::Column::Id)
        .all(db)
        .await
}

/// One mark of a cell (or the cell alone, when it holds no mark), with its
/// kind of work: a row of [`cells`] (and of the diary's lessons).
#[derive(Debug, Clone, FromQueryResult)]
pub struct CellRow {
    pub lesson_id: i64,
    pub student_person_id: i64,
    pub attendance: Option<String>,
    pub reason: Option<String>,
    pub version: i32,
    pub mark_id: Option<i64>,
    pub value: Option<String>,
    pub work_kind: Option<String>,
    pub weight: Option<i32>,
}

/// Adds to `q`, which has `journal_entries` in it, a cell's columns (read
/// back by `CellRow`) and the joins of its marks and their kinds: a row a mark.
fn select_cell(q: &mut SelectStatement) {
    let e = |c: journal_entry::Column| Expr::col((journal_entry::Entity, c));
    let m = |c: mark::Column| Expr::col((mark::Entity, c));
    let k = |c: work_kind::Column| Expr::col((work_kind::Entity, c));
    for (expr, alias) in [
        (e(journal_entry::Column::LessonId), "lesson_id"),
        (
            e(journal_entry::Column::StudentPersonId),
            "student_person_id",
        ),
        (e(journal_entry::Column::Attendance), "attendance"),
        (e(journal_entry::Column::Reason), "reason"),
        (e(journal_entry::Column::Version), "version"),
        (m(mark::Column::Id), "mark_id"),
        (m(mark::Column::Value), "value"),
        (k(work_kind::Column::Name), "work_kind"),
        (k(work_kind::Column::Weight), "weight"),
    ] {
        q.expr_as(expr, Alias::new(alias));
    }
    q.left_join(
        mark::Entity,
        m(mark::Column::EntryId).equals((journal_entry::Entity, journal_entry::Column::Id)),
    )
    .left_join(
        work_kind::Entity,
        k(work_kind::Column::Id).equals((mark::Entity, mark::Column::WorkKindId)),
    );
}

/// The cells at the lessons of a range, each with its marks in order and
/// their kinds of work: entries, marks and kinds in one query, only the
/// columns a grid shows.
pub async fn cells(
    db: &impl ConnectionTrait,
    range: &crate::lessons::LessonRange,
) -> Result<Vec<CellRow>, DbErr> {
    let e = |c: journal_entry::Column| Expr::col((journal_entry::Entity, c));
    let filter = Condition::all()
        .add(e(journal_entry::Column::OrgId).eq(range.org_id))
        .add(e(journal_entry::Column::LessonId).in_subquery(range.ids()));
    let mut q = Query::select();
    q.from(journal_entry::Entity);
    select_cell(&mut q);
    let q = q
        .cond_where(filter)
        .order_by(
            (journal_entry::Entity, journal_entry::Column::LessonId),
            sea_orm::Order::Asc,
        )
        .order_by(
            (
                journal_entry::Entity,
                journal_entry::Column::StudentPersonId,
            ),
            sea_orm::Order::Asc,
        )
        .order_by((mark::Entity, mark::Column::Position), sea_orm::Order::Asc)
        .order_by((mark::Entity, mark::Column::Id), sea_orm::Order::Asc)
        .to_owned();
    CellRow::find_by_statement(db.get_database_backend().build(&q))
        .all(db)
        .await
}

/// One student's entries at these lessons (the diary).
pub async fn entries_of_student(
    db: &impl ConnectionTrait,
    org_id: i64,
    student_id: i64,
    lesson_ids: &[i64],
) -> Result<Vec<journal_entry::Model>, DbErr> {
    journal_entry::Entity::find()
        .filter(journal_entry::Column::OrgId.eq(org_id))
        .filter(journal_entry::Column::StudentPersonId.eq(student_id))
        .filter(journal_entry::Column::LessonId.is_in(lesson_ids.iter().copied()))
        .all(db)
        .await
}

/// One cell: its entry with its marks in order, in one query; None for a cell never written.
pub async fn cell(
    db: &impl ConnectionTrait,
    org_id: i64,
    lesson_id: i64,
    student_id: i64,
) -> Result<Option<(journal_entry::Model, Vec<mark::Model>)>, DbErr> {
    let mark_of_entry: sea_orm::RelationDef = mark::Entity::belongs_to(journal_entry::Entity)
        .from(mark::Column::EntryId)
        .to(journal_entry::Column::Id)
        .into();
    let rows = journal_entry::Entity::find()
        .filter(journal_entry::Column::OrgId.eq(org_id))
        .filter(journal_entry::Column::LessonId.eq(lesson_id))
        .filter(journal_entry::Column::StudentPersonId.eq(student_id))
        .join(sea_orm::JoinType::LeftJoin, mark_of_entry.rev())
        .select_also(mark::Entity)
        .order_by_asc(mark::Column::Position)
        .order_by_asc(mark::Column::Id)
        .all(db)
        .await?;
    let mut rows = rows.into_iter();
    let Some((entry, first)) = rows.next() else {
        return Ok(None);
    };
    let marks = first
        .into_iter()
        .chain(rows.filter_map(|(_, m)| m))
        .collect();
    Ok(Some((entry, marks)))
}

#[derive(Debug, Clone, Copy)]
pub struct EntryState<'a> {
    pub attendance: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub source: Option<&'a str>,
    pub account_id: i64,
    pub at: DateTime<Utc>,
}

/// A new entry at version 1. A concurrent insert of the same cell fails on the unique index.
/// One statement: the model is built from what was inserted rather than read back.
pub async fn insert_entry(
    db: &impl ConnectionTrait,
    org_id: i64,
    lesson_id: i64,
    student_id: i64,
    s: EntryState<'_>,
) -> Result<journal_entry::Model, DbErr> {
    let mut model = journal_entry::Model {
        id: 0,
        org_id,
        lesson_id,
        student_person_id: student_id,
        attendance: s.attendance.map(str::to_string),
        reason: s.reason.map(str::to_string),
        source: s.source.map(str::to_string),
        version: 1,
        updated_by: s.account_id,
        updated_at: s.at,
    };
    let mut active: journal_entry::ActiveModel = model.clone().into();
    active.id = NotSet;
    model.id = journal_entry::Entity::insert(active)
        .exec(db)
        .await?
        .last_insert_id;
    Ok(model)
}

/// Moves an entry from `version` to `version + 1`; false when someone else
/// changed it first (the caller reports a conflict, nothing is lost).
pub async fn update_entry(
    db: &impl ConnectionTrait,
    entry_id: i64,
    version: i32,
    s: EntryState<'_>,
) -> Result<bool, DbErr> {
    let res = journal_entry::Entity::update_many()
        .col_expr(
            journal_entry::Column::Attendance,
            s.attendance.map(str::to_string).into(),
        )
        .col_expr(
            journal_entry::Column::Reason,
            s.reason.map(str::to_string).into(),
        )
        .col_expr(
            journal_entry::Column::Source,
            s.source.map(str::to_string).into(),
        )
        .col_expr(journal_entry::Column::Version, Expr::value(version + 1))
        .col_expr(journal_entry::Column::UpdatedBy, s.account_id.into())
        .col_expr(journal_entry::Column::UpdatedAt, s.at.into())
        .filter(journal_entry::Column::Id.eq(entry_id))
        .filter(journal_entry::Column::Version.eq(version))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

#[derive(Debug, Clone)]
pub struct NewMark {
    pub value: String,
    pub work_kind_id: i64,
    pub position: i32,
}

/// New marks of an entry in one statement; the models are built from what
/// was inserted, with the ids the database gave (matched by position: the
/// order of `RETURNING` rows is not defined).
pub async fn insert_marks(
    db: &impl ConnectionTrait,
    entry: &journal_entry::Model,
    marks: Vec<NewMark>,
    account_id: i64,
    at: DateTime<Utc>,
) -> Result<Vec<mark::Model>, DbErr> {
    if marks.is_empty() {
        return Ok(Vec::new());
    }
    let now = at;
    let mut models: Vec<mark::Model> = marks
        .into_iter()
        .map(|m| mark::Model {
            id: 0,
            org_id: entry.org_id,
            entry_id: entry.id,
            lesson_id: entry.lesson_id,
            student_person_id: entry.student_person_id,
            value: m.value,
            work_kind_id: m.work_kind_id,
            position: m.position,
            created_by: account_id,
            created_at: now,
        })
        .collect();
    let mut q = Query::insert();
    q.into_table(mark::Entity).columns([
        mark::Column::OrgId,
        mark::Column::EntryId,
        mark::Column::LessonId,
        mark::Column::StudentPersonId,
        mark::Column::Value,
        mark::Column::WorkKindId,
        mark::Column::Position,
        mark::Column::CreatedBy,
        mark::Column::CreatedAt,
    ]);
    for m in &models {
        q.values([
            m.org_id.into(),
            m.entry_id.into(),
            m.lesson_id.into(),
            m.student_person_id.into(),
            m.value.clone().into(),
            m.work_kind_id.into(),
            m.position.into(),
            m.created_by.into(),
            m.created_at.into(),
        ])
        .map_err(|e| DbErr::Custom(e.to_string()))?;
    }
    q.returning(Query::returning().columns([mark::Column::Id, mark::Column::Position]));
    for row in db.query_all(db.get_database_backend().build(&q)).await? {
        let id: i64 = row.try_get("", "id")?;
        let position: i32 = row.try_get("", "position")?;
        if let Some(m) = models.iter_mut().find(|m| m.position == position) {
            m.id = id;
        }
    }
    if models.iter().any(|m| m.id == 0) {
        return Err(DbErr::RecordNotInserted);
    }
    Ok(models)
}

/// A mark's value only: its kind of work may have changed since the writer read it.
pub async fn set_mark_value(db: &impl ConnectionTrait, id: i64, value: &str) -> Result<(), DbErr> {
    mark::Entity::update_many()
        .col_expr(mark::Column::Value, value.into())
        .filter(mark::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn set_mark_kind(
    db: &impl ConnectionTrait,
    id: i64,
    work_kind_id: i64,
) -> Result<(), DbErr> {
    mark::Entity::update_many()
        .col_expr(mark::Column::WorkKindId, work_kind_id.into())
        .filter(mark::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn delete_mark(db: &impl ConnectionTrait, id: i64) -> Result<(), DbErr> {
    mark::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

pub struct Change<'a> {
    pub org_id: i64,
    /// When the change was made (the app's clock).
    pub at: DateTime<Utc>,
    pub lesson_id: i64,
    pub student_id: i64,
    pub what: &'a str,
    pub mark_id: Option<i64>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub account_id: i64,
    pub via: &'a str,
}

/// Appends to the history; rows are never updated or deleted.
fn change_row(c: Change<'_>) -> journal_change::ActiveModel {
    journal_change::ActiveModel {
        org_id: Set(c.org_id),
        lesson_id: Set(c.lesson_id),
        student_person_id: Set(c.student_id),
        what: Set(c.what.to_string()),
        mark_id: Set(c.mark_id),
        old_value: Set(c.old_value),
        new_value: Set(c.new_value),
        changed_by: Set(c.account_id),
        changed_at: Set(c.at),
        via: Set(c.via.to_string()),
        ..Default::default()
    }
}

pub async fn record_change(db: &impl ConnectionTrait, c: Change<'_>) -> Result<(), DbErr> {
    record_changes(db, vec![c]).await
}

/// Appends several history rows in one statement.
pub async fn record_changes(db: &impl ConnectionTrait, cs: Vec<Change<'_>>) -> Result<(), DbErr> {
    if cs.is_empty() {
        return Ok(());
    }
    journal_change::Entity::insert_many(cs.into_iter().map(change_row))
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn history(
    db: &impl ConnectionTrait,
    org_id: i64,
    lesson_id: i64,
    student_id: i64,
) -> Result<Vec<journal_change::Model>, DbErr> {
    journal_change::Entity::find()
        .filter(journal_change::Column::OrgId.eq(org_id))
        .filter(journal_change::Column::LessonId.eq(lesson_id))
        .filter(journal_change::Column::StudentPersonId.eq(student_id))
        .order_by_asc(journal_change::Column::Id)
        .all(db)
        .await
}

pub struct NewUnlock<'a> {
    pub teacher_person_id: i64,
    pub group_id: i64,
    pub subject_id: Option<i64>,
    pub date_from: NaiveDate,
    pub date_to: NaiveDate,
    pub reason: &'a str,
    pub granted_by: i64,
}

/// What decides whether a lesson's cells may still be changed, in one query:
/// the college's days for editing marks (none when it never set them) and
/// whether the lesson's school year is closed.
#[derive(Debug, Clone, Copy, FromQueryResult)]
pub struct EditRules {
    pub mark_edit_days: Option<i32>,
    pub year_closed: bool,
}

pub async fn edit_rules(
    db: &impl ConnectionTrait,
    org_id: i64,
    school_year: i32,
) -> Result<EditRules, DbErr> {
    let (days, closed) = edit_rules_columns(org_id, Expr::val(school_year).into());
    let q = Query::select()
        .expr_as(days, Alias::new("mark_edit_days"))
        .expr_as(closed, Alias::new("year_closed"))
        .to_owned();
    EditRules::find_by_statement(db.get_database_backend().build(&q))
        .one(db)
        .await?
        .ok_or(DbErr::RecordNotFound("edit rules".into()))
}

/// The two columns of `EditRules` as subqueries: the college's days for
/// marks, and whether the school year `year` (a value or an expression) is closed.
fn edit_rules_columns(org_id: i64, year: SimpleExpr) -> (SimpleExpr, SimpleExpr) {
    let days = Query::select()
        .column(college_settings::Column::MarkEditDays)
        .from(college_settings::Entity)
        .and_where(Expr::col(college_settings::Column::OrgId).eq(org_id))
        .to_owned();
    let closed = Query::select()
        .expr(Expr::val(1))
        .from(school_year::Entity)
        .and_where(Expr::col((school_year::Entity, school_year::Column::OrgId)).eq(org_id))
        .and_where(Expr::col((school_year::Entity, school_year::Column::Year)).eq(year))
        .and_where(Expr::col((school_year::Entity, school_year::Column::ClosedAt)).is_not_null())
        .to_owned();
    (
        SimpleExpr::SubQuery(None, Box::new(SubQueryStatement::SelectStatement(days))),
        Expr::exists(closed),
    )
}

/// What a cell write checks, read with its lesson in one query.
pub struct CellWriteContext {
    pub lesson: lesson::Model,
    pub subject: Option<subject::Model>,
    /// The student is in the lesson's group (and its subgroup, if it has one).
    pub student_takes_part: bool,
    pub rules: EditRules,
    /// The cell as `cell` reads it: none when never written.
    pub cell: Option<(journal_entry::Model, Vec<mark::Model>)>,
    /// The college's kinds of work, as `subjects::work_kinds` reads them.
    pub work_kinds: Vec<work_kind::Model>,
}

/// The lesson with its subject, whether the student takes part, the
/// editing rules of the lesson's school year (`edit_rules`), the cell and the
/// college's kinds of work, in one query rather than five.
pub async fn cell_write_context(
    db: &impl ConnectionTrait,
    org_id: i64,
    lesson_id: i64,
    student_id: i64,
) -> Result<Option<CellWriteContext>, DbErr> {
    let backend = db.get_database_backend();
    let l = |c: lesson::Column| Expr::col((lesson::Entity, c));
    let gs = |c: group_student::Column| Expr::col((group_student::Entity, c));
    let member = Query::select()
        .expr(Expr::val(1))
        .from(group_student::Entity)
        .cond_where(
            Condition::all()
                .add(
                    gs(group_student::Column::OrgId)
                        .equals((lesson::Entity, lesson::Column::OrgId)),
                )
                .add(gs(group_student::Column::PersonId).eq(student_id))
                .add(
                    gs(group_student::Column::GroupId)
                        .equals((lesson::Entity, lesson::Column::GroupId)),
                )
                .add(
                    Condition::any()
                        .add(l(lesson::Column::SubgroupId).is_null())
                        .add(
                            gs(group_student::Column::SubgroupId)
                                .equals((lesson::Entity, lesson::Column::SubgroupId)),
                        ),
                ),
        )
        .to_owned();
    // The school year of the lesson's date (domain::reference::school_year):
    // September to August, so the year of the date eight months earlier.
    let lesson_year = Expr::cust(if backend == sea_orm::DbBackend::Sqlite {
        "CAST(strftime('%Y', lessons.date, '-8 months') AS INTEGER)"
    } else {
        "CAST(EXTRACT(YEAR FROM lessons.date - INTERVAL '8 months') AS INTEGER)"
    });
    let (days, closed) = edit_rules_columns(org_id, lesson_year);
    let mut q = lesson::Entity::find_by_id(lesson_id)
        .filter(lesson::Column::OrgId.eq(org_id))
        .join(
            sea_orm::JoinType::LeftJoin,
            lesson::Entity::belongs_to(subject::Entity)
                .from(lesson::Column::SubjectId)
                .to(subject::Column::Id)
                .into(),
        )
        .select_also(subject::Entity)
        .expr_as(Expr::exists(member), "takes_part")
        .expr_as(days, "mark_edit_days")
        .expr_as(closed, "year_closed")
        .expr_as(work_kinds_json(backend, org_id), "work_kinds")
        .into_query();
    // The cell too: a row a mark (one for a cell without marks).
    let entry_col = |c: journal_entry::Column| Expr::col((journal_entry::Entity, c));
    q.left_join(
        journal_entry::Entity,
        Condition::all()
            .add(
                entry_col(journal_entry::Column::LessonId)
                    .equals((lesson::Entity, lesson::Column::Id)),
            )
            .add(entry_col(journal_entry::Column::StudentPersonId).eq(student_id)),
    )
    .left_join(
        mark::Entity,
        Expr::col((mark::Entity, mark::Column::EntryId))
            .equals((journal_entry::Entity, journal_entry::Column::Id)),
    );
    crate::select_prefixed::<journal_entry::Entity>(&mut q, "E_");
    crate::select_prefixed::<mark::Entity>(&mut q, "M_");
    let rows = db.query_all(backend.build(&q)).await?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let cell = match journal_entry::Model::from_query_result_optional(row, "E_")? {
        None => None,
        Some(entry) => {
            let mut marks = Vec::new();
            for row in &rows {
                if let Some(m) = mark::Model::from_query_result_optional(row, "M_")? {
                    marks.push(m);
                }
            }
            marks.sort_by_key(|m| (m.position, m.id));
            Some((entry, marks))
        }
    };
    let kinds: String = row.try_get("", "work_kinds")?;
    Ok(Some(CellWriteContext {
        work_kinds: work_kinds_of_json(org_id, &kinds)?,
        lesson: lesson::Model::from_query_result(row, "A_")?,
        subject: subject::Model::from_query_result_optional(row, "B_")?,
        student_takes_part: row.try_get("", "takes_part")?,
        rules: EditRules::from_query_result(row, "")?,
        cell,
    }))
}

/// The college's kinds of work as one JSON column, `[[id, name, weight,
/// position], ...]`: a scalar subquery, so they come with a row of the
/// query, not as rows of their own. `org_id` is a number, safe in the text.
fn work_kinds_json(backend: sea_orm::DbBackend, org_id: i64) -> SimpleExpr {
    Expr::cust(if backend == sea_orm::DbBackend::Sqlite {
        format!(
            "(SELECT json_group_array(json_array(k.id, k.name, k.weight, k.position)) \
             FROM work_kinds k WHERE k.org_id = {org_id})"
        )
    } else {
        format!(
            "(SELECT COALESCE(json_agg(json_build_array(k.id, k.name, k.weight, k.position)), '[]')::text \
             FROM work_kinds k WHERE k.org_id = {org_id})"
        )
    })
}

/// Decodes `work_kinds_json` in the order of `subjects::work_kinds`.
fn work_kinds_of_json(org_id: i64, json: &str) -> Result<Vec<work_kind::Model>, DbErr> {
    let rows: Vec<(i64, String, i32, i32)> =
        serde_json::from_str(json).map_err(|e| DbErr::Type(format!("kinds of work: {e}")))?;
    let mut kinds: Vec<work_kind::Model> = rows
        .into_iter()
        .map(|(id, name, weight, position)| work_kind::Model {
            id,
            org_id,
            name,
            weight,
            position,
        })
        .collect();
    kinds.sort_by_key(|k| (k.position, k.id));
    Ok(kinds)
}

pub async fn insert_unlock(
    db: &impl ConnectionTrait,
    org_id: i64,
    u: NewUnlock<'_>,
    at: DateTime<Utc>,
) -> Result<journal_unlock::Model, DbErr> {
    journal_unlock::ActiveModel {
        org_id: Set(org_id),
        teacher_person_id: Set(u.teacher_person_id),
        group_id: Set(u.group_id),
        subject_id: Set(u.subject_id),
        date_from: Set(u.date_from),
        date_to: Set(u.date_to),
        reason: Set(u.reason.to_string()),
        granted_by: Set(u.granted_by),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Unlocks that cover a lesson of this teacher, group and subject on this date.
pub async fn unlocks_covering(
    db: &impl ConnectionTrait,
    org_id: i64,
    teacher_person_id: i64,
    group_id: i64,
    subject_id: i64,
) -> Result<Vec<journal_unlock::Model>, DbErr> {
    journal_unlock::Entity::find()
        .filter(journal_unlock::Column::OrgId.eq(org_id))
        .filter(journal_unlock::Column::TeacherPersonId.eq(teacher_person_id))
        .filter(journal_unlock::Column::GroupId.eq(group_id))
        .filter(
            Condition::any()
                .add(journal_unlock::Column::SubjectId.is_null())
                .add(journal_unlock::Column::SubjectId.eq(subject_id)),
        )
        .all(db)
        .await
}

pub async fn unlocks_of_org(
    db: &impl ConnectionTrait,
    org_id: i64,
    limit: u64,
) -> Result<Vec<journal_unlock::Model>, DbErr> {
    use sea_orm::QuerySelect;
    journal_unlock::Entity::find()
        .filter(journal_unlock::Column::OrgId.eq(org_id))
        .order_by_desc(journal_unlock::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Absences and latenesses of a group's students between two dates, one row
/// per student and lesson: (student, attendance, reason). One query.
/// Absences and latenesses of a group's lessons between two dates that had
/// begun by `begun_by` (the college's wall time): a notice given ahead marks
/// lessons not missed yet.
pub async fn absences_of_group(
    db: &impl ConnectionTrait,
    org_id: i64,
    group_id: i64,
    from: NaiveDate,
    to: NaiveDate,
    begun_by: NaiveDateTime,
) -> Result<Vec<(i64, String, Option<String>)>, DbErr> {
    let today = begun_by.date();
    let begun = Condition::any().add(lesson::Column::Date.lt(today)).add(
        Condition::all()
            .add(lesson::Column::Date.eq(today))
            .add(lesson::Column::StartsAt.lte(begun_by.format("%H:%M").to_string())),
    );
    let lessons = Query::select()
        .column(lesson::Column::Id)
        .from(lesson::Entity)
        .and_where(lesson::Column::OrgId.eq(org_id))
        .and_where(lesson::Column::GroupId.eq(group_id))
        .and_where(lesson::Column::Date.between(from, to))
        .cond_where(begun)
        .to_owned();
    let rows = journal_entry::Entity::find()
        .filter(journal_entry::Column::OrgId.eq(org_id))
        .filter(journal_entry::Column::LessonId.in_subquery(lessons))
        .filter(journal_entry::Column::Attendance.is_not_null())
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|e| e.attendance.map(|a| (e.student_person_id, a, e.reason)))
        .collect())
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_notice(
    db: &impl ConnectionTrait,
    org_id: i64,
    student_id: i64,
    from: NaiveDate,
    to: NaiveDate,
    reason: &str,
    note: &str,
    account_id: i64,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    crate::entity::absence_notice::ActiveModel {
        org_id: Set(org_id),
        student_person_id: Set(student_id),
        date_from: Set(from),
        date_to: Set(to),
        reason: Set(reason.to_string()),
        note: Set(note.to_string()),
        created_by: Set(account_id),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn mark(
    db: &impl ConnectionTrait,
    org_id: i64,
    id: i64,
) -> Result<Option<mark::Model>, DbErr> {
    mark::Entity::find_by_id(id)
        .filter(mark::Column::OrgId.eq(org_id))
        .one(db)
        .await
}
