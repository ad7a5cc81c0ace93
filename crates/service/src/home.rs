//! What each role sees first after logging in.

use domain::{Actor, Permission, Role};
use serde::Serialize;

use crate::auth::Session;
use crate::error::{Error, Result};
use crate::groups::GroupRow;
use crate::App;

#[derive(Debug, Serialize)]
pub struct Home {
    pub full_name: String,
    pub org_id: i64,
    pub org_name: String,
    pub roles: Vec<Role>,
    /// Other colleges where the user holds a role, to switch to.
    pub other_orgs: Vec<(i64, String)>,
    /// For those who see the whole college.
    pub college: Option<store::orgs::Counts>,
    pub can_edit_reference: bool,
    /// Groups the user curates.
    pub curated: Vec<GroupRow>,
    /// A student's own group.
    pub own_group: Option<GroupRow>,
    /// A parent's or a delegate's children.
    pub children: Vec<Child>,
    /// A region operator's colleges.
    pub region_colleges: Vec<RegionCollege>,
    /// A staff member's position.
    pub position: Option<String>,
    /// Journals the user teaches.
    pub journals: Vec<crate::journal::JournalRef>,
    /// Unread notifications, newest first.
    pub notifications: Vec<crate::notifications::NotificationView>,
}

#[derive(Debug, Serialize)]
pub struct Child {
    pub person_id: i64,
    pub full_name: String,
    pub delegated: bool,
    pub group: Option<GroupRow>,
}

#[derive(Debug, Serialize)]
pub struct RegionCollege {
    pub id: i64,
    pub name: String,
    pub counts: store::orgs::Counts,
}

pub async fn home(app: &App, session: &Session) -> Result<Home> {
    let actor = &session.actor;
    let person = store::people::get_any(&app.db, actor.person_id)
        .await?
        .ok_or(Error::Unauthenticated)?;
    let orgs = store::orgs::by_ids(&app.db, &session.org_ids).await?;
    let org_name = orgs
        .iter()
        .find(|o| o.id == actor.org_id)
        .map(|o| o.name.clone())
        .unwrap_or_default();
    let college = if actor.can(Permission::ReferenceRead) {
        Some(store::orgs::counts(&app.db, actor.org_id).await?)
    } else {
        None
    };
    let curated = crate::groups::briefs(app, actor.org_id, &actor.curated_groups()).await?;
    let own_group = if actor.has_role(Role::Student) {
        group_of(app, actor, actor.person_id).await?
    } else {
        None
    };
    let mut children = Vec::new();
    for (ids, delegated) in [(&actor.children, false), (&actor.delegated_children, true)] {
        let people = store::people::by_ids(&app.db, ids).await?;
        for p in people {
            children.push(Child {
                group: group_of(app, actor, p.id).await?,
                full_name: store::people::full_name(&p).full(),
                person_id: p.id,
                delegated,
            });
        }
    }
    let region_colleges = region_colleges(app, actor).await?;
    let position = store::staff::get(&app.db, actor.org_id, actor.person_id)
        .await?
        .map(|s| s.position);
    let journals = if actor.has_role(Role::Teacher) {
        crate::journal::journals(app, actor)
            .await?
            .into_iter()
            .filter(|j| j.own)
            .collect()
    } else {
        Vec::new()
    };
    let notifications = crate::notifications::mine(app, actor)
        .await?
        .into_iter()
        .filter(|n| n.unread)
        .take(5)
        .collect();
    Ok(Home {
        journals,
        notifications,
        full_name: store::people::full_name(&person).full(),
        org_id: actor.org_id,
        org_name,
        roles: actor.roles(),
        other_orgs: orgs
            .into_iter()
            .filter(|o| o.id != actor.org_id)
            .map(|o| (o.id, o.name))
            .collect(),
        college,
        can_edit_reference: actor.can(Permission::ReferenceWrite),
        curated,
        own_group,
        children,
        region_colleges,
        position,
    })
}

/// The group of a student; a family has one to three children, so a query each is fine.
async fn group_of(app: &App, actor: &Actor, person_id: i64) -> Result<Option<GroupRow>> {
    let ids: Vec<i64> = store::groups::memberships(&app.db, actor.org_id, &[person_id])
        .await?
        .into_iter()
        .map(|m| m.group_id)
        .collect();
    Ok(crate::groups::briefs(app, actor.org_id, &ids).await?.pop())
}

async fn region_colleges(app: &App, actor: &Actor) -> Result<Vec<RegionCollege>> {
    if !actor.can(Permission::RegionMonitor {
        region_id: actor.org_id,
    }) {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for c in store::orgs::children(&app.db, actor.org_id).await? {
        out.push(RegionCollege {
            counts: store::orgs::counts(&app.db, c.id).await?,
            id: c.id,
            name: c.name,
        });
    }
    Ok(out)
}
