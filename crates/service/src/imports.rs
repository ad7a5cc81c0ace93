//! Spreadsheets from users are bounded before anything is built from them.
//!
//! A spreadsheet reader sizes its grid by the cells' extent and reserves room
//! for the shared strings the file announces: a 2-KB sheet with cells A1 and
//! XFD300 makes a 5-million-cell grid, a small deflate bomb unpacks to
//! gigabytes, and `uniqueCount="4000000000"` reserves that much. So every
//! import first unpacks the file here with a budget (the sizes a zip declares
//! may lie), checks each sheet's extent and the strings' count, and only then
//! hands it to the reader, off the async threads and with a time limit.

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::time::Duration;

/// What a spreadsheet of an import may be.
#[derive(Debug, Clone, Copy)]
pub struct XlsxLimits {
    /// Files inside the package.
    pub entries: usize,
    /// Bytes of all of them unpacked.
    pub unpacked: u64,
    /// The last row and column a sheet may use (1-based).
    pub rows: u64,
    pub columns: u64,
    /// Cells of the grid from A1 to the last row and column (what a reader allocates).
    pub cells: u64,
    /// Shared strings a file may announce.
    pub strings: u64,
    /// How long reading it may take.
    pub time: Duration,
}

/// Enough for any curriculum, staff or contingent list of a college.
pub const XLSX_LIMITS: XlsxLimits = XlsxLimits {
    entries: 200,
    unpacked: 32 * 1024 * 1024,
    rows: 20_000,
    columns: 256,
    cells: 1_000_000,
    strings: 500_000,
    time: Duration::from_secs(20),
};

/// A count with its word; the counts of a hostile file exceed `usize` on no machine we run on.
fn count(n: u64, forms: [&'static str; 3]) -> String {
    format!("{n} {}", domain::words::plural((n % 100) as usize, forms))
}

/// Whether the file may be read: the reason in Russian when not.
pub fn check_xlsx(data: &[u8], limits: &XlsxLimits) -> Result<(), String> {
    if !data.starts_with(b"PK\x03\x04") {
        return Err(
            "Файл не в формате Excel (.xlsx). Сохраните таблицу как .xlsx и загрузите снова."
                .into(),
        );
    }
    let broken = || "Файл .xlsx повреждён: откройте его в Excel, сохраните заново и загрузите.";
    let mut zip = zip::ZipArchive::new(Cursor::new(data)).map_err(|_| broken().to_string())?;
    if zip.len() > limits.entries {
        return Err(format!(
            "В файле {} — это не таблица Excel (их бывает не больше {}).",
            count(zip.len() as u64, ["часть", "части", "частей"]),
            limits.entries
        ));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|_| broken().to_string())?;
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        let budget = limits.unpacked - total;
        let mut bytes = Vec::new();
        (&mut entry)
            .take(budget + 1)
            .read_to_end(&mut bytes)
            .map_err(|_| broken().to_string())?;
        total += bytes.len() as u64;
        if total > limits.unpacked {
            return Err(format!(
                "Файл в распакованном виде больше {} МБ: в таблице лишние данные. \
                 Оставьте в ней только нужный лист.",
                limits.unpacked / (1024 * 1024)
            ));
        }
        if name.starts_with("xl/worksheets/") && name.ends_with(".xml") {
            check_sheet(&bytes, limits)?;
        } else if name == "xl/sharedStrings.xml" {
            check_strings(&bytes, limits)?;
        }
    }
    Ok(())
}

/// Reads a checked spreadsheet with `read`, off the async threads and
/// within the time limit.
pub async fn read_xlsx<T, E>(
    data: Vec<u8>,
    limits: &XlsxLimits,
    read: impl FnOnce(&[u8]) -> Result<T, E> + Send + 'static,
) -> Result<Result<T, E>, String>
where
    T: Send + 'static,
    E: Send + 'static,
{
    check_xlsx(&data, limits)?;
    let task = tokio::task::spawn_blocking(move || read(&data));
    match tokio::time::timeout(limits.time, task).await {
        Ok(Ok(result)) => Ok(result),
        Ok(Err(_)) => Err("Файл не удалось прочитать.".into()),
        Err(_) => Err(format!(
            "Файл читается дольше {} с: он слишком сложен. Оставьте в нём только нужный лист.",
            limits.time.as_secs()
        )),
    }
}

/// The first sheet's cells by position, read one at a time: no grid from
/// A1 to the farthest cell is ever built (a reader's dense range is where a
/// far cell costs memory). A cell beyond the limits refuses the file.
pub struct SheetCells {
    cells: HashMap<(u32, u32), calamine::Data>,
    first_row: u32,
    last_row: u32,
}

