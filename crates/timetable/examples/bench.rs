//! The benchmark without the zhurnal binary (same library code as `zhurnal timetable bench`):
//! `cargo run --release -p timetable --example bench -- DIR SECONDS SEEDS [THREADS]`.
//! SECONDS may instead be millions of moves per run with an `M` suffix (`150M`):
//! a budget whose results do not depend on the machine's load.

use std::path::Path;

use timetable::{bench, Budget};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = args
        .get(1)
        .ok_or("usage: bench DIR SECONDS SEEDS [THREADS]")?;
    let budget = match args.get(2) {
        None => Budget::seconds(300.0),
        Some(s) => match s.strip_suffix('M') {
            Some(m) => Budget::iterations((m.parse::<f64>()? * 1e6) as u64),
            None => Budget::seconds(s.parse()?),
        },
    };
    let seeds: u64 = args.get(3).map_or(Ok(5), |s| s.parse())?;
    let threads: usize = args.get(4).map_or(Ok(1), |s| s.parse())?;
    println!("{}", bench::table_header());
    for path in bench::instances(Path::new(dir))? {
        let row = bench::run_instance(&path, budget, seeds, threads, None)?;
        println!("{}", bench::table_row(&row));
    }
    Ok(())
}
