//! The demo college's auto timetable measured: the windows the solver
//! leaves with the college's goals against UD2 alone (what it optimised
//! before the goals existed), on the same load, seed and budget.
//!
//! `ZHURNAL_TT_SECONDS=20 cargo test -p service --lib demo_college_windows -- --ignored --nocapture`
//! (or `ZHURNAL_TT_MOVES=20000000` for a budget that repeats on any machine).

use timetable::{Budget, Problem, SolverOptions, Weights};

use super::{build, explain};
use crate::App;

/// The problem as it was built before the goals: UD2 weights, no daily
/// limit, rooms too small only costly.
fn ud2_only(p: &Problem) -> Problem {
    let unavailable: Vec<(usize, usize)> = (0..p.courses().len())
        .flat_map(|c| (0..p.periods()).map(move |t| (c, t)))
        .filter(|&(c, t)| !p.is_available(c, t))
        .collect();
    Problem::new(
        p.name(),
        p.days(),
        p.periods_per_day(),
        p.courses().to_vec(),
        p.rooms().to_vec(),
        p.curricula().to_vec(),
        &unavailable,
    )
    .expect("the same problem")
    .with_weights(Weights::default())
}

fn budget() -> Budget {
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<f64>().ok());
    match (env("ZHURNAL_TT_MOVES"), env("ZHURNAL_TT_SECONDS")) {
        (Some(moves), _) => Budget::iterations(moves as u64),
        (None, seconds) => Budget::seconds(seconds.unwrap_or(20.0)),
    }
}

#[tokio::test]
#[ignore = "minutes: loads the demo and solves twice per semester"]
async fn demo_college_windows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("m.db").display());
    let db = store::db::connect(&url).await.expect("connect");
    store::migration::run(&db).await.expect("migrate");
    let app = App::new(db, crate::demo::tests_clock());
    let summary = crate::demo::load(&app, crate::demo::DEFAULT_SEED)
        .await
        .expect("demo");
    let year = crate::demo::year::YEAR;
    let budget = budget();
    for semester in [1, 2] {
        let mut college = build::college(&app.db, summary.college_id, year, semester, 5)
            .await
            .expect("college");
        let goals = college.problem.clone();
        let runs = [
            ("UD2 only", ud2_only(&goals)),
            ("college goals", goals.clone()),
        ];
        for (label, problem) in runs {
            college.problem = problem;
            let options = SolverOptions {
                seed: 1,
                threads: 1,
                budget,
            };
            let outcome = timetable::solve(&college.problem, &options);
            let p = explain::proposal(&college, &outcome);
            // Both timetables counted by the college's goals.
            let e = timetable::evaluate(&goals, &outcome.solution);
            eprintln!(
                "semester {semester}, {label}: hard {} (by the goals {}), cost {} (by the goals {}), \
                 group windows {}, teacher windows {}, late starts {}, short days {}, days over the limit {}, \
                 room changes {}, missing days {}, {} moves in {:.1} s ({} lessons)",
                p.hard,
                e.hard(),
                p.cost,
                e.cost(),
                p.group_gaps,
                p.teacher_gaps,
                e.late_starts,
                e.short_days,
                e.daily_excess,
                e.room_stability,
                e.min_working_days,
                p.moves,
                p.seconds,
                p.lessons_a_week
            );
        }
    }
}
