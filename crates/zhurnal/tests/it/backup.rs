//! `zhurnal backup` copies a running SQLite database while teachers write in
//! it; `zhurnal restore` puts the copy back, and every write answered before
//! the copy began is in it, with its history.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use reqwest::StatusCode;

use crate::client::Api;
use crate::harness::TestApp;
use crate::journal::{cell, fixture, put};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_under_writes_restores_every_answered_write() {
    let app = TestApp::start().await;
    let dir = tempfile::tempdir().expect("dir");
    let copy = dir.path().join("copy.db");
    if !app.database_url.starts_with("sqlite://") {
        let err = zhurnal::backup::backup(&app.database_url, &copy)
            .await
            .expect_err("PostgreSQL has its own tools");
        assert!(err.to_string().contains("pg_dump"), "{err}");
        app.stop().await;
        return;
    }
    let f = fixture(&app).await;
    let mut students = Vec::new();
    for i in 0..4 {
        students.push(
            app.scalar(&format!(
                "SELECT person_id FROM group_students WHERE group_id = {} ORDER BY person_id LIMIT 1 OFFSET {i}",
                f.group
            ))
            .await,
        );
    }
    let teacher = Arc::new(Api::login(&app, "teacher1").await);
    let copying = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    // Four writers, each on its own cell: the last version answered before
    // the copy began is what the copy must hold at least.
    let writers: Vec<_> = students
        .iter()
        .map(|&student| {
            let (teacher, copying, stop) = (teacher.clone(), copying.clone(), stop.clone());
            let lesson = f.yesterday;
            tokio::spawn(async move {
                let (mut version, mut before_copy, mut writes) = (0, 0, 0);
                while !stop.load(Ordering::SeqCst) {
                    let text = if writes % 2 == 0 { "5" } else { "4" };
                    let started_before = !copying.load(Ordering::SeqCst);
                    let (status, body) = put(&teacher, &cell(lesson, student, text, version)).await;
                    assert_eq!(status, StatusCode::OK, "{body}");
                    version = body["version"].as_i64().expect("version");
                    writes += 1;
                    if started_before && !copying.load(Ordering::SeqCst) {
                        before_copy = version;
                    }
                }
                (student, before_copy, writes)
            })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    copying.store(true, Ordering::SeqCst);
    zhurnal::backup::backup(&app.database_url, &copy)
        .await
        .expect("backup");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    stop.store(true, Ordering::SeqCst);
    let mut acknowledged = Vec::new();
    for w in writers {
        acknowledged.push(w.await.expect("writer"));
    }
    assert!(
        acknowledged.iter().all(|(_, v, n)| *v > 0 && *n > 2),
        "writes went on before and during the copy: {acknowledged:?}"
    );
    // A second copy into the same file is refused.
    assert!(zhurnal::backup::backup(&app.database_url, &copy)
        .await
        .is_err());
    app.stop().await;

    // Restored into a new file, the copy holds each answered write and its history.
    let restored = format!("sqlite://{}", dir.path().join("restored.db").display());
    zhurnal::backup::restore(&copy, &restored)
        .await
        .expect("restore");
    let db = store::db::connect(&restored).await.expect("open");
    for (student, version, _) in acknowledged {
        let row = cell_in(&db, f.yesterday, student).await;
        assert!(row.0 >= version, "cell of {student}: {} < {version}", row.0);
        assert!(row.1 >= version, "history of {student}: {} rows", row.1);
    }
    // Restoring over an existing database, or from a copy that is not there, is refused.
    assert!(zhurnal::backup::restore(&copy, &restored).await.is_err());
    let elsewhere = format!("sqlite://{}", dir.path().join("other.db").display());
    assert!(
        zhurnal::backup::restore(&dir.path().join("missing.db"), &elsewhere)
            .await
            .is_err()
    );
}

/// The cell's version and its history's length in the restored database.
async fn cell_in(db: &sea_orm::DatabaseConnection, lesson: i64, student: i64) -> (i64, i64) {
    use sea_orm::{ConnectionTrait, Statement};
    let one = |sql: String| async move {
        let row = db
            .query_one(Statement::from_string(db.get_database_backend(), sql))
            .await
            .expect("query")
            .expect("row");
        row.try_get_by_index::<i64>(0).expect("number")
    };
    let version = one(format!(
        "SELECT CAST(version AS BIGINT) FROM journal_entries WHERE lesson_id = {lesson} AND student_person_id = {student}"
    ))
    .await;
    let history = one(format!(
        "SELECT COUNT(*) FROM journal_history WHERE lesson_id = {lesson} AND student_person_id = {student}"
    ))
    .await;
    (version, history)
}
