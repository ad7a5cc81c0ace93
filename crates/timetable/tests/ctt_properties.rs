//! Property tests of the `.ctt` and solution readers: a file with tokens
//! dropped, doubled or replaced (by words, huge numbers, anything) gives a
//! problem or an error on a line of the file, never a panic nor a huge
//! allocation; an accepted problem reads any solution text the same way.

use proptest::prelude::*;
use timetable::{ctt, solution};

const SMALL: &str = "Name: Toy
Courses: 4
Rooms: 3
Days: 5
Periods_per_day: 4
Curricula: 2
Constraints: 3

COURSES:
SceCosC Ocra 3 3 30
ArcTec Indaco 3 2 42
TecCos Rosa 5 4 40
Geotec Scarlatti 5 4 18

ROOMS:
rA 32
rB 50
rC 40

CURRICULA:
Cur1 3 SceCosC ArcTec TecCos
Cur2 2 TecCos Geotec

UNAVAILABILITY_CONSTRAINTS:
TecCos 2 0
TecCos 2 1
ArcTec 4 3

END.
";

#[derive(Debug, Clone)]
enum Edit {
    Drop(usize),
    Double(usize),
    Replace(usize, String),
    Cut(usize),
}

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<u64>().prop_map(|n| n.to_string()),
        (0u64..20).prop_map(|n| n.to_string()),
        Just("18446744073709551616".to_string()),
        Just("-1".to_string()),
        Just("END.".to_string()),
        Just("TecCos".to_string()),
        "\\PC{1,6}",
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<prop::sample::Index>().prop_map(|i| Edit::Drop(i.index(1 << 16))),
        any::<prop::sample::Index>().prop_map(|i| Edit::Double(i.index(1 << 16))),
        (any::<prop::sample::Index>(), token())
            .prop_map(|(i, t)| Edit::Replace(i.index(1 << 16), t)),
        any::<prop::sample::Index>().prop_map(|i| Edit::Cut(i.index(1 << 16))),
    ]
}

/// The file with the edits made on its whitespace-separated tokens.
fn edited(text: &str, edits: &[Edit]) -> String {
    let mut tokens: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    for e in edits {
        if tokens.is_empty() {
            break;
        }
        let at = |i: &usize| i % tokens.len();
        match e {
            Edit::Drop(i) => {
                let i = at(i);
                tokens.remove(i);
            }
            Edit::Double(i) => {
                let i = at(i);
                tokens.insert(i, tokens[i].clone());
            }
            Edit::Replace(i, t) => {
                let i = at(i);
                tokens[i] = t.clone();
            }
            Edit::Cut(i) => {
                let i = at(i);
                tokens.truncate(i);
            }
        }
    }
    tokens.join("\n")
}

fn instances() -> Vec<String> {
    let mut all = vec![SMALL.to_string()];
    let comp01 = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/cbctt/comp01.ctt");
    if let Ok(text) = std::fs::read_to_string(comp01) {
        all.push(text);
    }
    all
}

proptest! {
    #[test]
    fn an_edited_instance_is_read_or_refused_by_line(
        which in 0usize..2,
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let all = instances();
        let text = edited(&all[which % all.len()], &edits);
        match ctt::parse(&text) {
            Ok(problem) => {
                prop_assert!(problem.courses().len() <= 2_000);
                prop_assert!(problem.periods() <= 14 * 64);
            }
            Err(e) => {
                prop_assert!(e.line >= 1 && e.line <= text.lines().count().max(1));
                prop_assert!(!e.message.is_empty());
            }
        }
    }

    #[test]
    fn any_text_is_read_or_refused(text in "\\PC{0,200}") {
        let _ = ctt::parse(&text);
    }

    #[test]
    fn a_solution_of_any_text_is_read_or_refused(
        lines in prop::collection::vec(
            ("SceCosC|ArcTec|TecCos|Geotec|\\PC{1,5}", "rA|rB|rC|\\PC{1,3}", any::<u64>(), 0u64..8),
            0..12,
        )
    ) {
        let problem = ctt::parse(SMALL).expect("the small instance");
        let text: String = lines
            .iter()
            .map(|(c, r, d, p)| format!("{c} {r} {} {p}\n", d % 7))
            .collect();
        let _ = solution::parse(&problem, &text);
    }
}

#[test]
fn huge_counts_are_refused_before_anything_is_reserved() {
    for (key, line) in [
        ("Courses: 4", 2),
        ("Rooms: 3", 3),
        ("Days: 5", 4),
        ("Periods_per_day: 4", 5),
    ] {
        let (name, _) = key.split_once(' ').expect("a key");
        let text = SMALL.replace(key, &format!("{name} 18446744073709551615"));
        let e = ctt::parse(&text).expect_err(key);
        assert_eq!(e.line, line, "{key}: {e}");
    }
    let text = SMALL.replace("Curricula: 2", "Curricula: 18446744073709551615");
    assert!(ctt::parse(&text).is_err());
}
