//! The search state: where each lecture is, plus the counters that make the
//! cost change of inserting or removing one lecture cheap to compute
//! (O(curricula of its course + 3 neighbouring periods)).
//!
//! Room occupancy is kept by construction (one lecture per room and period).
//! Clashes — two lectures of a curriculum, of a teacher or of one course in
//! one period — are allowed and counted in `hard`, so the search can pass
//! through them; so are lectures in unavailable periods and curricula's days
//! over their daily limit.
//!
//! The college's goals (windows, late starts, short days, daily limits)
//! keep a bit mask of occupied periods per curriculum or teacher and day,
//! updated only when a period fills or empties and only for problems that
//! ask for them, so UD2 instances pay nothing for them.

use crate::day;
use crate::model::Problem;
use crate::solution::{Placement, Solution};

pub(crate) const NONE: u32 = u32::MAX;

/// A change of the hard violations and the weighted soft cost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Delta {
    pub hard: i64,
    pub soft: i64,
}

impl std::ops::AddAssign for Delta {
    fn add_assign(&mut self, o: Delta) {
        self.hard += o.hard;
        self.soft += o.soft;
    }
}

pub(crate) struct State<'a> {
    pub problem: &'a Problem,
    pub rooms: usize,
    pub periods: usize,
    ppd: usize,
    pub course_of: Vec<u32>,
    pub period_of: Vec<u32>,
    pub room_of: Vec<u32>,
    /// periods × rooms: the lecture there, or NONE.
    pub slot: Vec<u32>,
    course_period: Vec<u16>,
    curriculum_period: Vec<u16>,
    teacher_period: Vec<u16>,
    course_day: Vec<u16>,
    course_days: Vec<u16>,
    course_room: Vec<u16>,
    course_rooms: Vec<u16>,
    /// curricula × days and teachers × days: occupied periods as bits.
    curriculum_day: Vec<u64>,
    teacher_day: Vec<u64>,
    // Static tables.
    teacher_of: Vec<u32>,
    curricula_of: Vec<Vec<u32>>,
    min_days: Vec<u16>,
    /// courses × rooms: weighted cost of students over capacity.
    capacity_cost: Vec<i64>,
    w_days: i64,
    w_compact: i64,
    w_stability: i64,
    w_curriculum_window: i64,
    w_teacher_window: i64,
    w_late_start: i64,
    w_short_day: i64,
    daily_minimum: Vec<usize>,
    daily_limit: Vec<Option<usize>>,
    /// Whether the day masks are kept: some goal's weight or a daily limit is set.
    track_curricula: bool,
    track_teachers: bool,
    /// Lectures that could not be placed at all (no free room anywhere).
    pub unplaced: usize,
    pub hard: i64,
    pub soft: i64,
}

