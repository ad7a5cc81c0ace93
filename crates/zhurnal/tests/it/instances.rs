//! Several app instances on one database behind a balancer: what one writes
//! the other shows at once; a logout or a removed role reaches the other
//! within the session cache's time; PostgreSQL restarted under load costs
//! at most the requests on each instance's pooled connections (and one per
//! client whose new connection the going-down server resets), then none.
//! On SQLite there is one instance (one writer process per file).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;

use crate::client::{Api, Browser};
use crate::harness::{pg_url, ServerProcess, TestApp};
use crate::journal::{cell, cell_text, fixture, put};

/// The session cache the instances are started with, in seconds.
const CACHE_SECONDS: u64 = 1;

/// Round-robin over the instances, a connection at a time, as a TCP balancer does.
struct Balancer {
    base: String,
}

impl Balancer {
    async fn start(backends: Vec<String>) -> Balancer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("balancer");
        let addr = listener.local_addr().expect("address");
        let backends: Vec<String> = backends
            .iter()
            .map(|b| b.trim_start_matches("http://").to_string())
            .collect();
        let next = AtomicUsize::new(0);
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let backend =
                    backends[next.fetch_add(1, Ordering::Relaxed) % backends.len()].clone();
                tokio::spawn(async move {
                    if let Ok(mut server) = tokio::net::TcpStream::connect(&backend).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
            }
        });
        Balancer {
            base: format!("http://{addr}"),
        }
    }
}

/// The instances a test runs: two on PostgreSQL, one on SQLite.
async fn instances(app: &TestApp, extra: &[&str]) -> Vec<ServerProcess> {
    let count = if pg_url().is_some() { 2 } else { 1 };
    let mut all = Vec::new();
    for _ in 0..count {
        all.push(ServerProcess::start(&app.database_url, extra).await);
    }
    all
}

fn at(api: &Api, base: &str) -> Api {
    Api {
        client: api.client.clone(),
        base: base.to_string(),
        token: api.token.clone(),
    }
}

