//! Opening the database chosen by URL: `sqlite://file.db` or `postgres://...`.

use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};

fn env_number(name: &str) -> Option<u32> {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|n| *n > 0)
}

/// Connections in the pool: `ZHURNAL_DB_CONNECTIONS`, else 4 for SQLite (a
/// thread each; one writes at a time anyway) and 16 for PostgreSQL.
fn pool_size(sqlite: bool) -> u32 {
    env_number("ZHURNAL_DB_CONNECTIONS").unwrap_or(if sqlite { 4 } else { 16 })
}

/// Each SQLite connection's page cache: `ZHURNAL_SQLITE_CACHE_MB`, else 24
/// (SQLite's default is 2). A diary or journal read touches a hundred pages
/// scattered over a large file; with 2 MB most came from the kernel, one
/// `pread` each, a fifth of the diary's CPU (BENCHMARKS.md, session 10).
fn sqlite_cache_mb() -> u32 {
    env_number("ZHURNAL_SQLITE_CACHE_MB").unwrap_or(24)
}

pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_string());
    options
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10));
    if is_sqlite(url) {
        options
            .max_connections(pool_size(true))
            .min_connections(1)
            // A connection to a file cannot drop: no ping before each query.
            .test_before_acquire(false)
            .map_sqlx_sqlite_opts(|o| {
                o.create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .busy_timeout(Duration::from_secs(10))
                    .foreign_keys(true)
                    // A journal month is a few hundred rows: the worker thread
                    // hands them over without waiting for the reader (default 50).
                    .row_buffer_size(1024)
                    .pragma("cache_size", format!("-{}", sqlite_cache_mb() * 1024))
            });
    } else {
        return connect_postgres(url, options).await;
    }
    Database::connect(options).await
}

/// A connection idle for longer than this is pinged before it is handed out.
const PING_IDLE_AFTER: Duration = Duration::from_secs(10);

/// PostgreSQL's pool, which pings a connection before handing it out only
/// when it has been idle a while. sqlx already pings every connection as it
/// comes back to the pool; pinging it again on the way out (its default)
/// was one more round trip before every statement. A connection idle long
/// enough for the server to have gone (a restart, a timeout) is still tested.
async fn connect_postgres(
    url: &str,
    mut options: ConnectOptions,
) -> Result<DatabaseConnection, DbErr> {
    use sea_orm::sqlx::postgres::{PgConnectOptions, Postgres};
    use sea_orm::sqlx::{ConnectOptions as _, Connection as _};
    let conn_err = |e: sea_orm::sqlx::Error| DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e));
    let connect = url
        .parse::<PgConnectOptions>()
        .map_err(conn_err)?
        .disable_statement_logging();
    options
        .max_connections(pool_size(false))
        .min_connections(1)
        .test_before_acquire(false);
    let pool = options
        .sqlx_pool_options::<Postgres>()
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for > PING_IDLE_AFTER {
                    conn.ping().await?;
                }
                Ok(true)
            })
        })
        .connect_with(connect)
        .await
        .map_err(conn_err)?;
    Ok(sea_orm::SqlxPostgresConnector::from_sqlx_postgres_pool(
        pool,
    ))
}

pub fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

/// Keeps the query planner's statistics fresh: without them SQLite read a
/// group's week through the college's index, 40 times the rows. PostgreSQL's
/// autovacuum does this by itself.
pub async fn optimize(db: &DatabaseConnection) -> Result<(), DbErr> {
    use sea_orm::ConnectionTrait;
    if db.get_database_backend() == sea_orm::DbBackend::Sqlite {
        db.execute_unprepared("PRAGMA analysis_limit = 1000; PRAGMA optimize")
            .await?;
    }
    Ok(())
}

/// SQLite: writes a consistent copy of the database to `path` (`VACUUM INTO`)
/// while others keep reading and writing it.
pub async fn sqlite_copy_into(db: &DatabaseConnection, path: &str) -> Result<(), DbErr> {
    use sea_orm::ConnectionTrait;
    db.execute_unprepared(&format!("VACUUM INTO '{}'", path.replace('\'', "''")))
        .await?;
    Ok(())
}

/// SQLite: its own check of every page and index; "ok" when whole.
pub async fn sqlite_integrity(db: &DatabaseConnection) -> Result<String, DbErr> {
    use sea_orm::ConnectionTrait;
    let row = db
        .query_one(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "PRAGMA integrity_check",
        ))
        .await?
        .ok_or_else(|| DbErr::Custom("integrity_check answered nothing".into()))?;
    row.try_get_by_index(0)
}
