//! In-app notifications and the outbox of e-mails waiting to be sent.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::entity::{notification, outbox_message};

pub struct NewNotification<'a> {
    pub person_id: i64,
    pub kind: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub link: &'a str,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    org_id: i64,
    n: NewNotification<'_>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    notification::ActiveModel {
        org_id: Set(org_id),
        person_id: Set(n.person_id),
        kind: Set(n.kind.to_string()),
        title: Set(n.title.to_string()),
        body: Set(n.body.to_string()),
        link: Set(n.link.to_string()),
        created_at: Set(at),
        read_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn latest(
    db: &impl ConnectionTrait,
    person_id: i64,
    limit: u64,
) -> Result<Vec<notification::Model>, DbErr> {
    notification::Entity::find()
        .filter(notification::Column::PersonId.eq(person_id))
        .order_by_desc(notification::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

pub async fn unread(db: &impl ConnectionTrait, person_id: i64) -> Result<u64, DbErr> {
    notification::Entity::find()
        .filter(notification::Column::PersonId.eq(person_id))
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await
}

pub async fn mark_all_read(
    db: &impl ConnectionTrait,
    person_id: i64,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Some(at).into())
        .filter(notification::Column::PersonId.eq(person_id))
        .filter(notification::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

pub async fn enqueue_mail(
    db: &impl ConnectionTrait,
    org_id: i64,
    to: &str,
    subject: &str,
    body: &str,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let now = at;
    outbox_message::ActiveModel {
        org_id: Set(Some(org_id)),
        to_addr: Set(to.to_string()),
        subject: Set(subject.to_string()),
        body: Set(body.to_string()),
        attempts: Set(0),
        created_at: Set(now),
        next_attempt_at: Set(now),
        sent_at: Set(None),
        last_error: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Messages due now, oldest first.
pub async fn due_mail(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    max_attempts: i32,
    limit: u64,
) -> Result<Vec<outbox_message::Model>, DbErr> {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::SentAt.is_null())
        .filter(outbox_message::Column::NextAttemptAt.lte(now))
        .filter(outbox_message::Column::Attempts.lt(max_attempts))
        .order_by_asc(outbox_message::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Takes a message for sending: only one app instance wins it.
pub async fn claim_mail(
    db: &impl ConnectionTrait,
    m: &outbox_message::Model,
    until: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let res = outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::NextAttemptAt, until.into())
        .filter(outbox_message::Column::Id.eq(m.id))
        .filter(outbox_message::Column::NextAttemptAt.eq(m.next_attempt_at))
        .filter(outbox_message::Column::SentAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

pub async fn mail_sent(db: &impl ConnectionTrait, id: i64, at: DateTime<Utc>) -> Result<(), DbErr> {
    outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::SentAt, Some(at).into())
        .filter(outbox_message::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn mail_failed(
    db: &impl ConnectionTrait,
    id: i64,
    attempts: i32,
    retry_at: DateTime<Utc>,
    error: &str,
) -> Result<(), DbErr> {
    outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::Attempts, attempts.into())
        .col_expr(outbox_message::Column::NextAttemptAt, retry_at.into())
        .col_expr(
            outbox_message::Column::LastError,
            Some(error.to_string()).into(),
        )
        .filter(outbox_message::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
