//! Staff and their roles (seed 3.1: who appoints whom).

use std::collections::HashMap;

use domain::names::{search_pattern, FullName};
use domain::paging::{Page, PageRequest};
use domain::{Actor, Grant, Permission, Role, Scope, Validation};
use serde::{Deserialize, Serialize};

use crate::accounts::{insert_person_with_account, prepare};
use crate::error::{unique_as_field, Error, Result};
use crate::students::Created;
use crate::{audit, require, App};

#[derive(Debug, Serialize)]
pub struct StaffRow {
    pub person_id: i64,
    pub full_name: String,
    pub position: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub login: Option<String>,
    pub grants: Vec<GrantView>,
}

#[derive(Debug, Serialize)]
pub struct GrantView {
    pub id: i64,
    pub role: Role,
    pub title: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct StaffInput {
    #[serde(default)]
    pub surname: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub patronymic: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub birth_date: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub login: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct GrantInput {
    #[serde(default)]
    pub role: String,
    /// For a curator: the group.
    #[serde(default)]
    pub group_id: String,
}

pub async fn page(
    app: &App,
    actor: &Actor,
    query: &str,
    req: PageRequest,
) -> Result<Page<StaffRow>> {
    require(actor, Permission::ReferenceRead)?;
    let pattern = search_pattern(query);
    let page = store::staff::page(&app.db, actor.org_id, pattern.as_deref(), req).await?;
    let ids: Vec<i64> = page.items.iter().map(|p| p.id).collect();
    let rows = staff_rows(app, actor.org_id, &ids).await?;
    let mut by_id: HashMap<i64, StaffRow> = rows.into_iter().map(|r| (r.person_id, r)).collect();
    let items = ids.iter().filter_map(|id| by_id.remove(id)).collect();
    Ok(Page {
        items,
        page: page.page,
        per_page: page.per_page,
        total: page.total,
    })
}

pub async fn get(app: &App, actor: &Actor, person_id: i64) -> Result<StaffRow> {
    require(actor, Permission::ReferenceRead)?;
    staff_rows(app, actor.org_id, &[person_id])
        .await?
        .pop()
        .ok_or(Error::NotFound("сотрудник"))
}

/// Staff rows with positions, logins and grants: five queries for the whole page.
async fn staff_rows(app: &App, org_id: i64, person_ids: &[i64]) -> Result<Vec<StaffRow>> {
    let positions = store::staff::positions(&app.db, org_id, person_ids).await?;
    let staff_ids: Vec<i64> = positions.iter().map(|s| s.person_id).collect();
    let people = store::people::by_ids(&app.db, &staff_ids).await?;
    let accounts = store::accounts::by_person_ids(&app.db, &staff_ids).await?;
    let account_ids: Vec<i64> = accounts.iter().map(|a| a.id).collect();
    let grants = store::grants::for_accounts_in_org(&app.db, org_id, &account_ids).await?;
    let group_ids: Vec<i64> = grants
        .iter()
        .filter(|g| g.scope_kind == "group")
        .map(|g| g.scope_id)
        .collect();
    let group_names: HashMap<i64, String> = store::groups::by_ids(&app.db, org_id, &group_ids)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    Ok(people
        .into_iter()
        .map(|p| {
            let account = accounts.iter().find(|a| a.person_id == p.id);
            let grants = account
                .map(|a| {
                    grants
                        .iter()
                        .filter(|g| g.account_id == a.id)
                        .filter_map(|row| {
                            let g = store::grants::to_domain(row)?;
                            let title = match g.scope {
                                Scope::Group(id) => format!(
                                    "{} {}",
                                    g.role.title(),
                                    group_names.get(&id).map(String::as_str).unwrap_or("")
                                ),
                                _ => g.role.title().to_string(),
                            };
                            Some(GrantView {
                                id: row.id,
                                role: g.role,
                                title,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            StaffRow {
                full_name: store::people::full_name(&p).full(),
                position: positions
                    .iter()
                    .find(|s| s.person_id == p.id)
                    .map(|s| s.position.clone())
                    .unwrap_or_default(),
                login: account.map(|a| a.login.clone()),
                person_id: p.id,
                email: p.email,
                phone: p.phone,
                grants,
            }
        })
        .collect())
}

pub async fn create(app: &App, actor: &Actor, input: StaffInput) -> Result<Created> {
    require(actor, Permission::ReferenceWrite)?;
    let mut v = Validation::new();
    let name = FullName::validate(&mut v, &input.surname, &input.name, &input.patronymic);
    let position = v.text("position", &input.position, 200);
    let person = store::people::NewPerson {
        birth_date: v.date("birth_date", &input.birth_date),
        email: v.email("email", &input.email),
        phone: v.phone("phone", &input.phone),
        ..store::people::NewPerson::from_name(name)
    };
    let pending = prepare(&mut v, &input.login).await?;
    v.finish().map_err(Error::Invalid)?;
    let pending = pending.ok_or(Error::field("login", "Заполните это поле."))?;
    let txn = store::begin_write(&app.db).await?;
    let (p, _) =
        insert_person_with_account(&txn, actor.org_id, person, &pending, app.now()).await?;
    store::staff::insert(&txn, actor.org_id, p.id, &position).await?;
    audit(
        &txn,
        actor,
        "create",
        "staff",
        p.id,
        serde_json::json!({ "position": position }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(Created {
        person_id: p.id,
        full_name: store::people::full_name(&p).full(),
        login: pending.login,
        temporary_password: pending.password,
    })
}

/// Roles the actor may give, for the grant form.
pub fn grantable_roles(actor: &Actor) -> Vec<Role> {
    Role::ALL
        .into_iter()
        .filter(|r| actor.can(Permission::GrantRole(*r)))
        .collect()
}

pub async fn grant(
    app: &App,
    actor: &Actor,
    person_id: i64,
    input: GrantInput,
) -> Result<GrantView> {
    let role = Role::from_code(input.role.trim()).ok_or(Error::field("role", "Выберите роль."))?;
    require(actor, Permission::GrantRole(role))?;
    store::staff::get(&app.db, actor.org_id, person_id)
        .await?
        .ok_or(Error::NotFound("сотрудник"))?;
    let account = store::accounts::by_person_ids(&app.db, &[person_id])
        .await?
        .pop()
        .ok_or(Error::field("role", "У сотрудника нет учётной записи."))?;
    let scope = if role == Role::Curator {
        let group = match input.group_id.trim().parse::<i64>() {
            Ok(id) => store::groups::get(&app.db, actor.org_id, id).await?,
            Err(_) => None,
        }
        .ok_or(Error::field("group_id", "Выберите группу куратора."))?;
        Scope::Group(group.id)
    } else {
        Scope::College
    };
    let txn = store::begin_write(&app.db).await?;
    if let Scope::Group(group_id) = scope {
        // One curator per group: the grant and the group's curator move together.
        store::grants::delete_scoped(&txn, actor.org_id, Role::Curator, scope).await?;
        store::groups::set_curator(&txn, actor.org_id, group_id, Some(person_id)).await?;
    }
    let row = store::grants::insert(
        &txn,
        account.id,
        Grant {
            org_id: actor.org_id,
            role,
            scope,
        },
        Some(actor.account_id),
        app.now(),
    )
    .await
    .map_err(|e| unique_as_field(e, "role", "Эта роль уже назначена."))?;
    audit(
        &txn,
        actor,
        "grant",
        "role_grant",
        row.id,
        serde_json::json!({ "person_id": person_id, "role": role.code(), "scope_id": scope.id() }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    app.sessions.forget_all();
    Ok(GrantView {
        id: row.id,
        role,
        title: role.title().to_string(),
    })
}

pub async fn revoke(app: &App, actor: &Actor, grant_id: i64) -> Result<()> {
    let row = store::grants::get(&app.db, actor.org_id, grant_id)
        .await?
        .ok_or(Error::NotFound("роль"))?;
    let g = store::grants::to_domain(&row).ok_or(Error::NotFound("роль"))?;
    require(actor, Permission::GrantRole(g.role))?;
    if row.account_id == actor.account_id && matches!(g.role, Role::Director | Role::Admin) {
        return Err(Error::field(
            "role",
            "Нельзя снять с себя роль директора или администратора.",
        ));
    }
    let txn = store::begin_write(&app.db).await?;
    store::grants::delete(&txn, actor.org_id, grant_id).await?;
    if let Scope::Group(group_id) = g.scope {
        store::groups::set_curator(&txn, actor.org_id, group_id, None).await?;
    }
    audit(
        &txn,
        actor,
        "revoke",
        "role_grant",
        grant_id,
        serde_json::json!({ "role": row.role, "account_id": row.account_id }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    app.sessions.forget_all();
    Ok(())
}
