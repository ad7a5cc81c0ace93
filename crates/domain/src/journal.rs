//! The journal's rules (seed 3.2, 3.3, 4.2): mark values and scales, what a
//! teacher types into a cell, weighted averages, the entry deadline.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

/// A current mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkValue {
    Two,
    Three,
    Four,
    Five,
    /// зачёт
    Pass,
    /// незачёт
    Fail,
}

impl MarkValue {
    pub const ALL: [MarkValue; 6] = [
        MarkValue::Two,
        MarkValue::Three,
        MarkValue::Four,
        MarkValue::Five,
        MarkValue::Pass,
        MarkValue::Fail,
    ];

    /// Stored in the database and sent in the API.
    pub fn code(self) -> &'static str {
        match self {
            MarkValue::Two => "2",
            MarkValue::Three => "3",
            MarkValue::Four => "4",
            MarkValue::Five => "5",
            MarkValue::Pass => "pass",
            MarkValue::Fail => "fail",
        }
    }

    pub fn from_code(code: &str) -> Option<MarkValue> {
        MarkValue::ALL.into_iter().find(|m| m.code() == code)
    }

    /// As a cell shows it and a teacher types it.
    pub fn short(self) -> &'static str {
        match self {
            MarkValue::Two => "2",
            MarkValue::Three => "3",
            MarkValue::Four => "4",
            MarkValue::Five => "5",
            MarkValue::Pass => "зч",
            MarkValue::Fail => "нз",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            MarkValue::Two => "2 (неудовлетворительно)",
            MarkValue::Three => "3 (удовлетворительно)",
            MarkValue::Four => "4 (хорошо)",
            MarkValue::Five => "5 (отлично)",
            MarkValue::Pass => "зачёт",
            MarkValue::Fail => "незачёт",
        }
    }

    /// The number that counts in an average; зачёт/незачёт count in none.
    pub fn points(self) -> Option<u8> {
        match self {
            MarkValue::Two => Some(2),
            MarkValue::Three => Some(3),
            MarkValue::Four => Some(4),
            MarkValue::Five => Some(5),
            MarkValue::Pass | MarkValue::Fail => None,
        }
    }
}

/// Which marks a subject takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkScale {
    /// 2, 3, 4, 5
    Five,
    /// зачёт / незачёт
    PassFail,
}

impl MarkScale {
    pub fn code(self) -> &'static str {
        match self {
            MarkScale::Five => "five",
            MarkScale::PassFail => "pass_fail",
        }
    }

    pub fn from_code(code: &str) -> Option<MarkScale> {
        [MarkScale::Five, MarkScale::PassFail]
            .into_iter()
            .find(|s| s.code() == code)
    }

    pub fn accepts(self, value: MarkValue) -> bool {
        match self {
            MarkScale::Five => value.points().is_some(),
            MarkScale::PassFail => value.points().is_none(),
        }
    }

    pub fn hint(self) -> &'static str {
        match self {
            MarkScale::Five => "отметки 2, 3, 4, 5",
            MarkScale::PassFail => "зч (зачёт) или нз (незачёт)",
        }
    }
}

/// An absence or a lateness; presence is not stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    Absent,
    Late,
}

impl Attendance {
    pub fn code(self) -> &'static str {
        match self {
            Attendance::Absent => "absent",
            Attendance::Late => "late",
        }
    }

    pub fn from_code(code: &str) -> Option<Attendance> {
        [Attendance::Absent, Attendance::Late]
            .into_iter()
            .find(|a| a.code() == code)
    }

    /// As a cell shows it and a teacher types it.
    pub fn short(self) -> &'static str {
        match self {
            Attendance::Absent => "н",
            Attendance::Late => "о",
        }
    }
}

/// Why a student was absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AbsenceReason {
    /// Not known or not valid: counts as an unexcused absence.
    Invalid,
    Illness,
    /// A certificate or another document.
    Document,
    /// An order of the college (competitions, events).
    CollegeOrder,
}

