//! Writing one cell of the journal: attendance and marks of a student at a
//! lesson, with a version check and the history of every change.

use std::collections::HashMap;

use domain::journal::{
    attendance_record, cell_text, parse_cell, AbsenceReason, Attendance, CellInput, MarkScale,
    MarkValue,
};
use domain::{Actor, Permission};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use store::entity::{journal_entry, lesson, mark, work_kind};
use store::journal::{
    CellChanges, Change, EntryState, EntryWrite, HistoryRow, NewMark, WrittenCell,
};

use crate::error::{Error, Result};
use crate::notifications::AbsenceChange;
use crate::{require, App};

#[derive(Debug, Clone, Deserialize)]
pub struct CellWrite {
    pub lesson_id: i64,
    pub student_id: i64,
    /// «н», «о», «5 4», «н 2», «зч», or empty to clear.
    #[serde(default)]
    pub text: String,
    /// The version the writer saw; 0 for a cell that was empty.
    #[serde(default)]
    pub version: i32,
    /// For an absence: a reason code (`illness`, `document`, `college_order`, `invalid`).
    #[serde(default)]
    pub reason: Option<String>,
    /// The kind of work for new marks; the college's first kind when absent.
    #[serde(default)]
    pub work_kind_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MarkView {
    pub id: i64,
    pub value: MarkValue,
    pub short: &'static str,
    pub work_kind: String,
    pub weight: i32,
}

#[derive(Debug, Clone, Serialize)]
pub struct CellState {
    pub lesson_id: i64,
    pub student_id: i64,
    pub text: String,
    pub version: i32,
    pub attendance: Option<Attendance>,
    pub reason: Option<AbsenceReason>,
    pub marks: Vec<MarkView>,
}

pub(crate) fn state(
    lesson_id: i64,
    student_id: i64,
    entry: Option<&journal_entry::Model>,
    marks: &[&mark::Model],
    kinds: &[work_kind::Model],
) -> CellState {
    let attendance = entry
        .and_then(|e| e.attendance.as_deref())
        .and_then(Attendance::from_code);
    let reason = entry
        .and_then(|e| e.reason.as_deref())
        .and_then(AbsenceReason::from_code);
    let marks: Vec<MarkView> = marks
        .iter()
        .filter_map(|m| {
            let value = MarkValue::from_code(&m.value)?;
            let kind = kinds.iter().find(|k| k.id == m.work_kind_id);
            Some(MarkView {
                id: m.id,
                value,
                short: value.short(),
                work_kind: kind.map(|k| k.name.clone()).unwrap_or_default(),
                weight: kind.map(|k| k.weight).unwrap_or(1),
            })
        })
        .collect();
    let values: Vec<MarkValue> = marks.iter().map(|m| m.value).collect();
    CellState {
        lesson_id,
        student_id,
        text: cell_text(attendance, &values),
        version: entry.map(|e| e.version).unwrap_or(0),
        attendance,
        reason,
        marks,
    }
}

/// Cells by (lesson, student) from the rows of `store::journal::cells`
/// (a row a mark, in order, or one row for a cell without marks).
pub(crate) fn cells_of(rows: Vec<store::journal::CellRow>) -> HashMap<(i64, i64), CellState> {
    let mut cells: HashMap<(i64, i64), CellState> = HashMap::new();
    for row in rows {
        let cell = cells
            .entry((row.lesson_id, row.student_person_id))
            .or_insert_with(|| CellState {
                lesson_id: row.lesson_id,
                student_id: row.student_person_id,
                text: String::new(),
                version: row.version,
                attendance: row.attendance.as_deref().and_then(Attendance::from_code),
                reason: row.reason.as_deref().and_then(AbsenceReason::from_code),
                marks: Vec::new(),
            });
        if let (Some(id), Some(value)) = (
            row.mark_id,
            row.value.as_deref().and_then(MarkValue::from_code),
        ) {
            cell.marks.push(MarkView {
                id,
                value,
                short: value.short(),
                work_kind: row.work_kind.unwrap_or_default(),
                weight: row.weight.unwrap_or(1),
            });
        }
    }
    for cell in cells.values_mut() {
        let values: Vec<MarkValue> = cell.marks.iter().map(|m| m.value).collect();
        cell.text = cell_text(cell.attendance, &values);
    }
    cells
}

async fn current(
    db: &impl ConnectionTrait,
    org_id: i64,
    lesson_id: i64,
    student_id: i64,
    kinds: &[work_kind::Model],
) -> Result<Current> {
    let cell = store::journal::cell(db, org_id, lesson_id, student_id).await?;
    Ok(current_of(lesson_id, student_id, cell, kinds))
}

/// The cell as read (`store::journal::cell`), with its state.
fn current_of(
    lesson_id: i64,
    student_id: i64,
    cell: Option<(journal_entry::Model, Vec<mark::Model>)>,
    kinds: &[work_kind::Model],
) -> Current {
    let (entry, marks) = match cell {
        Some((entry, marks)) => (Some(entry), marks),
        None => (None, Vec::new()),
    };
    let refs: Vec<&mark::Model> = marks.iter().collect();
    let s = state(lesson_id, student_id, entry.as_ref(), &refs, kinds);
    (entry, marks, s)
}

/// Saves a cell. Via is `web` or `api`, for the history.
pub async fn write_cell(
    app: &App,
    actor: &Actor,
    input: CellWrite,
    via: &str,
) -> Result<CellState> {
    let store::journal::CellWriteContext {
        lesson,
        subject,
        student_takes_part,
        rules,
        cell,
        work_kinds: kinds,
    } = store::journal::cell_write_context(
        &app.db,
        actor.org_id,
        input.lesson_id,
        input.student_id,
    )
    .await?
    .ok_or(Error::NotFound("занятие"))?;
    // Nobody outside the lesson learns more than "forbidden".
    let may_attend = actor.can(Permission::AttendanceWrite {
        teacher_id: lesson.teacher_person_id,
        substitute_id: lesson.substitute_person_id,
        group_id: lesson.group_id,
    });
    if !may_attend {
        return Err(Error::Forbidden);
    }
    if lesson.cancelled {
        return Err(Error::Locked(
            "Занятие отменено: отметки на нём не ставятся.".into(),
        ));
    }
    let subject = subject
        .filter(|s| s.org_id == actor.org_id)
        .ok_or(Error::NotFound("предмет"))?;
    let scale = MarkScale::from_code(&subject.scale).unwrap_or(MarkScale::Five);
    let wanted = parse_cell(&input.text, scale).map_err(|m| Error::field("text", m))?;
    let reason = match input
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        Some(code) => Some(
            AbsenceReason::from_code(code)
                .ok_or_else(|| Error::field("reason", "Выберите причину отсутствия."))?,
        ),
        None => None,
    };
    if !student_takes_part {
        return Err(Error::field(
            "student_id",
            "Этот обучающийся не занимается на этом занятии.",
        ));
    }
    let new_kind = match input.work_kind_id {
        Some(id) => kinds.iter().find(|k| k.id == id).ok_or_else(|| {
            Error::field("work_kind_id", "Выберите вид работы из списка колледжа.")
        })?,
        None => kinds.first().ok_or(Error::NotFound("вид работы"))?,
    }
    .id;

