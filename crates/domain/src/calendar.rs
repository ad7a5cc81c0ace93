//! The academic calendar (календарный учебный график, seed 3.2): the periods
//! of a school year and the checks that keep them sensible.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// A semester: lessons are held (except on holidays and in practice).
    Semester,
    /// Holidays or a single non-working day.
    Holiday,
    /// Intermediate attestation (промежуточная аттестация).
    Attestation,
    /// Practice weeks: no classroom lessons for the group.
    Practice,
    /// A lab-and-exam session of part-time students (лабораторно-экзаменационная сессия).
    Session,
}

impl PeriodKind {
    pub const ALL: [PeriodKind; 5] = [
        PeriodKind::Semester,
        PeriodKind::Holiday,
        PeriodKind::Attestation,
        PeriodKind::Practice,
        PeriodKind::Session,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PeriodKind::Semester => "semester",
            PeriodKind::Holiday => "holiday",
            PeriodKind::Attestation => "attestation",
            PeriodKind::Practice => "practice",
            PeriodKind::Session => "session",
        }
    }

    pub fn from_code(code: &str) -> Option<PeriodKind> {
        PeriodKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn title(self) -> &'static str {
        match self {
            PeriodKind::Semester => "семестр",
            PeriodKind::Holiday => "каникулы / нерабочий день",
            PeriodKind::Attestation => "промежуточная аттестация",
            PeriodKind::Practice => "практика",
            PeriodKind::Session => "лабораторно-экзаменационная сессия",
        }
    }

    /// Whether classroom lessons of the timetable are held in this period.
    pub fn blocks_lessons(self) -> bool {
        matches!(self, PeriodKind::Holiday | PeriodKind::Practice)
    }
}

/// One period as the checks see it. `group_id` None: the whole college.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub id: i64,
    pub kind: PeriodKind,
    pub semester: i32,
    pub group_id: Option<i64>,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

impl Period {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.starts_on <= d && d <= self.ends_on
    }

    fn overlaps(&self, other: &Period) -> bool {
        self.starts_on <= other.ends_on && other.starts_on <= self.ends_on
    }

    /// Whether it applies to the group (a college-wide period applies to all).
    pub fn applies_to(&self, group_id: i64) -> bool {
        self.group_id.is_none_or(|g| g == group_id)
    }
}

/// The first and last day of the school year that starts in `year` (1 Sep – 31 Aug).
pub fn year_bounds(year: i32) -> (NaiveDate, NaiveDate) {
    let start = NaiveDate::from_ymd_opt(year, 9, 1).unwrap_or(NaiveDate::MIN);
    let end = NaiveDate::from_ymd_opt(year + 1, 8, 31).unwrap_or(NaiveDate::MAX);
    (start, end)
}

/// "2026/2027".
pub fn year_title(year: i32) -> String {
    format!("{year}/{}", year + 1)
}

