//! Starting Zhurnal: the database, the demo college and the HTTP server.
//! `main.rs` parses the command line; tests call [`start`] directly.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub mod backup;
pub mod mail;

pub struct ServeConfig {
    pub listen: String,
    pub database_url: String,
    pub demo: bool,
    pub secure_cookies: bool,
    /// SMTP server for e-mail notifications; none: notifications stay in the app.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// How long a looked-up session is trusted; see [`service::SESSION_CACHE_TTL`].
    pub session_cache: std::time::Duration,
    /// «Today» and «now» for every request.
    pub clock: service::Clock,
    /// Reverse proxies in front of Zhurnal: their `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The address users reach Zhurnal at, for links in e-mails and calendar feeds.
    pub public_url: Option<String>,
}

impl ServeConfig {
    /// Listen on `listen`, use `database_url`; no demo, no mail.
    pub fn new(listen: &str, database_url: &str) -> ServeConfig {
        ServeConfig {
            listen: listen.to_string(),
            database_url: database_url.to_string(),
            demo: false,
            secure_cookies: false,
            smtp_url: None,
            mail_from: DEFAULT_MAIL_FROM.to_string(),
            session_cache: service::SESSION_CACHE_TTL,
            clock: service::Clock::local(),
            trusted_proxies: Vec::new(),
            public_url: None,
        }
    }
}

pub const DEFAULT_MAIL_FROM: &str = "Электронный журнал <journal@localhost>";

/// Opens the database chosen by URL and brings its schema up to date.
pub async fn open_database(url: &str) -> anyhow::Result<service::DatabaseConnection> {
    let db = store::db::connect(url)
        .await
        .with_context(|| format!("не удалось открыть базу данных {}", redact(url)))?;
    store::migration::run(&db)
        .await
        .context("не удалось обновить схему базы данных")?;
    Ok(db)
}

/// The URL without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Loads the demo college into an empty database; returns the logins to show.
pub async fn ensure_demo(app: &service::App) -> anyhow::Result<Vec<(String, String)>> {
    if service::demo::is_empty(app).await? {
        let summary = service::demo::load(app, service::demo::DEFAULT_SEED)
            .await
            .context("не удалось загрузить демонстрационный техникум")?;
        tracing::info!(
            college = %summary.college_name,
            students = summary.students,
            groups = summary.groups,
            recorded_until = %summary.recorded_until,
            "demo college loaded"
        );
        Ok(summary
            .logins
            .into_iter()
            .map(|l| (l.login.to_string(), l.who))
            .collect())
    } else {
        Ok(service::demo::LOGIN_ROLES
            .iter()
            .map(|(l, w)| (l.to_string(), w.to_string()))
            .collect())
    }
}

/// A server running in the background.
pub struct RunningServer {
    pub addr: SocketAddr,
    pub demo_logins: Vec<(String, String)>,
    shutdown: Option<oneshot::Sender<()>>,
    handle: JoinHandle<std::io::Result<()>>,
}

impl RunningServer {
    /// Stops accepting connections, finishes the requests in flight, and waits.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        self.handle.await??;
        Ok(())
    }

    /// Waits until the server stops (on SIGTERM or Ctrl+C, see [`shutdown_signal`]).
    pub async fn wait(self) -> anyhow::Result<()> {
        self.handle.await??;
        Ok(())
    }
}

pub async fn start(config: ServeConfig) -> anyhow::Result<RunningServer> {
    start_with(config, std::future::pending()).await
}

/// Starts the server; it shuts down gracefully when `signal` completes or on `stop()`.
pub async fn start_with(
    config: ServeConfig,
    signal: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<RunningServer> {
    let db = open_database(&config.database_url).await?;
    let mut app = service::App::with_session_cache(db, config.clock.clone(), config.session_cache);
    if let Some(url) = &config.public_url {
        let url =
            service::public_url(url).map_err(|e| anyhow::anyhow!("ZHURNAL_PUBLIC_URL: {e}"))?;
        app.public_url = Some(url.into());
    }
    let demo_logins = if config.demo {
        ensure_demo(&app).await?
    } else {
        Vec::new()
    };
    let state = http::AppState {
        app,
        secure_cookies: config.secure_cookies,
        demo_logins: Arc::new(demo_logins.clone()),
        trusted_proxies: Arc::new(config.trusted_proxies.clone()),
    };
    let router = http::router(state.clone());
    let housekeeping = tokio::spawn(housekeeping(state.app.clone()));
    let read_log = tokio::spawn(write_read_log(state.app.clone()));
    let app_at_exit = state.app.clone();
    let mailer = match &config.smtp_url {
        Some(url) => {
            let mailer = mail::SmtpMailer::new(url, &config.mail_from)?;
            Some(tokio::spawn(mail::run(
                state.app.clone(),
                mailer,
                std::time::Duration::from_secs(2),
            )))
        }
        None => None,
    };
    let listener = TcpListener::bind(&config.listen)
        .await
        .with_context(|| format!("не удалось занять адрес {}", config.listen))?;
    let addr = listener.local_addr()?;
    let (tx, rx) = oneshot::channel::<()>();
    let handle = tokio::spawn(async move {
        let served = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            tokio::select! {
                _ = rx => {}
                _ = signal => {}
            }
            tracing::info!("shutting down");
        })
        .await;
        housekeeping.abort();
        read_log.abort();
        if let Some(m) = mailer {
            m.abort();
        }
        if let Err(e) = service::read_log::flush(&app_at_exit).await {
            tracing::warn!(error = %e, "the read log's last entries were not written");
        }
        served
    });
    Ok(RunningServer {
        addr,
        demo_logins,
        shutdown: Some(tx),
        handle,
    })
}

/// Writes the reads of personal data noted meanwhile, every two seconds.
async fn write_read_log(app: service::App) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(2));
    loop {
        tick.tick().await;
        if let Err(e) = service::read_log::flush(&app).await {
            tracing::warn!(error = %e, "writing the read log failed; kept for the next try");
        }
    }
}

/// Every quarter of an hour: expired sessions, old login attempts and read-log
/// entries past the college's keeping go.
async fn housekeeping(app: service::App) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(15 * 60));
    loop {
        tick.tick().await;
        match service::auth::purge_expired(&app).await {
            Ok((sessions, attempts)) if sessions + attempts > 0 => {
                tracing::info!(
                    sessions,
                    attempts,
                    "purged expired sessions and login attempts"
                )
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "housekeeping failed"),
        }
        match service::read_log::purge(&app).await {
            Ok(0) => {}
            Ok(removed) => tracing::info!(removed, "read log entries past their keeping"),
            Err(e) => tracing::warn!(error = %e, "purging the read log failed"),
        }
        if let Err(e) = store::db::optimize(&app.db).await {
            tracing::warn!(error = %e, "refreshing the planner's statistics failed");
        }
    }
}

/// Completes on SIGTERM (systemd, a container runtime) or Ctrl+C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn hides_passwords() {
        assert_eq!(
            redact("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact("sqlite://zhurnal.db"), "sqlite://zhurnal.db");
    }
}
