//! Logging in and out, sessions, password changes and the 152-ФЗ consent.

mod cache;

use std::sync::{Arc, OnceLock};

use chrono::Duration;
use domain::Actor;
use rand::RngCore;
use sha2::{Digest, Sha256};
use store::entity::{account, role_grant, session};

use crate::error::{Error, Result};
use crate::{password, App, TERMS_VERSION};

pub use cache::SessionCache;

/// Sessions end after this long without a request.
pub const SESSION_IDLE: Duration = Duration::hours(12);
use domain::login_limits::WINDOW_MINUTES;
/// A success from an address this long ago still makes it a known one.
const KNOWN_SOURCE_DAYS: i64 = 30;
/// A session's expiry is pushed forward at most this often (saves a write per request).
const EXTEND_EVERY: Duration = Duration::minutes(5);

pub struct LoginInput {
    pub login: String,
    pub password: String,
    pub ip: String,
    pub user_agent: Option<String>,
}

/// A new session: the token goes to the client once; only its hash is stored.
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
    pub account_id: i64,
    pub consent_required: bool,
}

/// The signed-in caller of one request.
#[derive(Debug, Clone)]
pub struct Session {
    /// The stored id (the token's hash).
    pub id: String,
    pub csrf_token: String,
    pub login: String,
    /// «Иванова М. С.», for the page header.
    pub display_name: String,
    pub actor: Actor,
    /// Colleges (and regions) where the account holds a role.
    pub org_ids: Vec<i64>,
    pub consent_required: bool,
    /// The account has a temporary password: nothing but choosing one's own
    /// (and the consent, and signing out) until it is changed.
    pub password_change_required: bool,
    /// Whose diaries the caller may open, by name: read with the session, so
    /// the diary page does not ask for them on every request.
    pub diary_owners: Vec<crate::diary::Child>,
    /// Unread notifications, for the counter beside «Уведомления»: read
    /// with the session, so at most the session cache's seconds old.
    pub unread_notifications: u64,
}

pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A hash to verify against when the login does not exist, so that a wrong
/// login takes as long as a wrong password.
fn dummy_hash() -> String {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY
        .get_or_init(|| password::hash_blocking("dummy password").unwrap_or_default())
        .clone()
}

/// What a failed attempt with a malformed login is recorded under.
const NOT_A_LOGIN: &str = "(недопустимый логин)";

/// Records the attempt as failed, then lets its password be checked only
/// within the limits (`domain::login_limits`); the attempt's id, to mark it
/// a success. Recording first makes parallel attempts count each other.
async fn guard_attempt(app: &App, login: &str, ip: &str) -> Result<i64> {
    let now = app.now();
    let attempt = store::accounts::claim_attempt(&app.db, login, ip, now).await?;
    let failures = store::accounts::failures(
        &app.db,
        login,
        ip,
        now - Duration::minutes(WINDOW_MINUTES),
        now - Duration::days(KNOWN_SOURCE_DAYS),
    )
    .await?;
    if !domain::login_limits::may_try(failures) {
        tracing::info!(login = %login, ip = %ip, ?failures, "login attempt refused: too many failures");
        return Err(Error::TooManyAttempts {
            minutes: WINDOW_MINUTES,
        });
    }
    Ok(attempt)
}

