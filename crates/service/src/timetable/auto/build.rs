//! The college as a timetabling problem: a course per group (or subgroup),
//! subject and teacher of the semester's load, with its pairs a week; the
//! college's rooms by kind and capacity; days × pairs of the bell schedules;
//! teachers' unavailability; the college's goals from [`goals`]. What cannot
//! fit is said before any search.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::Datelike;
use domain::calendar::PeriodKind;
use domain::reference::RoomKind;
use domain::FieldError;
use sea_orm::ConnectionTrait;
use timetable::{Course, Curriculum, Problem, Room};

use super::goals;

use crate::error::{Error, Result};
use crate::timetable::check::{closed_reason, periods};

/// A course of the problem: what one weekly lesson of it is.
#[derive(Debug, Clone)]
pub(crate) struct CourseRef {
    pub group_id: i64,
    pub subgroup_id: Option<i64>,
    pub subject_id: i64,
    pub teacher_id: i64,
    pub students: i64,
    pub lectures: usize,
}

pub(crate) struct College {
    pub problem: Problem,
    pub courses: Vec<CourseRef>,
    /// Problem room → room id.
    pub rooms: Vec<i64>,
    /// Pair numbers of the day, by period of the day.
    pub pairs: Vec<i32>,
    pub days: usize,
    pub names: Names,
    /// What was adjusted on the way (a load smaller than a pair a week…).
    pub notes: Vec<String>,
    /// Each group (or subgroup with its group's lessons) by name, with its courses.
    pub curricula: Vec<(String, Vec<usize>)>,
}

#[derive(Default)]
pub(crate) struct Names {
    pub groups: HashMap<i64, String>,
    pub subgroups: HashMap<i64, String>,
    pub subjects: HashMap<i64, String>,
    pub teachers: HashMap<i64, String>,
    /// Number and capacity.
    pub rooms: HashMap<i64, (String, i64)>,
}

impl Names {
    pub fn who(&self, c: &CourseRef) -> String {
        let group = self.groups.get(&c.group_id).cloned().unwrap_or_default();
        match c.subgroup_id.and_then(|s| self.subgroups.get(&s)) {
            Some(s) => format!("{group} ({s})"),
            None => group,
        }
    }

    pub fn subject(&self, id: i64) -> String {
        self.subjects.get(&id).cloned().unwrap_or_default()
    }

    pub fn teacher(&self, id: i64) -> String {
        self.teachers.get(&id).cloned().unwrap_or_default()
    }
}

/// The room kind a subject needs, as the problem names it: ordinary rooms
/// (classrooms and lecture halls) are "".
fn problem_kind(code: &str) -> String {
    match RoomKind::from_code(code) {
        None | Some(RoomKind::Classroom) | Some(RoomKind::Lecture) => String::new(),
        Some(k) => k.code().to_string(),
    }
}

fn kind_title(kind: &str) -> &'static str {
    RoomKind::from_code(kind).map_or("учебный кабинет", |k| k.title())
}

