//! Regions and colleges, and each college's settings.

use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};

use crate::entity::{college_settings, org};

pub const KIND_REGION: &str = "region";
pub const KIND_COLLEGE: &str = "college";

pub async fn insert(
    db: &impl ConnectionTrait,
    kind: &str,
    name: &str,
    short_name: &str,
    parent_id: Option<i64>,
) -> Result<i64, DbErr> {
    let row = org::ActiveModel {
        parent_id: Set(parent_id),
        kind: Set(kind.to_string()),
        name: Set(name.to_string()),
        short_name: Set(short_name.to_string()),
        created_at: Set(crate::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    if kind == KIND_COLLEGE {
        college_settings::ActiveModel {
            org_id: Set(row.id),
            mark_edit_days: Set(8),
            attestation_edit_days: Set(1),
        }
        .insert(db)
        .await?;
    }
    Ok(row.id)
}

pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<Option<org::Model>, DbErr> {
    org::Entity::find_by_id(id).one(db).await
}

pub async fn by_ids(db: &impl ConnectionTrait, ids: &[i64]) -> Result<Vec<org::Model>, DbErr> {
    org::Entity::find()
        .filter(org::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(org::Column::Name)
        .all(db)
        .await
}

pub async fn colleges(db: &impl ConnectionTrait) -> Result<Vec<org::Model>, DbErr> {
    org::Entity::find()
        .filter(org::Column::Kind.eq(KIND_COLLEGE))
        .order_by_asc(org::Column::Name)
        .all(db)
        .await
}

pub async fn count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    org::Entity::find().count(db).await
}

pub async fn settings(
    db: &impl ConnectionTrait,
    org_id: i64,
) -> Result<Option<college_settings::Model>, DbErr> {
    college_settings::Entity::find_by_id(org_id).one(db).await
}
