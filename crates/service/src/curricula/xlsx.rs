//! A curriculum as one spreadsheet sheet, written for people to edit and read back.
//!
//! Layout: a header block (college, specialty, form, intake year), then a
//! table whose header row starts with «Код» in column A: code, kind, name,
//! module code, then for each of the 8 semesters lectures, practical/lab,
//! self-study, consultations, course project and the control form (Э, ДЗ, З,
//! КР, Эк, ДФ), then the row's total. A module's hours and the totals are
//! formulas, so a spreadsheet program keeps them in step while a user edits.

use std::collections::HashMap;
use std::fmt;

use calamine::Data;
use domain::curriculum::{ControlForm, Hours, ItemKind};
use rust_xlsxwriter::utility::{row_col_to_cell, row_col_to_cell_absolute};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Formula, Workbook, XlsxError};

use super::{parse_hours, Plan, SemesterView, HOUR_PARTS, SEMESTERS};

/// Columns before the semesters: code, kind, name, module code.
const LEAD: u16 = 4;
/// Columns per semester: five kinds of hours and the control form.
const PER_SEMESTER: u16 = 6;
const TOTAL_COL: u16 = LEAD + PER_SEMESTER * SEMESTERS as u16;
const PART_SHORT: [&str; 5] = ["Лек", "Пр/лаб", "СР", "Конс", "КП"];

/// How a kind is written in the sheet (and read back by `ItemKind::parse`).
pub fn kind_label(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Discipline => "дисциплина",
        ItemKind::Mdk => "МДК",
        ItemKind::Module => "ПМ",
        ItemKind::Practice => "практика",
    }
}

fn part(h: &Hours, k: usize) -> i32 {
    match k {
        0 => h.lectures,
        1 => h.practical,
        2 => h.self_study,
        3 => h.consultations,
        _ => h.course_project,
    }
}

fn set_part(h: &mut Hours, k: usize, v: i32) {
    match k {
        0 => h.lectures = v,
        1 => h.practical = v,
        2 => h.self_study = v,
        3 => h.consultations = v,
        _ => h.course_project = v,
    }
}

fn col_of(semester: i32, k: usize) -> u16 {
    LEAD + (semester as u16 - 1) * PER_SEMESTER + k as u16
}

