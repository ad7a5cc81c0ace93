//! The journal: cells, scales, reach, deadlines and unlocks, conflicts, history, notifications.

use chrono::{Datelike, Duration, Months, NaiveDate};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::client::{Api, Browser};
use crate::harness::TestApp;

pub struct Fixture {
    pub student: i64,
    pub other_student: i64,
    pub yesterday: i64,
    pub old: i64,
    pub future: i64,
    pub others_lesson: i64,
    pub pass_fail: i64,
    pub group: i64,
    pub subject: i64,
}

pub async fn lesson(app: &TestApp, group: i64, subject: i64, teacher: i64, date: NaiveDate) -> i64 {
    subgroup_lesson(app, group, None, subject, teacher, date).await
}

async fn subgroup_lesson(
    app: &TestApp,
    group: i64,
    subgroup: Option<i64>,
    subject: i64,
    teacher: i64,
    date: NaiveDate,
) -> i64 {
    store::lessons::insert(
        &app.db,
        org(app).await,
        store::lessons::NewLesson {
            group_id: group,
            subgroup_id: subgroup,
            subject_id: subject,
            teacher_person_id: teacher,
            room_id: None,
            date,
            pair_no: 5,
            starts_at: "15:40".into(),
            ends_at: "17:10".into(),
            kind: "practical".into(),
        },
    )
    .await
    .expect("lesson")
    .id
}

/// The year's teaching load gives `teacher` the subject in the group for a
/// semester (a journal's rights come from it), through an item of a
/// curriculum of the college made for the subject.
pub async fn give_load(app: &TestApp, group: i64, subject: i64, teacher: i64, semester: i32) {
    let org = org(app).await;
    let curriculum = app.scalar("SELECT MIN(id) FROM curricula").await;
    let mut item = app
        .scalar(&format!(
            "SELECT COALESCE(MIN(id), 0) FROM curriculum_items \
             WHERE curriculum_id = {curriculum} AND subject_id = {subject}"
        ))
        .await;
    if item == 0 {
        let code = format!("ТЕСТ.{subject}");
        item = store::curricula::insert_item(
            &app.db,
            org,
            curriculum,
            store::curricula::ItemFields {
                parent_id: None,
                kind: "discipline",
                code: &code,
                name: "Предмет теста",
                subject_id: Some(subject),
            },
        )
        .await
        .expect("curriculum item")
        .id;
    }
    store::load::insert(
        &app.db,
        org,
        store::load::NewLoad {
            school_year: domain::reference::school_year(app.today()),
            semester,
            item_id: item,
            group_id: group,
            subgroup_id: None,
            subject_id: subject,
            teacher_person_id: teacher,
            hours: 36,
        },
    )
    .await
    .expect("load");
}

pub async fn org(app: &TestApp) -> i64 {
    app.scalar("SELECT MIN(id) FROM orgs WHERE kind = 'college'")
        .await
}

/// teacher1 teaches student1's group a subject by the year's load: a lesson
/// yesterday, one long past the deadline, one to come; teacher2, whom the
/// load gives the subject's second semester, has a lesson of their own there.
pub async fn fixture(app: &TestApp) -> Fixture {
    let org = org(app).await;
    let student = app.person_of("student1").await;
    let group = app
        .scalar(&format!(
            "SELECT group_id FROM group_students WHERE person_id = {student}"
        ))
        .await;
    let other_student = app
        .scalar(&format!(
            "SELECT MIN(person_id) FROM group_students WHERE group_id <> {group}"
        ))
        .await;
    let teacher = app.person_of("teacher1").await;
    let teacher2 = app.person_of("teacher2").await;
    let subject = store::subjects::insert(
        &app.db,
        org,
        "Горное дело (тест)",
        "ГД",
        "discipline",
        "five",
    )
    .await
    .expect("subject")
    .id;
    let practice = store::subjects::insert(
        &app.db,
        org,
        "Практика (тест)",
        "УП",
        "practice",
        "pass_fail",
    )
    .await
    .expect("subject")
    .id;
    give_load(app, group, subject, teacher, 1).await;
    give_load(app, group, practice, teacher, 1).await;
    give_load(app, group, subject, teacher2, 2).await;
    let today = app.today();
    Fixture {
        student,
        other_student,
        yesterday: lesson(app, group, subject, teacher, today - Duration::days(1)).await,
        old: lesson(app, group, subject, teacher, today - Duration::days(12)).await,
        future: lesson(app, group, subject, teacher, today + Duration::days(2)).await,
        others_lesson: lesson(app, group, subject, teacher2, today - Duration::days(1)).await,
        pass_fail: lesson(app, group, practice, teacher, today).await,
        group,
        subject,
    }
}

pub fn cell(lesson: i64, student: i64, text: &str, version: i64) -> Value {
    json!({ "lesson_id": lesson, "student_id": student, "text": text, "version": version })
}

pub async fn put(api: &Api, body: &Value) -> (StatusCode, Value) {
    let res = api
        .client
        .put(format!("{}/api/v1/journal/cells", api.base))
        .bearer_auth(&api.token)
        .json(body)
        .send()
        .await
        .expect("put");
    let status = res.status();
    (status, res.json().await.expect("json"))
}

