//! One day of a curriculum or a teacher as a bit mask of its occupied
//! periods (bit i: period i of the day), and what the college goals count in it.

/// Windows (окна): free periods between the first and the last occupied one.
pub(crate) fn windows(mask: u64) -> u64 {
    if mask == 0 {
        return 0;
    }
    let span = 64 - u64::from(mask.leading_zeros()) - u64::from(mask.trailing_zeros());
    span - u64::from(mask.count_ones())
}

/// Free periods before the first occupied one (none on a free day).
pub(crate) fn late_start(mask: u64) -> u64 {
    if mask == 0 {
        0
    } else {
        u64::from(mask.trailing_zeros())
    }
}

/// Occupied periods missing to reach `minimum` (all of it on a free day).
pub(crate) fn shortfall(mask: u64, minimum: usize) -> u64 {
    (minimum as u64).saturating_sub(u64::from(mask.count_ones()))
}

/// Occupied periods beyond `limit`.
pub(crate) fn excess(mask: u64, limit: Option<usize>) -> u64 {
    limit.map_or(0, |l| u64::from(mask.count_ones()).saturating_sub(l as u64))
}

pub(crate) fn bit(period_of_day: usize) -> u64 {
    1 << period_of_day
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_free_periods_inside_the_day() {
        assert_eq!(windows(0), 0);
        assert_eq!(windows(0b1), 0);
        assert_eq!(windows(0b1110), 0, "a late start is no window");
        assert_eq!(windows(0b101), 1);
        assert_eq!(windows(0b10001), 3);
        assert_eq!(windows(0b1011001), 3);
        assert_eq!(windows(1 << 63 | 1), 62);
    }

    #[test]
    fn a_late_start_counts_the_free_periods_before_the_first() {
        assert_eq!(late_start(0), 0);
        assert_eq!(late_start(0b1101), 0);
        assert_eq!(late_start(0b1100), 2);
    }

    #[test]
    fn a_short_day_counts_the_missing_periods() {
        assert_eq!(shortfall(0, 3), 3);
        assert_eq!(shortfall(0b1010, 3), 1);
        assert_eq!(shortfall(0b1111, 3), 0);
    }

    #[test]
    fn excess_counts_periods_over_the_limit() {
        assert_eq!(excess(0b11111, Some(4)), 1);
        assert_eq!(excess(0b1111, Some(4)), 0);
        assert_eq!(excess(0b11111, None), 0);
        assert_eq!(excess(0b111, Some(0)), 3);
    }
}
