//! Form posts with CSRF protection, and list query parameters.

use axum::extract::{FromRequest, FromRequestParts, Request};
use domain::paging::PageRequest;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use service::Error;

use crate::error::PageError;
use crate::session::cookie_value;
use service::auth::Session;
use std::sync::Arc;

/// A page's query parameters, refused in Russian when unreadable.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(PageError))]
pub struct Query<T>(pub T);

/// A page's path parameters: an unreadable one is a page that is not there.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(PageError))]
pub struct Path<T>(pub T);

/// Before login there is no session: the login form's token is paired with this cookie.
pub const LOGIN_CSRF_COOKIE: &str = "zhurnal_login_csrf";

#[derive(Deserialize)]
struct CsrfOnly {
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

fn csrf_error() -> PageError {
    PageError(Error::Invalid(vec![domain::FieldError {
        field: "form",
        message: "Форма устарела. Обновите страницу и отправьте её ещё раз.".into(),
    }]))
}

/// Constant-time comparison: the token must not leak through timing.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && !a.is_empty()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A form with nothing but its CSRF token (a button).
#[derive(Deserialize)]
pub struct Empty {}

/// A form from a signed-in user whose `_csrf` field matches their session.
pub struct CsrfForm<T>(pub T);

impl<T, S> FromRequest<S> for CsrfForm<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = PageError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let expected = req
            .extensions()
            .get::<Arc<Session>>()
            .map(|s| s.csrf_token.clone())
            .ok_or(PageError(Error::Unauthenticated))?;
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| PageError(Error::field("form", "Слишком большой запрос.")))?;
        check_and_parse(&bytes, &expected)
    }
}

/// The login form: its `_csrf` field must match the login cookie.
pub struct LoginForm<T>(pub T);

impl<T, S> FromRequest<S> for LoginForm<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = PageError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let expected = cookie_value(req.headers(), LOGIN_CSRF_COOKIE).ok_or_else(csrf_error)?;
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| PageError(Error::field("form", "Слишком большой запрос.")))?;
        check_and_parse(&bytes, &expected).map(|CsrfForm(t)| LoginForm(t))
    }
}

fn check_and_parse<T: DeserializeOwned>(
    bytes: &[u8],
    expected: &str,
) -> Result<CsrfForm<T>, PageError> {
    let token: CsrfOnly = serde_urlencoded::from_bytes(bytes).map_err(|_| csrf_error())?;
    if !same_token(&token.csrf, expected) {
        return Err(csrf_error());
    }
    let value = serde_urlencoded::from_bytes(bytes).map_err(|e| {
        tracing::debug!(error = %e, "unparseable form");
        PageError(Error::field(
            "form",
            "Форма заполнена неверно. Обновите страницу и попробуйте ещё раз.",
        ))
    })?;
    Ok(CsrfForm(value))
}

/// `?q=...&page=...` of a list page; bad values fall back to the defaults.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub page: String,
}

impl ListQuery {
    pub fn page_request(&self) -> PageRequest {
        PageRequest::new(self.page.trim().parse().ok())
    }
}
