//! Opening the school year: the completeness check of seed 3.2 and the button.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use service::auth::Session;
use service::year_opening::Opening;

use super::{form_errors, redirect, render_status, FormErrors, Nav};
use crate::error::PageError;
use crate::forms::CsrfForm;
use crate::session::User;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/year/opening", get(show))
        .route("/year/opening/open", post(open))
}

#[derive(Template)]
#[template(path = "year_opening.html")]
struct OpeningPage {
    nav: Nav,
    o: Opening,
    /// Why the year was not opened: the first line says so, the rest list the gaps.
    reasons: Vec<String>,
}

#[derive(Deserialize)]
struct Empty {}

fn page(session: &Session, o: Opening, errors: FormErrors) -> Result<Response, PageError> {
    render_status(
        errors.status(),
        &OpeningPage {
            nav: Nav::new(session, "/year/opening"),
            o,
            reasons: errors.0.iter().map(|e| e.message.clone()).collect(),
        },
    )
}

async fn show(State(state): State<AppState>, User(session): User) -> Result<Response, PageError> {
    let o = service::year_opening::check(&state.app, &session.actor).await?;
    page(&session, o, FormErrors::default())
}

async fn open(
    State(state): State<AppState>,
    User(session): User,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, PageError> {
    match form_errors(service::year_opening::open(&state.app, &session.actor).await)? {
        Ok(_) => Ok(redirect("/year/opening")),
        Err(errors) => {
            let o = service::year_opening::check(&state.app, &session.actor).await?;
            page(&session, o, errors)
        }
    }
}
