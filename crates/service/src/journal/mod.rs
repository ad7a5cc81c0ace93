//! The teacher's journal (seed 3.3): a group's lessons of one subject, its
//! students' marks and attendance, entry deadlines, unlocks and history.

mod cell;
mod files;
mod grid;
mod kept;
mod lesson;
mod month_cells;
mod totals;
mod unlocks;

pub(crate) use cell::cells_of;
pub use cell::{set_mark_kind, write_cell, CellState, CellWrite, MarkView};
pub use files::{attach, download, view as file_view, Download, FileView, MAX_FILE_BYTES};
pub use grid::{grid, journals, Grid, GridCell, GridLesson, GridRow, JournalRef};
pub(crate) use grid::{require_read, teaches_by_load};
pub use lesson::{
    everyone_present, history, lesson_card, update_lesson, AttendanceTaken, HistoryRow, LessonCard,
    LessonStudent,
};
pub use month_cells::MonthCells;
pub use totals::PastTotals;
pub use unlocks::{grant_unlock, unlock_options, UnlockInput, UnlockOptions, UnlockRow};

use chrono::NaiveDate;
use domain::journal::edit_deadline;
use domain::Actor;
use store::entity::lesson as lesson_entity;

use crate::error::{Error, Result};
use crate::App;

/// «пн», «вт», ... for column headers.
pub fn weekday_short(d: NaiveDate) -> &'static str {
    use chrono::Datelike;
    ["пн", "вт", "ср", "чт", "пт", "сб", "вс"][d.weekday().num_days_from_monday() as usize]
}

pub fn date_ru(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// Whether marks and attendance of a lesson may be changed by this person now
/// (seed 3.2): not before the lesson, and until the college's deadline unless unlocked.
/// Reads through `db`: inside a write, the write's own transaction, so a
/// writer never waits for a second pool connection while holding one.
pub(crate) async fn check_open(
    db: &impl sea_orm::ConnectionTrait,
    actor: &Actor,
    lesson: &lesson_entity::Model,
    today: NaiveDate,
) -> Result<()> {
    let year = domain::reference::school_year(lesson.date);
    let rules = store::journal::edit_rules(db, actor.org_id, year).await?;
    check_open_by(db, actor, lesson, today, rules).await
}

/// `check_open` with the editing rules of the lesson's year already read.
pub(crate) async fn check_open_by(
    db: &impl sea_orm::ConnectionTrait,
    actor: &Actor,
    lesson: &lesson_entity::Model,
    today: NaiveDate,
    rules: store::journal::EditRules,
) -> Result<()> {
    if lesson.date > today {
        return Err(Error::Locked(format!(
            "Занятие {} ещё не прошло: отметки и посещаемость вносятся в день занятия. \
             О будущем отсутствии сообщают родители или куратор.",
            date_ru(lesson.date)
        )));
    }
    let days = rules.mark_edit_days.unwrap_or(8);
    let deadline = edit_deadline(lesson.date, days);
    // A closed year changes only through an unlock, whatever the deadline.
    let closed = rules.year_closed;
    if today <= deadline && !closed {
        return Ok(());
    }
    let unlocked = store::journal::unlocks_covering(
        db,
        actor.org_id,
        actor.person_id,
        lesson.group_id,
        lesson.subject_id,
    )
    .await?
    .iter()
    .any(|u| u.date_from <= lesson.date && lesson.date <= u.date_to);
    if unlocked {
        return Ok(());
    }
    if closed {
        return Err(Error::Locked(format!(
            "{} учебный год закрыт: отметки и посещаемость его занятий изменяются только по разблокировке \
             заместителя директора или администратора электронного журнала.",
            domain::calendar::year_title(domain::reference::school_year(lesson.date))
        )));
    }
    Err(Error::Locked(format!(
        "Срок внесения отметок за занятие {} истёк {} (через {days} дн. после занятия). \
         Разблокировать ввод может заместитель директора или администратор электронного журнала.",
        date_ru(lesson.date),
        date_ru(deadline)
    )))
}

/// Hours missed by each student of a group in a period (seed 3.3): one pair is
/// two academic hours, split by whether the reason is valid.
#[derive(Debug, serde::Serialize)]
pub struct AttendanceRow {
    pub student_id: i64,
    pub name: String,
    pub valid_hours: i64,
    pub invalid_hours: i64,
    pub late: i64,
}

#[derive(Debug, serde::Serialize)]
pub struct AttendanceReport {
    pub group_id: i64,
    pub group: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub rows: Vec<AttendanceRow>,
    pub valid_hours: i64,
    pub invalid_hours: i64,
}

pub async fn attendance_report(
    app: &App,
    actor: &Actor,
    group_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<AttendanceReport> {
    use domain::journal::{AbsenceReason, Attendance, HOURS_PER_PAIR};
    crate::require(
        actor,
        domain::Permission::JournalRead {
            group_id,
            teaches: false,
        },
    )?;
    let group = store::groups::get(&app.db, actor.org_id, group_id)
        .await?
        .ok_or(Error::NotFound("группа"))?;
    let absences = store::journal::absences_of_group(
        &app.db,
        actor.org_id,
        group_id,
        from,
        to,
        app.clock.local_now().naive_local(),
    )
    .await?;
    let mut rows: Vec<AttendanceRow> = store::groups::students(&app.db, actor.org_id, group_id)
        .await?
        .into_iter()
        .map(|(p, _)| AttendanceRow {
            student_id: p.id,
            name: store::people::full_name(&p).full(),
            valid_hours: 0,
            invalid_hours: 0,
            late: 0,
        })
        .collect();
    for (student, attendance, reason) in absences {
        let Some(row) = rows.iter_mut().find(|r| r.student_id == student) else {
            continue;
        };
        match Attendance::from_code(&attendance) {
            Some(Attendance::Absent) => {
                if reason
                    .as_deref()
                    .and_then(AbsenceReason::from_code)
                    .is_some_and(AbsenceReason::is_valid)
                {
                    row.valid_hours += HOURS_PER_PAIR;
                } else {
                    row.invalid_hours += HOURS_PER_PAIR;
                }
            }
            Some(Attendance::Late) => row.late += 1,
            None => {}
        }
    }
    Ok(AttendanceReport {
        group_id,
        group: group.name,
        from,
        to,
        valid_hours: rows.iter().map(|r| r.valid_hours).sum(),
        invalid_hours: rows.iter().map(|r| r.invalid_hours).sum(),
        rows,
    })
}
