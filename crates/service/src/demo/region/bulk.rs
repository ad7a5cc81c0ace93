//! Bulk loading: rows gathered per table into multi-row INSERT statements of
//! a few thousand parameters, parents before children (PostgreSQL checks
//! foreign keys at once), many statements to a transaction.

use sea_orm::{ConnectionTrait, DbBackend, Statement, Value, Values};

/// The tables the region writes, in the order their rows must arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum T {
    Orgs,
    Settings,
    WorkKinds,
    Specialties,
    Buildings,
    Rooms,
    Subjects,
    People,
    Staff,
    Accounts,
    Consents,
    Grants,
    Groups,
    Subgroups,
    Members,
    Links,
    Lessons,
    Entries,
    Marks,
}

impl T {
    pub const COUNT: usize = 19;

    pub const ALL: [T; T::COUNT] = [
        T::Orgs,
        T::Settings,
        T::WorkKinds,
        T::Specialties,
        T::Buildings,
        T::Rooms,
        T::Subjects,
        T::People,
        T::Staff,
        T::Accounts,
        T::Consents,
        T::Grants,
        T::Groups,
        T::Subgroups,
        T::Members,
        T::Links,
        T::Lessons,
        T::Entries,
        T::Marks,
    ];

    pub fn table(self) -> &'static str {
        self.shape().0
    }

    /// Whether the table's key is an `id` column the sequence must learn about.
    pub fn has_id(self) -> bool {
        self != T::Settings
    }

    /// The table and its columns, in the order the generator gives values.
    pub fn shape(self) -> (&'static str, &'static [&'static str]) {
        match self {
            T::Orgs => (
                "orgs",
                &[
                    "id",
                    "parent_id",
                    "kind",
                    "name",
                    "short_name",
                    "created_at",
                ],
            ),
            T::Settings => (
                "college_settings",
                &["org_id", "mark_edit_days", "attestation_edit_days"],
            ),
            T::WorkKinds => (
                "work_kinds",
                &["id", "org_id", "name", "weight", "position"],
            ),
            T::Specialties => ("specialties", &["id", "org_id", "code", "name"]),
            T::Buildings => ("buildings", &["id", "org_id", "name", "address"]),
            T::Rooms => (
                "rooms",
                &["id", "org_id", "building_id", "number", "capacity", "kind"],
            ),
            T::Subjects => (
                "subjects",
                &[
                    "id",
                    "org_id",
                    "name",
                    "short_name",
                    "kind",
                    "scale",
                    "room_kind",
                ],
            ),
            T::People => (
                "people",
                &[
                    "id",
                    "org_id",
                    "surname",
                    "name",
                    "patronymic",
                    "birth_date",
                    "email",
                    "phone",
                    "search_key",
                    "created_at",
                ],
            ),
            T::Staff => ("staff", &["id", "org_id", "person_id", "position"]),
            T::Accounts => (
                "accounts",
                &[
                    "id",
                    "person_id",
                    "login",
                    "password_hash",
                    "active",
                    "created_at",
                    "password_changed_at",
                ],
            ),
            T::Consents => (
                "consents",
                &["id", "account_id", "terms_version", "accepted_at", "ip"],
            ),
            T::Grants => (
                "role_grants",
                &[
                    "id",
                    "org_id",
                    "account_id",
                    "role",
                    "scope_kind",
                    "scope_id",
                    "granted_by",
                    "created_at",
                ],
            ),
            T::Groups => (
                "study_groups",
                &[
                    "id",
                    "org_id",
                    "specialty_id",
                    "name",
                    "study_form",
                    "intake_year",
                    "curator_person_id",
                    "search_key",
                ],
            ),
            T::Subgroups => ("subgroups", &["id", "org_id", "group_id", "name"]),
            T::Members => (
                "group_students",
                &["id", "org_id", "group_id", "person_id", "subgroup_id"],
            ),
            T::Links => (
                "parent_links",
                &[
                    "id",
                    "org_id",
                    "parent_person_id",
                    "child_person_id",
                    "relation",
                ],
            ),
            T::Lessons => (
                "lessons",
                &[
                    "id",
                    "org_id",
                    "group_id",
                    "subgroup_id",
                    "subject_id",
                    "teacher_person_id",
                    "substitute_person_id",
                    "room_id",
                    "date",
                    "pair_no",
                    "starts_at",
                    "ends_at",
                    "kind",
                    "topic",
                    "homework",
                    "cancelled",
                    "changed",
                ],
            ),
            T::Entries => (
                "journal_entries",
                &[
                    "id",
                    "org_id",
                    "lesson_id",
                    "student_person_id",
                    "attendance",
                    "reason",
                    "source",
                    "version",
                    "updated_by",
                    "updated_at",
                ],
            ),
            T::Marks => (
                "marks",
                &[
                    "id",
                    "org_id",
                    "entry_id",
                    "lesson_id",
                    "student_person_id",
                    "value",
                    "work_kind_id",
                    "position",
                    "created_by",
                    "created_at",
                ],
            ),
        }
    }

    /// Rows a statement: about 16,000 parameters (SQLite allows 32,766,
    /// PostgreSQL 65,535).
    pub fn rows_per_statement(self) -> usize {
        16_000 / self.shape().1.len()
    }
}