impl SheetCells {
    /// The cells, or why the file cannot be read, in Russian.
    pub fn read(data: &[u8], limits: &XlsxLimits) -> Result<SheetCells, String> {
        use calamine::Reader;
        let unreadable = || {
            "Файл не открывается как таблица. Сохраните его в формате Excel (.xlsx) и загрузите снова."
                .to_string()
        };
        let mut book = calamine::Xlsx::new(Cursor::new(data.to_vec())).map_err(|_| unreadable())?;
        let name = book
            .sheet_names()
            .first()
            .cloned()
            .ok_or("В файле нет ни одного листа.")?;
        let mut reader = book
            .worksheet_cells_reader(&name)
            .map_err(|_| unreadable())?;
        let mut cells = HashMap::new();
        let (mut first_row, mut last_row) = (u32::MAX, 0);
        while let Some(cell) = reader.next_cell().map_err(|_| unreadable())? {
            let (row, column) = cell.get_position();
            if u64::from(row) >= limits.rows || u64::from(column) >= limits.columns {
                return Err(format!(
                    "В листе заполнена ячейка в строке {} и столбце {}: в таблице для импорта \
                     бывает до {} строк и до {} столбцов. Удалите лишние ячейки и загрузите снова.",
                    u64::from(row) + 1,
                    u64::from(column) + 1,
                    limits.rows,
                    limits.columns
                ));
            }
            let value = calamine::Data::from(cell.get_value().clone());
            if value == calamine::Data::Empty {
                continue;
            }
            if cells.len() as u64 >= limits.cells {
                return Err(format!(
                    "В листе больше {} заполненных ячеек: это не таблица для импорта.",
                    limits.cells
                ));
            }
            first_row = first_row.min(row);
            last_row = last_row.max(row);
            cells.insert((row, column), value);
        }
        Ok(SheetCells {
            cells,
            first_row,
            last_row,
        })
    }

    pub fn get(&self, row: u32, column: u32) -> Option<&calamine::Data> {
        self.cells.get(&(row, column))
    }

    /// The first and the last row with a value (0-based), none when the sheet is empty.
    pub fn rows(&self) -> Option<(u32, u32)> {
        (!self.cells.is_empty()).then_some((self.first_row, self.last_row))
    }
}

/// The extent a sheet declares and every cell and row it places: the grid
/// a reader would build, from A1 to the farthest row and column.
fn check_sheet(xml: &[u8], limits: &XlsxLimits) -> Result<(), String> {
    let (mut rows, mut columns) = (0u64, 0u64);
    let (mut row, mut column) = (0u64, 0u64);
    // A row or cell without `r` comes right after the one before it.
    for (name, tag) in tags(xml) {
        match name {
            b"row" => {
                row = attribute(tag, b"r").map_or(row.saturating_add(1), |r| cell_ref(r).0);
                rows = rows.max(row);
                column = 0;
            }
            b"c" => {
                let (r, c) =
                    attribute(tag, b"r").map_or((row.max(1), column.saturating_add(1)), cell_ref);
                column = c;
                rows = rows.max(r);
                columns = columns.max(c);
            }
            b"dimension" => {
                for part in attribute(tag, b"ref")
                    .unwrap_or_default()
                    .split(|b| *b == b':')
                {
                    let (r, c) = cell_ref(part);
                    rows = rows.max(r);
                    columns = columns.max(c);
                }
            }
            _ => {}
        }
    }
    if rows > limits.rows || columns > limits.columns || rows.saturating_mul(columns) > limits.cells
    {
        return Err(format!(
            "Лист занимает {} и {}: это больше, чем бывает в таблице \
             для импорта (до {} строк, до {} столбцов, до {} ячеек). Удалите лишние ячейки и \
             загрузите снова.",
            count(rows, ["строку", "строки", "строк"]),
            count(columns, ["столбец", "столбца", "столбцов"]),
            limits.rows,
            limits.columns,
            limits.cells
        ));
    }
    Ok(())
}

/// Each tag of an XML text: its name without a namespace prefix, and its text.
fn tags(xml: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    let mut rest = xml;
    std::iter::from_fn(move || {
        let at = rest.iter().position(|b| *b == b'<')?;
        rest = &rest[at + 1..];
        let end = rest.iter().position(|b| *b == b'>').unwrap_or(rest.len());
        let tag = &rest[..end];
        rest = &rest[end..];
        let name_end = tag
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .unwrap_or(tag.len());
        let name = &tag[..name_end];
        Some((name.rsplit(|b| *b == b':').next().unwrap_or(name), tag))
    })
}

