//! The solver's timetable in the college's terms: weekly slots, and every
//! remaining soft violation said in words a dispatcher acts on.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use timetable::Outcome;

use super::build::College;

const DAYS: [&str; 7] = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"];
/// Notes shown at most; the counts say how many there are in all.
const MAX_NOTES: usize = 200;

/// One weekly lesson of the proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposedSlot {
    pub group_id: i64,
    pub subgroup_id: Option<i64>,
    pub subject_id: i64,
    pub teacher_id: i64,
    pub room_id: Option<i64>,
    /// 1 = Monday.
    pub weekday: i32,
    pub pair_no: i32,
}

/// What a finished run proposes, stored with the job.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Proposal {
    /// Hard violations: a proposal with any is not applied.
    pub hard: u64,
    /// The solver's soft cost (the college's weights, see `goals`).
    pub cost: u64,
    pub groups: usize,
    pub teachers: usize,
    pub lessons_a_week: usize,
    pub days: usize,
    pub pairs: Vec<i32>,
    /// Windows (окна) in the groups' and the teachers' days.
    pub group_gaps: usize,
    pub teacher_gaps: usize,
    pub moves: u64,
    pub seconds: f64,
    pub slots: Vec<ProposedSlot>,
    pub notes: Vec<String>,
    /// Notes beyond those kept.
    pub more_notes: usize,
    /// Group names by id, for the preview.
    pub group_names: Vec<(i64, String)>,
}

