//! Property tests of spreadsheet imports: whatever a file holds, the import
//! reads it cell by cell within the limits (no grid from A1 to the farthest
//! cell is built) or refuses it in Russian, and ends with the rows or the
//! errors, never a panic of the caller.

use std::io::{Cursor, Read, Write};

use proptest::prelude::*;
use service::imports::{check_xlsx, read_xlsx, SheetCells, XLSX_LIMITS};

/// A small curriculum sheet as people fill it in, as the parts of its package.
fn curriculum_parts() -> Vec<(String, Vec<u8>)> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows: [&[&str]; 4] = [
        &["Код", "Наименование", "Форма контроля", "Всего"],
        &["ОП.01", "Инженерная графика", "Э", "72"],
        &["ОП.02", "Техническая механика", "ДЗ", "54"],
        &["МДК.01.01", "Технология", "", "120"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *text).expect("cell");
        }
    }
    let data = book.save_to_buffer().expect("xlsx");
    let mut zip = zip::ZipArchive::new(Cursor::new(data)).expect("package");
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("read");
            (entry.name().expect("name").to_string(), bytes)
        })
        .collect()
}

fn package(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), options).expect("entry");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("zip");
    out.into_inner()
}

/// Pieces of sheet XML that move cells far, announce much, or break the text.
fn snippet() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..30_000, 0u32..20_000).prop_map(|(r, c)| format!(
            r#"<c r="{}{}"><v>1</v></c>"#,
            column_name(c),
            r + 1
        )),
        (0u32..30_000).prop_map(|r| format!(r#"<row r="{}">"#, r + 1)),
        (0usize..400).prop_map(|n| format!("{}<c><v>1</v></c>", "<c/>".repeat(n))),
        (0usize..50).prop_map(|n| format!("{}<row><c><v>1</v></c></row>", "<row/>".repeat(n))),
        Just("</row>".to_string()),
        Just(r#"<c r='XFD3'/>"#.to_string()),
        any::<u64>().prop_map(|n| format!(r#"<dimension ref="A1:C{n}"/>"#)),
        any::<u64>().prop_map(|n| format!(r#" uniqueCount="{n}" "#)),
        "\\PC{0,8}",
    ]
}

fn column_name(mut c: u32) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// The sheets' and strings' XML with snippets put in at places.
fn mutated(parts: &[(String, Vec<u8>)], edits: &[(prop::sample::Index, String)]) -> Vec<u8> {
    let mut parts = parts.to_vec();
    let targets: Vec<usize> = parts
        .iter()
        .enumerate()
        .filter(|(_, (name, _))| {
            name.starts_with("xl/worksheets/") || name.ends_with("sharedStrings.xml")
        })
        .map(|(i, _)| i)
        .collect();
    for (n, (at, text)) in edits.iter().enumerate() {
        let target = &mut parts[targets[n % targets.len()]].1;
        // Between tags, where a reader takes what is put in.
        let gaps: Vec<usize> = (0..target.len())
            .filter(|i| target[*i] == b'>')
            .map(|i| i + 1)
            .collect();
        let at = if gaps.is_empty() {
            0
        } else {
            gaps[at.index(gaps.len())]
        };
        target.splice(at..at, text.bytes());
    }
    package(&parts)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn what_is_read_stays_within_the_limits(
        edits in prop::collection::vec((any::<prop::sample::Index>(), snippet()), 1..6),
    ) {
        let data = mutated(&curriculum_parts(), &edits);
        if check_xlsx(&data, &XLSX_LIMITS).is_ok() {
            match SheetCells::read(&data, &XLSX_LIMITS) {
                Ok(sheet) => {
                    if let Some((first, last)) = sheet.rows() {
                        prop_assert!(first <= last);
                        prop_assert!(u64::from(last) < XLSX_LIMITS.rows, "row {last} let through");
                    }
                }
                Err(why) => prop_assert!(why.chars().any(|c| ('а'..='я').contains(&c)), "{why}"),
            }
        }
    }

    #[test]
    fn any_bytes_are_refused_or_read(
        flips in prop::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 0..8),
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let mut data = package(&curriculum_parts());
        for (at, xor) in &flips {
            let i = at.index(data.len());
            data[i] ^= xor;
        }
        if let Some(cut) = cut {
            data.truncate(cut.index(data.len() + 1));
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let read = runtime.block_on(read_xlsx(data, &XLSX_LIMITS, |bytes| {
            service::curricula::xlsx::read(bytes)
        }));
        match read {
            Ok(Ok(_)) => {}
            Ok(Err(errors)) => prop_assert!(!errors.is_empty()),
            Err(message) => prop_assert!(!message.is_empty()),
        }
    }
}
