//! Zhurnal's use cases. Every rule of the seed and every permission check
//! lives here, so pages and the JSON API obey them alike.

pub mod accounts;
pub mod archive;
pub mod attestation;
pub mod auth;
pub mod bells;
pub mod buildings;
pub mod calendar;
pub mod clock;
pub mod curricula;
pub mod debts;
pub mod demo;
pub mod diary;
pub mod error;
pub mod feeds;
pub mod groups;
pub mod home;
pub mod imports;
pub mod journal;
pub mod load;
pub mod mail;
pub mod notices;
pub mod notifications;
pub mod password;
pub mod personal_data;
pub mod read_log;
pub mod settings;
pub mod specialties;
pub mod staff;
pub mod students;
pub mod timetable;
pub mod users;
pub mod year_closing;
pub mod year_opening;

pub use clock::Clock;
pub use error::{Error, Result};
pub use sea_orm::DatabaseConnection;

/// The version of the personal-data processing terms (152-ФЗ) a user accepts
/// at first login; a new version asks everyone again.
pub const TERMS_VERSION: &str = "2026-09-01";

/// How long a session looked up is trusted without asking the database again.
pub const SESSION_CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(5);

/// What every use case needs: the database, the clock, and the sessions
/// recently looked up.
#[derive(Clone)]
pub struct App {
    pub db: DatabaseConnection,
    /// «Today» and «now»: nothing in the services reads the wall clock itself.
    pub clock: Clock,
    pub sessions: std::sync::Arc<auth::SessionCache>,
    /// Journals' sums of past months, kept while unchanged.
    pub past_totals: std::sync::Arc<journal::PastTotals>,
    /// Journals' cells of a month, kept while unchanged.
    pub month_cells: std::sync::Arc<journal::MonthCells>,
    /// The address users reach Zhurnal at (`https://journal.college.ru`), for
    /// links that leave the browser: e-mails and calendar feeds.
    pub public_url: Option<std::sync::Arc<str>>,
    /// Reads of personal data waiting to be written (see [`read_log::flush`]).
    pub read_log: std::sync::Arc<read_log::Pending>,
}

impl App {
    pub fn new(db: DatabaseConnection, clock: Clock) -> Self {
        App::with_session_cache(db, clock, SESSION_CACHE_TTL)
    }

    /// `ttl` zero: every request asks the database.
    pub fn with_session_cache(
        db: DatabaseConnection,
        clock: Clock,
        ttl: std::time::Duration,
    ) -> Self {
        App {
            db,
            clock,
            sessions: std::sync::Arc::new(auth::SessionCache::new(ttl)),
            past_totals: std::sync::Arc::default(),
            month_cells: std::sync::Arc::default(),
            public_url: None,
            read_log: std::sync::Arc::default(),
        }
    }
}

impl App {
    /// Today in the college, by the app's clock.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }

    /// Now, by the app's clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// `path` as a full address, when the public address is set.
    pub fn absolute(&self, path: &str) -> Option<String> {
        self.public_url
            .as_deref()
            .map(|base| format!("{base}{path}"))
    }
}

/// Checks a public address: `http(s)://host[:port][/prefix]`, kept without
/// the trailing slash.
pub fn public_url(url: &str) -> std::result::Result<String, String> {
    let url = url.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("адрес должен начинаться с https:// или http://")?;
    let host = rest.split('/').next().unwrap_or("");
    let fine = |c: char| c.is_ascii_alphanumeric() || ".-:[]/_~".contains(c);
    if host.is_empty() || !rest.chars().all(fine) {
        return Err(format!("неверный адрес: {url}"));
    }
    Ok(url.to_string())
}

/// Records one change in the audit log, inside the action's transaction.
pub(crate) async fn audit(
    db: &impl sea_orm::ConnectionTrait,
    actor: &domain::Actor,
    action: &str,
    entity: &str,
    entity_id: i64,
    details: serde_json::Value,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    store::audit::record(
        db,
        store::audit::Entry {
            org_id: Some(actor.org_id),
            account_id: Some(actor.account_id),
            action,
            entity,
            entity_id: Some(entity_id),
            details,
        },
        at,
    )
    .await?;
    Ok(())
}

/// Fails with `Forbidden` unless the actor holds the permission.
pub(crate) fn require(actor: &domain::Actor, permission: domain::Permission) -> Result<()> {
    if actor.can(permission) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

#[cfg(test)]
mod public_url_tests {
    use super::public_url;

    #[test]
    fn a_public_address_is_http_or_https_without_the_trailing_slash() {
        assert_eq!(
            public_url("https://journal.college.ru/").as_deref(),
            Ok("https://journal.college.ru")
        );
        assert_eq!(
            public_url("http://10.0.0.5:8080/zhurnal").as_deref(),
            Ok("http://10.0.0.5:8080/zhurnal")
        );
        assert!(public_url("journal.college.ru").is_err());
        assert!(public_url("https://").is_err());
        assert!(public_url("https://a b").is_err());
        assert!(public_url("javascript:alert(1)").is_err());
    }
}
