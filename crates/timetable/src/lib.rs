//! Course timetabling for Zhurnal: place every lecture of every course in a
//! period and a room so that groups (curricula) and teachers never overlap,
//! then minimise the soft costs.
//!
//! - [`model`]: the general problem (courses, rooms, curricula, days × periods).
//! - [`ctt`] and [`solution`]: the ITC-2007 track 3 file formats.
//! - [`evaluate`]: the official UD2 cost, plus the college's goals (windows,
//!   a daily limit) when a problem asks for them.
//! - [`solver`]: a constructive start and simulated annealing.
//! - [`bench`]: runs the solver over a directory of instances (the only module doing I/O).

pub mod bench;
pub mod ctt;
mod day;
pub mod evaluate;
pub mod model;
pub mod solution;
pub mod solver;

pub use evaluate::{evaluate, Evaluation};
pub use model::{Course, Curriculum, ModelError, Problem, Room, Weights, MAX_PERIODS_PER_DAY};
pub use solution::{Placement, Solution};
pub use solver::{solve, Budget, Outcome, SolverOptions};
