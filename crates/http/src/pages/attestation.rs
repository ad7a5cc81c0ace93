//! Intermediate attestation: the teacher's sheets, a group's subjects with
//! their attestation periods, the sheet itself, who has not put marks, and
//! the student's attestation in the diary.

use std::collections::HashMap;

use crate::forms::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use domain::attestation::ScheduleSource;
use serde::Deserialize;
use service::attestation::{
    MarksInput, MissingRow, Overview, ScheduleInput, ScheduleView, SheetView, StudentAttestation,
};
use service::auth::Session;
use service::diary::Child;

use super::{form_errors, id_from, redirect, render, render_status, FormErrors, Nav};
use crate::error::PageError;
use crate::forms::CsrfForm;
use crate::session::User;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/attestation", get(overview))
        .route("/attestation/missing", get(missing))
        .route("/attestation/group/{id}", get(group).post(set_schedule))
        .route("/attestation/group/{id}/summary/{file}", get(summary))
        .route("/attestation/group/{id}/diploma/{file}", get(diploma))
        .route("/diplomas", get(diplomas))
        .route(
            "/attestation/group/{group}/subject/{subject}",
            get(sheet).post(put_marks),
        )
        .route("/diary/attestation", get(diary))
}

#[derive(Deserialize, Default, Clone)]
pub(crate) struct TermQuery {
    #[serde(default)]
    year: String,
    #[serde(default)]
    semester: String,
}

impl TermQuery {
    /// The asked school year and semester, or the current ones.
    pub(crate) async fn term(&self, state: &AppState, org: i64) -> Result<(i32, i32), PageError> {
        let year = self
            .year
            .trim()
            .parse()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .unwrap_or_else(|| domain::reference::school_year(state.app.today()));
        let semester = match self.semester.trim().parse() {
            Ok(s @ 1..=2) => s,
            _ => {
                service::attestation::current_semester(&state.app.db, org, year, state.app.today())
                    .await?
            }
        };
        Ok((year, semester))
    }
}

#[derive(Template)]
#[template(path = "attestation.html")]
struct OverviewPage {
    nav: Nav,
    view: Overview,
}

async fn overview(
    State(state): State<AppState>,
    User(session): User,
    Query(q): Query<TermQuery>,
) -> Result<Response, PageError> {
    let (year, semester) = q.term(&state, session.actor.org_id).await?;
    let view = service::attestation::overview(&state.app, &session.actor, year, semester).await?;
    render(&OverviewPage {
        nav: Nav::new(&session, "/attestation"),
        view,
    })
}

#[derive(Template)]
#[template(path = "attestation_missing.html")]
struct MissingPage {
    nav: Nav,
    year: i32,
    year_title: String,
    semester: i32,
    rows: Vec<MissingRow>,
}

async fn missing(
    State(state): State<AppState>,
    User(session): User,
    Query(q): Query<TermQuery>,
) -> Result<Response, PageError> {
    let (year, semester) = q.term(&state, session.actor.org_id).await?;
    let rows = service::attestation::missing(&state.app, &session.actor, year, semester).await?;
    render(&MissingPage {
        nav: Nav::new(&session, "/attestation"),
        year,
        year_title: domain::calendar::year_title(year),
        semester,
        rows,
    })
}

#[derive(Template)]
#[template(path = "attestation_group.html")]
struct GroupPage {
    nav: Nav,
    view: ScheduleView,
    sources: [ScheduleSource; 3],
    errors: FormErrors,
}

async fn group_page(
    state: &AppState,
    session: &Session,
    group_id: i64,
    q: &TermQuery,
    asked_semester: Option<i32>,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let (year, semester) = q.term(state, session.actor.org_id).await?;
    let semester = asked_semester.unwrap_or(semester);
    let view = service::attestation::schedule(&state.app, &session.actor, group_id, year, semester)
        .await?;
    render_status(
        errors.status(),
        &GroupPage {
            nav: Nav::new(session, "/attestation"),
            view,
            sources: ScheduleSource::ALL,
            errors,
        },
    )
}

async fn group(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    Query(q): Query<TermQuery>,
) -> Result<Response, PageError> {
    group_page(
        &state,
        &session,
        id_from(&id)?,
        &q,
        None,
        FormErrors::default(),
    )
    .await
}

async fn set_schedule(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    Query(q): Query<TermQuery>,
    CsrfForm(input): CsrfForm<ScheduleInput>,
) -> Result<Response, PageError> {
    let group_id = id_from(&id)?;
    let (year, _) = q.term(&state, session.actor.org_id).await?;
    let result = service::attestation::set_schedule(
        &state.app,
        &session.actor,
        group_id,
        year,
        input.clone(),
    )
    .await;
    match form_errors(result)? {
        Ok(()) => Ok(redirect(&format!(
            "/attestation/group/{group_id}?year={year}&semester={}",
            input.semester.trim()
        ))),
        Err(errors) => {
            let asked = input.semester.trim().parse().ok();
            group_page(&state, &session, group_id, &q, asked, errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "attestation_sheet.html")]
struct SheetPage {
    nav: Nav,
    sheet: SheetView,
    /// What was typed, by student, when the sheet came back with errors.
    typed: HashMap<i64, String>,
    errors: FormErrors,
    saved: bool,
}

impl SheetPage {
    /// Whether the student's select shows this mark as typed before an error.
    fn chosen(&self, student: impl std::borrow::Borrow<i64>, code: impl AsRef<str>) -> bool {
        self.typed
            .get(student.borrow())
            .is_some_and(|t| t.as_str() == code.as_ref())
    }
}

#[derive(Deserialize, Default)]
struct SheetQuery {
    #[serde(flatten)]
    term: TermQuery,
    #[serde(default)]
    saved: String,
}

#[allow(clippy::too_many_arguments)]
async fn sheet_page(
    state: &AppState,
    session: &Session,
    group_id: i64,
    subject_id: i64,
    q: &TermQuery,
    typed: HashMap<i64, String>,
    errors: FormErrors,
    saved: bool,
) -> Result<Response, PageError> {
    let (year, semester) = q.term(state, session.actor.org_id).await?;
    let sheet = service::attestation::sheet(
        &state.app,
        &session.actor,
        group_id,
        subject_id,
        year,
        semester,
    )
    .await?;
    render_status(
        errors.status(),
        &SheetPage {
            nav: Nav::new(session, "/attestation"),
            sheet,
            typed,
            errors,
            saved,
        },
    )
}

async fn sheet(
    State(state): State<AppState>,
    User(session): User,
    Path((group, subject)): Path<(String, String)>,
    Query(q): Query<SheetQuery>,
) -> Result<Response, PageError> {
    sheet_page(
        &state,
        &session,
        id_from(&group)?,
        id_from(&subject)?,
        &q.term,
        HashMap::new(),
        FormErrors::default(),
        !q.saved.is_empty(),
    )
    .await
}

/// The sheet's fields: `m_<student id>` → what was typed or chosen.
fn typed_marks(form: &HashMap<String, String>) -> HashMap<i64, String> {
    form.iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("m_")?.parse().ok()?, v.clone())))
        .collect()
}

