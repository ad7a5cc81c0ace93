//! One test in a real browser: headless Chromium logs in as teacher1 through
//! the login page and sees the teacher's home page. Skipped, with the reason
//! printed, where Chromium is absent, unless ZHURNAL_REQUIRE_BROWSER=1 (CI).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{ClientBuilder, Locator};

use crate::harness::TestApp;

fn find(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// A headless Chromium driven through chromedriver, or None (with the reason
/// printed) where it is not installed and not required.
struct Browser {
    client: fantoccini::Client,
    _driver: Driver,
    _profile: tempfile::TempDir,
}

async fn browser() -> Option<Browser> {
    let required = std::env::var("ZHURNAL_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    let (Some(driver), Some(chromium)) = (
        find(&["chromedriver"]),
        find(&["chromium", "chromium-browser", "google-chrome"]),
    ) else {
        assert!(
            !required,
            "ZHURNAL_REQUIRE_BROWSER=1 but chromium or chromedriver is not installed"
        );
        // Written past the test harness's capture, so `cargo test` shows it.
        let _ = writeln!(
            std::io::stderr(),
            "browser test SKIPPED: chromium and chromedriver not found in PATH \
             (apt-get install chromium chromium-driver to run it)"
        );
        return None;
    };
    // Two TLS backends are linked in (reqwest's, sqlx's): say which one fantoccini uses.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let port = free_port();
    let driver = Driver(
        Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver"),
    );
    let profile = tempfile::tempdir().expect("profile dir");
    let caps = serde_json::json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1366,768",
                format!("--user-data-dir={}", profile.path().display())
            ]
        }
    });
    let serde_json::Value::Object(caps) = caps else {
        unreachable!("a JSON object")
    };
    for _ in 0..50 {
        if let Ok(client) = ClientBuilder::rustls()
            .expect("tls")
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            return Some(Browser {
                client,
                _driver: driver,
                _profile: profile,
            });
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("chromedriver does not answer");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn teacher_logs_in_through_the_real_login_page() {
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::start().await;
    let c = browser.client.clone();
    c.goto(&app.url("/login")).await.expect("open login page");
    let title = c.title().await.expect("title");
    assert_eq!(title, "Вход — Журнал");
    c.find(Locator::Css("input[name=login]"))
        .await
        .expect("login field")
        .send_keys("teacher1")
        .await
        .expect("type");
    c.find(Locator::Css("input[name=password]"))
        .await
        .expect("password field")
        .send_keys("demo")
        .await
        .expect("type");
    c.find(Locator::Css("button[type=submit]"))
        .await
        .expect("button")
        .click()
        .await
        .expect("click");
    // First login: the personal-data terms.
    c.wait()
        .for_element(Locator::XPath("//button[contains(., 'Принимаю условия')]"))
        .await
        .expect("consent page")
        .click()
        .await
        .expect("accept");
    let h1 = c
        .wait()
        // The home page itself, not the consent page still on screen.
        .for_element(Locator::XPath("//h1[starts-with(., 'Здравствуйте')]"))
        .await
        .expect("home");
    let text = h1.text().await.expect("h1 text");
    assert!(text.starts_with("Здравствуйте"), "{text}");
    let body = c
        .find(Locator::Css("main"))
        .await
        .expect("main")
        .text()
        .await
        .expect("text");
    assert!(body.contains("Преподаватель"), "{body}");
    assert!(body.contains("Мои журналы"), "{body}");
    // ZHURNAL_SCREENSHOTS=DIR keeps pictures of pages for a person to look at.
    if let Ok(dir) = std::env::var("ZHURNAL_SCREENSHOTS") {
        screenshots(&c, &app, &dir).await;
    }
    c.close().await.expect("close browser");
    app.stop().await;
}

async fn shoot(c: &fantoccini::Client, app: &TestApp, dir: &str, name: &str, path: &str) {
    c.goto(&app.url(path)).await.expect("open page");
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(format!("{dir}/{name}.png"), png).expect("write screenshot");
}

async fn login_as(c: &fantoccini::Client, app: &TestApp, login: &str) {
    c.delete_all_cookies().await.expect("log out");
    c.goto(&app.url("/login")).await.expect("login page");
    c.find(Locator::Css("input[name=login]"))
        .await
        .expect("login")
        .send_keys(login)
        .await
        .expect("type");
    c.find(Locator::Css("input[name=password]"))
        .await
        .expect("password")
        .send_keys("demo")
        .await
        .expect("type");
    c.find(Locator::Css("button[type=submit]"))
        .await
        .expect("button")
        .click()
        .await
        .expect("click");
    // Wait until the login page is gone, then accept the terms if asked.
    for _ in 0..100 {
        let path = c
            .current_url()
            .await
            .map(|u| u.path().to_string())
            .unwrap_or_default();
        if path == "/consent" {
            c.find(Locator::XPath("//button[contains(., 'Принимаю условия')]"))
                .await
                .expect("consent button")
                .click()
                .await
                .expect("accept");
        } else if path != "/login"
            && c.find(Locator::XPath("//h1[starts-with(., 'Здравствуйте')]"))
                .await
                .is_ok()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{login} did not reach the home page");
}

async fn screenshots(c: &fantoccini::Client, app: &TestApp, dir: &str) {
    shoot(c, app, dir, "teacher-home", "/").await;
    c.delete_all_cookies().await.expect("log out");
    shoot(c, app, dir, "login", "/login").await;
    login_as(c, app, "deputy").await;
    let student = app.person_of("student1").await;
    let group = app
        .scalar(&format!(
            "SELECT group_id FROM group_students WHERE person_id = {student}"
        ))
        .await;
    let staff = app.person_of("curator1").await;
    for (name, path) in [
        ("deputy-home", "/".to_string()),
        ("groups", "/groups".to_string()),
        ("group", format!("/groups/{group}")),
        ("student", format!("/students/{student}")),
        ("staff", format!("/staff/{staff}")),
        ("staff-list", "/staff".to_string()),
        ("buildings", "/buildings".to_string()),
    ] {
        shoot(c, app, dir, name, &path).await;
    }
    login_as(c, app, "parent1").await;
    c.set_window_size(360, 740).await.expect("phone size");
    shoot(c, app, dir, "parent-home-phone", "/").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn teacher_types_marks_with_the_keyboard_and_the_parent_sees_them() {
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::start().await;
    let f = crate::journal::fixture(&app).await;
    let c = browser.client.clone();
    login_as(&c, &app, "teacher1").await;
    let day = app.today() - chrono::Duration::days(1);
    let month = day.format("%Y-%m-01");
    c.goto(&app.url(&format!("/journal/{}/{}?month={month}", f.group, f.subject)))
        .await
        .expect("journal");
    let first = c
        .wait()
        .for_element(Locator::Css(&format!(
            "input.cell[data-lesson='{}'][data-student='{}']",
            f.yesterday, f.student
        )))
        .await;
    let first = match first {
        Ok(e) => e,
        Err(e) => panic!(
            "student1's cell: {e}\n{}",
            c.source().await.unwrap_or_default()
        ),
    };
    first.click().await.expect("focus");
    // Type a mark, Enter saves and moves down; type an absence there; Enter again.
    first.send_keys("5\u{E007}").await.expect("type 5, Enter");
    let active = c.active_element().await.expect("focus moved");
    let below = active
        .attr("data-student")
        .await
        .expect("attr")
        .unwrap_or_default();
    assert_ne!(
        below,
        f.student.to_string(),
        "Enter moved to the next student"
    );
    active.send_keys("н\u{E007}").await.expect("type н, Enter");
    for _ in 0..50 {
        let saved = app
            .scalar(&format!(
                "SELECT COUNT(*) FROM journal_entries WHERE lesson_id = {}",
                f.yesterday
            ))
            .await;
        if saved == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mark = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM marks WHERE lesson_id = {} AND student_person_id = {} AND value = '5'",
            f.yesterday, f.student
        ))
        .await;
    assert_eq!(mark, 1, "the mark was saved");
    let absent = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM journal_entries WHERE lesson_id = {} AND student_person_id = {below} AND attendance = 'absent'",
            f.yesterday
        ))
        .await;
    assert_eq!(absent, 1, "the absence was saved");
    let saved_class = first
        .attr("class")
        .await
        .expect("class")
        .unwrap_or_default();
    assert!(
        saved_class.contains("saved"),
        "the cell shows it was saved: {saved_class}"
    );

    // The parent opens the diary on a phone and sees the mark.
    login_as(&c, &app, "parent1").await;
    c.set_window_size(360, 740).await.expect("phone size");
    c.goto(&app.url(&format!("/diary?student={}&week={day}", f.student)))
        .await
        .expect("diary");
    let text = c
        .find(Locator::Css("main"))
        .await
        .expect("main")
        .text()
        .await
        .expect("text");
    assert!(text.contains("Горное дело (тест)"), "{text}");
    let marks = c.find_all(Locator::Css(".mark")).await.expect("marks");
    let mut values = Vec::new();
    for m in marks {
        values.push(m.text().await.expect("mark"));
    }
    assert!(values.iter().any(|v| v == "5"), "{values:?}");
    if let Ok(dir) = std::env::var("ZHURNAL_SCREENSHOTS") {
        let png = c.screenshot().await.expect("screenshot");
        std::fs::write(format!("{dir}/diary-phone.png"), png).expect("write");
        c.set_window_size(1366, 768).await.expect("size");
        login_as(&c, &app, "teacher1").await;
        shoot(
            &c,
            &app,
            &dir,
            "journal-grid",
            &format!("/journal/{}/{}?month={month}", f.group, f.subject),
        )
        .await;
    }
    c.close().await.expect("close browser");
    app.stop().await;
}

