//! Automatic timetabling for the college (seed 2.2, 3.2: «формирование
//! расписания занятий на основе учебных планов»): the solver builds a
//! semester's weekly pattern from the teaching load in the background; the
//! dispatcher watches it, reads what is left imperfect, and applies it or
//! edits by hand. Dated lessons come from the pattern as before.

mod build;
mod explain;
pub(crate) mod goals;
#[cfg(test)]
mod measure;

use std::collections::HashMap;

use domain::{Actor, Permission, Validation};
use serde::{Deserialize, Serialize};
use store::entity::timetable_job;

pub use explain::{Proposal, ProposedSlot};

use crate::error::{Error, Result};
use crate::{audit, require, App};

/// Longest run a dispatcher may ask for, in seconds.
pub const MAX_SECONDS: i64 = 600;
/// A run still "running" this long after its budget died with its server.
const GRACE_SECONDS: i64 = 120;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct AutoInput {
    #[serde(default)]
    pub semester: String,
    /// The solver's time budget; empty: 30 s.
    #[serde(default)]
    pub seconds: String,
    /// Study days a week, 5 or 6; empty: 5.
    #[serde(default)]
    pub days: String,
}

/// One grid row of a group's proposed week: a pair and its cells by day.
#[derive(Debug, Serialize)]
pub struct PreviewRow {
    pub pair_no: i32,
    pub cells: Vec<Vec<String>>,
}

#[derive(Debug, Serialize)]
pub struct Preview {
    pub group_id: i64,
    pub group: String,
    pub days: Vec<&'static str>,
    pub rows: Vec<PreviewRow>,
}

#[derive(Debug, Serialize)]
pub struct JobView {
    pub id: i64,
    pub year: i32,
    pub year_title: String,
    pub semester: i32,
    pub seconds: i32,
    /// running, done, failed, applied or interrupted.
    pub status: String,
    pub status_title: &'static str,
    pub started: String,
    /// Of the time budget, while running.
    pub percent: i64,
    pub proposal: Option<Proposal>,
    pub error: Option<String>,
    pub can_apply: bool,
    pub preview: Option<Preview>,
}

#[derive(Debug, Serialize)]
pub struct Overview {
    pub year: i32,
    pub year_title: String,
    pub jobs: Vec<JobView>,
    pub running: bool,
    pub can_start: bool,
}

fn status_of(job: &timetable_job::Model, now: chrono::DateTime<chrono::Utc>) -> &str {
    let deadline =
        job.started_at + chrono::Duration::seconds(i64::from(job.seconds) + GRACE_SECONDS);
    if job.status == "running" && now > deadline {
        "interrupted"
    } else {
        job.status.as_str()
    }
}

fn status_title(status: &str) -> &'static str {
    match status {
        "running" => "составляется",
        "done" => "готово",
        "applied" => "применено",
        "failed" => "ошибка",
        _ => "прервано",
    }
}

fn view(job: timetable_job::Model, actor: &Actor, now: chrono::DateTime<chrono::Utc>) -> JobView {
    let status = status_of(&job, now).to_string();
    let elapsed = (now - job.started_at).num_milliseconds().max(0);
    let budget = i64::from(job.seconds.max(1)) * 1000;
    let (proposal, error) = match status.as_str() {
        "done" | "applied" => match serde_json::from_str::<Proposal>(&job.result) {
            Ok(p) => (Some(p), None),
            Err(_) => (None, Some("Результат не читается.".to_string())),
        },
        "failed" => (
            None,
            Some(
                serde_json::from_str::<serde_json::Value>(&job.result)
                    .ok()
                    .and_then(|v| v["error"].as_str().map(str::to_string))
                    .unwrap_or_else(|| "Решатель остановился с ошибкой.".into()),
            ),
        ),
        _ => (None, None),
    };
    let can_apply = status == "done"
        && proposal.as_ref().is_some_and(|p| p.hard == 0)
        && actor.can(Permission::ScheduleWrite);
    JobView {
        id: job.id,
        year: job.school_year,
        year_title: domain::calendar::year_title(job.school_year),
        semester: job.semester,
        seconds: job.seconds,
        status_title: status_title(&status),
        percent: if status == "running" {
            (elapsed * 100 / budget).min(99)
        } else {
            100
        },
        status,
        started: job
            .started_at
            .with_timezone(&chrono::Local)
            .format("%d.%m.%Y %H:%M")
            .to_string(),
        proposal,
        error,
        can_apply,
        preview: None,
    }
}

