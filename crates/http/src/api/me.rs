//! Who am I.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use service::users::Me;

use crate::error::ApiError;
use crate::session::AnyApiUser;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/me", get(me))
}

async fn me(
    State(state): State<AppState>,
    AnyApiUser(session): AnyApiUser,
) -> Result<Json<Me>, ApiError> {
    Ok(Json(service::users::me(&state.app, &session).await?))
}
