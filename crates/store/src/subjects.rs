//! Subjects (disciplines, МДК, modules, practices) and the college's kinds of work.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use crate::entity::{subject, work_kind};

pub async fn insert(
    db: &impl ConnectionTrait,
    org_id: i64,
    name: &str,
    short_name: &str,
    kind: &str,
    scale: &str,
) -> Result<subject::Model, DbErr> {
    subject::ActiveModel {
        org_id: Set(org_id),
        name: Set(name.to_string()),
        short_name: Set(short_name.to_string()),
        kind: Set(kind.to_string()),
        scale: Set(scale.to_string()),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn get(
    db: &impl ConnectionTrait,
    org_id: i64,
    id: i64,
) -> Result<Option<subject::Model>, DbErr> {
    subject::Entity::find_by_id(id)
        .filter(subject::Column::OrgId.eq(org_id))
        .one(db)
        .await
}

pub async fn by_ids(
    db: &impl ConnectionTrait,
    org_id: i64,
    ids: &[i64],
) -> Result<Vec<subject::Model>, DbErr> {
    subject::Entity::find()
        .filter(subject::Column::OrgId.eq(org_id))
        .filter(subject::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(subject::Column::Name)
        .all(db)
        .await
}

/// The kinds of work a mark is given for, with their weights (seed 3.3).
pub const DEFAULT_WORK_KINDS: [(&str, i32); 8] = [
    ("Ответ на занятии", 1),
    ("Домашняя работа", 1),
    ("Самостоятельная работа", 1),
    ("Практическая работа", 2),
    ("Лабораторная работа", 2),
    ("Тест", 2),
    ("Контрольная работа", 3),
    ("Курсовой проект", 3),
];

pub async fn insert_default_work_kinds(
    db: &impl ConnectionTrait,
    org_id: i64,
) -> Result<(), DbErr> {
    let rows = DEFAULT_WORK_KINDS
        .iter()
        .enumerate()
        .map(|(i, (name, weight))| work_kind::ActiveModel {
            org_id: Set(org_id),
            name: Set(name.to_string()),
            weight: Set(*weight),
            position: Set(i as i32),
            ..Default::default()
        });
    work_kind::Entity::insert_many(rows).exec(db).await?;
    Ok(())
}

pub async fn work_kinds(
    db: &impl ConnectionTrait,
    org_id: i64,
) -> Result<Vec<work_kind::Model>, DbErr> {
    work_kind::Entity::find()
        .filter(work_kind::Column::OrgId.eq(org_id))
        .order_by_asc(work_kind::Column::Position)
        .order_by_asc(work_kind::Column::Id)
        .all(db)
        .await
}

/// Every subject of the college by name (a college has at most a few hundred).
pub async fn all(db: &impl ConnectionTrait, org_id: i64) -> Result<Vec<subject::Model>, DbErr> {
    subject::Entity::find()
        .filter(subject::Column::OrgId.eq(org_id))
        .order_by_asc(subject::Column::Name)
        .all(db)
        .await
}
