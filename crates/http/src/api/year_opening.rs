//! Opening and closing the school year in JSON; the year's archives.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use service::archive::ArchiveView;
use service::year_closing::{CloseInput, ClosingView};
use service::year_opening::Opening;

use super::school_year::YearParams;
use super::{ApiJson, ApiPath, ApiQuery};

use crate::error::ApiError;
use crate::session::ApiUser;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/year/opening", get(check))
}

async fn check(State(s): State<AppState>, ApiUser(u): ApiUser) -> Result<Json<Opening>, ApiError> {
    Ok(Json(service::year_opening::check(&s.app, &u.actor).await?))
}

pub fn closing_routes() -> Router<AppState> {
    Router::new()
        .route("/year/closing", get(closing).post(close))
        .route("/year/archives", axum::routing::post(start_archive))
        .route("/year/archives/{id}", get(archive))
        .route("/year/archives/{id}/download", get(download))
}

async fn closing(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiQuery(p): ApiQuery<YearParams>,
) -> Result<Json<ClosingView>, ApiError> {
    Ok(Json(
        service::year_closing::status(&s.app, &u.actor, p.year(s.app.today())).await?,
    ))
}

async fn close(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiQuery(p): ApiQuery<YearParams>,
    ApiJson(input): ApiJson<CloseInput>,
) -> Result<StatusCode, ApiError> {
    service::year_closing::close(&s.app, &u.actor, p.year(s.app.today()), input).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn start_archive(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiQuery(p): ApiQuery<YearParams>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let id = service::archive::start(&s.app, &u.actor, p.year(s.app.today())).await?;
    Ok((StatusCode::ACCEPTED, Json(serde_json::json!({ "id": id }))))
}

async fn archive(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ArchiveView>, ApiError> {
    Ok(Json(service::archive::status(&s.app, &u.actor, id).await?))
}

async fn download(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<axum::response::Response, ApiError> {
    let file = service::archive::download(&s.app, &u.actor, id).await?;
    Ok(crate::pages::journal::file_response(file))
}