impl<'a> State<'a> {
    /// An empty timetable: every lecture unplaced.
    pub fn new(problem: &'a Problem) -> State<'a> {
        let courses = problem.courses();
        let (n_courses, rooms, periods) = (courses.len(), problem.rooms().len(), problem.periods());
        let course_of = courses
            .iter()
            .enumerate()
            .flat_map(|(c, course)| std::iter::repeat_n(c as u32, course.lectures))
            .collect::<Vec<_>>();
        let lectures = course_of.len();
        let w = problem.weights();
        let capacity_cost = courses
            .iter()
            .flat_map(|c| {
                problem.rooms().iter().map(move |r| {
                    (c.students.saturating_sub(r.capacity) as u64 * w.room_capacity) as i64
                })
            })
            .collect();
        let min_days = courses
            .iter()
            .map(|c| c.min_working_days as u16)
            .collect::<Vec<_>>();
        let soft = courses
            .iter()
            .map(|c| (c.min_working_days as u64 * w.min_working_days) as i64)
            .sum::<i64>()
            + (0..problem.curricula().len())
                .map(|g| (problem.daily_minimum(g) * problem.days()) as i64 * w.short_day as i64)
                .sum::<i64>();
        State {
            problem,
            rooms,
            periods,
            ppd: problem.periods_per_day(),
            course_of,
            period_of: vec![NONE; lectures],
            room_of: vec![NONE; lectures],
            slot: vec![NONE; periods * rooms],
            course_period: vec![0; n_courses * periods],
            curriculum_period: vec![0; problem.curricula().len() * periods],
            teacher_period: vec![0; problem.teachers().len() * periods],
            course_day: vec![0; n_courses * problem.days()],
            course_days: vec![0; n_courses],
            course_room: vec![0; n_courses * rooms],
            course_rooms: vec![0; n_courses],
            curriculum_day: vec![0; problem.curricula().len() * problem.days()],
            teacher_day: vec![0; problem.teachers().len() * problem.days()],
            teacher_of: (0..n_courses)
                .map(|c| problem.teacher_of(c) as u32)
                .collect(),
            curricula_of: (0..n_courses)
                .map(|c| problem.curricula_of(c).iter().map(|&g| g as u32).collect())
                .collect(),
            min_days,
            capacity_cost,
            w_days: w.min_working_days as i64,
            w_compact: w.compactness as i64,
            w_stability: w.room_stability as i64,
            w_curriculum_window: w.curriculum_window as i64,
            w_teacher_window: w.teacher_window as i64,
            w_late_start: w.late_start as i64,
            w_short_day: w.short_day as i64,
            daily_minimum: (0..problem.curricula().len())
                .map(|g| problem.daily_minimum(g))
                .collect(),
            daily_limit: (0..problem.curricula().len())
                .map(|g| problem.daily_limit(g))
                .collect(),
            track_curricula: w.curriculum_window > 0
                || w.late_start > 0
                || w.short_day > 0
                || (0..problem.curricula().len()).any(|g| problem.daily_limit(g).is_some()),
            track_teachers: w.teacher_window > 0,
            unplaced: lectures,
            hard: 0,
            soft,
        }
    }

    pub fn lectures(&self) -> usize {
        self.course_of.len()
    }

    pub fn lecture_at(&self, period: usize, room: usize) -> u32 {
        self.slot[period * self.rooms + room]
    }

    /// Weighted capacity cost of the course in the room.
    pub fn capacity_cost(&self, course: usize, room: usize) -> i64 {
        self.capacity_cost[course * self.rooms + room]
    }

    /// Lectures of the course in the period.
    pub fn course_count_at(&self, course: usize, period: usize) -> u16 {
        self.course_period[course * self.periods + period]
    }

    /// Whether the course already has a lecture in the room.
    pub fn course_uses_room(&self, course: usize, room: usize) -> bool {
        self.course_room[course * self.rooms + room] > 0
    }

    /// The change of clashes if lecture `l` moved to period `to` (and, if
    /// `other` is a lecture, that one moved to `l`'s period), with a lower
    /// bound on the weighted soft change given the rooms they would take.
    /// Changes nothing: used to reject hopeless moves before making them.
    pub fn estimate(&self, l: usize, to: usize, room: usize, other: u32) -> (i64, i64) {
        let from = self.period_of[l] as usize;
        let c = self.course_of[l] as usize;
        let r1 = self.room_of[l] as usize;
        let mut soft =
            self.capacity_cost[c * self.rooms + room] - self.capacity_cost[c * self.rooms + r1];
        if other == NONE {
            let (hard, lb) = self.one_way(c, from, to, usize::MAX);
            return (hard, soft + lb);
        }
        let c2 = self.course_of[other as usize] as usize;
        soft +=
            self.capacity_cost[c2 * self.rooms + r1] - self.capacity_cost[c2 * self.rooms + room];
        let (h1, lb1) = self.one_way(c, from, to, c2);
        let (h2, lb2) = self.one_way(c2, to, from, c);
        (h1 + h2, soft + lb1 + lb2)
    }

    /// Clash change of one lecture of `c` going from `from` to `to`, counting
    /// only the teacher and curricula it does not share with `partner` (whose
    /// lecture goes the other way), and a lower bound on its soft change
    /// other than room capacity.
    fn one_way(&self, c: usize, from: usize, to: usize, partner: usize) -> (i64, i64) {
        let periods = self.periods;
        let mut lb = -self.w_days - self.w_stability;
        if from == to {
            return (0, lb);
        }
        let mut hard = 0;
        let leave = |n: u16| i64::from(n > 1);
        let enter = |n: u16| i64::from(n > 0);
        hard += enter(self.course_period[c * periods + to])
            - leave(self.course_period[c * periods + from]);
        let t = self.teacher_of[c] as usize;
        let days = self.problem.days();
        if partner == usize::MAX || self.teacher_of[partner] as usize != t {
            let (n_from, n_to) = (
                self.teacher_period[t * periods + from],
                self.teacher_period[t * periods + to],
            );
            hard += enter(n_to) - leave(n_from);
            if self.track_teachers {
                let masks = &self.teacher_day[t * days..(t + 1) * days];
                for (old, new) in self.shifted(masks, from, to, n_from == 1, n_to == 0) {
                    lb += windows_change(old, new) * self.w_teacher_window;
                }
            }
        }
        hard += i64::from(!self.problem.is_available(c, to))
            - i64::from(!self.problem.is_available(c, from));
        let s = to % self.ppd;
        for &g in &self.curricula_of[c] {
            let base = g as usize * periods;
            let row = &self.curriculum_period[base..base + periods];
            if partner == usize::MAX || !self.curricula_of[partner].contains(&g) {
                hard += enter(row[to]) - leave(row[from]);
                if self.track_curricula {
                    let g = g as usize;
                    let masks = &self.curriculum_day[g * days..(g + 1) * days];
                    for (old, new) in self.shifted(masks, from, to, row[from] == 1, row[to] == 0) {
                        let d = self.curriculum_goals(g, old, new);
                        hard += d.hard;
                        lb += d.soft;
                    }
                }
            }
            let before = if s > 0 { row[to - 1] } else { 0 };
            let after = if s + 1 < self.ppd { row[to + 1] } else { 0 };
            lb -= (1 + i64::from(before) + i64::from(after)) * self.w_compact;
        }
        (hard, lb)
    }

    /// The (old, new) masks of the one or two days a lecture's move touches:
    /// it empties `from` if `leaves` and fills `to` if `enters`.
    fn shifted(
        &self,
        masks: &[u64],
        from: usize,
        to: usize,
        leaves: bool,
        enters: bool,
    ) -> [(u64, u64); 2] {
        let (df, dt) = (from / self.ppd, to / self.ppd);
        let out = |m: u64| {
            if leaves {
                m & !day::bit(from % self.ppd)
            } else {
                m
            }
        };
        let into = |m: u64| {
            if enters {
                m | day::bit(to % self.ppd)
            } else {
                m
            }
        };
        if df == dt {
            [(masks[df], into(out(masks[df]))), (0, 0)]
        } else {
            [(masks[df], out(masks[df])), (masks[dt], into(masks[dt]))]
        }
    }

    /// Daily-limit (hard) and window, late-start and short-day (weighted soft) change of a curriculum's
    /// day going from mask `old` to `new`.
    fn curriculum_goals(&self, g: usize, old: u64, new: u64) -> Delta {
        let (limit, min) = (self.daily_limit[g], self.daily_minimum[g]);
        Delta {
            hard: day::excess(new, limit) as i64 - day::excess(old, limit) as i64,
            soft: windows_change(old, new) * self.w_curriculum_window
                + (day::late_start(new) as i64 - day::late_start(old) as i64) * self.w_late_start
                + (day::shortfall(new, min) as i64 - day::shortfall(old, min) as i64)
                    * self.w_short_day,
        }
    }

    /// Sets or clears (`fill`) a period in a curriculum's day; the goals' change.
    fn mark_curriculum(&mut self, g: usize, p: usize, fill: bool) -> Delta {
        let m = &mut self.curriculum_day[g * self.problem.days() + p / self.ppd];
        let old = *m;
        *m = toggled(old, p % self.ppd, fill);
        let new = *m;
        self.curriculum_goals(g, old, new)
    }

    /// Sets or clears a period in a teacher's day; the weighted window change.
    fn mark_teacher(&mut self, t: usize, p: usize, fill: bool) -> i64 {
        let m = &mut self.teacher_day[t * self.problem.days() + p / self.ppd];
        let old = *m;
        *m = toggled(old, p % self.ppd, fill);
        windows_change(old, *m) * self.w_teacher_window
    }

    /// Isolated-lecture count of the slots s−1..=s+1 of one day of a curriculum.
    fn isolated_around(day: &[u16], s: usize) -> i64 {
        let last = day.len() - 1;
        let mut sum = 0;
        for q in s.saturating_sub(1)..=(s + 1).min(last) {
            let n = day[q];
            if n > 0 && (q == 0 || day[q - 1] == 0) && (q == last || day[q + 1] == 0) {
                sum += n as i64;
            }
        }
        sum
    }

    /// Puts a lecture (currently unplaced) at a free (period, room).
    pub fn insert(&mut self, l: usize, p: usize, r: usize) -> Delta {
        debug_assert_eq!(self.period_of[l], NONE);
        debug_assert_eq!(self.slot[p * self.rooms + r], NONE);
        let c = self.course_of[l] as usize;
        self.period_of[l] = p as u32;
        self.room_of[l] = r as u32;
        self.slot[p * self.rooms + r] = l as u32;
        self.unplaced -= 1;
        let mut d = Delta::default();
        let periods = self.periods;
        let (day, s) = (p / self.ppd, p % self.ppd);

        let n = &mut self.course_period[c * periods + p];
        d.hard += i64::from(*n > 0);
        *n += 1;
        let t = self.teacher_of[c] as usize;
        let n = &mut self.teacher_period[t * periods + p];
        d.hard += i64::from(*n > 0);
        *n += 1;
        if *n == 1 && self.track_teachers {
            d.soft += self.mark_teacher(t, p, true);
        }
        if !self.problem.is_available(c, p) {
            d.hard += 1;
        }
        for i in 0..self.curricula_of[c].len() {
            let g = self.curricula_of[c][i] as usize;
            let start = g * periods + day * self.ppd;
            let counts = &mut self.curriculum_period[start..start + self.ppd];
            d.hard += i64::from(counts[s] > 0);
            let before = Self::isolated_around(counts, s);
            counts[s] += 1;
            let fills = counts[s] == 1;
            d.soft += (Self::isolated_around(counts, s) - before) * self.w_compact;
            if fills && self.track_curricula {
                d += self.mark_curriculum(g, p, true);
            }
        }

        d.soft += self.capacity_cost[c * self.rooms + r];
        let n = &mut self.course_day[c * self.problem.days() + day];
        if *n == 0 {
            let used = self.course_days[c];
            if used < self.min_days[c] {
                d.soft -= self.w_days;
            }
            self.course_days[c] = used + 1;
        }
        *n += 1;
        let n = &mut self.course_room[c * self.rooms + r];
        if *n == 0 {
            if self.course_rooms[c] > 0 {
                d.soft += self.w_stability;
            }
            self.course_rooms[c] += 1;
        }
        *n += 1;
        self.hard += d.hard;
        self.soft += d.soft;
        d
    }

    /// Takes a placed lecture out of the timetable.
    pub fn remove(&mut self, l: usize) -> Delta {
        let (p, r) = (self.period_of[l] as usize, self.room_of[l] as usize);
        debug_assert_ne!(p as u32, NONE);
        let c = self.course_of[l] as usize;
        self.period_of[l] = NONE;
        self.room_of[l] = NONE;
        self.slot[p * self.rooms + r] = NONE;
        self.unplaced += 1;
        let mut d = Delta::default();
        let periods = self.periods;
        let (day, s) = (p / self.ppd, p % self.ppd);

        let n = &mut self.course_period[c * periods + p];
        *n -= 1;
        d.hard -= i64::from(*n > 0);
        let t = self.teacher_of[c] as usize;
        let n = &mut self.teacher_period[t * periods + p];
        *n -= 1;
        d.hard -= i64::from(*n > 0);
        if *n == 0 && self.track_teachers {
            d.soft += self.mark_teacher(t, p, false);
        }
        if !self.problem.is_available(c, p) {
            d.hard -= 1;
        }
        for i in 0..self.curricula_of[c].len() {
            let g = self.curricula_of[c][i] as usize;
            let start = g * periods + day * self.ppd;
            let counts = &mut self.curriculum_period[start..start + self.ppd];
            let before = Self::isolated_around(counts, s);
            counts[s] -= 1;
            let empties = counts[s] == 0;
            d.hard -= i64::from(!empties);
            d.soft += (Self::isolated_around(counts, s) - before) * self.w_compact;
            if empties && self.track_curricula {
                d += self.mark_curriculum(g, p, false);
            }
        }

        d.soft -= self.capacity_cost[c * self.rooms + r];
        let n = &mut self.course_day[c * self.problem.days() + day];
        *n -= 1;
        if *n == 0 {
            let used = self.course_days[c] - 1;
            if used < self.min_days[c] {
                d.soft += self.w_days;
            }
            self.course_days[c] = used;
        }
        let n = &mut self.course_room[c * self.rooms + r];
        *n -= 1;
        if *n == 0 {
            self.course_rooms[c] -= 1;
            if self.course_rooms[c] > 0 {
                d.soft -= self.w_stability;
            }
        }
        self.hard += d.hard;
        self.soft += d.soft;
        d
    }

    /// Moves a placed lecture to a free (period, room).
    pub fn relocate(&mut self, l: usize, p: usize, r: usize) -> Delta {
        let mut d = self.remove(l);
        d += self.insert(l, p, r);
        d
    }

    /// The placement of every lecture, to restore later with [`State::restore`].
    pub fn snapshot(&self) -> Vec<(u32, u32)> {
        self.period_of
            .iter()
            .copied()
            .zip(self.room_of.iter().copied())
            .collect()
    }

    pub fn restore(&mut self, placement: &[(u32, u32)]) {
        for l in 0..self.lectures() {
            if self.period_of[l] != NONE {
                self.remove(l);
            }
        }
        for (l, &(p, r)) in placement.iter().enumerate() {
            if p != NONE {
                self.insert(l, p as usize, r as usize);
            }
        }
    }

    pub fn solution(&self) -> Solution {
        let placements = (0..self.lectures())
            .filter(|&l| self.period_of[l] != NONE)
            .map(|l| Placement {
                course: self.course_of[l] as usize,
                room: self.room_of[l] as usize,
                period: self.period_of[l] as usize,
            })
            .collect();
        Solution { placements }
    }
}

fn windows_change(old: u64, new: u64) -> i64 {
    day::windows(new) as i64 - day::windows(old) as i64
}

fn toggled(mask: u64, period_of_day: usize, fill: bool) -> u64 {
    if fill {
        mask | day::bit(period_of_day)
    } else {
        mask & !day::bit(period_of_day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ctt;
    use crate::evaluate::evaluate;
    use crate::solver::rng::Rng;
    use crate::solver::tests::with_goals;

    /// The state's running totals agree with a recount from scratch and with the
    /// official evaluator after every one of many random moves and swaps.
    #[test]
    fn incremental_costs_match_full_evaluation() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/cbctt/comp01.ctt"
        ))
        .unwrap_or_else(|_| ctt::tests::TOY.to_string());
        let problem = ctt::parse(&text).unwrap();
        random_steps_match_full_evaluation(&problem);
        random_steps_match_full_evaluation(&with_goals(problem));
    }

