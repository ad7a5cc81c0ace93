use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lessons")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    pub group_id: i64,
    pub subgroup_id: Option<i64>,
    pub subject_id: i64,
    pub teacher_person_id: i64,
    pub substitute_person_id: Option<i64>,
    pub room_id: Option<i64>,
    pub date: Date,
    pub pair_no: i32,
    pub starts_at: String,
    pub ends_at: String,
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub topic: String,
    #[sea_orm(column_type = "Text")]
    pub homework: String,
    pub cancelled: bool,
    pub changed: bool,
    /// «Все присутствуют»: when and by which account attendance was taken.
    pub attendance_checked_at: Option<DateTimeUtc>,
    pub attendance_checked_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
