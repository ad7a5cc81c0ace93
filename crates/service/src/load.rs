//! Teaching load (педагогическая нагрузка, seed 2.2, 3.2) and вычитка: the
//! hours planned for each teacher, group and subject against the hours
//! scheduled and delivered in the journal so far.

use std::collections::HashMap;

use domain::journal::HOURS_PER_PAIR;
use domain::{Actor, Permission, Validation};
use serde::{Deserialize, Serialize};

use sea_orm::EntityTrait;

use crate::error::{unique_as_field, Error, Result};
use crate::{audit, require, App};

#[derive(Debug, Serialize)]
pub struct TeacherLoad {
    pub teacher_id: i64,
    pub teacher: String,
    pub planned: i64,
    pub scheduled: i64,
    pub delivered: i64,
    /// Delivered as a share of planned, in percent.
    pub percent: i64,
}

#[derive(Debug, Serialize)]
pub struct LoadSummary {
    pub year: i32,
    pub title: String,
    pub today: String,
    pub teachers: Vec<TeacherLoad>,
    pub total: TeacherLoad,
    pub can_edit: bool,
}

#[derive(Debug, Serialize)]
pub struct LoadRow {
    pub group_id: i64,
    pub group: String,
    pub subgroup: Option<String>,
    pub subject: String,
    pub teacher: String,
    /// Hours of the load in semester 1 and 2 of the year.
    pub semesters: [i64; 2],
    pub planned: i64,
    pub scheduled: i64,
    pub delivered: i64,
    pub remaining: i64,
    pub behind: bool,
}

