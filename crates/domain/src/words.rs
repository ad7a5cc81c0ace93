//! Russian words that agree with a number: «1 место», «2 места», «5 мест».

/// The form of a word for `n`: `[one, few, many]` as in 1, 2 and 5.
pub fn plural(n: usize, forms: [&'static str; 3]) -> &'static str {
    let [one, few, many] = forms;
    match (n % 10, n % 100) {
        (_, 11..=14) => many,
        (1, _) => one,
        (2..=4, _) => few,
        _ => many,
    }
}

/// The number with its word: «54 места».
pub fn count(n: usize, forms: [&'static str; 3]) -> String {
    format!("{n} {}", plural(n, forms))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEATS: [&str; 3] = ["место", "места", "мест"];

    #[test]
    fn the_word_agrees_with_the_number() {
        for (n, word) in [
            (0, "мест"),
            (1, "место"),
            (2, "места"),
            (4, "места"),
            (5, "мест"),
            (11, "мест"),
            (12, "мест"),
            (14, "мест"),
            (21, "место"),
            (22, "места"),
            (54, "места"),
            (111, "мест"),
            (101, "место"),
        ] {
            assert_eq!(plural(n, SEATS), word, "{n}");
        }
        assert_eq!(count(54, SEATS), "54 места");
    }
}
