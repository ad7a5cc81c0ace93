//! «Все присутствуют» records that the teacher took the lesson's attendance
//! (who and when) instead of touching anyone's cell: presence is the absence
//! of an absence, so the bulk action fills blanks only.

use sea_orm_migration::prelude::*;

use super::helpers::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        for column in [
            time_null("attendance_checked_at"),
            big_null("attendance_checked_by"),
        ] {
            m.alter_table(
                Table::alter()
                    .table(n("lessons"))
                    .add_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in ["attendance_checked_by", "attendance_checked_at"] {
            m.alter_table(
                Table::alter()
                    .table(n("lessons"))
                    .drop_column(n(column))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
