//! Bell schedules (режимы пребывания, seed 3.2): pairs with their times.

/// Minutes since midnight of "HH:MM", or None.
pub fn parse_time(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

pub fn format_time(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Checks pairs given as (number, start, end) text; returns the normalised
/// times or the Russian reason the schedule does not make sense.
pub fn check_pairs(pairs: &[(i32, String, String)]) -> Result<Vec<(i32, String, String)>, String> {
    if pairs.is_empty() {
        return Err("Добавьте хотя бы одну пару.".into());
    }
    let mut out: Vec<(i32, u32, u32)> = Vec::with_capacity(pairs.len());
    for (no, start, end) in pairs {
        let (Some(s), Some(e)) = (parse_time(start), parse_time(end)) else {
            return Err(format!(
                "Пара {no}: время в виде ЧЧ:ММ, например 08:30 и 10:00."
            ));
        };
        if e <= s {
            return Err(format!("Пара {no}: конец не позже начала."));
        }
        out.push((*no, s, e));
    }
    out.sort_by_key(|p| p.0);
    for w in out.windows(2) {
        if w[0].0 == w[1].0 {
            return Err(format!("Пара {} указана дважды.", w[0].0));
        }
        if w[1].1 < w[0].2 {
            return Err(format!(
                "Пара {} начинается раньше, чем кончается пара {}.",
                w[1].0, w[0].0
            ));
        }
    }
    Ok(out
        .into_iter()
        .map(|(no, s, e)| (no, format_time(s), format_time(e)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(no: i32, s: &str, e: &str) -> (i32, String, String) {
        (no, s.into(), e.into())
    }

    #[test]
    fn parses_and_checks_pairs() {
        assert_eq!(parse_time("8:30"), Some(510));
        assert_eq!(parse_time("24:00"), None);
        assert_eq!(
            check_pairs(&[p(2, "10:10", "11:40"), p(1, "8:30", "10:00")]).unwrap()[0],
            p(1, "08:30", "10:00")
        );
        assert_eq!(
            check_pairs(&[p(1, "08:30", "10:00"), p(2, "09:50", "11:20")]).unwrap_err(),
            "Пара 2 начинается раньше, чем кончается пара 1."
        );
        assert!(check_pairs(&[p(1, "10:00", "09:00")])
            .unwrap_err()
            .contains("конец не позже начала"));
        assert!(check_pairs(&[]).is_err());
    }
}
