//! Printable documents built from plain data: no database here. The caller
//! (the service layer) fills the structs in a fixed number of queries.

pub mod diploma;
pub mod journal;
mod pdf;
pub mod summary;

pub use diploma::{DiplomaSupplement, Graduate, Line, Section};
pub use journal::{JournalBook, LessonLine, SubjectJournal};
pub use summary::{Column, Row, SummarySheet};

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("spreadsheet: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("pdf: {0}")]
    Pdf(String),
}
