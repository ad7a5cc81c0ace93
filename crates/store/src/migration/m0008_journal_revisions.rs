//! Revision counters of a journal's months and the triggers that raise them
//! (`crate::revisions`), so the journal may keep its past months' totals in
//! memory and know when they have changed.

use sea_orm_migration::prelude::*;

use super::helpers::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(n("journal_revisions"))
                .col(big("group_id"))
                .col(big("subject_id"))
                .col(ColumnDef::new(n("month")).date().not_null())
                .col(big("revision"))
                .primary_key(
                    Index::create()
                        .col(n("group_id"))
                        .col(n("subject_id"))
                        .col(n("month")),
                )
                .to_owned(),
        )
        .await?;
        crate::revisions::create_triggers(m.get_connection()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        crate::revisions::drop_triggers(m.get_connection()).await?;
        m.drop_table(Table::drop().table(n("journal_revisions")).to_owned())
            .await
    }
}
