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
    fn excess_counts_periods_over_the_limit() {
        assert_eq!(excess(0b11111, Some(4)), 1);
        assert_eq!(excess(0b1111, Some(4)), 0);
        assert_eq!(excess(0b11111, None), 0);
        assert_eq!(excess(0b111, Some(0)), 3);
    }
}
