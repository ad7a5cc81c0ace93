//! Bell schedules, their pairs and who follows which.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use crate::entity::{bell_assignment, bell_pair, bell_schedule};

pub async fn all(
    db: &impl ConnectionTrait,
    org_id: i64,
) -> Result<Vec<bell_schedule::Model>, DbErr> {
    bell_schedule::Entity::find()
        .filter(bell_schedule::Column::OrgId.eq(org_id))
        .order_by_asc(bell_schedule::Column::Name)
        .all(db)
        .await
}

/// Pairs of every schedule of the college, by schedule and number.
pub async fn pairs(db: &impl ConnectionTrait, org_id: i64) -> Result<Vec<bell_pair::Model>, DbErr> {
    bell_pair::Entity::find()
        .filter(bell_pair::Column::OrgId.eq(org_id))
        .order_by_asc(bell_pair::Column::ScheduleId)
        .order_by_asc(bell_pair::Column::PairNo)
        .all(db)
        .await
}

pub async fn insert(
    db: &impl ConnectionTrait,
    org_id: i64,
    name: &str,
    pairs: &[(i32, String, String)],
) -> Result<bell_schedule::Model, DbErr> {
    let schedule = bell_schedule::ActiveModel {
        org_id: Set(org_id),
        name: Set(name.to_string()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let rows = pairs.iter().map(|(no, s, e)| bell_pair::ActiveModel {
        org_id: Set(org_id),
        schedule_id: Set(schedule.id),
        pair_no: Set(*no),
        starts_at: Set(s.clone()),
        ends_at: Set(e.clone()),
        ..Default::default()
    });
    bell_pair::Entity::insert_many(rows).exec(db).await?;
    Ok(schedule)
}

pub async fn assignments(
    db: &impl ConnectionTrait,
    org_id: i64,
    school_year: i32,
) -> Result<Vec<bell_assignment::Model>, DbErr> {
    bell_assignment::Entity::find()
        .filter(bell_assignment::Column::OrgId.eq(org_id))
        .filter(bell_assignment::Column::SchoolYear.eq(school_year))
        .all(db)
        .await
}

/// Assigns the schedule to a group for the year, replacing an earlier choice.
pub async fn assign_group(
    db: &impl ConnectionTrait,
    org_id: i64,
    school_year: i32,
    schedule_id: i64,
    group_id: i64,
) -> Result<(), DbErr> {
    bell_assignment::Entity::delete_many()
        .filter(bell_assignment::Column::OrgId.eq(org_id))
        .filter(bell_assignment::Column::SchoolYear.eq(school_year))
        .filter(bell_assignment::Column::GroupId.eq(group_id))
        .exec(db)
        .await?;
    bell_assignment::ActiveModel {
        org_id: Set(org_id),
        school_year: Set(school_year),
        schedule_id: Set(schedule_id),
        group_id: Set(Some(group_id)),
        student_person_id: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The pairs a group follows in the year (empty when it has no schedule).
pub async fn pairs_of_group(
    db: &impl ConnectionTrait,
    org_id: i64,
    school_year: i32,
    group_id: i64,
) -> Result<Vec<bell_pair::Model>, DbErr> {
    let Some(a) = bell_assignment::Entity::find()
        .filter(bell_assignment::Column::OrgId.eq(org_id))
        .filter(bell_assignment::Column::SchoolYear.eq(school_year))
        .filter(bell_assignment::Column::GroupId.eq(group_id))
        .one(db)
        .await?
    else {
        return Ok(Vec::new());
    };
    bell_pair::Entity::find()
        .filter(bell_pair::Column::ScheduleId.eq(a.schedule_id))
        .order_by_asc(bell_pair::Column::PairNo)
        .all(db)
        .await
}
