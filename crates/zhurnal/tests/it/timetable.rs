//! The timetable by hand (seed 3.2, 3.3): a dispatcher builds a group's week,
//! is stopped by a conflict, substitutes and cancels lessons; the student sees
//! the changes in the diary, the substitute in their journal, the deputy the
//! hours delivered per teacher.

use chrono::{Datelike, Duration, NaiveDate};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::client::{Api, Browser};
use crate::harness::TestApp;

/// A lesson as the demo planned it: what the dispatcher puts back by hand.
struct Planned {
    date: NaiveDate,
    pair: i64,
    subgroup: i64,
    subject: i64,
    teacher: i64,
    room: i64,
}

fn day(n: i64) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(n as i32).expect("a date")
}

/// SQL that gives a date column as a day number on both databases.
fn day_number(column: &str) -> String {
    // Days since 0001-01-01 (the proleptic Gregorian day of CE, minus one).
    if crate::harness::backend() == "postgres" {
        format!("CAST(({column} - DATE '0001-01-01') + 1 AS BIGINT)")
    } else {
        format!("CAST(julianday({column}) - julianday('0001-01-01') AS INTEGER) + 1")
    }
}

/// The Monday of the group's next week with lessons, at least a week ahead.
async fn next_week(app: &TestApp, group: i64) -> NaiveDate {
    let from = (crate::harness::TODAY + Duration::days(7)).format("'%Y-%m-%d'");
    let first = app
        .scalar(&format!(
            "SELECT MIN({}) FROM lessons WHERE group_id = {group} AND date >= {from}",
            day_number("date")
        ))
        .await;
    let first = day(first);
    first - Duration::days(i64::from(first.weekday().num_days_from_monday()))
}

