//! The demo's first semester: the weekly timetable turned into dated lessons
//! (every weekday from 01.09 to 26.12.2026 but the 4th of November), and for
//! lessons up to the day before the demo is loaded (20.11.2026 in the tests) topics, homework, marks and absences with their
//! history. Lessons after that day are left for a teacher to fill in.
//! Built in memory from the plan and the seed, then written in bulk.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use domain::journal::{attendance_record, AbsenceReason, Attendance, MarkValue};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use store::entity::{journal_change, journal_entry, lesson, mark, subject};
use store::lessons::NewLesson;

use super::catalog::{Dept, Need, Subject, SUBJECTS};
use super::plan::{ymd, Plan, Rng};
use super::timetable::{self, Timetable, Weekly};
use crate::{Error, Result};

pub const SEMESTER_START: (i32, u32, u32) = (2026, 9, 1);
pub const SEMESTER_END: (i32, u32, u32) = (2026, 12, 26);
pub const HOLIDAYS: [(i32, u32, u32); 1] = [(2026, 11, 4)];

pub const BELLS: [(&str, &str); 4] = [
    ("08:30", "10:00"),
    ("10:10", "11:40"),
    ("12:20", "13:50"),
    ("14:00", "15:30"),
];

const CHUNK: usize = 400;

pub fn date(t: (i32, u32, u32)) -> NaiveDate {
    ymd(t.0, t.1, t.2)
}

/// The last day whose lessons carry topics, marks and absences when the demo
/// is loaded on `today`: the day before, within the semester.
pub fn filled_until(today: NaiveDate) -> NaiveDate {
    let before_start = date(SEMESTER_START) - chrono::Duration::days(1);
    (today - chrono::Duration::days(1)).clamp(before_start, date(SEMESTER_END))
}

/// The school days of the semester, in order.
pub fn school_days() -> Vec<NaiveDate> {
    let (start, end) = (date(SEMESTER_START), date(SEMESTER_END));
    let holidays: Vec<NaiveDate> = HOLIDAYS.iter().map(|h| date(*h)).collect();
    let mut days = Vec::new();
    let mut day = start;
    while day <= end {
        if day.weekday().num_days_from_monday() < 5 && !holidays.contains(&day) {
            days.push(day);
        }
        day += Duration::days(1);
    }
    days
}

/// A kind of work by its name, as an index into `DEFAULT_WORK_KINDS`.
fn work(name: &str) -> usize {
    store::subjects::DEFAULT_WORK_KINDS
        .iter()
        .position(|(n, _)| *n == name)
        .unwrap_or(0)
}

pub struct Lesson {
    /// Index into `Timetable::weekly`.
    pub weekly: usize,
    pub date: NaiveDate,
    pub topic: String,
    pub homework: String,
}

/// What a teacher recorded for one student at one lesson.
pub struct Fact {
    /// Index into `Semester::lessons`.
    pub lesson: usize,
    /// Index into `Plan::students`.
    pub student: usize,
    pub attendance: Option<(Attendance, Option<AbsenceReason>)>,
    /// (value, index into `DEFAULT_WORK_KINDS`), in cell order.
    pub marks: Vec<(MarkValue, usize)>,
}

pub struct Semester {
    /// Lessons up to this day are recorded.
    pub filled_until: NaiveDate,
    pub timetable: Timetable,
    pub lessons: Vec<Lesson>,
    pub facts: Vec<Fact>,
}

impl Semester {
    pub fn weekly(&self, lesson: &Lesson) -> &Weekly {
        &self.timetable.weekly[lesson.weekly]
    }

    pub fn marks(&self) -> usize {
        self.facts.iter().map(|f| f.marks.len()).sum()
    }

    pub fn absences(&self) -> usize {
        self.facts
            .iter()
            .filter(|f| matches!(f.attendance, Some((Attendance::Absent, _))))
            .count()
    }

    /// A fingerprint of the lessons and everything recorded, to compare runs.
    #[cfg(test)]
    pub fn checksum(&self) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |s: &str| {
            for b in s.bytes().chain([0xff]) {
                h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        };
        for l in &self.lessons {
            let w = self.weekly(l);
            eat(&format!(
                "{} {} {} {:?} {} {} {} {} {}",
                l.date,
                w.pair,
                w.group,
                w.subgroup,
                w.subject,
                w.teacher,
                w.room,
                l.topic,
                l.homework
            ));
        }
        for f in &self.facts {
            eat(&format!(
                "{} {} {:?} {:?}",
                f.lesson, f.student, f.attendance, f.marks
            ));
        }
        h
    }
}

/// A student's habits: how well they answer and how often they miss.
#[derive(Clone, Copy)]
struct Habits {
    /// 0 strong, 1 average, 2 weak.
    ability: usize,
    /// How much more than usual they skip and fall ill.
    skips: f64,
}

/// Marks 5, 4, 3, 2 in per mille, by ability.
const MARKS: [[u64; 4]; 3] = [
    [600, 330, 60, 10],
    [320, 460, 190, 30],
    [160, 350, 360, 130],
];

fn mark_value(rng: &mut Rng, h: Habits, pass_fail: bool) -> MarkValue {
    if pass_fail {
        let fail = if h.ability == 2 { 15 } else { 3 };
        return if rng.chance(fail) {
            MarkValue::Fail
        } else {
            MarkValue::Pass
        };
    }
    let roll = rng.below(1000);
    let p = MARKS[h.ability];
    if roll < p[0] {
        MarkValue::Five
    } else if roll < p[0] + p[1] {
        MarkValue::Four
    } else if roll < p[0] + p[1] + p[2] {
        MarkValue::Three
    } else {
        MarkValue::Two
    }
}

fn chance_f(rng: &mut Rng, p: f64) -> bool {
    (rng.below(1_000_000) as f64) < p * 1_000_000.0
}

/// Builds the semester of the plan's college; the same seed gives the same one.
pub fn build(plan: &Plan, seed: u64, filled_until: NaiveDate) -> Semester {
    let timetable = timetable::build(plan, seed);
    let untaught = timetable
        .jobs
        .iter()
        .filter(|j| j.teacher.is_none())
        .count();
    if !timetable.complete || untaught > 0 {
        // Not with the college's own data; only another seed could do this.
        tracing::warn!(seed, untaught, "demo: the timetable misses some pairs");
    }
    let days = school_days();

    // Dated lessons: each day's pairs by group, pair and subgroup.
    let mut by_weekday: Vec<Vec<usize>> = vec![Vec::new(); 5];
    for (i, w) in timetable.weekly.iter().enumerate() {
        by_weekday[w.weekday].push(i);
    }
    for list in &mut by_weekday {
        list.sort_by_key(|&i| {
            let w = &timetable.weekly[i];
            (w.group, w.pair, w.subgroup)
        });
    }
    let mut lessons: Vec<Lesson> = Vec::new();
    for &day in &days {
        let wd = day.weekday().num_days_from_monday() as usize;
        for &i in &by_weekday[wd] {
            lessons.push(Lesson {
                weekly: i,
                date: day,
                topic: String::new(),
                homework: String::new(),
            });
        }
    }

    let mut rng = Rng::new(seed ^ 0x5E3E_57E2_0000_0002);
    let controls = control_works(&timetable, &lessons, filled_until, &mut rng);
    write_topics(&timetable, &mut lessons, &controls, filled_until, &mut rng);
    let mut rng = Rng::new(seed ^ 0x5E3E_57E2_0000_0003);
    let facts = record(
        plan,
        &timetable,
        &lessons,
        &controls,
        &days,
        filled_until,
        &mut rng,
    );
    Semester {
        filled_until,
        timetable,
        lessons,
        facts,
    }
}

