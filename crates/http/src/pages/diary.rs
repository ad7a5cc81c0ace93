//! The diary for students, parents and delegates; notices of absence; notifications.

use crate::forms::Query;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use domain::journal::AbsenceReason;
use domain::Permission;
use serde::Deserialize;
use service::auth::Session;
use service::diary::{Child, DiaryWeek, SubjectSummary};
use service::notices::NoticeInput;
use service::notifications::NotificationView;

use super::{form_errors, id_from, redirect, render, render_status, FormErrors, Nav};
use crate::error::PageError;
use crate::forms::CsrfForm;
use crate::session::User;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/diary", get(diary))
        .route("/diary/summary", get(summary))
        .route("/diary/notice", post(notice))
        .route("/notifications", get(notifications))
        .route("/notifications/read", post(read_all))
}

#[derive(Deserialize, Default)]
struct DiaryQuery {
    #[serde(default)]
    student: String,
    #[serde(default)]
    week: String,
    /// Lessons a notice just sent marked (the page after the form).
    #[serde(default)]
    noticed: Option<u64>,
}

#[derive(Template)]
#[template(path = "diary.html")]
struct DiaryPage {
    nav: Nav,
    owners: Vec<Child>,
    week: DiaryWeek,
    can_notify: bool,
    reasons: &'static [AbsenceReason],
    notice: NoticeInput,
    notice_done: u64,
    errors: FormErrors,
}

/// The student whose diary is asked for, or the first one the caller may read.
pub(crate) fn whose(session: &Session, raw: &str) -> Result<(Vec<Child>, i64), PageError> {
    let owners = service::diary::diary_owners(session);
    let student = match raw.trim() {
        "" => owners
            .first()
            .map(|o| o.person_id)
            .ok_or(PageError(service::Error::Forbidden))?,
        raw => id_from(raw)?,
    };
    Ok((owners, student))
}

async fn diary_page(
    state: &AppState,
    session: &Session,
    q: DiaryQuery,
    notice: NoticeInput,
    notice_done: u64,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let (owners, student) = whose(session, &q.student)?;
    let day = NaiveDate::parse_from_str(q.week.trim(), "%Y-%m-%d").ok();
    let week = service::diary::week(&state.app, &session.actor, student, day).await?;
    let can_notify = session.actor.can(Permission::AbsenceNotice {
        student_id: student,
        group_id: week.group_id,
    });
    render_status(
        errors.status(),
        &DiaryPage {
            nav: Nav::new(session, "/diary"),
            owners,
            week,
            can_notify,
            reasons: service::notices::reasons(&session.actor, student),
            notice,
            notice_done,
            errors,
        },
    )
}

async fn diary(
    State(state): State<AppState>,
    User(session): User,
    Query(q): Query<DiaryQuery>,
) -> Result<Response, PageError> {
    let done = q.noticed.unwrap_or(0);
    diary_page(
        &state,
        &session,
        q,
        NoticeInput::default(),
        done,
        FormErrors::default(),
    )
    .await
}

async fn notice(
    State(state): State<AppState>,
    User(session): User,
    Query(q): Query<DiaryQuery>,
    CsrfForm(input): CsrfForm<NoticeInput>,
) -> Result<Response, PageError> {
    let student = id_from(q.student.trim())?;
    let result =
        service::notices::give_notice(&state.app, &session.actor, student, input.clone()).await;
    match form_errors(result)? {
        // A refresh of the page that follows does not send the notice again.
        Ok(n) => Ok(redirect(&format!(
            "/diary?student={student}&week={}&noticed={}",
            q.week.trim(),
            n.max(1)
        ))),
        Err(errors) => diary_page(&state, &session, q, input, 0, errors).await,
    }
}

#[derive(Template)]
#[template(path = "diary_summary.html")]
struct SummaryPage {
    nav: Nav,
    student_id: i64,
    from: String,
    to: String,
    rows: Vec<SubjectSummary>,
}

async fn summary(
    State(state): State<AppState>,
    User(session): User,
    Query(q): Query<DiaryQuery>,
) -> Result<Response, PageError> {
    let (_, student) = whose(&session, &q.student)?;
    let (from, to) = service::diary::default_period(state.app.today(), None, None);
    let rows = service::diary::summary(&state.app, &session.actor, student, from, to).await?;
    render(&SummaryPage {
        nav: Nav::new(&session, "/diary"),
        student_id: student,
        from: from.format("%d.%m.%Y").to_string(),
        to: to.format("%d.%m.%Y").to_string(),
        rows,
    })
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    nav: Nav,
    list: Vec<NotificationView>,
}

async fn notifications(
    State(state): State<AppState>,
    User(session): User,
) -> Result<Response, PageError> {
    let list = service::notifications::mine(&state.app, &session.actor).await?;
    render(&NotificationsPage {
        nav: Nav::new(&session, "/notifications"),
        list,
    })
}

#[derive(Deserialize)]
struct Empty {}

async fn read_all(
    State(state): State<AppState>,
    User(session): User,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, PageError> {
    service::notifications::mark_all_read(&state.app, &session.actor).await?;
    // The counter in the header is read with the session: read it again.
    state.app.sessions.forget(&session.id);
    Ok(redirect("/notifications"))
}
