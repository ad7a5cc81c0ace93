//! Staff of a college: people with a position, and (usually) an account.

use domain::paging::{Page, PageRequest};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use crate::entity::{person, staff};

pub async fn insert(
    db: &impl ConnectionTrait,
    org_id: i64,
    person_id: i64,
    position: &str,
) -> Result<staff::Model, DbErr> {
    staff::ActiveModel {
        org_id: Set(org_id),
        person_id: Set(person_id),
        position: Set(position.to_string()),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Staff people of the college, searched by name, one page.
pub async fn page(
    db: &impl ConnectionTrait,
    org_id: i64,
    pattern: Option<&str>,
    req: PageRequest,
) -> Result<Page<person::Model>, DbErr> {
    let in_staff = person::Column::Id.in_subquery(
        Query::select()
            .column(staff::Column::PersonId)
            .from(staff::Entity)
            .and_where(staff::Column::OrgId.eq(org_id))
            .to_owned(),
    );
    crate::people::page_among(db, org_id, pattern, in_staff, req).await
}

pub async fn positions(
    db: &impl ConnectionTrait,
    org_id: i64,
    person_ids: &[i64],
) -> Result<Vec<staff::Model>, DbErr> {
    staff::Entity::find()
        .filter(staff::Column::OrgId.eq(org_id))
        .filter(staff::Column::PersonId.is_in(person_ids.iter().copied()))
        .all(db)
        .await
}

pub async fn get(
    db: &impl ConnectionTrait,
    org_id: i64,
    person_id: i64,
) -> Result<Option<staff::Model>, DbErr> {
    staff::Entity::find()
        .filter(staff::Column::OrgId.eq(org_id))
        .filter(staff::Column::PersonId.eq(person_id))
        .one(db)
        .await
}

/// All staff of the college, for choosing a curator (bounded by college size).
pub async fn all_people(
    db: &impl ConnectionTrait,
    org_id: i64,
) -> Result<Vec<person::Model>, DbErr> {
    let ids: Vec<i64> = staff::Entity::find()
        .filter(staff::Column::OrgId.eq(org_id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.person_id)
        .collect();
    crate::people::by_ids(db, &ids).await
}
