//! Students (the contingent) and their parents (seed 3.1: «обучающиеся и
//! родители»: surname, name, patronymic, e-mail, phone).

use std::collections::HashMap;

use domain::names::{search_pattern, FullName};
use domain::paging::{Page, PageRequest};
use domain::{Actor, Grant, Permission, Role, Scope, Validation};
use serde::{Deserialize, Serialize};

use crate::accounts::{insert_person_with_account, prepare};
use crate::error::{Error, Result};
use crate::{audit, require, App};

#[derive(Debug, Serialize)]
pub struct StudentRow {
    pub person_id: i64,
    pub full_name: String,
    pub group_id: Option<i64>,
    pub group: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct StudentCard {
    pub person_id: i64,
    pub full_name: String,
    pub birth_date: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub login: Option<String>,
    pub group_id: Option<i64>,
    pub group: Option<String>,
    pub parents: Vec<ParentView>,
}

#[derive(Debug, Serialize)]
pub struct ParentView {
    pub person_id: i64,
    pub full_name: String,
    pub relation: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub login: Option<String>,
}

/// A person with a new account; the temporary password is shown once.
#[derive(Debug, Serialize)]
pub struct Created {
    pub person_id: i64,
    pub full_name: String,
    pub login: String,
    pub temporary_password: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct PersonInput {
    #[serde(default)]
    pub surname: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub patronymic: String,
    #[serde(default)]
    pub birth_date: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub login: String,
    /// For a student: the subgroup id, or empty. For a parent: «мать», «отец», ...
    #[serde(default)]
    pub subgroup_id: String,
    #[serde(default)]
    pub relation: String,
}

pub async fn page(
    app: &App,
    actor: &Actor,
    query: &str,
    req: PageRequest,
) -> Result<Page<StudentRow>> {
    require(actor, Permission::ReferenceRead)?;
    let pattern = search_pattern(query);
    let page = store::groups::students_page(&app.db, actor.org_id, pattern.as_deref(), req).await?;
    let ids: Vec<i64> = page.items.iter().map(|p| p.id).collect();
    let memberships = store::groups::memberships(&app.db, actor.org_id, &ids).await?;
    let group_ids: Vec<i64> = memberships.iter().map(|m| m.group_id).collect();
    let groups: HashMap<i64, String> = store::groups::by_ids(&app.db, actor.org_id, &group_ids)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    let group_of: HashMap<i64, i64> = memberships
        .iter()
        .map(|m| (m.person_id, m.group_id))
        .collect();
    Ok(page.map(|p| {
        let group_id = group_of.get(&p.id).copied();
        StudentRow {
            person_id: p.id,
            full_name: store::people::full_name(&p).full(),
            group: group_id.and_then(|g| groups.get(&g).cloned()),
            group_id,
        }
    }))
}

pub async fn card(app: &App, actor: &Actor, person_id: i64) -> Result<StudentCard> {
    let membership = store::groups::memberships(&app.db, actor.org_id, &[person_id])
        .await?
        .pop();
    require(
        actor,
        Permission::StudentRead {
            person_id,
            group_id: membership.as_ref().map(|m| m.group_id),
        },
    )?;
    let membership = membership.ok_or(Error::NotFound("обучающийся"))?;
    let person = store::people::get(&app.db, actor.org_id, person_id)
        .await?
        .ok_or(Error::NotFound("обучающийся"))?;
    crate::read_log::record(
        app,
        actor,
        Some(person_id),
        Some(membership.group_id),
        domain::read_log::ReadKind::StudentCard,
        "",
    );
    let group = store::groups::get(&app.db, actor.org_id, membership.group_id).await?;
    let contacts = actor.can(Permission::ContactsRead {
        group_id: membership.group_id,
    });
    let own = contacts || (actor.has_role(domain::Role::Student) && actor.person_id == person_id);
    let shown = |allowed: bool, v: Option<String>| v.filter(|_| allowed);
    let links = store::parents::of_children(&app.db, actor.org_id, &[person_id]).await?;
    let parent_ids: Vec<i64> = links.iter().map(|l| l.parent_person_id).collect();
    let mut people_ids = parent_ids.clone();
    people_ids.push(person_id);
    let logins: HashMap<i64, String> = store::accounts::by_person_ids(&app.db, &people_ids)
        .await?
        .into_iter()
        .map(|a| (a.person_id, a.login))
        .collect();
    let parents = store::people::by_ids(&app.db, &parent_ids)
        .await?
        .into_iter()
        .map(|p| ParentView {
            relation: links
                .iter()
                .find(|l| l.parent_person_id == p.id)
                .map(|l| l.relation.clone())
                .unwrap_or_default(),
            full_name: store::people::full_name(&p).full(),
            login: shown(contacts, logins.get(&p.id).cloned()),
            person_id: p.id,
            phone: shown(contacts, p.phone),
            email: shown(contacts, p.email),
        })
        .collect();
    Ok(StudentCard {
        person_id,
        full_name: store::people::full_name(&person).full(),
        birth_date: person.birth_date.map(|d| d.format("%d.%m.%Y").to_string()),
        login: shown(own, logins.get(&person_id).cloned()),
        email: shown(own, person.email),
        phone: shown(own, person.phone),
        group_id: group.as_ref().map(|g| g.id),
        group: group.map(|g| g.name),
        parents,
    })
}

fn validate_person(v: &mut Validation, input: &PersonInput) -> store::people::NewPerson {
    let name = FullName::validate(v, &input.surname, &input.name, &input.patronymic);
    store::people::NewPerson {
        birth_date: v.date("birth_date", &input.birth_date),
        email: v.email("email", &input.email),
        phone: v.phone("phone", &input.phone),
        ..store::people::NewPerson::from_name(name)
    }
}

/// Enrols a new student in a group, with an account.
pub async fn add_to_group(
    app: &App,
    actor: &Actor,
    group_id: i64,
    input: PersonInput,
) -> Result<Created> {
    require(actor, Permission::ReferenceWrite)?;
    store::groups::get(&app.db, actor.org_id, group_id)
        .await?
        .ok_or(Error::NotFound("группа"))?;
    let subgroups = store::groups::subgroups(&app.db, actor.org_id, group_id).await?;
    let mut v = Validation::new();
    let person = validate_person(&mut v, &input);
    let subgroup_id = match input.subgroup_id.trim() {
        "" => None,
        raw => {
            let found = raw
                .parse::<i64>()
                .ok()
                .filter(|id| subgroups.iter().any(|s| s.id == *id));
            if found.is_none() {
                v.add("subgroup_id", "Выберите подгруппу этой группы.");
            }
            found
        }
    };
    let pending = prepare(&mut v, &input.login).await?;
    v.finish().map_err(Error::Invalid)?;
    let pending = pending.ok_or(Error::field("login", "Заполните это поле."))?;
    let txn = store::begin_write(&app.db).await?;
    let (p, a) =
        insert_person_with_account(&txn, actor.org_id, person, &pending, app.now()).await?;
    store::groups::add_student(&txn, actor.org_id, group_id, p.id, subgroup_id).await?;
    store::grants::insert(
        &txn,
        a.id,
        Grant {
            org_id: actor.org_id,
            role: Role::Student,
            scope: Scope::College,
        },
        Some(actor.account_id),
        app.now(),
    )
    .await?;
    audit(
        &txn,
        actor,
        "create",
        "student",
        p.id,
        serde_json::json!({ "group_id": group_id }),
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

pub const RELATIONS: [&str; 5] = [
    "мать",
    "отец",
    "опекун",
    "попечитель",
    "другой законный представитель",
];

/// Adds a parent (a new person with an account) to a student.
pub async fn add_parent(
    app: &App,
    actor: &Actor,
    child_id: i64,
    input: PersonInput,
) -> Result<Created> {
    require(actor, Permission::ReferenceWrite)?;
    store::groups::memberships(&app.db, actor.org_id, &[child_id])
        .await?
        .pop()
        .ok_or(Error::NotFound("обучающийся"))?;
    let mut v = Validation::new();
    let person = validate_person(&mut v, &input);
    let relation = input.relation.trim().to_string();
    if !RELATIONS.contains(&relation.as_str()) {
        v.add(
            "relation",
            "Выберите, кем родитель приходится обучающемуся.",
        );
    }
    if person.phone.is_none() && person.email.is_none() {
        v.add(
            "phone",
            "Укажите телефон или электронную почту: по ним родитель получает уведомления.",
        );
    }
    let pending = prepare(&mut v, &input.login).await?;
    v.finish().map_err(Error::Invalid)?;
    let pending = pending.ok_or(Error::field("login", "Заполните это поле."))?;
    let txn = store::begin_write(&app.db).await?;
    let (p, a) =
        insert_person_with_account(&txn, actor.org_id, person, &pending, app.now()).await?;
    store::parents::link(&txn, actor.org_id, p.id, child_id, &relation).await?;
    store::grants::insert(
        &txn,
        a.id,
        Grant {
            org_id: actor.org_id,
            role: Role::Parent,
            scope: Scope::College,
        },
        Some(actor.account_id),
        app.now(),
    )
    .await?;
    audit(
        &txn,
        actor,
        "create",
        "parent",
        p.id,
        serde_json::json!({ "child_id": child_id, "relation": relation }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    app.sessions.forget_all();
    Ok(Created {
        person_id: p.id,
        full_name: store::people::full_name(&p).full(),
        login: pending.login,
        temporary_password: pending.password,
    })
}