pub async fn login(app: &App, input: LoginInput) -> Result<NewSession> {
    let typed = input.login.trim().to_lowercase();
    if typed.is_empty() || input.password.is_empty() {
        return Err(Error::WrongCredentials);
    }
    // A login no account can have (a 100-KB text, a line break forging a log
    // line) is counted against the address under a placeholder, never kept.
    let login = if domain::validation::is_login_shaped(&typed) {
        typed
    } else {
        NOT_A_LOGIN.to_string()
    };
    let attempt = guard_attempt(app, &login, &input.ip).await?;
    let account = store::accounts::by_login(&app.db, &login).await?;
    let stored = account
        .as_ref()
        .map(|a| a.password_hash.clone())
        .unwrap_or_else(dummy_hash);
    let ok = password::verify(input.password, stored).await?;
    let account = match account {
        Some(a) if ok && a.active => a,
        _ => {
            tracing::info!(login = %login, ip = %input.ip, "failed login");
            return Err(Error::WrongCredentials);
        }
    };
    let token = random_token();
    let csrf_token = random_token();
    let now = app.now();
    let txn = store::begin_write(&app.db).await?;
    store::accounts::attempt_succeeded(&txn, attempt).await?;
    store::sessions::insert(
        &txn,
        session::Model {
            id: token_hash(&token),
            account_id: account.id,
            org_id: None,
            csrf_token: csrf_token.clone(),
            created_at: now,
            last_seen_at: now,
            expires_at: now + SESSION_IDLE,
            ip: Some(input.ip.clone()),
            user_agent: input.user_agent.map(|u| u.chars().take(300).collect()),
        },
    )
    .await?;
    store::audit::record(
        &txn,
        store::audit::Entry {
            org_id: None,
            account_id: Some(account.id),
            action: "login",
            entity: "account",
            entity_id: Some(account.id),
            details: serde_json::json!({ "ip": input.ip }),
        },
        app.now(),
    )
    .await?;
    txn.commit().await?;
    let consent_required =
        !store::accounts::has_consent(&app.db, account.id, TERMS_VERSION).await?;
    Ok(NewSession {
        token,
        csrf_token,
        account_id: account.id,
        consent_required,
    })
}

/// The session behind a token, with the caller's roles and reach.
pub async fn authenticate(app: &App, token: &str) -> Result<Arc<Session>> {
    let id = token_hash(token);
    if let Some(session) = app.sessions.get(&id) {
        return Ok(session);
    }
    let generation = app.sessions.generation();
    let session = Arc::new(lookup(app, id).await?);
    app.sessions.put(generation, session.clone());
    Ok(session)
}

async fn lookup(app: &App, id: String) -> Result<Session> {
    let now = app.now();
    let store::sessions::ValidSession {
        session: row,
        account,
        person,
        consented,
        grants,
    } = store::sessions::find_valid_with_account(&app.db, &id, now, TERMS_VERSION)
        .await?
        .ok_or(Error::Unauthenticated)?;
    if !account.active {
        return Err(Error::Unauthenticated);
    }
    if now - row.last_seen_at > EXTEND_EVERY {
        let txn = store::begin_write(&app.db).await?;
        store::sessions::extend(&txn, &id, now, now + SESSION_IDLE).await?;
        txn.commit().await?;
    }
    let (actor, org_ids) = load_actor(app, &account, &grants, row.org_id).await?;
    let consent_required = !consented;
    let display_name = person
        .as_ref()
        .map(|p| store::people::full_name(p).short())
        .unwrap_or_else(|| account.login.clone());
    // Whose diaries the caller may open: a student their own (read with the
    // session), a parent or delegate their children, named in one query.
    let owner_ids = crate::diary::owner_ids(&actor);
    let people = match (owner_ids.as_slice(), person) {
        ([], _) => Vec::new(),
        ([own], Some(p)) if *own == p.id => vec![p],
        _ => store::people::by_ids(&app.db, &owner_ids).await?,
    };
    let diary_owners = crate::diary::owners(&people, &owner_ids);
    let unread_notifications = store::notifications::unread(&app.db, account.person_id).await?;
    Ok(Session {
        id,
        csrf_token: row.csrf_token,
        display_name,
        login: account.login,
        actor,
        org_ids,
        consent_required,
        password_change_required: account.must_change_password,
        diary_owners,
        unread_notifications,
    })
}

/// Builds the actor: grants everywhere, the chosen college, children and delegations.
async fn load_actor(
    app: &App,
    account: &account::Model,
    grants: &[role_grant::Model],
    chosen_org: Option<i64>,
) -> Result<(Actor, Vec<i64>)> {
    let grants: Vec<_> = grants.iter().filter_map(store::grants::to_domain).collect();
    let mut org_ids: Vec<i64> = grants.iter().map(|g| g.org_id).collect();
    org_ids.sort_unstable();
    org_ids.dedup();
    let org_id = chosen_org
        .filter(|o| org_ids.contains(o))
        .or_else(|| org_ids.first().copied())
        .unwrap_or(0);
    let mut actor = Actor {
        account_id: account.id,
        person_id: account.person_id,
        org_id,
        grants,
        ..Actor::default()
    };
    if actor.has_role(domain::Role::Parent) {
        actor.children = store::parents::of_parent(&app.db, account.person_id)
            .await?
            .into_iter()
            .filter(|l| l.org_id == org_id)
            .map(|l| l.child_person_id)
            .collect();
    }
    if actor.has_role(domain::Role::Delegate) {
        actor.delegated_children =
            store::parents::active_for_delegate(&app.db, account.person_id, app.today())
                .await?
                .into_iter()
                .filter(|d| d.org_id == org_id)
                .map(|d| d.child_person_id)
                .collect();
    }
    Ok((actor, org_ids))
}

