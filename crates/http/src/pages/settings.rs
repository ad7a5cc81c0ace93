//! The college's mark-entry settings.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use domain::Permission;
use service::auth::Session;
use service::settings::SettingsInput;

use super::{form_errors, render_status, FormErrors, Nav};
use crate::error::PageError;
use crate::forms::CsrfForm;
use crate::session::User;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/settings", get(show).post(save))
}

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    nav: Nav,
    input: SettingsInput,
    can_edit: bool,
    done: bool,
    errors: FormErrors,
}

fn page(
    session: &Session,
    input: SettingsInput,
    done: bool,
    errors: FormErrors,
) -> Result<Response, PageError> {
    render_status(
        errors.status(),
        &SettingsPage {
            nav: Nav::new(session, "/settings"),
            can_edit: session.actor.can(Permission::ReferenceWrite),
            input,
            done,
            errors,
        },
    )
}

async fn show(State(state): State<AppState>, User(session): User) -> Result<Response, PageError> {
    let s = service::settings::get(&state.app, &session.actor).await?;
    let input = SettingsInput {
        mark_edit_days: s.mark_edit_days.to_string(),
        attestation_edit_days: s.attestation_edit_days.to_string(),
        two_is_debt: if s.two_is_debt {
            "on".into()
        } else {
            String::new()
        },
        read_log_days: s.read_log_days.to_string(),
    };
    page(&session, input, false, FormErrors::default())
}

async fn save(
    State(state): State<AppState>,
    User(session): User,
    CsrfForm(input): CsrfForm<SettingsInput>,
) -> Result<Response, PageError> {
    match form_errors(service::settings::update(&state.app, &session.actor, input.clone()).await)? {
        Ok(_) => page(&session, input, true, FormErrors::default()),
        Err(errors) => page(&session, input, false, errors),
    }
}