    // Everything is read before the write begins, the cell too (with the
    // context above): the write holds SQLite's one writer's turn for its
    // writes only, and the cell's version, checked by the write itself, tells
    // whether the cell changed since.
    let open = super::check_open_by(&app.db, actor, &lesson, app.today(), rules).await;
    let before = current_of(lesson.id, input.student_id, cell, &kinds);
    let plan = match plan(actor, &lesson, &input, &before.2, &wanted, reason, open)? {
        Some(plan) => plan,
        None => return Ok(before.2),
    };
    let was_absent = before.2.attendance == Some(Attendance::Absent);
    let absence = match (was_absent, wanted.attendance == Some(Attendance::Absent)) {
        (false, true) => Some(AbsenceChange::Marked),
        (true, false) => Some(AbsenceChange::Removed),
        _ => None,
    };
    let write = Write {
        actor,
        lesson: &lesson,
        input: &input,
        wanted: &wanted,
        plan,
        new_kind,
        kinds: &kinds,
        via,
    };
    let (changes, kept) = changes(&write, before, app.now());
    // One statement (PostgreSQL) needs no transaction, unless the parents'
    // notices of an absence (or of its removal) are written with it.
    let written = if store::journal::write_cell_is_one_statement(&app.db) && absence.is_none() {
        unless_changed(store::journal::write_cell(&app.db, changes).await)?
    } else {
        let notice = absence.map(|change| (change, subject.name.as_str()));
        in_transaction(app, &write, changes, notice).await?
    };
    let Some(written) = written else {
        return Err(changed(app, actor, &lesson, &input, &kinds).await);
    };
    let mut marks = kept;
    marks.extend(written.added);
    marks.sort_by_key(|m| m.position);
    Ok(write.state(&written.entry, &marks))
}

