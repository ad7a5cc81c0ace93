//! Password hashing with argon2id, off the async threads.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::{mpsc, Arc, Mutex, OnceLock};

use crate::error::{Error, Result};

pub const MIN_LENGTH: usize = 8;

type Job = Box<dyn FnOnce() + Send>;

/// Hashing runs on as many long-lived threads as there are cores. Each hash
/// takes 19 MiB, and the allocator keeps what a thread once used: on tokio's
/// blocking pool a crowd of logins (the morning's first pair) would leave that
/// much behind in every one of dozens of threads.
fn hashers() -> &'static Mutex<mpsc::Sender<Job>> {
    static JOBS: OnceLock<Mutex<mpsc::Sender<Job>>> = OnceLock::new();
    JOBS.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
        for i in 0..threads {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || loop {
                    let job = match rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a password hashing thread");
            }
        }
        Mutex::new(tx)
    })
}

async fn limited<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    hashers()
        .lock()
        .map_err(|e| Error::Internal(e.to_string()))?
        .send(Box::new(move || {
            let _ = tx.send(work());
        }))
        .map_err(|e| Error::Internal(e.to_string()))?;
    rx.await.map_err(|e| Error::Internal(e.to_string()))
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
