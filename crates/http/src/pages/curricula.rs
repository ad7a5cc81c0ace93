//! Curricula (учебные планы): the list, one plan as a table, its items and
//! hours, and the plan as a spreadsheet to download and upload.

use crate::forms::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use domain::curriculum::{ControlForm, ItemKind};
use domain::paging::Page;
use domain::reference::StudyForm;
use domain::Permission;
use serde::Deserialize;
use service::curricula::{
    CurriculumInput, CurriculumView, HoursInput, ItemInput, ItemView, Plan, HOUR_PARTS,
    MAX_IMPORT_BYTES,
};
use service::specialties::SpecialtyView;

use super::journal::file_response;
use super::{form_errors, id_from, redirect, render_status, FormErrors, Nav, Pager};
use crate::error::PageError;
use crate::forms::CsrfForm;
use crate::session::User;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/curricula", get(list).post(create))
        .route("/curricula/{id}", get(show))
        .route("/curricula/{id}/items", post(add_item))
        .route("/curricula/{id}/items/{item}", get(item).post(edit_item))
        .route("/curricula/{id}/items/{item}/hours", post(save_hours))
        .route(
            "/curricula/{id}/import",
            get(import_form)
                .post(import)
                .layer(axum::extract::DefaultBodyLimit::max(
                    MAX_IMPORT_BYTES + 64 * 1024,
                )),
        )
}

#[derive(Debug, Default, Deserialize)]
struct ListParams {
    #[serde(default)]
    specialty: String,
    #[serde(default)]
    page: String,
    /// Opens the form for this student's individual curriculum.
    #[serde(default)]
    student: String,
}

#[derive(Template)]
#[template(path = "curricula.html")]
struct ListPage {
    nav: Nav,
    list: Page<CurriculumView>,
    pager: Pager,
    specialties: Vec<SpecialtyView>,
    specialty: Option<i64>,
    forms: [StudyForm; 3],
    can_edit: bool,
    input: CurriculumInput,
    errors: FormErrors,
}

async fn list_page(
    state: &AppState,
    session: &service::auth::Session,
    params: &ListParams,
    input: CurriculumInput,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let specialty = params.specialty.trim().parse::<i64>().ok();
    let req = domain::paging::PageRequest::new(params.page.trim().parse().ok());
    let list = service::curricula::list(&state.app, &session.actor, specialty, req).await?;
    let specialties = service::specialties::all(&state.app, &session.actor).await?;
    let base = match specialty {
        Some(s) => format!("/curricula?specialty={s}"),
        None => "/curricula".to_string(),
    };
    render_status(
        errors.status(),
        &ListPage {
            nav: Nav::new(session, "/curricula"),
            pager: Pager::new(&list, &base, ""),
            list,
            specialties,
            specialty,
            forms: StudyForm::ALL,
            can_edit: session.actor.can(Permission::CurriculumWrite),
            input,
            errors,
        },
    )
}

async fn list(
    State(state): State<AppState>,
    User(session): User,
    Query(params): Query<ListParams>,
) -> Result<Response, PageError> {
    let input = CurriculumInput {
        student_id: params.student.trim().to_string(),
        study_form: StudyForm::FullTime.code().to_string(),
        ..Default::default()
    };
    list_page(&state, &session, &params, input, FormErrors::default()).await
}

async fn create(
    State(state): State<AppState>,
    User(session): User,
    CsrfForm(input): CsrfForm<CurriculumInput>,
) -> Result<Response, PageError> {
    let result = service::curricula::create(&state.app, &session.actor, input.clone()).await;
    match form_errors(result)? {
        Ok(c) => Ok(redirect(&format!("/curricula/{}", c.id))),
        Err(errors) => list_page(&state, &session, &ListParams::default(), input, errors).await,
    }
}

#[derive(Template)]
#[template(path = "curriculum.html")]
struct PlanPage {
    nav: Nav,
    plan: Plan,
    can_edit: bool,
    kinds: [ItemKind; 4],
    subjects: Vec<String>,
    input: ItemInput,
    errors: FormErrors,
    action: String,
    submit: &'static str,
}

