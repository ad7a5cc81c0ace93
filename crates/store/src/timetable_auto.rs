//! Runs of the timetable solver, and what it needs that other modules do not
//! read: subgroup sizes and replacing a semester's weekly pattern at once.

use chrono::{DateTime, Utc};
use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::entity::{group_student, timetable_job, timetable_slot};
use crate::timetable::NewSlot;

pub async fn insert_job(
    db: &impl ConnectionTrait,
    org_id: i64,
    school_year: i32,
    semester: i32,
    seconds: i32,
    created_by: i64,
    at: DateTime<Utc>,
) -> Result<timetable_job::Model, DbErr> {
    timetable_job::ActiveModel {
        org_id: Set(org_id),
        school_year: Set(school_year),
        semester: Set(semester),
        seconds: Set(seconds),
        status: Set("running".into()),
        created_by: Set(created_by),
        started_at: Set(at),
        finished_at: Set(None),
        result: Set(String::new()),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn get_job(
    db: &impl ConnectionTrait,
    org_id: i64,
    id: i64,
) -> Result<Option<timetable_job::Model>, DbErr> {
    timetable_job::Entity::find_by_id(id)
        .filter(timetable_job::Column::OrgId.eq(org_id))
        .one(db)
        .await
}

/// The latest runs of the year, newest first, without their (large) results.
pub async fn recent_jobs(
    db: &impl ConnectionTrait,
    org_id: i64,
    school_year: i32,
    limit: u64,
) -> Result<Vec<timetable_job::Model>, DbErr> {
    timetable_job::Entity::find()
        .filter(timetable_job::Column::OrgId.eq(org_id))
        .filter(timetable_job::Column::SchoolYear.eq(school_year))
        .order_by_desc(timetable_job::Column::Id)
        .limit(limit)
        .all(db)
        .await
        .map(|jobs| {
            jobs.into_iter()
                .map(|mut j| {
                    j.result.clear();
                    j
                })
                .collect()
        })
}

/// Ends a run: its status and result; only a running job changes.
pub async fn finish_job(
    db: &impl ConnectionTrait,
    id: i64,
    status: &str,
    result: String,
    at: DateTime<Utc>,
) -> Result<u64, DbErr> {
    Ok(timetable_job::Entity::update_many()
        .col_expr(timetable_job::Column::Status, Expr::value(status))
        .col_expr(timetable_job::Column::Result, Expr::value(result))
        .col_expr(timetable_job::Column::FinishedAt, Expr::value(Some(at)))
        .filter(timetable_job::Column::Id.eq(id))
        .filter(timetable_job::Column::Status.eq("running"))
        .exec(db)
        .await?
        .rows_affected)
}

/// Marks a finished run applied; false when it was not in `done`.
pub async fn mark_applied(db: &impl ConnectionTrait, org_id: i64, id: i64) -> Result<bool, DbErr> {
    Ok(timetable_job::Entity::update_many()
        .col_expr(timetable_job::Column::Status, Expr::value("applied"))
        .filter(timetable_job::Column::OrgId.eq(org_id))
        .filter(timetable_job::Column::Id.eq(id))
        .filter(timetable_job::Column::Status.eq("done"))
        .exec(db)
        .await?
        .rows_affected
        == 1)
}

#[derive(FromQueryResult)]
struct SubgroupCount {
    subgroup_id: i64,
    n: i64,
}

/// Students per subgroup of the college.
pub async fn subgroup_sizes(
    db: &impl ConnectionTrait,
    org_id: i64,
) -> Result<HashMap<i64, i64>, DbErr> {
    let rows = group_student::Entity::find()
        .select_only()
        .column(group_student::Column::SubgroupId)
        .column_as(Expr::col(group_student::Column::Id).count(), "n")
        .filter(group_student::Column::OrgId.eq(org_id))
        .filter(group_student::Column::SubgroupId.is_not_null())
        .group_by(group_student::Column::SubgroupId)
        .into_model::<SubgroupCount>()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|r| (r.subgroup_id, r.n)).collect())
}

/// Replaces the weekly pattern of these groups in a semester with `slots`.
pub async fn replace_slots(
    db: &impl ConnectionTrait,
    org_id: i64,
    school_year: i32,
    semester: i32,
    group_ids: &[i64],
    slots: Vec<NewSlot>,
) -> Result<(), DbErr> {
    timetable_slot::Entity::delete_many()
        .filter(timetable_slot::Column::OrgId.eq(org_id))
        .filter(timetable_slot::Column::SchoolYear.eq(school_year))
        .filter(timetable_slot::Column::Semester.eq(semester))
        .filter(timetable_slot::Column::GroupId.is_in(group_ids.iter().copied()))
        .exec(db)
        .await?;
    for chunk in slots.chunks(500) {
        let rows: Vec<timetable_slot::ActiveModel> = chunk
            .iter()
            .map(|s| crate::timetable::slot_model(org_id, s))
            .collect();
        timetable_slot::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}
