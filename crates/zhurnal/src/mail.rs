//! E-mail through SMTP (lettre), configured by URL: `smtp://host:25`,
//! `smtp://user:password@host:587?tls=required`, `smtps://host:465`.

use std::time::Duration;

use anyhow::Context;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    pub fn new(url: &str, from: &str) -> anyhow::Result<SmtpMailer> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .context("неверный адрес SMTP-сервера")?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = from.parse().context("неверный адрес отправителя")?;
        Ok(SmtpMailer { transport, from })
    }
}

impl service::mail::Mailer for SmtpMailer {
    async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), String> {
        let to: Mailbox = to.parse().map_err(|e| format!("адрес {to}: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .body(body.to_string())
            .map_err(|e| e.to_string())?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// Delivers the outbox every few seconds until the server stops.
pub async fn run(app: service::App, mailer: SmtpMailer, every: Duration) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        match service::mail::deliver_due(&app, &mailer).await {
            Ok((0, 0)) => {}
            Ok((sent, failed)) => tracing::info!(sent, failed, "outbox delivered"),
            Err(e) => tracing::warn!(error = %e, "outbox delivery failed"),
        }
    }
}
