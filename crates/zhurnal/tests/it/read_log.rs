//! The read log of personal data (152-ФЗ): staff reads of a student's records
//! are written down, the family's are not; only the officer (and the
//! director) search it and export it; old entries go after the college's days.

use reqwest::StatusCode;

use crate::client::{Api, Browser};
use crate::harness::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_officer_finds_who_read_a_students_diary() {
    let app = TestApp::start().await;
    let student = app.person_of("student1").await;
    let surname = app
        .text(&format!("SELECT surname FROM people WHERE id = {student}"))
        .await;
    // The deputy opens the diary through the API and the card on a page;
    // the parent and the student read the diary too.
    let deputy = Api::login(&app, "deputy").await;
    deputy.get_json(&format!("/api/v1/diary/{student}")).await;
    Browser::login(&app, "deputy")
        .await
        .get_ok(&format!("/students/{student}"))
        .await;
    Api::login(&app, "parent1")
        .await
        .get_json(&format!("/api/v1/diary/{student}"))
        .await;
    Api::login(&app, "student1")
        .await
        .get_json(&format!("/api/v1/diary/{student}"))
        .await;

    let officer = Api::login(&app, "officer").await;
    let found = officer
        .get_json(&format!(
            "/api/v1/read-log?student={}",
            urlencoding(&surname)
        ))
        .await;
    let rows = found["items"].as_array().expect("items");
    let whats: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["reader_login"].as_str().unwrap_or(""),
                r["what"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert!(whats.contains(&("deputy", "diary")), "{found}");
    assert!(whats.contains(&("deputy", "student_card")), "{found}");
    assert!(
        whats.iter().all(|(who, _)| *who == "deputy"),
        "the family's reads are their own: {found}"
    );
    assert!(rows[0]["at"]
        .as_str()
        .is_some_and(|at| at.starts_with("2026-12-03T") && at.ends_with("+05:00")));
    // By the reader's login, and by dates that exclude today: nothing.
    let by_login = officer.get_json("/api/v1/read-log?reader=deputy").await;
    assert!(
        by_login["total"].as_u64().is_some_and(|n| n >= 2),
        "{by_login}"
    );
    let before = officer
        .get_json("/api/v1/read-log?reader=deputy&to=2026-12-02")
        .await;
    assert_eq!(before["total"], 0, "{before}");

    // A teacher's lesson card shows the group's cells: a read of the journal.
    let f = crate::journal::fixture(&app).await;
    Api::login(&app, "teacher1")
        .await
        .get_json(&format!("/api/v1/lessons/{}", f.yesterday))
        .await;
    let teacher = officer.get_json("/api/v1/read-log?reader=teacher1").await;
    assert_eq!(teacher["items"][0]["what"], "journal", "{teacher}");
    assert!(teacher["items"][0]["student"].is_null(), "{teacher}");

    // The page and its export.
    let page_user = Browser::login(&app, "officer").await;
    let page = page_user
        .get_ok(&format!(
            "/read-log?student={}&from=&to=",
            urlencoding(&surname)
        ))
        .await;
    assert!(page.contains("дневник: неделя"), "{page}");
    assert!(page.contains("карточка обучающегося"), "{page}");
    let res = page_user
        .get(&format!("/read-log.csv?student={}", urlencoding(&surname)))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let csv = res.text().await.expect("csv");
    assert!(
        csv.starts_with("\u{feff}Когда;Кто;Логин;Чьи данные;Что;Подробности\r\n"),
        "{csv}"
    );
    assert!(csv.contains(";deputy;"), "{csv}");

    // Nobody else reads the log: not the deputy, the admin or a teacher.
    for login in ["deputy", "admin", "teacher1", "parent1"] {
        let api = Api::login(&app, login).await;
        assert_eq!(
            api.get("/api/v1/read-log").await.status(),
            StatusCode::FORBIDDEN,
            "{login}"
        );
        let b = Browser::login(&app, login).await;
        assert_eq!(
            b.get("/read-log.csv").await.status(),
            StatusCode::FORBIDDEN,
            "{login}"
        );
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_keeps_the_days_the_college_set() {
    let app = TestApp::start().await;
    let student = app.person_of("student1").await;
    let deputy = Api::login(&app, "deputy").await;
    deputy.get_json(&format!("/api/v1/diary/{student}")).await;
    let admin = Browser::login(&app, "admin").await;
    let res = admin
        .post_form(
            "/settings",
            &[
                ("mark_edit_days", "8"),
                ("attestation_edit_days", "1"),
                ("two_is_debt", "on"),
                ("read_log_days", "30"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // The officer's search writes what is pending first.
    Api::login(&app, "officer")
        .await
        .get_json("/api/v1/read-log")
        .await;
    let entries = "SELECT COUNT(*) FROM read_log";
    let now = app.scalar(entries).await;
    assert!(now >= 1);
    // Thirty-one days on, the entry is past its keeping.
    app.app()
        .clock
        .set_today(crate::harness::TODAY + chrono::Duration::days(31));
    let removed = service::read_log::purge(&app.app()).await.expect("purge");
    assert_eq!(removed as i64, now);
    assert_eq!(app.scalar(entries).await, 0);
    // Too short a keeping is refused.
    let res = admin
        .post_form(
            "/settings",
            &[
                ("mark_edit_days", "8"),
                ("attestation_edit_days", "1"),
                ("read_log_days", "5"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: String = res.text().await.expect("body");
    assert!(body.contains("aria-invalid"), "{body}");
    app.stop().await;
}

fn urlencoding(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
