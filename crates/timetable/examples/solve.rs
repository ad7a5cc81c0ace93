//! Solves one instance: `cargo run --release -p timetable --example solve -- FILE.ctt SECONDS [SEED] [THREADS]`.
//! SECONDS may instead be a number of millions of moves with an `M` suffix (`50M`):
//! a budget that repeats exactly whatever the machine's load.

use timetable::{ctt, solve, Budget, SolverOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .ok_or("usage: solve FILE.ctt SECONDS [SEED] [THREADS]")?;
    let budget = match args.get(2) {
        None => Budget::seconds(10.0),
        Some(s) => match s.strip_suffix('M') {
            Some(m) => Budget::iterations((m.parse::<f64>()? * 1e6) as u64),
            None => Budget::seconds(s.parse()?),
        },
    };
    let seed: u64 = args.get(3).map_or(Ok(1), |s| s.parse())?;
    let threads: usize = args.get(4).map_or(Ok(1), |s| s.parse())?;
    let problem = ctt::parse(&std::fs::read_to_string(path)?)?;
    let out = solve(
        &problem,
        &SolverOptions {
            seed,
            threads,
            budget,
        },
    );
    println!(
        "{path}: hard {} cost {} ({:.0} moves/s, {:.1} s)",
        out.evaluation.hard(),
        out.evaluation.cost(),
        out.moves_per_second,
        out.seconds
    );
    if let Some(file) = std::env::var_os("TT_OUT") {
        std::fs::write(file, timetable::solution::write(&problem, &out.solution))?;
    }
    if out.evaluation.hard() > 0 {
        println!("{:?}", out.evaluation);
    }
    Ok(())
}
