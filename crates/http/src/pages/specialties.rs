//! Specialties.

use crate::forms::Query;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use domain::paging::Page;
use domain::Permission;
use service::auth::Session;
use service::specialties::{SpecialtyInput, SpecialtyView};

use super::{form_errors, redirect, render_status, FormErrors, Nav, Pager};
use crate::error::PageError;
use crate::forms::{CsrfForm, ListQuery};
use crate::session::User;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/specialties", get(list).post(create))
}

#[derive(Template)]
#[template(path = "specialties.html")]
struct SpecialtiesPage {
    nav: Nav,
    list: Page<SpecialtyView>,
    pager: Pager,
    query: String,
    search_hint: &'static str,
    can_edit: bool,
    input: SpecialtyInput,
    errors: FormErrors,
}

async fn page(
    state: &AppState,
    session: &Session,
    query: ListQuery,
    input: SpecialtyInput,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let list =
        service::specialties::page(&state.app, &session.actor, &query.q, query.page_request())
            .await?;
    render_status(
        errors.status(),
        &SpecialtiesPage {
            nav: Nav::new(session, "/specialties"),
            pager: Pager::new(&list, "/specialties", &query.q),
            list,
            query: query.q,
            search_hint: "Код или наименование",
            can_edit: session.actor.can(Permission::ReferenceWrite),
            input,
            errors,
        },
    )
}

async fn list(
    State(state): State<AppState>,
    User(session): User,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    page(
        &state,
        &session,
        query,
        SpecialtyInput::default(),
        FormErrors::default(),
    )
    .await
}

async fn create(
    State(state): State<AppState>,
    User(session): User,
    CsrfForm(input): CsrfForm<SpecialtyInput>,
) -> Result<Response, PageError> {
    let result = service::specialties::create(&state.app, &session.actor, input.clone()).await;
    match form_errors(result)? {
        Ok(_) => Ok(redirect("/specialties")),
        Err(errors) => page(&state, &session, ListQuery::default(), input, errors).await,
    }
}