/// The value of a tag's attribute (`name="v"`, `name = 'v'`).
fn attribute<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let trim = |s: &'a [u8]| {
        let skip = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
        &s[skip..]
    };
    let mut from = 0;
    while let Some(at) = find(&tag[from..], name) {
        let start = from + at;
        from = start + name.len();
        if start == 0 || !tag[start - 1].is_ascii_whitespace() {
            continue;
        }
        let [b'=', after @ ..] = trim(&tag[from..]) else {
            continue;
        };
        if let [quote @ (b'"' | b'\''), value @ ..] = trim(after) {
            let end = value.iter().position(|b| b == quote).unwrap_or(value.len());
            return Some(&value[..end]);
        }
    }
    None
}

/// The strings a file announces.
fn check_strings(xml: &[u8], limits: &XlsxLimits) -> Result<(), String> {
    let Some((_, sst)) = tags(xml).find(|(name, _)| *name == b"sst") else {
        return Ok(());
    };
    for name in [&b"uniqueCount"[..], &b"count"[..]] {
        let Some(value) = attribute(sst, name) else {
            continue;
        };
        let n = std::str::from_utf8(value)
            .ok()
            .and_then(|d| d.trim().parse::<u64>().ok())
            .unwrap_or(u64::MAX);
        if n > limits.strings {
            return Err(format!(
                "В файле объявлено {} текста — это не таблица для импорта.",
                count(n, ["строка", "строки", "строк"])
            ));
        }
    }
    Ok(())
}

