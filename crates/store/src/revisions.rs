//! Revision counters of a journal's months: every change to a group's
//! subject's lessons, cells or marks raises the counter of its (group,
//! subject, month), by triggers, so no code path can forget it. A reader that
//! remembers something computed from past months (the journal's totals) knows
//! it is still true while the sum of those months' counters has not moved:
//! counters only grow and their rows are never deleted.

use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Expr, Func, Query};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, FromQueryResult};

use crate::entity::journal_revision;

/// The sum of the counters of the months before `month` (the first day of a
/// month) of a group's subject; 0 when nothing has changed since the database
/// was created or loaded.
pub async fn before(
    db: &impl ConnectionTrait,
    group_id: i64,
    subject_id: i64,
    month: NaiveDate,
) -> Result<i64, DbErr> {
    #[derive(FromQueryResult)]
    struct Sum {
        stamp: i64,
    }
    let r = |c: journal_revision::Column| Expr::col((journal_revision::Entity, c));
    let q = Query::select()
        .expr_as(
            Func::cast_as(
                Func::coalesce([
                    Func::sum(r(journal_revision::Column::Revision)).into(),
                    Expr::value(0),
                ]),
                Alias::new("BIGINT"),
            ),
            Alias::new("stamp"),
        )
        .from(journal_revision::Entity)
        .and_where(r(journal_revision::Column::GroupId).eq(group_id))
        .and_where(r(journal_revision::Column::SubjectId).eq(subject_id))
        .and_where(r(journal_revision::Column::Month).lt(month))
        .to_owned();
    Ok(Sum::find_by_statement(db.get_database_backend().build(&q))
        .one(db)
        .await?
        .map_or(0, |s| s.stamp))
}

/// Cells and marks name their lesson; the lesson names the counter.
const CELL_TABLES: [&str; 2] = ["marks", "journal_entries"];
/// What of a lesson the journal's totals depend on.
const LESSON_COLUMNS: &str = "date, group_id, subject_id, subgroup_id, cancelled";

/// Creates the triggers that raise the counters (idempotent).
pub async fn create_triggers(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    for sql in create_sql(db.get_database_backend())? {
        db.execute_unprepared(&sql).await?;
    }
    Ok(())
}

/// Drops them, for a bulk load into an empty database, which then creates
/// them again: a load of millions of marks would raise a counter for each.
pub async fn drop_triggers(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let sqlite = db.get_database_backend() == DbBackend::Sqlite;
    for (name, table) in trigger_names(sqlite) {
        let on = if sqlite {
            String::new()
        } else {
            format!(" ON {table}")
        };
        db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {name}{on}"))
            .await?;
    }
    Ok(())
}

fn trigger_names(sqlite: bool) -> Vec<(String, &'static str)> {
    let mut names = Vec::new();
    for table in CELL_TABLES {
        if sqlite {
            for op in ["insert", "update", "delete"] {
                names.push((format!("journal_revise_{table}_{op}"), table));
            }
        } else {
            names.push((format!("journal_revise_{table}"), table));
        }
    }
    if sqlite {
        names.push(("journal_revise_lessons_update".into(), "lessons"));
        names.push(("journal_revise_lessons_delete".into(), "lessons"));
    } else {
        names.push(("journal_revise_lessons".into(), "lessons"));
    }
    names
}

fn create_sql(backend: DbBackend) -> Result<Vec<String>, DbErr> {
    match backend {
        DbBackend::Sqlite => Ok(sqlite_sql()),
        DbBackend::Postgres => Ok(postgres_sql()),
        DbBackend::MySql => Err(DbErr::Migration("MySQL is not supported".into())),
    }
}

