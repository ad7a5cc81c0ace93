//! Students and their parents.

use crate::forms::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use domain::paging::Page;
use domain::Permission;
use service::auth::Session;
use service::students::{PersonInput, StudentCard, StudentRow, RELATIONS};

use super::groups::CreatedPage;
use super::{form_errors, id_from, render, render_status, FormErrors, Nav, Pager};
use crate::error::PageError;
use crate::forms::{CsrfForm, ListQuery};
use crate::session::User;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/students", get(list))
        .route("/students/{id}", get(show))
        .route("/students/{id}/parents", post(add_parent))
}

#[derive(Template)]
#[template(path = "students.html")]
struct StudentsPage {
    nav: Nav,
    list: Page<StudentRow>,
    pager: Pager,
    query: String,
    search_hint: &'static str,
}

async fn list(
    State(state): State<AppState>,
    User(session): User,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let list =
        service::students::page(&state.app, &session.actor, &query.q, query.page_request()).await?;
    render(&StudentsPage {
        nav: Nav::new(&session, "/students"),
        pager: Pager::new(&list, "/students", &query.q),
        list,
        query: query.q,
        search_hint: "Фамилия, имя или отчество",
    })
}

#[derive(Template)]
#[template(path = "student.html")]
struct StudentPage {
    nav: Nav,
    card: StudentCard,
    can_list: bool,
    can_edit: bool,
    /// The officer and the director: a person's data on request, erasure.
    can_manage_data: bool,
    relations: [&'static str; 5],
    with_birth_date: bool,
    input: PersonInput,
    errors: FormErrors,
}

async fn student_page(
    state: &AppState,
    session: &Session,
    id: i64,
    input: PersonInput,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let card = service::students::card(&state.app, &session.actor, id).await?;
    render_status(
        errors.status(),
        &StudentPage {
            nav: Nav::new(session, "/students"),
            card,
            can_list: session.actor.can(Permission::ReferenceRead),
            can_edit: session.actor.can(Permission::ReferenceWrite),
            can_manage_data: session.actor.can(Permission::PersonalDataManage),
            relations: RELATIONS,
            with_birth_date: false,
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
    student_page(
        &state,
        &session,
        id_from(&id)?,
        PersonInput::default(),
        FormErrors::default(),
    )
    .await
}

async fn add_parent(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    CsrfForm(input): CsrfForm<PersonInput>,
) -> Result<Response, PageError> {
    let id = id_from(&id)?;
    let result = service::students::add_parent(&state.app, &session.actor, id, input.clone()).await;
    match form_errors(result)? {
        Ok(created) => render(&CreatedPage {
            nav: Nav::new(&session, "/students"),
            created,
            back: format!("/students/{id}"),
        }),
        Err(errors) => student_page(&state, &session, id, input, errors).await,
    }
}
