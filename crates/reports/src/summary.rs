//! The summary sheet (сводная ведомость, seed 3.4): a group's students ×
//! curriculum items with final marks, absences in hours, debts highlighted;
//! as an XLSX that prints on A4 landscape and as a PDF.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
use serde::Serialize;

use crate::pdf::Canvas;
use crate::ReportError;

#[derive(Debug, Clone, Serialize)]
pub struct Column {
    /// «ОП.01».
    pub code: String,
    pub name: String,
    /// «Э», «ДЗ», «З»…
    pub form: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub name: String,
    /// One per column: the mark as written («5», «зач», «а/з», «н/а», «НПА»), or empty.
    pub marks: Vec<String>,
    /// One per column: the mark is an academic debt (а/з, н/а, or a 2 the college counts).
    pub debts: Vec<bool>,
    pub valid_hours: i64,
    pub invalid_hours: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SummarySheet {
    pub college: String,
    pub group: String,
    pub specialty: String,
    /// «1-й семестр 2026/2027 учебного года».
    pub period: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Who signs: «Заместитель директора по учебной работе», «Куратор группы».
    pub signatures: Vec<String>,
    /// The date it was made, «01.12.2026».
    pub made_on: String,
}

pub const TITLE: &str = "Сводная ведомость итоговых отметок";

impl SummarySheet {
    fn debts(&self) -> usize {
        self.rows
            .iter()
            .map(|r| r.debts.iter().filter(|d| **d).count())
            .sum()
    }

    /// The sheet as an XLSX workbook: A4 landscape, one page wide, the
    /// header repeated on every printed page.
    pub fn xlsx(&self) -> Result<Vec<u8>, ReportError> {
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        ws.set_name("Ведомость")?;
        ws.set_landscape();
        ws.set_paper_size(9);
        ws.set_print_fit_to_pages(1, 0);
        ws.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
        let n = self.columns.len() as u16;
        let last = 2 + n + 2;
        let bold = Format::new().set_bold();
        let title = Format::new().set_bold().set_font_size(13);
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        let name = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        let head = cell.clone().set_bold().set_text_wrap();
        let vertical = head.clone().set_rotation(90);
        let debt = cell.clone().set_bold().set_background_color(0xF4CCCC);

        ws.merge_range(0, 0, 0, last, &self.college, &bold)?;
        ws.merge_range(1, 0, 1, last, TITLE, &title)?;
        ws.merge_range(
            2,
            0,
            2,
            last,
            &format!("Группа {} · {}", self.group, self.specialty),
            &Format::new(),
        )?;
        ws.merge_range(3, 0, 3, last, &self.period, &Format::new())?;

        let top = 5;
        ws.merge_range(top, 0, top + 1, 0, "№", &head)?;
        ws.merge_range(top, 1, top + 1, 1, "ФИО обучающегося", &head)?;
        for (i, c) in self.columns.iter().enumerate() {
            let col = 2 + i as u16;
            ws.write_with_format(top, col, format!("{} {}", c.code, c.name), &vertical)?;
            ws.write_with_format(top + 1, col, &c.form, &head)?;
            ws.set_column_width(col, 5)?;
        }
        let hours = 2 + n;
        ws.merge_range(top, hours, top, hours + 2, "Пропущено, ч", &head)?;
        for (i, t) in ["всего", "уваж.", "неуваж."].iter().enumerate() {
            ws.write_with_format(top + 1, hours + i as u16, *t, &head)?;
            ws.set_column_width(hours + i as u16, 8)?;
        }
        ws.set_row_height(top, 150)?;
        ws.set_column_width(0, 4)?;
        ws.set_column_width(1, 34)?;
        ws.set_repeat_rows(top, top + 1)?;

        for (r, row) in self.rows.iter().enumerate() {
            let at = top + 2 + r as u32;
            ws.write_with_format(at, 0, (r + 1) as u32, &cell)?;
            ws.write_with_format(at, 1, &row.name, &name)?;
            for (i, mark) in row.marks.iter().enumerate() {
                let f = if row.debts.get(i).copied().unwrap_or(false) {
                    &debt
                } else {
                    &cell
                };
                ws.write_with_format(at, 2 + i as u16, mark, f)?;
            }
            ws.write_with_format(
                at,
                hours,
                (row.valid_hours + row.invalid_hours) as f64,
                &cell,
            )?;
            ws.write_with_format(at, hours + 1, row.valid_hours as f64, &cell)?;
            ws.write_with_format(at, hours + 2, row.invalid_hours as f64, &cell)?;
        }
        let mut at = top + 3 + self.rows.len() as u32;
        ws.write(
            at,
            1,
            format!(
                "Обучающихся: {}. Академических задолженностей: {} (выделены).",
                self.rows.len(),
                self.debts()
            ),
        )?;
        at += 2;
        for s in &self.signatures {
            ws.write(
                at,
                1,
                format!("{s} ____________________ / ____________________"),
            )?;
            at += 2;
        }
        ws.write(at, 1, format!("Дата: {}", self.made_on))?;
        Ok(book.save_to_buffer()?)
    }

