//! 152-ФЗ for one person: a copy of everything kept about them (their own,
//! or made by the officer on their request), withdrawing the consent, and
//! erasing their data where the records of education must stay.

use domain::personal_data::{anonymous_surname, erasure_refusal, Standing};
use domain::read_log::ReadKind;
use domain::{Actor, Permission, Role};
use serde_json::{json, Value};

use crate::auth::Session;
use crate::error::{Error, Result};
use crate::journal::Download;
use crate::{audit, password, require, App, TERMS_VERSION};

/// Everything kept about the person as a JSON file: for the person, or for
/// the officer and the director (a read the log records).
pub async fn export(app: &App, actor: &Actor, person_id: i64) -> Result<Download> {
    if actor.person_id != person_id {
        require(actor, Permission::PersonalDataManage)?;
    }
    let data = store::personal_data::collect(&app.db, actor.org_id, person_id)
        .await?
        .ok_or(Error::NotFound("человек"))?;
    let name = store::people::full_name(&data.person).full();
    crate::read_log::record(
        app,
        actor,
        Some(person_id),
        None,
        ReadKind::PersonalData,
        &name,
    );
    let document = document(app, &data);
    let data = serde_json::to_vec_pretty(&document).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(Download {
        name: format!(
            "Персональные данные — {name} — {}.json",
            app.today().format("%d.%m.%Y")
        ),
        content_type: "application/json; charset=utf-8".into(),
        data,
    })
}

fn person_json(p: &store::entity::person::Model) -> Value {
    json!({
        "surname": p.surname,
        "name": p.name,
        "patronymic": p.patronymic,
        "birth_date": p.birth_date,
        "email": p.email,
        "phone": p.phone,
        "created_at": p.created_at,
        "erased_at": p.erased_at,
    })
}

