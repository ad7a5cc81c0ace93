//! The journal in JSON: the grid, cell writes, lessons, history, unlocks.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::Deserialize;
use service::journal::{
    AttendanceTaken, CellState, CellWrite, Grid, HistoryRow, JournalRef, LessonCard, UnlockInput,
};

use super::{ApiJson, ApiPath, ApiQuery};
use crate::error::ApiError;
use crate::session::ApiUser;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/journals", get(journals))
        .route("/journal/{group_id}/{subject_id}", get(grid))
        .route("/journal/cells", put(write_cell))
        .route("/lessons/{id}", get(lesson).put(update_lesson))
        .route("/lessons/{id}/present", post(present))
        .route("/lessons/{id}/history/{student_id}", get(history))
        .route("/unlocks", post(unlock))
        .route("/marks/{id}", put(mark_kind))
}

/// Pages of Zhurnal itself say so, to tell the journal from other API clients in the history.
pub fn via(headers: &HeaderMap) -> &'static str {
    match headers
        .get("x-zhurnal-client")
        .and_then(|v| v.to_str().ok())
    {
        Some("web") => "web",
        _ => "api",
    }
}

async fn journals(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
) -> Result<Json<Vec<JournalRef>>, ApiError> {
    Ok(Json(service::journal::journals(&s.app, &u.actor).await?))
}

#[derive(Deserialize)]
struct MonthParam {
    month: Option<NaiveDate>,
}

async fn grid(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath((group_id, subject_id)): ApiPath<(i64, i64)>,
    ApiQuery(q): ApiQuery<MonthParam>,
) -> Result<Json<Grid>, ApiError> {
    Ok(Json(
        service::journal::grid(&s.app, &u.actor, group_id, subject_id, q.month).await?,
    ))
}

async fn write_cell(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    headers: HeaderMap,
    ApiJson(input): ApiJson<CellWrite>,
) -> Result<Json<CellState>, ApiError> {
    Ok(Json(
        service::journal::write_cell(&s.app, &u.actor, input, via(&headers)).await?,
    ))
}

async fn lesson(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<LessonCard>, ApiError> {
    Ok(Json(
        service::journal::lesson_card(&s.app, &u.actor, id).await?,
    ))
}

#[derive(Deserialize)]
struct LessonText {
    #[serde(default)]
    topic: String,
    #[serde(default)]
    homework: String,
}

async fn update_lesson(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<LessonText>,
) -> Result<Json<LessonCard>, ApiError> {
    service::journal::update_lesson(&s.app, &u.actor, id, &body.topic, &body.homework).await?;
    Ok(Json(
        service::journal::lesson_card(&s.app, &u.actor, id).await?,
    ))
}

/// «Все присутствуют»: what it counted; recorded absences stay.
async fn present(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<AttendanceTaken>, ApiError> {
    Ok(Json(
        service::journal::everyone_present(&s.app, &u.actor, id).await?,
    ))
}

async fn history(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath((id, student_id)): ApiPath<(i64, i64)>,
) -> Result<Json<Vec<HistoryRow>>, ApiError> {
    Ok(Json(
        service::journal::history(&s.app, &u.actor, id, student_id).await?,
    ))
}

async fn unlock(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiJson(input): ApiJson<UnlockInput>,
) -> Result<StatusCode, ApiError> {
    service::journal::grant_unlock(&s.app, &u.actor, input).await?;
    Ok(StatusCode::CREATED)
}

/// Files in the API: download by id; attach with a multipart `file` field.
pub fn file_routes() -> Router<AppState> {
    Router::new().route("/files/{id}", get(download)).route(
        "/lessons/{id}/files",
        post(upload).layer(axum::extract::DefaultBodyLimit::max(
            service::journal::MAX_FILE_BYTES + 64 * 1024,
        )),
    )
}

async fn download(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<axum::response::Response, ApiError> {
    let d = service::journal::download(&s.app, &u.actor, id).await?;
    Ok(crate::pages::journal::file_response(d))
}

async fn upload(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    mut multipart: axum::extract::Multipart,
) -> Result<(StatusCode, Json<service::journal::FileView>), ApiError> {
    let mut file = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "bad_request", e.body_text()))?
    {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("файл").to_string();
            let content_type = field.content_type().unwrap_or("").to_string();
            let bytes = field.bytes().await.map_err(|_| {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "too_large",
                    "Файл больше 5 МБ.",
                )
            })?;
            file = Some((name, content_type, bytes.to_vec()));
        }
    }
    let (name, content_type, data) = file.unwrap_or_default();
    let v = service::journal::attach(&s.app, &u.actor, id, &name, &content_type, data).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[derive(Deserialize)]
struct MarkKind {
    work_kind_id: i64,
}

async fn mark_kind(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<MarkKind>,
) -> Result<StatusCode, ApiError> {
    service::journal::set_mark_kind(&s.app, &u.actor, id, body.work_kind_id, via(&headers)).await?;
    Ok(StatusCode::NO_CONTENT)
}
