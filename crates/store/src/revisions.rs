//! Revision counters of a journal's months: every change to a group's
//! subject's lessons, cells or marks raises the counter of its (group,
//! subject, month), by triggers, so no code path can forget it. A reader that
//! remembers something computed from past months (the journal's totals) knows
//! it is still true while the sum of those months' counters has not moved:
//! counters only grow and their rows are never deleted.

use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Expr, Func, Query, SimpleExpr};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, FromQueryResult, Statement};

use crate::entity::journal_revision;

/// The sums of a group's subject's counters: of the months before `month`
/// (the first day of a month), and of that month itself; 0 when nothing has
/// changed since the database was created or loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromQueryResult)]
pub struct Stamps {
    pub before: i64,
    pub month: i64,
}

pub async fn stamps(
    db: &impl ConnectionTrait,
    group_id: i64,
    subject_id: i64,
    month: NaiveDate,
) -> Result<Stamps, DbErr> {
    let r = |c: journal_revision::Column| Expr::col((journal_revision::Entity, c));
    let sum_where = |month_is: SimpleExpr| -> SimpleExpr {
        Func::cast_as(
            Func::coalesce([
                Func::sum(Expr::case(month_is, r(journal_revision::Column::Revision)).finally(0))
                    .into(),
                Expr::value(0),
            ]),
            Alias::new("BIGINT"),
        )
        .into()
    };
    let q = Query::select()
        .expr_as(
            sum_where(r(journal_revision::Column::Month).lt(month)),
            Alias::new("before"),
        )
        .expr_as(
            sum_where(r(journal_revision::Column::Month).eq(month)),
            Alias::new("month"),
        )
        .from(journal_revision::Entity)
        .and_where(r(journal_revision::Column::GroupId).eq(group_id))
        .and_where(r(journal_revision::Column::SubjectId).eq(subject_id))
        .and_where(r(journal_revision::Column::Month).lte(month))
        .to_owned();
    Ok(
        Stamps::find_by_statement(db.get_database_backend().build(&q))
            .one(db)
            .await?
            .unwrap_or(Stamps {
                before: 0,
                month: 0,
            }),
    )
}

/// Cells and marks name their lesson; the lesson names the counter.
const CELL_TABLES: [&str; 2] = ["marks", "journal_entries"];
/// What of a lesson the journal's totals depend on.
const LESSON_COLUMNS: &str = "date, group_id, subject_id, subgroup_id, cancelled";

/// One trigger: created, dropped and looked for by the same name.
struct Trigger {
    name: String,
    table: &'static str,
    /// What fires it: `INSERT`, `UPDATE OF ...`, `UPDATE OR DELETE`, ...
    event: String,
    /// SQLite: the statements between BEGIN and END; PostgreSQL: the function.
    action: String,
}

impl Trigger {
    fn create(&self, backend: DbBackend) -> Vec<String> {
        let Trigger {
            name,
            table,
            event,
            action,
        } = self;
        if backend == DbBackend::Sqlite {
            vec![format!(
                "CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON {table} BEGIN {action} END"
            )]
        } else {
            // Deferred to the commit: the counter's row stays locked from its
            // update to the commit, and writers of one journal month queued
            // behind each other's whole transaction when it was updated at
            // the first write (SQLite has one writer anyway).
            vec![
                self.drop(backend),
                format!(
                    "CREATE CONSTRAINT TRIGGER {name} AFTER {event} ON {table} \
                     DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {action}()"
                ),
            ]
        }
    }

    fn drop(&self, backend: DbBackend) -> String {
        if backend == DbBackend::Sqlite {
            format!("DROP TRIGGER IF EXISTS {}", self.name)
        } else {
            format!("DROP TRIGGER IF EXISTS {} ON {}", self.name, self.table)
        }
    }
}

/// Creates the triggers that raise the counters (idempotent).
pub async fn create_triggers(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    if backend == DbBackend::Postgres {
        for sql in postgres_functions() {
            db.execute_unprepared(sql).await?;
        }
    }
    for trigger in triggers(backend)? {
        for sql in trigger.create(backend) {
            db.execute_unprepared(&sql).await?;
        }
    }
    Ok(())
}

/// Drops them, for a bulk load into an empty database, which then creates
/// them again: a load of millions of marks would raise a counter for each.
pub async fn drop_triggers(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    for trigger in triggers(backend)? {
        db.execute_unprepared(&trigger.drop(backend)).await?;
    }
    Ok(())
}

/// Whether every trigger is in place.
pub async fn triggers_present(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    let backend = db.get_database_backend();
    let all = triggers(backend)?;
    let names: Vec<String> = all.iter().map(|t| format!("'{}'", t.name)).collect();
    let catalog = if backend == DbBackend::Sqlite {
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name IN"
    } else {
        // Triggers of before the deferral, a cell function of before it
        // counted a lesson once a transaction, and a counter function in sql
        // (before plpgsql) count as missing: they are replaced.
        "SELECT COUNT(*) + (SELECT COUNT(*) - 1 FROM pg_proc WHERE proname = 'journal_revise_cell' \
         AND prosrc LIKE '%revised_lessons%') \
         + (SELECT COUNT(*) - 1 FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang \
         WHERE p.proname = 'journal_revise' AND l.lanname = 'plpgsql') \
         FROM pg_trigger WHERE NOT tgisinternal AND tginitdeferred AND tgname IN"
    };
    let sql = format!("{catalog} ({})", names.join(", "));
    let found = match db.query_one(Statement::from_string(backend, sql)).await? {
        Some(row) => row.try_get_by_index::<i64>(0)?,
        None => 0,
    };
    Ok(found == all.len() as i64)
}

