//! Times the summary sheet and the year's archive on the demo college:
//!
//!     cargo run --release -p zhurnal --example bench_reports            # SQLite in a temp dir
//!     cargo run --release -p zhurnal --example bench_reports -- URL     # an empty database at URL
//!
//! Prints the median of repeated runs for the sheet of the largest group
//! (data, PDF, XLSX) and the wall time and size of the whole archive.

use std::time::{Duration, Instant};

use anyhow::Context;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let url = std::env::args()
        .nth(1)
        .unwrap_or_else(|| format!("sqlite://{}/bench.db?mode=rwc", dir.path().display()));
    let db = zhurnal::open_database(&url).await?;
    // The demo as the tests load it (records up to 20.11.2026), whatever the date.
    let app = service::App::new(db, service::demo::tests_clock());
    let started = Instant::now();
    zhurnal::ensure_demo(&app).await?;
    println!(
        "demo loaded in {:.1} s ({})",
        started.elapsed().as_secs_f64(),
        zhurnal::redact(&url)
    );

    let session = service::auth::login(
        &app,
        service::auth::LoginInput {
            login: "deputy".into(),
            password: service::demo::DEMO_PASSWORD.into(),
            ip: "127.0.0.1".into(),
            user_agent: None,
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("login: {e}"))?;
    let actor = service::auth::authenticate(&app, &session.token)
        .await
        .map_err(|e| anyhow::anyhow!("session: {e}"))?
        .actor
        .clone();
    let year = domain::reference::school_year(app.today());
    let groups = store::groups::all(&app.db, actor.org_id).await?;
    let ids: Vec<i64> = groups.iter().map(|g| g.id).collect();
    let sizes = store::groups::student_counts(&app.db, &ids).await?;
    let (group, students) = sizes
        .iter()
        .max_by_key(|(_, n)| **n)
        .map(|(g, n)| (*g, *n))
        .context("no groups")?;

    for (what, pdf) in [("data", None), ("PDF", Some(true)), ("XLSX", Some(false))] {
        let mut times = Vec::new();
        for _ in 0..15 {
            let t = Instant::now();
            match pdf {
                None => {
                    service::attestation::summary(&app, &actor, group, year, None)
                        .await
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                }
                Some(pdf) => {
                    service::attestation::summary_file(&app, &actor, group, year, None, pdf)
                        .await
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                }
            }
            times.push(t.elapsed());
        }
        println!(
            "summary sheet, year, {students} students, {what}: median {:.1} ms of 15",
            median(times).as_secs_f64() * 1000.0
        );
    }

    let t = Instant::now();
    let id = service::archive::start(&app, &actor, year)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let done = loop {
        let a = service::archive::status(&app, &actor, id)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        if a.status != "running" {
            break a;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    println!(
        "archive of the year, {} groups: {} in {:.1} s, {} KB",
        done.total,
        done.status,
        t.elapsed().as_secs_f64(),
        done.size_kb
    );
    Ok(())
}