    fn random_steps_match_full_evaluation(problem: &Problem) {
        let mut s = State::new(problem);
        let mut rng = Rng::new(3);
        for l in 0..s.lectures() {
            loop {
                let (p, r) = (rng.below(s.periods), rng.below(s.rooms));
                let c = s.course_of[l] as usize;
                if s.lecture_at(p, r) == NONE && s.course_count_at(c, p) == 0 {
                    s.insert(l, p, r);
                    break;
                }
            }
        }
        for step in 0..20_000 {
            let l = rng.below(s.lectures());
            let (p, r) = (rng.below(s.periods), rng.below(s.rooms));
            let other = s.lecture_at(p, r);
            let (p1, r1) = (s.period_of[l] as usize, s.room_of[l] as usize);
            let c = s.course_of[l] as usize;
            // Keep one lecture of a course per period, as a valid solution file has.
            if p != p1 && s.course_count_at(c, p) > 0 {
                continue;
            }
            if other != NONE
                && p != p1
                && s.course_count_at(s.course_of[other as usize] as usize, p1) > 0
            {
                continue;
            }
            if other == NONE {
                s.relocate(l, p, r);
            } else if other as usize != l {
                s.remove(l);
                s.remove(other as usize);
                s.insert(l, p, r);
                s.insert(other as usize, p1, r1);
            }
            if step % 97 == 0 {
                let mut fresh = State::new(problem);
                fresh.restore(&s.snapshot());
                assert_eq!((s.hard, s.soft), (fresh.hard, fresh.soft), "step {step}");
                let e = evaluate(problem, &s.solution());
                assert_eq!(e.repeated, 0);
                assert_eq!(s.soft, e.cost() as i64, "step {step}");
                assert_eq!(s.hard == 0, e.hard() == 0, "step {step}");
            }
        }
        // The goals were really at play.
        let e = evaluate(problem, &s.solution());
        if problem.weights().curriculum_window > 0 {
            assert!(e.curriculum_windows > 0 && e.teacher_windows > 0, "{e:?}");
            assert!(e.daily_excess > 0 && e.late_starts > 0, "{e:?}");
            assert!(e.short_days > 0, "{e:?}");
        }
    }

