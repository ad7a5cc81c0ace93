//! The journal grid: students × lessons of one group and subject, a month at a time.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Months, NaiveDate};
use domain::journal::{edit_deadline, AbsenceReason, MarkScale};
use domain::{Actor, Permission, Role};
use serde::Serialize;

use super::cell::{state, CellState};
use super::month_cells::of_month;
use super::totals::{before_month, kinds_print, Past, Tally};
use super::{date_ru, weekday_short};
use crate::error::{Error, Result};
use crate::{require, App};

#[derive(Debug, Clone, Serialize)]
pub struct JournalRef {
    pub group_id: i64,
    pub group: String,
    pub subject_id: i64,
    pub subject: String,
    /// The caller teaches it (rather than reads it as curator or administration).
    pub own: bool,
}

/// The journals the caller may open: taught ones first, then curated groups', then (administration) all.
pub async fn journals(app: &App, actor: &Actor) -> Result<Vec<JournalRef>> {
    if !actor.has_role(Role::Teacher)
        && actor.curated_groups().is_empty()
        && !actor.reads_all_journals()
    {
        return Err(Error::Forbidden);
    }
    let mut pairs = Vec::new();
    if actor.has_role(Role::Teacher) {
        pairs.extend(
            store::load::journals_of_teacher(
                &app.db,
                actor.org_id,
                actor.person_id,
                domain::reference::school_year(app.today()),
            )
            .await?
            .into_iter()
            .map(|p| (p, true)),
        );
    }
    let groups: Vec<i64> = if actor.reads_all_journals() {
        store::groups::all(&app.db, actor.org_id)
            .await?
            .into_iter()
            .map(|g| g.id)
            .collect()
    } else {
        actor.curated_groups()
    };
    if !groups.is_empty() {
        pairs.extend(
            store::lessons::journals_of_groups(&app.db, actor.org_id, &groups)
                .await?
                .into_iter()
                .map(|p| (p, false)),
        );
    }
    let mut seen = HashSet::new();
    pairs.retain(|(p, _)| seen.insert((p.group_id, p.subject_id)));
    let group_ids: Vec<i64> = pairs.iter().map(|(p, _)| p.group_id).collect();
    let subject_ids: Vec<i64> = pairs.iter().map(|(p, _)| p.subject_id).collect();
    let group_names: HashMap<i64, String> =
        store::groups::by_ids(&app.db, actor.org_id, &group_ids)
            .await?
            .into_iter()
            .map(|g| (g.id, g.name))
            .collect();
    let subject_names: HashMap<i64, String> =
        store::subjects::by_ids(&app.db, actor.org_id, &subject_ids)
            .await?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect();
    let mut out: Vec<JournalRef> = pairs
        .into_iter()
        .map(|(p, own)| JournalRef {
            group: group_names.get(&p.group_id).cloned().unwrap_or_default(),
            subject: subject_names
                .get(&p.subject_id)
                .cloned()
                .unwrap_or_default(),
            group_id: p.group_id,
            subject_id: p.subject_id,
            own,
        })
        .collect();
    out.sort_by(|a, b| (!a.own, &a.group, &a.subject).cmp(&(!b.own, &b.group, &b.subject)));
    Ok(out)
}

#[derive(Debug, Serialize)]
pub struct Grid {
    pub group_id: i64,
    pub group: String,
    pub subject_id: i64,
    pub subject: String,
    pub scale: MarkScale,
    /// The first day of the month shown.
    pub month: NaiveDate,
    pub month_title: String,
    pub prev_month: Option<NaiveDate>,
    pub next_month: Option<NaiveDate>,
    pub lessons: Vec<GridLesson>,
    pub rows: Vec<GridRow>,
    pub work_kinds: Vec<(i64, String, i32)>,
    pub reasons: Vec<(&'static str, &'static str)>,
}

#[derive(Debug, Serialize)]
pub struct GridLesson {
    pub id: i64,
    pub date: NaiveDate,
    pub day: String,
    pub weekday: &'static str,
    pub pair_no: i32,
    pub subgroup_id: Option<i64>,
    pub subgroup: Option<String>,
    pub topic: String,
    /// Marks may be entered by the caller now.
    pub marks_open: bool,
    /// Attendance may be entered by the caller now.
    pub attendance_open: bool,
    pub deadline: String,
    /// The lesson has begun: its absences count as missed hours.
    pub held: bool,
}

