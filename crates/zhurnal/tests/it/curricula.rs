//! Curricula: a deputy builds a plan on its pages, downloads it as a
//! spreadsheet and uploads it back; bad rows are named and change nothing.

use std::io::Cursor;

use calamine::{Data, Reader};
use reqwest::{Response, StatusCode};
use sea_orm::{ActiveModelTrait, Set};
use serde_json::Value;

use crate::client::{location, Api, Browser};
use crate::harness::TestApp;

/// A curriculum and one of its items, for the role table: the demo's or a new one.
pub async fn any_curriculum(app: &TestApp) -> (i64, i64) {
    if app.scalar("SELECT COUNT(*) FROM curriculum_items").await == 0 {
        let org = app.scalar("SELECT MIN(org_id) FROM specialties").await;
        let specialty = app.scalar("SELECT MIN(id) FROM specialties").await;
        let c = store::curricula::insert(
            &app.db,
            org,
            store::curricula::NewCurriculum {
                specialty_id: specialty,
                study_form: "full_time",
                intake_year: 2026,
                name: "План для ролей",
                student_person_id: None,
            },
        )
        .await
        .expect("curriculum");
        store::curricula::insert_item(
            &app.db,
            org,
            c.id,
            store::curricula::ItemFields {
                parent_id: None,
                kind: "module",
                code: "ПМ.01",
                name: "Модуль",
                subject_id: None,
            },
        )
        .await
        .expect("item");
    }
    let item = app.scalar("SELECT MIN(id) FROM curriculum_items").await;
    let curriculum = app
        .scalar(&format!(
            "SELECT curriculum_id FROM curriculum_items WHERE id = {item}"
        ))
        .await;
    (curriculum, item)
}

async fn post_ok(b: &Browser, path: &str, fields: &[(&str, &str)]) -> String {
    let res = b.post_form(path, fields).await;
    let status = res.status();
    let loc = location(&res);
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "POST {path}: {}",
        res.text().await.unwrap_or_default()
    );
    loc
}

async fn item_id(app: &TestApp, curriculum: i64, code: &str) -> i64 {
    app.scalar(&format!(
        "SELECT id FROM curriculum_items WHERE curriculum_id = {curriculum} AND code = '{code}'"
    ))
    .await
}

