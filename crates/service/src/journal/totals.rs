//! A journal's weighted averages and missed hours count the subject from its
//! first lesson to the end of the month shown. The months before it are summed
//! in the database and kept in memory while their revision counters
//! (`store::revisions`, raised by triggers on every change) stand still; the
//! month shown is counted from its cells, which the grid reads anyway. So a
//! journal opened again costs one small query for its past instead of a sum
//! over the year, and a mark written today does not make it read the past again.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use domain::journal::{weighted_average, AbsenceReason, Attendance, MarkValue, HOURS_PER_PAIR};
use store::entity::work_kind;

use super::cell::CellState;
use crate::error::Result;
use crate::App;

/// Journals' pasts kept at once; past it the memory starts afresh (about 5 KB
/// a journal month).
const MAX_KEPT: usize = 4096;

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

type Key = (i64, i64, i64, NaiveDate);

struct Kept {
    stamp: i64,
    kinds: u64,
    past: Arc<[Past]>,
}

/// The kept pasts of this instance; another instance keeps its own and sees
/// the same counters.
#[derive(Default)]
pub struct PastTotals {
    kept: Mutex<HashMap<Key, Kept>>,
}

impl PastTotals {
    fn get(&self, key: &Key, stamp: i64, kinds: u64) -> Option<Arc<[Past]>> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.get(key)
            .filter(|k| k.stamp == stamp && k.kinds == kinds)
            .map(|k| k.past.clone())
    }

    fn keep(&self, key: Key, kept: Kept) {
        let mut all = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if all.len() >= MAX_KEPT && !all.contains_key(&key) {
            all.clear();
        }
        all.insert(key, kept);
    }
}

/// Weights enter the sums: a college that changes a kind's weight changes its past.
fn kinds_print(kinds: &[work_kind::Model]) -> u64 {
    let mut h = DefaultHasher::new();
    for k in kinds {
        (k.id, k.weight).hash(&mut h);
    }
    h.finish()
}

/// The group's subject before `month` (its first day), from memory when
/// nothing of it has changed since it was read.
pub(crate) async fn before_month(
    app: &App,
    org_id: i64,
    group_id: i64,
    subject_id: i64,
    month: NaiveDate,
    kinds: &[work_kind::Model],
) -> Result<Arc<[Past]>> {
    let key = (org_id, group_id, subject_id, month);
    let kinds = kinds_print(kinds);
    // The counters first: a change committed between the two reads leaves
    // the kept sums under the older stamp, which the next reader finds stale.
    let stamp = store::revisions::before(&app.db, group_id, subject_id, month).await?;
    if let Some(past) = app.past_totals.get(&key, stamp, kinds) {
        return Ok(past);
    }
    let rows =
        store::totals::of_subject_before(&app.db, org_id, group_id, subject_id, month).await?;
    let past: Arc<[Past]> = rows.iter().filter_map(past_from).collect();
    app.past_totals.keep(
        key,
        Kept {
            stamp,
            kinds,
            past: past.clone(),
        },
    );
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

    pub fn add_cell(&mut self, c: &CellState) {
        self.marks
            .extend(c.marks.iter().map(|m| (m.value, m.weight)));
        if c.attendance == Some(Attendance::Absent) {
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
