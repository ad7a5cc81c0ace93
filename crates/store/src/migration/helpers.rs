//! Column and table shapes shared by the migrations.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub fn n(name: &str) -> Alias {
    Alias::new(name)
}

pub fn id() -> ColumnDef {
    ColumnDef::new(n("id"))
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

pub fn big(name: &str) -> ColumnDef {
    ColumnDef::new(n(name)).big_integer().not_null().to_owned()
}

pub fn big_null(name: &str) -> ColumnDef {
    ColumnDef::new(n(name)).big_integer().null().to_owned()
}

pub fn text(name: &str) -> ColumnDef {
    ColumnDef::new(n(name)).string().not_null().to_owned()
}

pub fn text_null(name: &str) -> ColumnDef {
    ColumnDef::new(n(name)).string().null().to_owned()
}

pub fn int(name: &str) -> ColumnDef {
    ColumnDef::new(n(name)).integer().not_null().to_owned()
}

pub fn time(name: &str) -> ColumnDef {
    ColumnDef::new(n(name))
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

pub fn time_null(name: &str) -> ColumnDef {
    ColumnDef::new(n(name))
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

pub fn fk(table: &str, column: &str, to: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from(n(table), n(column))
        .to(n(to), n("id"))
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

/// A college table: an id, the college it belongs to, its columns and keys.
pub fn college_table(
    name: &str,
    columns: Vec<ColumnDef>,
    fks: &[(&str, &str)],
) -> TableCreateStatement {
    let mut t = Table::create();
    t.table(n(name)).col(id()).col(big("org_id"));
    for mut c in columns {
        t.col(&mut c);
    }
    t.foreign_key(&mut fk(name, "org_id", "orgs"));
    for (column, to) in fks {
        t.foreign_key(&mut fk(name, column, to));
    }
    t.to_owned()
}

pub fn index(table: &str, columns: &[&str], unique: bool) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(format!(
        "{}_{}_{}",
        if unique { "ux" } else { "ix" },
        table,
        columns.join("_")
    ))
    .table(n(table));
    for c in columns {
        i.col(n(c));
    }
    if unique {
        i.unique();
    }
    i.to_owned()
}

/// Triggers that refuse UPDATE and DELETE, so history stays append-only
/// whatever code (or person with a SQL console) touches it.
pub async fn append_only(m: &SchemaManager<'_>, table: &str) -> Result<(), DbErr> {
    let db = m.get_connection();
    match db.get_database_backend() {
        DbBackend::Sqlite => {
            for op in ["UPDATE", "DELETE"] {
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {table}_no_{o} BEFORE {op} ON {table} \
                     BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;",
                    o = op.to_lowercase()
                ))
                .await?;
            }
        }
        DbBackend::Postgres => {
            db.execute_unprepared(&format!(
                "CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$ \
                 BEGIN RAISE EXCEPTION '{table} is append-only'; END; $$ LANGUAGE plpgsql;"
            ))
            .await?;
            db.execute_unprepared(&format!(
                "CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} \
                 FOR EACH ROW EXECUTE FUNCTION {table}_append_only();"
            ))
            .await?;
        }
        DbBackend::MySql => {
            return Err(DbErr::Migration("MySQL is not supported".into()));
        }
    }
    Ok(())
}

pub fn date(name: &str) -> ColumnDef {
    ColumnDef::new(n(name)).date().not_null().to_owned()
}

pub fn long_text(name: &str) -> ColumnDef {
    ColumnDef::new(n(name))
        .text()
        .not_null()
        .default("")
        .to_owned()
}
