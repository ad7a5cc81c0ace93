//! Specialties (ФГОС СПО) a college teaches.

use domain::paging::{Page, PageRequest};
use sea_orm::sea_query::{Condition, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use crate::entity::specialty;

pub async fn insert(
    db: &impl ConnectionTrait,
    org_id: i64,
    code: &str,
    name: &str,
) -> Result<specialty::Model, DbErr> {
    specialty::ActiveModel {
        org_id: Set(org_id),
        code: Set(code.to_string()),
        name: Set(name.to_string()),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn get(
    db: &impl ConnectionTrait,
    org_id: i64,
    id: i64,
) -> Result<Option<specialty::Model>, DbErr> {
    specialty::Entity::find_by_id(id)
        .filter(specialty::Column::OrgId.eq(org_id))
        .one(db)
        .await
}

pub async fn all(db: &impl ConnectionTrait, org_id: i64) -> Result<Vec<specialty::Model>, DbErr> {
    specialty::Entity::find()
        .filter(specialty::Column::OrgId.eq(org_id))
        .order_by_asc(specialty::Column::Code)
        .all(db)
        .await
}

pub async fn page(
    db: &impl ConnectionTrait,
    org_id: i64,
    query: Option<&str>,
    req: PageRequest,
) -> Result<Page<specialty::Model>, DbErr> {
    let mut q = specialty::Entity::find().filter(specialty::Column::OrgId.eq(org_id));
    if let Some(p) = query {
        q = q.filter(
            Condition::any().add(specialty::Column::Code.like(p)).add(
                sea_orm::sea_query::Expr::expr(Func::lower(sea_orm::sea_query::Expr::col(
                    specialty::Column::Name,
                )))
                .like(p),
            ),
        );
    }
    crate::paging::fetch_page(db, q.order_by_asc(specialty::Column::Code), req).await
}
