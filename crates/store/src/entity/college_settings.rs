use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "college_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub org_id: i64,
    pub mark_edit_days: i32,
    pub attestation_edit_days: i32,
    /// A 2 and «не зачтено» at attestation make an academic debt.
    pub two_is_debt: bool,
    /// Days the read log of personal data is kept (152-ФЗ).
    pub read_log_days: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
