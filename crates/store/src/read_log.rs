//! The log of reads of personal data (152-ФЗ): who read whose record, when.

use chrono::{DateTime, Utc};
use domain::paging::{Page, PageRequest};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select,
    Set,
};

use crate::entity::{account, college_settings, person, read_log_entry};

/// One read, as the log keeps it.
#[derive(Debug, Clone)]
pub struct Read {
    pub org_id: i64,
    pub account_id: i64,
    pub person_id: Option<i64>,
    pub group_id: Option<i64>,
    pub what: &'static str,
    pub detail: String,
    pub at: DateTime<Utc>,
}

/// Writes reads in one statement per batch of 500.
pub async fn record_all(db: &impl ConnectionTrait, reads: Vec<Read>) -> Result<(), DbErr> {
    let models: Vec<read_log_entry::ActiveModel> = reads
        .into_iter()
        .map(|r| read_log_entry::ActiveModel {
            org_id: Set(r.org_id),
            at: Set(r.at),
            account_id: Set(r.account_id),
            person_id: Set(r.person_id),
            group_id: Set(r.group_id),
            what: Set(r.what.to_string()),
            detail: Set(r.detail),
            ..Default::default()
        })
        .collect();
    for chunk in models.chunks(500) {
        read_log_entry::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// What the officer searches by: name patterns (`%…%` of the search key) of
/// the person read and of the reader (or the reader's login), and dates.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub person: Option<String>,
    pub reader: Option<String>,
    pub reader_login: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

fn select(org_id: i64, f: &Filter) -> Select<read_log_entry::Entity> {
    let mut q = read_log_entry::Entity::find().filter(read_log_entry::Column::OrgId.eq(org_id));
    if let Some(p) = &f.person {
        let people = Query::select()
            .column(person::Column::Id)
            .from(person::Entity)
            .and_where(person::Column::OrgId.eq(org_id))
            .and_where(person::Column::SearchKey.like(p.as_str()))
            .to_owned();
        q = q.filter(read_log_entry::Column::PersonId.in_subquery(people));
    }
    if f.reader.is_some() || f.reader_login.is_some() {
        let mut readers = Query::select();
        readers
            .column((account::Entity, account::Column::Id))
            .from(account::Entity)
            .inner_join(
                person::Entity,
                Expr::col((person::Entity, person::Column::Id))
                    .equals((account::Entity, account::Column::PersonId)),
            );
        let mut any = sea_orm::sea_query::Condition::any();
        if let Some(p) = &f.reader {
            any = any.add(Expr::col((person::Entity, person::Column::SearchKey)).like(p.as_str()));
        }
        if let Some(login) = &f.reader_login {
            any = any.add(Expr::col((account::Entity, account::Column::Login)).eq(login.as_str()));
        }
        readers.cond_where(any);
        q = q.filter(read_log_entry::Column::AccountId.in_subquery(readers.to_owned()));
    }
    if let Some(from) = f.from {
        q = q.filter(read_log_entry::Column::At.gte(from));
    }
    if let Some(until) = f.until {
        q = q.filter(read_log_entry::Column::At.lt(until));
    }
    q.order_by_desc(read_log_entry::Column::At)
        .order_by_desc(read_log_entry::Column::Id)
}

pub async fn page(
    db: &impl ConnectionTrait,
    org_id: i64,
    f: &Filter,
    req: PageRequest,
) -> Result<Page<read_log_entry::Model>, DbErr> {
    crate::paging::fetch_page(db, select(org_id, f), req).await
}

/// The first `limit` entries the filter finds, newest first, for an export.
pub async fn all(
    db: &impl ConnectionTrait,
    org_id: i64,
    f: &Filter,
    limit: u64,
) -> Result<Vec<read_log_entry::Model>, DbErr> {
    select(org_id, f).limit(limit).all(db).await
}

/// Removes what each college keeps no longer (its `read_log_days`).
pub async fn purge(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let mut removed = 0;
    for s in college_settings::Entity::find().all(db).await? {
        let before = now - chrono::Duration::days(i64::from(s.read_log_days));
        removed += read_log_entry::Entity::delete_many()
            .filter(read_log_entry::Column::OrgId.eq(s.org_id))
            .filter(read_log_entry::Column::At.lt(before))
            .exec(db)
            .await?
            .rows_affected;
    }
    Ok(removed)
}
