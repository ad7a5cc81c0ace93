//! Kempe-chain swaps: a lecture moves from period p1 to p2; every lecture at
//! p2 clashing with it moves to p1, every lecture at p1 clashing with those
//! moves to p2, and so on. Moved lectures keep their room where it is free,
//! else take the free room that fits best.

use super::state::{Delta, State, NONE};
use super::Tables;

#[derive(Default)]
pub(crate) struct Chain {
    /// Lectures of the chain with their old period and room.
    members: Vec<(u32, u32, u32)>,
    /// Lecture → generation in which it joined a chain (avoids clearing).
    mark: Vec<u32>,
    generation: u32,
    /// Members not yet inserted at their new period.
    pending: Vec<(u32, u32)>,
}

impl Chain {
    fn clashes(state: &State, a: usize, b: usize) -> bool {
        let (ca, cb) = (state.course_of[a] as usize, state.course_of[b] as usize);
        ca == cb || state.problem.conflicts(ca, cb)
    }

    /// Builds and applies the chain of `l` towards `p2`; returns the cost
    /// change, or `None` (state unchanged) if the chain cannot be placed.
    pub fn apply(
        &mut self,
        state: &mut State,
        tables: &Tables,
        l: usize,
        p2: usize,
    ) -> Option<Delta> {
        if self.mark.len() != state.lectures() {
            self.mark = vec![0; state.lectures()];
        }
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.mark.fill(0);
            self.generation = 1;
        }
        let p1 = state.period_of[l] as usize;
        self.members.clear();
        self.mark[l] = self.generation;
        self.members.push((l as u32, p1 as u32, state.room_of[l]));
        let mut next = 0;
        while next < self.members.len() {
            let (x, from, _) = self.members[next];
            next += 1;
            let to = if from as usize == p1 { p2 } else { p1 };
            for r in 0..state.rooms {
                let y = state.lecture_at(to, r);
                if y == NONE || self.mark[y as usize] == self.generation {
                    continue;
                }
                if Self::clashes(state, x as usize, y as usize) {
                    self.mark[y as usize] = self.generation;
                    self.members.push((y, to as u32, r as u32));
                }
            }
        }
        let target = |from: u32| if from as usize == p1 { p2 } else { p1 };
        let available = self.members.iter().all(|&(x, from, _)| {
            state
                .problem
                .is_available(state.course_of[x as usize] as usize, target(from))
        });
        if !available {
            return None;
        }

        let mut d = Delta::default();
        for &(x, _, _) in &self.members {
            d += state.remove(x as usize);
        }
        // Keep rooms where possible, then fill the rest best-fit.
        self.pending.clear();
        for &(x, from, room) in &self.members {
            let to = target(from);
            if state.lecture_at(to, room as usize) == NONE {
                d += state.insert(x as usize, to, room as usize);
            } else {
                self.pending.push((x, to as u32));
            }
        }
        for i in 0..self.pending.len() {
            let (x, to) = self.pending[i];
            let Some(room) = best_free_room(state, tables, x as usize, to as usize) else {
                self.undo(state);
                return None;
            };
            d += state.insert(x as usize, to as usize, room);
        }
        Some(d)
    }

    /// Puts every member of the last applied chain back where it was.
    pub fn undo(&mut self, state: &mut State) {
        for &(x, _, _) in &self.members {
            if state.period_of[x as usize] != NONE {
                state.remove(x as usize);
            }
        }
        for &(x, p, r) in &self.members {
            state.insert(x as usize, p as usize, r as usize);
        }
    }
}

/// The free suitable room at the period with the least capacity cost,
/// preferring rooms the course already uses.
fn best_free_room(state: &State, tables: &Tables, l: usize, p: usize) -> Option<usize> {
    let c = state.course_of[l] as usize;
    tables.suitable_rooms[c]
        .iter()
        .map(|&r| r as usize)
        .filter(|&r| state.lecture_at(p, r) == NONE)
        .min_by_key(|&r| (state.capacity_cost(c, r), !state.course_uses_room(c, r)))
}
