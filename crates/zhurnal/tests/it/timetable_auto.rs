//! Automatic timetabling of the college: a run in the background from the
//! teaching load, watched, explained, applied; an impossible load refused
//! before any search.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::client::{Api, Browser};
use crate::harness::TestApp;

fn year() -> i32 {
    domain::reference::school_year(crate::harness::TODAY)
}

async fn wait_done(api: &Api, id: i64) -> Value {
    let started = Instant::now();
    loop {
        let job = api.get_json(&format!("/api/v1/timetable/auto/{id}")).await;
        if job["status"] != "running" {
            return job;
        }
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "the run did not end: {job}"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_solver_builds_the_semester_and_the_dispatcher_applies_it() {
    let app = TestApp::start().await;
    let year = year();
    let api = Api::login(&app, "dispatcher").await;
    let res = api
        .post(
            &format!("/api/v1/timetable/auto?year={year}"),
            &json!({ "semester": "2", "seconds": "2" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let id = res.json::<Value>().await.expect("json")["id"]
        .as_i64()
        .expect("id");
    // One run at a time.
    let res = api
        .post(
            &format!("/api/v1/timetable/auto?year={year}"),
            &json!({ "semester": "1", "seconds": "2" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The page shows the progress while it runs.
    let dispatcher = Browser::login(&app, "dispatcher").await;
    let page = dispatcher.get_ok(&format!("/timetable/auto/{id}")).await;
    assert!(
        page.contains("Идёт поиск") || page.contains("готово"),
        "{page}"
    );

    let job = wait_done(&api, id).await;
    assert_eq!(job["status"], "done", "{job}");
    let p = &job["proposal"];
    assert_eq!(
        p["hard"], 0,
        "no group, teacher or room twice in a pair: {p}"
    );
    // The college's goals: no window in any group's day (the solver reaches
    // none on the demo in about half a second of an idle core).
    assert_eq!(p["group_gaps"], 0, "{}", p["notes"]);
    let slots = p["slots"].as_array().expect("slots");
    assert_eq!(p["lessons_a_week"].as_u64(), Some(slots.len() as u64));
    let groups_with_load = app
        .scalar(&format!(
            "SELECT COUNT(DISTINCT group_id) FROM teaching_loads WHERE school_year = {year} AND semester = 2"
        ))
        .await;
    let planned_groups = p["group_names"].as_array().expect("groups").len() as i64;
    assert!(planned_groups > 0 && planned_groups <= groups_with_load);
    assert!(p["notes"].is_array());

    // The dispatcher reads it on the page: conditions, a group's week, what is left.
    let page = dispatcher.get_ok(&format!("/timetable/auto/{id}")).await;
    assert!(page.contains("соблюдены"), "{page}");
    assert!(page.contains("Неделя группы"), "{page}");
    assert!(page.contains("Что осталось неидеальным"), "{page}");
    // A timetable of cost 0 cannot be bettered: the run ends there and says so.
    assert_eq!(
        page.contains("Лучше не бывает"),
        p["cost"] == 0,
        "cost {}: {page}",
        p["cost"]
    );
    // Others read it only if they read the college's timetable.
    let teacher = Browser::login(&app, "teacher1").await;
    assert_eq!(
        teacher.get(&format!("/timetable/auto/{id}")).await.status(),
        StatusCode::FORBIDDEN
    );

    // Applying replaces the semester's weekly pattern with it, whole.
    let res = dispatcher
        .post_form(&format!("/timetable/auto/{id}/apply"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let slots_sql = format!("FROM timetable_slots WHERE school_year = {year} AND semester = 2");
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) {slots_sql}")).await,
        slots.len() as i64
    );
    for (who, column) in [("teacher", "teacher_person_id"), ("room", "room_id")] {
        let twice = app
            .scalar(&format!(
                "SELECT COUNT(*) FROM (SELECT {column}, weekday, pair_no {slots_sql} \
                 AND {column} IS NOT NULL GROUP BY {column}, weekday, pair_no HAVING COUNT(*) > 1) AS t"
            ))
            .await;
        assert_eq!(twice, 0, "a {who} twice in a pair");
    }
    let group_twice = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM timetable_slots a JOIN timetable_slots b \
             ON a.group_id = b.group_id AND a.weekday = b.weekday AND a.pair_no = b.pair_no AND a.id < b.id \
             WHERE a.school_year = {year} AND a.semester = 2 AND b.school_year = {year} AND b.semester = 2 \
             AND (a.subgroup_id IS NULL OR b.subgroup_id IS NULL OR a.subgroup_id = b.subgroup_id)"
        ))
        .await;
    assert_eq!(group_twice, 0, "a group twice in a pair");
    let page = dispatcher.get_ok(&format!("/timetable/auto/{id}")).await;
    assert!(page.contains("Применено"), "{page}");
    // Not twice.
    let res = api
        .post(&format!("/api/v1/timetable/auto/{id}/apply"), &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_impossible_load_is_refused_before_any_search() {
    let app = TestApp::start().await;
    let year = year();
    let teacher1 = app.person_of("teacher1").await;
    let surname = app
        .text(&format!("SELECT surname FROM people WHERE id = {teacher1}"))
        .await;
    // Far more pairs a week for teacher1 than a week has.
    let source = app
        .scalar(&format!(
            "SELECT MIN(id) FROM teaching_loads WHERE school_year = {year} AND semester = 2"
        ))
        .await;
    app.exec(&format!(
        "INSERT INTO teaching_loads (org_id, school_year, semester, item_id, group_id, subgroup_id, part, subject_id, teacher_person_id, hours) \
         SELECT org_id, school_year, semester, item_id, group_id, NULL, 99, subject_id, {teacher1}, 3000 \
         FROM teaching_loads WHERE id = {source}"
    ))
    .await;
    let jobs = "SELECT COUNT(*) FROM timetable_jobs";
    let dispatcher = Browser::login(&app, "dispatcher").await;
    let res = dispatcher
        .post_form(
            &format!("/timetable/auto?year={year}"),
            &[("semester", "2"), ("seconds", "5"), ("days", "5")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.expect("body");
    assert!(page.contains("Составить нельзя"), "{page}");
    assert!(
        page.contains(&format!("Преподавателю {surname}")) && page.contains("пар в неделю"),
        "{page}"
    );
    assert_eq!(app.scalar(jobs).await, 0, "no run started");
    // The API says the same in JSON; bad numbers are named.
    let api = Api::login(&app, "dispatcher").await;
    let res = api
        .post(
            &format!("/api/v1/timetable/auto?year={year}"),
            &json!({ "semester": "3", "seconds": "100000" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err: Value = res.json().await.expect("json");
    let fields: Vec<&str> = err["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert!(
        fields.contains(&"semester") && fields.contains(&"seconds"),
        "{err}"
    );
    // Only the dispatcher, deputy and administrator start it.
    let teacher = Api::login(&app, "teacher1").await;
    let res = teacher
        .post(
            &format!("/api/v1/timetable/auto?year={year}"),
            &json!({ "semester": "2" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.scalar(jobs).await, 0);
    app.stop().await;
}
