//! Notice of a future absence (seed 3.3): a parent, a delegate or the curator
//! tells the college in advance; those lessons are marked absent for a reason,
//! and the teacher removes the mark if the student came after all.

use chrono::NaiveDate;
use domain::journal::{attendance_record, AbsenceReason, Attendance};
use domain::{Actor, Permission, Validation};
use serde::Deserialize;
use store::journal::{Change, EntryState};

use crate::error::{Error, Result};
use crate::{require, App};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct NoticeInput {
    #[serde(default)]
    pub date_from: String,
    #[serde(default)]
    pub date_to: String,
    /// `illness`, `document`, `college_order` or `invalid` (a family reason the college will judge).
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub note: String,
}

/// How many lessons were marked.
pub async fn give_notice(
    app: &App,
    actor: &Actor,
    student_id: i64,
    input: NoticeInput,
) -> Result<u64> {
    let membership = store::groups::memberships(&app.db, actor.org_id, &[student_id])
        .await?
        .pop()
        .ok_or(Error::NotFound("обучающийся"))?;
    require(
        actor,
        Permission::AbsenceNotice {
            student_id,
            group_id: membership.group_id,
        },
    )?;
    let today = app.today();
    let mut v = Validation::new();
    let from = v.date("date_from", &input.date_from);
    let to = v.date("date_to", &input.date_to);
    if input.date_from.trim().is_empty() {
        v.add("date_from", "Укажите первый день отсутствия.");
    }
    if input.date_to.trim().is_empty() {
        v.add("date_to", "Укажите последний день отсутствия.");
    }
    if let Some(t) = to {
        if t < today {
            v.add(
                "date_to",
                "Уведомление даётся заранее: прошедшие дни отмечает преподаватель.",
            );
        }
    }
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            v.add("date_to", "Последний день не может быть раньше первого.");
        } else if (t - f).num_days() > 60 {
            v.add("date_to", "Не больше двух месяцев за одно уведомление.");
        }
    }
    let allowed = reasons(actor, student_id);
    let reason = AbsenceReason::from_code(input.reason.trim())
        .filter(|r| allowed.contains(r))
        .unwrap_or_else(|| {
            v.add("reason", "Выберите причину из списка.");
            AbsenceReason::Invalid
        });
    let note = v
        .optional_text("note", &input.note, 500)
        .unwrap_or_default();
    v.finish().map_err(Error::Invalid)?;
    let (Some(from), Some(to)) = (from, to) else {
        return Err(Error::field("date_from", "Укажите даты."));
    };
    let from: NaiveDate = from.max(today);
    let txn = store::begin_write(&app.db).await?;
    store::journal::insert_notice(
        &txn,
        actor.org_id,
        student_id,
        from,
        to,
        reason.code(),
        &note,
        actor.account_id,
        app.now(),
    )
    .await?;
    let lessons = store::lessons::of_group_between_for_subgroup(
        &txn,
        actor.org_id,
        membership.group_id,
        membership.subgroup_id,
        from,
        to,
    )
    .await?
    .into_iter()
    .filter(|l| !l.cancelled)
    .collect::<Vec<_>>();
    let ids: Vec<i64> = lessons.iter().map(|l| l.id).collect();
    let entries = store::journal::entries_of_student(&txn, actor.org_id, student_id, &ids).await?;
    let mut marked = 0;
    for l in &lessons {
        let state = || EntryState {
            attendance: Some(Attendance::Absent.code()),
            reason: Some(reason.code()),
            source: Some("notice"),
            account_id: actor.account_id,
            at: app.now(),
        };
        let changed = match entries.iter().find(|e| e.lesson_id == l.id) {
            // Something is already recorded (an earlier notice): leave it.
            Some(e) if e.attendance.is_some() => false,
            Some(e) => store::journal::update_entry(&txn, e.id, e.version, state()).await?,
            None => {
                store::journal::insert_entry(&txn, actor.org_id, l.id, student_id, state()).await?;
                true
            }
        };
        if changed {
            store::journal::record_change(
                &txn,
                Change {
                    at: app.now(),
                    org_id: actor.org_id,
                    lesson_id: l.id,
                    student_id,
                    what: "attendance",
                    mark_id: None,
                    old_value: None,
                    new_value: attendance_record(Some(Attendance::Absent), Some(reason)),
                    account_id: actor.account_id,
                    via: "notice",
                },
            )
            .await?;
            marked += 1;
        }
    }
    crate::audit(
        &txn,
        actor,
        "notice",
        "absence",
        student_id,
        serde_json::json!({ "from": from, "to": to, "reason": reason.code(), "lessons": marked }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(marked)
}

/// The reasons the caller may give in a notice about the student: a family
/// tells of an illness or an application; the curator may cite an order.
pub fn reasons(actor: &Actor, student_id: i64) -> &'static [AbsenceReason] {
    AbsenceReason::for_notice(actor.reachable_children().any(|c| c == student_id))
}