#[derive(Debug, Serialize)]
pub struct GridRow {
    pub student_id: i64,
    pub name: String,
    pub subgroup: Option<String>,
    pub cells: Vec<GridCell>,
    /// Weighted average over the subject's lessons so far.
    pub average: Option<f64>,
    /// Hours missed in the subject so far: valid reason, no valid reason.
    pub valid_hours: i64,
    pub invalid_hours: i64,
}

#[derive(Debug, Serialize)]
pub struct GridCell {
    /// None where the lesson is another subgroup's.
    pub cell: Option<CellState>,
    pub marks_open: bool,
    pub attendance_open: bool,
}

fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

const MONTHS: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];

/// Reading access to a journal of a school year: the administration, the
/// group's curator, and a teacher whom that year's load gives the subject in
/// the group (not one who taught it some other year or substituted once).
pub(crate) async fn require_read(
    app: &App,
    actor: &Actor,
    group_id: i64,
    subject_id: i64,
    school_year: i32,
) -> Result<()> {
    let teaches = teaches_by_load(app, actor, group_id, subject_id, school_year, None).await?;
    require(actor, Permission::JournalRead { group_id, teaches })
}

/// Whether the caller is a teacher whom the load of the year (of one
/// semester, when given) gives the subject in the group.
pub(crate) async fn teaches_by_load(
    app: &App,
    actor: &Actor,
    group_id: i64,
    subject_id: i64,
    school_year: i32,
    semester: Option<i32>,
) -> Result<bool> {
    Ok(actor.has_role(Role::Teacher)
        && store::load::teaches(
            &app.db,
            actor.org_id,
            actor.person_id,
            group_id,
            subject_id,
            school_year,
            semester,
        )
        .await?)
}

/// Reading one lesson (its card, its cells' history, its files): the
/// journal's readers, and the lesson's own teacher or substitute.
pub(crate) async fn require_lesson_read(
    app: &App,
    actor: &Actor,
    lesson: &store::entity::lesson::Model,
) -> Result<()> {
    let gives = actor.person_id == lesson.teacher_person_id
        || lesson.substitute_person_id == Some(actor.person_id);
    if gives && actor.has_role(Role::Teacher) {
        return Ok(());
    }
    let year = domain::reference::school_year(lesson.date);
    require_read(app, actor, lesson.group_id, lesson.subject_id, year).await
}