impl AbsenceReason {
    pub const ALL: [AbsenceReason; 4] = [
        AbsenceReason::Invalid,
        AbsenceReason::Illness,
        AbsenceReason::Document,
        AbsenceReason::CollegeOrder,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AbsenceReason::Invalid => "invalid",
            AbsenceReason::Illness => "illness",
            AbsenceReason::Document => "document",
            AbsenceReason::CollegeOrder => "college_order",
        }
    }

    pub fn from_code(code: &str) -> Option<AbsenceReason> {
        AbsenceReason::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn is_valid(self) -> bool {
        self != AbsenceReason::Invalid
    }

    /// The reasons a notice of a future absence may give, the usual first:
    /// a family tells of an illness or an application (a document); only
    /// the college sends a student away by its order.
    pub fn for_notice(by_family: bool) -> &'static [AbsenceReason] {
        if by_family {
            &[
                AbsenceReason::Illness,
                AbsenceReason::Document,
                AbsenceReason::Invalid,
            ]
        } else {
            &[
                AbsenceReason::Illness,
                AbsenceReason::Document,
                AbsenceReason::CollegeOrder,
                AbsenceReason::Invalid,
            ]
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            AbsenceReason::Invalid => "без уважительной причины",
            AbsenceReason::Illness => "болезнь",
            AbsenceReason::Document => "по документу (справка, заявление)",
            AbsenceReason::CollegeOrder => "по приказу колледжа",
        }
    }
}

/// What a teacher typed into a cell: an absence or lateness and marks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CellInput {
    pub attendance: Option<Attendance>,
    pub marks: Vec<MarkValue>,
}

/// A cell's text: «н», «о», «5», «5 4», «н 2», «зч»; empty clears the cell.
/// Tokens are separated by spaces or commas.
pub fn parse_cell(text: &str, scale: MarkScale) -> Result<CellInput, String> {
    let mut cell = CellInput::default();
    for token in text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|t| !t.is_empty())
    {
        let t = token.to_lowercase().replace('ё', "е");
        let attendance = match t.as_str() {
            "н" | "n" | "нб" => Some(Attendance::Absent),
            "о" | "оп" => Some(Attendance::Late),
            _ => None,
        };
        if let Some(a) = attendance {
            if cell.attendance.is_some() {
                return Err(
                    "В клетке может быть только одна отметка о посещаемости (н или о).".into(),
                );
            }
            cell.attendance = Some(a);
            continue;
        }
        let mark = match t.as_str() {
            "2" => MarkValue::Two,
            "3" => MarkValue::Three,
            "4" => MarkValue::Four,
            "5" => MarkValue::Five,
            "зч" | "з" | "зач" | "зачет" => MarkValue::Pass,
            "нз" | "незач" | "незачет" => MarkValue::Fail,
            _ => {
                return Err(format!(
                    "«{token}» — не отметка. Введите {}, н (отсутствовал) или о (опоздал).",
                    scale.hint()
                ))
            }
        };
        if !scale.accepts(mark) {
            return Err(format!("По этому предмету выставляются {}.", scale.hint()));
        }
        cell.marks.push(mark);
    }
    if cell.marks.len() > 5 {
        return Err("Не больше пяти отметок за одно занятие.".into());
    }
    Ok(cell)
}