/// For every past lesson, the kind of work most students are marked for
/// (about one lesson in six), if any.
fn control_works(
    tt: &Timetable,
    lessons: &[Lesson],
    filled_until: NaiveDate,
    rng: &mut Rng,
) -> Vec<Option<usize>> {
    lessons
        .iter()
        .map(|l| {
            if l.date > filled_until || !rng.chance(17) {
                return None;
            }
            let w = &tt.weekly[l.weekly];
            let s = &SUBJECTS[w.subject];
            Some(if s.kind == "practice" || s.room == Need::Gym {
                work("Практическая работа")
            } else {
                match w.kind {
                    "laboratory" => work("Лабораторная работа"),
                    "practical" if technical(s) && rng.chance(65) => work("Практическая работа"),
                    "practical" if technical(s) => work("Тест"),
                    _ if rng.chance(50) => work("Тест"),
                    _ => work("Контрольная работа"),
                }
            })
        })
        .collect()
}

/// A lesson's stream: its group and subject, and the subgroup when the
/// subgroups learn separately (languages, computers, practice).
fn stream(w: &Weekly) -> (usize, usize, Option<usize>) {
    let split = SUBJECTS[w.subject].by_subgroups || w.kind == "laboratory";
    (w.group, w.subject, if split { w.subgroup } else { None })
}

fn technical(s: &Subject) -> bool {
    matches!(
        s.dept,
        Dept::MathIt
            | Dept::Science
            | Dept::Economy
            | Dept::Mining
            | Dept::Chemistry
            | Dept::Mechanics
            | Dept::Electro
    )
}

/// Topics and homework of the past lessons, following each subject's topic
/// list through the semester.
fn write_topics(
    tt: &Timetable,
    lessons: &mut [Lesson],
    controls: &[Option<usize>],
    filled_until: NaiveDate,
    rng: &mut Rng,
) {
    // Every stream's lessons in order, the whole semester.
    let mut streams: HashMap<(usize, usize, Option<usize>), Vec<usize>> = HashMap::new();
    for (i, l) in lessons.iter().enumerate() {
        streams
            .entry(stream(&tt.weekly[l.weekly]))
            .or_default()
            .push(i);
    }
    let mut position = vec![(0usize, 0usize); lessons.len()];
    for list in streams.values() {
        for (k, &i) in list.iter().enumerate() {
            position[i] = (k, list.len());
        }
    }
    let next_in_stream = |i: usize| -> Option<usize> {
        let (k, _) = position[i];
        streams
            .get(&stream(&tt.weekly[lessons[i].weekly]))
            .and_then(|list| list.get(k + 1).copied())
    };
    let nexts: Vec<Option<usize>> = (0..lessons.len()).map(next_in_stream).collect();
    // Practical and laboratory works numbered within a stream; tests within a subject.
    let mut numbers: HashMap<(usize, usize, Option<usize>, &'static str), usize> = HashMap::new();
    let (test, control, practical, laboratory) = (
        work("Тест"),
        work("Контрольная работа"),
        work("Практическая работа"),
        work("Лабораторная работа"),
    );
    for i in 0..lessons.len() {
        if lessons[i].date > filled_until {
            continue;
        }
        let w = &tt.weekly[lessons[i].weekly];
        let s = &SUBJECTS[w.subject];
        let topics = s.topic_list();
        let key = stream(w);
        let (k, n) = position[i];
        // A laboratory work follows the lectures' topic: count it on the whole-group stream.
        let (k, n) = if w.kind == "laboratory" {
            let whole = (w.group, w.subject, None);
            let done = streams.get(&whole).map_or(0, |list| {
                list.iter()
                    .take_while(|&&j| lessons[j].date <= lessons[i].date)
                    .count()
            });
            let total = streams.get(&whole).map_or(n, Vec::len);
            (done.saturating_sub(1), total.max(1))
        } else {
            (k, n)
        };
        let t = (k * topics.len() / n.max(1)).min(topics.len().saturating_sub(1));
        let (sec, num, title) = topics.get(t).copied().unwrap_or((1, 1, s.name));
        let mut count = |what: &'static str| {
            let c = numbers.entry((key.0, key.1, key.2, what)).or_insert(0);
            *c += 1;
            *c
        };
        let ctrl = controls[i];
        let topic = if s.kind == "practice" || s.room == Need::Gym {
            match ctrl {
                Some(_) if s.room == Need::Gym => {
                    format!("Тема {sec}.{num}. {title}. Контрольные нормативы")
                }
                _ => format!("Тема {sec}.{num}. {title}"),
            }
        } else if ctrl == Some(control) {
            format!("Контрольная работа № {} по разделу {sec}", count("control"))
        } else if ctrl == Some(test) {
            format!("Тема {sec}.{num}. {title}. Тестирование")
        } else if w.kind == "laboratory" || ctrl == Some(laboratory) {
            format!("Лабораторная работа № {}. {title}", count("lab"))
        } else if ctrl == Some(practical) {
            format!("Практическая работа № {}. {title}", count("practical"))
        } else if w.kind == "practical" && technical(s) {
            format!("Практическое занятие № {}. {title}", count("exercise"))
        } else {
            format!("Тема {sec}.{num}. {title}")
        };
        let next_ctrl = nexts[i]
            .filter(|&j| lessons[j].date <= filled_until)
            .and_then(|j| controls[j])
            .filter(|&c| c == test || c == control);
        let lab_no = numbers.get(&(key.0, key.1, key.2, "lab")).copied();
        let pr_no = numbers.get(&(key.0, key.1, key.2, "practical")).copied();
        let homework = homework(
            rng,
            s,
            w.kind,
            (t, title),
            next_ctrl.map(|c| c == control),
            lab_no.filter(|_| w.kind == "laboratory"),
            pr_no.filter(|_| topic.starts_with("Практическая")),
        );
        lessons[i].topic = topic;
        lessons[i].homework = homework;
    }
}

