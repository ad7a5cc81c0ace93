//! Intermediate attestation (seed 3.2.1, 3.4): which subjects of a group end
//! the semester with a control form and when their attestation period is;
//! the sheets where teachers put attestation marks; who has not yet.

mod diploma;
mod missing;
mod overview;
mod schedule;
mod sheet;
mod summary;

use chrono::NaiveDate;
use domain::attestation::{study_semester, ScheduleSource};
use domain::calendar::PeriodKind;
use domain::curriculum::ControlForm;
use sea_orm::ConnectionTrait;
use serde::Serialize;

pub use diploma::{diploma, diploma_file, graduating};
pub use missing::{missing, MissingRow};
pub use overview::{for_student, overview, Overview, SheetLink, StudentAttestation, StudentItem};
pub use schedule::{schedule, set_schedule, ScheduleInput, ScheduleView};
pub use sheet::{put_marks, sheet, MarksInput, SheetRow, SheetView};
pub use summary::{summary, summary_file};

use crate::error::{Error, Result};
use crate::journal::date_ru;

/// A subject's attestation period for a group.
#[derive(Debug, Clone, Serialize)]
pub struct Period {
    pub source: ScheduleSource,
    pub source_title: &'static str,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// «21.12.2026 — 27.12.2026».
    pub dates: String,
}

/// A subject of the group's curriculum with a control form this semester.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub subject_id: i64,
    pub subject: String,
    pub code: String,
    pub control_form: ControlForm,
    pub control_form_title: &'static str,
    /// None: the calendar has no attestation period for the semester and none was set.
    pub period: Option<Period>,
}

fn period(
    source: ScheduleSource,
    name: String,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
) -> Period {
    Period {
        source,
        source_title: source.title(),
        name,
        dates: format!("{} — {}", date_ru(starts_on), date_ru(ends_on)),
        starts_on,
        ends_on,
    }
}

/// The subjects of a group's curriculum attested in the semester, with their periods.
pub(crate) async fn items(
    db: &impl ConnectionTrait,
    org_id: i64,
    group_id: i64,
    year: i32,
    semester: i32,
) -> Result<Vec<Item>> {
    let group = store::groups::get(db, org_id, group_id)
        .await?
        .ok_or(Error::NotFound("группа"))?;
    let Some(curriculum) = store::curricula::for_group(
        db,
        org_id,
        group.specialty_id,
        &group.study_form,
        group.intake_year,
    )
    .await?
    else {
        return Ok(Vec::new());
    };
    let study = study_semester(group.intake_year, year, semester);
    let (all_items, hours) = store::curricula::items_with_hours(db, org_id, curriculum.id).await?;
    let subject_ids: Vec<i64> = all_items.iter().filter_map(|i| i.subject_id).collect();
    let subjects: std::collections::HashMap<i64, String> =
        store::subjects::by_ids(db, org_id, &subject_ids)
            .await?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect();
    let calendar = crate::timetable::year_periods(db, org_id, year).await?;
    let calendar_period = calendar
        .iter()
        .filter(|p| {
            p.kind == PeriodKind::Attestation
                && (p.semester == semester || p.semester == 0)
                && p.applies_to(group_id)
        })
        .max_by_key(|p| (p.group_id.is_some(), p.semester == semester))
        .map(|p| {
            period(
                ScheduleSource::Calendar,
                p.name.clone(),
                p.starts_on,
                p.ends_on,
            )
        });
    let overrides = store::attestation::schedules(db, org_id, &[group_id], year).await?;
    let mut out = Vec::new();
    for item in &all_items {
        let Some(subject_id) = item.subject_id else {
            continue;
        };
        let Some(form) = hours
            .iter()
            .find(|h| h.item_id == item.id && h.semester == study)
            .and_then(|h| h.control_form.as_deref())
            .and_then(ControlForm::from_code)
        else {
            continue;
        };
        let own = overrides
            .iter()
            .find(|o| o.subject_id == subject_id && o.semester == semester)
            .and_then(|o| {
                Some(period(
                    ScheduleSource::from_code(&o.source)?,
                    o.name.clone(),
                    o.starts_on,
                    o.ends_on,
                ))
            });
        out.push(Item {
            subject_id,
            subject: subjects.get(&subject_id).cloned().unwrap_or_default(),
            code: item.code.clone(),
            control_form: form,
            control_form_title: form.title(),
            period: own.or_else(|| calendar_period.clone()),
        });
    }
    Ok(out)
}

/// The semester of the school year a date falls in, from the calendar; 1 before the second starts.
pub async fn current_semester(
    db: &impl ConnectionTrait,
    org_id: i64,
    year: i32,
    today: NaiveDate,
) -> Result<i32> {
    let calendar = crate::timetable::year_periods(db, org_id, year).await?;
    Ok(calendar
        .iter()
        .filter(|p| p.kind == PeriodKind::Semester && p.group_id.is_none() && p.starts_on <= today)
        .map(|p| p.semester)
        .max()
        .unwrap_or(1))
}

/// A printable document rendered on a blocking thread (PDF layout and font
/// embedding take milliseconds of CPU), as a file to download.
pub(crate) async fn render_file(
    name: String,
    pdf: bool,
    render: impl FnOnce() -> std::result::Result<Vec<u8>, reports::ReportError> + Send + 'static,
) -> Result<crate::journal::Download> {
    let data = tokio::task::spawn_blocking(render)
        .await
        .map_err(|e| Error::Internal(format!("{name}: {e}")))?
        .map_err(|e| Error::Internal(format!("{name}: {e}")))?;
    Ok(crate::journal::Download {
        name,
        content_type: if pdf {
            "application/pdf".into()
        } else {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".into()
        },
        data,
    })
}
