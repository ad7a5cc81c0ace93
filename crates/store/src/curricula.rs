//! Curricula (учебные планы): their items and the hours of each item per semester.

use std::collections::HashMap;

use domain::paging::{Page, PageRequest};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::entity::{
    curriculum, curriculum_hours, curriculum_item, group_student, study_group, subject,
    teaching_load,
};

pub struct NewCurriculum<'a> {
    pub specialty_id: i64,
    pub study_form: &'a str,
    pub intake_year: i32,
    pub name: &'a str,
    pub student_person_id: Option<i64>,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    org_id: i64,
    c: NewCurriculum<'_>,
) -> Result<curriculum::Model, DbErr> {
    curriculum::ActiveModel {
        org_id: Set(org_id),
        specialty_id: Set(c.specialty_id),
        study_form: Set(c.study_form.to_string()),
        intake_year: Set(c.intake_year),
        name: Set(c.name.to_string()),
        student_person_id: Set(c.student_person_id),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn get(
    db: &impl ConnectionTrait,
    org_id: i64,
    id: i64,
) -> Result<Option<curriculum::Model>, DbErr> {
    curriculum::Entity::find_by_id(id)
        .filter(curriculum::Column::OrgId.eq(org_id))
        .one(db)
        .await
}

/// One page of curricula, the newest intake first, optionally of one specialty.
pub async fn page(
    db: &impl ConnectionTrait,
    org_id: i64,
    specialty_id: Option<i64>,
    req: PageRequest,
) -> Result<Page<curriculum::Model>, DbErr> {
    let mut q = curriculum::Entity::find().filter(curriculum::Column::OrgId.eq(org_id));
    if let Some(s) = specialty_id {
        q = q.filter(curriculum::Column::SpecialtyId.eq(s));
    }
    let q = q
        .order_by_desc(curriculum::Column::IntakeYear)
        .order_by_asc(curriculum::Column::Name)
        .order_by_asc(curriculum::Column::Id);
    crate::paging::fetch_page(db, q, req).await
}

/// The items of a curriculum (by position) and all their hours: two queries.
pub async fn items_with_hours(
    db: &impl ConnectionTrait,
    org_id: i64,
    curriculum_id: i64,
) -> Result<(Vec<curriculum_item::Model>, Vec<curriculum_hours::Model>), DbErr> {
    let items = curriculum_item::Entity::find()
        .filter(curriculum_item::Column::OrgId.eq(org_id))
        .filter(curriculum_item::Column::CurriculumId.eq(curriculum_id))
        .order_by_asc(curriculum_item::Column::Position)
        .order_by_asc(curriculum_item::Column::Id)
        .all(db)
        .await?;
    let hours = curriculum_hours::Entity::find()
        .filter(curriculum_hours::Column::OrgId.eq(org_id))
        .filter(
            curriculum_hours::Column::ItemId.in_subquery(
                Query::select()
                    .column(curriculum_item::Column::Id)
                    .from(curriculum_item::Entity)
                    .and_where(curriculum_item::Column::CurriculumId.eq(curriculum_id))
                    .to_owned(),
            ),
        )
        .order_by_asc(curriculum_hours::Column::ItemId)
        .order_by_asc(curriculum_hours::Column::Semester)
        .all(db)
        .await?;
    Ok((items, hours))
}

pub async fn get_item(
    db: &impl ConnectionTrait,
    org_id: i64,
    curriculum_id: i64,
    id: i64,
) -> Result<Option<curriculum_item::Model>, DbErr> {
    curriculum_item::Entity::find_by_id(id)
        .filter(curriculum_item::Column::OrgId.eq(org_id))
        .filter(curriculum_item::Column::CurriculumId.eq(curriculum_id))
        .one(db)
        .await
}

/// What an item is: shared by inserts, updates and the import.
pub struct ItemFields<'a> {
    pub parent_id: Option<i64>,
    pub kind: &'a str,
    pub code: &'a str,
    pub name: &'a str,
    pub subject_id: Option<i64>,
}

/// Adds an item at the end of the curriculum.
pub async fn insert_item(
    db: &impl ConnectionTrait,
    org_id: i64,
    curriculum_id: i64,
    f: ItemFields<'_>,
) -> Result<curriculum_item::Model, DbErr> {
    let last: Option<Option<i32>> = curriculum_item::Entity::find()
        .select_only()
        .column_as(Expr::col(curriculum_item::Column::Position).max(), "m")
        .filter(curriculum_item::Column::CurriculumId.eq(curriculum_id))
        .into_tuple()
        .one(db)
        .await?;
    let position = last.flatten().map_or(1, |p| p + 1);
    insert_item_at(db, org_id, curriculum_id, position, f).await
}

async fn insert_item_at(
    db: &impl ConnectionTrait,
    org_id: i64,
    curriculum_id: i64,
    position: i32,
    f: ItemFields<'_>,
) -> Result<curriculum_item::Model, DbErr> {
    curriculum_item::ActiveModel {
        org_id: Set(org_id),
        curriculum_id: Set(curriculum_id),
        parent_id: Set(f.parent_id),
        kind: Set(f.kind.to_string()),
        code: Set(f.code.to_string()),
        name: Set(f.name.to_string()),
        subject_id: Set(f.subject_id),
        position: Set(position),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn update_item(
    db: &impl ConnectionTrait,
    item: curriculum_item::Model,
    f: ItemFields<'_>,
) -> Result<curriculum_item::Model, DbErr> {
    let mut a: curriculum_item::ActiveModel = item.into();
    a.parent_id = Set(f.parent_id);
    a.kind = Set(f.kind.to_string());
    a.code = Set(f.code.to_string());
    a.name = Set(f.name.to_string());
    a.subject_id = Set(f.subject_id);
    a.update(db).await
}

/// How many items have this item as their module.
pub async fn child_count(db: &impl ConnectionTrait, item_id: i64) -> Result<u64, DbErr> {
    curriculum_item::Entity::find()
        .filter(curriculum_item::Column::ParentId.eq(item_id))
        .count(db)
        .await
}

/// The hours of an item in one semester, as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SemesterHours {
    pub semester: i32,
    pub lectures: i32,
    pub practical: i32,
    pub self_study: i32,
    pub consultations: i32,
    pub course_project: i32,
    pub control_form: Option<String>,
}

impl SemesterHours {
    fn active(&self, org_id: i64, item_id: i64) -> curriculum_hours::ActiveModel {
        curriculum_hours::ActiveModel {
            org_id: Set(org_id),
            item_id: Set(item_id),
            semester: Set(self.semester),
            lectures: Set(self.lectures),
            practical: Set(self.practical),
            self_study: Set(self.self_study),
            consultations: Set(self.consultations),
            course_project: Set(self.course_project),
            control_form: Set(self.control_form.clone()),
            ..Default::default()
        }
    }
}

/// Writes the hours of an item in a semester, replacing what was there.
pub async fn upsert_hours(
    db: &impl ConnectionTrait,
    org_id: i64,
    item_id: i64,
    h: &SemesterHours,
) -> Result<(), DbErr> {
    let existing = curriculum_hours::Entity::find()
        .filter(curriculum_hours::Column::ItemId.eq(item_id))
        .filter(curriculum_hours::Column::Semester.eq(h.semester))
        .one(db)
        .await?;
    let mut a = h.active(org_id, item_id);
    match existing {
        Some(e) => {
            a.id = Set(e.id);
            a.update(db).await?;
        }
        None => {
            a.insert(db).await?;
        }
    }
    Ok(())
}

/// Removes an item's row of a semester (no hours and no control form left).
pub async fn delete_hours(
    db: &impl ConnectionTrait,
    item_id: i64,
    semester: i32,
) -> Result<(), DbErr> {
    curriculum_hours::Entity::delete_many()
        .filter(curriculum_hours::Column::ItemId.eq(item_id))
        .filter(curriculum_hours::Column::Semester.eq(semester))
        .exec(db)
        .await?;
    Ok(())
}

/// Whether the teaching load uses any item of the curriculum.
pub async fn used_by_load(db: &impl ConnectionTrait, curriculum_id: i64) -> Result<bool, DbErr> {
    let n = teaching_load::Entity::find()
        .filter(
            teaching_load::Column::ItemId.in_subquery(
                Query::select()
                    .column(curriculum_item::Column::Id)
                    .from(curriculum_item::Entity)
                    .and_where(curriculum_item::Column::CurriculumId.eq(curriculum_id))
                    .to_owned(),
            ),
        )
        .limit(1)
        .count(db)
        .await?;
    Ok(n > 0)
}

/// One item of an imported curriculum; `parent` is the index of its module in the list.
pub struct ImportItem {
    pub parent: Option<usize>,
    pub kind: String,
    pub code: String,
    pub name: String,
    pub subject_id: Option<i64>,
    pub hours: Vec<SemesterHours>,
}

/// Replaces every item and hour of a curriculum, in the caller's transaction.
/// Modules must come before their items in `items`.
pub async fn replace_items(
    db: &impl ConnectionTrait,
    org_id: i64,
    curriculum_id: i64,
    items: &[ImportItem],
) -> Result<(), DbErr> {
    let of_curriculum = || {
        Query::select()
            .column(curriculum_item::Column::Id)
            .from(curriculum_item::Entity)
            .and_where(curriculum_item::Column::CurriculumId.eq(curriculum_id))
            .to_owned()
    };
    curriculum_hours::Entity::delete_many()
        .filter(curriculum_hours::Column::ItemId.in_subquery(of_curriculum()))
        .exec(db)
        .await?;
    curriculum_item::Entity::update_many()
        .col_expr(
            curriculum_item::Column::ParentId,
            Expr::value(Option::<i64>::None),
        )
        .filter(curriculum_item::Column::CurriculumId.eq(curriculum_id))
        .exec(db)
        .await?;
    curriculum_item::Entity::delete_many()
        .filter(curriculum_item::Column::CurriculumId.eq(curriculum_id))
        .exec(db)
        .await?;
    let mut ids: Vec<i64> = Vec::with_capacity(items.len());
    let mut hours = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let parent_id = match item.parent {
            Some(p) if p < ids.len() => Some(ids[p]),
            Some(_) => {
                return Err(DbErr::Custom(format!(
                    "item {} comes before its module",
                    item.code
                )))
            }
            None => None,
        };
        let row = insert_item_at(
            db,
            org_id,
            curriculum_id,
            i as i32 + 1,
            ItemFields {
                parent_id,
                kind: &item.kind,
                code: &item.code,
                name: &item.name,
                subject_id: item.subject_id,
            },
        )
        .await?;
        ids.push(row.id);
        hours.extend(item.hours.iter().map(|h| h.active(org_id, row.id)));
    }
    if !hours.is_empty() {
        curriculum_hours::Entity::insert_many(hours)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Subjects of the college by exact name.
pub async fn subjects_by_name(
    db: &impl ConnectionTrait,
    org_id: i64,
) -> Result<HashMap<String, i64>, DbErr> {
    Ok(subject::Entity::find()
        .select_only()
        .column(subject::Column::Name)
        .column(subject::Column::Id)
        .filter(subject::Column::OrgId.eq(org_id))
        .into_tuple::<(String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// The names of every subject of the college, by name (for a pick list).
pub async fn subject_names(db: &impl ConnectionTrait, org_id: i64) -> Result<Vec<String>, DbErr> {
    subject::Entity::find()
        .select_only()
        .column(subject::Column::Name)
        .filter(subject::Column::OrgId.eq(org_id))
        .order_by_asc(subject::Column::Name)
        .into_tuple::<String>()
        .all(db)
        .await
}

/// The specialties of the groups a student is in.
pub async fn student_specialties(
    db: &impl ConnectionTrait,
    org_id: i64,
    person_id: i64,
) -> Result<Vec<i64>, DbErr> {
    study_group::Entity::find()
        .select_only()
        .column(study_group::Column::SpecialtyId)
        .filter(study_group::Column::OrgId.eq(org_id))
        .filter(
            study_group::Column::Id.in_subquery(
                Query::select()
                    .column(group_student::Column::GroupId)
                    .from(group_student::Entity)
                    .and_where(group_student::Column::PersonId.eq(person_id))
                    .to_owned(),
            ),
        )
        .into_tuple::<i64>()
        .all(db)
        .await
}

/// The common curriculum a group follows: its specialty, form and intake.
pub async fn for_group(
    db: &impl ConnectionTrait,
    org_id: i64,
    specialty_id: i64,
    study_form: &str,
    intake_year: i32,
) -> Result<Option<curriculum::Model>, DbErr> {
    curriculum::Entity::find()
        .filter(curriculum::Column::OrgId.eq(org_id))
        .filter(curriculum::Column::SpecialtyId.eq(specialty_id))
        .filter(curriculum::Column::StudyForm.eq(study_form))
        .filter(curriculum::Column::IntakeYear.eq(intake_year))
        .filter(curriculum::Column::StudentPersonId.is_null())
        .one(db)
        .await
}
