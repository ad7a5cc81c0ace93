//! Academic debts and their retakes (273-ФЗ art. 58).

use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use crate::entity::{academic_debt, debt_retake};
use crate::paging::fetch_page;

pub struct NewDebt {
    pub school_year: i32,
    pub semester: i32,
    pub group_id: i64,
    pub subject_id: i64,
    pub student_id: i64,
    pub arisen_from: String,
    pub arisen_on: NaiveDate,
    pub deadline: NaiveDate,
}

/// Opens the student's debt for the subject and semester unless one is
/// there already; returns the debt and whether it is new.
pub async fn open(
    db: &impl ConnectionTrait,
    org_id: i64,
    d: NewDebt,
) -> Result<(academic_debt::Model, bool), DbErr> {
    if let Some(existing) = academic_debt::Entity::find()
        .filter(academic_debt::Column::OrgId.eq(org_id))
        .filter(academic_debt::Column::StudentPersonId.eq(d.student_id))
        .filter(academic_debt::Column::SchoolYear.eq(d.school_year))
        .filter(academic_debt::Column::Semester.eq(d.semester))
        .filter(academic_debt::Column::SubjectId.eq(d.subject_id))
        .one(db)
        .await?
    {
        return Ok((existing, false));
    }
    let m = academic_debt::ActiveModel {
        org_id: Set(org_id),
        school_year: Set(d.school_year),
        semester: Set(d.semester),
        group_id: Set(d.group_id),
        subject_id: Set(d.subject_id),
        student_person_id: Set(d.student_id),
        arisen_from: Set(d.arisen_from),
        arisen_on: Set(d.arisen_on),
        deadline: Set(d.deadline),
        status: Set("open".into()),
        result: Set(String::new()),
        closed_on: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok((m, true))
}

pub async fn get(
    db: &impl ConnectionTrait,
    org_id: i64,
    id: i64,
) -> Result<Option<academic_debt::Model>, DbErr> {
    academic_debt::Entity::find_by_id(id)
        .filter(academic_debt::Column::OrgId.eq(org_id))
        .one(db)
        .await
}

/// Sets a debt's status (and result when it is closed).
pub async fn settle(
    db: &impl ConnectionTrait,
    id: i64,
    status: &str,
    result: &str,
    on: Option<NaiveDate>,
) -> Result<(), DbErr> {
    academic_debt::Entity::update_many()
        .col_expr(academic_debt::Column::Status, Expr::value(status))
        .col_expr(academic_debt::Column::Result, Expr::value(result))
        .col_expr(academic_debt::Column::ClosedOn, Expr::value(on))
        .filter(academic_debt::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Who the list is for.
pub enum Whose {
    College,
    Groups(Vec<i64>),
    Student(i64),
}

/// Debts, open ones first, by page.
pub async fn page(
    db: &impl ConnectionTrait,
    org_id: i64,
    whose: &Whose,
    only_open: bool,
    req: domain::paging::PageRequest,
) -> Result<domain::paging::Page<academic_debt::Model>, DbErr> {
    let mut q = academic_debt::Entity::find().filter(academic_debt::Column::OrgId.eq(org_id));
    q = match whose {
        Whose::College => q,
        Whose::Groups(ids) => q.filter(academic_debt::Column::GroupId.is_in(ids.iter().copied())),
        Whose::Student(id) => q.filter(academic_debt::Column::StudentPersonId.eq(*id)),
    };
    if only_open {
        q = q.filter(academic_debt::Column::Status.eq("open"));
    }
    // Open debts first.
    let q = q
        .order_by_desc(Expr::cust("CASE WHEN status = 'open' THEN 1 ELSE 0 END"))
        .order_by_asc(academic_debt::Column::Deadline)
        .order_by_asc(academic_debt::Column::Id);
    fetch_page(db, q, req).await
}

pub async fn retakes(
    db: &impl ConnectionTrait,
    org_id: i64,
    debt_ids: &[i64],
) -> Result<Vec<debt_retake::Model>, DbErr> {
    debt_retake::Entity::find()
        .filter(debt_retake::Column::OrgId.eq(org_id))
        .filter(debt_retake::Column::DebtId.is_in(debt_ids.iter().copied()))
        .order_by_asc(debt_retake::Column::Attempt)
        .all(db)
        .await
}

pub async fn add_retake(
    db: &impl ConnectionTrait,
    org_id: i64,
    debt_id: i64,
    attempt: i32,
    held_on: NaiveDate,
    commission: &str,
    stamp: crate::Stamp,
) -> Result<debt_retake::Model, DbErr> {
    debt_retake::ActiveModel {
        org_id: Set(org_id),
        debt_id: Set(debt_id),
        attempt: Set(attempt),
        held_on: Set(held_on),
        commission: Set(commission.to_string()),
        result: Set(String::new()),
        created_by: Set(stamp.by),
        created_at: Set(stamp.at),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn set_retake_result(
    db: &impl ConnectionTrait,
    retake_id: i64,
    result: &str,
) -> Result<(), DbErr> {
    debt_retake::Entity::update_many()
        .col_expr(debt_retake::Column::Result, Expr::value(result))
        .filter(debt_retake::Column::Id.eq(retake_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Debts of a group's subject in a semester (the attestation sheet).
pub async fn of_group_subject(
    db: &impl ConnectionTrait,
    org_id: i64,
    group_id: i64,
    subject_id: i64,
    school_year: i32,
    semester: i32,
) -> Result<Vec<academic_debt::Model>, DbErr> {
    academic_debt::Entity::find()
        .filter(academic_debt::Column::OrgId.eq(org_id))
        .filter(academic_debt::Column::GroupId.eq(group_id))
        .filter(academic_debt::Column::SubjectId.eq(subject_id))
        .filter(academic_debt::Column::SchoolYear.eq(school_year))
        .filter(academic_debt::Column::Semester.eq(semester))
        .all(db)
        .await
}