pub(crate) fn proposal(college: &College, outcome: &Outcome) -> Proposal {
    let names = &college.names;
    let ppd = college.pairs.len().max(1);
    let when = |period: usize| {
        format!(
            "{} {}-я пара",
            DAYS[(period / ppd).min(6)],
            college.pairs.get(period % ppd).copied().unwrap_or(0)
        )
    };
    let mut notes: Vec<String> = college.notes.clone();
    let placements = &outcome.solution.placements;

    let slots: Vec<ProposedSlot> = placements
        .iter()
        .filter_map(|p| {
            let c = college.courses.get(p.course)?;
            Some(ProposedSlot {
                group_id: c.group_id,
                subgroup_id: c.subgroup_id,
                subject_id: c.subject_id,
                teacher_id: c.teacher_id,
                room_id: college.rooms.get(p.room).copied(),
                weekday: (p.period / ppd) as i32 + 1,
                pair_no: college.pairs.get(p.period % ppd).copied().unwrap_or(1),
            })
        })
        .collect();

    // Per course: rooms, days, capacity.
    let mut rooms_of: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    let mut days_of: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for p in placements {
        rooms_of.entry(p.course).or_default().insert(p.room);
        days_of.entry(p.course).or_default().insert(p.period / ppd);
        let Some(c) = college.courses.get(p.course) else {
            continue;
        };
        let room = college.rooms.get(p.room).and_then(|r| names.rooms.get(r));
        if let Some((number, capacity)) = room {
            if c.students > *capacity {
                notes.push(format!(
                    "«{}» у {} ({} чел.) — в кабинете {number} на {}, {}.",
                    names.subject(c.subject_id),
                    names.who(c),
                    c.students,
                    domain::words::count(
                        usize::try_from(*capacity).unwrap_or(0),
                        ["место", "места", "мест"]
                    ),
                    when(p.period)
                ));
            }
        }
    }
    for (course, rooms) in &rooms_of {
        if rooms.len() > 1 {
            let c = &college.courses[*course];
            let list: Vec<String> = rooms
                .iter()
                .filter_map(|r| college.rooms.get(*r))
                .filter_map(|r| names.rooms.get(r).map(|(n, _)| n.clone()))
                .collect();
            notes.push(format!(
                "«{}» у {} — в {} кабинетах: {}.",
                names.subject(c.subject_id),
                names.who(c),
                rooms.len(),
                list.join(", ")
            ));
        }
    }
    for (course, days) in &days_of {
        let c = &college.courses[*course];
        let wanted = c.lectures.min(college.days);
        if days.len() < wanted {
            notes.push(format!(
                "«{}» у {} — {} в неделю, но только в {} из желательных {wanted}.",
                names.subject(c.subject_id),
                names.who(c),
                domain::words::count(c.lectures, ["пара", "пары", "пар"]),
                domain::words::count(days.len(), ["дне", "днях", "днях"])
            ));
        }
    }

    // Windows: periods of a day between a group's (or teacher's) first and last lesson.
    let gaps = |periods: &BTreeSet<usize>| -> Vec<(usize, usize)> {
        let mut by_day: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &p in periods {
            by_day.entry(p / ppd).or_default().push(p % ppd);
        }
        by_day
            .into_iter()
            .filter_map(|(day, list)| {
                let (first, last) = (list.iter().min()?, list.iter().max()?);
                let gap = last - first + 1 - list.len();
                (gap > 0).then_some((day, gap))
            })
            .collect()
    };
    let mut group_gaps = 0;
    for (q, (name, courses)) in college.curricula.iter().enumerate() {
        let periods: BTreeSet<usize> = placements
            .iter()
            .filter(|p| courses.contains(&p.course))
            .map(|p| p.period)
            .collect();
        let late: Vec<String> = (0..college.days)
            .filter_map(|day| {
                let first = periods.iter().find(|&&p| p / ppd == day)? % ppd;
                (first > 0).then(|| {
                    format!(
                        "{} — с {}-й",
                        DAYS[day.min(6)],
                        college.pairs.get(first).copied().unwrap_or(0)
                    )
                })
            })
            .collect();
        if !late.is_empty() {
            notes.push(format!(
                "Группа {name} начинает день не с первой пары: {}.",
                late.join(", ")
            ));
        }
        let minimum = college.problem.daily_minimum(q);
        let short: Vec<String> = (0..college.days)
            .filter_map(|day| {
                let n = periods.iter().filter(|&&p| p / ppd == day).count();
                (n < minimum).then(|| format!("{} — {n}", DAYS[day.min(6)]))
            })
            .collect();
        if !short.is_empty() {
            notes.push(format!(
                "У группы {name} меньше {minimum} пар в день: {}.",
                short.join(", ")
            ));
        }
        if let Some(limit) = college.problem.daily_limit(q) {
            for day in 0..college.days {
                let n = periods.iter().filter(|&&p| p / ppd == day).count();
                if n > limit {
                    notes.push(format!(
                        "У группы {name} {} {n} пар — больше допустимых {limit}.",
                        DAYS[day.min(6)]
                    ));
                }
            }
        }
        let found = gaps(&periods);
        if !found.is_empty() {
            group_gaps += found.iter().map(|g| g.1).sum::<usize>();
            let days: Vec<String> = found
                .iter()
                .map(|(d, n)| format!("{} — {n}", DAYS[(*d).min(6)]))
                .collect();
            notes.push(format!("Окна у группы {name}: {}.", days.join(", ")));
        }
    }
    let mut by_teacher: BTreeMap<i64, BTreeSet<usize>> = BTreeMap::new();
    for p in placements {
        if let Some(c) = college.courses.get(p.course) {
            by_teacher.entry(c.teacher_id).or_default().insert(p.period);
        }
    }
    let mut teacher_gaps = 0;
    for (t, periods) in &by_teacher {
        let found = gaps(periods);
        if !found.is_empty() {
            teacher_gaps += found.iter().map(|g| g.1).sum::<usize>();
            let days: Vec<String> = found
                .iter()
                .map(|(d, n)| format!("{} — {n}", DAYS[(*d).min(6)]))
                .collect();
            notes.push(format!(
                "Окна у преподавателя {}: {}.",
                names.teacher(*t),
                days.join(", ")
            ));
        }
    }

    let more_notes = notes.len().saturating_sub(MAX_NOTES);
    notes.truncate(MAX_NOTES);
    let mut group_names: Vec<(i64, String)> = names
        .groups
        .iter()
        .map(|(id, n)| (*id, n.clone()))
        .collect();
    group_names.sort_by(|a, b| a.1.cmp(&b.1));
    Proposal {
        hard: outcome.evaluation.hard(),
        cost: outcome.evaluation.cost(),
        groups: names.groups.len(),
        teachers: by_teacher.len(),
        lessons_a_week: placements.len(),
        days: college.days,
        pairs: college.pairs.clone(),
        group_gaps,
        teacher_gaps,
        moves: outcome.iterations,
        seconds: outcome.seconds,
        slots,
        notes,
        more_notes,
        group_names,
    }
}
