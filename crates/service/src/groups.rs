//! Study groups, subgroups and curators (seed 3.2: «формирование учебных групп»).

use std::collections::HashMap;

use domain::names::search_pattern;
use domain::paging::{Page, PageRequest};
use domain::reference::{course, validate_study_form, StudyForm};
use domain::{Actor, Grant, Permission, Role, Scope, Validation};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use store::entity::study_group;

use crate::error::{unique_as_field, Error, Result};
use crate::specialties::SpecialtyView;
use crate::{audit, require, App};

#[derive(Debug, Clone, Serialize)]
pub struct GroupRow {
    pub id: i64,
    pub name: String,
    pub specialty_id: i64,
    pub specialty_code: String,
    pub specialty_name: String,
    pub study_form: String,
    pub study_form_title: &'static str,
    pub intake_year: i32,
    pub course: i32,
    pub curator_id: Option<i64>,
    pub curator: Option<String>,
    pub students: i64,
}

#[derive(Debug, Serialize)]
pub struct GroupCard {
    pub group: GroupRow,
    pub subgroups: Vec<SubgroupView>,
    pub students: Vec<GroupStudent>,
}

#[derive(Debug, Serialize)]
pub struct SubgroupView {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct GroupStudent {
    pub person_id: i64,
    pub full_name: String,
    pub subgroup: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct GroupInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub specialty_id: String,
    #[serde(default)]
    pub study_form: String,
    #[serde(default)]
    pub intake_year: String,
    /// A staff member's person id, or empty for none.
    #[serde(default)]
    pub curator_id: String,
}

/// Turns groups into rows with specialty, curator and size: four queries, not one per group.
async fn rows(app: &App, org_id: i64, groups: Vec<study_group::Model>) -> Result<Vec<GroupRow>> {
    let ids: Vec<i64> = groups.iter().map(|g| g.id).collect();
    let counts = store::groups::student_counts(&app.db, &ids).await?;
    let specialties: HashMap<i64, _> = store::specialties::all(&app.db, org_id)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let curator_ids: Vec<i64> = groups.iter().filter_map(|g| g.curator_person_id).collect();
    let curators: HashMap<i64, String> = store::people::by_ids(&app.db, &curator_ids)
        .await?
        .into_iter()
        .map(|p| (p.id, store::people::full_name(&p).short()))
        .collect();
    let today = app.today();
    Ok(groups
        .into_iter()
        .map(|g| {
            let spec = specialties.get(&g.specialty_id);
            GroupRow {
                id: g.id,
                specialty_id: g.specialty_id,
                specialty_code: spec.map(|s| s.code.clone()).unwrap_or_default(),
                specialty_name: spec.map(|s| s.name.clone()).unwrap_or_default(),
                study_form_title: StudyForm::from_code(&g.study_form)
                    .map(StudyForm::title)
                    .unwrap_or("—"),
                study_form: g.study_form,
                intake_year: g.intake_year,
                course: course(g.intake_year, today),
                curator_id: g.curator_person_id,
                curator: g.curator_person_id.and_then(|c| curators.get(&c).cloned()),
                students: counts.get(&g.id).copied().unwrap_or(0),
                name: g.name,
            }
        })
        .collect())
}

pub async fn page(
    app: &App,
    actor: &Actor,
    query: &str,
    req: PageRequest,
) -> Result<Page<GroupRow>> {
    require(actor, Permission::ReferenceRead)?;
    let pattern = search_pattern(query);
    let page = store::groups::page(&app.db, actor.org_id, pattern.as_deref(), req).await?;
    let items = rows(app, actor.org_id, page.items).await?;
    Ok(Page {
        items,
        page: page.page,
        per_page: page.per_page,
        total: page.total,
    })
}

/// Brief rows for groups the caller may already see (home pages).
pub async fn briefs(app: &App, org_id: i64, ids: &[i64]) -> Result<Vec<GroupRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let groups = store::groups::by_ids(&app.db, org_id, ids).await?;
    rows(app, org_id, groups).await
}

pub async fn card(app: &App, actor: &Actor, id: i64) -> Result<GroupCard> {
    require(actor, Permission::GroupRead { group_id: id })?;
    let group = store::groups::get(&app.db, actor.org_id, id)
        .await?
        .ok_or(Error::NotFound("группа"))?;
    let row = rows(app, actor.org_id, vec![group])
        .await?
        .pop()
        .ok_or(Error::NotFound("группа"))?;
    let subgroups = store::groups::subgroups(&app.db, actor.org_id, id).await?;
    let names: HashMap<i64, String> = subgroups.iter().map(|s| (s.id, s.name.clone())).collect();
    let students = store::groups::students(&app.db, actor.org_id, id)
        .await?
        .into_iter()
        .map(|(p, m)| GroupStudent {
            person_id: p.id,
            full_name: store::people::full_name(&p).full(),
            subgroup: m.subgroup_id.and_then(|s| names.get(&s).cloned()),
        })
        .collect();
    Ok(GroupCard {
        group: row,
        subgroups: subgroups
            .into_iter()
            .map(|s| SubgroupView {
                id: s.id,
                name: s.name,
            })
            .collect(),
        students,
    })
}

/// What a group form offers: specialties and staff who may curate.
pub struct GroupFormOptions {
    pub specialties: Vec<SpecialtyView>,
    pub staff: Vec<(i64, String)>,
}

