//! Telling people what happened: in the app, and by e-mail through the outbox
//! (a sender delivers it when SMTP is configured, retrying on failure).

use domain::Actor;
use sea_orm::ConnectionTrait;
use serde::Serialize;
use store::entity::lesson;

use crate::error::Result;
use crate::journal::date_ru;
use crate::App;

/// An absence marked, or one removed (the student came after all).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AbsenceChange {
    Marked,
    Removed,
}

/// Seed 3.3: parents learn of an absence at once, and of its removal, so
/// no notice stays wrong. Runs in the marking transaction.
pub(crate) async fn absence(
    app: &App,
    db: &impl ConnectionTrait,
    org_id: i64,
    lesson: &lesson::Model,
    subject: &str,
    student_id: i64,
    change: AbsenceChange,
) -> Result<()> {
    let at = app.now();
    let Some(student) = store::people::get(db, org_id, student_id).await? else {
        return Ok(());
    };
    let full = store::people::full_name(&student);
    let name = full.short();
    let gender = full.gender();
    let when = format!(
        "«{subject}» {} ({}-я пара, {}–{})",
        date_ru(lesson.date),
        lesson.pair_no,
        lesson.starts_at,
        lesson.ends_at
    );
    let (kind, title, body) = match change {
        AbsenceChange::Marked => (
            "absence",
            format!("{name} отсутствует на занятии"),
            format!(
                "{name} {} на занятии {when}.",
                gender.pick(
                    "отмечен отсутствующим",
                    "отмечена отсутствующей",
                    "отмечен(а) отсутствующим(ей)"
                )
            ),
        ),
        AbsenceChange::Removed => (
            "absence_removed",
            format!("{name}: отметка об отсутствии снята"),
            format!(
                "Отметка об отсутствии на занятии {when} снята: {name} на занятии присутствует."
            ),
        ),
    };
    let link = format!("/diary?student={student_id}&week={}", lesson.date);
    let parent_ids: Vec<i64> = store::parents::of_children(db, org_id, &[student_id])
        .await?
        .into_iter()
        .map(|l| l.parent_person_id)
        .collect();
    for parent in store::people::by_ids(db, &parent_ids).await? {
        store::notifications::insert(
            db,
            org_id,
            store::notifications::NewNotification {
                person_id: parent.id,
                kind,
                title: &title,
                body: &body,
                link: &link,
            },
            at,
        )
        .await?;
        if let Some(email) = parent.email.as_deref() {
            // A mail program opens only a full address; without the public
            // address set, the letter names the place instead.
            let open = match app.absolute(&link) {
                Some(url) => format!("Электронный дневник: {url}"),
                None => "Подробности — в электронном дневнике, раздел «Дневник».".to_string(),
            };
            let text = format!("{body}\n\n{open}\n\nЭто письмо отправлено автоматически.");
            store::notifications::enqueue_mail(db, org_id, email, &title, &text, at).await?;
        }
    }
    Ok(())
}

#[derive(Debug, Serialize)]
pub struct NotificationView {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub link: String,
    /// In the college's time zone (ISO 8601 in the API).
    pub created_at: chrono::DateTime<chrono::FixedOffset>,
    pub unread: bool,
}

/// The latest notifications of the caller.
pub async fn mine(app: &App, actor: &Actor) -> Result<Vec<NotificationView>> {
    Ok(store::notifications::latest(&app.db, actor.person_id, 50)
        .await?
        .into_iter()
        .map(|n| NotificationView {
            id: n.id,
            kind: n.kind,
            title: n.title,
            body: n.body,
            link: n.link,
            created_at: n.created_at.with_timezone(&app.clock.zone()),
            unread: n.read_at.is_none(),
        })
        .collect())
}

pub async fn unread(app: &App, actor: &Actor) -> Result<u64> {
    Ok(store::notifications::unread(&app.db, actor.person_id).await?)
}

pub async fn mark_all_read(app: &App, actor: &Actor) -> Result<()> {
    let txn = store::begin_write(&app.db).await?;
    store::notifications::mark_all_read(&txn, actor.person_id, app.now()).await?;
    Ok(txn.commit().await?)
}