/// Writes the curriculum as an .xlsx file.
pub fn write(plan: &Plan, college: &str) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Учебный план")?;
    let c = &plan.curriculum;
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_background_color(0xE7E6E6);
    let cell = Format::new().set_border(FormatBorder::Thin);
    let num = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center);
    let module = cell.clone().set_bold();
    let module_num = num.clone().set_bold();
    let child = cell.clone().set_indent(1);

    ws.write_string_with_format(0, 0, format!("Учебный план «{}»", c.name), &title)?;
    let mut info = vec![
        ("Колледж", college.to_string()),
        (
            "Специальность",
            format!("{} {}", c.specialty_code, c.specialty_name),
        ),
        ("Форма обучения", c.study_form_title.to_string()),
        ("Год набора", c.intake_year.to_string()),
    ];
    if let Some(s) = &c.student {
        info.push(("Обучающийся", s.clone()));
    }
    for (i, (label, value)) in info.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string_with_format(r, 0, *label, &bold)?;
        ws.write_string(r, 2, value)?;
    }
    let h = info.len() as u32 + 2;
    for (col, text) in ["Код", "Вид", "Наименование", "Код модуля"]
        .iter()
        .enumerate()
    {
        ws.merge_range(h, col as u16, h + 1, col as u16, text, &head)?;
    }
    for s in 1..=SEMESTERS {
        let first = col_of(s, 0);
        ws.merge_range(
            h,
            first,
            h,
            first + PER_SEMESTER - 1,
            &format!("Семестр {s}"),
            &head,
        )?;
        for (k, text) in PART_SHORT.iter().enumerate() {
            ws.write_string_with_format(h + 1, first + k as u16, *text, &head)?;
        }
        ws.write_string_with_format(h + 1, first + 5, "ФК", &head)?;
    }
    ws.merge_range(h, TOTAL_COL, h + 1, TOTAL_COL, "Всего", &head)?;

    let first_row = h + 2;
    // The rows of each module's items, which follow the module.
    let mut spans: HashMap<i64, (u32, u32)> = HashMap::new();
    for (i, item) in plan.items.iter().enumerate() {
        if let Some(p) = item.parent_id {
            let r = first_row + i as u32;
            let e = spans.entry(p).or_insert((r, r));
            e.1 = r;
        }
    }
    for (i, item) in plan.items.iter().enumerate() {
        let r = first_row + i as u32;
        let (text_fmt, num_fmt) = if item.is_module() {
            (&module, &module_num)
        } else if item.depth > 0 {
            (&child, &num)
        } else {
            (&cell, &num)
        };
        ws.write_string_with_format(r, 0, &item.code, text_fmt)?;
        ws.write_string_with_format(r, 1, kind_label(item.kind), text_fmt)?;
        ws.write_string_with_format(r, 2, &item.name, text_fmt)?;
        ws.write_string_with_format(r, 3, item.parent_code.as_deref().unwrap_or(""), text_fmt)?;
        let span = if item.is_module() {
            spans.get(&item.id).copied()
        } else {
            None
        };
        for s in &item.semesters {
            for k in 0..5 {
                let col = col_of(s.semester, k);
                let v = part(&s.hours, k);
                if let Some((a, b)) = span {
                    let f = Formula::new(format!(
                        "=SUM({}:{})",
                        row_col_to_cell(a, col),
                        row_col_to_cell(b, col)
                    ))
                    .set_result(v.to_string());
                    ws.write_formula_with_format(r, col, f, num_fmt)?;
                } else if v != 0 {
                    ws.write_number_with_format(r, col, f64::from(v), num_fmt)?;
                } else {
                    ws.write_blank(r, col, num_fmt)?;
                }
            }
            ws.write_string_with_format(r, col_of(s.semester, 5), s.control_short(), num_fmt)?;
        }
        let f = Formula::new(format!(
            "=SUM({}:{})",
            row_col_to_cell(r, LEAD),
            row_col_to_cell(r, TOTAL_COL - 1)
        ))
        .set_result(item.total_hours.to_string());
        ws.write_formula_with_format(r, TOTAL_COL, f, num_fmt)?;
    }
    // The totals row: each hour once, so modules (sums of their items) are left out.
    let last = first_row + plan.items.len() as u32;
    ws.write_string_with_format(last, 2, "Итого по плану", &module)?;
    let kinds = format!(
        "{}:{}",
        row_col_to_cell_absolute(first_row, 1),
        row_col_to_cell_absolute(last.max(first_row + 1) - 1, 1)
    );
    let sumif = |col: u16, result: i32| {
        Formula::new(format!(
            "=SUMIF({kinds},\"<>ПМ\",{}:{})",
            row_col_to_cell(first_row, col),
            row_col_to_cell(last.max(first_row + 1) - 1, col)
        ))
        .set_result(result.to_string())
    };
    for s in &plan.semester_totals {
        for k in 0..5 {
            let col = col_of(s.semester, k);
            ws.write_formula_with_format(last, col, sumif(col, part(&s.hours, k)), &module_num)?;
        }
    }
    ws.write_formula_with_format(
        last,
        TOTAL_COL,
        sumif(TOTAL_COL, plan.total_hours),
        &module_num,
    )?;

    ws.set_column_width(0, 12)?;
    ws.set_column_width(1, 11)?;
    ws.set_column_width(2, 42)?;
    ws.set_column_width(3, 11)?;
    for col in LEAD..TOTAL_COL {
        ws.set_column_width(col, 5.5)?;
    }
    ws.set_column_width(TOTAL_COL, 8)?;
    ws.set_row_height(h + 1, 30)?;
    ws.set_freeze_panes(first_row, 3)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(h, h + 1)?;
    wb.save_to_buffer()
}

/// One problem with the file or a row; `row` is the sheet's row number (0: the whole file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub row: u32,
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.row == 0 {
            write!(f, "{}", self.message)
        } else {
            write!(f, "Строка {}: {}", self.row, self.message)
        }
    }
}

/// A checked row of an imported sheet. Rows come modules first, each
/// followed by its items; `parent` is the index of the module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    pub sheet_row: u32,
    pub code: String,
    pub kind: ItemKind,
    pub name: String,
    pub parent: Option<usize>,
    pub parent_code: Option<String>,
    /// Semesters 1..8. A module keeps only its control forms: its hours are its items'.
    pub semesters: Vec<SemesterView>,
}

