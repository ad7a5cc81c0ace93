//! Unlocking late entry (seed 3.2): a deputy or administrator lets a teacher
//! change a group's marks for a range of dates; the unlock itself is recorded.

use domain::{Actor, Permission, Role, Validation};
use serde::{Deserialize, Serialize};

use super::date_ru;
use crate::error::{Error, Result};
use crate::{require, App};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct UnlockInput {
    #[serde(default)]
    pub teacher_id: String,
    #[serde(default)]
    pub group_id: String,
    /// Empty: every subject of the group.
    #[serde(default)]
    pub subject_id: String,
    #[serde(default)]
    pub date_from: String,
    #[serde(default)]
    pub date_to: String,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct UnlockRow {
    pub teacher: String,
    pub group: String,
    pub subject: String,
    pub dates: String,
    pub reason: String,
    pub granted: String,
}

pub struct UnlockOptions {
    pub teachers: Vec<(i64, String)>,
    pub groups: Vec<(i64, String)>,
    pub subjects: Vec<(i64, String)>,
    pub recent: Vec<UnlockRow>,
}

pub async fn unlock_options(app: &App, actor: &Actor) -> Result<UnlockOptions> {
    require(actor, Permission::GrantUnlock)?;
    let staff = store::staff::all_people(&app.db, actor.org_id).await?;
    let groups = store::groups::all(&app.db, actor.org_id).await?;
    let lessons_subjects: Vec<i64> = store::lessons::journals_of_groups(
        &app.db,
        actor.org_id,
        &groups.iter().map(|g| g.id).collect::<Vec<_>>(),
    )
    .await?
    .into_iter()
    .map(|p| p.subject_id)
    .collect();
    let subjects = store::subjects::by_ids(&app.db, actor.org_id, &lessons_subjects).await?;
    let recent_rows = store::journal::unlocks_of_org(&app.db, actor.org_id, 20).await?;
    let name_of = |id: i64| {
        staff
            .iter()
            .find(|p| p.id == id)
            .map(|p| store::people::full_name(p).short())
            .unwrap_or_default()
    };
    let recent = recent_rows
        .iter()
        .map(|u| UnlockRow {
            teacher: name_of(u.teacher_person_id),
            group: groups
                .iter()
                .find(|g| g.id == u.group_id)
                .map(|g| g.name.clone())
                .unwrap_or_default(),
            subject: u
                .subject_id
                .and_then(|s| subjects.iter().find(|x| x.id == s))
                .map(|s| s.name.clone())
                .unwrap_or_else(|| "все предметы".into()),
            dates: format!("{} — {}", date_ru(u.date_from), date_ru(u.date_to)),
            reason: u.reason.clone(),
            granted: u
                .created_at
                .with_timezone(&chrono::Local)
                .format("%d.%m.%Y %H:%M")
                .to_string(),
        })
        .collect();
    Ok(UnlockOptions {
        teachers: staff
            .iter()
            .map(|p| (p.id, store::people::full_name(p).full()))
            .collect(),
        groups: groups.into_iter().map(|g| (g.id, g.name)).collect(),
        subjects: subjects.into_iter().map(|s| (s.id, s.name)).collect(),
        recent,
    })
}

pub async fn grant_unlock(app: &App, actor: &Actor, input: UnlockInput) -> Result<()> {
    require(actor, Permission::GrantUnlock)?;
    let mut v = Validation::new();
    let teacher = input.teacher_id.trim().parse::<i64>().ok();
    let teacher_ok = match teacher {
        Some(t) => {
            let account = store::accounts::by_person_ids(&app.db, &[t]).await?.pop();
            match account {
                Some(a) => store::grants::for_account(&app.db, a.id)
                    .await?
                    .iter()
                    .filter_map(store::grants::to_domain)
                    .any(|g| g.org_id == actor.org_id && g.role == Role::Teacher),
                None => false,
            }
        }
        None => false,
    };
    if !teacher_ok {
        v.add("teacher_id", "Выберите преподавателя колледжа.");
    }
    let group = match input.group_id.trim().parse::<i64>() {
        Ok(id) => store::groups::get(&app.db, actor.org_id, id).await?,
        Err(_) => None,
    };
    if group.is_none() {
        v.add("group_id", "Выберите группу.");
    }
    let subject = match input.subject_id.trim() {
        "" => None,
        raw => {
            let found = match raw.parse::<i64>() {
                Ok(id) => store::subjects::get(&app.db, actor.org_id, id).await?,
                Err(_) => None,
            };
            if found.is_none() {
                v.add(
                    "subject_id",
                    "Выберите предмет или оставьте «все предметы».",
                );
            }
            found
        }
    };
    let from = v.date("date_from", &input.date_from);
    let to = v.date("date_to", &input.date_to);
    if input.date_from.trim().is_empty() {
        v.add("date_from", "Укажите первый день.");
    }
    if input.date_to.trim().is_empty() {
        v.add("date_to", "Укажите последний день.");
    }
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            v.add("date_to", "Последний день не может быть раньше первого.");
        }
    }
    let reason = v.text("reason", &input.reason, 500);
    v.finish().map_err(Error::Invalid)?;
    let (Some(teacher), Some(group), Some(from), Some(to)) = (teacher, group, from, to) else {
        return Err(Error::field("form", "Заполните форму."));
    };
    let txn = store::begin_write(&app.db).await?;
    let u = store::journal::insert_unlock(
        &txn,
        actor.org_id,
        store::journal::NewUnlock {
            teacher_person_id: teacher,
            group_id: group.id,
            subject_id: subject.as_ref().map(|s| s.id),
            date_from: from,
            date_to: to,
            reason: &reason,
            granted_by: actor.account_id,
        },
        app.now(),
    )
    .await?;
    crate::audit(
        &txn,
        actor,
        "unlock",
        "journal_unlock",
        u.id,
        serde_json::json!({ "teacher": teacher, "group": group.id, "subject": subject.map(|s| s.id), "from": from, "to": to }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
