//! The academic calendar: periods of a school year.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use crate::entity::calendar_period;

pub struct NewPeriod<'a> {
    pub school_year: i32,
    pub kind: &'a str,
    pub semester: i32,
    pub group_id: Option<i64>,
    pub name: &'a str,
    pub starts_on: chrono::NaiveDate,
    pub ends_on: chrono::NaiveDate,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    org_id: i64,
    p: NewPeriod<'_>,
) -> Result<calendar_period::Model, DbErr> {
    calendar_period::ActiveModel {
        org_id: Set(org_id),
        school_year: Set(p.school_year),
        kind: Set(p.kind.to_string()),
        semester: Set(p.semester),
        group_id: Set(p.group_id),
        name: Set(p.name.to_string()),
        starts_on: Set(p.starts_on),
        ends_on: Set(p.ends_on),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Every period of the year, college-wide and per group, by start date.
pub async fn of_year(
    db: &impl ConnectionTrait,
    org_id: i64,
    school_year: i32,
) -> Result<Vec<calendar_period::Model>, DbErr> {
    calendar_period::Entity::find()
        .filter(calendar_period::Column::OrgId.eq(org_id))
        .filter(calendar_period::Column::SchoolYear.eq(school_year))
        .order_by_asc(calendar_period::Column::StartsOn)
        .order_by_asc(calendar_period::Column::Id)
        .all(db)
        .await
}

pub async fn delete(db: &impl ConnectionTrait, org_id: i64, id: i64) -> Result<u64, DbErr> {
    Ok(calendar_period::Entity::delete_many()
        .filter(calendar_period::Column::OrgId.eq(org_id))
        .filter(calendar_period::Column::Id.eq(id))
        .exec(db)
        .await?
        .rows_affected)
}