pub async fn logout(app: &App, session: &Session) -> Result<()> {
    let txn = store::begin_write(&app.db).await?;
    store::sessions::delete(&txn, &session.id).await?;
    txn.commit().await?;
    app.sessions.forget(&session.id);
    Ok(())
}

pub struct PasswordChange {
    pub current: String,
    pub new: String,
    pub confirm: String,
}

/// Changes the password and ends every other session of the account.
/// Returns how many other sessions were ended.
/// `ip`: where the request came from; the current password's check is
/// limited as a login is, so a stolen session cannot guess it.
pub async fn change_password(
    app: &App,
    session: &Session,
    input: PasswordChange,
    ip: &str,
) -> Result<u64> {
    let account = store::accounts::by_id(&app.db, session.actor.account_id)
        .await?
        .ok_or(Error::Unauthenticated)?;
    let attempt = guard_attempt(app, &account.login, ip).await?;
    if !password::verify(input.current, account.password_hash).await? {
        return Err(Error::field("current", "Текущий пароль введён неверно."));
    }
    store::accounts::attempt_succeeded(&app.db, attempt).await?;
    password::check_new("new", &input.new, &account.login)?;
    if input.new != input.confirm {
        return Err(Error::field("confirm", "Пароли не совпадают."));
    }
    let hash = password::hash(input.new).await?;
    let txn = store::begin_write(&app.db).await?;
    store::accounts::set_password(&txn, account.id, &hash, app.now()).await?;
    let ended = store::sessions::delete_others(&txn, account.id, &session.id).await?;
    store::audit::record(
        &txn,
        store::audit::Entry {
            org_id: None,
            account_id: Some(account.id),
            action: "password_change",
            entity: "account",
            entity_id: Some(account.id),
            details: serde_json::json!({ "ended_sessions": ended }),
        },
        app.now(),
    )
    .await?;
    txn.commit().await?;
    app.sessions.forget_all();
    Ok(ended)
}

/// Records acceptance of the current personal-data terms (152-ФЗ).
pub async fn accept_terms(app: &App, session: &Session, ip: Option<&str>) -> Result<()> {
    if !session.consent_required {
        return Ok(());
    }
    let txn = store::begin_write(&app.db).await?;
    let recorded = store::accounts::record_consent(
        &txn,
        session.actor.account_id,
        TERMS_VERSION,
        ip,
        app.now(),
    )
    .await;
    let recorded = match recorded {
        Ok(()) => txn.commit().await,
        Err(e) => Err(e),
    };
    app.sessions.forget(&session.id);
    match recorded {
        Ok(()) => Ok(()),
        // Accepted twice at once (two tabs): the first one counts.
        Err(e) if store::is_unique_violation(&e) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Switches the college the session works in.
pub async fn switch_org(app: &App, session: &Session, org_id: i64) -> Result<()> {
    if !session.org_ids.contains(&org_id) {
        return Err(Error::Forbidden);
    }
    let txn = store::begin_write(&app.db).await?;
    store::sessions::set_org(&txn, &session.id, org_id).await?;
    txn.commit().await?;
    app.sessions.forget(&session.id);
    Ok(())
}

/// Deletes expired sessions and login attempts past the lockout window.
/// Any app instance may run it; it is idempotent.
pub async fn purge_expired(app: &App) -> Result<(u64, u64)> {
    let now = app.now();
    let txn = store::begin_write(&app.db).await?;
    let sessions = store::sessions::delete_expired(&txn, now).await?;
    let attempts = store::accounts::purge_attempts(
        &txn,
        now - Duration::days(1),
        now - Duration::days(KNOWN_SOURCE_DAYS),
    )
    .await?;
    txn.commit().await?;
    Ok((sessions, attempts))
}
