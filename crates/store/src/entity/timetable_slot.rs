use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "timetable_slots")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    pub school_year: i32,
    pub semester: i32,
    pub group_id: i64,
    pub subgroup_id: Option<i64>,
    pub weekday: i32,
    pub pair_no: i32,
    pub week_type: i32,
    pub subject_id: i64,
    pub teacher_person_id: i64,
    pub room_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
