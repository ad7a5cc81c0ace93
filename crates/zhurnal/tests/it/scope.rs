//! Reach: a parent sees only their own child, a curator only their group,
//! nobody sees another college's data.

use reqwest::StatusCode;
use serde_json::Value;

use crate::client::{Api, Browser};
use crate::harness::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parent_reads_own_child_and_not_another() {
    let app = TestApp::start().await;
    let child = app.person_of("student1").await;
    let other = app.person_of("student2").await;
    let parent = Api::login(&app, "parent1").await;
    let card = parent.get_json(&format!("/api/v1/students/{child}")).await;
    assert!(card["full_name"].as_str().is_some_and(|n| !n.is_empty()));
    assert!(card["parents"].as_array().is_some_and(|p| !p.is_empty()));
    let res = parent.get(&format!("/api/v1/students/{other}")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["error"], "forbidden");
    assert!(body["message"]
        .as_str()
        .is_some_and(|m| m.contains("Недостаточно прав")));

    let page = Browser::login(&app, "parent1").await;
    let home = page.get_ok("/").await;
    assert!(
        home.contains(&format!("/students/{child}")),
        "the child is on the parent's home page"
    );
    assert!(!home.contains(&format!("/students/{other}")));
    let res = page.get(&format!("/students/{other}")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.text().await.expect("body").contains("Доступ запрещён"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delegate_reads_the_delegated_child_until_the_date() {
    let app = TestApp::start().await;
    let child = app.person_of("student1").await;
    let delegate = Api::login(&app, "delegate1").await;
    assert_eq!(
        delegate
            .get(&format!("/api/v1/students/{child}"))
            .await
            .status(),
        StatusCode::OK
    );
    // An expired delegation gives nothing. (Delegations are changed by their parent; here, by SQL.)
    sea_orm::ConnectionTrait::execute_unprepared(
        &app.db,
        "UPDATE delegations SET valid_until = '2020-01-01'",
    )
    .await
    .expect("expire");
    let delegate = Api::login(&app, "delegate1").await;
    assert_eq!(
        delegate
            .get(&format!("/api/v1/students/{child}"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_curator_reads_own_group_only_and_cannot_change_it() {
    let app = TestApp::start().await;
    let student1 = app.person_of("student1").await;
    let own = app
        .scalar(&format!(
            "SELECT group_id FROM group_students WHERE person_id = {student1}"
        ))
        .await;
    let other = app
        .scalar(&format!(
            "SELECT MIN(id) FROM study_groups WHERE id <> {own}"
        ))
        .await;
    let curator = Browser::login(&app, "curator1").await;
    let page = curator.get_ok(&format!("/groups/{own}")).await;
    assert!(page.contains("Обучающиеся"), "{page}");
    assert!(
        !page.contains("Зачислить обучающегося"),
        "a curator does not enrol students"
    );
    assert_eq!(
        curator.get(&format!("/groups/{other}")).await.status(),
        StatusCode::FORBIDDEN
    );
    let before = app.scalar("SELECT COUNT(*) FROM subgroups").await;
    let res = curator
        .post_form(
            &format!("/groups/{own}/subgroups"),
            &[("name", "3 подгруппа")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM subgroups").await, before);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_colleges_data_is_out_of_reach() {
    let app = TestApp::start().await;
    // A second college with its own specialty and group.
    let service_app = app.app();
    let college = service::users::add_college(&service_app, "ГБПОУ «Другой колледж»", "ДК", None)
        .await
        .expect("college");
    let spec = store::specialties::insert(
        &app.db,
        college,
        "09.02.07",
        "Информационные системы и программирование",
    )
    .await
    .expect("specialty");
    let group = store::groups::insert(
        &app.db,
        college,
        store::groups::NewGroup {
            specialty_id: spec.id,
            name: "ИС-26".into(),
            study_form: "full_time".into(),
            intake_year: 2026,
            curator_person_id: None,
        },
    )
    .await
    .expect("group");
    let admin = Api::login(&app, "admin").await;
    let res = admin.get(&format!("/api/v1/groups/{}", group.id)).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["error"], "not_found");
    // Nor does the list show it, nor can a group of ours point at their specialty.
    let list = admin.get_json("/api/v1/groups?q=ИС-26").await;
    assert_eq!(list["total"], 0);
    let res = admin
        .post(
            "/api/v1/groups",
            &serde_json::json!({ "name": "ЧУЖ-26", "specialty_id": spec.id, "study_form": "full_time", "intake_year": 2026 }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["fields"][0]["field"], "specialty_id");
    let browser = Browser::login(&app, "admin").await;
    assert_eq!(
        browser.get(&format!("/groups/{}", group.id)).await.status(),
        StatusCode::NOT_FOUND
    );
    // Every address that names a record of the other college answers 404,
    // not an empty page of ours.
    let now = chrono::Utc::now();
    let person = store::people::insert(
        &app.db,
        college,
        store::people::NewPerson::from_name(domain::names::FullName {
            surname: "Чужов".into(),
            name: "Иван".into(),
            patronymic: None,
        }),
        now,
    )
    .await
    .expect("person")
    .id;
    let building = store::buildings::insert(&app.db, college, "Корпус ДК", None)
        .await
        .expect("building")
        .id;
    let room = store::buildings::insert_room(
        &app.db,
        college,
        store::buildings::NewRoom {
            building_id: building,
            number: "101",
            capacity: 25,
            kind: "classroom",
        },
    )
    .await
    .expect("room")
    .id;
    let subject = store::subjects::insert(
        &app.db,
        college,
        "Чужой предмет",
        "ЧП",
        "discipline",
        "five",
    )
    .await
    .expect("subject")
    .id;
    let g = group.id;
    let deputy = Api::login(&app, "deputy").await;
    let mut answered = Vec::new();
    for path in [
        format!("/students/{person}"),
        format!("/diary/{person}"),
        format!("/diary/{person}/summary"),
        format!("/attestation/students/{person}"),
        format!("/attestation/groups/{g}/summary"),
        format!("/timetable/groups/{g}"),
        format!("/timetable/rooms/{room}"),
        format!("/timetable/teachers/{person}"),
        format!("/load/teachers/{person}"),
        format!("/buildings/{building}/rooms"),
        format!("/journal/{g}/{subject}"),
        format!("/debts?group={g}"),
        format!("/debts?student={person}"),
        format!("/curricula?specialty={}", spec.id),
    ] {
        for caller in [&admin, &deputy] {
            let status = caller.get(&format!("/api/v1{path}")).await.status();
            if status != StatusCode::NOT_FOUND {
                answered.push(format!("{path}: {status}"));
            }
        }
    }
    let deputy_pages = Browser::login(&app, "deputy").await;
    for path in [
        format!("/students/{person}"),
        format!("/staff/{person}"),
        format!("/diary?student={person}"),
        format!("/diary/summary?student={person}"),
        format!("/diary/attestation?student={person}"),
        format!("/attestation/group/{g}"),
        format!("/groups/{g}/attendance"),
        format!("/buildings/{building}"),
        format!("/debts?group={g}"),
        format!("/debts?student={person}"),
        format!("/curricula?specialty={}", spec.id),
        format!("/timetable/group/{g}"),
        format!("/timetable/room/{room}"),
        format!("/timetable/teacher/{person}"),
        format!("/load/teacher/{person}"),
        format!("/journal/{g}/{subject}"),
    ] {
        for caller in [&browser, &deputy_pages] {
            let status = caller.get(&path).await.status();
            if status != StatusCode::NOT_FOUND {
                answered.push(format!("page {path}: {status}"));
            }
        }
    }
    // A person's data (152-ФЗ): the director, who may export ours, finds none there.
    let director = Api::login(&app, "director").await;
    let director_pages = Browser::login(&app, "director").await;
    for (status, path) in [
        (
            director
                .get(&format!("/api/v1/people/{person}/data"))
                .await
                .status(),
            "api data",
        ),
        (
            director_pages
                .get(&format!("/people/{person}/data"))
                .await
                .status(),
            "page",
        ),
        (
            director_pages
                .get(&format!("/people/{person}/data.json"))
                .await
                .status(),
            "page file",
        ),
        (
            director_pages
                .post_form(&format!("/people/{person}/erase"), &[])
                .await
                .status(),
            "erase",
        ),
    ] {
        if status != StatusCode::NOT_FOUND {
            answered.push(format!("people {path}: {status}"));
        }
    }
    assert!(answered.is_empty(), "{answered:#?}");
    app.stop().await;
}

/// A teacher's rights over a journal come from the teaching load of the year:
/// a substitution gives the substituted lesson only, and lessons taught in
/// another year give nothing now.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_substitution_gives_its_lesson_and_only_the_load_gives_the_journal() {
    let app = TestApp::start().await;
    let student = app.person_of("student1").await;
    let group = app.group_of("student1").await;
    let yesterday = (app.today() - chrono::Duration::days(1)).format("'%Y-%m-%d'");
    let lesson = app
        .scalar(&format!(
            "SELECT MIN(id) FROM lessons WHERE group_id = {group} AND date = {yesterday} \
             AND subgroup_id IS NULL"
        ))
        .await;
    let subject = app
        .scalar(&format!(
            "SELECT subject_id FROM lessons WHERE id = {lesson}"
        ))
        .await;
    let earlier = app
        .scalar(&format!(
            "SELECT MAX(id) FROM lessons WHERE group_id = {group} AND subject_id = {subject} \
             AND date < {yesterday} AND subgroup_id IS NULL"
        ))
        .await;
    // A teacher the load does not give this subject in this group substitutes yesterday's lesson.
    let login = app
        .text(&format!(
            "SELECT MIN(a.login) FROM accounts a JOIN role_grants g ON g.account_id = a.id \
             WHERE g.role = 'teacher' AND a.login LIKE 'teacher%' AND a.person_id NOT IN \
             (SELECT teacher_person_id FROM teaching_loads WHERE group_id = {group} \
              AND subject_id = {subject})"
        ))
        .await;
    let substitute = app.person_of(&login).await;
    app.exec(&format!(
        "UPDATE lessons SET substitute_person_id = {substitute} WHERE id = {lesson}"
    ))
    .await;
    let api = Api::login(&app, &login).await;
    let journal = format!("/api/v1/journal/{group}/{subject}");
    let sheet = format!("/api/v1/attestation/{group}/{subject}?year=2026&semester=1");

    // The substituted lesson: its card and its cells.
    let res = api.get(&format!("/api/v1/lessons/{lesson}")).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{login}: the substituted lesson"
    );
    let (status, body) =
        crate::journal::put(&api, &crate::journal::cell(lesson, student, "5", 0)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let res = api
        .get(&format!("/api/v1/lessons/{lesson}/history/{student}"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // Nothing else of the journal.
    for path in [
        journal.clone(),
        format!("/api/v1/lessons/{earlier}"),
        format!("/api/v1/lessons/{earlier}/history/{student}"),
        sheet.clone(),
    ] {
        let res = api.get(&path).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{login}: {path}");
    }
    let res = api
        .client
        .put(format!("{}{sheet}", app.base))
        .bearer_auth(&api.token)
        .json(&serde_json::json!({ "marks": { student.to_string(): "5" } }))
        .send()
        .await
        .expect("put");
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "{login}: attestation");

    // Having taught the group the subject a year before gives nothing this year.
    store::lessons::insert(
        &app.db,
        crate::journal::org(&app).await,
        store::lessons::NewLesson {
            group_id: group,
            subgroup_id: None,
            subject_id: subject,
            teacher_person_id: substitute,
            room_id: None,
            date: chrono::NaiveDate::from_ymd_opt(2025, 12, 2).expect("date"),
            pair_no: 5,
            starts_at: "15:40".into(),
            ends_at: "17:10".into(),
            kind: "practical".into(),
        },
    )
    .await
    .expect("last year's lesson");
    let res = api.get(&journal).await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "{login}: last year's lesson"
    );
    let list = api.get_json("/api/v1/journals").await;
    let listed = list
        .as_array()
        .expect("journals")
        .iter()
        .any(|j| j["group_id"] == group && j["subject_id"] == subject);
    assert!(!listed, "{login}'s journals: {list}");

    // The teacher the load gives the subject reads the journal and the sheet.
    let owner = app
        .text(&format!(
            "SELECT MIN(a.login) FROM accounts a JOIN teaching_loads t ON t.teacher_person_id = a.person_id \
             WHERE t.group_id = {group} AND t.subject_id = {subject} AND t.school_year = 2026"
        ))
        .await;
    let owner = Api::login(&app, &owner).await;
    assert_eq!(owner.get(&journal).await.status(), StatusCode::OK);
    assert_eq!(owner.get(&sheet).await.status(), StatusCode::OK);
    app.stop().await;
}

/// Contacts (phones, e-mail, logins) are the curator's and the
/// administration's: the family reads the card without other people's
/// contacts, a delegate too, and the dispatcher reads no student record.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contacts_reach_the_curator_and_records_not_the_dispatcher() {
    let app = TestApp::start().await;
    let student = app.person_of("student1").await;
    let parent = app.person_of("parent1").await;
    app.exec(&format!(
        "UPDATE people SET phone = '+7 900 111-22-33', email = 'mother@example.ru' WHERE id = {parent}"
    ))
    .await;
    let card = format!("/api/v1/students/{student}");
    let parent_of = |card: &Value| {
        card["parents"]
            .as_array()
            .expect("parents")
            .iter()
            .find(|p| p["person_id"] == parent)
            .cloned()
            .expect("parent1 on the card")
    };
    for login in ["curator1", "deputy"] {
        let c = Api::login(&app, login).await.get_json(&card).await;
        let p = parent_of(&c);
        assert_eq!(p["phone"], "+7 900 111-22-33", "{login}: {c}");
        assert_eq!(p["login"], "parent1", "{login}: {c}");
    }
    for login in ["delegate1", "student1", "parent1"] {
        let c = Api::login(&app, login).await.get_json(&card).await;
        let p = parent_of(&c);
        assert!(
            p["phone"].is_null() && p["email"].is_null() && p["login"].is_null(),
            "{login} sees no contacts: {c}"
        );
    }
    // The student sees their own login; a delegate does not.
    let own = Api::login(&app, "student1").await.get_json(&card).await;
    assert_eq!(own["login"], "student1");
    let delegated = Api::login(&app, "delegate1").await.get_json(&card).await;
    assert!(delegated["login"].is_null(), "{delegated}");

    // The dispatcher: the timetable and the contingent list, not the records.
    let dispatcher = Api::login(&app, "dispatcher").await;
    assert_eq!(
        dispatcher.get("/api/v1/students").await.status(),
        StatusCode::OK
    );
    let group = app.group_of("student1").await;
    assert_eq!(
        dispatcher
            .get(&format!("/api/v1/timetable/groups/{group}"))
            .await
            .status(),
        StatusCode::OK
    );
    for path in [
        card.clone(),
        format!("/api/v1/diary/{student}"),
        format!("/api/v1/diary/{student}/summary"),
        format!("/api/v1/attestation/students/{student}"),
        "/api/v1/debts".to_string(),
    ] {
        assert_eq!(
            dispatcher.get(&path).await.status(),
            StatusCode::FORBIDDEN,
            "dispatcher: {path}"
        );
    }
    app.stop().await;
}
