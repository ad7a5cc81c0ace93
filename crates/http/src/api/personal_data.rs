//! 152-ФЗ in the API: one's own data, withdrawing the consent, and the
//! officer's copy and erasure of a person's data.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::Serialize;

use super::ApiPath;
use crate::error::ApiError;
use crate::pages::journal::file_response;
use crate::session::{AnyApiUser, ApiUser, ClientIp};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/me/data", get(mine))
        .route("/consent", delete(withdraw))
        .route("/people/{id}/data", get(person))
        .route("/people/{id}/erase", post(erase))
}

async fn mine(State(s): State<AppState>, AnyApiUser(u): AnyApiUser) -> Result<Response, ApiError> {
    let file = service::personal_data::export(&s.app, &u.actor, u.actor.person_id).await?;
    Ok(file_response(file))
}

async fn withdraw(
    State(s): State<AppState>,
    AnyApiUser(u): AnyApiUser,
    ClientIp(ip): ClientIp,
) -> Result<StatusCode, ApiError> {
    service::personal_data::withdraw_consent(&s.app, &u, Some(&ip)).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn person(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    let file = service::personal_data::export(&s.app, &u.actor, id).await?;
    Ok(file_response(file))
}

#[derive(Serialize)]
struct Erased {
    person_id: i64,
    /// How many accounts were closed.
    accounts: usize,
}

async fn erase(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Erased>, ApiError> {
    let logins = service::personal_data::erase(&s.app, &u.actor, id).await?;
    Ok(Json(Erased {
        person_id: id,
        accounts: logins.len(),
    }))
}
