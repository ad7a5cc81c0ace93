//! What a journal computed from the database, kept in memory under a stamp:
//! the revision counters of the months it was computed from
//! (`store::revisions`, raised by triggers on every change). A reader reads
//! the counters first and takes the kept value only if they still stand, so a
//! change from any code path, any instance or a correction in SQL is seen on
//! the next view. The memory is bounded by a weight (rows kept); past it the
//! least recently used go first.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// The counters' sum and a fingerprint of what else the value depends on
/// (the kinds of work and their weights).
pub(crate) type Stamp = (i64, u64);

pub struct Kept<K, V: ?Sized> {
    budget: usize,
    inner: Mutex<Inner<K, V>>,
}

struct Inner<K, V: ?Sized> {
    slots: HashMap<K, Slot<V>>,
    weight: usize,
    tick: u64,
}

struct Slot<V: ?Sized> {
    stamp: Stamp,
    value: Arc<V>,
    weight: usize,
    used: u64,
}

impl<K: Hash + Eq + Clone, V: ?Sized> Kept<K, V> {
    /// Keeps values of a total weight up to `budget`.
    pub fn new(budget: usize) -> Self {
        Kept {
            budget,
            inner: Mutex::new(Inner {
                slots: HashMap::new(),
                weight: 0,
                tick: 0,
            }),
        }
    }

    /// The value kept for `key` if it was kept under this very stamp.
    pub(crate) fn get(&self, key: &K, stamp: Stamp) -> Option<Arc<V>> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.tick += 1;
        let tick = inner.tick;
        let slot = inner.slots.get_mut(key).filter(|s| s.stamp == stamp)?;
        slot.used = tick;
        Some(slot.value.clone())
    }

    /// Keeps `value` for `key` (replacing an older one), making room by
    /// forgetting the least recently used down to three quarters of the
    /// budget, so room is not made at every insert.
    pub(crate) fn keep(&self, key: K, stamp: Stamp, value: Arc<V>, weight: usize) {
        if weight > self.budget {
            return;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.tick += 1;
        let used = inner.tick;
        if let Some(old) = inner.slots.remove(&key) {
            inner.weight -= old.weight;
        }
        if inner.weight + weight > self.budget {
            let mut by_use: Vec<(u64, K)> = inner
                .slots
                .iter()
                .map(|(k, s)| (s.used, k.clone()))
                .collect();
            by_use.sort_unstable_by_key(|(used, _)| *used);
            let room = self.budget / 4 * 3;
            for (_, k) in by_use {
                if inner.weight + weight <= room {
                    break;
                }
                if let Some(gone) = inner.slots.remove(&k) {
                    inner.weight -= gone.weight;
                }
            }
        }
        inner.weight += weight;
        inner.slots.insert(
            key,
            Slot {
                stamp,
                value,
                weight,
                used,
            },
        );
    }

    #[cfg(test)]
    fn weight(&self) -> usize {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).weight
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_given_only_under_its_stamp() {
        let kept: Kept<u8, str> = Kept::new(10);
        kept.keep(1, (5, 0), Arc::from("a"), 1);
        assert_eq!(kept.get(&1, (5, 0)).as_deref(), Some("a"));
        assert_eq!(kept.get(&1, (6, 0)), None);
        assert_eq!(kept.get(&1, (5, 1)), None);
        assert_eq!(kept.get(&2, (5, 0)), None);
        kept.keep(1, (6, 0), Arc::from("b"), 1);
        assert_eq!(kept.get(&1, (6, 0)).as_deref(), Some("b"));
        assert_eq!(kept.weight(), 1);
    }

    #[test]
    fn past_the_budget_the_least_recently_used_go_first() {
        let kept: Kept<u8, str> = Kept::new(8);
        for k in 0..4 {
            kept.keep(k, (0, 0), Arc::from("x"), 2);
        }
        // 0 is read again, so 1 and 2 are the least recently used.
        assert!(kept.get(&0, (0, 0)).is_some());
        kept.keep(9, (0, 0), Arc::from("y"), 2);
        assert!(kept.get(&0, (0, 0)).is_some());
        assert_eq!(kept.get(&1, (0, 0)), None);
        assert_eq!(kept.get(&2, (0, 0)), None);
        assert!(kept.get(&3, (0, 0)).is_some());
        assert!(kept.get(&9, (0, 0)).is_some());
        assert_eq!(kept.weight(), 6);
        // Heavier than the whole budget: not kept, nothing forgotten for it.
        kept.keep(7, (0, 0), Arc::from("z"), 9);
        assert_eq!(kept.get(&7, (0, 0)), None);
        assert_eq!(kept.weight(), 6);
    }
}
