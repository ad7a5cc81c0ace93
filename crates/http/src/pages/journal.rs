//! The teacher's journal: the list, the grid, a lesson, a cell's history, unlocks.

use crate::forms::{Path, Query};
use askama::Template;
use axum::extract::State;
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
        .route("/lessons/{id}/marks/{mark_id}", post(mark_kind))
        .route("/lessons/{id}/history/{student_id}", get(history))
        .route("/unlocks", get(unlocks).post(unlock))
        .route("/groups/{id}/attendance", get(attendance))
        .route(
            "/lessons/{id}/files",
            post(upload).layer(axum::extract::DefaultBodyLimit::max(
                service::journal::MAX_FILE_BYTES + 64 * 1024,
            )),
        )
        .route("/files/{id}", get(download))
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
    /// The error of the last action.
    message: String,
    /// What the last action did.
    done: String,
}

#[derive(Deserialize, Default)]
struct DoneQuery {
    done: Option<String>,
}

async fn lesson_page(
    state: &AppState,
    session: &Session,
    id: i64,
    status: axum::http::StatusCode,
    message: String,
    done: Option<&str>,
) -> Result<Response, PageError> {
    let card = service::journal::lesson_card(&state.app, &session.actor, id).await?;
    let done = match done {
        Some("lesson") => "Тема и домашнее задание сохранены.".to_string(),
        Some("cell") => "Сохранено.".to_string(),
        Some("file") => "Файл прикреплён.".to_string(),
        Some("attendance") => card
            .attendance_taken
            .as_ref()
            .map(|t| t.summary())
            .unwrap_or_default(),
        _ => String::new(),
    };
    render_status(
        status,
        &LessonPage {
            nav: Nav::new(session, "/journal"),
            card,
            reasons: AbsenceReason::ALL,
            message,
            done,
        },
    )
}

async fn lesson(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageError> {
    lesson_page(
        &state,
        &session,
        id_from(&id)?,
        axum::http::StatusCode::OK,
        String::new(),
        q.done.as_deref(),
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
    result: service::Result<&str>,
) -> Result<Response, PageError> {
    match result {
        Ok(done) => Ok(redirect(&format!("/lessons/{id}?done={done}"))),
        Err(
            e @ (service::Error::Invalid(_)
            | service::Error::Locked(_)
            | service::Error::CellChanged(_)),
        ) => lesson_page(state, session, id, status_of(&e), e.user_message(), None).await,
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
    .await
    .map(|()| "lesson");
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
        .map(|_| "cell");
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
    match service::journal::everyone_present(&state.app, &session.actor, id).await {
        Ok(_) => Ok(redirect(&format!("/lessons/{id}?done=attendance"))),
        Err(e) => after(&state, &session, id, Err(e)).await,
    }
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
    let (from, to) =
        service::diary::default_period(state.app.today(), parse(&q.from), parse(&q.to));
    let report =
        service::journal::attendance_report(&state.app, &session.actor, id_from(&id)?, from, to)
            .await?;
    render(&AttendancePage {
        nav: Nav::new(&session, "/groups"),
        report,
    })
}

/// A file from the lesson page's form: multipart, with the session's CSRF token.
async fn upload(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    mut multipart: axum::extract::Multipart,
) -> Result<Response, PageError> {
    let id = id_from(&id)?;
    let (mut csrf, mut file) = (String::new(), None);
    while let Ok(Some(field)) = multipart.next_field().await {
        match field.name() {
            Some("_csrf") => csrf = field.text().await.unwrap_or_default(),
            Some("file") => {
                let name = field.file_name().unwrap_or("файл").to_string();
                let content_type = field.content_type().unwrap_or("").to_string();
                match field.bytes().await {
                    Ok(bytes) => file = Some((name, content_type, bytes.to_vec())),
                    Err(_) => {
                        return lesson_page(
                            &state,
                            &session,
                            id,
                            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                            "Файл больше 5 МБ: уменьшите его или разделите на части.".into(),
                            None,
                        )
                        .await
                    }
                }
            }
            _ => {}
        }
    }
    if !crate::forms::same_token(&csrf, &session.csrf_token) {
        return Err(PageError(service::Error::field(
            "form",
            "Форма устарела. Обновите страницу и отправьте её ещё раз.",
        )));
    }
    let (name, content_type, data) = file.unwrap_or_default();
    let result =
        service::journal::attach(&state.app, &session.actor, id, &name, &content_type, data)
            .await
            .map(|_| "file");
    after(&state, &session, id, result).await
}

/// Sends a stored file as an attachment (never rendered inline).
pub fn file_response(d: service::journal::Download) -> Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    let encoded: String = d
        .name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    (
        [
            (header::CONTENT_TYPE, d.content_type),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"file\"; filename*=UTF-8''{encoded}"),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
            // Opened in a tab after all, it runs nothing and reaches nothing.
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; sandbox".to_string(),
            ),
        ],
        d.data,
    )
        .into_response()
}

async fn download(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let d = service::journal::download(&state.app, &session.actor, id_from(&id)?).await?;
    Ok(file_response(d))
}

#[derive(Deserialize)]
struct KindFields {
    #[serde(default)]
    work_kind_id: String,
}

async fn mark_kind(
    State(state): State<AppState>,
    User(session): User,
    Path((id, mark_id)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<KindFields>,
) -> Result<Response, PageError> {
    let id = id_from(&id)?;
    let kind = form.work_kind_id.trim().parse().unwrap_or(0);
    let result = service::journal::set_mark_kind(
        &state.app,
        &session.actor,
        id_from(&mark_id)?,
        kind,
        "web",
    )
    .await
    .map(|_| "cell");
    after(&state, &session, id, result).await
}
