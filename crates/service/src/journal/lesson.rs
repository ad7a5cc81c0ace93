//! One lesson: topic and homework, its students' cells, «everyone present», and a cell's history.

use std::collections::HashMap;

use domain::journal::{describe_attendance_record, Attendance, MarkValue};
use domain::{Actor, Permission, Validation};
use serde::Serialize;
use store::entity::mark;

use super::cell::{state, CellState};
use super::grid::require_lesson_read;
use super::{date_ru, weekday_short};
use crate::error::{Error, Result};
use crate::{require, App};

#[derive(Debug, Serialize)]
pub struct LessonCard {
    pub id: i64,
    pub group_id: i64,
    pub group: String,
    pub subject_id: i64,
    pub subject: String,
    pub date: String,
    pub weekday: &'static str,
    pub pair_no: i32,
    pub time: String,
    pub teacher: String,
    pub substitute: Option<String>,
    pub topic: String,
    pub homework: String,
    /// Topic and homework may be edited by the caller.
    pub can_edit: bool,
    /// Attendance may be changed now (deadline and role).
    pub attendance_open: bool,
    pub marks_open: bool,
    /// Why entry is closed, when it is.
    pub closed_reason: Option<String>,
    /// «Все присутствуют» was pressed: when, and how attendance stands.
    pub attendance_taken: Option<AttendanceTaken>,
    pub files: Vec<super::FileView>,
    pub work_kinds: Vec<(i64, String, i32)>,
    pub students: Vec<LessonStudent>,
}

#[derive(Debug, Serialize)]
pub struct LessonStudent {
    pub name: String,
    pub cell: CellState,
}

pub async fn lesson_card(app: &App, actor: &Actor, lesson_id: i64) -> Result<LessonCard> {
    let lesson = store::lessons::get(&app.db, actor.org_id, lesson_id)
        .await?
        .ok_or(Error::NotFound("занятие"))?;
    require_lesson_read(app, actor, &lesson).await?;
    let group = store::groups::get(&app.db, actor.org_id, lesson.group_id)
        .await?
        .ok_or(Error::NotFound("группа"))?;
    let subject = store::subjects::get(&app.db, actor.org_id, lesson.subject_id)
        .await?
        .ok_or(Error::NotFound("предмет"))?;
    crate::read_log::record(
        app,
        actor,
        None,
        Some(group.id),
        domain::read_log::ReadKind::Journal,
        &format!(
            "{} · {}, занятие {}",
            group.name,
            subject.name,
            date_ru(lesson.date)
        ),
    );
    let mut teacher_ids = vec![lesson.teacher_person_id];
    teacher_ids.extend(lesson.substitute_person_id);
    let teachers: HashMap<i64, String> = store::people::by_ids(&app.db, &teacher_ids)
        .await?
        .into_iter()
        .map(|p| (p.id, store::people::full_name(&p).short()))
        .collect();
    let entries = store::journal::entries_of_lessons(&app.db, actor.org_id, &[lesson.id]).await?;
    let marks = store::journal::marks_of_lessons(&app.db, actor.org_id, &[lesson.id]).await?;
    let kinds = store::subjects::work_kinds(&app.db, actor.org_id).await?;
    let people = students_of(&app.db, actor.org_id, &lesson).await?;
    let attendance_taken = lesson
        .attendance_checked_at
        .map(|at| AttendanceTaken::count(at.with_timezone(&app.clock.zone()), &people, &entries));
    let students = people
        .into_iter()
        .map(|p| {
            let entry = entries.iter().find(|e| e.student_person_id == p.id);
            let cell_marks: Vec<&mark::Model> = marks
                .iter()
                .filter(|m| m.student_person_id == p.id)
                .collect();
            LessonStudent {
                name: store::people::full_name(&p).full(),
                cell: state(lesson.id, p.id, entry, &cell_marks, &kinds),
            }
        })
        .collect();
    let writes = Permission::LessonWrite {
        teacher_id: lesson.teacher_person_id,
        substitute_id: lesson.substitute_person_id,
    };
    let attends = Permission::AttendanceWrite {
        teacher_id: lesson.teacher_person_id,
        substitute_id: lesson.substitute_person_id,
        group_id: lesson.group_id,
    };
    let open = super::check_open(&app.db, actor, &lesson, app.today()).await;
    let closed_reason = match &open {
        Err(Error::Locked(m)) => Some(m.clone()),
        _ => None,
    };
    let is_open = open.is_ok();
    let files = store::files::of_lessons(&app.db, actor.org_id, &[lesson.id])
        .await?
        .into_iter()
        .map(super::files::view)
        .collect();
    Ok(LessonCard {
        id: lesson.id,
        group_id: group.id,
        group: group.name,
        subject_id: subject.id,
        subject: subject.name,
        date: date_ru(lesson.date),
        weekday: weekday_short(lesson.date),
        pair_no: lesson.pair_no,
        time: format!("{}–{}", lesson.starts_at, lesson.ends_at),
        teacher: teachers
            .get(&lesson.teacher_person_id)
            .cloned()
            .unwrap_or_default(),
        substitute: lesson
            .substitute_person_id
            .and_then(|s| teachers.get(&s).cloned()),
        topic: lesson.topic,
        homework: lesson.homework,
        can_edit: actor.can(writes),
        attendance_open: is_open && actor.can(attends),
        marks_open: is_open && actor.can(writes),
        closed_reason: if actor.can(attends) {
            closed_reason
        } else {
            None
        },
        attendance_taken,
        files,
        work_kinds: kinds
            .iter()
            .map(|k| (k.id, k.name.clone(), k.weight))
            .collect(),
        students,
    })
}