    /// The price of a move or swap computed without making it has the exact
    /// clash change and never more than the soft change.
    #[test]
    fn estimates_bound_the_real_change() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/cbctt/comp05.ctt"
        ))
        .unwrap_or_else(|_| ctt::tests::TOY.to_string());
        let problem = ctt::parse(&text).unwrap();
        prices_bound_the_real_change(&problem);
        prices_bound_the_real_change(&with_goals(problem));
    }

    fn prices_bound_the_real_change(problem: &Problem) {
        let mut s = State::new(problem);
        let mut rng = Rng::new(9);
        for l in 0..s.lectures() {
            loop {
                let (p, r) = (rng.below(s.periods), rng.below(s.rooms));
                if s.lecture_at(p, r) == NONE {
                    s.insert(l, p, r);
                    break;
                }
            }
        }
        let mut checked = 0;
        for _ in 0..50_000 {
            let l = rng.below(s.lectures());
            let (p2, r2) = (rng.below(s.periods), rng.below(s.rooms));
            let (p1, r1) = (s.period_of[l] as usize, s.room_of[l] as usize);
            let c = s.course_of[l] as usize;
            let other = s.lecture_at(p2, r2);
            if (p1, r1) == (p2, r2) || (p1 != p2 && s.course_count_at(c, p2) > 0) {
                continue;
            }
            let (hard, soft) = s.estimate(l, p2, r2, other);
            let d = if other == NONE {
                s.relocate(l, p2, r2)
            } else {
                let o = other as usize;
                let c2 = s.course_of[o] as usize;
                if c2 == c || (p1 != p2 && s.course_count_at(c2, p1) > 0) {
                    continue;
                }
                let mut d = s.remove(l);
                d += s.remove(o);
                d += s.insert(l, p2, r2);
                d += s.insert(o, p1, r1);
                d
            };
            assert_eq!(d.hard, hard);
            assert!(d.soft >= soft, "{} < {soft}", d.soft);
            checked += 1;
        }
        assert!(checked > 10_000, "{checked}");
    }
}
