//! Buildings and their rooms.

use std::collections::HashMap;

use domain::paging::{Page, PageRequest};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::entity::{building, room};

pub async fn insert(
    db: &impl ConnectionTrait,
    org_id: i64,
    name: &str,
    address: Option<&str>,
) -> Result<building::Model, DbErr> {
    building::ActiveModel {
        org_id: Set(org_id),
        name: Set(name.to_string()),
        address: Set(address.map(str::to_string)),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn get(
    db: &impl ConnectionTrait,
    org_id: i64,
    id: i64,
) -> Result<Option<building::Model>, DbErr> {
    building::Entity::find_by_id(id)
        .filter(building::Column::OrgId.eq(org_id))
        .one(db)
        .await
}

pub async fn all(db: &impl ConnectionTrait, org_id: i64) -> Result<Vec<building::Model>, DbErr> {
    building::Entity::find()
        .filter(building::Column::OrgId.eq(org_id))
        .order_by_asc(building::Column::Name)
        .all(db)
        .await
}

#[derive(FromQueryResult)]
struct RoomCount {
    building_id: i64,
    n: i64,
}

pub async fn room_counts(
    db: &impl ConnectionTrait,
    org_id: i64,
) -> Result<HashMap<i64, i64>, DbErr> {
    let rows = room::Entity::find()
        .select_only()
        .column(room::Column::BuildingId)
        .column_as(Expr::col(room::Column::Id).count(), "n")
        .filter(room::Column::OrgId.eq(org_id))
        .group_by(room::Column::BuildingId)
        .into_model::<RoomCount>()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|r| (r.building_id, r.n)).collect())
}

pub struct NewRoom<'a> {
    pub building_id: i64,
    pub number: &'a str,
    pub capacity: i32,
    pub kind: &'a str,
}

pub async fn insert_room(
    db: &impl ConnectionTrait,
    org_id: i64,
    r: NewRoom<'_>,
) -> Result<room::Model, DbErr> {
    room::ActiveModel {
        org_id: Set(org_id),
        building_id: Set(r.building_id),
        number: Set(r.number.to_string()),
        capacity: Set(r.capacity),
        kind: Set(r.kind.to_string()),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Rooms of a building (or of the whole college), one page.
pub async fn rooms_page(
    db: &impl ConnectionTrait,
    org_id: i64,
    building_id: Option<i64>,
    req: PageRequest,
) -> Result<Page<room::Model>, DbErr> {
    let mut q = room::Entity::find().filter(room::Column::OrgId.eq(org_id));
    if let Some(b) = building_id {
        q = q.filter(room::Column::BuildingId.eq(b));
    }
    let q = q
        .order_by_asc(room::Column::BuildingId)
        .order_by_asc(room::Column::Number);
    crate::paging::fetch_page(db, q, req).await
}

pub async fn rooms_by_ids(
    db: &impl ConnectionTrait,
    org_id: i64,
    ids: &[i64],
) -> Result<Vec<room::Model>, DbErr> {
    room::Entity::find()
        .filter(room::Column::OrgId.eq(org_id))
        .filter(room::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await
}

/// Every room of the college, for choosing one (a college has at most a few hundred).
pub async fn all_rooms(db: &impl ConnectionTrait, org_id: i64) -> Result<Vec<room::Model>, DbErr> {
    room::Entity::find()
        .filter(room::Column::OrgId.eq(org_id))
        .order_by_asc(room::Column::Number)
        .all(db)
        .await
}
