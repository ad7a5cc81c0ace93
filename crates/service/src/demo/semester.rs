//! The demo's first semester: subjects, a weekly timetable turned into dated
//! lessons (01.09–26.12.2026, weekdays, 04.11 a holiday), and for lessons up to
//! 20.11.2026 topics, homework, marks and absences with their history. Lessons
//! after that date are left for a teacher to fill in. Deterministic from the seed.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use domain::journal::{attendance_record, AbsenceReason, Attendance, MarkValue};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use store::entity::{account, journal_change, journal_entry, lesson, mark, role_grant, room};
use store::lessons::NewLesson;

use super::plan::{ymd, Rng};
use crate::Result;

pub const SEMESTER_START: (i32, u32, u32) = (2026, 9, 1);
pub const SEMESTER_END: (i32, u32, u32) = (2026, 12, 26);
/// Lessons up to this day carry topics, marks and absences.
pub const FILLED_UNTIL: (i32, u32, u32) = (2026, 11, 20);
pub const HOLIDAYS: [(i32, u32, u32); 1] = [(2026, 11, 4)];

const BELLS: [(&str, &str); 4] = [
    ("08:30", "10:00"),
    ("10:10", "11:40"),
    ("12:20", "13:50"),
    ("14:00", "15:30"),
];

/// General disciplines of the first two courses: (name, short name, pairs a week).
const GENERAL: [(&str, &str, usize); 8] = [
    ("Русский язык", "ОУД.01", 2),
    ("Литература", "ОУД.02", 2),
    (
        "Иностранный язык в профессиональной деятельности",
        "ОУД.03",
        2,
    ),
    ("Математика", "ОУД.04", 3),
    ("История России", "ОУД.05", 2),
    ("Физика", "ОУД.06", 2),
    ("Информатика", "ОУД.07", 2),
    ("Физическая культура", "ОУД.08", 2),
];

/// Professional disciplines and МДК of the third and fourth courses, by specialty.
const PROFESSIONAL: [[(&str, &str, usize); 6]; 4] = [
    [
        ("Геология", "ОП.01", 2),
        ("Техническая механика", "ОП.02", 2),
        ("Электротехника и электроника", "ОП.03", 2),
        ("Технология горных работ", "МДК.01.01", 4),
        ("Горные машины и оборудование", "МДК.01.02", 3),
        ("Охрана труда и промышленная безопасность", "ОП.04", 2),
    ],
    [
        ("Общая и неорганическая химия", "ОП.01", 3),
        ("Аналитическая химия", "ОП.02", 3),
        ("Физико-химические методы анализа", "МДК.01.01", 4),
        ("Метрология и стандартизация", "ОП.03", 2),
        ("Органическая химия", "ОП.04", 2),
        ("Охрана труда и промышленная безопасность", "ОП.05", 2),
    ],
    [
        ("Инженерная графика", "ОП.01", 2),
        ("Техническая механика", "ОП.02", 3),
        ("Материаловедение", "ОП.03", 2),
        ("Монтаж промышленного оборудования", "МДК.01.01", 4),
        (
            "Техническое обслуживание и ремонт оборудования",
            "МДК.02.01",
            3,
        ),
        ("Охрана труда и промышленная безопасность", "ОП.04", 2),
    ],
    [
        ("Электротехника и электроника", "ОП.01", 3),
        ("Электрические машины и аппараты", "ОП.02", 3),
        ("Электроснабжение горных предприятий", "МДК.01.01", 4),
        ("Релейная защита и автоматика", "МДК.01.02", 2),
        ("Инженерная графика", "ОП.03", 2),
        ("Охрана труда и промышленная безопасность", "ОП.04", 2),
    ],
];

/// The practice of the third course, marked зачёт / незачёт.
const PRACTICE: (&str, &str) = ("Учебная практика", "УП.01");

const SECTIONS: [&str; 10] = [
    "Введение. Основные понятия",
    "Основные законы и определения",
    "Методы расчёта",
    "Практическое применение",
    "Нормативные документы",
    "Оборудование и инструменты",
    "Контроль качества",
    "Техника безопасности",
    "Решение задач",
    "Обобщение и систематизация",
];

