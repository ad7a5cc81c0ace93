//! Staff and their roles.

use crate::forms::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use domain::paging::Page;
use domain::{Permission, Role};
use serde::Deserialize;
use service::auth::Session;
use service::staff::{GrantInput, StaffInput, StaffRow};

use super::groups::CreatedPage;
use super::{form_errors, id_from, redirect, render, render_status, FormErrors, Nav, Pager};
use crate::error::PageError;
use crate::forms::{CsrfForm, ListQuery};
use crate::session::User;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff", get(list).post(create))
        .route("/staff/{id}", get(show))
        .route("/staff/{id}/grants", post(grant))
        .route("/staff/{id}/grants/{grant_id}/delete", post(revoke))
}

#[derive(Template)]
#[template(path = "staff_list.html")]
struct StaffListPage {
    nav: Nav,
    list: Page<StaffRow>,
    pager: Pager,
    query: String,
    search_hint: &'static str,
    can_edit: bool,
    with_birth_date: bool,
    input: StaffInput,
    errors: FormErrors,
}

async fn list_page(
    state: &AppState,
    session: &Session,
    query: ListQuery,
    input: StaffInput,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let list =
        service::staff::page(&state.app, &session.actor, &query.q, query.page_request()).await?;
    render_status(
        errors.status(),
        &StaffListPage {
            nav: Nav::new(session, "/staff"),
            pager: Pager::new(&list, "/staff", &query.q),
            list,
            query: query.q,
            search_hint: "Фамилия, имя или отчество",
            can_edit: session.actor.can(Permission::ReferenceWrite),
            with_birth_date: false,
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
    list_page(
        &state,
        &session,
        query,
        StaffInput::default(),
        FormErrors::default(),
    )
    .await
}

async fn create(
    State(state): State<AppState>,
    User(session): User,
    CsrfForm(input): CsrfForm<StaffInput>,
) -> Result<Response, PageError> {
    let result = service::staff::create(&state.app, &session.actor, input.clone()).await;
    match form_errors(result)? {
        Ok(created) => render(&CreatedPage {
            back: format!("/staff/{}", created.person_id),
            nav: Nav::new(&session, "/staff"),
            created,
        }),
        Err(errors) => list_page(&state, &session, ListQuery::default(), input, errors).await,
    }
}

#[derive(Template)]
#[template(path = "staff.html")]
struct StaffPage {
    nav: Nav,
    row: StaffRow,
    grantable: Vec<Role>,
    groups: Vec<(i64, String)>,
    errors: FormErrors,
    /// The officer and the director: a person's data on request, erasure.
    can_manage_data: bool,
}

async fn staff_page(
    state: &AppState,
    session: &Session,
    id: i64,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let row = service::staff::get(&state.app, &session.actor, id).await?;
    let grantable = service::staff::grantable_roles(&session.actor);
    let groups = if grantable.contains(&Role::Curator) {
        service::groups::names(&state.app, &session.actor).await?
    } else {
        Vec::new()
    };
    render_status(
        errors.status(),
        &StaffPage {
            nav: Nav::new(session, "/staff"),
            row,
            grantable,
            groups,
            errors,
            can_manage_data: session.actor.can(Permission::PersonalDataManage),
        },
    )
}

async fn show(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    staff_page(&state, &session, id_from(&id)?, FormErrors::default()).await
}

async fn grant(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    CsrfForm(input): CsrfForm<GrantInput>,
) -> Result<Response, PageError> {
    let id = id_from(&id)?;
    let result = service::staff::grant(&state.app, &session.actor, id, input).await;
    match form_errors(result)? {
        Ok(_) => Ok(redirect(&format!("/staff/{id}"))),
        Err(errors) => staff_page(&state, &session, id, errors).await,
    }
}

#[derive(Deserialize)]
struct Empty {}

async fn revoke(
    State(state): State<AppState>,
    User(session): User,
    Path((id, grant_id)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, PageError> {
    let id = id_from(&id)?;
    let result = service::staff::revoke(&state.app, &session.actor, id_from(&grant_id)?).await;
    match form_errors(result)? {
        Ok(()) => Ok(redirect(&format!("/staff/{id}"))),
        Err(errors) => staff_page(&state, &session, id, errors).await,
    }
}
