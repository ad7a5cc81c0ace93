//! Study groups, their subgroups and their students.

use std::collections::HashMap;

use domain::names::search_key;
use domain::paging::{Page, PageRequest};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::entity::{group_student, person, study_group, subgroup};

#[derive(Debug, Clone)]
pub struct NewGroup {
    pub specialty_id: i64,
    pub name: String,
    pub study_form: String,
    pub intake_year: i32,
    pub curator_person_id: Option<i64>,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    org_id: i64,
    g: NewGroup,
) -> Result<study_group::Model, DbErr> {
    study_group::ActiveModel {
        org_id: Set(org_id),
        specialty_id: Set(g.specialty_id),
        search_key: Set(search_key(&[&g.name])),
        name: Set(g.name),
        study_form: Set(g.study_form),
        intake_year: Set(g.intake_year),
        curator_person_id: Set(g.curator_person_id),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn update(
    db: &impl ConnectionTrait,
    org_id: i64,
    id: i64,
    g: NewGroup,
) -> Result<u64, DbErr> {
    Ok(study_group::Entity::update_many()
        .col_expr(study_group::Column::SpecialtyId, g.specialty_id.into())
        .col_expr(
            study_group::Column::SearchKey,
            search_key(&[&g.name]).into(),
        )
        .col_expr(study_group::Column::Name, g.name.into())
        .col_expr(study_group::Column::StudyForm, g.study_form.into())
        .col_expr(study_group::Column::IntakeYear, g.intake_year.into())
        .col_expr(
            study_group::Column::CuratorPersonId,
            g.curator_person_id.into(),
        )
        .filter(study_group::Column::OrgId.eq(org_id))
        .filter(study_group::Column::Id.eq(id))
        .exec(db)
        .await?
        .rows_affected)
}

pub async fn get(
    db: &impl ConnectionTrait,
    org_id: i64,
    id: i64,
) -> Result<Option<study_group::Model>, DbErr> {
    study_group::Entity::find_by_id(id)
        .filter(study_group::Column::OrgId.eq(org_id))
        .one(db)
        .await
}

pub async fn by_ids(
    db: &impl ConnectionTrait,
    org_id: i64,
    ids: &[i64],
) -> Result<Vec<study_group::Model>, DbErr> {
    study_group::Entity::find()
        .filter(study_group::Column::OrgId.eq(org_id))
        .filter(study_group::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(study_group::Column::Name)
        .all(db)
        .await
}

pub async fn all(db: &impl ConnectionTrait, org_id: i64) -> Result<Vec<study_group::Model>, DbErr> {
    study_group::Entity::find()
        .filter(study_group::Column::OrgId.eq(org_id))
        .order_by_asc(study_group::Column::Name)
        .all(db)
        .await
}

pub async fn page(
    db: &impl ConnectionTrait,
    org_id: i64,
    pattern: Option<&str>,
    req: PageRequest,
) -> Result<Page<study_group::Model>, DbErr> {
    let mut q = study_group::Entity::find().filter(study_group::Column::OrgId.eq(org_id));
    if let Some(p) = pattern {
        q = q.filter(study_group::Column::SearchKey.like(p));
    }
    let q = q
        .order_by_asc(study_group::Column::Name)
        .order_by_asc(study_group::Column::Id);
    crate::paging::fetch_page(db, q, req).await
}

#[derive(FromQueryResult)]
struct GroupCount {
    group_id: i64,
    n: i64,
}

/// Number of students in each of the given groups, in one query.
pub async fn student_counts(
    db: &impl ConnectionTrait,
    group_ids: &[i64],
) -> Result<HashMap<i64, i64>, DbErr> {
    let rows = group_student::Entity::find()
        .select_only()
        .column(group_student::Column::GroupId)
        .column_as(Expr::col(group_student::Column::Id).count(), "n")
        .filter(group_student::Column::GroupId.is_in(group_ids.iter().copied()))
        .group_by(group_student::Column::GroupId)
        .into_model::<GroupCount>()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|r| (r.group_id, r.n)).collect())
}

/// Students of a group with their membership rows, by name.
pub async fn students(
    db: &impl ConnectionTrait,
    org_id: i64,
    group_id: i64,
) -> Result<Vec<(person::Model, group_student::Model)>, DbErr> {
    let to_person = group_student::Entity::belongs_to(person::Entity)
        .from(group_student::Column::PersonId)
        .to(person::Column::Id)
        .into();
    Ok(group_student::Entity::find()
        .join(sea_orm::JoinType::InnerJoin, to_person)
        .select_also(person::Entity)
        .filter(group_student::Column::OrgId.eq(org_id))
        .filter(group_student::Column::GroupId.eq(group_id))
        .order_by_asc(person::Column::Surname)
        .order_by_asc(person::Column::Name)
        .order_by_asc(person::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(m, p)| p.map(|p| (p, m)))
        .collect())
}

/// A student of a group as a journal lists them: names and subgroup only.
#[derive(Debug, Clone, FromQueryResult)]
pub struct RosterRow {
    pub person_id: i64,
    pub surname: String,
    pub name: String,
    pub patronymic: Option<String>,
    pub subgroup_id: Option<i64>,
}

impl RosterRow {
    pub fn full_name(&self) -> domain::names::FullName {
        domain::names::FullName {
            surname: self.surname.clone(),
            name: self.name.clone(),
            patronymic: self.patronymic.clone(),
        }
    }
}

/// The group's students in alphabetical order, without the rest of their records.
pub async fn roster(
    db: &impl ConnectionTrait,
    org_id: i64,
    group_id: i64,
) -> Result<Vec<RosterRow>, DbErr> {
    let to_person = group_student::Entity::belongs_to(person::Entity)
        .from(group_student::Column::PersonId)
        .to(person::Column::Id)
        .into();
    group_student::Entity::find()
        .select_only()
        .column_as(group_student::Column::PersonId, "person_id")
        .column(person::Column::Surname)
        .column(person::Column::Name)
        .column(person::Column::Patronymic)
        .column(group_student::Column::SubgroupId)
        .join(sea_orm::JoinType::InnerJoin, to_person)
        .filter(group_student::Column::OrgId.eq(org_id))
        .filter(group_student::Column::GroupId.eq(group_id))
        .order_by_asc(person::Column::Surname)
        .order_by_asc(person::Column::Name)
        .order_by_asc(person::Column::Id)
        .into_model::<RosterRow>()
        .all(db)
        .await
}

/// Students of the college (people in any group), searched by name, one page.
pub async fn students_page(
    db: &impl ConnectionTrait,
    org_id: i64,
    pattern: Option<&str>,
    req: PageRequest,
) -> Result<Page<person::Model>, DbErr> {
    let is_student = person::Column::Id.in_subquery(
        Query::select()
            .column(group_student::Column::PersonId)
            .from(group_student::Entity)
            .and_where(group_student::Column::OrgId.eq(org_id))
            .to_owned(),
    );
    crate::people::page_among(db, org_id, pattern, is_student, req).await
}

pub async fn add_student(
    db: &impl ConnectionTrait,
    org_id: i64,
    group_id: i64,
    person_id: i64,
    subgroup_id: Option<i64>,
) -> Result<group_student::Model, DbErr> {
    group_student::ActiveModel {
        org_id: Set(org_id),
        group_id: Set(group_id),
        person_id: Set(person_id),
        subgroup_id: Set(subgroup_id),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// The group memberships of these people (a student's group).
pub async fn memberships(
    db: &impl ConnectionTrait,
    org_id: i64,
    person_ids: &[i64],
) -> Result<Vec<group_student::Model>, DbErr> {
    group_student::Entity::find()
        .filter(group_student::Column::OrgId.eq(org_id))
        .filter(group_student::Column::PersonId.is_in(person_ids.iter().copied()))
        .all(db)
        .await
}

pub async fn subgroups(
    db: &impl ConnectionTrait,
    org_id: i64,
    group_id: i64,
) -> Result<Vec<subgroup::Model>, DbErr> {
    subgroup::Entity::find()
        .filter(subgroup::Column::OrgId.eq(org_id))
        .filter(subgroup::Column::GroupId.eq(group_id))
        .order_by_asc(subgroup::Column::Name)
        .all(db)
        .await
}

pub async fn insert_subgroup(
    db: &impl ConnectionTrait,
    org_id: i64,
    group_id: i64,
    name: &str,
) -> Result<subgroup::Model, DbErr> {
    subgroup::ActiveModel {
        org_id: Set(org_id),
        group_id: Set(group_id),
        name: Set(name.to_string()),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn set_curator(
    db: &impl ConnectionTrait,
    org_id: i64,
    group_id: i64,
    curator_person_id: Option<i64>,
) -> Result<u64, DbErr> {
    Ok(study_group::Entity::update_many()
        .col_expr(
            study_group::Column::CuratorPersonId,
            curator_person_id.into(),
        )
        .filter(study_group::Column::OrgId.eq(org_id))
        .filter(study_group::Column::Id.eq(group_id))
        .exec(db)
        .await?
        .rows_affected)
}
