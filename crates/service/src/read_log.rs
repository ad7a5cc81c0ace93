//! The read log of personal data (152-ФЗ): reads of a student's records by
//! staff and delegates are written down; the officer searches and exports it.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::paging::{Page, PageRequest};
use domain::read_log::ReadKind;
use domain::{Actor, Permission};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Mutex;

use crate::error::Result;
use crate::{require, App};

/// Reads noted but not yet written. A read costs the request no write of
/// its own (the journal page is read far more often than written): the
/// server writes what is pending every second or two, at shutdown, and
/// before the log is searched. A crash loses at most those seconds.
#[derive(Default)]
pub struct Pending(Mutex<Vec<store::read_log::Read>>);

impl Pending {
    fn take(&self) -> Vec<store::read_log::Read> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn put_back(&self, mut reads: Vec<store::read_log::Read>) {
        let mut pending = self.0.lock().unwrap_or_else(|e| e.into_inner());
        reads.append(&mut pending);
        *pending = reads;
    }
}

/// A read of one student's record (`person_id`) or of a group's (`group_id`),
/// noted unless the reader is the student or their parent.
pub(crate) fn record(
    app: &App,
    actor: &Actor,
    person_id: Option<i64>,
    group_id: Option<i64>,
    kind: ReadKind,
    detail: &str,
) {
    if person_id.is_some_and(|p| !actor.read_is_logged(p)) {
        return;
    }
    let read = store::read_log::Read {
        org_id: actor.org_id,
        account_id: actor.account_id,
        person_id,
        group_id,
        what: kind.code(),
        detail: detail.to_string(),
        at: app.now(),
    };
    app.read_log
        .0
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(read);
}

/// Writes the pending reads; on failure they stay pending for the next try.
pub async fn flush(app: &App) -> Result<usize> {
    let reads = app.read_log.take();
    let n = reads.len();
    if n == 0 {
        return Ok(0);
    }
    let write = async {
        let txn = store::begin_write(&app.db).await?;
        store::read_log::record_all(&txn, reads.clone()).await?;
        txn.commit().await?;
        Ok::<(), store::DbErr>(())
    };
    if let Err(e) = write.await {
        app.read_log.put_back(reads);
        return Err(e.into());
    }
    Ok(n)
}

/// The officer's search: parts of names, a reader's login, dates (inclusive).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Search {
    #[serde(default)]
    pub student: String,
    #[serde(default)]
    pub reader: String,
    /// ISO dates; empty: no bound.
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    pub page: Option<u64>,
}

impl Search {
    pub fn from_date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(self.from.trim(), "%Y-%m-%d").ok()
    }

    pub fn to_date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(self.to.trim(), "%Y-%m-%d").ok()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ReadRow {
    /// In the college's time, ISO 8601.
    pub at: DateTime<chrono::FixedOffset>,
    pub reader: String,
    pub reader_login: String,
    pub student: Option<String>,
    /// A code: diary, student_card, journal, ...
    pub what: &'static str,
    /// For pages; the API gives the code.
    #[serde(skip)]
    pub what_title: &'static str,
    pub detail: String,
}

fn filter(app: &App, s: &Search) -> store::read_log::Filter {
    let zone = app.clock.zone();
    let start = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(zone).single())
            .map(|t| t.with_timezone(&Utc))
    };
    let reader = s.reader.trim();
    store::read_log::Filter {
        person: domain::names::search_pattern(&s.student),
        reader: domain::names::search_pattern(reader),
        reader_login: (!reader.is_empty()).then(|| reader.to_lowercase()),
        from: s.from_date().and_then(start),
        until: s.to_date().and_then(|d| start(d + Duration::days(1))),
    }
}

