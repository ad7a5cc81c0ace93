//! Intermediate attestation (seed 3.2.1) and academic debts (273-ФЗ art. 58):
//! the marks with their legal meanings, which marks a control form offers,
//! where a subject's attestation period comes from, and the debt's life.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::curriculum::ControlForm;

/// An attestation mark. Each has its own meaning in reports: а/з is an
/// academic debt (art. 58 p. 2), н/а a debt not cleared by its deadline
/// (p. 9), НПА not passed for a valid reason (art. 59 p. 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttestationMark {
    Five,
    Four,
    Three,
    Two,
    Pass,
    Fail,
    Debt,
    NotAttested,
    ValidReason,
}

impl AttestationMark {
    pub const ALL: [AttestationMark; 9] = [
        AttestationMark::Five,
        AttestationMark::Four,
        AttestationMark::Three,
        AttestationMark::Two,
        AttestationMark::Pass,
        AttestationMark::Fail,
        AttestationMark::Debt,
        AttestationMark::NotAttested,
        AttestationMark::ValidReason,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AttestationMark::Five => "5",
            AttestationMark::Four => "4",
            AttestationMark::Three => "3",
            AttestationMark::Two => "2",
            AttestationMark::Pass => "pass",
            AttestationMark::Fail => "fail",
            AttestationMark::Debt => "debt",
            AttestationMark::NotAttested => "not_attested",
            AttestationMark::ValidReason => "valid_reason",
        }
    }

    pub fn from_code(code: &str) -> Option<AttestationMark> {
        AttestationMark::ALL.into_iter().find(|m| m.code() == code)
    }

    /// As written in a sheet.
    pub fn short(self) -> &'static str {
        match self {
            AttestationMark::Five => "5",
            AttestationMark::Four => "4",
            AttestationMark::Three => "3",
            AttestationMark::Two => "2",
            AttestationMark::Pass => "зач",
            AttestationMark::Fail => "незач",
            AttestationMark::Debt => "а/з",
            AttestationMark::NotAttested => "н/а",
            AttestationMark::ValidReason => "НПА",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            AttestationMark::Five => "отлично",
            AttestationMark::Four => "хорошо",
            AttestationMark::Three => "удовлетворительно",
            AttestationMark::Two => "неудовлетворительно",
            AttestationMark::Pass => "зачтено",
            AttestationMark::Fail => "не зачтено",
            AttestationMark::Debt => "академическая задолженность",
            AttestationMark::NotAttested => "не аттестован (задолженность не ликвидирована в срок)",
            AttestationMark::ValidReason => "не прошёл аттестацию по уважительной причине",
        }
    }

    /// Reads a mark as a teacher types it: «5», «зачёт», «а/з», «на», «нпа»…
    pub fn parse(text: &str) -> Option<AttestationMark> {
        let t: String = text
            .trim()
            .to_lowercase()
            .replace('ё', "е")
            .chars()
            .filter(|c| !matches!(c, '/' | '.' | ' ' | '-'))
            .collect();
        Some(match t.as_str() {
            "5" => AttestationMark::Five,
            "4" => AttestationMark::Four,
            "3" => AttestationMark::Three,
            "2" => AttestationMark::Two,
            "зач" | "зачет" | "зачтено" | "з" | "pass" => AttestationMark::Pass,
            "незач" | "незачет" | "незачтено" | "нз" | "fail" => {
                AttestationMark::Fail
            }
            "аз" | "debt" => AttestationMark::Debt,
            "на" | "notattested" | "not_attested" => AttestationMark::NotAttested,
            "нпа" | "validreason" | "valid_reason" => AttestationMark::ValidReason,
            _ => return None,
        })
    }

    /// Passed: the item is done for the semester.
    pub fn is_positive(self) -> bool {
        matches!(
            self,
            AttestationMark::Five
                | AttestationMark::Four
                | AttestationMark::Three
                | AttestationMark::Pass
        )
    }

    /// Whether the mark makes an academic debt; a college may treat a 2 and a
    /// «не зачтено» as one (its local act decides).
    pub fn creates_debt(self, two_is_debt: bool) -> bool {
        match self {
            AttestationMark::Debt => true,
            AttestationMark::Two | AttestationMark::Fail => two_is_debt,
            _ => false,
        }
    }

    pub fn points(self) -> Option<u8> {
        match self {
            AttestationMark::Five => Some(5),
            AttestationMark::Four => Some(4),
            AttestationMark::Three => Some(3),
            AttestationMark::Two => Some(2),
            _ => None,
        }
    }
}

