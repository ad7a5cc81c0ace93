//! Automatic timetabling: start a run for a semester, watch it, read what is
//! left imperfect, preview a group's week and apply it.

use crate::forms::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use service::auth::Session;
use service::timetable::auto::{AutoInput, JobView, Overview};

use super::calendar::YearQuery;
use super::{form_errors, id_from, redirect, render_status, FormErrors, Nav};
use crate::error::PageError;
use crate::forms::{CsrfForm, Empty};
use crate::session::User;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/timetable/auto", get(overview).post(start))
        .route("/timetable/auto/{id}", get(job))
        .route("/timetable/auto/{id}/apply", post(apply))
}

#[derive(Template)]
#[template(path = "timetable_auto.html")]
struct OverviewPage {
    nav: Nav,
    view: Overview,
    input: AutoInput,
    errors: FormErrors,
    max_seconds: i64,
}

async fn overview_page(
    state: &AppState,
    session: &Session,
    year: i32,
    input: AutoInput,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let view = service::timetable::auto::overview(&state.app, &session.actor, year).await?;
    render_status(
        errors.status(),
        &OverviewPage {
            nav: Nav::new(session, "/timetable"),
            view,
            input,
            errors,
            max_seconds: service::timetable::auto::MAX_SECONDS,
        },
    )
}

async fn overview(
    State(state): State<AppState>,
    User(session): User,
    Query(q): Query<YearQuery>,
) -> Result<Response, PageError> {
    let input = AutoInput {
        semester: "1".into(),
        seconds: "30".into(),
        days: "5".into(),
    };
    overview_page(
        &state,
        &session,
        q.year(state.app.today()),
        input,
        FormErrors::default(),
    )
    .await
}

async fn start(
    State(state): State<AppState>,
    User(session): User,
    Query(q): Query<YearQuery>,
    CsrfForm(input): CsrfForm<AutoInput>,
) -> Result<Response, PageError> {
    let year = q.year(state.app.today());
    let result =
        service::timetable::auto::start(&state.app, &session.actor, year, input.clone()).await;
    match form_errors(result)? {
        Ok(id) => Ok(redirect(&format!("/timetable/auto/{id}"))),
        Err(errors) => overview_page(&state, &session, year, input, errors).await,
    }
}

#[derive(Deserialize, Default)]
struct GroupQuery {
    #[serde(default)]
    group: String,
}

#[derive(Template)]
#[template(path = "timetable_auto_job.html")]
struct JobPage {
    nav: Nav,
    job: JobView,
    errors: FormErrors,
}

async fn job_page(
    state: &AppState,
    session: &Session,
    id: i64,
    group: Option<i64>,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let job = service::timetable::auto::job(&state.app, &session.actor, id, group).await?;
    render_status(
        errors.status(),
        &JobPage {
            nav: Nav::new(session, "/timetable"),
            job,
            errors,
        },
    )
}

async fn job(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    Query(q): Query<GroupQuery>,
) -> Result<Response, PageError> {
    let group = q.group.trim().parse().ok();
    job_page(
        &state,
        &session,
        id_from(&id)?,
        group,
        FormErrors::default(),
    )
    .await
}

async fn apply(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, PageError> {
    let id = id_from(&id)?;
    let result = service::timetable::auto::apply(&state.app, &session.actor, id).await;
    match form_errors(result)? {
        Ok(_) => Ok(redirect(&format!("/timetable/auto/{id}"))),
        Err(errors) => job_page(&state, &session, id, None, errors).await,
    }
}
