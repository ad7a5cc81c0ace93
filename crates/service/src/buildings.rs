//! Buildings and rooms (seed 3.2: «зданий проведения занятий, параметров кабинетов»).

use domain::paging::{Page, PageRequest};
use domain::reference::{validate_room_kind, RoomKind};
use domain::{Actor, Permission, Validation};
use serde::{Deserialize, Serialize};
use store::entity::{building, room};

use crate::error::{unique_as_field, Error, Result};
use crate::{audit, require, App};

#[derive(Debug, Serialize)]
pub struct BuildingRow {
    #[serde(flatten)]
    pub building: BuildingView,
    pub rooms: i64,
}

#[derive(Debug, Serialize)]
pub struct BuildingView {
    pub id: i64,
    pub name: String,
    pub address: Option<String>,
}

impl From<building::Model> for BuildingView {
    fn from(b: building::Model) -> Self {
        BuildingView {
            id: b.id,
            name: b.name,
            address: b.address,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct RoomRow {
    pub id: i64,
    pub building_id: i64,
    pub building: String,
    pub number: String,
    pub capacity: i32,
    pub kind: String,
    pub kind_title: &'static str,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct BuildingInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub address: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct RoomInput {
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub capacity: String,
    #[serde(default)]
    pub kind: String,
}

/// All buildings with their room counts (a college has a handful).
pub async fn list(app: &App, actor: &Actor) -> Result<Vec<BuildingRow>> {
    require(actor, Permission::ReferenceRead)?;
    let counts = store::buildings::room_counts(&app.db, actor.org_id).await?;
    Ok(store::buildings::all(&app.db, actor.org_id)
        .await?
        .into_iter()
        .map(|b| BuildingRow {
            rooms: counts.get(&b.id).copied().unwrap_or(0),
            building: b.into(),
        })
        .collect())
}

pub async fn get(app: &App, actor: &Actor, id: i64) -> Result<BuildingView> {
    require(actor, Permission::ReferenceRead)?;
    store::buildings::get(&app.db, actor.org_id, id)
        .await?
        .map(Into::into)
        .ok_or(Error::NotFound("здание"))
}

pub async fn create(app: &App, actor: &Actor, input: BuildingInput) -> Result<BuildingView> {
    require(actor, Permission::ReferenceWrite)?;
    let mut v = Validation::new();
    let name = v.text("name", &input.name, 200);
    let address = v.optional_text("address", &input.address, 300);
    v.finish().map_err(Error::Invalid)?;
    let txn = store::begin_write(&app.db).await?;
    let b = store::buildings::insert(&txn, actor.org_id, &name, address.as_deref())
        .await
        .map_err(|e| unique_as_field(e, "name", "Здание с таким названием уже есть."))?;
    audit(
        &txn,
        actor,
        "create",
        "building",
        b.id,
        serde_json::json!({ "name": name }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(b.into())
}

pub async fn rooms(
    app: &App,
    actor: &Actor,
    building_id: Option<i64>,
    req: PageRequest,
) -> Result<Page<RoomRow>> {
    require(actor, Permission::ReferenceRead)?;
    let buildings = store::buildings::all(&app.db, actor.org_id).await?;
    let page = store::buildings::rooms_page(&app.db, actor.org_id, building_id, req).await?;
    Ok(page.map(|r| room_row(r, &buildings)))
}

fn room_row(r: room::Model, buildings: &[building::Model]) -> RoomRow {
    let kind = RoomKind::from_code(&r.kind);
    RoomRow {
        id: r.id,
        building_id: r.building_id,
        building: buildings
            .iter()
            .find(|b| b.id == r.building_id)
            .map(|b| b.name.clone())
            .unwrap_or_default(),
        number: r.number,
        capacity: r.capacity,
        kind_title: kind.map(RoomKind::title).unwrap_or("—"),
        kind: r.kind,
    }
}

pub async fn create_room(
    app: &App,
    actor: &Actor,
    building_id: i64,
    input: RoomInput,
) -> Result<RoomRow> {
    require(actor, Permission::ReferenceWrite)?;
    let building = store::buildings::get(&app.db, actor.org_id, building_id)
        .await?
        .ok_or(Error::NotFound("здание"))?;
    let mut v = Validation::new();
    let number = v.text("number", &input.number, 20);
    let capacity = v.number("capacity", &input.capacity, 1, 500);
    let kind = validate_room_kind(&mut v, &input.kind);
    v.finish().map_err(Error::Invalid)?;
    let txn = store::begin_write(&app.db).await?;
    let r = store::buildings::insert_room(
        &txn,
        actor.org_id,
        store::buildings::NewRoom {
            building_id,
            number: &number,
            capacity: capacity as i32,
            kind: kind.code(),
        },
    )
    .await
    .map_err(|e| {
        unique_as_field(
            e,
            "number",
            "Кабинет с таким номером в этом здании уже есть.",
        )
    })?;
    audit(
        &txn,
        actor,
        "create",
        "room",
        r.id,
        serde_json::json!({ "number": number, "building_id": building_id }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(room_row(r, &[building]))
}

/// The college's rooms for a picker, by building and number: «201, Корпус 2 (30 мест)».
pub(crate) async fn room_choices(
    db: &impl sea_orm::ConnectionTrait,
    org_id: i64,
) -> Result<Vec<(i64, String)>> {
    let buildings: std::collections::HashMap<i64, String> = store::buildings::all(db, org_id)
        .await?
        .into_iter()
        .map(|b| (b.id, b.name))
        .collect();
    let several = buildings.len() > 1;
    let mut rooms = store::buildings::all_rooms(db, org_id).await?;
    rooms.sort_by(|a, b| {
        (buildings.get(&a.building_id), &a.number).cmp(&(buildings.get(&b.building_id), &b.number))
    });
    Ok(rooms
        .into_iter()
        .map(|r| {
            let building = buildings
                .get(&r.building_id)
                .filter(|_| several)
                .map(String::as_str);
            (
                r.id,
                domain::reference::room_label(&r.number, building, r.capacity),
            )
        })
        .collect())
}
