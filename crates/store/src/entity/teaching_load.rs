use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "teaching_loads")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    pub school_year: i32,
    pub semester: i32,
    pub item_id: i64,
    pub group_id: i64,
    pub subgroup_id: Option<i64>,
    pub part: i64,
    pub subject_id: i64,
    pub teacher_person_id: i64,
    pub hours: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
