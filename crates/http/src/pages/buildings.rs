//! Buildings and rooms.

use crate::forms::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use domain::paging::Page;
use domain::reference::RoomKind;
use domain::Permission;
use service::buildings::{BuildingInput, BuildingRow, BuildingView, RoomInput, RoomRow};

use super::{form_errors, id_from, redirect, render_status, FormErrors, Nav, Pager};
use crate::error::PageError;
use crate::forms::{CsrfForm, ListQuery};
use crate::session::User;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/buildings", get(list).post(create))
        .route("/buildings/{id}", get(show))
        .route("/buildings/{id}/rooms", post(create_room))
}

#[derive(Template)]
#[template(path = "buildings.html")]
struct BuildingsPage {
    nav: Nav,
    buildings: Vec<BuildingRow>,
    can_edit: bool,
    input: BuildingInput,
    errors: FormErrors,
}

async fn list_page(
    state: &AppState,
    session: &service::auth::Session,
    input: BuildingInput,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let buildings = service::buildings::list(&state.app, &session.actor).await?;
    render_status(
        errors.status(),
        &BuildingsPage {
            nav: Nav::new(session, "/buildings"),
            buildings,
            can_edit: session.actor.can(Permission::ReferenceWrite),
            input,
            errors,
        },
    )
}

async fn list(State(state): State<AppState>, User(session): User) -> Result<Response, PageError> {
    list_page(
        &state,
        &session,
        BuildingInput::default(),
        FormErrors::default(),
    )
    .await
}

async fn create(
    State(state): State<AppState>,
    User(session): User,
    CsrfForm(input): CsrfForm<BuildingInput>,
) -> Result<Response, PageError> {
    let result = service::buildings::create(&state.app, &session.actor, input.clone()).await;
    match form_errors(result)? {
        Ok(b) => Ok(redirect(&format!("/buildings/{}", b.id))),
        Err(errors) => list_page(&state, &session, input, errors).await,
    }
}

#[derive(Template)]
#[template(path = "building.html")]
struct BuildingPage {
    nav: Nav,
    building: BuildingView,
    rooms: Page<RoomRow>,
    pager: Pager,
    can_edit: bool,
    room_kinds: [RoomKind; 6],
    input: RoomInput,
    errors: FormErrors,
}

async fn building_page(
    state: &AppState,
    session: &service::auth::Session,
    id: i64,
    query: &ListQuery,
    input: RoomInput,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let building = service::buildings::get(&state.app, &session.actor, id).await?;
    let rooms =
        service::buildings::rooms(&state.app, &session.actor, Some(id), query.page_request())
            .await?;
    render_status(
        errors.status(),
        &BuildingPage {
            nav: Nav::new(session, "/buildings"),
            pager: Pager::new(&rooms, &format!("/buildings/{id}"), ""),
            building,
            rooms,
            can_edit: session.actor.can(Permission::ReferenceWrite),
            room_kinds: RoomKind::ALL,
            input,
            errors,
        },
    )
}

async fn show(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    building_page(
        &state,
        &session,
        id_from(&id)?,
        &query,
        RoomInput::default(),
        FormErrors::default(),
    )
    .await
}

async fn create_room(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    CsrfForm(input): CsrfForm<RoomInput>,
) -> Result<Response, PageError> {
    let id = id_from(&id)?;
    let result =
        service::buildings::create_room(&state.app, &session.actor, id, input.clone()).await;
    match form_errors(result)? {
        Ok(_) => Ok(redirect(&format!("/buildings/{id}"))),
        Err(errors) => {
            building_page(&state, &session, id, &ListQuery::default(), input, errors).await
        }
    }
}