/// The text a cell shows for its attendance and marks.
pub fn cell_text(attendance: Option<Attendance>, marks: &[MarkValue]) -> String {
    attendance
        .map(Attendance::short)
        .into_iter()
        .chain(marks.iter().map(|m| m.short()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Σ points × weight / Σ weight over numeric marks, rounded to hundredths.
pub fn weighted_average(marks: impl IntoIterator<Item = (MarkValue, i32)>) -> Option<f64> {
    let (sum, weights) = marks
        .into_iter()
        .filter_map(|(m, w)| {
            m.points()
                .map(|p| (f64::from(p) * f64::from(w), f64::from(w)))
        })
        .fold((0.0, 0.0), |(s, ws), (x, w)| (s + x, ws + w));
    (weights > 0.0).then(|| (sum / weights * 100.0).round() / 100.0)
}

/// The last day marks and attendance of a lesson may be entered or changed.
pub fn edit_deadline(lesson_date: NaiveDate, days: i32) -> NaiveDate {
    lesson_date + Duration::days(i64::from(days.max(0)))
}

/// How an attendance record is written in the history: «absent:illness», «late».
pub fn attendance_record(
    attendance: Option<Attendance>,
    reason: Option<AbsenceReason>,
) -> Option<String> {
    attendance.map(|a| match (a, reason) {
        (Attendance::Absent, Some(r)) => format!("{}:{}", a.code(), r.code()),
        _ => a.code().to_string(),
    })
}

/// A history record of attendance, as people read it.
pub fn describe_attendance_record(record: &str) -> String {
    let (a, r) = record.split_once(':').unwrap_or((record, ""));
    match (Attendance::from_code(a), AbsenceReason::from_code(r)) {
        (Some(Attendance::Absent), Some(reason)) => format!("н ({})", reason.title()),
        (Some(a), _) => a.short().to_string(),
        _ => record.to_string(),
    }
}

/// Academic hours of one pair.
pub const HOURS_PER_PAIR: i64 = 2;

/// A lesson counts in missed hours once it has begun (`starts_at` is «HH:MM»
/// on the college's wall, `now` too): an absence noticed ahead by a parent
/// marks lessons that are not missed yet.
pub fn has_begun(date: NaiveDate, starts_at: &str, now: NaiveDateTime) -> bool {
    let starts = NaiveTime::parse_from_str(starts_at, "%H:%M").unwrap_or(NaiveTime::MIN);
    date.and_time(starts) <= now
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_lesson_counts_once_it_has_begun() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).expect("date");
        let at = |h, m| day.and_hms_opt(h, m, 0).expect("time");
        assert!(has_begun(day - Duration::days(1), "16:00", at(8, 0)));
        assert!(!has_begun(day, "10:10", at(10, 9)));
        assert!(has_begun(day, "10:10", at(10, 10)));
        assert!(!has_begun(day + Duration::days(1), "08:30", at(23, 59)));
    }

    use super::*;

    #[test]
    fn parses_cells() {
        let five = MarkScale::Five;
        assert_eq!(parse_cell("", five).unwrap(), CellInput::default());
        assert_eq!(
            parse_cell(" Н  5,4 ", five).unwrap(),
            CellInput {
                attendance: Some(Attendance::Absent),
                marks: vec![MarkValue::Five, MarkValue::Four]
            }
        );
        assert_eq!(
            parse_cell("о", five).unwrap().attendance,
            Some(Attendance::Late)
        );
        assert!(parse_cell("6", five)
            .unwrap_err()
            .contains("«6» — не отметка"));
        assert!(parse_cell("н о", five).is_err());
        assert!(parse_cell("зч", five).unwrap_err().contains("2, 3, 4, 5"));
        assert_eq!(
            parse_cell("зачёт", MarkScale::PassFail).unwrap().marks,
            vec![MarkValue::Pass]
        );
        assert!(parse_cell("5", MarkScale::PassFail).is_err());
        assert!(parse_cell("5 5 5 5 5 5", five).is_err());
    }

    #[test]
    fn cell_text_round_trips() {
        let marks = [MarkValue::Five, MarkValue::Two];
        let text = cell_text(Some(Attendance::Late), &marks);
        assert_eq!(text, "о 5 2");
        let parsed = parse_cell(&text, MarkScale::Five).unwrap();
        assert_eq!(parsed.marks, marks);
        assert_eq!(cell_text(None, &[MarkValue::Pass]), "зч");
    }

    #[test]
    fn weighted_averages() {
        use MarkValue::*;
        // A test (weight 2) of 5 and an answer (weight 1) of 2: (10 + 2) / 3 = 4.
        assert_eq!(weighted_average([(Five, 2), (Two, 1)]), Some(4.0));
        assert_eq!(
            weighted_average([(Four, 1), (Five, 1), (Five, 1)]),
            Some(4.67)
        );
        assert_eq!(weighted_average([(Pass, 1)]), None);
        assert_eq!(weighted_average([]), None);
    }

    #[test]
    fn deadlines() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        assert_eq!(
            edit_deadline(d, 8),
            NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
        );
        assert_eq!(edit_deadline(d, -3), d);
    }

    #[test]
    fn attendance_records() {
        let r = attendance_record(Some(Attendance::Absent), Some(AbsenceReason::Illness));
        assert_eq!(r.as_deref(), Some("absent:illness"));
        assert_eq!(describe_attendance_record("absent:illness"), "н (болезнь)");
        assert_eq!(
            attendance_record(Some(Attendance::Late), None).as_deref(),
            Some("late")
        );
        assert_eq!(describe_attendance_record("late"), "о");
        assert_eq!(attendance_record(None, None), None);
    }

    #[test]
    fn codes_round_trip() {
        for m in MarkValue::ALL {
            assert_eq!(MarkValue::from_code(m.code()), Some(m));
        }
        for r in AbsenceReason::ALL {
            assert_eq!(AbsenceReason::from_code(r.code()), Some(r));
        }
    }
}
