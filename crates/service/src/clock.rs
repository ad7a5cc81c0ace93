//! The one clock of the app: every «today» and «now» a rule or a record needs
//! comes from here, in the college's time zone, so a date can be fixed for a
//! demo, a screenshot, a benchmark or a test (`ZHURNAL_TODAY`).

use std::sync::{Arc, RwLock};

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Offset, Utc};

/// The server's clock. Clones share one setting: a test that moves the date
/// of a running server moves it for every request.
#[derive(Clone, Debug)]
pub struct Clock {
    zone: FixedOffset,
    pin: Arc<RwLock<Option<Pin>>>,
}

/// A fixed date: «today» is `date` whatever the wall clock says, and «now»
/// runs on from the wall clock shifted by whole days, so timestamps keep their
/// order and fall on that date when it was fixed.
#[derive(Clone, Copy, Debug)]
struct Pin {
    date: NaiveDate,
    shift: Duration,
}

impl Clock {
    /// The wall clock, in the time zone `zone`.
    pub fn system(zone: FixedOffset) -> Clock {
        Clock {
            zone,
            pin: Arc::new(RwLock::new(None)),
        }
    }

    /// The wall clock in the time zone of this machine, as it is now
    /// (Russia keeps no summer time, so a fixed offset is the zone).
    pub fn local() -> Clock {
        Clock::system(chrono::Local::now().offset().fix())
    }

    /// A clock whose «today» is `date`, in the time zone `zone`.
    pub fn fixed(date: NaiveDate, zone: FixedOffset) -> Clock {
        let clock = Clock::system(zone);
        clock.set_today(date);
        clock
    }

    /// Fixes «today» at `date` from now on.
    pub fn set_today(&self, date: NaiveDate) {
        let real = Utc::now().with_timezone(&self.zone).date_naive();
        let pin = Pin {
            date,
            shift: Duration::days((date - real).num_days()),
        };
        *self.pin.write().unwrap_or_else(|e| e.into_inner()) = Some(pin);
    }

    /// Back to the wall clock.
    pub fn follow_wall_clock(&self) {
        *self.pin.write().unwrap_or_else(|e| e.into_inner()) = None;
    }

    fn pinned(&self) -> Option<Pin> {
        *self.pin.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Today's date in the college.
    pub fn today(&self) -> NaiveDate {
        match self.pinned() {
            Some(pin) => pin.date,
            None => self.local_now().date_naive(),
        }
    }

    /// The current moment, for timestamps and expiries.
    pub fn now(&self) -> DateTime<Utc> {
        match self.pinned() {
            Some(pin) => Utc::now() + pin.shift,
            None => Utc::now(),
        }
    }

    /// The current moment on the college's wall.
    pub fn local_now(&self) -> DateTime<FixedOffset> {
        self.now().with_timezone(&self.zone)
    }

    pub fn zone(&self) -> FixedOffset {
        self.zone
    }

    /// Whether «today» is fixed rather than the wall clock's.
    pub fn is_fixed(&self) -> bool {
        self.pinned().is_some()
    }
}

/// Reads a time zone as a UTC offset: `+05:00`, `+5`, `UTC+3`, `-02:30`, `Z`.
pub fn parse_zone(raw: &str) -> Option<FixedOffset> {
    let s = raw.trim();
    let s = s
        .strip_prefix("UTC")
        .or_else(|| s.strip_prefix("GMT"))
        .unwrap_or(s);
    if s.is_empty() || s == "Z" {
        return FixedOffset::east_opt(0);
    }
    let (sign, rest) = match s.as_bytes().first() {
        Some(b'+') => (1, &s[1..]),
        Some(b'-') => (-1, &s[1..]),
        _ => return None,
    };
    let (h, m) = match rest.split_once(':') {
        Some((h, m)) => (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?),
        None => (rest.parse::<i32>().ok()?, 0),
    };
    if !(0..=14).contains(&h) || !(0..60).contains(&m) {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// Reads a date as `YYYY-MM-DD` (`ZHURNAL_TODAY`).
pub fn parse_today(raw: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn a_fixed_clock_says_its_date_and_now_falls_on_it() {
        let zone = parse_zone("+05:00").expect("zone");
        let clock = Clock::fixed(ymd(2026, 12, 9), zone);
        assert_eq!(clock.today(), ymd(2026, 12, 9));
        assert_eq!(clock.local_now().date_naive(), ymd(2026, 12, 9));
        assert!(clock.is_fixed());
        let shared = clock.clone();
        shared.set_today(ymd(2027, 1, 12));
        assert_eq!(clock.today(), ymd(2027, 1, 12));
        assert_eq!(clock.local_now().date_naive(), ymd(2027, 1, 12));
        clock.follow_wall_clock();
        assert!(!shared.is_fixed());
        assert_eq!(shared.today(), Utc::now().with_timezone(&zone).date_naive());
    }

    #[test]
    fn zones_are_read_as_offsets() {
        assert_eq!(
            parse_zone("+05:00").map(|z| z.local_minus_utc()),
            Some(18000)
        );
        assert_eq!(
            parse_zone("UTC+3").map(|z| z.local_minus_utc()),
            Some(10800)
        );
        assert_eq!(
            parse_zone("-02:30").map(|z| z.local_minus_utc()),
            Some(-9000)
        );
        assert_eq!(parse_zone("Z").map(|z| z.local_minus_utc()), Some(0));
        assert_eq!(parse_zone("Europe/Moscow"), None);
        assert_eq!(parse_zone("+25"), None);
        assert_eq!(parse_today("2026-12-07"), Some(ymd(2026, 12, 7)));
        assert_eq!(parse_today("07.12.2026"), None);
    }
}
