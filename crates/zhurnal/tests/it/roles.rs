//! Every role through every route: allowed or denied, on pages and in the API.
//! Add a row here with every new route.

use reqwest::StatusCode;
use serde_json::json;

use crate::client::{Api, Browser};
use crate::harness::TestApp;

const READERS: &[&str] = &["director", "deputy", "admin", "dispatcher", "zaoch"];
/// Who reads students' records (marks, attendance, attestation, debts): the
/// administration that reads every journal, not the dispatcher.
const RECORD_READERS: &[&str] = &["director", "deputy", "admin", "zaoch"];
const WRITERS: &[&str] = &["deputy", "admin"];
/// Who edits the timetable.
const SCHEDULERS: &[&str] = &["dispatcher", "deputy", "admin"];
/// Teachers, curators and the administration that reads every journal.
const JOURNAL_USERS: &[&str] = &[
    "director", "deputy", "admin", "zaoch", "teacher1", "curator1",
];
const ALL: &[&str] = &[
    "region",
    "director",
    "deputy",
    "admin",
    "dispatcher",
    "officer",
    "teacher1",
    "curator1",
    "extra1",
    "zaoch",
    "student1",
    "parent1",
    "delegate1",
];

/// Who may open a route.
#[derive(Clone, Copy)]
pub enum Rule {
    Everyone,
    Readers,
    /// Readers and the listed logins.
    ReadersAnd(&'static [&'static str]),
    /// Readers of students' records.
    Records,
    /// Readers of students' records and the listed logins.
    RecordsAnd(&'static [&'static str]),
    /// Only the listed logins.
    Only(&'static [&'static str]),
    /// Readers open it; the listed logins are sent on to their own page (303).
    ReadersRedirecting(&'static [&'static str]),
}

impl Rule {
    fn allows(self, login: &str) -> bool {
        match self {
            Rule::Everyone => true,
            Rule::Readers => READERS.contains(&login),
            Rule::ReadersAnd(extra) => READERS.contains(&login) || extra.contains(&login),
            Rule::Records => RECORD_READERS.contains(&login),
            Rule::RecordsAnd(extra) => RECORD_READERS.contains(&login) || extra.contains(&login),
            Rule::Only(logins) => logins.contains(&login),
            Rule::ReadersRedirecting(_) => READERS.contains(&login),
        }
    }

    fn expected(self, login: &str) -> StatusCode {
        match self {
            Rule::ReadersRedirecting(sent_on) if sent_on.contains(&login) => StatusCode::SEE_OTHER,
            _ if self.allows(login) => StatusCode::OK,
            _ => StatusCode::FORBIDDEN,
        }
    }
}

pub struct Ids {
    own_group: i64,
    other_group: i64,
    student1: i64,
    other_student: i64,
    building: i64,
    staff: i64,
    /// A curriculum and one of its items.
    curriculum: (i64, i64),
    teacher1: i64,
    other_teacher: i64,
    room: i64,
    /// A lesson of student1's group.
    lesson: i64,
    /// «Русский язык», which teacher1 teaches student1's group.
    russian: i64,
}

pub async fn ids(app: &TestApp) -> Ids {
    let student1 = app.person_of("student1").await;
    let own_group = app
        .scalar(&format!(
            "SELECT group_id FROM group_students WHERE person_id = {student1}"
        ))
        .await;
    Ids {
        own_group,
        other_group: app
            .scalar(&format!(
                "SELECT MIN(id) FROM study_groups WHERE id <> {own_group}"
            ))
            .await,
        student1,
        other_student: app
            .scalar(&format!(
                "SELECT MIN(person_id) FROM group_students WHERE group_id <> {own_group}"
            ))
            .await,
        building: app.scalar("SELECT MIN(id) FROM buildings").await,
        staff: app.person_of("director").await,
        curriculum: crate::curricula::any_curriculum(app).await,
        teacher1: app.person_of("teacher1").await,
        other_teacher: app.person_of("teacher2").await,
        room: app.scalar("SELECT MIN(id) FROM rooms").await,
        lesson: app
            .scalar(&format!(
                "SELECT MIN(id) FROM lessons WHERE group_id = {own_group}"
            ))
            .await,
        russian: app
            .scalar("SELECT id FROM subjects WHERE name = 'Русский язык'")
            .await,
    }
}

