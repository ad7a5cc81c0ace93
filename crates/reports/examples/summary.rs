//! Writes a sample summary sheet as PDF and XLSX, to look at:
//! `cargo run -p reports --example summary -- /tmp/sheet` → /tmp/sheet.pdf, /tmp/sheet.xlsx.

use reports::{Column, Row, SummarySheet};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args().nth(1).unwrap_or_else(|| "sheet".into());
    let subjects = [
        ("ОУП.01", "Русский язык", "ДФ"),
        ("ОУП.02", "Литература", "ДЗ"),
        ("ОУП.03", "Иностранный язык", "ДЗ"),
        ("ОУП.04", "Математика", "Э"),
        ("ОУП.05", "История", "ДЗ"),
        ("ОУП.06", "Физическая культура", "З"),
        ("ОУП.07", "Основы безопасности и защиты Родины", "ДЗ"),
        ("ОУП.08", "Информатика", "ДЗ"),
        ("ОУП.09", "Физика", "Э"),
        ("ОУП.10", "Химия", "ДЗ"),
    ];
    let names = [
        "Андреев Дмитрий Тимурович",
        "Белоусов Денис Константинович",
        "Захаров Николай Эдуардович",
        "Иванов Роман Владимирович",
        "Калинин Артём Сергеевич",
        "Константинопольская Виктория Александровна",
    ];
    let sheet = SummarySheet {
        college: "ГБПОУ «Уральский горно-химический техникум»".into(),
        group: "ПР-26".into(),
        specialty: "21.02.18 Обогащение полезных ископаемых".into(),
        period: "1-й семестр 2026/2027 учебного года".into(),
        columns: subjects
            .iter()
            .map(|(c, n, f)| Column {
                code: c.to_string(),
                name: n.to_string(),
                form: f.to_string(),
            })
            .collect(),
        rows: (0..28)
            .map(|i| Row {
                name: names[i % names.len()].to_string(),
                marks: (0..subjects.len())
                    .map(|j| match (i + j) % 9 {
                        0 => "а/з".into(),
                        1 | 2 => "4".into(),
                        3 => "3".into(),
                        _ if j == 5 => "зач".into(),
                        _ => "5".into(),
                    })
                    .collect(),
                debts: (0..subjects.len()).map(|j| (i + j) % 9 == 0).collect(),
                valid_hours: (i as i64 * 7) % 20,
                invalid_hours: (i as i64 * 3) % 8,
            })
            .collect(),
        signatures: vec![
            "Заместитель директора по учебной работе".into(),
            "Куратор группы".into(),
        ],
        made_on: "01.12.2026".into(),
    };
    std::fs::write(format!("{out}.pdf"), sheet.pdf()?)?;
    std::fs::write(format!("{out}.xlsx"), sheet.xlsx()?)?;
    Ok(())
}
