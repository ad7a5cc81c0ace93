//! 152-ФЗ: a log of who read whose personal data (a student's diary, card,
//! marks, attestation; sheets and archives), kept for the days the college sets.

use sea_orm_migration::prelude::*;

use super::helpers::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(college_table(
            "read_log",
            vec![
                time("at"),
                big("account_id"),
                big_null("person_id"),
                big_null("group_id"),
                text("what"),
                text("detail"),
            ],
            &[("account_id", "accounts"), ("person_id", "people")],
        ))
        .await?;
        m.create_index(index("read_log", &["org_id", "at"], false))
            .await?;
        m.create_index(index("read_log", &["org_id", "person_id", "at"], false))
            .await?;
        m.alter_table(
            Table::alter()
                .table(n("college_settings"))
                .add_column(
                    ColumnDef::new(n("read_log_days"))
                        .integer()
                        .not_null()
                        .default(365)
                        .to_owned(),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(n("college_settings"))
                .drop_column(n("read_log_days"))
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(n("read_log")).to_owned())
            .await
    }
}