#[derive(Debug, Serialize)]
pub struct LoadDetail {
    pub year: i32,
    pub title: String,
    pub rows: Vec<LoadRow>,
    pub total: [i64; 4],
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct LoadInput {
    #[serde(default)]
    pub item_id: String,
    #[serde(default)]
    pub group_id: String,
    #[serde(default)]
    pub subgroup_id: String,
    #[serde(default)]
    pub semester: String,
    #[serde(default)]
    pub teacher_id: String,
    #[serde(default)]
    pub hours: String,
}

/// Keys of a load line: group, part (subgroup or 0), subject, teacher.
type Key = (i64, i64, i64, i64);

struct Figures {
    planned: HashMap<Key, [i64; 2]>,
    scheduled: HashMap<Key, i64>,
    delivered: HashMap<Key, i64>,
}

async fn figures(app: &App, org_id: i64, year: i32, teacher: Option<i64>) -> Result<Figures> {
    let (first, last) = domain::calendar::year_bounds(year);
    let today = app.today().min(last);
    let loads = store::load::of_year(&app.db, org_id, year, teacher).await?;
    let mut planned: HashMap<Key, [i64; 2]> = HashMap::new();
    for l in &loads {
        let e = planned
            .entry((l.group_id, l.part, l.subject_id, l.teacher_person_id))
            .or_default();
        let i = usize::from(l.semester > 1);
        e[i] += i64::from(l.hours);
    }
    let hours = |rows: Vec<store::load::Delivered>| -> HashMap<Key, i64> {
        rows.into_iter()
            .map(|d| {
                (
                    (
                        d.group_id,
                        d.subgroup_id.unwrap_or(0),
                        d.subject_id,
                        d.teacher_id,
                    ),
                    d.lessons * HOURS_PER_PAIR,
                )
            })
            .collect()
    };
    let scheduled = hours(store::load::delivered(&app.db, org_id, first, last, teacher).await?);
    let delivered = if today < first {
        HashMap::new()
    } else {
        hours(store::load::delivered(&app.db, org_id, first, today, teacher).await?)
    };
    Ok(Figures {
        planned,
        scheduled,
        delivered,
    })
}

fn percent(done: i64, of: i64) -> i64 {
    if of == 0 {
        0
    } else {
        done * 100 / of
    }
}

/// Every teacher's load and вычитка for the year (the deputy's view).
pub async fn summary(app: &App, actor: &Actor, year: i32) -> Result<LoadSummary> {
    require(actor, Permission::ReferenceRead)?;
    let f = figures(app, actor.org_id, year, None).await?;
    let mut by_teacher: HashMap<i64, [i64; 3]> = HashMap::new();
    for (k, h) in &f.planned {
        by_teacher.entry(k.3).or_default()[0] += h[0] + h[1];
    }
    for (k, h) in &f.scheduled {
        by_teacher.entry(k.3).or_default()[1] += h;
    }
    for (k, h) in &f.delivered {
        by_teacher.entry(k.3).or_default()[2] += h;
    }
    let ids: Vec<i64> = by_teacher.keys().copied().collect();
    let people = store::people::by_ids(&app.db, &ids).await?;
    let mut teachers: Vec<TeacherLoad> = people
        .iter()
        .map(|p| {
            let [planned, scheduled, delivered] =
                by_teacher.get(&p.id).copied().unwrap_or_default();
            TeacherLoad {
                teacher_id: p.id,
                teacher: store::people::full_name(p).short(),
                planned,
                scheduled,
                delivered,
                percent: percent(delivered, planned),
            }
        })
        .collect();
    teachers.sort_by(|a, b| a.teacher.cmp(&b.teacher));
    let sum = |f: fn(&TeacherLoad) -> i64| teachers.iter().map(f).sum::<i64>();
    let total = TeacherLoad {
        teacher_id: 0,
        teacher: "Всего".into(),
        planned: sum(|t| t.planned),
        scheduled: sum(|t| t.scheduled),
        delivered: sum(|t| t.delivered),
        percent: percent(sum(|t| t.delivered), sum(|t| t.planned)),
    };
    Ok(LoadSummary {
        year,
        title: domain::calendar::year_title(year),
        today: crate::journal::date_ru(app.today()),
        teachers,
        total,
        can_edit: actor.can(Permission::CurriculumWrite),
    })
}

/// One teacher's load by group and subject, with вычитка.
pub async fn teacher(
    app: &App,
    actor: &Actor,
    teacher_id: i64,
    year: i32,
) -> Result<(String, LoadDetail)> {
    require(actor, Permission::LoadRead { teacher_id })?;
    let person = store::people::get(&app.db, actor.org_id, teacher_id)
        .await?
        .ok_or(Error::NotFound("преподаватель"))?;
    let f = figures(app, actor.org_id, year, Some(teacher_id)).await?;
    Ok((
        store::people::full_name(&person).short(),
        detail(app, actor.org_id, year, f).await?,
    ))
}

async fn detail(app: &App, org_id: i64, year: i32, f: Figures) -> Result<LoadDetail> {
    let mut keys: Vec<Key> = f.planned.keys().copied().collect();
    for k in f.scheduled.keys() {
        if !keys.contains(k) {
            keys.push(*k);
        }
    }
    let mut group_ids: Vec<i64> = keys.iter().map(|k| k.0).collect();
    group_ids.sort_unstable();
    group_ids.dedup();
    let groups: HashMap<i64, String> = store::groups::by_ids(&app.db, org_id, &group_ids)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    let subgroup_ids: Vec<i64> = keys.iter().map(|k| k.1).filter(|p| *p != 0).collect();
    let subgroups: HashMap<i64, String> =
        store::timetable::subgroups_by_ids(&app.db, org_id, &subgroup_ids)
            .await?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect();
    let subject_ids: Vec<i64> = keys.iter().map(|k| k.2).collect();
    let subjects: HashMap<i64, String> = store::subjects::by_ids(&app.db, org_id, &subject_ids)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let teacher_ids: Vec<i64> = keys.iter().map(|k| k.3).collect();
    let teachers: HashMap<i64, String> = store::people::by_ids(&app.db, &teacher_ids)
        .await?
        .iter()
        .map(|p| (p.id, store::people::full_name(p).short()))
        .collect();
    let mut rows: Vec<LoadRow> = keys
        .iter()
        .map(|k| {
            let semesters = f.planned.get(k).copied().unwrap_or_default();
            let planned = semesters[0] + semesters[1];
            let scheduled = f.scheduled.get(k).copied().unwrap_or(0);
            let delivered = f.delivered.get(k).copied().unwrap_or(0);
            LoadRow {
                group_id: k.0,
                group: groups.get(&k.0).cloned().unwrap_or_default(),
                subgroup: subgroups.get(&k.1).cloned(),
                subject: subjects.get(&k.2).cloned().unwrap_or_default(),
                teacher: teachers.get(&k.3).cloned().unwrap_or_default(),
                semesters,
                planned,
                scheduled,
                delivered,
                remaining: planned - delivered,
                // More scheduled than planned, or nothing planned at all.
                behind: scheduled > planned,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        (&a.group, &a.subject, &a.subgroup).cmp(&(&b.group, &b.subject, &b.subgroup))
    });
    let total = [
        rows.iter().map(|r| r.planned).sum(),
        rows.iter().map(|r| r.scheduled).sum(),
        rows.iter().map(|r| r.delivered).sum(),
        rows.iter().map(|r| r.remaining).sum(),
    ];
    Ok(LoadDetail {
        year,
        title: domain::calendar::year_title(year),
        rows,
        total,
    })
}

/// Gives a curriculum item's hours for a group (or subgroup) in a semester to a teacher.
pub async fn add(app: &App, actor: &Actor, year: i32, input: LoadInput) -> Result<i64> {
    require(actor, Permission::CurriculumWrite)?;
    let mut v = Validation::new();
    let item_id = v.number("item_id", &input.item_id, 1, i64::MAX);
    let group_id = v.number("group_id", &input.group_id, 1, i64::MAX);
    let subgroup_id = match input.subgroup_id.trim() {
        "" => None,
        raw => raw.parse::<i64>().ok().or_else(|| {
            v.add("subgroup_id", "Выберите подгруппу из списка.");
            None
        }),
    };
    let semester = v.number("semester", &input.semester, 1, 2) as i32;
    let teacher_id = v.number("teacher_id", &input.teacher_id, 1, i64::MAX);
    let hours = v.number(
        "hours",
        &input.hours,
        1,
        i64::from(domain::curriculum::MAX_SEMESTER_HOURS),
    ) as i32;
    v.finish().map_err(Error::Invalid)?;
    let db = &app.db;
    let org = actor.org_id;
    let group = store::groups::get(db, org, group_id)
        .await?
        .ok_or_else(|| Error::field("group_id", "Такой группы нет."))?;
    if let Some(s) = subgroup_id {
        if !store::groups::subgroups(db, org, group_id)
            .await?
            .iter()
            .any(|x| x.id == s)
        {
            return Err(Error::field("subgroup_id", "Такой подгруппы в группе нет."));
        }
    }
    let item = store::entity::curriculum_item::Entity::find_by_id(item_id)
        .one(db)
        .await?
        .filter(|i| i.org_id == org)
        .ok_or_else(|| Error::field("item_id", "Такого элемента учебного плана нет."))?;
    let curriculum = store::entity::curriculum::Entity::find_by_id(item.curriculum_id)
        .one(db)
        .await?
        .ok_or(Error::NotFound("учебный план"))?;
    if curriculum.specialty_id != group.specialty_id {
        return Err(Error::field(
            "item_id",
            format!(
                "Элемент из учебного плана «{}» другой специальности, чем у группы {}.",
                curriculum.name, group.name
            ),
        ));
    }
    let Some(subject_id) = item.subject_id else {
        return Err(Error::field(
            "item_id",
            "Нагрузка распределяется по дисциплинам, МДК и практикам, а не по модулю целиком.",
        ));
    };
    if store::staff::get(db, org, teacher_id).await?.is_none() {
        return Err(Error::field(
            "teacher_id",
            "Выберите преподавателя из сотрудников колледжа.",
        ));
    }
    let txn = store::begin_write(db).await?;
    let row = store::load::insert(
        &txn,
        org,
        store::load::NewLoad {
            school_year: year,
            semester,
            item_id,
            group_id,
            subgroup_id,
            subject_id,
            teacher_person_id: teacher_id,
            hours,
        },
    )
    .await
    .map_err(|e| {
        unique_as_field(
            e,
            "item_id",
            "Нагрузка по этому элементу для группы (подгруппы) в этом семестре уже распределена.",
        )
    })?;
    audit(
        &txn,
        actor,
        "create",
        "teaching_load",
        row.id,
        serde_json::json!({ "item_id": item_id, "group_id": group_id, "teacher": teacher_id, "hours": hours }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(row.id)
}
