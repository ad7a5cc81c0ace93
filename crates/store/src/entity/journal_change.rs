use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "journal_history")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    pub lesson_id: i64,
    pub student_person_id: i64,
    pub what: String,
    pub mark_id: Option<i64>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub changed_by: i64,
    pub changed_at: DateTimeUtc,
    pub via: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
