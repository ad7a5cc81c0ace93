//! The calendar feed: a student's and a teacher's secret ICS address, fetched
//! without a session, revoked; others are told whom it is for.

use chrono::Duration;
use reqwest::StatusCode;

use crate::client::{new_client, Browser};
use crate::harness::TestApp;

/// The feed's window as SQL date literals: 30 days back, 120 ahead.
fn window() -> (String, String) {
    let today = crate::harness::TODAY;
    (
        (today - Duration::days(30))
            .format("'%Y-%m-%d'")
            .to_string(),
        (today + Duration::days(120))
            .format("'%Y-%m-%d'")
            .to_string(),
    )
}

/// Makes a feed on the page and returns the token read off the address shown.
async fn make_feed(app: &TestApp, b: &Browser) -> String {
    let res = b.post_form("/calendar-feed", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.expect("body");
    assert!(page.contains("показывается один раз"), "{page}");
    let marker = format!("{}/ics/", app.base.trim_start_matches("http://"));
    let start = page
        .find(&marker)
        .map(|i| i + marker.len())
        .unwrap_or_else(|| panic!("no feed address in:\n{page}"));
    let token: String = page[start..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect();
    assert_eq!(token.len(), 64, "{page}");
    assert!(page[start + 64..].starts_with(".ics"));
    token
}

/// Fetches a feed without any session: status and body.
async fn fetch(app: &TestApp, token: &str) -> (StatusCode, String, String) {
    let res = new_client()
        .get(app.url(&format!("/ics/{token}.ics")))
        .send()
        .await
        .expect("GET ics");
    let status = res.status();
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, ct, res.text().await.expect("body"))
}

/// A valid iCalendar file as RFC 5545 wants it: CRLF, folded at 75 octets.
fn assert_valid_calendar(ics: &str) {
    assert!(
        ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
        "{ics}"
    );
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n'), "a bare LF");
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    assert_eq!(
        ics.matches("BEGIN:VEVENT").count(),
        ics.matches("END:VEVENT").count()
    );
}

/// The event with this UID, unfolded, or None.
fn event(ics: &str, lesson_id: i64) -> Option<String> {
    let unfolded = ics.replace("\r\n ", "");
    let uid = format!("UID:lesson-{lesson_id}@zhurnal\r\n");
    let at = unfolded.find(&uid)?;
    let start = unfolded[..at].rfind("BEGIN:VEVENT")?;
    let end = at + unfolded[at..].find("END:VEVENT")?;
    Some(unfolded[start..end].to_string())
}

fn escaped(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_subscribes_to_their_lessons_and_revokes() {
    let app = TestApp::start().await;
    let student = app.person_of("student1").await;
    let group = app
        .scalar(&format!(
            "SELECT group_id FROM group_students WHERE person_id = {student}"
        ))
        .await;
    let (from, to) = window();
    let lesson = app
        .scalar(&format!(
            "SELECT MAX(id) FROM lessons WHERE group_id = {group} AND subgroup_id IS NULL \
             AND date BETWEEN {from} AND {to}"
        ))
        .await;
    let subject = app.text(&format!(
            "SELECT s.name FROM subjects s JOIN lessons l ON l.subject_id = s.id WHERE l.id = {lesson}"
        ),
    )
    .await;
    let other_group_lesson = app
        .scalar(&format!(
            "SELECT MAX(id) FROM lessons WHERE group_id <> {group} AND date BETWEEN {from} AND {to}"
        ))
        .await;

    let b = Browser::login(&app, "student1").await;
    let page = b.get_ok("/calendar-feed").await;
    assert!(page.contains("Ссылки на календарь у вас нет"), "{page}");
    let home = b.get_ok("/").await;
    assert!(
        home.contains("href=\"/calendar-feed\""),
        "home links the feed"
    );

    let token = make_feed(&app, &b).await;
    // Only the hash is stored.
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM calendar_feeds WHERE token_hash = '{token}'"
        ))
        .await,
        0
    );
    let stored = app
        .text("SELECT token_hash FROM calendar_feeds WHERE revoked_at IS NULL")
        .await;
    assert_eq!(stored, service::auth::token_hash(&token));
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'calendar_feed' AND action = 'create'"
        )
        .await,
        1
    );
    // The page no longer shows the address, only that there is one.
    let page = b.get_ok("/calendar-feed").await;
    assert!(page.contains("Ссылка действует"), "{page}");
    assert!(!page.contains(&token));

    let (status, ct, ics) = fetch(&app, &token).await;
    assert_eq!(status, StatusCode::OK, "{ics}");
    assert_eq!(ct, "text/calendar; charset=utf-8");
    assert_valid_calendar(&ics);
    let ev = event(&ics, lesson).unwrap_or_else(|| panic!("lesson {lesson} in\n{ics}"));
    assert!(
        ev.contains(&format!("SUMMARY:{}", escaped(&subject))),
        "{ev}"
    );
    assert!(ev.contains("DTSTART:") && !ev.contains("DTSTART:TZID"));
    assert!(ev.contains("DESCRIPTION:Преподаватель: "), "{ev}");
    assert!(
        event(&ics, other_group_lesson).is_none(),
        "another group's lesson"
    );

    // A cancelled lesson stays in the calendar, marked so.
    app.exec(&format!(
        "UPDATE lessons SET cancelled = TRUE WHERE id = {lesson}"
    ))
    .await;
    let (_, _, ics) = fetch(&app, &token).await;
    let ev = event(&ics, lesson).expect("cancelled lesson");
    assert!(
        ev.contains(&format!("SUMMARY:ОТМЕНЕНО: {}", escaped(&subject))),
        "{ev}"
    );
    assert!(ev.contains("STATUS:CANCELLED"));

    // A new address replaces the old one.
    let second = make_feed(&app, &b).await;
    assert_ne!(second, token);
    assert_eq!(fetch(&app, &token).await.0, StatusCode::NOT_FOUND);
    assert_eq!(fetch(&app, &second).await.0, StatusCode::OK);

    let res = b.post_form("/calendar-feed/revoke", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = b.get_ok("/calendar-feed?revoked=1").await;
    assert!(page.contains("Ссылка отозвана"), "{page}");
    assert!(page.contains("Ссылки на календарь у вас нет"));
    assert_eq!(fetch(&app, &second).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'calendar_feed' AND action = 'revoke'"
        )
        .await,
        1
    );
    // Garbage addresses are 404 too.
    assert_eq!(fetch(&app, "nothing").await.0, StatusCode::NOT_FOUND);
    assert_eq!(fetch(&app, &"0".repeat(64)).await.0, StatusCode::NOT_FOUND);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_teachers_feed_holds_what_they_teach_and_substitute() {
    let app = TestApp::start().await;
    let teacher = app.person_of("teacher1").await;
    let (from, to) = window();
    let own = app
        .scalar(&format!(
            "SELECT MIN(id) FROM lessons WHERE teacher_person_id = {teacher} \
             AND date BETWEEN {from} AND {to}"
        ))
        .await;
    let subject = app.text(&format!("SELECT s.name FROM subjects s JOIN lessons l ON l.subject_id = s.id WHERE l.id = {own}"),
    )
    .await;
    let group = app.text(&format!("SELECT g.name FROM study_groups g JOIN lessons l ON l.group_id = g.id WHERE l.id = {own}"),
    )
    .await;
    // teacher1 substitutes a colleague once.
    let substituted = app
        .scalar(&format!(
            "SELECT MAX(id) FROM lessons WHERE teacher_person_id <> {teacher} \
             AND date BETWEEN {from} AND {to}"
        ))
        .await;
    app.exec(&format!(
        "UPDATE lessons SET substitute_person_id = {teacher} WHERE id = {substituted}"
    ))
    .await;

    let b = Browser::login(&app, "teacher1").await;
    assert!(b.get_ok("/").await.contains("href=\"/calendar-feed\""));
    let token = make_feed(&app, &b).await;
    let (status, _, ics) = fetch(&app, &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_valid_calendar(&ics);
    let ev = event(&ics, own).unwrap_or_else(|| panic!("own lesson {own} in\n{ics}"));
    assert!(
        ev.contains(&format!("SUMMARY:{}", escaped(&subject))),
        "{ev}"
    );
    assert!(ev.contains(&format!("Группа: {}", escaped(&group))), "{ev}");
    let ev = event(&ics, substituted).expect("the substituted lesson");
    assert!(ev.contains(" — замена\r\n"), "{ev}");
    assert!(ev.contains("(замена\\, вместо "), "{ev}");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parent_is_told_the_feed_is_for_students_and_teachers() {
    let app = TestApp::start().await;
    let b = Browser::login(&app, "parent1").await;
    let res = b.get("/calendar-feed").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let page = res.text().await.expect("body");
    assert!(page.contains("у обучающихся и преподавателей"), "{page}");
    let res = b.post_form("/calendar-feed", &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res
        .text()
        .await
        .expect("body")
        .contains("у обучающихся и преподавателей"));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM calendar_feeds").await, 0);
    assert!(!b.get_ok("/").await.contains("href=\"/calendar-feed\""));
    app.stop().await;
}

/// The address shown is the configured public one, whatever `Host` or
/// `X-Forwarded-Proto` a request carries; without it, a client's claimed
/// scheme is not believed either.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_feed_address_is_the_public_one_not_the_requests() {
    let app =
        TestApp::start_with(|c| c.public_url = Some("https://journal.example.ru/".into())).await;
    let b = Browser::login(&app, "student1").await;
    let res = b
        .client
        .post(app.url("/calendar-feed"))
        .header("x-forwarded-proto", "http")
        .header("x-forwarded-host", "evil.example")
        .form(&[("_csrf", b.csrf.as_str())])
        .send()
        .await
        .expect("POST");
    let page = res.text().await.expect("body");
    assert!(page.contains("https://journal.example.ru/ics/"), "{page}");
    assert!(!page.contains("evil.example"), "{page}");
    app.stop().await;

    let app = TestApp::start().await;
    let b = Browser::login(&app, "student1").await;
    let res = b
        .client
        .post(app.url("/calendar-feed"))
        .header("x-forwarded-proto", "https")
        .form(&[("_csrf", b.csrf.as_str())])
        .send()
        .await
        .expect("POST");
    let page = res.text().await.expect("body");
    let plain = format!("{}/ics/", app.base);
    assert!(page.contains(&plain), "{plain} in {page}");
    app.stop().await;
}
