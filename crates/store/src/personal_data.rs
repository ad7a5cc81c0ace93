//! Everything kept about one person, for their copy (152-ФЗ, ст. 14), and
//! erasing it: the records that must stay are kept under no name.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::entity::{
    academic_debt, account, attestation_mark, calendar_feed, consent, delegation, group_student,
    journal_entry, lesson, login_attempt, mark, notification, outbox_message, parent_link, person,
    read_log_entry, role_grant, session, study_group, subject,
};

/// One account of the person, with what it holds.
pub struct AccountData {
    pub account: account::Model,
    pub grants: Vec<role_grant::Model>,
    pub consents: Vec<consent::Model>,
    pub sessions: Vec<session::Model>,
}

/// A cell of the journal about the person: the lesson, attendance, marks.
pub struct EntryRow {
    pub date: NaiveDate,
    pub subject: String,
    pub attendance: Option<String>,
    pub reason: Option<String>,
    pub marks: Vec<String>,
}

pub struct AttestationRow {
    pub school_year: i32,
    pub semester: i32,
    pub subject: String,
    pub control_form: String,
    pub value: String,
}

pub struct DebtRow {
    pub subject: String,
    pub arisen_on: NaiveDate,
    pub deadline: NaiveDate,
    pub status: String,
}

/// Who read the person's records.
pub struct ReadRow {
    pub at: DateTime<Utc>,
    pub reader: Option<person::Model>,
    pub what: String,
}

pub struct PersonData {
    pub person: person::Model,
    pub accounts: Vec<AccountData>,
    pub groups: Vec<String>,
    /// (relation, parent) and (relation, child).
    pub parents: Vec<(String, person::Model)>,
    pub children: Vec<(String, person::Model)>,
    pub journal: Vec<EntryRow>,
    pub attestation: Vec<AttestationRow>,
    pub debts: Vec<DebtRow>,
    pub notifications: Vec<notification::Model>,
    pub reads: Vec<ReadRow>,
}

