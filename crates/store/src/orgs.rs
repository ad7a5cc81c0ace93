//! Regions and colleges, and each college's settings.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};

use crate::entity::{college_settings, org};

pub const KIND_REGION: &str = "region";
pub const KIND_COLLEGE: &str = "college";

pub async fn insert(
    db: &impl ConnectionTrait,
    kind: &str,
    name: &str,
    short_name: &str,
    parent_id: Option<i64>,
    at: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let row = org::ActiveModel {
        parent_id: Set(parent_id),
        kind: Set(kind.to_string()),
        name: Set(name.to_string()),
        short_name: Set(short_name.to_string()),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    if kind == KIND_COLLEGE {
        college_settings::ActiveModel {
            org_id: Set(row.id),
            mark_edit_days: Set(8),
            attestation_edit_days: Set(1),
            two_is_debt: Set(true),
            read_log_days: Set(365),
        }
        .insert(db)
        .await?;
        crate::subjects::insert_default_work_kinds(db, row.id).await?;
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

/// How much reference data a college has, for its dashboard.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Counts {
    pub students: u64,
    pub groups: u64,
    pub staff: u64,
    pub specialties: u64,
    pub buildings: u64,
    pub rooms: u64,
}

pub async fn counts(db: &impl ConnectionTrait, org_id: i64) -> Result<Counts, DbErr> {
    use crate::entity::{building, group_student, room, specialty, staff, study_group};
    Ok(Counts {
        students: group_student::Entity::find()
            .filter(group_student::Column::OrgId.eq(org_id))
            .count(db)
            .await?,
        groups: study_group::Entity::find()
            .filter(study_group::Column::OrgId.eq(org_id))
            .count(db)
            .await?,
        staff: staff::Entity::find()
            .filter(staff::Column::OrgId.eq(org_id))
            .count(db)
            .await?,
        specialties: specialty::Entity::find()
            .filter(specialty::Column::OrgId.eq(org_id))
            .count(db)
            .await?,
        buildings: building::Entity::find()
            .filter(building::Column::OrgId.eq(org_id))
            .count(db)
            .await?,
        rooms: room::Entity::find()
            .filter(room::Column::OrgId.eq(org_id))
            .count(db)
            .await?,
    })
}

pub async fn children(db: &impl ConnectionTrait, parent_id: i64) -> Result<Vec<org::Model>, DbErr> {
    org::Entity::find()
        .filter(org::Column::ParentId.eq(parent_id))
        .order_by_asc(org::Column::Name)
        .all(db)
        .await
}

pub async fn update_settings(
    db: &impl ConnectionTrait,
    org_id: i64,
    mark_edit_days: i32,
    attestation_edit_days: i32,
    two_is_debt: bool,
) -> Result<(), DbErr> {
    college_settings::Entity::update_many()
        .col_expr(college_settings::Column::TwoIsDebt, two_is_debt.into())
        .col_expr(
            college_settings::Column::MarkEditDays,
            mark_edit_days.into(),
        )
        .col_expr(
            college_settings::Column::AttestationEditDays,
            attestation_edit_days.into(),
        )
        .filter(college_settings::Column::OrgId.eq(org_id))
        .exec(db)
        .await?;
    Ok(())
}

/// How many days the read log of personal data is kept.
pub async fn set_read_log_days(
    db: &impl ConnectionTrait,
    org_id: i64,
    days: i32,
) -> Result<(), DbErr> {
    college_settings::Entity::update_many()
        .col_expr(college_settings::Column::ReadLogDays, days.into())
        .filter(college_settings::Column::OrgId.eq(org_id))
        .exec(db)
        .await?;
    Ok(())
}
