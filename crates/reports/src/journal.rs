//! A group's journal of the year as a workbook (the archive's printable
//! copy): a sheet a subject, students × lessons with attendance and marks,
//! and under it every lesson's topic and homework.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
use serde::Serialize;

use crate::ReportError;

#[derive(Debug, Clone, Serialize)]
pub struct LessonLine {
    /// «01.09.2026».
    pub date: String,
    pub pair: i32,
    pub teacher: String,
    pub topic: String,
    pub homework: String,
    pub cancelled: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SubjectJournal {
    pub subject: String,
    pub lessons: Vec<LessonLine>,
    pub students: Vec<String>,
    /// students × lessons: «н», «о», «5 4», or empty.
    pub cells: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct JournalBook {
    pub college: String,
    pub group: String,
    /// «2026/2027».
    pub year_title: String,
    pub subjects: Vec<SubjectJournal>,
}

/// A worksheet name Excel accepts: at most 31 characters, none of []:*?/\.
fn sheet_name(n: usize, subject: &str) -> String {
    let clean: String = subject
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .collect();
    format!("{n}. {clean}").chars().take(31).collect()
}

impl JournalBook {
    pub fn xlsx(&self) -> Result<Vec<u8>, ReportError> {
        let mut book = Workbook::new();
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center);
        let head = cell.clone().set_bold().set_rotation(90);
        let name = Format::new().set_border(FormatBorder::Thin);
        let bold = Format::new().set_bold();
        if self.subjects.is_empty() {
            let ws = book.add_worksheet();
            ws.write(
                0,
                0,
                format!(
                    "Группа {}: занятий в {} году нет.",
                    self.group, self.year_title
                ),
            )?;
        }
        for (i, s) in self.subjects.iter().enumerate() {
            let ws = book.add_worksheet();
            ws.set_name(sheet_name(i + 1, &s.subject))?;
            ws.set_landscape();
            ws.set_paper_size(9);
            ws.write_with_format(
                0,
                0,
                format!(
                    "{} · группа {} · {} · {}",
                    self.college, self.group, s.subject, self.year_title
                ),
                &bold,
            )?;
            ws.write_with_format(2, 0, "Обучающийся", &name)?;
            ws.set_column_width(0, 32)?;
            for (j, l) in s.lessons.iter().enumerate() {
                let col = 1 + j as u16;
                let title = if l.cancelled {
                    format!("{} отм.", &l.date[..5.min(l.date.len())])
                } else {
                    l.date[..5.min(l.date.len())].to_string()
                };
                ws.write_with_format(2, col, title, &head)?;
                ws.set_column_width(col, 4)?;
            }
            for (r, student) in s.students.iter().enumerate() {
                let row = 3 + r as u32;
                ws.write_with_format(row, 0, student, &name)?;
                for (j, v) in s.cells.get(r).into_iter().flatten().enumerate() {
                    ws.write_with_format(row, 1 + j as u16, v, &cell)?;
                }
            }
            let mut row = 5 + s.students.len() as u32;
            ws.write_with_format(
                row,
                0,
                "Дата, пара — тема; домашнее задание; преподаватель",
                &bold,
            )?;
            for l in &s.lessons {
                row += 1;
                ws.write(
                    row,
                    0,
                    format!(
                        "{}, {}-я пара{} — {}; задание: {}; {}",
                        l.date,
                        l.pair,
                        if l.cancelled {
                            " (отменено)"
                        } else {
                            ""
                        },
                        if l.topic.is_empty() { "—" } else { &l.topic },
                        if l.homework.is_empty() {
                            "—"
                        } else {
                            &l.homework
                        },
                        l.teacher
                    ),
                )?;
            }
        }
        Ok(book.save_to_buffer()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_fit_excel() {
        let n = sheet_name(12, "МДК.01.01 Технология: обогащение [полезных] ископаемых");
        assert!(n.chars().count() <= 31);
        assert!(!n.contains(':') && !n.contains('['));
    }

    #[test]
    fn a_workbook_a_subject() {
        let book = JournalBook {
            college: "Колледж".into(),
            group: "ПР-26".into(),
            year_title: "2026/2027".into(),
            subjects: vec![SubjectJournal {
                subject: "Русский язык".into(),
                lessons: vec![LessonLine {
                    date: "01.09.2026".into(),
                    pair: 1,
                    teacher: "Сергеева С. П.".into(),
                    topic: "Язык и речь".into(),
                    homework: "§1".into(),
                    cancelled: false,
                }],
                students: vec!["Андреев Дмитрий Тимурович".into()],
                cells: vec![vec!["5".into()]],
            }],
        };
        assert!(book.xlsx().unwrap().starts_with(b"PK"));
    }
}