pub fn routes(ids: &Ids) -> Vec<(String, Rule)> {
    let family: &'static [&'static str] = &["curator1", "student1", "parent1", "delegate1"];
    vec![
        ("/".into(), Rule::Everyone),
        ("/password".into(), Rule::Everyone),
        ("/buildings".into(), Rule::Readers),
        (format!("/buildings/{}", ids.building), Rule::Readers),
        ("/specialties".into(), Rule::Readers),
        ("/groups".into(), Rule::Readers),
        (
            format!("/groups/{}", ids.own_group),
            Rule::ReadersAnd(&["curator1"]),
        ),
        (format!("/groups/{}", ids.other_group), Rule::Readers),
        ("/students".into(), Rule::Readers),
        (
            format!("/students/{}", ids.student1),
            Rule::RecordsAnd(family),
        ),
        (format!("/students/{}", ids.other_student), Rule::Records),
        ("/staff".into(), Rule::Readers),
        (format!("/staff/{}", ids.staff), Rule::Readers),
        ("/groups/new".into(), Rule::Only(WRITERS)),
        ("/journal".into(), Rule::Only(JOURNAL_USERS)),
        (
            format!("/groups/{}/attendance", ids.own_group),
            Rule::Only(&["director", "deputy", "admin", "zaoch", "curator1"]),
        ),
        (
            "/diary".into(),
            Rule::Only(&["student1", "parent1", "delegate1"]),
        ),
        (
            format!("/diary?student={}", ids.student1),
            Rule::RecordsAnd(family),
        ),
        (
            format!("/diary?student={}", ids.other_student),
            Rule::Records,
        ),
        (
            format!("/diary/summary?student={}", ids.student1),
            Rule::RecordsAnd(family),
        ),
        ("/unlocks".into(), Rule::Only(WRITERS)),
        ("/notifications".into(), Rule::Everyone),
        ("/settings".into(), Rule::Readers),
        ("/curricula".into(), Rule::Readers),
        (format!("/curricula/{}", ids.curriculum.0), Rule::Readers),
        (
            format!("/curricula/{}.xlsx", ids.curriculum.0),
            Rule::Readers,
        ),
        (
            format!("/curricula/{}/items/{}", ids.curriculum.0, ids.curriculum.1),
            Rule::Readers,
        ),
        (
            format!("/curricula/{}/import", ids.curriculum.0),
            Rule::Only(WRITERS),
        ),
        (
            "/calendar-feed".into(),
            Rule::Only(&["teacher1", "curator1", "student1"]),
        ),
        ("/year/opening".into(), Rule::Readers),
        ("/year".into(), Rule::Readers),
        ("/calendar".into(), Rule::Readers),
        ("/bells".into(), Rule::Readers),
        (
            "/load".into(),
            Rule::ReadersRedirecting(&["teacher1", "curator1"]),
        ),
        (
            format!("/load/teacher/{}", ids.teacher1),
            Rule::ReadersAnd(&["teacher1"]),
        ),
        (
            format!("/load/teacher/{}", ids.other_teacher),
            Rule::Readers,
        ),
        (
            "/timetable".into(),
            Rule::ReadersRedirecting(&["teacher1", "curator1"]),
        ),
        (
            format!("/timetable/group/{}", ids.own_group),
            Rule::ReadersAnd(&["curator1"]),
        ),
        (
            format!("/timetable/group/{}", ids.other_group),
            Rule::Readers,
        ),
        (
            format!("/timetable/teacher/{}", ids.teacher1),
            Rule::ReadersAnd(&["teacher1"]),
        ),
        (
            format!("/timetable/teacher/{}", ids.other_teacher),
            Rule::Readers,
        ),
        (format!("/timetable/room/{}", ids.room), Rule::Readers),
        (
            format!("/timetable/group/{}/new", ids.own_group),
            Rule::Only(SCHEDULERS),
        ),
        (
            format!("/timetable/group/{}/pattern", ids.own_group),
            Rule::ReadersAnd(&["curator1"]),
        ),
        (format!("/timetable/lessons/{}", ids.lesson), Rule::Readers),
        ("/timetable/changes".into(), Rule::Readers),
        ("/timetable/auto".into(), Rule::Readers),
        (
            "/attestation".into(),
            Rule::ReadersAnd(&["teacher1", "curator1"]),
        ),
        ("/attestation/missing".into(), Rule::Readers),
        (
            format!("/attestation/group/{}", ids.own_group),
            Rule::ReadersAnd(&["curator1"]),
        ),
        (
            format!(
                "/attestation/group/{}/subject/{}?semester=1",
                ids.own_group, ids.russian
            ),
            Rule::Only(JOURNAL_USERS),
        ),
        (
            "/debts".into(),
            Rule::RecordsAnd(&["curator1", "student1", "parent1", "delegate1"]),
        ),
        (
            format!("/debts?student={}", ids.student1),
            Rule::RecordsAnd(family),
        ),
        (
            format!("/debts?student={}", ids.other_student),
            Rule::Records,
        ),
        (
            format!("/diary/attestation?student={}", ids.student1),
            Rule::RecordsAnd(family),
        ),
        ("/year/closing".into(), Rule::Readers),
        (
            "/diplomas".into(),
            Rule::Only(&["director", "deputy", "admin", "officer"]),
        ),
        ("/read-log".into(), Rule::Only(&["director", "officer"])),
        ("/my-data".into(), Rule::Everyone),
        (
            format!("/people/{}/data", ids.student1),
            Rule::Only(&["director", "officer"]),
        ),
        (
            format!("/people/{}/data.json", ids.student1),
            Rule::Only(&["director", "officer", "student1"]),
        ),
        ("/read-log.csv".into(), Rule::Only(&["director", "officer"])),
    ]
}

