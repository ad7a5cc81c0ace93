//! The year-opening check in JSON.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use service::year_opening::Opening;

use crate::error::ApiError;
use crate::session::ApiUser;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/year/opening", get(check))
}

async fn check(State(s): State<AppState>, ApiUser(u): ApiUser) -> Result<Json<Opening>, ApiError> {
    Ok(Json(service::year_opening::check(&s.app, &u.actor).await?))
}
