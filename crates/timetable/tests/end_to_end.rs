//! From files to files, as `zhurnal timetable solve/check/bench` use the library.

use std::path::PathBuf;

use timetable::{bench, ctt, evaluate, solution, solve, Budget, SolverOptions};

fn data_dir() -> PathBuf {
    std::env::var("CBCTT_DIR").map_or_else(
        |_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/cbctt"),
        PathBuf::from,
    )
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("timetable-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

#[test]
fn solve_write_read_check() {
    let path = data_dir().join("comp01.ctt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("{} not found; skipped", path.display());
        return;
    };
    let problem = ctt::parse(&text).unwrap();
    let out = solve(
        &problem,
        &SolverOptions {
            seed: 1,
            threads: 2,
            budget: Budget::seconds(2.0),
        },
    );
    assert_eq!(out.evaluation.hard(), 0);
    let dir = scratch("e2e");
    let file = dir.join("comp01.sol");
    std::fs::write(&file, solution::write(&problem, &out.solution)).unwrap();
    let again = solution::parse(&problem, &std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(evaluate(&problem, &again), out.evaluation);
    assert_eq!(again.placements.len(), 160);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn bench_runs_a_directory() {
    let dir = scratch("bench");
    let source = data_dir().join("comp11.ctt");
    let Ok(text) = std::fs::read_to_string(&source) else {
        eprintln!("{} not found; skipped", source.display());
        return;
    };
    std::fs::write(dir.join("comp11.ctt"), text).unwrap();
    std::fs::write(dir.join("notes.txt"), "not an instance").unwrap();
    let paths = bench::instances(&dir).unwrap();
    assert_eq!(paths.len(), 1);
    let row = bench::run_instance(&paths[0], Budget::seconds(1.0), 2, 1, Some(&dir)).unwrap();
    assert_eq!(
        (row.instance.as_str(), row.runs, row.hard),
        ("comp11", 2, 0)
    );
    assert!(row.reference.is_some());
    assert!(dir.join("comp11-s2.sol").exists());
    assert!(bench::table_row(&row).starts_with("| comp11 | 0 |"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_bad_instance_is_reported_with_its_line() {
    let dir = scratch("bad");
    let file = dir.join("bad.ctt");
    std::fs::write(&file, "Name: x\nCourses: two\n").unwrap();
    let err = bench::run_instance(&file, Budget::iterations(10), 1, 1, None).unwrap_err();
    assert!(
        err.to_string().ends_with(
            "line 2: expected the number of courses (a non-negative integer), found «two»"
        ),
        "{err}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}
