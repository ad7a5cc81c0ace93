//! A whole region for load tests: 60 colleges of about 1,000 students each
//! with their parents, about 5,000 staff, the school year 2026/2027 of
//! lessons and about 20 million marks with their absences.
//!
//! Generated from a seed (the same seed gives the same rows) and loaded in
//! bulk: a generator thread turns the region into batches with the ids
//! assigned up front, and the loader writes them: multi-row INSERTs, many to
//! a transaction, on SQLite; `COPY` on PostgreSQL. On SQLite the load connection skips the journal and fsync
//! (a failed load leaves a file to delete, not one to repair), the file
//! goes back to WAL at the end. Every account's password is `demo`; the
//! hash is computed once. The seeded marks carry no history rows (the
//! history is read one cell at a time); marks written later do.

mod bulk;
mod copy;
mod gen;

use std::time::{Duration, Instant};

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteLockingMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr,
    TransactionTrait,
};

pub use gen::{college_name, login, Counts, Size};

use crate::{password, Error, Result};
use bulk::{Batch, Batcher, Writer, T};

/// Where the load is, for a progress line.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub colleges_done: usize,
    pub colleges: usize,
    pub rows: u64,
    pub marks: u64,
    pub elapsed: Duration,
}

enum Msg {
    Batch(Batch),
    College(Counts),
}

/// Rows a transaction, about.
const ROWS_PER_TRANSACTION: usize = 200_000;

/// A connection for the load alone: one connection, and on SQLite no
/// journal, no fsync, no foreign-key checks (the generator keeps them) and
/// a large page cache.
async fn connect(url: &str) -> std::result::Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_string());
    options
        .sqlx_logging(false)
        .max_connections(1)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(600));
    if store::db::is_sqlite(url) {
        options.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Off)
                .synchronous(SqliteSynchronous::Off)
                .locking_mode(SqliteLockingMode::Exclusive)
                .foreign_keys(false)
                .pragma("cache_size", "-1048576")
                .pragma("temp_store", "memory")
        });
    }
    Database::connect(options).await
}

async fn scalar(db: &impl ConnectionTrait, sql: &str) -> Result<i64> {
    let row = db
        .query_one(sea_orm::Statement::from_string(
            db.get_database_backend(),
            sql.to_string(),
        ))
        .await?
        .ok_or_else(|| Error::Internal(format!("no row: {sql}")))?;
    Ok(row.try_get_by_index::<i64>(0)?)
}

/// Generates the region and loads it into the (migrated, empty) database at
/// `url`; nothing else may use the database meanwhile. `progress` is called
/// about once a second and after every college.
pub async fn load(
    url: &str,
    seed: u64,
    size: Size,
    mut progress: impl FnMut(&Progress),
) -> Result<Counts> {
    let started = Instant::now();
    let hash = password::hash(super::DEMO_PASSWORD.to_string()).await?;
    let db = connect(url).await?;
    let backend = db.get_database_backend();
    if scalar(&db, "SELECT COUNT(*) FROM orgs").await? > 0 {
        return Err(Error::Internal(
            "в базе уже есть организации; регион загружается только в пустую базу".into(),
        ));
    }
    // Millions of cells would raise the journal's revision counters one by
    // one; nothing can have kept a journal of an empty database.
    store::revisions::drop_triggers(&db).await?;
    let mut next = gen::Next::default();
    for t in T::ALL {
        if t.has_id() {
            next.ids[t as usize] = scalar(
                &db,
                &format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {}", t.table()),
            )
            .await?;
        }
    }

    let (tx, rx) = tokio::sync::mpsc::channel::<Msg>(32);
    let generator = tokio::task::spawn_blocking(move || {
        let days = gen::school_days();
        let batches = tx.clone();
        let mut sink = Batcher::new(move |b| {
            // A closed channel means the loader failed; it reports why.
            let _ = batches.blocking_send(Msg::Batch(b));
        });
        let region = gen::region(&mut sink, &mut next, &hash);
        for c in 0..size.colleges {
            if tx.is_closed() {
                break;
            }
            let counts = gen::college(&mut sink, &mut next, seed, c, region, &hash, &size, &days);
            if tx.blocking_send(Msg::College(counts)).is_err() {
                break;
            }
        }
    });

    let received = receive(&db, rx, size.colleges, started, &mut progress).await;
    // Whether the load went through or failed midway, the counters are raised
    // again from here on.
    let recreated = store::revisions::create_triggers(&db).await;
    let (totals, mut p) = received?;
    recreated?;
    generator
        .await
        .map_err(|e| Error::Internal(format!("the region generator failed: {e}")))?;

    match backend {
        DbBackend::Postgres => {
            // The ids were given explicitly: the sequences learn where they are.
            for t in T::ALL.iter().filter(|t| t.has_id()) {
                let table = t.table();
                db.execute_unprepared(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                     (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
                ))
                .await?;
            }
            db.execute_unprepared("ANALYZE").await?;
        }
        _ => {
            // Statistics: without them SQLite reads a week of a group through
            // the college's (org_id, date) index, 40 times the rows.
            db.execute_unprepared("ANALYZE").await?;
            db.execute_unprepared("PRAGMA journal_mode = WAL").await?;
        }
    }
    db.close().await?;
    p.elapsed = started.elapsed();
    progress(&p);
    Ok(totals)
}

