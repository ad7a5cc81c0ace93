//! Bell schedules (режимы пребывания, seed 3.2) and which group follows which.

use domain::bells::check_pairs;
use domain::{Actor, Permission, Validation};
use serde::{Deserialize, Serialize};

use crate::error::{unique_as_field, Error, Result};
use crate::{audit, require, App};

#[derive(Debug, Serialize)]
pub struct BellsView {
    pub year: i32,
    pub title: String,
    pub schedules: Vec<ScheduleView>,
    /// Every group with the schedule it follows this year, if any.
    pub groups: Vec<GroupBells>,
    pub unassigned: usize,
    pub can_edit: bool,
}

#[derive(Debug, Serialize)]
pub struct ScheduleView {
    pub id: i64,
    pub name: String,
    pub pairs: Vec<(i32, String, String)>,
    pub groups: usize,
}

#[derive(Debug, Serialize)]
pub struct GroupBells {
    pub id: i64,
    pub name: String,
    pub schedule: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ScheduleInput {
    #[serde(default)]
    pub name: String,
    /// One pair a line: «1 08:30 10:00» (a dash between the times also works).
    #[serde(default)]
    pub pairs: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AssignInput {
    #[serde(default)]
    pub schedule_id: String,
    /// A group's id, or «all» for every group without a schedule.
    #[serde(default)]
    pub group_id: String,
}

pub async fn list(app: &App, actor: &Actor, year: i32) -> Result<BellsView> {
    require(actor, Permission::ReferenceRead)?;
    let db = &app.db;
    let schedules = store::bells::all(db, actor.org_id).await?;
    let pairs = store::bells::pairs(db, actor.org_id).await?;
    let assignments = store::bells::assignments(db, actor.org_id, year).await?;
    let groups = store::groups::all(db, actor.org_id).await?;
    let schedule_name = |id: i64| {
        schedules
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.name.clone())
    };
    let groups: Vec<GroupBells> = groups
        .into_iter()
        .map(|g| GroupBells {
            schedule: assignments
                .iter()
                .find(|a| a.group_id == Some(g.id))
                .and_then(|a| schedule_name(a.schedule_id)),
            id: g.id,
            name: g.name,
        })
        .collect();
    Ok(BellsView {
        year,
        title: domain::calendar::year_title(year),
        unassigned: groups.iter().filter(|g| g.schedule.is_none()).count(),
        schedules: schedules
            .iter()
            .map(|s| ScheduleView {
                id: s.id,
                name: s.name.clone(),
                pairs: pairs
                    .iter()
                    .filter(|p| p.schedule_id == s.id)
                    .map(|p| (p.pair_no, p.starts_at.clone(), p.ends_at.clone()))
                    .collect(),
                groups: assignments.iter().filter(|a| a.schedule_id == s.id).count(),
            })
            .collect(),
        groups,
        can_edit: actor.can(Permission::ScheduleWrite),
    })
}

/// Reads «1 08:30 10:00» or «1 08:30-10:00» lines.
fn parse_lines(text: &str) -> Result<Vec<(i32, String, String)>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let parts: Vec<&str> = line
            .split(|c: char| c.is_whitespace() || c == '-' || c == '–' || c == '—')
            .filter(|p| !p.is_empty())
            .collect();
        let [no, start, end] = parts.as_slice() else {
            return Err(format!(
                "Строка {}: ожидается «номер начало конец», например «1 08:30 10:00».",
                i + 1
            ));
        };
        let no: i32 = no
            .trim_end_matches('.')
            .parse()
            .ok()
            .filter(|n| (1..=12).contains(n))
            .ok_or_else(|| format!("Строка {}: номер пары — число от 1 до 12.", i + 1))?;
        out.push((no, start.to_string(), end.to_string()));
    }
    check_pairs(&out)
}

pub async fn create(app: &App, actor: &Actor, input: ScheduleInput) -> Result<i64> {
    require(actor, Permission::ScheduleWrite)?;
    let mut v = Validation::new();
    let name = v.text("name", &input.name, 200);
    let pairs = match parse_lines(&input.pairs) {
        Ok(p) => p,
        Err(message) => {
            v.add("pairs", message);
            Vec::new()
        }
    };
    v.finish().map_err(Error::Invalid)?;
    let txn = store::begin_write(&app.db).await?;
    let s = store::bells::insert(&txn, actor.org_id, &name, &pairs)
        .await
        .map_err(|e| {
            unique_as_field(e, "name", "Расписание звонков с таким названием уже есть.")
        })?;
    audit(
        &txn,
        actor,
        "create",
        "bell_schedule",
        s.id,
        serde_json::json!({ "name": name, "pairs": pairs.len() }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(s.id)
}

pub async fn assign(app: &App, actor: &Actor, year: i32, input: AssignInput) -> Result<usize> {
    require(actor, Permission::ScheduleWrite)?;
    let schedule_id: i64 = input
        .schedule_id
        .trim()
        .parse()
        .map_err(|_| Error::field("schedule_id", "Выберите расписание звонков."))?;
    let txn = store::begin_write(&app.db).await?;
    if !store::bells::all(&txn, actor.org_id)
        .await?
        .iter()
        .any(|s| s.id == schedule_id)
    {
        return Err(Error::field(
            "schedule_id",
            "Такого расписания звонков нет.",
        ));
    }
    let groups: Vec<i64> = if input.group_id.trim() == "all" {
        let assigned: Vec<i64> = store::bells::assignments(&txn, actor.org_id, year)
            .await?
            .iter()
            .filter_map(|a| a.group_id)
            .collect();
        store::groups::all(&txn, actor.org_id)
            .await?
            .into_iter()
            .map(|g| g.id)
            .filter(|g| !assigned.contains(g))
            .collect()
    } else {
        let id: i64 = input
            .group_id
            .trim()
            .parse()
            .map_err(|_| Error::field("group_id", "Выберите группу."))?;
        store::groups::get(&txn, actor.org_id, id)
            .await?
            .ok_or_else(|| Error::field("group_id", "Такой группы нет."))?;
        vec![id]
    };
    for g in &groups {
        store::bells::assign_group(&txn, actor.org_id, year, schedule_id, *g).await?;
    }
    audit(
        &txn,
        actor,
        "assign",
        "bell_schedule",
        schedule_id,
        serde_json::json!({ "year": year, "groups": groups }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(groups.len())
}

#[cfg(test)]
mod tests {
    use super::parse_lines;

    #[test]
    fn reads_pairs_as_typed() {
        let p = parse_lines("1 8:30 10:00\n2. 10:10-11:40\n\n").unwrap();
        assert_eq!(p[1], (2, "10:10".into(), "11:40".into()));
        assert!(parse_lines("1 08:30").unwrap_err().starts_with("Строка 1"));
        assert!(parse_lines("x 08:30 10:00")
            .unwrap_err()
            .contains("номер пары"));
    }
}