/// Someone was first: the conflict, with what the cell holds now.
async fn changed(
    app: &App,
    actor: &Actor,
    lesson: &lesson::Model,
    input: &CellWrite,
    kinds: &[work_kind::Model],
) -> Error {
    match current(&app.db, actor.org_id, lesson.id, input.student_id, kinds).await {
        Ok((_, _, now)) => Error::CellChanged(Box::new(now)),
        Err(e) => e,
    }
}

/// The cell as read before the write: its entry, its marks, its state.
type Current = (Option<journal_entry::Model>, Vec<mark::Model>, CellState);

/// What a cell write changes, decided before anything is written.
struct Plan {
    /// The absence's reason after the write (none unless absent).
    new_reason: Option<AbsenceReason>,
    attendance_change: bool,
}

/// Checks a write against the cell as read (`before`): a conflict when it
/// changed since the writer saw it, nothing to do when nothing changes, the
/// right to give marks when marks change, and whether the lesson is still
/// open (`open`, decided before).
fn plan(
    actor: &Actor,
    lesson: &lesson::Model,
    input: &CellWrite,
    before: &CellState,
    wanted: &CellInput,
    reason: Option<AbsenceReason>,
    open: Result<()>,
) -> Result<Option<Plan>> {
    if before.version != input.version {
        return Err(Error::CellChanged(Box::new(before.clone())));
    }
    let old_values: Vec<MarkValue> = before.marks.iter().map(|m| m.value).collect();
    let marks_change = old_values != wanted.marks;
    let new_reason = match wanted.attendance {
        Some(Attendance::Absent) => {
            Some(reason.or(before.reason).unwrap_or(AbsenceReason::Invalid))
        }
        _ => None,
    };
    let attendance_change = before.attendance != wanted.attendance || before.reason != new_reason;
    if !marks_change && !attendance_change {
        return Ok(None);
    }
    if marks_change {
        require(
            actor,
            Permission::LessonWrite {
                teacher_id: lesson.teacher_person_id,
                substitute_id: lesson.substitute_person_id,
            },
        )?;
    }
    open?;
    Ok(Some(Plan {
        new_reason,
        attendance_change,
    }))
}

/// One cell write, checked and planned.
struct Write<'a> {
    actor: &'a Actor,
    lesson: &'a lesson::Model,
    input: &'a CellWrite,
    wanted: &'a CellInput,
    plan: Plan,
    new_kind: i64,
    kinds: &'a [work_kind::Model],
    via: &'a str,
}

impl Write<'_> {
    fn state(&self, entry: &journal_entry::Model, marks: &[mark::Model]) -> CellState {
        let refs: Vec<&mark::Model> = marks.iter().collect();
        state(
            self.lesson.id,
            self.input.student_id,
            Some(entry),
            &refs,
            self.kinds,
        )
    }
}

/// What the write changes in the cell as read, and the marks it keeps (with
/// their new values). Marks are compared by position: a changed value is an
/// update, extra ones are added, missing ones removed. The history has the
/// attendance first, then the marks by position.
fn changes<'a>(
    w: &Write<'a>,
    current: Current,
    at: chrono::DateTime<chrono::Utc>,
) -> (CellChanges<'a>, Vec<mark::Model>) {
    let (entry, old_marks, before) = current;
    let mut history = Vec::new();
    if w.plan.attendance_change {
        history.push(HistoryRow {
            key: -1,
            what: "attendance",
            mark_id: None,
            old_value: attendance_record(before.attendance, before.reason),
            new_value: attendance_record(w.wanted.attendance, w.plan.new_reason),
        });
    }
    let (mut kept, mut new_values, mut deleted, mut added) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..old_marks.len().max(w.wanted.marks.len()) {
        match (old_marks.get(i), w.wanted.marks.get(i)) {
            (Some(old), Some(new)) if old.value != new.code() => {
                new_values.push((old.id, new.code().to_string()));
                history.push(HistoryRow {
                    key: i as i32,
                    what: "mark",
                    mark_id: Some(old.id),
                    old_value: Some(old.value.clone()),
                    new_value: Some(new.code().to_string()),
                });
                kept.push(mark::Model {
                    value: new.code().to_string(),
                    ..old.clone()
                });
            }
            (Some(old), Some(_)) => kept.push(old.clone()),
            (None, Some(new)) => added.push(NewMark {
                value: new.code().to_string(),
                work_kind_id: w.new_kind,
                position: i as i32,
            }),
            (Some(old), None) => {
                deleted.push(old.id);
                history.push(HistoryRow {
                    key: i as i32,
                    what: "mark",
                    mark_id: Some(old.id),
                    old_value: Some(old.value.clone()),
                    new_value: None,
                });
            }
            (None, None) => {}
        }
    }
    let changes = CellChanges {
        org_id: w.actor.org_id,
        lesson_id: w.lesson.id,
        student_id: w.input.student_id,
        entry: match entry {
            None => EntryWrite::Insert,
            Some(e) => EntryWrite::Update {
                id: e.id,
                version: e.version,
            },
        },
        state: EntryState {
            attendance: w.wanted.attendance.map(Attendance::code),
            reason: w.plan.new_reason.map(AbsenceReason::code),
            source: Some("teacher"),
            account_id: w.actor.account_id,
            at,
        },
        new_values,
        deleted,
        added,
        history,
        via: w.via,
    };
    (changes, kept)
}

