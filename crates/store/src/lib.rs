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
pub mod personal_data;
mod raw_sql;
pub mod read_log;
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

/// Selects every column of entity `E` as `{prefix}{column}`: an entity
/// LEFT JOINed beside others, read back with `from_query_result(row, prefix)`.
pub(crate) fn select_prefixed<E: sea_orm::EntityTrait>(
    q: &mut sea_orm::sea_query::SelectStatement,
    prefix: &str,
) {
    use sea_orm::{IdenStatic, Iterable};
    for c in E::Column::iter() {
        q.expr_as(
            sea_orm::sea_query::Expr::col((E::default(), c)),
            sea_orm::sea_query::Alias::new(format!("{prefix}{}", c.as_str())),
        );
    }
}

/// Who made a change and when: what every history row keeps (seed §4.2).
#[derive(Debug, Clone, Copy)]
pub struct Stamp {
    pub by: i64,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// Begins a transaction that is going to write. On SQLite it takes the write
/// lock at once: a deferred transaction that reads first cannot upgrade to a
/// writer once another writer has committed ("database is locked"); taking the
/// lock first makes writers queue up instead of failing. They queue in this
/// process on a fair async lock first: SQLite's own wait (busy_timeout) polls
/// with sleeps of up to 100 ms, so under many writers the lock stood idle
/// while they slept and a few waited for most of a second. Another process
/// writing the same file is still waited for by busy_timeout.
pub async fn begin_write(db: &DatabaseConnection) -> Result<WriteTxn, DbErr> {
    begin(db, true).await
}

/// Begins a "blind" write: a transaction whose first statement writes, its
/// reads done before it began (a version check in the write catches what
/// changed since). That first statement takes SQLite's write lock, so no
/// statement is spent on taking it, and the writers' turn is held only for
/// the writes.
pub async fn begin_blind_write(db: &DatabaseConnection) -> Result<WriteTxn, DbErr> {
    begin(db, false).await
}

async fn begin(db: &DatabaseConnection, lock_first: bool) -> Result<WriteTxn, DbErr> {
    // The connection first, then the turn: a writer whose turn came must not
    // wait for a connection behind the readers while the others wait for it.
    let txn = db.begin().await?;
    let turn = if db.get_database_backend() == sea_orm::DbBackend::Sqlite {
        Some(SQLITE_WRITER.clone().lock_owned().await)
    } else {
        None
    };
    if turn.is_some() && lock_first {
        // Matches no row, but a write statement starts the write transaction.
        txn.execute_unprepared("UPDATE orgs SET id = id WHERE 0")
            .await?;
    }
    Ok(WriteTxn { txn, _turn: turn })
}

/// SQLite has one writer a file; the process's writers take turns here (a
/// process serves one database; tests that open several only wait longer).
static SQLITE_WRITER: std::sync::LazyLock<std::sync::Arc<tokio::sync::Mutex<()>>> =
    std::sync::LazyLock::new(Default::default);

/// A transaction that writes, holding the SQLite writer's turn until it is
/// committed, rolled back or dropped.
pub struct WriteTxn {
    txn: sea_orm::DatabaseTransaction,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl WriteTxn {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await
    }

    pub async fn rollback(self) -> Result<(), DbErr> {
        self.txn.rollback().await
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl ConnectionTrait for WriteTxn {
    fn get_database_backend(&self) -> sea_orm::DbBackend {
        self.txn.get_database_backend()
    }

    async fn execute(&self, stmt: sea_orm::Statement) -> Result<sea_orm::ExecResult, DbErr> {
        self.txn.execute(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<sea_orm::ExecResult, DbErr> {
        self.txn.execute_unprepared(sql).await
    }

    async fn query_one(
        &self,
        stmt: sea_orm::Statement,
    ) -> Result<Option<sea_orm::QueryResult>, DbErr> {
        self.txn.query_one(stmt).await
    }

    async fn query_all(
        &self,
        stmt: sea_orm::Statement,
    ) -> Result<Vec<sea_orm::QueryResult>, DbErr> {
        self.txn.query_all(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.txn.support_returning()
    }
}
