//! Delivering the outbox: any app instance may run the sender; a message is
//! claimed before it is sent, and a failed one is retried later, backing off.

use chrono::Duration;

use crate::error::Result;
use crate::App;

/// A message is given up after this many failed attempts.
pub const MAX_ATTEMPTS: i32 = 10;

/// Something that delivers one e-mail (SMTP in production).
pub trait Mailer: Send + Sync {
    fn send(
        &self,
        to: &str,
        subject: &str,
        body: &str,
    ) -> impl std::future::Future<Output = std::result::Result<(), String>> + Send;
}

/// Minutes to wait after the n-th failure: 1, 2, 4, ... at most an hour.
pub fn backoff_minutes(attempts: i32) -> i64 {
    1i64 << attempts.clamp(0, 6).min(6) as u32
}

/// Sends what is due; returns (sent, failed).
pub async fn deliver_due(app: &App, mailer: &impl Mailer) -> Result<(usize, usize)> {
    let now = app.now();
    let due = store::notifications::due_mail(&app.db, now, MAX_ATTEMPTS, 50).await?;
    let (mut sent, mut failed) = (0, 0);
    for m in due {
        // Held for five minutes: another instance will not send it meanwhile.
        let txn = store::begin_write(&app.db).await?;
        let claimed =
            store::notifications::claim_mail(&txn, &m, now + Duration::minutes(5)).await?;
        txn.commit().await?;
        if !claimed {
            continue;
        }
        match mailer.send(&m.to_addr, &m.subject, &m.body).await {
            Ok(()) => {
                let txn = store::begin_write(&app.db).await?;
                store::notifications::mail_sent(&txn, m.id, app.now()).await?;
                txn.commit().await?;
                sent += 1;
            }
            Err(e) => {
                let attempts = m.attempts + 1;
                let retry = app.now() + Duration::minutes(backoff_minutes(attempts).min(60));
                tracing::warn!(to = %m.to_addr, attempts, error = %e, "mail not sent");
                let txn = store::begin_write(&app.db).await?;
                store::notifications::mail_failed(&txn, m.id, attempts, retry, &e).await?;
                txn.commit().await?;
                failed += 1;
            }
        }
    }
    Ok((sent, failed))
}

#[cfg(test)]
mod tests {
    use super::backoff_minutes;

    #[test]
    fn backs_off() {
        assert_eq!(backoff_minutes(1), 2);
        assert_eq!(backoff_minutes(3), 8);
        assert_eq!(backoff_minutes(20), 64);
    }
}
