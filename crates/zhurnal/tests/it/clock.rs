//! One clock for the whole app: when the server's «today» moves, every flow
//! that depends on the date follows it — the diary's week, the 8-day entry
//! deadline and the journal's month, across a month's end, the winter break
//! and the year's end — on each of the seven days of a week.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use reqwest::StatusCode;
use serde_json::Value;

use crate::client::{Api, Browser};
use crate::harness::TestApp;
use crate::journal::{cell, put};

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn sql_date(d: NaiveDate) -> String {
    d.format("'%Y-%m-%d'").to_string()
}

/// student1 and their group.
async fn student1(app: &TestApp) -> (i64, i64) {
    let student = app.person_of("student1").await;
    let group = app.group_of("student1").await;
    (student, group)
}

/// The group's first whole-group lesson on `date`: its id, subject and teacher's login.
async fn first_pair(app: &TestApp, group: i64, date: NaiveDate) -> Option<(i64, i64, String)> {
    let id = app
        .scalar(&format!(
            "SELECT COALESCE((SELECT id FROM lessons WHERE group_id = {group} AND date = {} \
             AND subgroup_id IS NULL ORDER BY pair_no, id LIMIT 1), 0)",
            sql_date(date)
        ))
        .await;
    if id == 0 {
        return None;
    }
    let subject = app
        .scalar(&format!("SELECT subject_id FROM lessons WHERE id = {id}"))
        .await;
    let login = app
        .text(&format!(
            "SELECT a.login FROM accounts a JOIN lessons l ON l.teacher_person_id = a.person_id \
             WHERE l.id = {id}"
        ))
        .await;
    Some((id, subject, login))
}

/// Teachers signed in on the current day (a move of the clock by a day
/// outlives a session's 12 idle hours, so each day signs in anew).
struct Teachers(HashMap<String, Api>);

impl Teachers {
    fn new() -> Self {
        Teachers(HashMap::new())
    }

    async fn get(&mut self, app: &TestApp, login: &str) -> &Api {
        if !self.0.contains_key(login) {
            let api = Api::login(app, login).await;
            self.0.insert(login.to_string(), api);
        }
        &self.0[login]
    }
}

/// Writes `text` into the student's cell of the lesson as its teacher.
async fn write(
    app: &TestApp,
    teachers: &mut Teachers,
    lesson: i64,
    login: &str,
    student: i64,
    text: &str,
) -> (StatusCode, Value) {
    let version = app
        .scalar(&format!(
            "SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) FROM journal_entries \
             WHERE lesson_id = {lesson} AND student_person_id = {student}"
        ))
        .await;
    let teacher = teachers.get(app, login).await;
    put(teacher, &cell(lesson, student, text, version)).await
}

