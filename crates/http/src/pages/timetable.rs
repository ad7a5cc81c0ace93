//! The timetable: weeks of a group, a teacher or a room; placing a lesson by
//! hand with its conflicts; substitutions, cancellations and moves; the
//! record of changes; the weekly pattern and filling dates from it.

use crate::forms::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use domain::timetable::Conflict;
use domain::{Permission, Role};
use serde::Deserialize;
use service::auth::Session;
use service::timetable::{
    ChangeInput, ChangeRow, FillInput, FillResult, LessonCard, PatternView, PlaceInput,
    PlaceOptions, WeekView, Whose,
};

use super::{form_errors, id_from, redirect, render, render_status, FormErrors, Nav, Pager};
use crate::error::PageError;
use crate::forms::{CsrfForm, ListQuery};
use crate::session::User;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/timetable", get(index))
        .route("/timetable/group/{id}", get(group_week))
        .route("/timetable/teacher/{id}", get(teacher_week))
        .route("/timetable/room/{id}", get(room_week))
        .route("/timetable/group/{id}/new", get(new_form).post(place))
        .route("/timetable/group/{id}/pattern", get(pattern))
        .route("/timetable/group/{id}/fill", post(fill))
        .route("/timetable/lessons/{id}", get(lesson))
        .route("/timetable/lessons/{id}/change", post(change))
        .route("/timetable/changes", get(changes))
}

#[derive(Deserialize, Default)]
struct WeekQuery {
    #[serde(default)]
    week: String,
}

fn day_of(raw: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok()
}

#[derive(Template)]
#[template(path = "timetable_index.html")]
struct IndexPage {
    nav: Nav,
    groups: Vec<(i64, String)>,
    teachers: Vec<(i64, String)>,
    rooms: Vec<(i64, String)>,
}

async fn index(State(state): State<AppState>, User(session): User) -> Result<Response, PageError> {
    let actor = &session.actor;
    if !actor.can(Permission::ReferenceRead) {
        // A teacher's timetable is their own week; a curator's, their group's.
        if actor.has_role(Role::Teacher) {
            return Ok(redirect(&format!("/timetable/teacher/{}", actor.person_id)));
        }
        if let Some(g) = actor.curated_groups().first() {
            return Ok(redirect(&format!("/timetable/group/{g}")));
        }
        return Err(PageError(service::Error::Forbidden));
    }
    let lists = service::timetable::choices(&state.app, actor).await?;
    render(&IndexPage {
        nav: Nav::new(&session, "/timetable"),
        groups: lists.groups,
        teachers: lists.teachers,
        rooms: lists.rooms,
    })
}

#[derive(Template)]
#[template(path = "timetable_week.html")]
struct WeekPage {
    nav: Nav,
    week: WeekView,
    /// Where a lesson opens: the timetable's card for those who manage the
    /// timetable, the journal's lesson card for a teacher or a curator.
    lesson_link: &'static str,
}

async fn week_page(
    state: &AppState,
    session: &Session,
    whose: Whose,
    q: &WeekQuery,
) -> Result<Response, PageError> {
    let week = service::timetable::week(&state.app, &session.actor, whose, day_of(&q.week)).await?;
    render(&WeekPage {
        nav: Nav::new(session, "/timetable"),
        week,
        lesson_link: if session.actor.can(Permission::ReferenceRead) {
            "/timetable/lessons/"
        } else {
            "/lessons/"
        },
    })
}

async fn group_week(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    Query(q): Query<WeekQuery>,
) -> Result<Response, PageError> {
    week_page(&state, &session, Whose::Group(id_from(&id)?), &q).await
}

async fn teacher_week(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    Query(q): Query<WeekQuery>,
) -> Result<Response, PageError> {
    week_page(&state, &session, Whose::Teacher(id_from(&id)?), &q).await
}

async fn room_week(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    Query(q): Query<WeekQuery>,
) -> Result<Response, PageError> {
    week_page(&state, &session, Whose::Room(id_from(&id)?), &q).await
}

