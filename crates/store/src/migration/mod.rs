//! Versioned schema migrations, one schema for SQLite and PostgreSQL.

use sea_orm_migration::prelude::*;

mod helpers;
mod m0001_foundation;
mod m0002_journal;
mod m0003_school_year;
mod m0004_auto_timetable;
mod m0005_attestation;
mod m0006_year_closing;
mod m0007_journal_cover;
mod m0008_journal_revisions;
mod m0009_password_change;
mod m0010_attendance_checked;
mod m0011_read_log;
mod m0012_personal_data;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_foundation::Migration),
            Box::new(m0002_journal::Migration),
            Box::new(m0003_school_year::Migration),
            Box::new(m0004_auto_timetable::Migration),
            Box::new(m0005_attestation::Migration),
            Box::new(m0006_year_closing::Migration),
            Box::new(m0007_journal_cover::Migration),
            Box::new(m0008_journal_revisions::Migration),
            Box::new(m0009_password_change::Migration),
            Box::new(m0010_attendance_checked::Migration),
            Box::new(m0011_read_log::Migration),
            Box::new(m0012_personal_data::Migration),
        ]
    }
}

/// Brings the schema up to date, and puts back the journal's revision
/// triggers if a bulk load was cut off before it could.
pub async fn run(db: &sea_orm::DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    Migrator::up(db, None).await?;
    crate::revisions::ensure_triggers(db).await
}
