//! Solutions: one placed lecture a line, `<CourseID> <RoomID> <Day> <DayPeriod>`.

use std::fmt::Write as _;

use crate::model::Problem;

/// One lecture of `course` in `room` at `period` (= day × periods_per_day + period of the day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Placement {
    pub course: usize,
    pub room: usize,
    pub period: usize,
}

/// A timetable: the placed lectures, in any order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Solution {
    pub placements: Vec<Placement>,
}

/// A malformed solution file: the line (1-based) and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct SolutionError {
    pub line: usize,
    pub message: String,
}

/// Reads a solution in the competition format; blank lines are skipped.
pub fn parse(problem: &Problem, text: &str) -> Result<Solution, SolutionError> {
    let mut placements = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let err = |message: String| SolutionError {
            line: line_no,
            message,
        };
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.is_empty() {
            continue;
        }
        let [course, room, day, period] = fields[..] else {
            return Err(err(format!(
                "expected 4 fields «<CourseID> <RoomID> <Day> <DayPeriod>», found {}",
                fields.len()
            )));
        };
        let course = problem.course_index(course).ok_or_else(|| {
            err(format!(
                "expected a course of the instance, found «{course}»"
            ))
        })?;
        let room = problem
            .room_index(room)
            .ok_or_else(|| err(format!("expected a room of the instance, found «{room}»")))?;
        let number = |text: &str, what: &str, below: usize| -> Result<usize, SolutionError> {
            match text.parse::<usize>() {
                Ok(n) if n < below => Ok(n),
                _ => Err(err(format!(
                    "expected {what} from 0 to {}, found «{text}»",
                    below - 1
                ))),
            }
        };
        let day = number(day, "a day", problem.days())?;
        let period = number(period, "a period of the day", problem.periods_per_day())?;
        placements.push(Placement {
            course,
            room,
            period: day * problem.periods_per_day() + period,
        });
    }
    Ok(Solution { placements })
}

/// Writes a solution in the competition format, sorted by course, day and period.
pub fn write(problem: &Problem, solution: &Solution) -> String {
    let mut sorted = solution.placements.clone();
    sorted.sort_by_key(|p| (p.course, p.period, p.room));
    let ppd = problem.periods_per_day();
    let mut out = String::new();
    for p in sorted {
        let _ = writeln!(
            out,
            "{} {} {} {}",
            problem.courses()[p.course].name,
            problem.rooms()[p.room].name,
            p.period / ppd,
            p.period % ppd
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ctt;

    #[test]
    fn round_trip() {
        let p = ctt::parse(ctt::tests::TOY).unwrap();
        let text = "TecCos rB 0 1\nSceCosC rA 4 3\n\nArcTec  rC\t2 0 \n";
        let s = parse(&p, text).unwrap();
        assert_eq!(
            s.placements[0],
            Placement {
                course: 2,
                room: 1,
                period: 1
            }
        );
        assert_eq!(s.placements[1].period, 19);
        let written = write(&p, &s);
        assert_eq!(written, "SceCosC rA 4 3\nArcTec rC 2 0\nTecCos rB 0 1\n");
        let mut again = parse(&p, &written).unwrap();
        let mut original = s.clone();
        again.placements.sort();
        original.placements.sort();
        assert_eq!(again, original);
    }

    #[test]
    fn errors_name_the_line() {
        let p = ctt::parse(ctt::tests::TOY).unwrap();
        let e = parse(&p, "TecCos rB 0 1\nTecCos rB 0\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("expected 4 fields"), "{e}");
        let e = parse(&p, "\nTecCos rZ 0 1").unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 2: expected a room of the instance, found «rZ»"
        );
        let e = parse(&p, "Nope rA 0 1").unwrap_err();
        assert!(e.message.contains("course of the instance, found «Nope»"));
        let e = parse(&p, "TecCos rA 5 1").unwrap_err();
        assert_eq!(e.message, "expected a day from 0 to 4, found «5»");
        let e = parse(&p, "TecCos rA 1 x").unwrap_err();
        assert_eq!(
            e.message,
            "expected a period of the day from 0 to 3, found «x»"
        );
    }
}
