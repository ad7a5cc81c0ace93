//! A college's mark-entry settings (seed 3.2: «параметры фиксации отметок»):
//! how long after a lesson its marks may be entered, and after an attestation period.

use domain::{Actor, Permission, Validation};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::{require, App};

#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    pub mark_edit_days: i32,
    pub attestation_edit_days: i32,
    /// A 2 or «не зачтено» at attestation makes an academic debt.
    pub two_is_debt: bool,
    /// Days the read log of personal data is kept (152-ФЗ).
    pub read_log_days: i32,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct SettingsInput {
    #[serde(default)]
    pub mark_edit_days: String,
    #[serde(default)]
    pub attestation_edit_days: String,
    /// A checkbox: present ("on") or absent.
    #[serde(default)]
    pub two_is_debt: String,
    /// Empty: as it is.
    #[serde(default)]
    pub read_log_days: String,
}

pub async fn get(app: &App, actor: &Actor) -> Result<Settings> {
    require(actor, Permission::ReferenceRead)?;
    let s = store::orgs::settings(&app.db, actor.org_id)
        .await?
        .ok_or(Error::NotFound("настройки колледжа"))?;
    Ok(Settings {
        mark_edit_days: s.mark_edit_days,
        attestation_edit_days: s.attestation_edit_days,
        two_is_debt: s.two_is_debt,
        read_log_days: s.read_log_days,
    })
}

pub async fn update(app: &App, actor: &Actor, input: SettingsInput) -> Result<Settings> {
    require(actor, Permission::ReferenceWrite)?;
    let mut v = Validation::new();
    let marks = v.number("mark_edit_days", &input.mark_edit_days, 0, 60) as i32;
    let attestation = v.number("attestation_edit_days", &input.attestation_edit_days, 0, 30) as i32;
    let read_log_days = if input.read_log_days.trim().is_empty() {
        None
    } else {
        Some(v.number("read_log_days", &input.read_log_days, 30, 3650) as i32)
    };
    v.finish().map_err(Error::Invalid)?;
    let read_log_days = match read_log_days {
        Some(days) => days,
        None => get(app, actor).await?.read_log_days,
    };
    let two_is_debt = !input.two_is_debt.trim().is_empty();
    let txn = store::begin_write(&app.db).await?;
    store::orgs::update_settings(&txn, actor.org_id, marks, attestation, two_is_debt).await?;
    store::orgs::set_read_log_days(&txn, actor.org_id, read_log_days).await?;
    crate::audit(
        &txn,
        actor,
        "update",
        "college_settings",
        actor.org_id,
        serde_json::json!({
            "mark_edit_days": marks, "attestation_edit_days": attestation, "two_is_debt": two_is_debt,
            "read_log_days": read_log_days,
        }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(Settings {
        mark_edit_days: marks,
        attestation_edit_days: attestation,
        two_is_debt,
        read_log_days,
    })
}
