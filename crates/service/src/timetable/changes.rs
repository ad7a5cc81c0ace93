//! Substitutions, cancellations and moves of single lessons (seed 3.3), each
//! with a reason, recorded for reports and told to the group and its parents.

use domain::paging::{Page, PageRequest};
use domain::{Actor, Permission, Validation};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use store::entity::lesson;

use super::check::{check, Candidate};
use super::{describe_change, place_text, Names};
use crate::error::{Error, Result};
use crate::journal::date_ru;
use crate::{audit, require, App};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ChangeInput {
    /// "substitution", "cancellation" or "move".
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub reason: String,
    /// The substitute (substitution).
    #[serde(default)]
    pub teacher_id: String,
    /// The new date, pair and room (move); empty keeps them.
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub pair_no: String,
    #[serde(default)]
    pub room_id: String,
}

#[derive(Debug, Serialize)]
pub struct LessonCard {
    pub id: i64,
    pub group_id: i64,
    pub date: chrono::NaiveDate,
    pub lesson: super::SlotLesson,
    pub place: String,
    pub history: Vec<ChangeRow>,
    pub teachers: Vec<(i64, String)>,
    pub rooms: Vec<(i64, String)>,
    pub can_edit: bool,
}

#[derive(Debug, Serialize)]
pub struct ChangeRow {
    pub lesson_id: i64,
    pub kind: String,
    pub kind_title: &'static str,
    pub text: String,
    pub at: String,
    pub by: String,
    pub group: String,
    pub subject: String,
    pub date: String,
}

fn kind_title(kind: &str) -> &'static str {
    match kind {
        "substitution" => "замена",
        "cancellation" => "отмена",
        "move" => "перенос",
        _ => "изменение",
    }
}

async fn get_lesson(db: &impl ConnectionTrait, org_id: i64, id: i64) -> Result<lesson::Model> {
    store::lessons::get(db, org_id, id)
        .await?
        .ok_or(Error::NotFound("занятие"))
}

/// One lesson with its changes, for the dispatcher's change form.
pub async fn lesson_card(app: &App, actor: &Actor, lesson_id: i64) -> Result<LessonCard> {
    require(actor, Permission::ReferenceRead)?;
    let db = &app.db;
    let l = get_lesson(db, actor.org_id, lesson_id).await?;
    let names = Names::load(db, actor.org_id, std::slice::from_ref(&l), &[]).await?;
    let history = rows(
        app,
        actor.org_id,
        store::timetable::changes_of_lessons(db, actor.org_id, &[l.id]).await?,
    )
    .await?;
    let mut teachers: Vec<(i64, String)> = store::staff::all_people(db, actor.org_id)
        .await?
        .iter()
        .map(|p| (p.id, store::people::full_name(p).short()))
        .collect();
    teachers.sort_by(|a, b| a.1.cmp(&b.1));
    let rooms = crate::buildings::room_choices(db, actor.org_id).await?;
    Ok(LessonCard {
        id: l.id,
        group_id: l.group_id,
        date: l.date,
        place: place_text(&l, names.room(l.room_id).as_deref()),
        lesson: super::SlotLesson {
            id: l.id,
            subject: names
                .subjects
                .get(&l.subject_id)
                .cloned()
                .unwrap_or_default(),
            teacher: names.person(l.teacher_person_id),
            substitute: l.substitute_person_id.map(|s| names.person(s)),
            group: names.groups.get(&l.group_id).cloned().unwrap_or_default(),
            subgroup: names.subgroup(l.subgroup_id),
            room: names.room(l.room_id),
            cancelled: l.cancelled,
            changed: l.changed,
        },
        history,
        teachers,
        rooms,
        can_edit: actor.can(Permission::ScheduleWrite),
    })
}

