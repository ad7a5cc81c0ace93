//! The append-only audit log: who did what to which record, and when.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::entity::audit_entry;

pub struct Entry<'a> {
    pub org_id: Option<i64>,
    pub account_id: Option<i64>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub details: serde_json::Value,
}

pub async fn record(
    db: &impl ConnectionTrait,
    e: Entry<'_>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    audit_entry::ActiveModel {
        org_id: Set(e.org_id),
        account_id: Set(e.account_id),
        action: Set(e.action.to_string()),
        entity: Set(e.entity.to_string()),
        entity_id: Set(e.entity_id),
        details: Set(e.details.to_string()),
        at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn latest(
    db: &impl ConnectionTrait,
    org_id: i64,
    limit: u64,
) -> Result<Vec<audit_entry::Model>, DbErr> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::OrgId.eq(org_id))
        .order_by_desc(audit_entry::Column::Id)
        .limit(limit)
        .all(db)
        .await
}
