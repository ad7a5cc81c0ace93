//! Accounts, failed-login counting and the personal-data consent record.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};

use crate::entity::{account, consent, login_attempt};

pub async fn insert(
    db: &impl ConnectionTrait,
    person_id: i64,
    login: &str,
    password_hash: &str,
    at: DateTime<Utc>,
) -> Result<account::Model, DbErr> {
    let now = at;
    account::ActiveModel {
        person_id: Set(person_id),
        login: Set(login.to_string()),
        password_hash: Set(password_hash.to_string()),
        active: Set(true),
        created_at: Set(now),
        password_changed_at: Set(now),
        must_change_password: Set(false),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// The account's password is a temporary one: its owner must choose their own.
pub async fn require_password_change(db: &impl ConnectionTrait, id: i64) -> Result<(), DbErr> {
    account::Entity::update_many()
        .col_expr(account::Column::MustChangePassword, Expr::value(true))
        .filter(account::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn by_login(
    db: &impl ConnectionTrait,
    login: &str,
) -> Result<Option<account::Model>, DbErr> {
    account::Entity::find()
        .filter(account::Column::Login.eq(login))
        .one(db)
        .await
}

pub async fn by_id(db: &impl ConnectionTrait, id: i64) -> Result<Option<account::Model>, DbErr> {
    account::Entity::find_by_id(id).one(db).await
}

pub async fn by_person_ids(
    db: &impl ConnectionTrait,
    person_ids: &[i64],
) -> Result<Vec<account::Model>, DbErr> {
    account::Entity::find()
        .filter(account::Column::PersonId.is_in(person_ids.iter().copied()))
        .all(db)
        .await
}

pub async fn set_password(
    db: &impl ConnectionTrait,
    id: i64,
    hash: &str,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    account::ActiveModel {
        id: Set(id),
        password_hash: Set(hash.to_string()),
        password_changed_at: Set(at),
        must_change_password: Set(false),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// Records an attempt as failed before its password is checked and returns
/// its id: concurrent attempts then count each other, so no more than the
/// limit ever get checked ([`attempt_succeeded`] turns it into a success).
pub async fn claim_attempt(
    db: &impl ConnectionTrait,
    login: &str,
    ip: &str,
    at: DateTime<Utc>,
) -> Result<i64, DbErr> {
    Ok(login_attempt::ActiveModel {
        login: Set(login.to_string()),
        ip: Set(ip.to_string()),
        success: Set(false),
        at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?
    .id)
}

pub async fn attempt_succeeded(db: &impl ConnectionTrait, id: i64) -> Result<(), DbErr> {
    login_attempt::Entity::update_many()
        .col_expr(login_attempt::Column::Success, Expr::value(true))
        .filter(login_attempt::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// The failures that decide whether an attempt may be checked
/// (`domain::login_limits`): since `since`, and for a login since its last
/// success; `known_since`: how far back a success makes the source known.
pub async fn failures(
    db: &impl ConnectionTrait,
    login: &str,
    ip: &str,
    since: DateTime<Utc>,
    known_since: DateTime<Utc>,
) -> Result<domain::login_limits::Failures, DbErr> {
    let last_success = |ip: Option<&str>| {
        let mut q = login_attempt::Entity::find()
            .filter(login_attempt::Column::Login.eq(login))
            .filter(login_attempt::Column::Success.eq(true))
            .filter(login_attempt::Column::At.gte(since));
        if let Some(ip) = ip {
            q = q.filter(login_attempt::Column::Ip.eq(ip));
        }
        q.order_by_desc(login_attempt::Column::At).one(db)
    };
    let failed_since = |from: DateTime<Utc>| {
        login_attempt::Entity::find()
            .filter(login_attempt::Column::Success.eq(false))
            .filter(login_attempt::Column::At.gte(from))
    };
    let login_from = last_success(None).await?.map_or(since, |a| a.at);
    let pair_from = last_success(Some(ip)).await?.map_or(since, |a| a.at);
    Ok(domain::login_limits::Failures {
        login_and_source: failed_since(pair_from)
            .filter(login_attempt::Column::Login.eq(login))
            .filter(login_attempt::Column::Ip.eq(ip))
            .count(db)
            .await?,
        source: failed_since(since)
            .filter(login_attempt::Column::Ip.eq(ip))
            .count(db)
            .await?,
        login: failed_since(login_from)
            .filter(login_attempt::Column::Login.eq(login))
            .count(db)
            .await?,
        known_source: login_attempt::Entity::find()
            .filter(login_attempt::Column::Login.eq(login))
            .filter(login_attempt::Column::Ip.eq(ip))
            .filter(login_attempt::Column::Success.eq(true))
            .filter(login_attempt::Column::At.gte(known_since))
            .count(db)
            .await?
            > 0,
    })
}

pub async fn has_consent(
    db: &impl ConnectionTrait,
    account_id: i64,
    version: &str,
) -> Result<bool, DbErr> {
    Ok(consent::Entity::find()
        .filter(consent::Column::AccountId.eq(account_id))
        .filter(consent::Column::TermsVersion.eq(version))
        .filter(consent::Column::WithdrawnAt.is_null())
        .count(db)
        .await?
        > 0)
}

/// Withdraws the account's consents in force; how many there were.
pub async fn withdraw_consent(
    db: &impl ConnectionTrait,
    account_id: i64,
    ip: Option<&str>,
    at: DateTime<Utc>,
) -> Result<u64, DbErr> {
    Ok(consent::Entity::update_many()
        .col_expr(consent::Column::WithdrawnAt, Expr::value(at))
        .col_expr(
            consent::Column::WithdrawnIp,
            Expr::value(ip.map(str::to_string)),
        )
        .filter(consent::Column::AccountId.eq(account_id))
        .filter(consent::Column::WithdrawnAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

/// The account's consents, given and withdrawn, oldest first.
pub async fn consents(
    db: &impl ConnectionTrait,
    account_id: i64,
) -> Result<Vec<consent::Model>, DbErr> {
    consent::Entity::find()
        .filter(consent::Column::AccountId.eq(account_id))
        .order_by_asc(consent::Column::AcceptedAt)
        .all(db)
        .await
}

pub async fn record_consent(
    db: &impl ConnectionTrait,
    account_id: i64,
    version: &str,
    ip: Option<&str>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    consent::ActiveModel {
        account_id: Set(account_id),
        terms_version: Set(version.to_string()),
        accepted_at: Set(at),
        ip: Set(ip.map(str::to_string)),
        withdrawn_at: Set(None),
        withdrawn_ip: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Forgets login attempts older than `before` (they only matter for the lockout window).
/// Forgets failures older than `failures_before` and successes older than
/// `successes_before` (kept longer: they make a source known).
pub async fn purge_attempts(
    db: &impl ConnectionTrait,
    failures_before: DateTime<Utc>,
    successes_before: DateTime<Utc>,
) -> Result<u64, DbErr> {
    Ok(login_attempt::Entity::delete_many()
        .filter(
            sea_orm::Condition::any()
                .add(
                    sea_orm::Condition::all()
                        .add(login_attempt::Column::Success.eq(false))
                        .add(login_attempt::Column::At.lt(failures_before)),
                )
                .add(login_attempt::Column::At.lt(successes_before)),
        )
        .exec(db)
        .await?
        .rows_affected)
}

pub async fn by_ids(db: &impl ConnectionTrait, ids: &[i64]) -> Result<Vec<account::Model>, DbErr> {
    account::Entity::find()
        .filter(account::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await
}

/// The accounts of a person.
pub async fn of_person(
    db: &impl ConnectionTrait,
    person_id: i64,
) -> Result<Vec<account::Model>, DbErr> {
    account::Entity::find()
        .filter(account::Column::PersonId.eq(person_id))
        .order_by_asc(account::Column::Id)
        .all(db)
        .await
}