/// The marks a control form offers: a credit is passed or not; the others are
/// marked 5–2; а/з, н/а and НПА go with every form.
pub fn scale_for(form: ControlForm) -> &'static [AttestationMark] {
    use AttestationMark::*;
    match form {
        ControlForm::Credit => &[Pass, Fail, Debt, NotAttested, ValidReason],
        _ => &[Five, Four, Three, Two, Debt, NotAttested, ValidReason],
    }
}

/// Where a subject's attestation period comes from (seed 3.2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleSource {
    /// The calendar's attestation period, at the end of the semester.
    Calendar,
    /// The end of a module of the work program.
    Module,
    /// A period of the college's own list.
    Custom,
}

impl ScheduleSource {
    pub const ALL: [ScheduleSource; 3] = [
        ScheduleSource::Calendar,
        ScheduleSource::Module,
        ScheduleSource::Custom,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ScheduleSource::Calendar => "calendar",
            ScheduleSource::Module => "module",
            ScheduleSource::Custom => "custom",
        }
    }

    pub fn from_code(code: &str) -> Option<ScheduleSource> {
        ScheduleSource::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn title(self) -> &'static str {
        match self {
            ScheduleSource::Calendar => "по календарному учебному графику",
            ScheduleSource::Module => "по окончании модуля рабочей программы",
            ScheduleSource::Custom => "произвольный период из справочника колледжа",
        }
    }
}

/// The last day attestation marks of a period may be entered without an unlock.
pub fn entry_deadline(period_ends: NaiveDate, days_after: i32) -> NaiveDate {
    period_ends + chrono::Duration::days(i64::from(days_after.max(0)))
}

/// The semester of study (1–8) of a group that entered in `intake_year`, in
/// the given semester (1 or 2) of the school year starting in `school_year`.
pub fn study_semester(intake_year: i32, school_year: i32, year_semester: i32) -> i32 {
    (school_year - intake_year) * 2 + year_semester
}

/// The state of an academic debt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DebtStatus {
    Open,
    /// Cleared by a retake.
    Closed,
    /// Not cleared by its deadline: н/а.
    NotAttested,
}

impl DebtStatus {
    pub fn code(self) -> &'static str {
        match self {
            DebtStatus::Open => "open",
            DebtStatus::Closed => "closed",
            DebtStatus::NotAttested => "not_attested",
        }
    }

    pub fn from_code(code: &str) -> Option<DebtStatus> {
        [
            DebtStatus::Open,
            DebtStatus::Closed,
            DebtStatus::NotAttested,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    pub fn title(self) -> &'static str {
        match self {
            DebtStatus::Open => "не ликвидирована",
            DebtStatus::Closed => "ликвидирована",
            DebtStatus::NotAttested => "не ликвидирована в срок (н/а)",
        }
    }
}

/// A debt may be retaken twice within a year of arising (273-ФЗ art. 58 p. 5):
/// the default deadline is the day before its anniversary.
pub fn debt_deadline(arisen: NaiveDate) -> NaiveDate {
    let next = NaiveDate::from_ymd_opt(arisen.year() + 1, arisen.month(), arisen.day())
        // 29 February: the 28th of next year.
        .or_else(|| NaiveDate::from_ymd_opt(arisen.year() + 1, arisen.month(), 28))
        .unwrap_or(arisen);
    next.pred_opt().unwrap_or(next)
}

/// Retakes a debt allows; the second is before a commission.
pub const MAX_RETAKES: i32 = 2;

