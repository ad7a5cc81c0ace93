//! The ITC-2007 track 3 instance format (`.ctt`).
//!
//! A header of `Key: value` pairs, then the sections `COURSES:`, `ROOMS:`,
//! `CURRICULA:` and `UNAVAILABILITY_CONSTRAINTS:`, then `END.`. Tokens are
//! separated by any whitespace; line breaks carry no meaning beyond error messages.

use std::collections::HashMap;

use crate::model::{Course, Curriculum, ModelError, Problem, Room};

/// The largest instance read: far above the competition's (at most 131
/// courses, 20 rooms, 6 days), low enough that a file cannot make the
/// reader or the course-by-course tables take more than some megabytes.
const MAX_COURSES: usize = 2_000;
const MAX_ROOMS: usize = 1_000;
const MAX_DAYS: usize = 14;
/// Lectures a course may have a week (a week has at most 14 × 64 periods).
const MAX_LECTURES: usize = 1_000;

/// A malformed instance: the line (1-based) and what was expected there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct CttError {
    pub line: usize,
    pub message: String,
}

/// A whitespace-separated token with its line number.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token<'a> {
    pub line: usize,
    pub text: &'a str,
}

pub(crate) fn tokenize(text: &str) -> Vec<Token<'_>> {
    text.lines()
        .enumerate()
        .flat_map(|(i, l)| {
            l.split_whitespace().map(move |t| Token {
                line: i + 1,
                text: t,
            })
        })
        .collect()
}

struct Cursor<'a> {
    tokens: Vec<Token<'a>>,
    next: usize,
    last_line: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor {
            tokens: tokenize(text),
            next: 0,
            last_line: text.lines().count().max(1),
        }
    }

    fn error(&self, line: usize, message: String) -> CttError {
        CttError { line, message }
    }

    fn word(&mut self, what: &str) -> Result<Token<'a>, CttError> {
        match self.tokens.get(self.next) {
            Some(&t) => {
                self.next += 1;
                Ok(t)
            }
            None => Err(self.error(
                self.last_line,
                format!("expected {what}, found the end of the file"),
            )),
        }
    }

    fn keyword(&mut self, keyword: &str) -> Result<Token<'a>, CttError> {
        let t = self.word(&format!("«{keyword}»"))?;
        if t.text == keyword {
            Ok(t)
        } else {
            Err(self.error(t.line, format!("expected «{keyword}», found «{}»", t.text)))
        }
    }

    /// Tokens not read yet: no section holds more items than that, whatever
    /// its header says, so vectors are sized by it.
    fn left(&self) -> usize {
        self.tokens.len() - self.next
    }

    /// A number no larger than `max`.
    fn at_most(&mut self, what: &str, max: usize) -> Result<(usize, usize), CttError> {
        let (n, line) = self.number(what)?;
        if n > max {
            return Err(self.error(line, format!("expected {what} of at most {max}, found {n}")));
        }
        Ok((n, line))
    }

    fn number(&mut self, what: &str) -> Result<(usize, usize), CttError> {
        let t = self.word(what)?;
        t.text.parse().map(|n| (n, t.line)).map_err(|_| {
            self.error(
                t.line,
                format!(
                    "expected {what} (a non-negative integer), found «{}»",
                    t.text
                ),
            )
        })
    }
}