pub async fn form_options(app: &App, actor: &Actor) -> Result<GroupFormOptions> {
    require(actor, Permission::ReferenceWrite)?;
    let specialties = crate::specialties::all(app, actor).await?;
    let staff = store::staff::all_people(&app.db, actor.org_id)
        .await?
        .into_iter()
        .map(|p| (p.id, store::people::full_name(&p).full()))
        .collect();
    Ok(GroupFormOptions { specialties, staff })
}

async fn validate(app: &App, actor: &Actor, input: &GroupInput) -> Result<store::groups::NewGroup> {
    let mut v = Validation::new();
    let name = v.text("name", &input.name, 30);
    let study_form = validate_study_form(&mut v, &input.study_form);
    let this_year = domain::reference::school_year(app.today()) as i64;
    let intake_year = v.number(
        "intake_year",
        &input.intake_year,
        this_year - 10,
        this_year + 1,
    );
    let specialty_id = input.specialty_id.trim().parse::<i64>().ok();
    let specialty = match specialty_id {
        Some(id) => store::specialties::get(&app.db, actor.org_id, id).await?,
        None => None,
    };
    if specialty.is_none() {
        v.add("specialty_id", "Выберите специальность.");
    }
    let curator = match input.curator_id.trim() {
        "" => None,
        raw => match raw.parse::<i64>() {
            Ok(id)
                if store::staff::get(&app.db, actor.org_id, id)
                    .await?
                    .is_some() =>
            {
                Some(id)
            }
            _ => {
                v.add(
                    "curator_id",
                    "Куратором может быть только сотрудник колледжа.",
                );
                None
            }
        },
    };
    v.finish().map_err(Error::Invalid)?;
    Ok(store::groups::NewGroup {
        specialty_id: specialty.map(|s| s.id).unwrap_or_default(),
        name,
        study_form: study_form.code().to_string(),
        intake_year: intake_year as i32,
        curator_person_id: curator,
    })
}

/// Gives the curator of a group the curator role scoped to it (and takes it
/// from the previous curator), in the caller's transaction.
async fn set_curator_grant(
    db: &impl ConnectionTrait,
    actor: &Actor,
    group_id: i64,
    curator_person_id: Option<i64>,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let scope = Scope::Group(group_id);
    store::grants::delete_scoped(db, actor.org_id, Role::Curator, scope).await?;
    let Some(person_id) = curator_person_id else {
        return Ok(());
    };
    let account = store::accounts::by_person_ids(db, &[person_id])
        .await?
        .pop()
        .ok_or_else(|| Error::field("curator_id", "У этого сотрудника нет учётной записи."))?;
    store::grants::insert(
        db,
        account.id,
        Grant {
            org_id: actor.org_id,
            role: Role::Curator,
            scope,
        },
        Some(actor.account_id),
        at,
    )
    .await?;
    Ok(())
}

pub async fn create(app: &App, actor: &Actor, input: GroupInput) -> Result<GroupRow> {
    require(actor, Permission::ReferenceWrite)?;
    let new = validate(app, actor, &input).await?;
    let curator = new.curator_person_id;
    let txn = store::begin_write(&app.db).await?;
    let g = store::groups::insert(&txn, actor.org_id, new)
        .await
        .map_err(|e| unique_as_field(e, "name", "Группа с таким названием уже есть."))?;
    set_curator_grant(&txn, actor, g.id, curator, app.now()).await?;
    audit(
        &txn,
        actor,
        "create",
        "group",
        g.id,
        serde_json::json!({ "name": g.name }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    app.sessions.forget_all();
    rows(app, actor.org_id, vec![g])
        .await?
        .pop()
        .ok_or(Error::NotFound("группа"))
}

pub async fn update(app: &App, actor: &Actor, id: i64, input: GroupInput) -> Result<()> {
    require(actor, Permission::ReferenceWrite)?;
    let old = store::groups::get(&app.db, actor.org_id, id)
        .await?
        .ok_or(Error::NotFound("группа"))?;
    let new = validate(app, actor, &input).await?;
    let curator = new.curator_person_id;
    let txn = store::begin_write(&app.db).await?;
    store::groups::update(&txn, actor.org_id, id, new)
        .await
        .map_err(|e| unique_as_field(e, "name", "Группа с таким названием уже есть."))?;
    if curator != old.curator_person_id {
        set_curator_grant(&txn, actor, id, curator, app.now()).await?;
    }
    audit(
        &txn,
        actor,
        "update",
        "group",
        id,
        serde_json::json!({ "name": input.name.trim() }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    app.sessions.forget_all();
    Ok(())
}

pub async fn add_subgroup(
    app: &App,
    actor: &Actor,
    group_id: i64,
    name: &str,
) -> Result<SubgroupView> {
    require(actor, Permission::ReferenceWrite)?;
    store::groups::get(&app.db, actor.org_id, group_id)
        .await?
        .ok_or(Error::NotFound("группа"))?;
    let mut v = Validation::new();
    let name = v.text("name", name, 50);
    v.finish().map_err(Error::Invalid)?;
    let txn = store::begin_write(&app.db).await?;
    let s = store::groups::insert_subgroup(&txn, actor.org_id, group_id, &name)
        .await
        .map_err(|e| unique_as_field(e, "name", "Такая подгруппа уже есть."))?;
    audit(
        &txn,
        actor,
        "create",
        "subgroup",
        s.id,
        serde_json::json!({ "group_id": group_id, "name": name }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(SubgroupView {
        id: s.id,
        name: s.name,
    })
}

/// Every group's id and name, for choosing one in a form.
pub async fn names(app: &App, actor: &Actor) -> Result<Vec<(i64, String)>> {
    require(actor, Permission::ReferenceRead)?;
    Ok(store::groups::all(&app.db, actor.org_id)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect())
}
