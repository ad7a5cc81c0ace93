//! Writing one cell: its entry (with a version check), its marks and the
//! history of both. The service decides what changes; this carries it out,
//! on PostgreSQL in one statement (writes inside `WITH`, atomic without a
//! transaction around it), on SQLite as a few statements inside the caller's
//! transaction.

use std::fmt::Write;

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement, Value};

use super::{EntryState, NewMark};
use crate::entity::{journal_entry, mark};

/// The entry is new, or moves from `version` to `version + 1`.
#[derive(Debug, Clone, Copy)]
pub enum EntryWrite {
    Insert,
    Update { id: i64, version: i32 },
}

/// A history row other than an added mark's (those are written with the ids
/// the marks get). `key` orders the rows: -1 for attendance, else the mark's position.
#[derive(Debug, Clone)]
pub struct HistoryRow {
    pub key: i32,
    pub what: &'static str,
    pub mark_id: Option<i64>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// What one cell write changes.
pub struct CellChanges<'a> {
    pub org_id: i64,
    pub lesson_id: i64,
    pub student_id: i64,
    pub entry: EntryWrite,
    pub state: EntryState<'a>,
    /// Marks whose value changes: (mark, new value).
    pub new_values: Vec<(i64, String)>,
    pub deleted: Vec<i64>,
    pub added: Vec<NewMark>,
    pub history: Vec<HistoryRow>,
    pub via: &'a str,
}

/// The entry as written and the added marks with their ids.
pub struct WrittenCell {
    pub entry: journal_entry::Model,
    pub added: Vec<mark::Model>,
}

/// Whether `write_cell` is one statement, needing no transaction of its own.
pub fn write_cell_is_one_statement(db: &impl ConnectionTrait) -> bool {
    db.get_database_backend() == DbBackend::Postgres
}

/// Writes the cell; none when its entry is not at the version the writer
/// read (someone changed it first), and then nothing is written. A new
/// entry of a cell inserted meanwhile fails on the unique index.
pub async fn write_cell(
    db: &impl ConnectionTrait,
    c: CellChanges<'_>,
) -> Result<Option<WrittenCell>, DbErr> {
    let written = if write_cell_is_one_statement(db) {
        at_once(db, &c).await?
    } else {
        one_by_one(db, &c).await?
    };
    let Some((entry_id, ids)) = written else {
        return Ok(None);
    };
    let entry = journal_entry::Model {
        id: entry_id,
        org_id: c.org_id,
        lesson_id: c.lesson_id,
        student_person_id: c.student_id,
        attendance: c.state.attendance.map(str::to_string),
        reason: c.state.reason.map(str::to_string),
        source: c.state.source.map(str::to_string),
        version: match c.entry {
            EntryWrite::Insert => 1,
            EntryWrite::Update { version, .. } => version + 1,
        },
        updated_by: c.state.account_id,
        updated_at: c.state.at,
    };
    let mut added = Vec::with_capacity(c.added.len());
    for m in c.added {
        let id = ids
            .iter()
            .find(|(_, position)| *position == m.position)
            .map(|(id, _)| *id)
            .ok_or(DbErr::RecordNotInserted)?;
        added.push(mark::Model {
            id,
            org_id: c.org_id,
            entry_id,
            lesson_id: c.lesson_id,
            student_person_id: c.student_id,
            value: m.value,
            work_kind_id: m.work_kind_id,
            position: m.position,
            created_by: c.state.account_id,
            created_at: c.state.at,
        });
    }
    Ok(Some(WrittenCell { entry, added }))
}

/// The entry's id and the added marks' (id, position).
type Ids = Option<(i64, Vec<(i64, i32)>)>;

/// SQLite: the statements in turn, in the caller's transaction.
async fn one_by_one(db: &impl ConnectionTrait, c: &CellChanges<'_>) -> Result<Ids, DbErr> {
    let entry = match c.entry {
        EntryWrite::Insert => {
            super::insert_entry(db, c.org_id, c.lesson_id, c.student_id, c.state).await?
        }
        EntryWrite::Update { id, version } => {
            if !super::update_entry(db, id, version, c.state).await? {
                return Ok(None);
            }
            // What `insert_marks` reads of the entry; `write_cell` answers with the whole.
            journal_entry::Model {
                id,
                org_id: c.org_id,
                lesson_id: c.lesson_id,
                student_person_id: c.student_id,
                attendance: None,
                reason: None,
                source: None,
                version: version + 1,
                updated_by: c.state.account_id,
                updated_at: c.state.at,
            }
        }
    };
    for (id, value) in &c.new_values {
        super::set_mark_value(db, *id, value).await?;
    }
    for id in &c.deleted {
        super::delete_mark(db, *id).await?;
    }
    let added =
        super::insert_marks(db, &entry, c.added.clone(), c.state.account_id, c.state.at).await?;
    let mut rows: Vec<(i32, super::Change<'_>)> = c
        .history
        .iter()
        .map(|h| {
            (
                h.key,
                change(
                    c,
                    h.what,
                    h.mark_id,
                    h.old_value.clone(),
                    h.new_value.clone(),
                ),
            )
        })
        .collect();
    for m in &added {
        rows.push((
            m.position,
            change(c, "mark", Some(m.id), None, Some(m.value.clone())),
        ));
    }
    rows.sort_by_key(|(key, _)| *key);
    super::record_changes(db, rows.into_iter().map(|(_, ch)| ch).collect()).await?;
    Ok(Some((
        entry.id,
        added.iter().map(|m| (m.id, m.position)).collect(),
    )))
}

fn change<'a>(
    c: &CellChanges<'a>,
    what: &'a str,
    mark_id: Option<i64>,
    old_value: Option<String>,
    new_value: Option<String>,
) -> super::Change<'a> {
    super::Change {
        org_id: c.org_id,
        at: c.state.at,
        lesson_id: c.lesson_id,
        student_id: c.student_id,
        what,
        mark_id,
        old_value,
        new_value,
        account_id: c.state.account_id,
        via: c.via,
    }
}

