//! The demo's school year 2026/2027 around the first semester: the academic
//! calendar (semesters, holidays, attestation, practice of the senior groups,
//! sessions of the part-time groups), bell schedules, a curriculum for every
//! group's specialty, form and intake year, the teaching load, the weekly
//! timetable of both semesters, a few teachers' unavailable pairs, and the
//! second semester's lessons (12.01–30.06.2027, nothing recorded yet).
//!
//! Everything follows the weekly pattern the first semester was made from:
//! the second semester keeps the same pattern, the load of a job is two hours
//! for every lesson it gives in the semester, and a curriculum's classroom
//! hours of a current semester are exactly the hours its group gets.
//! Built in memory, then written in bulk.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use domain::calendar::{is_teaching_day, Period, PeriodKind};
use domain::curriculum::{ControlForm, Hours, ItemKind};
use domain::reference::StudyForm;
use domain::Role;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use store::entity::{
    bell_assignment, bell_pair, bell_schedule, calendar_period, curriculum, curriculum_hours,
    curriculum_item, school_year, teacher_unavailability, teaching_load, timetable_slot,
};
use store::lessons::NewLesson;

use super::catalog::{self, Need, SUBJECTS};
use super::plan::{Plan, SPECIALTIES};
use super::semester::{self, date, Semester, BELLS};
use super::timetable::{Weekly, DAYS, PAIRS};
use crate::{Error, Result};

/// The school year 2026/2027.
pub const YEAR: i32 = 2026;
/// The first semester runs from `semester::SEMESTER_START` to this Sunday.
pub const SEMESTER_1_END: (i32, u32, u32) = (2026, 12, 27);
pub const SEMESTER_2_START: (i32, u32, u32) = (2027, 1, 12);
pub const SEMESTER_2_END: (i32, u32, u32) = (2027, 6, 30);
/// The main schedule's fifth pair, after the four of `semester::BELLS`.
pub const FIFTH_PAIR: (&str, &str) = ("15:40", "17:10");
pub const MAIN_BELLS: &str = "Основное расписание звонков";
pub const PART_TIME_BELLS: &str = "Заочное отделение";
const PART_TIME_PAIRS: [(&str, &str); 5] = [
    ("09:00", "10:30"),
    ("10:40", "12:10"),
    ("12:50", "14:20"),
    ("14:30", "16:00"),
    ("16:10", "17:40"),
];

type Ymd = (i32, u32, u32);

/// College-wide holidays and non-working days of the year (the 4th of
/// November is `semester::HOLIDAYS`).
const HOLIDAYS: [(&str, Ymd, Ymd); 8] = [
    ("День народного единства", (2026, 11, 4), (2026, 11, 4)),
    ("Зимние каникулы", (2026, 12, 28), (2027, 1, 11)),
    ("День защитника Отечества", (2027, 2, 23), (2027, 2, 23)),
    ("Международный женский день", (2027, 3, 8), (2027, 3, 8)),
    ("Праздник Весны и Труда", (2027, 5, 1), (2027, 5, 3)),
    ("День Победы", (2027, 5, 9), (2027, 5, 10)),
    ("День России", (2027, 6, 12), (2027, 6, 14)),
    ("Летние каникулы", (2027, 7, 1), (2027, 8, 31)),
];

/// One period of the calendar; `group` is an index into `Plan::groups`.
#[derive(Debug, Clone)]
pub struct PeriodPlan {
    pub kind: PeriodKind,
    /// 1 or 2; 0 for holidays.
    pub semester: i32,
    pub group: Option<usize>,
    pub name: String,
    pub starts: NaiveDate,
    pub ends: NaiveDate,
}

impl PeriodPlan {
    /// As the calendar's checks see it, with the plan's group index as the id.
    pub fn domain(&self, id: i64) -> Period {
        Period {
            id,
            kind: self.kind,
            semester: self.semester,
            group_id: self.group.map(|g| g as i64),
            name: self.name.clone(),
            starts_on: self.starts,
            ends_on: self.ends,
        }
    }
}

/// An item of a curriculum with its hours by semester of study (1–8).
#[derive(Debug, Clone)]
pub struct ItemPlan {
    pub kind: ItemKind,
    pub code: String,
    pub name: String,
    /// Index into `catalog::SUBJECTS`; none for a professional module.
    pub subject: Option<usize>,
    /// Index of the module in the curriculum's items.
    pub parent: Option<usize>,
    pub hours: Vec<(i32, Hours, Option<ControlForm>)>,
}

#[derive(Debug, Clone)]
pub struct CurriculumPlan {
    pub specialty: usize,
    pub form: StudyForm,
    pub intake: i32,
    pub name: String,
    pub items: Vec<ItemPlan>,
}

/// A job's hours in a semester of the year.
#[derive(Debug, Clone)]
pub struct LoadPlan {
    /// 1 or 2: the semester of the year.
    pub semester: i32,
    /// Index into `Year::curricula`, and into its items.
    pub curriculum: usize,
    pub item: usize,
    pub group: usize,
    pub subgroup: Option<usize>,
    pub subject: usize,
    /// Index into `Plan::staff`.
    pub teacher: usize,
    pub hours: i32,
}

/// A pair a teacher cannot take; weekday 0 is Monday, pair 0 the first.
#[derive(Debug, Clone)]
pub struct Unavailable {
    pub teacher: usize,
    pub weekday: usize,
    pub pair: usize,
    pub note: &'static str,
}

pub struct Year {
    pub periods: Vec<PeriodPlan>,
    /// The second semester's lessons: (index into `Timetable::weekly`, date).
    pub lessons: Vec<(usize, NaiveDate)>,
    pub curricula: Vec<CurriculumPlan>,
    pub loads: Vec<LoadPlan>,
    pub unavailable: Vec<Unavailable>,
}

/// The course of a group in 2026/2027 (1 for this year's intake).
fn course(intake: i32) -> i32 {
    YEAR - intake + 1
}

