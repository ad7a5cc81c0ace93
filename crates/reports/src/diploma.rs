//! The data of the diploma supplement (приложение к диплому, seed 3.4:
//! «формирование документов об образовании»): for each graduate, the items
//! with hours and final marks, practices, course works and the state final
//! attestation — as a workbook and a PDF the officer prints from.

use rust_xlsxwriter::{Format, FormatBorder, Workbook};
use serde::Serialize;

use crate::pdf::Canvas;
use crate::ReportError;

#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub code: String,
    pub name: String,
    /// Hours over the whole course; 0 where none apply.
    pub hours: i64,
    /// The final mark in words as a diploma writes it («отлично», «зачтено»), or empty.
    pub mark: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub title: String,
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Graduate {
    pub name: String,
    pub sections: Vec<Section>,
    /// Items whose final mark is missing.
    pub missing: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiplomaSupplement {
    pub college: String,
    pub group: String,
    pub specialty: String,
    pub graduates: Vec<Graduate>,
}

impl DiplomaSupplement {
    /// One sheet, a block per graduate.
    pub fn xlsx(&self) -> Result<Vec<u8>, ReportError> {
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        ws.set_name("Приложения к дипломам")?;
        ws.set_paper_size(9);
        ws.set_column_width(0, 12)?;
        ws.set_column_width(1, 60)?;
        ws.set_column_width(2, 10)?;
        ws.set_column_width(3, 22)?;
        let bold = Format::new().set_bold();
        let cell = Format::new().set_border(FormatBorder::Thin);
        let head = cell.clone().set_bold();
        ws.write_with_format(0, 0, &self.college, &bold)?;
        ws.write(1, 0, format!("Группа {} · {}", self.group, self.specialty))?;
        let mut row = 3u32;
        for g in &self.graduates {
            ws.write_with_format(row, 0, &g.name, &bold)?;
            if g.missing > 0 {
                ws.write(row, 3, format!("нет итоговых отметок: {}", g.missing))?;
            }
            row += 1;
            for s in &g.sections {
                ws.write_with_format(row, 0, &s.title, &bold)?;
                row += 1;
                for (c, t) in ["Индекс", "Наименование", "Часов", "Итоговая оценка"]
                    .iter()
                    .enumerate()
                {
                    ws.write_with_format(row, c as u16, *t, &head)?;
                }
                row += 1;
                for l in &s.lines {
                    ws.write_with_format(row, 0, &l.code, &cell)?;
                    ws.write_with_format(row, 1, &l.name, &cell)?;
                    if l.hours > 0 {
                        ws.write_with_format(row, 2, l.hours as f64, &cell)?;
                    } else {
                        ws.write_with_format(row, 2, "", &cell)?;
                    }
                    ws.write_with_format(row, 3, &l.mark, &cell)?;
                    row += 1;
                }
            }
            row += 2;
        }
        Ok(book.save_to_buffer()?)
    }

    /// A4 portrait, a graduate a page (or more).
    pub fn pdf(&self) -> Result<Vec<u8>, ReportError> {
        const W: f32 = 210.0;
        const H: f32 = 297.0;
        const LEFT: f32 = 15.0;
        let mut c = Canvas::new(&format!("Приложения к дипломам: {}", self.group), W, H)?;
        for (i, g) in self.graduates.iter().enumerate() {
            if i > 0 {
                c.next_page();
            }
            c.text(LEFT, 15.0, 9.0, false, &self.college);
            c.text(LEFT, 23.0, 12.0, true, "Сведения для приложения к диплому");
            c.text(LEFT, 30.0, 11.0, true, &g.name);
            let line = c.regular.fit(
                &format!("Группа {} · {}", self.group, self.specialty),
                9.0,
                W - 2.0 * LEFT,
            );
            c.text(LEFT, 36.0, 9.0, false, &line);
            let mut y = 44.0;
            for s in &g.sections {
                if y > H - 25.0 {
                    c.next_page();
                    y = 15.0;
                }
                c.text(LEFT, y, 9.5, true, &s.title);
                y += 5.0;
                for l in &s.lines {
                    if y > H - 15.0 {
                        c.next_page();
                        y = 15.0;
                    }
                    let name = c.regular.fit(&format!("{} {}", l.code, l.name), 8.0, 120.0);
                    c.text(LEFT, y, 8.0, false, &name);
                    if l.hours > 0 {
                        c.text(LEFT + 125.0, y, 8.0, false, &format!("{} ч", l.hours));
                    }
                    let mark = if l.mark.is_empty() { "—" } else { &l.mark };
                    c.text(LEFT + 145.0, y, 8.0, !l.mark.is_empty(), mark);
                    c.line(LEFT, y + 1.2, W - LEFT, y + 1.2, 0.2);
                    y += 4.6;
                }
                y += 3.0;
            }
        }
        Ok(c.finish())
    }
}
