//! How failed logins slow guessing down without locking the owner out.
//!
//! Failures are counted in a window per pair (login, source address), per
//! source across logins, and per login across sources. A source that guessed
//! wrong too often waits; the login as a whole is closed only to sources it
//! has never signed in from, so strangers guessing a known login (parents'
//! logins are visible to the college) cannot keep its owner out.

/// The window in which failures are counted, in minutes.
pub const WINDOW_MINUTES: i64 = 15;
/// Failures of one login from one source before that source waits.
pub const PER_LOGIN_AND_SOURCE: u64 = 5;
/// Failures from one source across logins before it waits.
pub const PER_SOURCE: u64 = 30;
/// Failures of one login from all sources before new sources wait.
pub const PER_LOGIN: u64 = 50;

/// Failures counted in the window, this attempt included.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Failures {
    /// Of this login from this source, since its last success from it.
    pub login_and_source: u64,
    /// From this source, whatever the login.
    pub source: u64,
    /// Of this login, from any source, since its last success.
    pub login: u64,
    /// This login signed in from this source before (a known device).
    pub known_source: bool,
}

/// Whether an attempt may have its password checked.
pub fn may_try(f: Failures) -> bool {
    f.login_and_source <= PER_LOGIN_AND_SOURCE
        && f.source <= PER_SOURCE
        && (f.login <= PER_LOGIN || f.known_source)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(login_and_source: u64, source: u64, login: u64, known_source: bool) -> Failures {
        Failures {
            login_and_source,
            source,
            login,
            known_source,
        }
    }

    #[test]
    fn a_guessing_source_waits_and_the_owner_does_not() {
        assert!(may_try(f(1, 1, 1, false)));
        assert!(may_try(f(5, 5, 5, false)));
        // The sixth wrong try of one login from one source waits.
        assert!(!may_try(f(6, 6, 6, false)));
        // A source guessing across many logins waits too.
        assert!(!may_try(f(1, 31, 1, false)));
        // Strangers guessing one login from many sources close it to new
        // sources, not to one the owner signed in from before.
        assert!(!may_try(f(1, 1, 51, false)));
        assert!(may_try(f(1, 1, 51, true)));
        // The owner's own source still waits after its own five wrong tries.
        assert!(!may_try(f(6, 6, 6, true)));
    }
}
