//! Teaching load and вычитка.

use crate::forms::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use service::auth::Session;
use service::load::{LoadDetail, LoadInput, LoadSummary};

use super::calendar::YearQuery;
use super::{form_errors, id_from, redirect, render_status, FormErrors, Nav};
use crate::error::PageError;
use crate::forms::CsrfForm;
use crate::session::User;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/load", get(summary).post(add))
        .route("/load/teacher/{id}", get(teacher))
}

#[derive(Template)]
#[template(path = "load.html")]
struct SummaryPage {
    nav: Nav,
    view: LoadSummary,
    input: LoadInput,
    errors: FormErrors,
}

async fn summary_page(
    state: &AppState,
    session: &Session,
    year: i32,
    input: LoadInput,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let view = service::load::summary(&state.app, &session.actor, year).await?;
    render_status(
        errors.status(),
        &SummaryPage {
            nav: Nav::new(session, "/year"),
            view,
            input,
            errors,
        },
    )
}

async fn summary(
    State(state): State<AppState>,
    User(session): User,
    Query(q): Query<YearQuery>,
) -> Result<Response, PageError> {
    if !session.actor.can(domain::Permission::ReferenceRead)
        && session.actor.has_role(domain::Role::Teacher)
    {
        return Ok(redirect(&format!(
            "/load/teacher/{}",
            session.actor.person_id
        )));
    }
    summary_page(
        &state,
        &session,
        q.year(state.app.today()),
        LoadInput::default(),
        FormErrors::default(),
    )
    .await
}

async fn add(
    State(state): State<AppState>,
    User(session): User,
    Query(q): Query<YearQuery>,
    CsrfForm(input): CsrfForm<LoadInput>,
) -> Result<Response, PageError> {
    let year = q.year(state.app.today());
    let result = service::load::add(&state.app, &session.actor, year, input.clone()).await;
    match form_errors(result)? {
        Ok(_) => Ok(redirect(&format!("/load?year={year}"))),
        Err(errors) => summary_page(&state, &session, year, input, errors).await,
    }
}

#[derive(Template)]
#[template(path = "load_teacher.html")]
struct TeacherPage {
    nav: Nav,
    teacher: String,
    view: LoadDetail,
}

async fn teacher(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<Response, PageError> {
    let (teacher, view) = service::load::teacher(
        &state.app,
        &session.actor,
        id_from(&id)?,
        q.year(state.app.today()),
    )
    .await?;
    render_status(
        axum::http::StatusCode::OK,
        &TeacherPage {
            nav: Nav::new(&session, "/year"),
            teacher,
            view,
        },
    )
}
