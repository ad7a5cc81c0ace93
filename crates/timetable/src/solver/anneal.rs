//! Simulated annealing over move, swap and Kempe-chain neighbourhoods.
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
const T_START: f64 = 4.0;
const T_END: f64 = 0.08;
/// Share of moves that are Kempe-chain swaps.
const KEMPE_RATE: f64 = 0.12;
/// Share of moves and swaps that keep the lecture's room (change only the period).
const KEEP_ROOM_RATE: f64 = 0.5;
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
    /// False while repairing: only clashes count.
    count_soft: bool,
}

impl Search<'_, '_> {
    fn set_temperature(&mut self, t: f64) {
        for (d, th) in self.thresholds.iter_mut().enumerate() {
            let p = (-(d as f64) / t).exp();
            *th = (p * u64::MAX as f64) as u64;
        }
    }

    fn adapt_hard_weight(&mut self) {
        if self.state.hard > 0 {
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
        let soft = if self.count_soft { d.soft } else { 0 };
        let total = d.hard * self.hard_weight + soft;
        if total <= 0 {
            return true;
        }
        let total = total as usize;
        total <= MAX_DELTA && self.rng.next_u64() < self.thresholds[total]
    }

    fn random_lecture(&mut self) -> Option<usize> {
        let l = self.rng.below(self.state.lectures());
        (self.state.period_of[l] != NONE).then_some(l)
    }

    /// Moves a lecture to another period and/or room; if a lecture is
    /// there, the two swap places.
    fn try_move(&mut self) {
        let Some(l) = self.random_lecture() else {
            return;
        };
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
        let r2 = if self.rng.unit() < KEEP_ROOM_RATE {
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
        if other == NONE {
            let d = self.state.relocate(l, p2, r2);
            if !self.accepts(d) {
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
        let s = &mut self.state;
        let mut d = s.remove(l);
        d += s.remove(other);
        d += s.insert(l, p2, r2);
        d += s.insert(other, p1, r1);
        if !self.accepts(d) {
            let s = &mut self.state;
            s.remove(l);
            s.remove(other);
            s.insert(l, p1, r1);
            s.insert(other, p2, r2);
        }
    }

    fn step(&mut self) {
        if self.rng.unit() < KEMPE_RATE {
            self.try_kempe();
        } else {
            self.try_move();
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
        count_soft: false,
    };
    let mut iterations = 0;
    // Repair: clashes only, until there are none (or a share of the budget is spent).
    search.set_temperature(REPAIR_TEMPERATURE);
    while search.state.hard > 0 && iterations < limit {
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
        segment_start: budget.spent(start, iterations),
        ..Schedule::default()
    };
    while iterations < limit {
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
}

/// Checks (of CHECK_EVERY moves) without a new best before reheating.
const STALL_CHECKS: u64 = 20_000;
const REHEAT_FACTOR: f64 = 0.5;

impl Schedule {
    fn improved(&mut self) {
        self.checks_since_best = 0;
    }

    fn take_restart(&mut self) -> bool {
        std::mem::take(&mut self.restart)
    }

    fn temperature(&mut self, spent: f64) -> f64 {
        self.checks_since_best += 1;
        let t0 = self.segment_t0.unwrap_or(T_START);
        let span = (1.0 - self.segment_start).max(1e-9);
        let f = ((spent - self.segment_start) / span).clamp(0.0, 1.0);
        let t = t0 * (T_END / t0).powf(f);
        if self.checks_since_best > STALL_CHECKS && t < 4.0 * T_END && spent < 0.9 {
            self.segment_start = spent;
            self.segment_t0 = Some(T_START * REHEAT_FACTOR);
            self.checks_since_best = 0;
            self.restart = true;
            return T_START * REHEAT_FACTOR;
        }
        t
    }
}
