//! The diary in JSON, for a mobile app: a week, a summary, notices of absence, notifications.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use service::diary::{Child, DiaryWeek, SubjectSummary};
use service::notices::NoticeInput;
use service::notifications::NotificationView;

use super::{ApiJson, ApiPath, ApiQuery};
use crate::error::ApiError;
use crate::session::ApiUser;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/diary", get(owners))
        .route("/diary/{student_id}", get(week))
        .route("/diary/{student_id}/summary", get(summary))
        .route("/diary/{student_id}/notices", post(notice))
        .route("/notifications", get(notifications))
        .route("/notifications/read", post(read_all))
}

async fn owners(ApiUser(u): ApiUser) -> Json<Vec<Child>> {
    Json(service::diary::diary_owners(&u))
}

#[derive(Deserialize)]
struct WeekParam {
    week: Option<NaiveDate>,
}

async fn week(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(student_id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<WeekParam>,
) -> Result<Json<DiaryWeek>, ApiError> {
    Ok(Json(
        service::diary::week(&s.app, &u.actor, student_id, q.week).await?,
    ))
}

#[derive(Deserialize)]
struct PeriodParam {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

async fn summary(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(student_id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<PeriodParam>,
) -> Result<Json<Vec<SubjectSummary>>, ApiError> {
    let (from, to) = service::diary::default_period(s.app.today(), q.from, q.to);
    Ok(Json(
        service::diary::summary(&s.app, &u.actor, student_id, from, to).await?,
    ))
}

#[derive(Serialize)]
struct NoticeGiven {
    lessons_marked: u64,
}

async fn notice(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(student_id): ApiPath<i64>,
    ApiJson(input): ApiJson<NoticeInput>,
) -> Result<(StatusCode, Json<NoticeGiven>), ApiError> {
    let n = service::notices::give_notice(&s.app, &u.actor, student_id, input).await?;
    Ok((StatusCode::CREATED, Json(NoticeGiven { lessons_marked: n })))
}

async fn notifications(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
) -> Result<Json<Vec<NotificationView>>, ApiError> {
    Ok(Json(service::notifications::mine(&s.app, &u.actor).await?))
}

async fn read_all(State(s): State<AppState>, ApiUser(u): ApiUser) -> Result<StatusCode, ApiError> {
    service::notifications::mark_all_read(&s.app, &u.actor).await?;
    Ok(StatusCode::NO_CONTENT)
}