/// Polls `status_of` until it answers `wanted`; how long that took.
async fn until_status<F, Fut>(wanted: StatusCode, status_of: F) -> Duration
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = StatusCode>,
{
    let start = Instant::now();
    loop {
        let status = status_of().await;
        if status == wanted || start.elapsed() > Duration::from_secs(10) {
            assert_eq!(status, wanted, "after {:?}", start.elapsed());
            return start.elapsed();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn instances_behind_a_balancer_agree() {
    let mut app = TestApp::start().await;
    let f = fixture(&app).await;
    app.stop_server().await;
    let cache = CACHE_SECONDS.to_string();
    let servers = instances(&app, &["--session-cache-seconds", &cache]).await;
    let (a, b) = (&servers[0].base, &servers[servers.len() - 1].base);
    let balancer = Balancer::start(servers.iter().map(|s| s.base.clone()).collect()).await;
    app.base = balancer.base.clone();

    // A mark written through one instance is in the other's journal and diary at once.
    let teacher = Api::login(&app, "teacher1").await;
    let parent = Api::login(&app, "parent1").await;
    let (status, body) = put(&at(&teacher, a), &cell(f.yesterday, f.student, "5", 0)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let grid = at(&teacher, b)
        .get_json(&format!("/api/v1/journal/{}/{}", f.group, f.subject))
        .await;
    assert_eq!(cell_text(&grid, f.student, f.yesterday), "5");
    let week = (app.today() - chrono::Duration::days(1)).to_string();
    let diary: Value = at(&parent, b)
        .get_json(&format!("/api/v1/diary/{}?week={week}", f.student))
        .await;
    let marks: Vec<&Value> = diary["days"]
        .as_array()
        .expect("days")
        .iter()
        .flat_map(|d| d["lessons"].as_array().expect("lessons"))
        .filter(|l| l["id"] == f.yesterday)
        .flat_map(|l| l["marks"].as_array().expect("marks"))
        .collect();
    assert_eq!(marks.len(), 1, "{diary}");
    assert_eq!(marks[0]["short"], "5");
    // Every request through the balancer, whichever instance takes it, agrees.
    for _ in 0..4 {
        let grid = crate::client::Api {
            client: reqwest::Client::builder()
                .pool_max_idle_per_host(0)
                .build()
                .expect("client"),
            ..at(&teacher, &balancer.base)
        }
        .get_json(&format!("/api/v1/journal/{}/{}", f.group, f.subject))
        .await;
        assert_eq!(cell_text(&grid, f.student, f.yesterday), "5");
    }

    // A logout through one instance: refused there at once, on the other
    // within the session cache's time.
    let on_b = at(&teacher, b);
    assert_eq!(on_b.get("/api/v1/me").await.status(), StatusCode::OK);
    let res = at(&teacher, a)
        .client
        .delete(format!("{a}/api/v1/session"))
        .bearer_auth(&teacher.token)
        .send()
        .await
        .expect("logout");
    assert!(res.status().is_success(), "{}", res.status());
    assert_eq!(
        at(&teacher, a).get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let took = until_status(StatusCode::UNAUTHORIZED, || async {
        on_b.get("/api/v1/me").await.status()
    })
    .await;
    assert!(
        took <= Duration::from_millis(CACHE_SECONDS * 1000 + 500),
        "the other instance still took the token after {took:?}"
    );

    // A role removed through one instance.
    let deputy = Api::login(&app, "deputy").await;
    let deputy_on_b = at(&deputy, b);
    assert_eq!(
        deputy_on_b.get("/api/v1/staff").await.status(),
        StatusCode::OK
    );
    let deputy_person = app.person_of("deputy").await;
    let grant = app
        .scalar(
            "SELECT g.id FROM role_grants g JOIN accounts a ON a.id = g.account_id \
             WHERE a.login = 'deputy' AND g.role = 'deputy'",
        )
        .await;
    let mut director = Browser::login(&app, "director").await;
    director.base = a.clone();
    let res = director
        .post_form(
            &format!("/staff/{deputy_person}/grants/{grant}/delete"),
            &[],
        )
        .await;
    let status = res.status();
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap_or_default()
    );
    assert_eq!(
        at(&deputy, a).get("/api/v1/staff").await.status(),
        StatusCode::FORBIDDEN
    );
    let took = until_status(StatusCode::FORBIDDEN, || async {
        deputy_on_b.get("/api/v1/staff").await.status()
    })
    .await;
    assert!(
        took <= Duration::from_millis(CACHE_SECONDS * 1000 + 500),
        "the other instance kept the role for {took:?}"
    );
    for s in servers {
        s.kill().await;
    }
}

/// A PostgreSQL server of the test's own, to restart without touching the
/// one every other test uses: initdb in a temporary directory, a free port.
struct PrivatePostgres {
    dir: tempfile::TempDir,
    bin: std::path::PathBuf,
    port: u16,
}

impl PrivatePostgres {
    fn bin() -> std::path::PathBuf {
        let from_config = std::process::Command::new("pg_config")
            .arg("--bindir")
            .output()
            .ok()
            .map(|o| std::path::PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()))
            .filter(|p| p.join("initdb").exists());
        from_config
            .or_else(|| {
                let mut found: Vec<_> = std::fs::read_dir("/usr/lib/postgresql")
                    .ok()?
                    .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
                    .filter(|p| p.join("initdb").exists())
                    .collect();
                found.sort();
                found.pop()
            })
            .expect("PostgreSQL's initdb (pg_config --bindir or /usr/lib/postgresql/*/bin)")
    }

    /// Runs a server program as the `postgres` user when the tests run as root
    /// (PostgreSQL refuses root).
    fn run(&self, program: &str, args: &[&str]) {
        let path = self.bin.join(program);
        let as_root = std::process::Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
        let mut cmd = if as_root {
            let mut c = std::process::Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&path);
            c
        } else {
            std::process::Command::new(&path)
        };
        let out = cmd.args(args).output().expect(program);
        assert!(
            out.status.success(),
            "{program} {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    fn start() -> PrivatePostgres {
        let dir = tempfile::tempdir().expect("dir");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let _ = std::process::Command::new("chown")
            .args(["postgres:postgres", &dir.path().display().to_string()])
            .status();
        let pg = PrivatePostgres {
            dir,
            bin: PrivatePostgres::bin(),
            port,
        };
        pg.run(
            "initdb",
            &[
                "-D",
                &pg.data(),
                "-U",
                "postgres",
                "-A",
                "trust",
                "--no-sync",
            ],
        );
        pg.pg_ctl("start");
        pg
    }

    fn pg_ctl(&self, action: &str) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        let log = self.dir.path().join("log").display().to_string();
        self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data(),
                "-o",
                &options,
                "-l",
                &log,
                "-m",
                "fast",
                "-w",
                action,
            ],
        );
    }

    fn url(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.port)
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        let _ = std::process::Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(self.bin.join("pg_ctl"))
            .args(["-D", &self.data(), "-m", "immediate", "stop"])
            .output();
        let _ = std::process::Command::new(self.bin.join("pg_ctl"))
            .args(["-D", &self.data(), "-m", "immediate", "stop"])
            .output();
    }
}

