//! The diary: a student's week for the student, the parent and a delegate; notices of absence.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::client::{Api, Browser};
use crate::harness::TestApp;
use crate::journal::{cell, classmate, fixture, org, put};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_family_sees_the_teachers_marks_and_nobody_elses_child() {
    let app = TestApp::start().await;
    let f = fixture(&app).await;
    let teacher = Api::login(&app, "teacher1").await;
    let (status, body) = put(&teacher, &cell(f.yesterday, f.student, "5 4", 0)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // A classmate's cell at the same lesson stays out of this diary.
    let classmate = classmate(&app, &f).await;
    let (status, body) = put(&teacher, &cell(f.yesterday, classmate, "н 2", 0)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    sea_orm::ConnectionTrait::execute_unprepared(
        &app.db,
        &format!("UPDATE lessons SET topic = 'Тема 2. Вскрытие месторождений', homework = '§ 7, вопросы 1–3' WHERE id = {}", f.yesterday),
    )
    .await
    .expect("topic");
    let week = (app.today() - Duration::days(1)).to_string();
    for login in ["student1", "parent1", "delegate1"] {
        let api = Api::login(&app, login).await;
        let diary: Value = api
            .get_json(&format!("/api/v1/diary/{}?week={week}", f.student))
            .await;
        let text = diary.to_string();
        assert!(
            text.contains("Горное дело (тест)") && text.contains("§ 7, вопросы 1–3"),
            "{login}: {text}"
        );
        let lessons: Vec<&Value> = diary["days"]
            .as_array()
            .expect("days")
            .iter()
            .flat_map(|d| d["lessons"].as_array().expect("lessons"))
            .filter(|l| l["id"] == f.yesterday)
            .collect();
        assert_eq!(lessons.len(), 1, "{login}: the lesson once: {text}");
        let marks: Vec<&str> = lessons[0]["marks"]
            .as_array()
            .expect("marks")
            .iter()
            .map(|m| m["short"].as_str().expect("short"))
            .collect();
        assert_eq!(marks, ["5", "4"], "{login} sees the marks in order");
        if login == "parent1" {
            let page = crate::client::Browser::login(&app, login)
                .await
                .get_ok(&format!("/diary?student={}&week={week}", f.student))
                .await;
            assert!(
                page.contains("Тема 2. Вскрытие месторождений") && !page.contains("Тема: Тема"),
                "the topic once: {page}"
            );
        }
        assert_eq!(lessons[0]["attendance"], Value::Null, "{login}: {text}");
        let res = api.get(&format!("/api/v1/diary/{}", f.other_student)).await;
        assert_eq!(
            res.status(),
            StatusCode::FORBIDDEN,
            "{login} must not read another child"
        );
    }
    // The page shows the same to a parent on a phone.
    let parent = Browser::login(&app, "parent1").await;
    let page = parent
        .get_ok(&format!("/diary?student={}&week={week}", f.student))
        .await;
    assert!(
        page.contains("Горное дело (тест)") && page.contains("class=\"mark\""),
        "{page}"
    );
    let summary = parent
        .get_ok(&format!("/diary/summary?student={}", f.student))
        .await;
    assert!(summary.contains("Горное дело (тест)"));
    let api = Api::login(&app, "parent1").await;
    let summary: Value = api
        .get_json(&format!("/api/v1/diary/{}/summary", f.student))
        .await;
    let subject = summary
        .as_array()
        .expect("subjects")
        .iter()
        .find(|s| s["subject"] == "Горное дело (тест)")
        .expect("the subject is in the summary");
    assert_eq!(subject["average"], 4.5, "{subject}");
    assert_eq!(
        parent
            .get(&format!("/diary?student={}", f.other_student))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parents_notice_marks_future_lessons_absent() {
    let app = TestApp::start().await;
    let f = fixture(&app).await;
    let parent = Api::login(&app, "parent1").await;
    let today = app.today();
    let res = parent
        .post(
            &format!("/api/v1/diary/{}/notices", f.student),
            &json!({ "date_from": today.to_string(), "date_to": (today + Duration::days(3)).to_string(), "reason": "illness", "note": "ОРВИ" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await.expect("json");
    assert!(
        body["lessons_marked"].as_u64().is_some_and(|n| n >= 1),
        "{body}"
    );
    let marked = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM journal_entries WHERE lesson_id = {} AND student_person_id = {} AND attendance = 'absent' AND source = 'notice' AND reason = 'illness'",
            f.future, f.student
        ))
        .await;
    assert_eq!(marked, 1);
    let via = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM journal_history WHERE lesson_id = {} AND via = 'notice'",
            f.future
        ))
        .await;
    assert_eq!(via, 1);
    // Not for someone else's child, not for the past.
    let res = parent
        .post(
            &format!("/api/v1/diary/{}/notices", f.other_student),
            &json!({ "date_from": today.to_string(), "date_to": today.to_string(), "reason": "illness" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = parent
        .post(
            &format!("/api/v1/diary/{}/notices", f.student),
            &json!({ "date_from": (today - Duration::days(5)).to_string(), "date_to": (today - Duration::days(4)).to_string(), "reason": "illness" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A family does not send a student away «по приказу колледжа».
    let res = parent
        .post(
            &format!("/api/v1/diary/{}/notices", f.student),
            &json!({ "date_from": today.to_string(), "date_to": today.to_string(), "reason": "college_order" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.stop().await;
}

/// The notice form on the diary page: «болезнь» first, no «по приказу
/// колледжа» for a parent, the result at the top of the page it redirects
/// to, so a refresh sends nothing again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_notice_form_suits_a_parent_and_is_not_sent_twice() {
    let app = TestApp::start().await;
    let f = fixture(&app).await;
    let parent = crate::client::Browser::login(&app, "parent1").await;
    let page = parent
        .get_ok(&format!("/diary?student={}", f.student))
        .await;
    let select = &page[page.find("name=\"reason\"").expect("reason select")..];
    let first = select.find("<option").expect("an option");
    assert!(
        select[first..].starts_with("<option value=\"illness\""),
        "{select}"
    );
    assert!(!select[..select.find("</select>").expect("end")].contains("college_order"));
    let today = app.today().to_string();
    let until = (app.today() + Duration::days(3)).to_string();
    let res = parent
        .post_form(
            &format!("/diary/notice?student={}", f.student),
            &[
                ("date_from", today.as_str()),
                ("date_to", until.as_str()),
                ("reason", "illness"),
                ("note", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = crate::client::location(&res);
    assert!(to.contains("noticed="), "{to}");
    let after = parent.get_ok(&to).await;
    let top = &after[..after.find("<nav class=\"pager\"").expect("pager")];
    assert!(top.contains("Уведомление об отсутствии принято"), "{top}");
    app.stop().await;
}

/// The diary's order is made in Rust, not by the database: a lesson entered
/// later for an earlier pair comes first, and marks follow their position in
/// the cell, not the order they were stored in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_week_runs_in_pair_order_and_marks_in_cell_order() {
    let app = TestApp::start().await;
    let f = fixture(&app).await;
    let org = org(&app).await;
    let teacher = app.person_of("teacher1").await;
    let yesterday = app.today() - Duration::days(1);
    // Entered after the fixture's fifth pair of the same day.
    let first_pair = store::lessons::insert(
        &app.db,
        org,
        store::lessons::NewLesson {
            group_id: f.group,
            subgroup_id: None,
            subject_id: f.subject,
            teacher_person_id: teacher,
            room_id: None,
            date: yesterday,
            pair_no: 1,
            starts_at: "08:30".into(),
            ends_at: "10:00".into(),
            kind: "lecture".into(),
        },
    )
    .await
    .expect("lesson")
    .id;
    assert!(first_pair > f.yesterday);
    let api = Api::login(&app, "teacher1").await;
    let (status, body) = put(&api, &cell(f.yesterday, f.student, "5 3", 0)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The cell's second mark moves first: positions now run against the ids.
    let entry = app
        .scalar(&format!(
            "SELECT id FROM journal_entries WHERE lesson_id = {} AND student_person_id = {}",
            f.yesterday, f.student
        ))
        .await;
    for sql in [
        format!("UPDATE marks SET position = position + 10 WHERE entry_id = {entry}"),
        format!("UPDATE marks SET position = 11 - position WHERE entry_id = {entry}"),
    ] {
        sea_orm::ConnectionTrait::execute_unprepared(&app.db, &sql)
            .await
            .expect("positions");
    }
    let student = Api::login(&app, "student1").await;
    let diary: Value = student
        .get_json(&format!("/api/v1/diary/{}?week={yesterday}", f.student))
        .await;
    let day = diary["days"]
        .as_array()
        .expect("days")
        .iter()
        .find(|d| d["date"] == yesterday.to_string())
        .expect("yesterday is in the week");
    let lessons = day["lessons"].as_array().expect("lessons");
    let pairs: Vec<i64> = lessons
        .iter()
        .map(|l| l["pair_no"].as_i64().expect("pair"))
        .collect();
    assert!(pairs.windows(2).all(|w| w[0] <= w[1]), "{pairs:?}");
    let at = |id: i64| lessons.iter().position(|l| l["id"] == id).expect("lesson");
    assert!(at(first_pair) < at(f.yesterday), "{day}");
    let marks: Vec<&str> = lessons[at(f.yesterday)]["marks"]
        .as_array()
        .expect("marks")
        .iter()
        .map(|m| m["short"].as_str().expect("short"))
        .collect();
    assert_eq!(marks, ["3", "5"], "{day}");
    app.stop().await;
}

/// A student enrolled again (moved to another group) reads the diary of the
/// group they were enrolled in last.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_moved_to_another_group_reads_the_new_groups_week() {
    let app = TestApp::start().await;
    let f = fixture(&app).await;
    let org = org(&app).await;
    let new_group = app
        .scalar(&format!(
            "SELECT group_id FROM group_students WHERE person_id = {}",
            f.other_student
        ))
        .await;
    assert_ne!(new_group, f.group);
    store::groups::add_student(&app.db, org, new_group, f.student, None)
        .await
        .expect("enrolment");
    let name = |id: i64| {
        let app = &app;
        async move {
            let db = &app.db;
            store::groups::get(db, org, id)
                .await
                .expect("group")
                .expect("the group exists")
                .name
        }
    };
    let student = Api::login(&app, "student1").await;
    let diary: Value = student
        .get_json(&format!("/api/v1/diary/{}", f.student))
        .await;
    assert_eq!(diary["group_id"], new_group, "{diary}");
    assert_eq!(diary["group"], name(new_group).await, "{diary}");
    let page = Browser::login(&app, "student1")
        .await
        .get_ok(&format!("/diary?student={}", f.student))
        .await;
    assert!(page.contains(&name(new_group).await), "{page}");
    assert!(!page.contains(&name(f.group).await), "{page}");
    app.stop().await;
}

/// A notice given ahead marks the lessons absent at once, but they are missed
/// hours only once they begin: not in the diary's «Итоги», the journal's row
/// or the group's attendance report before that.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notice_ahead_counts_no_missed_hours_until_the_lesson_begins() {
    let app = TestApp::start().await;
    let f = fixture(&app).await;
    let today = app.today();
    let day = today + Duration::days(2);
    let parent = Api::login(&app, "parent1").await;
    let teacher = Api::login(&app, "teacher1").await;
    let deputy = Browser::login(&app, "deputy").await;
    let summary = format!(
        "/api/v1/diary/{}/summary?from={}&to={}",
        f.student,
        today - Duration::days(30),
        day + Duration::days(7)
    );
    let grid = format!(
        "/api/v1/journal/{}/{}?month={}",
        f.group,
        f.subject,
        day.format("%Y-%m-01")
    );
    let report = format!(
        "/groups/{}/attendance?from={}&to={}",
        f.group,
        today - Duration::days(30),
        day + Duration::days(7)
    );
    let missed = |s: &Value| -> i64 {
        s.as_array()
            .expect("subjects")
            .iter()
            .map(|x| {
                x["valid_hours"].as_i64().unwrap_or(0) + x["invalid_hours"].as_i64().unwrap_or(0)
            })
            .sum()
    };
    let row_hours = |g: &Value| -> i64 {
        let row = g["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .find(|r| r["student_id"] == f.student)
            .expect("row");
        row["valid_hours"].as_i64().unwrap_or(0) + row["invalid_hours"].as_i64().unwrap_or(0)
    };
    let report_line = |page: String| -> String {
        let at = page.find("Пропущено часов за период").expect("report line");
        page[at..at + page[at..].find("</p>").expect("end")].to_string()
    };
    let before = (
        missed(&parent.get_json(&summary).await),
        row_hours(&teacher.get_json(&grid).await),
        report_line(deputy.get_ok(&report).await),
    );
    let res = parent
        .post(
            &format!("/api/v1/diary/{}/notices", f.student),
            &json!({ "date_from": day.to_string(), "date_to": day.to_string(), "reason": "illness" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM journal_entries WHERE lesson_id = {} AND attendance = 'absent'",
            f.future
        ))
        .await,
        1,
        "the lesson ahead is marked"
    );
    let after = (
        missed(&parent.get_json(&summary).await),
        row_hours(&teacher.get_json(&grid).await),
        report_line(deputy.get_ok(&report).await),
    );
    assert_eq!(after, before, "nothing is missed yet");
    // The day after, the lesson has been held: its two hours count.
    app.app().clock.set_today(day + Duration::days(1));
    assert_eq!(
        missed(&parent.get_json(&summary).await),
        before.0 + domain::journal::HOURS_PER_PAIR
    );
    assert_eq!(
        row_hours(&teacher.get_json(&grid).await),
        before.1 + domain::journal::HOURS_PER_PAIR
    );
    assert_ne!(report_line(deputy.get_ok(&report).await), before.2);
    app.stop().await;
}
