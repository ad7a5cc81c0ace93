//! The diary (дневник): a student's week and their marks by subject, for the
//! student, their parents and a delegate (seed 2.2, 3.3).

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};
use domain::journal::{weighted_average, AbsenceReason, Attendance, HOURS_PER_PAIR};
use domain::names::FullName;
use domain::{Actor, Permission};
use serde::Serialize;

use crate::error::{Error, Result};
use domain::read_log::ReadKind;

use crate::journal::{cells_of, date_ru, weekday_short, CellState, MarkView};
use crate::{require, App};

#[derive(Debug, Serialize)]
pub struct DiaryWeek {
    pub student_id: i64,
    pub student: String,
    pub group_id: i64,
    pub group: String,
    pub monday: NaiveDate,
    pub title: String,
    pub prev_week: NaiveDate,
    pub next_week: NaiveDate,
    pub days: Vec<DiaryDay>,
}

#[derive(Debug, Serialize)]
pub struct DiaryDay {
    pub date: NaiveDate,
    pub title: String,
    pub today: bool,
    pub lessons: Vec<DiaryLesson>,
}

#[derive(Debug, Serialize)]
pub struct DiaryLesson {
    pub id: i64,
    pub pair_no: i32,
    pub time: String,
    pub subject: String,
    pub teacher: String,
    pub room: Option<String>,
    pub topic: String,
    pub homework: String,
    /// Substituted, moved or cancelled: a schedule change, highlighted.
    pub changed: bool,
    pub cancelled: bool,
    /// What changed and why, in words («Замена: …», «Отменено: …»).
    pub change_note: Option<String>,
    pub attendance: Option<Attendance>,
    pub reason: Option<&'static str>,
    pub marks: Vec<MarkView>,
    pub files: Vec<crate::journal::FileView>,
}

/// The student with their group, checked against the caller's reach.
async fn student_in_reach(
    app: &App,
    actor: &Actor,
    student_id: i64,
) -> Result<store::diary::DiaryStudent> {
    let student = store::diary::student(&app.db, actor.org_id, student_id).await?;
    require(
        actor,
        Permission::StudentRead {
            person_id: student_id,
            group_id: student.as_ref().map(|s| s.group_id),
        },
    )?;
    student.ok_or(Error::NotFound("обучающийся"))
}

