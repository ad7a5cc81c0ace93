//! Logging in and out through the API.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use service::auth::LoginInput;

use super::ApiJson;
use crate::error::ApiError;
use crate::session::{clear_cookie, cookie, AnyApiUser, ClientIp, SESSION_COOKIE};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/session", post(login).delete(logout))
        .route("/consent", post(consent))
}

#[derive(Deserialize)]
struct Credentials {
    login: String,
    password: String,
}

#[derive(Serialize)]
struct SessionCreated {
    token: String,
    consent_required: bool,
}

async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<Credentials>,
) -> Result<Response, ApiError> {
    let session = service::auth::login(
        &state.app,
        LoginInput {
            login: body.login,
            password: body.password,
            ip,
            user_agent: None,
        },
    )
    .await?;
    let set_cookie = cookie(SESSION_COOKIE, &session.token, "Lax", state.secure_cookies);
    Ok((
        StatusCode::CREATED,
        [(header::SET_COOKIE, set_cookie)],
        Json(SessionCreated {
            token: session.token,
            consent_required: session.consent_required,
        }),
    )
        .into_response())
}

async fn logout(
    State(state): State<AppState>,
    AnyApiUser(session): AnyApiUser,
) -> Result<Response, ApiError> {
    service::auth::logout(&state.app, &session).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, clear_cookie(SESSION_COOKIE))],
    )
        .into_response())
}

async fn consent(
    State(state): State<AppState>,
    AnyApiUser(session): AnyApiUser,
    ClientIp(ip): ClientIp,
) -> Result<StatusCode, ApiError> {
    service::auth::accept_terms(&state.app, &session, Some(&ip)).await?;
    Ok(StatusCode::NO_CONTENT)
}