/// The calendar: college-wide semesters, holidays and attestation; practice
/// of the third and fourth courses in the second semester; two or three
/// lab-and-exam sessions of every part-time group.
pub fn periods(plan: &Plan) -> Vec<PeriodPlan> {
    let college = |kind, semester, name: &str, starts: Ymd, ends: Ymd| PeriodPlan {
        kind,
        semester,
        group: None,
        name: name.to_string(),
        starts: date(starts),
        ends: date(ends),
    };
    let mut out = vec![
        college(
            PeriodKind::Semester,
            1,
            "1-й семестр",
            semester::SEMESTER_START,
            SEMESTER_1_END,
        ),
        college(
            PeriodKind::Semester,
            2,
            "2-й семестр",
            SEMESTER_2_START,
            SEMESTER_2_END,
        ),
        college(
            PeriodKind::Attestation,
            1,
            "Промежуточная аттестация за 1-й семестр",
            (2026, 12, 21),
            SEMESTER_1_END,
        ),
        college(
            PeriodKind::Attestation,
            2,
            "Промежуточная аттестация за 2-й семестр",
            (2027, 6, 22),
            SEMESTER_2_END,
        ),
    ];
    for (name, from, to) in HOLIDAYS {
        out.push(college(PeriodKind::Holiday, 0, name, from, to));
    }
    let weeks = |from: NaiveDate, n: i64| (from, from + Duration::days(7 * n - 1));
    let mut part_time = 0;
    for (gi, g) in plan.groups.iter().enumerate() {
        let shift = Duration::days(7 * g.specialty as i64);
        let mut add = |kind, semester, name: String, (starts, ends): (NaiveDate, NaiveDate)| {
            out.push(PeriodPlan {
                kind,
                semester,
                group: Some(gi),
                name,
                starts,
                ends,
            })
        };
        if g.form == StudyForm::FullTime {
            // Four weeks of practice in spring, one specialty after another.
            match course(g.intake) {
                3 => add(
                    PeriodKind::Practice,
                    2,
                    "Производственная практика (по профилю специальности)".into(),
                    weeks(date((2027, 4, 19)) + shift, 4),
                ),
                4 => add(
                    PeriodKind::Practice,
                    2,
                    "Производственная практика (преддипломная)".into(),
                    weeks(
                        date((2027, 5, 17)) + Duration::days(7 * (g.specialty % 2) as i64),
                        4,
                    ),
                ),
                _ => {}
            }
            continue;
        }
        // Part-time groups meet in sessions, two weeks apart from each other.
        let shift = Duration::days(14 * part_time);
        part_time += 1;
        if g.intake == YEAR {
            add(
                PeriodKind::Session,
                1,
                "Установочная сессия".into(),
                (date((2026, 9, 14)), date((2026, 9, 19))),
            );
        }
        let (from, _) = weeks(date((2026, 11, 9)) + shift, 3);
        add(
            PeriodKind::Session,
            1,
            "Зимняя лабораторно-экзаменационная сессия".into(),
            (from, from + Duration::days(18)),
        );
        let (from, _) = weeks(date((2027, 3, 29)) + shift, 3);
        add(
            PeriodKind::Session,
            2,
            "Летняя лабораторно-экзаменационная сессия".into(),
            (from, from + Duration::days(18)),
        );
    }
    out
}

/// Weeks of classes in a semester of study, for the semesters outside this
/// year: 16 in autumn, 23 in spring, 19 in the last (with its practice).
fn nominal_weeks(semester: i32) -> i32 {
    match semester {
        8 => 19,
        s if s % 2 == 1 => 16,
        _ => 23,
    }
}

/// A module's number from its МДК's or practice's code: «МДК.02.01» → 2.
fn module_of(code: &str) -> Option<u32> {
    let (prefix, rest) = code.split_once('.')?;
    if prefix != "МДК" && prefix != "УП" && prefix != "ПП" {
        return None;
    }
    rest.split('.').next()?.parse().ok()
}

fn module_name(specialty: usize, n: u32) -> &'static str {
    match (specialty, n) {
        (0, 1) => "Ведение технологических процессов горных работ",
        (0, 2) => "Эксплуатация электрооборудования горного участка",
        (0, 3) => "Организация деятельности персонала производственного участка",
        (1, 1) => "Определение оптимальных средств и методов анализа природных и промышленных материалов",
        (1, 2) => "Проведение качественных и количественных анализов природных и промышленных материалов",
        (1, 3) => "Организация лабораторно-производственной деятельности",
        (2, 1) => "Осуществление монтажа промышленного оборудования и пусконаладочных работ",
        (2, 2) => "Осуществление технического обслуживания и ремонта промышленного оборудования",
        (2, 3) => "Организация ремонтных, монтажных и наладочных работ по промышленному оборудованию",
        (3, 1) => "Организация простых работ по техническому обслуживанию и ремонту электрического и электромеханического оборудования",
        (3, 3) => "Организация деятельности производственного подразделения",
        _ => "Профессиональный модуль",
    }
}

/// The order of the cycles in a curriculum.
fn cycle_rank(code: &str) -> usize {
    match code.split('.').next().unwrap_or("") {
        "ООД" => 0,
        "СГ" => 1,
        "ОП" => 2,
        _ => 3,
    }
}

/// Classroom hours a group gets in a semester of the year, by subject:
/// (lectures, practical and laboratory work), counted from the lessons.
type Delivered = HashMap<(usize, usize, i32), (i32, i32)>;

fn delivered(weekly: &[Weekly], lessons: &[(usize, NaiveDate, i32)]) -> Delivered {
    let mut pairs: HashSet<(usize, usize, i32, NaiveDate, usize)> = HashSet::new();
    let mut out: Delivered = HashMap::new();
    for &(wi, day, ys) in lessons {
        let w = &weekly[wi];
        // Both subgroups at once are one pair of the group.
        if !pairs.insert((w.group, w.subject, ys, day, w.pair)) {
            continue;
        }
        let e = out.entry((w.group, w.subject, ys)).or_default();
        if w.kind == "lecture" {
            e.0 += 2;
        } else {
            e.1 += 2;
        }
    }
    out
}

/// Lectures and practical hours of a catalog line in a semester outside the
/// year (or of a part-time group): one lecture a week where the group has
/// whole-group pairs, the rest practical.
fn nominal(subject: usize, pairs: usize, lab: usize, weeks: i32) -> (i32, i32) {
    let s = &SUBJECTS[subject];
    let split = if s.by_subgroups { pairs } else { lab };
    let lecture = i32::from(pairs > split && s.room != Need::Gym && s.kind != "practice");
    let total = pairs as i32;
    (2 * lecture * weeks, 2 * (total - lecture) * weeks)
}

/// The control form of an item in its last semester.
fn final_form(kind: ItemKind, subject: usize, specialty: usize, max_pairs: usize) -> ControlForm {
    let s = &SUBJECTS[subject];
    match kind {
        ItemKind::Practice => ControlForm::Credit,
        ItemKind::Mdk => ControlForm::Exam,
        _ if s.room == Need::Gym => ControlForm::DiffCredit,
        _ if s.code.starts_with("ООД") => {
            let profile = if specialty == catalog::CHEMISTRY_SPECIALTY {
                "Химия"
            } else {
                "Физика"
            };
            if ["Русский язык", "Математика", profile].contains(&s.name) {
                ControlForm::Exam
            } else {
                ControlForm::DiffCredit
            }
        }
        _ if max_pairs >= 3 || ["ОП.02", "ОП.03"].contains(&s.code) => ControlForm::Exam,
        _ => ControlForm::DiffCredit,
    }
}

