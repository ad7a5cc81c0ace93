//! Role grants: a role in a college with its scope. A unique index keeps
//! one grant per account, college, role and scope.

use chrono::{DateTime, Utc};
use domain::role::ScopeKind;
use domain::{Grant, Role, Scope};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use crate::entity::role_grant;

pub fn to_domain(row: &role_grant::Model) -> Option<Grant> {
    let role = Role::from_code(&row.role)?;
    let kind = ScopeKind::from_code(&row.scope_kind)?;
    Some(Grant {
        org_id: row.org_id,
        role,
        scope: Scope::from_parts(kind, row.scope_id),
    })
}

pub async fn insert(
    db: &impl ConnectionTrait,
    account_id: i64,
    grant: Grant,
    granted_by: Option<i64>,
    at: DateTime<Utc>,
) -> Result<role_grant::Model, DbErr> {
    role_grant::ActiveModel {
        org_id: Set(grant.org_id),
        account_id: Set(account_id),
        role: Set(grant.role.code().to_string()),
        scope_kind: Set(grant.scope.kind().code().to_string()),
        scope_id: Set(grant.scope.id()),
        granted_by: Set(granted_by),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn for_account(
    db: &impl ConnectionTrait,
    account_id: i64,
) -> Result<Vec<role_grant::Model>, DbErr> {
    role_grant::Entity::find()
        .filter(role_grant::Column::AccountId.eq(account_id))
        .order_by_asc(role_grant::Column::Id)
        .all(db)
        .await
}

pub async fn for_accounts_in_org(
    db: &impl ConnectionTrait,
    org_id: i64,
    account_ids: &[i64],
) -> Result<Vec<role_grant::Model>, DbErr> {
    role_grant::Entity::find()
        .filter(role_grant::Column::OrgId.eq(org_id))
        .filter(role_grant::Column::AccountId.is_in(account_ids.iter().copied()))
        .order_by_asc(role_grant::Column::Id)
        .all(db)
        .await
}

pub async fn get(
    db: &impl ConnectionTrait,
    org_id: i64,
    id: i64,
) -> Result<Option<role_grant::Model>, DbErr> {
    role_grant::Entity::find_by_id(id)
        .filter(role_grant::Column::OrgId.eq(org_id))
        .one(db)
        .await
}

pub async fn delete(db: &impl ConnectionTrait, org_id: i64, id: i64) -> Result<u64, DbErr> {
    Ok(role_grant::Entity::delete_many()
        .filter(role_grant::Column::OrgId.eq(org_id))
        .filter(role_grant::Column::Id.eq(id))
        .exec(db)
        .await?
        .rows_affected)
}

/// Removes a curator grant for a group (when the group gets another curator).
pub async fn delete_scoped(
    db: &impl ConnectionTrait,
    org_id: i64,
    role: Role,
    scope: Scope,
) -> Result<u64, DbErr> {
    Ok(role_grant::Entity::delete_many()
        .filter(role_grant::Column::OrgId.eq(org_id))
        .filter(role_grant::Column::Role.eq(role.code()))
        .filter(role_grant::Column::ScopeKind.eq(scope.kind().code()))
        .filter(role_grant::Column::ScopeId.eq(scope.id()))
        .exec(db)
        .await?
        .rows_affected)
}

/// The people who hold any of `roles` in the college.
pub async fn people_with_roles(
    db: &impl ConnectionTrait,
    org_id: i64,
    roles: &[Role],
) -> Result<Vec<i64>, DbErr> {
    use sea_orm::QuerySelect;
    let accounts: Vec<i64> = role_grant::Entity::find()
        .select_only()
        .column(role_grant::Column::AccountId)
        .filter(role_grant::Column::OrgId.eq(org_id))
        .filter(role_grant::Column::Role.is_in(roles.iter().map(|r| r.code())))
        .into_tuple()
        .all(db)
        .await?;
    let mut people: Vec<i64> = crate::entity::account::Entity::find()
        .select_only()
        .column(crate::entity::account::Column::PersonId)
        .filter(crate::entity::account::Column::Id.is_in(accounts))
        .filter(crate::entity::account::Column::Active.eq(true))
        .into_tuple()
        .all(db)
        .await?;
    people.sort_unstable();
    people.dedup();
    Ok(people)
}
