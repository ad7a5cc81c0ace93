//! The school year's hub: the calendar, bells, curricula, load, timetable and opening.

use askama::Template;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use domain::Permission;

use super::{render, Nav};
use crate::error::PageError;
use crate::session::User;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/year", get(hub))
}

#[derive(Template)]
#[template(path = "year.html")]
struct HubPage {
    nav: Nav,
    title: String,
}

async fn hub(User(session): User) -> Result<Response, PageError> {
    if !session.actor.can(Permission::ReferenceRead) {
        return Err(PageError(service::Error::Forbidden));
    }
    render(&HubPage {
        nav: Nav::new(&session, "/year"),
        title: domain::calendar::year_title(domain::reference::school_year(service::today())),
    })
}
