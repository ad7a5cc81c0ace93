//! The journal reads a subject's lessons in a group (its span, the month's
//! lessons, the lessons its averages and missed hours count) through one index
//! that also holds the columns those reads filter and return, so SQLite and
//! PostgreSQL answer them from the index without visiting a lesson row each.

use sea_orm_migration::prelude::*;

use super::helpers::*;

const COVERED: [&str; 8] = [
    "group_id",
    "subject_id",
    "date",
    "cancelled",
    "subgroup_id",
    "org_id",
    "teacher_person_id",
    "substitute_person_id",
];

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut cover = index("lessons", &COVERED, false);
        cover.name("ix_lessons_journal");
        m.create_index(cover).await?;
        // The covering index starts with the same columns: the old one is redundant.
        m.drop_index(
            Index::drop()
                .name("ix_lessons_group_id_subject_id_date")
                .table(n("lessons"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(index("lessons", &["group_id", "subject_id", "date"], false))
            .await?;
        m.drop_index(
            Index::drop()
                .name("ix_lessons_journal")
                .table(n("lessons"))
                .to_owned(),
        )
        .await
    }
}