fn text(d: Option<&Data>) -> String {
    match d {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.trim().to_string(),
        Some(Data::Float(f)) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Int(i)) => i.to_string(),
        Some(other) => other.to_string().trim().to_string(),
    }
}

/// A number of hours from a cell: `None` when the cell is empty.
fn hours_cell(d: Option<&Data>) -> Result<Option<i32>, String> {
    match d {
        None | Some(Data::Empty) => Ok(None),
        Some(Data::Float(f)) if f.fract() != 0.0 => Err(format!("«{f}» — не целое число часов")),
        Some(Data::Float(f)) => parse_hours(&format!("{}", *f as i64)).map(Some),
        Some(Data::Int(i)) => parse_hours(&i.to_string()).map(Some),
        Some(Data::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Data::String(s)) => parse_hours(s).map(Some),
        Some(other) => Err(format!("«{other}» — не число")),
    }
}

struct Raw {
    sheet_row: u32,
    code: String,
    kind: ItemKind,
    name: String,
    parent_code: String,
    /// [semester][part]: the cell's value when given.
    cells: Vec<[Option<i32>; 5]>,
    forms: Vec<Option<ControlForm>>,
    total: Option<i32>,
}

fn file_error(message: &str) -> Vec<RowError> {
    vec![RowError {
        row: 0,
        message: message.to_string(),
    }]
}

