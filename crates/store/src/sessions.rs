//! Sessions live in the database, so any app instance can serve any request.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use crate::entity::session;

pub async fn insert(db: &impl ConnectionTrait, s: session::Model) -> Result<(), DbErr> {
    session::ActiveModel {
        id: Set(s.id),
        account_id: Set(s.account_id),
        org_id: Set(s.org_id),
        csrf_token: Set(s.csrf_token),
        created_at: Set(s.created_at),
        last_seen_at: Set(s.last_seen_at),
        expires_at: Set(s.expires_at),
        ip: Set(s.ip),
        user_agent: Set(s.user_agent),
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn find_valid(
    db: &impl ConnectionTrait,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Option<session::Model>, DbErr> {
    session::Entity::find_by_id(id.to_string())
        .filter(session::Column::ExpiresAt.gt(now))
        .one(db)
        .await
}

pub async fn extend(
    db: &impl ConnectionTrait,
    id: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), DbErr> {
    session::Entity::update_many()
        .col_expr(session::Column::LastSeenAt, now.into())
        .col_expr(session::Column::ExpiresAt, expires_at.into())
        .filter(session::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn set_org(db: &impl ConnectionTrait, id: &str, org_id: i64) -> Result<(), DbErr> {
    session::Entity::update_many()
        .col_expr(session::Column::OrgId, org_id.into())
        .filter(session::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn delete(db: &impl ConnectionTrait, id: &str) -> Result<(), DbErr> {
    session::Entity::delete_by_id(id.to_string())
        .exec(db)
        .await?;
    Ok(())
}

/// Ends every session of the account but `keep` (after a password change).
pub async fn delete_others(
    db: &impl ConnectionTrait,
    account_id: i64,
    keep: &str,
) -> Result<u64, DbErr> {
    Ok(session::Entity::delete_many()
        .filter(session::Column::AccountId.eq(account_id))
        .filter(session::Column::Id.ne(keep))
        .exec(db)
        .await?
        .rows_affected)
}

pub async fn delete_all(db: &impl ConnectionTrait, account_id: i64) -> Result<u64, DbErr> {
    Ok(session::Entity::delete_many()
        .filter(session::Column::AccountId.eq(account_id))
        .exec(db)
        .await?
        .rows_affected)
}

pub async fn delete_expired(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, DbErr> {
    Ok(session::Entity::delete_many()
        .filter(session::Column::ExpiresAt.lte(now))
        .exec(db)
        .await?
        .rows_affected)
}
