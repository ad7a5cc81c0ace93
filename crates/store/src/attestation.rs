//! Attestation periods of subjects, attestation marks and their history.

use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use crate::entity::{attestation_change, attestation_mark, attestation_schedule};

pub async fn schedules(
    db: &impl ConnectionTrait,
    org_id: i64,
    group_ids: &[i64],
    school_year: i32,
) -> Result<Vec<attestation_schedule::Model>, DbErr> {
    attestation_schedule::Entity::find()
        .filter(attestation_schedule::Column::OrgId.eq(org_id))
        .filter(attestation_schedule::Column::GroupId.is_in(group_ids.iter().copied()))
        .filter(attestation_schedule::Column::SchoolYear.eq(school_year))
        .all(db)
        .await
}

pub struct NewSchedule<'a> {
    pub school_year: i32,
    pub semester: i32,
    pub group_id: i64,
    pub subject_id: i64,
    pub source: &'a str,
    pub name: &'a str,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub set_by: i64,
}

/// Sets a subject's period for a group, replacing an earlier one; `None`
/// returns the subject to the calendar's period.
pub async fn set_schedule(
    db: &impl ConnectionTrait,
    org_id: i64,
    key: (i64, i32, i32, i64),
    new: Option<NewSchedule<'_>>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let (group_id, school_year, semester, subject_id) = key;
    attestation_schedule::Entity::delete_many()
        .filter(attestation_schedule::Column::OrgId.eq(org_id))
        .filter(attestation_schedule::Column::GroupId.eq(group_id))
        .filter(attestation_schedule::Column::SchoolYear.eq(school_year))
        .filter(attestation_schedule::Column::Semester.eq(semester))
        .filter(attestation_schedule::Column::SubjectId.eq(subject_id))
        .exec(db)
        .await?;
    if let Some(s) = new {
        attestation_schedule::ActiveModel {
            org_id: Set(org_id),
            school_year: Set(s.school_year),
            semester: Set(s.semester),
            group_id: Set(s.group_id),
            subject_id: Set(s.subject_id),
            source: Set(s.source.to_string()),
            name: Set(s.name.to_string()),
            starts_on: Set(s.starts_on),
            ends_on: Set(s.ends_on),
            set_by: Set(s.set_by),
            set_at: Set(at),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Marks of groups in a school year (one semester or both).
pub async fn marks_of_groups(
    db: &impl ConnectionTrait,
    org_id: i64,
    group_ids: &[i64],
    school_year: i32,
    semester: Option<i32>,
) -> Result<Vec<attestation_mark::Model>, DbErr> {
    let mut q = attestation_mark::Entity::find()
        .filter(attestation_mark::Column::OrgId.eq(org_id))
        .filter(attestation_mark::Column::GroupId.is_in(group_ids.iter().copied()))
        .filter(attestation_mark::Column::SchoolYear.eq(school_year));
    if let Some(s) = semester {
        q = q.filter(attestation_mark::Column::Semester.eq(s));
    }
    q.all(db).await
}

pub async fn marks_of_student(
    db: &impl ConnectionTrait,
    org_id: i64,
    student_id: i64,
    school_year: i32,
) -> Result<Vec<attestation_mark::Model>, DbErr> {
    attestation_mark::Entity::find()
        .filter(attestation_mark::Column::OrgId.eq(org_id))
        .filter(attestation_mark::Column::StudentPersonId.eq(student_id))
        .filter(attestation_mark::Column::SchoolYear.eq(school_year))
        .all(db)
        .await
}

pub struct MarkKey {
    pub school_year: i32,
    pub semester: i32,
    pub group_id: i64,
    pub subject_id: i64,
    pub student_id: i64,
}

/// Puts a mark, replacing the student's earlier one; returns the mark and the
/// value it replaced ("" when new).
pub async fn put_mark(
    db: &impl ConnectionTrait,
    org_id: i64,
    key: &MarkKey,
    control_form: &str,
    value: &str,
    by: i64,
    at: DateTime<Utc>,
) -> Result<(attestation_mark::Model, String), DbErr> {
    let existing = attestation_mark::Entity::find()
        .filter(attestation_mark::Column::OrgId.eq(org_id))
        .filter(attestation_mark::Column::StudentPersonId.eq(key.student_id))
        .filter(attestation_mark::Column::SchoolYear.eq(key.school_year))
        .filter(attestation_mark::Column::Semester.eq(key.semester))
        .filter(attestation_mark::Column::SubjectId.eq(key.subject_id))
        .one(db)
        .await?;
    match existing {
        Some(m) => {
            let old = m.value.clone();
            let mut a: attestation_mark::ActiveModel = m.into();
            a.value = Set(value.to_string());
            a.control_form = Set(control_form.to_string());
            a.updated_by = Set(by);
            a.updated_at = Set(at);
            Ok((a.update(db).await?, old))
        }
        None => {
            let m = attestation_mark::ActiveModel {
                org_id: Set(org_id),
                school_year: Set(key.school_year),
                semester: Set(key.semester),
                group_id: Set(key.group_id),
                subject_id: Set(key.subject_id),
                student_person_id: Set(key.student_id),
                control_form: Set(control_form.to_string()),
                value: Set(value.to_string()),
                updated_by: Set(by),
                updated_at: Set(at),
                ..Default::default()
            }
            .insert(db)
            .await?;
            Ok((m, String::new()))
        }
    }
}

pub async fn record_change(
    db: &impl ConnectionTrait,
    org_id: i64,
    mark_id: i64,
    old: &str,
    new: &str,
    via: &str,
    stamp: crate::Stamp,
) -> Result<(), DbErr> {
    attestation_change::ActiveModel {
        org_id: Set(org_id),
        mark_id: Set(mark_id),
        old_value: Set(old.to_string()),
        new_value: Set(new.to_string()),
        via: Set(via.to_string()),
        changed_by: Set(stamp.by),
        changed_at: Set(stamp.at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Changes of these marks, oldest first.
pub async fn changes(
    db: &impl ConnectionTrait,
    org_id: i64,
    mark_ids: &[i64],
) -> Result<Vec<attestation_change::Model>, DbErr> {
    attestation_change::Entity::find()
        .filter(attestation_change::Column::OrgId.eq(org_id))
        .filter(attestation_change::Column::MarkId.is_in(mark_ids.iter().copied()))
        .order_by_asc(attestation_change::Column::Id)
        .all(db)
        .await
}

/// Every attestation mark of a group, all years (final marks of graduates).
pub async fn marks_of_group_all_years(
    db: &impl ConnectionTrait,
    org_id: i64,
    group_id: i64,
) -> Result<Vec<attestation_mark::Model>, DbErr> {
    attestation_mark::Entity::find()
        .filter(attestation_mark::Column::OrgId.eq(org_id))
        .filter(attestation_mark::Column::GroupId.eq(group_id))
        .all(db)
        .await
}
