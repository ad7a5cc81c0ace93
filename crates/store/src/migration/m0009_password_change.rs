//! An account given a temporary password (made by the administration) must
//! choose its own at the next sign-in before anything else.

use sea_orm_migration::prelude::*;

use super::helpers::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(n("accounts"))
                .add_column(
                    ColumnDef::new(n("must_change_password"))
                        .boolean()
                        .not_null()
                        .default(false)
                        .to_owned(),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(n("accounts"))
                .drop_column(n("must_change_password"))
                .to_owned(),
        )
        .await
    }
}
