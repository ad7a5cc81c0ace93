//! Login, logout, the personal-data consent, password change, college switch.

use askama::Template;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use service::auth::{LoginInput, PasswordChange};

use super::{form_errors, redirect, render, render_status, FormErrors, Nav};
use crate::error::{status_of, PageError};
use crate::forms::{CsrfForm, Empty, LoginForm, LOGIN_CSRF_COOKIE};
use crate::session::{clear_cookie, cookie, AnyUser, ClientIp, MaybeUser, User, SESSION_COOKIE};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/consent", get(consent_page).post(consent))
        .route("/password", get(password_page).post(password))
        .route("/org", post(switch_org))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage<'a> {
    csrf: String,
    login: String,
    error: String,
    demo_logins: &'a [(String, String)],
}

fn login_response(
    state: &AppState,
    status: StatusCode,
    login: String,
    error: String,
) -> Result<Response, PageError> {
    let csrf = service::auth::random_token();
    let page = LoginPage {
        csrf: csrf.clone(),
        login,
        error,
        demo_logins: &state.demo_logins,
    };
    let mut res = render_status(status, &page)?;
    if let Ok(v) = cookie(LOGIN_CSRF_COOKIE, &csrf, "Strict", state.secure_cookies).parse() {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

async fn login_page(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
) -> Result<Response, PageError> {
    if user.is_some() {
        return Ok(redirect("/"));
    }
    login_response(&state, StatusCode::OK, String::new(), String::new())
}

#[derive(Deserialize)]
struct LoginFields {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
}

async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: axum::http::HeaderMap,
    LoginForm(form): LoginForm<LoginFields>,
) -> Result<Response, PageError> {
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let result = service::auth::login(
        &state.app,
        LoginInput {
            login: form.login.clone(),
            password: form.password,
            ip,
            user_agent,
        },
    )
    .await;
    match result {
        Ok(session) => {
            let mut res = redirect(if session.consent_required {
                "/consent"
            } else {
                "/"
            });
            let h = res.headers_mut();
            for c in [
                cookie(SESSION_COOKIE, &session.token, "Lax", state.secure_cookies),
                clear_cookie(LOGIN_CSRF_COOKIE),
            ] {
                if let Ok(v) = c.parse() {
                    h.append(header::SET_COOKIE, v);
                }
            }
            Ok(res)
        }
        Err(e @ (service::Error::WrongCredentials | service::Error::TooManyAttempts { .. })) => {
            login_response(&state, status_of(&e), form.login, e.user_message())
        }
        Err(e) => Err(PageError(e)),
    }
}

async fn logout(
    State(state): State<AppState>,
    AnyUser(session): AnyUser,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, PageError> {
    service::auth::logout(&state.app, &session).await?;
    let mut res = redirect("/login");
    if let Ok(v) = clear_cookie(SESSION_COOKIE).parse() {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

#[derive(Template)]
#[template(path = "consent.html")]
struct ConsentPage {
    csrf: String,
    /// The terms' edition, as a Russian date.
    version: String,
    /// When the user withdrew the consent, if they did.
    withdrawn: Option<String>,
}

async fn consent_page(
    State(state): State<AppState>,
    AnyUser(session): AnyUser,
) -> Result<Response, PageError> {
    if !session.consent_required {
        return Ok(redirect("/"));
    }
    let withdrawn = service::personal_data::withdrawn_at(&state.app, &session)
        .await?
        .map(|at| super::when(&state, at));
    render(&ConsentPage {
        csrf: session.csrf_token.clone(),
        version: chrono::NaiveDate::parse_from_str(service::TERMS_VERSION, "%Y-%m-%d")
            .map(|d| d.format("%d.%m.%Y").to_string())
            .unwrap_or_else(|_| service::TERMS_VERSION.to_string()),
        withdrawn,
    })
}

async fn consent(
    State(state): State<AppState>,
    AnyUser(session): AnyUser,
    ClientIp(ip): ClientIp,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, PageError> {
    service::auth::accept_terms(&state.app, &session, Some(&ip)).await?;
    Ok(redirect("/"))
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    nav: Nav,
    errors: FormErrors,
    done: bool,
    /// The password is a temporary one from the administration.
    required: bool,
}

async fn password_page(User(session): User) -> Result<Response, PageError> {
    render(&PasswordPage {
        nav: Nav::new(&session, "/password"),
        errors: FormErrors::default(),
        done: false,
        required: session.password_change_required,
    })
}

#[derive(Deserialize)]
struct PasswordFields {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

async fn password(
    State(state): State<AppState>,
    User(session): User,
    ClientIp(ip): ClientIp,
    CsrfForm(form): CsrfForm<PasswordFields>,
) -> Result<Response, PageError> {
    let result = service::auth::change_password(
        &state.app,
        &session,
        PasswordChange {
            current: form.current,
            new: form.new,
            confirm: form.confirm,
        },
        &ip,
    )
    .await;
    let nav = Nav::new(&session, "/password");
    match form_errors(result)? {
        Ok(_) => render(&PasswordPage {
            nav,
            errors: FormErrors::default(),
            done: true,
            required: false,
        }),
        Err(errors) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &PasswordPage {
                nav,
                errors,
                done: false,
                required: session.password_change_required,
            },
        ),
    }
}

#[derive(Deserialize)]
struct OrgFields {
    #[serde(default)]
    org_id: String,
}

async fn switch_org(
    State(state): State<AppState>,
    User(session): User,
    CsrfForm(form): CsrfForm<OrgFields>,
) -> Result<Response, PageError> {
    let org_id = super::id_from(form.org_id.trim())?;
    service::auth::switch_org(&state.app, &session, org_id).await?;
    Ok(redirect("/").into_response())
}
