use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "read_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    pub at: DateTimeUtc,
    pub account_id: i64,
    /// Whose record was read; none for a whole group's (a journal, a sheet).
    pub person_id: Option<i64>,
    pub group_id: Option<i64>,
    /// What was read, a code: diary, student_card, attestation, ...
    pub what: String,
    pub detail: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
