//! What a college asks of a weekly timetable beyond nobody being in two
//! places, as the solver's costs: no windows in a group's day (strongly),
//! few in a teacher's, a group's day from the first pair, its pairs spread
//! evenly over the week but at most four a day, each subject's pairs on
//! different days and in one room, rooms big enough. The auto timetable and
//! the demo college both build their problem here.

use std::collections::BTreeSet;

use timetable::{Course, Curriculum, ModelError, Problem, Room, Weights};

/// Pairs a day a group has at most (eight academic hours), unless its
/// week holds more than that many a day.
pub const DAILY_PAIRS: usize = 4;

/// The college's weights. A group's window weighs two missing days of a
/// subject, so it goes first; a teacher's window and a group's day starting
/// a pair late are small nuisances; a day short of the week's even share
/// weighs like a subject's missing day. Room capacity costs nothing here:
/// rooms too small are forbidden.
pub fn weights() -> Weights {
    Weights {
        room_capacity: 1,
        min_working_days: 5,
        compactness: 2,
        room_stability: 2,
        curriculum_window: 10,
        teacher_window: 2,
        late_start: 2,
        short_day: 5,
    }
}

/// The fewest pairs a day a group with `pairs` pairs a week in `days` days
/// should have: the even share, rounded down.
pub fn daily_minimum(pairs: usize, days: usize) -> usize {
    pairs / days.max(1)
}

/// The most pairs a day of a group with `pairs` pairs a week in `days` days.
pub fn daily_limit(pairs: usize, days: usize) -> usize {
    DAILY_PAIRS.max(pairs.div_ceil(days.max(1)))
}

/// One curriculum per group without subgroup lessons; with them, one per
/// subgroup holding the whole group's lessons too, so subgroups may meet in
/// parallel but never while the whole group does. `courses` gives each
/// course's group and subgroup; the result, each curriculum's group,
/// subgroup and courses, in the order of groups and then subgroups.
pub fn curricula<G: Ord + Copy, S: Ord + Copy>(
    courses: &[(G, Option<S>)],
) -> Vec<(G, Option<S>, Vec<usize>)> {
    let groups: BTreeSet<G> = courses.iter().map(|c| c.0).collect();
    let mut out = Vec::new();
    for g in groups {
        let whole: Vec<usize> = (0..courses.len())
            .filter(|&i| courses[i] == (g, None))
            .collect();
        let subs: BTreeSet<S> = courses
            .iter()
            .filter(|c| c.0 == g)
            .filter_map(|c| c.1)
            .collect();
        if subs.is_empty() {
            out.push((g, None, whole));
            continue;
        }
        for s in subs {
            let mut list = whole.clone();
            list.extend((0..courses.len()).filter(|&i| courses[i] == (g, Some(s))));
            out.push((g, Some(s), list));
        }
    }
    out
}

/// The college's problem: the week, its courses, rooms, curricula and
/// unavailable (course, period) pairs, with the college's goals.
pub fn problem(
    name: String,
    (days, periods_per_day): (usize, usize),
    courses: Vec<Course>,
    rooms: Vec<Room>,
    curricula: Vec<Curriculum>,
    unavailable: &[(usize, usize)],
) -> Result<Problem, ModelError> {
    let weekly: Vec<usize> = curricula
        .iter()
        .map(|q| {
            let pairs = q.courses.iter().filter_map(|&c| courses.get(c));
            pairs.map(|c| c.lectures).sum()
        })
        .collect();
    let limits = weekly.iter().map(|&n| Some(daily_limit(n, days))).collect();
    let minimums = weekly.iter().map(|&n| daily_minimum(n, days)).collect();
    Problem::new(
        name,
        days,
        periods_per_day,
        courses,
        rooms,
        curricula,
        unavailable,
    )?
    .with_weights(weights())
    .with_rooms_big_enough()
    .with_daily_limits(limits)?
    .with_daily_minimums(minimums)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subgroups_hold_the_whole_group_lessons() {
        let courses = [
            (1, None),
            (1, Some(10)),
            (2, None),
            (1, Some(11)),
            (1, None),
        ];
        assert_eq!(
            curricula(&courses),
            vec![
                (1, Some(10), vec![0, 4, 1]),
                (1, Some(11), vec![0, 4, 3]),
                (2, None, vec![2]),
            ]
        );
    }

    #[test]
    fn four_pairs_a_day_unless_the_week_needs_more() {
        assert_eq!(daily_limit(18, 5), 4);
        assert_eq!(daily_limit(20, 5), 4);
        assert_eq!(daily_limit(22, 5), 5);
        assert_eq!(daily_limit(22, 6), 4);
    }
}
