//! The command line: the first administrator of a real college.

use std::io::Write;
use std::process::{Command, Stdio};

use reqwest::StatusCode;

use crate::client::{location, Browser};
use crate::harness::TestApp;

fn zhurnal(args: &[&str], database_url: &str, stdin: Option<&str>) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhurnal"))
        .args(args)
        .env("ZHURNAL_DATABASE_URL", database_url)
        .env_remove("ZHURNAL_PASSWORD")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run zhurnal");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write stdin");
    }
    let out = child.wait_with_output().expect("wait");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_explains_each_command() {
    let (ok, text) = zhurnal(&["--help"], "sqlite://unused.db", None);
    assert!(ok, "{text}");
    for word in ["serve", "migrate", "demo", "user", "college"] {
        assert!(text.contains(word), "{word} in:\n{text}");
    }
    let (ok, text) = zhurnal(&["serve", "--help"], "sqlite://unused.db", None);
    assert!(
        ok && text.contains("--listen") && text.contains("ZHURNAL_DATABASE_URL"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_administrator_of_a_real_college() {
    let app = TestApp::start().await;
    let url = app.database_url.clone();
    let (ok, id) = zhurnal(
        &[
            "college",
            "add",
            "--name",
            "ГБПОУ «Соликамский горно-химический техникум»",
            "--short-name",
            "СГХТ",
        ],
        &url,
        None,
    );
    assert!(ok, "{id}");
    let college = id.trim().to_string();
    let (ok, text) = zhurnal(
        &[
            "user",
            "add",
            "--college",
            &college,
            "--login",
            "Kapyl",
            "--surname",
            "Капыл",
            "--name",
            "Анна",
            "--patronymic",
            "Викторовна",
        ],
        &url,
        Some("надёжный пароль\n"),
    );
    assert!(ok, "{text}");
    let (ok, text) = zhurnal(
        &[
            "user",
            "grant",
            "--login",
            "kapyl",
            "--role",
            "director",
            "--college",
            &college,
        ],
        &url,
        None,
    );
    assert!(ok, "{text}");
    assert!(text.contains("Директор"), "{text}");
    // Mistakes are explained.
    let (ok, text) = zhurnal(
        &[
            "user",
            "grant",
            "--login",
            "kapyl",
            "--role",
            "king",
            "--college",
            &college,
        ],
        &url,
        None,
    );
    assert!(!ok && text.contains("нет такой роли"), "{text}");
    let (ok, text) = zhurnal(
        &[
            "user",
            "grant",
            "--login",
            "kapyl",
            "--role",
            "director",
            "--college",
            &college,
        ],
        &url,
        None,
    );
    assert!(!ok && text.contains("уже назначена"), "{text}");
    let (ok, text) = zhurnal(
        &[
            "user",
            "add",
            "--college",
            &college,
            "--login",
            "kapyl",
            "--surname",
            "Другой",
            "--name",
            "Человек",
        ],
        &url,
        Some("ещё один пароль\n"),
    );
    assert!(!ok && text.contains("Этот логин уже занят"), "{text}");

    let mut b = Browser::anonymous(&app);
    let res = b.submit_login("kapyl", "надёжный пароль").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/consent");

    let (ok, text) = zhurnal(
        &["user", "passwd", "--login", "kapyl"],
        &url,
        Some("другой пароль\n"),
    );
    assert!(ok, "{text}");
    let res = b.submit_login("kapyl", "другой пароль").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    app.stop().await;
}
