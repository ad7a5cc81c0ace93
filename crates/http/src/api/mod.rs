//! The JSON API under `/api/v1`. Every route is listed in `ROUTES` and
//! described in the OpenAPI document; a test keeps the two in step.

mod me;
pub mod openapi;
mod reference;
mod session;

use axum::extract::FromRequest;
use axum::extract::FromRequestParts;
use axum::Router;

use crate::error::ApiError;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(session::routes())
        .merge(me::routes())
        .merge(reference::routes())
        .merge(openapi::routes())
}

/// Every API route: method, path (OpenAPI style), summary.
pub const ROUTES: &[(&str, &str, &str)] = &[
    (
        "post",
        "/api/v1/session",
        "Войти: логин и пароль → токен сеанса (и cookie)",
    ),
    (
        "delete",
        "/api/v1/session",
        "Выйти: завершить текущий сеанс",
    ),
    (
        "get",
        "/api/v1/me",
        "Кто я: учётная запись, роли и организации",
    ),
    (
        "post",
        "/api/v1/consent",
        "Принять условия обработки персональных данных (152-ФЗ)",
    ),
    (
        "get",
        "/api/v1/buildings",
        "Здания колледжа с числом кабинетов",
    ),
    ("post", "/api/v1/buildings", "Добавить здание"),
    (
        "get",
        "/api/v1/buildings/{id}/rooms",
        "Кабинеты здания, по страницам",
    ),
    (
        "post",
        "/api/v1/buildings/{id}/rooms",
        "Добавить кабинет в здание",
    ),
    (
        "get",
        "/api/v1/specialties",
        "Специальности, по страницам, с поиском",
    ),
    ("post", "/api/v1/specialties", "Добавить специальность"),
    (
        "get",
        "/api/v1/groups",
        "Учебные группы, по страницам, с поиском",
    ),
    ("post", "/api/v1/groups", "Добавить учебную группу"),
    (
        "get",
        "/api/v1/groups/{id}",
        "Группа: подгруппы и обучающиеся",
    ),
    (
        "get",
        "/api/v1/students",
        "Обучающиеся, по страницам, с поиском",
    ),
    (
        "get",
        "/api/v1/students/{id}",
        "Карточка обучающегося с родителями",
    ),
    (
        "get",
        "/api/v1/staff",
        "Сотрудники с ролями, по страницам, с поиском",
    ),
    ("get", "/api/v1/openapi.json", "Это описание API"),
];

/// JSON body whose errors are JSON too.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// Path parameters whose errors are JSON too.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// Query parameters whose errors are JSON too.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);