/// Applies a substitution, cancellation or move to one lesson.
pub async fn change(app: &App, actor: &Actor, lesson_id: i64, input: ChangeInput) -> Result<()> {
    require(actor, Permission::ScheduleWrite)?;
    let mut v = Validation::new();
    let reason = v.text("reason", &input.reason, 300);
    v.finish().map_err(Error::Invalid)?;
    let txn = store::begin_write(&app.db).await?;
    super::lock_college(&txn, actor.org_id).await?;
    let org = actor.org_id;
    let mut l = get_lesson(&txn, org, lesson_id).await?;
    crate::year_closing::ensure_open(&txn, org, l.date).await?;
    if l.cancelled {
        return Err(Error::Locked("Занятие уже отменено.".into()));
    }
    let names = Names::load(&txn, org, std::slice::from_ref(&l), &[]).await?;
    let subject = names
        .subjects
        .get(&l.subject_id)
        .cloned()
        .unwrap_or_default();
    let before_place = place_text(&l, names.room(l.room_id).as_deref());
    let (kind, before, after, title) = match input.kind.as_str() {
        "substitution" => {
            let mut v = Validation::new();
            let teacher_id = v.number("teacher_id", &input.teacher_id, 1, i64::MAX);
            v.finish().map_err(Error::Invalid)?;
            let current = l.substitute_person_id.unwrap_or(l.teacher_person_id);
            if teacher_id == current {
                return Err(Error::field(
                    "teacher_id",
                    "Этот преподаватель и так ведёт занятие: выберите другого.",
                ));
            }
            let candidate = Candidate {
                lesson_id: Some(l.id),
                group_id: l.group_id,
                subgroup_id: l.subgroup_id,
                subject_id: l.subject_id,
                teacher_id,
                room_id: l.room_id,
                date: l.date,
                pair_no: l.pair_no,
            };
            let checked = check(&txn, org, &candidate, false).await?;
            if !checked.conflicts.is_empty() {
                return Err(Error::Conflicts(checked.conflicts));
            }
            let substitute = store::people::get(&txn, org, teacher_id)
                .await?
                .map(|p| store::people::full_name(&p).short())
                .unwrap_or_default();
            l.substitute_person_id = (teacher_id != l.teacher_person_id).then_some(teacher_id);
            (
                "substitution",
                names.person(current),
                substitute.clone(),
                format!(
                    "Замена: «{subject}» {}, ведёт {substitute}",
                    date_ru(l.date)
                ),
            )
        }
        "cancellation" => {
            if store::timetable::has_entries(&txn, l.id).await? {
                return Err(Error::Locked(
                    "На занятии уже отмечены посещаемость или отметки — отменить его нельзя."
                        .into(),
                ));
            }
            l.cancelled = true;
            (
                "cancellation",
                before_place.clone(),
                String::new(),
                format!(
                    "Отменено: «{subject}» {}, {}-я пара",
                    date_ru(l.date),
                    l.pair_no
                ),
            )
        }
        "move" => {
            if store::timetable::has_entries(&txn, l.id).await? {
                return Err(Error::Locked(
                    "На занятии уже отмечены посещаемость или отметки — перенести его нельзя."
                        .into(),
                ));
            }
            let input = super::PlaceInput {
                date: if input.date.trim().is_empty() {
                    l.date.to_string()
                } else {
                    input.date.clone()
                },
                pair_no: if input.pair_no.trim().is_empty() {
                    l.pair_no.to_string()
                } else {
                    input.pair_no.clone()
                },
                subgroup_id: l.subgroup_id.map(|s| s.to_string()).unwrap_or_default(),
                subject_id: l.subject_id.to_string(),
                teacher_id: l
                    .substitute_person_id
                    .unwrap_or(l.teacher_person_id)
                    .to_string(),
                room_id: if input.room_id.trim().is_empty() {
                    l.room_id.map(|r| r.to_string()).unwrap_or_default()
                } else {
                    input.room_id.clone()
                },
            };
            let mut candidate = super::place::candidate(l.group_id, &input)?;
            crate::year_closing::ensure_open(&txn, org, candidate.date).await?;
            candidate.lesson_id = Some(l.id);
            if candidate.date == l.date
                && candidate.pair_no == l.pair_no
                && candidate.room_id == l.room_id
            {
                return Err(Error::field(
                    "date",
                    "Укажите новую дату, пару или кабинет.",
                ));
            }
            let checked = check(&txn, org, &candidate, false).await?;
            if !checked.conflicts.is_empty() {
                return Err(Error::Conflicts(checked.conflicts));
            }
            l.date = candidate.date;
            l.pair_no = candidate.pair_no;
            l.room_id = candidate.room_id;
            l.starts_at = checked.starts_at;
            l.ends_at = checked.ends_at;
            let room = match l.room_id {
                Some(r) => store::buildings::rooms_by_ids(&txn, org, &[r])
                    .await?
                    .pop()
                    .map(|r| r.number),
                None => None,
            };
            let after = place_text(&l, room.as_deref());
            (
                "move",
                before_place.clone(),
                after.clone(),
                format!("Перенос: «{subject}» — {after}"),
            )
        }
        _ => {
            return Err(Error::field(
                "kind",
                "Выберите изменение: замена, отмена или перенос.",
            ))
        }
    };
    l.changed = true;
    let lesson = l.clone();
    store::timetable::update_lesson(&txn, l).await?;
    store::timetable::record_change(
        &txn,
        org,
        store::timetable::NewChange {
            lesson_id,
            kind,
            reason: &reason,
            before: before.clone(),
            after: after.clone(),
            created_by: actor.account_id,
        },
        app.now(),
    )
    .await?;
    let body = describe_change(
        &store::entity::lesson_change::Model {
            id: 0,
            org_id: org,
            lesson_id,
            kind: kind.into(),
            reason: reason.clone(),
            before,
            after,
            created_by: actor.account_id,
            created_at: app.now(),
        },
        false,
    );
    notify_group(&txn, org, &lesson, &title, &body, app.now()).await?;
    audit(
        &txn,
        actor,
        kind,
        "lesson",
        lesson_id,
        serde_json::json!({ "reason": reason }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The students who attend the lesson and their parents learn of the change.
async fn notify_group(
    db: &impl ConnectionTrait,
    org_id: i64,
    l: &lesson::Model,
    title: &str,
    body: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let students: Vec<i64> = store::groups::students(db, org_id, l.group_id)
        .await?
        .into_iter()
        .filter(|(_, m)| l.subgroup_id.is_none() || m.subgroup_id == l.subgroup_id)
        .map(|(p, _)| p.id)
        .collect();
    let parents: Vec<i64> = store::parents::of_children(db, org_id, &students)
        .await?
        .into_iter()
        .map(|p| p.parent_person_id)
        .collect();
    let link = format!("/diary?week={}", l.date);
    for student in &students {
        store::notifications::insert(
            db,
            org_id,
            store::notifications::NewNotification {
                person_id: *student,
                kind: "schedule",
                title,
                body,
                link: &link,
            },
            at,
        )
        .await?;
    }
    let mut done: Vec<i64> = Vec::new();
    for p in parents {
        if done.contains(&p) {
            continue;
        }
        done.push(p);
        store::notifications::insert(
            db,
            org_id,
            store::notifications::NewNotification {
                person_id: p,
                kind: "schedule",
                title,
                body,
                link: &link,
            },
            at,
        )
        .await?;
    }
    Ok(())
}

async fn rows(
    app: &App,
    org_id: i64,
    changes: Vec<store::entity::lesson_change::Model>,
) -> Result<Vec<ChangeRow>> {
    let db = &app.db;
    let mut lesson_ids: Vec<i64> = changes.iter().map(|c| c.lesson_id).collect();
    lesson_ids.sort_unstable();
    lesson_ids.dedup();
    let lessons = store::timetable::lessons_by_ids(db, org_id, &lesson_ids).await?;
    let names = Names::load(db, org_id, &lessons, &[]).await?;
    let account_ids: Vec<i64> = changes.iter().map(|c| c.created_by).collect();
    let accounts = store::accounts::by_ids(db, &account_ids).await?;
    let person_ids: Vec<i64> = accounts.iter().map(|a| a.person_id).collect();
    let people = store::people::by_ids(db, &person_ids).await?;
    let authors: std::collections::HashMap<i64, String> = accounts
        .iter()
        .filter_map(|a| {
            let p = people.iter().find(|p| p.id == a.person_id)?;
            Some((a.id, store::people::full_name(p).short()))
        })
        .collect();
    Ok(changes
        .into_iter()
        .map(|c| {
            let l = lessons.iter().find(|l| l.id == c.lesson_id);
            ChangeRow {
                lesson_id: c.lesson_id,
                kind_title: kind_title(&c.kind),
                text: describe_change(&c, true),
                at: c
                    .created_at
                    .with_timezone(&app.clock.zone())
                    .format("%d.%m.%Y %H:%M")
                    .to_string(),
                by: authors.get(&c.created_by).cloned().unwrap_or_default(),
                group: l
                    .and_then(|l| names.groups.get(&l.group_id).cloned())
                    .unwrap_or_default(),
                subject: l
                    .and_then(|l| names.subjects.get(&l.subject_id).cloned())
                    .unwrap_or_default(),
                date: l.map(|l| date_ru(l.date)).unwrap_or_default(),
                kind: c.kind,
            }
        })
        .collect())
}

/// The record of changes for reports: newest first, with totals by kind.
pub async fn changes_report(
    app: &App,
    actor: &Actor,
    req: PageRequest,
) -> Result<(Page<ChangeRow>, Vec<(&'static str, i64)>)> {
    require(actor, Permission::ReferenceRead)?;
    let page = store::timetable::changes_page(&app.db, actor.org_id, req).await?;
    let totals = store::timetable::change_counts(&app.db, actor.org_id)
        .await?
        .into_iter()
        .map(|(k, n)| (kind_title(&k), n))
        .collect();
    let Page {
        items,
        page: number,
        per_page,
        total,
    } = page;
    Ok((
        Page {
            items: rows(app, actor.org_id, items).await?,
            page: number,
            per_page,
            total,
        },
        totals,
    ))
}
