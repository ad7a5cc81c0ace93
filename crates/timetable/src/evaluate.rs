//! The ITC-2007 track 3 (UD2) cost of a solution, computed from scratch the
//! way the official validator (Schaerf & Di Gaspero, v1.1) does.
//!
//! Like the validator, it first builds a courses × periods table: a second
//! lecture of the same course in the same period is skipped (and counted in
//! [`Evaluation::repeated`]), so it shows up as a missing lecture.
//!
//! Beyond UD2, the college's goals: windows of curricula and teachers (soft,
//! weight 0 in UD2) and a daily limit of a curriculum's periods (hard, none in
//! UD2); they leave the UD2 counts and cost untouched.

use crate::day;
use crate::model::{Problem, Weights};
use crate::solution::Solution;

/// Hard violations and raw soft counts; [`Evaluation::cost`] weighs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Evaluation {
    /// Per course, |lectures placed − lectures required|.
    pub lectures: u64,
    /// Per pair of conflicting courses, the periods where both have a lecture.
    pub conflicts: u64,
    /// Lectures in a period where their course is unavailable.
    pub availability: u64,
    /// Per room and period, the lectures beyond the first.
    pub room_occupancy: u64,
    /// Lectures in a room not of the kind their course needs, or too small
    /// where rooms must be big enough (never in ITC instances).
    pub room_kind: u64,
    /// Students over the room's capacity, summed over lectures.
    pub room_capacity: u64,
    /// Days missing from the courses' minimum working days.
    pub min_working_days: u64,
    /// Isolated lectures of curricula.
    pub isolated_lectures: u64,
    /// Rooms beyond the first used by a course.
    pub room_stability: u64,
    /// Windows in curricula's days.
    pub curriculum_windows: u64,
    /// Windows in teachers' days.
    pub teacher_windows: u64,
    /// Free periods before the first of curricula's days.
    pub late_starts: u64,
    /// Periods curricula's days lack to reach their daily minimum.
    pub short_days: u64,
    /// Per curriculum and day, occupied periods over its daily limit (hard).
    pub daily_excess: u64,
    /// Lines skipped as a repeat of a course in the same period.
    pub repeated: u64,
    pub weights: Weights,
}

impl Evaluation {
    /// Total hard violations: zero for a feasible timetable.
    pub fn hard(&self) -> u64 {
        self.lectures
            + self.conflicts
            + self.availability
            + self.room_occupancy
            + self.room_kind
            + self.daily_excess
    }

    /// The weighted soft cost ("Total Cost").
    pub fn cost(&self) -> u64 {
        let w = self.weights;
        self.room_capacity * w.room_capacity
            + self.min_working_days * w.min_working_days
            + self.isolated_lectures * w.compactness
            + self.room_stability * w.room_stability
            + self.curriculum_windows * w.curriculum_window
            + self.teacher_windows * w.teacher_window
            + self.late_starts * w.late_start
            + self.short_days * w.short_day
    }

    /// Report lines of the college's goals, only those that count.
    fn goals_report(&self) -> String {
        let w = self.weights;
        let mut out = String::new();
        if self.daily_excess > 0 {
            out += &format!("Violations of DailyLimit (hard) : {}\n", self.daily_excess);
        }
        let soft = [
            (
                "CurriculumWindows",
                self.curriculum_windows,
                w.curriculum_window,
            ),
            ("TeacherWindows", self.teacher_windows, w.teacher_window),
            ("LateStarts", self.late_starts, w.late_start),
            ("ShortDays", self.short_days, w.short_day),
        ];
        for (name, count, weight) in soft.into_iter().filter(|s| s.2 > 0) {
            out += &format!("Cost of {name} (soft) : {}\n", count * weight);
        }
        out
    }

    /// A multi-line report in the style of the official validator.
    pub fn report(&self) -> String {
        let w = self.weights;
        format!(
            "Violations of Lectures (hard) : {}\n\
             Violations of Conflicts (hard) : {}\n\
             Violations of Availability (hard) : {}\n\
             Violations of RoomOccupation (hard) : {}\n\
             Cost of RoomCapacity (soft) : {}\n\
             Cost of MinWorkingDays (soft) : {}\n\
             Cost of CurriculumCompactness (soft) : {}\n\
             Cost of RoomStability (soft) : {}\n\
             {}{}Summary: Violations = {}, Total Cost = {}\n",
            self.lectures,
            self.conflicts,
            self.availability,
            self.room_occupancy,
            self.room_capacity * w.room_capacity,
            self.min_working_days * w.min_working_days,
            self.isolated_lectures * w.compactness,
            self.room_stability * w.room_stability,
            if self.room_kind > 0 {
                format!("Violations of RoomKind (hard) : {}\n", self.room_kind)
            } else {
                String::new()
            },
            self.goals_report(),
            self.hard(),
            self.cost()
        )
    }
}

