//! Specialties a college teaches (code of the ФГОС СПО list and name).

use domain::names::search_pattern;
use domain::paging::{Page, PageRequest};
use domain::reference::validate_specialty_code;
use domain::{Actor, Permission, Validation};
use serde::{Deserialize, Serialize};
use store::entity::specialty;

use crate::error::{unique_as_field, Error, Result};
use crate::{audit, require, App};

#[derive(Debug, Clone, Serialize)]
pub struct SpecialtyView {
    pub id: i64,
    pub code: String,
    pub name: String,
}

impl From<specialty::Model> for SpecialtyView {
    fn from(s: specialty::Model) -> Self {
        SpecialtyView {
            id: s.id,
            code: s.code,
            name: s.name,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct SpecialtyInput {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
}

pub async fn page(
    app: &App,
    actor: &Actor,
    query: &str,
    req: PageRequest,
) -> Result<Page<SpecialtyView>> {
    require(actor, Permission::ReferenceRead)?;
    let pattern = search_pattern(query);
    Ok(
        store::specialties::page(&app.db, actor.org_id, pattern.as_deref(), req)
            .await?
            .map(Into::into),
    )
}

pub async fn all(app: &App, actor: &Actor) -> Result<Vec<SpecialtyView>> {
    require(actor, Permission::ReferenceRead)?;
    Ok(store::specialties::all(&app.db, actor.org_id)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

pub async fn create(app: &App, actor: &Actor, input: SpecialtyInput) -> Result<SpecialtyView> {
    require(actor, Permission::ReferenceWrite)?;
    let mut v = Validation::new();
    let code = validate_specialty_code(&mut v, &input.code);
    let name = v.text("name", &input.name, 300);
    v.finish().map_err(Error::Invalid)?;
    let txn = store::begin_write(&app.db).await?;
    let s = store::specialties::insert(&txn, actor.org_id, &code, &name)
        .await
        .map_err(|e| unique_as_field(e, "code", "Специальность с таким кодом уже есть."))?;
    audit(
        &txn,
        actor,
        "create",
        "specialty",
        s.id,
        serde_json::json!({ "code": code }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(s.into())
}