async fn rows(
    app: &App,
    org: i64,
    entries: Vec<store::entity::read_log_entry::Model>,
) -> Result<Vec<ReadRow>> {
    let mut account_ids: Vec<i64> = entries.iter().map(|e| e.account_id).collect();
    account_ids.sort_unstable();
    account_ids.dedup();
    let accounts = store::accounts::by_ids(&app.db, &account_ids).await?;
    let mut person_ids: Vec<i64> = entries.iter().filter_map(|e| e.person_id).collect();
    person_ids.extend(accounts.iter().map(|a| a.person_id));
    person_ids.sort_unstable();
    person_ids.dedup();
    let names: HashMap<i64, String> = store::people::by_ids(&app.db, &person_ids)
        .await?
        .into_iter()
        .filter(|p| p.org_id == org || accounts.iter().any(|a| a.person_id == p.id))
        .map(|p| (p.id, store::people::full_name(&p).short()))
        .collect();
    let accounts: HashMap<i64, (String, String)> = accounts
        .into_iter()
        .map(|a| {
            let name = names.get(&a.person_id).cloned().unwrap_or_default();
            (a.id, (name, a.login))
        })
        .collect();
    let zone = app.clock.zone();
    Ok(entries
        .into_iter()
        .map(|e| {
            let kind = ReadKind::from_code(&e.what);
            let (reader, reader_login) = accounts.get(&e.account_id).cloned().unwrap_or_default();
            ReadRow {
                at: e.at.with_timezone(&zone),
                reader,
                reader_login,
                student: e.person_id.and_then(|p| names.get(&p).cloned()),
                what: kind.map_or("", ReadKind::code),
                what_title: kind.map_or("", ReadKind::title),
                detail: e.detail,
            }
        })
        .collect())
}

/// One page of the log, newest first.
pub async fn search(app: &App, actor: &Actor, s: &Search) -> Result<Page<ReadRow>> {
    require(actor, Permission::ReadLogRead)?;
    flush(app).await?;
    let page = store::read_log::page(
        &app.db,
        actor.org_id,
        &filter(app, s),
        PageRequest::new(s.page),
    )
    .await?;
    Ok(Page {
        items: rows(app, actor.org_id, page.items).await?,
        page: page.page,
        per_page: page.per_page,
        total: page.total,
    })
}

/// At most this many rows go in one export; narrow the search for more.
pub const EXPORT_LIMIT: u64 = 100_000;

/// The search's rows as CSV (UTF-8 with BOM, `;`-separated: what Excel opens).
pub async fn export_csv(app: &App, actor: &Actor, s: &Search) -> Result<String> {
    require(actor, Permission::ReadLogRead)?;
    flush(app).await?;
    let entries =
        store::read_log::all(&app.db, actor.org_id, &filter(app, s), EXPORT_LIMIT).await?;
    let mut out = String::from("\u{feff}Когда;Кто;Логин;Чьи данные;Что;Подробности\r\n");
    for r in rows(app, actor.org_id, entries).await? {
        let fields = [
            r.at.format("%d.%m.%Y %H:%M:%S").to_string(),
            r.reader,
            r.reader_login,
            r.student.unwrap_or_default(),
            r.what_title.to_string(),
            r.detail,
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(";"));
        out.push_str("\r\n");
    }
    Ok(out)
}

fn csv_field(s: &str) -> String {
    // A leading = + - @ would be a formula in a spreadsheet.
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// Drops entries older than each college keeps them.
pub async fn purge(app: &App) -> Result<u64> {
    Ok(store::read_log::purge(&app.db, app.now()).await?)
}

#[cfg(test)]
mod tests {
    use super::{csv_field, Pending};

    fn read(what: &'static str) -> store::read_log::Read {
        store::read_log::Read {
            org_id: 1,
            account_id: 1,
            person_id: None,
            group_id: None,
            what,
            detail: String::new(),
            at: chrono::Utc::now(),
        }
    }

    #[test]
    fn reads_not_written_go_back_before_the_newer_ones() {
        let pending = Pending::default();
        pending.put_back(vec![read("diary")]);
        let taken = pending.take();
        pending.put_back(vec![read("journal")]);
        pending.put_back(taken);
        let order: Vec<&str> = pending.take().iter().map(|r| r.what).collect();
        assert_eq!(order, ["diary", "journal"]);
        assert!(pending.take().is_empty());
    }

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("Иванов И. И."), "Иванов И. И.");
        assert_eq!(csv_field("a;b"), "\"a;b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    }
}
