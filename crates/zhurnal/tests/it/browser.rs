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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn teacher_logs_in_through_the_real_login_page() {
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
        return;
    };
    // Two TLS backends are linked in (reqwest's, sqlx's): say which one fantoccini uses.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let app = TestApp::start().await;
    let port = free_port();
    let _driver = Driver(
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
    let caps = match caps {
        serde_json::Value::Object(m) => m,
        _ => unreachable!(),
    };
    let mut client = None;
    for _ in 0..50 {
        match ClientBuilder::rustls()
            .expect("tls")
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    let c = client.expect("chromedriver answers");
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
    assert!(body.contains("Ваши занятия появятся здесь"), "{body}");
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
    if let Ok(b) = c
        .find(Locator::XPath("//button[contains(., 'Принимаю условия')]"))
        .await
    {
        b.click().await.expect("accept");
    }
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