/// Reads and checks a curriculum sheet: every row's errors at once, or the rows.
pub fn read(data: &[u8]) -> Result<Vec<ImportRow>, Vec<RowError>> {
    let sheet = crate::imports::SheetCells::read(data, &crate::imports::XLSX_LIMITS)
        .map_err(|why| file_error(&why))?;
    let Some((first_row, last_row)) = sheet.rows() else {
        return Err(file_error("Лист учебного плана пуст."));
    };
    let at = |r: u32, c: u16| sheet.get(r, u32::from(c));
    let Some(header) = (first_row..=last_row).find(|r| text(at(*r, 0)).to_lowercase() == "код")
    else {
        return Err(file_error(
            "Не найдена шапка таблицы: в столбце A должна быть ячейка «Код», как в выгруженном плане.",
        ));
    };
    let mut first = header + 1;
    if text(at(first, 0)).is_empty() && !text(at(first, LEAD)).is_empty() {
        first += 1;
    }

    let mut errors: Vec<RowError> = Vec::new();
    let mut raws: Vec<Raw> = Vec::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    for r in first..=last_row {
        let sheet_row = r + 1;
        let (code, kind_text, name, parent_code) = (
            text(at(r, 0)),
            text(at(r, 1)),
            text(at(r, 2)),
            text(at(r, 3)),
        );
        if code.is_empty() && kind_text.is_empty() {
            let blank = (0..=TOTAL_COL).all(|c| text(at(r, c)).is_empty());
            if blank || name.to_lowercase().starts_with("итого") {
                continue;
            }
        }
        let mut problems: Vec<String> = Vec::new();
        if code.is_empty() {
            problems.push("не заполнен код".into());
        } else if code.chars().count() > 30 {
            problems.push("код длиннее 30 символов".into());
        } else if let Some(prev) = seen.get(&code) {
            problems.push(format!("код «{code}» уже есть в строке {prev}"));
        } else {
            seen.insert(code.clone(), sheet_row);
        }
        let kind = ItemKind::parse(&kind_text);
        if kind.is_none() {
            problems.push(if kind_text.is_empty() {
                "не указан вид (дисциплина, МДК, ПМ или практика)".into()
            } else {
                format!("неизвестный вид «{kind_text}»: пишите дисциплина, МДК, ПМ или практика")
            });
        }
        if name.is_empty() {
            problems.push("не заполнено наименование".into());
        } else if name.chars().count() > 300 {
            problems.push("наименование длиннее 300 символов".into());
        }
        let mut cells = Vec::with_capacity(SEMESTERS as usize);
        let mut forms = Vec::with_capacity(SEMESTERS as usize);
        for s in 1..=SEMESTERS {
            let mut row = [None; 5];
            for (k, (_, title)) in HOUR_PARTS.iter().enumerate() {
                match hours_cell(at(r, col_of(s, k))) {
                    Ok(v) => row[k] = v,
                    Err(e) => problems.push(format!("семестр {s}, {title}: {e}")),
                }
            }
            cells.push(row);
            let f = text(at(r, col_of(s, 5)));
            forms.push(if f.is_empty() {
                None
            } else {
                let parsed = ControlForm::parse(&f);
                if parsed.is_none() {
                    problems.push(format!(
                        "семестр {s}: неизвестная форма контроля «{f}» (пишите Э, ДЗ, З, КР, Эк или ДФ)"
                    ));
                }
                parsed
            });
        }
        let total = match hours_cell(at(r, TOTAL_COL)) {
            Ok(v) => v,
            Err(_) => {
                problems.push(format!("«Всего»: «{}» — не число", text(at(r, TOTAL_COL))));
                None
            }
        };
        if !problems.is_empty() {
            errors.push(RowError {
                row: sheet_row,
                message: problems.join("; ") + ".",
            });
            continue;
        }
        raws.push(Raw {
            sheet_row,
            code,
            kind: kind.unwrap_or(ItemKind::Discipline),
            name,
            parent_code,
            cells,
            forms,
            total,
        });
    }

    // Modules, their items and the totals.
    let modules: HashMap<&str, usize> = raws
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind == ItemKind::Module)
        .map(|(i, r)| (r.code.as_str(), i))
        .collect();
    let mut parent_of: Vec<Option<usize>> = vec![None; raws.len()];
    let mut children: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut row_errors: HashMap<usize, Vec<String>> = HashMap::new();
    for (i, r) in raws.iter().enumerate() {
        if r.parent_code.is_empty() {
            continue;
        }
        if !r.kind.may_have_parent() {
            row_errors.entry(i).or_default().push(format!(
                "«{}» не может входить в модуль: в модуль входят только МДК и практики",
                kind_label(r.kind)
            ));
        } else if let Some(m) = modules.get(r.parent_code.as_str()) {
            parent_of[i] = Some(*m);
            children.entry(*m).or_default().push(i);
        } else if seen.contains_key(&r.parent_code) {
            row_errors.entry(i).or_default().push(format!(
                "код модуля «{}» — не профессиональный модуль",
                r.parent_code
            ));
        } else {
            row_errors
                .entry(i)
                .or_default()
                .push(format!("модуля с кодом «{}» в плане нет", r.parent_code));
        }
    }
    let sum_of = |rows: &[usize], s: usize, k: usize| -> i32 {
        rows.iter().map(|c| raws[*c].cells[s][k].unwrap_or(0)).sum()
    };
    for (i, r) in raws.iter().enumerate() {
        let own: i32 = r.cells.iter().flatten().map(|v| v.unwrap_or(0)).sum();
        if r.kind == ItemKind::Module {
            let kids = children.get(&i).map(Vec::as_slice).unwrap_or_default();
            let mut mismatch = None;
            'outer: for s in 0..SEMESTERS as usize {
                for (k, (_, title)) in HOUR_PARTS.iter().enumerate() {
                    let expected = sum_of(kids, s, k);
                    if let Some(v) = r.cells[s][k] {
                        if v != expected {
                            mismatch = Some(format!(
                                "часы модуля не равны сумме его МДК и практик: семестр {}, {title} — в строке {v}, в сумме {expected}",
                                s + 1
                            ));
                            break 'outer;
                        }
                    }
                }
            }
            if let Some(m) = mismatch {
                row_errors.entry(i).or_default().push(m);
            } else {
                let expected: i32 = kids
                    .iter()
                    .map(|c| {
                        raws[*c]
                            .cells
                            .iter()
                            .flatten()
                            .map(|v| v.unwrap_or(0))
                            .sum::<i32>()
                    })
                    .sum();
                if let Some(t) = r.total.filter(|t| *t != expected) {
                    row_errors.entry(i).or_default().push(format!(
                        "итог модуля «Всего» {t} не равен сумме часов его МДК и практик {expected}"
                    ));
                }
            }
        } else if let Some(t) = r.total.filter(|t| *t != own) {
            row_errors.entry(i).or_default().push(format!(
                "итог «Всего» {t} не равен сумме часов по семестрам {own}"
            ));
        }
    }
    for (i, list) in row_errors {
        errors.push(RowError {
            row: raws[i].sheet_row,
            message: list.join("; ") + ".",
        });
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.row);
        return Err(errors);
    }
    if raws.is_empty() {
        return Err(file_error(
            "В таблице нет ни одной строки плана под шапкой «Код, Вид, Наименование…».",
        ));
    }

    // Modules first, each followed by its items, in the sheet's order.
    let mut order: Vec<usize> = Vec::with_capacity(raws.len());
    for (i, parent) in parent_of.iter().enumerate() {
        if parent.is_some() {
            continue;
        }
        order.push(i);
        order.extend(children.get(&i).map(Vec::as_slice).unwrap_or_default());
    }
    let index: HashMap<usize, usize> = order.iter().enumerate().map(|(n, i)| (*i, n)).collect();
    Ok(order
        .iter()
        .map(|i| {
            let r = &raws[*i];
            let module = r.kind == ItemKind::Module;
            let semesters = (0..SEMESTERS as usize)
                .map(|s| {
                    let mut h = Hours::default();
                    if !module {
                        for k in 0..5 {
                            set_part(&mut h, k, r.cells[s][k].unwrap_or(0));
                        }
                    }
                    SemesterView {
                        semester: s as i32 + 1,
                        total: h.total(),
                        hours: h,
                        control_form: r.forms[s],
                    }
                })
                .collect();
            ImportRow {
                sheet_row: r.sheet_row,
                code: r.code.clone(),
                kind: r.kind,
                name: r.name.clone(),
                parent: parent_of[*i].and_then(|p| index.get(&p).copied()),
                parent_code: parent_of[*i].map(|p| raws[p].code.clone()),
                semesters,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curricula::{build_plan, CurriculumView};
    use store::entity::{curriculum_hours, curriculum_item};

    fn item(
        id: i64,
        parent: Option<i64>,
        kind: ItemKind,
        code: &str,
        name: &str,
    ) -> curriculum_item::Model {
        curriculum_item::Model {
            id,
            org_id: 1,
            curriculum_id: 1,
            parent_id: parent,
            kind: kind.code().into(),
            code: code.into(),
            name: name.into(),
            subject_id: None,
            position: id as i32,
        }
    }

    fn hours(
        item_id: i64,
        semester: i32,
        l: i32,
        p: i32,
        form: Option<ControlForm>,
    ) -> curriculum_hours::Model {
        curriculum_hours::Model {
            id: item_id * 10 + i64::from(semester),
            org_id: 1,
            item_id,
            semester,
            lectures: l,
            practical: p,
            self_study: 4,
            consultations: 0,
            course_project: 0,
            control_form: form.map(|f| f.code().to_string()),
        }
    }

    fn sample() -> Plan {
        let c = CurriculumView {
            id: 1,
            name: "13.02.11 очная 2025".into(),
            specialty_id: 1,
            specialty_code: "13.02.11".into(),
            specialty_name: "Техническая эксплуатация".into(),
            study_form: "full_time".into(),
            study_form_title: "очная",
            intake_year: 2025,
            student_id: None,
            student: None,
        };
        build_plan(
            c,
            vec![
                item(1, None, ItemKind::Discipline, "ОП.01", "Инженерная графика"),
                item(2, None, ItemKind::Module, "ПМ.01", "Монтаж"),
                item(
                    3,
                    Some(2),
                    ItemKind::Mdk,
                    "МДК.01.01",
                    "Электрические машины",
                ),
                item(4, Some(2), ItemKind::Practice, "УП.01", "Учебная практика"),
            ],
            vec![
                hours(1, 1, 30, 20, Some(ControlForm::DiffCredit)),
                hours(1, 2, 10, 10, Some(ControlForm::Exam)),
                hours(3, 3, 40, 30, Some(ControlForm::Exam)),
                hours(4, 3, 0, 72, Some(ControlForm::DiffCredit)),
                curriculum_hours::Model {
                    self_study: 0,
                    ..hours(2, 3, 0, 0, Some(ControlForm::QualificationExam))
                },
            ],
            false,
        )
    }

    #[test]
    fn module_hours_are_the_sum_of_its_items_and_totals_count_each_hour_once() {
        let plan = sample();
        let codes: Vec<&str> = plan.items.iter().map(|i| i.code.as_str()).collect();
        assert_eq!(codes, ["ОП.01", "ПМ.01", "МДК.01.01", "УП.01"]);
        let module = &plan.items[1];
        assert_eq!(module.semesters[2].hours.lectures, 40);
        assert_eq!(module.semesters[2].hours.practical, 102);
        assert_eq!(
            module.semesters[2].control_form,
            Some(ControlForm::QualificationExam)
        );
        assert_eq!(module.total_hours, 40 + 102 + 8);
        assert_eq!(plan.semester_totals[0].total, 54);
        assert_eq!(plan.semester_totals[2].total, 40 + 102 + 8);
        assert_eq!(plan.total_hours, 54 + 24 + 150);
    }

    #[test]
    fn round_trip_gives_the_same_rows() {
        let plan = sample();
        let data = write(&plan, "Колледж").expect("xlsx");
        let rows = read(&data).expect("rows");
        assert_eq!(rows.len(), plan.items.len());
        for (row, item) in rows.iter().zip(&plan.items) {
            assert_eq!(row.code, item.code);
            assert_eq!(row.kind, item.kind);
            assert_eq!(row.name, item.name);
            assert_eq!(row.parent_code, item.parent_code);
            if item.is_module() {
                let forms: Vec<_> = row.semesters.iter().map(|s| s.control_form).collect();
                let expected: Vec<_> = item.semesters.iter().map(|s| s.control_form).collect();
                assert_eq!(forms, expected);
                assert!(row.semesters.iter().all(|s| s.total == 0));
            } else {
                assert_eq!(row.semesters, item.semesters, "{}", item.code);
            }
        }
        assert_eq!(rows[2].parent, Some(1));
    }

    /// A sheet as a user might leave it, with the layout of the export.
    fn sheet(rows: &[&[&str]]) -> Vec<u8> {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "Учебный план").expect("write");
        ws.write_string(3, 0, "Код").expect("write");
        ws.write_string(4, LEAD, "Лек").expect("write");
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (5 + r as u32, c as u16);
                match v.parse::<f64>() {
                    Ok(n) => ws.write_number(r, c, n).map(|_| ()),
                    Err(_) => ws.write_string(r, c, *v).map(|_| ()),
                }
                .expect("write");
            }
        }
        wb.save_to_buffer().expect("buffer")
    }

    #[test]
    fn every_bad_row_is_reported_with_its_number() {
        let data = sheet(&[
            &[
                "ОП.01",
                "дисциплина",
                "Графика",
                "",
                "30",
                "20",
                "",
                "",
                "",
                "ДЗ",
            ],
            &["ОП.02", "курс", "Физика", "", "-4"],
            &[
                "ОП.01",
                "дисциплина",
                "Ещё графика",
                "",
                "1.5",
                "x",
                "",
                "",
                "",
                "ЭКЗ",
            ],
            &["МДК.01.01", "МДК", "Машины", "ОП.01"],
            &["ОП.03", "дисциплина", "Химия", "", "10"],
        ]);
        let errors = read(&data).expect_err("bad rows");
        let rows: Vec<u32> = errors.iter().map(|e| e.row).collect();
        assert_eq!(rows, [7, 8, 9], "{errors:?}");
        assert!(errors[0].message.contains("неизвестный вид «курс»"));
        assert!(errors[0].message.contains("отрицательными"));
        assert!(errors[1].message.contains("уже есть в строке 6"));
        assert!(errors[1].message.contains("не целое"));
        assert!(errors[1].message.contains("«x» — не целое число"));
        assert!(errors[1]
            .message
            .contains("неизвестная форма контроля «ЭКЗ»"));
        assert!(errors[2].message.contains("не профессиональный модуль"));
        assert_eq!(
            errors[0].to_string(),
            format!("Строка 7: {}", errors[0].message)
        );
    }

    #[test]
    fn totals_that_do_not_add_up_are_errors() {
        let total = TOTAL_COL as usize;
        let mut module: Vec<&str> = vec!["ПМ.01", "ПМ", "Монтаж", "", "50"];
        module.resize(total + 1, "");
        let mut mdk: Vec<&str> = vec!["МДК.01.01", "МДК", "Машины", "ПМ.01", "40"];
        mdk.resize(total + 1, "");
        mdk[total] = "45";
        let data = sheet(&[&module, &mdk]);
        let errors = read(&data).expect_err("bad totals");
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].message.contains("часы модуля не равны сумме"));
        assert!(errors[1]
            .message
            .contains("итог «Всего» 45 не равен сумме часов по семестрам 40"));
    }

    #[test]
    fn not_a_spreadsheet() {
        let errors = read(b"hello").expect_err("not xlsx");
        assert_eq!(errors[0].row, 0);
        assert!(errors[0].message.contains(".xlsx"));
    }
}
