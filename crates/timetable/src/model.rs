//! The timetabling problem: courses whose lectures are placed in a period
//! (day × period of the day) and a room.
//!
//! Two courses conflict when they share a curriculum (a group of students)
//! or a teacher: their lectures must never be in the same period.

use std::collections::HashMap;

/// A course: `lectures` lectures a week, taught by one teacher to `students` students.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Course {
    pub name: String,
    pub teacher: String,
    pub lectures: usize,
    /// Lectures should be spread over at least this many days.
    pub min_working_days: usize,
    pub students: usize,
    /// The kind of room the course needs (lab, gym, …); `None`: any room.
    pub room_kind: Option<String>,
}

/// A room with its capacity and kind (empty for an ordinary room).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Room {
    pub name: String,
    pub capacity: usize,
    pub kind: String,
}

/// A curriculum (a group of students): its courses must not overlap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Curriculum {
    pub name: String,
    /// Indices into [`Problem::courses`].
    pub courses: Vec<usize>,
}

/// Weights of the soft costs; the defaults are those of ITC-2007 (UD2),
/// which has no windows (their weights are 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weights {
    /// Per student over the room's capacity, per lecture.
    pub room_capacity: u64,
    /// Per day missing from a course's minimum working days.
    pub min_working_days: u64,
    /// Per isolated lecture of a curriculum.
    pub compactness: u64,
    /// Per room beyond the first used by a course.
    pub room_stability: u64,
    /// Per window (окно) of a curriculum: a free period of a day between two
    /// of its occupied periods.
    pub curriculum_window: u64,
    /// Per window of a teacher, likewise.
    pub teacher_window: u64,
    /// Per free period of a curriculum's day before its first occupied one.
    pub late_start: u64,
    /// Per occupied period a curriculum's day lacks to reach its daily minimum.
    pub short_day: u64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            room_capacity: 1,
            min_working_days: 5,
            compactness: 2,
            room_stability: 1,
            curriculum_window: 0,
            teacher_window: 0,
            late_start: 0,
            short_day: 0,
        }
    }
}

/// Most periods a day a day's occupancy bit mask can hold.
pub const MAX_PERIODS_PER_DAY: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("the week needs at least one day and one period a day")]
    EmptyWeek,
    #[error("a day has {0} periods; at most {MAX_PERIODS_PER_DAY} are supported")]
    LongDay(usize),
    #[error("{given} daily limits or minimums for {curricula} curricula")]
    DailyLimits { given: usize, curricula: usize },
    #[error("two courses are named {0}")]
    DuplicateCourse(String),
    #[error("two rooms are named {0}")]
    DuplicateRoom(String),
    #[error("curriculum {curriculum} refers to course number {course}, which does not exist")]
    UnknownCourse { curriculum: String, course: usize },
    #[error("unavailability of course number {course} in period {period} is out of range")]
    BadUnavailability { course: usize, period: usize },
}

/// A checked problem with the derived tables the evaluator and solver use.
#[derive(Debug, Clone)]
pub struct Problem {
    name: String,
    days: usize,
    periods_per_day: usize,
    courses: Vec<Course>,
    rooms: Vec<Room>,
    curricula: Vec<Curriculum>,
    weights: Weights,
    teachers: Vec<String>,
    course_teacher: Vec<usize>,
    course_curricula: Vec<Vec<usize>>,
    /// courses × periods.
    unavailable: Vec<bool>,
    /// courses × courses; true for distinct courses sharing a curriculum or teacher.
    conflict: Vec<bool>,
    /// courses × rooms.
    suitable: Vec<bool>,
    /// Most occupied periods a day, per curriculum (hard); `None`: no limit.
    daily_limits: Vec<Option<usize>>,
    /// Occupied periods a day each curriculum should have at least (soft).
    daily_minimums: Vec<usize>,
}

