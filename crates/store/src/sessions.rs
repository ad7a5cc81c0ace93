//! Sessions live in the database, so any app instance can serve any request.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, QuerySelect, QueryTrait, Set,
};

use crate::entity::{account, consent, person, role_grant, session};

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

/// A session still valid, with what every request needs of its account.
/// (No `Debug`: it holds the CSRF token and the password's hash.)
pub struct ValidSession {
    pub session: session::Model,
    /// Active or not: the caller decides.
    pub account: account::Model,
    /// The account's person (none only if its row were missing).
    pub person: Option<person::Model>,
    /// Whether the account has consented to the terms of `terms_version`.
    pub consented: bool,
    /// The account's role grants in every college, by id.
    pub grants: Vec<role_grant::Model>,
}

/// A session still valid with its account, person, consent and grants, in
/// one query (a row a grant): what every request asks when its session is
/// not in the cache.
pub async fn find_valid_with_account(
    db: &impl ConnectionTrait,
    id: &str,
    now: DateTime<Utc>,
    terms_version: &str,
) -> Result<Option<ValidSession>, DbErr> {
    let consented = Query::select()
        .expr(Expr::val(1))
        .from(consent::Entity)
        .and_where(
            Expr::col((consent::Entity, consent::Column::AccountId))
                .equals((account::Entity, account::Column::Id)),
        )
        .and_where(Expr::col((consent::Entity, consent::Column::TermsVersion)).eq(terms_version))
        .and_where(Expr::col((consent::Entity, consent::Column::WithdrawnAt)).is_null())
        .to_owned();
    let mut q = session::Entity::find_by_id(id.to_string())
        .filter(session::Column::ExpiresAt.gt(now))
        .join(
            sea_orm::JoinType::InnerJoin,
            session::Entity::belongs_to(account::Entity)
                .from(session::Column::AccountId)
                .to(account::Column::Id)
                .into(),
        )
        .select_also(account::Entity)
        .expr_as(Expr::exists(consented), "consented")
        .into_query();
    q.left_join(
        person::Entity,
        Expr::col((person::Entity, person::Column::Id))
            .equals((account::Entity, account::Column::PersonId)),
    )
    .left_join(
        role_grant::Entity,
        Expr::col((role_grant::Entity, role_grant::Column::AccountId))
            .equals((account::Entity, account::Column::Id)),
    );
    crate::select_prefixed::<person::Entity>(&mut q, "P_");
    crate::select_prefixed::<role_grant::Entity>(&mut q, "G_");
    let rows = db.query_all(db.get_database_backend().build(&q)).await?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let mut grants = Vec::new();
    for row in &rows {
        grants.extend(role_grant::Model::from_query_result_optional(row, "G_")?);
    }
    grants.sort_by_key(|g| g.id);
    Ok(Some(ValidSession {
        session: session::Model::from_query_result(row, "A_")?,
        account: account::Model::from_query_result(row, "B_")?,
        person: person::Model::from_query_result_optional(row, "P_")?,
        consented: row.try_get("", "consented")?,
        grants,
    }))
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