/// The curriculum of a group's specialty, form and intake year over all four
/// courses; this year's semesters of a full-time group carry exactly the
/// hours its lessons give.
fn curriculum_plan(plan: &Plan, gi: usize, given: &Delivered) -> CurriculumPlan {
    let g = &plan.groups[gi];
    let sp = &SPECIALTIES[g.specialty];
    let part_time = g.form != StudyForm::FullTime;
    // (semester, lectures, practical, self-study) by subject, and the most pairs a week.
    type Rows = Vec<(i32, i32, i32, Option<i32>)>;
    let mut by_subject: BTreeMap<usize, (Rows, usize)> = BTreeMap::new();
    for c in 1..=4 {
        for &(name, pairs, lab) in catalog::curriculum(c, g.specialty) {
            let Some(s) = catalog::subject_index(name) else {
                continue;
            };
            let e = by_subject.entry(s).or_default();
            e.1 = e.1.max(pairs);
            for ys in 1..=2 {
                let sem = 2 * c - 2 + ys;
                let weeks = nominal_weeks(sem);
                let (lect, pract) = nominal(s, pairs, lab, weeks);
                let row = if part_time && SUBJECTS[s].kind == "practice" {
                    // Part-time students do their practice in full, at work.
                    (sem, 0, lect + pract, Some(0))
                } else if part_time {
                    // A sixth of the full-time classroom hours in sessions, the rest on one's own.
                    let total = lect + pract;
                    let classroom = (total / 12 * 2).max(2);
                    let l = (classroom / 4 * 2).min(lect);
                    (sem, l, classroom - l, Some(total - classroom))
                } else if c == course(g.intake) {
                    let (l, p) = given.get(&(gi, s, ys)).copied().unwrap_or((lect, pract));
                    (sem, l, p, None)
                } else {
                    (sem, lect, pract, None)
                };
                e.0.push(row);
            }
        }
    }
    // Disciplines by cycle and code, then the modules with their МДК and practice.
    let mut disciplines: Vec<usize> = Vec::new();
    let mut modules: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for &s in by_subject.keys() {
        match module_of(SUBJECTS[s].code) {
            Some(n) if SUBJECTS[s].kind != "discipline" => modules.entry(n).or_default().push(s),
            _ => disciplines.push(s),
        }
    }
    disciplines.sort_by_key(|&s| (cycle_rank(SUBJECTS[s].code), SUBJECTS[s].code));
    let item_of = |s: usize, parent: Option<usize>| -> ItemPlan {
        let subject = &SUBJECTS[s];
        let kind = match subject.kind {
            "mdk" => ItemKind::Mdk,
            "practice" => ItemKind::Practice,
            _ => ItemKind::Discipline,
        };
        let (rows, max_pairs) = &by_subject[&s];
        let last = rows.iter().map(|r| r.0).max().unwrap_or(1);
        let form = final_form(kind, s, g.specialty, *max_pairs);
        // The first МДК of a module has a course work the semester before its exam.
        let course_work = kind == ItemKind::Mdk
            && subject.code.ends_with(".01")
            && rows.iter().any(|r| r.0 == last - 1 && r.2 >= 40);
        let hours = rows
            .iter()
            .map(|&(sem, lectures, practical, own)| {
                let mut h = Hours {
                    lectures,
                    practical,
                    ..Hours::default()
                };
                let control = if sem == last {
                    Some(form)
                } else if course_work && sem == last - 1 {
                    h.practical -= 20;
                    h.course_project = 20;
                    Some(ControlForm::CourseWork)
                } else if subject.room == Need::Gym {
                    Some(ControlForm::Credit)
                } else {
                    Some(ControlForm::Other)
                };
                h.self_study = match own {
                    Some(own) => own,
                    None if kind == ItemKind::Practice => 0,
                    None => h.classroom() * 3 / 10,
                };
                h.consultations = match control {
                    Some(ControlForm::Exam) => 4,
                    Some(ControlForm::CourseWork) => 2,
                    _ => 0,
                };
                (sem, h, control)
            })
            .collect();
        ItemPlan {
            kind,
            code: subject.code.to_string(),
            name: subject.name.to_string(),
            subject: Some(s),
            parent,
            hours,
        }
    };
    let mut items: Vec<ItemPlan> = disciplines.iter().map(|&s| item_of(s, None)).collect();
    for (n, mut subjects) in modules {
        subjects.sort_by_key(|&s| (SUBJECTS[s].kind != "mdk", SUBJECTS[s].code));
        let module = items.len();
        items.push(ItemPlan {
            kind: ItemKind::Module,
            code: format!("ПМ.{n:02}"),
            name: module_name(g.specialty, n).to_string(),
            subject: None,
            parent: None,
            hours: Vec::new(),
        });
        for s in subjects {
            items.push(item_of(s, Some(module)));
        }
        // The qualification exam in the module's last semester.
        let last = items[module + 1..]
            .iter()
            .flat_map(|i| i.hours.iter().map(|h| h.0))
            .max()
            .unwrap_or(1);
        items[module].hours = vec![(last, Hours::default(), Some(ControlForm::QualificationExam))];
    }
    CurriculumPlan {
        specialty: g.specialty,
        form: g.form,
        intake: g.intake,
        name: format!("{} {} {}", sp.code, g.form.title(), g.intake),
        items,
    }
}

/// Builds the year around the plan's first semester; pure and deterministic.
pub fn build(plan: &Plan, sem: &Semester) -> Year {
    let tt = &sem.timetable;
    let periods = periods(plan);
    let calendar: Vec<Period> = periods
        .iter()
        .enumerate()
        .map(|(i, p)| p.domain(i as i64))
        .collect();

    // The second semester: the same week on every teaching day of the group.
    let mut by_weekday: Vec<Vec<usize>> = vec![Vec::new(); DAYS];
    for (i, w) in tt.weekly.iter().enumerate() {
        by_weekday[w.weekday].push(i);
    }
    for list in &mut by_weekday {
        list.sort_by_key(|&i| {
            let w = &tt.weekly[i];
            (w.group, w.pair, w.subgroup)
        });
    }
    let mut lessons = Vec::new();
    let (mut day, end) = (date(SEMESTER_2_START), date(SEMESTER_2_END));
    while day <= end {
        let wd = day.weekday().num_days_from_monday() as usize;
        if wd < DAYS {
            for &i in &by_weekday[wd] {
                if is_teaching_day(&calendar, tt.weekly[i].group as i64, day) {
                    lessons.push((i, day));
                }
            }
        }
        day += Duration::days(1);
    }

    // What each job gives in each semester, and each group by subject.
    let dated: Vec<(usize, NaiveDate, i32)> = sem
        .lessons
        .iter()
        .map(|l| (l.weekly, l.date, 1))
        .chain(lessons.iter().map(|&(i, d)| (i, d, 2)))
        .collect();
    let given = delivered(&tt.weekly, &dated);
    let mut per_weekly: HashMap<(usize, i32), i32> = HashMap::new();
    for &(i, _, ys) in &dated {
        *per_weekly.entry((i, ys)).or_default() += 1;
    }

    // One curriculum a specialty, form and intake year (the demo has a group of each).
    let mut curricula: Vec<CurriculumPlan> = Vec::new();
    let mut keys: HashMap<(usize, &str, i32), usize> = HashMap::new();
    let mut curriculum_of = Vec::with_capacity(plan.groups.len());
    for (gi, g) in plan.groups.iter().enumerate() {
        let c = *keys
            .entry((g.specialty, g.form.code(), g.intake))
            .or_insert_with(|| {
                curricula.push(curriculum_plan(plan, gi, &given));
                curricula.len() - 1
            });
        curriculum_of.push(c);
    }

    // The load: a row for every group or subgroup, subject and semester.
    // (semester, group, subgroup, subject) → (teacher, hours).
    type Job = (i32, usize, Option<usize>, usize);
    let mut jobs: BTreeMap<Job, (usize, i32)> = BTreeMap::new();
    for (i, w) in tt.weekly.iter().enumerate() {
        for ys in 1..=2 {
            let n = per_weekly.get(&(i, ys)).copied().unwrap_or(0);
            let e = jobs
                .entry((ys, w.group, w.subgroup, w.subject))
                .or_insert((w.teacher, 0));
            e.1 += 2 * n;
        }
    }
    let mut loads = Vec::new();
    for ((ys, group, subgroup, subject), (teacher, hours)) in jobs {
        let c = curriculum_of[group];
        let Some(item) = curricula[c]
            .items
            .iter()
            .position(|it| it.subject == Some(subject))
        else {
            continue;
        };
        loads.push(LoadPlan {
            semester: ys,
            curriculum: c,
            item,
            group,
            subgroup,
            subject,
            teacher,
            hours,
        });
    }

    let unavailable = unavailable(plan, &tt.weekly);
    Year {
        periods,
        lessons,
        curricula,
        loads,
        unavailable,
    }
}

