//! Files attached to lessons (materials, homework), kept in the database so
//! every app instance serves them.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::entity::lesson_file;

/// A file without its bytes, for lists.
#[derive(Debug, Clone, FromQueryResult)]
pub struct FileInfo {
    pub id: i64,
    pub lesson_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
}

pub struct NewFile<'a> {
    pub lesson_id: i64,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub data: Vec<u8>,
    pub created_by: i64,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    org_id: i64,
    f: NewFile<'_>,
    at: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let size = f.data.len() as i64;
    let row = lesson_file::ActiveModel {
        org_id: Set(org_id),
        lesson_id: Set(f.lesson_id),
        file_name: Set(f.file_name.to_string()),
        content_type: Set(f.content_type.to_string()),
        size: Set(size),
        data: Set(f.data),
        created_by: Set(f.created_by),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

pub async fn count_of_lesson(
    db: &impl ConnectionTrait,
    org_id: i64,
    lesson_id: i64,
) -> Result<u64, DbErr> {
    lesson_file::Entity::find()
        .filter(lesson_file::Column::OrgId.eq(org_id))
        .filter(lesson_file::Column::LessonId.eq(lesson_id))
        .count(db)
        .await
}

pub async fn of_lessons(
    db: &impl ConnectionTrait,
    org_id: i64,
    lesson_ids: &[i64],
) -> Result<Vec<FileInfo>, DbErr> {
    lesson_file::Entity::find()
        .select_only()
        .columns([
            lesson_file::Column::Id,
            lesson_file::Column::LessonId,
            lesson_file::Column::FileName,
            lesson_file::Column::ContentType,
            lesson_file::Column::Size,
        ])
        .filter(lesson_file::Column::OrgId.eq(org_id))
        .filter(lesson_file::Column::LessonId.is_in(lesson_ids.iter().copied()))
        .order_by_asc(lesson_file::Column::Id)
        .into_model::<FileInfo>()
        .all(db)
        .await
}

pub async fn get(
    db: &impl ConnectionTrait,
    org_id: i64,
    id: i64,
) -> Result<Option<lesson_file::Model>, DbErr> {
    lesson_file::Entity::find_by_id(id)
        .filter(lesson_file::Column::OrgId.eq(org_id))
        .one(db)
        .await
}
