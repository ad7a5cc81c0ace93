//! Automatic timetabling (seed 2.2, 3.2): the kind of room a subject needs,
//! and the solver's runs with their proposals.

use sea_orm_migration::prelude::*;

use super::helpers::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Empty: an ordinary classroom or lecture hall; otherwise a room kind
        // code (gym, computer, laboratory, workshop).
        m.alter_table(
            Table::alter()
                .table(n("subjects"))
                .add_column(
                    ColumnDef::new(n("room_kind"))
                        .string()
                        .not_null()
                        .default("")
                        .to_owned(),
                )
                .to_owned(),
        )
        .await?;

        // One run of the solver for a semester: running, done, failed or
        // applied; the proposal and its explanations are JSON in `result`.
        m.create_table(college_table(
            "timetable_jobs",
            vec![
                int("school_year"),
                int("semester"),
                int("seconds"),
                text("status"),
                big("created_by"),
                time("started_at"),
                time_null("finished_at"),
                long_text("result"),
            ],
            &[("created_by", "accounts")],
        ))
        .await?;
        m.create_index(index("timetable_jobs", &["org_id", "school_year"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "the automatic timetabling migration is not reversible".into(),
        ))
    }
}