async fn plan_page(
    state: &AppState,
    session: &service::auth::Session,
    id: i64,
    input: ItemInput,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let plan = service::curricula::get(&state.app, &session.actor, id).await?;
    let can_edit = session.actor.can(Permission::CurriculumWrite);
    let subjects = if can_edit {
        service::curricula::subject_names(&state.app, &session.actor).await?
    } else {
        Vec::new()
    };
    render_status(
        errors.status(),
        &PlanPage {
            nav: Nav::new(session, "/curricula"),
            action: format!("/curricula/{id}/items"),
            submit: "Добавить строку",
            plan,
            can_edit,
            kinds: ItemKind::ALL,
            subjects,
            input,
            errors,
        },
    )
}

/// `/curricula/{id}` shows the plan; `/curricula/{id}.xlsx` downloads it.
async fn show(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    if let Some(id) = id.strip_suffix(".xlsx") {
        let file = service::curricula::export(&state.app, &session.actor, id_from(id)?).await?;
        return Ok(file_response(file));
    }
    let input = ItemInput {
        kind: ItemKind::Discipline.code().to_string(),
        ..Default::default()
    };
    plan_page(
        &state,
        &session,
        id_from(&id)?,
        input,
        FormErrors::default(),
    )
    .await
}

async fn add_item(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    CsrfForm(input): CsrfForm<ItemInput>,
) -> Result<Response, PageError> {
    let id = id_from(&id)?;
    let result = service::curricula::add_item(&state.app, &session.actor, id, input.clone()).await;
    match form_errors(result)? {
        Ok(_) => Ok(redirect(&format!("/curricula/{id}"))),
        Err(errors) => plan_page(&state, &session, id, input, errors).await,
    }
}

