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

/// Passwords tried first by anyone guessing, in Latin and Cyrillic layouts.
const COMMON: [&str; 24] = [
    "password",
    "password1",
    "qwerty123",
    "qwertyui",
    "qwerty12",
    "1q2w3e4r",
    "1q2w3e4r5t",
    "q1w2e3r4",
    "zaq12wsx",
    "1qaz2wsx",
    "abc12345",
    "iloveyou",
    "asdfghjk",
    "zxcvbnm1",
    "йцукенгш",
    "пароль123",
    "qwertyuiop",
    "admin123",
    "welcome1",
    "letmein1",
    "123qweasd",
    "qweasdzxc",
    "passw0rd",
    "p@ssw0rd",
];

/// A new password must be long enough, not the login, and not one of the
/// first a guesser tries: a common password, a run of one character or of
/// consecutive ones (12345678, 87654321, abcdefgh).
pub fn check_new(field: &'static str, password: &str, login: &str) -> Result<()> {
    let chars: Vec<char> = password.chars().collect();
    if chars.len() < MIN_LENGTH {
        return Err(Error::field(
            field,
            format!("Пароль должен быть не короче {MIN_LENGTH} символов."),
        ));
    }
    let lower = password.to_lowercase();
    if lower == login.to_lowercase() || (login.len() >= 4 && lower.contains(&login.to_lowercase()))
    {
        return Err(Error::field(field, "Пароль не должен содержать логин."));
    }
    let steps: Vec<i64> = chars
        .windows(2)
        .map(|w| i64::from(u32::from(w[1])) - i64::from(u32::from(w[0])))
        .collect();
    let one_step = steps.iter().all(|d| *d == steps[0]) && steps[0].abs() <= 1;
    let distinct = {
        let mut c = chars.clone();
        c.sort_unstable();
        c.dedup();
        c.len()
    };
    if one_step || distinct < 4 || COMMON.contains(&lower.as_str()) {
        return Err(Error::field(
            field,
            "Такой пароль подбирают первым. Возьмите фразу из нескольких слов или смешайте \
             буквы, цифры и знаки.",
        ));
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
        assert!(check_new("p", "Новый-пароль-2026", "teacher1").is_ok());
        for weak in [
            "12345678",
            "87654321",
            "11111111",
            "abcdefgh",
            "qwerty123",
            "Password1",
            "ЙЦУКЕНГШ",
            "12121212",
            "ivanov2026",
        ] {
            assert!(check_new("p", weak, "ivanov").is_err(), "{weak}");
        }
    }
}
