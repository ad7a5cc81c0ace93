//! Who is asking: the session cookie (pages) or a bearer token (API clients),
//! looked up in the database once per request.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::Cookie;
use service::auth::Session;
use service::Error;

use crate::error::{ApiError, PageError};
use crate::AppState;

pub const SESSION_COOKIE: &str = "zhurnal_session";

/// The header in which the page's script sends the session's CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// How the request's session came: a browser sends the cookie by itself,
/// even from another site's page; a bearer token is sent on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SentBy {
    Bearer,
    Cookie,
}

fn token_from(headers: &HeaderMap) -> Option<(String, SentBy)> {
    if let Some(bearer) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    {
        return Some((bearer.trim().to_string(), SentBy::Bearer));
    }
    cookie_value(headers, SESSION_COOKIE).map(|t| (t, SentBy::Cookie))
}

pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| Cookie::parse(c.trim().to_string()).ok())
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

/// An HttpOnly cookie for the whole site; tokens are hex, so no escaping is needed.
pub fn cookie(name: &str, value: &str, same_site: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite={same_site}{secure}")
}

pub fn clear_cookie(name: &str) -> String {
    format!("{name}=; Path=/; HttpOnly; Max-Age=0")
}

/// The caller's address, for counting failed logins. Behind a reverse proxy
/// of ours (`trusted`), the nearest address in `X-Forwarded-For` that is not
/// one of our proxies; anyone else's `X-Forwarded-For` is ignored, since a
/// client may write whatever it likes there.
pub fn client_ip(parts: &Parts, trusted: &[IpAddr]) -> String {
    let Some(peer) = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
    else {
        return "unknown".into();
    };
    if !trusted.contains(&peer) {
        return peer.to_string();
    }
    let forwarded: Vec<IpAddr> = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    forwarded
        .iter()
        .rev()
        .find(|a| !trusted.contains(a))
        .map_or(peer, |a| *a)
        .to_string()
}

/// Looks the session up and leaves it in the request for the extractors below.
pub async fn load_session(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if let Some((token, sent_by)) = token_from(req.headers()) {
        match service::auth::authenticate(&state.app, &token).await {
            Ok(session) => {
                req.extensions_mut().insert(session);
                req.extensions_mut().insert(sent_by);
            }
            Err(Error::Unauthenticated) => {}
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                return crate::error::error_page(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Сервис временно недоступен. Повторите попытку через минуту.",
                );
            }
        }
    }
    next.run(req).await
}

fn session_of(parts: &Parts) -> Option<Arc<Session>> {
    parts.extensions.get::<Arc<Session>>().cloned()
}

/// The session of an API call. A change (any method but GET and HEAD) that
/// came with the cookie rather than a bearer token must carry the session's
/// CSRF token in `X-CSRF-Token`, and must not come from another site's page.
fn api_session(parts: &Parts) -> Result<Arc<Session>, ApiError> {
    let session = session_of(parts).ok_or(Error::Unauthenticated)?;
    let by_cookie = parts.extensions.get::<SentBy>() == Some(&SentBy::Cookie);
    if by_cookie && !parts.method.is_safe() {
        let token = parts
            .headers
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !crate::forms::same_token(token, &session.csrf_token) || foreign_origin(&parts.headers) {
            return Err(Error::CrossSite.into());
        }
    }
    Ok(session)
}

/// An `Origin` other than the host the request was sent to.
fn foreign_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin.split_once("://").map_or(origin, |(_, h)| h);
    origin_host != host
}

/// A signed-in user on a page who has accepted the personal-data terms.
pub struct User(pub Arc<Session>);

impl<S: Send + Sync> FromRequestParts<S> for User {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match session_of(parts) {
            None => Err(Redirect::to("/login").into_response()),
            Some(s) if s.consent_required => Err(PageError(Error::ConsentRequired).into_response()),
            // A temporary password: its own change is the one page that opens.
            Some(s) if s.password_change_required && parts.uri.path() != "/password" => {
                Err(PageError(Error::PasswordChangeRequired).into_response())
            }
            Some(s) => Ok(User(s)),
        }
    }
}

/// A signed-in user who may not have accepted the terms yet (the consent page, logout).
pub struct AnyUser(pub Arc<Session>);

impl<S: Send + Sync> FromRequestParts<S> for AnyUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        session_of(parts)
            .map(AnyUser)
            .ok_or_else(|| Redirect::to("/login").into_response())
    }
}

/// A signed-in API caller who has accepted the terms.
pub struct ApiUser(pub Arc<Session>);

impl<S: Send + Sync> FromRequestParts<S> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let s = api_session(parts)?;
        if s.consent_required {
            return Err(Error::ConsentRequired.into());
        }
        if s.password_change_required {
            return Err(Error::PasswordChangeRequired.into());
        }
        Ok(ApiUser(s))
    }
}

/// A signed-in API caller, terms accepted or not (`/me`, consent, logout).
pub struct AnyApiUser(pub Arc<Session>);

impl<S: Send + Sync> FromRequestParts<S> for AnyApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        api_session(parts).map(AnyApiUser)
    }
}

/// The caller's address as an extractor.
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(client_ip(parts, &state.trusted_proxies)))
    }
}

/// The session if there is one, for pages that anyone may open.
pub struct MaybeUser(pub Option<Arc<Session>>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeUser {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeUser(session_of(parts)))
    }
}
