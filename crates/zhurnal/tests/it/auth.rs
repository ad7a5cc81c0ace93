//! Logging in and out, lockout, consent, password change, CSRF.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::client::{csrf_of, location, new_client, Api, Browser};
use crate::harness::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_page_is_russian_and_teacher_lands_home() {
    let app = TestApp::start().await;
    let mut b = Browser::anonymous(&app);
    let page = b.get_ok("/login").await;
    assert!(page.contains("Вход в электронный журнал"), "{page}");
    assert!(page.contains("lang=\"ru\""));

    let res = b.submit_login("teacher1", "demo").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // First login asks for the personal-data terms (152-ФЗ).
    assert_eq!(location(&res), "/consent");
    let res = b.get("/").await;
    assert_eq!(
        location(&res),
        "/consent",
        "home is closed until the terms are accepted"
    );
    let consent = b.get_ok("/consent").await;
    assert!(consent.contains("152-ФЗ"));
    b.csrf = csrf_of(&consent);
    let res = b.post_form("/consent", &[]).await;
    assert_eq!(location(&res), "/");
    let home = b.get_ok("/").await;
    assert!(home.contains("Здравствуйте"), "{home}");
    assert!(home.contains("Преподаватель"), "teacher role shown: {home}");
    assert!(
        !home.contains("/buildings"),
        "a teacher sees no reference sections"
    );
    let accepted = app
        .scalar("SELECT COUNT(*) FROM consents c JOIN accounts a ON a.id = c.account_id WHERE a.login = 'teacher1'")
        .await;
    assert_eq!(accepted, 1, "the acceptance is recorded");

    // The next login goes straight home.
    let mut again = Browser::anonymous(&app);
    let res = again.submit_login("teacher1", "demo").await;
    assert_eq!(location(&res), "/");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_password_is_refused_and_repeated_failures_lock_the_account() {
    let app = TestApp::start().await;
    let mut b = Browser::anonymous(&app);
    let res = b.submit_login("director", "wrong").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let body = res.text().await.expect("body");
    assert!(body.contains("Неверный логин или пароль"), "{body}");
    for _ in 0..4 {
        b.submit_login("director", "wrong").await;
    }
    // Even the right password is refused now, with a message that says when to retry.
    let res = b.submit_login("director", "demo").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let body = res.text().await.expect("body");
    assert!(body.contains("Повторите через 15 мин"), "{body}");
    // Another account is not locked.
    let res = b.submit_login("deputy", "demo").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // The API answers the same, in JSON.
    let res = new_client()
        .post(app.url("/api/v1/session"))
        .json(&json!({ "login": "director", "password": "demo" }))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["error"], "too_many_attempts");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_without_the_csrf_token_are_refused() {
    let app = TestApp::start().await;
    let admin = Browser::login(&app, "admin").await;
    let before = app.scalar("SELECT COUNT(*) FROM buildings").await;
    let res = admin
        .client
        .post(app.url("/buildings"))
        .form(&[("name", "Корпус без токена")])
        .send()
        .await
        .expect("post");
    assert!(res.status().is_client_error(), "{}", res.status());
    let body = res.text().await.expect("body");
    assert!(body.contains("Форма устарела"), "{body}");
    let res = admin
        .client
        .post(app.url("/buildings"))
        .form(&[("_csrf", "0000"), ("name", "Корпус с чужим токеном")])
        .send()
        .await
        .expect("post");
    assert!(res.status().is_client_error());
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM buildings").await,
        before,
        "nothing written"
    );
    // The login form needs its token too.
    let res = new_client()
        .post(app.url("/login"))
        .form(&[("login", "admin"), ("password", "demo")])
        .send()
        .await
        .expect("post");
    assert!(res.status().is_client_error());
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logout_ends_the_session() {
    let app = TestApp::start().await;
    let b = Browser::login(&app, "student1").await;
    let res = b.post_form("/logout", &[]).await;
    assert_eq!(location(&res), "/login");
    let res = b.get("/").await;
    assert_eq!(location(&res), "/login");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_change_ends_other_sessions() {
    let app = TestApp::start().await;
    let phone = Browser::login(&app, "parent1").await;
    let office = Browser::login(&app, "parent1").await;
    let api = Api::login(&app, "parent1").await;

    let res = office
        .post_form(
            "/password",
            &[("current", "demo"), ("new", "short"), ("confirm", "short")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .text()
        .await
        .expect("body")
        .contains("не короче 8 символов"));

    let res = office
        .post_form(
            "/password",
            &[
                ("current", "demo"),
                ("new", "новый пароль 1"),
                ("confirm", "новый пароль 1"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.expect("body").contains("Пароль изменён"));
    // This session goes on; the others are over.
    office.get_ok("/").await;
    assert_eq!(location(&phone.get("/").await), "/login");
    assert_eq!(
        api.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    // The old password no longer works, the new one does.
    let mut b = Browser::anonymous(&app);
    assert_eq!(
        b.submit_login("parent1", "demo").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        b.submit_login("parent1", "новый пароль 1").await.status(),
        StatusCode::SEE_OTHER
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_session_and_me() {
    let app = TestApp::start().await;
    let client = new_client();
    let res = client
        .post(app.url("/api/v1/session"))
        .json(&json!({ "login": "curator1", "password": "nope" }))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["error"], "wrong_credentials");
    assert!(body["message"]
        .as_str()
        .is_some_and(|m| m.contains("Неверный")));

    let res = client
        .post(app.url("/api/v1/session"))
        .json(&json!({ "login": "curator1", "password": "demo" }))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await.expect("json");
    let token = body["token"].as_str().expect("token").to_string();
    assert_eq!(body["consent_required"], true);

    // Before the terms are accepted, only /me and the consent answer.
    let res = client
        .get(app.url("/api/v1/groups"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let me: Value = client
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(me["login"], "curator1");
    assert_eq!(me["consent_required"], true);
    let roles: Vec<&str> = me["orgs"][0]["roles"]
        .as_array()
        .expect("roles")
        .iter()
        .filter_map(|r| r["role"].as_str())
        .collect();
    assert!(
        roles.contains(&"teacher") && roles.contains(&"curator"),
        "{roles:?}"
    );
    let res = client
        .post(app.url("/api/v1/consent"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let me: Value = client
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(me["consent_required"], false);

    let res = client
        .delete(app.url("/api/v1/session"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("delete");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = client
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["error"], "unauthenticated");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_live_in_the_database_so_any_instance_serves_them() {
    let app = TestApp::start().await;
    let api = Api::login(&app, "deputy").await;
    // A second app instance on the same database (and the same day) knows the session.
    let mut config = zhurnal::ServeConfig::new("127.0.0.1:0", &app.database_url);
    config.clock = app.clock.clone();
    let second = zhurnal::start(config).await.expect("second instance");
    let res = api
        .client
        .get(format!("http://{}/api/v1/me", second.addr))
        .bearer_auth(&api.token)
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), StatusCode::OK);
    second.stop().await.expect("stop");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_failures_from_one_address_slow_it_down() {
    let app = TestApp::start().await;
    let client = new_client();
    let max = domain::login_limits::PER_SOURCE;
    for i in 0..max {
        // Different logins each time: guessing across accounts is caught too.
        let res = client
            .post(app.url("/api/v1/session"))
            .json(&json!({ "login": format!("guess{i}"), "password": "x" }))
            .send()
            .await
            .expect("post");
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = client
        .post(app.url("/api/v1/session"))
        .json(&json!({ "login": "admin", "password": "demo" }))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_no_account_can_have_is_refused_and_never_stored() {
    let app = TestApp::start().await;
    let client = new_client();
    let forged = "admin\n2026-12-03T10:00:00Z  INFO zhurnal: login ok login=director";
    let huge = "a".repeat(100_000);
    for login in [forged, huge.as_str()] {
        let res = client
            .post(app.url("/api/v1/session"))
            .json(&json!({ "login": login, "password": "demo" }))
            .send()
            .await
            .expect("post");
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    // Both attempts count against the address, under a placeholder.
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM login_attempts WHERE login LIKE '%forged%' \
             OR login LIKE '%INFO%' OR LENGTH(login) > 64"
        )
        .await,
        0
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM login_attempts WHERE success = false")
            .await,
        2
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_role_is_gone_on_the_very_next_request() {
    let app = TestApp::start().await;
    let teacher = Browser::login(&app, "teacher2").await;
    // Looked up once, the session is kept in memory for a few seconds.
    teacher.get_ok("/journal").await;
    teacher.get_ok("/journal").await;
    let grant = app
        .scalar(
            "SELECT g.id FROM role_grants g JOIN accounts a ON a.id = g.account_id \
             WHERE a.login = 'teacher2' AND g.role = 'teacher'",
        )
        .await;
    let person = app.person_of("teacher2").await;
    let mut director = Browser::login(&app, "director").await;
    let page = director.get_ok(&format!("/staff/{person}")).await;
    director.csrf = csrf_of(&page);
    let res = director
        .post_form(&format!("/staff/{person}/grants/{grant}/delete"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        teacher.get("/journal").await.status(),
        StatusCode::FORBIDDEN,
        "the role is gone at once, not when the cached session expires"
    );
    app.stop().await;
}

/// A session is honoured only while it has not expired and its account is
/// active: both are checked on every look-up (no cache here).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_session_or_a_blocked_account_is_refused() {
    let app = TestApp::start_with(|c| c.session_cache = std::time::Duration::ZERO).await;
    let teacher = Api::login(&app, "teacher1").await;
    let deputy = Api::login(&app, "deputy").await;
    for api in [&teacher, &deputy] {
        assert_eq!(api.get("/api/v1/me").await.status(), StatusCode::OK);
    }
    sea_orm::ConnectionTrait::execute_unprepared(
        &app.db,
        "UPDATE accounts SET active = false WHERE login = 'teacher1'",
    )
    .await
    .expect("block");
    assert_eq!(
        teacher.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let deputy_id = app
        .scalar("SELECT id FROM accounts WHERE login = 'deputy'")
        .await;
    sea_orm::ConnectionTrait::execute_unprepared(
        &app.db,
        &format!("UPDATE sessions SET expires_at = created_at WHERE account_id = {deputy_id}"),
    )
    .await
    .expect("expire");
    assert_eq!(
        deputy.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    app.stop().await;
}

/// A teacher who also works in a second college sees both, works in the
/// first until they switch, and cannot switch to a college they hold no role in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_teacher_of_two_colleges_switches_between_them() {
    let app = TestApp::start().await;
    let second = service::users::add_college(&app.app(), "ГБПОУ «Второй колледж»", "ВК", None)
        .await
        .expect("college");
    let third = service::users::add_college(&app.app(), "ГБПОУ «Третий колледж»", "ТК", None)
        .await
        .expect("college");
    let first = app
        .scalar("SELECT MIN(org_id) FROM role_grants g JOIN accounts a ON a.id = g.account_id WHERE a.login = 'teacher1'")
        .await;
    app.exec(&format!(
        "INSERT INTO role_grants (org_id, account_id, role, scope_kind, scope_id, created_at) \
         SELECT {second}, id, 'teacher', 'college', 0, created_at FROM accounts WHERE login = 'teacher1'"
    ))
    .await;
    let mut teacher = Browser::login(&app, "teacher1").await;
    let me = |v: &Value| {
        let mut orgs: Vec<i64> = v["orgs"]
            .as_array()
            .expect("orgs")
            .iter()
            .map(|o| o["id"].as_i64().expect("id"))
            .collect();
        orgs.sort_unstable();
        (v["current_org_id"].as_i64().expect("current"), orgs)
    };
    let before = json_of(&teacher, "/api/v1/me").await;
    assert_eq!(me(&before), (first, vec![first, second]));
    let home = teacher.get_ok("/").await;
    assert!(home.contains("ГБПОУ «Второй колледж»"), "{home}");
    assert!(!home.contains("Третий"), "{home}");
    let journals = json_of(&teacher, "/api/v1/journals").await;
    assert!(
        journals.as_array().is_some_and(|j| !j.is_empty()),
        "{journals}"
    );

    teacher.csrf = csrf_of(&home);
    let res = teacher
        .post_form("/org", &[("org_id", &second.to_string())])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let after = json_of(&teacher, "/api/v1/me").await;
    assert_eq!(me(&after), (second, vec![first, second]));
    // The second college's teacher has no lessons there yet, and the first
    // college's journals are out of reach while working in the second.
    let journals = json_of(&teacher, "/api/v1/journals").await;
    assert_eq!(journals.as_array().map(Vec::len), Some(0), "{journals}");

    let res = teacher
        .post_form("/org", &[("org_id", &third.to_string())])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let still = json_of(&teacher, "/api/v1/me").await;
    assert_eq!(me(&still).0, second);
    app.stop().await;
}

async fn json_of(browser: &Browser, path: &str) -> Value {
    browser.get(path).await.json().await.expect("json")
}

/// The session cookie alone does not let a change through the API: another
/// site's page could make the browser send it. The page's token (or a bearer
/// token) must come with it, and a foreign Origin is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cookie_alone_changes_nothing_through_the_api() {
    let app = TestApp::start().await;
    let f = crate::journal::fixture(&app).await;
    let teacher = Browser::login(&app, "teacher1").await;
    let page = teacher.get_ok("/").await;
    assert!(
        page.contains(&format!(
            "<meta name=\"csrf-token\" content=\"{}\">",
            teacher.csrf
        )),
        "the page carries its token for the script"
    );
    let absent = crate::journal::cell(f.yesterday, f.student, "н", 0);
    let (status, _) = crate::journal::put(&Api::login(&app, "teacher1").await, &absent).await;
    assert_eq!(status, StatusCode::OK);
    let present = format!("{}/api/v1/lessons/{}/present", app.base, f.yesterday);
    // «Все присутствуют» records that attendance was taken.
    let taken = format!(
        "SELECT COUNT(*) FROM lessons WHERE id = {} AND attendance_checked_at IS NOT NULL",
        f.yesterday
    );

    // A bodiless POST, a multipart upload and a logout with the cookie only.
    let res = teacher.client.post(&present).send().await.expect("post");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["error"], "csrf", "{body}");
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(b"<script>alert(1)</script>".to_vec()).file_name("x.html"),
    );
    let res = teacher
        .client
        .post(format!("{}/api/v1/lessons/{}/files", app.base, f.yesterday))
        .multipart(form)
        .send()
        .await
        .expect("upload");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = teacher
        .client
        .delete(format!("{}/api/v1/session", app.base))
        .send()
        .await
        .expect("logout");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // The token with another site's Origin: refused as well.
    let res = teacher
        .client
        .post(&present)
        .header("X-CSRF-Token", &teacher.csrf)
        .header("Origin", "https://evil.example")
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.scalar(&taken).await, 0, "nothing changed");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM lesson_files").await, 0);

    // Reading needs no token; the page's own script sends it with changes.
    let res = teacher
        .client
        .get(format!("{}/api/v1/me", app.base))
        .send()
        .await
        .expect("me");
    assert_eq!(res.status(), StatusCode::OK, "still signed in");
    let res = teacher
        .client
        .post(&present)
        .header("X-CSRF-Token", &teacher.csrf)
        .header("Origin", app.base.as_str())
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.scalar(&taken).await, 1);
    app.stop().await;
}

/// Behind HTTPS (secure cookies) browsers are told to keep to HTTPS; over
/// plain HTTP (a test machine, a demo) they are not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_only_is_asked_when_cookies_are_secure() {
    for secure in [true, false] {
        let app = TestApp::start_with(|c| c.secure_cookies = secure).await;
        let res = new_client()
            .get(app.url("/login"))
            .send()
            .await
            .expect("get");
        assert_eq!(
            res.headers().contains_key("strict-transport-security"),
            secure,
            "secure cookies: {secure}"
        );
        assert!(res.headers().contains_key("content-security-policy"));
        app.stop().await;
    }
}

async fn try_login(app: &TestApp, login: &str, password: &str, source: &str) -> StatusCode {
    new_client()
        .post(app.url("/api/v1/session"))
        .header("X-Forwarded-For", source)
        .json(&json!({ "login": login, "password": password }))
        .send()
        .await
        .expect("post")
        .status()
}

/// Failed logins slow the guessing source down, counted atomically, and do
/// not lock the owner out; behind our reverse proxy the client is the one
/// its X-Forwarded-For names, and nobody else's X-Forwarded-For is believed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guessing_slows_the_guesser_and_not_the_owner() {
    let app = TestApp::start_with(|c| {
        c.trusted_proxies = vec!["127.0.0.1".parse().expect("ip")];
    })
    .await;
    let app = std::sync::Arc::new(app);
    // 20 wrong passwords at once from one source: no more than the limit are checked.
    let tries: Vec<_> = (0..20)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move { try_login(&app, "director", "wrong", "203.0.113.66").await })
        })
        .collect();
    let mut checked = 0;
    for t in tries {
        match t.await.expect("task") {
            StatusCode::UNAUTHORIZED => checked += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("{other}"),
        }
    }
    // Each attempt is recorded before it is counted, so a burst counts itself
    // whole: at most the limit are checked, possibly none.
    assert!(
        checked <= domain::login_limits::PER_LOGIN_AND_SOURCE as usize,
        "{checked} of 20 parallel guesses were checked"
    );
    assert_eq!(
        try_login(&app, "director", "demo", "203.0.113.66").await,
        StatusCode::TOO_MANY_REQUESTS,
        "the guessing source waits"
    );
    // The owner, elsewhere, signs in.
    assert_eq!(
        try_login(&app, "director", "demo", "198.51.100.7").await,
        StatusCode::CREATED
    );
    // Many strangers, one guess each: the login closes to new sources only.
    for i in 0..=domain::login_limits::PER_LOGIN {
        let source = format!("192.0.2.{}", i + 1);
        try_login(&app, "director", "wrong", &source).await;
    }
    assert_eq!(
        try_login(&app, "director", "demo", "198.51.100.200").await,
        StatusCode::TOO_MANY_REQUESTS,
        "a new source waits"
    );
    assert_eq!(
        try_login(&app, "director", "demo", "198.51.100.7").await,
        StatusCode::CREATED,
        "the owner's known source does not"
    );
    let ips = app
        .scalar("SELECT COUNT(*) FROM login_attempts WHERE ip = '127.0.0.1'")
        .await;
    assert_eq!(ips, 0, "the proxy's own address is never the client");
    std::sync::Arc::try_unwrap(app)
        .ok()
        .expect("the only reference")
        .stop()
        .await;

    // Without a trusted proxy, a client's X-Forwarded-For is ignored.
    let app = TestApp::start().await;
    for i in 0..6 {
        let forged = format!("203.0.113.{}", 100 + i);
        try_login(&app, "director", "wrong", &forged).await;
    }
    assert_eq!(
        try_login(&app, "director", "demo", "203.0.113.250").await,
        StatusCode::TOO_MANY_REQUESTS,
        "all six came from 127.0.0.1, whatever they claimed"
    );
    app.stop().await;
}

/// The current password's check on «Смена пароля» is limited as a login is:
/// a stolen session cannot guess the password behind it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_current_password_cannot_be_guessed_through_the_change_form() {
    let app = TestApp::start().await;
    let mut teacher = Browser::login(&app, "teacher1").await;
    let page = teacher.get_ok("/password").await;
    teacher.csrf = csrf_of(&page);
    let change = |current: &'static str| {
        [
            ("current", current),
            ("new", "Новый-пароль-2026"),
            ("confirm", "Новый-пароль-2026"),
        ]
    };
    for _ in 0..domain::login_limits::PER_LOGIN_AND_SOURCE {
        let res = teacher.post_form("/password", &change("wrong")).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let res = teacher.post_form("/password", &change("demo")).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        new_client()
            .post(app.url("/api/v1/session"))
            .json(&json!({ "login": "teacher1", "password": "Новый-пароль-2026" }))
            .send()
            .await
            .expect("post")
            .status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the guessing address waits for the login too"
    );
    app.stop().await;
}
