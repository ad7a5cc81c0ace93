//! The timetable in JSON: a week of a group, a teacher or a room; placing a
//! lesson (409 with every conflict); substitutions, cancellations and moves;
//! the record of changes; filling dates from the weekly pattern.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use domain::paging::{Page, PageRequest};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use service::timetable::auto::{AutoInput, JobView};
use service::timetable::{
    ChangeInput, ChangeRow, FillInput, FillResult, PlaceInput, WeekView, Whose,
};

use super::school_year::YearParams;
use super::{ApiJson, ApiPath, ApiQuery};
use crate::error::ApiError;
use crate::session::ApiUser;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/timetable/groups/{id}", get(group_week))
        .route("/timetable/teachers/{id}", get(teacher_week))
        .route("/timetable/rooms/{id}", get(room_week))
        .route("/timetable/groups/{id}/lessons", post(place))
        .route("/timetable/groups/{id}/fill", post(fill))
        .route("/timetable/lessons/{id}/changes", post(change))
        .route("/timetable/changes", get(changes))
}

#[derive(Deserialize, Default)]
struct WeekParams {
    week: Option<NaiveDate>,
}

async fn week(
    s: &AppState,
    u: &service::auth::Session,
    whose: Whose,
    p: WeekParams,
) -> Result<Json<WeekView>, ApiError> {
    Ok(Json(
        service::timetable::week(&s.app, &u.actor, whose, p.week).await?,
    ))
}

async fn group_week(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(p): ApiQuery<WeekParams>,
) -> Result<Json<WeekView>, ApiError> {
    week(&s, &u, Whose::Group(id), p).await
}

async fn teacher_week(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(p): ApiQuery<WeekParams>,
) -> Result<Json<WeekView>, ApiError> {
    week(&s, &u, Whose::Teacher(id), p).await
}

async fn room_week(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(p): ApiQuery<WeekParams>,
) -> Result<Json<WeekView>, ApiError> {
    week(&s, &u, Whose::Room(id), p).await
}

#[derive(Deserialize, Default)]
struct PlaceParams {
    /// `?check=true`: only check, save nothing.
    #[serde(default)]
    check: bool,
}

async fn place(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(group_id): ApiPath<i64>,
    ApiQuery(p): ApiQuery<PlaceParams>,
    ApiJson(input): ApiJson<PlaceInput>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    match service::timetable::place(&s.app, &u.actor, group_id, input, p.check).await? {
        Some(id) => Ok((StatusCode::CREATED, Json(json!({ "id": id })))),
        None => Ok((StatusCode::OK, Json(json!({ "fits": true })))),
    }
}

async fn fill(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(group_id): ApiPath<i64>,
    ApiJson(input): ApiJson<FillInput>,
) -> Result<Json<FillResult>, ApiError> {
    Ok(Json(
        service::timetable::fill_from_pattern(&s.app, &u.actor, group_id, input).await?,
    ))
}

async fn change(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(lesson_id): ApiPath<i64>,
    ApiJson(input): ApiJson<ChangeInput>,
) -> Result<StatusCode, ApiError> {
    service::timetable::change(&s.app, &u.actor, lesson_id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, Default)]
struct ListParams {
    page: Option<u64>,
}

#[derive(Serialize)]
struct ChangesReport {
    #[serde(flatten)]
    page: Page<ChangeRow>,
    /// Changes by kind over the whole record.
    totals: Vec<(&'static str, i64)>,
}

async fn changes(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<ChangesReport>, ApiError> {
    let (page, totals) =
        service::timetable::changes_report(&s.app, &u.actor, PageRequest::new(p.page)).await?;
    Ok(Json(ChangesReport { page, totals }))
}

pub fn auto_routes() -> Router<AppState> {
    Router::new()
        .route("/timetable/auto", post(auto_start))
        .route("/timetable/auto/{id}", get(auto_job))
        .route("/timetable/auto/{id}/apply", post(auto_apply))
}

async fn auto_start(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiQuery(p): ApiQuery<YearParams>,
    ApiJson(input): ApiJson<AutoInput>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let id =
        service::timetable::auto::start(&s.app, &u.actor, p.year(s.app.today()), input).await?;
    Ok((StatusCode::ACCEPTED, Json(json!({ "id": id }))))
}

#[derive(Deserialize, Default)]
struct JobParams {
    group: Option<i64>,
}

async fn auto_job(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(p): ApiQuery<JobParams>,
) -> Result<Json<JobView>, ApiError> {
    Ok(Json(
        service::timetable::auto::job(&s.app, &u.actor, id, p.group).await?,
    ))
}

async fn auto_apply(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Value>, ApiError> {
    let slots = service::timetable::auto::apply(&s.app, &u.actor, id).await?;
    Ok(Json(json!({ "slots": slots })))
}
