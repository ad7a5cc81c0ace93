//! Zhurnal's store: migrations and every query, for SQLite and PostgreSQL alike.
//! Functions take `&impl ConnectionTrait`, so a service runs several of them
//! in one transaction.

pub mod accounts;
pub mod archives;
pub mod attestation;
pub mod audit;
pub mod bells;
pub mod buildings;
pub mod calendar;
pub mod curricula;
pub mod db;
pub mod debts;
pub mod diary;
pub mod entity;
pub mod feeds;
pub mod files;
pub mod grants;
pub mod grid;
pub mod groups;
pub mod journal;
pub mod lessons;
pub mod load;
pub mod migration;
pub mod notifications;
pub mod orgs;
pub mod paging;
pub mod parents;
pub mod people;
pub mod revisions;
pub mod school_years;
pub mod sessions;
pub mod specialties;
pub mod staff;
pub mod subjects;
pub mod timetable;
pub mod timetable_auto;
pub mod totals;

pub use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, TransactionTrait};

/// True when the error is a unique-index violation: the schema, not the
/// application, keeps duplicates out, and the caller turns this into a form error.
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// Begins a transaction that is going to write. On SQLite it takes the write
/// lock at once: a deferred transaction that reads first cannot upgrade to a
/// writer once another writer has committed ("database is locked"); taking the
/// lock first makes writers queue up (busy_timeout) instead of failing.
pub async fn begin_write(db: &DatabaseConnection) -> Result<sea_orm::DatabaseTransaction, DbErr> {
    let txn = db.begin().await?;
    if txn.get_database_backend() == sea_orm::DbBackend::Sqlite {
        // Matches no row, but a write statement starts the write transaction.
        txn.execute_unprepared("UPDATE orgs SET id = id WHERE 0")
            .await?;
    }
    Ok(txn)
}
