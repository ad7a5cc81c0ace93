//! The academic calendar of the school year and its bell schedules.

use crate::forms::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use domain::calendar::PeriodKind;
use serde::Deserialize;
use service::auth::Session;
use service::bells::{AssignInput, BellsView, ScheduleInput};
use service::calendar::{CalendarView, PeriodInput};

use super::{form_errors, id_from, redirect, render_status, FormErrors, Nav};
use crate::error::PageError;
use crate::forms::{CsrfForm, Empty};
use crate::session::User;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/calendar", get(calendar).post(add_period))
        .route("/calendar/{id}/delete", post(delete_period))
        .route("/bells", get(bells).post(create_schedule))
        .route("/bells/assign", post(assign))
}

#[derive(Deserialize, Default)]
pub(crate) struct YearQuery {
    #[serde(default)]
    pub year: String,
}

impl YearQuery {
    /// The asked school year, or the current one.
    pub fn year(&self, today: chrono::NaiveDate) -> i32 {
        self.year
            .trim()
            .parse()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .unwrap_or_else(|| domain::reference::school_year(today))
    }
}

#[derive(Template)]
#[template(path = "calendar.html")]
struct CalendarPage {
    nav: Nav,
    view: CalendarView,
    kinds: [PeriodKind; 5],
    input: PeriodInput,
    errors: FormErrors,
}

async fn calendar_page(
    state: &AppState,
    session: &Session,
    year: i32,
    input: PeriodInput,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let view = service::calendar::year(&state.app, &session.actor, year).await?;
    render_status(
        errors.status(),
        &CalendarPage {
            nav: Nav::new(session, "/year"),
            view,
            kinds: PeriodKind::ALL,
            input,
            errors,
        },
    )
}

async fn calendar(
    State(state): State<AppState>,
    User(session): User,
    Query(q): Query<YearQuery>,
) -> Result<Response, PageError> {
    calendar_page(
        &state,
        &session,
        q.year(state.app.today()),
        PeriodInput::default(),
        FormErrors::default(),
    )
    .await
}

async fn add_period(
    State(state): State<AppState>,
    User(session): User,
    Query(q): Query<YearQuery>,
    CsrfForm(input): CsrfForm<PeriodInput>,
) -> Result<Response, PageError> {
    let year = q.year(state.app.today());
    let result = service::calendar::add(&state.app, &session.actor, year, input.clone()).await;
    match form_errors(result)? {
        Ok(_) => Ok(redirect(&format!("/calendar?year={year}"))),
        Err(errors) => calendar_page(&state, &session, year, input, errors).await,
    }
}

async fn delete_period(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    Query(q): Query<YearQuery>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, PageError> {
    service::calendar::remove(&state.app, &session.actor, id_from(&id)?).await?;
    Ok(redirect(&format!(
        "/calendar?year={}",
        q.year(state.app.today())
    )))
}

#[derive(Template)]
#[template(path = "bells.html")]
struct BellsPage {
    nav: Nav,
    view: BellsView,
    input: ScheduleInput,
    errors: FormErrors,
    assign_errors: FormErrors,
}

async fn bells_page(
    state: &AppState,
    session: &Session,
    year: i32,
    input: ScheduleInput,
    errors: FormErrors,
    assign_errors: FormErrors,
) -> Result<Response, PageError> {
    let view = service::bells::list(&state.app, &session.actor, year).await?;
    let status = if errors.is_empty() {
        assign_errors.status()
    } else {
        errors.status()
    };
    render_status(
        status,
        &BellsPage {
            nav: Nav::new(session, "/year"),
            view,
            input,
            errors,
            assign_errors,
        },
    )
}

async fn bells(
    State(state): State<AppState>,
    User(session): User,
    Query(q): Query<YearQuery>,
) -> Result<Response, PageError> {
    bells_page(
        &state,
        &session,
        q.year(state.app.today()),
        ScheduleInput::default(),
        FormErrors::default(),
        FormErrors::default(),
    )
    .await
}

async fn create_schedule(
    State(state): State<AppState>,
    User(session): User,
    Query(q): Query<YearQuery>,
    CsrfForm(input): CsrfForm<ScheduleInput>,
) -> Result<Response, PageError> {
    let result = service::bells::create(&state.app, &session.actor, input.clone()).await;
    match form_errors(result)? {
        Ok(_) => Ok(redirect(&format!(
            "/bells?year={}",
            q.year(state.app.today())
        ))),
        Err(errors) => {
            bells_page(
                &state,
                &session,
                q.year(state.app.today()),
                input,
                errors,
                FormErrors::default(),
            )
            .await
        }
    }
}

async fn assign(
    State(state): State<AppState>,
    User(session): User,
    Query(q): Query<YearQuery>,
    CsrfForm(input): CsrfForm<AssignInput>,
) -> Result<Response, PageError> {
    let year = q.year(state.app.today());
    let result = service::bells::assign(&state.app, &session.actor, year, input).await;
    match form_errors(result)? {
        Ok(_) => Ok(redirect(&format!("/bells?year={year}"))),
        Err(errors) => {
            bells_page(
                &state,
                &session,
                year,
                ScheduleInput::default(),
                FormErrors::default(),
                errors,
            )
            .await
        }
    }
}