/// Three teachers' unavailable pairs, never where they teach: two have a
/// methodical day, one takes refresher courses on the last two pairs of a day.
fn unavailable(plan: &Plan, weekly: &[Weekly]) -> Vec<Unavailable> {
    let busy: HashSet<(usize, usize, usize)> = weekly
        .iter()
        .map(|w| (w.teacher, w.weekday, w.pair))
        .collect();
    let teaching: BTreeSet<usize> = weekly.iter().map(|w| w.teacher).collect();
    let free = |t: usize, d: usize, pairs: std::ops::Range<usize>| {
        pairs.into_iter().all(|p| !busy.contains(&(t, d, p)))
    };
    // Not the logins the tests and the README lead people to.
    let candidates: Vec<usize> = teaching
        .iter()
        .copied()
        .filter(|&t| {
            plan.staff[t].role == Role::Teacher
                && !["teacher1", "teacher2", "curator1"].contains(&plan.staff[t].login.as_str())
        })
        .collect();
    let mut out = Vec::new();
    let mut chosen = Vec::new();
    for &t in candidates.iter().rev() {
        if chosen.len() == 2 {
            break;
        }
        if let Some(d) = (0..DAYS).rev().find(|&d| free(t, d, 0..PAIRS)) {
            chosen.push(t);
            for pair in 0..=PAIRS {
                out.push(Unavailable {
                    teacher: t,
                    weekday: d,
                    pair,
                    note: "Методический день",
                });
            }
        }
    }
    for &t in &candidates {
        if chosen.contains(&t) {
            continue;
        }
        if let Some(d) = (0..DAYS).find(|&d| free(t, d, 2..PAIRS)) {
            for pair in 2..=PAIRS {
                out.push(Unavailable {
                    teacher: t,
                    weekday: d,
                    pair,
                    note: "Курсы повышения квалификации",
                });
            }
            break;
        }
    }
    out
}

/// Database ids the year needs beyond the semester's.
pub struct Ids<'a> {
    pub semester: &'a semester::Ids<'a>,
    /// By `catalog::SUBJECTS` index.
    pub subjects: &'a [i64],
    /// By `plan::SPECIALTIES` index.
    pub specialties: &'a [i64],
}

/// What was written, for the summary.
pub struct Written {
    pub periods: usize,
    pub curricula: usize,
    pub loads: usize,
    pub slots: usize,
    pub lessons: usize,
}

fn missing(what: &str) -> Error {
    Error::Internal(format!("demo: {what} not found after insert"))
}

fn get(v: &[i64], i: usize, what: &str) -> Result<i64> {
    v.get(i).copied().ok_or_else(|| missing(what))
}

fn subgroup_id(ids: &semester::Ids<'_>, group: usize, k: Option<usize>) -> Result<Option<i64>> {
    match k {
        Some(k) => ids
            .subgroups
            .get(group)
            .and_then(|s| s.get(k))
            .copied()
            .map(Some)
            .ok_or_else(|| missing("subgroup")),
        None => Ok(None),
    }
}