/// Parses a `.ctt` instance.
pub fn parse(text: &str) -> Result<Problem, CttError> {
    let mut cur = Cursor::new(text);
    cur.keyword("Name:")?;
    let name = cur.word("the instance name")?.text.to_string();
    cur.keyword("Courses:")?;
    let (n_courses, _) = cur.at_most("the number of courses", MAX_COURSES)?;
    cur.keyword("Rooms:")?;
    let (n_rooms, _) = cur.at_most("the number of rooms", MAX_ROOMS)?;
    cur.keyword("Days:")?;
    let (days, days_line) = cur.at_most("the number of days", MAX_DAYS)?;
    cur.keyword("Periods_per_day:")?;
    let (ppd, ppd_line) = cur.at_most(
        "the number of periods per day",
        crate::model::MAX_PERIODS_PER_DAY,
    )?;
    cur.keyword("Curricula:")?;
    let (n_curricula, _) = cur.number("the number of curricula")?;
    cur.keyword("Constraints:")?;
    let (n_constraints, _) = cur.number("the number of unavailability constraints")?;
    if days == 0 {
        return Err(cur.error(days_line, "expected at least one day".into()));
    }
    if ppd == 0 {
        return Err(cur.error(ppd_line, "expected at least one period per day".into()));
    }

    cur.keyword("COURSES:")?;
    let mut courses = Vec::with_capacity(n_courses.min(cur.left()));
    let mut course_index = HashMap::new();
    for _ in 0..n_courses {
        let id =
            cur.word("a course: <CourseID> <Teacher> <#Lectures> <MinWorkingDays> <#Students>")?;
        if course_index.insert(id.text, courses.len()).is_some() {
            return Err(cur.error(id.line, format!("course «{}» is defined twice", id.text)));
        }
        let teacher = cur.word("the teacher of the course")?.text.to_string();
        let (lectures, _) = cur.at_most("the number of lectures", MAX_LECTURES)?;
        let (min_working_days, _) = cur.number("the minimum number of working days")?;
        let (students, _) = cur.number("the number of students")?;
        courses.push(Course {
            name: id.text.to_string(),
            teacher,
            lectures,
            min_working_days,
            students,
            room_kind: None,
        });
    }

    cur.keyword("ROOMS:")?;
    let mut rooms = Vec::with_capacity(n_rooms.min(cur.left()));
    let mut room_names = HashMap::new();
    for _ in 0..n_rooms {
        let id = cur.word("a room: <RoomID> <Capacity>")?;
        if room_names.insert(id.text, ()).is_some() {
            return Err(cur.error(id.line, format!("room «{}» is defined twice", id.text)));
        }
        let (capacity, _) = cur.number("the room capacity")?;
        rooms.push(Room {
            name: id.text.to_string(),
            capacity,
            kind: String::new(),
        });
    }

    cur.keyword("CURRICULA:")?;
    let lookup = |cur: &mut Cursor, what: &str| -> Result<usize, CttError> {
        let t = cur.word(what)?;
        course_index.get(t.text).copied().ok_or_else(|| {
            cur.error(
                t.line,
                format!("expected {what}, found unknown course «{}»", t.text),
            )
        })
    };
    let mut curricula = Vec::with_capacity(n_curricula.min(cur.left()));
    for _ in 0..n_curricula {
        let name = cur.word("a curriculum: <CurriculumID> <#Courses> <CourseID> ...")?;
        let (size, _) = cur.number("the number of courses of the curriculum")?;
        let mut members = Vec::with_capacity(size.min(cur.left()));
        for _ in 0..size {
            members.push(lookup(&mut cur, "a course of the curriculum")?);
        }
        curricula.push(Curriculum {
            name: name.text.to_string(),
            courses: members,
        });
    }

    cur.keyword("UNAVAILABILITY_CONSTRAINTS:")?;
    let mut unavailable = Vec::with_capacity(n_constraints.min(cur.left()));
    for _ in 0..n_constraints {
        let course = lookup(&mut cur, "an unavailability: <CourseID> <Day> <DayPeriod>")?;
        let (day, line) = cur.number("the day")?;
        if day >= days {
            return Err(cur.error(line, format!("expected a day below {days}, found {day}")));
        }
        let (period, line) = cur.number("the period of the day")?;
        if period >= ppd {
            return Err(cur.error(
                line,
                format!("expected a period below {ppd}, found {period}"),
            ));
        }
        unavailable.push((course, day * ppd + period));
    }
    cur.keyword("END.")?;

    Problem::new(name, days, ppd, courses, rooms, curricula, &unavailable).map_err(|e| CttError {
        line: 1,
        message: match e {
            ModelError::EmptyWeek => "expected at least one day and period".into(),
            other => other.to_string(),
        },
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub const TOY: &str = "Name: Toy
Courses: 4
Rooms: 3
Days: 5
Periods_per_day: 4
Curricula: 2
Constraints: 8

COURSES:
SceCosC Ocra 3 3 30
ArcTec Indaco 3 2 42
TecCos Rosa 5 4 40
Geotec Scarlatti 5 4 18

ROOMS:
rA\t32 
rB 50
rC 40

CURRICULA:
Cur1 3 SceCosC ArcTec TecCos
Cur2 2 TecCos Geotec

UNAVAILABILITY_CONSTRAINTS:
TecCos 2 0
TecCos 2 1
TecCos 3 2
TecCos 3 3
ArcTec 4 0
ArcTec 4 1
ArcTec 4 2
ArcTec 4 3

END.
";

    #[test]
    fn parses_the_toy_instance() {
        let p = parse(TOY).unwrap();
        assert_eq!(p.name(), "Toy");
        assert_eq!((p.days(), p.periods_per_day(), p.periods()), (5, 4, 20));
        assert_eq!(p.courses().len(), 4);
        assert_eq!(p.courses()[2].name, "TecCos");
        assert_eq!(p.courses()[2].students, 40);
        assert_eq!(p.courses()[2].min_working_days, 4);
        assert_eq!(p.rooms()[0].capacity, 32);
        assert_eq!(p.curricula()[1].courses, vec![2, 3]);
        assert!(!p.is_available(2, 8) && p.is_available(2, 7));
        assert!(!p.is_available(1, 19));
        assert_eq!(p.total_lectures(), 16);
    }

    #[test]
    fn tokens_may_be_split_over_lines_and_spaces() {
        let squeezed = TOY
            .replace('\n', "  \n ")
            .replace("Name: Toy", "Name:\n\tToy");
        let p = parse(&squeezed).unwrap();
        assert_eq!(p.name(), "Toy");
        assert_eq!(p.courses().len(), 4);
    }

    #[test]
    fn errors_name_the_line_and_what_was_expected() {
        let bad = TOY.replace("ArcTec Indaco 3 2 42", "ArcTec Indaco three 2 42");
        let e = parse(&bad).unwrap_err();
        assert_eq!(e.line, 11);
        assert!(e.message.contains("number of lectures"), "{e}");
        assert!(e.to_string().starts_with("line 11: expected"), "{e}");

        let e = parse(&TOY.replace("Cur2 2 TecCos Geotec", "Cur2 2 TecCos Geo")).unwrap_err();
        assert_eq!(e.line, 22);
        assert!(e.message.contains("unknown course «Geo»"), "{e}");

        let e = parse(&TOY.replace("ROOMS:", "ROOM:")).unwrap_err();
        assert_eq!(e.line, 15);
        assert!(
            e.message.contains("expected «ROOMS:», found «ROOM:»"),
            "{e}"
        );

        let e = parse(&TOY.replace("TecCos 3 3", "TecCos 3 4")).unwrap_err();
        assert_eq!(e.line, 28);
        assert!(e.message.contains("period below 4"), "{e}");

        let e = parse(&TOY.replace("END.\n", "")).unwrap_err();
        assert!(
            e.message
                .contains("expected «END.», found the end of the file"),
            "{e}"
        );
    }
}
