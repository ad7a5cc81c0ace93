//! Reference data in JSON: the same services, the same permissions as the pages.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use domain::paging::{Page, PageRequest};
use serde::Deserialize;
use service::buildings::{BuildingInput, BuildingRow, BuildingView, RoomInput, RoomRow};
use service::groups::{GroupCard, GroupInput, GroupRow};
use service::specialties::{SpecialtyInput, SpecialtyView};
use service::staff::StaffRow;
use service::students::{StudentCard, StudentRow};

use super::{ApiJson, ApiPath, ApiQuery};
use crate::error::ApiError;
use crate::session::ApiUser;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/buildings", get(buildings).post(create_building))
        .route("/buildings/{id}/rooms", get(rooms).post(create_room))
        .route("/specialties", get(specialties).post(create_specialty))
        .route("/groups", get(groups).post(create_group))
        .route("/groups/{id}", get(group))
        .route("/students", get(students))
        .route("/students/{id}", get(student))
        .route("/staff", get(staff))
}

#[derive(Deserialize, Default)]
struct ListParams {
    #[serde(default)]
    q: String,
    page: Option<u64>,
}

impl ListParams {
    fn req(&self) -> PageRequest {
        PageRequest::new(self.page)
    }
}

type ApiResult<T> = Result<Json<T>, ApiError>;

async fn buildings(State(s): State<AppState>, ApiUser(u): ApiUser) -> ApiResult<Vec<BuildingRow>> {
    Ok(Json(service::buildings::list(&s.app, &u.actor).await?))
}

async fn create_building(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiJson(input): ApiJson<BuildingInput>,
) -> Result<(StatusCode, Json<BuildingView>), ApiError> {
    let b = service::buildings::create(&s.app, &u.actor, input).await?;
    Ok((StatusCode::CREATED, Json(b)))
}

async fn rooms(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(p): ApiQuery<ListParams>,
) -> ApiResult<Page<RoomRow>> {
    service::buildings::get(&s.app, &u.actor, id).await?;
    Ok(Json(
        service::buildings::rooms(&s.app, &u.actor, Some(id), p.req()).await?,
    ))
}

/// The API takes numbers as numbers; the service validates text as a form sends it.
#[derive(Deserialize)]
struct RoomJson {
    #[serde(default)]
    number: String,
    capacity: Option<i64>,
    #[serde(default)]
    kind: String,
}

async fn create_room(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<RoomJson>,
) -> Result<(StatusCode, Json<RoomRow>), ApiError> {
    let input = RoomInput {
        number: input.number,
        capacity: input.capacity.map(|c| c.to_string()).unwrap_or_default(),
        kind: input.kind,
    };
    let r = service::buildings::create_room(&s.app, &u.actor, id, input).await?;
    Ok((StatusCode::CREATED, Json(r)))
}

async fn specialties(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiQuery(p): ApiQuery<ListParams>,
) -> ApiResult<Page<SpecialtyView>> {
    Ok(Json(
        service::specialties::page(&s.app, &u.actor, &p.q, p.req()).await?,
    ))
}

async fn create_specialty(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiJson(input): ApiJson<SpecialtyInput>,
) -> Result<(StatusCode, Json<SpecialtyView>), ApiError> {
    let v = service::specialties::create(&s.app, &u.actor, input).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

async fn groups(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiQuery(p): ApiQuery<ListParams>,
) -> ApiResult<Page<GroupRow>> {
    Ok(Json(
        service::groups::page(&s.app, &u.actor, &p.q, p.req()).await?,
    ))
}

#[derive(Deserialize)]
struct GroupJson {
    #[serde(default)]
    name: String,
    specialty_id: Option<i64>,
    #[serde(default)]
    study_form: String,
    intake_year: Option<i64>,
    curator_id: Option<i64>,
}

async fn create_group(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiJson(g): ApiJson<GroupJson>,
) -> Result<(StatusCode, Json<GroupRow>), ApiError> {
    let text = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    let input = GroupInput {
        name: g.name,
        specialty_id: text(g.specialty_id),
        study_form: g.study_form,
        intake_year: text(g.intake_year),
        curator_id: text(g.curator_id),
    };
    let row = service::groups::create(&s.app, &u.actor, input).await?;
    Ok((StatusCode::CREATED, Json(row)))
}

async fn group(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<GroupCard> {
    Ok(Json(service::groups::card(&s.app, &u.actor, id).await?))
}

async fn students(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiQuery(p): ApiQuery<ListParams>,
) -> ApiResult<Page<StudentRow>> {
    Ok(Json(
        service::students::page(&s.app, &u.actor, &p.q, p.req()).await?,
    ))
}

async fn student(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StudentCard> {
    Ok(Json(service::students::card(&s.app, &u.actor, id).await?))
}

async fn staff(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiQuery(p): ApiQuery<ListParams>,
) -> ApiResult<Page<StaffRow>> {
    Ok(Json(
        service::staff::page(&s.app, &u.actor, &p.q, p.req()).await?,
    ))
}
