//! Curricula in JSON: the list and one plan with its items and hours.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use domain::paging::{Page, PageRequest};
use serde::Deserialize;
use service::curricula::{CurriculumView, Plan};

use super::{ApiPath, ApiQuery};
use crate::error::ApiError;
use crate::session::ApiUser;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/curricula", get(list))
        .route("/curricula/{id}", get(show))
}

#[derive(Deserialize, Default)]
struct ListParams {
    specialty: Option<i64>,
    page: Option<u64>,
}

async fn list(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<Page<CurriculumView>>, ApiError> {
    Ok(Json(
        service::curricula::list(&s.app, &u.actor, p.specialty, PageRequest::new(p.page)).await?,
    ))
}

async fn show(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Plan>, ApiError> {
    Ok(Json(service::curricula::get(&s.app, &u.actor, id).await?))
}
