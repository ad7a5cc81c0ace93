//! Accounts from the command line (the first administrator of a real college),
//! "who am I" for the API, and temporary passwords for accounts made by staff.

use domain::names::FullName;
use domain::{Grant, Role, Scope, Validation};
use rand::Rng;
use serde::Serialize;

use crate::auth::Session;
use crate::error::{Error, Result};
use crate::{password, App};

/// A password for a new account, to hand to its owner once.
pub fn temporary_password() -> String {
    // No 0/O, 1/l/I: people copy it from paper.
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    (0..10)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

/// A login: latin letters, digits, dot, dash, underscore; stored lower-case.
pub fn validate_login(v: &mut Validation, login: &str) -> String {
    let login = v
        .text("login", login, domain::validation::LOGIN_MAX)
        .to_lowercase();
    if !login.is_empty() && !domain::validation::is_login_shaped(&login) {
        v.add(
            "login",
            "Логин: латинские буквы, цифры, точка, дефис, подчёркивание.",
        );
    }
    login
}

pub const LOGIN_TAKEN: &str = "Этот логин уже занят.";

pub async fn add_college(
    app: &App,
    name: &str,
    short_name: &str,
    region_id: Option<i64>,
) -> Result<i64> {
    let mut v = Validation::new();
    let name = v.text("name", name, 300);
    let short_name = v.text("short_name", short_name, 60);
    v.finish().map_err(Error::Invalid)?;
    Ok(store::orgs::insert(
        &app.db,
        store::orgs::KIND_COLLEGE,
        &name,
        &short_name,
        region_id,
        app.now(),
    )
    .await?)
}

pub async fn add_region(app: &App, name: &str) -> Result<i64> {
    let mut v = Validation::new();
    let name = v.text("name", name, 300);
    v.finish().map_err(Error::Invalid)?;
    let txn = store::begin_write(&app.db).await?;
    let id = store::orgs::insert(
        &txn,
        store::orgs::KIND_REGION,
        &name,
        &name,
        None,
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

pub struct NewUser {
    pub org_id: i64,
    pub login: String,
    pub surname: String,
    pub name: String,
    pub patronymic: String,
    pub password: String,
}

/// Creates a person with an account (command line; no actor: the operator is root).
pub async fn add_user(app: &App, input: NewUser) -> Result<i64> {
    let mut v = Validation::new();
    let login = validate_login(&mut v, &input.login);
    let name = FullName::validate(&mut v, &input.surname, &input.name, &input.patronymic);
    v.finish().map_err(Error::Invalid)?;
    password::check_new("password", &input.password, &login)?;
    store::orgs::get(&app.db, input.org_id)
        .await?
        .ok_or(Error::NotFound("организация"))?;
    let hash = password::hash(input.password).await?;
    let txn = store::begin_write(&app.db).await?;
    let person = store::people::insert(
        &txn,
        input.org_id,
        store::people::NewPerson::from_name(name),
        app.now(),
    )
    .await?;
    let account = store::accounts::insert(&txn, person.id, &login, &hash, app.now())
        .await
        .map_err(|e| crate::error::unique_as_field(e, "login", LOGIN_TAKEN))?;
    txn.commit().await?;
    Ok(account.id)
}

pub async fn set_password(app: &App, login: &str, new_password: String) -> Result<u64> {
    let account = store::accounts::by_login(&app.db, &login.to_lowercase())
        .await?
        .ok_or(Error::NotFound("учётная запись"))?;
    password::check_new("password", &new_password, &account.login)?;
    let hash = password::hash(new_password).await?;
    let txn = store::begin_write(&app.db).await?;
    store::accounts::set_password(&txn, account.id, &hash, app.now()).await?;
    let ended = store::sessions::delete_all(&txn, account.id).await?;
    txn.commit().await?;
    app.sessions.forget_all();
    Ok(ended)
}

/// Grants a role from the command line (the director of a new college, a region operator).
pub async fn grant(
    app: &App,
    login: &str,
    role: Role,
    org_id: i64,
    group_id: Option<i64>,
) -> Result<()> {
    let account = store::accounts::by_login(&app.db, &login.to_lowercase())
        .await?
        .ok_or(Error::NotFound("учётная запись"))?;
    let org = store::orgs::get(&app.db, org_id)
        .await?
        .ok_or(Error::NotFound("организация"))?;
    let scope = match (role, group_id) {
        (Role::Curator, Some(g)) => {
            store::groups::get(&app.db, org_id, g)
                .await?
                .ok_or(Error::NotFound("группа"))?;
            Scope::Group(g)
        }
        (Role::Curator, None) => return Err(Error::field("group", "Куратору нужна группа.")),
        _ => Scope::College,
    };
    let is_region = org.kind == store::orgs::KIND_REGION;
    if (role == Role::RegionAdmin) != is_region {
        return Err(Error::field(
            "role",
            "Оператор региона назначается на регион, остальные роли — в колледже.",
        ));
    }
    store::grants::insert(
        &app.db,
        account.id,
        Grant {
            org_id,
            role,
            scope,
        },
        None,
        app.now(),
    )
    .await
    .map_err(|e| crate::error::unique_as_field(e, "role", "Эта роль уже назначена."))?;
    app.sessions.forget_all();
    Ok(())
}

#[derive(Debug, Serialize)]
pub struct Me {
    pub account_id: i64,
    pub login: String,
    pub full_name: String,
    pub short_name: String,
    pub current_org_id: i64,
    pub consent_required: bool,
    /// A temporary password: change it on the «Смена пароля» page first.
    pub password_change_required: bool,
    pub orgs: Vec<MyOrg>,
}

#[derive(Debug, Serialize)]
pub struct MyOrg {
    pub id: i64,
    pub name: String,
    pub short_name: String,
    pub kind: String,
    pub roles: Vec<MyRole>,
}

#[derive(Debug, Serialize)]
pub struct MyRole {
    pub role: Role,
    pub title: &'static str,
    pub scope: Scope,
}

pub async fn me(app: &App, session: &Session) -> Result<Me> {
    let person = store::people::get_any(&app.db, session.actor.person_id)
        .await?
        .ok_or(Error::Unauthenticated)?;
    let name = store::people::full_name(&person);
    let orgs = store::orgs::by_ids(&app.db, &session.org_ids).await?;
    Ok(Me {
        account_id: session.actor.account_id,
        login: session.login.clone(),
        full_name: name.full(),
        short_name: name.short(),
        current_org_id: session.actor.org_id,
        consent_required: session.consent_required,
        password_change_required: session.password_change_required,
        orgs: orgs
            .into_iter()
            .map(|o| MyOrg {
                roles: session
                    .actor
                    .grants
                    .iter()
                    .filter(|g| g.org_id == o.id)
                    .map(|g| MyRole {
                        role: g.role,
                        title: g.role.title(),
                        scope: g.scope,
                    })
                    .collect(),
                id: o.id,
                name: o.name,
                short_name: o.short_name,
                kind: o.kind,
            })
            .collect(),
    })
}
