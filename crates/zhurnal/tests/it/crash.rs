//! A server killed with SIGKILL while eight teachers write cells loses no
//! answered write and leaves none half-written: started again on the same
//! database, every cell answered 200 is there at its version or later, with
//! one history row per version and the mark its last version wrote.

use std::collections::HashMap;
use std::time::Duration;

use chrono::Duration as Days;
use domain::journal::MarkValue;
use serde_json::Value;

use crate::client::Api;
use crate::harness::{ServerProcess, TestApp};
use crate::journal::{cell, give_load, lesson, org};

const TEACHERS: usize = 8;

struct Writer {
    login: String,
    lesson: i64,
    students: Vec<i64>,
}

/// Eight teachers, each with a lesson of their own group yesterday, by the load.
async fn writers(app: &TestApp) -> Vec<Writer> {
    let org = org(app).await;
    let subject = store::subjects::insert(
        &app.db,
        org,
        "Охрана труда (сбой)",
        "ОТ",
        "discipline",
        "five",
    )
    .await
    .expect("subject")
    .id;
    let groups = app
        .rows("SELECT DISTINCT group_id FROM group_students ORDER BY group_id")
        .await;
    assert!(groups.len() >= TEACHERS, "{} groups", groups.len());
    let yesterday = app.today() - Days::days(1);
    let mut writers = Vec::new();
    for (i, group) in groups.iter().take(TEACHERS).enumerate() {
        let login = format!("teacher{}", i + 1);
        let teacher = app.person_of(&login).await;
        give_load(app, group[0], subject, teacher, 1).await;
        let lesson = lesson(app, group[0], subject, teacher, yesterday).await;
        let students = app
            .rows(&format!(
                "SELECT person_id FROM group_students WHERE group_id = {} ORDER BY person_id LIMIT 5",
                group[0]
            ))
            .await
            .into_iter()
            .map(|r| r[0])
            .collect();
        writers.push(Writer {
            login,
            lesson,
            students,
        });
    }
    writers
}

/// A mark alternating 5, 4, 5…: version v holds «5» when odd, «4» when even.
fn text_for(version: i64) -> &'static str {
    if version % 2 == 0 {
        "5"
    } else {
        "4"
    }
}

/// Writes the writer's cells round and round until the server stops
/// answering; the versions each cell was answered with.
async fn write_until_gone(api: Api, w: &Writer) -> HashMap<i64, i64> {
    let mut answered: HashMap<i64, i64> = HashMap::new();
    loop {
        for &student in &w.students {
            let version = answered.get(&student).copied().unwrap_or(0);
            let sent = api
                .client
                .put(format!("{}/api/v1/journal/cells", api.base))
                .bearer_auth(&api.token)
                .json(&cell(w.lesson, student, text_for(version), version))
                .send()
                .await;
            let Ok(res) = sent else { return answered };
            let status = res.status();
            let Ok(body) = res.json::<Value>().await else {
                return answered;
            };
            assert_eq!(status, 200, "{} writes {student}: {body}", w.login);
            answered.insert(student, body["version"].as_i64().expect("version"));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_killed_server_loses_no_answered_write() {
    let mut app = TestApp::start().await;
    let writers = writers(&app).await;
    app.stop_server().await;
    let server = ServerProcess::start(&app.database_url, &[]).await;
    app.base = server.base.clone();
    let mut apis = Vec::new();
    for w in &writers {
        apis.push(Api::login(&app, &w.login).await);
    }
    let writers = std::sync::Arc::new(writers);
    let tasks: Vec<_> = apis
        .into_iter()
        .enumerate()
        .map(|(i, api)| {
            let writers = writers.clone();
            tokio::spawn(async move { write_until_gone(api, &writers[i]).await })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill().await;
    let mut answered = Vec::new();
    for t in tasks {
        answered.push(t.await.expect("writer"));
    }
    let total: i64 = answered.iter().flat_map(|a| a.values()).sum();
    assert!(
        total >= 40,
        "the teachers wrote before the kill: {total} versions"
    );

    let again = ServerProcess::start(&app.database_url, &[]).await;
    app.base = again.base.clone();
    let mut problems = Vec::new();
    for (w, answered) in writers.iter().zip(&answered) {
        for &student in &w.students {
            let (lesson, acked) = (w.lesson, answered.get(&student).copied().unwrap_or(0));
            let version = app
                .rows(&format!(
                    "SELECT CAST(version AS BIGINT) FROM journal_entries \
                     WHERE lesson_id = {lesson} AND student_person_id = {student}"
                ))
                .await
                .first()
                .map_or(0, |r| r[0]);
            let history = app
                .scalar(&format!(
                    "SELECT COUNT(*) FROM journal_history \
                     WHERE lesson_id = {lesson} AND student_person_id = {student}"
                ))
                .await;
            let marks = app
                .text(&format!(
                    "SELECT COALESCE(MAX(value), '') || '/' || CAST(COUNT(*) AS TEXT) FROM marks \
                     WHERE lesson_id = {lesson} AND student_person_id = {student}"
                ))
                .await;
            let expected_mark = match version {
                0 => "/0".to_string(),
                v => {
                    let mark = if v % 2 == 1 {
                        MarkValue::Five
                    } else {
                        MarkValue::Four
                    };
                    format!("{}/1", mark.code())
                }
            };
            if version < acked || history != version || marks != expected_mark {
                problems.push(format!(
                    "{} student {student}: answered v{acked}; now v{version}, {history} history rows, marks {marks} (expected {expected_mark})",
                    w.login
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The sessions live in the database: a teacher goes on writing after the restart.
    let api = Api::login(&app, &writers[0].login).await;
    let student = writers[0].students[0];
    let version = answered[0].get(&student).copied().unwrap_or(0);
    let now = app
        .scalar(&format!(
            "SELECT CAST(version AS BIGINT) FROM journal_entries WHERE lesson_id = {} AND student_person_id = {student}",
            writers[0].lesson
        ))
        .await;
    assert!(now >= version);
    let (status, body) =
        crate::journal::put(&api, &cell(writers[0].lesson, student, text_for(now), now)).await;
    assert_eq!(status, 200, "{body}");
    again.kill().await;
}
