//! `zhurnal timetable …`: the timetabling solver on ITC-2007 track 3 instances.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Subcommand;
use timetable::{bench, ctt, solution, Budget, Problem, SolverOptions};

#[derive(Subcommand)]
pub enum TimetableCommand {
    /// Solve an instance (.ctt); prints the hard violations, the cost and moves per second.
    Solve {
        instance: PathBuf,
        /// Time budget of each run, in seconds (a run that reaches cost 0 stops sooner).
        #[arg(long, default_value_t = 60.0)]
        seconds: f64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Independent runs in parallel (the best is kept).
        #[arg(long, default_value_t = 1)]
        threads: usize,
        /// Stop after this many moves instead (repeatable results on any machine).
        #[arg(long)]
        iterations: Option<u64>,
        /// Where to write the timetable (competition format).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Evaluate a solution of an instance by the official ITC-2007 (UD2) rules.
    Check {
        instance: PathBuf,
        solution: PathBuf,
    },
    /// Solve every .ctt of a directory with seeds 1..=K and print a table.
    Bench {
        #[arg(long)]
        dir: PathBuf,
        #[arg(long, default_value_t = 300.0)]
        seconds: f64,
        #[arg(long, default_value_t = 5)]
        seeds: u64,
        #[arg(long, default_value_t = 1)]
        threads: usize,
        /// Also write each run's timetable to this directory.
        #[arg(long)]
        out_dir: Option<PathBuf>,
    },
}

fn read_instance(path: &Path) -> anyhow::Result<Problem> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("не читается {}", path.display()))?;
    ctt::parse(&text).with_context(|| format!("{}: ошибка в задаче", path.display()))
}

pub fn run(command: TimetableCommand) -> anyhow::Result<()> {
    match command {
        TimetableCommand::Solve {
            instance,
            seconds,
            seed,
            threads,
            iterations,
            out,
        } => {
            let problem = read_instance(&instance)?;
            let budget = match iterations {
                Some(n) => Budget::iterations(n),
                None => Budget::seconds(seconds),
            };
            let result = timetable::solve(
                &problem,
                &SolverOptions {
                    seed,
                    threads,
                    budget,
                },
            );
            if let Some(out) = out {
                std::fs::write(&out, solution::write(&problem, &result.solution))
                    .with_context(|| format!("не записывается {}", out.display()))?;
            }
            println!(
                "{}: hard violations {}, cost {}",
                problem.name(),
                result.evaluation.hard(),
                result.evaluation.cost()
            );
            println!(
                "{} moves in {:.1} s, {:.0} moves/s per thread",
                result.iterations, result.seconds, result.moves_per_second
            );
        }
        TimetableCommand::Check {
            instance,
            solution: path,
        } => {
            let problem = read_instance(&instance)?;
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("не читается {}", path.display()))?;
            let sol = solution::parse(&problem, &text)
                .with_context(|| format!("{}: ошибка в решении", path.display()))?;
            let evaluation = timetable::evaluate(&problem, &sol);
            if evaluation.repeated > 0 {
                println!(
                    "{} repeated lectures (same course and period) skipped",
                    evaluation.repeated
                );
            }
            print!("{}", evaluation.report());
        }
        TimetableCommand::Bench {
            dir,
            seconds,
            seeds,
            threads,
            out_dir,
        } => {
            if let Some(d) = &out_dir {
                std::fs::create_dir_all(d)
                    .with_context(|| format!("не создаётся {}", d.display()))?;
            }
            let paths = bench::instances(&dir)?;
            anyhow::ensure!(!paths.is_empty(), "в {} нет файлов .ctt", dir.display());
            println!("{}", bench::table_header());
            for path in paths {
                let row = bench::run_instance(
                    &path,
                    Budget::seconds(seconds),
                    seeds,
                    threads,
                    out_dir.as_deref(),
                )?;
                println!("{}", bench::table_row(&row));
            }
        }
    }
    Ok(())
}
