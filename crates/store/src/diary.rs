//! What the diary reads: the student with their group, and the group's
//! lessons with subject, teachers, room and the student's cells, each in one
//! query. Both are written by hand (`RawSql`) and sorted here rather than by
//! `ORDER BY`: they are the region's most frequent reads, and SQLite built a
//! temporary B-tree for each order.

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr, QueryResult};

use crate::journal::CellRow;
use crate::raw_sql::RawSql;

#[derive(Debug, Clone)]
pub struct DiaryStudent {
    pub person_id: i64,
    pub surname: String,
    pub name: String,
    pub patronymic: Option<String>,
    pub group_id: i64,
    pub group_name: String,
    pub subgroup_id: Option<i64>,
}

static STUDENT: RawSql = RawSql::new(
    "SELECT gs.id, gs.person_id, gs.group_id, gs.subgroup_id, p.surname, p.name, p.patronymic, g.name \
     FROM group_students gs \
     JOIN people p ON p.id = gs.person_id \
     JOIN study_groups g ON g.id = gs.group_id \
     WHERE gs.org_id = ? AND gs.person_id = ?",
);

/// The student of this college with their group (the latest enrolment);
/// none when not a student here.
pub async fn student(
    db: &impl ConnectionTrait,
    org_id: i64,
    person_id: i64,
) -> Result<Option<DiaryStudent>, DbErr> {
    let rows = db
        .query_all(STUDENT.bind(
            db.get_database_backend(),
            vec![org_id.into(), person_id.into()],
        ))
        .await?;
    let mut latest: Option<(i64, &QueryResult)> = None;
    for row in &rows {
        let id: i64 = row.try_get_by_index(0)?;
        if latest.is_none_or(|(top, _)| id > top) {
            latest = Some((id, row));
        }
    }
    let Some((_, row)) = latest else {
        return Ok(None);
    };
    Ok(Some(DiaryStudent {
        person_id: row.try_get_by_index(1)?,
        group_id: row.try_get_by_index(2)?,
        subgroup_id: row.try_get_by_index(3)?,
        surname: row.try_get_by_index(4)?,
        name: row.try_get_by_index(5)?,
        patronymic: row.try_get_by_index(6)?,
        group_name: row.try_get_by_index(7)?,
    }))
}

#[derive(Debug, Clone)]
pub struct DiaryLesson {
    pub id: i64,
    pub date: NaiveDate,
    pub pair_no: i32,
    pub starts_at: String,
    pub ends_at: String,
    pub subject_id: i64,
    pub subject: String,
    pub topic: String,
    pub homework: String,
    pub cancelled: bool,
    pub changed: bool,
    pub teacher_surname: String,
    pub teacher_name: String,
    pub teacher_patronymic: Option<String>,
    pub substitute_surname: Option<String>,
    pub substitute_name: Option<String>,
    pub substitute_patronymic: Option<String>,
    pub room: Option<String>,
    /// Whether files are attached: most lessons have none, and the diary
    /// then asks for no files at all.
    pub has_files: bool,
}

/// The columns' order is the decoding's below: lesson 0–18, cell 19–23,
/// mark 24–28. A subgroup of `NULL` matches no lesson, leaving the whole group's.
static WEEK: RawSql = RawSql::new(
    "SELECT l.id, l.date, l.pair_no, l.starts_at, l.ends_at, l.subject_id, sj.name, l.topic, \
     l.homework, l.cancelled, l.changed, t.surname, t.name, t.patronymic, \
     s.surname, s.name, s.patronymic, r.number, \
     EXISTS (SELECT 1 FROM lesson_files f WHERE f.lesson_id = l.id), \
     e.lesson_id, e.student_person_id, e.attendance, e.reason, e.version, \
     m.id, m.value, m.position, k.name, k.weight \
     FROM lessons l \
     JOIN subjects sj ON sj.id = l.subject_id \
     JOIN people t ON t.id = l.teacher_person_id \
     LEFT JOIN people s ON s.id = l.substitute_person_id \
     LEFT JOIN rooms r ON r.id = l.room_id \
     LEFT JOIN journal_entries e ON e.lesson_id = l.id AND e.student_person_id = ? \
     LEFT JOIN marks m ON m.entry_id = e.id \
     LEFT JOIN work_kinds k ON k.id = m.work_kind_id \
     WHERE l.org_id = ? AND l.group_id = ? AND l.date BETWEEN ? AND ? \
     AND (l.subgroup_id IS NULL OR l.subgroup_id = ?)",
);

