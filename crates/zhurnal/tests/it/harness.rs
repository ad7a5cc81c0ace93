//! Starts the real server on 127.0.0.1:0 against a fresh database with the demo
//! college: a copy of a template migrated and loaded once per test run.
//! SQLite by default; PostgreSQL when ZHURNAL_TEST_PG_URL is set.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use tokio::sync::OnceCell;

pub const PASSWORD: &str = "demo";

/// The day every test server lives on unless a test moves its clock: a
/// Thursday of December 2026, two weeks after the demo's records end
/// (20.11.2026) and before the winter break, so «yesterday» is a school day
/// with empty cells still within the 8-day deadline.
pub const TODAY: chrono::NaiveDate = match chrono::NaiveDate::from_ymd_opt(2026, 12, 3) {
    Some(d) => d,
    None => panic!("a valid date"),
};

pub struct TestApp {
    pub base: String,
    /// The server's clock: `clock.set_today(d)` moves the running server to `d`.
    pub clock: service::Clock,
    pub database_url: String,
    pub db: DatabaseConnection,
    server: Option<zhurnal::RunningServer>,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

pub fn pg_url() -> Option<String> {
    std::env::var("ZHURNAL_TEST_PG_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

pub fn backend() -> &'static str {
    if pg_url().is_some() {
        "postgres"
    } else {
        "sqlite"
    }
}

static SQLITE_TEMPLATE: OnceCell<(tempfile::TempDir, PathBuf)> = OnceCell::const_new();
static PG_TEMPLATE: OnceCell<String> = OnceCell::const_new();
static COUNTER: AtomicU64 = AtomicU64::new(0);

async fn load_demo(url: &str) {
    use std::io::Write;
    // Past the harness's capture, so the log shows which database the suite ran on.
    let _ = writeln!(std::io::stderr(), "integration tests run on {}", backend());
    let db = zhurnal::open_database(url)
        .await
        .expect("template database");
    // Loaded as on 21.11.2026: records up to the day before.
    let app = service::App::new(db.clone(), service::demo::tests_clock());
    service::demo::load(&app, service::demo::DEFAULT_SEED)
        .await
        .expect("demo college");
    db.close().await.expect("close template");
}

async fn sqlite_template() -> PathBuf {
    let (_, path) = SQLITE_TEMPLATE
        .get_or_init(|| async {
            let dir = tempfile::tempdir().expect("tempdir");
            let path = dir.path().join("template.db");
            load_demo(&format!("sqlite://{}", path.display())).await;
            (dir, path)
        })
        .await;
    path.clone()
}

/// Identifies this build of the tests, so a template made by an older build is rebuilt.
fn build_id() -> String {
    let exe = std::env::current_exe().ok();
    let meta = exe.as_ref().and_then(|e| std::fs::metadata(e).ok());
    let modified = meta
        .as_ref()
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{modified}-{}", meta.map(|m| m.len()).unwrap_or(0))
}

fn with_db(url: &str, name: &str) -> String {
    match url.rfind('/') {
        Some(i) if url[..i].contains("://") && i > url.find("://").unwrap_or(0) + 2 => {
            let rest = &url[i + 1..];
            let query = rest.find('?').map(|q| &rest[q..]).unwrap_or("");
            format!("{}/{name}{query}", &url[..i])
        }
        _ => format!("{url}/{name}"),
    }
}

const PG_TEMPLATE_NAME: &str = "zhurnal_test_template";

async fn exec(db: &DatabaseConnection, sql: &str) -> Result<sea_orm::ExecResult, sea_orm::DbErr> {
    db.execute(Statement::from_string(
        db.get_database_backend(),
        sql.to_string(),
    ))
    .await
}

async fn pg_template(admin_url: &str) -> String {
    PG_TEMPLATE
        .get_or_init(|| async {
            let admin = Database::connect(admin_url)
                .await
                .expect("PostgreSQL admin connection");
            // Test processes may run at once: one builds, the others wait.
            exec(&admin, "SELECT pg_advisory_lock(7224051)")
                .await
                .expect("lock");
            let id = build_id();
            let exists = admin
                .query_one(Statement::from_string(
                    admin.get_database_backend(),
                    format!(
                        "SELECT 1 AS one FROM pg_database WHERE datname = '{PG_TEMPLATE_NAME}'"
                    ),
                ))
                .await
                .expect("pg_database")
                .is_some();
            let template_url = with_db(admin_url, PG_TEMPLATE_NAME);
            let mut current = false;
            if exists {
                if let Ok(t) = Database::connect(&template_url).await {
                    current = t
                        .query_one(Statement::from_string(
                            t.get_database_backend(),
                            "SELECT build FROM zhurnal_test_build".to_string(),
                        ))
                        .await
                        .ok()
                        .flatten()
                        .and_then(|r| r.try_get::<String>("", "build").ok())
                        .is_some_and(|b| b == id);
                    let _ = t.close().await;
                }
            }
            if !current {
                exec(
                    &admin,
                    &format!("DROP DATABASE IF EXISTS {PG_TEMPLATE_NAME} WITH (FORCE)"),
                )
                .await
                .expect("drop old template");
                exec(&admin, &format!("CREATE DATABASE {PG_TEMPLATE_NAME}"))
                    .await
                    .expect("create template");
                load_demo(&template_url).await;
                let t = Database::connect(&template_url).await.expect("template");
                exec(&t, "CREATE TABLE zhurnal_test_build (build TEXT NOT NULL)")
                    .await
                    .expect("marker");
                exec(
                    &t,
                    &format!("INSERT INTO zhurnal_test_build VALUES ('{id}')"),
                )
                .await
                .expect("marker");
                t.close().await.expect("close template");
            }
            exec(&admin, "SELECT pg_advisory_unlock(7224051)")
                .await
                .expect("unlock");
            admin.close().await.expect("close admin");
            PG_TEMPLATE_NAME.to_string()
        })
        .await
        .clone()
}

impl TestApp {
    /// A server with the demo college on a database of its own.
    pub async fn start() -> TestApp {
        TestApp::start_with(|_| {}).await
    }

    /// The same, with settings changed (an SMTP server, say).
    pub async fn start_with(configure: impl FnOnce(&mut zhurnal::ServeConfig)) -> TestApp {
        // Server logs go with the test's output, shown when it fails.
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("warn,zhurnal=info"))
            .with_test_writer()
            .try_init();
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let (database_url, cleanup) = match pg_url() {
            None => {
                let template = sqlite_template().await;
                let dir = tempfile::tempdir().expect("tempdir");
                let path = dir.path().join("zhurnal.db");
                std::fs::copy(&template, &path).expect("copy template");
                (format!("sqlite://{}", path.display()), Cleanup::Sqlite(dir))
            }
            Some(admin_url) => {
                let template = pg_template(&admin_url).await;
                let name = format!("zhurnal_t_{}_{n}", std::process::id());
                let admin = Database::connect(&admin_url).await.expect("admin");
                exec(
                    &admin,
                    &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                )
                .await
                .expect("drop");
                exec(
                    &admin,
                    &format!("CREATE DATABASE {name} TEMPLATE {template}"),
                )
                .await
                .expect("copy template database");
                admin.close().await.expect("close admin");
                (
                    with_db(&admin_url, &name),
                    Cleanup::Postgres { admin_url, name },
                )
            }
        };
        TestApp::serve(database_url, cleanup, configure).await
    }

    /// A server on an empty, migrated database of its own that `fill` loads
    /// (given the database URL) before the server starts.
    pub async fn start_filled<F, Fut>(fill: F) -> TestApp
    where
        F: FnOnce(String) -> Fut,
        Fut: std::future::Future<Output = ()>,
    {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let (database_url, cleanup) = match pg_url() {
            None => {
                let dir = tempfile::tempdir().expect("tempdir");
                let path = dir.path().join("zhurnal.db");
                (format!("sqlite://{}", path.display()), Cleanup::Sqlite(dir))
            }
            Some(admin_url) => {
                let name = format!("zhurnal_e_{}_{n}", std::process::id());
                let admin = Database::connect(&admin_url).await.expect("admin");
                exec(
                    &admin,
                    &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                )
                .await
                .expect("drop");
                exec(&admin, &format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create database");
                admin.close().await.expect("close admin");
                (
                    with_db(&admin_url, &name),
                    Cleanup::Postgres { admin_url, name },
                )
            }
        };
        zhurnal::open_database(&database_url)
            .await
            .expect("migrate")
            .close()
            .await
            .expect("close");
        fill(database_url.clone()).await;
        TestApp::serve(database_url, cleanup, |_| {}).await
    }

    async fn serve(
        database_url: String,
        cleanup: Cleanup,
        configure: impl FnOnce(&mut zhurnal::ServeConfig),
    ) -> TestApp {
        let mut config = zhurnal::ServeConfig::new("127.0.0.1:0", &database_url);
        config.clock = service::Clock::fixed(TODAY, service::demo::ZONE);
        configure(&mut config);
        let clock = config.clock.clone();
        let server = zhurnal::start(config).await.expect("server starts");
        let db = zhurnal::open_database(&database_url)
            .await
            .expect("test connection");
        TestApp {
            base: format!("http://{}", server.addr),
            clock,
            database_url,
            db,
            server: Some(server),
            cleanup,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn app(&self) -> service::App {
        service::App::new(self.db.clone(), self.clock.clone())
    }

    /// The server's today.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }

    /// A number from the database (a count, an id).
    pub async fn scalar(&self, sql: &str) -> i64 {
        let sql = sql.to_string();
        let row = self
            .db
            .query_one(Statement::from_string(
                self.db.get_database_backend(),
                sql.clone(),
            ))
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .unwrap_or_else(|| panic!("{sql}: no row"));
        row.try_get_by_index::<i64>(0)
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// A text from the database (a name; a date cast to text).
    pub async fn text(&self, sql: &str) -> String {
        let row = self
            .db
            .query_one(Statement::from_string(
                self.db.get_database_backend(),
                sql.to_string(),
            ))
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .unwrap_or_else(|| panic!("{sql}: no row"));
        row.try_get_by_index::<String>(0)
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// Rows of numbers (ids, counts; NULL as 0).
    pub async fn rows(&self, sql: &str) -> Vec<Vec<i64>> {
        let rows = self
            .db
            .query_all(Statement::from_string(
                self.db.get_database_backend(),
                sql.to_string(),
            ))
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        rows.iter()
            .map(|row| {
                // Integer columns are INT4 or INT8 on PostgreSQL; the row ends where neither reads.
                (0..)
                    .map_while(|i| {
                        row.try_get_by_index::<Option<i64>>(i).ok().or_else(|| {
                            row.try_get_by_index::<Option<i32>>(i)
                                .ok()
                                .map(|v| v.map(i64::from))
                        })
                    })
                    .map(Option::unwrap_or_default)
                    .collect()
            })
            .collect()
    }

    /// Runs a statement the test needs to set the scene.
    pub async fn exec(&self, sql: &str) {
        self.db
            .execute_unprepared(sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// The person id behind a login.
    /// The group a student (by login) studies in.
    pub async fn group_of(&self, login: &str) -> i64 {
        let person = self.person_of(login).await;
        self.scalar(&format!(
            "SELECT group_id FROM group_students WHERE person_id = {person}"
        ))
        .await
    }

    pub async fn person_of(&self, login: &str) -> i64 {
        self.scalar(&format!(
            "SELECT person_id FROM accounts WHERE login = '{login}'"
        ))
        .await
    }

    pub async fn stop(mut self) {
        self.stop_server().await;
    }

    /// Stops the server in this process and keeps the database, for a test
    /// that runs servers of its own on it (`base` is then theirs to set).
    pub async fn stop_server(&mut self) {
        if let Some(s) = self.server.take() {
            s.stop().await.expect("server stops cleanly");
        }
    }
}

/// `zhurnal serve` in a process of its own on a test's database, with the
/// tests' clock: what an operator runs, to be killed as a machine dies.
pub struct ServerProcess {
    pub child: tokio::process::Child,
    pub base: String,
}

impl ServerProcess {
    pub async fn start(database_url: &str, extra: &[&str]) -> ServerProcess {
        ServerProcess::start_with_env(database_url, extra, &[]).await
    }

    /// The same with settings in its environment (`ZHURNAL_DB_CONNECTIONS`, say).
    pub async fn start_with_env(
        database_url: &str,
        extra: &[&str],
        env: &[(&str, &str)],
    ) -> ServerProcess {
        use tokio::io::AsyncBufReadExt;
        let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_zhurnal"))
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(extra)
            .envs(env.iter().copied())
            .env("ZHURNAL_DATABASE_URL", database_url)
            .env("ZHURNAL_TODAY", TODAY.to_string())
            .env("ZHURNAL_TIME_ZONE", "+05:00")
            .env("RUST_LOG", "error")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("zhurnal serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = tokio::io::BufReader::new(stdout).lines();
        let marker = "Журнал работает: ";
        let base = tokio::time::timeout(std::time::Duration::from_secs(60), async {
            while let Some(line) = lines.next_line().await.expect("a line") {
                if let Some(base) = line.strip_prefix(marker) {
                    return base.trim().to_string();
                }
            }
            panic!("zhurnal serve ended before it listened")
        })
        .await
        .expect("zhurnal serve listens within a minute");
        // The rest of its output is not read: keep the pipe drained.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        ServerProcess { child, base }
    }

    /// SIGKILL: no shutdown, no flush, as when the power goes.
    pub async fn kill(mut self) {
        self.child.kill().await.expect("kill");
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin_url, name } = &self.cleanup {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // A runtime of its own: Drop cannot await.
            let _ = std::thread::spawn(move || {
                if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    rt.block_on(async {
                        if let Ok(admin) = Database::connect(&admin_url).await {
                            let _ = exec(
                                &admin,
                                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                            )
                            .await;
                            let _ = admin.close().await;
                        }
                    });
                }
            })
            .join();
        }
    }
}
