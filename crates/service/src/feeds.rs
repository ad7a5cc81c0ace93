//! The calendar feed (issue 4, part 7): a secret per-user address of an
//! iCalendar (RFC 5545) file with the user's lessons, for a phone's calendar.
//! Only the token's SHA-256 is stored; the address is shown once, when made.

use chrono::{Duration, NaiveDate, Utc};
use domain::{Actor, Role};
use serde::Serialize;
use store::feeds::{FeedLesson, FeedScope};

use crate::auth::{random_token, token_hash};
use crate::error::{Error, Result};
use crate::{audit, App};

/// What people other than students and teachers are told.
pub const FOR_WHOM: &str =
    "Календарь занятий по ссылке есть у обучающихся и преподавателей: в нём их собственные занятия.";

/// Days of lessons before and after today in a feed.
pub const DAYS_BACK: i64 = 30;
pub const DAYS_AHEAD: i64 = 120;

#[derive(Debug, Serialize)]
pub struct FeedStatus {
    pub active: bool,
    /// When the active feed was made, «28.11.2026 17:54».
    pub created_at: Option<String>,
}

/// A feed just made: the token, to be shown once.
#[derive(Debug, Serialize)]
pub struct NewFeed {
    pub token: String,
}

fn may_have_feed(actor: &Actor) -> bool {
    actor.has_role(Role::Student) || actor.has_role(Role::Teacher)
}

