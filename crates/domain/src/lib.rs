//! Zhurnal's domain: pure types, rules and the permission policy.
//! Nothing here touches a database or the network.

pub mod attestation;
pub mod bells;
pub mod calendar;
pub mod curriculum;
pub mod files;
pub mod journal;
pub mod login_limits;
pub mod names;
pub mod paging;
pub mod personal_data;
pub mod policy;
pub mod read_log;
pub mod reference;
pub mod role;
pub mod timetable;
pub mod validation;
pub mod words;

pub use policy::{Actor, Permission};
pub use role::{Grant, Role, Scope};
pub use validation::{FieldError, Validation};