/// Writes the year into the college the demo has just created, after the
/// first semester.
pub async fn write(
    db: &impl ConnectionTrait,
    college: i64,
    plan: &Plan,
    sem: &Semester,
    year: &Year,
    ids: &Ids<'_>,
) -> Result<Written> {
    let base = ids.semester;
    let tt = &sem.timetable;

    // The year, opened by the administrator on the last day of August.
    let admin = plan
        .staff
        .iter()
        .position(|s| s.login == "admin")
        .and_then(|i| base.staff_accounts.get(i).copied());
    school_year::Entity::insert(school_year::ActiveModel {
        org_id: Set(college),
        year: Set(YEAR),
        opened_at: Set(Utc.with_ymd_and_hms(2026, 8, 31, 5, 0, 0).single()),
        opened_by: Set(admin),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;

    // The calendar.
    let rows = year
        .periods
        .iter()
        .map(|p| {
            Ok(calendar_period::ActiveModel {
                org_id: Set(college),
                school_year: Set(YEAR),
                kind: Set(p.kind.code().to_string()),
                semester: Set(p.semester),
                group_id: Set(match p.group {
                    Some(g) => Some(get(base.groups, g, "group")?),
                    None => None,
                }),
                name: Set(p.name.clone()),
                starts_on: Set(p.starts),
                ends_on: Set(p.ends),
                ..Default::default()
            })
        })
        .collect::<Result<Vec<_>>>()?;
    super::insert_chunked(db, rows).await?;

    // Bell schedules: the main one for full-time groups, another for part-time.
    let main: Vec<(&str, &str)> = BELLS.iter().copied().chain([FIFTH_PAIR]).collect();
    let schedules: [(&str, &[(&str, &str)]); 2] =
        [(MAIN_BELLS, &main), (PART_TIME_BELLS, &PART_TIME_PAIRS)];
    bell_schedule::Entity::insert_many(schedules.iter().map(|(name, _)| {
        bell_schedule::ActiveModel {
            org_id: Set(college),
            name: Set(name.to_string()),
            ..Default::default()
        }
    }))
    .exec_without_returning(db)
    .await?;
    let schedule_id: HashMap<String, i64> = bell_schedule::Entity::find()
        .select_only()
        .column(bell_schedule::Column::Name)
        .column(bell_schedule::Column::Id)
        .filter(bell_schedule::Column::OrgId.eq(college))
        .into_tuple::<(String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let schedule = |name: &str| {
        schedule_id
            .get(name)
            .copied()
            .ok_or_else(|| missing("bell schedule"))
    };
    let mut rows = Vec::new();
    for (name, pairs) in schedules {
        let id = schedule(name)?;
        for (k, (starts, ends)) in pairs.iter().enumerate() {
            rows.push(bell_pair::ActiveModel {
                org_id: Set(college),
                schedule_id: Set(id),
                pair_no: Set(k as i32 + 1),
                starts_at: Set(starts.to_string()),
                ends_at: Set(ends.to_string()),
                ..Default::default()
            });
        }
    }
    super::insert_chunked(db, rows).await?;
    let mut rows = Vec::new();
    for (gi, g) in plan.groups.iter().enumerate() {
        let name = if g.form == StudyForm::FullTime {
            MAIN_BELLS
        } else {
            PART_TIME_BELLS
        };
        rows.push(bell_assignment::ActiveModel {
            org_id: Set(college),
            school_year: Set(YEAR),
            schedule_id: Set(schedule(name)?),
            group_id: Set(Some(get(base.groups, gi, "group")?)),
            student_person_id: Set(None),
            ..Default::default()
        });
    }
    super::insert_chunked(db, rows).await?;

    // Curricula, their items (modules before what they hold) and hours.
    let rows = year
        .curricula
        .iter()
        .map(|c| {
            Ok(curriculum::ActiveModel {
                org_id: Set(college),
                specialty_id: Set(get(ids.specialties, c.specialty, "specialty")?),
                study_form: Set(c.form.code().to_string()),
                intake_year: Set(c.intake),
                name: Set(c.name.clone()),
                student_person_id: Set(None),
                ..Default::default()
            })
        })
        .collect::<Result<Vec<_>>>()?;
    super::insert_chunked(db, rows).await?;
    let curriculum_id: HashMap<String, i64> = curriculum::Entity::find()
        .select_only()
        .column(curriculum::Column::Name)
        .column(curriculum::Column::Id)
        .filter(curriculum::Column::OrgId.eq(college))
        .into_tuple::<(String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let curriculum_ids: Vec<i64> = year
        .curricula
        .iter()
        .map(|c| {
            curriculum_id
                .get(&c.name)
                .copied()
                .ok_or_else(|| missing("curriculum"))
        })
        .collect::<Result<_>>()?;
    let item_ids = |db_rows: Vec<(i64, String, i64)>| -> HashMap<(i64, String), i64> {
        db_rows
            .into_iter()
            .map(|(c, code, id)| ((c, code), id))
            .collect()
    };
    let fetch_items = || {
        curriculum_item::Entity::find()
            .select_only()
            .column(curriculum_item::Column::CurriculumId)
            .column(curriculum_item::Column::Code)
            .column(curriculum_item::Column::Id)
            .filter(curriculum_item::Column::OrgId.eq(college))
            .into_tuple::<(i64, String, i64)>()
    };
    let mut item_id: HashMap<(i64, String), i64> = HashMap::new();
    for top in [true, false] {
        let mut rows = Vec::new();
        for (c, cid) in year.curricula.iter().zip(&curriculum_ids) {
            for (position, it) in c.items.iter().enumerate() {
                if it.parent.is_none() != top {
                    continue;
                }
                let parent = match it.parent {
                    Some(p) => Some(
                        item_id
                            .get(&(*cid, c.items[p].code.clone()))
                            .copied()
                            .ok_or_else(|| missing("module"))?,
                    ),
                    None => None,
                };
                rows.push(curriculum_item::ActiveModel {
                    org_id: Set(college),
                    curriculum_id: Set(*cid),
                    parent_id: Set(parent),
                    kind: Set(it.kind.code().to_string()),
                    code: Set(it.code.clone()),
                    name: Set(it.name.clone()),
                    subject_id: Set(match it.subject {
                        Some(s) => Some(get(ids.subjects, s, "subject")?),
                        None => None,
                    }),
                    position: Set(position as i32 + 1),
                    ..Default::default()
                });
            }
        }
        super::insert_chunked(db, rows).await?;
        item_id = item_ids(fetch_items().all(db).await?);
    }
    let item_of = |c: usize, item: usize| -> Result<i64> {
        let cid = get(&curriculum_ids, c, "curriculum")?;
        let code = &year.curricula[c].items[item].code;
        item_id
            .get(&(cid, code.clone()))
            .copied()
            .ok_or_else(|| missing("curriculum item"))
    };
    let mut rows = Vec::new();
    for (ci, c) in year.curricula.iter().enumerate() {
        for (k, it) in c.items.iter().enumerate() {
            let id = item_of(ci, k)?;
            for (semester, h, form) in &it.hours {
                rows.push(curriculum_hours::ActiveModel {
                    org_id: Set(college),
                    item_id: Set(id),
                    semester: Set(*semester),
                    lectures: Set(h.lectures),
                    practical: Set(h.practical),
                    self_study: Set(h.self_study),
                    consultations: Set(h.consultations),
                    course_project: Set(h.course_project),
                    control_form: Set(form.map(|f| f.code().to_string())),
                    ..Default::default()
                });
            }
        }
    }
    super::insert_chunked(db, rows).await?;

    // The teaching load.
    let rows = year
        .loads
        .iter()
        .map(|l| {
            let subgroup = subgroup_id(base, l.group, l.subgroup)?;
            Ok(teaching_load::ActiveModel {
                org_id: Set(college),
                school_year: Set(YEAR),
                semester: Set(l.semester),
                item_id: Set(item_of(l.curriculum, l.item)?),
                group_id: Set(get(base.groups, l.group, "group")?),
                subgroup_id: Set(subgroup),
                part: Set(subgroup.unwrap_or(0)),
                subject_id: Set(get(ids.subjects, l.subject, "subject")?),
                teacher_person_id: Set(get(base.staff_persons, l.teacher, "teacher")?),
                hours: Set(l.hours),
                ..Default::default()
            })
        })
        .collect::<Result<Vec<_>>>()?;
    super::insert_chunked(db, rows).await?;

    // The weekly timetable of both semesters.
    let mut rows = Vec::new();
    for ys in 1..=2 {
        for w in &tt.weekly {
            rows.push(timetable_slot::ActiveModel {
                org_id: Set(college),
                school_year: Set(YEAR),
                semester: Set(ys),
                group_id: Set(get(base.groups, w.group, "group")?),
                subgroup_id: Set(subgroup_id(base, w.group, w.subgroup)?),
                weekday: Set(w.weekday as i32 + 1),
                pair_no: Set(w.pair as i32 + 1),
                week_type: Set(0),
                subject_id: Set(get(ids.subjects, w.subject, "subject")?),
                teacher_person_id: Set(get(base.staff_persons, w.teacher, "teacher")?),
                room_id: Set(Some(get(base.rooms, w.room, "room")?)),
                ..Default::default()
            });
        }
    }
    let slots = rows.len();
    super::insert_chunked(db, rows).await?;

    let rows = year
        .unavailable
        .iter()
        .map(|u| {
            Ok(teacher_unavailability::ActiveModel {
                org_id: Set(college),
                teacher_person_id: Set(get(base.staff_persons, u.teacher, "teacher")?),
                weekday: Set(u.weekday as i32 + 1),
                pair_no: Set(u.pair as i32 + 1),
                note: Set(u.note.to_string()),
                ..Default::default()
            })
        })
        .collect::<Result<Vec<_>>>()?;
    super::insert_chunked(db, rows).await?;

    // The second semester's lessons: the future, nothing recorded.
    let rows = year
        .lessons
        .iter()
        .map(|&(i, day)| {
            let w = &tt.weekly[i];
            let (starts, ends) = BELLS[w.pair.min(BELLS.len() - 1)];
            Ok(NewLesson {
                group_id: get(base.groups, w.group, "group")?,
                subgroup_id: subgroup_id(base, w.group, w.subgroup)?,
                subject_id: get(ids.subjects, w.subject, "subject")?,
                teacher_person_id: get(base.staff_persons, w.teacher, "teacher")?,
                room_id: Some(get(base.rooms, w.room, "room")?),
                date: day,
                pair_no: w.pair as i32 + 1,
                starts_at: starts.to_string(),
                ends_at: ends.to_string(),
                kind: w.kind.to_string(),
            }
            .active_model(college))
        })
        .collect::<Result<Vec<_>>>()?;
    super::insert_chunked(db, rows).await?;

    Ok(Written {
        periods: year.periods.len(),
        curricula: year.curricula.len(),
        loads: year.loads.len(),
        slots,
        lessons: year.lessons.len(),
    })
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap, HashSet};

    use chrono::{Datelike, NaiveDate};
    use domain::calendar::{check_period, is_teaching_day, Period, PeriodKind};
    use domain::curriculum::{ControlForm, ItemKind};
    use domain::reference::StudyForm;
    use sea_orm::{ConnectionTrait, EntityTrait, Statement};
    use store::entity::{
        bell_assignment, bell_pair, calendar_period, curriculum, curriculum_hours, curriculum_item,
        lesson, school_year, study_group, teacher_unavailability, teaching_load, timetable_slot,
    };

    use super::*;
    use crate::demo::plan;
    use crate::App;

    struct Built {
        plan: Plan,
        sem: Semester,
        year: Year,
    }

    fn built() -> Built {
        let seed = crate::demo::DEFAULT_SEED;
        let plan = plan::build(seed);
        let until = semester::filled_until(crate::demo::TESTS_LOAD_ON);
        let sem = semester::build(&plan, seed, until);
        let year = build(&plan, &sem);
        Built { plan, sem, year }
    }

    /// Every lesson of the year: (index into the weekly pattern, date, semester of the year).
    fn dated(b: &Built) -> Vec<(usize, NaiveDate, i32)> {
        b.sem
            .lessons
            .iter()
            .map(|l| (l.weekly, l.date, 1))
            .chain(b.year.lessons.iter().map(|&(i, d)| (i, d, 2)))
            .collect()
    }

    fn calendar(b: &Built) -> Vec<Period> {
        b.year
            .periods
            .iter()
            .enumerate()
            .map(|(i, p)| p.domain(i as i64))
            .collect()
    }

    #[test]
    fn the_calendar_checks_and_the_lessons_keep_to_it() {
        let b = built();
        let periods = calendar(&b);
        for p in &periods {
            assert_eq!(check_period(YEAR, p, &periods), None, "{}", p.name);
        }
        let (first, second) = (date(semester::SEMESTER_START), date(SEMESTER_2_START));
        for h in semester::HOLIDAYS {
            assert!(periods
                .iter()
                .any(|p| p.kind == PeriodKind::Holiday && p.contains(date(h))));
        }
        // Practice only for the senior full-time groups in spring, sessions for part-time ones.
        for p in &b.year.periods {
            let g = p.group.map(|g| &b.plan.groups[g]);
            match p.kind {
                PeriodKind::Practice => {
                    let g = g.expect("a group's practice");
                    assert_eq!(g.form, StudyForm::FullTime);
                    assert!(course(g.intake) >= 3);
                    assert!(p.starts >= second && p.semester == 2);
                }
                PeriodKind::Session => {
                    assert_ne!(g.expect("a group's session").form, StudyForm::FullTime);
                }
                _ => assert!(g.is_none()),
            }
        }
        let practice = b
            .year
            .periods
            .iter()
            .filter(|p| p.kind == PeriodKind::Practice)
            .count();
        assert_eq!(practice, 8);
        // Every lesson of both semesters falls on a teaching day of its group...
        let tt = &b.sem.timetable;
        for (i, d, ys) in dated(&b) {
            let g = tt.weekly[i].group as i64;
            assert!(is_teaching_day(&periods, g, d), "{d}");
            assert_eq!(domain::calendar::semester_of(&periods, g, d), Some(ys));
        }
        // ...and every teaching day of the second semester has the group's lessons.
        let mut days: HashMap<usize, HashSet<NaiveDate>> = HashMap::new();
        for &(i, d) in &b.year.lessons {
            days.entry(tt.weekly[i].group).or_default().insert(d);
        }
        for c in &tt.classes {
            let mut d = second;
            let mut n = 0;
            while d <= date(SEMESTER_2_END) {
                let weekday = d.weekday().num_days_from_monday() < 5;
                let teaching = weekday && is_teaching_day(&periods, c.group as i64, d);
                assert_eq!(days[&c.group].contains(&d), teaching, "{d}");
                n += usize::from(teaching);
                d += Duration::days(1);
            }
            let course = course(b.plan.groups[c.group].intake);
            let want = if course >= 3 { 95..=105 } else { 115..=120 };
            assert!(want.contains(&n), "{n} days in course {course}");
        }
        assert!(first < second);
    }

    #[test]
    fn nobody_and_nothing_twice_in_a_pair_all_year() {
        let b = built();
        let tt = &b.sem.timetable;
        let mut teachers = HashSet::new();
        let mut rooms = HashSet::new();
        let mut groups: HashMap<(usize, NaiveDate, usize), Vec<Option<usize>>> = HashMap::new();
        for (i, d, _) in dated(&b) {
            let w = &tt.weekly[i];
            assert!(teachers.insert((w.teacher, d, w.pair)), "teacher {d}");
            assert!(rooms.insert((w.room, d, w.pair)), "room {d}");
            groups
                .entry((w.group, d, w.pair))
                .or_default()
                .push(w.subgroup);
        }
        // The whole group alone, or one or both subgroups.
        for (k, subs) in &groups {
            let ok = subs.len() == 1
                || (subs.len() == 2
                    && subs[0].is_some()
                    && subs[1].is_some()
                    && subs[0] != subs[1]);
            assert!(ok, "{k:?}: {subs:?}");
        }
        assert!(b.year.lessons.len() > 6000, "{}", b.year.lessons.len());
    }

    #[test]
    fn the_load_is_what_the_lessons_give() {
        let b = built();
        let tt = &b.sem.timetable;
        let mut given: HashMap<(i32, usize, Option<usize>, usize), i32> = HashMap::new();
        let mut teacher: HashMap<(usize, Option<usize>, usize), HashSet<usize>> = HashMap::new();
        for (i, _, ys) in dated(&b) {
            let w = &tt.weekly[i];
            *given
                .entry((ys, w.group, w.subgroup, w.subject))
                .or_default() += 2;
            teacher
                .entry((w.group, w.subgroup, w.subject))
                .or_default()
                .insert(w.teacher);
        }
        assert!(teacher.values().all(|t| t.len() == 1), "one teacher a job");
        assert_eq!(b.year.loads.len(), given.len());
        let mut keys = HashSet::new();
        for l in &b.year.loads {
            let key = (l.semester, l.group, l.subgroup, l.subject);
            assert!(keys.insert(key), "one row a job");
            assert!((l.hours - given[&key]).abs() <= 2, "{key:?}");
            assert!(teacher[&(l.group, l.subgroup, l.subject)].contains(&l.teacher));
            let item = &b.year.curricula[l.curriculum].items[l.item];
            assert_eq!(item.subject, Some(l.subject));
            assert!(matches!(
                item.kind,
                ItemKind::Discipline | ItemKind::Mdk | ItemKind::Practice
            ));
        }
        // A semester of the year has 16–24 weeks of a pair a week at most.
        assert!(b
            .year
            .loads
            .iter()
            .all(|l| (20..=48 * 5).contains(&l.hours)));
    }

    #[test]
    fn curricula_give_every_subject_its_hours_and_control() {
        let b = built();
        let tt = &b.sem.timetable;
        assert_eq!(b.year.curricula.len(), b.plan.groups.len());
        // Classroom hours a group gets by subject and semester of the year.
        let mut pairs: HashMap<(usize, usize, i32), HashSet<(NaiveDate, usize)>> = HashMap::new();
        for (i, d, ys) in dated(&b) {
            let w = &tt.weekly[i];
            pairs
                .entry((w.group, w.subject, ys))
                .or_default()
                .insert((d, w.pair));
        }
        for (gi, g) in b.plan.groups.iter().enumerate() {
            let c = b
                .year
                .curricula
                .iter()
                .find(|c| c.specialty == g.specialty && c.form == g.form && c.intake == g.intake)
                .expect("the group's curriculum");
            assert!(c.name.starts_with(SPECIALTIES[g.specialty].code));
            let codes: HashSet<&str> = c.items.iter().map(|i| i.code.as_str()).collect();
            assert_eq!(codes.len(), c.items.len(), "{}: codes are unique", c.name);
            for it in &c.items {
                let last = it.hours.iter().map(|h| h.0).max().expect("hours");
                assert!((1..=8).contains(&last));
                let form = it.hours.iter().find(|h| h.0 == last).and_then(|h| h.2);
                match it.kind {
                    ItemKind::Module => {
                        assert_eq!(form, Some(ControlForm::QualificationExam));
                        assert!(it.code.starts_with("ПМ."));
                    }
                    ItemKind::Mdk | ItemKind::Practice => {
                        let parent = it.parent.expect("in a module");
                        assert_eq!(c.items[parent].kind, ItemKind::Module);
                        assert!(form.is_some());
                    }
                    ItemKind::Discipline => {
                        assert!(it.parent.is_none());
                        assert!(matches!(
                            form,
                            Some(ControlForm::Exam | ControlForm::DiffCredit)
                        ));
                    }
                }
                for (_, h, _) in &it.hours {
                    assert!(h.lectures >= 0 && h.practical >= 0 && h.self_study >= 0);
                }
            }
            if g.form != StudyForm::FullTime {
                continue;
            }
            // This year's semesters hold exactly what the timetable gives.
            let k = course(g.intake);
            let weekly: HashSet<usize> = tt
                .weekly
                .iter()
                .filter(|w| w.group == gi)
                .map(|w| w.subject)
                .collect();
            for s in weekly {
                let it = c
                    .items
                    .iter()
                    .find(|i| i.subject == Some(s))
                    .expect("an item for every subject taught");
                for ys in 1..=2 {
                    let sem = 2 * k - 2 + ys;
                    let h = it
                        .hours
                        .iter()
                        .find(|h| h.0 == sem)
                        .map(|h| h.1)
                        .expect("hours this semester");
                    let want = 2 * pairs[&(gi, s, ys)].len() as i32;
                    assert_eq!(h.classroom(), want, "{} {} sem {sem}", c.name, it.code);
                }
            }
        }
        let forms: HashSet<ControlForm> = b
            .year
            .curricula
            .iter()
            .flat_map(|c| c.items.iter())
            .flat_map(|i| i.hours.iter().filter_map(|h| h.2))
            .collect();
        for f in [
            ControlForm::Exam,
            ControlForm::DiffCredit,
            ControlForm::Credit,
            ControlForm::CourseWork,
            ControlForm::QualificationExam,
        ] {
            assert!(forms.contains(&f), "{f:?}");
        }
    }

    #[test]
    fn unavailability_never_contradicts_the_week_and_the_year_is_deterministic() {
        let b = built();
        let tt = &b.sem.timetable;
        let busy: HashSet<(usize, usize, usize)> = tt
            .weekly
            .iter()
            .map(|w| (w.teacher, w.weekday, w.pair))
            .collect();
        let teachers: HashSet<usize> = b.year.unavailable.iter().map(|u| u.teacher).collect();
        assert_eq!(teachers.len(), 3);
        for u in &b.year.unavailable {
            assert!(!busy.contains(&(u.teacher, u.weekday, u.pair)));
        }
        let again = build(&b.plan, &b.sem);
        assert_eq!(again.lessons, b.year.lessons);
        let key = |y: &Year| -> Vec<(i32, usize, Option<usize>, usize, usize, i32)> {
            y.loads
                .iter()
                .map(|l| {
                    (
                        l.semester, l.group, l.subgroup, l.subject, l.teacher, l.hours,
                    )
                })
                .collect()
        };
        assert_eq!(key(&again), key(&b.year));
    }

    async fn count(app: &App, sql: &str) -> i64 {
        let row = app
            .db
            .query_one(Statement::from_string(
                app.db.get_database_backend(),
                sql.to_string(),
            ))
            .await
            .expect("query")
            .expect("row");
        row.try_get_by_index::<i64>(0).expect("number")
    }

    #[tokio::test]
    async fn a_loaded_year_is_consistent() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("y.db").display());
        let db = store::db::connect(&url).await.expect("connect");
        store::migration::run(&db).await.expect("migrate");
        let app = App::new(db, crate::demo::tests_clock());
        let started = std::time::Instant::now();
        let summary = crate::demo::load(&app, crate::demo::DEFAULT_SEED)
            .await
            .expect("load");
        eprintln!(
            "demo load: {:?}; {} + {} lessons, {} load rows, {} slots",
            started.elapsed(),
            summary.lessons,
            summary.second_semester_lessons,
            summary.load_rows,
            summary.timetable_slots
        );
        let db = &app.db;
        let years = school_year::Entity::find().all(db).await.expect("years");
        assert_eq!(years.len(), 1);
        assert_eq!(years[0].year, YEAR);
        assert!(years[0].opened_at.is_some() && years[0].opened_by.is_some());

        for sql in [
            // Nobody and nothing twice in a pair, the whole year.
            "SELECT COUNT(*) FROM (SELECT teacher_person_id, date, pair_no FROM lessons GROUP BY 1, 2, 3 HAVING COUNT(*) > 1) x",
            "SELECT COUNT(*) FROM (SELECT room_id, date, pair_no FROM lessons GROUP BY 1, 2, 3 HAVING COUNT(*) > 1) x",
            "SELECT COUNT(*) FROM (SELECT group_id, date, pair_no FROM lessons GROUP BY 1, 2, 3 \
             HAVING NOT (COUNT(*) = 1 OR (COUNT(*) = 2 AND COUNT(DISTINCT subgroup_id) = 2))) x",
            "SELECT COUNT(*) FROM timetable_slots s1 JOIN timetable_slots s2 ON s1.id < s2.id AND s1.semester = s2.semester \
             AND s1.weekday = s2.weekday AND s1.pair_no = s2.pair_no \
             AND (s1.teacher_person_id = s2.teacher_person_id OR s1.room_id = s2.room_id)",
            // The load is what the lessons give, within a pair.
            "SELECT COUNT(*) FROM teaching_loads t WHERE ABS(t.hours - 2 * (SELECT COUNT(*) FROM lessons l \
             WHERE l.group_id = t.group_id AND COALESCE(l.subgroup_id, 0) = t.part AND l.subject_id = t.subject_id \
             AND l.teacher_person_id = t.teacher_person_id \
             AND ((t.semester = 1 AND l.date < '2027-01-01') OR (t.semester = 2 AND l.date > '2027-01-01')))) > 2",
            "SELECT COUNT(*) FROM lessons l WHERE NOT EXISTS (SELECT 1 FROM teaching_loads t WHERE t.group_id = l.group_id \
             AND t.part = COALESCE(l.subgroup_id, 0) AND t.subject_id = l.subject_id AND t.teacher_person_id = l.teacher_person_id)",
            "SELECT COUNT(*) FROM teaching_loads t JOIN curriculum_items i ON i.id = t.item_id \
             JOIN curricula c ON c.id = i.curriculum_id JOIN study_groups g ON g.id = t.group_id \
             WHERE i.subject_id <> t.subject_id OR c.specialty_id <> g.specialty_id OR c.intake_year <> g.intake_year \
             OR c.study_form <> g.study_form OR (t.subgroup_id IS NULL) <> (t.part = 0)",
            // Every lesson has a weekly slot of its semester; every group a bell schedule.
            "SELECT COUNT(*) FROM lessons l WHERE NOT EXISTS (SELECT 1 FROM timetable_slots s WHERE s.group_id = l.group_id \
             AND COALESCE(s.subgroup_id, 0) = COALESCE(l.subgroup_id, 0) AND s.pair_no = l.pair_no \
             AND s.subject_id = l.subject_id AND s.teacher_person_id = l.teacher_person_id AND s.room_id = l.room_id \
             AND s.semester = CASE WHEN l.date < '2027-01-01' THEN 1 ELSE 2 END)",
            "SELECT COUNT(*) FROM study_groups g WHERE NOT EXISTS (SELECT 1 FROM bell_assignments b WHERE b.group_id = g.id AND b.school_year = 2026)",
            "SELECT COUNT(*) FROM lessons l JOIN bell_assignments b ON b.group_id = l.group_id \
             JOIN bell_pairs p ON p.schedule_id = b.schedule_id AND p.pair_no = l.pair_no \
             WHERE p.starts_at <> l.starts_at OR p.ends_at <> l.ends_at",
            // The second semester is the future: nothing recorded.
            "SELECT COUNT(*) FROM lessons WHERE date > '2027-01-01' AND (topic <> '' OR homework <> '' OR cancelled OR changed)",
            "SELECT COUNT(*) FROM journal_entries e JOIN lessons l ON l.id = e.lesson_id WHERE l.date > '2027-01-01'",
            // Unavailable pairs are free in the pattern.
            "SELECT COUNT(*) FROM teacher_unavailability u JOIN timetable_slots s ON s.teacher_person_id = u.teacher_person_id \
             AND s.weekday = u.weekday AND s.pair_no = u.pair_no",
            // Modules hold МДК and practice; МДК and practice sit in modules.
            "SELECT COUNT(*) FROM curriculum_items i LEFT JOIN curriculum_items p ON p.id = i.parent_id \
             WHERE (i.kind IN ('mdk', 'practice')) <> (p.kind = 'module' AND p.curriculum_id = i.curriculum_id)",
        ] {
            assert_eq!(count(&app, sql).await, 0, "{sql}");
        }

        // The calendar as written passes the calendar's checks, and the lessons keep to it.
        let periods: Vec<Period> = calendar_period::Entity::find()
            .all(db)
            .await
            .expect("periods")
            .into_iter()
            .map(|p| Period {
                id: p.id,
                kind: PeriodKind::from_code(&p.kind).expect("a kind"),
                semester: p.semester,
                group_id: p.group_id,
                name: p.name,
                starts_on: p.starts_on,
                ends_on: p.ends_on,
            })
            .collect();
        assert_eq!(periods.len(), summary.periods);
        for p in &periods {
            assert_eq!(check_period(YEAR, p, &periods), None, "{}", p.name);
        }
        let lessons = lesson::Entity::find().all(db).await.expect("lessons");
        assert_eq!(
            lessons.len(),
            summary.lessons + summary.second_semester_lessons
        );
        let mut pairs: HashMap<(i64, i64, i32), HashSet<(NaiveDate, i32)>> = HashMap::new();
        for l in &lessons {
            assert!(is_teaching_day(&periods, l.group_id, l.date), "{}", l.date);
            let ys = domain::calendar::semester_of(&periods, l.group_id, l.date).expect("semester");
            pairs
                .entry((l.group_id, l.subject_id, ys))
                .or_default()
                .insert((l.date, l.pair_no));
        }

        // A full-time group's curriculum holds this year what its lessons give.
        let groups = study_group::Entity::find().all(db).await.expect("groups");
        let curricula = curriculum::Entity::find().all(db).await.expect("curricula");
        assert_eq!(curricula.len(), summary.curricula);
        assert_eq!(curricula.len(), groups.len());
        let items = curriculum_item::Entity::find()
            .all(db)
            .await
            .expect("items");
        let hours = curriculum_hours::Entity::find()
            .all(db)
            .await
            .expect("hours");
        let mut classroom: BTreeMap<(i64, i32), i32> = BTreeMap::new();
        for h in &hours {
            *classroom.entry((h.item_id, h.semester)).or_default() +=
                h.lectures + h.practical + h.course_project;
        }
        let mut checked = 0;
        for g in groups.iter().filter(|g| g.study_form == "full_time") {
            let c = curricula
                .iter()
                .find(|c| {
                    c.specialty_id == g.specialty_id
                        && c.intake_year == g.intake_year
                        && c.study_form == g.study_form
                })
                .expect("a curriculum");
            let k = course(g.intake_year);
            for ((group, subject, ys), set) in &pairs {
                if *group != g.id {
                    continue;
                }
                let item = items
                    .iter()
                    .find(|i| i.curriculum_id == c.id && i.subject_id == Some(*subject))
                    .expect("an item");
                let got = classroom.get(&(item.id, 2 * k - 2 + ys)).copied();
                assert_eq!(got, Some(2 * set.len() as i32), "{} {}", c.name, item.code);
                checked += 1;
            }
        }
        assert!(checked > 200, "{checked}");

        // The rest is there: load, slots, pairs of both schedules, unavailability.
        let loads = teaching_load::Entity::find().all(db).await.expect("loads");
        assert_eq!(loads.len(), summary.load_rows);
        assert!(loads.iter().all(|l| (1..=2).contains(&l.semester)));
        let slots = timetable_slot::Entity::find().all(db).await.expect("slots");
        assert_eq!(slots.len(), summary.timetable_slots);
        assert!(slots.iter().all(|s| (1..=5).contains(&s.weekday)
            && (1..=4).contains(&s.pair_no)
            && s.week_type == 0));
        assert_eq!(
            bell_pair::Entity::find()
                .all(db)
                .await
                .expect("pairs")
                .len(),
            10
        );
        assert_eq!(
            bell_assignment::Entity::find()
                .all(db)
                .await
                .expect("bells")
                .len(),
            groups.len()
        );
        let unavailable = teacher_unavailability::Entity::find()
            .all(db)
            .await
            .expect("unavailability");
        assert!((5..=20).contains(&unavailable.len()));
        assert!(
            count(
                &app,
                "SELECT COUNT(*) FROM curriculum_hours WHERE control_form = 'qualification_exam'"
            )
            .await
                >= 16
        );
    }
}