/// A subgroup's lesson is written for the students of that subgroup only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subgroup_lesson_takes_its_own_students_only() {
    let app = TestApp::start().await;
    let f = fixture(&app).await;
    let org = org(&app).await;
    let first = store::groups::insert_subgroup(&app.db, org, f.group, "1 (тест)")
        .await
        .expect("subgroup")
        .id;
    let second = store::groups::insert_subgroup(&app.db, org, f.group, "2 (тест)")
        .await
        .expect("subgroup")
        .id;
    app.exec(&format!(
        "UPDATE group_students SET subgroup_id = {first} WHERE person_id = {}",
        f.student
    ))
    .await;
    let teacher_id = app.person_of("teacher1").await;
    let yesterday = app.today() - Duration::days(1);
    let ours = subgroup_lesson(&app, f.group, Some(first), f.subject, teacher_id, yesterday).await;
    let theirs = subgroup_lesson(
        &app,
        f.group,
        Some(second),
        f.subject,
        teacher_id,
        yesterday,
    )
    .await;
    let teacher = Api::login(&app, "teacher1").await;

    let (status, body) = put(&teacher, &cell(theirs, f.student, "5", 0)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("не занимается")),
        "{body}"
    );
    let (status, body) = put(&teacher, &cell(ours, f.student, "5", 0)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["text"], "5", "{body}");
    let written =
        |lesson: i64| format!("SELECT COUNT(*) FROM journal_entries WHERE lesson_id = {lesson}");
    assert_eq!(app.scalar(&written(ours)).await, 1);
    assert_eq!(app.scalar(&written(theirs)).await, 0);
    app.stop().await;
}