impl Problem {
    /// Builds a problem; `unavailable` lists (course, period) pairs where
    /// period = day × periods_per_day + period of the day.
    pub fn new(
        name: impl Into<String>,
        days: usize,
        periods_per_day: usize,
        courses: Vec<Course>,
        rooms: Vec<Room>,
        mut curricula: Vec<Curriculum>,
        unavailable: &[(usize, usize)],
    ) -> Result<Problem, ModelError> {
        if days == 0 || periods_per_day == 0 {
            return Err(ModelError::EmptyWeek);
        }
        if periods_per_day > MAX_PERIODS_PER_DAY {
            return Err(ModelError::LongDay(periods_per_day));
        }
        let periods = days * periods_per_day;
        let n = courses.len();
        let mut seen = HashMap::new();
        for c in &courses {
            if seen.insert(c.name.as_str(), ()).is_some() {
                return Err(ModelError::DuplicateCourse(c.name.clone()));
            }
        }
        let mut seen = HashMap::new();
        for r in &rooms {
            if seen.insert(r.name.as_str(), ()).is_some() {
                return Err(ModelError::DuplicateRoom(r.name.clone()));
            }
        }
        let mut course_curricula = vec![Vec::new(); n];
        for (g, q) in curricula.iter_mut().enumerate() {
            // A course listed twice in a curriculum counts once, as in the official validator.
            q.courses.sort_unstable();
            q.courses.dedup();
            for &c in &q.courses {
                if c >= n {
                    return Err(ModelError::UnknownCourse {
                        curriculum: q.name.clone(),
                        course: c,
                    });
                }
                course_curricula[c].push(g);
            }
        }
        let mut teacher_index = HashMap::new();
        let mut teachers = Vec::new();
        let course_teacher = courses
            .iter()
            .map(|c| {
                *teacher_index.entry(c.teacher.clone()).or_insert_with(|| {
                    teachers.push(c.teacher.clone());
                    teachers.len() - 1
                })
            })
            .collect::<Vec<_>>();
        let mut conflict = vec![false; n * n];
        for q in &curricula {
            for &a in &q.courses {
                for &b in &q.courses {
                    if a != b {
                        conflict[a * n + b] = true;
                    }
                }
            }
        }
        for a in 0..n {
            for b in 0..n {
                if a != b && course_teacher[a] == course_teacher[b] {
                    conflict[a * n + b] = true;
                }
            }
        }
        let mut unavailable_table = vec![false; n * periods];
        for &(course, period) in unavailable {
            if course >= n || period >= periods {
                return Err(ModelError::BadUnavailability { course, period });
            }
            unavailable_table[course * periods + period] = true;
        }
        let suitable = courses
            .iter()
            .flat_map(|c| {
                rooms
                    .iter()
                    .map(move |r| c.room_kind.as_ref().is_none_or(|k| *k == r.kind))
            })
            .collect();
        Ok(Problem {
            name: name.into(),
            days,
            periods_per_day,
            courses,
            rooms,
            weights: Weights::default(),
            teachers,
            course_teacher,
            course_curricula,
            unavailable: unavailable_table,
            conflict,
            suitable,
            daily_limits: vec![None; curricula.len()],
            daily_minimums: vec![0; curricula.len()],
            curricula,
        })
    }

    /// The same problem with other soft-cost weights.
    pub fn with_weights(mut self, weights: Weights) -> Problem {
        self.weights = weights;
        self
    }

    /// The same problem where a room too small for a course is as unsuitable
    /// as one of the wrong kind (a hard constraint, not a capacity cost).
    pub fn with_rooms_big_enough(mut self) -> Problem {
        let n_rooms = self.rooms.len();
        for (c, course) in self.courses.iter().enumerate() {
            for (r, room) in self.rooms.iter().enumerate() {
                if room.capacity < course.students {
                    self.suitable[c * n_rooms + r] = false;
                }
            }
        }
        self
    }

    /// The same problem where each curriculum has at most so many occupied
    /// periods a day (a hard constraint); one entry per curriculum.
    pub fn with_daily_limits(mut self, limits: Vec<Option<usize>>) -> Result<Problem, ModelError> {
        self.daily_limits = self.per_curriculum(limits)?;
        Ok(self)
    }

    /// The same problem where each curriculum should have at least so many
    /// occupied periods every day (a soft goal, weighed by `short_day`).
    pub fn with_daily_minimums(mut self, minimums: Vec<usize>) -> Result<Problem, ModelError> {
        self.daily_minimums = self.per_curriculum(minimums)?;
        Ok(self)
    }

