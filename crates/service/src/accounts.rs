//! Accounts that staff make for people: a login and a temporary password
//! handed to the person once.

use domain::Validation;
use sea_orm::ConnectionTrait;
use store::entity::{account, person};

use crate::error::{unique_as_field, Result};
use crate::users::{temporary_password, validate_login, LOGIN_TAKEN};

/// A login checked before the transaction starts, and the password it will get.
pub struct PendingAccount {
    pub login: String,
    pub password: String,
    pub hash: String,
}

pub async fn prepare(v: &mut Validation, login: &str) -> Result<Option<PendingAccount>> {
    let login = validate_login(v, login);
    if login.is_empty() {
        return Ok(None);
    }
    let password = temporary_password();
    let hash = crate::password::hash(password.clone()).await?;
    Ok(Some(PendingAccount {
        login,
        password,
        hash,
    }))
}

/// Inserts the person and their account in the caller's transaction.
pub async fn insert_person_with_account(
    db: &impl ConnectionTrait,
    org_id: i64,
    person: store::people::NewPerson,
    pending: &PendingAccount,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(person::Model, account::Model)> {
    let p = store::people::insert(db, org_id, person, at).await?;
    let a = store::accounts::insert(db, p.id, &pending.login, &pending.hash, at)
        .await
        .map_err(|e| unique_as_field(e, "login", LOGIN_TAKEN))?;
    // The password was made for them: they choose their own at first sign-in.
    store::accounts::require_password_change(db, a.id).await?;
    Ok((p, a))
}
