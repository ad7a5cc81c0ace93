//! The teacher's journal (seed 3.3): a group's lessons of one subject, its
//! students' marks and attendance, entry deadlines, unlocks and history.

mod cell;
mod grid;
mod lesson;
mod unlocks;

pub(crate) use cell::state as cell_state;
pub use cell::{write_cell, CellState, CellWrite, MarkView};
pub use grid::{grid, journals, Grid, GridCell, GridLesson, GridRow, JournalRef};
pub use lesson::{
    everyone_present, history, lesson_card, update_lesson, HistoryRow, LessonCard, LessonStudent,
};
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
pub(crate) async fn check_open(
    app: &App,
    actor: &Actor,
    lesson: &lesson_entity::Model,
    today: NaiveDate,
) -> Result<()> {
    if lesson.date > today {
        return Err(Error::Locked(format!(
            "Занятие {} ещё не прошло: отметки и посещаемость вносятся в день занятия. \
             О будущем отсутствии сообщают родители или куратор.",
            date_ru(lesson.date)
        )));
    }
    let days = store::orgs::settings(&app.db, actor.org_id)
        .await?
        .map(|s| s.mark_edit_days)
        .unwrap_or(8);
    let deadline = edit_deadline(lesson.date, days);
    if today <= deadline {
        return Ok(());
    }
    let unlocked = store::journal::unlocks_covering(
        &app.db,
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
    Err(Error::Locked(format!(
        "Срок внесения отметок за занятие {} истёк {} (через {days} дн. после занятия). \
         Разблокировать ввод может заместитель директора или администратор электронного журнала.",
        date_ru(lesson.date),
        date_ru(deadline)
    )))
}
