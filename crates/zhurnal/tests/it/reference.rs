//! Reference data pages: lists with search and pages, forms with Russian messages.

use reqwest::StatusCode;

use crate::client::{location, Browser};
use crate::harness::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_adds_a_building_and_a_room_with_validation() {
    let app = TestApp::start().await;
    let admin = Browser::login(&app, "admin").await;
    let res = admin
        .post_form("/buildings", &[("name", "  "), ("address", "")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.expect("body");
    assert!(page.contains("Заполните это поле."), "{page}");
    assert!(page.contains("aria-invalid=\"true\""));

    let res = admin
        .post_form(
            "/buildings",
            &[("name", "Спортивный корпус"), ("address", "ул. Победы, 5")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let url = location(&res);
    let page = admin.get_ok(&url).await;
    assert!(page.contains("Спортивный корпус") && page.contains("ул. Победы, 5"));
    assert!(
        page.contains("В этом здании пока нет кабинетов"),
        "empty state says what is missing"
    );

    // A duplicate is kept out by the unique index and reported next to the field.
    let res = admin
        .post_form("/buildings", &[("name", "Спортивный корпус")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .text()
        .await
        .expect("body")
        .contains("Здание с таким названием уже есть."));

    let rooms = format!("{url}/rooms");
    let res = admin
        .post_form(
            &rooms,
            &[("number", "С-1"), ("capacity", "много"), ("kind", "gym")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .text()
        .await
        .expect("body")
        .contains("Введите целое число."));
    let res = admin
        .post_form(
            &rooms,
            &[("number", "С-1"), ("capacity", "40"), ("kind", "gym")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = admin.get_ok(&url).await;
    assert!(page.contains("С-1") && page.contains("спортивный зал") && page.contains("40"));
    let audit = app
        .scalar("SELECT COUNT(*) FROM audit_log WHERE entity IN ('building', 'room') AND action = 'create'")
        .await;
    assert_eq!(audit, 2, "each change is in the audit log");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn student_list_is_paginated_and_searchable() {
    let app = TestApp::start().await;
    let deputy = Browser::login(&app, "deputy").await;
    let total = app.scalar("SELECT COUNT(*) FROM group_students").await;
    let pages = (total + 24) / 25;
    let page = deputy.get_ok("/students").await;
    assert!(
        page.contains(&format!("Страница 1 из {pages} · всего {total}")),
        "{page}"
    );
    let page2 = deputy.get_ok("/students?page=2").await;
    assert!(page2.contains(&format!("Страница 2 из {pages}")));
    // Search by surname, case- and ё-insensitive.
    let surname: String = {
        let id = app.person_of("student1").await;
        let row = sea_orm::ConnectionTrait::query_one(
            &app.db,
            sea_orm::Statement::from_string(
                sea_orm::ConnectionTrait::get_database_backend(&app.db),
                format!("SELECT surname FROM people WHERE id = {id}"),
            ),
        )
        .await
        .expect("query")
        .expect("row");
        row.try_get::<String>("", "surname").expect("surname")
    };
    let found = deputy
        .get_ok(&format!("/students?q={}", surname.to_uppercase()))
        .await;
    assert!(found.contains(&surname), "{found}");
    let none = deputy.get_ok("/students?q=Несуществующая").await;
    assert!(none.contains("По запросу «Несуществующая» никого не найдено."));
    // A page past the end is empty, not an error.
    deputy.get_ok("/students?page=999").await;
    deputy.get_ok("/students?page=abc").await;
    // So is a page whose offset would overflow the database's integers.
    let far = deputy.get_ok("/students?page=370000000000000000").await;
    assert!(!far.contains(&surname), "an empty page");
    let api = crate::client::Api::login(&app, "deputy").await;
    for path in [
        "/api/v1/students?page=370000000000000000",
        "/api/v1/groups?page=18446744073709551615",
    ] {
        let res = api.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_creates_a_group_with_a_curator_and_enrols_a_student_who_can_log_in() {
    let app = TestApp::start().await;
    let admin = Browser::login(&app, "admin").await;
    let specialty = app.scalar("SELECT MIN(id) FROM specialties").await;
    let teacher = app.person_of("teacher1").await;
    let res = admin
        .post_form(
            "/groups",
            &[
                ("name", "ПР-26-2"),
                ("specialty_id", &specialty.to_string()),
                ("study_form", "full_time"),
                ("intake_year", "2026"),
                ("curator_id", &teacher.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let group_url = location(&res);
    let page = admin.get_ok(&group_url).await;
    assert!(
        page.contains("Группа ПР-26-2") && page.contains("1 курс"),
        "{page}"
    );
    // teacher1 is now the group's curator.
    let teacher1 = Browser::login(&app, "teacher1").await;
    let home = teacher1.get_ok("/").await;
    assert!(
        home.contains("ПР-26-2") && home.contains("Куратор группы"),
        "{home}"
    );

    // The same name again: the unique index answers, next to the field.
    let res = admin
        .post_form(
            "/groups",
            &[
                ("name", "ПР-26-2"),
                ("specialty_id", &specialty.to_string()),
                ("study_form", "full_time"),
                ("intake_year", "2026"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .text()
        .await
        .expect("body")
        .contains("Группа с таким названием уже есть."));

    let res = admin
        .post_form(
            &format!("{group_url}/students"),
            &[
                ("surname", "Ёлкина"),
                ("name", "Дарья"),
                ("patronymic", "Игоревна"),
                ("birth_date", "2010-03-14"),
                ("email", "не почта"),
                ("login", "elkina"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.expect("body").contains("name@example.ru"));
    let before = app.scalar("SELECT COUNT(*) FROM people").await;
    let res = admin
        .post_form(
            &format!("{group_url}/students"),
            &[
                ("surname", "Ёлкина"),
                ("name", "Дарья"),
                ("patronymic", "Игоревна"),
                ("birth_date", "2010-03-14"),
                ("login", "student1"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .text()
        .await
        .expect("body")
        .contains("Этот логин уже занят."));
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM people").await,
        before,
        "nothing half-written"
    );

    let res = admin
        .post_form(
            &format!("{group_url}/students"),
            &[
                ("surname", "Ёлкина"),
                ("name", "Дарья"),
                ("patronymic", "Игоревна"),
                ("birth_date", "14.03.2010"),
                ("login", "elkina"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.expect("body");
    let marker = "Временный пароль: <span class=\"secret\">";
    let start = page.find(marker).expect("temporary password shown") + marker.len();
    let password = page[start..]
        .split('<')
        .next()
        .expect("password")
        .to_string();

    let mut student = Browser::anonymous(&app);
    let res = student.submit_login("elkina", &password).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // The temporary password opens nothing but its own change (after the
    // consent), on pages and in the API alike.
    let consent = student.get_ok("/consent").await;
    student.csrf = crate::client::csrf_of(&consent);
    student.post_form("/consent", &[]).await;
    let res = student.get("/diary").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(crate::client::location(&res), "/password");
    let page = student.get_ok("/password").await;
    assert!(page.contains("временным паролем"), "{page}");
    let api = crate::client::Api::login_with(&app, "elkina", &password).await;
    let res = api.get("/api/v1/diary").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["error"], "password_change_required");
    assert_eq!(
        api.get_json("/api/v1/me").await["password_change_required"],
        true
    );
    student.csrf = crate::client::csrf_of(&page);
    let res = student
        .post_form(
            "/password",
            &[
                ("current", password.as_str()),
                ("new", "Ёлкина учится 2026"),
                ("confirm", "Ёлкина учится 2026"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = student.get("/diary").await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "the diary opens after the change"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_roles_follow_who_may_appoint_whom() {
    let app = TestApp::start().await;
    let teacher = app.person_of("teacher1").await;
    // An administrator appoints a dispatcher but not a deputy (seed 3.1: the director does).
    let admin = Browser::login(&app, "admin").await;
    let page = admin.get_ok(&format!("/staff/{teacher}")).await;
    assert!(
        page.contains("Диспетчер") && !page.contains("value=\"deputy\""),
        "{page}"
    );
    let res = admin
        .post_form(&format!("/staff/{teacher}/grants"), &[("role", "deputy")])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = admin
        .post_form(
            &format!("/staff/{teacher}/grants"),
            &[("role", "dispatcher")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = admin
        .post_form(
            &format!("/staff/{teacher}/grants"),
            &[("role", "dispatcher")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .text()
        .await
        .expect("body")
        .contains("Эта роль уже назначена."));
    let director = Browser::login(&app, "director").await;
    let res = director
        .post_form(&format!("/staff/{teacher}/grants"), &[("role", "deputy")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let grants = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM role_grants g JOIN accounts a ON a.id = g.account_id WHERE a.person_id = {teacher}"
        ))
        .await;
    assert_eq!(grants, 3, "teacher, dispatcher, deputy");
    // The new deputy sees the reference sections at once.
    let t = Browser::login(&app, "teacher1").await;
    t.get_ok("/groups").await;
    app.stop().await;
}
