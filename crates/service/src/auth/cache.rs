//! Sessions looked up in the last few seconds, so that a busy hour does not
//! ask the database who the caller is on every request.
//!
//! This instance forgets a session as soon as it ends or the account's roles
//! change here (after the change commits); another instance of a region's
//! deployment notices within the time to live.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use super::Session;

/// More sessions than this and the expired ones are swept out on the next insert.
const SWEEP_AT: usize = 50_000;

pub struct SessionCache {
    ttl: Duration,
    /// Bumped by every `forget_all`: a lookup that started before it is not kept.
    generation: AtomicU64,
    entries: RwLock<HashMap<String, (Instant, Arc<Session>)>>,
}

impl SessionCache {
    /// A cache keeping sessions for `ttl`; zero keeps nothing.
    pub fn new(ttl: Duration) -> Self {
        SessionCache {
            ttl,
            generation: AtomicU64::new(0),
            entries: RwLock::new(HashMap::new()),
        }
    }

    pub fn get(&self, id: &str) -> Option<Arc<Session>> {
        let entries = self.entries.read().ok()?;
        let (at, session) = entries.get(id)?;
        (at.elapsed() < self.ttl).then(|| session.clone())
    }

    /// The generation to hand back to [`SessionCache::put`] after the lookup.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Keeps a session read from the database, unless something changed since `generation`.
    pub fn put(&self, generation: u64, session: Arc<Session>) {
        if self.ttl.is_zero() {
            return;
        }
        let Ok(mut entries) = self.entries.write() else {
            return;
        };
        if self.generation.load(Ordering::Acquire) != generation {
            return;
        }
        if entries.len() >= SWEEP_AT {
            let ttl = self.ttl;
            entries.retain(|_, (at, _)| at.elapsed() < ttl);
            if entries.len() >= SWEEP_AT {
                entries.clear();
            }
        }
        entries.insert(session.id.clone(), (Instant::now(), session));
    }

    /// Forgets one session: it ended, or its college or consent changed.
    pub fn forget(&self, id: &str) {
        if let Ok(mut entries) = self.entries.write() {
            self.generation.fetch_add(1, Ordering::AcqRel);
            entries.remove(id);
        }
    }

    /// Forgets every session: roles, children or passwords changed.
    pub fn forget_all(&self) {
        if let Ok(mut entries) = self.entries.write() {
            self.generation.fetch_add(1, Ordering::AcqRel);
            entries.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(id: &str) -> Arc<Session> {
        Arc::new(Session {
            id: id.into(),
            csrf_token: String::new(),
            login: "x".into(),
            display_name: "x".into(),
            actor: domain::Actor::default(),
            org_ids: Vec::new(),
            consent_required: false,
            password_change_required: false,
            diary_owners: Vec::new(),
            unread_notifications: 0,
        })
    }

    #[test]
    fn keeps_for_the_ttl_only() {
        let cache = SessionCache::new(Duration::from_millis(30));
        cache.put(cache.generation(), session("a"));
        assert!(cache.get("a").is_some());
        assert!(cache.get("b").is_none());
        std::thread::sleep(Duration::from_millis(40));
        assert!(cache.get("a").is_none());
    }

    #[test]
    fn a_lookup_older_than_a_change_is_not_kept() {
        let cache = SessionCache::new(Duration::from_secs(60));
        let before = cache.generation();
        cache.forget_all();
        cache.put(before, session("a"));
        assert!(cache.get("a").is_none());
        cache.put(cache.generation(), session("a"));
        assert!(cache.get("a").is_some());
        cache.forget_all();
        assert!(cache.get("a").is_none());
    }

    #[test]
    fn forgetting_one_keeps_the_others() {
        let cache = SessionCache::new(Duration::from_secs(60));
        cache.put(cache.generation(), session("a"));
        cache.put(cache.generation(), session("b"));
        cache.forget("a");
        assert!(cache.get("a").is_none());
        assert!(cache.get("b").is_some());
    }

    #[test]
    fn zero_ttl_keeps_nothing() {
        let cache = SessionCache::new(Duration::ZERO);
        cache.put(cache.generation(), session("a"));
        assert!(cache.get("a").is_none());
    }
}