/// The runs of the year, newest first.
pub async fn overview(app: &App, actor: &Actor, year: i32) -> Result<Overview> {
    require(actor, Permission::ReferenceRead)?;
    let jobs: Vec<JobView> = store::timetable_auto::recent_jobs(&app.db, actor.org_id, year, 20)
        .await?
        .into_iter()
        .map(|j| view(j, actor, app.now()))
        .collect();
    Ok(Overview {
        year,
        year_title: domain::calendar::year_title(year),
        running: jobs.iter().any(|j| j.status == "running"),
        jobs,
        can_start: actor.can(Permission::ScheduleWrite),
    })
}

/// Checks the input and the college, then starts the solver in the
/// background; returns the run's id at once.
pub async fn start(app: &App, actor: &Actor, year: i32, input: AutoInput) -> Result<i64> {
    require(actor, Permission::ScheduleWrite)?;
    let mut v = Validation::new();
    let semester = v.number("semester", &input.semester, 1, 2) as i32;
    let seconds = if input.seconds.trim().is_empty() {
        30
    } else {
        v.number("seconds", &input.seconds, 1, MAX_SECONDS)
    } as i32;
    let days = if input.days.trim().is_empty() {
        5
    } else {
        v.number("days", &input.days, 5, 6)
    } as usize;
    v.finish().map_err(Error::Invalid)?;
    let org = actor.org_id;
    let running = store::timetable_auto::recent_jobs(&app.db, org, year, 20)
        .await?
        .iter()
        .any(|j| status_of(j, app.now()) == "running");
    if running {
        return Err(Error::field(
            "form",
            "Расписание уже составляется: дождитесь окончания.",
        ));
    }
    let college = build::college(&app.db, org, year, semester, days).await?;
    let txn = store::begin_write(&app.db).await?;
    let job = store::timetable_auto::insert_job(
        &txn,
        org,
        year,
        semester,
        seconds,
        actor.account_id,
        app.now(),
    )
    .await?;
    audit(
        &txn,
        actor,
        "start",
        "timetable_job",
        job.id,
        serde_json::json!({ "semester": semester, "seconds": seconds, "days": days }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    run(app.clone(), job.id, college, seconds);
    Ok(job.id)
}

/// Solves on a blocking thread (one core: the other serves the college) and
/// stores the proposal; a run whose server stops shows as interrupted.
fn run(app: App, job_id: i64, college: build::College, seconds: i32) {
    tokio::spawn(async move {
        let solved = tokio::task::spawn_blocking(move || {
            let outcome = timetable::solve(
                &college.problem,
                &timetable::SolverOptions {
                    seed: job_id as u64,
                    threads: 1,
                    budget: timetable::Budget::seconds(f64::from(seconds)),
                },
            );
            explain::proposal(&college, &outcome)
        })
        .await;
        let (status, result) = match solved.map(|p| serde_json::to_string(&p)) {
            Ok(Ok(json)) => ("done", json),
            Ok(Err(e)) => (
                "failed",
                serde_json::json!({ "error": e.to_string() }).to_string(),
            ),
            Err(e) => {
                tracing::error!(job_id, error = %e, "timetable solver failed");
                (
                    "failed",
                    serde_json::json!({ "error": "Решатель остановился с ошибкой." }).to_string(),
                )
            }
        };
        let stored = async {
            let txn = store::begin_write(&app.db).await?;
            store::timetable_auto::finish_job(&txn, job_id, status, result, app.now()).await?;
            txn.commit().await
        }
        .await;
        if let Err(e) = stored {
            tracing::error!(job_id, error = %e, "timetable job result not stored");
        }
    });
}

/// A run with its proposal; with `group`, that group's proposed week.
pub async fn job(app: &App, actor: &Actor, id: i64, group: Option<i64>) -> Result<JobView> {
    require(actor, Permission::ReferenceRead)?;
    let job = store::timetable_auto::get_job(&app.db, actor.org_id, id)
        .await?
        .ok_or(Error::NotFound("составление расписания"))?;
    let mut v = view(job, actor, app.now());
    if let Some(p) = &v.proposal {
        let group = group
            .filter(|g| p.group_names.iter().any(|(id, _)| id == g))
            .or_else(|| p.group_names.first().map(|(id, _)| *id));
        if let Some(g) = group {
            v.preview = Some(preview(app, actor.org_id, p, g).await?);
        }
    }
    Ok(v)
}

async fn preview(app: &App, org: i64, p: &Proposal, group_id: i64) -> Result<Preview> {
    let slots: Vec<&ProposedSlot> = p.slots.iter().filter(|s| s.group_id == group_id).collect();
    let subjects: HashMap<i64, String> = store::subjects::all(&app.db, org)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let rooms: HashMap<i64, String> = store::buildings::all_rooms(&app.db, org)
        .await?
        .into_iter()
        .map(|r| (r.id, r.number))
        .collect();
    let teacher_ids: Vec<i64> = slots.iter().map(|s| s.teacher_id).collect();
    let teachers: HashMap<i64, String> = store::people::by_ids(&app.db, &teacher_ids)
        .await?
        .iter()
        .map(|t| (t.id, store::people::full_name(t).short()))
        .collect();
    let subgroup_ids: Vec<i64> = slots.iter().filter_map(|s| s.subgroup_id).collect();
    let subgroups: HashMap<i64, String> =
        store::timetable::subgroups_by_ids(&app.db, org, &subgroup_ids)
            .await?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect();
    let rows = p
        .pairs
        .iter()
        .map(|&pair_no| PreviewRow {
            pair_no,
            cells: (1..=p.days as i32)
                .map(|day| {
                    slots
                        .iter()
                        .filter(|s| s.weekday == day && s.pair_no == pair_no)
                        .map(|s| {
                            let mut text = format!(
                                "{} · {}",
                                subjects.get(&s.subject_id).cloned().unwrap_or_default(),
                                teachers.get(&s.teacher_id).cloned().unwrap_or_default()
                            );
                            if let Some(r) = s.room_id.and_then(|r| rooms.get(&r)) {
                                text.push_str(&format!(" · каб. {r}"));
                            }
                            if let Some(sg) = s.subgroup_id.and_then(|g| subgroups.get(&g)) {
                                text.push_str(&format!(" ({sg})"));
                            }
                            text
                        })
                        .collect()
                })
                .collect(),
        })
        .collect();
    Ok(Preview {
        group_id,
        group: p
            .group_names
            .iter()
            .find(|(id, _)| *id == group_id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default(),
        days: ["пн", "вт", "ср", "чт", "пт", "сб"][..p.days.min(6)].to_vec(),
        rows,
    })
}

/// Replaces the semester's weekly pattern of the proposal's groups with it.
pub async fn apply(app: &App, actor: &Actor, id: i64) -> Result<usize> {
    require(actor, Permission::ScheduleWrite)?;
    let org = actor.org_id;
    let txn = store::begin_write(&app.db).await?;
    super::lock_college(&txn, org).await?;
    let job = store::timetable_auto::get_job(&txn, org, id)
        .await?
        .ok_or(Error::NotFound("составление расписания"))?;
    if job.status != "done" {
        return Err(Error::field(
            "form",
            match job.status.as_str() {
                "applied" => "Это расписание уже применено.",
                "running" => "Расписание ещё составляется.",
                _ => "Применить можно только готовое расписание.",
            },
        ));
    }
    let proposal: Proposal = serde_json::from_str(&job.result)
        .map_err(|e| Error::Internal(format!("timetable job {id}: {e}")))?;
    if proposal.hard > 0 {
        return Err(Error::field(
            "form",
            "В этом расписании остались нарушения обязательных условий: его нельзя применить.",
        ));
    }
    let groups: Vec<i64> = proposal.group_names.iter().map(|(g, _)| *g).collect();
    let slots: Vec<store::timetable::NewSlot> = proposal
        .slots
        .iter()
        .map(|s| store::timetable::NewSlot {
            school_year: job.school_year,
            semester: job.semester,
            group_id: s.group_id,
            subgroup_id: s.subgroup_id,
            weekday: s.weekday,
            pair_no: s.pair_no,
            week_type: 0,
            subject_id: s.subject_id,
            teacher_person_id: s.teacher_id,
            room_id: s.room_id,
        })
        .collect();
    let count = slots.len();
    store::timetable_auto::replace_slots(&txn, org, job.school_year, job.semester, &groups, slots)
        .await?;
    if !store::timetable_auto::mark_applied(&txn, org, id).await? {
        return Err(Error::field("form", "Это расписание уже применено."));
    }
    audit(
        &txn,
        actor,
        "apply",
        "timetable_job",
        id,
        serde_json::json!({ "slots": count, "groups": groups.len() }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(count)
}