fn sql_date(d: NaiveDate) -> String {
    d.format("'%Y-%m-%d'").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dispatcher_builds_a_week_and_changes_reach_the_diary() {
    let app = TestApp::start().await;
    let student = app.person_of("student1").await;
    let group = app
        .scalar(&format!(
            "SELECT group_id FROM group_students WHERE person_id = {student}"
        ))
        .await;
    let group_name = app
        .text(&format!("SELECT name FROM study_groups WHERE id = {group}"))
        .await;
    let monday = next_week(&app, group).await;
    let (from, to) = (sql_date(monday), sql_date(monday + Duration::days(6)));
    let week = format!("/timetable/group/{group}?week={monday}");

    // The week is not built yet: take the group's lessons away, keeping what they were.
    let planned: Vec<Planned> = app
        .rows(&format!(
            "SELECT {}, pair_no, subgroup_id, subject_id, teacher_person_id, room_id FROM lessons \
             WHERE group_id = {group} AND date BETWEEN {from} AND {to} ORDER BY date, pair_no, id",
            day_number("date")
        ))
        .await
        .into_iter()
        .map(|r| Planned {
            date: day(r[0]),
            pair: r[1],
            subgroup: r[2],
            subject: r[3],
            teacher: r[4],
            room: r[5],
        })
        .collect();
    assert!(planned.len() >= 6, "the demo plans a full week");
    app.exec(&format!(
        "DELETE FROM lessons WHERE group_id = {group} AND date BETWEEN {from} AND {to}"
    ))
    .await;

    let dispatcher = Browser::login(&app, "dispatcher").await;
    let page = dispatcher.get_ok(&week).await;
    assert!(page.contains("На этой неделе занятий нет"), "{page}");

    // The dispatcher puts the week back lesson by lesson, checking the first one before saving.
    let form = |p: &Planned| -> Vec<(&'static str, String)> {
        let opt = |v: i64| if v == 0 { String::new() } else { v.to_string() };
        vec![
            ("date", p.date.to_string()),
            ("pair_no", p.pair.to_string()),
            ("subgroup_id", opt(p.subgroup)),
            ("subject_id", p.subject.to_string()),
            ("teacher_id", p.teacher.to_string()),
            ("room_id", opt(p.room)),
        ]
    };
    let post = |action: &'static str, fields: Vec<(&'static str, String)>| {
        let dispatcher = &dispatcher;
        async move {
            let mut all: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            all.push(("action", action));
            dispatcher
                .post_form(&format!("/timetable/group/{group}/new"), &all)
                .await
        }
    };
    let res = post("check", form(&planned[0])).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.expect("body");
    assert!(body.contains("Конфликтов нет"), "{body}");
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM lessons WHERE group_id = {group} AND date BETWEEN {from} AND {to}"
        ))
        .await,
        0,
        "a check saves nothing"
    );
    for p in &planned {
        let res = post("save", form(p)).await;
        let status = res.status();
        let body = res.text().await.expect("body");
        assert_eq!(status, StatusCode::SEE_OTHER, "{}: {body}", p.date);
    }
    let lessons_of_week = format!(
        "SELECT COUNT(*) FROM lessons WHERE group_id = {group} AND date BETWEEN {from} AND {to}"
    );
    assert_eq!(app.scalar(&lessons_of_week).await, planned.len() as i64);
    let page = dispatcher.get_ok(&week).await;
    assert!(!page.contains("На этой неделе занятий нет"));

    // A teacher busy with another group in a pair the group has free stops the dispatcher.
    let pairs: Vec<String> = planned.iter().map(|p| p.pair.to_string()).collect();
    let busy = app
        .rows(&format!(
            "SELECT {}, l.pair_no, l.teacher_person_id, l.group_id FROM lessons l \
             WHERE l.date BETWEEN {from} AND {to} AND l.group_id <> {group} AND l.substitute_person_id IS NULL \
               AND l.pair_no IN ({}) AND NOT l.cancelled \
               AND NOT EXISTS (SELECT 1 FROM lessons m WHERE m.group_id = {group} \
                               AND m.date = l.date AND m.pair_no = l.pair_no) \
               AND NOT EXISTS (SELECT 1 FROM lessons m WHERE m.teacher_person_id = l.teacher_person_id \
                               AND m.id <> l.id AND m.date = l.date AND m.pair_no = l.pair_no) \
             ORDER BY l.date, l.pair_no, l.id",
            day_number("l.date"),
            pairs.join(",")
        ))
        .await;
    let busy = busy
        .first()
        .expect("a teacher busy elsewhere in a free pair");
    let (date, pair, teacher, other_group) = (day(busy[0]), busy[1], busy[2], busy[3]);
    let other_name = app
        .text(&format!(
            "SELECT name FROM study_groups WHERE id = {other_group}"
        ))
        .await;
    let surname = app
        .text(&format!("SELECT surname FROM people WHERE id = {teacher}"))
        .await;
    let clash = Planned {
        date,
        pair,
        subgroup: 0,
        subject: planned[0].subject,
        teacher,
        room: 0,
    };
    let res = post("save", form(&clash)).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let body = res.text().await.expect("body");
    assert!(body.contains("Занятие не поставлено"), "{body}");
    assert!(
        body.contains("в эту пару уже ведёт")
            && body.contains(&surname)
            && body.contains(&other_name),
        "the conflict names the teacher and the other group: {body}"
    );
    assert_eq!(app.scalar(&lessons_of_week).await, planned.len() as i64);
    // The API refuses it alike, with the conflicts listed.
    let api = Api::login(&app, "dispatcher").await;
    let input: serde_json::Map<String, Value> = form(&clash)
        .into_iter()
        .map(|(k, v)| (k.to_string(), Value::String(v)))
        .collect();
    let res = api
        .post(
            &format!("/api/v1/timetable/groups/{group}/lessons?check=true"),
            &Value::Object(input),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let err: Value = res.json().await.expect("json");
    assert_eq!(err["error"], "timetable_conflict", "{err}");
    assert!(
        err["current"]
            .as_array()
            .is_some_and(|c| c.iter().any(|c| c["kind"] == "teacher")),
        "{err}"
    );
    assert_eq!(app.scalar(&lessons_of_week).await, planned.len() as i64);

    // A substitution and a cancellation of two whole-group lessons.
    let teacher1 = app.person_of("teacher1").await;
    let whole: Vec<Vec<i64>> = app
        .rows(&format!(
            "SELECT l.id, l.teacher_person_id FROM lessons l WHERE l.group_id = {group} \
             AND l.subgroup_id IS NULL AND l.date BETWEEN {from} AND {to} \
             AND NOT EXISTS (SELECT 1 FROM lessons m WHERE m.date = l.date AND m.pair_no = l.pair_no \
                             AND (m.teacher_person_id = {teacher1} OR m.substitute_person_id = {teacher1})) \
             ORDER BY l.date, l.pair_no"
        ))
        .await;
    assert!(
        whole.len() >= 2,
        "two whole-group lessons teacher1 is free for"
    );
    let (substituted, cancelled) = (whole[0][0], whole[1][0]);
    let change = |id: i64, fields: Vec<(&'static str, String)>| {
        let dispatcher = &dispatcher;
        async move {
            let all: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            dispatcher
                .post_form(&format!("/timetable/lessons/{id}/change"), &all)
                .await
        }
    };
    // Without a reason nothing changes.
    let res = change(
        cancelled,
        vec![("kind", "cancellation".into()), ("reason", " ".into())],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM lesson_changes").await,
        0,
        "nothing half-written"
    );
    let res = change(
        substituted,
        vec![
            ("kind", "substitution".into()),
            ("teacher_id", teacher1.to_string()),
            ("reason", "больничный".into()),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = change(
        cancelled,
        vec![
            ("kind", "cancellation".into()),
            ("reason", "Курсы повышения квалификации".into()),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // A cancelled lesson is not changed twice.
    let res = change(
        cancelled,
        vec![
            ("kind", "cancellation".into()),
            ("reason", "ещё раз".into()),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.expect("body");
    assert!(body.contains("Занятие уже отменено."), "{body}");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM lesson_changes").await, 2);

    // The student sees both changes highlighted in the diary, without the
    // staff's reason (a teacher's illness is not the family's to read); the
    // deputy reading the same diary sees it.
    let student1 = Browser::login(&app, "student1").await;
    let diary = student1.get_ok(&format!("/diary?week={monday}")).await;
    let teacher1_surname = app
        .text(&format!("SELECT surname FROM people WHERE id = {teacher1}"))
        .await;
    assert!(diary.contains("отменено"), "{diary}");
    assert!(diary.contains("Занятие отменено."), "{diary}");
    assert!(diary.contains("Замена: ведёт"), "{diary}");
    assert!(diary.contains(&teacher1_surname), "{diary}");
    assert!(
        !diary.contains("больничный") && !diary.contains("Курсы повышения"),
        "{diary}"
    );
    let student_id = app.person_of("student1").await;
    let staff_view = Browser::login(&app, "deputy")
        .await
        .get_ok(&format!("/diary?student={student_id}&week={monday}"))
        .await;
    assert!(staff_view.contains("Причина: больничный."), "{staff_view}");
    // Student and parent are notified.
    for login in ["student1", "parent1"] {
        let list = Api::login(&app, login)
            .await
            .get_json("/api/v1/notifications")
            .await;
        let titles: Vec<&str> = list
            .as_array()
            .expect("list")
            .iter()
            .filter_map(|n| n["title"].as_str())
            .collect();
        assert!(
            titles.iter().any(|t| t.starts_with("Отменено:"))
                && titles.iter().any(|t| t.starts_with("Замена:")),
            "{login}: {titles:?}"
        );
        assert!(!list.to_string().contains("больничный"), "{login}: {list}");
    }
    // The substitute sees the lesson in their week and opens its card (the
    // substituted lesson, not the whole journal: that comes from the load).
    let t1 = Browser::login(&app, "teacher1").await;
    let page = t1
        .get_ok(&format!("/timetable/teacher/{teacher1}?week={monday}"))
        .await;
    assert!(page.contains(&group_name), "{page}");
    assert!(
        page.contains("замена: ведёт"),
        "the substitution in words: {page}"
    );
    let card = t1.get_ok(&format!("/lessons/{substituted}")).await;
    assert!(card.contains("Посещаемость и отметки"), "{card}");
    // Every lesson of the teacher's week opens: the journal's card, not the
    // dispatcher's (which a teacher may not open).
    let links: Vec<String> = page
        .match_indices("href=\"/lessons/")
        .map(|(at, m)| {
            let rest = &page[at + m.len()..];
            format!("/lessons/{}", &rest[..rest.find('"').unwrap_or(0)])
        })
        .collect();
    assert!(
        links.contains(&format!("/lessons/{substituted}")),
        "{links:?}"
    );
    assert!(!page.contains("href=\"/timetable/lessons/"), "{page}");
    for link in &links {
        assert_eq!(t1.get(link).await.status(), StatusCode::OK, "{link}");
    }
    // The record of changes is kept for reports.
    let deputy = Browser::login(&app, "deputy").await;
    let report = deputy.get_ok("/timetable/changes").await;
    assert!(report.contains("Курсы повышения квалификации"), "{report}");
    assert!(report.contains("больничный"), "{report}");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deputy_sees_hours_delivered_per_teacher() {
    let app = TestApp::start().await;
    let deputy = Browser::login(&app, "deputy").await;
    let page = deputy.get_ok("/load").await;
    assert!(page.contains("Проведено, ч"), "{page}");
    let api = Api::login(&app, "deputy").await;
    let load = api.get_json("/api/v1/load").await;
    let teachers = load["teachers"].as_array().expect("teachers");
    assert!(!teachers.is_empty());
    // Delivered hours are those of the journal's lessons up to today, two a pair.
    let today = sql_date(crate::harness::TODAY);
    let teacher = teachers[0]["teacher_id"].as_i64().expect("id");
    let pairs = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM lessons WHERE COALESCE(substitute_person_id, teacher_person_id) = {teacher} \
             AND date <= {today} AND NOT cancelled"
        ))
        .await;
    assert_eq!(teachers[0]["delivered"], json!(pairs * 2), "{load}");
    assert!(teachers[0]["planned"].as_i64().expect("planned") >= pairs * 2);
    let name = teachers[0]["teacher"].as_str().expect("name");
    assert!(page.contains(name), "{page}");
    // A teacher sees their own load, not another's.
    let teacher1 = app.person_of("teacher1").await;
    let teacher2 = app.person_of("teacher2").await;
    let t1 = Api::login(&app, "teacher1").await;
    let own = t1
        .get_json(&format!("/api/v1/load/teachers/{teacher1}"))
        .await;
    assert!(!own["rows"].as_array().expect("rows").is_empty(), "{own}");
    let res = t1.get(&format!("/api/v1/load/teachers/{teacher2}")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calendar_and_bells_refuse_what_makes_no_sense() {
    let app = TestApp::start().await;
    let deputy = Browser::login(&app, "deputy").await;
    let year = domain::reference::school_year(crate::harness::TODAY);
    let periods = "SELECT COUNT(*) FROM calendar_periods";
    let before = app.scalar(periods).await;
    let add = |kind: &'static str, name: &'static str, from: String, to: String| {
        let deputy = &deputy;
        async move {
            deputy
                .post_form(
                    &format!("/calendar?year={year}"),
                    &[
                        ("kind", kind),
                        ("name", name),
                        ("starts_on", &from),
                        ("ends_on", &to),
                    ],
                )
                .await
        }
    };
    // Outside the school year.
    let res = add(
        "holiday",
        "Каникулы",
        format!("{}-08-01", year + 1),
        format!("{}-09-10", year + 1),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.expect("body");
    assert!(body.contains("учебного года"), "{body}");
    // Ends before it starts.
    let res = add(
        "holiday",
        "Каникулы",
        format!("{year}-11-10"),
        format!("{year}-11-01"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A second autumn semester over the first.
    let res = deputy
        .post_form(
            &format!("/calendar?year={year}"),
            &[
                ("kind", "semester"),
                ("semester", "1"),
                ("name", "Ещё один семестр"),
                ("starts_on", &format!("{year}-10-01")),
                ("ends_on", &format!("{year}-12-20")),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.scalar(periods).await, before, "nothing written");
    // A holiday inside the year is taken.
    let res = add(
        "holiday",
        "День колледжа",
        format!("{year}-10-15"),
        format!("{year}-10-15"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.scalar(periods).await, before + 1);
    let page = deputy.get_ok(&format!("/calendar?year={year}")).await;
    assert!(page.contains("День колледжа"));
    // The API refuses bad dates with a JSON error.
    let api = Api::login(&app, "deputy").await;
    let res = api
        .post(
            &format!("/api/v1/calendar?year={year}"),
            &json!({ "kind": "holiday", "name": "x", "starts_on": "завтра", "ends_on": "" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err: Value = res.json().await.expect("json");
    assert!(
        err["fields"]
            .as_array()
            .is_some_and(|f| f.iter().any(|f| f["field"] == "starts_on")),
        "{err}"
    );

    // Bells: a bad line is refused with its number; a good schedule is saved and assigned.
    let schedules = "SELECT COUNT(*) FROM bell_schedules";
    let before = app.scalar(schedules).await;
    let res = deputy
        .post_form(
            "/bells",
            &[
                ("name", "Сокращённый день"),
                ("pairs", "1 08:30 09:30\n2 09:40 09:20"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.scalar(schedules).await, before);
    let res = deputy
        .post_form(
            "/bells",
            &[
                ("name", "Сокращённый день"),
                ("pairs", "1 08:30 09:30\n2 09:40-10:40\n3 10:50 11:50"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.scalar(schedules).await, before + 1);
    let schedule = app.scalar("SELECT MAX(id) FROM bell_schedules").await;
    let group = app.scalar("SELECT MIN(id) FROM study_groups").await;
    let res = deputy
        .post_form(
            &format!("/bells/assign?year={year}"),
            &[
                ("schedule_id", &schedule.to_string()),
                ("group_id", &group.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let bells = api.get_json(&format!("/api/v1/bells?year={year}")).await;
    let text = bells.to_string();
    assert!(
        text.contains("Сокращённый день") && text.contains("10:50"),
        "{text}"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pattern_fills_dates_skipping_holidays_and_a_lesson_moves() {
    let app = TestApp::start().await;
    let year = domain::reference::school_year(crate::harness::TODAY);
    let student = app.person_of("student1").await;
    let group = app
        .scalar(&format!(
            "SELECT group_id FROM group_students WHERE person_id = {student}"
        ))
        .await;
    // The week of 23 February (a holiday, Tuesday) in the second semester: not built yet.
    let (from, to) = (
        NaiveDate::from_ymd_opt(year + 1, 2, 22).expect("date"),
        NaiveDate::from_ymd_opt(year + 1, 2, 27).expect("date"),
    );
    let week = format!(
        "FROM lessons WHERE group_id = {group} AND date BETWEEN {} AND {}",
        sql_date(from),
        sql_date(to)
    );
    app.exec(&format!("DELETE {week}")).await;
    let expected = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM timetable_slots WHERE group_id = {group} AND school_year = {year} \
             AND semester = 2 AND weekday IN (1, 3, 4, 5, 6)"
        ))
        .await;
    assert!(expected > 0);
    let api = Api::login(&app, "dispatcher").await;
    let res = api
        .post(
            &format!("/api/v1/timetable/groups/{group}/fill"),
            &json!({ "date_from": from.to_string(), "date_to": to.to_string() }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let filled: Value = res.json().await.expect("json");
    assert_eq!(filled["created"], json!(expected), "{filled}");
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) {week}")).await,
        expected
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM lessons WHERE group_id = {group} AND date = {}",
            sql_date(from.succ_opt().expect("date"))
        ))
        .await,
        0,
        "no lessons on the holiday"
    );
    // Filling again adds nothing.
    let again: Value = api
        .post(
            &format!("/api/v1/timetable/groups/{group}/fill"),
            &json!({ "date_from": from.to_string(), "date_to": to.to_string() }),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(again["created"], 0, "{again}");
    assert_eq!(again["existing"], json!(expected), "{again}");

    // A lesson moves onto a pair the group already has: refused; to a free room of its size: moved.
    let lesson = app
        .scalar(&format!("SELECT MIN(id) {week} AND subgroup_id IS NULL"))
        .await;
    let busy = app
        .rows(&format!(
            "SELECT {}, pair_no {week} AND id <> {lesson} AND subgroup_id IS NULL ORDER BY id",
            day_number("date")
        ))
        .await;
    let (busy_day, busy_pair) = (day(busy[0][0]), busy[0][1]);
    let res = api
        .post(
            &format!("/api/v1/timetable/lessons/{lesson}/changes"),
            &json!({ "kind": "move", "date": busy_day.to_string(),
                     "pair_no": busy_pair.to_string(), "reason": "просьба преподавателя" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM lesson_changes").await, 0);
    let room = app
        .scalar(&format!(
            "SELECT MIN(r.id) FROM rooms r, lessons l WHERE l.id = {lesson} \
             AND r.id <> COALESCE(l.room_id, 0) \
             AND r.capacity >= (SELECT COUNT(*) FROM group_students WHERE group_id = {group}) \
             AND NOT EXISTS (SELECT 1 FROM lessons o WHERE o.room_id = r.id AND o.date = l.date \
                             AND o.pair_no = l.pair_no)"
        ))
        .await;
    let res = api
        .post(
            &format!("/api/v1/timetable/lessons/{lesson}/changes"),
            &json!({ "kind": "move", "room_id": room.to_string(), "reason": "ремонт кабинета" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.scalar(&format!("SELECT room_id FROM lessons WHERE id = {lesson}"))
            .await,
        room
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM lesson_changes WHERE kind = 'move'")
            .await,
        1
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_load_is_assigned_once_and_by_the_administration() {
    let app = TestApp::start().await;
    let year = domain::reference::school_year(crate::harness::TODAY);
    let row = app
        .rows(&format!(
            "SELECT id, item_id, group_id, semester, teacher_person_id, hours FROM teaching_loads \
             WHERE school_year = {year} AND subgroup_id IS NULL ORDER BY id"
        ))
        .await;
    let r = &row[0];
    let body = json!({
        "item_id": r[1].to_string(), "group_id": r[2].to_string(), "semester": r[3].to_string(),
        "teacher_id": r[4].to_string(), "hours": r[5].to_string(),
    });
    let loads = "SELECT COUNT(*) FROM teaching_loads";
    let before = app.scalar(loads).await;
    let deputy = Api::login(&app, "deputy").await;
    // Twice the same line: the schema's unique index says so, in words.
    let res = deputy
        .post(&format!("/api/v1/load?year={year}"), &body)
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err: Value = res.json().await.expect("json");
    assert!(err.to_string().contains("уже распределена"), "{err}");
    let res = Api::login(&app, "teacher1")
        .await
        .post(&format!("/api/v1/load?year={year}"), &body)
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Taken away and given again.
    app.exec(&format!("DELETE FROM teaching_loads WHERE id = {}", r[0]))
        .await;
    let res = deputy
        .post(&format!("/api/v1/load?year={year}"), &body)
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(app.scalar(loads).await, before);
    app.stop().await;
}

/// The room picker of a lesson's card names each room with its building
/// (when the college has several) and its seats in agreeing Russian.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rooms_are_named_with_their_building_and_seats() {
    let app = TestApp::start().await;
    let lesson = app.scalar("SELECT MIN(id) FROM lessons").await;
    let room = app.scalar("SELECT MIN(id) FROM rooms").await;
    let number = app
        .text(&format!("SELECT number FROM rooms WHERE id = {room}"))
        .await;
    let capacity = app
        .scalar(&format!(
            "SELECT CAST(capacity AS BIGINT) FROM rooms WHERE id = {room}"
        ))
        .await;
    let building = app
        .text(&format!(
            "SELECT b.name FROM buildings b JOIN rooms r ON r.building_id = b.id WHERE r.id = {room}"
        ))
        .await;
    let several = app.scalar("SELECT COUNT(*) FROM buildings").await > 1;
    let label = domain::reference::room_label(
        &number,
        several.then_some(building.as_str()),
        i32::try_from(capacity).expect("capacity"),
    );
    let page = Browser::login(&app, "deputy")
        .await
        .get_ok(&format!("/timetable/lessons/{lesson}"))
        .await;
    assert!(
        page.contains(&format!("value=\"{room}\">{label}</option>"))
            || page.contains(&format!("value=\"{room}\" selected>{label}</option>")),
        "{label} in: {page}"
    );
    app.stop().await;
}
