//! The region dataset: a small region loads in bulk into either database,
//! its counts are what the generator says, and its users sign in and read.

use chrono::NaiveDate;
use reqwest::StatusCode;
use sea_orm::ConnectionTrait;
use serde_json::json;

use crate::client::Api;
use crate::harness::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_small_region_loads_and_its_people_read_and_write() {
    let size = service::demo::region::Size {
        colleges: 2,
        max_groups: 2,
        recorded_until: NaiveDate::from_ymd_opt(2026, 9, 30).expect("date"),
    };
    let mut counts = None;
    let app = TestApp::start_filled(|url| {
        let counts = &mut counts;
        async move {
            *counts = Some(
                service::demo::region::load(&url, 11, size, |_| {})
                    .await
                    .expect("region loads"),
            );
            // A second load is refused: the database is not empty any more.
            assert!(service::demo::region::load(&url, 11, size, |_| {})
                .await
                .is_err());
            // The load put back the journal's revision triggers. A load
            // killed midway would leave them dropped; the server's start-up
            // below must put them back.
            let db = store::db::connect(&url).await.expect("connect");
            assert!(store::revisions::triggers_present(&db).await.expect("look"));
            store::revisions::drop_triggers(&db).await.expect("drop");
            assert!(!store::revisions::triggers_present(&db).await.expect("look"));
            if url.starts_with("postgres") {
                // A counter function of before plpgsql (a sql one, planned at
                // every call) counts as missing too, and is replaced.
                store::revisions::create_triggers(&db)
                    .await
                    .expect("create");
                assert!(store::revisions::triggers_present(&db).await.expect("look"));
                db.execute_unprepared(
                    "CREATE OR REPLACE FUNCTION journal_revise(g bigint, s bigint, d date) \
                     RETURNS void AS $$ INSERT INTO journal_revisions AS r \
                     (group_id, subject_id, month, revision) \
                     VALUES (g, s, date_trunc('month', d)::date, 1) \
                     ON CONFLICT (group_id, subject_id, month) \
                     DO UPDATE SET revision = r.revision + 1 $$ LANGUAGE sql",
                )
                .await
                .expect("old function");
                assert!(!store::revisions::triggers_present(&db).await.expect("look"));
            }
            db.close().await.expect("close");
        }
    })
    .await;
    let counts = counts.expect("counts");
    assert_eq!(counts.colleges, 2);
    assert_eq!(counts.groups, 4);
    for (sql, want) in [
        ("SELECT COUNT(*) FROM orgs WHERE kind = 'college'", 2),
        ("SELECT COUNT(*) FROM group_students", counts.students),
        ("SELECT COUNT(*) FROM parent_links", counts.parents),
        ("SELECT COUNT(*) FROM staff", counts.staff),
        ("SELECT COUNT(*) FROM lessons", counts.lessons),
        ("SELECT COUNT(*) FROM journal_entries", counts.entries),
        ("SELECT COUNT(*) FROM marks", counts.marks),
        (
            "SELECT COUNT(*) FROM journal_entries WHERE attendance = 'absent'",
            counts.absences,
        ),
    ] {
        assert_eq!(app.scalar(sql).await, want as i64, "{sql}");
    }
    assert!(counts.marks > 1000, "{} marks", counts.marks);
    // The load raised no journal revision counter, and the triggers that
    // raise them are in place again: touching a lesson's «cancelled» raises one.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM journal_revisions").await,
        0
    );
    app.exec("UPDATE lessons SET cancelled = cancelled WHERE id = (SELECT MIN(id) FROM lessons)")
        .await;
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM journal_revisions").await,
        1
    );
    if app.database_url.starts_with("postgres") {
        assert_eq!(
            app.text(
                "SELECT l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang \
                 WHERE p.proname = 'journal_revise'"
            )
            .await,
            "plpgsql"
        );
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM marks WHERE lesson_id IN (SELECT id FROM lessons WHERE date > '2026-09-30')")
            .await,
        0
    );

    // A student reads a recorded week; a parent reads the child's.
    let student = Api::login(&app, "c01-student1").await;
    let me = app.person_of("c01-student1").await;
    let week = student
        .get_json(&format!("/api/v1/diary/{me}?week=2026-09-14"))
        .await;
    assert!(week.to_string().contains("\"value\""), "{week}");
    let parent = Api::login(&app, "c01-parent1").await;
    let child = app
        .scalar(&format!(
            "SELECT child_person_id FROM parent_links WHERE parent_person_id = {}",
            app.person_of("c01-parent1").await
        ))
        .await;
    let res = parent
        .get(&format!("/api/v1/diary/{child}?week=2026-09-14"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    // A teacher writes a cell of a lesson of the last days.
    let today = app.today();
    let lesson = app
        .scalar(&format!(
            "SELECT COALESCE(MAX(l.id), 0) FROM lessons l JOIN subjects s ON s.id = l.subject_id \
             WHERE s.scale = 'five' AND l.date BETWEEN '{}' AND '{today}'",
            today - chrono::Duration::days(3)
        ))
        .await;
    assert!(lesson > 0, "a lesson in the three days before {today}");
    let teacher = app
        .text(&format!(
            "SELECT a.login FROM lessons l JOIN accounts a ON a.person_id = l.teacher_person_id \
             WHERE l.id = {lesson}"
        ))
        .await;
    let student_id = app
        .scalar(&format!(
            "SELECT MIN(gs.person_id) FROM lessons l JOIN group_students gs ON gs.group_id = l.group_id \
             AND (l.subgroup_id IS NULL OR gs.subgroup_id = l.subgroup_id) WHERE l.id = {lesson}"
        ))
        .await;
    let teacher = Api::login(&app, &teacher).await;
    let res = teacher
        .client
        .put(format!("{}/api/v1/journal/cells", app.base))
        .bearer_auth(&teacher.token)
        .json(&json!({ "lesson_id": lesson, "student_id": student_id, "text": "3 4 5", "version": 0 }))
        .send()
        .await
        .expect("put");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM marks WHERE lesson_id = {lesson} AND student_person_id = {student_id}"
        ))
        .await,
        3
    );
    // New rows get fresh ids after the explicit ones.
    let id = service::users::add_college(&app.app(), "ГБПОУ «Новый колледж»", "НК", None)
        .await
        .expect("a college after the region");
    assert!(id > 3);
}