/// Controls of the page (within `main`) a sighted user cannot see: clipped
/// to nothing or out of the layout.
async fn unseen_controls(c: &fantoccini::Client) -> Vec<String> {
    let found = c
        .execute(
            "return Array.from(document.querySelectorAll(\
               'main input:not([type=hidden]), main select, main textarea, main button'))\
             .filter(e => { const r = e.getBoundingClientRect(); return r.width < 4 || r.height < 4; })\
             .map(e => e.outerHTML.slice(0, 160));",
            vec![],
        )
        .await
        .expect("script");
    serde_json::from_value(found).expect("strings")
}

/// The lesson card shows every control at both widths: a teacher sets an
/// absence's reason and a mark's kind of work there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn teacher_sets_a_reason_and_a_kind_of_work_on_the_lesson_card() {
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::start().await;
    let f = crate::journal::fixture(&app).await;
    let mate = crate::journal::classmate(&app, &f).await;
    let teacher = crate::client::Api::login(&app, "teacher1").await;
    crate::journal::put(
        &teacher,
        &crate::journal::cell(f.yesterday, f.student, "н", 0),
    )
    .await;
    crate::journal::put(&teacher, &crate::journal::cell(f.yesterday, mate, "5", 0)).await;
    let mark = app
        .scalar(&format!(
            "SELECT id FROM marks WHERE lesson_id = {} AND student_person_id = {mate}",
            f.yesterday
        ))
        .await;
    let kind_before = app
        .scalar(&format!("SELECT work_kind_id FROM marks WHERE id = {mark}"))
        .await;
    let other_kind = app
        .scalar(&format!(
            "SELECT MAX(id) FROM work_kinds WHERE id <> {kind_before} \
             AND org_id = (SELECT org_id FROM marks WHERE id = {mark})"
        ))
        .await;
    let c = browser.client.clone();
    login_as(&c, &app, "teacher1").await;
    let card = app.url(&format!("/lessons/{}", f.yesterday));
    for (w, h) in [(1366, 768), (360, 740)] {
        c.set_window_size(w, h).await.expect("size");
        c.goto(&card).await.expect("lesson card");
        let unseen = unseen_controls(&c).await;
        assert!(unseen.is_empty(), "at {w} px, unseen: {unseen:#?}");
    }
    // The absence's reason, picked in student1's row.
    let row = format!("form:has(input[name=student_id][value='{}'])", f.student);
    pick_and_save(&c, &row, "reason", "illness").await;
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM journal_entries WHERE lesson_id = {} AND student_person_id = {} \
             AND attendance = 'absent' AND reason = 'illness'",
            f.yesterday, f.student
        ))
        .await,
        1
    );
    // The mark's kind of work.
    let form = format!("form[action$='/marks/{mark}']");
    pick_and_save(&c, &form, "work_kind_id", &other_kind.to_string()).await;
    assert_eq!(
        app.scalar(&format!("SELECT work_kind_id FROM marks WHERE id = {mark}"))
            .await,
        other_kind
    );
    // «Все присутствуют» keeps the absence and says so.
    c.find(Locator::XPath("//button[.='Все присутствуют']"))
        .await
        .expect("everyone present")
        .click()
        .await
        .expect("click");
    let status = c
        .wait()
        .for_element(Locator::XPath(
            "//p[@role='status'][contains(., 'Посещаемость отмечена')]",
        ))
        .await
        .expect("the card says what it did")
        .text()
        .await
        .expect("text");
    assert!(status.contains("отсутствует 1"), "{status}");
    // A search box of a list page shows.
    login_as(&c, &app, "deputy").await;
    c.goto(&app.url("/students")).await.expect("students");
    let unseen = unseen_controls(&c).await;
    assert!(unseen.is_empty(), "list page, unseen: {unseen:#?}");
    c.close().await.expect("close browser");
    app.stop().await;
}

