//! The calendar feed: a secret address of the user's lessons for a phone's
//! calendar (made, shown once, revoked), and the feed itself, served without
//! a session to whoever holds the address.

use crate::forms::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use service::auth::Session;
use service::feeds::FeedStatus;

use super::{redirect, render, Nav};
use crate::error::{error_page, PageError};
use crate::forms::CsrfForm;
use crate::session::User;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/calendar-feed", get(show).post(create))
        .route("/calendar-feed/revoke", post(revoke))
        .route("/ics/{file}", get(ics))
}

#[derive(Template)]
#[template(path = "feeds.html")]
struct FeedPage {
    nav: Nav,
    status: FeedStatus,
    /// The address, right after it was made; never again.
    new_url: Option<String>,
    revoked: bool,
    days_back: i64,
    days_ahead: i64,
}

#[derive(Deserialize)]
struct Empty {}

fn page(
    session: &Session,
    status: FeedStatus,
    new_url: Option<String>,
    revoked: bool,
) -> Result<Response, PageError> {
    render(&FeedPage {
        nav: Nav::new(session, "/calendar-feed"),
        status,
        new_url,
        revoked,
        days_back: service::feeds::DAYS_BACK,
        days_ahead: service::feeds::DAYS_AHEAD,
    })
}

/// Others than students and teachers are told whom the feed is for.
fn not_for_you(e: service::Error) -> Result<Response, PageError> {
    match e {
        service::Error::Forbidden => {
            Ok(error_page(StatusCode::FORBIDDEN, service::feeds::FOR_WHOM))
        }
        e => Err(PageError(e)),
    }
}

#[derive(Deserialize, Default)]
struct ShowQuery {
    #[serde(default)]
    revoked: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    User(session): User,
    Query(q): Query<ShowQuery>,
) -> Result<Response, PageError> {
    match service::feeds::status(&state.app, &session.actor).await {
        Ok(status) => page(&session, status, None, q.revoked.is_some()),
        Err(e) => not_for_you(e),
    }
}

/// The address the user's calendar app fetches: the public address when set;
/// otherwise this server under the name the browser used (a single-box
/// install), never a scheme a client claims in `X-Forwarded-Proto`.
fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = state.app.absolute("") {
        return url;
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    let proto = if state.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{proto}://{host}")
}

async fn create(
    State(state): State<AppState>,
    User(session): User,
    headers: HeaderMap,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, PageError> {
    let feed = match service::feeds::create(&state.app, &session.actor).await {
        Ok(f) => f,
        Err(e) => return not_for_you(e),
    };
    let status = service::feeds::status(&state.app, &session.actor).await?;
    let url = format!("{}/ics/{}.ics", base_url(&state, &headers), feed.token);
    page(&session, status, Some(url), false)
}

async fn revoke(
    State(state): State<AppState>,
    User(session): User,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, PageError> {
    match service::feeds::revoke(&state.app, &session.actor).await {
        Ok(_) => Ok(redirect("/calendar-feed?revoked=1")),
        Err(e) => not_for_you(e),
    }
}

async fn ics(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(token) = file.strip_suffix(".ics") else {
        return error_page(StatusCode::NOT_FOUND, "Такого календаря нет.");
    };
    match service::feeds::ics(&state.app, token).await {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (header::CONTENT_DISPOSITION, "inline; filename=\"zhurnal.ics\""),
                (header::CACHE_CONTROL, "private, no-store"),
            ],
            body,
        )
            .into_response(),
        Err(service::Error::NotFound(_)) => error_page(
            StatusCode::NOT_FOUND,
            "Такого календаря нет: ссылка неверна или отозвана. Получите новую на странице «Календарь занятий».",
        ),
        Err(e) => PageError(e).into_response(),
    }
}