/// Evaluates a solution; placements must refer to courses, rooms and periods of the problem.
pub fn evaluate(problem: &Problem, solution: &Solution) -> Evaluation {
    let n_courses = problem.courses().len();
    let n_rooms = problem.rooms().len();
    let periods = problem.periods();
    let ppd = problem.periods_per_day();
    let mut e = Evaluation {
        weights: problem.weights(),
        ..Evaluation::default()
    };

    // room + 1 per course and period; 0: no lecture.
    let mut tt = vec![0usize; n_courses * periods];
    for p in &solution.placements {
        let cell = &mut tt[p.course * periods + p.period];
        if *cell != 0 {
            e.repeated += 1;
        } else {
            *cell = p.room + 1;
        }
    }
    let room_at = |c: usize, p: usize| tt[c * periods + p].checked_sub(1);

    let mut room_lectures = vec![0u64; n_rooms * periods];
    for (c, course) in problem.courses().iter().enumerate() {
        let mut placed = 0usize;
        let mut days = vec![false; problem.days()];
        let mut rooms = vec![false; n_rooms];
        for p in 0..periods {
            let Some(r) = room_at(c, p) else { continue };
            placed += 1;
            days[p / ppd] = true;
            rooms[r] = true;
            room_lectures[r * periods + p] += 1;
            if !problem.is_available(c, p) {
                e.availability += 1;
            }
            if !problem.is_suitable(c, r) {
                e.room_kind += 1;
            }
            let capacity = problem.rooms()[r].capacity;
            e.room_capacity += course.students.saturating_sub(capacity) as u64;
            for c2 in c + 1..n_courses {
                if problem.conflicts(c, c2) && room_at(c2, p).is_some() {
                    e.conflicts += 1;
                }
            }
        }
        e.lectures += placed.abs_diff(course.lectures) as u64;
        let working_days = days.iter().filter(|&&d| d).count();
        e.min_working_days += course.min_working_days.saturating_sub(working_days) as u64;
        let used_rooms = rooms.iter().filter(|&&r| r).count();
        e.room_stability += used_rooms.saturating_sub(1) as u64;
    }
    e.room_occupancy = room_lectures.iter().map(|&n| n.saturating_sub(1)).sum();

    for q in problem.curricula() {
        let count = |p: usize| {
            q.courses
                .iter()
                .filter(|&&c| room_at(c, p).is_some())
                .count() as u64
        };
        let counts: Vec<u64> = (0..periods).map(count).collect();
        for p in 0..periods {
            if counts[p] == 0 {
                continue;
            }
            let slot = p % ppd;
            let before = slot > 0 && counts[p - 1] > 0;
            let after = slot + 1 < ppd && counts[p + 1] > 0;
            if !before && !after {
                e.isolated_lectures += counts[p];
            }
        }
    }
    goals(problem, &tt, &mut e);
    e
}