async fn put_marks(
    State(state): State<AppState>,
    User(session): User,
    Path((group, subject)): Path<(String, String)>,
    Query(q): Query<TermQuery>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let (group_id, subject_id) = (id_from(&group)?, id_from(&subject)?);
    let (year, semester) = q.term(&state, session.actor.org_id).await?;
    let typed = typed_marks(&form);
    let result = service::attestation::put_marks(
        &state.app,
        &session.actor,
        group_id,
        subject_id,
        year,
        semester,
        MarksInput {
            marks: typed.iter().map(|(k, v)| (*k, v.clone())).collect(),
            via: "page",
        },
    )
    .await;
    let result = match result {
        Err(service::Error::Locked(message)) => Err(service::Error::field("form", message)),
        other => other,
    };
    match form_errors(result)? {
        Ok(_) => Ok(redirect(&format!(
            "/attestation/group/{group_id}/subject/{subject_id}?year={year}&semester={semester}&saved=1"
        ))),
        Err(errors) => {
            sheet_page(&state, &session, group_id, subject_id, &q, typed, errors, false).await
        }
    }
}

#[derive(Template)]
#[template(path = "attestation_diary.html")]
struct DiaryPage {
    nav: Nav,
    owners: Vec<Child>,
    view: StudentAttestation,
}

#[derive(Deserialize, Default)]
struct DiaryQuery {
    #[serde(default)]
    student: String,
    #[serde(default)]
    year: String,
}

async fn diary(
    State(state): State<AppState>,
    User(session): User,
    Query(q): Query<DiaryQuery>,
) -> Result<Response, PageError> {
    let (owners, student) = super::diary::whose(&session, &q.student)?;
    let year = q
        .year
        .trim()
        .parse()
        .unwrap_or_else(|_| domain::reference::school_year(state.app.today()));
    let view = service::attestation::for_student(&state.app, &session.actor, student, year).await?;
    render(&DiaryPage {
        nav: Nav::new(&session, "/diary"),
        owners,
        view,
    })
}

#[derive(Deserialize, Default)]
struct SummaryQuery {
    #[serde(default)]
    year: String,
    /// 1 or 2; empty: the whole year.
    #[serde(default)]
    semester: String,
}

/// `/attestation/group/{id}/summary/ведомость.pdf` (or `.xlsx`): the summary sheet.
async fn summary(
    State(state): State<AppState>,
    User(session): User,
    Path((id, file)): Path<(String, String)>,
    Query(q): Query<SummaryQuery>,
) -> Result<Response, PageError> {
    let pdf = if file.ends_with(".pdf") {
        true
    } else if file.ends_with(".xlsx") {
        false
    } else {
        return Err(PageError(service::Error::NotFound("файл ведомости")));
    };
    let year = q
        .year
        .trim()
        .parse()
        .unwrap_or_else(|_| domain::reference::school_year(state.app.today()));
    let semester = q
        .semester
        .trim()
        .parse()
        .ok()
        .filter(|s| (1..=2).contains(s));
    let file = service::attestation::summary_file(
        &state.app,
        &session.actor,
        id_from(&id)?,
        year,
        semester,
        pdf,
    )
    .await?;
    Ok(super::journal::file_response(file))
}

/// `/attestation/group/{id}/diploma/prilozhenie.pdf` (or `.xlsx`): diploma supplements.
async fn diploma(
    State(state): State<AppState>,
    User(session): User,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let pdf = if file.ends_with(".pdf") {
        true
    } else if file.ends_with(".xlsx") {
        false
    } else {
        return Err(PageError(service::Error::NotFound("файл")));
    };
    let file =
        service::attestation::diploma_file(&state.app, &session.actor, id_from(&id)?, pdf).await?;
    Ok(super::journal::file_response(file))
}

#[derive(Template)]
#[template(path = "diplomas.html")]
struct DiplomasPage {
    nav: Nav,
    groups: Vec<(i64, String)>,
    year_title: String,
}

/// The graduating groups, for the officer who prints diplomas.
async fn diplomas(
    State(state): State<AppState>,
    User(session): User,
) -> Result<Response, PageError> {
    let groups = service::attestation::graduating(&state.app, &session.actor).await?;
    render(&DiplomasPage {
        nav: Nav::new(&session, "/diplomas"),
        groups,
        year_title: domain::calendar::year_title(domain::reference::school_year(state.app.today())),
    })
}