fn require_feed_user(actor: &Actor) -> Result<()> {
    if may_have_feed(actor) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

pub async fn status(app: &App, actor: &Actor) -> Result<FeedStatus> {
    require_feed_user(actor)?;
    let feed = store::feeds::active_of_account(&app.db, actor.org_id, actor.account_id).await?;
    Ok(FeedStatus {
        active: feed.is_some(),
        created_at: feed.map(|f| {
            f.created_at
                .with_timezone(&chrono::Local)
                .format("%d.%m.%Y %H:%M")
                .to_string()
        }),
    })
}

/// Makes a new feed; the old one, if any, stops working.
pub async fn create(app: &App, actor: &Actor) -> Result<NewFeed> {
    require_feed_user(actor)?;
    let token = random_token();
    let txn = store::begin_write(&app.db).await?;
    let revoked =
        store::feeds::revoke_of_account(&txn, actor.org_id, actor.account_id, app.now()).await?;
    let feed = store::feeds::insert(
        &txn,
        actor.org_id,
        actor.account_id,
        &token_hash(&token),
        app.now(),
    )
    .await?;
    audit(
        &txn,
        actor,
        "create",
        "calendar_feed",
        feed.id,
        serde_json::json!({ "revoked_before": revoked }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(NewFeed { token })
}

/// Revokes the active feed: its address answers 404 from now on.
pub async fn revoke(app: &App, actor: &Actor) -> Result<bool> {
    require_feed_user(actor)?;
    let txn = store::begin_write(&app.db).await?;
    let feed = store::feeds::active_of_account(&txn, actor.org_id, actor.account_id).await?;
    let Some(feed) = feed else {
        return Ok(false);
    };
    store::feeds::revoke_of_account(&txn, actor.org_id, actor.account_id, app.now()).await?;
    audit(
        &txn,
        actor,
        "revoke",
        "calendar_feed",
        feed.id,
        serde_json::json!({}),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

fn is_token(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The iCalendar text of a feed, for anyone holding its address. An unknown
/// or revoked token, or an account no longer a student or teacher, is NotFound.
pub async fn ics(app: &App, token: &str) -> Result<String> {
    const GONE: Error = Error::NotFound("календарь");
    if !is_token(token) {
        return Err(GONE);
    }
    let feed = store::feeds::active_by_hash(&app.db, &token_hash(token))
        .await?
        .ok_or(GONE)?;
    let account = store::accounts::by_id(&app.db, feed.account_id)
        .await?
        .filter(|a| a.active)
        .ok_or(GONE)?;
    let grants = store::grants::for_accounts_in_org(&app.db, feed.org_id, &[account.id]).await?;
    let has = |role: Role| grants.iter().any(|g| g.role == role.code());
    let (student, teacher) = (has(Role::Student), has(Role::Teacher));
    if !student && !teacher {
        return Err(GONE);
    }
    let memberships: Vec<(i64, Option<i64>)> = if student {
        store::groups::memberships(&app.db, feed.org_id, &[account.person_id])
            .await?
            .into_iter()
            .map(|m| (m.group_id, m.subgroup_id))
            .collect()
    } else {
        Vec::new()
    };
    let mut scopes = Vec::new();
    if student {
        scopes.push(FeedScope::Student(&memberships));
    }
    if teacher {
        scopes.push(FeedScope::Teacher(account.person_id));
    }
    let today = app.today();
    let lessons = store::feeds::lessons(
        &app.db,
        feed.org_id,
        &scopes,
        today - Duration::days(DAYS_BACK),
        today + Duration::days(DAYS_AHEAD),
    )
    .await?;
    let name = store::people::get_any(&app.db, account.person_id)
        .await?
        .map(|p| store::people::full_name(&p).short())
        .unwrap_or_default();
    Ok(calendar(&name, &lessons, app.now(), teacher))
}

/// «ГГГГММДДTЧЧММ00» from a date and «8:30» / «08:30»: a floating local time.
fn local_time(date: NaiveDate, hhmm: &str) -> String {
    let minutes = domain::bells::parse_time(hhmm).unwrap_or(0);
    format!(
        "{}T{:02}{:02}00",
        date.format("%Y%m%d"),
        minutes / 60,
        minutes % 60
    )
}

fn person_short(surname: &str, name: &str, patronymic: Option<&str>) -> String {
    domain::names::FullName {
        surname: surname.to_string(),
        name: name.to_string(),
        patronymic: patronymic.map(str::to_string),
    }
    .short()
}

/// The whole calendar. Times are floating local times (no `Z`, no `TZID`):
/// the college's wall-clock time, which is what a lesson's bell time means,
/// and a calendar shows it as such wherever the phone is; this saves a
/// VTIMEZONE block that would have to track Russia's time-zone rules.
pub fn calendar(
    owner: &str,
    lessons: &[FeedLesson],
    now: chrono::DateTime<Utc>,
    with_group: bool,
) -> String {
    let mut out = String::new();
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    let mut line = |s: &str| push_line(&mut out, s);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//Zhurnal//Электронный журнал//RU");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!(
        "X-WR-CALNAME:{}",
        escape(&format!("Занятия — {owner}"))
    ));
    line("X-PUBLISHED-TTL:PT1H");
    for l in lessons {
        let substituted = l.substitute_surname.is_some();
        let mut summary = l.subject.clone();
        if substituted {
            summary.push_str(" — замена");
        }
        if l.cancelled {
            summary = format!("ОТМЕНЕНО: {summary}");
        }
        let teacher = person_short(
            &l.teacher_surname,
            &l.teacher_name,
            l.teacher_patronymic.as_deref(),
        );
        let mut description = Vec::new();
        match (&l.substitute_surname, &l.substitute_name) {
            (Some(s), Some(n)) => {
                let sub = person_short(s, n, l.substitute_patronymic.as_deref());
                description.push(format!("Преподаватель: {sub} (замена, вместо {teacher})"));
            }
            _ => description.push(format!("Преподаватель: {teacher}")),
        }
        if with_group {
            match &l.subgroup {
                Some(s) => description.push(format!("Группа: {}, {s}", l.group_name)),
                None => description.push(format!("Группа: {}", l.group_name)),
            }
        }
        if !l.topic.trim().is_empty() {
            description.push(format!("Тема: {}", l.topic.trim()));
        }
        if !l.homework.trim().is_empty() {
            description.push(format!("Домашнее задание: {}", l.homework.trim()));
        }
        line("BEGIN:VEVENT");
        line(&format!("UID:lesson-{}@zhurnal", l.id));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("DTSTART:{}", local_time(l.date, &l.starts_at)));
        line(&format!("DTEND:{}", local_time(l.date, &l.ends_at)));
        line(&format!("SUMMARY:{}", escape(&summary)));
        if let Some(room) = &l.room {
            let location = match &l.building {
                Some(b) => format!("каб. {room}, {b}"),
                None => format!("каб. {room}"),
            };
            line(&format!("LOCATION:{}", escape(&location)));
        }
        line(&format!("DESCRIPTION:{}", escape(&description.join("\n"))));
        if l.cancelled {
            line("STATUS:CANCELLED");
        } else {
            line("STATUS:CONFIRMED");
        }
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

/// TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line folded at 75 octets (RFC 5545 3.1), never inside
/// a UTF-8 character, ending in CRLF; continuation lines start with a space.
fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    let mut limit = 75;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > limit {
            out.push_str("\r\n ");
            width = 1;
            limit = 75;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson() -> FeedLesson {
        FeedLesson {
            id: 7,
            date: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            starts_at: "8:30".into(),
            ends_at: "10:00".into(),
            topic: "Кислоты; соли, основания".into(),
            homework: "§ 5\nзадачи 1–3".into(),
            cancelled: false,
            subject: "Химия".into(),
            group_name: "ПР-26".into(),
            subgroup: None,
            room: Some("101".into()),
            building: Some("Корпус 1".into()),
            teacher_surname: "Иванова".into(),
            teacher_name: "Мария".into(),
            teacher_patronymic: Some("Сергеевна".into()),
            substitute_surname: None,
            substitute_name: None,
            substitute_patronymic: None,
        }
    }

    #[test]
    fn escapes_text() {
        assert_eq!(escape("a,b;c\\d\r\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let long = format!("DESCRIPTION:{}", "щ".repeat(100));
        push_line(&mut out, &long);
        assert!(out.ends_with("\r\n"));
        let lines: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        for l in &lines[1..] {
            assert!(l.starts_with(' '));
        }
        let unfolded: String = lines
            .iter()
            .enumerate()
            .map(|(i, l)| if i == 0 { *l } else { &l[1..] })
            .collect();
        assert_eq!(unfolded, long);
        let mut short = String::new();
        push_line(&mut short, "VERSION:2.0");
        assert_eq!(short, "VERSION:2.0\r\n");
    }

    #[test]
    fn a_lesson_becomes_an_event() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-28T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let ics = calendar("Петров П. П.", &[lesson()], now, false);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'));
        let unfolded = ics.replace("\r\n ", "");
        for expected in [
            "UID:lesson-7@zhurnal",
            "DTSTART:20261201T083000",
            "DTEND:20261201T100000",
            "DTSTAMP:20261128T100000Z",
            "SUMMARY:Химия\r\n",
            "LOCATION:каб. 101\\, Корпус 1",
            "DESCRIPTION:Преподаватель: Иванова М. С.\\nТема: Кислоты\\; соли\\, основания\\nДомашнее задание: § 5\\nзадачи 1–3",
            "STATUS:CONFIRMED",
        ] {
            assert!(unfolded.contains(expected), "{expected} in\n{unfolded}");
        }
        let cancelled = FeedLesson {
            cancelled: true,
            substitute_surname: Some("Сидоров".into()),
            substitute_name: Some("Олег".into()),
            ..lesson()
        };
        let ics = calendar("Петров П. П.", &[cancelled], now, true).replace("\r\n ", "");
        assert!(
            ics.contains("SUMMARY:ОТМЕНЕНО: Химия — замена\r\n"),
            "{ics}"
        );
        assert!(ics.contains("STATUS:CANCELLED"));
        assert!(ics.contains("Сидоров О. (замена\\, вместо Иванова М. С.)"));
        assert!(ics.contains("Группа: ПР-26"));
    }
}
