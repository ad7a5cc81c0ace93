//! Archives of a school year and what they are made of.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::entity::{journal_change, school_year, year_archive};

pub async fn insert(
    db: &impl ConnectionTrait,
    org_id: i64,
    school_year: i32,
    total: i32,
    created_by: i64,
    at: DateTime<Utc>,
) -> Result<year_archive::Model, DbErr> {
    year_archive::ActiveModel {
        org_id: Set(org_id),
        school_year: Set(school_year),
        status: Set("running".into()),
        done: Set(0),
        total: Set(total),
        created_by: Set(created_by),
        started_at: Set(at),
        finished_at: Set(None),
        sha256: Set(String::new()),
        size: Set(0),
        error: Set(String::new()),
        data: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// An archive without its bytes.
#[derive(Debug, Clone, FromQueryResult)]
pub struct ArchiveInfo {
    pub id: i64,
    pub school_year: i32,
    pub status: String,
    pub done: i32,
    pub total: i32,
    pub started_at: chrono::DateTime<chrono::Utc>,
    pub finished_at: Option<chrono::DateTime<chrono::Utc>>,
    pub sha256: String,
    pub size: i64,
    pub error: String,
}

fn info_query(org_id: i64) -> sea_orm::Select<year_archive::Entity> {
    year_archive::Entity::find()
        .select_only()
        .columns([
            year_archive::Column::Id,
            year_archive::Column::SchoolYear,
            year_archive::Column::Status,
            year_archive::Column::Done,
            year_archive::Column::Total,
            year_archive::Column::StartedAt,
            year_archive::Column::FinishedAt,
            year_archive::Column::Sha256,
            year_archive::Column::Size,
            year_archive::Column::Error,
        ])
        .filter(year_archive::Column::OrgId.eq(org_id))
}

/// Archives of the year, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    org_id: i64,
    school_year: i32,
) -> Result<Vec<ArchiveInfo>, DbErr> {
    info_query(org_id)
        .filter(year_archive::Column::SchoolYear.eq(school_year))
        .order_by_desc(year_archive::Column::Id)
        .limit(20)
        .into_model::<ArchiveInfo>()
        .all(db)
        .await
}

pub async fn info(
    db: &impl ConnectionTrait,
    org_id: i64,
    id: i64,
) -> Result<Option<ArchiveInfo>, DbErr> {
    info_query(org_id)
        .filter(year_archive::Column::Id.eq(id))
        .into_model::<ArchiveInfo>()
        .one(db)
        .await
}

/// The archive's bytes, once it is made.
pub async fn data(
    db: &impl ConnectionTrait,
    org_id: i64,
    id: i64,
) -> Result<Option<Vec<u8>>, DbErr> {
    Ok(year_archive::Entity::find_by_id(id)
        .filter(year_archive::Column::OrgId.eq(org_id))
        .one(db)
        .await?
        .and_then(|a| a.data))
}

pub async fn progress(db: &impl ConnectionTrait, id: i64, done: i32) -> Result<(), DbErr> {
    year_archive::Entity::update_many()
        .col_expr(year_archive::Column::Done, Expr::value(done))
        .filter(year_archive::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn finish(
    db: &impl ConnectionTrait,
    id: i64,
    data: Vec<u8>,
    sha256: String,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let size = data.len() as i64;
    year_archive::Entity::update_many()
        .col_expr(year_archive::Column::Status, Expr::value("done"))
        .col_expr(year_archive::Column::Sha256, Expr::value(sha256))
        .col_expr(year_archive::Column::Size, Expr::value(size))
        .col_expr(year_archive::Column::Data, Expr::value(data))
        .col_expr(year_archive::Column::FinishedAt, Expr::value(Some(at)))
        .filter(year_archive::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn fail(
    db: &impl ConnectionTrait,
    id: i64,
    error: &str,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    year_archive::Entity::update_many()
        .col_expr(year_archive::Column::Status, Expr::value("failed"))
        .col_expr(year_archive::Column::Error, Expr::value(error))
        .col_expr(year_archive::Column::FinishedAt, Expr::value(Some(at)))
        .filter(year_archive::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Closes the year (its row is made if missing).
pub async fn close_year(
    db: &impl ConnectionTrait,
    org_id: i64,
    year: i32,
    account_id: i64,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    match crate::school_years::get(db, org_id, year).await? {
        Some(row) => {
            let mut row: school_year::ActiveModel = row.into();
            row.closed_at = Set(Some(at));
            row.closed_by = Set(Some(account_id));
            row.update(db).await?;
        }
        None => {
            school_year::ActiveModel {
                org_id: Set(org_id),
                year: Set(year),
                closed_at: Set(Some(at)),
                closed_by: Set(Some(account_id)),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// The history of journal cells of these lessons, oldest first.
pub async fn journal_changes(
    db: &impl ConnectionTrait,
    org_id: i64,
    lesson_ids: &[i64],
) -> Result<Vec<journal_change::Model>, DbErr> {
    journal_change::Entity::find()
        .filter(journal_change::Column::OrgId.eq(org_id))
        .filter(journal_change::Column::LessonId.is_in(lesson_ids.iter().copied()))
        .order_by_asc(journal_change::Column::Id)
        .all(db)
        .await
}
