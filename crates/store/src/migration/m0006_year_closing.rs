//! Closing the school year (seed 3.4): when and by whom it was closed, and
//! the archives of the year with their checksums.

use sea_orm_migration::prelude::*;

use super::helpers::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            ColumnDef::new(n("closed_at"))
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
            ColumnDef::new(n("closed_by"))
                .big_integer()
                .null()
                .to_owned(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(n("school_years"))
                    .add_column(column)
                    .to_owned(),
            )
            .await?;
        }

        // An archive of the year: made in the background (status, progress),
        // kept in the database so any app instance serves it.
        m.create_table(college_table(
            "year_archives",
            vec![
                int("school_year"),
                text("status"),
                int("done"),
                int("total"),
                big("created_by"),
                time("started_at"),
                time_null("finished_at"),
                text("sha256"),
                big("size"),
                long_text("error"),
                ColumnDef::new(n("data")).blob().null().to_owned(),
            ],
            &[("created_by", "accounts")],
        ))
        .await?;
        m.create_index(index("year_archives", &["org_id", "school_year"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "the year-closing migration is not reversible".into(),
        ))
    }
}
