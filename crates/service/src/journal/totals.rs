//! A journal's weighted averages and missed hours count the subject from its
//! first lesson to the end of the month shown. The months before it are summed
//! in the database and kept in memory while their revision counters
//! (`store::revisions`, raised by triggers on every change) stand still; the
//! month shown is counted from its cells, which the grid reads anyway. So a
//! journal opened again costs one small query for its past instead of a sum
//! over the year, and a mark written today does not make it read the past again.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use chrono::NaiveDate;
use domain::journal::{weighted_average, AbsenceReason, Attendance, MarkValue, HOURS_PER_PAIR};
use store::entity::work_kind;

use super::cell::CellState;
use super::kept::{Kept, Stamp};
use crate::error::Result;
use crate::App;

/// Rows of past sums kept at once, over all journals (a journal month has
/// about a hundred; a row is some 40 bytes).
const PAST_ROWS_KEPT: usize = 400_000;

/// One student's marks of one value (their weights summed), or lessons missed
/// for a valid reason or without one, at lessons of one subgroup (none: the
/// whole group's) before the month shown.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Past {
    pub student_id: i64,
    pub subgroup_id: Option<i64>,
    counted: Counted,
}

#[derive(Debug, Clone, Copy)]
enum Counted {
    Marks { value: MarkValue, weight: i32 },
    Absences { valid: bool, lessons: i64 },
}

/// (college, group, subject, the month shown).
pub(crate) type Key = (i64, i64, i64, NaiveDate);

/// The kept pasts of this instance; another instance keeps its own and sees
/// the same counters.
pub struct PastTotals(Kept<Key, [Past]>);

impl Default for PastTotals {
    fn default() -> Self {
        PastTotals(Kept::new(PAST_ROWS_KEPT))
    }
}

/// Weights enter the sums: a college that changes a kind's weight changes its
/// past. The cells show the kinds' names too.
pub(crate) fn kinds_print(kinds: &[work_kind::Model]) -> u64 {
    let mut h = DefaultHasher::new();
    for k in kinds {
        (k.id, k.weight, &k.name).hash(&mut h);
    }
    h.finish()
}

/// The group's subject before `month` (its first day), from memory when
/// nothing of it has changed since it was read: `stamp` is the sum of those
/// months' counters, read before this, and the kinds' fingerprint. A change
/// committed after the counters were read leaves the sums kept under the
/// older stamp, which the next reader finds stale.
pub(crate) async fn before_month(app: &App, key: Key, stamp: Stamp) -> Result<Arc<[Past]>> {
    if let Some(past) = app.past_totals.0.get(&key, stamp) {
        return Ok(past);
    }
    let (org_id, group_id, subject_id, month) = key;
    let rows =
        store::totals::of_subject_before(&app.db, org_id, group_id, subject_id, month).await?;
    let past: Arc<[Past]> = rows.iter().filter_map(past_from).collect();
    // An empty past weighs 1: there may be any number of them.
    app.past_totals
        .0
        .keep(key, stamp, past.clone(), 1 + past.len());
    Ok(past)
}

fn past_from(t: &store::totals::Total) -> Option<Past> {
    let code = t.code.as_deref();
    let counted = if t.counts == store::totals::MARKS {
        Counted::Marks {
            value: MarkValue::from_code(code?)?,
            weight: i32::try_from(t.amount).unwrap_or(i32::MAX),
        }
    } else {
        Counted::Absences {
            valid: code
                .and_then(AbsenceReason::from_code)
                .is_some_and(AbsenceReason::is_valid),
            lessons: t.amount,
        }
    };
    Some(Past {
        student_id: t.student_person_id,
        subgroup_id: t.subgroup_id,
        counted,
    })
}

/// One student's marks and missed hours as they are counted.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    marks: Vec<(MarkValue, i32)>,
    pub valid_hours: i64,
    pub invalid_hours: i64,
}

impl Tally {
    pub fn add_past(&mut self, p: &Past) {
        match p.counted {
            Counted::Marks { value, weight } => self.marks.push((value, weight)),
            Counted::Absences { valid, lessons } => self.missed(valid, lessons),
        }
    }

    /// A cell of a lesson; its absence counts once the lesson has begun.
    pub fn add_cell(&mut self, c: &CellState, held: bool) {
        self.marks
            .extend(c.marks.iter().map(|m| (m.value, m.weight)));
        if held && c.attendance == Some(Attendance::Absent) {
            self.missed(c.reason.is_some_and(AbsenceReason::is_valid), 1);
        }
    }

    fn missed(&mut self, valid: bool, lessons: i64) {
        if valid {
            self.valid_hours += HOURS_PER_PAIR * lessons;
        } else {
            self.invalid_hours += HOURS_PER_PAIR * lessons;
        }
    }

    pub fn average(&self) -> Option<f64> {
        weighted_average(self.marks.iter().copied())
    }
}
