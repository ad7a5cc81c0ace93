//! The school year in JSON: the academic calendar, bell schedules and the
//! teaching load with hours delivered (вычитка).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use service::bells::BellsView;
use service::calendar::{CalendarView, PeriodInput};
use service::load::{LoadDetail, LoadInput, LoadSummary};

use super::{ApiJson, ApiPath, ApiQuery};
use crate::error::ApiError;
use crate::session::ApiUser;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/calendar", get(calendar).post(add_period))
        .route("/bells", get(bells))
        .route("/load", get(load).post(add_load))
        .route("/load/teachers/{id}", get(teacher_load))
}

#[derive(Deserialize, Default)]
pub(super) struct YearParams {
    /// The school year by its first calendar year; the current one when absent.
    year: Option<i32>,
}

impl YearParams {
    pub(super) fn year(&self, today: chrono::NaiveDate) -> i32 {
        self.year
            .unwrap_or_else(|| domain::reference::school_year(today))
    }
}

async fn calendar(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiQuery(p): ApiQuery<YearParams>,
) -> Result<Json<CalendarView>, ApiError> {
    Ok(Json(
        service::calendar::year(&s.app, &u.actor, p.year(s.app.today())).await?,
    ))
}

async fn add_period(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiQuery(p): ApiQuery<YearParams>,
    ApiJson(input): ApiJson<PeriodInput>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let id = service::calendar::add(&s.app, &u.actor, p.year(s.app.today()), input).await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))))
}

async fn bells(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiQuery(p): ApiQuery<YearParams>,
) -> Result<Json<BellsView>, ApiError> {
    Ok(Json(
        service::bells::list(&s.app, &u.actor, p.year(s.app.today())).await?,
    ))
}

async fn load(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiQuery(p): ApiQuery<YearParams>,
) -> Result<Json<LoadSummary>, ApiError> {
    Ok(Json(
        service::load::summary(&s.app, &u.actor, p.year(s.app.today())).await?,
    ))
}

async fn teacher_load(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(p): ApiQuery<YearParams>,
) -> Result<Json<LoadDetail>, ApiError> {
    let (_, detail) = service::load::teacher(&s.app, &u.actor, id, p.year(s.app.today())).await?;
    Ok(Json(detail))
}

async fn add_load(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiQuery(p): ApiQuery<YearParams>,
    ApiJson(input): ApiJson<LoadInput>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let id = service::load::add(&s.app, &u.actor, p.year(s.app.today()), input).await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))))
}
