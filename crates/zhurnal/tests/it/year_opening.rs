//! Opening the school year (seed 3.2): the completeness check names exactly
//! what is missing, and the year opens only when nothing required is.

use reqwest::StatusCode;
use serde_json::Value;

use crate::client::{Api, Browser};
use crate::harness::TestApp;

fn year() -> i32 {
    domain::reference::school_year(crate::harness::TODAY)
}

fn year_title() -> String {
    domain::calendar::year_title(year())
}

fn item<'a>(checklist: &'a Value, key: &str) -> &'a Value {
    checklist["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["key"] == key)
        .unwrap_or_else(|| panic!("no item {key} in {checklist}"))
}

fn problems(checklist: &Value, key: &str) -> Vec<String> {
    item(checklist, key)["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| p.as_str().unwrap_or_default().to_string())
        .collect()
}

/// Required items that are not complete, with what they miss.
fn required_gaps(checklist: &Value) -> Vec<String> {
    checklist["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["required"] == true && i["ok"] == false)
        .map(|i| format!("{}: {}", i["title"], i["problems"]))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_college_is_complete_and_the_deputy_opens_the_year() {
    let app = TestApp::start().await;
    // The demo comes with its year opened; start from a year not opened yet.
    app.exec("DELETE FROM school_years").await;
    let api = Api::login(&app, "deputy").await;
    let checklist = api.get_json("/api/v1/year/opening").await;
    assert_eq!(checklist["year"], year());
    assert_eq!(checklist["items"].as_array().map(Vec::len), Some(10));
    assert_eq!(required_gaps(&checklist), Vec::<String>::new());
    assert_eq!(checklist["ready"], true);
    assert_eq!(checklist["can_open"], true);

    let b = Browser::login(&app, "deputy").await;
    let page = b.get_ok("/year/opening").await;
    assert!(page.contains(&format!("Открытие учебного года {}", year_title())));
    assert!(page.contains("Всё обязательное заполнено"), "{page}");
    for title in [
        "Здания и кабинеты",
        "Дисциплины и МДК по учебным планам",
        "Кадровый состав",
        "Контингент и учебные группы",
        "Календарный учебный график",
        "Режимы пребывания (расписание звонков)",
        "Формы контроля",
        "Периоды промежуточной аттестации",
        "Параметры фиксации отметок",
        "Педагогическая нагрузка",
    ] {
        assert!(page.contains(title), "{title}");
    }
    let res = b.post_form("/year/opening/open", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let deputy_account = app
        .scalar("SELECT id FROM accounts WHERE login = 'deputy'")
        .await;
    assert_eq!(
        app.scalar(&format!(
            "SELECT opened_by FROM school_years WHERE year = {} AND opened_at IS NOT NULL",
            year()
        ))
        .await,
        deputy_account
    );
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'school_year' AND action = 'open'"
        )
        .await,
        1
    );
    let deputy = app.person_of("deputy").await;
    let surname = app
        .text(&format!("SELECT surname FROM people WHERE id = {deputy}"))
        .await;
    let page = b.get_ok("/year/opening").await;
    assert!(
        page.contains(&format!("Учебный год {} открыт ", year_title())),
        "{page}"
    );
    assert!(page.contains(&surname), "who opened it: {surname}");
    assert!(!page.contains("action=\"/year/opening/open\""));
    // Opening twice is refused and changes nothing.
    let res = b.post_form("/year/opening/open", &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.expect("body").contains("уже открыт"));
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'school_year' AND action = 'open'"
        )
        .await,
        1
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_removed_item_is_named_and_the_year_does_not_open() {
    let app = TestApp::start().await;
    app.exec("DELETE FROM school_years").await;
    let student = app.person_of("student1").await;
    let group = app
        .scalar(&format!(
            "SELECT group_id FROM group_students WHERE person_id = {student}"
        ))
        .await;
    let group_name = app
        .text(&format!("SELECT name FROM study_groups WHERE id = {group}"))
        .await;
    let y = year();
    app.exec(&format!(
        "DELETE FROM bell_assignments WHERE group_id = {group} AND school_year = {y}"
    ))
    .await;
    app.exec(&format!(
        "DELETE FROM calendar_periods WHERE kind = 'attestation' AND school_year = {y}"
    ))
    .await;
    // A discipline of the group's curriculum taught this year loses its
    // control form, its subject and its teacher.
    let discipline = app
        .scalar(&format!(
            "SELECT MIN(ci.id) FROM curriculum_items ci \
             JOIN curricula c ON c.id = ci.curriculum_id \
             JOIN curriculum_hours h ON h.item_id = ci.id \
             JOIN study_groups g ON g.id = {group} AND c.specialty_id = g.specialty_id \
               AND c.study_form = g.study_form AND c.intake_year = g.intake_year \
             WHERE c.student_person_id IS NULL AND ci.kind = 'discipline' \
             AND h.semester = 2 * ({y} - g.intake_year) + 1 AND h.lectures + h.practical > 0"
        ))
        .await;
    let code = app
        .text(&format!(
            "SELECT code FROM curriculum_items WHERE id = {discipline}"
        ))
        .await;
    let name = app
        .text(&format!(
            "SELECT name FROM curriculum_items WHERE id = {discipline}"
        ))
        .await;
    let curriculum = app
        .text(&format!(
            "SELECT c.name FROM curricula c JOIN curriculum_items ci ON ci.curriculum_id = c.id \
             WHERE ci.id = {discipline}"
        ))
        .await;
    app.exec(&format!(
        "UPDATE curriculum_hours SET control_form = NULL WHERE item_id = {discipline}"
    ))
    .await;
    app.exec(&format!(
        "UPDATE curriculum_items SET subject_id = NULL WHERE id = {discipline}"
    ))
    .await;
    app.exec(&format!(
        "DELETE FROM teaching_loads WHERE item_id = {discipline} AND group_id = {group}"
    ))
    .await;
    // A new building without rooms.
    app.exec(&format!(
            "INSERT INTO buildings (org_id, name) SELECT org_id, 'Корпус 9' FROM study_groups WHERE id = {group}"
        ),
    )
    .await;

    let bells = format!(
        "У группы {group_name} не назначено расписание звонков на {}.",
        year_title()
    );
    let attestation = format!("Нет периода промежуточной аттестации в {}.", year_title());
    let rooms = "Нет кабинетов в здании «Корпус 9».".to_string();

    let api = Api::login(&app, "deputy").await;
    let checklist = api.get_json("/api/v1/year/opening").await;
    assert_eq!(problems(&checklist, "bells"), std::slice::from_ref(&bells));
    assert_eq!(
        problems(&checklist, "attestation"),
        std::slice::from_ref(&attestation)
    );
    assert_eq!(problems(&checklist, "rooms"), std::slice::from_ref(&rooms));
    assert_eq!(item(&checklist, "bells")["status"], "не хватает: 1");
    assert_eq!(
        problems(&checklist, "control_forms"),
        [format!("Для дисциплины «{code} {name}» учебного плана «{curriculum}» не задана форма контроля.")]
    );
    assert_eq!(
        problems(&checklist, "subjects"),
        [format!("Для дисциплины «{code} {name}» учебного плана «{curriculum}» не указан предмет журнала.")]
    );
    // The load is a warning, not a reason to keep the year closed. (Other
    // groups of the demo may lack load of their own; this one lacks exactly one.)
    let group_load: Vec<String> = problems(&checklist, "load")
        .into_iter()
        .filter(|p| p.starts_with(&format!("У группы {group_name} ")))
        .collect();
    assert_eq!(
        group_load,
        [format!(
            "У группы {group_name} не распределена нагрузка (1): «{code} {name}»."
        )]
    );
    assert_eq!(item(&checklist, "load")["required"], false);
    assert_eq!(checklist["ready"], false);
    // Nothing else is missing: exactly the removed things.
    assert_eq!(
        required_gaps(&checklist).len(),
        5,
        "{:?}",
        required_gaps(&checklist)
    );

    let b = Browser::login(&app, "deputy").await;
    let page = b.get_ok("/year/opening").await;
    for line in [&bells, &attestation, &rooms] {
        assert!(page.contains(line.as_str()), "{line} in\n{page}");
    }
    assert!(page.contains("href=\"/bells\""));
    assert!(page.contains("href=\"/calendar\""));

    let res = b.post_form("/year/opening/open", &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.expect("body");
    assert!(body.contains("нельзя открыть"), "{body}");
    assert!(
        body.contains(&format!("Режимы пребывания (расписание звонков): {bells}")),
        "{body}"
    );
    assert!(body.contains(&attestation));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM school_years").await, 0);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'school_year'")
            .await,
        0
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_administration_opens_the_year() {
    let app = TestApp::start().await;
    app.exec("DELETE FROM school_years").await;
    let teacher = Browser::login(&app, "teacher1").await;
    assert_eq!(
        teacher.get("/year/opening").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        teacher.post_form("/year/opening/open", &[]).await.status(),
        StatusCode::FORBIDDEN
    );
    let api = Api::login(&app, "teacher1").await;
    assert_eq!(
        api.get("/api/v1/year/opening").await.status(),
        StatusCode::FORBIDDEN
    );
    // The dispatcher checks the reference data but does not open the year.
    let dispatcher = Browser::login(&app, "dispatcher").await;
    let page = dispatcher.get_ok("/year/opening").await;
    assert!(!page.contains("action=\"/year/opening/open\""));
    assert_eq!(
        dispatcher
            .post_form("/year/opening/open", &[])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM school_years").await, 0);
    app.stop().await;
}