/// A closed school year runs September to August: its lessons of the spring
/// (a calendar year later) are closed too, and the next year's are not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_year_holds_its_lessons_from_september_to_august() {
    let app = TestApp::start().await;
    let f = fixture(&app).await;
    let org = org(&app).await;
    let closed = domain::reference::school_year(app.today()) - 1;
    app.exec(&format!(
        "UPDATE school_years SET closed_at = '2000-01-01T00:00:00Z' WHERE org_id = {org} AND year = {closed}"
    ))
    .await;
    app.exec(&format!(
        "INSERT INTO school_years (org_id, year, closed_at) SELECT {org}, {closed}, '2000-01-01T00:00:00Z' \
         WHERE NOT EXISTS (SELECT 1 FROM school_years WHERE org_id = {org} AND year = {closed})"
    ))
    .await;
    let teacher_id = app.person_of("teacher1").await;
    let teacher = Api::login(&app, "teacher1").await;
    let on = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).expect("date");
    for (date, is_closed) in [
        (on(closed, 9, 1), true),
        (on(closed + 1, 3, 16), true),
        (on(closed + 1, 8, 31), true),
        (on(closed - 1, 12, 20), false),
    ] {
        let id = lesson(&app, f.group, f.subject, teacher_id, date).await;
        let (status, body) = put(&teacher, &cell(id, f.student, "5", 0)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{date}: {body}");
        let message = body["message"].as_str().unwrap_or("");
        assert_eq!(
            message.contains("учебный год закрыт"),
            is_closed,
            "{date}: {message}"
        );
        assert_eq!(message.contains("истёк"), !is_closed, "{date}: {message}");
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_teacher_marks_a_lesson_and_the_history_keeps_every_change() {
    let app = TestApp::start().await;
    let f = fixture(&app).await;
    let teacher = Api::login(&app, "teacher1").await;
    let (status, body) = put(&teacher, &cell(f.yesterday, f.student, "н", 0)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["text"], "н");
    assert_eq!(body["version"], 1);
    assert_eq!(body["reason"], "invalid");

    // The student came late after all, and answered well twice.
    let (status, body) = put(&teacher, &cell(f.yesterday, f.student, "о 5 4", 1)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["text"], "о 5 4");
    assert_eq!(body["marks"][0]["work_kind"], "Ответ на занятии");
    let (status, body) = put(&teacher, &cell(f.yesterday, f.student, "о 3", 2)).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let history: Value = teacher
        .get_json(&format!(
            "/api/v1/lessons/{}/history/{}",
            f.yesterday, f.student
        ))
        .await;
    let rows: Vec<(String, String)> = history
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            (
                r["old"].as_str().unwrap_or("").to_string(),
                r["new"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("—".to_string(), "н (без уважительной причины)".to_string()),
            ("н (без уважительной причины)".into(), "о".into()),
            ("—".into(), "5".into()),
            ("—".into(), "4".into()),
            ("5".into(), "3".into()),
            ("4".into(), "—".into()),
        ]
    );
    assert!(history[0]["who"].as_str().is_some_and(|w| !w.is_empty()));
    assert_eq!(history[0]["via"], "API");
    // History rows are never changed or removed.
    assert!(
        sea_orm::ConnectionTrait::execute_unprepared(&app.db, "DELETE FROM journal_history")
            .await
            .is_err()
    );
    assert!(sea_orm::ConnectionTrait::execute_unprepared(
        &app.db,
        "UPDATE journal_history SET new_value = '5'"
    )
    .await
    .is_err());

    // The parent got notified of the absence at once, in words that agree
    // with the student (the patronymic tells «отмечен» from «отмечена»).
    let parent = Api::login(&app, "parent1").await;
    let notes: Value = parent.get_json("/api/v1/notifications").await;
    assert!(
        notes
            .as_array()
            .expect("list")
            .iter()
            .any(|n| n["kind"] == "absence"),
        "{notes}"
    );
    let patronymic = app
        .text(&format!(
            "SELECT COALESCE(patronymic, '') FROM people WHERE id = {}",
            f.student
        ))
        .await;
    let agreeing = if patronymic.ends_with("на") {
        "отмечена отсутствующей"
    } else {
        "отмечен отсутствующим"
    };
    assert!(
        notes.to_string().contains(agreeing),
        "{patronymic}: {notes}"
    );
    assert!(!notes.to_string().contains("отмечен(а)"), "{notes}");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_marks_wrong_students_and_other_teachers_lessons_are_refused() {
    let app = TestApp::start().await;
    let f = fixture(&app).await;
    let teacher = Api::login(&app, "teacher1").await;
    let before = app.scalar("SELECT COUNT(*) FROM journal_entries").await;
    let (status, body) = put(&teacher, &cell(f.yesterday, f.student, "6", 0)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("не отметка")),
        "{body}"
    );
    let (status, body) = put(&teacher, &cell(f.pass_fail, f.student, "5", 0)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["message"].as_str().is_some_and(|m| m.contains("зч")),
        "{body}"
    );
    let (status, _) = put(&teacher, &cell(f.pass_fail, f.student, "зч", 0)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = put(&teacher, &cell(f.yesterday, f.other_student, "5", 0)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("не занимается")),
        "{body}"
    );
    let (status, body) = put(&teacher, &cell(f.others_lesson, f.student, "5", 0)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, _) = put(&teacher, &cell(999_999, f.student, "5", 0)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The future is for notices, not marks.
    let (status, body) = put(&teacher, &cell(f.future, f.student, "5", 0)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("ещё не прошло")),
        "{body}"
    );
    // Nor may the director or a parent write.
    for login in ["director", "parent1", "student1"] {
        let other = Api::login(&app, login).await;
        let (status, _) = put(&other, &cell(f.yesterday, f.student, "5", 0)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{login}");
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM journal_entries").await,
        before + 1,
        "only the зачёт was written"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_change_is_refused_until_a_deputy_unlocks_it() {
    let app = TestApp::start().await;
    let f = fixture(&app).await;
    let teacher = Api::login(&app, "teacher1").await;
    let (status, body) = put(&teacher, &cell(f.old, f.student, "5", 0)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"], "locked");
    let message = body["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("истёк") && message.contains("заместитель директора"),
        "{message}"
    );

    // A teacher cannot unlock themselves; a deputy can, and it is recorded.
    let today = app.today();
    let unlock = json!({
        "teacher_id": app.person_of("teacher1").await.to_string(),
        "group_id": f.group.to_string(),
        "subject_id": f.subject.to_string(),
        "date_from": (today - Duration::days(14)).to_string(),
        "date_to": (today - Duration::days(10)).to_string(),
        "reason": "служебная записка № 12"
    });
    assert_eq!(
        teacher.post("/api/v1/unlocks", &unlock).await.status(),
        StatusCode::FORBIDDEN
    );
    let deputy = Api::login(&app, "deputy").await;
    assert_eq!(
        deputy.post("/api/v1/unlocks", &unlock).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'unlock'")
            .await,
        1
    );
    let (status, body) = put(&teacher, &cell(f.old, f.student, "5", 0)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    app.stop().await;
}

/// A cell written for the first time (on PostgreSQL, one statement) keeps
/// the same history as any other write: attendance first, then each mark in
/// its order with its own id.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_write_of_a_cell_records_each_mark_in_order() {
    let app = TestApp::start().await;
    let f = fixture(&app).await;
    let teacher = Api::login(&app, "teacher1").await;
    let (status, body) = put(&teacher, &cell(f.yesterday, f.student, "о 5 4 3", 0)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["text"], "о 5 4 3");
    assert_eq!(body["version"], 1);
    let ids: Vec<i64> = body["marks"]
        .as_array()
        .expect("marks")
        .iter()
        .map(|m| m["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(ids.len(), 3, "{body}");
    let cell_sql = format!(
        "lesson_id = {} AND student_person_id = {}",
        f.yesterday, f.student
    );
    let stored = app
        .rows(&format!(
            "SELECT id, position FROM marks WHERE {cell_sql} ORDER BY position"
        ))
        .await;
    let expected: Vec<Vec<i64>> = ids.iter().zip(0..).map(|(id, p)| vec![*id, p]).collect();
    assert_eq!(stored, expected, "the answer names the stored marks");
    let history = app
        .rows(&format!(
            "SELECT COALESCE(mark_id, 0) FROM journal_history WHERE {cell_sql} ORDER BY id"
        ))
        .await;
    assert_eq!(
        history,
        vec![vec![0], vec![ids[0]], vec![ids[1]], vec![ids[2]]]
    );
    let history: Value = teacher
        .get_json(&format!(
            "/api/v1/lessons/{}/history/{}",
            f.yesterday, f.student
        ))
        .await;
    let new: Vec<&str> = history
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["new"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(new, ["о", "5", "4", "3"]);
    // The next write changes what the first one wrote.
    let (status, body) = put(&teacher, &cell(f.yesterday, f.student, "5 4", 1)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["marks"][0]["id"], ids[0]);
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM marks WHERE {cell_sql}"))
            .await,
        2
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_saves_of_one_cell_lose_nothing() {
    let app = TestApp::start().await;
    let f = fixture(&app).await;
    let teacher = Api::login(&app, "teacher1").await;
    let (first, second) = (
        cell(f.yesterday, f.student, "5", 0),
        cell(f.yesterday, f.student, "н", 0),
    );
    let (a, b) = tokio::join!(put(&teacher, &first), put(&teacher, &second));
    let statuses = [a.0, b.0];
    assert!(
        statuses.contains(&StatusCode::OK) && statuses.contains(&StatusCode::CONFLICT),
        "{statuses:?}"
    );
    let (winner, loser) = if a.0 == StatusCode::OK {
        (a.1, b.1)
    } else {
        (b.1, a.1)
    };
    assert_eq!(loser["error"], "conflict");
    assert_eq!(
        loser["current"]["text"], winner["text"],
        "the second is shown the current value"
    );
    // A stale version is refused with the current value.
    let (status, body) = put(&teacher, &cell(f.yesterday, f.student, "4", 0)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["current"]["version"], 1);
    let cell_sql = format!(
        "lesson_id = {} AND student_person_id = {}",
        f.yesterday, f.student
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM journal_entries WHERE {cell_sql}"
        ))
        .await,
        1
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM journal_history WHERE {cell_sql}"
        ))
        .await,
        1,
        "only the winner's change is in the history"
    );
    app.stop().await;
}

/// Many saves of a cell already written, all from the same version: the
/// version check in the write lets exactly one through, whatever reached it
/// after reading the cell.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saves_racing_on_a_written_cell_let_one_through() {
    let app = TestApp::start().await;
    let f = fixture(&app).await;
    let teacher = Api::login(&app, "teacher1").await;
    let (status, body) = put(&teacher, &cell(f.yesterday, f.student, "5", 0)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let texts = ["4", "3 3", "о 5", "2", "5 5", "4 4 4", "о", "3"];
    let bodies: Vec<Value> = texts
        .iter()
        .map(|t| cell(f.yesterday, f.student, t, 1))
        .collect();
    let results = futures::future::join_all(bodies.iter().map(|b| put(&teacher, b))).await;
    let won: Vec<&Value> = results
        .iter()
        .filter(|(s, _)| *s == StatusCode::OK)
        .map(|(_, b)| b)
        .collect();
    assert_eq!(won.len(), 1, "{results:?}");
    assert!(
        results
            .iter()
            .all(|(s, _)| *s == StatusCode::OK || *s == StatusCode::CONFLICT),
        "{results:?}"
    );
    let cell_sql = format!(
        "lesson_id = {} AND student_person_id = {}",
        f.yesterday, f.student
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT CAST(version AS BIGINT) FROM journal_entries WHERE {cell_sql}"
        ))
        .await,
        2
    );
    let marks = app
        .scalar(&format!("SELECT COUNT(*) FROM marks WHERE {cell_sql}"))
        .await;
    assert_eq!(
        marks as usize,
        won[0]["marks"].as_array().expect("marks").len()
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_curator_marks_attendance_but_not_marks() {
    let app = TestApp::start().await;
    let f = fixture(&app).await;
    let curator = Api::login(&app, "curator1").await;
    let (status, body) = put(&curator, &cell(f.yesterday, f.student, "н", 0)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = put(&curator, &cell(f.yesterday, f.student, "н 5", 1)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // And sees the journal read-only.
    let grid = curator
        .get_json(&format!("/api/v1/journal/{}/{}", f.group, f.subject))
        .await;
    assert!(grid["rows"].as_array().is_some_and(|r| !r.is_empty()));
    app.stop().await;
}

/// «Все присутствуют» fills blanks only: the absences already recorded stay,
/// and it says what it counted. Removing an absence tells the parents.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn everyone_present_keeps_the_absences_and_says_what_it_did() {
    let app = TestApp::start().await;
    let f = fixture(&app).await;
    let mate = classmate(&app, &f).await;
    let teacher = Api::login(&app, "teacher1").await;
    put(&teacher, &cell(f.yesterday, f.student, "н", 0)).await;
    put(&teacher, &cell(f.yesterday, mate, "н", 0)).await;
    let students = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM group_students WHERE group_id = {}",
            f.group
        ))
        .await;
    let res = teacher
        .post(
            &format!("/api/v1/lessons/{}/present", f.yesterday),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let taken: Value = res.json().await.expect("json");
    assert_eq!(taken["students"], students);
    assert_eq!(taken["absent"], 2, "{taken}");
    assert_eq!(taken["present"], students - 2, "{taken}");
    assert!(
        taken["at"]
            .as_str()
            .is_some_and(|at| at.starts_with("2026-12-03T")),
        "{taken}"
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM journal_entries WHERE lesson_id = {} AND attendance = 'absent'",
            f.yesterday
        ))
        .await,
        2,
        "both absences stay"
    );
    // The lesson card says it on the page, after a redirect (a refresh sends nothing again).
    let b = Browser::login(&app, "teacher1").await;
    let res = b
        .post_form(&format!("/lessons/{}/present", f.yesterday), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = b
        .get_ok(&format!("/lessons/{}?done=attendance", f.yesterday))
        .await;
    assert!(
        page.contains(&format!(
            "присутствуют {} из {students}, отсутствуют 2.",
            students - 2
        )),
        "{page}"
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM journal_entries WHERE lesson_id = {} AND attendance = 'absent'",
            f.yesterday
        ))
        .await,
        2
    );

    // The teacher removes one absence: the parents are told it no longer stands.
    let card = teacher
        .get_json(&format!("/api/v1/lessons/{}", f.yesterday))
        .await;
    let version = card["students"]
        .as_array()
        .expect("students")
        .iter()
        .find(|s| s["cell"]["student_id"] == f.student)
        .map(|s| s["cell"]["version"].as_i64().unwrap_or(0))
        .expect("student1");
    let (status, _) = put(&teacher, &cell(f.yesterday, f.student, "", version)).await;
    assert_eq!(status, StatusCode::OK);
    let parent = Api::login(&app, "parent1").await;
    let notes: Value = parent.get_json("/api/v1/notifications").await;
    let removed = notes
        .as_array()
        .expect("list")
        .iter()
        .find(|n| n["kind"] == "absence_removed")
        .unwrap_or_else(|| panic!("no correction in {notes}"));
    assert!(
        removed["title"]
            .as_str()
            .is_some_and(|t| t.contains("отметка об отсутствии снята")),
        "{removed}"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_grid_page_and_the_lesson_page_work_without_javascript() {
    let app = TestApp::start().await;
    let f = fixture(&app).await;
    let b = Browser::login(&app, "teacher1").await;
    let list = b.get_ok("/journal").await;
    assert!(list.contains("Горное дело (тест)"), "{list}");
    let month = (app.today() - Duration::days(1))
        .format("%Y-%m-01")
        .to_string();
    let grid = b
        .get_ok(&format!("/journal/{}/{}?month={month}", f.group, f.subject))
        .await;
    assert!(grid.contains("class=\"cell"), "editable cells");
    // The lesson page takes a cell through a plain form.
    let page = b.get_ok(&format!("/lessons/{}", f.yesterday)).await;
    assert!(page.contains("Все присутствуют"));
    let res = b
        .post_form(
            &format!("/lessons/{}/cells", f.yesterday),
            &[
                ("student_id", &f.student.to_string()),
                ("text", "н"),
                ("version", "0"),
                ("reason", "illness"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = b.get_ok(&format!("/lessons/{}", f.yesterday)).await;
    assert!(page.contains("болезнь"), "{page}");
    let res = b
        .post_form(
            &format!("/lessons/{}/cells", f.old),
            &[
                ("student_id", &f.student.to_string()),
                ("text", "5"),
                ("version", "0"),
                ("reason", "invalid"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res
        .text()
        .await
        .expect("body")
        .contains("Срок внесения отметок"));
    let res = b
        .post_form(
            &format!("/lessons/{}", f.yesterday),
            &[("topic", "Тема 1.1. Горные породы"), ("homework", "§ 3")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let history = b
        .get_ok(&format!("/lessons/{}/history/{}", f.yesterday, f.student))
        .await;
    assert!(
        history.contains("болезнь") && history.contains("журнал"),
        "{history}"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lesson_files_reach_the_group_and_nobody_else() {
    let app = TestApp::start().await;
    let f = fixture(&app).await;
    let teacher = Api::login(&app, "teacher1").await;
    let upload = |name: &'static str, bytes: Vec<u8>, mime: &'static str| {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes)
                .file_name(name)
                .mime_str(mime)
                .expect("mime"),
        );
        teacher
            .client
            .post(format!("{}/api/v1/lessons/{}/files", app.base, f.yesterday))
            .bearer_auth(&teacher.token)
            .multipart(form)
            .send()
    };
    let res = upload(
        "Задание 3.pdf",
        b"%PDF-1.4 homework".to_vec(),
        "application/pdf",
    )
    .await
    .expect("upload");
    assert_eq!(res.status(), StatusCode::CREATED);
    let file: Value = res.json().await.expect("json");
    let id = file["id"].as_i64().expect("id");
    // Too big: refused, or the connection is closed while the client is still
    // sending (the server answers at the limit); either way nothing is stored.
    if let Ok(res) = upload("big.pdf", vec![0u8; 6 * 1024 * 1024], "application/pdf").await {
        assert!(
            res.status() == StatusCode::PAYLOAD_TOO_LARGE
                || res.status() == StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            res.status()
        );
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM lesson_files").await, 1);
    // A page uploaded as a «file» with its own type is served as an opaque
    // download that runs nothing, whatever type the uploader declared.
    let res = upload(
        "ответы.html",
        b"<script>fetch('/api/v1/me')</script>".to_vec(),
        "text/html",
    )
    .await
    .expect("upload");
    assert_eq!(res.status(), StatusCode::CREATED);
    let page_id = res.json::<Value>().await.expect("json")["id"]
        .as_i64()
        .expect("id");
    let res = teacher.get(&format!("/api/v1/files/{page_id}")).await;
    assert_eq!(res.headers()["content-type"], "application/octet-stream");
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .expect("csp");
    assert!(csp.contains("sandbox"), "{csp}");

    // The family of a student of the group downloads it; the diary lists it.
    let parent = Api::login(&app, "parent1").await;
    let res = parent.get(&format!("/api/v1/files/{id}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .expect("header")
        .to_string();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert_eq!(
        res.bytes().await.expect("bytes").as_ref(),
        b"%PDF-1.4 homework"
    );
    let week = (app.today() - Duration::days(1)).to_string();
    let diary = parent
        .get_json(&format!("/api/v1/diary/{}?week={week}", f.student))
        .await;
    assert!(diary.to_string().contains("Задание 3.pdf"));
    // Another group's family does not.
    let other_parent = app
        .scalar(&format!(
            "SELECT MIN(a.id) FROM accounts a JOIN parent_links l ON l.parent_person_id = a.person_id WHERE l.child_person_id = {}",
            f.other_student
        ))
        .await;
    let login: String = {
        let row = sea_orm::ConnectionTrait::query_one(
            &app.db,
            sea_orm::Statement::from_string(
                sea_orm::ConnectionTrait::get_database_backend(&app.db),
                format!("SELECT login FROM accounts WHERE id = {other_parent}"),
            ),
        )
        .await
        .expect("query")
        .expect("row");
        row.try_get::<String>("", "login").expect("login")
    };
    let stranger = Api::login(&app, &login).await;
    assert_eq!(
        stranger.get(&format!("/api/v1/files/{id}")).await.status(),
        StatusCode::FORBIDDEN
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_deadline_follows_the_college_setting() {
    let app = TestApp::start().await;
    let f = fixture(&app).await;
    let admin = Browser::login(&app, "admin").await;
    let res = admin
        .post_form(
            "/settings",
            &[("mark_edit_days", "сто"), ("attestation_edit_days", "1")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .text()
        .await
        .expect("body")
        .contains("Введите целое число."));
    // With 14 days, the lesson 12 days ago is open again.
    let res = admin
        .post_form(
            "/settings",
            &[("mark_edit_days", "14"), ("attestation_edit_days", "1")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let teacher = Api::login(&app, "teacher1").await;
    let (status, body) = put(&teacher, &cell(f.old, f.student, "4", 0)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // A director reads the settings but does not change them.
    let director = Browser::login(&app, "director").await;
    let page = director.get_ok("/settings").await;
    assert!(page.contains("14 дн."), "{page}");
    let res = director
        .post_form(
            "/settings",
            &[("mark_edit_days", "30"), ("attestation_edit_days", "1")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_marks_kind_of_work_changes_its_weight_and_is_recorded() {
    let app = TestApp::start().await;
    let f = fixture(&app).await;
    let teacher = Api::login(&app, "teacher1").await;
    let (_, body) = put(&teacher, &cell(f.yesterday, f.student, "5", 0)).await;
    let mark = body["marks"][0]["id"].as_i64().expect("mark id");
    let control = app
        .scalar("SELECT id FROM work_kinds WHERE name = 'Контрольная работа'")
        .await;
    let res = teacher
        .client
        .put(format!("{}/api/v1/marks/{mark}", app.base))
        .bearer_auth(&teacher.token)
        .json(&json!({ "work_kind_id": control }))
        .send()
        .await
        .expect("put");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let card = teacher
        .get_json(&format!("/api/v1/lessons/{}", f.yesterday))
        .await;
    let weight = card["students"]
        .as_array()
        .expect("students")
        .iter()
        .find(|s| s["cell"]["student_id"] == f.student)
        .map(|s| s["cell"]["marks"][0]["weight"].clone());
    assert_eq!(weight, Some(json!(3)));
    let history = teacher
        .get_json(&format!(
            "/api/v1/lessons/{}/history/{}",
            f.yesterday, f.student
        ))
        .await;
    assert!(
        history.to_string().contains("Контрольная работа"),
        "{history}"
    );
    // Not someone else's mark.
    let other = Api::login(&app, "teacher2").await;
    let res = other
        .client
        .put(format!("{}/api/v1/marks/{mark}", app.base))
        .bearer_auth(&other.token)
        .json(&json!({ "work_kind_id": control }))
        .send()
        .await
        .expect("put");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    app.stop().await;
}

/// The grid's row of a student: its cells' texts by lesson, average and hours.
fn grid_row(grid: &Value, student: i64) -> &Value {
    grid["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["student_id"] == student)
        .expect("the student's row")
}

fn cell_of(grid: &Value, student: i64, lesson: i64) -> &Value {
    let at = grid["lessons"]
        .as_array()
        .expect("lessons")
        .iter()
        .position(|l| l["id"] == lesson)
        .expect("the lesson's column");
    &grid_row(grid, student)["cells"][at]["cell"]
}

pub fn cell_text(grid: &Value, student: i64, lesson: i64) -> String {
    cell_of(grid, student, lesson)["text"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// A classmate of student1.
pub async fn classmate(app: &TestApp, f: &Fixture) -> i64 {
    app.scalar(&format!(
        "SELECT MIN(person_id) FROM group_students WHERE group_id = {} AND person_id <> {}",
        f.group, f.student
    ))
    .await
}

/// A classmate of student1, the kind «Контрольная работа» (weight 3) and a kind of weight 1.
async fn classmate_and_kinds(app: &TestApp, f: &Fixture) -> (i64, i64, i64) {
    let classmate = classmate(app, f).await;
    let control = app
        .scalar("SELECT id FROM work_kinds WHERE name = 'Контрольная работа'")
        .await;
    let light = app
        .scalar("SELECT MIN(id) FROM work_kinds WHERE weight = 1")
        .await;
    (classmate, control, light)
}

/// student1's «5 4» of the kind `kind` at yesterday's lesson; the cell written.
async fn five_four_of_kind(teacher: &Api, f: &Fixture, kind: i64) -> Value {
    let mut marks = cell(f.yesterday, f.student, "5 4", 0);
    marks["work_kind_id"] = json!(kind);
    let (status, written) = put(teacher, &marks).await;
    assert_eq!(status, StatusCode::OK);
    written
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_grid_shows_cells_weighted_averages_and_missed_hours() {
    let app = TestApp::start().await;
    let f = fixture(&app).await;
    let (classmate, control, light) = classmate_and_kinds(&app, &f).await;
    let teacher = Api::login(&app, "teacher1").await;
    let teacher2 = Api::login(&app, "teacher2").await;
    five_four_of_kind(&teacher, &f, control).await;
    let mut light_two = cell(f.others_lesson, f.student, "2", 0);
    light_two["work_kind_id"] = json!(light);
    assert_eq!(put(&teacher2, &light_two).await.0, StatusCode::OK);
    let mut ill = cell(f.yesterday, classmate, "н", 0);
    ill["reason"] = json!("illness");
    assert_eq!(put(&teacher, &ill).await.0, StatusCode::OK);
    let truant = cell(f.others_lesson, classmate, "н", 0);
    assert_eq!(put(&teacher2, &truant).await.0, StatusCode::OK);

    let month = (app.today() - Duration::days(1))
        .format("%Y-%m-01")
        .to_string();
    let grid = teacher
        .get_json(&format!(
            "/api/v1/journal/{}/{}?month={month}",
            f.group, f.subject
        ))
        .await;
    assert_eq!(cell_text(&grid, f.student, f.yesterday), "5 4");
    assert_eq!(cell_text(&grid, f.student, f.others_lesson), "2");
    assert_eq!(cell_text(&grid, classmate, f.yesterday), "н");
    assert_eq!(cell_text(&grid, classmate, f.others_lesson), "н");
    // Weights 3, 3 and 1: (5·3 + 4·3 + 2·1) / 7 = 4.142…, to hundredths.
    assert_eq!(grid_row(&grid, f.student)["average"], json!(4.14));
    assert!(grid_row(&grid, classmate)["average"].is_null());
    let pair = domain::journal::HOURS_PER_PAIR;
    assert_eq!(grid_row(&grid, classmate)["valid_hours"], json!(pair));
    assert_eq!(grid_row(&grid, classmate)["invalid_hours"], json!(pair));
    assert_eq!(grid_row(&grid, f.student)["invalid_hours"], json!(0));

    // The page shows the same: the average with two decimals, the hours.
    let b = Browser::login(&app, "teacher1").await;
    let page = b
        .get_ok(&format!("/journal/{}/{}?month={month}", f.group, f.subject))
        .await;
    assert!(
        page.contains("4,14"),
        "the average on the page, with a decimal comma"
    );
    assert!(
        page.contains(&format!("{pair} / {pair}")),
        "the hours on the page"
    );
    app.stop().await;
}

/// The months before the one shown are summed once and then kept; every later
/// change to them (a cell rewritten, a kind's weight, a lesson cancelled, even
/// by hand in SQL) shows in the next month's averages and hours at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn later_months_count_the_past_and_see_every_change_to_it() {
    let app = TestApp::start().await;
    let f = fixture(&app).await;
    let (classmate, control, light) = classmate_and_kinds(&app, &f).await;
    let teacher = Api::login(&app, "teacher1").await;
    let written = five_four_of_kind(&teacher, &f, control).await;
    let mut ill = cell(f.yesterday, classmate, "н", 0);
    ill["reason"] = json!("illness");
    assert_eq!(put(&teacher, &ill).await.0, StatusCode::OK);

    let yesterday = app.today() - Duration::days(1);
    let next = yesterday
        .with_day(1)
        .and_then(|d| d.checked_add_months(Months::new(1)))
        .expect("next month");
    let url = format!("/api/v1/journal/{}/{}?month={next}", f.group, f.subject);
    let pair = domain::journal::HOURS_PER_PAIR;
    let seen = |grid: &Value| {
        (
            grid_row(grid, f.student)["average"].clone(),
            grid_row(grid, classmate)["valid_hours"].clone(),
        )
    };
    let first = teacher.get_json(&url).await;
    assert_eq!(seen(&first), (json!(4.5), json!(pair)));
    // Read again, from memory: the same.
    assert_eq!(
        seen(&teacher.get_json(&url).await),
        (json!(4.5), json!(pair))
    );

    // The past cell rewritten: a 2 of weight 1 joins the two of weight 3.
    let mut more = cell(
        f.yesterday,
        f.student,
        "5 4 2",
        written["version"].as_i64().expect("version"),
    );
    more["work_kind_id"] = json!(light);
    assert_eq!(put(&teacher, &more).await.0, StatusCode::OK);
    // (5·3 + 4·3 + 2·1) / 7 = 4.14
    assert_eq!(
        seen(&teacher.get_json(&url).await),
        (json!(4.14), json!(pair))
    );

    // The college makes the test weigh 1: (5 + 4 + 2) / 3 = 3.67.
    app.exec(&format!(
        "UPDATE work_kinds SET weight = 1 WHERE id = {control}"
    ))
    .await;
    assert_eq!(
        seen(&teacher.get_json(&url).await),
        (json!(3.67), json!(pair))
    );

    // The lesson cancelled by hand: nothing of it counts any more.
    app.exec(&format!(
        "UPDATE lessons SET cancelled = TRUE WHERE id = {}",
        f.yesterday
    ))
    .await;
    assert_eq!(seen(&teacher.get_json(&url).await), (Value::Null, json!(0)));
    app.stop().await;
}

/// The month shown is kept in memory too; every change to its cells, written
/// through the journal or by hand in SQL (a reason given, a kind renamed, a
/// mark removed), shows on the very next view.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_month_shown_is_kept_and_sees_every_change_to_it() {
    let app = TestApp::start().await;
    let f = fixture(&app).await;
    let (classmate, control, _) = classmate_and_kinds(&app, &f).await;
    let teacher = Api::login(&app, "teacher1").await;
    five_four_of_kind(&teacher, &f, control).await;
    let month = (app.today() - Duration::days(1))
        .format("%Y-%m-01")
        .to_string();
    let url = format!("/api/v1/journal/{}/{}?month={month}", f.group, f.subject);
    let pair = domain::journal::HOURS_PER_PAIR;
    let grid = teacher.get_json(&url).await;
    assert_eq!(cell_text(&grid, f.student, f.yesterday), "5 4");
    assert_eq!(cell_text(&grid, classmate, f.yesterday), "");
    // Read again, from memory: the same.
    let again = teacher.get_json(&url).await;
    assert_eq!(cell_text(&again, f.student, f.yesterday), "5 4");

    // Written through the journal.
    let absent = cell(f.yesterday, classmate, "н", 0);
    assert_eq!(put(&teacher, &absent).await.0, StatusCode::OK);
    let grid = teacher.get_json(&url).await;
    assert_eq!(cell_text(&grid, classmate, f.yesterday), "н");
    assert_eq!(grid_row(&grid, classmate)["invalid_hours"], json!(pair));

    // By hand in SQL: the absence given a valid reason.
    app.exec(&format!(
        "UPDATE journal_entries SET reason = 'illness' \
         WHERE lesson_id = {} AND student_person_id = {classmate}",
        f.yesterday
    ))
    .await;
    let grid = teacher.get_json(&url).await;
    assert_eq!(grid_row(&grid, classmate)["valid_hours"], json!(pair));
    assert_eq!(grid_row(&grid, classmate)["invalid_hours"], json!(0));

    // The kind renamed: the marks name it so.
    app.exec(&format!(
        "UPDATE work_kinds SET name = 'Зачётная работа' WHERE id = {control}"
    ))
    .await;
    let grid = teacher.get_json(&url).await;
    assert_eq!(
        cell_of(&grid, f.student, f.yesterday)["marks"][0]["work_kind"],
        json!("Зачётная работа")
    );

    // A mark removed by hand.
    app.exec(&format!(
        "DELETE FROM marks WHERE value = '4' AND entry_id IN (SELECT id FROM journal_entries \
         WHERE lesson_id = {} AND student_person_id = {})",
        f.yesterday, f.student
    ))
    .await;
    let grid = teacher.get_json(&url).await;
    assert_eq!(cell_text(&grid, f.student, f.yesterday), "5");
    assert_eq!(grid_row(&grid, f.student)["average"], json!(5.0));
    app.stop().await;
}

/// A mark's kind of work must be one of the lesson's college: another
/// college's kind is refused with nothing written, the college's own is taken.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kind_of_work_of_another_college_is_refused() {
    let app = TestApp::start().await;
    let f = fixture(&app).await;
    let other = service::users::add_college(&app.app(), "ГБПОУ «Другой колледж»", "ДК", None)
        .await
        .expect("college");
    let foreign = app
        .scalar(&format!(
            "SELECT MIN(id) FROM work_kinds WHERE org_id = {other}"
        ))
        .await;
    let teacher = Api::login(&app, "teacher1").await;
    let mut marks = cell(f.yesterday, f.student, "5", 0);
    marks["work_kind_id"] = json!(foreign);
    let (status, body) = put(&teacher, &marks).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["fields"][0]["field"], "work_kind_id", "{body}");
    let written = format!(
        "SELECT COUNT(*) FROM journal_entries WHERE lesson_id = {} AND student_person_id = {}",
        f.yesterday, f.student
    );
    assert_eq!(app.scalar(&written).await, 0);

    let (_, control, _) = classmate_and_kinds(&app, &f).await;
    marks["work_kind_id"] = json!(control);
    let (status, body) = put(&teacher, &marks).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["marks"][0]["work_kind"],
        json!("Контрольная работа"),
        "{body}"
    );
    app.stop().await;
}
