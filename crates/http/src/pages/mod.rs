//! Server-rendered pages in Russian. A plain GET returns a whole page.

mod attestation;
mod auth;
mod buildings;
mod calendar;
mod curricula;
mod debts;
pub(crate) mod diary;
mod feeds;
mod groups;
mod home;
pub(crate) mod journal;
mod load;
mod personal_data;
mod read_log;
mod settings;
mod specialties;
mod staff;
mod students;
mod timetable;
mod timetable_auto;
mod year;
mod year_opening;

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::Router;
use domain::{FieldError, Permission, Role};
use service::auth::Session;

use crate::error::PageError;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(auth::routes())
        .merge(home::routes())
        .merge(buildings::routes())
        .merge(curricula::routes())
        .merge(specialties::routes())
        .merge(groups::routes())
        .merge(students::routes())
        .merge(staff::routes())
        .merge(journal::routes())
        .merge(diary::routes())
        .merge(settings::routes())
        .merge(calendar::routes())
        .merge(load::routes())
        .merge(timetable::routes())
        .merge(timetable_auto::routes())
        .merge(attestation::routes())
        .merge(year::closing_routes())
        .merge(debts::routes())
        .merge(year::routes())
        .merge(feeds::routes())
        .merge(year_opening::routes())
        .merge(read_log::routes())
        .merge(personal_data::routes())
}

/// The header of every signed-in page: sections the user may open.
pub struct Nav {
    pub display_name: String,
    /// Unread notifications, shown beside «Уведомления».
    pub unread: u64,
    pub csrf: String,
    pub links: Vec<(&'static str, &'static str)>,
    pub active: &'static str,
}

impl Nav {
    /// The count shown beside a link: the unread notifications beside theirs.
    pub fn unread_beside(&self, href: &str) -> u64 {
        if href == "/notifications" {
            self.unread
        } else {
            0
        }
    }

    pub fn new(session: &Session, active: &'static str) -> Nav {
        let actor = &session.actor;
        let mut links = vec![("/", "Главная")];
        if actor.has_role(Role::Teacher)
            || !actor.curated_groups().is_empty()
            || actor.reads_all_journals()
        {
            links.push(("/journal", "Журнал"));
        }
        if actor.has_role(Role::Student) || actor.reachable_children().next().is_some() {
            links.push(("/diary", "Дневник"));
        }
        if actor.can(Permission::ReferenceRead)
            || actor.has_role(Role::Teacher)
            || !actor.curated_groups().is_empty()
        {
            links.push(("/timetable", "Расписание"));
        }
        if actor.can(Permission::ReferenceRead) || actor.has_role(Role::Teacher) {
            links.push(("/attestation", "Аттестация"));
        }
        if actor.can(Permission::ReferenceRead)
            || !actor.curated_groups().is_empty()
            || actor.has_role(Role::Student)
            || actor.reachable_children().next().is_some()
        {
            links.push(("/debts", "Задолженности"));
        }
        if actor.can(Permission::DiplomaRead) {
            links.push(("/diplomas", "Дипломы"));
        }
        if actor.can(Permission::GrantUnlock) {
            links.push(("/unlocks", "Разблокировка"));
        }
        if actor.can(Permission::ReadLogRead) {
            links.push(("/read-log", "Журнал просмотров"));
        }
        links.push(("/notifications", "Уведомления"));
        if session.actor.can(Permission::ReferenceRead) {
            links.extend([
                ("/year", "Учебный год"),
                ("/groups", "Группы"),
                ("/students", "Обучающиеся"),
                ("/staff", "Сотрудники"),
                ("/specialties", "Специальности"),
                ("/buildings", "Здания и кабинеты"),
                ("/settings", "Настройки"),
                ("/year/opening", "Открытие года"),
            ]);
        }
        Nav {
            display_name: session.display_name.clone(),
            unread: session.unread_notifications,
            csrf: session.csrf_token.clone(),
            links,
            active,
        }
    }
}

/// Messages next to the fields of a form that was sent back.
#[derive(Default)]
pub struct FormErrors(pub Vec<FieldError>);

impl FormErrors {
    pub fn get(&self, field: &str) -> String {
        self.0
            .iter()
            .filter(|e| e.field == field)
            .map(|e| e.message.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }

    /// Errors that belong to no field shown on the form.
    pub fn form(&self) -> String {
        self.get("form")
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// 422 for a form sent back with errors, 200 for a fresh one.
    pub fn status(&self) -> StatusCode {
        if self.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        }
    }
}

pub fn render(t: &impl Template) -> Result<Response, PageError> {
    render_status(StatusCode::OK, t)
}

pub fn render_status(status: StatusCode, t: &impl Template) -> Result<Response, PageError> {
    let body = t
        .render()
        .map_err(|e| PageError(service::Error::Internal(format!("template: {e}"))))?;
    Ok((status, Html(body)).into_response())
}

/// Splits a service result: field errors go back to the form, others become an error page.
pub fn form_errors<T>(result: service::Result<T>) -> Result<Result<T, FormErrors>, PageError> {
    match result {
        Ok(v) => Ok(Ok(v)),
        Err(service::Error::Invalid(errors)) => Ok(Err(FormErrors(errors))),
        Err(e) => Err(PageError(e)),
    }
}

pub fn redirect(to: &str) -> Response {
    axum::response::Redirect::to(to).into_response()
}

pub fn id_from(raw: &str) -> Result<i64, PageError> {
    raw.parse()
        .map_err(|_| PageError(service::Error::NotFound("страница")))
}

/// The pager under a list: page N of M, with links that keep the search.
pub struct Pager {
    pub page: u64,
    pub pages: u64,
    pub total: u64,
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    pub fn new<T>(p: &domain::paging::Page<T>, base: &str, query: &str) -> Pager {
        let sep = if base.contains('?') { '&' } else { '?' };
        let q = if query.trim().is_empty() {
            String::new()
        } else {
            format!("q={}&", urlencode(query.trim()))
        };
        let href = |n: u64| format!("{base}{sep}{q}page={n}");
        Pager {
            page: p.page,
            pages: p.pages(),
            total: p.total,
            prev: p.has_prev().then(|| href(p.page - 1)),
            next: p.has_next().then(|| href(p.page + 1)),
        }
    }
}

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|x| x.trim_start_matches('=').to_string())
        .unwrap_or_default()
}

/// A moment as people read it, in the college's time: «07.12.2026 в 14:05».
pub fn when(state: &AppState, at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&state.app.clock.zone())
        .format("%d.%m.%Y в %H:%M")
        .to_string()
}

/// A number with two decimals and a decimal comma, as Russian writes it: 4,17.
pub fn decimal(x: &f64) -> String {
    format!("{x:.2}").replace('.', ",")
}