/// Builds «Тестовый план»: a discipline and a module with an МДК and a practice.
async fn build(app: &TestApp, deputy: &Browser) -> i64 {
    let specialty = app
        .scalar("SELECT MIN(id) FROM specialties")
        .await
        .to_string();
    let url = post_ok(
        deputy,
        "/curricula",
        &[
            ("name", "Тестовый план 2026"),
            ("specialty_id", &specialty),
            ("study_form", "full_time"),
            ("intake_year", "2026"),
        ],
    )
    .await;
    let id: i64 = url
        .trim_start_matches("/curricula/")
        .parse()
        .expect("curriculum id");
    let page = deputy.get_ok(&url).await;
    assert!(page.contains("В плане пока нет строк"), "{page}");
    let items = format!("/curricula/{id}/items");
    post_ok(
        deputy,
        &items,
        &[
            ("kind", "discipline"),
            ("code", "ОП.99"),
            ("name", "Тестовая дисциплина"),
        ],
    )
    .await;
    post_ok(
        deputy,
        &items,
        &[
            ("kind", "module"),
            ("code", "ПМ.07"),
            ("name", "Тестовый модуль"),
        ],
    )
    .await;
    let module = item_id(app, id, "ПМ.07").await.to_string();
    post_ok(
        deputy,
        &items,
        &[
            ("kind", "mdk"),
            ("code", "МДК.07.01"),
            ("name", "Тестовый МДК"),
            ("parent_id", &module),
        ],
    )
    .await;
    post_ok(
        deputy,
        &items,
        &[
            ("kind", "practice"),
            ("code", "УП.07"),
            ("name", "Тестовая практика"),
            ("parent_id", &module),
        ],
    )
    .await;
    let hours = |code: &'static str| async move {
        format!(
            "/curricula/{id}/items/{}/hours",
            item_id(app, id, code).await
        )
    };
    post_ok(
        deputy,
        &hours("ОП.99").await,
        &[
            ("lectures_1", "30"),
            ("practical_1", "20"),
            ("control_form_1", "diff_credit"),
        ],
    )
    .await;
    post_ok(
        deputy,
        &hours("МДК.07.01").await,
        &[
            ("lectures_3", "40"),
            ("practical_3", "30"),
            ("self_study_3", "6"),
            ("control_form_3", "exam"),
        ],
    )
    .await;
    post_ok(
        deputy,
        &hours("УП.07").await,
        &[("practical_3", "72"), ("control_form_3", "diff_credit")],
    )
    .await;
    post_ok(
        deputy,
        &hours("ПМ.07").await,
        &[("control_form_3", "qualification_exam")],
    )
    .await;
    id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deputy_builds_a_curriculum_and_sees_totals() {
    let app = TestApp::start().await;
    let deputy = Browser::login(&app, "deputy").await;
    let res = deputy
        .post_form(
            "/curricula",
            &[
                ("name", " "),
                ("study_form", "full_time"),
                ("intake_year", "1990"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.expect("body");
    assert!(page.contains("Заполните это поле."), "{page}");
    assert!(page.contains("Выберите специальность."), "{page}");
    assert!(page.contains("Введите число от 2000 до 2100."), "{page}");

    let id = build(&app, &deputy).await;
    let page = deputy.get_ok(&format!("/curricula/{id}")).await;
    for text in [
        "Тестовая дисциплина",
        "Тестовый модуль",
        "МДК.07.01",
        "Итого по плану",
        ">148<", // the module in semester 3: 40 + 30 + 6 + 72
        ">198<", // the whole plan: 50 + 148
        ">Эк<",
        ">ДЗ<",
    ] {
        assert!(page.contains(text), "{text} in\n{page}");
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM subjects WHERE name = 'Тестовая дисциплина'")
            .await,
        1,
        "the item's subject is created"
    );

    // Bad hours are named and change nothing.
    let op = item_id(&app, id, "ОП.99").await;
    let before = app
        .scalar(&format!(
            "SELECT SUM(lectures) FROM curriculum_hours WHERE item_id = {op}"
        ))
        .await;
    let res = deputy
        .post_form(
            &format!("/curricula/{id}/items/{op}/hours"),
            &[
                ("lectures_1", "много"),
                ("practical_2", "-3"),
                ("lectures_4", "8"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.expect("body");
    assert!(
        page.contains("Семестр 1, лекции: «много» — не целое число часов."),
        "{page}"
    );
    assert!(
        page.contains("Семестр 2, практические и лабораторные: часы не могут быть отрицательными.")
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT SUM(lectures) FROM curriculum_hours WHERE item_id = {op}"
        ))
        .await,
        before
    );
    // A module's hours are its items'.
    let module = item_id(&app, id, "ПМ.07").await;
    let res = deputy
        .post_form(
            &format!("/curricula/{id}/items/{module}/hours"),
            &[("lectures_3", "10")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .text()
        .await
        .expect("body")
        .contains("часы модуля складываются из его МДК и практик"));
    // Only МДК and practices go into a module; codes are unique in a plan.
    let res = deputy
        .post_form(
            &format!("/curricula/{id}/items"),
            &[
                ("kind", "discipline"),
                ("code", "ОП.98"),
                ("name", "Не в модуль"),
                ("parent_id", &module.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .text()
        .await
        .expect("body")
        .contains("В профессиональный модуль входят только МДК и практики."));
    let res = deputy
        .post_form(
            &format!("/curricula/{id}/items"),
            &[("kind", "discipline"), ("code", "ОП.99"), ("name", "Дубль")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .text()
        .await
        .expect("body")
        .contains("В этом плане уже есть строка с таким кодом."));

    // The item's page shows the split; editing renames.
    let page = deputy.get_ok(&format!("/curricula/{id}/items/{op}")).await;
    assert!(
        page.contains("value=\"30\"") && page.contains("value=\"20\""),
        "{page}"
    );
    post_ok(
        &deputy,
        &format!("/curricula/{id}/items/{op}"),
        &[
            ("kind", "discipline"),
            ("code", "ОП.99"),
            ("name", "Тестовая дисциплина (изм.)"),
            ("subject", "Тестовая дисциплина"),
        ],
    )
    .await;
    assert!(deputy
        .get_ok(&format!("/curricula/{id}"))
        .await
        .contains("Тестовая дисциплина (изм.)"));

    // The API gives the same plan with totals.
    let api = Api::login(&app, "deputy").await;
    let plan = api.get_json(&format!("/api/v1/curricula/{id}")).await;
    assert_eq!(plan["total_hours"], 198);
    assert_eq!(plan["semester_totals"][2]["total"], 148);
    let module_row = &plan["items"][1];
    assert_eq!(module_row["code"], "ПМ.07");
    assert_eq!(module_row["total_hours"], 148);
    assert_eq!(
        module_row["semesters"][2]["control_form"],
        "qualification_exam"
    );
    assert_eq!(plan["items"][2]["parent_code"], "ПМ.07");
    let list = api.get_json("/api/v1/curricula").await;
    assert!(list["items"]
        .as_array()
        .expect("items")
        .iter()
        .any(|c| c["id"] == id));
    let page = deputy.get_ok("/curricula").await;
    assert!(page.contains("Тестовый план 2026"));

    // An individual curriculum: the student must study this specialty.
    let student = app.person_of("student1").await;
    let own = app
        .scalar(&format!(
            "SELECT g.specialty_id FROM study_groups g JOIN group_students s ON s.group_id = g.id WHERE s.person_id = {student}"
        ))
        .await;
    let other = app
        .scalar(&format!(
            "SELECT MIN(id) FROM specialties WHERE id <> {own}"
        ))
        .await;
    let res = deputy
        .post_form(
            "/curricula",
            &[
                ("name", "Индивидуальный план"),
                ("specialty_id", &other.to_string()),
                ("study_form", "full_time"),
                ("intake_year", "2025"),
                ("student_id", &student.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .text()
        .await
        .expect("body")
        .contains("Обучающийся учится в группе другой специальности."));
    let url = post_ok(
        &deputy,
        "/curricula",
        &[
            ("name", "Индивидуальный план"),
            ("specialty_id", &own.to_string()),
            ("study_form", "full_time"),
            ("intake_year", "2025"),
            ("student_id", &student.to_string()),
        ],
    )
    .await;
    let page = deputy.get_ok(&url).await;
    assert!(page.contains("Индивидуальный план"), "{page}");
    app.stop().await;
}

async fn upload(b: &Browser, path: &str, bytes: Vec<u8>) -> Response {
    let form = reqwest::multipart::Form::new()
        .text("_csrf", b.csrf.clone())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes)
                .file_name("план.xlsx")
                .mime_str("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .expect("mime"),
        );
    b.client
        .post(format!("{}{path}", b.base))
        .multipart(form)
        .send()
        .await
        .expect("upload")
}

/// What a plan holds, without ids.
fn shape(plan: &Value) -> Vec<Value> {
    plan["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            serde_json::json!([
                i["code"],
                i["kind"],
                i["name"],
                i["parent_code"],
                i["subject_id"],
                i["semesters"],
                i["total_hours"]
            ])
        })
        .collect()
}

/// A sheet as a person types it: the table header and the rows.
fn sheet(rows: &[&[&str]]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Учебный план").expect("cell");
    ws.write_string(3, 0, "Код").expect("cell");
    ws.write_string(4, 4, "Лек").expect("cell");
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (5 + r as u32, c as u16);
            match v.parse::<f64>() {
                Ok(n) => ws.write_number(r, c, n).map(|_| ()),
                Err(_) => ws.write_string(r, c, *v).map(|_| ()),
            }
            .expect("cell");
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_and_import_of_a_curriculum() {
    let app = TestApp::start().await;
    let deputy = Browser::login(&app, "deputy").await;
    let id = build(&app, &deputy).await;
    let api = Api::login(&app, "deputy").await;
    let before = api.get_json(&format!("/api/v1/curricula/{id}")).await;

    // Export: a spreadsheet that opens and holds the rows.
    let res = deputy.get(&format!("/curricula/{id}.xlsx")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .contains("spreadsheetml"));
    let bytes = res.bytes().await.expect("xlsx").to_vec();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes.clone())).expect("opens");
    let range = book.worksheet_range_at(0).expect("sheet").expect("range");
    let cells: Vec<String> = range
        .used_cells()
        .filter_map(|(_, _, d)| match d {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    for text in [
        "Год набора",
        "ОП.99",
        "ПМ.07",
        "МДК.07.01",
        "УП.07",
        "Тестовая практика",
        "Эк",
        "Э",
        "ДЗ",
        "Итого по плану",
    ] {
        assert!(cells.iter().any(|c| c == text), "{text} in {cells:?}");
    }
    assert!(range
        .used_cells()
        .any(|(_, _, d)| matches!(d, Data::Float(f) if *f == 148.0)));

    // The same sheet back: the same plan.
    let import = format!("/curricula/{id}/import");
    assert!(deputy
        .get_ok(&import)
        .await
        .contains("Загрузить учебный план"));
    let res = upload(&deputy, &import, bytes).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let after = api.get_json(&format!("/api/v1/curricula/{id}")).await;
    assert_eq!(shape(&after), shape(&before));
    assert_eq!(after["total_hours"], before["total_hours"]);

    // Two bad rows: both are named, nothing changes.
    let count = |sql: String| {
        let app = &app;
        async move { app.scalar(&sql).await }
    };
    let items_sql = format!("SELECT COUNT(*) FROM curriculum_items WHERE curriculum_id = {id}");
    let hours_sql = format!(
        "SELECT COALESCE(SUM(lectures + practical + self_study), 0) FROM curriculum_hours WHERE item_id IN (SELECT id FROM curriculum_items WHERE curriculum_id = {id})"
    );
    let (items_before, hours_before) = (
        count(items_sql.clone()).await,
        count(hours_sql.clone()).await,
    );
    let bad = sheet(&[
        &["ОП.01", "дисциплина", "Новая дисциплина", "", "10"],
        &["ОП.02", "факультатив", "Что-то", "", "10"],
        &["ОП.03", "дисциплина", "Химия (импорт)", "", "8"],
        &["ОП.04", "дисциплина", "Физика", "", "десять"],
    ]);
    let res = upload(&deputy, &import, bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.expect("body");
    assert!(
        page.contains("Строка 7: неизвестный вид «факультатив»"),
        "{page}"
    );
    assert!(
        page.contains("Строка 9: семестр 1, лекции: «десять» — не целое число часов"),
        "{page}"
    );
    assert!(page.contains("ошибок: 2"), "{page}");
    assert_eq!(count(items_sql.clone()).await, items_before);
    assert_eq!(count(hours_sql.clone()).await, hours_before);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM subjects WHERE name = 'Химия (импорт)'")
            .await,
        0
    );
    // A 2-KB sheet with a cell at A1 and one at XFD300 (a 5-million-cell
    // grid to a reader) is refused before it is read, saying why.
    let far = {
        let mut book = rust_xlsxwriter::Workbook::new();
        let s = book.add_worksheet();
        s.write_string(0, 0, "Код").expect("cell");
        s.write_string(299, 16383, "x").expect("cell");
        book.save_to_buffer().expect("xlsx")
    };
    let res = upload(&deputy, &import, far).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.expect("body");
    assert!(page.contains("Удалите лишние ячейки"), "{page}");
    let res = upload(&deputy, &import, b"%PDF-1.4 not a sheet".to_vec()).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .text()
        .await
        .expect("body")
        .contains("формате Excel (.xlsx)"));
    assert_eq!(count(items_sql.clone()).await, items_before);

    // A good sheet replaces the items.
    let good = sheet(&[
        &[
            "ОП.01",
            "дисциплина",
            "Новая дисциплина",
            "",
            "10",
            "6",
            "",
            "",
            "",
            "ДЗ",
        ],
        &["ПМ.02", "ПМ", "Новый модуль"],
        &[
            "МДК.02.01",
            "МДК",
            "Новый МДК",
            "ПМ.02",
            "",
            "",
            "",
            "",
            "",
            "",
            "20",
            "12",
            "",
            "",
            "",
            "Э",
        ],
    ]);
    let res = upload(&deputy, &import, good).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let plan = api.get_json(&format!("/api/v1/curricula/{id}")).await;
    let codes: Vec<&str> = plan["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["code"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(codes, ["ОП.01", "ПМ.02", "МДК.02.01"]);
    assert_eq!(plan["items"][1]["total_hours"], 32);
    assert_eq!(plan["items"][2]["semesters"][1]["control_form"], "exam");
    assert_eq!(plan["total_hours"], 48);
    let page = deputy.get_ok(&format!("/curricula/{id}")).await;
    assert!(page.contains("Новый МДК") && !page.contains(">УП.07<"));

    // Once the teaching load uses the plan, the import is refused.
    let mdk = item_id(&app, id, "МДК.02.01").await;
    let org = app
        .scalar(&format!("SELECT org_id FROM curricula WHERE id = {id}"))
        .await;
    store::entity::teaching_load::ActiveModel {
        org_id: Set(org),
        school_year: Set(2026),
        semester: Set(2),
        item_id: Set(mdk),
        group_id: Set(app.scalar("SELECT MIN(id) FROM study_groups").await),
        subgroup_id: Set(None),
        part: Set(0),
        subject_id: Set(app
            .scalar(&format!(
                "SELECT subject_id FROM curriculum_items WHERE id = {mdk}"
            ))
            .await),
        teacher_person_id: Set(app.person_of("teacher1").await),
        hours: Set(32),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("load");
    let again = sheet(&[&["ОП.01", "дисциплина", "Новая дисциплина", "", "10"]]);
    let res = upload(&deputy, &import, again).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res
        .text()
        .await
        .expect("body")
        .contains("уже распределены в педагогической нагрузке"));
    assert_eq!(count(items_sql).await, 3);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn who_may_read_and_change_curricula() {
    let app = TestApp::start().await;
    let (id, item) = any_curriculum(&app).await;
    let specialty = app
        .scalar("SELECT MIN(id) FROM specialties")
        .await
        .to_string();
    let fields = [
        ("name", "Чужой план"),
        ("specialty_id", specialty.as_str()),
        ("study_form", "full_time"),
        ("intake_year", "2026"),
    ];
    for login in ["teacher1", "student1"] {
        let b = Browser::login(&app, login).await;
        assert_eq!(b.get("/curricula").await.status(), StatusCode::FORBIDDEN);
        let res = b.post_form("/curricula", &fields).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{login}");
        let api = Api::login(&app, login).await;
        assert_eq!(
            api.get("/api/v1/curricula").await.status(),
            StatusCode::FORBIDDEN
        );
    }
    let dispatcher = Browser::login(&app, "dispatcher").await;
    let page = dispatcher.get_ok(&format!("/curricula/{id}")).await;
    assert!(
        !page.contains("Новая строка плана"),
        "no forms for a reader"
    );
    dispatcher
        .get_ok(&format!("/curricula/{id}/items/{item}"))
        .await;
    assert_eq!(
        dispatcher
            .get(&format!("/curricula/{id}.xlsx"))
            .await
            .status(),
        StatusCode::OK
    );
    for (path, body) in [
        ("/curricula".to_string(), &fields[..]),
        (
            format!("/curricula/{id}/items"),
            &[("kind", "discipline"), ("code", "X.1"), ("name", "X")][..],
        ),
        (
            format!("/curricula/{id}/items/{item}/hours"),
            &[("control_form_1", "exam")][..],
        ),
    ] {
        let res = dispatcher.post_form(&path, body).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(
        dispatcher
            .get(&format!("/curricula/{id}/import"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let res = upload(&dispatcher, &format!("/curricula/{id}/import"), sheet(&[])).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM curricula WHERE name = 'Чужой план'")
            .await,
        0
    );
    let api = Api::login(&app, "dispatcher").await;
    let list = api.get_json("/api/v1/curricula").await;
    assert!(list["total"].as_i64().unwrap_or_default() >= 1);
    let plan = api.get_json(&format!("/api/v1/curricula/{id}")).await;
    assert!(!plan["items"].as_array().expect("items").is_empty());
    app.stop().await;
}

/// Whatever curricula the demo college has open as tables and export to
/// sheets that read back whole (module hours equal to their items').
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_curricula_open_and_export() {
    let app = TestApp::start().await;
    let deputy = Browser::login(&app, "deputy").await;
    let api = Api::login(&app, "deputy").await;
    let list = api.get_json("/api/v1/curricula").await;
    let page = deputy.get_ok("/curricula").await;
    let mut rows_read = 0;
    for c in list["items"].as_array().expect("items").iter().take(3) {
        let id = c["id"].as_i64().expect("id");
        let name = c["name"].as_str().unwrap_or_default();
        assert!(page.contains(name), "{name} listed");
        let plan = api.get_json(&format!("/api/v1/curricula/{id}")).await;
        let html = deputy.get_ok(&format!("/curricula/{id}")).await;
        assert!(html.contains("Итого по плану") || plan["items"] == serde_json::json!([]));
        let res = deputy.get(&format!("/curricula/{id}.xlsx")).await;
        assert_eq!(res.status(), StatusCode::OK);
        let bytes = res.bytes().await.expect("xlsx");
        let rows =
            service::curricula::xlsx::read(&bytes).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(rows.len(), plan["items"].as_array().map_or(0, Vec::len));
        rows_read += rows.len();
    }
    assert!(rows_read > 0, "the demo college has curricula with items");
    app.stop().await;
}
