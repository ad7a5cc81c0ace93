//! Fuzzing the addresses people and programs send: every route of the role
//! matrix, its numbers swapped for anything and random query parameters
//! added (huge and negative numbers, impossible dates, long and odd text).
//! No answer is a server error; a page refuses in Russian with the security
//! headers, the API in JSON. Cases are drawn from a fixed seed, a few per
//! route, so the run is bounded and repeatable.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRng, TestRunner};
use reqwest::Response;

use crate::client::{Api, Browser};
use crate::harness::TestApp;
use crate::roles::{api_routes, ids, routes};

const KEYS: &[&str] = &[
    "page",
    "q",
    "group",
    "student",
    "subject",
    "teacher",
    "semester",
    "week",
    "date",
    "from",
    "to",
    "day",
    "period",
    "year",
    "room",
    "building",
    "specialty",
    "status",
    "kind",
    "reader",
    "login",
    "done",
    "term",
    "source",
];

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        Just("18446744073709551616".to_string()),
        Just("-1".to_string()),
        Just("0".to_string()),
        Just(String::new()),
        Just("2026-13-45".to_string()),
        Just("0000-01-01".to_string()),
        Just("+275760-09-13".to_string()),
        Just("31.02.2026".to_string()),
        Just("1e308".to_string()),
        Just("NaN".to_string()),
        Just("%".to_string()),
        Just("%FF%FE".to_string()),
        Just("'; DROP TABLE accounts; --".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        "\\PC{1,12}",
        (1usize..4000).prop_map(|n| "я".repeat(n)),
    ]
}

/// A path with its numeric segments sometimes replaced, and a query added.
fn address(path: &str) -> impl Strategy<Value = String> {
    let path = path.to_string();
    (
        prop::collection::vec((prop::sample::select(KEYS), value()), 0..4),
        proptest::option::of(value()),
        any::<prop::sample::Index>(),
    )
        .prop_map(move |(pairs, segment, which)| {
            let (base, query) = path.split_once('?').unwrap_or((&path, ""));
            let mut segments: Vec<String> = base.split('/').map(str::to_string).collect();
            let numeric: Vec<usize> = (0..segments.len())
                .filter(|i| segments[*i].parse::<i64>().is_ok())
                .collect();
            if let (Some(text), false) = (segment, numeric.is_empty()) {
                segments[numeric[which.index(numeric.len())]] = encode(&text);
            }
            let mut params: Vec<String> = query
                .split('&')
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect();
            params.extend(
                pairs
                    .into_iter()
                    .map(|(k, v)| format!("{k}={}", encode(&v))),
            );
            let mut address = segments.join("/");
            if !params.is_empty() {
                address = format!("{address}?{}", params.join("&"));
            }
            address
        })
}

/// Percent-encodes what a URL cannot carry as is; a literal `%` stays, to
/// send broken escapes too.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'+' | b'%' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn draw(runner: &mut TestRunner, strategy: &impl Strategy<Value = String>) -> String {
    strategy
        .new_tree(runner)
        .map(|tree| tree.current())
        .unwrap_or_default()
}

/// What is wrong with an answer, if anything; counts the refusals.
async fn problems_of(label: &str, res: Response, api: bool, refused: &mut usize) -> Option<String> {
    let status = res.status();
    if status.is_client_error() {
        *refused += 1;
    }
    let headers = res.headers().clone();
    let body = res.text().await.unwrap_or_default();
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    if status.is_server_error() {
        return Some(format!(
            "{label}: {status}: {}",
            body.chars().take(200).collect::<String>()
        ));
    }
    if headers.get("x-content-type-options").is_none() {
        return Some(format!("{label}: {status} without security headers"));
    }
    if status.is_client_error() {
        if api && !content_type.starts_with("application/json") {
            return Some(format!("{label}: {status} as {content_type}: {body}"));
        }
        let russian = body.chars().any(|c| ('а'..='я').contains(&c));
        if !api && !russian {
            return Some(format!("{label}: {status} not in Russian: {body}"));
        }
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_address_breaks_a_page_or_the_api() {
    let app = TestApp::start().await;
    let ids = ids(&app).await;
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(proptest::test_runner::RngAlgorithm::ChaCha, &[7; 32]),
    );
    let cases: usize = std::env::var("ZHURNAL_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    let mut problems = Vec::new();
    let (mut sent, mut refused) = (0, 0);
    for login in ["admin", "director", "teacher1", "parent1"] {
        let browser = Browser::login(&app, login).await;
        for (path, _) in routes(&ids) {
            for _ in 0..cases {
                let address = draw(&mut runner, &address(&path));
                let res = browser.get(&address).await;
                sent += 1;
                if let Some(p) =
                    problems_of(&format!("{login} GET {address}"), res, false, &mut refused).await
                {
                    problems.push(p);
                }
            }
        }
        let api = Api::login(&app, login).await;
        for (path, _) in api_routes(&ids) {
            for _ in 0..cases {
                let address = draw(&mut runner, &address(&path));
                let res = api.get(&address).await;
                sent += 1;
                if let Some(p) = problems_of(
                    &format!("{login} API GET {address}"),
                    res,
                    true,
                    &mut refused,
                )
                .await
                {
                    problems.push(p);
                }
            }
        }
    }
    // Most drawn addresses are wrong somewhere: the refusals are what is tested.
    assert!(
        sent > 300 && refused * 3 > sent,
        "{refused} of {sent} refused"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    app.stop().await;
}
