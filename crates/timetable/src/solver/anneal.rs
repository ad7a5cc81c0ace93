//! Simulated annealing over move, swap, Kempe-chain and room-of-a-course
//! neighbourhoods.
//!
//! Moves and swaps are first priced without changing anything — the exact
//! clash change plus a lower bound on the soft change — and refused there if
//! even that bound would be refused with the same random draw, so most
//! hopeless moves cost a few table lookups.
//!
//! Clashes are penalised with a weight rather than forbidden, so the search
//! can cross infeasible timetables; only clash-free timetables are kept as
//! the best. The temperature falls geometrically with the budget spent; when
//! the search stalls at low temperature it is reheated from the best timetable.

use std::time::Instant;

use super::kempe::Chain;
use super::rng::Rng;
use super::state::{Delta, State, NONE};
use super::{Budget, Tables};

/// Weight of one clash against one unit of soft cost, at first; it grows
/// while the search stays infeasible and falls back once it is feasible.
const HARD_WEIGHT: i64 = 20;
const MAX_HARD_WEIGHT: i64 = 5_000;
/// Checks in a row with clashes before the weight grows by a quarter.
const INFEASIBLE_CHECKS: u64 = 10;

/// The annealing parameters. Chosen on comp02, 05, 07, 12, 13 and 19 (three
/// seeds, 30 million moves each) and used unchanged for every instance.
pub(crate) struct Params {
    /// Temperature at the start and at the end of the budget (units of soft cost).
    pub t_start: f64,
    pub t_end: f64,
    /// Share of steps that are Kempe-chain swaps.
    pub kempe_rate: f64,
    /// Share of moves and swaps that keep the lecture's room (change only the period).
    pub keep_room_rate: f64,
    /// Share of steps that put all the lectures of a course into one room.
    pub room_move_rate: f64,
    /// Checks (of CHECK_EVERY moves) without a new best before reheating.
    pub stall_checks: u64,
    /// Reheats go back to this share of the start temperature.
    pub reheat: f64,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            t_start: 8.0,
            t_end: 0.08,
            kempe_rate: 0.12,
            keep_room_rate: 0.5,
            room_move_rate: 0.03,
            stall_checks: 20_000,
            reheat: 0.5,
        }
    }
}

/// The repair phase accepts a new clash with probability e^(−1/T).
const REPAIR_TEMPERATURE: f64 = 0.25;
/// The most of the budget the repair phase may take.
const REPAIR_SHARE: f64 = 0.5;
/// Deltas above this are never accepted (their probability is negligible anyway).
const MAX_DELTA: usize = 256;
const CHECK_EVERY: u64 = 1024;

pub(crate) struct Search<'s, 'a> {
    pub state: &'s mut State<'a>,
    pub tables: &'s Tables,
    pub rng: &'s mut Rng,
    /// Acceptance thresholds for uphill deltas 1..=MAX_DELTA, scaled to u64.
    thresholds: Vec<u64>,
    pub chain: Chain,
    hard_weight: i64,
    infeasible_checks: u64,
    pub params: Params,
    /// False while repairing: only clashes count.
    count_soft: bool,
    /// Scratch for the room move: (lecture, lecture displaced or NONE, period, old room).
    moved: Vec<(u32, u32, u32, u32)>,
}

impl Search<'_, '_> {
    fn set_temperature(&mut self, t: f64) {
        for (d, th) in self.thresholds.iter_mut().enumerate() {
            let p = (-(d as f64) / t).exp();
            *th = (p * u64::MAX as f64) as u64;
        }
    }

    fn adapt_hard_weight(&mut self) {
        if self.state.hard > 0 || self.state.unplaced > 0 {
            self.infeasible_checks += 1;
            if self.infeasible_checks == INFEASIBLE_CHECKS {
                self.infeasible_checks = 0;
                self.hard_weight = (self.hard_weight + self.hard_weight / 4).min(MAX_HARD_WEIGHT);
            }
        } else {
            self.infeasible_checks = 0;
            self.hard_weight = HARD_WEIGHT;
        }
    }

    pub fn accepts(&mut self, d: Delta) -> bool {
        let x = self.rng.next_u64();
        self.accepts_with(d.hard, d.soft, x)
    }

    /// Whether a change is accepted given the random draw `x`; the
    /// acceptance thresholds fall with the change, so a lower bound on the
    /// change that is refused means the change itself is refused.
    fn accepts_with(&self, hard: i64, soft: i64, x: u64) -> bool {
        let soft = if self.count_soft { soft } else { 0 };
        let total = hard * self.hard_weight + soft;
        if total <= 0 {
            return true;
        }
        let total = total as usize;
        total <= MAX_DELTA && x < self.thresholds[total]
    }