/// PostgreSQL: one statement. Every part reads `e`, the entry's insert or
/// versioned update, so when the version check finds no row nothing else is
/// written, and the answer has no row.
async fn at_once(db: &impl ConnectionTrait, c: &CellChanges<'_>) -> Result<Ids, DbErr> {
    let mut sql = String::with_capacity(2000);
    let mut values: Vec<Value> = vec![
        c.org_id.into(),
        c.lesson_id.into(),
        c.student_id.into(),
        c.state.attendance.into(),
        c.state.reason.into(),
        c.state.source.into(),
        c.state.account_id.into(),
        c.state.at.into(),
        c.via.into(),
    ];
    // The next placeholder, its value pushed.
    fn arg(values: &mut Vec<Value>, v: impl Into<Value>) -> String {
        values.push(v.into());
        format!("${}", values.len())
    }
    // `(…), (…)`: a row of placeholders for each row of values, pushed.
    fn push_rows(
        sql: &mut String,
        values: &mut Vec<Value>,
        rows: impl Iterator<Item = Vec<Value>>,
    ) {
        for (i, row) in rows.enumerate() {
            sql.push_str(if i > 0 { ", (" } else { "(" });
            for (j, v) in row.into_iter().enumerate() {
                values.push(v);
                let _ = write!(sql, "{}${}", if j > 0 { ", " } else { "" }, values.len());
            }
            sql.push(')');
        }
    }
    match c.entry {
        EntryWrite::Insert => sql.push_str(
            "WITH e AS (INSERT INTO journal_entries (org_id, lesson_id, student_person_id, \
             attendance, reason, source, version, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8) RETURNING id)",
        ),
        EntryWrite::Update { id, version } => {
            let id = arg(&mut values, id);
            let version = arg(&mut values, version);
            let _ = write!(
                sql,
                "WITH e AS (UPDATE journal_entries SET attendance = $4, reason = $5, source = $6, \
                 version = version + 1, updated_by = $7, updated_at = $8 \
                 WHERE id = {id} AND version = {version} RETURNING id)"
            );
        }
    }
    if !c.new_values.is_empty() {
        sql.push_str(", u AS (UPDATE marks SET value = v.value FROM e, (VALUES ");
        let rows = c.new_values.iter();
        push_rows(
            &mut sql,
            &mut values,
            rows.map(|(id, v)| vec![(*id).into(), v.into()]),
        );
        sql.push_str(") AS v (id, value) WHERE marks.id = v.id)");
    }
    if !c.deleted.is_empty() {
        sql.push_str(", d AS (DELETE FROM marks USING e, (VALUES ");
        push_rows(
            &mut sql,
            &mut values,
            c.deleted.iter().map(|id| vec![(*id).into()]),
        );
        sql.push_str(") AS x (id) WHERE marks.id = x.id)");
    }
    if c.added.is_empty() {
        sql.push_str(
            ", m AS (SELECT NULL::bigint AS id, NULL::integer AS position, NULL::text AS value \
             WHERE false)",
        );
    } else {
        sql.push_str(
            ", m AS (INSERT INTO marks (org_id, entry_id, lesson_id, student_person_id, value, \
             work_kind_id, position, created_by, created_at) \
             SELECT $1, e.id, $2, $3, v.value, v.kind, v.position, $7, $8 FROM e, (VALUES ",
        );
        let rows = c.added.iter();
        push_rows(
            &mut sql,
            &mut values,
            rows.map(|m| {
                vec![
                    m.value.as_str().into(),
                    m.work_kind_id.into(),
                    m.position.into(),
                ]
            }),
        );
        sql.push_str(") AS v (value, kind, position) RETURNING id, position, value)");
    }
    sql.push_str(
        ", h AS (INSERT INTO journal_history (org_id, lesson_id, student_person_id, what, \
         mark_id, old_value, new_value, changed_by, changed_at, via) \
         SELECT $1, $2, $3, c.what, c.mark_id, c.old_value, c.new_value, $7, $8, $9 FROM (",
    );
    if !c.history.is_empty() {
        sql.push_str("SELECT r.* FROM e, (VALUES ");
        let rows = c.history.iter().map(|h| {
            vec![
                h.key.into(),
                h.what.into(),
                h.mark_id.into(),
                h.old_value.clone().into(),
                h.new_value.clone().into(),
            ]
        });
        push_rows(&mut sql, &mut values, rows);
        sql.push_str(") AS r UNION ALL ");
    }
    sql.push_str(
        "SELECT m.position, 'mark', m.id, NULL, m.value FROM m) \
         AS c (k, what, mark_id, old_value, new_value) ORDER BY c.k) \
         SELECT e.id, m.id, m.position FROM e LEFT JOIN m ON true",
    );
    let rows = db
        .query_all(Statement::from_sql_and_values(
            DbBackend::Postgres,
            sql,
            values,
        ))
        .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let entry_id: i64 = first.try_get_by_index(0)?;
    let mut ids = Vec::with_capacity(rows.len());
    for row in &rows {
        let id: Option<i64> = row.try_get_by_index(1)?;
        let position: Option<i32> = row.try_get_by_index(2)?;
        if let (Some(id), Some(position)) = (id, position) {
            ids.push((id, position));
        }
    }
    Ok(Some((entry_id, ids)))
}