pub fn date_ru(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// Why a new period does not fit the calendar, in Russian; None when it fits.
/// Semesters of one scope never overlap and follow in order; holidays,
/// attestation and practice lie inside a semester of their scope or between
/// semesters, never outside the year; two periods of one kind and scope never overlap.
pub fn check_period(year: i32, new: &Period, existing: &[Period]) -> Option<String> {
    let (first, last) = year_bounds(year);
    if new.ends_on < new.starts_on {
        return Some("Дата окончания раньше даты начала.".into());
    }
    if new.starts_on < first || new.ends_on > last {
        return Some(format!(
            "Период выходит за границы {} учебного года ({} — {}).",
            year_title(year),
            date_ru(first),
            date_ru(last)
        ));
    }
    let same_scope = |p: &&Period| p.id != new.id && p.group_id == new.group_id;
    if let Some(p) = existing
        .iter()
        .filter(same_scope)
        .find(|p| p.kind == new.kind && p.overlaps(new))
    {
        return Some(format!(
            "Пересекается с периодом «{}» ({} — {}).",
            p.name,
            date_ru(p.starts_on),
            date_ru(p.ends_on)
        ));
    }
    if new.kind == PeriodKind::Semester {
        if !(1..=12).contains(&new.semester) {
            return Some("Номер семестра — от 1 до 12.".into());
        }
        let semesters = existing
            .iter()
            .filter(same_scope)
            .filter(|p| p.kind == PeriodKind::Semester);
        for p in semesters {
            if p.semester == new.semester {
                return Some(format!("Семестр {} уже задан.", p.semester));
            }
            let out_of_order = (p.semester < new.semester && p.starts_on > new.starts_on)
                || (p.semester > new.semester && p.starts_on < new.starts_on);
            if out_of_order {
                return Some(format!(
                    "Семестр {} должен идти {} семестра {} ({} — {}).",
                    new.semester,
                    if p.semester < new.semester {
                        "после"
                    } else {
                        "до"
                    },
                    p.semester,
                    date_ru(p.starts_on),
                    date_ru(p.ends_on)
                ));
            }
        }
    }
    None
}

/// The day whose Monday–Saturday week the diary and the timetable open on
/// `today`: that week, and on Sunday the week ahead (what families look at
/// on a Sunday is Monday's homework).
pub fn week_to_show(today: NaiveDate) -> NaiveDate {
    if today.weekday() == chrono::Weekday::Sun {
        today + chrono::Duration::days(1)
    } else {
        today
    }
}

/// Whether lessons of the group are held on this date: inside one of its
/// semesters and not on a holiday or in a practice period.
pub fn is_teaching_day(periods: &[Period], group_id: i64, d: NaiveDate) -> bool {
    if d.weekday().num_days_from_monday() == 6 {
        return false;
    }
    let applies = |p: &&Period| p.applies_to(group_id) && p.contains(d);
    let in_semester = periods
        .iter()
        .filter(applies)
        .any(|p| p.kind == PeriodKind::Semester);
    in_semester
        && !periods
            .iter()
            .filter(applies)
            .any(|p| p.kind.blocks_lessons())
}

/// The semester (number) a date belongs to for the group, if any.
pub fn semester_of(periods: &[Period], group_id: i64, d: NaiveDate) -> Option<i32> {
    periods
        .iter()
        .filter(|p| p.kind == PeriodKind::Semester && p.applies_to(group_id) && p.contains(d))
        // A group's own semester wins over the college's.
        .max_by_key(|p| p.group_id.is_some())
        .map(|p| p.semester)
}

#[cfg(test)]
mod week_tests {
    use chrono::NaiveDate;

    #[test]
    fn the_week_shown_is_this_one_and_on_sunday_the_next() {
        let d = |day| NaiveDate::from_ymd_opt(2026, 12, day).expect("date");
        for day in 7..=12 {
            assert_eq!(super::week_to_show(d(day)), d(day), "{}", d(day));
        }
        assert_eq!(super::week_to_show(d(13)), d(14));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        let y = if m >= 9 { 2026 } else { 2027 };
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn period(id: i64, kind: PeriodKind, semester: i32, from: NaiveDate, to: NaiveDate) -> Period {
        Period {
            id,
            kind,
            semester,
            group_id: None,
            name: format!("p{id}"),
            starts_on: from,
            ends_on: to,
        }
    }

    #[test]
    fn refuses_periods_outside_the_year_and_reversed() {
        let p = period(1, PeriodKind::Semester, 1, d(8, 31), d(12, 28));
        let p = Period {
            starts_on: NaiveDate::from_ymd_opt(2026, 8, 31).unwrap(),
            ..p
        };
        assert!(check_period(2026, &p, &[])
            .unwrap()
            .contains("границы 2026/2027"));
        let r = period(1, PeriodKind::Holiday, 0, d(11, 5), d(11, 4));
        assert_eq!(
            check_period(2026, &r, &[]).unwrap(),
            "Дата окончания раньше даты начала."
        );
    }

    #[test]
    fn refuses_overlapping_semesters_and_wrong_order() {
        let s1 = period(1, PeriodKind::Semester, 1, d(9, 1), d(12, 28));
        let s2 = period(2, PeriodKind::Semester, 2, d(12, 20), d(6, 30));
        assert!(check_period(2026, &s2, std::slice::from_ref(&s1))
            .unwrap()
            .starts_with("Пересекается с периодом «p1»"));
        let early = period(3, PeriodKind::Semester, 2, d(9, 1), d(9, 2));
        let s1_late = period(1, PeriodKind::Semester, 1, d(10, 1), d(12, 28));
        assert!(check_period(2026, &early, &[s1_late])
            .unwrap()
            .contains("после семестра 1"));
        let ok = period(2, PeriodKind::Semester, 2, d(1, 12), d(6, 30));
        assert_eq!(check_period(2026, &ok, &[s1]), None);
    }

    #[test]
    fn teaching_days_skip_holidays_practice_and_sundays() {
        let periods = vec![
            period(1, PeriodKind::Semester, 1, d(9, 1), d(12, 28)),
            period(2, PeriodKind::Holiday, 0, d(11, 4), d(11, 4)),
            Period {
                group_id: Some(7),
                ..period(3, PeriodKind::Practice, 1, d(10, 5), d(10, 10))
            },
        ];
        assert!(is_teaching_day(&periods, 7, d(11, 3)));
        assert!(!is_teaching_day(&periods, 7, d(11, 4)));
        assert!(!is_teaching_day(&periods, 7, d(10, 6)));
        assert!(is_teaching_day(&periods, 8, d(10, 6)));
        assert!(!is_teaching_day(&periods, 8, d(11, 8)), "a Sunday");
        assert!(
            !is_teaching_day(&periods, 8, d(12, 29)),
            "after the semester"
        );
        assert_eq!(semester_of(&periods, 8, d(10, 6)), Some(1));
    }
}