/// Homework on about half of the lessons: a paragraph, exercises, a report.
fn homework(
    rng: &mut Rng,
    s: &Subject,
    kind: &str,
    (t, title): (usize, &str),
    before_control: Option<bool>,
    lab: Option<usize>,
    practical: Option<usize>,
) -> String {
    let p = t + 1;
    if let Some(control) = before_control {
        if rng.chance(85) {
            let what = if control {
                "к контрольной работе"
            } else {
                "к тесту"
            };
            return if p > 1 {
                format!(
                    "Повторить §§ {}–{p}, подготовиться {what}",
                    p.saturating_sub(2).max(1)
                )
            } else {
                format!("Повторить § 1, подготовиться {what}")
            };
        }
    }
    if s.room == Need::Gym {
        return if rng.chance(10) {
            "Комплекс общеразвивающих упражнений, 15 минут ежедневно".to_string()
        } else {
            String::new()
        };
    }
    if s.kind == "practice" {
        return if rng.chance(40) {
            "Заполнить дневник практики".to_string()
        } else {
            String::new()
        };
    }
    if let Some(n) = lab {
        return if rng.chance(70) {
            format!("Оформить отчёт по лабораторной работе № {n}")
        } else {
            String::new()
        };
    }
    if let Some(n) = practical {
        if rng.chance(45) {
            return format!("Подготовить отчёт по практической работе № {n}");
        }
    }
    if !rng.chance(if kind == "lecture" { 55 } else { 40 }) {
        return String::new();
    }
    let a = 10 * t as i64 + rng.range(1, 9);
    let page = 8 + 7 * t as i64 + rng.range(0, 5);
    match (s.dept, s.name, rng.index(4)) {
        (Dept::Languages, _, 0) => format!("Упр. {a}–{}, с. {page}", a + 3),
        (Dept::Languages, _, 1) => format!("Выучить новые слова по теме «{title}»"),
        (Dept::Languages, _, 2) => format!("Прочитать и перевести текст, с. {page}"),
        (Dept::Languages, _, _) => {
            format!("Написать рассказ по теме «{title}» (10–12 предложений)")
        }
        (_, "Литература", 0) => format!("Чтение и анализ: {title}"),
        (_, "Литература", 1) => format!("Ответить на вопросы учебника, с. {page}"),
        (_, "Литература", _) => format!("Подготовить сообщение по теме «{title}»"),
        (_, "Математика", 0 | 1) => format!("№ {a}–{}", a + 4),
        (_, "Математика", 2) => format!("§ {p}, № {a}, {}, {}", a + 2, a + 4),
        (_, "Математика", _) => format!("Решить задачи из карточки по теме «{title}»"),
        (Dept::MathIt, _, 0) => format!("Конспект § {p}"),
        (Dept::MathIt, _, _) => format!("Выполнить задание в электронном курсе по теме «{title}»"),
        (Dept::Humanities | Dept::Sport, _, 0) => format!("§ {p}, вопросы 1–{}", rng.range(3, 6)),
        (Dept::Humanities | Dept::Sport, _, 1) => format!("§ {p}, составить план ответа"),
        (Dept::Humanities | Dept::Sport, _, 2) => {
            format!("Подготовить сообщение по теме «{title}»")
        }
        (Dept::Humanities | Dept::Sport, _, _) => format!("Конспект § {p}"),
        (Dept::Science, _, 0) => format!("§ {p}, решить задачи № {a}–{}", a + 3),
        (_, _, 0) => format!("§ {p}, вопросы 1–{}", rng.range(3, 6)),
        (_, _, 1) => format!("Конспект по теме «{title}»"),
        (_, _, 2) => format!("Выучить определения по теме «{title}»"),
        (_, _, _) => format!("Подготовить сообщение по теме «{title}»"),
    }
}

/// Marks and absences of the past lessons.
fn record(
    plan: &Plan,
    tt: &Timetable,
    lessons: &[Lesson],
    controls: &[Option<usize>],
    days: &[NaiveDate],
    filled_until: NaiveDate,
    rng: &mut Rng,
) -> Vec<Fact> {
    let past: Vec<NaiveDate> = days
        .iter()
        .copied()
        .filter(|d| *d <= filled_until)
        .collect();
    let n = plan.students.len();
    // Who a student is: ability and how much they miss, the weak missing more.
    let habits: Vec<Habits> = (0..n)
        .map(|_| {
            let ability = match rng.below(100) {
                0..=24 => 0,
                25..=74 => 1,
                _ => 2,
            };
            let (high, mid) = [(3, 12), (8, 22), (25, 35)][ability];
            let roll = rng.below(100);
            let skips = if roll < high {
                4.0
            } else if roll < high + mid {
                1.2
            } else {
                0.5
            };
            Habits { ability, skips }
        })
        .collect();
    // Whole days away: illness, a parent's note, a competition on the college's order.
    let mut away: HashMap<(usize, NaiveDate), AbsenceReason> = HashMap::new();
    for (s, h) in habits.iter().enumerate() {
        let ill = 0.14 * h.skips.sqrt();
        for _ in 0..3 {
            if !chance_f(rng, ill) || past.is_empty() {
                continue;
            }
            let start = rng.index(past.len());
            let len = rng.range(2, 5) as usize;
            for d in past.iter().skip(start).take(len) {
                away.insert((s, *d), AbsenceReason::Illness);
            }
        }
        for _ in 0..2 {
            if chance_f(rng, 0.2) && !past.is_empty() {
                let d = past[rng.index(past.len())];
                away.entry((s, d)).or_insert(AbsenceReason::Document);
            }
        }
    }
    for g in &tt.classes {
        let members = &plan.groups[g.group].students;
        let events = 1 + usize::from(rng.chance(50));
        for _ in 0..events {
            if past.is_empty() || members.is_empty() {
                break;
            }
            let d = past[rng.index(past.len())];
            for _ in 0..rng.range(2, 3) {
                let s = members[rng.index(members.len())];
                away.entry((s, d)).or_insert(AbsenceReason::CollegeOrder);
            }
        }
    }

    let pass_fail: Vec<bool> = SUBJECTS.iter().map(|s| s.scale == "pass_fail").collect();
    let (answer, home, own) = (
        work("Ответ на занятии"),
        work("Домашняя работа"),
        work("Самостоятельная работа"),
    );
    let practical = work("Практическая работа");
    let mut facts = Vec::new();
    for (li, l) in lessons.iter().enumerate() {
        if l.date > filled_until {
            continue;
        }
        let w = &tt.weekly[l.weekly];
        let pf = pass_fail[w.subject];
        let ctrl = controls[li];
        for &s in &plan.groups[w.group].students {
            if w.subgroup.is_some() && plan.students[s].subgroup != w.subgroup {
                continue;
            }
            let h = habits[s];
            let attendance = if let Some(&reason) = away.get(&(s, l.date)) {
                Some((Attendance::Absent, Some(reason)))
            } else if chance_f(rng, 0.0196 * h.skips) {
                Some((Attendance::Absent, Some(AbsenceReason::Invalid)))
            } else if chance_f(rng, 0.011 * h.skips.sqrt()) {
                Some((Attendance::Late, None))
            } else {
                None
            };
            let mut marks = Vec::new();
            if !matches!(attendance, Some((Attendance::Absent, _))) {
                match ctrl {
                    Some(kind) if rng.chance(85) => {
                        marks.push((mark_value(rng, h, pf), kind));
                    }
                    Some(_) => {}
                    None if rng.chance(22) => {
                        let kind = if pf {
                            practical
                        } else {
                            match rng.below(100) {
                                0..=81 => answer,
                                82..=91 => home,
                                _ => own,
                            }
                        };
                        marks.push((mark_value(rng, h, pf), kind));
                        if !pf && rng.chance(4) {
                            let second = if kind == home { answer } else { home };
                            marks.push((mark_value(rng, h, pf), second));
                        }
                    }
                    None => {}
                }
            }
            if attendance.is_some() || !marks.is_empty() {
                facts.push(Fact {
                    lesson: li,
                    student: s,
                    attendance,
                    marks,
                });
            }
        }
    }
    make_first_student_visible(plan, tt, lessons, filled_until, &mut facts, rng);
    facts
}

