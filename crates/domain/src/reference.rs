//! Reference data of a college (seed 3.2): study forms, room kinds, specialty codes.

use serde::{Deserialize, Serialize};

use crate::validation::Validation;

/// A room as pickers name it: «201, Корпус 2 (30 мест)» — with its building,
/// for colleges with several, and its seats agreeing with the number.
pub fn room_label(number: &str, building: Option<&str>, capacity: i32) -> String {
    let seats = crate::words::count(
        usize::try_from(capacity).unwrap_or(0),
        ["место", "места", "мест"],
    );
    match building {
        Some(b) => format!("{number}, {b} ({seats})"),
        None => format!("{number} ({seats})"),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StudyForm {
    FullTime,
    PartTime,
    Mixed,
}

impl StudyForm {
    pub const ALL: [StudyForm; 3] = [StudyForm::FullTime, StudyForm::PartTime, StudyForm::Mixed];

    pub fn code(self) -> &'static str {
        match self {
            StudyForm::FullTime => "full_time",
            StudyForm::PartTime => "part_time",
            StudyForm::Mixed => "mixed",
        }
    }

    pub fn from_code(code: &str) -> Option<StudyForm> {
        StudyForm::ALL.into_iter().find(|f| f.code() == code)
    }

    pub fn title(self) -> &'static str {
        match self {
            StudyForm::FullTime => "очная",
            StudyForm::PartTime => "заочная",
            StudyForm::Mixed => "очно-заочная",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoomKind {
    Classroom,
    Lecture,
    Laboratory,
    Computer,
    Workshop,
    Gym,
}

impl RoomKind {
    pub const ALL: [RoomKind; 6] = [
        RoomKind::Classroom,
        RoomKind::Lecture,
        RoomKind::Laboratory,
        RoomKind::Computer,
        RoomKind::Workshop,
        RoomKind::Gym,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RoomKind::Classroom => "classroom",
            RoomKind::Lecture => "lecture",
            RoomKind::Laboratory => "laboratory",
            RoomKind::Computer => "computer",
            RoomKind::Workshop => "workshop",
            RoomKind::Gym => "gym",
        }
    }

    pub fn from_code(code: &str) -> Option<RoomKind> {
        RoomKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn title(self) -> &'static str {
        match self {
            RoomKind::Classroom => "учебный кабинет",
            RoomKind::Lecture => "лекционная аудитория",
            RoomKind::Laboratory => "лаборатория",
            RoomKind::Computer => "компьютерный класс",
            RoomKind::Workshop => "мастерская",
            RoomKind::Gym => "спортивный зал",
        }
    }
}

/// The school year a date falls in, by its first calendar year: 28.11.2026 → 2026.
pub fn school_year(today: chrono::NaiveDate) -> i32 {
    use chrono::Datelike;
    if today.month() >= 9 {
        today.year()
    } else {
        today.year() - 1
    }
}

/// The course (1, 2, 3, ...) of a group admitted in `intake_year`.
pub fn course(intake_year: i32, today: chrono::NaiveDate) -> i32 {
    school_year(today) - intake_year + 1
}

/// A specialty code of the ФГОС СПО list: «18.02.12».
pub fn validate_specialty_code(v: &mut Validation, code: &str) -> String {
    let code = v.text("code", code, 8);
    let parts: Vec<&str> = code.split('.').collect();
    let ok = parts.len() == 3
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_digit()));
    if !code.is_empty() && !ok {
        v.add("code", "Код специальности в виде 18.02.12.");
    }
    code
}

/// A study form chosen in a form or sent to the API.
pub fn validate_study_form(v: &mut Validation, code: &str) -> StudyForm {
    StudyForm::from_code(code).unwrap_or_else(|| {
        v.add("study_form", "Выберите форму обучения.");
        StudyForm::FullTime
    })
}

pub fn validate_room_kind(v: &mut Validation, code: &str) -> RoomKind {
    RoomKind::from_code(code).unwrap_or_else(|| {
        v.add("kind", "Выберите вид помещения.");
        RoomKind::Classroom
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specialty_codes() {
        let mut v = Validation::new();
        assert_eq!(validate_specialty_code(&mut v, " 18.02.12 "), "18.02.12");
        assert!(v.finish().is_ok());
        for bad in ["18.2.12", "18-02-12", "18.02.1a", "18.02"] {
            let mut v = Validation::new();
            validate_specialty_code(&mut v, bad);
            assert!(v.finish().is_err(), "{bad}");
        }
    }

    #[test]
    fn courses_follow_the_school_year() {
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(course(2026, d(2026, 11, 28)), 1);
        assert_eq!(course(2023, d(2026, 11, 28)), 4);
        assert_eq!(course(2025, d(2026, 8, 31)), 1);
        assert_eq!(course(2025, d(2026, 9, 1)), 2);
    }

    #[test]
    fn codes_round_trip() {
        for f in StudyForm::ALL {
            assert_eq!(StudyForm::from_code(f.code()), Some(f));
        }
        for k in RoomKind::ALL {
            assert_eq!(RoomKind::from_code(k.code()), Some(k));
        }
    }

    #[test]
    fn a_room_is_named_with_its_building_and_agreeing_seats() {
        assert_eq!(
            super::room_label("201", Some("Корпус 2"), 30),
            "201, Корпус 2 (30 мест)"
        );
        assert_eq!(super::room_label("12", None, 22), "12 (22 места)");
        assert_eq!(super::room_label("Спортзал", None, 1), "Спортзал (1 место)");
    }
}
