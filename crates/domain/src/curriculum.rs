//! Curricula (учебные планы, seed 3.2): items, their hours per semester and
//! the form of control (seed 2.2: «определение форм контроля»).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A discipline (дисциплина, ОП/ОГСЭ/ЕН…).
    Discipline,
    /// An interdisciplinary course (МДК) inside a professional module.
    Mdk,
    /// A professional module (ПМ): holds its МДК and practices.
    Module,
    /// Practice (учебная / производственная практика).
    Practice,
}

impl ItemKind {
    pub const ALL: [ItemKind; 4] = [
        ItemKind::Discipline,
        ItemKind::Mdk,
        ItemKind::Module,
        ItemKind::Practice,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ItemKind::Discipline => "discipline",
            ItemKind::Mdk => "mdk",
            ItemKind::Module => "module",
            ItemKind::Practice => "practice",
        }
    }

    pub fn from_code(code: &str) -> Option<ItemKind> {
        ItemKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn title(self) -> &'static str {
        match self {
            ItemKind::Discipline => "дисциплина",
            ItemKind::Mdk => "МДК",
            ItemKind::Module => "профессиональный модуль",
            ItemKind::Practice => "практика",
        }
    }

    /// Reads a kind as a person writes it in a spreadsheet: a code or a title.
    pub fn parse(text: &str) -> Option<ItemKind> {
        let t = text.trim().to_lowercase();
        ItemKind::ALL
            .into_iter()
            .find(|k| k.code() == t || k.title().to_lowercase() == t)
            .or(match t.as_str() {
                "мдк" => Some(ItemKind::Mdk),
                "пм" | "модуль" => Some(ItemKind::Module),
                _ => None,
            })
    }

    /// Items of these kinds belong to a professional module.
    pub fn may_have_parent(self) -> bool {
        matches!(self, ItemKind::Mdk | ItemKind::Practice)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlForm {
    Exam,
    DiffCredit,
    Credit,
    CourseWork,
    QualificationExam,
    Other,
}

impl ControlForm {
    pub const ALL: [ControlForm; 6] = [
        ControlForm::Exam,
        ControlForm::DiffCredit,
        ControlForm::Credit,
        ControlForm::CourseWork,
        ControlForm::QualificationExam,
        ControlForm::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ControlForm::Exam => "exam",
            ControlForm::DiffCredit => "diff_credit",
            ControlForm::Credit => "credit",
            ControlForm::CourseWork => "course_work",
            ControlForm::QualificationExam => "qualification_exam",
            ControlForm::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<ControlForm> {
        ControlForm::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn title(self) -> &'static str {
        match self {
            ControlForm::Exam => "экзамен",
            ControlForm::DiffCredit => "дифференцированный зачёт",
            ControlForm::Credit => "зачёт",
            ControlForm::CourseWork => "курсовая работа",
            ControlForm::QualificationExam => "экзамен квалификационный",
            ControlForm::Other => "другая форма",
        }
    }

    /// The short form used in curricula tables.
    pub fn short(self) -> &'static str {
        match self {
            ControlForm::Exam => "Э",
            ControlForm::DiffCredit => "ДЗ",
            ControlForm::Credit => "З",
            ControlForm::CourseWork => "КР",
            ControlForm::QualificationExam => "Эк",
            ControlForm::Other => "ДФ",
        }
    }

    /// Reads a form from a spreadsheet cell: the short form, the title or the code.
    pub fn parse(text: &str) -> Option<ControlForm> {
        let t = text.trim().to_lowercase().replace('ё', "е");
        ControlForm::ALL.into_iter().find(|f| {
            f.code() == t || f.short().to_lowercase() == t || f.title().replace('ё', "е") == t
        })
    }
}

/// Hours of an item in one semester.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hours {
    pub lectures: i32,
    pub practical: i32,
    pub self_study: i32,
    pub consultations: i32,
    pub course_project: i32,
}

impl Hours {
    /// Contact hours: those held as lessons with a teacher.
    pub fn classroom(&self) -> i32 {
        self.lectures + self.practical + self.course_project
    }

    pub fn total(&self) -> i32 {
        self.classroom() + self.self_study + self.consultations
    }

    pub fn add(&mut self, other: &Hours) {
        self.lectures += other.lectures;
        self.practical += other.practical;
        self.self_study += other.self_study;
        self.consultations += other.consultations;
        self.course_project += other.course_project;
    }
}

/// The most hours an item may have in one semester (a sanity bound for input).
pub const MAX_SEMESTER_HOURS: i32 = 2000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_kinds_and_forms_as_people_write_them() {
        assert_eq!(ItemKind::parse("МДК"), Some(ItemKind::Mdk));
        assert_eq!(ItemKind::parse("ПМ"), Some(ItemKind::Module));
        assert_eq!(ItemKind::parse("Дисциплина"), Some(ItemKind::Discipline));
        assert_eq!(ItemKind::parse("курс"), None);
        assert_eq!(ControlForm::parse("ДЗ"), Some(ControlForm::DiffCredit));
        assert_eq!(ControlForm::parse("экзамен"), Some(ControlForm::Exam));
        assert_eq!(ControlForm::parse("Зачет"), Some(ControlForm::Credit));
        assert_eq!(
            ControlForm::parse("эк"),
            Some(ControlForm::QualificationExam)
        );
        assert_eq!(ControlForm::parse("?"), None);
    }

    #[test]
    fn totals_add_up() {
        let mut h = Hours {
            lectures: 20,
            practical: 10,
            self_study: 6,
            consultations: 2,
            course_project: 0,
        };
        assert_eq!((h.classroom(), h.total()), (30, 38));
        h.add(&Hours {
            course_project: 4,
            ..Hours::default()
        });
        assert_eq!(h.total(), 42);
    }
}