/// Row and column (1-based) of `B12`, `$XFD$300`, or a row number `300`;
/// anything unreadable counts as too far.
fn cell_ref(r: &[u8]) -> (u64, u64) {
    let r: Vec<u8> = r.iter().copied().filter(|b| *b != b'$').collect();
    let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (col, row) = r.split_at(letters);
    let col = col.iter().try_fold(0u64, |acc, b| {
        acc.checked_mul(26)?
            .checked_add(u64::from(b.to_ascii_uppercase() - b'A' + 1))
    });
    let row = std::str::from_utf8(row)
        .ok()
        .and_then(|d| d.parse::<u64>().ok());
    match (col, row) {
        (Some(c), Some(r)) => (r, c),
        (Some(c), None) if row.is_none() && r.len() == letters => (0, c),
        _ => (u64::MAX, u64::MAX),
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn sheet_with(cells: &[(u32, u16)]) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (r, c) in cells {
            sheet.write_string(*r, *c, "x").expect("cell");
        }
        book.save_to_buffer().expect("xlsx")
    }

    fn package(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in parts {
            zip.start_file(*name, options).expect("entry");
            zip.write_all(bytes).expect("write");
        }
        zip.finish().expect("zip");
        out.into_inner()
    }

    #[test]
    fn cell_references_are_read() {
        assert_eq!(cell_ref(b"A1"), (1, 1));
        assert_eq!(cell_ref(b"$XFD$300"), (300, 16384));
        assert_eq!(cell_ref(b"300"), (300, 0));
        assert_eq!(cell_ref(b"AA10"), (10, 27));
        assert_eq!(cell_ref(b"1A"), (u64::MAX, u64::MAX));
    }

    #[test]
    fn an_ordinary_sheet_passes() {
        let data = sheet_with(&[(0, 0), (120, 40)]);
        assert_eq!(check_xlsx(&data, &XLSX_LIMITS), Ok(()));
    }

    #[test]
    fn a_far_cell_is_refused_before_any_grid_is_built() {
        let data = sheet_with(&[(0, 0), (299, 16383)]);
        assert!(data.len() < 10_000, "{}", data.len());
        let why = check_xlsx(&data, &XLSX_LIMITS).expect_err("refused");
        assert!(why.contains("16384 столбца"), "{why}");
    }

    #[test]
    fn a_grid_of_too_many_cells_is_refused_though_each_side_fits() {
        let data = sheet_with(&[(0, 0), (4999, 255)]);
        let why = check_xlsx(&data, &XLSX_LIMITS).expect_err("refused");
        assert!(why.contains("5000 строк и 256 столбцов"), "{why}");
        assert_eq!(
            check_xlsx(&sheet_with(&[(4999, 150)]), &XLSX_LIMITS),
            Ok(())
        );
    }

    #[test]
    fn a_deflate_bomb_is_refused_by_what_it_unpacks_to() {
        let huge = vec![b' '; 40 * 1024 * 1024];
        let data = package(&[("xl/worksheets/sheet1.xml", &huge)]);
        assert!(data.len() < 200 * 1024, "{}", data.len());
        let why = check_xlsx(&data, &XLSX_LIMITS).expect_err("refused");
        assert!(why.contains("32 МБ"), "{why}");
    }

    #[test]
    fn an_announced_flood_of_strings_is_refused() {
        let sst = br#"<sst xmlns="x" count="1" uniqueCount="4000000000"><si><t>a</t></si></sst>"#;
        let data = package(&[("xl/sharedStrings.xml", sst)]);
        let why = check_xlsx(&data, &XLSX_LIMITS).expect_err("refused");
        assert!(why.contains("4000000000"), "{why}");
    }

    fn sheet_xml(rows: &str) -> Vec<u8> {
        let xml = format!("<worksheet><sheetData>{rows}</sheetData></worksheet>");
        package(&[("xl/worksheets/sheet1.xml", xml.as_bytes())])
    }

    #[test]
    fn cells_and_rows_without_references_count_where_they_land() {
        let wide = sheet_xml(&format!("<row>{}</row>", "<c/>".repeat(300)));
        let why = check_xlsx(&wide, &XLSX_LIMITS).expect_err("refused");
        assert!(why.contains("1 строку и 300 столбцов"), "{why}");
        let after = sheet_xml(r#"<row r="2"><c r="IU2"/><c/><c/></row>"#);
        let why = check_xlsx(&after, &XLSX_LIMITS).expect_err("refused");
        assert!(why.contains("2 строки и 257 столбцов"), "{why}");
        let tall = sheet_xml(&"<row/>".repeat(20_001));
        let why = check_xlsx(&tall, &XLSX_LIMITS).expect_err("refused");
        assert!(why.contains("20001 строку"), "{why}");
    }

    #[test]
    fn a_reference_in_other_quotes_spacing_or_prefix_counts() {
        for cell in [
            r#"<c r='XFD300'/>"#,
            r#"<x:c r = "XFD300"/>"#,
            "<c\tr=\"XFD300\"/>",
        ] {
            let data = sheet_xml(&format!(r#"<row r="1">{cell}</row>"#));
            let why = check_xlsx(&data, &XLSX_LIMITS).expect_err(cell);
            assert!(why.contains("16384 столбца"), "{cell}: {why}");
        }
        let sst = br#"<sst xmlns="x" uniqueCount = '4000000000'><si><t>a</t></si></sst>"#;
        let data = package(&[("xl/sharedStrings.xml", sst)]);
        assert!(check_xlsx(&data, &XLSX_LIMITS).is_err());
    }

    #[test]
    fn the_sheet_is_read_cell_by_cell_within_the_limits() {
        let ordinary = SheetCells::read(&sheet_with(&[(0, 0), (120, 40)]), &XLSX_LIMITS)
            .expect("an ordinary sheet");
        assert_eq!(ordinary.rows(), Some((0, 120)));
        assert!(ordinary.get(120, 40).is_some() && ordinary.get(5, 5).is_none());
        let why = SheetCells::read(&sheet_with(&[(0, 0), (299, 16383)]), &XLSX_LIMITS)
            .err()
            .expect("a far cell is refused, not placed in a grid");
        assert!(why.contains("строке 300 и столбце 16384"), "{why}");
        // A cell placed without a reference before a row, then a row far down
        // (what the fuzzer found getting past the extent check):
        let mut cells = "<c/>".repeat(300);
        cells.push_str("<c><v>1</v></c>");
        let xml = format!(
            "<worksheet><sheetData><c/><row r=\"4951\">{cells}<row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>"
        );
        let book = sheet_with(&[(0, 0)]);
        let mut zip = zip::ZipArchive::new(Cursor::new(book)).expect("package");
        let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).expect("entry");
            let name = entry.name().expect("name").to_string();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("read");
            if name == "xl/worksheets/sheet1.xml" {
                bytes = xml.clone().into_bytes();
            }
            parts.push((name, bytes));
        }
        let parts: Vec<(&str, &[u8])> = parts
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        let why = SheetCells::read(&package(&parts), &XLSX_LIMITS)
            .err()
            .expect("refused");
        assert!(why.contains("строке 4951 и столбце 257"), "{why}");
    }

    #[test]
    fn what_is_not_a_package_is_refused() {
        assert!(check_xlsx(b"%PDF-1.4", &XLSX_LIMITS).is_err());
        assert!(check_xlsx(b"PK\x03\x04garbage", &XLSX_LIMITS).is_err());
    }
}