pub(crate) async fn college(
    db: &impl ConnectionTrait,
    org_id: i64,
    year: i32,
    semester: i32,
    days: usize,
) -> Result<College> {
    let periods = periods(db, org_id, year).await?;
    let Some(span) = periods
        .iter()
        .filter(|p| p.kind == PeriodKind::Semester && p.semester == semester)
        .map(|p| (p.starts_on, p.ends_on))
        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
    else {
        return Err(Error::field(
            "semester",
            format!(
                "В календарном графике {} нет {semester}-го семестра.",
                domain::calendar::year_title(year)
            ),
        ));
    };

    let mut loads: BTreeMap<(i64, Option<i64>, i64, i64), i64> = BTreeMap::new();
    for l in store::load::of_year(db, org_id, year, None).await? {
        if l.semester == semester && l.hours > 0 {
            *loads
                .entry((l.group_id, l.subgroup_id, l.subject_id, l.teacher_person_id))
                .or_default() += i64::from(l.hours);
        }
    }
    if loads.is_empty() {
        return Err(Error::field(
            "semester",
            format!(
                "На {semester}-й семестр нагрузка не распределена: нечего ставить в расписание."
            ),
        ));
    }
    let group_ids: Vec<i64> = loads
        .keys()
        .map(|k| k.0)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut names = Names::default();
    for g in store::groups::by_ids(db, org_id, &group_ids).await? {
        names.groups.insert(g.id, g.name);
    }
    let group_sizes = store::groups::student_counts(db, &group_ids).await?;
    let subgroup_sizes = store::timetable_auto::subgroup_sizes(db, org_id).await?;
    let subgroup_ids: Vec<i64> = loads.keys().filter_map(|k| k.1).collect();
    for s in store::timetable::subgroups_by_ids(db, org_id, &subgroup_ids).await? {
        names.subgroups.insert(s.id, s.name);
    }
    let subjects = store::subjects::all(db, org_id).await?;
    let room_kind_of: HashMap<i64, String> = subjects
        .iter()
        .map(|s| (s.id, problem_kind(&s.room_kind)))
        .collect();
    for s in subjects {
        names.subjects.insert(s.id, s.name);
    }
    let teacher_ids: Vec<i64> = loads
        .keys()
        .map(|k| k.3)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    for p in store::people::by_ids(db, &teacher_ids).await? {
        names
            .teachers
            .insert(p.id, store::people::full_name(&p).short());
    }

    // Days × pairs: the union of the pairs of the groups' bell schedules.
    let schedules: HashMap<i64, i64> = store::bells::assignments(db, org_id, year)
        .await?
        .into_iter()
        .filter_map(|a| a.group_id.map(|g| (g, a.schedule_id)))
        .collect();
    let mut pairs_of_schedule: HashMap<i64, BTreeSet<i32>> = HashMap::new();
    for p in store::bells::pairs(db, org_id).await? {
        pairs_of_schedule
            .entry(p.schedule_id)
            .or_default()
            .insert(p.pair_no);
    }
    let mut problems = Vec::new();
    let mut group_pairs: HashMap<i64, BTreeSet<i32>> = HashMap::new();
    for &g in &group_ids {
        match schedules.get(&g).and_then(|s| pairs_of_schedule.get(s)) {
            Some(p) if !p.is_empty() => {
                group_pairs.insert(g, p.clone());
            }
            _ => problems.push(format!(
                "Группе {} не назначено расписание звонков.",
                names.groups.get(&g).cloned().unwrap_or_default()
            )),
        }
    }
    let pairs: Vec<i32> = group_pairs
        .values()
        .flatten()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();

    // Teaching weeks of each group in the semester: its open days over the
    // days of a week, so holidays and practice weeks carry fewer lessons.
    let mut weeks: HashMap<i64, f64> = HashMap::new();
    for &g in &group_ids {
        let open = span
            .0
            .iter_days()
            .take_while(|d| *d <= span.1)
            .filter(|d| {
                (d.weekday().num_days_from_monday() as usize) < days
                    && closed_reason(&periods, Some(g), *d).is_none()
                    && domain::calendar::semester_of(&periods, g, *d) == Some(semester)
            })
            .count();
        weeks.insert(g, open as f64 / days as f64);
    }

    let mut notes = Vec::new();
    let mut courses = Vec::new();
    for (&(group_id, subgroup_id, subject_id, teacher_id), &hours) in &loads {
        let w = weeks.get(&group_id).copied().unwrap_or(0.0);
        let students = match subgroup_id {
            Some(s) => subgroup_sizes.get(&s).copied().unwrap_or(0),
            None => group_sizes.get(&group_id).copied().unwrap_or(0),
        };
        let c = CourseRef {
            group_id,
            subgroup_id,
            subject_id,
            teacher_id,
            students,
            lectures: 0,
        };
        if w < 1.0 {
            notes.push(format!(
                "«{}» у {}: в {semester}-м семестре у группы нет учебных недель (практика, сессия?) — не поставлено.",
                names.subject(subject_id),
                names.who(&c)
            ));
            continue;
        }
        let exact = hours as f64 / 2.0 / w;
        let lectures = (exact.round() as usize).max(1);
        if exact < 0.75 {
            notes.push(format!(
                "«{}» у {}: {hours} ч на {:.0} недель — меньше пары в неделю; поставлена одна, лишние даты отсечёт нагрузка.",
                names.subject(subject_id),
                names.who(&c),
                w
            ));
        }
        courses.push(CourseRef { lectures, ..c });
    }

    // Rooms of the problem: ordinary ones share the kind "".
    let rooms = store::buildings::all_rooms(db, org_id).await?;
    let mut problem_rooms = Vec::new();
    let mut room_ids = Vec::new();
    for r in &rooms {
        names
            .rooms
            .insert(r.id, (r.number.clone(), i64::from(r.capacity)));
        problem_rooms.push(Room {
            name: format!("r{}", r.id),
            capacity: r.capacity.max(0) as usize,
            kind: problem_kind(&r.kind),
        });
        room_ids.push(r.id);
    }

    let periods_per_day = pairs.len().max(1);
    let period_count = days * periods_per_day;
    let unavailable_rows = store::timetable::unavailability(db, org_id, &teacher_ids).await?;
    let mut teacher_blocked: HashMap<i64, BTreeSet<usize>> = HashMap::new();
    for u in unavailable_rows {
        let day = (u.weekday - 1) as usize;
        if day >= days {
            continue;
        }
        for (i, &p) in pairs.iter().enumerate() {
            if u.pair_no == 0 || u.pair_no == p {
                teacher_blocked
                    .entry(u.teacher_person_id)
                    .or_default()
                    .insert(day * periods_per_day + i);
            }
        }
    }

    // Feasibility before any search.
    let mut by_teacher: BTreeMap<i64, usize> = BTreeMap::new();
    for c in &courses {
        *by_teacher.entry(c.teacher_id).or_default() += c.lectures;
    }
    for (t, n) in by_teacher {
        let free = period_count - teacher_blocked.get(&t).map_or(0, BTreeSet::len);
        if n > free {
            problems.push(format!(
                "Преподавателю {} нужно {n} пар в неделю, а доступно только {free}.",
                names.teacher(t)
            ));
        }
    }
    let mut by_kind: BTreeMap<String, usize> = BTreeMap::new();
    for c in &courses {
        let kind = room_kind_of.get(&c.subject_id).cloned().unwrap_or_default();
        *by_kind.entry(kind.clone()).or_default() += c.lectures;
        let fitting: Vec<&Room> = problem_rooms.iter().filter(|r| r.kind == kind).collect();
        let biggest = fitting.iter().map(|r| r.capacity).max();
        match biggest {
            None => problems.push(format!(
                "Для «{}» у {} нужно помещение вида «{}», а таких нет.",
                names.subject(c.subject_id),
                names.who(c),
                kind_title(&kind)
            )),
            Some(cap) if (cap as i64) < c.students => problems.push(format!(
                "Для «{}» у {} ({} обучающихся) нет помещения на столько мест: самое большое подходящее — на {cap}.",
                names.subject(c.subject_id),
                names.who(c),
                c.students
            )),
            _ => {}
        }
    }
    for (kind, n) in by_kind {
        let rooms_of_kind = problem_rooms.iter().filter(|r| r.kind == kind).count();
        if rooms_of_kind > 0 && n > rooms_of_kind * period_count {
            problems.push(format!(
                "Занятиям в помещениях вида «{}» нужно {n} пар в неделю, а таких помещений {rooms_of_kind} на {period_count} пар.",
                kind_title(&kind)
            ));
        }
    }

    let keys: Vec<(i64, Option<i64>)> = courses
        .iter()
        .map(|c| (c.group_id, c.subgroup_id))
        .collect();
    let curricula: Vec<(i64, String, Vec<usize>)> = goals::curricula(&keys)
        .into_iter()
        .map(|(g, sub, list)| {
            let group_name = names.groups.get(&g).cloned().unwrap_or_default();
            let name = match sub {
                Some(s) => format!(
                    "{group_name} ({})",
                    names.subgroups.get(&s).cloned().unwrap_or_default()
                ),
                None => group_name,
            };
            (g, name, list)
        })
        .collect();
    for (g, name, list) in &curricula {
        let n: usize = list.iter().map(|&i| courses[i].lectures).sum();
        let open = group_pairs.get(g).map_or(0, BTreeSet::len) * days;
        if open > 0 && n > open {
            problems.push(format!(
                "Группе {name} нужно {n} пар в неделю, а в её неделе {open} пар."
            ));
        }
        let limit = goals::daily_limit(n, days);
        if limit > goals::DAILY_PAIRS {
            notes.push(format!(
                "Группе {name} нужно {n} пар в неделю: в какие-то дни будет до {limit} пар (обычно не больше {}).",
                goals::DAILY_PAIRS
            ));
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(
            problems
                .into_iter()
                .map(|message| FieldError {
                    field: "form",
                    message,
                })
                .collect(),
        ));
    }

    // Unavailable periods of each course: its teacher's, and pairs its group's bells lack.
    let mut unavailable = Vec::new();
    for (i, c) in courses.iter().enumerate() {
        if let Some(blocked) = teacher_blocked.get(&c.teacher_id) {
            unavailable.extend(blocked.iter().map(|&p| (i, p)));
        }
        let own = group_pairs.get(&c.group_id);
        for (pi, p) in pairs.iter().enumerate() {
            if own.is_some_and(|o| !o.contains(p)) {
                unavailable.extend((0..days).map(|d| (i, d * periods_per_day + pi)));
            }
        }
    }
    let problem_courses: Vec<Course> = courses
        .iter()
        .enumerate()
        .map(|(i, c)| Course {
            name: format!("c{i}"),
            teacher: format!("t{}", c.teacher_id),
            lectures: c.lectures,
            min_working_days: c.lectures.min(days),
            students: c.students.max(0) as usize,
            room_kind: Some(room_kind_of.get(&c.subject_id).cloned().unwrap_or_default()),
        })
        .collect();
    let curricula: Vec<(String, Vec<usize>)> = curricula
        .into_iter()
        .map(|(_, name, list)| (name, list))
        .collect();
    let problem_curricula: Vec<Curriculum> = curricula
        .iter()
        .enumerate()
        .map(|(i, (_, list))| Curriculum {
            name: format!("q{i}"),
            courses: list.clone(),
        })
        .collect();
    let problem = goals::problem(
        format!("college-{org_id}-{year}-{semester}"),
        (days, periods_per_day),
        problem_courses,
        problem_rooms,
        problem_curricula,
        &unavailable,
    )
    .map_err(|e| Error::Internal(format!("timetabling model: {e}")))?;
    Ok(College {
        problem,
        courses,
        rooms: room_ids,
        pairs,
        days,
        names,
        notes,
        curricula,
    })
}