pub fn api_routes(ids: &Ids) -> Vec<(String, Rule)> {
    let family: &'static [&'static str] = &["curator1", "student1", "parent1", "delegate1"];
    vec![
        ("/api/v1/me".into(), Rule::Everyone),
        ("/api/v1/buildings".into(), Rule::Readers),
        (
            format!("/api/v1/buildings/{}/rooms", ids.building),
            Rule::Readers,
        ),
        ("/api/v1/specialties".into(), Rule::Readers),
        ("/api/v1/groups".into(), Rule::Readers),
        (
            format!("/api/v1/groups/{}", ids.own_group),
            Rule::ReadersAnd(&["curator1"]),
        ),
        (format!("/api/v1/groups/{}", ids.other_group), Rule::Readers),
        ("/api/v1/students".into(), Rule::Readers),
        (
            format!("/api/v1/students/{}", ids.student1),
            Rule::RecordsAnd(family),
        ),
        (
            format!("/api/v1/students/{}", ids.other_student),
            Rule::Records,
        ),
        ("/api/v1/staff".into(), Rule::Readers),
        ("/api/v1/journals".into(), Rule::Only(JOURNAL_USERS)),
        (
            format!("/api/v1/diary/{}", ids.student1),
            Rule::RecordsAnd(family),
        ),
        (
            format!("/api/v1/diary/{}", ids.other_student),
            Rule::Records,
        ),
        (
            format!("/api/v1/diary/{}/summary", ids.student1),
            Rule::RecordsAnd(family),
        ),
        ("/api/v1/notifications".into(), Rule::Everyone),
        (
            "/api/v1/read-log".into(),
            Rule::Only(&["director", "officer"]),
        ),
        ("/api/v1/me/data".into(), Rule::Everyone),
        (
            format!("/api/v1/people/{}/data", ids.student1),
            Rule::Only(&["director", "officer", "student1"]),
        ),
        ("/api/v1/curricula".into(), Rule::Readers),
        (
            format!("/api/v1/curricula/{}", ids.curriculum.0),
            Rule::Readers,
        ),
        ("/api/v1/year/opening".into(), Rule::Readers),
        ("/api/v1/calendar".into(), Rule::Readers),
        ("/api/v1/bells".into(), Rule::Readers),
        ("/api/v1/load".into(), Rule::Readers),
        (
            format!("/api/v1/load/teachers/{}", ids.teacher1),
            Rule::ReadersAnd(&["teacher1"]),
        ),
        (
            format!("/api/v1/timetable/groups/{}", ids.own_group),
            Rule::ReadersAnd(&["curator1"]),
        ),
        (
            format!("/api/v1/timetable/teachers/{}", ids.teacher1),
            Rule::ReadersAnd(&["teacher1"]),
        ),
        (
            format!("/api/v1/timetable/rooms/{}", ids.room),
            Rule::Readers,
        ),
        ("/api/v1/timetable/changes".into(), Rule::Readers),
        (
            format!(
                "/api/v1/attestation/{}/{}?semester=1",
                ids.own_group, ids.russian
            ),
            Rule::Only(JOURNAL_USERS),
        ),
        (
            format!("/api/v1/attestation/students/{}", ids.student1),
            Rule::RecordsAnd(family),
        ),
        (
            "/api/v1/debts".into(),
            Rule::RecordsAnd(&["curator1", "student1", "parent1", "delegate1"]),
        ),
        (
            format!("/api/v1/debts?group={}", ids.other_group),
            Rule::Records,
        ),
        ("/api/v1/year/closing".into(), Rule::Readers),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_role_through_each_route() {
    let app = TestApp::start().await;
    let ids = ids(&app).await;
    let mut failures = Vec::new();
    for (i, login) in ALL.iter().enumerate() {
        let browser = Browser::login(&app, login).await;
        for (path, rule) in routes(&ids) {
            let status = browser.get(&path).await.status();
            let expected = rule.expected(login);
            if status != expected {
                failures.push(format!("{login} GET {path}: {status}, expected {expected}"));
            }
        }
        let api = Api::login(&app, login).await;
        for (path, rule) in api_routes(&ids) {
            let status = api.get(&path).await.status();
            let expected = if rule.allows(login) {
                StatusCode::OK
            } else {
                StatusCode::FORBIDDEN
            };
            if status != expected {
                failures.push(format!(
                    "{login} API GET {path}: {status}, expected {expected}"
                ));
            }
        }
        // Writes: reference data is changed by administrators and deputies only.
        let before = app.scalar("SELECT COUNT(*) FROM buildings").await;
        let res = api
            .post(
                "/api/v1/buildings",
                &json!({ "name": format!("Корпус {login}") }),
            )
            .await;
        let expected = if WRITERS.contains(login) {
            StatusCode::CREATED
        } else {
            StatusCode::FORBIDDEN
        };
        if res.status() != expected {
            failures.push(format!(
                "{login} API POST /api/v1/buildings: {}, expected {expected}",
                res.status()
            ));
        }
        let after = app.scalar("SELECT COUNT(*) FROM buildings").await;
        assert_eq!(
            after - before,
            i64::from(WRITERS.contains(login)),
            "{login}: rows written"
        );
        let res = browser
            .post_form(
                "/specialties",
                &[
                    ("code", &format!("99.02.{i:02}")),
                    ("name", &format!("Специальность {login}")),
                ],
            )
            .await;
        let ok = res.status() == StatusCode::SEE_OTHER;
        if ok != WRITERS.contains(login) {
            failures.push(format!("{login} POST /specialties: {}", res.status()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    app.stop().await;
}