/// One row of the hours form: a semester's inputs.
struct HoursRow {
    semester: i32,
    field: String,
    /// (name, title, value) of each kind of hours.
    parts: Vec<(String, &'static str, String)>,
    control_form: String,
    /// The control form in words, for readers.
    control_title: &'static str,
}

#[derive(Template)]
#[template(path = "curriculum_item.html")]
struct ItemPage {
    nav: Nav,
    plan: Plan,
    item: ItemView,
    can_edit: bool,
    kinds: [ItemKind; 4],
    control_forms: [ControlForm; 6],
    subjects: Vec<String>,
    subject: String,
    input: ItemInput,
    errors: FormErrors,
    hours: Vec<HoursRow>,
    hour_errors: FormErrors,
    action: String,
    submit: &'static str,
}

#[allow(clippy::too_many_arguments)]
async fn item_page(
    state: &AppState,
    session: &service::auth::Session,
    id: i64,
    item_id: i64,
    input: Option<ItemInput>,
    errors: FormErrors,
    hours: Option<HoursInput>,
    hour_errors: FormErrors,
) -> Result<Response, PageError> {
    let (plan, item) = service::curricula::item(&state.app, &session.actor, id, item_id).await?;
    let can_edit = session.actor.can(Permission::CurriculumWrite);
    let subjects = if can_edit {
        service::curricula::subject_names(&state.app, &session.actor).await?
    } else {
        Vec::new()
    };
    let subject = match item.subject_id {
        Some(s) => service::curricula::subject_name(&state.app, &session.actor, s)
            .await?
            .unwrap_or_default(),
        None => String::new(),
    };
    let input = input.unwrap_or_else(|| ItemInput {
        kind: item.kind.code().to_string(),
        code: item.code.clone(),
        name: item.name.clone(),
        parent_id: item.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        subject: subject.clone(),
    });
    let values = hours.unwrap_or_else(|| service::curricula::hours_input_of(&item));
    let value = |name: &str, s: i32| {
        values
            .get(&format!("{name}_{s}"))
            .cloned()
            .unwrap_or_default()
    };
    let hours = (1..=service::curricula::SEMESTERS)
        .map(|s| HoursRow {
            semester: s,
            field: format!("semester_{s}"),
            parts: HOUR_PARTS
                .iter()
                .map(|(name, title)| (format!("{name}_{s}"), *title, value(name, s)))
                .collect(),
            control_title: ControlForm::from_code(&value("control_form", s))
                .map(ControlForm::title)
                .unwrap_or(""),
            control_form: value("control_form", s),
        })
        .collect();
    let status = if errors.is_empty() {
        hour_errors.status()
    } else {
        errors.status()
    };
    render_status(
        status,
        &ItemPage {
            nav: Nav::new(session, "/curricula"),
            action: format!("/curricula/{id}/items/{item_id}"),
            submit: "Сохранить строку",
            plan,
            item,
            can_edit,
            kinds: ItemKind::ALL,
            control_forms: ControlForm::ALL,
            subjects,
            subject,
            input,
            errors,
            hours,
            hour_errors,
        },
    )
}

async fn item(
    State(state): State<AppState>,
    User(session): User,
    Path((id, item_id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    item_page(
        &state,
        &session,
        id_from(&id)?,
        id_from(&item_id)?,
        None,
        FormErrors::default(),
        None,
        FormErrors::default(),
    )
    .await
}

async fn edit_item(
    State(state): State<AppState>,
    User(session): User,
    Path((id, item_id)): Path<(String, String)>,
    CsrfForm(input): CsrfForm<ItemInput>,
) -> Result<Response, PageError> {
    let (id, item_id) = (id_from(&id)?, id_from(&item_id)?);
    let result =
        service::curricula::update_item(&state.app, &session.actor, id, item_id, input.clone())
            .await;
    match form_errors(result)? {
        Ok(()) => Ok(redirect(&format!("/curricula/{id}"))),
        Err(errors) => {
            item_page(
                &state,
                &session,
                id,
                item_id,
                Some(input),
                errors,
                None,
                FormErrors::default(),
            )
            .await
        }
    }
}

async fn save_hours(
    State(state): State<AppState>,
    User(session): User,
    Path((id, item_id)): Path<(String, String)>,
    CsrfForm(input): CsrfForm<HoursInput>,
) -> Result<Response, PageError> {
    let (id, item_id) = (id_from(&id)?, id_from(&item_id)?);
    let result =
        service::curricula::set_hours(&state.app, &session.actor, id, item_id, &input).await;
    match form_errors(result)? {
        Ok(()) => Ok(redirect(&format!("/curricula/{id}"))),
        Err(errors) => {
            item_page(
                &state,
                &session,
                id,
                item_id,
                None,
                FormErrors::default(),
                Some(input),
                errors,
            )
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "curriculum_import.html")]
struct ImportPage {
    nav: Nav,
    plan: Plan,
    /// Each row's error, or the reason the import is refused.
    problems: Vec<String>,
}

async fn import_page(
    state: &AppState,
    session: &service::auth::Session,
    id: i64,
    status: StatusCode,
    problems: Vec<String>,
) -> Result<Response, PageError> {
    if !session.actor.can(Permission::CurriculumWrite) {
        return Err(PageError(service::Error::Forbidden));
    }
    let plan = service::curricula::get(&state.app, &session.actor, id).await?;
    render_status(
        status,
        &ImportPage {
            nav: Nav::new(session, "/curricula"),
            plan,
            problems,
        },
    )
}

async fn import_form(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    import_page(&state, &session, id_from(&id)?, StatusCode::OK, Vec::new()).await
}

/// The spreadsheet from the import form: multipart, with the session's CSRF token.
async fn import(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    mut multipart: axum::extract::Multipart,
) -> Result<Response, PageError> {
    let id = id_from(&id)?;
    let (mut csrf, mut file) = (String::new(), Vec::new());
    while let Ok(Some(field)) = multipart.next_field().await {
        match field.name() {
            Some("_csrf") => csrf = field.text().await.unwrap_or_default(),
            Some("file") => match field.bytes().await {
                Ok(bytes) => file = bytes.to_vec(),
                Err(_) => {
                    return import_page(
                        &state,
                        &session,
                        id,
                        StatusCode::PAYLOAD_TOO_LARGE,
                        vec!["Файл больше 5 МБ: в учебном плане столько не бывает — проверьте, тот ли это файл.".into()],
                    )
                    .await
                }
            },
            _ => {}
        }
    }
    if !crate::forms::same_token(&csrf, &session.csrf_token) {
        return Err(PageError(service::Error::field(
            "form",
            "Форма устарела. Обновите страницу и отправьте её ещё раз.",
        )));
    }
    match service::curricula::import(&state.app, &session.actor, id, &file).await {
        Ok(_) => Ok(redirect(&format!("/curricula/{id}"))),
        Err(service::Error::Invalid(errors)) => {
            let problems = errors.into_iter().map(|e| e.message).collect();
            import_page(
                &state,
                &session,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                problems,
            )
            .await
        }
        Err(service::Error::Locked(message)) => {
            import_page(&state, &session, id, StatusCode::CONFLICT, vec![message]).await
        }
        Err(e) => Err(PageError(e)),
    }
}