/// Topic and homework; the teacher may set homework ahead, so no deadline applies.
pub async fn update_lesson(
    app: &App,
    actor: &Actor,
    lesson_id: i64,
    topic: &str,
    homework: &str,
) -> Result<()> {
    let lesson = store::lessons::get(&app.db, actor.org_id, lesson_id)
        .await?
        .ok_or(Error::NotFound("занятие"))?;
    require(
        actor,
        Permission::LessonWrite {
            teacher_id: lesson.teacher_person_id,
            substitute_id: lesson.substitute_person_id,
        },
    )?;
    let mut v = Validation::new();
    let topic = v.optional_text("topic", topic, 500).unwrap_or_default();
    let homework = v
        .optional_text("homework", homework, 4000)
        .unwrap_or_default();
    v.finish().map_err(Error::Invalid)?;
    let txn = store::begin_write(&app.db).await?;
    store::lessons::set_topic_homework(&txn, actor.org_id, lesson_id, &topic, &homework).await?;
    crate::audit(
        &txn,
        actor,
        "update",
        "lesson",
        lesson_id,
        serde_json::json!({ "topic": topic, "homework": homework }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Attendance taken by «Все присутствуют»: when, and how it stands now.
#[derive(Debug, Serialize)]
pub struct AttendanceTaken {
    /// In the college's time.
    pub at: chrono::DateTime<chrono::FixedOffset>,
    pub students: usize,
    /// Students without an absence: lateness counts as present.
    pub present: usize,
    pub absent: usize,
    pub late: usize,
}

impl AttendanceTaken {
    fn count(
        at: chrono::DateTime<chrono::FixedOffset>,
        students: &[store::entity::person::Model],
        entries: &[store::entity::journal_entry::Model],
    ) -> AttendanceTaken {
        let count = |a: Attendance| {
            entries
                .iter()
                .filter(|e| students.iter().any(|p| p.id == e.student_person_id))
                .filter(|e| e.attendance.as_deref().and_then(Attendance::from_code) == Some(a))
                .count()
        };
        let (absent, late) = (count(Attendance::Absent), count(Attendance::Late));
        AttendanceTaken {
            at,
            students: students.len(),
            present: students.len().saturating_sub(absent),
            absent,
            late,
        }
    }

    /// «Посещаемость отмечена 03.12.2026 в 10:15: присутствуют 23 из 25,
    /// отсутствуют 2, опоздал 1.»
    pub fn summary(&self) -> String {
        use domain::words::plural;
        let mut s = format!(
            "Посещаемость отмечена {} в {}: {} {} из {}",
            date_ru(self.at.date_naive()),
            self.at.format("%H:%M"),
            plural(
                self.present,
                ["присутствует", "присутствуют", "присутствуют"]
            ),
            self.present,
            self.students
        );
        if self.absent > 0 {
            let verb = plural(self.absent, ["отсутствует", "отсутствуют", "отсутствуют"]);
            s.push_str(&format!(", {verb} {}", self.absent));
        }
        if self.late > 0 {
            let verb = plural(self.late, ["опоздал", "опоздали", "опоздали"]);
            s.push_str(&format!(", {verb} {}", self.late));
        }
        s.push('.');
        s
    }
}

/// The students a lesson is for: its group, or its subgroup.
async fn students_of(
    db: &impl sea_orm::ConnectionTrait,
    org_id: i64,
    lesson: &store::entity::lesson::Model,
) -> Result<Vec<store::entity::person::Model>> {
    Ok(store::groups::students(db, org_id, lesson.group_id)
        .await?
        .into_iter()
        .filter(|(_, m)| lesson.subgroup_id.is_none_or(|s| m.subgroup_id == Some(s)))
        .map(|(p, _)| p)
        .collect())
}

/// «Все присутствуют»: the teacher has taken attendance, so every student
/// without a record is present. It fills blanks only: presence is the lack
/// of an absence, so no cell is written, and an absence (a parent's notice
/// too) is removed one cell at a time, where the teacher sees whose it is
/// (seed 4.2: the teacher removes a notice's absence when the student came).
pub async fn everyone_present(app: &App, actor: &Actor, lesson_id: i64) -> Result<AttendanceTaken> {
    let lesson = store::lessons::get(&app.db, actor.org_id, lesson_id)
        .await?
        .ok_or(Error::NotFound("занятие"))?;
    require(
        actor,
        Permission::AttendanceWrite {
            teacher_id: lesson.teacher_person_id,
            substitute_id: lesson.substitute_person_id,
            group_id: lesson.group_id,
        },
    )?;
    super::check_open(&app.db, actor, &lesson, app.today()).await?;
    let txn = store::begin_write(&app.db).await?;
    let students = students_of(&txn, actor.org_id, &lesson).await?;
    let entries = store::journal::entries_of_lessons(&txn, actor.org_id, &[lesson_id]).await?;
    let now = app.now();
    let taken = AttendanceTaken::count(now.with_timezone(&app.clock.zone()), &students, &entries);
    store::lessons::attendance_checked(&txn, actor.org_id, lesson_id, actor.account_id, now)
        .await?;
    crate::audit(
        &txn,
        actor,
        "attendance_taken",
        "lesson",
        lesson_id,
        serde_json::json!({ "present": taken.present, "absent": taken.absent, "late": taken.late }),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(taken)
}

#[derive(Debug, Serialize)]
pub struct HistoryRow {
    pub at: String,
    pub who: String,
    pub what: &'static str,
    pub old: String,
    pub new: String,
    pub via: String,
}

fn describe(what: &str, value: Option<&str>) -> String {
    match (what, value) {
        (_, None) => "—".into(),
        ("attendance", Some(v)) => describe_attendance_record(v),
        ("mark_kind", Some(v)) => v.to_string(),
        (_, Some(v)) => MarkValue::from_code(v)
            .map(|m| m.short().to_string())
            .unwrap_or_else(|| v.to_string()),
    }
}

/// Every change of one cell, oldest first (seed 4.2).
pub async fn history(
    app: &App,
    actor: &Actor,
    lesson_id: i64,
    student_id: i64,
) -> Result<Vec<HistoryRow>> {
    let lesson = store::lessons::get(&app.db, actor.org_id, lesson_id)
        .await?
        .ok_or(Error::NotFound("занятие"))?;
    require_lesson_read(app, actor, &lesson).await?;
    let rows = store::journal::history(&app.db, actor.org_id, lesson_id, student_id).await?;
    let mut account_ids: Vec<i64> = rows.iter().map(|r| r.changed_by).collect();
    account_ids.sort_unstable();
    account_ids.dedup();
    // Who made the changes: two queries, whatever the number of people.
    let accounts = store::accounts::by_ids(&app.db, &account_ids).await?;
    let person_ids: Vec<i64> = accounts.iter().map(|a| a.person_id).collect();
    let names: HashMap<i64, String> = store::people::by_ids(&app.db, &person_ids)
        .await?
        .into_iter()
        .map(|p| (p.id, store::people::full_name(&p).short()))
        .collect();
    let who: HashMap<i64, String> = accounts
        .into_iter()
        .map(|a| {
            let name = names.get(&a.person_id).cloned().unwrap_or(a.login);
            (a.id, name)
        })
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| HistoryRow {
            at: r
                .changed_at
                .with_timezone(&chrono::Local)
                .format("%d.%m.%Y %H:%M:%S")
                .to_string(),
            who: who.get(&r.changed_by).cloned().unwrap_or_default(),
            what: match r.what.as_str() {
                "attendance" => "посещаемость",
                "mark_kind" => "вид работы",
                _ => "отметка",
            },
            old: describe(&r.what, r.old_value.as_deref()),
            new: describe(&r.what, r.new_value.as_deref()),
            via: match r.via.as_str() {
                "web" => "журнал".into(),
                "api" => "API".into(),
                "notice" => "уведомление об отсутствии".into(),
                other => other.into(),
            },
        })
        .collect())
}