/// Windows and daily excess from the courses × periods table (room + 1, or 0).
fn goals(problem: &Problem, tt: &[usize], e: &mut Evaluation) {
    let (periods, ppd) = (problem.periods(), problem.periods_per_day());
    let busy = |courses: &mut dyn Iterator<Item = usize>| -> Vec<u64> {
        let mut masks = vec![0u64; problem.days()];
        for c in courses {
            for p in (0..periods).filter(|&p| tt[c * periods + p] != 0) {
                masks[p / ppd] |= day::bit(p % ppd);
            }
        }
        masks
    };
    for (g, q) in problem.curricula().iter().enumerate() {
        for mask in busy(&mut q.courses.iter().copied()) {
            e.curriculum_windows += day::windows(mask);
            e.late_starts += day::late_start(mask);
            e.short_days += day::shortfall(mask, problem.daily_minimum(g));
            e.daily_excess += day::excess(mask, problem.daily_limit(g));
        }
    }
    for t in 0..problem.teachers().len() {
        let mut courses = (0..problem.courses().len()).filter(|&c| problem.teacher_of(c) == t);
        for mask in busy(&mut courses) {
            e.teacher_windows += day::windows(mask);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::{course, room};
    use crate::model::Curriculum;
    use crate::solution::Placement;

    /// Two days of three periods; rooms big (60) and small (10).
    /// Courses: a (t1, 3 lectures, 2 days, 20 students), b (t2, 2, 2, 5),
    /// c (t1, 1, 1, 5), d (t3, 1, 1, 60). Curriculum q = {a, b}; c is unavailable in period 0.
    fn problem() -> Problem {
        Problem::new(
            "small",
            2,
            3,
            vec![
                course("a", "t1", 3, 2, 20),
                course("b", "t2", 2, 2, 5),
                course("c", "t1", 1, 1, 5),
                course("d", "t3", 1, 1, 60),
            ],
            vec![room("big", 60), room("small", 10)],
            vec![Curriculum {
                name: "q".into(),
                courses: vec![0, 1],
            }],
            &[(2, 0)],
        )
        .unwrap()
    }

    fn at(course: usize, room: usize, period: usize) -> Placement {
        Placement {
            course,
            room,
            period,
        }
    }

    fn eval(placements: Vec<Placement>) -> Evaluation {
        evaluate(&problem(), &Solution { placements })
    }

    /// A perfect timetable: a and b adjacent on both days, c and d elsewhere.
    fn perfect() -> Vec<Placement> {
        vec![
            at(0, 0, 0),
            at(0, 0, 1),
            at(1, 1, 2),
            at(0, 0, 3),
            at(1, 1, 4),
            at(2, 1, 5),
            at(3, 0, 5),
        ]
    }

    #[test]
    fn a_perfect_timetable_costs_nothing() {
        let e = eval(perfect());
        assert_eq!((e.hard(), e.cost()), (0, 0), "{e:?}");
    }

    #[test]
    fn lectures_count_missing_and_extra() {
        let mut s = perfect();
        s.remove(0); // a: 2 of 3
        s.push(at(3, 1, 2)); // d: 2 of 1
        let e = eval(s);
        assert_eq!(e.lectures, 2);
    }

    #[test]
    fn a_repeated_course_period_is_skipped() {
        let mut s = perfect();
        s.push(at(0, 1, 0));
        let e = eval(s);
        assert_eq!((e.repeated, e.lectures, e.room_occupancy), (1, 0, 0));
    }

    #[test]
    fn conflicts_count_pairs_of_courses_per_period() {
        // c (same teacher as a) moves into period 0 with a; b too (same curriculum as a).
        let mut s = perfect();
        s[5] = at(2, 1, 1); // c with a in period 1 (c is available there)
        s[2] = at(1, 1, 0); // b with a in period 0
        let e = eval(s);
        assert_eq!(e.conflicts, 2, "{e:?}");
        // b and c share neither curriculum nor teacher.
        let e = eval(vec![at(1, 0, 1), at(2, 1, 1)]);
        assert_eq!(e.conflicts, 0);
    }

    #[test]
    fn availability_counts_lectures_in_unavailable_periods() {
        let mut s = perfect();
        s[5] = at(2, 1, 0);
        assert_eq!(eval(s).availability, 1);
    }

    #[test]
    fn room_occupancy_counts_extra_lectures_in_a_room() {
        let mut s = perfect();
        s[5] = at(2, 0, 5); // c and d both in big at period 5
        let e = eval(s);
        assert_eq!(e.room_occupancy, 1);
        let e = eval(vec![at(1, 0, 1), at(2, 0, 1), at(3, 0, 1)]);
        assert_eq!(e.room_occupancy, 2);
    }

    #[test]
    fn room_capacity_counts_students_over() {
        let mut s = perfect();
        s[0] = at(0, 1, 0); // a (20) in small (10): 10 over, and a second room
        s[6] = at(3, 1, 5); // d (60) in small: 50 over...
        s[5] = at(2, 0, 5); // ...c moves to big
        let e = eval(s);
        assert_eq!(e.room_capacity, 60);
        assert_eq!(e.room_stability, 1);
        assert_eq!(e.cost(), 61);
    }

    #[test]
    fn min_working_days_count_missing_days_times_five() {
        let mut s = perfect();
        s[3] = at(0, 0, 2); // all of a on day 0: 1 day of 2
        s[2] = at(1, 1, 3); // b keeps days 0..; b: periods 3 and 4, both day 1
        let e = eval(s);
        assert_eq!(e.min_working_days, 2, "{e:?}");
        assert!(e.cost() >= 10);
    }

    #[test]
    fn compactness_counts_isolated_lectures_times_two() {
        let s = vec![
            at(0, 0, 0), // day 0: a at 0 and b at 2 are both isolated
            at(1, 1, 2),
            at(0, 0, 3), // day 1: a, b, a at 3, 4, 5 are not
            at(1, 1, 4),
            at(0, 0, 5),
            at(2, 1, 1), // c and d are in no curriculum
            at(3, 0, 1),
        ];
        let e = eval(s);
        assert_eq!(e.isolated_lectures, 2, "{e:?}");
        assert_eq!((e.hard(), e.cost()), (0, 4));
        // The last period of a day is not adjacent to the first of the next.
        let e = eval(vec![at(0, 0, 2), at(1, 0, 3)]);
        assert_eq!(e.isolated_lectures, 2);
        // Two lectures of a curriculum in one isolated period count twice.
        let e = eval(vec![at(0, 0, 0), at(1, 1, 0)]);
        assert_eq!(e.isolated_lectures, 2);
    }

    /// q = {a, b}: day 0 has a at 0 and b at 2 (a window at 1), day 1 a, b, a
    /// at 3, 4, 5. Teacher t1 (a, c): c at 1 and a at 0 on day 0, a at 3
    /// and 5 on day 1 (a window at 4).
    fn with_windows() -> Vec<Placement> {
        let mut s = perfect();
        s[1] = at(0, 0, 5);
        s[5] = at(2, 1, 1);
        s[6] = at(3, 0, 1);
        s
    }

    #[test]
    fn windows_are_counted_and_cost_only_with_their_weights() {
        let e = eval(with_windows());
        assert_eq!((e.curriculum_windows, e.teacher_windows), (1, 1), "{e:?}");
        assert_eq!(e.late_starts, 0);
        // UD2: only the two isolated lectures of day 0.
        assert_eq!((e.hard(), e.cost()), (0, 4));
        assert!(!e.report().contains("Windows"));
        let weights = Weights {
            curriculum_window: 10,
            teacher_window: 3,
            ..Weights::default()
        };
        let p = problem().with_weights(weights);
        let e = evaluate(
            &p,
            &Solution {
                placements: with_windows(),
            },
        );
        assert_eq!((e.hard(), e.cost()), (0, 4 + 10 + 3));
        assert!(e.report().contains("Cost of CurriculumWindows (soft) : 10"));
        assert!(e.report().contains("Cost of TeacherWindows (soft) : 3"));
        // The perfect timetable has no curriculum window, but t1 waits at
        // period 4 between a at 3 and c at 5.
        let e = evaluate(
            &p,
            &Solution {
                placements: perfect(),
            },
        );
        assert_eq!(
            (e.curriculum_windows, e.teacher_windows, e.cost()),
            (0, 1, 3)
        );
    }

    #[test]
    fn late_starts_count_free_periods_before_a_day_first() {
        // q: a at the third period of day 0, b at the second of day 1.
        let placements = vec![at(0, 0, 2), at(1, 1, 4)];
        let e = eval(placements.clone());
        assert_eq!(e.late_starts, 3);
        let weights = Weights {
            late_start: 4,
            ..Weights::default()
        };
        let p = problem().with_weights(weights);
        let late = evaluate(&p, &Solution { placements });
        assert_eq!(late.cost(), e.cost() + 12);
        assert!(late.report().contains("Cost of LateStarts (soft) : 12"));
    }

    #[test]
    fn short_days_count_periods_missing_from_the_daily_minimum() {
        let p = problem()
            .with_weights(Weights {
                short_day: 3,
                ..Weights::default()
            })
            .with_daily_minimums(vec![3])
            .unwrap();
        // perfect: q has 3 periods on day 0 and 2 on day 1.
        let e = evaluate(
            &p,
            &Solution {
                placements: perfect(),
            },
        );
        assert_eq!((e.short_days, e.cost()), (1, 3));
        // Nothing at all: both days lack all three.
        let e = evaluate(&p, &Solution { placements: vec![] });
        assert_eq!(e.short_days, 6);
    }

    #[test]
    fn a_daily_limit_is_hard() {
        // The perfect timetable fills all three periods of day 0 for q.
        assert_eq!(eval(perfect()).hard(), 0);
        let p = problem().with_daily_limits(vec![Some(2)]).unwrap();
        let e = evaluate(
            &p,
            &Solution {
                placements: perfect(),
            },
        );
        assert_eq!((e.daily_excess, e.hard(), e.cost()), (1, 1, 0));
        assert!(e.report().contains("Violations of DailyLimit (hard) : 1"));
        // Two on day 0 keep it, three on day 1 do not.
        let e = evaluate(
            &p,
            &Solution {
                placements: with_windows(),
            },
        );
        assert_eq!(e.daily_excess, 1, "{e:?}");
        let p = problem().with_daily_limits(vec![Some(3)]).unwrap();
        assert_eq!(
            evaluate(
                &p,
                &Solution {
                    placements: perfect()
                }
            )
            .hard(),
            0
        );
        assert!(problem().with_daily_limits(vec![]).is_err());
    }

    #[test]
    fn room_stability_counts_extra_rooms() {
        let mut s = perfect();
        s[1] = at(0, 1, 1); // a: big, small, big -> 2 rooms
        s[2] = at(1, 0, 2); // b: big, small -> 2 rooms
        let e = eval(s);
        assert_eq!(e.room_stability, 2);
        // a (20) in small (10) for one lecture.
        assert_eq!(e.room_capacity, 10);
        assert_eq!(e.cost(), 12);
    }
}
