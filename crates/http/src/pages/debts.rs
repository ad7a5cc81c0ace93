//! Academic debts: lists for the college, a group or a student, and a debt's
//! card with its retakes (seed 3.3: monitoring of debts and the measures taken).

use crate::forms::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use service::auth::Session;
use service::debts::{DebtCard, DebtView, ResultInput, RetakeInput};

use super::{form_errors, id_from, redirect, render, render_status, FormErrors, Nav, Pager};
use crate::error::PageError;
use crate::forms::{CsrfForm, Empty};
use crate::session::User;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/debts", get(list))
        .route("/debts/{id}", get(card))
        .route("/debts/{id}/retakes", post(schedule_retake))
        .route("/debts/{id}/result", post(record_result))
        .route("/debts/{id}/not-attested", post(not_attested))
}

#[derive(Deserialize, Default)]
struct ListParams {
    #[serde(default)]
    group: String,
    #[serde(default)]
    student: String,
    /// "1": open debts only.
    #[serde(default)]
    open: String,
    #[serde(default)]
    page: String,
}

#[derive(Template)]
#[template(path = "debts.html")]
struct ListPage {
    nav: Nav,
    rows: Vec<DebtView>,
    pager: Pager,
    only_open: bool,
    /// The list's own query, for the filter links.
    base: String,
}

async fn list(
    State(state): State<AppState>,
    User(session): User,
    Query(q): Query<ListParams>,
) -> Result<Response, PageError> {
    let group = q.group.trim().parse().ok();
    let student = q.student.trim().parse().ok();
    let only_open = q.open == "1";
    let page = service::debts::list(
        &state.app,
        &session.actor,
        group,
        student,
        only_open,
        domain::paging::PageRequest::new(q.page.trim().parse().ok()),
    )
    .await?;
    let mut base = String::from("/debts?");
    if let Some(g) = group {
        base.push_str(&format!("group={g}&"));
    }
    if let Some(s) = student {
        base.push_str(&format!("student={s}&"));
    }
    let pager_base = format!("{base}open={}", if only_open { "1" } else { "" });
    render(&ListPage {
        nav: Nav::new(&session, "/debts"),
        pager: Pager::new(&page, &pager_base, ""),
        rows: page.items,
        only_open,
        base,
    })
}

#[derive(Template)]
#[template(path = "debt.html")]
struct CardPage {
    nav: Nav,
    card: DebtCard,
    errors: FormErrors,
}

async fn card_page(
    state: &AppState,
    session: &Session,
    id: i64,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let card = service::debts::card(&state.app, &session.actor, id).await?;
    render_status(
        errors.status(),
        &CardPage {
            nav: Nav::new(session, "/debts"),
            card,
            errors,
        },
    )
}

async fn card(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    card_page(&state, &session, id_from(&id)?, FormErrors::default()).await
}

async fn after<T>(
    state: &AppState,
    session: &Session,
    id: i64,
    result: service::Result<T>,
) -> Result<Response, PageError> {
    match form_errors(result)? {
        Ok(_) => Ok(redirect(&format!("/debts/{id}"))),
        Err(errors) => card_page(state, session, id, errors).await,
    }
}

async fn schedule_retake(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    CsrfForm(input): CsrfForm<RetakeInput>,
) -> Result<Response, PageError> {
    let id = id_from(&id)?;
    let result = service::debts::schedule_retake(&state.app, &session.actor, id, input).await;
    after(&state, &session, id, result).await
}

async fn record_result(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    CsrfForm(input): CsrfForm<ResultInput>,
) -> Result<Response, PageError> {
    let id = id_from(&id)?;
    let result = service::debts::record_result(&state.app, &session.actor, id, input).await;
    after(&state, &session, id, result).await
}

async fn not_attested(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, PageError> {
    let id = id_from(&id)?;
    let result = service::debts::declare_not_attested(&state.app, &session.actor, id).await;
    after(&state, &session, id, result).await
}