async fn subject_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, String>, DbErr> {
    let mut ids: Vec<i64> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(subject::Entity::find()
        .filter(subject::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect())
}

async fn people_by_id(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, person::Model>, DbErr> {
    let ids: Vec<i64> = ids.into_iter().collect();
    Ok(crate::people::by_ids(db, &ids)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect())
}

/// What is kept about the person in the college, `None` when there is no such person there.
pub async fn collect(
    db: &impl ConnectionTrait,
    org_id: i64,
    person_id: i64,
) -> Result<Option<PersonData>, DbErr> {
    let Some(person) = crate::people::get(db, org_id, person_id).await? else {
        return Ok(None);
    };
    let mut accounts = Vec::new();
    for a in account::Entity::find()
        .filter(account::Column::PersonId.eq(person_id))
        .order_by_asc(account::Column::Id)
        .all(db)
        .await?
    {
        accounts.push(AccountData {
            grants: role_grant::Entity::find()
                .filter(role_grant::Column::AccountId.eq(a.id))
                .filter(role_grant::Column::OrgId.eq(org_id))
                .all(db)
                .await?,
            consents: consent::Entity::find()
                .filter(consent::Column::AccountId.eq(a.id))
                .order_by_asc(consent::Column::AcceptedAt)
                .all(db)
                .await?,
            sessions: session::Entity::find()
                .filter(session::Column::AccountId.eq(a.id))
                .order_by_asc(session::Column::CreatedAt)
                .all(db)
                .await?,
            account: a,
        });
    }
    let group_ids: Vec<i64> = group_student::Entity::find()
        .filter(group_student::Column::PersonId.eq(person_id))
        .filter(group_student::Column::OrgId.eq(org_id))
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.group_id)
        .collect();
    let groups = study_group::Entity::find()
        .filter(study_group::Column::Id.is_in(group_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.name)
        .collect();
    let links = parent_link::Entity::find()
        .filter(parent_link::Column::OrgId.eq(org_id))
        .filter(
            parent_link::Column::ParentPersonId
                .eq(person_id)
                .or(parent_link::Column::ChildPersonId.eq(person_id)),
        )
        .all(db)
        .await?;
    let kin = people_by_id(
        db,
        links
            .iter()
            .flat_map(|l| [l.parent_person_id, l.child_person_id]),
    )
    .await?;
    let (mut parents, mut children) = (Vec::new(), Vec::new());
    for l in &links {
        if l.child_person_id == person_id {
            if let Some(p) = kin.get(&l.parent_person_id) {
                parents.push((l.relation.clone(), p.clone()));
            }
        } else if let Some(c) = kin.get(&l.child_person_id) {
            children.push((l.relation.clone(), c.clone()));
        }
    }

    let entries = journal_entry::Entity::find()
        .filter(journal_entry::Column::StudentPersonId.eq(person_id))
        .filter(journal_entry::Column::OrgId.eq(org_id))
        .all(db)
        .await?;
    let marks = mark::Entity::find()
        .filter(mark::Column::StudentPersonId.eq(person_id))
        .filter(mark::Column::OrgId.eq(org_id))
        .order_by_asc(mark::Column::Position)
        .all(db)
        .await?;
    let lessons: HashMap<i64, lesson::Model> = lesson::Entity::find()
        .filter(lesson::Column::Id.is_in(entries.iter().map(|e| e.lesson_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|l| (l.id, l))
        .collect();
    let attestation = attestation_mark::Entity::find()
        .filter(attestation_mark::Column::StudentPersonId.eq(person_id))
        .filter(attestation_mark::Column::OrgId.eq(org_id))
        .order_by_asc(attestation_mark::Column::SchoolYear)
        .order_by_asc(attestation_mark::Column::Semester)
        .all(db)
        .await?;
    let debts = academic_debt::Entity::find()
        .filter(academic_debt::Column::StudentPersonId.eq(person_id))
        .filter(academic_debt::Column::OrgId.eq(org_id))
        .order_by_asc(academic_debt::Column::ArisenOn)
        .all(db)
        .await?;
    let subjects = subject_names(
        db,
        lessons
            .values()
            .map(|l| l.subject_id)
            .chain(attestation.iter().map(|a| a.subject_id))
            .chain(debts.iter().map(|d| d.subject_id)),
    )
    .await?;
    let name_of = |id: i64| subjects.get(&id).cloned().unwrap_or_default();
    let mut journal: Vec<EntryRow> = entries
        .iter()
        .filter_map(|e| {
            let l = lessons.get(&e.lesson_id)?;
            Some(EntryRow {
                date: l.date,
                subject: name_of(l.subject_id),
                attendance: e.attendance.clone(),
                reason: e.reason.clone(),
                marks: marks
                    .iter()
                    .filter(|m| m.entry_id == e.id)
                    .map(|m| m.value.clone())
                    .collect(),
            })
        })
        .collect();
    journal.sort_by(|a, b| (a.date, &a.subject).cmp(&(b.date, &b.subject)));

    let reads_rows = read_log_entry::Entity::find()
        .filter(read_log_entry::Column::OrgId.eq(org_id))
        .filter(read_log_entry::Column::PersonId.eq(person_id))
        .order_by_asc(read_log_entry::Column::At)
        .all(db)
        .await?;
    let reader_accounts: HashMap<i64, i64> = account::Entity::find()
        .filter(account::Column::Id.is_in(reads_rows.iter().map(|r| r.account_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.person_id))
        .collect();
    let readers = people_by_id(db, reader_accounts.values().copied()).await?;
    let reads = reads_rows
        .into_iter()
        .map(|r| ReadRow {
            at: r.at,
            reader: reader_accounts
                .get(&r.account_id)
                .and_then(|p| readers.get(p))
                .cloned(),
            what: r.what,
        })
        .collect();

    Ok(Some(PersonData {
        accounts,
        groups,
        parents,
        children,
        journal,
        attestation: attestation
            .into_iter()
            .map(|a| AttestationRow {
                school_year: a.school_year,
                semester: a.semester,
                subject: name_of(a.subject_id),
                control_form: a.control_form,
                value: a.value,
            })
            .collect(),
        debts: debts
            .into_iter()
            .map(|d| DebtRow {
                subject: name_of(d.subject_id),
                arisen_on: d.arisen_on,
                deadline: d.deadline,
                status: d.status,
            })
            .collect(),
        notifications: notification::Entity::find()
            .filter(notification::Column::PersonId.eq(person_id))
            .filter(notification::Column::OrgId.eq(org_id))
            .order_by_asc(notification::Column::CreatedAt)
            .all(db)
            .await?,
        reads,
        person,
    }))
}

/// What stands in the way of erasing a person: studying in a group, or a
/// staff role in any college.
pub struct Standing {
    pub groups: u64,
    pub staff_roles: Vec<String>,
}

pub async fn standing(db: &impl ConnectionTrait, person_id: i64) -> Result<Standing, DbErr> {
    let groups = group_student::Entity::find()
        .filter(group_student::Column::PersonId.eq(person_id))
        .count(db)
        .await?;
    let accounts = account::Entity::find()
        .select_only()
        .column(account::Column::Id)
        .filter(account::Column::PersonId.eq(person_id))
        .into_tuple::<i64>()
        .all(db)
        .await?;
    let staff_roles = role_grant::Entity::find()
        .filter(role_grant::Column::AccountId.is_in(accounts))
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.role)
        .collect();
    Ok(Standing {
        groups,
        staff_roles,
    })
}

/// Erases the person: the name becomes `anonymous_surname`, contacts and
/// birth date go, accounts can no longer sign in and lose their login, the
/// family links, delegations, notifications, feeds, pending mail and login
/// attempts go. Journal, attestation and debt records stay, under no name.
/// Returns the logins the accounts had.
pub async fn erase(
    db: &impl ConnectionTrait,
    org_id: i64,
    person_id: i64,
    anonymous_surname: &str,
    unusable_password: &str,
    at: DateTime<Utc>,
) -> Result<Vec<String>, DbErr> {
    let before = crate::people::get(db, org_id, person_id).await?;
    let email = before.as_ref().and_then(|p| p.email.clone());
    person::Entity::update_many()
        .col_expr(person::Column::Surname, Expr::value(anonymous_surname))
        .col_expr(person::Column::Name, Expr::value(""))
        .col_expr(
            person::Column::Patronymic,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            person::Column::BirthDate,
            Expr::value(Option::<NaiveDate>::None),
        )
        .col_expr(person::Column::Email, Expr::value(Option::<String>::None))
        .col_expr(person::Column::Phone, Expr::value(Option::<String>::None))
        .col_expr(
            person::Column::SearchKey,
            Expr::value(domain::names::search_key(&[anonymous_surname])),
        )
        .col_expr(person::Column::ErasedAt, Expr::value(at))
        .filter(person::Column::Id.eq(person_id))
        .filter(person::Column::OrgId.eq(org_id))
        .exec(db)
        .await?;
    let accounts = account::Entity::find()
        .filter(account::Column::PersonId.eq(person_id))
        .all(db)
        .await?;
    let ids: Vec<i64> = accounts.iter().map(|a| a.id).collect();
    let logins: Vec<String> = accounts.iter().map(|a| a.login.clone()).collect();
    for a in &accounts {
        account::Entity::update_many()
            .col_expr(
                account::Column::Login,
                Expr::value(format!("erased-{}", a.id)),
            )
            .col_expr(
                account::Column::PasswordHash,
                Expr::value(unusable_password),
            )
            .col_expr(account::Column::Active, Expr::value(false))
            .filter(account::Column::Id.eq(a.id))
            .exec(db)
            .await?;
    }
    session::Entity::delete_many()
        .filter(session::Column::AccountId.is_in(ids.clone()))
        .exec(db)
        .await?;
    calendar_feed::Entity::delete_many()
        .filter(calendar_feed::Column::AccountId.is_in(ids.clone()))
        .exec(db)
        .await?;
    role_grant::Entity::delete_many()
        .filter(role_grant::Column::AccountId.is_in(ids))
        .exec(db)
        .await?;
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::Login.is_in(logins.clone()))
        .exec(db)
        .await?;
    parent_link::Entity::delete_many()
        .filter(parent_link::Column::OrgId.eq(org_id))
        .filter(
            parent_link::Column::ParentPersonId
                .eq(person_id)
                .or(parent_link::Column::ChildPersonId.eq(person_id)),
        )
        .exec(db)
        .await?;
    delegation::Entity::delete_many()
        .filter(delegation::Column::OrgId.eq(org_id))
        .filter(
            delegation::Column::ParentPersonId
                .eq(person_id)
                .or(delegation::Column::DelegatePersonId.eq(person_id))
                .or(delegation::Column::ChildPersonId.eq(person_id)),
        )
        .exec(db)
        .await?;
    notification::Entity::delete_many()
        .filter(notification::Column::PersonId.eq(person_id))
        .exec(db)
        .await?;
    // The log keeps that the record was read, not the name it was read under.
    read_log_entry::Entity::update_many()
        .col_expr(read_log_entry::Column::Detail, Expr::value(""))
        .filter(read_log_entry::Column::PersonId.eq(person_id))
        .exec(db)
        .await?;
    if let Some(email) = email {
        outbox_message::Entity::delete_many()
            .filter(outbox_message::Column::ToAddr.eq(email))
            .filter(outbox_message::Column::SentAt.is_null())
            .exec(db)
            .await?;
    }
    Ok(logins)
}