const HOMEWORK: [&str; 6] = [
    "Конспект, § {n}, вопросы 1–5",
    "Решить задачи № {n}–{m}",
    "Подготовить отчёт по практической работе № {n}",
    "Выучить определения темы {n}",
    "Подготовить сообщение по теме занятия",
    "Повторить материал §§ {n}–{m} к контрольной работе",
];

/// One pair of the weekly timetable.
struct Weekly {
    group: usize,
    subgroup: Option<i64>,
    subject: i64,
    teacher: i64,
    room: Option<i64>,
    weekday: usize,
    pair: usize,
    kind: &'static str,
}

struct GroupInfo {
    id: i64,
    course: i32,
    specialty: usize,
    curator: Option<i64>,
    /// (student person id, subgroup id)
    students: Vec<(i64, Option<i64>)>,
    subgroups: Vec<i64>,
}

fn date(t: (i32, u32, u32)) -> NaiveDate {
    ymd(t.0, t.1, t.2)
}

/// Writes the semester into the college just created by the demo.
pub(super) async fn write(
    db: &impl ConnectionTrait,
    college: i64,
    seed: u64,
    specialty_ids: &[i64],
) -> Result<()> {
    let mut rng = Rng::new(seed ^ 0x5E3E_57E2);
    // Teachers in the order of their accounts; teacher1 and the curators are among them.
    let teacher_accounts: Vec<i64> = role_grant::Entity::find()
        .filter(role_grant::Column::OrgId.eq(college))
        .filter(role_grant::Column::Role.eq("teacher"))
        .order_by_asc(role_grant::Column::AccountId)
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.account_id)
        .collect();
    let accounts: Vec<account::Model> = account::Entity::find()
        .filter(account::Column::Id.is_in(teacher_accounts.clone()))
        .order_by_asc(account::Column::Id)
        .all(db)
        .await?;
    let account_of: HashMap<i64, i64> = accounts.iter().map(|a| (a.person_id, a.id)).collect();
    // teacher1 first, so it gets a general subject taught in many groups.
    let mut teachers: Vec<i64> = accounts.iter().map(|a| a.person_id).collect();
    if let Some(pos) = accounts.iter().position(|a| a.login == "teacher1") {
        let t = teachers.remove(pos);
        teachers.insert(0, t);
    }
    if teachers.is_empty() {
        return Ok(());
    }

    let mut groups = Vec::new();
    for g in store::groups::all(db, college).await? {
        if g.study_form != "full_time" {
            continue;
        }
        let specialty = specialty_ids
            .iter()
            .position(|s| *s == g.specialty_id)
            .unwrap_or(0);
        let students = store::groups::students(db, college, g.id)
            .await?
            .into_iter()
            .map(|(p, m)| (p.id, m.subgroup_id))
            .collect();
        let subgroups = store::groups::subgroups(db, college, g.id)
            .await?
            .into_iter()
            .map(|s| s.id)
            .collect();
        groups.push(GroupInfo {
            id: g.id,
            course: 2026 - g.intake_year + 1,
            specialty,
            curator: g.curator_person_id,
            students,
            subgroups,
        });
    }
    let rooms: Vec<room::Model> = room::Entity::find()
        .filter(room::Column::OrgId.eq(college))
        .order_by_asc(room::Column::Id)
        .all(db)
        .await?;

    // Subjects, each with a teacher (two for foreign language: one per subgroup).
    let mut subject_ids: HashMap<&str, (i64, &str)> = HashMap::new();
    let mut next_teacher = 0usize;
    let mut take_teacher = || {
        let t = teachers[next_teacher % teachers.len()];
        next_teacher += 1;
        t
    };
    let mut subject_teacher: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut all_subjects: Vec<(&str, &str, &str, &str)> = GENERAL
        .iter()
        .map(|s| (s.0, s.1, "discipline", "five"))
        .collect();
    for list in PROFESSIONAL.iter() {
        for s in list {
            let kind = if s.1.starts_with("МДК") {
                "mdk"
            } else {
                "discipline"
            };
            all_subjects.push((s.0, s.1, kind, "five"));
        }
    }
    all_subjects.push((PRACTICE.0, PRACTICE.1, "practice", "pass_fail"));
    for (name, short, kind, scale) in all_subjects {
        if subject_ids.contains_key(name) {
            continue;
        }
        let s = store::subjects::insert(db, college, name, short, kind, scale).await?;
        subject_ids.insert(name, (s.id, scale));
        let count = if name.starts_with("Иностранный") || name.starts_with("Математика")
        {
            2
        } else {
            1
        };
        subject_teacher.insert(s.id, (0..count).map(|_| take_teacher()).collect());
    }

    // The weekly pattern: (weekday 0..5, pair 0..4) slots, nobody twice in one slot.
    let mut teacher_busy: HashSet<(i64, usize, usize)> = HashSet::new();
    let mut room_busy: HashSet<(i64, usize, usize)> = HashSet::new();
    // (group, subgroup, subject, teacher, room, weekday, pair, kind)
    let mut pattern: Vec<Weekly> = Vec::new();
    for (gi, g) in groups.iter().enumerate() {
        let mut plan: Vec<(&str, usize)> = if g.course <= 2 {
            GENERAL.iter().map(|s| (s.0, s.2)).collect()
        } else {
            PROFESSIONAL[g.specialty.min(3)]
                .iter()
                .map(|s| (s.0, s.2))
                .collect()
        };
        if g.course == 3 {
            plan.push((PRACTICE.0, 1));
        }
        let mut group_busy: HashSet<(usize, usize)> = HashSet::new();
        // The curator teaches the group's second subject (the first ones go to the subject teachers).
        let mut own_teacher: HashMap<i64, Vec<i64>> = HashMap::new();
        for (i, (name, _)) in plan.iter().enumerate() {
            let (sid, _) = subject_ids[name];
            let mut ts = subject_teacher[&sid].clone();
            if i == 1 {
                if let Some(c) = g.curator.filter(|c| account_of.contains_key(c)) {
                    ts[0] = c;
                }
            }
            own_teacher.insert(sid, ts);
        }
        let size = g.students.len() as i32;
        let mut slots: Vec<(usize, usize)> =
            (0..5).flat_map(|d| (0..4).map(move |p| (d, p))).collect();
        rng.shuffle(&mut slots);
        // Early pairs first, so days start at the first pair.
        slots.sort_by_key(|&(d, p)| (p, d));
        for (name, per_week) in plan {
            let (sid, _) = subject_ids[name];
            let ts = &own_teacher[&sid];
            let split = ts.len() == 2 && g.subgroups.len() == 2;
            let kind = if name.starts_with("Физическая") {
                "practical"
            } else if per_week >= 3 {
                "lecture"
            } else {
                "practical"
            };
            let mut placed = 0;
            for &(d, p) in &slots {
                if placed == per_week {
                    break;
                }
                if group_busy.contains(&(d, p))
                    || ts.iter().any(|t| teacher_busy.contains(&(*t, d, p)))
                {
                    continue;
                }
                let need = if split { size / 2 + 1 } else { size };
                let free: Vec<&room::Model> = rooms
                    .iter()
                    .filter(|r| r.capacity >= need && !room_busy.contains(&(r.id, d, p)))
                    .filter(|r| (name.starts_with("Физическая")) == (r.kind == "gym"))
                    .collect();
                if free.len() < if split { 2 } else { 1 } {
                    continue;
                }
                group_busy.insert((d, p));
                if split {
                    for (k, t) in ts.iter().enumerate() {
                        teacher_busy.insert((*t, d, p));
                        room_busy.insert((free[k].id, d, p));
                        pattern.push(Weekly {
                            group: gi,
                            subgroup: Some(g.subgroups[k]),
                            subject: sid,
                            teacher: *t,
                            room: Some(free[k].id),
                            weekday: d,
                            pair: p,
                            kind: "practical",
                        });
                    }
                } else {
                    teacher_busy.insert((ts[0], d, p));
                    room_busy.insert((free[0].id, d, p));
                    pattern.push(Weekly {
                        group: gi,
                        subgroup: None,
                        subject: sid,
                        teacher: ts[0],
                        room: Some(free[0].id),
                        weekday: d,
                        pair: p,
                        kind,
                    });
                }
                placed += 1;
            }
        }
    }

    // Dated lessons.
    let (start, end) = (date(SEMESTER_START), date(SEMESTER_END));
    let holidays: Vec<NaiveDate> = HOLIDAYS.iter().map(|h| date(*h)).collect();
    let mut lessons: Vec<NewLesson> = Vec::new();
    let mut day = start;
    while day <= end {
        let wd = day.weekday().num_days_from_monday() as usize;
        if wd < 5 && !holidays.contains(&day) {
            for w in pattern.iter().filter(|w| w.weekday == wd) {
                lessons.push(NewLesson {
                    group_id: groups[w.group].id,
                    subgroup_id: w.subgroup,
                    subject_id: w.subject,
                    teacher_person_id: w.teacher,
                    room_id: w.room,
                    date: day,
                    pair_no: w.pair as i32 + 1,
                    starts_at: BELLS[w.pair].0.into(),
                    ends_at: BELLS[w.pair].1.into(),
                    kind: w.kind.into(),
                });
            }
        }
        day += Duration::days(1);
    }
    lessons.sort_by_key(|l| (l.date, l.group_id, l.pair_no, l.subgroup_id));
    let filled_until = date(FILLED_UNTIL);
    // Topics and homework of the past, numbered per group and subject.
    let mut counters: HashMap<(i64, i64), usize> = HashMap::new();
    let mut rows = Vec::with_capacity(lessons.len());
    for l in &lessons {
        let mut row = l.clone().active_model(college);
        if l.date <= filled_until {
            let n = counters.entry((l.group_id, l.subject_id)).or_insert(0);
            *n += 1;
            let section = SECTIONS[(*n / 6) % SECTIONS.len()];
            row.topic = Set(format!("Тема {}.{}. {section}", *n / 6 + 1, *n % 6 + 1));
            if rng.chance(50) {
                let h = HOMEWORK[rng.index(HOMEWORK.len())];
                let k = rng.range(1, 30);
                row.homework = Set(h
                    .replace("{n}", &k.to_string())
                    .replace("{m}", &(k + 4).to_string()));
            }
        }
        rows.push(row);
    }
    for chunk in rows.chunks(400) {
        lesson::Entity::insert_many(chunk.to_vec()).exec(db).await?;
    }
    let saved: Vec<lesson::Model> = lesson::Entity::find()
        .filter(lesson::Column::OrgId.eq(college))
        .order_by_asc(lesson::Column::Id)
        .all(db)
        .await?;

    // Marks and absences of the past, with their history.
    let kinds = store::subjects::work_kinds(db, college).await?;
    let kind_id = |name: &str| {
        kinds
            .iter()
            .find(|k| k.name == name)
            .map(|k| k.id)
            .unwrap_or(kinds[0].id)
    };
    let (answer, practical, test, control) = (
        kind_id("Ответ на занятии"),
        kind_id("Практическая работа"),
        kind_id("Тест"),
        kind_id("Контрольная работа"),
    );
    let scale_of: HashMap<i64, &str> = subject_ids
        .values()
        .map(|(id, scale)| (*id, *scale))
        .collect();
    let group_of: HashMap<i64, &GroupInfo> = groups.iter().map(|g| (g.id, g)).collect();
    // Some students miss much more than others.
    let mut absence_rate: HashMap<i64, u64> = HashMap::new();
    for g in &groups {
        for (s, _) in &g.students {
            let r = match rng.below(100) {
                0..=69 => 3,
                70..=89 => 7,
                _ => 18,
            };
            absence_rate.insert(*s, r);
        }
    }
    struct Fact {
        lesson: i64,
        student: i64,
        teacher_account: i64,
        at: chrono::DateTime<Utc>,
        attendance: Option<(Attendance, Option<AbsenceReason>)>,
        marks: Vec<(MarkValue, i64)>,
    }
    let mut facts: Vec<Fact> = Vec::new();
    for l in saved.iter().filter(|l| l.date <= filled_until) {
        let Some(g) = group_of.get(&l.group_id) else {
            continue;
        };
        let teacher_account = account_of
            .get(&l.teacher_person_id)
            .copied()
            .unwrap_or(teacher_accounts[0]);
        let at = Utc
            .from_local_datetime(&l.date.and_hms_opt(12, 0, 0).unwrap_or_default())
            .single()
            .unwrap_or_else(Utc::now);
        let pass_fail = scale_of.get(&l.subject_id) == Some(&"pass_fail");
        let work = if rng.chance(16) {
            [practical, test, control][rng.index(3)]
        } else {
            answer
        };
        let share = if work == answer { 22 } else { 80 };
        for &(s, sub) in &g.students {
            if l.subgroup_id.is_some_and(|x| Some(x) != sub) {
                continue;
            }
            let roll = rng.below(1000);
            let rate = absence_rate.get(&s).copied().unwrap_or(3);
            let attendance = if roll < rate * 10 {
                let reason = match rng.below(100) {
                    0..=44 => AbsenceReason::Illness,
                    45..=54 => AbsenceReason::Document,
                    55..=59 => AbsenceReason::CollegeOrder,
                    _ => AbsenceReason::Invalid,
                };
                Some((Attendance::Absent, Some(reason)))
            } else if roll < rate * 10 + 10 {
                Some((Attendance::Late, None))
            } else {
                None
            };
            let mut marks = Vec::new();
            if !matches!(attendance, Some((Attendance::Absent, _))) && rng.chance(share) {
                let value = if pass_fail {
                    if rng.chance(92) {
                        MarkValue::Pass
                    } else {
                        MarkValue::Fail
                    }
                } else {
                    match rng.below(100) {
                        0..=34 => MarkValue::Five,
                        35..=74 => MarkValue::Four,
                        75..=94 => MarkValue::Three,
                        _ => MarkValue::Two,
                    }
                };
                marks.push((value, if pass_fail { practical } else { work }));
            }
            if attendance.is_some() || !marks.is_empty() {
                facts.push(Fact {
                    lesson: l.id,
                    student: s,
                    teacher_account,
                    at,
                    attendance,
                    marks,
                });
            }
        }
    }
    let entries: Vec<journal_entry::ActiveModel> = facts
        .iter()
        .map(|f| journal_entry::ActiveModel {
            org_id: Set(college),
            lesson_id: Set(f.lesson),
            student_person_id: Set(f.student),
            attendance: Set(f.attendance.map(|(a, _)| a.code().to_string())),
            reason: Set(f
                .attendance
                .and_then(|(_, r)| r)
                .map(|r| r.code().to_string())),
            source: Set(Some("teacher".into())),
            version: Set(1),
            updated_by: Set(f.teacher_account),
            updated_at: Set(f.at),
            ..Default::default()
        })
        .collect();
    for chunk in entries.chunks(400) {
        journal_entry::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await?;
    }
    let entry_ids: HashMap<(i64, i64), i64> = journal_entry::Entity::find()
        .filter(journal_entry::Column::OrgId.eq(college))
        .all(db)
        .await?
        .into_iter()
        .map(|e| ((e.lesson_id, e.student_person_id), e.id))
        .collect();
    let mut mark_rows = Vec::new();
    for f in &facts {
        for (i, (value, work)) in f.marks.iter().enumerate() {
            mark_rows.push(mark::ActiveModel {
                org_id: Set(college),
                entry_id: Set(entry_ids
                    .get(&(f.lesson, f.student))
                    .copied()
                    .unwrap_or_default()),
                lesson_id: Set(f.lesson),
                student_person_id: Set(f.student),
                value: Set(value.code().to_string()),
                work_kind_id: Set(*work),
                position: Set(i as i32),
                created_by: Set(f.teacher_account),
                created_at: Set(f.at),
                ..Default::default()
            });
        }
    }
    for chunk in mark_rows.chunks(400) {
        mark::Entity::insert_many(chunk.to_vec()).exec(db).await?;
    }
    let mark_ids: HashMap<(i64, i64, i32), i64> = mark::Entity::find()
        .filter(mark::Column::OrgId.eq(college))
        .all(db)
        .await?
        .into_iter()
        .map(|m| ((m.lesson_id, m.student_person_id, m.position), m.id))
        .collect();
    let mut history = Vec::new();
    for f in &facts {
        let base = |what: &str, mark_id: Option<i64>, new_value: Option<String>| {
            journal_change::ActiveModel {
                org_id: Set(college),
                lesson_id: Set(f.lesson),
                student_person_id: Set(f.student),
                what: Set(what.to_string()),
                mark_id: Set(mark_id),
                old_value: Set(None),
                new_value: Set(new_value),
                changed_by: Set(f.teacher_account),
                changed_at: Set(f.at),
                via: Set("web".into()),
                ..Default::default()
            }
        };
        if let Some((a, r)) = f.attendance {
            history.push(base("attendance", None, attendance_record(Some(a), r)));
        }
        for (i, (value, _)) in f.marks.iter().enumerate() {
            let id = mark_ids.get(&(f.lesson, f.student, i as i32)).copied();
            history.push(base("mark", id, Some(value.code().to_string())));
        }
    }
    for chunk in history.chunks(400) {
        journal_change::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::Datelike;
    use sea_orm::{ConnectionTrait, Statement};

    use super::*;
    use crate::App;

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
    async fn a_semester_without_double_bookings_and_a_filled_past() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("s.db").display());
        let db = store::db::connect(&url).await.expect("connect");
        store::migration::run(&db).await.expect("migrate");
        let app = App::new(db);
        crate::demo::load(&app, crate::demo::DEFAULT_SEED)
            .await
            .expect("load");

        assert!(count(&app, "SELECT COUNT(*) FROM lessons").await > 3000);
        for sql in [
            "SELECT COUNT(*) FROM (SELECT teacher_person_id, date, pair_no FROM lessons GROUP BY 1, 2, 3 HAVING COUNT(*) > 1) x",
            "SELECT COUNT(*) FROM (SELECT room_id, date, pair_no FROM lessons GROUP BY 1, 2, 3 HAVING COUNT(*) > 1) x",
            "SELECT COUNT(*) FROM (SELECT group_id, date, pair_no FROM lessons WHERE subgroup_id IS NULL GROUP BY 1, 2, 3 HAVING COUNT(*) > 1) x",
            "SELECT COUNT(*) FROM lessons WHERE date = '2026-11-04'",
            "SELECT COUNT(*) FROM marks m JOIN lessons l ON l.id = m.lesson_id WHERE l.date > '2026-11-20'",
            "SELECT COUNT(*) FROM marks m JOIN lessons l ON l.id = m.lesson_id JOIN subjects s ON s.id = l.subject_id \
             WHERE (s.scale = 'five') <> (m.value IN ('2', '3', '4', '5'))",
            "SELECT COUNT(*) FROM marks m WHERE NOT EXISTS (SELECT 1 FROM journal_history h WHERE h.mark_id = m.id)",
            "SELECT COUNT(*) FROM journal_entries e WHERE e.attendance IS NOT NULL AND NOT EXISTS \
             (SELECT 1 FROM journal_history h WHERE h.lesson_id = e.lesson_id AND h.student_person_id = e.student_person_id AND h.what = 'attendance')",
            "SELECT COUNT(*) FROM marks m JOIN journal_entries e ON e.id = m.entry_id WHERE e.attendance = 'absent'",
        ] {
            assert_eq!(count(&app, sql).await, 0, "{sql}");
        }
        let dates: Vec<NaiveDate> = lesson::Entity::find()
            .all(&app.db)
            .await
            .expect("lessons")
            .into_iter()
            .map(|l| l.date)
            .collect();
        assert!(
            dates.iter().all(|d| d.weekday().num_days_from_monday() < 5),
            "weekdays only"
        );
        assert!(
            count(
                &app,
                "SELECT COUNT(*) FROM lessons WHERE subgroup_id IS NOT NULL"
            )
            .await
                > 0
        );
        assert!(
            count(&app, "SELECT COUNT(DISTINCT l.group_id) FROM lessons l JOIN accounts a ON a.person_id = l.teacher_person_id WHERE a.login = 'teacher1'").await >= 2
        );
        assert!(
            count(&app, "SELECT COUNT(*) FROM lessons l JOIN accounts a ON a.person_id = l.teacher_person_id \
                         JOIN study_groups g ON g.id = l.group_id AND g.curator_person_id = a.person_id WHERE a.login = 'curator1'").await > 0
        );
        let past = count(
            &app,
            "SELECT COUNT(*) FROM lessons WHERE date <= '2026-11-20'",
        )
        .await;
        let absent = count(
            &app,
            "SELECT COUNT(*) FROM journal_entries WHERE attendance = 'absent'",
        )
        .await;
        let marks = count(&app, "SELECT COUNT(*) FROM marks").await;
        // About 20 students a lesson: ~5% absent, ~30% marked.
        assert!(
            absent > past && absent < past * 3,
            "absences {absent} for {past} lessons"
        );
        assert!(
            marks > past * 3 && marks < past * 12,
            "marks {marks} for {past} lessons"
        );
        assert!(
            count(&app, "SELECT COUNT(*) FROM marks m JOIN accounts a ON a.person_id = m.student_person_id WHERE a.login = 'student1'").await > 0
        );
    }
}
