//! Zhurnal's store: migrations and every query, for SQLite and PostgreSQL alike.
//! Functions take `&impl ConnectionTrait`, so a service runs several of them
//! in one transaction.

pub mod accounts;
pub mod audit;
pub mod buildings;
pub mod db;
pub mod entity;
pub mod files;
pub mod grants;
pub mod groups;
pub mod journal;
pub mod lessons;
pub mod migration;
pub mod notifications;
pub mod orgs;
pub mod paging;
pub mod parents;
pub mod people;
pub mod sessions;
pub mod specialties;
pub mod staff;
pub mod subjects;

pub use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, TransactionTrait};

/// True when the error is a unique-index violation: the schema, not the
/// application, keeps duplicates out, and the caller turns this into a form error.
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

/// True when a foreign key does not exist (an unknown id in the input).
pub fn is_foreign_key_violation(err: &DbErr) -> bool {
    matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::ForeignKeyConstraintViolation(_))
    )
}

pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// True when SQLite refused a write because another transaction holds the
/// database (SQLITE_BUSY, "database is locked"): the whole transaction may be retried.
pub fn is_busy(err: &DbErr) -> bool {
    let text = err.to_string();
    text.contains("database is locked")
        || text.contains("(code: 5)")
        || text.contains("(code: 517)")
}