fn lesson_of(row: &QueryResult) -> Result<DiaryLesson, DbErr> {
    Ok(DiaryLesson {
        id: row.try_get_by_index(0)?,
        date: row.try_get_by_index(1)?,
        pair_no: row.try_get_by_index(2)?,
        starts_at: row.try_get_by_index(3)?,
        ends_at: row.try_get_by_index(4)?,
        subject_id: row.try_get_by_index(5)?,
        subject: row.try_get_by_index(6)?,
        topic: row.try_get_by_index(7)?,
        homework: row.try_get_by_index(8)?,
        cancelled: row.try_get_by_index(9)?,
        changed: row.try_get_by_index(10)?,
        teacher_surname: row.try_get_by_index(11)?,
        teacher_name: row.try_get_by_index(12)?,
        teacher_patronymic: row.try_get_by_index(13)?,
        substitute_surname: row.try_get_by_index(14)?,
        substitute_name: row.try_get_by_index(15)?,
        substitute_patronymic: row.try_get_by_index(16)?,
        room: row.try_get_by_index(17)?,
        has_files: row.try_get_by_index(18)?,
    })
}

/// The student's cell at the lesson of a row, with the row's mark; none
/// without an entry.
fn cell_of(row: &QueryResult) -> Result<Option<CellRow>, DbErr> {
    let Some(lesson_id) = row.try_get_by_index::<Option<i64>>(19)? else {
        return Ok(None);
    };
    Ok(Some(CellRow {
        lesson_id,
        student_person_id: row.try_get_by_index(20)?,
        attendance: row.try_get_by_index(21)?,
        reason: row.try_get_by_index(22)?,
        version: row.try_get_by_index(23)?,
        mark_id: row.try_get_by_index(24)?,
        value: row.try_get_by_index(25)?,
        work_kind: row.try_get_by_index(27)?,
        weight: row.try_get_by_index(28)?,
    }))
}

/// Lessons of a group for the whole group and for one subgroup (or only the
/// whole group's), between two dates, by date and pair; with the student's
/// cells at them (a row of the query for each mark, in the marks' order).
pub async fn lessons(
    db: &impl ConnectionTrait,
    org_id: i64,
    group_id: i64,
    subgroup_id: Option<i64>,
    student_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<(Vec<DiaryLesson>, Vec<CellRow>), DbErr> {
    let rows = db
        .query_all(WEEK.bind(
            db.get_database_backend(),
            vec![
                student_id.into(),
                org_id.into(),
                group_id.into(),
                from.into(),
                to.into(),
                subgroup_id.into(),
            ],
        ))
        .await?;
    // (date, pair, lesson, mark position, mark): a lesson's rows adjacent, its marks in order.
    let mut order = Vec::with_capacity(rows.len());
    for row in &rows {
        let key: (NaiveDate, i32, i64, Option<i32>, Option<i64>) = (
            row.try_get_by_index(1)?,
            row.try_get_by_index(2)?,
            row.try_get_by_index(0)?,
            row.try_get_by_index(26)?,
            row.try_get_by_index(24)?,
        );
        order.push((key, row));
    }
    order.sort_unstable_by_key(|(key, _)| *key);
    let mut lessons: Vec<DiaryLesson> = Vec::new();
    let mut cells = Vec::new();
    for ((_, _, id, _, _), row) in order {
        if lessons.last().is_none_or(|l| l.id != id) {
            lessons.push(lesson_of(row)?);
        }
        if let Some(cell) = cell_of(row)? {
            cells.push(cell);
        }
    }
    Ok((lessons, cells))
}