/// Writes the generator's batches as they come; returns the counts of what
/// was written and the last progress.
async fn receive(
    db: &DatabaseConnection,
    mut rx: tokio::sync::mpsc::Receiver<Msg>,
    colleges: usize,
    started: Instant,
    progress: &mut impl FnMut(&Progress),
) -> Result<(Counts, Progress)> {
    let backend = db.get_database_backend();
    let mut writer = Writer::new(backend);
    let mut totals = Counts::default();
    let mut p = Progress {
        colleges_done: 0,
        colleges,
        rows: 0,
        marks: 0,
        elapsed: Duration::ZERO,
    };
    let mut last_report = Instant::now();
    // PostgreSQL takes each batch by COPY, committed on its own; SQLite by
    // INSERTs, many batches to a transaction.
    let pool = (backend == DbBackend::Postgres).then(|| db.get_postgres_connection_pool().clone());
    let mut txn = match pool {
        None => Some(db.begin().await?),
        Some(_) => None,
    };
    let mut in_txn = 0;
    while let Some(msg) = rx.recv().await {
        match msg {
            Msg::Batch(b) => {
                let rows = b.rows;
                if b.table == T::Marks {
                    p.marks += rows as u64;
                }
                match (&pool, &txn) {
                    (Some(pool), _) => copy::send(pool, &b).await?,
                    (None, Some(open)) => {
                        writer.write(open, b).await?;
                        in_txn += rows;
                        if in_txn >= ROWS_PER_TRANSACTION {
                            if let Some(full) = txn.take() {
                                full.commit().await?;
                            }
                            txn = Some(db.begin().await?);
                            in_txn = 0;
                        }
                    }
                    (None, None) => {
                        return Err(Error::Internal("the load lost its transaction".into()))
                    }
                }
                p.rows += rows as u64;
                if last_report.elapsed() >= Duration::from_secs(1) {
                    p.elapsed = started.elapsed();
                    progress(&p);
                    last_report = Instant::now();
                }
            }
            Msg::College(c) => {
                totals.add(&c);
                p.colleges_done += 1;
                p.elapsed = started.elapsed();
                progress(&p);
            }
        }
    }
    if let Some(open) = txn {
        open.commit().await?;
    }
    Ok((totals, p))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Generates into a vector: the rows of a small region, twice.
    fn rows(seed: u64, size: &Size) -> (Vec<(T, usize, String)>, Counts) {
        let mut out = Vec::new();
        let mut next = gen::Next::default();
        for id in next.ids.iter_mut() {
            *id = 1;
        }
        let days = gen::school_days();
        let mut counts = Counts::default();
        {
            let mut sink = Batcher::new(|b: Batch| {
                out.push((b.table, b.rows, format!("{:?}", b.values)));
            });
            let region = gen::region(&mut sink, &mut next, "hash");
            for c in 0..size.colleges {
                counts.add(&gen::college(
                    &mut sink, &mut next, seed, c, region, "hash", size, &days,
                ));
            }
        }
        (out, counts)
    }

    #[test]
    fn a_small_region_is_deterministic_and_realistic() {
        let size = Size {
            colleges: 2,
            max_groups: 3,
            recorded_until: super::super::plan::ymd(2026, 12, 31),
        };
        let (a, ca) = rows(7, &size);
        let (b, _) = rows(7, &size);
        let (c, _) = rows(8, &size);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(ca.colleges, 2);
        assert_eq!(ca.groups, 6);
        assert!((130..=170).contains(&ca.students), "{}", ca.students);
        assert!(ca.parents >= ca.students);
        // Most marks are 4 and 5.
        let text: String = a
            .iter()
            .filter(|(t, _, _)| *t == T::Marks)
            .map(|(_, _, v)| v.as_str())
            .collect();
        let count = |v: &str| text.matches(&format!("String(Some(\"{v}\"))")).count();
        let (five, four, three, two) = (count("5"), count("4"), count("3"), count("2"));
        assert!(
            five + four > 2 * (three + two),
            "{five} {four} {three} {two}"
        );
        assert!(ca.marks > ca.students * 100, "{} marks", ca.marks);
        assert!(ca.absences > 0 && ca.absences < ca.entries / 3);
    }
}