/// Creates the triggers if any is missing: a bulk load cut off midway (a
/// killed process) leaves its database without them, and serving it so would
/// keep stale totals of past months.
pub async fn ensure_triggers(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    if !triggers_present(db).await? {
        create_triggers(db).await?;
    }
    Ok(())
}

fn triggers(backend: DbBackend) -> Result<Vec<Trigger>, DbErr> {
    match backend {
        DbBackend::Sqlite => Ok(sqlite_triggers()),
        DbBackend::Postgres => Ok(postgres_triggers()),
        DbBackend::MySql => Err(DbErr::Migration("MySQL is not supported".into())),
    }
}

/// SQLite: one trigger per table and operation, an upsert in each.
fn sqlite_triggers() -> Vec<Trigger> {
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
            ("INSERT", &["NEW"][..]),
            ("UPDATE", &["OLD", "NEW"][..]),
            ("DELETE", &["OLD"][..]),
        ] {
            out.push(Trigger {
                name: format!("journal_revise_{table}_{}", op.to_lowercase()),
                table,
                event: op.into(),
                action: rows
                    .iter()
                    .map(|r| upsert_from_lesson(&format!("{r}.lesson_id")))
                    .collect(),
            });
        }
    }
    out.push(Trigger {
        name: "journal_revise_lessons_update".into(),
        table: "lessons",
        event: format!("UPDATE OF {LESSON_COLUMNS}"),
        action: upsert_of("OLD") + &upsert_of("NEW"),
    });
    out.push(Trigger {
        name: "journal_revise_lessons_delete".into(),
        table: "lessons",
        event: "DELETE".into(),
        action: upsert_of("OLD"),
    });
    out
}

/// PostgreSQL: a trigger per table calls a function that raises a counter.
fn postgres_triggers() -> Vec<Trigger> {
    let mut out: Vec<Trigger> = CELL_TABLES
        .into_iter()
        .map(|table| Trigger {
            name: format!("journal_revise_{table}"),
            table,
            event: "INSERT OR UPDATE OR DELETE".into(),
            action: "journal_revise_cell".into(),
        })
        .collect();
    out.push(Trigger {
        name: "journal_revise_lessons".into(),
        table: "lessons",
        event: format!("UPDATE OF {LESSON_COLUMNS} OR DELETE"),
        action: "journal_revise_lesson".into(),
    });
    out
}

/// The functions the PostgreSQL triggers call. Two upserts, not one of two
/// rows: one statement may not update a row twice.
fn postgres_functions() -> [&'static str; 3] {
    [
        // plpgsql, not sql: PostgreSQL keeps a plpgsql function's plan for
        // the connection, and parses and plans a sql one at every call.
        "CREATE OR REPLACE FUNCTION journal_revise(g bigint, s bigint, d date) RETURNS void AS $$ BEGIN \
         INSERT INTO journal_revisions AS r (group_id, subject_id, month, revision) \
         VALUES (g, s, date_trunc('month', d)::date, 1) \
         ON CONFLICT (group_id, subject_id, month) DO UPDATE SET revision = r.revision + 1; \
         END $$ LANGUAGE plpgsql",
        // A counter only has to move once a transaction: the lessons already
        // counted in this one are kept in a transaction-local setting
        // (",12,34,"), and a cell write's entry and marks (four rows for
        // «3 4 5») raise it once. Past 4,000 characters (a bulk change of
        // hundreds of lessons) every row counts again, so the look-up stays short.
        "CREATE OR REPLACE FUNCTION journal_revise_cell() RETURNS trigger AS $$ \
         DECLARE \
           done text := coalesce(nullif(current_setting('zhurnal.revised_lessons', true), ''), ','); \
           ids bigint[]; \
           lid bigint; \
         BEGIN \
         IF TG_OP = 'INSERT' THEN ids := ARRAY[NEW.lesson_id]; \
         ELSIF TG_OP = 'DELETE' THEN ids := ARRAY[OLD.lesson_id]; \
         ELSIF OLD.lesson_id = NEW.lesson_id THEN ids := ARRAY[NEW.lesson_id]; \
         ELSE ids := ARRAY[OLD.lesson_id, NEW.lesson_id]; END IF; \
         FOREACH lid IN ARRAY ids LOOP \
           IF strpos(done, ',' || lid || ',') = 0 THEN \
             PERFORM journal_revise(l.group_id, l.subject_id, l.date) FROM lessons l WHERE l.id = lid; \
             IF length(done) < 4000 THEN done := done || lid || ','; END IF; \
           END IF; \
         END LOOP; \
         PERFORM set_config('zhurnal.revised_lessons', done, true); \
         RETURN NULL; END $$ LANGUAGE plpgsql",
        "CREATE OR REPLACE FUNCTION journal_revise_lesson() RETURNS trigger AS $$ BEGIN \
         PERFORM journal_revise(OLD.group_id, OLD.subject_id, OLD.date); \
         IF TG_OP = 'UPDATE' THEN PERFORM journal_revise(NEW.group_id, NEW.subject_id, NEW.date); END IF; \
         RETURN NULL; END $$ LANGUAGE plpgsql",
    ]
}
