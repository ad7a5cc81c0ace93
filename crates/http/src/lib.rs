//! Zhurnal's HTTP layer: server-rendered Russian pages and the JSON API under
//! `/api/v1`. Handlers are thin: they parse, call a service, render.

mod api;
mod assets;
mod error;
mod forms;
mod ops;
mod pages;
mod security;
mod session;

use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use api::openapi::document as openapi_document;
pub use api::ROUTES as API_ROUTES;

/// Requests larger than this are refused with 413.
pub const BODY_LIMIT: usize = 256 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub app: service::App,
    /// Mark cookies `Secure` (when served over HTTPS behind a proxy).
    pub secure_cookies: bool,
    /// Demo logins listed on the login page (demo mode only).
    pub demo_logins: std::sync::Arc<Vec<(String, String)>>,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: std::sync::Arc<Vec<std::net::IpAddr>>,
}

pub fn router(state: AppState) -> Router {
    let authenticated = Router::new()
        .merge(pages::routes())
        .nest("/api/v1", api::routes())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            session::load_session,
        ));
    Router::new()
        .merge(authenticated)
        .merge(ops::routes())
        .merge(assets::routes())
        .fallback(error::not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(CatchPanicLayer::custom(error::panic_response))
        // Outside the panic catcher, so even a panic's answer has the headers.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::headers,
        ))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
