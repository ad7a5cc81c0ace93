//! Closing the school year (seed 3.4): what is still open (unfilled
//! attestation sheets, debts), closing it, and keeping it read-only after:
//! a closed year's lessons and marks change only through a recorded unlock.

use chrono::NaiveDate;
use domain::{Actor, Permission};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::journal::date_ru;
use crate::{audit, require, App};

#[derive(Debug, Serialize)]
pub struct ClosingView {
    pub year: i32,
    pub year_title: String,
    /// «закрыт 30.06.2027 14:05», if closed.
    pub closed: Option<String>,
    /// What is still open, in words; closing before it is done needs a confirmation.
    pub open_items: Vec<String>,
    pub can_close: bool,
    pub archives: Vec<crate::archive::ArchiveView>,
    /// An archive is being made (the page refreshes itself).
    pub archiving: bool,
    pub can_archive: bool,
}

pub async fn status(app: &App, actor: &Actor, year: i32) -> Result<ClosingView> {
    require(actor, Permission::ReferenceRead)?;
    let org = actor.org_id;
    let row = store::school_years::get(&app.db, org, year).await?;
    let closed = row.as_ref().and_then(|r| r.closed_at).map(|at| {
        format!(
            "закрыт {}",
            at.with_timezone(&chrono::Local).format("%d.%m.%Y %H:%M")
        )
    });
    let mut open_items = Vec::new();
    for semester in 1..=2 {
        let missing = crate::attestation::missing(app, actor, year, semester).await?;
        if !missing.is_empty() {
            open_items.push(format!(
                "{semester}-й семестр: не заполнено ведомостей промежуточной аттестации — {}.",
                missing.len()
            ));
        }
    }
    let debts = store::debts::page(
        &app.db,
        org,
        &store::debts::Whose::College,
        true,
        domain::paging::PageRequest::new(Some(1)),
    )
    .await?
    .total;
    if debts > 0 {
        open_items.push(format!(
            "Не ликвидировано академических задолженностей — {debts} (они переходят на следующий год)."
        ));
    }
    let (_, last) = domain::calendar::year_bounds(year);
    let calendar_end = crate::timetable::year_periods(&app.db, org, year)
        .await?
        .iter()
        .filter(|p| p.kind == domain::calendar::PeriodKind::Semester)
        .map(|p| p.ends_on)
        .max()
        .unwrap_or(last);
    if app.today() < calendar_end {
        open_items.push(format!(
            "Учебный год по календарному графику заканчивается {}.",
            date_ru(calendar_end)
        ));
    }
    let archives = crate::archive::list(app, actor, year).await?;
    Ok(ClosingView {
        year,
        year_title: domain::calendar::year_title(year),
        can_close: closed.is_none() && actor.can(Permission::OpenYear),
        closed,
        open_items,
        archiving: archives.iter().any(|a| a.status == "running"),
        archives,
        can_archive: actor.can(Permission::OpenYear),
    })
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct CloseInput {
    /// "yes": close although something is still open.
    #[serde(default)]
    pub confirm: String,
}

pub async fn close(app: &App, actor: &Actor, year: i32, input: CloseInput) -> Result<()> {
    require(actor, Permission::OpenYear)?;
    let view = status(app, actor, year).await?;
    if view.closed.is_some() {
        return Err(Error::field("form", "Учебный год уже закрыт."));
    }
    if !view.open_items.is_empty() && input.confirm != "yes" {
        return Err(Error::field(
            "confirm",
            format!(
                "Не всё завершено: {} Отметьте «Закрыть всё равно», если это решено.",
                view.open_items.join(" ")
            ),
        ));
    }
    let txn = store::begin_write(&app.db).await?;
    store::archives::close_year(&txn, actor.org_id, year, actor.account_id, app.now()).await?;
    audit(
        &txn,
        actor,
        "close",
        "school_year",
        i64::from(year),
        serde_json::json!({ "open_items": view.open_items }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Whether the year of `day` is closed.
pub(crate) async fn is_closed(
    db: &impl ConnectionTrait,
    org_id: i64,
    day: NaiveDate,
) -> Result<bool> {
    let year = domain::reference::school_year(day);
    Ok(store::school_years::get(db, org_id, year)
        .await?
        .and_then(|r| r.closed_at)
        .is_some())
}

/// Refuses a change to a closed year: its data are final.
pub(crate) async fn ensure_open(
    db: &impl ConnectionTrait,
    org_id: i64,
    day: NaiveDate,
) -> Result<()> {
    if is_closed(db, org_id, day).await? {
        return Err(Error::Locked(format!(
            "{} учебный год закрыт: его данные изменяются только по разблокировке.",
            domain::calendar::year_title(domain::reference::school_year(day))
        )));
    }
    Ok(())
}