    fn random_lecture(&mut self) -> Option<usize> {
        let l = self.rng.below(self.state.lectures());
        (self.state.period_of[l] != NONE).then_some(l)
    }

    /// Moves a lecture to another period and/or room; if a lecture is
    /// there, the two swap places. An unplaced lecture is put in instead.
    fn try_move(&mut self) {
        let l = self.rng.below(self.state.lectures());
        if self.state.period_of[l] == NONE {
            self.try_place(l);
            return;
        }
        let c = self.state.course_of[l] as usize;
        let periods = &self.tables.available_periods[c];
        if periods.is_empty() {
            return;
        }
        let (p1, r1) = (
            self.state.period_of[l] as usize,
            self.state.room_of[l] as usize,
        );
        let p2 = periods[self.rng.below(periods.len())] as usize;
        let r2 = if self.rng.unit() < self.params.keep_room_rate {
            r1
        } else {
            let rooms = &self.tables.suitable_rooms[c];
            rooms[self.rng.below(rooms.len())] as usize
        };
        // A course twice in one period is a clash that is never worth trying.
        if (p1, r1) == (p2, r2) || (p1 != p2 && self.state.course_count_at(c, p2) > 0) {
            return;
        }
        let other = self.state.lecture_at(p2, r2);
        let x = self.rng.next_u64();
        if other == NONE {
            let (hard, soft) = self.state.estimate(l, p2, r2, NONE);
            if !self.accepts_with(hard, soft, x) {
                return;
            }
            let d = self.state.relocate(l, p2, r2);
            debug_assert!(
                d.hard == hard && d.soft >= soft,
                "{d:?} vs ({hard}, {soft})"
            );
            if !self.accepts_with(d.hard, d.soft, x) {
                self.state.relocate(l, p1, r1);
            }
            return;
        }
        let other = other as usize;
        let c2 = self.state.course_of[other] as usize;
        let problem = self.state.problem;
        if c2 == c
            || !problem.is_available(c2, p1)
            || !problem.is_suitable(c2, r1)
            || (p1 != p2 && self.state.course_count_at(c2, p1) > 0)
        {
            return;
        }
        let (hard, soft) = self.state.estimate(l, p2, r2, other as u32);
        if !self.accepts_with(hard, soft, x) {
            return;
        }
        let s = &mut self.state;
        let mut d = s.remove(l);
        d += s.remove(other);
        d += s.insert(l, p2, r2);
        d += s.insert(other, p1, r1);
        debug_assert!(
            d.hard == hard && d.soft >= soft,
            "{d:?} vs ({hard}, {soft})"
        );
        if !self.accepts_with(d.hard, d.soft, x) {
            let s = &mut self.state;
            s.remove(l);
            s.remove(other);
            s.insert(l, p1, r1);
            s.insert(other, p2, r2);
        }
    }

    /// Puts an unplaced lecture (one the start found no free room for) at a
    /// random slot; a lecture there is taken out and becomes unplaced, so the
    /// gap wanders until some lecture finds a free room. Each unplaced
    /// lecture counts as a clash.
    fn try_place(&mut self, l: usize) {
        let c = self.state.course_of[l] as usize;
        let (periods, rooms) = (
            &self.tables.available_periods[c],
            &self.tables.suitable_rooms[c],
        );
        if periods.is_empty() || rooms.is_empty() {
            return;
        }
        let p = periods[self.rng.below(periods.len())] as usize;
        let r = rooms[self.rng.below(rooms.len())] as usize;
        if self.state.course_count_at(c, p) > 0 {
            return;
        }
        let other = self.state.lecture_at(p, r);
        let mut d = Delta { hard: -1, soft: 0 };
        if other != NONE {
            d += self.state.remove(other as usize);
            d.hard += 1;
        }
        d += self.state.insert(l, p, r);
        if !self.accepts(d) {
            self.state.remove(l);
            if other != NONE {
                self.state.insert(other as usize, p, r);
            }
        }
    }

    fn step(&mut self) {
        let u = self.rng.unit();
        if u < self.params.kempe_rate {
            self.try_kempe();
        } else if u < self.params.kempe_rate + self.params.room_move_rate {
            self.try_room_move();
        } else {
            self.try_move();
        }
    }

