//! Intermediate attestation and academic debts (seed 3.2.1, 3.3, 3.4): the
//! deputy sets a subject's period, the teacher puts marks including а/з and
//! НПА, a debt is cleared by a second retake before a commission, the
//! student and parent see it, the deadline holds.

use reqwest::StatusCode;
use sea_orm::ConnectionTrait;
use serde_json::{json, Value};

use crate::client::{Api, Browser};
use crate::harness::TestApp;

/// The demo's ПР-26 «Русский язык», taught by teacher1: ids of the group and subject.
pub async fn russian_of_pr26(app: &TestApp) -> (i64, i64) {
    let student = app.person_of("student1").await;
    let group = app
        .scalar(&format!(
            "SELECT group_id FROM group_students WHERE person_id = {student}"
        ))
        .await;
    let subject = app
        .scalar("SELECT id FROM subjects WHERE name = 'Русский язык'")
        .await;
    (group, subject)
}

fn year() -> i32 {
    domain::reference::school_year(crate::harness::TODAY)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn marks_debts_and_retakes() {
    let app = TestApp::start().await;
    let year = year();
    let (group, subject) = russian_of_pr26(&app).await;
    let [s1, s2, s3] = [
        app.person_of("student1").await,
        app.person_of("student2").await,
        app.person_of("student3").await,
    ];
    let term = format!("year={year}&semester=1");
    let sheet = format!("/attestation/group/{group}/subject/{subject}?{term}");
    // The module ends within days, so its sheet is open for the teacher.
    let today = crate::harness::TODAY;
    let year_end = domain::calendar::year_bounds(year).1;
    let (from, to) = (today, (today + chrono::Duration::days(5)).min(year_end));
    let dates = format!("{} — {}", from.format("%d.%m.%Y"), to.format("%d.%m.%Y"));

    // The deputy moves the subject's attestation to the end of a work-program module.
    let deputy = Browser::login(&app, "deputy").await;
    let res = deputy
        .post_form(
            &format!("/attestation/group/{group}?{term}"),
            &[
                ("semester", "1"),
                ("subject_id", &subject.to_string()),
                ("source", "module"),
                ("name", "Раздел 3. Морфология"),
                ("starts_on", &from.to_string()),
                ("ends_on", &to.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = deputy
        .get_ok(&format!("/attestation/group/{group}?{term}"))
        .await;
    assert!(page.contains(&dates), "{page}");
    assert!(page.contains("Раздел 3. Морфология"), "{page}");
    // A period outside the year is refused, with nothing changed.
    let res = deputy
        .post_form(
            &format!("/attestation/group/{group}?{term}"),
            &[
                ("semester", "1"),
                ("subject_id", &subject.to_string()),
                ("source", "module"),
                ("name", "Раздел 4"),
                ("starts_on", &format!("{}-12-14", year + 1)),
                ("ends_on", &format!("{}-12-19", year + 1)),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Nor does the second semester's session fit a first-semester subject.
    let summer = app
        .scalar(&format!(
            "SELECT MIN(id) FROM calendar_periods WHERE kind = 'attestation' AND semester = 2 \
             AND school_year = {year} AND (group_id IS NULL OR group_id = {group})"
        ))
        .await;
    let res = deputy
        .post_form(
            &format!("/attestation/group/{group}?{term}"),
            &[
                ("semester", "1"),
                ("subject_id", &subject.to_string()),
                ("source", "custom"),
                ("period_id", &summer.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.expect("body");
    assert!(page.contains("относится ко 2-му семестру"), "{page}");
    let page = deputy
        .get_ok(&format!("/attestation/group/{group}?{term}"))
        .await;
    assert!(page.contains("Раздел 3. Морфология"), "unchanged: {page}");
    // The student sees the schedule in the diary.
    let student1 = Browser::login(&app, "student1").await;
    let diary = student1.get_ok("/diary/attestation").await;
    assert!(
        diary.contains("Русский язык") && diary.contains(&dates),
        "{diary}"
    );

    // The teacher sees current marks and averages beside the entry.
    let teacher = Browser::login(&app, "teacher1").await;
    let page = teacher.get_ok(&sheet).await;
    assert!(
        page.contains("Текущие отметки") && page.contains("Средний"),
        "{page}"
    );
    assert!(
        page.contains(&format!("name=\"m_{s1}\"")),
        "the sheet is editable: {page}"
    );
    // A mark the control form does not offer: every bad entry named, nothing written.
    let marks = "SELECT COUNT(*) FROM attestation_marks";
    let res = teacher
        .post_form(
            &format!("/attestation/group/{group}/subject/{subject}?{term}"),
            &[
                (&format!("m_{s1}") as &str, "5"),
                (&format!("m_{s2}"), "зачёт"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.expect("body");
    assert!(
        body.contains("Ничего не сохранено") && body.contains("«зачёт»"),
        "{body}"
    );
    assert_eq!(app.scalar(marks).await, 0);
    // а/з for student1, 5 for student2, НПА for student3.
    let res = teacher
        .post_form(
            &format!("/attestation/group/{group}/subject/{subject}?{term}"),
            &[
                (&format!("m_{s1}") as &str, "debt"),
                (&format!("m_{s2}"), "5"),
                (&format!("m_{s3}"), "valid_reason"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.scalar(marks).await, 3);
    let page = teacher.get_ok(&sheet).await;
    assert!(
        page.contains("не ликвидирована"),
        "the debt is shown: {page}"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM academic_debts").await,
        1,
        "only а/з makes a debt; НПА does not"
    );
    let debt = app.scalar("SELECT id FROM academic_debts").await;

    // The summary sheet shows the marks with the debt, as PDF and XLSX.
    for (ext, magic, kind) in [
        ("pdf", &b"%PDF"[..], "application/pdf"),
        ("xlsx", &b"PK"[..], "spreadsheetml"),
    ] {
        let res = deputy
            .get(&format!(
                "/attestation/group/{group}/summary/vedomost.{ext}?year={year}&semester=1"
            ))
            .await;
        assert_eq!(res.status(), StatusCode::OK, "{ext}");
        let ct = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        assert!(ct.contains(kind), "{ct}");
        let bytes = res.bytes().await.expect("bytes");
        assert!(bytes.starts_with(magic), "{ext}");
        if ext == "xlsx" {
            use calamine::Reader;
            let mut book: calamine::Xlsx<_> =
                calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec()))
                    .expect("the XLSX opens");
            let range = book.worksheet_range("Ведомость").expect("sheet");
            let cells: Vec<String> = range.cells().map(|(_, _, c)| c.to_string()).collect();
            assert!(cells.iter().any(|c| c.contains("Андреев")), "{cells:?}");
            assert!(cells.iter().any(|c| c == "а/з"), "{cells:?}");
            assert!(cells.iter().any(|c| c == "НПА"), "{cells:?}");
        }
    }
    let sheet_json = Api::login(&app, "deputy")
        .await
        .get_json(&format!(
            "/api/v1/attestation/groups/{group}/summary?year={year}&semester=1"
        ))
        .await;
    assert!(
        sheet_json["rows"][0]["debts"]
            .as_array()
            .is_some_and(|d| d.iter().any(|x| x == true)),
        "{sheet_json}"
    );
    let parent = Browser::login(&app, "parent1").await;
    assert_eq!(
        parent
            .get(&format!(
                "/attestation/group/{group}/summary/vedomost.pdf?year={year}"
            ))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );

    // Another teacher may not put marks in teacher1's sheet.
    let other = Api::login(&app, "teacher2").await;
    let res = other
        .client
        .put(app.url(&format!("/api/v1/attestation/{group}/{subject}?{term}")))
        .bearer_auth(&other.token)
        .json(&json!({ "marks": { s2.to_string(): "2" } }))
        .send()
        .await
        .expect("PUT");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // The student and the parent are told and see the debt; the curator sees it in the group's list.
    for login in ["student1", "parent1"] {
        let api = Api::login(&app, login).await;
        let list = api.get_json("/api/v1/debts").await;
        assert_eq!(list["total"], 1, "{login}: {list}");
        assert_eq!(list["items"][0]["subject"], "Русский язык");
        let told = api.get_json("/api/v1/notifications").await;
        assert!(
            told.as_array().is_some_and(|n| n
                .iter()
                .any(|n| n["title"] == "Академическая задолженность: «Русский язык»")),
            "{login}: {told}"
        );
    }
    let curator = Browser::login(&app, "curator1").await;
    let page = curator.get_ok(&format!("/debts?group={group}")).await;
    assert!(
        page.contains("Андреев") && page.contains("пересдача не назначена"),
        "{page}"
    );
    // A parent may not read another group's debts.
    let parent = Api::login(&app, "parent1").await;
    let other_group = app
        .scalar(&format!(
            "SELECT MIN(id) FROM study_groups WHERE id <> {group}"
        ))
        .await;
    let res = parent
        .get(&format!("/api/v1/debts?group={other_group}"))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // Retakes: the first fails; the second needs a commission; it passes and closes the debt.
    let today = today.to_string();
    let res = deputy
        .post_form(&format!("/debts/{debt}/retakes"), &[("held_on", &today)])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = teacher
        .post_form(&format!("/debts/{debt}/result"), &[("result", "2")])
        .await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "the subject's teacher records it"
    );
    let res = deputy
        .post_form(&format!("/debts/{debt}/retakes"), &[("held_on", &today)])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.expect("body");
    assert!(body.contains("комисси"), "{body}");
    let res = deputy
        .post_form(
            &format!("/debts/{debt}/retakes"),
            &[
                ("held_on", &today),
                ("commission", "Петрова Ж. Е., Сергеева С. П., Зайцева В. В."),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // Not a third.
    let api = Api::login(&app, "deputy").await;
    let res = api
        .post(
            &format!("/api/v1/debts/{debt}/result"),
            &json!({ "result": "4" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let card = api.get_json(&format!("/api/v1/debts/{debt}")).await;
    assert_eq!(card["debt"]["status"], "closed", "{card}");
    assert_eq!(card["next_attempt"], Value::Null);
    let res = api
        .post(
            &format!("/api/v1/debts/{debt}/retakes"),
            &json!({ "held_on": today }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The passed retake is the attestation mark now, and the history keeps every step.
    let sheet_json = Api::login(&app, "teacher1")
        .await
        .get_json(&format!("/api/v1/attestation/{group}/{subject}?{term}"))
        .await;
    let row = sheet_json["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["student_id"] == s1)
        .cloned()
        .expect("student1");
    assert_eq!(row["value"], "4", "{row}");
    let mark = app
        .scalar(&format!(
            "SELECT id FROM attestation_marks WHERE student_person_id = {s1}"
        ))
        .await;
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM attestation_changes WHERE mark_id = {mark}"
        ))
        .await,
        2
    );
    let erase = app
        .db
        .execute_unprepared("DELETE FROM attestation_changes")
        .await;
    assert!(erase.is_err(), "the history is append-only");
    let page = curator.get_ok(&format!("/debts/{debt}")).await;
    assert!(
        page.contains("ликвидирована") && page.contains("комиссия"),
        "{page}"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_deadline_holds_and_the_report_names_who_has_not() {
    let app = TestApp::start().await;
    let year = year();
    let (group, subject) = russian_of_pr26(&app).await;
    let term = format!("year={year}&semester=1");
    let s1 = app.person_of("student1").await;
    // The module's attestation ended in September: its deadline has passed.
    let deputy = Browser::login(&app, "deputy").await;
    let res = deputy
        .post_form(
            &format!("/attestation/group/{group}?{term}"),
            &[
                ("semester", "1"),
                ("subject_id", &subject.to_string()),
                ("source", "module"),
                ("name", "Раздел 1"),
                ("starts_on", &format!("{year}-09-07")),
                ("ends_on", &format!("{year}-09-12")),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let teacher = Api::login(&app, "teacher1").await;
    let put = |api: &Api, mark: &'static str| {
        let req = api
            .client
            .put(app.url(&format!("/api/v1/attestation/{group}/{subject}?{term}")))
            .bearer_auth(&api.token)
            .json(&json!({ "marks": { s1.to_string(): mark } }));
        async move { req.send().await.expect("PUT") }
    };
    let res = put(&teacher, "4").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let err: Value = res.json().await.expect("json");
    assert!(
        err["message"]
            .as_str()
            .unwrap_or("")
            .contains("Срок выставления"),
        "{err}"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM attestation_marks").await,
        0
    );
    // The deputy answers for the sheet and may put it.
    let deputy_api = Api::login(&app, "deputy").await;
    let res = put(&deputy_api, "4").await;
    assert_eq!(res.status(), StatusCode::OK);

    // By default a 2 is a debt too; the college may decide otherwise.
    let debts = "SELECT COUNT(*) FROM academic_debts";
    let res = put(&deputy_api, "2").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.scalar(debts).await, 1);
    let debt = app.scalar("SELECT id FROM academic_debts").await;
    let res = deputy
        .post_form(
            "/settings",
            &[("mark_edit_days", "8"), ("attestation_edit_days", "1")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    app.exec(&format!("DELETE FROM academic_debts WHERE id <> {debt}"))
        .await;
    let s2 = app.person_of("student2").await;
    let res = deputy_api
        .client
        .put(app.url(&format!("/api/v1/attestation/{group}/{subject}?{term}")))
        .bearer_auth(&deputy_api.token)
        .json(&json!({ "marks": { s2.to_string(): "2" } }))
        .send()
        .await
        .expect("PUT");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        app.scalar(debts).await,
        1,
        "with the box unticked a 2 is no debt"
    );

    // н/а is not a mark of the sheet: it follows a debt not cleared in time
    // (273-ФЗ art. 58 p. 9), declared on the debt.
    let res = deputy_api
        .client
        .put(app.url(&format!("/api/v1/attestation/{group}/{subject}?{term}")))
        .bearer_auth(&deputy_api.token)
        .json(&json!({ "marks": { s2.to_string(): "н/а" } }))
        .send()
        .await
        .expect("PUT");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.expect("json");
    assert!(
        body.to_string().contains("не ликвидированной в срок"),
        "{body}"
    );
    assert_eq!(
        app.text(&format!(
            "SELECT value FROM attestation_marks WHERE student_person_id = {s2}"
        ))
        .await,
        "2",
        "nothing written"
    );

    // н/а only once the debt's deadline has passed (or both retakes failed).
    let res = deputy_api
        .post(&format!("/api/v1/debts/{debt}/not-attested"), &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.exec(&format!(
        "UPDATE academic_debts SET deadline = '2000-01-01' WHERE id = {debt}"
    ))
    .await;
    let res = deputy_api
        .post(&format!("/api/v1/debts/{debt}/not-attested"), &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.text(&format!(
            "SELECT value FROM attestation_marks WHERE student_person_id = {s1}"
        ))
        .await,
        "not_attested"
    );
    assert_eq!(
        app.text(&format!(
            "SELECT status FROM academic_debts WHERE id = {debt}"
        ))
        .await,
        "not_attested"
    );
    // The sheet saved again with that н/а in it keeps it.
    let res = deputy_api
        .client
        .put(app.url(&format!("/api/v1/attestation/{group}/{subject}?{term}")))
        .bearer_auth(&deputy_api.token)
        .json(&json!({ "marks": { s1.to_string(): "н/а" } }))
        .send()
        .await
        .expect("PUT");
    assert_eq!(res.status(), StatusCode::OK);

    // Who has not put marks: ПР-26's Russian has 2 of the group's students.
    let page = deputy.get_ok(&format!("/attestation/missing?{term}")).await;
    let students = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM group_students WHERE group_id = {group}"
        ))
        .await;
    assert!(page.contains(&format!("2 из {students}")), "{page}");
    // Students do not open sheets.
    let student = Browser::login(&app, "student1").await;
    assert_eq!(
        student
            .get(&format!(
                "/attestation/group/{group}/subject/{subject}?{term}"
            ))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_officer_gets_the_diploma_supplements_of_graduates() {
    let app = TestApp::start().await;
    let year = year();
    let officer = Browser::login(&app, "officer").await;
    let page = officer.get_ok("/diplomas").await;
    // The demo's 2023 intake graduates in 2026/2027 by its four-year curricula.
    let graduating = app
        .scalar(&format!(
            "SELECT MIN(id) FROM study_groups WHERE intake_year = {} AND study_form = 'full_time'",
            year - 3
        ))
        .await;
    let name = app
        .text(&format!(
            "SELECT name FROM study_groups WHERE id = {graduating}"
        ))
        .await;
    assert!(page.contains(&name), "{page}");
    let (not_graduating, _) = russian_of_pr26(&app).await;
    assert!(!page.contains("ПР-26"), "{page}");

    // A mark put this year is the final mark of an item that ends now.
    let student = app
        .scalar(&format!(
            "SELECT MIN(person_id) FROM group_students WHERE group_id = {graduating}"
        ))
        .await;
    let surname = app
        .text(&format!("SELECT surname FROM people WHERE id = {student}"))
        .await;
    let res = officer
        .get(&format!(
            "/attestation/group/{graduating}/diploma/prilozhenie.xlsx"
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.expect("bytes");
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("opens");
    let range = book
        .worksheet_range("Приложения к дипломам")
        .expect("sheet");
    let cells: Vec<String> = range.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(cells.iter().any(|c| c.contains(&surname)), "{cells:?}");
    assert!(
        cells
            .iter()
            .any(|c| c == "Защита выпускной квалификационной работы"),
        "{cells:?}"
    );
    assert!(cells.iter().any(|c| c == "Практики"), "{cells:?}");
    let res = officer
        .get(&format!(
            "/attestation/group/{graduating}/diploma/prilozhenie.pdf"
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.bytes().await.expect("bytes").starts_with(b"%PDF"));

    // Not for a group that does not graduate; not for a teacher.
    let res = officer
        .get(&format!(
            "/attestation/group/{not_graduating}/diploma/prilozhenie.pdf"
        ))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let teacher = Browser::login(&app, "teacher1").await;
    assert_eq!(
        teacher
            .get(&format!(
                "/attestation/group/{graduating}/diploma/prilozhenie.pdf"
            ))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    app.stop().await;
}