/// Copies the test's database into the private server (pg_dump | psql).
fn copy_database(from: &str, pg: &PrivatePostgres) -> String {
    let to = pg.url("zhurnal");
    let created = std::process::Command::new(pg.bin.join("createdb"))
        .args([
            "-h",
            "127.0.0.1",
            "-p",
            &pg.port.to_string(),
            "-U",
            "postgres",
            "zhurnal",
        ])
        .status()
        .expect("createdb");
    assert!(created.success());
    let dump = std::process::Command::new(pg.bin.join("pg_dump"))
        .args(["--no-owner", "--no-privileges", from])
        .output()
        .expect("pg_dump");
    assert!(
        dump.status.success(),
        "{}",
        String::from_utf8_lossy(&dump.stderr)
    );
    let mut psql = std::process::Command::new(pg.bin.join("psql"))
        .args(["-q", "-v", "ON_ERROR_STOP=1", &to])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("psql");
    std::io::Write::write_all(&mut psql.stdin.take().expect("stdin"), &dump.stdout)
        .expect("restore");
    assert!(psql.wait().expect("psql").success());
    to
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_postgres_restart_under_load_costs_at_most_a_pool() {
    if pg_url().is_none() {
        // A SQLite file has no server to restart; the SIGKILL test covers its crash.
        return;
    }
    const POOL: usize = 4;
    const CLIENTS: usize = 6;
    let mut app = TestApp::start().await;
    let f = fixture(&app).await;
    app.stop_server().await;
    let pg = PrivatePostgres::start();
    let url = copy_database(&app.database_url, &pg);
    let pool = POOL.to_string();
    let mut servers = Vec::new();
    for _ in 0..2 {
        servers.push(
            ServerProcess::start_with_env(&url, &[], &[("ZHURNAL_DB_CONNECTIONS", &pool)]).await,
        );
    }
    let balancer = Balancer::start(servers.iter().map(|s| s.base.clone()).collect()).await;
    app.base = balancer.base.clone();
    let parent = Api::login(&app, "parent1").await;
    let teacher = Api::login(&app, "teacher1").await;

    // Parents read the diary and the teacher writes, each request on a new connection.
    let fresh = || {
        reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .timeout(Duration::from_secs(30))
            .build()
            .expect("client")
    };
    // When each request was answered, and how: its status, 0 when no answer came.
    let log: Arc<Mutex<Vec<(Instant, u16, bool)>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut load = Vec::new();
    for i in 0..CLIENTS {
        let (log, stop, client) = (log.clone(), stop.clone(), fresh());
        let (base, student, lesson) = (balancer.base.clone(), f.student, f.yesterday);
        let token = if i == 0 {
            teacher.token.clone()
        } else {
            parent.token.clone()
        };
        load.push(tokio::spawn(async move {
            let mut version = 0;
            while !stop.load(Ordering::SeqCst) {
                let res = if i == 0 {
                    let text = if version % 2 == 0 { "5" } else { "4" };
                    client
                        .put(format!("{base}/api/v1/journal/cells"))
                        .bearer_auth(&token)
                        .json(&cell(lesson, student, text, version))
                        .send()
                        .await
                } else {
                    client
                        .get(format!("{base}/api/v1/diary/{student}"))
                        .bearer_auth(&token)
                        .send()
                        .await
                };
                let status = match res {
                    Ok(r) => {
                        let status = r.status().as_u16();
                        let body: Value = r.json().await.unwrap_or_default();
                        // A write cut off with its connection may have landed:
                        // the conflict that follows tells the version it left.
                        version = match status {
                            200 => body["version"].as_i64().unwrap_or(version),
                            409 => body["current"]["version"].as_i64().unwrap_or(version),
                            _ => version,
                        };
                        status
                    }
                    Err(_) => 0,
                };
                log.lock()
                    .expect("log")
                    .push((Instant::now(), status, i == 0));
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let pg = tokio::task::spawn_blocking(move || {
        pg.pg_ctl("restart");
        pg
    })
    .await
    .expect("restart");
    let back = Instant::now();
    tokio::time::sleep(Duration::from_secs(4)).await;
    stop.store(true, Ordering::SeqCst);
    for t in load {
        t.await.expect("load");
    }
    let log = log.lock().expect("log").clone();
    let failed: Vec<(Duration, u16)> = log
        .iter()
        .filter(|(_, status, _)| *status == 0 || *status >= 500)
        .map(|(at, status, _)| (at.saturating_duration_since(back), *status))
        .collect();
    let failed_writes = log
        .iter()
        .filter(|(_, status, write)| *write && (*status == 0 || *status >= 500))
        .count();
    let conflicts = log.iter().filter(|(_, status, _)| *status == 409).count();
    let other: Vec<u16> = log
        .iter()
        .map(|(_, status, _)| *status)
        .filter(|s| *s != 0 && *s != 200 && *s != 409 && *s < 500)
        .collect();
    let after = log
        .iter()
        .filter(|(at, _, _)| *at > back + Duration::from_secs(2))
        .count();
    assert!(after > 20, "requests went on after the restart: {after}");
    assert!(other.is_empty(), "{other:?}");
    assert!(
        conflicts <= failed_writes,
        "{conflicts} conflicts after {failed_writes} cut-off writes"
    );
    // What may fail: the request each pooled connection holds or next
    // serves when the server cuts it, and one per client whose new
    // connection the going-down server resets (sqlx retries a refused
    // connection and «starting up», not a reset).
    let bound = 2 * POOL + CLIENTS;
    assert!(
        failed.len() <= bound,
        "{} of {} requests failed (two instances of {POOL} connections, {CLIENTS} clients): {failed:?}",
        failed.len(),
        log.len()
    );
    assert!(
        failed.iter().all(|(d, _)| *d < Duration::from_secs(2)),
        "requests still failed well after the restart: {failed:?}"
    );
    for s in servers {
        s.kill().await;
    }
    drop(pg);
}
