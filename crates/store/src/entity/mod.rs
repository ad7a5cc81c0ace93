//! One SeaORM entity per table; queries live in the modules named after their area.

pub mod account;
pub mod audit_entry;
pub mod building;
pub mod college_settings;
pub mod consent;
pub mod delegation;
pub mod group_student;
pub mod login_attempt;
pub mod org;
pub mod parent_link;
pub mod person;
pub mod role_grant;
pub mod room;
pub mod session;
pub mod specialty;
pub mod staff;
pub mod study_group;
pub mod subgroup;
