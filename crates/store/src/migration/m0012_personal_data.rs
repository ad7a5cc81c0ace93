//! 152-ФЗ: a consent can be withdrawn (and given again: the history stays),
//! and a person's data can be erased, leaving the records that must be kept
//! under a name that identifies no one.

use sea_orm_migration::prelude::*;

use super::helpers::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(n("consents"))
                .add_column(time_null("withdrawn_at"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(n("consents"))
                .add_column(text_null("withdrawn_ip"))
                .to_owned(),
        )
        .await?;
        // One consent in force per account and version; withdrawn ones stay.
        m.drop_index(
            Index::drop()
                .name("ux_consents_account_id_terms_version")
                .table(n("consents"))
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_consents_in_force ON consents (account_id, terms_version) \
                 WHERE withdrawn_at IS NULL",
            )
            .await?;
        m.alter_table(
            Table::alter()
                .table(n("people"))
                .add_column(time_null("erased_at"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(n("people"))
                .drop_column(n("erased_at"))
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared("DROP INDEX ux_consents_in_force")
            .await?;
        m.get_connection()
            .execute_unprepared("DELETE FROM consents WHERE withdrawn_at IS NOT NULL")
            .await?;
        m.create_index(index("consents", &["account_id", "terms_version"], true))
            .await?;
        for column in ["withdrawn_ip", "withdrawn_at"] {
            m.alter_table(
                Table::alter()
                    .table(n("consents"))
                    .drop_column(n(column))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
