//! Password hashing with argon2id, off the async threads.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::error::{Error, Result};

pub const MIN_LENGTH: usize = 8;

/// Hashes at once, no more than the machine's cores: each takes 19 MiB, and a
/// crowd of logins (the morning's first pair) must not take the memory with it.
fn hashing_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    SLOTS.get_or_init(|| {
        tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
    })
}

async fn limited<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    let _slot = hashing_slots()
        .acquire()
        .await
        .map_err(|e| Error::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| Error::Internal(e.to_string()))
}

pub async fn hash(password: String) -> Result<String> {
    limited(move || hash_blocking(&password)).await?
}

pub fn hash_blocking(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Internal(e.to_string()))
}

/// False for a wrong password and for a malformed stored hash.
pub async fn verify(password: String, stored: String) -> Result<bool> {
    limited(move || {
        PasswordHash::new(&stored)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
}

/// A new password must be long enough and not the login itself.
pub fn check_new(field: &'static str, password: &str, login: &str) -> Result<()> {
    if password.chars().count() < MIN_LENGTH {
        return Err(Error::field(
            field,
            format!("Пароль должен быть не короче {MIN_LENGTH} символов."),
        ));
    }
    if password.eq_ignore_ascii_case(login) {
        return Err(Error::field(field, "Пароль не должен совпадать с логином."));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_and_verifies() {
        let h = hash("секретный пароль".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("секретный пароль".into(), h.clone()).await.unwrap());
        assert!(!verify("другой".into(), h).await.unwrap());
        assert!(!verify("x".into(), "not a hash".into()).await.unwrap());
    }

    #[test]
    fn new_password_rules() {
        assert!(check_new("p", "short", "login").is_err());
        assert!(check_new("p", "ivanov12", "IVANOV12").is_err());
        assert!(check_new("p", "long enough", "ivanov").is_ok());
    }
}
