//! Who has not put attestation marks yet (seed 3.4: on the last day of the
//! year teachers put attestation marks and debts).

use std::collections::{BTreeMap, HashMap};

use domain::{Actor, Permission};
use serde::Serialize;

use super::items;
use crate::error::Result;
use crate::{require, App};

#[derive(Debug, Serialize)]
pub struct MissingRow {
    pub group_id: i64,
    pub group: String,
    pub subject_id: i64,
    pub subject: String,
    pub control_form: &'static str,
    pub teachers: String,
    pub entered: i64,
    pub students: i64,
    /// Attestation period's end, «27.12.2026», or empty when not set.
    pub period_ends: String,
}

/// Every group's subject with a control form in the semester whose sheet is
/// not full, with its teachers by the load.
pub async fn missing(
    app: &App,
    actor: &Actor,
    year: i32,
    semester: i32,
) -> Result<Vec<MissingRow>> {
    require(actor, Permission::ReferenceRead)?;
    let org = actor.org_id;
    let mut teachers_of: BTreeMap<(i64, i64), Vec<i64>> = BTreeMap::new();
    for l in store::load::of_year(&app.db, org, year, None).await? {
        if l.semester == semester {
            let t = teachers_of.entry((l.group_id, l.subject_id)).or_default();
            if !t.contains(&l.teacher_person_id) {
                t.push(l.teacher_person_id);
            }
        }
    }
    let group_ids: Vec<i64> = teachers_of
        .keys()
        .map(|k| k.0)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let groups: HashMap<i64, String> = store::groups::by_ids(&app.db, org, &group_ids)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    let sizes = store::groups::student_counts(&app.db, &group_ids).await?;
    let mut entered: HashMap<(i64, i64), i64> = HashMap::new();
    for m in
        store::attestation::marks_of_groups(&app.db, org, &group_ids, year, Some(semester)).await?
    {
        *entered.entry((m.group_id, m.subject_id)).or_default() += 1;
    }
    let people: Vec<i64> = teachers_of.values().flatten().copied().collect();
    let names: HashMap<i64, String> = store::people::by_ids(&app.db, &people)
        .await?
        .iter()
        .map(|p| (p.id, store::people::full_name(p).short()))
        .collect();
    let mut rows = Vec::new();
    for &g in &group_ids {
        // One curriculum read a group: a few queries each, bounded by the college's groups.
        for item in items(&app.db, org, g, year, semester).await? {
            let Some(teachers) = teachers_of.get(&(g, item.subject_id)) else {
                continue;
            };
            let students = sizes.get(&g).copied().unwrap_or(0);
            let done = entered.get(&(g, item.subject_id)).copied().unwrap_or(0);
            if done >= students {
                continue;
            }
            rows.push(MissingRow {
                group_id: g,
                group: groups.get(&g).cloned().unwrap_or_default(),
                subject_id: item.subject_id,
                subject: item.subject.clone(),
                control_form: item.control_form_title,
                teachers: teachers
                    .iter()
                    .filter_map(|t| names.get(t).cloned())
                    .collect::<Vec<_>>()
                    .join(", "),
                entered: done,
                students,
                period_ends: item
                    .period
                    .as_ref()
                    .map(|p| crate::journal::date_ru(p.ends_on))
                    .unwrap_or_default(),
            });
        }
    }
    rows.sort_by(|a, b| a.group.cmp(&b.group).then(a.subject.cmp(&b.subject)));
    Ok(rows)
}