/// student1's diary must show marks in curator1's subject and an absence.
fn make_first_student_visible(
    plan: &Plan,
    tt: &Timetable,
    lessons: &[Lesson],
    filled_until: NaiveDate,
    facts: &mut Vec<Fact>,
    rng: &mut Rng,
) {
    let Some(first) = plan.students.first() else {
        return;
    };
    let Some(curator) = plan.staff.iter().position(|s| s.login == "curator1") else {
        return;
    };
    let mine = |l: &Lesson| {
        let w = &tt.weekly[l.weekly];
        l.date <= filled_until
            && w.group == first.group
            && (w.subgroup.is_none() || w.subgroup == first.subgroup)
    };
    let mut fact_of: HashMap<usize, usize> = facts
        .iter()
        .enumerate()
        .filter(|(_, f)| f.student == 0)
        .map(|(i, f)| (f.lesson, i))
        .collect();
    let answer = work("Ответ на занятии");
    let curators: Vec<usize> = (0..lessons.len())
        .filter(|&i| mine(&lessons[i]) && tt.weekly[lessons[i].weekly].teacher == curator)
        .collect();
    let marked = curators
        .iter()
        .filter(|i| fact_of.get(i).is_some_and(|&f| !facts[f].marks.is_empty()))
        .count();
    let mut need = 3usize.saturating_sub(marked);
    for &i in curators.iter().rev() {
        if need == 0 {
            break;
        }
        match fact_of.get(&i).copied() {
            None => {
                fact_of.insert(i, facts.len());
                facts.push(Fact {
                    lesson: i,
                    student: 0,
                    attendance: None,
                    marks: vec![(MarkValue::Four, answer)],
                });
            }
            Some(f) if facts[f].attendance.is_none() && facts[f].marks.is_empty() => {
                facts[f].marks.push((MarkValue::Five, answer));
            }
            Some(_) => continue,
        }
        need -= 1;
    }
    let absent = fact_of
        .values()
        .any(|&f| matches!(facts[f].attendance, Some((Attendance::Absent, _))));
    if !absent {
        let options: Vec<usize> = (0..lessons.len())
            .filter(|&i| mine(&lessons[i]) && !fact_of.contains_key(&i))
            .collect();
        if !options.is_empty() {
            let i = options[rng.index(options.len())];
            facts.push(Fact {
                lesson: i,
                student: 0,
                attendance: Some((Attendance::Absent, Some(AbsenceReason::Illness))),
                marks: Vec::new(),
            });
        }
    }
}

/// Database ids of what the demo already wrote, by plan index.
pub struct Ids<'a> {
    pub staff_persons: &'a [i64],
    pub staff_accounts: &'a [i64],
    pub groups: &'a [i64],
    /// Per group: «1 подгруппа», «2 подгруппа» (none for part-time groups).
    pub subgroups: &'a [Vec<i64>],
    pub students: &'a [i64],
    /// In the order of `plan::BUILDINGS`.
    pub rooms: &'a [i64],
}

/// What was written, for the summary.
pub struct Written {
    pub subjects: usize,
    /// The subjects' ids, by `catalog::SUBJECTS` index.
    pub subject_ids: Vec<i64>,
    pub lessons: usize,
    pub marks: usize,
    pub absences: usize,
}

fn missing(what: &str) -> Error {
    Error::Internal(format!("demo: {what} not found after insert"))
}

/// When the teacher saved the cell: the end of the lesson, the college's time.
fn saved_at(day: NaiveDate, ends: &str, zone: FixedOffset) -> DateTime<Utc> {
    let (h, m) = ends.split_once(':').unwrap_or(("15", "30"));
    let t = day
        .and_hms_opt(h.parse().unwrap_or(15), m.parse().unwrap_or(30), 0)
        .unwrap_or_default();
    zone.from_local_datetime(&t)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&t))
}

