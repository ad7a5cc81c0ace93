//! A group's journal of the year as a workbook (the archive's printable
//! copy): a sheet a subject, students × lessons with attendance and marks,
//! and under it every lesson's topic and homework.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
use serde::Serialize;

use crate::pdf::Canvas;
use crate::ReportError;

#[derive(Debug, Clone, Serialize)]
pub struct LessonLine {
    /// Who was absent or late and the marks given, in words:
    /// «Отсутствовали: …; отметки: Андреев Д. — 5, …».
    pub record: String,
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

impl JournalBook {
    /// The journal as a readable PDF (A4 portrait): for each subject, every
    /// lesson in order with its topic, homework, teacher, absences and marks.
    pub fn pdf(&self) -> Result<Vec<u8>, ReportError> {
        const W: f32 = 210.0;
        const H: f32 = 297.0;
        const LEFT: f32 = 15.0;
        const WIDTH: f32 = W - 2.0 * LEFT;
        let mut c = Canvas::new(&format!("Журнал группы {}", self.group), W, H)?;
        c.text(LEFT, 15.0, 9.0, false, &self.college);
        c.text(
            LEFT,
            24.0,
            13.0,
            true,
            &format!(
                "Журнал группы {}, {} учебный год",
                self.group, self.year_title
            ),
        );
        let mut y = 34.0;
        for s in &self.subjects {
            if y > H - 40.0 {
                c.next_page();
                y = 15.0;
            }
            c.text(LEFT, y, 11.0, true, &s.subject);
            y += 6.0;
            for l in &s.lessons {
                let head = format!(
                    "{}, {}-я пара{} — {}",
                    l.date,
                    l.pair,
                    if l.cancelled {
                        " (отменено)"
                    } else {
                        ""
                    },
                    l.teacher
                );
                let mut lines = vec![(true, head)];
                let body = format!(
                    "Тема: {}. Задание: {}.{}",
                    if l.topic.is_empty() { "—" } else { &l.topic },
                    if l.homework.is_empty() {
                        "—"
                    } else {
                        &l.homework
                    },
                    if l.record.is_empty() {
                        String::new()
                    } else {
                        format!(" {}", l.record)
                    }
                );
                lines.extend(
                    c.regular
                        .wrap(&body, 8.0, WIDTH)
                        .into_iter()
                        .map(|t| (false, t)),
                );
                if y + 4.0 * lines.len() as f32 > H - 12.0 {
                    c.next_page();
                    y = 15.0;
                }
                for (bold, t) in lines {
                    c.text(LEFT, y, 8.0, bold, &t);
                    y += 4.0;
                }
                y += 1.5;
            }
            y += 4.0;
        }
        Ok(c.finish())
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
                    record: "Отсутствовали: Андреев Д. Т.".into(),
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
        assert!(book.pdf().unwrap().starts_with(b"%PDF"));
    }
}