/// A cell written meanwhile by someone else, found by the version check or
/// by the unique index of a new entry, is none: nothing was written.
fn unless_changed(
    written: std::result::Result<Option<WrittenCell>, store::DbErr>,
) -> Result<Option<WrittenCell>> {
    match written {
        Err(e) if store::is_unique_violation(&e) => Ok(None),
        other => Ok(other?),
    }
}

/// The write in a transaction of its own: SQLite's statements, or any
/// write with the parents' notice of an absence or of its removal (the
/// lesson's subject named in it).
async fn in_transaction(
    app: &App,
    w: &Write<'_>,
    changes: CellChanges<'_>,
    notice: Option<(AbsenceChange, &str)>,
) -> Result<Option<WrittenCell>> {
    let txn = store::begin_blind_write(&app.db).await?;
    let mut written = unless_changed(store::journal::write_cell(&txn, changes).await);
    if let (Ok(Some(_)), Some((change, subject))) = (&written, notice) {
        let (actor, lesson) = (w.actor, w.lesson);
        if let Err(e) = crate::notifications::absence(
            app,
            &txn,
            actor.org_id,
            lesson,
            subject,
            w.input.student_id,
            change,
        )
        .await
        {
            written = Err(e);
        }
    }
    match written {
        Ok(Some(cell)) => {
            txn.commit().await?;
            Ok(Some(cell))
        }
        other => {
            txn.rollback().await?;
            other
        }
    }
}

/// Changes the kind of work (and so the weight) of a mark already given.
pub async fn set_mark_kind(
    app: &App,
    actor: &Actor,
    mark_id: i64,
    work_kind_id: i64,
    via: &str,
) -> Result<()> {
    let m = store::journal::mark(&app.db, actor.org_id, mark_id)
        .await?
        .ok_or(Error::NotFound("отметка"))?;
    let lesson = store::lessons::get(&app.db, actor.org_id, m.lesson_id)
        .await?
        .ok_or(Error::NotFound("занятие"))?;
    require(
        actor,
        Permission::LessonWrite {
            teacher_id: lesson.teacher_person_id,
            substitute_id: lesson.substitute_person_id,
        },
    )?;
    super::check_open(&app.db, actor, &lesson, app.today()).await?;
    let kinds = store::subjects::work_kinds(&app.db, actor.org_id).await?;
    let name = |id: i64| kinds.iter().find(|k| k.id == id).map(|k| k.name.clone());
    let new_name = name(work_kind_id)
        .ok_or_else(|| Error::field("work_kind_id", "Выберите вид работы из списка колледжа."))?;
    if work_kind_id == m.work_kind_id {
        return Ok(());
    }
    let txn = store::begin_write(&app.db).await?;
    store::journal::set_mark_kind(&txn, m.id, work_kind_id).await?;
    store::journal::record_change(
        &txn,
        Change {
            at: app.now(),
            org_id: actor.org_id,
            lesson_id: m.lesson_id,
            student_id: m.student_person_id,
            what: "mark_kind",
            mark_id: Some(m.id),
            old_value: name(m.work_kind_id),
            new_value: Some(new_name),
            account_id: actor.account_id,
            via,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
