//! The benchmark without the zhurnal binary (same library code as `zhurnal timetable bench`):
//! `cargo run --release -p timetable --example bench -- DIR SECONDS SEEDS [THREADS]`.

use std::path::Path;

use timetable::{bench, Budget};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = args
        .get(1)
        .ok_or("usage: bench DIR SECONDS SEEDS [THREADS]")?;
    let seconds: f64 = args.get(2).map_or(Ok(300.0), |s| s.parse())?;
    let seeds: u64 = args.get(3).map_or(Ok(5), |s| s.parse())?;
    let threads: usize = args.get(4).map_or(Ok(1), |s| s.parse())?;
    println!("{}", bench::table_header());
    for path in bench::instances(Path::new(dir))? {
        let row = bench::run_instance(&path, Budget::seconds(seconds), seeds, threads, None)?;
        println!("{}", bench::table_row(&row));
    }
    Ok(())
}