pub fn monday_of(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

struct Loaded {
    lessons: Vec<store::diary::DiaryLesson>,
    files: Vec<store::files::FileInfo>,
    cells: HashMap<i64, CellState>,
    /// The latest change of each changed lesson, described.
    change_notes: HashMap<i64, String>,
}

/// Lessons of the student's group (their subgroup's and the whole group's) between two dates,
/// with the student's cells: one query, and one more for files or changes when any.
async fn load(
    app: &App,
    actor: &Actor,
    student: &store::diary::DiaryStudent,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Loaded> {
    let org_id = actor.org_id;
    // The reason of a change is staff data; the student and the family read the change alone.
    let with_reason = !is_family(actor, student.person_id);
    let (lessons, cells) = store::diary::lessons(
        &app.db,
        org_id,
        student.group_id,
        student.subgroup_id,
        student.person_id,
        from,
        to,
    )
    .await?;
    let cells = cells_of(cells)
        .into_iter()
        .map(|((lesson_id, _), cell)| (lesson_id, cell))
        .collect();
    let with_files: Vec<i64> = lessons
        .iter()
        .filter(|l| l.has_files)
        .map(|l| l.id)
        .collect();
    let files = if with_files.is_empty() {
        Vec::new()
    } else {
        store::files::of_lessons(&app.db, org_id, &with_files).await?
    };
    let changed: Vec<i64> = lessons.iter().filter(|l| l.changed).map(|l| l.id).collect();
    let change_notes = if changed.is_empty() {
        HashMap::new()
    } else {
        store::timetable::changes_of_lessons(&app.db, org_id, &changed)
            .await?
            .into_iter()
            .map(|c| {
                (
                    c.lesson_id,
                    crate::timetable::describe_change(&c, with_reason),
                )
            })
            .collect()
    };
    Ok(Loaded {
        change_notes,
        files,
        lessons,
        cells,
    })
}

/// «Иванова М. С.»: the substitute when there is one, else the teacher.
fn teacher_of(l: &store::diary::DiaryLesson) -> String {
    let name = match (&l.substitute_surname, &l.substitute_name) {
        (Some(surname), Some(name)) => FullName {
            surname: surname.clone(),
            name: name.clone(),
            patronymic: l.substitute_patronymic.clone(),
        },
        _ => FullName {
            surname: l.teacher_surname.clone(),
            name: l.teacher_name.clone(),
            patronymic: l.teacher_patronymic.clone(),
        },
    };
    name.short()
}

/// The week of `day`, or the week to show today when none is asked.
pub async fn week(
    app: &App,
    actor: &Actor,
    student_id: i64,
    day: Option<NaiveDate>,
) -> Result<DiaryWeek> {
    let student = student_in_reach(app, actor, student_id).await?;
    let monday = monday_of(day.unwrap_or_else(|| domain::calendar::week_to_show(app.today())));
    let saturday = monday + Duration::days(5);
    let week = format!("неделя {} — {}", date_ru(monday), date_ru(saturday));
    crate::read_log::record(app, actor, Some(student_id), None, ReadKind::Diary, &week);
    let data = load(app, actor, &student, monday, saturday).await?;
    let today = app.today();
    let days = (0..6)
        .map(|i| {
            let date = monday + Duration::days(i);
            let lessons = data
                .lessons
                .iter()
                .filter(|l| l.date == date)
                .map(|l| {
                    let cell = data.cells.get(&l.id);
                    DiaryLesson {
                        id: l.id,
                        pair_no: l.pair_no,
                        time: format!("{}–{}", l.starts_at, l.ends_at),
                        subject: l.subject.clone(),
                        teacher: teacher_of(l),
                        room: l.room.clone(),
                        topic: l.topic.clone(),
                        homework: l.homework.clone(),
                        changed: l.changed || l.substitute_surname.is_some(),
                        cancelled: l.cancelled,
                        change_note: data.change_notes.get(&l.id).cloned(),
                        attendance: cell.and_then(|c| c.attendance),
                        reason: cell.and_then(|c| c.reason).map(AbsenceReason::title),
                        marks: cell.map(|c| c.marks.clone()).unwrap_or_default(),
                        files: data
                            .files
                            .iter()
                            .filter(|f| f.lesson_id == l.id)
                            .cloned()
                            .map(crate::journal::file_view)
                            .collect(),
                    }
                })
                .collect();
            DiaryDay {
                title: format!("{}, {}", weekday_short(date), date_ru(date)),
                today: date == today,
                date,
                lessons,
            }
        })
        .collect();
    let name = FullName {
        surname: student.surname,
        name: student.name,
        patronymic: student.patronymic,
    };
    Ok(DiaryWeek {
        student_id,
        student: name.full(),
        group_id: student.group_id,
        group: student.group_name,
        title: format!("{} — {}", date_ru(monday), date_ru(saturday)),
        prev_week: monday - Duration::days(7),
        next_week: monday + Duration::days(7),
        monday,
        days,
    })
}

#[derive(Debug, Serialize)]
pub struct SubjectSummary {
    pub subject: String,
    pub marks: Vec<SummaryMark>,
    pub average: Option<f64>,
    pub valid_hours: i64,
    pub invalid_hours: i64,
}

#[derive(Debug, Serialize)]
pub struct SummaryMark {
    pub value: domain::journal::MarkValue,
    pub date: String,
    pub short: &'static str,
    pub work_kind: String,
    pub weight: i32,
}

/// Marks and absences by subject for a period, with weighted averages.
pub async fn summary(
    app: &App,
    actor: &Actor,
    student_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<SubjectSummary>> {
    let student = student_in_reach(app, actor, student_id).await?;
    let period = format!("{} — {}", date_ru(from), date_ru(to));
    crate::read_log::record(
        app,
        actor,
        Some(student_id),
        None,
        ReadKind::DiarySummary,
        &period,
    );
    let data = load(app, actor, &student, from, to).await?;
    let now = app.clock.local_now().naive_local();
    let mut by_subject: Vec<(i64, SubjectSummary)> = Vec::new();
    for l in &data.lessons {
        let idx = match by_subject.iter().position(|(s, _)| *s == l.subject_id) {
            Some(i) => i,
            None => {
                by_subject.push((
                    l.subject_id,
                    SubjectSummary {
                        subject: l.subject.clone(),
                        marks: Vec::new(),
                        average: None,
                        valid_hours: 0,
                        invalid_hours: 0,
                    },
                ));
                by_subject.len() - 1
            }
        };
        let s = &mut by_subject[idx].1;
        if let Some(cell) = data.cells.get(&l.id) {
            s.marks.extend(cell.marks.iter().map(|m| SummaryMark {
                value: m.value,
                date: l.date.format("%d.%m").to_string(),
                short: m.short,
                work_kind: m.work_kind.clone(),
                weight: m.weight,
            }));
            let held = domain::journal::has_begun(l.date, &l.starts_at, now);
            if held && cell.attendance == Some(Attendance::Absent) {
                if cell.reason.is_some_and(AbsenceReason::is_valid) {
                    s.valid_hours += HOURS_PER_PAIR;
                } else {
                    s.invalid_hours += HOURS_PER_PAIR;
                }
            }
        }
    }
    for (_, s) in &mut by_subject {
        s.average = weighted_average(s.marks.iter().map(|m| (m.value, m.weight)));
    }
    let mut out: Vec<SubjectSummary> = by_subject.into_iter().map(|(_, s)| s).collect();
    out.sort_by(|a, b| a.subject.cmp(&b.subject));
    Ok(out)
}

#[derive(Debug, Clone, Serialize)]
pub struct Child {
    pub person_id: i64,
    pub name: String,
}

/// Whose diaries the caller may open: self (a student), children, delegated children.
pub fn diary_owners(session: &crate::auth::Session) -> Vec<Child> {
    session.diary_owners.clone()
}

/// The people of [`diary_owners`], read with the session.
/// The student themselves, or one of their family or delegates.
fn is_family(actor: &Actor, student_id: i64) -> bool {
    (actor.has_role(domain::Role::Student) && actor.person_id == student_id)
        || actor.reachable_children().any(|c| c == student_id)
}

pub(crate) fn owner_ids(actor: &Actor) -> Vec<i64> {
    let mut ids = Vec::new();
    if actor.has_role(domain::Role::Student) {
        ids.push(actor.person_id);
    }
    ids.extend(actor.reachable_children());
    ids.dedup();
    ids
}

/// The owners among `people` (in their order: by name).
pub(crate) fn owners(people: &[store::entity::person::Model], ids: &[i64]) -> Vec<Child> {
    people
        .iter()
        .filter(|p| ids.contains(&p.id))
        .map(|p| Child {
            person_id: p.id,
            name: store::people::full_name(p).full(),
        })
        .collect()
}

/// The half-year `today` falls in: 1 September – 31 December, or 1 January –
/// 31 August; `from` and `to` override its ends.
pub fn default_period(
    today: NaiveDate,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> (NaiveDate, NaiveDate) {
    let (start, end) = if today.month() >= 9 {
        (
            NaiveDate::from_ymd_opt(today.year(), 9, 1),
            NaiveDate::from_ymd_opt(today.year(), 12, 31),
        )
    } else {
        (
            NaiveDate::from_ymd_opt(today.year(), 1, 1),
            NaiveDate::from_ymd_opt(today.year(), 8, 31),
        )
    };
    (from.or(start).unwrap_or(today), to.or(end).unwrap_or(today))
}
