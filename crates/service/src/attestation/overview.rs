//! Where attestation is seen from: a teacher's own sheets, the college's
//! groups, and a student's diary (seed 3.2: графики промежуточной аттестации
//! shown to students and parents).

use std::collections::{BTreeSet, HashMap};

use domain::attestation::AttestationMark;
use domain::{Actor, Permission, Role};
use serde::Serialize;

use super::{items, Period};
use crate::error::Result;
use crate::{require, App};

#[derive(Debug, Serialize)]
pub struct SheetLink {
    pub group_id: i64,
    pub group: String,
    pub subject_id: i64,
    pub subject: String,
    pub control_form: &'static str,
    pub period: Option<Period>,
    pub entered: i64,
    pub students: i64,
}

#[derive(Debug, Serialize)]
pub struct Overview {
    pub year: i32,
    pub year_title: String,
    pub semester: i32,
    /// The actor's own sheets (as a teacher, by the load).
    pub mine: Vec<SheetLink>,
    /// The college's groups, for those who read them all.
    pub groups: Vec<(i64, String)>,
    pub reads_college: bool,
}

pub async fn overview(app: &App, actor: &Actor, year: i32, semester: i32) -> Result<Overview> {
    let org = actor.org_id;
    let reads_college = actor.can(Permission::ReferenceRead);
    if !(reads_college || actor.has_role(Role::Teacher)) {
        return Err(crate::Error::Forbidden);
    }
    let mut mine = Vec::new();
    if actor.has_role(Role::Teacher) {
        let pairs: BTreeSet<(i64, i64)> =
            store::load::of_year(&app.db, org, year, Some(actor.person_id))
                .await?
                .into_iter()
                .filter(|l| l.semester == semester)
                .map(|l| (l.group_id, l.subject_id))
                .collect();
        let group_ids: Vec<i64> = pairs
            .iter()
            .map(|p| p.0)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let names: HashMap<i64, String> = store::groups::by_ids(&app.db, org, &group_ids)
            .await?
            .into_iter()
            .map(|g| (g.id, g.name))
            .collect();
        let sizes = store::groups::student_counts(&app.db, &group_ids).await?;
        let mut entered: HashMap<(i64, i64), i64> = HashMap::new();
        for m in store::attestation::marks_of_groups(&app.db, org, &group_ids, year, Some(semester))
            .await?
        {
            *entered.entry((m.group_id, m.subject_id)).or_default() += 1;
        }
        for g in &group_ids {
            for item in items(&app.db, org, *g, year, semester).await? {
                if !pairs.contains(&(*g, item.subject_id)) {
                    continue;
                }
                mine.push(SheetLink {
                    group_id: *g,
                    group: names.get(g).cloned().unwrap_or_default(),
                    subject_id: item.subject_id,
                    subject: item.subject,
                    control_form: item.control_form_title,
                    period: item.period,
                    entered: entered.get(&(*g, item.subject_id)).copied().unwrap_or(0),
                    students: sizes.get(g).copied().unwrap_or(0),
                });
            }
        }
    }
    let groups = if reads_college {
        store::groups::all(&app.db, org)
            .await?
            .into_iter()
            .map(|g| (g.id, g.name))
            .collect()
    } else {
        Vec::new()
    };
    Ok(Overview {
        year,
        year_title: domain::calendar::year_title(year),
        semester,
        mine,
        groups,
        reads_college,
    })
}

#[derive(Debug, Serialize)]
pub struct StudentItem {
    pub semester: i32,
    pub subject: String,
    pub control_form: &'static str,
    pub period: Option<Period>,
    pub mark: String,
    pub mark_title: String,
}

#[derive(Debug, Serialize)]
pub struct StudentAttestation {
    pub student_id: i64,
    pub student: String,
    pub group: String,
    pub year_title: String,
    pub items: Vec<StudentItem>,
}

/// A student's attestation schedule and marks for the year, both semesters.
pub async fn for_student(
    app: &App,
    actor: &Actor,
    student_id: i64,
    year: i32,
) -> Result<StudentAttestation> {
    let org = actor.org_id;
    let membership = store::groups::memberships(&app.db, org, &[student_id])
        .await?
        .into_iter()
        .next();
    require(
        actor,
        Permission::StudentRead {
            person_id: student_id,
            group_id: membership.as_ref().map(|m| m.group_id),
        },
    )?;
    let membership = membership.ok_or(crate::Error::NotFound("обучающийся"))?;
    let person = store::people::get(&app.db, org, student_id)
        .await?
        .ok_or(crate::Error::NotFound("обучающийся"))?;
    let group = store::groups::get(&app.db, org, membership.group_id)
        .await?
        .ok_or(crate::Error::NotFound("группа"))?;
    crate::read_log::record(
        app,
        actor,
        Some(student_id),
        Some(group.id),
        domain::read_log::ReadKind::Attestation,
        &domain::calendar::year_title(year),
    );
    let marks: HashMap<(i32, i64), String> =
        store::attestation::marks_of_student(&app.db, org, student_id, year)
            .await?
            .into_iter()
            .map(|m| ((m.semester, m.subject_id), m.value))
            .collect();
    let mut out = Vec::new();
    for semester in 1..=2 {
        for item in items(&app.db, org, group.id, year, semester).await? {
            let mark = marks
                .get(&(semester, item.subject_id))
                .and_then(|v| AttestationMark::from_code(v));
            out.push(StudentItem {
                semester,
                subject: item.subject,
                control_form: item.control_form_title,
                period: item.period,
                mark: mark.map_or("", |m| m.short()).to_string(),
                mark_title: mark.map_or("", |m| m.title()).to_string(),
            });
        }
    }
    Ok(StudentAttestation {
        student_id,
        student: store::people::full_name(&person).full(),
        group: group.name,
        year_title: domain::calendar::year_title(year),
        items: out,
    })
}
