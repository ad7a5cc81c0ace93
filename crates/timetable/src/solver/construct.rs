//! The start: lectures placed greedily, hardest courses first, each where it
//! adds the fewest clashes and then the least soft cost.

use super::rng::Rng;
use super::state::{State, NONE};
use super::Tables;

pub(crate) fn construct(state: &mut State, tables: &Tables, rng: &mut Rng) {
    let problem = state.problem;
    let n = problem.courses().len();
    let degree = |c: usize| (0..n).filter(|&o| problem.conflicts(c, o)).count();
    // Random tie-breaks first, then the order that matters: least slack, most conflicts.
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        order.swap(i, rng.below(i + 1));
    }
    order.sort_by_key(|&c| {
        let slack = tables.available_periods[c].len() as i64 - problem.courses()[c].lectures as i64;
        (slack, std::cmp::Reverse(degree(c)))
    });
    let mut first_lecture = vec![0; n + 1];
    for (l, &c) in state.course_of.iter().enumerate().rev() {
        first_lecture[c as usize] = l;
    }
    for c in order {
        let lectures = first_lecture[c]..first_lecture[c] + problem.courses()[c].lectures;
        for l in lectures {
            place_best(state, tables, rng, l);
        }
    }
}

/// Places one lecture at its cheapest free slot; it stays unplaced if every room is full.
fn place_best(state: &mut State, tables: &Tables, rng: &mut Rng, l: usize) {
    let c = state.course_of[l] as usize;
    let mut best = None;
    let mut best_score = i64::MAX;
    let mut ties = 0;
    for p in 0..state.periods {
        for &r in &tables.suitable_rooms[c] {
            let r = r as usize;
            if state.lecture_at(p, r) != NONE {
                continue;
            }
            let d = state.insert(l, p, r);
            state.remove(l);
            let score = d.hard * 1_000_000 + d.soft;
            if score < best_score {
                (best, best_score, ties) = (Some((p, r)), score, 1);
            } else if score == best_score {
                ties += 1;
                if rng.below(ties) == 0 {
                    best = Some((p, r));
                }
            }
        }
    }
    if let Some((p, r)) = best {
        state.insert(l, p, r);
    }
}