fn document(app: &App, d: &store::personal_data::PersonData) -> Value {
    let short = |p: &store::entity::person::Model| store::people::full_name(p).full();
    json!({
        "exported_at": app.now(),
        "law": "152-ФЗ, ст. 14",
        "person": person_json(&d.person),
        "accounts": d.accounts.iter().map(|a| json!({
            "login": a.account.login,
            "active": a.account.active,
            "created_at": a.account.created_at,
            "password_changed_at": a.account.password_changed_at,
            "roles": a.grants.iter().map(|g| json!({
                "role": g.role, "scope": g.scope_kind, "granted_at": g.created_at,
            })).collect::<Vec<_>>(),
            "consents": a.consents.iter().map(|c| json!({
                "terms_version": c.terms_version,
                "accepted_at": c.accepted_at,
                "ip": c.ip,
                "withdrawn_at": c.withdrawn_at,
            })).collect::<Vec<_>>(),
            "sessions": a.sessions.iter().map(|s| json!({
                "created_at": s.created_at,
                "last_seen_at": s.last_seen_at,
                "ip": s.ip,
                "user_agent": s.user_agent,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "groups": d.groups,
        "parents": d.parents.iter().map(|(relation, p)| json!({
            "relation": relation, "name": short(p),
        })).collect::<Vec<_>>(),
        "children": d.children.iter().map(|(relation, p)| json!({
            "relation": relation, "name": short(p),
        })).collect::<Vec<_>>(),
        "journal": d.journal.iter().map(|e| json!({
            "date": e.date,
            "subject": e.subject,
            "attendance": e.attendance,
            "reason": e.reason,
            "marks": e.marks,
        })).collect::<Vec<_>>(),
        "attestation": d.attestation.iter().map(|a| json!({
            "school_year": a.school_year,
            "semester": a.semester,
            "subject": a.subject,
            "control_form": a.control_form,
            "mark": a.value,
        })).collect::<Vec<_>>(),
        "debts": d.debts.iter().map(|x| json!({
            "subject": x.subject,
            "arisen_on": x.arisen_on,
            "deadline": x.deadline,
            "status": x.status,
        })).collect::<Vec<_>>(),
        "notifications": d.notifications.iter().map(|n| json!({
            "created_at": n.created_at, "kind": n.kind, "title": n.title, "body": n.body,
        })).collect::<Vec<_>>(),
        "read_by": d.reads.iter().map(|r| json!({
            "at": r.at,
            "reader": r.reader.as_ref().map(short),
            "what": r.what,
        })).collect::<Vec<_>>(),
    })
}

/// The person behind a page of their data, and what may be done with it.
pub struct Overview {
    pub person_id: i64,
    pub name: String,
    pub erased: bool,
    /// Why erasing is refused now, when it is.
    pub refusal: Option<&'static str>,
    pub consents: Vec<ConsentRow>,
}

pub struct ConsentRow {
    pub login: String,
    pub accepted_at: chrono::DateTime<chrono::Utc>,
    pub withdrawn_at: Option<chrono::DateTime<chrono::Utc>>,
}

async fn standing(app: &App, actor: &Actor, person_id: i64) -> Result<Standing> {
    let s = store::personal_data::standing(&app.db, person_id).await?;
    Ok(Standing {
        studies: s.groups > 0,
        roles: s
            .staff_roles
            .iter()
            .filter_map(|r| Role::from_code(r))
            .collect(),
        is_self: actor.person_id == person_id,
    })
}

/// What the officer sees before exporting or erasing a person's data.
pub async fn overview(app: &App, actor: &Actor, person_id: i64) -> Result<Overview> {
    require(actor, Permission::PersonalDataManage)?;
    let person = store::people::get(&app.db, actor.org_id, person_id)
        .await?
        .ok_or(Error::NotFound("человек"))?;
    let standing = standing(app, actor, person_id).await?;
    let mut consents = Vec::new();
    for a in store::accounts::of_person(&app.db, person_id).await? {
        for c in store::accounts::consents(&app.db, a.id).await? {
            consents.push(ConsentRow {
                login: a.login.clone(),
                accepted_at: c.accepted_at,
                withdrawn_at: c.withdrawn_at,
            });
        }
    }
    Ok(Overview {
        person_id,
        name: store::people::full_name(&person).full(),
        erased: person.erased_at.is_some(),
        refusal: erasure_refusal(&standing),
        consents,
    })
}

/// Erases the person's data (see `store::personal_data::erase`); the
/// logins the accounts had.
pub async fn erase(app: &App, actor: &Actor, person_id: i64) -> Result<Vec<String>> {
    require(actor, Permission::PersonalDataManage)?;
    let person = store::people::get(&app.db, actor.org_id, person_id)
        .await?
        .ok_or(Error::NotFound("человек"))?;
    if person.erased_at.is_some() {
        return Err(Error::field("erase", "Данные этого человека уже удалены."));
    }
    if let Some(why) = erasure_refusal(&standing(app, actor, person_id).await?) {
        return Err(Error::field("erase", why));
    }
    let unusable = password::hash(crate::auth::random_token()).await?;
    let txn = store::begin_write(&app.db).await?;
    let logins = store::personal_data::erase(
        &txn,
        actor.org_id,
        person_id,
        &anonymous_surname(person_id),
        &unusable,
        app.now(),
    )
    .await?;
    audit(
        &txn,
        actor,
        "erase_personal_data",
        "person",
        person_id,
        json!({ "accounts": logins.len() }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    app.sessions.forget_all();
    Ok(logins)
}

/// Withdraws the caller's consent: the account is limited to the consent
/// page (and its own data) until it consents again, and the college's
/// officer and director are told.
pub async fn withdraw_consent(app: &App, session: &Session, ip: Option<&str>) -> Result<()> {
    let actor = &session.actor;
    let now = app.now();
    let txn = store::begin_write(&app.db).await?;
    let withdrawn = store::accounts::withdraw_consent(&txn, actor.account_id, ip, now).await?;
    if withdrawn == 0 {
        return Ok(());
    }
    let roles: Vec<&str> = actor
        .grants
        .iter()
        .map(|g| g.role.title())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let title = format!(
        "{} отозвал(а) согласие на обработку персональных данных",
        session.display_name
    );
    let body = format!(
        "{} (логин {}; {}) отозвал(а) согласие {}. До нового согласия учётной записи доступны только \
         страница согласия и выгрузка своих данных. Свяжитесь с человеком: нужно ли удалить его данные.",
        session.display_name,
        session.login,
        if roles.is_empty() { "без ролей".to_string() } else { roles.join(", ") },
        now.with_timezone(&app.clock.zone()).format("%d.%m.%Y в %H:%M"),
    );
    for org_id in &session.org_ids {
        let link = format!("/people/{}/data", actor.person_id);
        for person_id in
            store::grants::people_with_roles(&txn, *org_id, &[Role::Officer, Role::Director])
                .await?
        {
            store::notifications::insert(
                &txn,
                *org_id,
                store::notifications::NewNotification {
                    person_id,
                    kind: "consent_withdrawn",
                    title: &title,
                    body: &body,
                    link: &link,
                },
                now,
            )
            .await?;
        }
    }
    store::audit::record(
        &txn,
        store::audit::Entry {
            org_id: None,
            account_id: Some(actor.account_id),
            action: "consent_withdraw",
            entity: "account",
            entity_id: Some(actor.account_id),
            details: json!({ "terms_version": TERMS_VERSION, "ip": ip }),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    app.sessions.forget_all();
    Ok(())
}

/// When the caller withdrew their consent, if it is withdrawn and not given again.
pub async fn withdrawn_at(
    app: &App,
    session: &Session,
) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
    if !session.consent_required {
        return Ok(None);
    }
    Ok(store::accounts::consents(&app.db, session.actor.account_id)
        .await?
        .into_iter()
        .filter_map(|c| c.withdrawn_at)
        .max())
}
