//! Errors as users see them: a Russian page, or `{"error", "message"}` in the API.
//! Internal causes are logged and never shown.

use askama::Template;
use axum::extract::rejection::{FormRejection, JsonRejection, PathRejection, QueryRejection};
use axum::http::{StatusCode, Uri};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use domain::FieldError;
use serde::Serialize;
use service::Error;

pub fn status_of(e: &Error) -> StatusCode {
    match e {
        Error::Unauthenticated | Error::WrongCredentials => StatusCode::UNAUTHORIZED,
        Error::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
        Error::ConsentRequired
        | Error::Forbidden
        | Error::CrossSite
        | Error::PasswordChangeRequired
        | Error::Locked(_) => StatusCode::FORBIDDEN,
        Error::CellChanged(_) | Error::Conflicts(_) => StatusCode::CONFLICT,
        Error::NotFound(_) => StatusCode::NOT_FOUND,
        Error::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        Error::Db(_) | Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn log_internal(e: &Error) {
    if matches!(e, Error::Db(_) | Error::Internal(_)) {
        tracing::error!(error = %e, "request failed");
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: &'a str,
}

pub fn error_page(status: StatusCode, message: &str) -> Response {
    let title = match status {
        StatusCode::NOT_FOUND => "Страница не найдена",
        StatusCode::FORBIDDEN => "Доступ запрещён",
        StatusCode::TOO_MANY_REQUESTS => "Слишком много попыток",
        StatusCode::PAYLOAD_TOO_LARGE => "Слишком большой запрос",
        s if s.is_server_error() => "Ошибка на сервере",
        _ => "Запрос не выполнен",
    };
    let body = ErrorPage { title, message }
        .render()
        .unwrap_or_else(|_| message.to_string());
    (status, Html(body)).into_response()
}

/// An error on a page: a redirect to log in, or a page that says what happened.
#[derive(Debug)]
pub struct PageError(pub Error);

impl From<Error> for PageError {
    fn from(e: Error) -> Self {
        PageError(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self.0 {
            Error::Unauthenticated => Redirect::to("/login").into_response(),
            Error::ConsentRequired => Redirect::to("/consent").into_response(),
            Error::PasswordChangeRequired => Redirect::to("/password").into_response(),
            e => {
                log_internal(&e);
                error_page(status_of(&e), &e.user_message())
            }
        }
    }
}

impl From<FormRejection> for PageError {
    fn from(r: FormRejection) -> Self {
        PageError(Error::Invalid(vec![FieldError {
            field: "form",
            message: form_rejection_message(r.status()),
        }]))
    }
}

/// A page's address with parameters it cannot read (`?page=abc`, a date
/// like 2026-13-45): said in Russian, not in the framework's English.
impl From<QueryRejection> for PageError {
    fn from(_: QueryRejection) -> Self {
        PageError(Error::Invalid(vec![FieldError {
            field: "query",
            message: "В адресе страницы неверные параметры. Вернитесь назад и выберите \
                      снова из списка."
                .into(),
        }]))
    }
}

/// `/groups/abc`: no such page.
impl From<PathRejection> for PageError {
    fn from(_: PathRejection) -> Self {
        PageError(Error::NotFound("страница"))
    }
}

fn form_rejection_message(status: StatusCode) -> String {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        "Слишком большой запрос.".into()
    } else {
        "Форма заполнена неверно. Обновите страницу и попробуйте ещё раз.".into()
    }
}

/// An error in the JSON API.
#[derive(Debug, Serialize)]
pub struct ApiError {
    #[serde(skip)]
    pub status: StatusCode,
    pub error: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    /// On a conflict: what the record holds now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<serde_json::Value>,
}

impl ApiError {
    pub fn new(status: StatusCode, error: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            error,
            message: message.into(),
            fields: Vec::new(),
            current: None,
        }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        log_internal(&e);
        ApiError {
            status: status_of(&e),
            error: e.code(),
            message: e.user_message(),
            current: match &e {
                Error::CellChanged(state) => serde_json::to_value(state).ok(),
                Error::Conflicts(list) => serde_json::to_value(list).ok(),
                _ => None,
            },
            fields: match e {
                Error::Invalid(fields) => fields,
                _ => Vec::new(),
            },
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        let status = r.status();
        let message = match &r {
            JsonRejection::MissingJsonContentType(_) => {
                "Нужен заголовок Content-Type: application/json.".to_string()
            }
            _ if status == StatusCode::PAYLOAD_TOO_LARGE => "Слишком большой запрос.".to_string(),
            other => format!("Неверный JSON: {}", other.body_text()),
        };
        ApiError::new(
            if status.is_client_error() {
                status
            } else {
                StatusCode::BAD_REQUEST
            },
            "bad_request",
            message,
        )
    }
}

impl From<PathRejection> for ApiError {
    fn from(_: PathRejection) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", "Не найдено.")
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            format!("Неверные параметры запроса: {}", r.body_text()),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(&self)).into_response()
    }
}

/// Nothing is served here: JSON under `/api/`, a page elsewhere.
pub async fn not_found(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "Такого адреса в API нет.",
        )
        .into_response()
    } else {
        error_page(
            StatusCode::NOT_FOUND,
            "Такой страницы нет. Проверьте адрес или вернитесь на главную.",
        )
    }
}

pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    error_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Внутренняя ошибка. Попробуйте ещё раз; если не поможет, сообщите администратору.",
    )
}