/// The diary's week opened today (no week asked) by student1, through the API.
async fn diary_week(app: &TestApp, student: i64) -> Value {
    let api = Api::login(app, "student1").await;
    api.get_json(&format!("/api/v1/diary/{student}")).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_day_of_a_week_opens_its_own_week_and_keeps_the_deadline() {
    let app = TestApp::start().await;
    let (student, group) = student1(&app).await;
    let monday = ymd(2026, 12, 7);
    for offset in 0..7 {
        let today = monday + Duration::days(offset);
        app.clock.set_today(today);
        let sunday = today.weekday() == Weekday::Sun;

        // The diary opens on this week; on Sunday, on the week ahead.
        let week = diary_week(&app, student).await;
        let shown = if sunday {
            monday + Duration::days(7)
        } else {
            monday
        };
        assert_eq!(week["monday"], shown.to_string(), "{today}: {week}");
        let marked: Vec<&str> = week["days"]
            .as_array()
            .expect("days")
            .iter()
            .filter(|d| d["today"] == true)
            .map(|d| d["date"].as_str().expect("date"))
            .collect();
        let expected = if sunday {
            vec![]
        } else {
            vec![today.to_string()]
        };
        assert_eq!(marked, expected, "{today}: today is marked in its week");
        let page = Browser::login(&app, "student1")
            .await
            .get_ok("/diary")
            .await;
        let title = format!(
            "{} — {}",
            shown.format("%d.%m.%Y"),
            (shown + Duration::days(5)).format("%d.%m.%Y")
        );
        assert!(page.contains(&title), "{today}: the page shows {title}");

        // Cells of the last eight days and today are open; older ones and
        // tomorrow's are locked. Today's first pair takes an absence.
        let mut teachers = Teachers::new();
        let mut tried = 0;
        for back in -2..=11 {
            let date = today - Duration::days(back);
            let Some((lesson, _, login)) = first_pair(&app, group, date).await else {
                continue;
            };
            tried += 1;
            // Each day's marks differ from any day's before: a write that
            // changes nothing is no write, and is refused by nothing.
            let text = if back == 0 {
                "н"
            } else {
                ["5", "4", "3", "2", "5 5", "4 4", "3 3"][offset as usize]
            };
            let (status, body) = write(&app, &mut teachers, lesson, &login, student, text).await;
            if (0..=8).contains(&back) {
                assert_eq!(status, StatusCode::OK, "{today}: {date} is open: {body}");
            } else {
                assert_eq!(
                    status,
                    StatusCode::FORBIDDEN,
                    "{today}: {date} is locked: {body}"
                );
                assert_eq!(body["error"], "locked", "{today}: {date}: {body}");
            }
        }
        assert!(tried >= 8, "{today}: school days around it: {tried}");
    }

    // The parent learnt of the absences at the first pairs.
    let parent = Api::login(&app, "parent1").await;
    let notes = parent.get_json("/api/v1/notifications").await.to_string();
    assert!(
        notes.contains("07.12.2026") && notes.contains("11.12.2026"),
        "the absences of Monday and Friday reached the parent: {notes}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_months_end_the_winter_break_and_the_years_end_follow_the_clock() {
    let app = TestApp::start().await;
    let (student, group) = student1(&app).await;

    // Tuesday 01.12.2026: yesterday is in November. Its lesson is open, the
    // journal opens on December, and November's page shows yesterday's lesson
    // open and an older one locked.
    app.clock.set_today(ymd(2026, 12, 1));
    let (lesson, subject, login) = first_pair(&app, group, ymd(2026, 11, 30))
        .await
        .expect("a lesson on Monday 30.11");
    let mut teachers = Teachers::new();
    let (status, body) = write(&app, &mut teachers, lesson, &login, student, "4").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let teacher = teachers.get(&app, &login).await;
    let grid = teacher
        .get_json(&format!("/api/v1/journal/{group}/{subject}"))
        .await;
    assert_eq!(grid["month"], "2026-12-01", "{}", grid["month"]);
    let november = teacher
        .get_json(&format!(
            "/api/v1/journal/{group}/{subject}?month=2026-11-01"
        ))
        .await;
    let lessons = november["lessons"].as_array().expect("lessons");
    let open = |id: i64| {
        lessons
            .iter()
            .find(|l| l["id"] == id)
            .map(|l| l["marks_open"] == true)
    };
    assert_eq!(open(lesson), Some(true), "30.11 is open on 01.12");
    let old = lessons
        .iter()
        .filter(|l| l["date"].as_str() < Some("2026-11-23"))
        .map(|l| l["id"].as_i64().expect("id"))
        .next()
        .expect("an older November lesson");
    assert_eq!(open(old), Some(false), "three weeks back is locked");

    // Thursday 31.12.2026, in the winter break: the diary's week has no lessons,
    // and the semester's last school day is still open.
    app.clock.set_today(ymd(2026, 12, 31));
    let week = diary_week(&app, student).await;
    assert_eq!(week["monday"], "2026-12-28");
    let lessons_in_week: usize = week["days"]
        .as_array()
        .expect("days")
        .iter()
        .map(|d| d["lessons"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(lessons_in_week, 0, "the winter break: {week}");
    let last_day = NaiveDate::parse_from_str(
        &app.text(&format!(
            "SELECT CAST(MAX(date) AS TEXT) FROM lessons WHERE group_id = {group} \
             AND date < '2027-01-01'"
        ))
        .await[..10],
        "%Y-%m-%d",
    )
    .expect("the semester's last day");
    assert!(last_day >= ymd(2026, 12, 23), "{last_day}");
    let (last_lesson, _, login) = first_pair(&app, group, last_day).await.expect("lesson");
    let mut teachers = Teachers::new();
    let (status, body) = write(&app, &mut teachers, last_lesson, &login, student, "5").await;
    assert_eq!(status, StatusCode::OK, "{last_day} on 31.12: {body}");

    // Tuesday 12.01.2027, the first day after the break: December is locked,
    // today's first pair of the second semester is open.
    app.clock.set_today(ymd(2027, 1, 12));
    let mut teachers = Teachers::new();
    let (status, body) = write(&app, &mut teachers, last_lesson, &login, student, "4").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{last_day} on 12.01: {body}");
    let (lesson, _, login) = first_pair(&app, group, ymd(2027, 1, 12))
        .await
        .expect("a lesson on 12.01.2027");
    let (status, body) = write(&app, &mut teachers, lesson, &login, student, "5").await;
    assert_eq!(status, StatusCode::OK, "12.01 on 12.01: {body}");
    let week = diary_week(&app, student).await;
    assert_eq!(week["monday"], "2027-01-11");

    // The year's last week: closing waits for the calendar's end (30.06.2027),
    // and the day after it no longer waits.
    for (today, waits) in [(ymd(2027, 6, 29), true), (ymd(2027, 7, 1), false)] {
        app.clock.set_today(today);
        let deputy = Browser::login(&app, "deputy").await;
        let page = deputy.get_ok("/year/closing?year=2026").await;
        assert_eq!(
            page.contains("заканчивается 30.06.2027"),
            waits,
            "{today}: {page}"
        );
    }
}

/// teacher1 puts student1's attestation mark in ПР-26's «Русский язык».
async fn put_attestation(
    app: &TestApp,
    group: i64,
    subject: i64,
    student: i64,
    mark: &str,
) -> (StatusCode, Value) {
    let teacher = Api::login(app, "teacher1").await;
    let res = teacher
        .client
        .put(format!(
            "{}/api/v1/attestation/{group}/{subject}?year=2026&semester=1",
            app.base
        ))
        .bearer_auth(&teacher.token)
        .json(&serde_json::json!({ "marks": { student.to_string(): mark } }))
        .send()
        .await
        .expect("put");
    let status = res.status();
    (status, res.json().await.expect("json"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attestation_entry_closes_the_day_after_its_period_until_an_unlock() {
    let app = TestApp::start().await;
    let (group, subject) = crate::attestation::russian_of_pr26(&app).await;
    let student = app.person_of("student1").await;

    // The deputy puts the subject's attestation at the end of a module, 14–19.12.
    app.clock.set_today(ymd(2026, 12, 14));
    let deputy = Browser::login(&app, "deputy").await;
    let res = deputy
        .post_form(
            &format!("/attestation/group/{group}?year=2026&semester=1"),
            &[
                ("semester", "1"),
                ("subject_id", &subject.to_string()),
                ("source", "module"),
                ("name", "Раздел 3. Морфология"),
                ("starts_on", "2026-12-14"),
                ("ends_on", "2026-12-19"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    // Closed before the period begins; open on its last day and the day after
    // (the college's 1 day), closed the day after that: on Sunday as on any other day.
    for (today, mark, open) in [
        (ymd(2026, 12, 13), "5", false),
        (ymd(2026, 12, 19), "5", true),
        (ymd(2026, 12, 20), "4", true),
        (ymd(2026, 12, 21), "3", false),
    ] {
        app.clock.set_today(today);
        let (status, body) = put_attestation(&app, group, subject, student, mark).await;
        if open {
            assert_eq!(status, StatusCode::OK, "{today}: {body}");
        } else {
            assert_eq!(status, StatusCode::FORBIDDEN, "{today}: {body}");
            assert_eq!(body["error"], "locked", "{today}: {body}");
        }
    }

    // The deputy's unlock over the period lets the late mark through.
    let deputy = Api::login(&app, "deputy").await;
    let unlock = serde_json::json!({
        "teacher_id": app.person_of("teacher1").await.to_string(),
        "group_id": group.to_string(),
        "subject_id": subject.to_string(),
        "date_from": "2026-12-14",
        "date_to": "2026-12-19",
        "reason": "служебная записка № 14"
    });
    assert_eq!(
        deputy.post("/api/v1/unlocks", &unlock).await.status(),
        StatusCode::CREATED
    );
    let (status, body) = put_attestation(&app, group, subject, student, "3").await;
    assert_eq!(status, StatusCode::OK, "unlocked on 21.12: {body}");
    assert_eq!(
        app.text(&format!(
            "SELECT value FROM attestation_marks WHERE student_person_id = {student} \
             AND subject_id = {subject}"
        ))
        .await,
        "3"
    );
}
