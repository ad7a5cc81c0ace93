//! A person's data under 152-ФЗ: withdrawing the consent limits the account
//! and tells the college; a copy of everything kept is there for the person
//! and, on request, for the officer; erasing keeps the records of education
//! under no name and refuses while the person studies or works.

use reqwest::StatusCode;
use serde_json::Value;

use crate::client::{location, Api, Browser};
use crate::harness::TestApp;

async fn notification_kinds(app: &TestApp, login: &str) -> Vec<String> {
    let notes: Value = Api::login(app, login)
        .await
        .get_json("/api/v1/notifications")
        .await;
    notes
        .as_array()
        .expect("list")
        .iter()
        .map(|n| n["kind"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_withdrawn_consent_limits_the_account_and_tells_the_college() {
    let app = TestApp::start().await;
    let parent = Browser::login(&app, "parent1").await;
    let page = parent.get_ok("/my-data").await;
    assert!(
        page.contains("Отозвать согласие") && page.contains("data-confirm"),
        "{page}"
    );
    let res = parent.post_form("/consent/withdraw", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/consent");

    // Limited: every page leads to the consent, which says what happened.
    let res = parent.get("/diary").await;
    assert_eq!(location(&res), "/consent");
    let consent = parent.get_ok("/consent").await;
    assert!(
        consent.contains("Вы отозвали согласие 03.12.2026"),
        "{consent}"
    );
    assert!(
        consent.contains("Редакция условий от 01.09.2026"),
        "{consent}"
    );
    // The own data stays within reach.
    let file = parent.get("/my-data.json").await;
    assert_eq!(file.status(), StatusCode::OK);
    let data: Value = file.json().await.expect("json");
    assert!(
        data["accounts"][0]["consents"][0]["withdrawn_at"].is_string(),
        "{data}"
    );
    assert!(!data["children"].as_array().expect("children").is_empty());

    // The officer and the director are told; a teacher is not.
    for login in ["officer", "director"] {
        assert!(
            notification_kinds(&app, login)
                .await
                .contains(&"consent_withdrawn".to_string()),
            "{login}"
        );
    }
    assert!(!notification_kinds(&app, "teacher1")
        .await
        .contains(&"consent_withdrawn".to_string()));

    // Given again, the journal opens; the history keeps both.
    let res = parent.post_form("/consent", &[]).await;
    assert_eq!(location(&res), "/");
    assert_eq!(parent.get("/diary").await.status(), StatusCode::OK);
    let account = app
        .scalar("SELECT id FROM accounts WHERE login = 'parent1'")
        .await;
    assert_eq!(
        app.rows(&format!(
            "SELECT COUNT(*), COUNT(withdrawn_at) FROM consents WHERE account_id = {account}"
        ))
        .await,
        vec![vec![2, 1]]
    );

    // Through the API: DELETE /consent, then only the consent is open.
    let api = Api::login(&app, "student1").await;
    let res = api
        .client
        .delete(format!("{}/api/v1/consent", api.base))
        .bearer_auth(&api.token)
        .send()
        .await
        .expect("delete");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let student = app.person_of("student1").await;
    let res = api.get(&format!("/api/v1/diary/{student}")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["error"], "consent_required", "{body}");
    assert_eq!(api.get("/api/v1/me/data").await.status(), StatusCode::OK);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copy_of_a_persons_data_for_them_and_for_the_officer_only() {
    let app = TestApp::start().await;
    let student = app.person_of("student1").await;
    let other = app
        .scalar(&format!(
            "SELECT MIN(person_id) FROM group_students WHERE person_id <> {student}"
        ))
        .await;
    let surname = app
        .text(&format!("SELECT surname FROM people WHERE id = {student}"))
        .await;

    let officer = Browser::login(&app, "officer").await;
    let page = officer.get_ok(&format!("/people/{student}/data")).await;
    assert!(
        page.contains(&surname) && page.contains("числится в учебной группе"),
        "{page}"
    );
    let res = officer.get(&format!("/people/{student}/data.json")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let disposition = res
        .headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(disposition.contains("attachment"), "{disposition}");
    let data: Value = res.json().await.expect("json");
    assert_eq!(data["person"]["surname"], surname.as_str());
    assert!(!data["journal"].as_array().expect("journal").is_empty());
    assert!(data["attestation"].is_array() && data["debts"].is_array());
    assert!(!data["parents"].as_array().expect("parents").is_empty());
    assert_eq!(data["accounts"][0]["login"], "student1");
    assert!(data["journal"][0]["date"]
        .as_str()
        .is_some_and(|d| d.len() == 10 && d.starts_with("20")));

    // The person has their own; nobody else but the officer and the director.
    let own = Api::login(&app, "student1").await;
    let mine: Value = own.get_json("/api/v1/me/data").await;
    assert_eq!(mine["person"]["surname"], surname.as_str());
    assert_eq!(
        own.get(&format!("/api/v1/people/{other}/data"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    for login in ["teacher1", "admin", "deputy", "curator1", "parent1"] {
        let api = Api::login(&app, login).await;
        assert_eq!(
            api.get(&format!("/api/v1/people/{student}/data"))
                .await
                .status(),
            StatusCode::FORBIDDEN,
            "{login}"
        );
    }
    let director = Api::login(&app, "director").await;
    assert_eq!(
        director
            .get(&format!("/api/v1/people/{student}/data"))
            .await
            .status(),
        StatusCode::OK
    );
    // The officer's copy is a read of the student's data, in the log.
    let log: Value = Api::login(&app, "officer")
        .await
        .get_json("/api/v1/read-log?reader=officer")
        .await;
    assert!(
        log["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|r| r["what"] == "personal_data"),
        "{log}"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn erasing_keeps_the_records_under_no_name() {
    let app = TestApp::start().await;
    let student = app.person_of("student1").await;
    let parent = app.person_of("parent1").await;
    let teacher = app.person_of("teacher1").await;
    let officer = Browser::login(&app, "officer").await;

    // Refused while the person studies or works, and for oneself.
    for (person, why) in [
        (student, "числится в учебной группе"),
        (teacher, "роли сотрудника"),
        (app.person_of("officer").await, "Свои данные удалить нельзя"),
    ] {
        let res = officer
            .post_form(&format!("/people/{person}/erase"), &[])
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = res.text().await.expect("body");
        assert!(body.contains(why), "{why}: {body}");
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM people WHERE erased_at IS NOT NULL")
            .await,
        0
    );

    // A parent: the name, contacts, login and family links go.
    Api::login(&app, "parent1").await;
    let page = officer.get_ok(&format!("/people/{parent}/data")).await;
    assert!(page.contains("Удалить персональные данные") && page.contains("data-confirm"));
    let res = officer
        .post_form(&format!("/people/{parent}/erase"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = officer.get_ok(&location(&res)).await;
    assert!(page.contains("Данные удалены"), "{page}");
    assert!(page.contains(&format!("Обезличено (№ {parent})")), "{page}");
    assert_eq!(
        app.rows(&format!(
            "SELECT COUNT(email), COUNT(phone), COUNT(birth_date) FROM people WHERE id = {parent}"
        ))
        .await,
        vec![vec![0, 0, 0]]
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM parent_links WHERE parent_person_id = {parent}"
        ))
        .await,
        0
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE a.person_id = {parent}"
        ))
        .await,
        0
    );
    let mut gone = Browser::anonymous(&app);
    let res = gone.submit_login("parent1", "demo").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let card = Browser::login(&app, "director")
        .await
        .get_ok(&format!("/students/{student}"))
        .await;
    assert!(!card.contains(&format!("/people/{parent}/data")), "{card}");
    // Twice is refused.
    let res = officer
        .post_form(&format!("/people/{parent}/erase"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // A former student (out of the group): the marks stay, under no name.
    let marks = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM marks WHERE student_person_id = {student}"
        ))
        .await;
    assert!(marks > 0);
    app.exec(&format!(
        "DELETE FROM group_students WHERE person_id = {student}"
    ))
    .await;
    let api = Api::login(&app, "officer").await;
    let res = api
        .client
        .post(format!("{}/api/v1/people/{student}/erase", api.base))
        .bearer_auth(&api.token)
        .send()
        .await
        .expect("erase");
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["accounts"], 1, "{body}");
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM marks WHERE student_person_id = {student}"
        ))
        .await,
        marks
    );
    assert_eq!(
        app.text(&format!("SELECT surname FROM people WHERE id = {student}"))
            .await,
        format!("Обезличено (№ {student})")
    );
    let audit = app
        .scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'erase_personal_data'")
        .await;
    assert_eq!(audit, 2);
    app.stop().await;
}

/// A notice is dated in the college's time: ISO with its offset in the API,
/// «03.12.2026 …» on the page, whatever the server machine's zone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notices_are_dated_in_the_colleges_time() {
    let app = TestApp::start().await;
    let parent = Browser::login(&app, "parent1").await;
    parent.post_form("/consent/withdraw", &[]).await;
    let notes: Value = Api::login(&app, "officer")
        .await
        .get_json("/api/v1/notifications")
        .await;
    let at = notes[0]["created_at"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        at.starts_with("2026-12-03T") && at.ends_with("+05:00"),
        "{notes}"
    );
    let page = Browser::login(&app, "officer")
        .await
        .get_ok("/notifications")
        .await;
    assert!(
        page.contains(&format!("03.12.2026 {}", &at[11..16])),
        "{page}"
    );
    app.stop().await;
}

/// Every page shows how many notices are unread beside «Уведомления»; read, the count goes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_unread_count_is_beside_the_notices_link() {
    let app = TestApp::start().await;
    let parent = Browser::login(&app, "parent1").await;
    parent.post_form("/consent/withdraw", &[]).await;
    let officer = Browser::login(&app, "officer").await;
    let unread = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM notifications WHERE person_id = {} AND read_at IS NULL",
            app.person_of("officer").await
        ))
        .await;
    assert!(unread >= 1);
    let home = officer.get_ok("/").await;
    assert!(
        home.contains(&format!(
            "title=\"Непрочитанных: {unread}\">{unread}</span>"
        )),
        "{home}"
    );
    let res = officer.post_form("/notifications/read", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = officer.get_ok("/notifications").await;
    assert!(!page.contains("Непрочитанных:"), "{page}");
    app.stop().await;
}