    /// Puts every lecture of a course into one room (for room stability):
    /// each lecture keeps its period; a lecture found in the room there
    /// takes the moved lecture's old room.
    fn try_room_move(&mut self) {
        let Some(l) = self.random_lecture() else {
            return;
        };
        let c = self.state.course_of[l] as usize;
        let rooms = &self.tables.suitable_rooms[c];
        let r = rooms[self.rng.below(rooms.len())] as usize;
        let lectures = self.tables.lectures_of[c].clone();
        let problem = self.state.problem;
        self.moved.clear();
        for x in lectures.clone() {
            let (p, rx) = (self.state.period_of[x], self.state.room_of[x]);
            if p == NONE || rx as usize == r {
                continue;
            }
            if self.state.course_count_at(c, p as usize) > 1 {
                return;
            }
            let y = self.state.lecture_at(p as usize, r);
            if y != NONE
                && !problem.is_suitable(self.state.course_of[y as usize] as usize, rx as usize)
            {
                return;
            }
            self.moved.push((x as u32, y, p, rx));
        }
        if self.moved.is_empty() {
            return;
        }
        let mut d = Delta::default();
        for i in 0..self.moved.len() {
            let (x, y, p, rx) = self.moved[i];
            d += self.state.remove(x as usize);
            if y != NONE {
                d += self.state.remove(y as usize);
                d += self.state.insert(y as usize, p as usize, rx as usize);
            }
            d += self.state.insert(x as usize, p as usize, r);
        }
        if !self.accepts(d) {
            for i in (0..self.moved.len()).rev() {
                let (x, y, p, rx) = self.moved[i];
                self.state.remove(x as usize);
                if y != NONE {
                    self.state.remove(y as usize);
                    self.state.insert(y as usize, p as usize, r);
                }
                self.state.insert(x as usize, p as usize, rx as usize);
            }
        }
    }

    fn try_kempe(&mut self) {
        let Some(l) = self.random_lecture() else {
            return;
        };
        let c = self.state.course_of[l] as usize;
        let periods = &self.tables.available_periods[c];
        if periods.is_empty() {
            return;
        }
        let p2 = periods[self.rng.below(periods.len())] as usize;
        if p2 == self.state.period_of[l] as usize {
            return;
        }
        let mut chain = std::mem::take(&mut self.chain);
        if let Some(d) = chain.apply(self.state, self.tables, l, p2) {
            if !self.accepts(d) {
                chain.undo(self.state);
            }
        }
        self.chain = chain;
    }
}

/// Key of a timetable for "best so far": clash-free first, then the soft cost.
fn key(state: &State) -> (i64, i64) {
    (state.hard + state.unplaced as i64, state.soft)
}

/// Anneals from the current state and leaves the best timetable found in it.
/// Returns the number of moves tried.
pub(crate) fn anneal(
    state: &mut State,
    tables: &Tables,
    rng: &mut Rng,
    budget: Budget,
    start: Instant,
) -> u64 {
    let limit = budget.iterations.unwrap_or(u64::MAX);
    let mut search = Search {
        state,
        tables,
        rng,
        thresholds: vec![0; MAX_DELTA + 1],
        chain: Chain::default(),
        hard_weight: 1,
        infeasible_checks: 0,
        params: Params::default(),
        moved: Vec::new(),
        count_soft: false,
    };
    let mut iterations = 0;
    // Repair: clashes only, until there are none (or a share of the budget is spent).
    search.set_temperature(REPAIR_TEMPERATURE);
    while (search.state.hard > 0 || search.state.unplaced > 0) && iterations < limit {
        if iterations % CHECK_EVERY == 0 && budget.spent(start, iterations) >= REPAIR_SHARE {
            break;
        }
        iterations += 1;
        search.step();
    }
    search.count_soft = true;
    search.hard_weight = HARD_WEIGHT;
    let mut best = search.state.snapshot();
    let mut best_key = key(search.state);
    let mut schedule = Schedule {
        t_start: search.params.t_start,
        t_end: search.params.t_end,
        stall_checks: search.params.stall_checks,
        reheat: search.params.reheat,
        segment_start: budget.spent(start, iterations),
        ..Schedule::default()
    };
    // Soft weights are unsigned, so a clash-free timetable of cost 0 cannot be bettered.
    while iterations < limit && best_key != (0, 0) {
        if iterations % CHECK_EVERY == 0 {
            let spent = budget.spent(start, iterations);
            if spent >= 1.0 {
                break;
            }
            let t = schedule.temperature(spent);
            search.set_temperature(t);
            search.adapt_hard_weight();
            if schedule.take_restart() {
                search.state.restore(&best);
            }
        }
        iterations += 1;
        search.step();
        let k = key(search.state);
        if k < best_key {
            best_key = k;
            best.clear();
            best.extend(
                search
                    .state
                    .period_of
                    .iter()
                    .copied()
                    .zip(search.state.room_of.iter().copied()),
            );
            schedule.improved();
        }
    }
    if key(search.state) != best_key {
        search.state.restore(&best);
    }
    iterations
}

