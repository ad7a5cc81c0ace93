//! Closing the school year (seed 3.4): what is still open is named, the year
//! closes on purpose and is read-only after, its archive is made in the
//! background, downloaded by the administration only, and verifies.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::client::{Api, Browser};
use crate::harness::TestApp;

fn year() -> i32 {
    domain::reference::school_year(crate::harness::TODAY)
}

fn verify(path: &std::path::Path) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zhurnal"))
        .args(["archive", "verify"])
        .arg(path)
        .output()
        .expect("zhurnal runs");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_year_closes_and_its_archive_verifies() {
    let app = TestApp::start().await;
    let year = year();
    // A lesson of teacher1 yesterday: within the entry deadline.
    let f = crate::journal::fixture(&app).await;
    let deputy = Browser::login(&app, "deputy").await;
    let page = deputy.get_ok(&format!("/year/closing?year={year}")).await;
    assert!(page.contains("Что не завершено"), "{page}");
    assert!(
        page.contains("заканчивается"),
        "the calendar's end is named: {page}"
    );

    // Closing with something open needs a confirmation; nothing changes without it.
    let res = deputy
        .post_form(&format!("/year/closing?year={year}"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.expect("body");
    assert!(body.contains("Не всё завершено"), "{body}");
    let closed =
        format!("SELECT COUNT(*) FROM school_years WHERE year = {year} AND closed_at IS NOT NULL");
    assert_eq!(app.scalar(&closed).await, 0);
    // A teacher may not close it.
    let teacher = Api::login(&app, "teacher1").await;
    let res = teacher
        .post(
            &format!("/api/v1/year/closing?year={year}"),
            &json!({ "confirm": "yes" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = deputy
        .post_form(&format!("/year/closing?year={year}"), &[("confirm", "yes")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.scalar(&closed).await, 1);
    let page = deputy.get_ok(&format!("/year/closing?year={year}")).await;
    assert!(page.contains("Учебный год закрыт"), "{page}");

    // After closing, the year's journal does not change, even within the deadline.
    let (status, body) = crate::journal::put(
        &teacher,
        &crate::journal::cell(f.yesterday, f.student, "5", 0),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap_or("")
            .contains("учебный год закрыт"),
        "{body}"
    );

    // Nor its timetable.
    let student = app.person_of("student1").await;
    let group = app
        .scalar(&format!(
            "SELECT group_id FROM group_students WHERE person_id = {student}"
        ))
        .await;
    let lesson = app
        .scalar(&format!(
            "SELECT MAX(id) FROM lessons WHERE group_id = {group}"
        ))
        .await;
    let dispatcher = Api::login(&app, "dispatcher").await;
    let res = dispatcher
        .post(
            &format!("/api/v1/timetable/lessons/{lesson}/changes"),
            &json!({ "kind": "cancellation", "reason": "после закрытия" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let err: Value = res.json().await.expect("json");
    assert!(
        err["message"].as_str().unwrap_or("").contains("закрыт"),
        "{err}"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM lesson_changes").await,
        0,
        "nothing changed"
    );

    // The archive: started, watched, downloaded by the administration only.
    let api = Api::login(&app, "deputy").await;
    let res = api
        .post(&format!("/api/v1/year/archives?year={year}"), &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let id = res.json::<Value>().await.expect("json")["id"]
        .as_i64()
        .expect("id");
    let started = Instant::now();
    let done = loop {
        let a = api.get_json(&format!("/api/v1/year/archives/{id}")).await;
        if a["status"] != "running" {
            break a;
        }
        assert!(
            started.elapsed() < Duration::from_secs(180),
            "the archive did not finish: {a}"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    assert_eq!(done["status"], "done", "{done}");
    let groups = app.scalar("SELECT COUNT(*) FROM study_groups").await;
    assert_eq!(done["done"], json!(groups));
    let res = teacher
        .get(&format!("/api/v1/year/archives/{id}/download"))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let director = Api::login(&app, "director").await;
    let res = director
        .get(&format!("/api/v1/year/archives/{id}/download"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.expect("bytes").to_vec();
    assert!(bytes.starts_with(b"PK"));

    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("archive.zip");
    std::fs::write(&path, &bytes).expect("write");
    let (ok, out) = verify(&path);
    assert!(ok, "{out}");
    assert!(out.contains("Архив цел"), "{out}");
    assert!(out.contains(&format!("файлов {}", groups * 6)), "{out}");
    // A damaged archive does not verify.
    let mut damaged = bytes.clone();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0xFF;
    let path = dir.path().join("damaged.zip");
    std::fs::write(&path, &damaged).expect("write");
    let (ok, out) = verify(&path);
    assert!(!ok, "a damaged archive must fail: {out}");
    app.stop().await;
}