    fn per_curriculum<T>(&self, values: Vec<T>) -> Result<Vec<T>, ModelError> {
        if values.len() != self.curricula.len() {
            return Err(ModelError::DailyLimits {
                given: values.len(),
                curricula: self.curricula.len(),
            });
        }
        Ok(values)
    }

    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn days(&self) -> usize {
        self.days
    }
    pub fn periods_per_day(&self) -> usize {
        self.periods_per_day
    }
    /// Periods in the week: days × periods a day.
    pub fn periods(&self) -> usize {
        self.days * self.periods_per_day
    }
    pub fn courses(&self) -> &[Course] {
        &self.courses
    }
    pub fn rooms(&self) -> &[Room] {
        &self.rooms
    }
    pub fn curricula(&self) -> &[Curriculum] {
        &self.curricula
    }
    pub fn weights(&self) -> Weights {
        self.weights
    }
    /// The most occupied periods a day of the curriculum, if limited.
    pub fn daily_limit(&self, curriculum: usize) -> Option<usize> {
        self.daily_limits[curriculum]
    }
    /// The fewest occupied periods a day the curriculum should have (0: any).
    pub fn daily_minimum(&self, curriculum: usize) -> usize {
        self.daily_minimums[curriculum]
    }
    pub fn teachers(&self) -> &[String] {
        &self.teachers
    }
    /// Index into [`Problem::teachers`] of the course's teacher.
    pub fn teacher_of(&self, course: usize) -> usize {
        self.course_teacher[course]
    }
    /// The curricula the course belongs to.
    pub fn curricula_of(&self, course: usize) -> &[usize] {
        &self.course_curricula[course]
    }
    pub fn is_available(&self, course: usize, period: usize) -> bool {
        !self.unavailable[course * self.periods() + period]
    }
    /// Whether two distinct courses share a curriculum or a teacher.
    pub fn conflicts(&self, a: usize, b: usize) -> bool {
        self.conflict[a * self.courses.len() + b]
    }
    /// Whether the room is of the kind the course needs.
    pub fn is_suitable(&self, course: usize, room: usize) -> bool {
        self.suitable[course * self.rooms.len() + room]
    }
    /// Total number of lectures to place.
    pub fn total_lectures(&self) -> usize {
        self.courses.iter().map(|c| c.lectures).sum()
    }
    pub fn course_index(&self, name: &str) -> Option<usize> {
        self.courses.iter().position(|c| c.name == name)
    }
    pub fn room_index(&self, name: &str) -> Option<usize> {
        self.rooms.iter().position(|r| r.name == name)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn course(
        name: &str,
        teacher: &str,
        lectures: usize,
        min_days: usize,
        students: usize,
    ) -> Course {
        Course {
            name: name.into(),
            teacher: teacher.into(),
            lectures,
            min_working_days: min_days,
            students,
            room_kind: None,
        }
    }

    pub fn room(name: &str, capacity: usize) -> Room {
        Room {
            name: name.into(),
            capacity,
            kind: String::new(),
        }
    }

    #[test]
    fn conflicts_come_from_curricula_and_teachers() {
        let p = Problem::new(
            "t",
            2,
            2,
            vec![
                course("a", "t1", 1, 1, 10),
                course("b", "t2", 1, 1, 10),
                course("c", "t1", 1, 1, 10),
                course("d", "t3", 1, 1, 10),
            ],
            vec![room("r", 10)],
            vec![Curriculum {
                name: "q".into(),
                courses: vec![0, 1, 1],
            }],
            &[(3, 2)],
        )
        .unwrap();
        assert!(p.conflicts(0, 1) && p.conflicts(1, 0));
        assert!(p.conflicts(0, 2));
        assert!(!p.conflicts(1, 2) && !p.conflicts(0, 3) && !p.conflicts(0, 0));
        assert_eq!(p.curricula()[0].courses, vec![0, 1]);
        assert!(!p.is_available(3, 2) && p.is_available(3, 1));
        assert_eq!(p.teachers().len(), 3);
    }

    #[test]
    fn room_kinds_restrict_rooms() {
        let mut lab = course("lab", "t", 1, 1, 5);
        lab.room_kind = Some("lab".into());
        let mut r2 = room("r2", 10);
        r2.kind = "lab".into();
        let p = Problem::new("t", 1, 1, vec![lab], vec![room("r1", 10), r2], vec![], &[]).unwrap();
        assert!(!p.is_suitable(0, 0) && p.is_suitable(0, 1));
    }

    #[test]
    fn rooms_may_be_required_big_enough() {
        let courses = vec![course("a", "t", 1, 1, 20), course("b", "t", 1, 1, 5)];
        let rooms = vec![room("small", 10), room("big", 30)];
        let p = Problem::new("t", 1, 2, courses, rooms, vec![], &[]).unwrap();
        assert!(p.is_suitable(0, 0));
        let p = p.with_rooms_big_enough();
        assert!(!p.is_suitable(0, 0) && p.is_suitable(0, 1));
        assert!(p.is_suitable(1, 0) && p.is_suitable(1, 1));
    }

    #[test]
    fn bad_input_is_refused() {
        let e = Problem::new("t", 1, 1, vec![], vec![], vec![], &[(0, 0)]).unwrap_err();
        assert_eq!(
            e,
            ModelError::BadUnavailability {
                course: 0,
                period: 0
            }
        );
        assert_eq!(
            Problem::new("t", 0, 1, vec![], vec![], vec![], &[]).unwrap_err(),
            ModelError::EmptyWeek
        );
        assert_eq!(
            Problem::new("t", 1, 65, vec![], vec![], vec![], &[]).unwrap_err(),
            ModelError::LongDay(65)
        );
    }
}