/// Picks `value` in the select `name` of the form `form` (CSS), submits the
/// form and waits for the card's «Сохранено».
async fn pick_and_save(c: &fantoccini::Client, form: &str, name: &str, value: &str) {
    // The status of an earlier save goes, so the one waited for is the new page's.
    c.execute(
        "document.querySelectorAll('p[role=status]').forEach(e => e.remove());",
        vec![],
    )
    .await
    .expect("script");
    c.find(Locator::Css(&format!("{form} select[name={name}]")))
        .await
        .unwrap_or_else(|e| panic!("{name} select: {e}"))
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("pick {value}: {e}"));
    c.find(Locator::Css(&format!("{form} button[type=submit]")))
        .await
        .expect("the form's button")
        .click()
        .await
        .expect("click");
    c.wait()
        .for_element(Locator::XPath(
            "//p[@role='status'][contains(., 'Сохранено')]",
        ))
        .await
        .expect("the card says it saved");
}

/// A parent on a phone finds «Мои данные» under their name, withdraws the
/// consent after the confirmation the page asks, and lands on the consent
/// page that says so; the officer sees the withdrawal on the person's page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parent_withdraws_the_consent_on_a_phone() {
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::start().await;
    let parent = app.person_of("parent1").await;
    let c = browser.client.clone();
    login_as(&c, &app, "parent1").await;
    c.set_window_size(360, 740).await.expect("phone size");
    // The sections hide behind «Меню» on a phone and open from it.
    c.goto(&app.url("/")).await.expect("home");
    let diary_link = c
        .find(Locator::Css("header nav a[href='/diary']"))
        .await
        .expect("the diary link");
    assert!(
        !diary_link.is_displayed().await.expect("shown?"),
        "links folded away"
    );
    c.find(Locator::Css("header button.menu-toggle"))
        .await
        .expect("the menu button")
        .click()
        .await
        .expect("open the menu");
    assert!(
        diary_link.is_displayed().await.expect("shown?"),
        "the menu opens"
    );
    c.find(Locator::Css("header .who a[href='/my-data']"))
        .await
        .expect("the name links to «Мои данные»")
        .click()
        .await
        .expect("click");
    c.wait()
        .for_element(Locator::XPath("//h1[.='Мои данные']"))
        .await
        .expect("the page");
    let sideways: bool = c
        .execute(
            "return document.documentElement.scrollWidth > document.documentElement.clientWidth;",
            vec![],
        )
        .await
        .expect("script")
        .as_bool()
        .unwrap_or(true);
    assert!(!sideways, "«Мои данные» scrolls sideways at 360 px");
    let unseen = unseen_controls(&c).await;
    assert!(unseen.is_empty(), "unseen: {unseen:#?}");
    c.find(Locator::XPath("//button[.='Отозвать согласие']"))
        .await
        .expect("the button")
        .click()
        .await
        .expect("click");
    let question = c.get_alert_text().await.expect("a confirmation is asked");
    assert!(question.contains("Отозвать согласие"), "{question}");
    c.accept_alert().await.expect("confirm");
    let said = c
        .wait()
        .for_element(Locator::XPath(
            "//p[@role='status'][contains(., 'Вы отозвали согласие')]",
        ))
        .await
        .expect("the consent page says it")
        .text()
        .await
        .expect("text");
    assert!(said.contains("колледж извещён"), "{said}");

    login_as(&c, &app, "officer").await;
    c.set_window_size(1366, 768).await.expect("size");
    c.goto(&app.url(&format!("/people/{parent}/data")))
        .await
        .expect("person page");
    let text = c
        .find(Locator::Css("main"))
        .await
        .expect("main")
        .text()
        .await
        .expect("text");
    assert!(
        text.contains("parent1") && text.contains("03.12.2026 в"),
        "{text}"
    );
    c.close().await.expect("close browser");
    app.stop().await;
}
