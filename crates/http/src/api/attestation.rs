//! Attestation and academic debts in JSON.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use domain::paging::{Page, PageRequest};
use reports::SummarySheet;
use serde::Deserialize;
use serde_json::{json, Value};
use service::attestation::{MarksInput, SheetView, StudentAttestation};
use service::debts::{DebtCard, DebtView, ResultInput, RetakeInput};

use super::{ApiJson, ApiPath, ApiQuery};
use crate::error::ApiError;
use crate::session::ApiUser;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/attestation/{group_id}/{subject_id}",
            get(sheet).put(put_marks),
        )
        .route("/attestation/students/{id}", get(student))
        .route("/attestation/groups/{id}/summary", get(summary))
        .route("/debts", get(debts))
        .route("/debts/{id}", get(debt))
        .route("/debts/{id}/retakes", post(retake))
        .route("/debts/{id}/result", post(result))
        .route("/debts/{id}/not-attested", post(not_attested))
}

#[derive(Deserialize, Default)]
struct TermParams {
    year: Option<i32>,
    semester: Option<i32>,
}

impl TermParams {
    async fn term(&self, s: &AppState, org: i64) -> Result<(i32, i32), ApiError> {
        let year = self
            .year
            .unwrap_or_else(|| domain::reference::school_year(s.app.today()));
        let semester = match self.semester {
            Some(x) => x,
            None => {
                service::attestation::current_semester(&s.app.db, org, year, s.app.today()).await?
            }
        };
        Ok((year, semester))
    }
}

async fn sheet(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath((group, subject)): ApiPath<(i64, i64)>,
    ApiQuery(p): ApiQuery<TermParams>,
) -> Result<Json<SheetView>, ApiError> {
    let (year, semester) = p.term(&s, u.actor.org_id).await?;
    Ok(Json(
        service::attestation::sheet(&s.app, &u.actor, group, subject, year, semester).await?,
    ))
}

#[derive(Deserialize)]
struct MarksBody {
    /// Student id → the mark («5», «а/з», «нпа», or its code).
    marks: HashMap<i64, String>,
}

async fn put_marks(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath((group, subject)): ApiPath<(i64, i64)>,
    ApiQuery(p): ApiQuery<TermParams>,
    ApiJson(body): ApiJson<MarksBody>,
) -> Result<Json<Value>, ApiError> {
    let (year, semester) = p.term(&s, u.actor.org_id).await?;
    let changed = service::attestation::put_marks(
        &s.app,
        &u.actor,
        group,
        subject,
        year,
        semester,
        MarksInput {
            marks: body.marks.into_iter().collect(),
            via: "api",
        },
    )
    .await?;
    Ok(Json(json!({ "changed": changed })))
}

async fn student(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(p): ApiQuery<TermParams>,
) -> Result<Json<StudentAttestation>, ApiError> {
    let year = p
        .year
        .unwrap_or_else(|| domain::reference::school_year(s.app.today()));
    Ok(Json(
        service::attestation::for_student(&s.app, &u.actor, id, year).await?,
    ))
}

#[derive(Deserialize, Default)]
struct DebtParams {
    group: Option<i64>,
    student: Option<i64>,
    #[serde(default)]
    open: bool,
    page: Option<u64>,
}

async fn debts(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiQuery(p): ApiQuery<DebtParams>,
) -> Result<Json<Page<DebtView>>, ApiError> {
    Ok(Json(
        service::debts::list(
            &s.app,
            &u.actor,
            p.group,
            p.student,
            p.open,
            PageRequest::new(p.page),
        )
        .await?,
    ))
}

async fn debt(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<DebtCard>, ApiError> {
    Ok(Json(service::debts::card(&s.app, &u.actor, id).await?))
}

async fn retake(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<RetakeInput>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let attempt = service::debts::schedule_retake(&s.app, &u.actor, id, input).await?;
    Ok((StatusCode::CREATED, Json(json!({ "attempt": attempt }))))
}

async fn result(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ResultInput>,
) -> Result<Json<Value>, ApiError> {
    let status = service::debts::record_result(&s.app, &u.actor, id, input).await?;
    Ok(Json(json!({ "status": status })))
}

async fn not_attested(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    service::debts::declare_not_attested(&s.app, &u.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The summary sheet's data; without `semester`, the whole year.
async fn summary(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(p): ApiQuery<TermParams>,
) -> Result<Json<SummarySheet>, ApiError> {
    let year = p
        .year
        .unwrap_or_else(|| domain::reference::school_year(s.app.today()));
    Ok(Json(
        service::attestation::summary(&s.app, &u.actor, id, year, p.semester).await?,
    ))
}
