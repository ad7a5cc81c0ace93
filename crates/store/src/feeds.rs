//! Calendar feeds: a secret address per account (only its SHA-256 is kept),
//! and the lessons a feed shows, in one query with their names.

use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Condition, Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, Set,
};

use crate::entity::{building, calendar_feed, lesson, room, study_group, subgroup, subject};

pub async fn insert(
    db: &impl ConnectionTrait,
    org_id: i64,
    account_id: i64,
    token_hash: &str,
    at: DateTime<Utc>,
) -> Result<calendar_feed::Model, DbErr> {
    calendar_feed::ActiveModel {
        org_id: Set(org_id),
        account_id: Set(account_id),
        token_hash: Set(token_hash.to_string()),
        created_at: Set(at),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// The account's feed in this college that is not revoked, if any.
pub async fn active_of_account(
    db: &impl ConnectionTrait,
    org_id: i64,
    account_id: i64,
) -> Result<Option<calendar_feed::Model>, DbErr> {
    calendar_feed::Entity::find()
        .filter(calendar_feed::Column::OrgId.eq(org_id))
        .filter(calendar_feed::Column::AccountId.eq(account_id))
        .filter(calendar_feed::Column::RevokedAt.is_null())
        .order_by_desc(calendar_feed::Column::Id)
        .one(db)
        .await
}

/// Revokes every active feed of the account in this college; returns how many.
pub async fn revoke_of_account(
    db: &impl ConnectionTrait,
    org_id: i64,
    account_id: i64,
    at: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let r = calendar_feed::Entity::update_many()
        .col_expr(calendar_feed::Column::RevokedAt, Expr::value(at))
        .filter(calendar_feed::Column::OrgId.eq(org_id))
        .filter(calendar_feed::Column::AccountId.eq(account_id))
        .filter(calendar_feed::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(r.rows_affected)
}

/// The active feed with this token hash (the unique index serves it).
pub async fn active_by_hash(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<calendar_feed::Model>, DbErr> {
    calendar_feed::Entity::find()
        .filter(calendar_feed::Column::TokenHash.eq(token_hash))
        .filter(calendar_feed::Column::RevokedAt.is_null())
        .one(db)
        .await
}

/// One lesson of a feed with the names it shows.
#[derive(Debug, Clone, FromQueryResult)]
pub struct FeedLesson {
    pub id: i64,
    pub date: NaiveDate,
    pub starts_at: String,
    pub ends_at: String,
    pub topic: String,
    pub homework: String,
    pub cancelled: bool,
    pub subject: String,
    pub group_name: String,
    pub subgroup: Option<String>,
    pub room: Option<String>,
    pub building: Option<String>,
    pub teacher_surname: String,
    pub teacher_name: String,
    pub teacher_patronymic: Option<String>,
    pub substitute_surname: Option<String>,
    pub substitute_name: Option<String>,
    pub substitute_patronymic: Option<String>,
}

/// Whose lessons a feed shows.
pub enum FeedScope<'a> {
    /// A student's: (group, subgroup) of each membership; whole-group lessons
    /// and those of the student's subgroup.
    Student(&'a [(i64, Option<i64>)]),
    /// A teacher's: lessons they teach or substitute.
    Teacher(i64),
}

/// The lessons of a feed between two dates, with subject, group, room and
/// teachers' names: one query whatever the number of lessons.
pub async fn lessons(
    db: &impl ConnectionTrait,
    org_id: i64,
    scopes: &[FeedScope<'_>],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<FeedLesson>, DbErr> {
    let mut who = Condition::any();
    for scope in scopes {
        match scope {
            FeedScope::Student(memberships) => {
                for (group_id, subgroup_id) in memberships.iter() {
                    let mut sub = Condition::any()
                        .add(Expr::col((lesson::Entity, lesson::Column::SubgroupId)).is_null());
                    if let Some(s) = subgroup_id {
                        sub =
                            sub.add(Expr::col((lesson::Entity, lesson::Column::SubgroupId)).eq(*s));
                    }
                    who = who.add(
                        Condition::all()
                            .add(Expr::col((lesson::Entity, lesson::Column::GroupId)).eq(*group_id))
                            .add(sub),
                    );
                }
            }
            FeedScope::Teacher(person_id) => {
                who = who
                    .add(
                        Expr::col((lesson::Entity, lesson::Column::TeacherPersonId)).eq(*person_id),
                    )
                    .add(
                        Expr::col((lesson::Entity, lesson::Column::SubstitutePersonId))
                            .eq(*person_id),
                    );
            }
        }
    }
    if who.is_empty() {
        return Ok(Vec::new());
    }
    let l = |c: lesson::Column| Expr::col((lesson::Entity, c));
    let mut q = Query::select()
        .expr_as(l(lesson::Column::Id), Alias::new("id"))
        .expr_as(l(lesson::Column::Date), Alias::new("date"))
        .expr_as(l(lesson::Column::StartsAt), Alias::new("starts_at"))
        .expr_as(l(lesson::Column::EndsAt), Alias::new("ends_at"))
        .expr_as(l(lesson::Column::Topic), Alias::new("topic"))
        .expr_as(l(lesson::Column::Homework), Alias::new("homework"))
        .expr_as(l(lesson::Column::Cancelled), Alias::new("cancelled"))
        .expr_as(
            Expr::col((subject::Entity, subject::Column::Name)),
            Alias::new("subject"),
        )
        .expr_as(
            Expr::col((study_group::Entity, study_group::Column::Name)),
            Alias::new("group_name"),
        )
        .expr_as(
            Expr::col((subgroup::Entity, subgroup::Column::Name)),
            Alias::new("subgroup"),
        )
        .expr_as(
            Expr::col((room::Entity, room::Column::Number)),
            Alias::new("room"),
        )
        .expr_as(
            Expr::col((building::Entity, building::Column::Name)),
            Alias::new("building"),
        )
        .from(lesson::Entity)
        .inner_join(
            subject::Entity,
            Expr::col((subject::Entity, subject::Column::Id))
                .equals((lesson::Entity, lesson::Column::SubjectId)),
        )
        .inner_join(
            study_group::Entity,
            Expr::col((study_group::Entity, study_group::Column::Id))
                .equals((lesson::Entity, lesson::Column::GroupId)),
        )
        .left_join(
            subgroup::Entity,
            Expr::col((subgroup::Entity, subgroup::Column::Id))
                .equals((lesson::Entity, lesson::Column::SubgroupId)),
        )
        .left_join(
            room::Entity,
            Expr::col((room::Entity, room::Column::Id))
                .equals((lesson::Entity, lesson::Column::RoomId)),
        )
        .left_join(
            building::Entity,
            Expr::col((building::Entity, building::Column::Id))
                .equals((room::Entity, room::Column::BuildingId)),
        )
        .cond_where(
            Condition::all()
                .add(l(lesson::Column::OrgId).eq(org_id))
                .add(l(lesson::Column::Date).between(from, to))
                .add(who),
        )
        .order_by((lesson::Entity, lesson::Column::Date), sea_orm::Order::Asc)
        .order_by(
            (lesson::Entity, lesson::Column::PairNo),
            sea_orm::Order::Asc,
        )
        .order_by((lesson::Entity, lesson::Column::Id), sea_orm::Order::Asc)
        .to_owned();
    crate::lessons::select_teachers(&mut q);
    FeedLesson::find_by_statement(db.get_database_backend().build(&q))
        .all(db)
        .await
}