#[derive(Template)]
#[template(path = "timetable_new.html")]
struct NewPage {
    nav: Nav,
    options: PlaceOptions,
    input: PlaceInput,
    errors: FormErrors,
    conflicts: Vec<Conflict>,
    fits: bool,
}

#[derive(Deserialize, Default)]
struct NewQuery {
    #[serde(default)]
    date: String,
    #[serde(default)]
    pair: String,
}

async fn new_page(
    state: &AppState,
    session: &Session,
    group_id: i64,
    input: PlaceInput,
    errors: FormErrors,
    conflicts: Vec<Conflict>,
    fits: bool,
) -> Result<Response, PageError> {
    let options = service::timetable::place_options(&state.app, &session.actor, group_id).await?;
    let status = if !conflicts.is_empty() {
        StatusCode::CONFLICT
    } else {
        errors.status()
    };
    render_status(
        status,
        &NewPage {
            nav: Nav::new(session, "/timetable"),
            options,
            input,
            errors,
            conflicts,
            fits,
        },
    )
}

async fn new_form(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    Query(q): Query<NewQuery>,
) -> Result<Response, PageError> {
    let input = PlaceInput {
        date: q.date,
        pair_no: q.pair,
        ..PlaceInput::default()
    };
    new_page(
        &state,
        &session,
        id_from(&id)?,
        input,
        FormErrors::default(),
        Vec::new(),
        false,
    )
    .await
}

#[derive(Deserialize, Default, Clone)]
struct PlaceForm {
    #[serde(flatten)]
    input: PlaceInput,
    /// «check» only checks; anything else saves.
    #[serde(default)]
    action: String,
}

async fn place(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<PlaceForm>,
) -> Result<Response, PageError> {
    let group_id = id_from(&id)?;
    let check_only = form.action == "check";
    let input = form.input.clone();
    let result =
        service::timetable::place(&state.app, &session.actor, group_id, form.input, check_only)
            .await;
    match result {
        Ok(Some(_)) => Ok(redirect(&format!(
            "/timetable/group/{group_id}?week={}",
            input.date.trim()
        ))),
        Ok(None) => {
            new_page(
                &state,
                &session,
                group_id,
                input,
                FormErrors::default(),
                Vec::new(),
                true,
            )
            .await
        }
        Err(service::Error::Conflicts(list)) => {
            new_page(
                &state,
                &session,
                group_id,
                input,
                FormErrors::default(),
                list,
                false,
            )
            .await
        }
        Err(e) => match form_errors::<()>(Err(e))? {
            Ok(()) => Ok(redirect("/timetable")),
            Err(errors) => {
                new_page(&state, &session, group_id, input, errors, Vec::new(), false).await
            }
        },
    }
}

#[derive(Template)]
#[template(path = "timetable_lesson.html")]
struct LessonPage {
    nav: Nav,
    card: LessonCard,
    input: ChangeInput,
    errors: FormErrors,
    conflicts: Vec<Conflict>,
}

async fn lesson_page(
    state: &AppState,
    session: &Session,
    id: i64,
    input: ChangeInput,
    errors: FormErrors,
    conflicts: Vec<Conflict>,
) -> Result<Response, PageError> {
    let card = service::timetable::lesson_card(&state.app, &session.actor, id).await?;
    let status = if !conflicts.is_empty() {
        StatusCode::CONFLICT
    } else {
        errors.status()
    };
    render_status(
        status,
        &LessonPage {
            nav: Nav::new(session, "/timetable"),
            card,
            input,
            errors,
            conflicts,
        },
    )
}

async fn lesson(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    lesson_page(
        &state,
        &session,
        id_from(&id)?,
        ChangeInput::default(),
        FormErrors::default(),
        Vec::new(),
    )
    .await
}