/// Writes the semester into the college just created by the demo.
pub async fn write(
    db: &impl ConnectionTrait,
    college: i64,
    sem: &Semester,
    ids: &Ids<'_>,
    zone: FixedOffset,
) -> Result<Written> {
    // Subjects.
    let rows: Vec<subject::ActiveModel> = SUBJECTS
        .iter()
        .map(|s| subject::ActiveModel {
            org_id: Set(college),
            name: Set(s.name.to_string()),
            short_name: Set(s.short_name()),
            kind: Set(s.kind.to_string()),
            scale: Set(s.scale.to_string()),
            room_kind: Set(s.room.room_kind().to_string()),
            ..Default::default()
        })
        .collect();
    subject::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    let by_name: HashMap<String, i64> = subject::Entity::find()
        .select_only()
        .column(subject::Column::Name)
        .column(subject::Column::Id)
        .filter(subject::Column::OrgId.eq(college))
        .into_tuple::<(String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let subject_ids: Vec<i64> = SUBJECTS
        .iter()
        .map(|s| {
            by_name
                .get(s.name)
                .copied()
                .ok_or_else(|| missing("subject"))
        })
        .collect::<Result<_>>()?;

    // Lessons, with topics and homework of the past.
    let get = |v: &[i64], i: usize, what: &str| v.get(i).copied().ok_or_else(|| missing(what));
    let mut keys = Vec::with_capacity(sem.lessons.len());
    let mut rows = Vec::with_capacity(sem.lessons.len());
    for l in &sem.lessons {
        let w = sem.weekly(l);
        let subgroup = match w.subgroup {
            Some(k) => Some(
                ids.subgroups
                    .get(w.group)
                    .and_then(|s| s.get(k))
                    .copied()
                    .ok_or_else(|| missing("subgroup"))?,
            ),
            None => None,
        };
        let group = get(ids.groups, w.group, "group")?;
        let pair = w.pair as i32 + 1;
        let (starts, ends) = BELLS[w.pair.min(BELLS.len() - 1)];
        let mut row = NewLesson {
            group_id: group,
            subgroup_id: subgroup,
            subject_id: subject_ids[w.subject],
            teacher_person_id: get(ids.staff_persons, w.teacher, "teacher")?,
            room_id: Some(get(ids.rooms, w.room, "room")?),
            date: l.date,
            pair_no: pair,
            starts_at: starts.to_string(),
            ends_at: ends.to_string(),
            kind: w.kind.to_string(),
        }
        .active_model(college);
        row.topic = Set(l.topic.clone());
        row.homework = Set(l.homework.clone());
        rows.push(row);
        keys.push((group, subgroup, l.date, pair));
    }
    insert_chunked(db, rows).await?;
    let lesson_id: HashMap<(i64, Option<i64>, NaiveDate, i32), i64> = lesson::Entity::find()
        .select_only()
        .column(lesson::Column::GroupId)
        .column(lesson::Column::SubgroupId)
        .column(lesson::Column::Date)
        .column(lesson::Column::PairNo)
        .column(lesson::Column::Id)
        .filter(lesson::Column::OrgId.eq(college))
        .into_tuple::<(i64, Option<i64>, NaiveDate, i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(g, s, d, p, id)| ((g, s, d, p), id))
        .collect();
    let lesson_ids: Vec<i64> = keys
        .iter()
        .map(|k| lesson_id.get(k).copied().ok_or_else(|| missing("lesson")))
        .collect::<Result<_>>()?;

    // Journal entries: one a student and lesson with anything recorded.
    struct Meta {
        lesson: i64,
        student: i64,
        by: i64,
        at: DateTime<Utc>,
    }
    let mut metas = Vec::with_capacity(sem.facts.len());
    let mut rows = Vec::with_capacity(sem.facts.len());
    for f in &sem.facts {
        let l = &sem.lessons[f.lesson];
        let w = sem.weekly(l);
        let meta = Meta {
            lesson: lesson_ids[f.lesson],
            student: get(ids.students, f.student, "student")?,
            by: get(ids.staff_accounts, w.teacher, "teacher account")?,
            at: saved_at(l.date, BELLS[w.pair.min(BELLS.len() - 1)].1, zone),
        };
        rows.push(journal_entry::ActiveModel {
            org_id: Set(college),
            lesson_id: Set(meta.lesson),
            student_person_id: Set(meta.student),
            attendance: Set(f.attendance.map(|(a, _)| a.code().to_string())),
            reason: Set(f
                .attendance
                .and_then(|(_, r)| r)
                .map(|r| r.code().to_string())),
            source: Set(Some("teacher".into())),
            version: Set(1),
            updated_by: Set(meta.by),
            updated_at: Set(meta.at),
            ..Default::default()
        });
        metas.push(meta);
    }
    insert_chunked(db, rows).await?;
    let entry_id: HashMap<(i64, i64), i64> = journal_entry::Entity::find()
        .select_only()
        .column(journal_entry::Column::LessonId)
        .column(journal_entry::Column::StudentPersonId)
        .column(journal_entry::Column::Id)
        .filter(journal_entry::Column::OrgId.eq(college))
        .into_tuple::<(i64, i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(l, s, id)| ((l, s), id))
        .collect();

    // Marks.
    let kinds = store::subjects::work_kinds(db, college).await?;
    let kind_ids: Vec<i64> = store::subjects::DEFAULT_WORK_KINDS
        .iter()
        .map(|(name, _)| {
            kinds
                .iter()
                .find(|k| k.name == *name)
                .map(|k| k.id)
                .ok_or_else(|| missing("work kind"))
        })
        .collect::<Result<_>>()?;
    let mut entries = Vec::with_capacity(sem.facts.len());
    let mut rows = Vec::new();
    for (f, m) in sem.facts.iter().zip(&metas) {
        let entry = entry_id
            .get(&(m.lesson, m.student))
            .copied()
            .ok_or_else(|| missing("journal entry"))?;
        entries.push(entry);
        for (position, (value, kind)) in f.marks.iter().enumerate() {
            rows.push(mark::ActiveModel {
                org_id: Set(college),
                entry_id: Set(entry),
                lesson_id: Set(m.lesson),
                student_person_id: Set(m.student),
                value: Set(value.code().to_string()),
                work_kind_id: Set(kind_ids[(*kind).min(kind_ids.len() - 1)]),
                position: Set(position as i32),
                created_by: Set(m.by),
                created_at: Set(m.at),
                ..Default::default()
            });
        }
    }
    insert_chunked(db, rows).await?;
    let mark_id: HashMap<(i64, i32), i64> = mark::Entity::find()
        .select_only()
        .column(mark::Column::EntryId)
        .column(mark::Column::Position)
        .column(mark::Column::Id)
        .filter(mark::Column::OrgId.eq(college))
        .into_tuple::<(i64, i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(e, p, id)| ((e, p), id))
        .collect();

    // The history: every attendance and every mark as the teacher typed it.
    let mut rows = Vec::new();
    for ((f, m), entry) in sem.facts.iter().zip(&metas).zip(&entries) {
        let change =
            |what: &str, mark_id: Option<i64>, value: Option<String>| journal_change::ActiveModel {
                org_id: Set(college),
                lesson_id: Set(m.lesson),
                student_person_id: Set(m.student),
                what: Set(what.to_string()),
                mark_id: Set(mark_id),
                old_value: Set(None),
                new_value: Set(value),
                changed_by: Set(m.by),
                changed_at: Set(m.at),
                via: Set("web".into()),
                ..Default::default()
            };
        if let Some((a, r)) = f.attendance {
            rows.push(change("attendance", None, attendance_record(Some(a), r)));
        }
        for (position, (value, _)) in f.marks.iter().enumerate() {
            let id = mark_id
                .get(&(*entry, position as i32))
                .copied()
                .ok_or_else(|| missing("mark"))?;
            rows.push(change("mark", Some(id), Some(value.code().to_string())));
        }
    }
    insert_chunked(db, rows).await?;

    Ok(Written {
        subjects: SUBJECTS.len(),
        subject_ids,
        lessons: sem.lessons.len(),
        marks: sem.marks(),
        absences: sem.absences(),
    })
}

async fn insert_chunked<E, A>(db: &impl ConnectionTrait, rows: Vec<A>) -> Result<()>
where
    E: EntityTrait,
    A: sea_orm::ActiveModelTrait<Entity = E>,
    E::Model: sea_orm::IntoActiveModel<A>,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(CHUNK).collect();
        E::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

    use chrono::{Datelike, NaiveDate};
    use sea_orm::{ConnectionTrait, EntityTrait, Statement};
    use store::entity::{group_student, lesson, room, study_group};

    use super::*;
    use crate::demo::plan;
    use crate::App;

    fn share(part: usize, whole: usize) -> f64 {
        part as f64 / whole.max(1) as f64
    }

    #[test]
    fn the_records_end_the_day_before_the_load_within_the_semester() {
        let on = |y, m, d| filled_until(date((y, m, d)));
        assert_eq!(on(2026, 11, 21), date((2026, 11, 20)));
        // On a Monday: up to Sunday, that is Saturday's lessons and before.
        assert_eq!(on(2026, 12, 7), date((2026, 12, 6)));
        // Before the year: nothing; after the semester: all of it.
        assert_eq!(on(2026, 8, 15), date((2026, 8, 31)));
        assert_eq!(on(2026, 9, 1), date((2026, 8, 31)));
        assert_eq!(on(2027, 3, 1), date(SEMESTER_END));
    }

    #[test]
    fn the_plan_is_deterministic_and_realistic() {
        let seed = crate::demo::DEFAULT_SEED;
        let plan = plan::build(seed);
        let until = filled_until(crate::demo::TESTS_LOAD_ON);
        let a = build(&plan, seed, until);
        let b = build(&plan, seed, until);
        assert_eq!(a.checksum(), b.checksum());
        assert_eq!(a.lessons.len(), b.lessons.len());
        let other = plan::build(seed + 1);
        assert_ne!(a.checksum(), build(&other, seed + 1, until).checksum());
        assert!(a.timetable.complete);
        let mut student_lessons = 0;
        let mut past = 0;
        let mut with_homework = 0;
        let mut controls = 0;
        for l in &a.lessons {
            let w = a.weekly(l);
            if l.date > until {
                assert!(l.topic.is_empty() && l.homework.is_empty());
                continue;
            }
            assert!(!l.topic.is_empty());
            past += 1;
            with_homework += usize::from(!l.homework.is_empty());
            student_lessons += plan.groups[w.group]
                .students
                .iter()
                .filter(|&&s| w.subgroup.is_none() || plan.students[s].subgroup == w.subgroup)
                .count();
        }
        let mut per_lesson: HashMap<usize, (usize, usize)> = HashMap::new();
        let mut absent_of = vec![0usize; plan.students.len()];
        let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
        let mut values: BTreeMap<&str, usize> = BTreeMap::new();
        let mut late = 0;
        for f in &a.facts {
            assert!(a.lessons[f.lesson].date <= until);
            match f.attendance {
                Some((Attendance::Absent, reason)) => {
                    assert!(f.marks.is_empty(), "no marks for the absent");
                    absent_of[f.student] += 1;
                    *reasons
                        .entry(reason.map_or("none", AbsenceReason::code))
                        .or_default() += 1;
                }
                Some((Attendance::Late, reason)) => {
                    assert!(reason.is_none());
                    late += 1;
                }
                None => assert!(!f.marks.is_empty()),
            }
            for (v, _) in &f.marks {
                *values.entry(v.code()).or_default() += 1;
            }
            let e = per_lesson.entry(f.lesson).or_default();
            e.0 += usize::from(!f.marks.is_empty());
            e.1 += f.marks.len();
        }
        let absences: usize = reasons.values().sum();
        let marks: usize = values.values().sum();
        assert_eq!(absences, a.absences());
        assert_eq!(marks, a.marks());
        let present = student_lessons - absences;
        // About 5–6% absent, 1% late, a third of those present marked.
        assert!(
            (0.045..0.065).contains(&share(absences, student_lessons)),
            "{absences}"
        );
        assert!(
            (0.006..0.015).contains(&share(late, student_lessons)),
            "{late}"
        );
        assert!((0.25..0.38).contains(&share(marks, present)), "{marks}");
        // Reasons: illness ~45%, document ~10%, college order ~5%, the rest invalid.
        assert!((0.38..0.52).contains(&share(reasons["illness"], absences)));
        assert!((0.06..0.15).contains(&share(reasons["document"], absences)));
        assert!((0.02..0.09).contains(&share(reasons["college_order"], absences)));
        assert!((0.30..0.48).contains(&share(reasons["invalid"], absences)));
        assert!(!reasons.contains_key("none"));
        // Marks: 5 ~35%, 4 ~40%, 3 ~20%, 2 ~5%.
        let five: usize = ["2", "3", "4", "5"].iter().map(|v| values[v]).sum();
        assert!((0.29..0.41).contains(&share(values["5"], five)));
        assert!((0.34..0.46).contains(&share(values["4"], five)));
        assert!((0.15..0.25).contains(&share(values["3"], five)));
        assert!((0.02..0.08).contains(&share(values["2"], five)));
        assert!(values["pass"] > values["fail"] * 5);
        // Uneven absences: the worst students miss far more than the median one.
        absent_of.sort_unstable();
        let median = absent_of[absent_of.len() / 2];
        let worst = absent_of[absent_of.len() - absent_of.len() / 20];
        assert!(worst >= median * 3 && worst >= 15, "{median} {worst}");
        // Half of the past lessons give homework; one in six is a test or a practical work.
        assert!((0.4..0.6).contains(&share(with_homework, past)));
        for l in per_lesson.values() {
            controls += usize::from(l.0 >= 8);
        }
        assert!(
            (0.1..0.25).contains(&share(controls, past)),
            "{controls} of {past}"
        );
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
    async fn a_loaded_semester_is_consistent() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("s.db").display());
        let db = store::db::connect(&url).await.expect("connect");
        store::migration::run(&db).await.expect("migrate");
        let app = App::new(db, crate::demo::tests_clock());
        let started = std::time::Instant::now();
        let summary = crate::demo::load(&app, crate::demo::DEFAULT_SEED)
            .await
            .expect("load");
        eprintln!(
            "demo load: {:?}; {} subjects, {} lessons, {} marks, {} absences",
            started.elapsed(),
            summary.subjects,
            summary.lessons,
            summary.marks,
            summary.absences
        );
        eprintln!(
            "{} journal entries, {} history rows",
            count(&app, "SELECT COUNT(*) FROM journal_entries").await,
            count(&app, "SELECT COUNT(*) FROM journal_history").await
        );
        check_loaded(&app, &summary).await;
    }

    /// What the database holds after a demo load: the timetable's rules and
    /// the journal's consistency, in SQL that PostgreSQL runs as well.
    async fn check_loaded(app: &App, summary: &crate::demo::DemoSummary) {
        // Loaded on the tests' day, 21.11.2026: the SQL below counts on it.
        assert_eq!(summary.recorded_until, date((2026, 11, 20)));
        // Nobody and nothing in two places; subgroups never with the whole group
        // (one may meet alone, as the solver allows).
        for sql in [
            "SELECT COUNT(*) FROM (SELECT teacher_person_id, date, pair_no FROM lessons GROUP BY 1, 2, 3 HAVING COUNT(*) > 1) x",
            "SELECT COUNT(*) FROM (SELECT room_id, date, pair_no FROM lessons GROUP BY 1, 2, 3 HAVING COUNT(*) > 1) x",
            "SELECT COUNT(*) FROM (SELECT group_id, date, pair_no FROM lessons GROUP BY 1, 2, 3 \
             HAVING NOT (COUNT(*) = 1 OR (COUNT(*) = 2 AND COUNT(DISTINCT subgroup_id) = 2))) x",
            "SELECT COUNT(*) FROM lessons WHERE room_id IS NULL OR substitute_person_id IS NOT NULL",
            "SELECT COUNT(*) FROM lessons WHERE date = '2026-11-04' OR date < '2026-09-01' \
             OR (date > '2026-12-26' AND date < '2027-01-12') OR date > '2027-06-30'",
            "SELECT COUNT(*) FROM lessons l JOIN study_groups g ON g.id = l.group_id WHERE g.study_form <> 'full_time'",
            // Nothing recorded after 20.11.2026.
            "SELECT COUNT(*) FROM lessons WHERE date > '2026-11-20' AND (topic <> '' OR homework <> '')",
            "SELECT COUNT(*) FROM lessons WHERE date <= '2026-11-20' AND topic = ''",
            "SELECT COUNT(*) FROM journal_entries e JOIN lessons l ON l.id = e.lesson_id WHERE l.date > '2026-11-20'",
            "SELECT COUNT(*) FROM marks m JOIN lessons l ON l.id = m.lesson_id WHERE l.date > '2026-11-20'",
            // Marks fit the subject's scale, belong to their entry, and are the teacher's.
            "SELECT COUNT(*) FROM marks m JOIN lessons l ON l.id = m.lesson_id JOIN subjects s ON s.id = l.subject_id \
             WHERE (s.scale = 'five' AND m.value NOT IN ('2', '3', '4', '5')) OR (s.scale = 'pass_fail' AND m.value NOT IN ('pass', 'fail'))",
            "SELECT COUNT(*) FROM marks m LEFT JOIN journal_entries e ON e.id = m.entry_id \
             WHERE e.id IS NULL OR e.lesson_id <> m.lesson_id OR e.student_person_id <> m.student_person_id",
            "SELECT COUNT(*) FROM marks m JOIN journal_entries e ON e.id = m.entry_id WHERE e.attendance = 'absent'",
            "SELECT COUNT(*) FROM marks m JOIN lessons l ON l.id = m.lesson_id JOIN accounts a ON a.id = m.created_by \
             WHERE a.person_id <> l.teacher_person_id",
            "SELECT COUNT(*) FROM journal_entries e JOIN lessons l ON l.id = e.lesson_id JOIN accounts a ON a.id = e.updated_by \
             WHERE a.person_id <> l.teacher_person_id OR e.source <> 'teacher' OR e.version <> 1",
            "SELECT COUNT(*) FROM journal_entries e LEFT JOIN group_students gs ON gs.group_id = (SELECT group_id FROM lessons WHERE id = e.lesson_id) \
             AND gs.person_id = e.student_person_id WHERE gs.id IS NULL",
            // Every entry holds something; absences have a reason, lateness none.
            "SELECT COUNT(*) FROM journal_entries e WHERE e.attendance IS NULL AND NOT EXISTS (SELECT 1 FROM marks m WHERE m.entry_id = e.id)",
            "SELECT COUNT(*) FROM journal_entries WHERE (COALESCE(attendance, '') = 'absent') <> (reason IS NOT NULL)",
            // The history has every mark and every attendance, as recorded.
            "SELECT COUNT(*) FROM marks m WHERE NOT EXISTS (SELECT 1 FROM journal_history h WHERE h.lesson_id = m.lesson_id \
             AND h.student_person_id = m.student_person_id AND h.mark_id = m.id AND h.what = 'mark' AND h.new_value = m.value)",
            "SELECT COUNT(*) FROM journal_entries e WHERE e.attendance IS NOT NULL AND NOT EXISTS (SELECT 1 FROM journal_history h \
             WHERE h.lesson_id = e.lesson_id AND h.student_person_id = e.student_person_id AND h.what = 'attendance' \
             AND h.new_value = CASE WHEN e.reason IS NULL THEN e.attendance ELSE e.attendance || ':' || e.reason END \
             AND h.changed_at = e.updated_at AND h.changed_by = e.updated_by)",
            "SELECT (SELECT COUNT(*) FROM journal_history) - (SELECT COUNT(*) FROM marks) \
             - (SELECT COUNT(*) FROM journal_entries WHERE attendance IS NOT NULL)",
        ] {
            assert_eq!(count(app, sql).await, 0, "{sql}");
        }

        // The first semester's; the second's are checked in `year`.
        let all = lesson::Entity::find().all(&app.db).await.expect("lessons");
        assert_eq!(all.len(), summary.lessons + summary.second_semester_lessons);
        let lessons: Vec<lesson::Model> = all
            .into_iter()
            .filter(|l| l.date < date(SEMESTER_END) + Duration::days(7))
            .collect();
        assert_eq!(lessons.len(), summary.lessons);
        let groups = study_group::Entity::find()
            .all(&app.db)
            .await
            .expect("groups");
        let members = group_student::Entity::find()
            .all(&app.db)
            .await
            .expect("members");
        let rooms: HashMap<i64, room::Model> = room::Entity::find()
            .all(&app.db)
            .await
            .expect("rooms")
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
        let size = |g: i64, sub: Option<i64>| {
            members
                .iter()
                .filter(|m| m.group_id == g && (sub.is_none() || m.subgroup_id == sub))
                .count()
        };
        // Rooms are big enough, bells ring on time.
        for l in &lessons {
            let r = &rooms[&l.room_id.expect("a room")];
            assert!(r.capacity as usize >= size(l.group_id, l.subgroup_id));
            assert_eq!(
                (l.starts_at.as_str(), l.ends_at.as_str()),
                BELLS[(l.pair_no - 1) as usize]
            );
        }
        // Every full-time group learns every school day, 3–4 pairs from the first.
        let days = school_days();
        assert!(days.len() >= 80);
        let weeks: BTreeSet<NaiveDate> = days
            .iter()
            .map(|d| *d - Duration::days(d.weekday().num_days_from_monday().into()))
            .collect();
        assert!(weeks.len() >= 16);
        let mut pairs: HashMap<(i64, NaiveDate), BTreeSet<i32>> = HashMap::new();
        let mut subjects: HashMap<i64, HashSet<i64>> = HashMap::new();
        for l in &lessons {
            assert!(l.date.weekday().num_days_from_monday() < 5, "{}", l.date);
            pairs
                .entry((l.group_id, l.date))
                .or_default()
                .insert(l.pair_no);
            subjects.entry(l.group_id).or_default().insert(l.subject_id);
        }
        for g in groups.iter().filter(|g| g.study_form == "full_time") {
            for d in &days {
                let p = pairs.get(&(g.id, *d)).cloned().unwrap_or_default();
                assert!((3..=4).contains(&p.len()), "{} on {d}: {p:?}", g.name);
                assert_eq!(p.first(), Some(&1));
                assert_eq!(p.last(), Some(&(p.len() as i32)));
            }
            let n = subjects[&g.id].len();
            assert!((7..=9).contains(&n), "{} has {n} subjects", g.name);
        }
        // Subgroup lessons: one subgroup alone, or both at once with
        // different teachers and rooms (most are in parallel).
        let mut halves: HashMap<(i64, NaiveDate, i32), Vec<&lesson::Model>> = HashMap::new();
        for l in lessons.iter().filter(|l| l.subgroup_id.is_some()) {
            halves
                .entry((l.group_id, l.date, l.pair_no))
                .or_default()
                .push(l);
        }
        assert!(halves.len() > 500);
        for h in halves.values() {
            assert!(h.len() <= 2);
            if let [a, b] = h.as_slice() {
                assert_ne!(a.subgroup_id, b.subgroup_id);
                assert!(a.teacher_person_id != b.teacher_person_id && a.room_id != b.room_id);
            }
        }
        let parallel = halves.values().filter(|h| h.len() == 2).count();
        assert!(
            parallel * 2 > halves.len(),
            "{parallel} of {}",
            halves.len()
        );
        assert!(lessons
            .iter()
            .any(|l| l.kind == "laboratory" && l.subgroup_id.is_some()));
        // The practice, зачёт / незачёт, a pair a week in the third course.
        assert_eq!(
            count(
                app,
                "SELECT COUNT(*) FROM subjects WHERE scale = 'pass_fail' AND kind = 'practice'"
            )
            .await,
            1
        );
        // Each subgroup has its pair on its own weekday, so a subgroup's weeks are counted.
        let practice_group = count(
            app,
            "SELECT MIN(id) FROM study_groups WHERE intake_year = 2024 AND study_form = 'full_time' \
             AND name = (SELECT MIN(g2.name) FROM study_groups g2 WHERE g2.intake_year = 2024 AND g2.study_form = 'full_time')",
        )
        .await;
        let practice_subject = count(
            app,
            "SELECT MIN(id) FROM subjects WHERE scale = 'pass_fail' AND kind = 'practice'",
        )
        .await;
        let mut practice_days: BTreeMap<Option<i64>, BTreeSet<NaiveDate>> = BTreeMap::new();
        for l in lessons.iter().filter(|l| {
            l.group_id == practice_group
                && l.subject_id == practice_subject
                && l.date < date((2027, 1, 1))
        }) {
            practice_days
                .entry(l.subgroup_id)
                .or_default()
                .insert(l.date);
        }
        assert!(!practice_days.is_empty());
        for (subgroup, dates) in &practice_days {
            // A pair a week (a Monday misses the first week, a Wednesday the holiday).
            let weekdays: BTreeSet<_> = dates
                .iter()
                .map(|d| d.weekday().num_days_from_monday())
                .collect();
            assert_eq!(weekdays.len(), 1, "{subgroup:?}: {weekdays:?}");
            assert!(
                (weeks.len() - 1..=weeks.len()).contains(&dates.len()),
                "{subgroup:?}: {} dates in {} weeks",
                dates.len(),
                weeks.len()
            );
        }

        // teacher1 teaches several groups, curator1 their own.
        assert!(
            count(app, "SELECT COUNT(DISTINCT l.group_id) FROM lessons l JOIN accounts a ON a.person_id = l.teacher_person_id \
                         WHERE a.login = 'teacher1'").await >= 2
        );
        assert!(
            count(app, "SELECT COUNT(*) FROM lessons l JOIN accounts a ON a.person_id = l.teacher_person_id \
                         JOIN study_groups g ON g.id = l.group_id AND g.curator_person_id = a.person_id WHERE a.login = 'curator1'").await > 0
        );
        // student1's diary: marks in curator1's subject and an absence before 20.11.
        assert!(
            count(app, "SELECT COUNT(*) FROM marks m JOIN lessons l ON l.id = m.lesson_id \
                         JOIN accounts s ON s.person_id = m.student_person_id AND s.login = 'student1' \
                         JOIN accounts c ON c.person_id = l.teacher_person_id AND c.login = 'curator1'").await >= 3
        );
        assert!(
            count(app, "SELECT COUNT(*) FROM journal_entries e JOIN accounts s ON s.person_id = e.student_person_id \
                         AND s.login = 'student1' WHERE e.attendance = 'absent'").await >= 1
        );

        // Proportions, roughly: ~5% absent, a third of those present marked.
        let until = filled_until(crate::demo::TESTS_LOAD_ON);
        let student_lessons: usize = lessons
            .iter()
            .filter(|l| l.date <= until)
            .map(|l| size(l.group_id, l.subgroup_id))
            .sum();
        let absent = count(
            app,
            "SELECT COUNT(*) FROM journal_entries WHERE attendance = 'absent'",
        )
        .await as usize;
        let marks = count(app, "SELECT COUNT(*) FROM marks").await as usize;
        assert_eq!(absent, summary.absences);
        assert_eq!(marks, summary.marks);
        assert!(
            (0.045..0.065).contains(&share(absent, student_lessons)),
            "{absent} of {student_lessons}"
        );
        assert!(
            (0.25..0.38).contains(&share(marks, student_lessons - absent)),
            "{marks}"
        );
        let answers = count(
            app,
            "SELECT COUNT(*) FROM marks m JOIN work_kinds k ON k.id = m.work_kind_id WHERE k.name = 'Ответ на занятии'",
        )
        .await as usize;
        assert!(share(answers, marks) > 0.35, "{answers} answers of {marks}");
        let marked_lessons =
            count(app, "SELECT COUNT(DISTINCT lesson_id) FROM marks").await as usize;
        let past = lessons.iter().filter(|l| l.date <= until).count();
        assert!(share(marked_lessons, past) > 0.9);
    }
}
