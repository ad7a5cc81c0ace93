//! The teacher's journal: the list, the grid, a lesson, a cell's history, unlocks.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use domain::journal::AbsenceReason;
use serde::Deserialize;
use service::auth::Session;
use service::journal::{
    AttendanceReport, CellWrite, Grid, HistoryRow, JournalRef, LessonCard, UnlockInput,
    UnlockOptions,
};

use super::{form_errors, id_from, redirect, render, render_status, FormErrors, Nav};
use crate::error::{status_of, PageError};
use crate::forms::CsrfForm;
use crate::session::User;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/journal", get(list))
        .route("/journal/{group_id}/{subject_id}", get(grid))
        .route("/lessons/{id}", get(lesson).post(update_lesson))
        .route("/lessons/{id}/cells", post(write_cell))
        .route("/lessons/{id}/present", post(present))
        .route("/lessons/{id}/history/{student_id}", get(history))
        .route("/unlocks", get(unlocks).post(unlock))
        .route("/groups/{id}/attendance", get(attendance))
}

#[derive(Template)]
#[template(path = "journals.html")]
struct JournalsPage {
    nav: Nav,
    list: Vec<JournalRef>,
}

async fn list(State(state): State<AppState>, User(session): User) -> Result<Response, PageError> {
    let list = service::journal::journals(&state.app, &session.actor).await?;
    render(&JournalsPage {
        nav: Nav::new(&session, "/journal"),
        list,
    })
}

#[derive(Template)]
#[template(path = "journal.html")]
struct GridPage {
    nav: Nav,
    grid: Grid,
    editable: bool,
}

#[derive(Deserialize)]
struct MonthQuery {
    #[serde(default)]
    month: String,
}

async fn grid(
    State(state): State<AppState>,
    User(session): User,
    Path((group_id, subject_id)): Path<(String, String)>,
    Query(q): Query<MonthQuery>,
) -> Result<Response, PageError> {
    let month = NaiveDate::parse_from_str(q.month.trim(), "%Y-%m-%d").ok();
    let grid = service::journal::grid(
        &state.app,
        &session.actor,
        id_from(&group_id)?,
        id_from(&subject_id)?,
        month,
    )
    .await?;
    let editable = grid
        .lessons
        .iter()
        .any(|l| l.marks_open || l.attendance_open);
    render(&GridPage {
        nav: Nav::new(&session, "/journal"),
        grid,
        editable,
    })
}

#[derive(Template)]
#[template(path = "lesson.html")]
struct LessonPage {
    nav: Nav,
    card: LessonCard,
    reasons: [AbsenceReason; 4],
    message: String,
}

async fn lesson_page(
    state: &AppState,
    session: &Session,
    id: i64,
    status: axum::http::StatusCode,
    message: String,
) -> Result<Response, PageError> {
    let card = service::journal::lesson_card(&state.app, &session.actor, id).await?;
    render_status(
        status,
        &LessonPage {
            nav: Nav::new(session, "/journal"),
            card,
            reasons: AbsenceReason::ALL,
            message,
        },
    )
}

async fn lesson(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    lesson_page(
        &state,
        &session,
        id_from(&id)?,
        axum::http::StatusCode::OK,
        String::new(),
    )
    .await
}

#[derive(Deserialize)]
struct LessonFields {
    #[serde(default)]
    topic: String,
    #[serde(default)]
    homework: String,
}

/// Shows the lesson again with the error of the last action, or fails the page.
async fn after(
    state: &AppState,
    session: &Session,
    id: i64,
    result: service::Result<()>,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(redirect(&format!("/lessons/{id}"))),
        Err(
            e @ (service::Error::Invalid(_)
            | service::Error::Locked(_)
            | service::Error::CellChanged(_)),
        ) => lesson_page(state, session, id, status_of(&e), e.user_message()).await,
        Err(e) => Err(PageError(e)),
    }
}

async fn update_lesson(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<LessonFields>,
) -> Result<Response, PageError> {
    let id = id_from(&id)?;
    let result = service::journal::update_lesson(
        &state.app,
        &session.actor,
        id,
        &form.topic,
        &form.homework,
    )
    .await;
    after(&state, &session, id, result).await
}

#[derive(Deserialize)]
struct CellFields {
    #[serde(default)]
    student_id: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    reason: String,
}

async fn write_cell(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<CellFields>,
) -> Result<Response, PageError> {
    let id = id_from(&id)?;
    let input = CellWrite {
        lesson_id: id,
        student_id: id_from(form.student_id.trim())?,
        text: form.text,
        version: form.version.trim().parse().unwrap_or(0),
        reason: Some(form.reason),
        work_kind_id: None,
    };
    let result = service::journal::write_cell(&state.app, &session.actor, input, "web")
        .await
        .map(|_| ());
    after(&state, &session, id, result).await
}

#[derive(Deserialize)]
struct Empty {}

async fn present(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, PageError> {
    let id = id_from(&id)?;
    let result = service::journal::everyone_present(&state.app, &session.actor, id, "web")
        .await
        .map(|_| ());
    after(&state, &session, id, result).await
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    nav: Nav,
    lesson_id: i64,
    rows: Vec<HistoryRow>,
}

async fn history(
    State(state): State<AppState>,
    User(session): User,
    Path((id, student_id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let lesson_id = id_from(&id)?;
    let rows =
        service::journal::history(&state.app, &session.actor, lesson_id, id_from(&student_id)?)
            .await?;
    render(&HistoryPage {
        nav: Nav::new(&session, "/journal"),
        lesson_id,
        rows,
    })
}

#[derive(Template)]
#[template(path = "unlocks.html")]
struct UnlocksPage {
    nav: Nav,
    options: UnlockOptions,
    input: UnlockInput,
    errors: FormErrors,
    done: bool,
}

async fn unlocks_page(
    state: &AppState,
    session: &Session,
    input: UnlockInput,
    errors: FormErrors,
    done: bool,
) -> Result<Response, PageError> {
    let options = service::journal::unlock_options(&state.app, &session.actor).await?;
    render_status(
        errors.status(),
        &UnlocksPage {
            nav: Nav::new(session, "/unlocks"),
            options,
            input,
            errors,
            done,
        },
    )
}

async fn unlocks(
    State(state): State<AppState>,
    User(session): User,
) -> Result<Response, PageError> {
    unlocks_page(
        &state,
        &session,
        UnlockInput::default(),
        FormErrors::default(),
        false,
    )
    .await
}

async fn unlock(
    State(state): State<AppState>,
    User(session): User,
    CsrfForm(input): CsrfForm<UnlockInput>,
) -> Result<Response, PageError> {
    let result = service::journal::grant_unlock(&state.app, &session.actor, input.clone()).await;
    match form_errors(result)? {
        Ok(()) => {
            unlocks_page(
                &state,
                &session,
                UnlockInput::default(),
                FormErrors::default(),
                true,
            )
            .await
        }
        Err(errors) => unlocks_page(&state, &session, input, errors, false).await,
    }
}

#[derive(Template)]
#[template(path = "attendance.html")]
struct AttendancePage {
    nav: Nav,
    report: AttendanceReport,
}

#[derive(Deserialize)]
struct PeriodQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

async fn attendance(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let parse = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    let (from, to) = service::diary::default_period(parse(&q.from), parse(&q.to));
    let report =
        service::journal::attendance_report(&state.app, &session.actor, id_from(&id)?, from, to)
            .await?;
    render(&AttendancePage {
        nav: Nav::new(&session, "/groups"),
        report,
    })
}
