//! The stylesheet and the script, embedded in the binary.

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

use crate::AppState;

const CSS: &str = include_str!("../assets/app.css");
const JS: &str = include_str!("../assets/app.js");
/// Asset URLs carry the version, so they may be cached for long.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/assets/{version}/app.css", get(css))
        .route("/assets/{version}/app.js", get(js))
}

const CACHE: &str = "public, max-age=31536000, immutable";

async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, CACHE),
        ],
        CSS,
    )
}

async fn js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, CACHE),
        ],
        JS,
    )
}