/// Geometric cooling over the budget. A stall (no new best for a long while)
/// at low temperature reheats: the temperature jumps back up and then falls
/// faster, over the rest of the budget, from the best timetable.
#[derive(Default)]
struct Schedule {
    /// Budget fraction where the current cooling segment started, and its start temperature.
    segment_start: f64,
    segment_t0: Option<f64>,
    checks_since_best: u64,
    restart: bool,
    t_start: f64,
    t_end: f64,
    stall_checks: u64,
    reheat: f64,
}

impl Schedule {
    fn improved(&mut self) {
        self.checks_since_best = 0;
    }

    fn take_restart(&mut self) -> bool {
        std::mem::take(&mut self.restart)
    }

    fn temperature(&mut self, spent: f64) -> f64 {
        self.checks_since_best += 1;
        let t0 = self.segment_t0.unwrap_or(self.t_start);
        let span = (1.0 - self.segment_start).max(1e-9);
        let f = ((spent - self.segment_start) / span).clamp(0.0, 1.0);
        let t = t0 * (self.t_end / t0).powf(f);
        if self.checks_since_best > self.stall_checks && t < 4.0 * self.t_end && spent < 0.9 {
            self.segment_start = spent;
            self.segment_t0 = Some(self.t_start * self.reheat);
            self.checks_since_best = 0;
            self.restart = true;
            return self.t_start * self.reheat;
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::evaluate;
    use crate::solver::construct;
    use crate::solver::tests::{instance, with_goals};
    use crate::{ctt, Problem};

    /// After many random steps of every neighbourhood (moves, swaps, Kempe
    /// chains, room moves), accepted or undone, the running totals equal a
    /// recount from scratch and the official evaluator.
    fn deltas_match_recount(problem: &Problem, steps: usize) {
        let tables = Tables::new(problem);
        let mut rng = Rng::new(11);
        let mut state = State::new(problem);
        construct::construct(&mut state, &tables, &mut rng);
        let mut search = Search {
            state: &mut state,
            tables: &tables,
            rng: &mut rng,
            thresholds: vec![0; MAX_DELTA + 1],
            chain: Chain::default(),
            hard_weight: HARD_WEIGHT,
            infeasible_checks: 0,
            params: Params {
                kempe_rate: 0.3,
                room_move_rate: 0.2,
                ..Params::default()
            },
            moved: Vec::new(),
            count_soft: true,
        };
        search.set_temperature(2.0);
        for step in 0..steps {
            search.step();
            if step % 251 == 0 {
                let s = &*search.state;
                let mut fresh = State::new(problem);
                fresh.restore(&s.snapshot());
                assert_eq!((s.hard, s.soft), (fresh.hard, fresh.soft), "step {step}");
                assert_eq!(s.unplaced, fresh.unplaced, "step {step}");
                let e = evaluate(problem, &s.solution());
                assert_eq!(s.soft, e.cost() as i64, "step {step}");
                assert_eq!(s.hard == 0 && s.unplaced == 0, e.hard() == 0, "step {step}");
            }
        }
    }

    #[test]
    fn every_neighbourhood_keeps_costs_exact_on_the_toy() {
        deltas_match_recount(&ctt::parse(ctt::tests::TOY).unwrap(), 20_000);
    }

    #[test]
    fn every_neighbourhood_keeps_college_goals_exact() {
        let toy = ctt::parse(ctt::tests::TOY).unwrap();
        deltas_match_recount(&with_goals(toy), 20_000);
        let Some(p) = instance("comp05") else {
            eprintln!("comp05.ctt not found; skipped");
            return;
        };
        deltas_match_recount(&with_goals(p), 60_000);
    }

    #[test]
    fn every_neighbourhood_keeps_costs_exact_on_comp05() {
        let Some(p) = instance("comp05") else {
            eprintln!("comp05.ctt not found; skipped");
            return;
        };
        deltas_match_recount(&p, 60_000);
    }
}