/// SQLite: one trigger per table and operation, an upsert in each.
fn sqlite_sql() -> Vec<String> {
    let upsert_from_lesson = |lesson_id: &str| {
        format!(
            "INSERT INTO journal_revisions (group_id, subject_id, month, revision) \
             SELECT group_id, subject_id, date(date, 'start of month'), 1 FROM lessons \
             WHERE id = {lesson_id} \
             ON CONFLICT (group_id, subject_id, month) DO UPDATE SET revision = revision + 1;"
        )
    };
    let upsert_of = |row: &str| {
        format!(
            "INSERT INTO journal_revisions (group_id, subject_id, month, revision) \
             VALUES ({row}.group_id, {row}.subject_id, date({row}.date, 'start of month'), 1) \
             ON CONFLICT (group_id, subject_id, month) DO UPDATE SET revision = revision + 1;"
        )
    };
    let mut out = Vec::new();
    for table in CELL_TABLES {
        for (op, rows) in [
            ("INSERT", vec!["NEW"]),
            ("UPDATE", vec!["OLD", "NEW"]),
            ("DELETE", vec!["OLD"]),
        ] {
            let body: String = rows
                .iter()
                .map(|r| upsert_from_lesson(&format!("{r}.lesson_id")))
                .collect();
            out.push(format!(
                "CREATE TRIGGER IF NOT EXISTS journal_revise_{table}_{o} AFTER {op} ON {table} \
                 BEGIN {body} END",
                o = op.to_lowercase()
            ));
        }
    }
    out.push(format!(
        "CREATE TRIGGER IF NOT EXISTS journal_revise_lessons_update \
         AFTER UPDATE OF {LESSON_COLUMNS} ON lessons BEGIN {} {} END",
        upsert_of("OLD"),
        upsert_of("NEW")
    ));
    out.push(format!(
        "CREATE TRIGGER IF NOT EXISTS journal_revise_lessons_delete \
         AFTER DELETE ON lessons BEGIN {} END",
        upsert_of("OLD")
    ));
    out
}

/// PostgreSQL: one function raises a counter; a trigger per table calls it.
/// Two upserts, not one of two rows: one statement may not update a row twice.
fn postgres_sql() -> Vec<String> {
    let mut out = vec![
        "CREATE OR REPLACE FUNCTION journal_revise(g bigint, s bigint, d date) RETURNS void AS $$ \
         INSERT INTO journal_revisions AS r (group_id, subject_id, month, revision) \
         VALUES (g, s, date_trunc('month', d)::date, 1) \
         ON CONFLICT (group_id, subject_id, month) DO UPDATE SET revision = r.revision + 1 \
         $$ LANGUAGE sql"
            .to_string(),
        "CREATE OR REPLACE FUNCTION journal_revise_cell() RETURNS trigger AS $$ BEGIN \
         IF TG_OP IN ('UPDATE', 'DELETE') THEN \
           PERFORM journal_revise(l.group_id, l.subject_id, l.date) FROM lessons l WHERE l.id = OLD.lesson_id; \
         END IF; \
         IF TG_OP IN ('INSERT', 'UPDATE') THEN \
           PERFORM journal_revise(l.group_id, l.subject_id, l.date) FROM lessons l WHERE l.id = NEW.lesson_id; \
         END IF; \
         RETURN NULL; END $$ LANGUAGE plpgsql"
            .to_string(),
        "CREATE OR REPLACE FUNCTION journal_revise_lesson() RETURNS trigger AS $$ BEGIN \
         PERFORM journal_revise(OLD.group_id, OLD.subject_id, OLD.date); \
         IF TG_OP = 'UPDATE' THEN PERFORM journal_revise(NEW.group_id, NEW.subject_id, NEW.date); END IF; \
         RETURN NULL; END $$ LANGUAGE plpgsql"
            .to_string(),
    ];
    for table in CELL_TABLES {
        out.push(format!(
            "DROP TRIGGER IF EXISTS journal_revise_{table} ON {table}"
        ));
        out.push(format!(
            "CREATE TRIGGER journal_revise_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} \
             FOR EACH ROW EXECUTE FUNCTION journal_revise_cell()"
        ));
    }
    out.push("DROP TRIGGER IF EXISTS journal_revise_lessons ON lessons".into());
    out.push(format!(
        "CREATE TRIGGER journal_revise_lessons AFTER UPDATE OF {LESSON_COLUMNS} OR DELETE ON lessons \
         FOR EACH ROW EXECUTE FUNCTION journal_revise_lesson()"
    ));
    out
}
