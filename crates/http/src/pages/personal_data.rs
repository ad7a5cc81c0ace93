//! 152-ФЗ pages: one's own data (a copy, the consent and its withdrawal),
//! and the officer's page of a person's data (a copy on request, erasure).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use service::personal_data::Overview;

use super::journal::file_response;
use super::{form_errors, id_from, redirect, render, render_status, FormErrors, Nav};
use crate::error::PageError;
use crate::forms::{CsrfForm, Empty, Path, Query};
use crate::session::{AnyUser, ClientIp, User};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/my-data", get(my_data))
        .route("/my-data.json", get(my_data_file))
        .route("/consent/withdraw", post(withdraw))
        .route("/people/{id}/data", get(person_page))
        .route("/people/{id}/data.json", get(person_file))
        .route("/people/{id}/erase", post(erase))
}

#[derive(Template)]
#[template(path = "my_data.html")]
struct MyDataPage {
    nav: Nav,
    /// When the consent was withdrawn, if it is not given again.
    withdrawn: Option<String>,
}

async fn my_data(
    State(state): State<AppState>,
    AnyUser(session): AnyUser,
) -> Result<Response, PageError> {
    let withdrawn = service::personal_data::withdrawn_at(&state.app, &session)
        .await?
        .map(|at| super::when(&state, at));
    render(&MyDataPage {
        nav: Nav::new(&session, "/my-data"),
        withdrawn,
    })
}

async fn my_data_file(
    State(state): State<AppState>,
    AnyUser(session): AnyUser,
) -> Result<Response, PageError> {
    let file =
        service::personal_data::export(&state.app, &session.actor, session.actor.person_id).await?;
    Ok(file_response(file))
}

async fn withdraw(
    State(state): State<AppState>,
    AnyUser(session): AnyUser,
    ClientIp(ip): ClientIp,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, PageError> {
    service::personal_data::withdraw_consent(&state.app, &session, Some(&ip)).await?;
    Ok(redirect("/consent"))
}

#[derive(Template)]
#[template(path = "person_data.html")]
struct PersonDataPage {
    nav: Nav,
    view: Overview,
    consents: Vec<(String, String, Option<String>)>,
    errors: FormErrors,
    done: bool,
}

#[derive(serde::Deserialize)]
struct Done {
    done: Option<String>,
}

async fn person_page(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    let id = id_from(&id)?;
    show(
        &state,
        &session,
        id,
        FormErrors::default(),
        q.done.is_some(),
    )
    .await
}

async fn show(
    state: &AppState,
    session: &service::auth::Session,
    id: i64,
    errors: FormErrors,
    done: bool,
) -> Result<Response, PageError> {
    let view = service::personal_data::overview(&state.app, &session.actor, id).await?;
    let consents = view
        .consents
        .iter()
        .map(|c| {
            (
                c.login.clone(),
                super::when(state, c.accepted_at),
                c.withdrawn_at.map(|w| super::when(state, w)),
            )
        })
        .collect();
    render_status(
        errors.status(),
        &PersonDataPage {
            nav: Nav::new(session, "/read-log"),
            view,
            consents,
            errors,
            done,
        },
    )
}

async fn person_file(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let file = service::personal_data::export(&state.app, &session.actor, id_from(&id)?).await?;
    Ok(file_response(file))
}

async fn erase(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, PageError> {
    let id = id_from(&id)?;
    match form_errors(service::personal_data::erase(&state.app, &session.actor, id).await)? {
        Ok(_) => Ok(redirect(&format!("/people/{id}/data?done=erased"))),
        Err(errors) => show(&state, &session, id, errors, false).await,
    }
}
