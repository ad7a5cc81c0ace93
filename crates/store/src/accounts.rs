//! Accounts, failed-login counting and the personal-data consent record.

use chrono::{DateTime, Utc};
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
        ..Default::default()
    }
    .insert(db)
    .await
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
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

pub async fn record_attempt(
    db: &impl ConnectionTrait,
    login: &str,
    ip: &str,
    success: bool,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    login_attempt::ActiveModel {
        login: Set(login.to_string()),
        ip: Set(ip.to_string()),
        success: Set(success),
        at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Failed logins for this login since `since` and since its last success.
pub async fn failures_for_login(
    db: &impl ConnectionTrait,
    login: &str,
    since: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let last_success = login_attempt::Entity::find()
        .filter(login_attempt::Column::Login.eq(login))
        .filter(login_attempt::Column::Success.eq(true))
        .filter(login_attempt::Column::At.gte(since))
        .order_by_desc(login_attempt::Column::At)
        .one(db)
        .await?;
    let from = last_success.map(|a| a.at).unwrap_or(since);
    login_attempt::Entity::find()
        .filter(login_attempt::Column::Login.eq(login))
        .filter(login_attempt::Column::Success.eq(false))
        .filter(login_attempt::Column::At.gte(from))
        .count(db)
        .await
}

/// Failed logins from one address since `since`, whatever the login.
pub async fn failures_from_ip(
    db: &impl ConnectionTrait,
    ip: &str,
    since: DateTime<Utc>,
) -> Result<u64, DbErr> {
    login_attempt::Entity::find()
        .filter(login_attempt::Column::Ip.eq(ip))
        .filter(login_attempt::Column::Success.eq(false))
        .filter(login_attempt::Column::At.gte(since))
        .count(db)
        .await
}

pub async fn has_consent(
    db: &impl ConnectionTrait,
    account_id: i64,
    version: &str,
) -> Result<bool, DbErr> {
    Ok(consent::Entity::find()
        .filter(consent::Column::AccountId.eq(account_id))
        .filter(consent::Column::TermsVersion.eq(version))
        .count(db)
        .await?
        > 0)
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
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Forgets login attempts older than `before` (they only matter for the lockout window).
pub async fn purge_attempts(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<u64, DbErr> {
    Ok(login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::At.lt(before))
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
