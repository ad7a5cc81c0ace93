//! Study groups: list, card, create, edit, subgroups, enrolment.

use crate::forms::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use domain::paging::Page;
use domain::reference::StudyForm;
use domain::{FieldError, Permission};
use serde::Deserialize;
use service::auth::Session;
use service::groups::{GroupCard, GroupInput, GroupRow};
use service::specialties::SpecialtyView;
use service::students::{Created, PersonInput};

use super::{form_errors, id_from, redirect, render, render_status, FormErrors, Nav, Pager};
use crate::error::PageError;
use crate::forms::{CsrfForm, ListQuery};
use crate::session::User;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/groups", get(list).post(create))
        .route("/groups/new", get(new_form))
        .route("/groups/{id}", get(show).post(update))
        .route("/groups/{id}/edit", get(edit_form))
        .route("/groups/{id}/subgroups", post(add_subgroup))
        .route("/groups/{id}/students", post(add_student))
}

#[derive(Template)]
#[template(path = "groups.html")]
struct GroupsPage {
    nav: Nav,
    list: Page<GroupRow>,
    pager: Pager,
    query: String,
    search_hint: &'static str,
    can_edit: bool,
}

async fn list(
    State(state): State<AppState>,
    User(session): User,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let list =
        service::groups::page(&state.app, &session.actor, &query.q, query.page_request()).await?;
    render(&GroupsPage {
        nav: Nav::new(&session, "/groups"),
        pager: Pager::new(&list, "/groups", &query.q),
        list,
        query: query.q,
        search_hint: "Название группы",
        can_edit: session.actor.can(Permission::ReferenceWrite),
    })
}

#[derive(Template)]
#[template(path = "group_form.html")]
struct GroupForm {
    nav: Nav,
    title: String,
    action: String,
    back: String,
    specialties: Vec<SpecialtyView>,
    staff: Vec<(i64, String)>,
    forms: [StudyForm; 3],
    input: GroupInput,
    errors: FormErrors,
}

async fn form_page(
    state: &AppState,
    session: &Session,
    group_id: Option<i64>,
    input: GroupInput,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let options = service::groups::form_options(&state.app, &session.actor).await?;
    let (title, action, back) = match group_id {
        Some(id) => (
            format!("Группа {}", input.name),
            format!("/groups/{id}"),
            format!("/groups/{id}"),
        ),
        None => ("Новая группа".into(), "/groups".into(), "/groups".into()),
    };
    render_status(
        errors.status(),
        &GroupForm {
            nav: Nav::new(session, "/groups"),
            title,
            action,
            back,
            specialties: options.specialties,
            staff: options.staff,
            forms: StudyForm::ALL,
            input,
            errors,
        },
    )
}

async fn new_form(
    State(state): State<AppState>,
    User(session): User,
) -> Result<Response, PageError> {
    let input = GroupInput {
        study_form: StudyForm::FullTime.code().into(),
        intake_year: domain::reference::school_year(state.app.today()).to_string(),
        ..GroupInput::default()
    };
    form_page(&state, &session, None, input, FormErrors::default()).await
}

async fn create(
    State(state): State<AppState>,
    User(session): User,
    CsrfForm(input): CsrfForm<GroupInput>,
) -> Result<Response, PageError> {
    let result = service::groups::create(&state.app, &session.actor, input.clone()).await;
    match form_errors(result)? {
        Ok(g) => Ok(redirect(&format!("/groups/{}", g.id))),
        Err(errors) => form_page(&state, &session, None, input, errors).await,
    }
}

async fn edit_form(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = id_from(&id)?;
    let card = service::groups::card(&state.app, &session.actor, id).await?;
    let g = card.group;
    let input = GroupInput {
        name: g.name,
        specialty_id: g.specialty_id.to_string(),
        study_form: g.study_form,
        intake_year: g.intake_year.to_string(),
        curator_id: g.curator_id.map(|c| c.to_string()).unwrap_or_default(),
    };
    form_page(&state, &session, Some(id), input, FormErrors::default()).await
}

async fn update(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    CsrfForm(input): CsrfForm<GroupInput>,
) -> Result<Response, PageError> {
    let id = id_from(&id)?;
    let result = service::groups::update(&state.app, &session.actor, id, input.clone()).await;
    match form_errors(result)? {
        Ok(()) => Ok(redirect(&format!("/groups/{id}"))),
        Err(errors) => form_page(&state, &session, Some(id), input, errors).await,
    }
}

#[derive(Template)]
#[template(path = "group.html")]
struct GroupPage {
    nav: Nav,
    card: GroupCard,
    can_edit: bool,
    can_open_students: bool,
    show_list_link: bool,
    with_birth_date: bool,
    input: PersonInput,
    errors: FormErrors,
}

async fn group_page(
    state: &AppState,
    session: &Session,
    id: i64,
    input: PersonInput,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let card = service::groups::card(&state.app, &session.actor, id).await?;
    let reads_all = session.actor.can(Permission::ReferenceRead);
    render_status(
        errors.status(),
        &GroupPage {
            nav: Nav::new(session, "/groups"),
            card,
            can_edit: session.actor.can(Permission::ReferenceWrite),
            // A curator opens the cards of their own students.
            can_open_students: true,
            show_list_link: reads_all,
            with_birth_date: true,
            input,
            errors,
        },
    )
}

async fn show(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    group_page(
        &state,
        &session,
        id_from(&id)?,
        PersonInput::default(),
        FormErrors::default(),
    )
    .await
}

#[derive(Deserialize)]
struct SubgroupFields {
    #[serde(default)]
    name: String,
}

async fn add_subgroup(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<SubgroupFields>,
) -> Result<Response, PageError> {
    let id = id_from(&id)?;
    let result = service::groups::add_subgroup(&state.app, &session.actor, id, &form.name).await;
    match form_errors(result)? {
        Ok(_) => Ok(redirect(&format!("/groups/{id}"))),
        Err(FormErrors(errors)) => {
            // The subgroup form's only field is shown apart from the student's «name».
            let errors = errors
                .into_iter()
                .map(|e| FieldError {
                    field: "subgroup",
                    message: e.message,
                })
                .collect();
            group_page(
                &state,
                &session,
                id,
                PersonInput::default(),
                FormErrors(errors),
            )
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "created.html")]
pub struct CreatedPage {
    pub nav: Nav,
    pub created: Created,
    pub back: String,
}

async fn add_student(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    CsrfForm(input): CsrfForm<PersonInput>,
) -> Result<Response, PageError> {
    let id = id_from(&id)?;
    let result =
        service::students::add_to_group(&state.app, &session.actor, id, input.clone()).await;
    match form_errors(result)? {
        Ok(created) => render(&CreatedPage {
            nav: Nav::new(&session, "/groups"),
            created,
            back: format!("/groups/{id}"),
        }),
        Err(errors) => group_page(&state, &session, id, input, errors).await,
    }
}