/// Whether an attestation period fits a subject attested in `semester`: a
/// period marked for a semester must be that one (`period_semester` 0: any);
/// otherwise it must start in that semester's part of the year, before the
/// second semester begins for the first (a January session still counts),
/// from its start for the second.
pub fn period_fits_semester(
    semester: i32,
    period_semester: i32,
    starts_on: NaiveDate,
    second_semester_starts: Option<NaiveDate>,
) -> bool {
    if period_semester > 0 {
        return period_semester == semester;
    }
    match second_semester_starts {
        None => true,
        Some(second) if semester == 1 => starts_on < second,
        Some(second) => starts_on >= second,
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_period_of_the_other_semester_does_not_fit() {
        let d = |m, day| {
            NaiveDate::from_ymd_opt(if m > 8 { 2026 } else { 2027 }, m, day).expect("date")
        };
        let second = Some(d(1, 12));
        assert!(period_fits_semester(1, 1, d(12, 14), second));
        assert!(!period_fits_semester(1, 2, d(6, 14), second));
        assert!(!period_fits_semester(2, 1, d(12, 14), second));
        // Unmarked: by dates; a January session is still the first semester's.
        assert!(period_fits_semester(1, 0, d(1, 9), second));
        assert!(!period_fits_semester(1, 0, d(6, 14), second));
        assert!(period_fits_semester(2, 0, d(6, 14), second));
        assert!(!period_fits_semester(2, 0, d(12, 14), second));
        assert!(period_fits_semester(2, 0, d(12, 14), None));
    }

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn codes_round_trip_and_typing_is_forgiving() {
        for m in AttestationMark::ALL {
            assert_eq!(AttestationMark::from_code(m.code()), Some(m));
            assert_eq!(AttestationMark::parse(m.short()), Some(m), "{m:?}");
        }
        assert_eq!(AttestationMark::parse(" А/З "), Some(AttestationMark::Debt));
        assert_eq!(
            AttestationMark::parse("н/а"),
            Some(AttestationMark::NotAttested)
        );
        assert_eq!(
            AttestationMark::parse("нпа"),
            Some(AttestationMark::ValidReason)
        );
        assert_eq!(AttestationMark::parse("Зачёт"), Some(AttestationMark::Pass));
        assert_eq!(AttestationMark::parse("6"), None);
        assert_eq!(AttestationMark::parse(""), None);
    }

    #[test]
    fn the_control_form_decides_the_scale() {
        let credit = scale_for(ControlForm::Credit);
        assert!(credit.contains(&AttestationMark::Pass));
        assert!(!credit.contains(&AttestationMark::Five));
        let exam = scale_for(ControlForm::Exam);
        assert!(exam.contains(&AttestationMark::Five));
        assert!(!exam.contains(&AttestationMark::Pass));
        for form in ControlForm::ALL {
            for m in [
                AttestationMark::Debt,
                AttestationMark::NotAttested,
                AttestationMark::ValidReason,
            ] {
                assert!(scale_for(form).contains(&m), "{form:?} {m:?}");
            }
        }
    }

    #[test]
    fn debts_arise_from_a_z_and_where_the_college_says_from_two() {
        assert!(AttestationMark::Debt.creates_debt(false));
        assert!(!AttestationMark::Two.creates_debt(false));
        assert!(AttestationMark::Two.creates_debt(true));
        assert!(AttestationMark::Fail.creates_debt(true));
        assert!(!AttestationMark::ValidReason.creates_debt(true));
        assert!(!AttestationMark::NotAttested.creates_debt(true));
        assert!(AttestationMark::Three.is_positive());
        assert!(!AttestationMark::Two.is_positive());
    }

    #[test]
    fn deadlines() {
        assert_eq!(entry_deadline(d(2026, 12, 27), 1), d(2026, 12, 28));
        assert_eq!(debt_deadline(d(2026, 12, 27)), d(2027, 12, 26));
        assert_eq!(debt_deadline(d(2028, 2, 29)), d(2029, 2, 27));
        assert_eq!(study_semester(2026, 2026, 1), 1);
        assert_eq!(study_semester(2024, 2026, 2), 6);
    }
}
