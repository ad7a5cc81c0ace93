//! The benchmark: every `.ctt` instance of a directory, several seeds each,
//! compared with the ITC-2007 references. The only module that reads files.

use std::path::{Path, PathBuf};

use crate::solver::{solve, Budget, SolverOptions};
use crate::{ctt, solution};

/// Published UD2 results for an ITC-2007 instance (by file name).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reference {
    pub instance: &'static str,
    /// The competition winner's average over ~5-minute runs.
    pub winner_average: f64,
    pub best_known: u64,
}

const fn reference(instance: &'static str, winner_average: f64, best_known: u64) -> Reference {
    Reference {
        instance,
        winner_average,
        best_known,
    }
}

pub const ITC2007_REFERENCES: [Reference; 21] = [
    reference("comp01", 5.0, 5),
    reference("comp02", 61.3, 24),
    reference("comp03", 94.8, 66),
    reference("comp04", 42.8, 35),
    reference("comp05", 343.5, 284),
    reference("comp06", 56.8, 27),
    reference("comp07", 33.9, 6),
    reference("comp08", 46.5, 37),
    reference("comp09", 113.1, 96),
    reference("comp10", 21.3, 4),
    reference("comp11", 0.0, 0),
    reference("comp12", 351.6, 294),
    reference("comp13", 73.9, 59),
    reference("comp14", 61.8, 51),
    reference("comp15", 94.8, 62),
    reference("comp16", 41.2, 18),
    reference("comp17", 86.6, 56),
    reference("comp18", 91.7, 61),
    reference("comp19", 68.8, 57),
    reference("comp20", 34.3, 4),
    reference("comp21", 108.0, 74),
];

/// Results of one instance over several seeds.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub instance: String,
    pub runs: usize,
    /// The most hard violations of any run (0: every run feasible).
    pub hard: u64,
    pub mean_cost: f64,
    pub best_cost: u64,
    pub reference: Option<Reference>,
    /// Moves per second per thread, averaged over the runs.
    pub moves_per_second: f64,
}

impl Row {
    /// Mean cost over the best known (1.00: the best known on average).
    pub fn ratio(&self) -> Option<f64> {
        let best = self.reference?.best_known;
        if best > 0 {
            Some(self.mean_cost / best as f64)
        } else if self.mean_cost == 0.0 {
            Some(1.0)
        } else {
            None
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Instance {
        path: PathBuf,
        source: ctt::CttError,
    },
}

/// The `.ctt` files of a directory, sorted by name.
pub fn instances(dir: &Path) -> Result<Vec<PathBuf>, BenchError> {
    let io = |source| BenchError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.extension().is_some_and(|e| e == "ctt") {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

/// Solves one instance with seeds 1..=seeds; optionally writes each run's
/// solution to `out_dir/<instance>-s<seed>.sol`.
pub fn run_instance(
    path: &Path,
    budget: Budget,
    seeds: u64,
    threads: usize,
    out_dir: Option<&Path>,
) -> Result<Row, BenchError> {
    let text = std::fs::read_to_string(path).map_err(|source| BenchError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let problem = ctt::parse(&text).map_err(|source| BenchError::Instance {
        path: path.to_path_buf(),
        source,
    })?;
    let instance = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let mut costs = Vec::new();
    let (mut hard, mut moves) = (0, 0.0);
    for seed in 1..=seeds {
        let out = solve(
            &problem,
            &SolverOptions {
                seed,
                threads,
                budget,
            },
        );
        hard = hard.max(out.evaluation.hard());
        costs.push(out.evaluation.cost());
        moves += out.moves_per_second;
        if let Some(dir) = out_dir {
            let file = dir.join(format!("{instance}-s{seed}.sol"));
            std::fs::write(&file, solution::write(&problem, &out.solution))
                .map_err(|source| BenchError::Io { path: file, source })?;
        }
    }
    let runs = costs.len().max(1);
    Ok(Row {
        reference: ITC2007_REFERENCES
            .iter()
            .find(|r| r.instance == instance)
            .copied(),
        instance,
        runs,
        hard,
        mean_cost: costs.iter().sum::<u64>() as f64 / runs as f64,
        best_cost: costs.iter().copied().min().unwrap_or(0),
        moves_per_second: moves / runs as f64,
    })
}

pub fn table_header() -> String {
    "| instance | hard | mean cost | best cost | winner avg | best known | mean/best known | moves/s |\n\
     |---|---:|---:|---:|---:|---:|---:|---:|"
        .to_string()
}

pub fn table_row(row: &Row) -> String {
    let (winner, best_known) = row
        .reference
        .map_or(("—".to_string(), "—".to_string()), |r| {
            (format!("{:.1}", r.winner_average), r.best_known.to_string())
        });
    let ratio = row.ratio().map_or("—".to_string(), |r| format!("{r:.2}"));
    format!(
        "| {} | {} | {:.1} | {} | {} | {} | {} | {:.0} |",
        row.instance,
        row.hard,
        row.mean_cost,
        row.best_cost,
        winner,
        best_known,
        ratio,
        row.moves_per_second
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_compare_with_references() {
        let row = Row {
            instance: "comp07".into(),
            runs: 5,
            hard: 0,
            mean_cost: 12.0,
            best_cost: 9,
            reference: ITC2007_REFERENCES
                .iter()
                .find(|r| r.instance == "comp07")
                .copied(),
            moves_per_second: 1.5e6,
        };
        assert_eq!(row.ratio(), Some(2.0));
        assert_eq!(
            table_row(&row),
            "| comp07 | 0 | 12.0 | 9 | 33.9 | 6 | 2.00 | 1500000 |"
        );
        let zero = Row {
            instance: "comp11".into(),
            mean_cost: 0.0,
            reference: ITC2007_REFERENCES
                .iter()
                .find(|r| r.instance == "comp11")
                .copied(),
            ..row
        };
        assert_eq!(zero.ratio(), Some(1.0));
        assert!(table_header().starts_with("| instance | hard"));
    }
}
