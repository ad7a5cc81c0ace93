//! Backups of a SQLite installation: a consistent copy of the running
//! database (lesson files and archives live in it too), and putting one back.
//! PostgreSQL is backed up with its own tools (README: pg_dump, or a base
//! backup with WAL archiving).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

/// The file of a `sqlite://FILE` URL.
fn sqlite_file(database_url: &str) -> anyhow::Result<PathBuf> {
    let Some(rest) = database_url.strip_prefix("sqlite://") else {
        bail!(
            "копию PostgreSQL делают его средствами: pg_dump или базовая копия с архивом WAL (см. README)"
        );
    };
    Ok(PathBuf::from(rest.split('?').next().unwrap_or(rest)))
}

/// A consistent copy of the database as it is now (`VACUUM INTO`): the server
/// may keep running and writing; the copy holds every write committed before
/// it began.
pub async fn backup(database_url: &str, to: &Path) -> anyhow::Result<()> {
    sqlite_file(database_url)?;
    if to.exists() {
        bail!("{} уже существует: укажите новый файл", to.display());
    }
    let target = to.to_str().context("путь копии должен быть в UTF-8")?;
    let db = store::db::connect(database_url)
        .await
        .context("не удалось открыть базу данных")?;
    store::db::sqlite_copy_into(&db, target)
        .await
        .context("не удалось сделать копию")?;
    db.close().await.ok();
    check(to).await
}

/// Puts a copy in place of a database that does not exist yet (stop the
/// server first; the old file is kept under another name by the operator),
/// after checking the copy is whole; the schema is then brought up to date.
pub async fn restore(from: &Path, database_url: &str) -> anyhow::Result<()> {
    let file = sqlite_file(database_url)?;
    if file.exists() {
        bail!(
            "{} уже существует: остановите сервер и переименуйте файл, затем повторите",
            file.display()
        );
    }
    check(from).await?;
    std::fs::copy(from, &file)
        .with_context(|| format!("не удалось скопировать в {}", file.display()))?;
    let db = crate::open_database(database_url).await?;
    db.close().await.ok();
    Ok(())
}

/// SQLite's own check of every page and index of a copy.
async fn check(file: &Path) -> anyhow::Result<()> {
    if !file.is_file() {
        bail!("копии {} нет", file.display());
    }
    let url = format!("sqlite://{}", file.display());
    let db = store::db::connect(&url)
        .await
        .with_context(|| format!("копия {} не открывается", file.display()))?;
    let verdict = store::db::sqlite_integrity(&db).await?;
    db.close().await.ok();
    if verdict != "ok" {
        bail!("копия {} повреждена: {verdict}", file.display());
    }
    Ok(())
}