    /// The sheet as a PDF: A4 landscape, columns numbered with a legend
    /// below, the header repeated on every page, signature lines at the end.
    pub fn pdf(&self) -> Result<Vec<u8>, ReportError> {
        const W: f32 = 297.0;
        const H: f32 = 210.0;
        const LEFT: f32 = 10.0;
        const ROW: f32 = 6.0;
        const BOTTOM: f32 = 198.0;
        let mut c = Canvas::new(&format!("{TITLE}: {}", self.group), W, H)?;
        let n = self.columns.len().max(1) as f32;
        let (num_w, name_w, hours_w) = (8.0, 62.0, 13.0);
        let marks_w = W - 2.0 * LEFT - num_w - name_w - 3.0 * hours_w;
        let col_w = (marks_w / n).min(14.0);
        let right = LEFT + num_w + name_w + col_w * n + 3.0 * hours_w;
        let size = if col_w < 8.0 { 7.0 } else { 9.0 };

        let header = |c: &mut Canvas, y: f32| -> f32 {
            let h = 10.0;
            c.shade(LEFT, y, right - LEFT, h, 0.92);
            c.centred(LEFT, num_w, y + 6.5, 8.0, true, "№");
            c.text(LEFT + num_w + 2.0, y + 6.5, 8.0, true, "ФИО обучающегося");
            for i in 0..self.columns.len() {
                let x = LEFT + num_w + name_w + col_w * i as f32;
                c.centred(x, col_w, y + 4.5, 7.5, true, &(i + 1).to_string());
                let form = self.columns[i].form.clone();
                c.centred(x, col_w, y + 8.5, 6.5, false, &form);
            }
            let hx = LEFT + num_w + name_w + col_w * n;
            c.centred(hx, 3.0 * hours_w, y + 4.0, 7.0, true, "Пропущено, ч");
            for (i, t) in ["всего", "уваж.", "неуваж."].iter().enumerate() {
                c.centred(hx + hours_w * i as f32, hours_w, y + 8.5, 6.5, false, t);
            }
            y + h
        };
        let grid = |c: &mut Canvas, from: f32, to: f32| {
            let mut xs = vec![LEFT, LEFT + num_w, LEFT + num_w + name_w];
            for i in 1..=self.columns.len() {
                xs.push(LEFT + num_w + name_w + col_w * i as f32);
            }
            let hx = LEFT + num_w + name_w + col_w * n;
            xs.push(right);
            for x in xs {
                c.line(x, from, x, to, 0.5);
            }
            // The hours' columns share one heading: their borders start under it.
            for x in [hx + hours_w, hx + 2.0 * hours_w] {
                c.line(x, from + 5.0, x, to, 0.5);
            }
            c.line(LEFT, from, right, from, 0.5);
            c.line(LEFT, to, right, to, 0.5);
        };

        // The title block.
        c.text(LEFT, 14.0, 10.0, false, &self.college);
        c.text(LEFT, 22.0, 14.0, true, TITLE);
        let line = format!("Группа {} · {}", self.group, self.specialty);
        let fitted = c.regular.fit(&line, 10.0, W - 2.0 * LEFT);
        c.text(LEFT, 29.0, 10.0, false, &fitted);
        c.text(LEFT, 35.0, 10.0, false, &self.period);
        let mut y = header(&mut c, 40.0);
        let mut table_top = 40.0;
        for (r, row) in self.rows.iter().enumerate() {
            if y + ROW > BOTTOM {
                grid(&mut c, table_top, y);
                c.next_page();
                table_top = 10.0;
                y = header(&mut c, table_top);
            }
            let base = y + ROW - 1.7;
            c.centred(LEFT, num_w, base, size, false, &(r + 1).to_string());
            let name = c.regular.fit(&row.name, size, name_w - 3.0);
            c.text(LEFT + num_w + 1.5, base, size, false, &name);
            for (i, mark) in row.marks.iter().enumerate() {
                let x = LEFT + num_w + name_w + col_w * i as f32;
                let debt = row.debts.get(i).copied().unwrap_or(false);
                if debt {
                    c.shade(x, y, col_w, ROW, 0.8);
                }
                c.centred(x, col_w, base, size - 0.5, debt, mark);
            }
            let hx = LEFT + num_w + name_w + col_w * n;
            for (i, v) in [
                row.valid_hours + row.invalid_hours,
                row.valid_hours,
                row.invalid_hours,
            ]
            .iter()
            .enumerate()
            {
                c.centred(
                    hx + hours_w * i as f32,
                    hours_w,
                    base,
                    size,
                    false,
                    &v.to_string(),
                );
            }
            c.line(LEFT, y, right, y, 0.3);
            y += ROW;
        }
        grid(&mut c, table_top, y);

        // The legend: what each numbered column is.
        let legend_rows = self.columns.len().div_ceil(2);
        let needed = 8.0 + legend_rows as f32 * 4.5 + 10.0 + self.signatures.len() as f32 * 9.0;
        if y + needed > H - 8.0 {
            c.next_page();
            y = 10.0;
        }
        y += 6.0;
        c.text(
            LEFT,
            y,
            8.5,
            false,
            &format!(
                "Обучающихся: {}. Академических задолженностей: {} (выделены).",
                self.rows.len(),
                self.debts()
            ),
        );
        y += 5.0;
        let half = (W - 2.0 * LEFT) / 2.0;
        for (i, col) in self.columns.iter().enumerate() {
            let x = LEFT + if i < legend_rows { 0.0 } else { half };
            let yy = y + (i % legend_rows.max(1)) as f32 * 4.5;
            let text = format!("{}. {} {} ({})", i + 1, col.code, col.name, col.form);
            let text = c.regular.fit(&text, 7.5, half - 4.0);
            c.text(x, yy, 7.5, false, &text);
        }
        y += legend_rows as f32 * 4.5 + 8.0;
        for s in &self.signatures {
            c.text(LEFT, y, 9.0, false, s);
            c.line(LEFT + 110.0, y + 0.5, LEFT + 160.0, y + 0.5, 0.4);
            c.line(LEFT + 165.0, y + 0.5, LEFT + 225.0, y + 0.5, 0.4);
            c.text(LEFT + 128.0, y + 3.5, 6.0, false, "подпись");
            c.text(LEFT + 180.0, y + 3.5, 6.0, false, "расшифровка");
            y += 9.0;
        }
        c.text(LEFT, y, 9.0, false, &format!("Дата: {}", self.made_on));
        Ok(c.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(students: usize) -> SummarySheet {
        SummarySheet {
            college: "ГБПОУ «Колледж»".into(),
            group: "ПР-26".into(),
            specialty: "15.02.12 Монтаж и техническое обслуживание".into(),
            period: "1-й семестр 2026/2027 учебного года".into(),
            columns: (1..=12)
                .map(|i| Column {
                    code: format!("ОП.{i:02}"),
                    name: format!("Дисциплина номер {i} с длинным названием"),
                    form: "Э".into(),
                })
                .collect(),
            rows: (0..students)
                .map(|r| Row {
                    name: format!("Иванов{r} Иван Иванович"),
                    marks: (0..12)
                        .map(|i| if i == 3 { "а/з".into() } else { "5".into() })
                        .collect(),
                    debts: (0..12).map(|i| i == 3).collect(),
                    valid_hours: 4,
                    invalid_hours: 2,
                })
                .collect(),
            signatures: vec!["Заместитель директора по учебной работе".into()],
            made_on: "01.12.2026".into(),
        }
    }

    #[test]
    fn a_pdf_with_pages_enough_for_the_group() {
        let one = sheet(20).pdf().unwrap();
        assert!(one.starts_with(b"%PDF"));
        let long = sheet(70).pdf().unwrap();
        assert!(long.len() > one.len(), "more students, more pages");
    }

    #[test]
    fn an_xlsx_that_opens() {
        let bytes = sheet(30).xlsx().unwrap();
        assert!(bytes.starts_with(b"PK"), "a zip container");
    }

    #[test]
    fn text_is_measured_and_cut_to_fit() {
        let c = Canvas::new("t", 100.0, 100.0).unwrap();
        let w = c.regular.width("Андреев Дмитрий Тимурович", 9.0);
        assert!(w > 30.0 && w < 60.0, "{w}");
        let cut = c.regular.fit("Андреев Дмитрий Тимурович", 9.0, 20.0);
        assert!(
            cut.ends_with('…') && c.regular.width(&cut, 9.0) <= 20.0,
            "{cut}"
        );
    }
}
