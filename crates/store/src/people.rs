//! People of a college: staff, students and parents alike.

use chrono::{DateTime, NaiveDate, Utc};
use domain::names::{search_key, FullName};
use domain::paging::{Page, PageRequest};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use crate::entity::person;

#[derive(Debug, Clone, Default)]
pub struct NewPerson {
    pub surname: String,
    pub name: String,
    pub patronymic: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl NewPerson {
    pub fn from_name(n: FullName) -> Self {
        NewPerson {
            surname: n.surname,
            name: n.name,
            patronymic: n.patronymic,
            ..Default::default()
        }
    }

    pub fn active_model(self, org_id: i64, at: DateTime<Utc>) -> person::ActiveModel {
        let key = search_key(&[
            &self.surname,
            &self.name,
            self.patronymic.as_deref().unwrap_or(""),
        ]);
        person::ActiveModel {
            org_id: Set(org_id),
            surname: Set(self.surname),
            name: Set(self.name),
            patronymic: Set(self.patronymic),
            birth_date: Set(self.birth_date),
            email: Set(self.email),
            phone: Set(self.phone),
            search_key: Set(key),
            created_at: Set(at),
            ..Default::default()
        }
    }
}

pub fn full_name(p: &person::Model) -> FullName {
    FullName {
        surname: p.surname.clone(),
        name: p.name.clone(),
        patronymic: p.patronymic.clone(),
    }
}

pub async fn insert(
    db: &impl ConnectionTrait,
    org_id: i64,
    p: NewPerson,
    at: DateTime<Utc>,
) -> Result<person::Model, DbErr> {
    p.active_model(org_id, at).insert(db).await
}

pub async fn get(
    db: &impl ConnectionTrait,
    org_id: i64,
    id: i64,
) -> Result<Option<person::Model>, DbErr> {
    person::Entity::find_by_id(id)
        .filter(person::Column::OrgId.eq(org_id))
        .one(db)
        .await
}

/// A person by id in any college (an account's own person).
pub async fn get_any(db: &impl ConnectionTrait, id: i64) -> Result<Option<person::Model>, DbErr> {
    person::Entity::find_by_id(id).one(db).await
}

pub async fn by_ids(db: &impl ConnectionTrait, ids: &[i64]) -> Result<Vec<person::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    person::Entity::find()
        .filter(person::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(person::Column::Surname)
        .order_by_asc(person::Column::Name)
        .all(db)
        .await
}

/// One page of people among `ids` matching the search pattern, by name.
pub async fn page_among(
    db: &impl ConnectionTrait,
    org_id: i64,
    pattern: Option<&str>,
    restrict: sea_orm::sea_query::SimpleExpr,
    req: PageRequest,
) -> Result<Page<person::Model>, DbErr> {
    let mut q = person::Entity::find()
        .filter(person::Column::OrgId.eq(org_id))
        .filter(restrict);
    if let Some(p) = pattern {
        q = q.filter(person::Column::SearchKey.like(p));
    }
    let q = q
        .order_by_asc(person::Column::Surname)
        .order_by_asc(person::Column::Name)
        .order_by_asc(person::Column::Id);
    crate::paging::fetch_page(db, q, req).await
}
