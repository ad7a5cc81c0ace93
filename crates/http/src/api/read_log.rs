//! The read log of personal data (152-ФЗ), for the officer.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use domain::paging::Page;
use service::read_log::{ReadRow, Search};

use super::ApiQuery;
use crate::error::ApiError;
use crate::session::ApiUser;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/read-log", get(search))
}

async fn search(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiQuery(q): ApiQuery<Search>,
) -> Result<Json<Page<ReadRow>>, ApiError> {
    Ok(Json(service::read_log::search(&s.app, &u.actor, &q).await?))
}
