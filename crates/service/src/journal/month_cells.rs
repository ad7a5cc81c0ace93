//! The cells of a journal's month, kept in memory while the month's revision
//! counter and the kinds of work stand still: a journal opened again, by its
//! teacher, the curator or the deputy, reads its cells from the database only
//! after something in that month changed.

use std::collections::HashMap;
use std::sync::Arc;

use super::cell::{cells_of, CellState};
use super::kept::{Kept, Stamp};
use super::totals::Key;
use crate::error::Result;
use crate::App;

/// A month's cells by (lesson, student).
pub(crate) type Cells = HashMap<(i64, i64), CellState>;

/// Cells and marks kept at once over all journals: a journal month of 30
/// students holds a few hundred; a cell with its mark some 200 bytes.
const CELLS_KEPT: usize = 250_000;

/// The kept months of this instance; another instance keeps its own and sees
/// the same counters.
pub struct MonthCells(Kept<Key, Cells>);

impl Default for MonthCells {
    fn default() -> Self {
        MonthCells(Kept::new(CELLS_KEPT))
    }
}

/// The cells at the lessons of `range` (one group's subject in the month of
/// `key`); `stamp` is the month's counter, read before this, and the kinds'
/// fingerprint (their names and weights are in the cells).
pub(crate) async fn of_month(
    app: &App,
    range: &store::lessons::LessonRange,
    key: Key,
    stamp: Stamp,
) -> Result<Arc<Cells>> {
    if let Some(cells) = app.month_cells.0.get(&key, stamp) {
        return Ok(cells);
    }
    let cells = Arc::new(cells_of(store::journal::cells(&app.db, range).await?));
    // An empty month weighs 1: there may be any number of them.
    let weight = 1 + cells.len() + cells.values().map(|c| c.marks.len()).sum::<usize>();
    app.month_cells.0.keep(key, stamp, cells.clone(), weight);
    Ok(cells)
}
