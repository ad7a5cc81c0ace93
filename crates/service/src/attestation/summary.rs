//! The summary sheet of a group (seed 3.4: «сводные ведомости итоговых
//! отметок»): students × attested items with their final marks, absences in
//! hours, debts highlighted. A fixed number of queries, whatever the size.

use std::collections::HashMap;

use domain::attestation::AttestationMark;
use domain::calendar::PeriodKind;
use domain::journal::{AbsenceReason, Attendance, HOURS_PER_PAIR};
use domain::{Actor, Permission};
use reports::{Column, Row, SummarySheet};

use super::items;
use crate::error::{Error, Result};
use crate::{require, App};

/// The sheet of a semester (`Some(1)`, `Some(2)`) or of the whole year.
pub async fn summary(
    app: &App,
    actor: &Actor,
    group_id: i64,
    year: i32,
    semester: Option<i32>,
) -> Result<SummarySheet> {
    require(actor, Permission::GroupRead { group_id })?;
    let org = actor.org_id;
    let group = store::groups::get(&app.db, org, group_id)
        .await?
        .ok_or(Error::NotFound("группа"))?;
    let specialty = store::specialties::get(&app.db, org, group.specialty_id)
        .await?
        .map(|s| format!("{} {}", s.code, s.name))
        .unwrap_or_default();
    let college = store::orgs::get(&app.db, org)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let semesters: Vec<i32> = semester.map_or(vec![1, 2], |s| vec![s]);

    // Columns: each attested item; over a year, an item attested in both
    // semesters shows its final (latest) mark.
    let mut columns: Vec<(i32, super::Item)> = Vec::new();
    for &s in &semesters {
        for item in items(&app.db, org, group_id, year, s).await? {
            columns.retain(|(_, c)| c.subject_id != item.subject_id);
            columns.push((s, item));
        }
    }
    let students = store::groups::students(&app.db, org, group_id).await?;
    let marks: HashMap<(i64, i32, i64), String> =
        store::attestation::marks_of_groups(&app.db, org, &[group_id], year, semester)
            .await?
            .into_iter()
            .map(|m| ((m.student_person_id, m.semester, m.subject_id), m.value))
            .collect();
    let two_is_debt = store::orgs::settings(&app.db, org)
        .await?
        .is_none_or(|s| s.two_is_debt);

    // Absences over the sheet's period, in hours by reason.
    let calendar = crate::timetable::year_periods(&app.db, org, year).await?;
    let (from, to) = calendar
        .iter()
        .filter(|p| {
            p.kind == PeriodKind::Semester
                && semesters.contains(&p.semester)
                && p.applies_to(group_id)
        })
        .map(|p| (p.starts_on, p.ends_on))
        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
        .unwrap_or_else(|| domain::calendar::year_bounds(year));
    let mut hours: HashMap<i64, (i64, i64)> = HashMap::new();
    for (student, attendance, reason) in store::journal::absences_of_group(
        &app.db,
        org,
        group_id,
        from,
        to,
        app.clock.local_now().naive_local(),
    )
    .await?
    {
        if Attendance::from_code(&attendance) == Some(Attendance::Absent) {
            let h = hours.entry(student).or_default();
            if reason
                .as_deref()
                .and_then(AbsenceReason::from_code)
                .is_some_and(AbsenceReason::is_valid)
            {
                h.0 += HOURS_PER_PAIR;
            } else {
                h.1 += HOURS_PER_PAIR;
            }
        }
    }

    let rows = students
        .iter()
        .map(|(p, _)| {
            let cells: Vec<Option<AttestationMark>> = columns
                .iter()
                .map(|(s, item)| {
                    marks
                        .get(&(p.id, *s, item.subject_id))
                        .and_then(|v| AttestationMark::from_code(v))
                })
                .collect();
            let (valid_hours, invalid_hours) = hours.get(&p.id).copied().unwrap_or_default();
            Row {
                name: store::people::full_name(p).full(),
                marks: cells
                    .iter()
                    .map(|m| m.map_or("", |m| m.short()).to_string())
                    .collect(),
                debts: cells
                    .iter()
                    .map(|m| {
                        m.is_some_and(|m| {
                            m.creates_debt(two_is_debt) || m == AttestationMark::NotAttested
                        })
                    })
                    .collect(),
                valid_hours,
                invalid_hours,
            }
        })
        .collect();
    let title = domain::calendar::year_title(year);
    Ok(SummarySheet {
        college,
        group: group.name,
        specialty,
        period: match semester {
            Some(s) => format!("{s}-й семестр {title} учебного года"),
            None => format!("{title} учебный год"),
        },
        columns: columns
            .into_iter()
            .map(|(_, item)| Column {
                code: item.code,
                name: item.subject,
                form: item.control_form.short().to_string(),
            })
            .collect(),
        rows,
        signatures: vec![
            "Заместитель директора по учебной работе".into(),
            "Куратор группы".into(),
        ],
        made_on: crate::journal::date_ru(app.today()),
    })
}

/// The sheet rendered as PDF or XLSX (on a blocking thread: PDF layout and
/// font embedding take a few milliseconds of CPU).
pub async fn summary_file(
    app: &App,
    actor: &Actor,
    group_id: i64,
    year: i32,
    semester: Option<i32>,
    pdf: bool,
) -> Result<crate::journal::Download> {
    let sheet = summary(app, actor, group_id, year, semester).await?;
    let name = format!(
        "Сводная ведомость {} {}{}.{}",
        sheet.group,
        domain::calendar::year_title(year).replace('/', "-"),
        semester.map_or(String::new(), |s| format!(" {s} семестр")),
        if pdf { "pdf" } else { "xlsx" }
    );
    crate::read_log::record(
        app,
        actor,
        None,
        Some(group_id),
        domain::read_log::ReadKind::SummarySheet,
        &name,
    );
    super::render_file(
        name,
        pdf,
        move || {
            if pdf {
                sheet.pdf()
            } else {
                sheet.xlsx()
            }
        },
    )
    .await
}
