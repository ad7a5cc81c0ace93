//! The school year's hub: the calendar, bells, curricula, load, timetable and opening.

use crate::forms::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use domain::Permission;
use service::auth::Session;
use service::year_closing::{CloseInput, ClosingView};

use super::calendar::YearQuery;
use super::{form_errors, id_from, redirect, render, render_status, FormErrors, Nav};
use crate::error::PageError;
use crate::forms::{CsrfForm, Empty};
use crate::session::User;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/year", get(hub))
}

#[derive(Template)]
#[template(path = "year.html")]
struct HubPage {
    nav: Nav,
    title: String,
}

async fn hub(State(state): State<AppState>, User(session): User) -> Result<Response, PageError> {
    if !session.actor.can(Permission::ReferenceRead) {
        return Err(PageError(service::Error::Forbidden));
    }
    render(&HubPage {
        nav: Nav::new(&session, "/year"),
        title: domain::calendar::year_title(domain::reference::school_year(state.app.today())),
    })
}

pub fn closing_routes() -> Router<AppState> {
    Router::new()
        .route("/year/closing", get(closing).post(close))
        .route("/year/archives", post(start_archive))
        .route("/year/archives/{id}/download", get(download_archive))
}

#[derive(Template)]
#[template(path = "year_closing.html")]
struct ClosingPage {
    nav: Nav,
    view: ClosingView,
    errors: FormErrors,
}

async fn closing_page(
    state: &AppState,
    session: &Session,
    year: i32,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let view = service::year_closing::status(&state.app, &session.actor, year).await?;
    render_status(
        errors.status(),
        &ClosingPage {
            nav: Nav::new(session, "/year"),
            view,
            errors,
        },
    )
}

async fn closing(
    State(state): State<AppState>,
    User(session): User,
    Query(q): Query<YearQuery>,
) -> Result<Response, PageError> {
    closing_page(
        &state,
        &session,
        q.year(state.app.today()),
        FormErrors::default(),
    )
    .await
}

async fn close(
    State(state): State<AppState>,
    User(session): User,
    Query(q): Query<YearQuery>,
    CsrfForm(input): CsrfForm<CloseInput>,
) -> Result<Response, PageError> {
    let year = q.year(state.app.today());
    let result = service::year_closing::close(&state.app, &session.actor, year, input).await;
    match form_errors(result)? {
        Ok(()) => Ok(redirect(&format!("/year/closing?year={year}"))),
        Err(errors) => closing_page(&state, &session, year, errors).await,
    }
}

async fn start_archive(
    State(state): State<AppState>,
    User(session): User,
    Query(q): Query<YearQuery>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, PageError> {
    let year = q.year(state.app.today());
    let result = service::archive::start(&state.app, &session.actor, year).await;
    match form_errors(result)? {
        Ok(_) => Ok(redirect(&format!("/year/closing?year={year}"))),
        Err(errors) => closing_page(&state, &session, year, errors).await,
    }
}

async fn download_archive(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let file = service::archive::download(&state.app, &session.actor, id_from(&id)?).await?;
    Ok(super::journal::file_response(file))
}
