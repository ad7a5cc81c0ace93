//! Property tests of what reads text people type: a journal cell, an
//! attestation mark, a bell time, a form's number, date, phone and e-mail,
//! a search. Any text gives an answer (never a panic), and what is accepted
//! reads back the same when written out. Cases are bounded (PROPTEST_CASES,
//! 256 by default), so they run in CI on every change.

use domain::attestation::AttestationMark;
use domain::bells::{format_time, parse_time};
use domain::curriculum::{ControlForm, ItemKind};
use domain::journal::{cell_text, parse_cell, MarkScale, MarkValue};
use domain::names::search_pattern;
use domain::paging::{PageRequest, MAX_PAGE};
use domain::validation::{is_login_shaped, Validation};
use proptest::prelude::*;

/// Texts like a teacher's: cell words, digits, separators and a little of anything.
fn cell_like() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("н".to_string()),
        Just("Н".to_string()),
        Just("о".to_string()),
        Just("нб".to_string()),
        Just("зч".to_string()),
        Just("зачёт".to_string()),
        Just("нз".to_string()),
        "[2-5]",
        "[0-9]{1,3}",
        "\\PC{1,4}",
    ];
    let sep = prop_oneof![Just(" "), Just(","), Just(";"), Just("\t"), Just("  ")];
    prop::collection::vec((word, sep), 0..8).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(w, s)| format!("{w}{s}"))
            .collect::<String>()
    })
}

fn scale() -> impl Strategy<Value = MarkScale> {
    prop_oneof![Just(MarkScale::Five), Just(MarkScale::PassFail)]
}

proptest! {
    #[test]
    fn a_cell_reads_back_as_it_is_shown(text in cell_like(), scale in scale()) {
        if let Ok(cell) = parse_cell(&text, scale) {
            prop_assert!(cell.marks.len() <= 5);
            prop_assert!(cell.marks.iter().all(|m| scale.accepts(*m)));
            let shown = cell_text(cell.attendance, &cell.marks);
            prop_assert_eq!(parse_cell(&shown, scale), Ok(cell));
        }
    }

    #[test]
    fn any_text_in_a_cell_gets_an_answer(text in "\\PC{0,60}", scale in scale()) {
        match parse_cell(&text, scale) {
            Ok(cell) => prop_assert!(cell.marks.len() <= 5),
            Err(message) => prop_assert!(!message.is_empty()),
        }
    }

    #[test]
    fn every_mark_typed_alone_is_that_mark(i in 0..MarkValue::ALL.len(), pad in "[ ,]{0,3}") {
        let mark = MarkValue::ALL[i];
        let scale = if mark.points().is_some() { MarkScale::Five } else { MarkScale::PassFail };
        let cell = parse_cell(&format!("{pad}{}{pad}", mark.short()), scale);
        prop_assert_eq!(cell.map(|c| c.marks), Ok(vec![mark]));
    }

    #[test]
    fn attestation_marks_read_any_text(text in "\\PC{0,20}") {
        if let Some(mark) = AttestationMark::parse(&text) {
            prop_assert_eq!(AttestationMark::parse(mark.short()), Some(mark));
        }
        let _ = ItemKind::parse(&text);
        let _ = ControlForm::parse(&text);
    }

    #[test]
    fn a_bell_time_reads_back(text in "[ 0-9:+-]{0,7}|\\PC{0,8}") {
        if let Some(minutes) = parse_time(&text) {
            prop_assert!(minutes < 24 * 60);
            prop_assert_eq!(parse_time(&format_time(minutes)), Some(minutes));
        }
    }

    #[test]
    fn form_fields_answer_any_text(text in "\\PC{0,40}", min in -1000i64..1000, span in 0i64..1000) {
        let mut v = Validation::new();
        let n = v.number("n", &text, min, min + span);
        let date = v.date("d", &text);
        let phone = v.phone("p", &text);
        let email = v.email("e", &text);
        let errors = v.finish().err().unwrap_or_default();
        let number_refused = errors.iter().any(|e| e.field == "n");
        prop_assert!(number_refused || (min..=min + span).contains(&n));
        if let Some(d) = date {
            prop_assert!((1900..=2100).contains(&chrono::Datelike::year(&d)));
        }
        if let Some(p) = phone {
            prop_assert!(errors.iter().any(|e| e.field == "p") || p.chars().filter(char::is_ascii_digit).count() >= 10);
        }
        if let Some(e) = email {
            prop_assert!(errors.iter().any(|x| x.field == "e") || e.contains('@'));
        }
    }

    #[test]
    fn a_search_never_carries_wildcards_of_its_own(text in "\\PC{0,40}") {
        if let Some(pattern) = search_pattern(&text) {
            let inner = &pattern[1..pattern.len() - 1];
            prop_assert!(!inner.contains(['%', '_', '\\']));
        }
    }

    #[test]
    fn a_login_shaped_text_is_short_and_plain(text in "[a-z0-9._-]{0,70}|\\PC{0,70}") {
        if is_login_shaped(&text) {
            prop_assert!(text.len() <= 64 && text.is_ascii() && !text.contains(['\n', '\r', ' ']));
        }
    }

    #[test]
    fn any_page_number_has_an_offset(page in proptest::option::of(any::<u64>())) {
        let request = PageRequest::new(page);
        prop_assert!((1..=MAX_PAGE).contains(&request.page));
        prop_assert!(request.offset() < i64::MAX as u64);
    }
}
