//! E-mail notifications through a local SMTP server that the test starts.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

use crate::client::Api;
use crate::harness::TestApp;
use crate::journal::fixture;

/// A minimal SMTP server: accepts every message and keeps its text.
async fn smtp_server() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let messages = Arc::new(Mutex::new(Vec::new()));
    let store = messages.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let store = store.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 test SMTP\r\n").await;
                let mut data = false;
                let mut text = String::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    if data {
                        if line == "." {
                            data = false;
                            if let Ok(mut m) = store.lock() {
                                m.push(std::mem::take(&mut text));
                            }
                            let _ = write.write_all(b"250 OK queued\r\n").await;
                        } else {
                            text.push_str(&line);
                            text.push('\n');
                        }
                        continue;
                    }
                    let upper = line.to_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250 test\r\n"
                    } else if upper.starts_with("DATA") {
                        data = true;
                        b"354 go on\r\n"
                    } else if upper.starts_with("QUIT") {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        break;
                    } else {
                        b"250 OK\r\n"
                    };
                    let _ = write.write_all(reply).await;
                }
            });
        }
    });
    (port, messages)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parents_with_an_address_get_an_absence_email() {
    let (port, messages) = smtp_server().await;
    let app = TestApp::start_with(|c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        c.public_url = Some("https://journal.example.ru".into());
    })
    .await;
    let f = fixture(&app).await;
    sea_orm::ConnectionTrait::execute_unprepared(
        &app.db,
        &format!(
            "UPDATE people SET email = 'mama@example.ru' WHERE id IN (SELECT parent_person_id FROM parent_links WHERE child_person_id = {})",
            f.student
        ),
    )
    .await
    .expect("email");
    let teacher = Api::login(&app, "teacher1").await;
    let res = teacher
        .client
        .put(format!("{}/api/v1/journal/cells", app.base))
        .bearer_auth(&teacher.token)
        .json(&json!({ "lesson_id": f.yesterday, "student_id": f.student, "text": "н", "version": 0 }))
        .send()
        .await
        .expect("put");
    assert_eq!(res.status(), StatusCode::OK);
    let queued = app.scalar("SELECT COUNT(*) FROM outbox").await;
    assert!(
        queued >= 1,
        "the mail is queued in the same transaction as the mark"
    );
    // A mail program opens a full address only.
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM outbox WHERE body LIKE '%https://journal.example.ru/diary?student={}&week=%'",
            f.student
        ))
        .await,
        queued
    );
    let mut got = Vec::new();
    for _ in 0..50 {
        got = messages.lock().map(|m| m.clone()).unwrap_or_default();
        let unsent = app
            .scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
            .await;
        if got.len() as i64 == queued && unsent == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(got.len() as i64, queued, "every queued mail arrived");
    assert!(got[0].contains("mama@example.ru"), "{}", got[0]);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
            .await,
        0,
        "and is marked sent"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_server_is_retried_later() {
    // A port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("port");
    let app = TestApp::start_with(|c| c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))).await;
    let f = fixture(&app).await;
    sea_orm::ConnectionTrait::execute_unprepared(
        &app.db,
        &format!(
            "UPDATE people SET email = 'papa@example.ru' WHERE id IN (SELECT parent_person_id FROM parent_links WHERE child_person_id = {})",
            f.student
        ),
    )
    .await
    .expect("email");
    let teacher = Api::login(&app, "teacher1").await;
    teacher
        .client
        .put(format!("{}/api/v1/journal/cells", app.base))
        .bearer_auth(&teacher.token)
        .json(&json!({ "lesson_id": f.yesterday, "student_id": f.student, "text": "н", "version": 0 }))
        .send()
        .await
        .expect("put");
    // Each parent's message is tried once; wait until the last one was.
    let mut untried = -1;
    for _ in 0..50 {
        untried = app
            .scalar("SELECT COUNT(*) FROM outbox WHERE attempts = 0")
            .await;
        if untried == 0 && app.scalar("SELECT COUNT(*) FROM outbox").await > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(untried, 0, "every message was tried");
    assert_eq!(
        app.scalar("SELECT CAST(MAX(attempts) AS BIGINT) FROM outbox")
            .await,
        1,
        "one failed attempt, the next one later"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND last_error IS NOT NULL")
            .await,
        app.scalar("SELECT COUNT(*) FROM outbox").await
    );
    app.stop().await;
}
