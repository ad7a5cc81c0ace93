//! The home page: what fits the user's roles.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use service::home::Home;

use super::{render, Nav};
use crate::error::PageError;
use crate::session::User;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(home))
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    nav: Nav,
    home: Home,
}

async fn home(State(state): State<AppState>, User(session): User) -> Result<Response, PageError> {
    let home = service::home::home(&state.app, &session).await?;
    render(&HomePage {
        nav: Nav::new(&session, "/"),
        home,
    })
}