/// Where the generator puts rows.
pub trait Sink {
    fn row(&mut self, t: T, values: Vec<Value>);
    /// Sends every table's gathered rows, parents first.
    fn flush_all(&mut self);
}

/// One multi-row statement's worth of one table.
pub struct Batch {
    pub table: T,
    pub rows: usize,
    pub values: Vec<Value>,
}

/// Gathers rows per table and hands full batches to `out`, flushing the
/// tables before a table first, so that a child never arrives before its parent.
pub struct Batcher<F: FnMut(Batch)> {
    buffers: Vec<(usize, Vec<Value>)>,
    out: F,
}

impl<F: FnMut(Batch)> Batcher<F> {
    pub fn new(out: F) -> Self {
        Batcher {
            buffers: (0..T::COUNT).map(|_| (0, Vec::new())).collect(),
            out,
        }
    }

    fn flush_upto(&mut self, last: usize) {
        for (i, t) in T::ALL.iter().enumerate().take(last + 1) {
            let (rows, values) = &mut self.buffers[i];
            if *rows > 0 {
                let batch = Batch {
                    table: *t,
                    rows: *rows,
                    values: std::mem::take(values),
                };
                *rows = 0;
                (self.out)(batch);
            }
        }
    }
}

impl<F: FnMut(Batch)> Sink for Batcher<F> {
    fn row(&mut self, t: T, values: Vec<Value>) {
        let i = t as usize;
        let (rows, buf) = &mut self.buffers[i];
        if buf.is_empty() {
            buf.reserve(t.rows_per_statement() * t.shape().1.len());
        }
        buf.extend(values);
        *rows += 1;
        if *rows >= t.rows_per_statement() {
            self.flush_upto(i);
        }
    }

    fn flush_all(&mut self) {
        self.flush_upto(T::COUNT - 1);
    }
}

/// `INSERT INTO t (a, b) VALUES (?, ?), (?, ?)` for the backend.
pub fn insert_sql(backend: DbBackend, t: T, rows: usize) -> String {
    let (table, cols) = t.shape();
    let mut sql = String::with_capacity(40 + rows * cols.len() * 7);
    sql.push_str("INSERT INTO ");
    sql.push_str(table);
    sql.push_str(" (");
    sql.push_str(&cols.join(", "));
    sql.push_str(") VALUES ");
    let mut n = 0;
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..cols.len() {
            if c > 0 {
                sql.push_str(", ");
            }
            n += 1;
            match backend {
                DbBackend::Postgres => {
                    sql.push('$');
                    sql.push_str(&n.to_string());
                }
                _ => sql.push('?'),
            }
        }
        sql.push(')');
    }
    sql
}

/// Runs batches, keeping the SQL of full-size statements (the driver then
/// reuses its prepared statement).
pub struct Writer {
    backend: DbBackend,
    full: Vec<Option<String>>,
}

impl Writer {
    pub fn new(backend: DbBackend) -> Self {
        Writer {
            backend,
            full: vec![None; T::COUNT],
        }
    }

    pub async fn write(
        &mut self,
        db: &impl ConnectionTrait,
        b: Batch,
    ) -> Result<(), sea_orm::DbErr> {
        let i = b.table as usize;
        let sql = if b.rows == b.table.rows_per_statement() {
            self.full[i]
                .get_or_insert_with(|| insert_sql(self.backend, b.table, b.rows))
                .clone()
        } else {
            insert_sql(self.backend, b.table, b.rows)
        };
        db.execute(Statement::from_sql_and_values(
            self.backend,
            sql,
            Values(b.values),
        ))
        .await?;
        Ok(())
    }
}
