use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "academic_debts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    pub school_year: i32,
    pub semester: i32,
    pub group_id: i64,
    pub subject_id: i64,
    pub student_person_id: i64,
    pub arisen_from: String,
    pub arisen_on: Date,
    pub deadline: Date,
    pub status: String,
    pub result: String,
    pub closed_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