pub async fn grid(
    app: &App,
    actor: &Actor,
    group_id: i64,
    subject_id: i64,
    month: Option<NaiveDate>,
) -> Result<Grid> {
    let today = app.today();
    let year = domain::reference::school_year(month.unwrap_or(today));
    let head = store::grid::head(
        &app.db,
        actor.org_id,
        group_id,
        subject_id,
        actor.person_id,
        year,
    )
    .await?
    .ok_or(Error::NotFound("группа или предмет"))?;
    let teaches = actor.has_role(Role::Teacher) && head.teaches == 1;
    require(actor, Permission::JournalRead { group_id, teaches })?;
    crate::read_log::record(
        app,
        actor,
        None,
        Some(group_id),
        domain::read_log::ReadKind::Journal,
        &format!("{} · {}", head.group, head.subject),
    );
    let (first, last) = match (head.first, head.last) {
        (Some(first), Some(last)) => (first, last),
        _ => (today, today),
    };
    let month = month_start(month.unwrap_or_else(|| today.clamp(first, last)));
    let month_end = month
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(month);
    let lessons = store::lessons::of_group_subject(
        &app.db,
        actor.org_id,
        group_id,
        subject_id,
        month,
        month_end,
    )
    .await?;
    let range = store::lessons::LessonRange {
        org_id: actor.org_id,
        group_id,
        subject_id: Some(subject_id),
        from: month,
        to: month_end,
    };
    let kinds = store::subjects::work_kinds(&app.db, actor.org_id).await?;
    // Averages and hours count the subject up to the end of the month: the
    // months before it from their sums, the month itself from its cells below.
    // Both are kept in memory under the counters of their months, read first:
    // a change committed after them leaves what is kept under older counters.
    let key = (actor.org_id, group_id, subject_id, month);
    let kinds_print = kinds_print(&kinds);
    let stamps = store::revisions::stamps(&app.db, group_id, subject_id, month).await?;
    let cells = of_month(app, &range, key, (stamps.month, kinds_print)).await?;
    let past = before_month(app, key, (stamps.before, kinds_print)).await?;
    let mut past_of: HashMap<i64, Vec<&Past>> = HashMap::new();
    for p in past.iter() {
        past_of.entry(p.student_id).or_default().push(p);
    }
    let students = store::groups::roster(&app.db, actor.org_id, group_id).await?;
    let subgroups: HashMap<i64, String> = store::groups::subgroups(&app.db, actor.org_id, group_id)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let days = head.mark_edit_days.unwrap_or(8);
    let unlocks = store::journal::unlocks_covering(
        &app.db,
        actor.org_id,
        actor.person_id,
        group_id,
        subject_id,
    )
    .await?;

    let open = |date: NaiveDate| {
        date <= today
            && (today <= edit_deadline(date, days)
                || unlocks
                    .iter()
                    .any(|u| u.date_from <= date && date <= u.date_to))
    };
    let now = app.clock.local_now().naive_local();
    let grid_lessons: Vec<GridLesson> = lessons
        .iter()
        .map(|l| {
            let is_open = open(l.date);
            GridLesson {
                id: l.id,
                date: l.date,
                day: l.date.format("%d.%m").to_string(),
                weekday: weekday_short(l.date),
                pair_no: l.pair_no,
                subgroup_id: l.subgroup_id,
                subgroup: l.subgroup_id.and_then(|s| subgroups.get(&s).cloned()),
                topic: l.topic.clone(),
                marks_open: is_open
                    && actor.can(Permission::LessonWrite {
                        teacher_id: l.teacher_person_id,
                        substitute_id: l.substitute_person_id,
                    }),
                attendance_open: is_open
                    && actor.can(Permission::AttendanceWrite {
                        teacher_id: l.teacher_person_id,
                        substitute_id: l.substitute_person_id,
                        group_id,
                    }),
                deadline: date_ru(edit_deadline(l.date, days)),
                held: domain::journal::has_begun(l.date, &l.starts_at, now),
            }
        })
        .collect();
    let rows = students
        .iter()
        .map(|p| {
            let takes = |subgroup: Option<i64>| subgroup.is_none_or(|s| p.subgroup_id == Some(s));
            let mut tally = Tally::default();
            for past in past_of.get(&p.person_id).into_iter().flatten() {
                if takes(past.subgroup_id) {
                    tally.add_past(past);
                }
            }
            let cells = grid_lessons
                .iter()
                .map(|gl| {
                    if !takes(gl.subgroup_id) {
                        return GridCell {
                            cell: None,
                            marks_open: false,
                            attendance_open: false,
                        };
                    }
                    let cell = cells
                        .get(&(gl.id, p.person_id))
                        .cloned()
                        .unwrap_or_else(|| state(gl.id, p.person_id, None, &[], &kinds));
                    tally.add_cell(&cell, gl.held);
                    GridCell {
                        cell: Some(cell),
                        marks_open: gl.marks_open,
                        attendance_open: gl.attendance_open,
                    }
                })
                .collect();
            GridRow {
                student_id: p.person_id,
                name: p.full_name().short(),
                subgroup: p.subgroup_id.and_then(|s| subgroups.get(&s).cloned()),
                cells,
                average: tally.average(),
                valid_hours: tally.valid_hours,
                invalid_hours: tally.invalid_hours,
            }
        })
        .collect();
    let prev = month
        .checked_sub_months(Months::new(1))
        .filter(|m| *m >= month_start(first));
    let next = month
        .checked_add_months(Months::new(1))
        .filter(|m| *m <= last);
    Ok(Grid {
        group_id,
        group: head.group,
        subject_id,
        subject: head.subject,
        scale: MarkScale::from_code(&head.scale).unwrap_or(MarkScale::Five),
        month,
        month_title: format!("{} {}", MONTHS[month.month0() as usize], month.year()),
        prev_month: prev,
        next_month: next,
        lessons: grid_lessons,
        rows,
        work_kinds: kinds
            .into_iter()
            .map(|k| (k.id, k.name, k.weight))
            .collect(),
        reasons: AbsenceReason::ALL
            .iter()
            .map(|r| (r.code(), r.title()))
            .collect(),
    })
}