async fn change(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    CsrfForm(input): CsrfForm<ChangeInput>,
) -> Result<Response, PageError> {
    let id = id_from(&id)?;
    let result = service::timetable::change(&state.app, &session.actor, id, input.clone()).await;
    match result {
        Ok(()) => Ok(redirect(&format!("/timetable/lessons/{id}"))),
        Err(service::Error::Conflicts(list)) => {
            lesson_page(&state, &session, id, input, FormErrors::default(), list).await
        }
        Err(service::Error::Locked(message)) => {
            let errors = FormErrors(vec![domain::FieldError {
                field: "form",
                message,
            }]);
            lesson_page(&state, &session, id, input, errors, Vec::new()).await
        }
        Err(e) => match form_errors::<()>(Err(e))? {
            Ok(()) => Ok(redirect("/timetable")),
            Err(errors) => lesson_page(&state, &session, id, input, errors, Vec::new()).await,
        },
    }
}

#[derive(Template)]
#[template(path = "timetable_changes.html")]
struct ChangesPage {
    nav: Nav,
    rows: Vec<ChangeRow>,
    totals: Vec<(&'static str, i64)>,
    pager: Pager,
}

async fn changes(
    State(state): State<AppState>,
    User(session): User,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let (page, totals) =
        service::timetable::changes_report(&state.app, &session.actor, q.page_request()).await?;
    render(&ChangesPage {
        nav: Nav::new(&session, "/timetable"),
        pager: Pager::new(&page, "/timetable/changes", ""),
        rows: page.items,
        totals,
    })
}

#[derive(Deserialize, Default)]
struct PatternQuery {
    #[serde(default)]
    semester: String,
}

#[derive(Template)]
#[template(path = "timetable_pattern.html")]
struct PatternPage {
    nav: Nav,
    view: PatternView,
    days: [&'static str; 6],
    input: FillInput,
    result: Option<FillResult>,
    errors: FormErrors,
}

async fn pattern_page(
    state: &AppState,
    session: &Session,
    group_id: i64,
    semester: i32,
    input: FillInput,
    result: Option<FillResult>,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let year = domain::reference::school_year(state.app.today());
    let view =
        service::timetable::pattern(&state.app, &session.actor, group_id, year, semester).await?;
    render_status(
        errors.status(),
        &PatternPage {
            nav: Nav::new(session, "/timetable"),
            view,
            days: ["пн", "вт", "ср", "чт", "пт", "сб"],
            input,
            result,
            errors,
        },
    )
}

fn semester_of(raw: &str, today: NaiveDate) -> i32 {
    match raw.trim() {
        "2" => 2,
        "1" => 1,
        // The semester we are in by the month: January onwards is the second.
        _ => {
            use chrono::Datelike;
            if (1..=8).contains(&today.month()) {
                2
            } else {
                1
            }
        }
    }
}

async fn pattern(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    Query(q): Query<PatternQuery>,
) -> Result<Response, PageError> {
    pattern_page(
        &state,
        &session,
        id_from(&id)?,
        semester_of(&q.semester, state.app.today()),
        FillInput::default(),
        None,
        FormErrors::default(),
    )
    .await
}

#[derive(Deserialize, Default, Clone)]
struct FillForm {
    #[serde(flatten)]
    input: FillInput,
    #[serde(default)]
    semester: String,
}

async fn fill(
    State(state): State<AppState>,
    User(session): User,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<FillForm>,
) -> Result<Response, PageError> {
    let id = id_from(&id)?;
    let semester = semester_of(&form.semester, state.app.today());
    let result =
        service::timetable::fill_from_pattern(&state.app, &session.actor, id, form.input.clone())
            .await;
    match form_errors(result)? {
        Ok(r) => {
            pattern_page(
                &state,
                &session,
                id,
                semester,
                form.input,
                Some(r),
                FormErrors::default(),
            )
            .await
        }
        Err(errors) => pattern_page(&state, &session, id, semester, form.input, None, errors).await,
    }
}
