//! Parent–child links and parents' delegations to trusted persons.

use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use crate::entity::{delegation, parent_link};

pub async fn link(
    db: &impl ConnectionTrait,
    org_id: i64,
    parent_person_id: i64,
    child_person_id: i64,
    relation: &str,
) -> Result<parent_link::Model, DbErr> {
    parent_link::ActiveModel {
        org_id: Set(org_id),
        parent_person_id: Set(parent_person_id),
        child_person_id: Set(child_person_id),
        relation: Set(relation.to_string()),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Links of these children (to show each student's parents).
pub async fn of_children(
    db: &impl ConnectionTrait,
    org_id: i64,
    child_ids: &[i64],
) -> Result<Vec<parent_link::Model>, DbErr> {
    parent_link::Entity::find()
        .filter(parent_link::Column::OrgId.eq(org_id))
        .filter(parent_link::Column::ChildPersonId.is_in(child_ids.iter().copied()))
        .all(db)
        .await
}

/// A parent's links in every college.
pub async fn of_parent(
    db: &impl ConnectionTrait,
    parent_person_id: i64,
) -> Result<Vec<parent_link::Model>, DbErr> {
    parent_link::Entity::find()
        .filter(parent_link::Column::ParentPersonId.eq(parent_person_id))
        .all(db)
        .await
}

pub async fn delegate(
    db: &impl ConnectionTrait,
    org_id: i64,
    parent_person_id: i64,
    delegate_person_id: i64,
    child_person_id: i64,
    valid_until: NaiveDate,
    at: DateTime<Utc>,
) -> Result<delegation::Model, DbErr> {
    delegation::ActiveModel {
        org_id: Set(org_id),
        parent_person_id: Set(parent_person_id),
        delegate_person_id: Set(delegate_person_id),
        child_person_id: Set(child_person_id),
        valid_until: Set(valid_until),
        created_at: Set(at),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Delegations to this person still valid on `today` and not revoked.
pub async fn active_for_delegate(
    db: &impl ConnectionTrait,
    delegate_person_id: i64,
    today: NaiveDate,
) -> Result<Vec<delegation::Model>, DbErr> {
    delegation::Entity::find()
        .filter(delegation::Column::DelegatePersonId.eq(delegate_person_id))
        .filter(delegation::Column::ValidUntil.gte(today))
        .filter(delegation::Column::RevokedAt.is_null())
        .all(db)
        .await
}
