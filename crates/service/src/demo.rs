//! The demo college: a fictional mining and chemical technical college in the
//! Perm region, realistic enough to judge the product by. Generated from a
//! seed, so the same seed gives the same college (people, groups, logins)
//! every time; every account's password is [`DEMO_PASSWORD`].

mod catalog;
mod names;
mod plan;
pub mod region;
mod semester;
mod timetable;
pub(crate) mod year;

use domain::names::FullName;
use domain::{Grant, Role, Scope};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use store::entity::{group_student, parent_link, role_grant, room};
use store::groups::NewGroup;
use store::people::NewPerson;

use crate::{password, App, Result};
use plan::{Person, Plan};

pub const DEMO_PASSWORD: &str = "demo";
pub const DEFAULT_SEED: u64 = 2026;

/// The day the tests load the demo on (a Saturday): its records run to
/// Friday 20.11.2026, and the weeks after are left for the tests to fill.
pub const TESTS_LOAD_ON: chrono::NaiveDate = match chrono::NaiveDate::from_ymd_opt(2026, 11, 21) {
    Some(d) => d,
    None => panic!("a valid date"),
};

/// The demo college's time zone: Perm, UTC+5.
pub const ZONE: chrono::FixedOffset = match chrono::FixedOffset::east_opt(5 * 3600) {
    Some(z) => z,
    None => panic!("a valid offset"),
};

/// A clock fixed on [`TESTS_LOAD_ON`] in the demo's time zone.
pub fn tests_clock() -> crate::Clock {
    crate::Clock::fixed(TESTS_LOAD_ON, ZONE)
}

pub const REGION_NAME: &str = "Министерство образования Пермского края";
pub const REGION_SHORT_NAME: &str = "Минобразования Пермского края";
pub const COLLEGE_NAME: &str = "ГБПОУ «Уральский горно-химический техникум»";
pub const COLLEGE_SHORT_NAME: &str = "УГХТ";

/// What was loaded, for printing on start.
#[derive(Debug, Clone)]
pub struct DemoSummary {
    pub region_id: i64,
    pub college_id: i64,
    pub college_name: String,
    pub students: usize,
    pub parents: usize,
    pub teachers: usize,
    pub groups: usize,
    /// The first semester: subjects, lessons (01.09–26.12.2026), and the
    /// topics, marks and absences recorded up to `recorded_until`.
    pub subjects: usize,
    pub lessons: usize,
    pub marks: usize,
    pub absences: usize,
    /// The day before the one the demo was loaded on, within the first
    /// semester: 20.11.2026 for the tests.
    pub recorded_until: chrono::NaiveDate,
    /// The school year 2026/2027 around it: calendar periods, curricula
    /// (one a specialty, form and intake year), teaching-load rows, weekly
    /// timetable slots of both semesters, and the second semester's lessons
    /// (12.01–30.06.2027, nothing recorded).
    pub periods: usize,
    pub curricula: usize,
    pub load_rows: usize,
    pub timetable_slots: usize,
    pub second_semester_lessons: usize,
    /// One login a role: region, director, deputy, admin, dispatcher, officer,
    /// teacher1, curator1, extra1, zaoch, student1, parent1, delegate1.
    pub logins: Vec<DemoLogin>,
}

#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub login: &'static str,
    /// Who signs in with it, in Russian: «директор Иванов И. И.».
    pub who: String,
}

/// True when the database has no organization yet (a fresh database).
pub async fn is_empty(app: &App) -> Result<bool> {
    Ok(store::orgs::count(&app.db).await? == 0)
}

/// Loads the demo region and college in one transaction. Meant for a fresh
/// database (see [`is_empty`]): the demo logins must not be taken yet.
pub async fn load(app: &App, seed: u64) -> Result<DemoSummary> {
    let plan = plan::build(seed);
    // One hash for every account: hashing a thousand times would take minutes.
    let hash = password::hash(DEMO_PASSWORD.to_string()).await?;
    let txn = store::begin_write(&app.db).await?;
    let summary = write(&txn, &plan, &hash, seed, &app.clock).await?;
    txn.commit().await?;
    // Fresh statistics after a bulk load, so PostgreSQL plans with the indexes.
    if app.db.get_database_backend() == sea_orm::DbBackend::Postgres {
        app.db.execute_unprepared("ANALYZE").await?;
    }
    Ok(summary)
}

fn new_person(p: &Person) -> NewPerson {
    NewPerson {
        surname: p.surname.clone(),
        name: p.name.clone(),
        patronymic: Some(p.patronymic.clone()),
        birth_date: Some(p.birth),
        email: p.email.clone(),
        phone: p.phone.clone(),
    }
}

fn grant_row(
    account_id: i64,
    org_id: i64,
    role: Role,
    scope: Scope,
    at: chrono::DateTime<chrono::Utc>,
) -> role_grant::ActiveModel {
    let grant = Grant {
        org_id,
        role,
        scope,
    };
    role_grant::ActiveModel {
        org_id: Set(grant.org_id),
        account_id: Set(account_id),
        role: Set(grant.role.code().to_string()),
        scope_kind: Set(grant.scope.kind().code().to_string()),
        scope_id: Set(grant.scope.id()),
        granted_by: Set(None),
        created_at: Set(at),
        ..Default::default()
    }
}

const CHUNK: usize = 500;

/// Inserts rows whose ids nobody needs, a few hundred a statement.
async fn insert_chunked<E, A>(db: &impl ConnectionTrait, rows: Vec<A>) -> Result<()>
where
    E: EntityTrait,
    A: sea_orm::ActiveModelTrait<Entity = E>,
    E::Model: sea_orm::IntoActiveModel<A>,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(CHUNK).collect();
        E::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(())
}

/// «обучающийся» or «обучающаяся».
fn student_word(p: &Person) -> &'static str {
    if p.female {
        "обучающаяся"
    } else {
        "обучающийся"
    }
}

fn lower(position: &str) -> String {
    position.to_lowercase()
}

async fn write(
    db: &impl ConnectionTrait,
    plan: &Plan,
    hash: &str,
    seed: u64,
    clock: &crate::Clock,
) -> Result<DemoSummary> {
    use store::orgs::{KIND_COLLEGE, KIND_REGION};

    let (at, today, zone) = (clock.now(), clock.today(), clock.zone());
    let region_id =
        store::orgs::insert(db, KIND_REGION, REGION_NAME, REGION_SHORT_NAME, None, at).await?;
    let college = store::orgs::insert(
        db,
        KIND_COLLEGE,
        COLLEGE_NAME,
        COLLEGE_SHORT_NAME,
        Some(region_id),
        at,
    )
    .await?;

    let mut specialty_ids = Vec::new();
    for s in &plan::SPECIALTIES {
        specialty_ids.push(
            store::specialties::insert(db, college, s.code, s.name)
                .await?
                .id,
        );
    }

    let mut rooms = Vec::new();
    for b in &plan::BUILDINGS {
        let building = store::buildings::insert(db, college, b.name, Some(b.address)).await?;
        for &(number, capacity, kind) in b.rooms {
            rooms.push(room::ActiveModel {
                org_id: Set(college),
                building_id: Set(building.id),
                number: Set(number.to_string()),
                capacity: Set(capacity),
                kind: Set(kind.to_string()),
                ..Default::default()
            });
        }
    }
    insert_chunked(db, rooms).await?;

    let mut grants = Vec::new();
    let mut logins: Vec<DemoLogin> = Vec::new();

    // The region's operator.
    let op = &plan.region_operator;
    let person = store::people::insert(db, region_id, new_person(op), at).await?;
    let account = store::accounts::insert(db, person.id, "region", hash, at).await?;
    grants.push(grant_row(
        account.id,
        region_id,
        Role::RegionAdmin,
        Scope::College,
        at,
    ));
    logins.push(DemoLogin {
        login: "region",
        who: format!("оператор министерства образования {}", op.short()),
    });

    // Staff.
    let mut staff_person_ids = Vec::with_capacity(plan.staff.len());
    let mut staff_accounts = Vec::with_capacity(plan.staff.len());
    for s in &plan.staff {
        let person = store::people::insert(db, college, new_person(&s.person), at).await?;
        store::staff::insert(db, college, person.id, s.position).await?;
        let account = store::accounts::insert(db, person.id, &s.login, hash, at).await?;
        grants.push(grant_row(account.id, college, s.role, Scope::College, at));
        staff_person_ids.push(person.id);
        staff_accounts.push(account.id);
    }

    // Groups with their curators, students and parents.
    let mut members = Vec::new();
    let mut links = Vec::new();
    let mut parent_ids: Vec<i64> = Vec::with_capacity(plan.parents.len());
    let mut student_ids: Vec<i64> = Vec::with_capacity(plan.students.len());
    let mut group_ids = Vec::with_capacity(plan.groups.len());
    let mut subgroup_ids: Vec<Vec<i64>> = Vec::with_capacity(plan.groups.len());
    for g in &plan.groups {
        let group = store::groups::insert(
            db,
            college,
            NewGroup {
                specialty_id: specialty_ids[g.specialty],
                name: g.name.clone(),
                study_form: g.form.code().to_string(),
                intake_year: g.intake,
                curator_person_id: Some(staff_person_ids[g.curator]),
            },
        )
        .await?;
        group_ids.push(group.id);
        grants.push(grant_row(
            staff_accounts[g.curator],
            college,
            Role::Curator,
            Scope::Group(group.id),
            at,
        ));
        let mut subgroups = Vec::new();
        if g.form == domain::reference::StudyForm::FullTime {
            for name in ["1 подгруппа", "2 подгруппа"] {
                subgroups.push(
                    store::groups::insert_subgroup(db, college, group.id, name)
                        .await?
                        .id,
                );
            }
        }
        subgroup_ids.push(subgroups.clone());
        for &si in &g.students {
            let s = &plan.students[si];
            let person = store::people::insert(db, college, new_person(&s.person), at).await?;
            let login = format!("student{}", si + 1);
            let account = store::accounts::insert(db, person.id, &login, hash, at).await?;
            grants.push(grant_row(
                account.id,
                college,
                Role::Student,
                Scope::College,
                at,
            ));
            members.push(group_student::ActiveModel {
                org_id: Set(college),
                group_id: Set(group.id),
                person_id: Set(person.id),
                subgroup_id: Set(s.subgroup.and_then(|k| subgroups.get(k).copied())),
                ..Default::default()
            });
            student_ids.push(person.id);
            for &(pi, relation) in &s.parents {
                if pi == parent_ids.len() {
                    let parent = &plan.parents[pi];
                    let row =
                        store::people::insert(db, college, new_person(&parent.person), at).await?;
                    let login = format!("parent{}", pi + 1);
                    let account = store::accounts::insert(db, row.id, &login, hash, at).await?;
                    grants.push(grant_row(
                        account.id,
                        college,
                        Role::Parent,
                        Scope::College,
                        at,
                    ));
                    parent_ids.push(row.id);
                }
                links.push(parent_link::ActiveModel {
                    org_id: Set(college),
                    parent_person_id: Set(parent_ids[pi]),
                    child_person_id: Set(person.id),
                    relation: Set(relation.to_string()),
                    ..Default::default()
                });
            }
        }
    }

    // The first student's grandmother, trusted by the first parent.
    let d = &plan.delegate;
    let delegate = store::people::insert(db, college, new_person(&d.person), at).await?;
    let account = store::accounts::insert(db, delegate.id, "delegate1", hash, at).await?;
    grants.push(grant_row(
        account.id,
        college,
        Role::Delegate,
        Scope::College,
        at,
    ));
    store::parents::delegate(
        db,
        college,
        parent_ids[d.parent],
        delegate.id,
        student_ids[d.child],
        d.valid_until,
        at,
    )
    .await?;

    insert_chunked(db, members).await?;
    insert_chunked(db, links).await?;
    insert_chunked(db, grants).await?;
    let room_ids: Vec<i64> = room::Entity::find()
        .select_only()
        .column(room::Column::Id)
        .filter(room::Column::OrgId.eq(college))
        .order_by_asc(room::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let sem = semester::build(plan, seed, semester::filled_until(today));
    let ids = semester::Ids {
        staff_persons: &staff_person_ids,
        staff_accounts: &staff_accounts,
        groups: &group_ids,
        subgroups: &subgroup_ids,
        students: &student_ids,
        rooms: &room_ids,
    };
    let written = semester::write(db, college, &sem, &ids, zone).await?;
    // The rest of the school year: calendar, bells, curricula, load, timetable.
    let school_year = year::build(plan, &sem);
    let year_written = year::write(
        db,
        college,
        plan,
        &sem,
        &school_year,
        &year::Ids {
            semester: &ids,
            subjects: &written.subject_ids,
            specialties: &specialty_ids,
        },
    )
    .await?;

    // One login a role, for printing on start.
    let staff_login = |login: &'static str| -> Option<DemoLogin> {
        let s = plan.staff.iter().find(|s| s.login == login)?;
        let who = match s.curates {
            Some(g) => format!(
                "преподаватель, куратор группы {} {}",
                plan.groups[g].name,
                s.person.short()
            ),
            None => format!("{} {}", lower(s.position), s.person.short()),
        };
        Some(DemoLogin { login, who })
    };
    for login in [
        "director",
        "deputy",
        "admin",
        "dispatcher",
        "officer",
        "teacher1",
        "curator1",
        "extra1",
        "zaoch",
    ] {
        logins.extend(staff_login(login));
    }
    if let Some(s) = plan.students.first() {
        logins.push(DemoLogin {
            login: "student1",
            who: format!(
                "{} группы {} {}",
                student_word(&s.person),
                plan.groups[s.group].name,
                s.person.short()
            ),
        });
    }
    if let Some(p) = plan.parents.first() {
        let child = &plan.students[p.first_child];
        logins.push(DemoLogin {
            login: "parent1",
            who: format!(
                "родитель {} ({} {}, {})",
                p.person.short(),
                p.relation,
                short_genitive(&child.person),
                plan.groups[child.group].name
            ),
        });
    }
    let child = &plan.students[d.child];
    logins.push(DemoLogin {
        login: "delegate1",
        who: format!(
            "доверенное лицо {} ({} {}, до {})",
            d.person.short(),
            d.relation,
            short_genitive(&child.person),
            d.valid_until.format("%d.%m.%Y")
        ),
    });

    Ok(DemoSummary {
        region_id,
        college_id: college,
        college_name: COLLEGE_NAME.to_string(),
        students: plan.students.len(),
        parents: plan.parents.len(),
        teachers: plan
            .staff
            .iter()
            .filter(|s| s.role == Role::Teacher)
            .count(),
        groups: plan.groups.len(),
        subjects: written.subjects,
        lessons: written.lessons,
        marks: written.marks,
        absences: written.absences,
        recorded_until: sem.filled_until,
        periods: year_written.periods,
        curricula: year_written.curricula,
        load_rows: year_written.loads,
        timetable_slots: year_written.slots,
        second_semester_lessons: year_written.lessons,
        logins,
    })
}

/// A child's short name after «мать»: «Иванова И. И.» for a boy Иванов,
/// «Ивановой И. И.» for a girl; surnames that do not decline stay as they are.
fn short_genitive(p: &Person) -> String {
    let s = p.surname.as_str();
    let surname = if p.female {
        if let Some(stem) = s.strip_suffix("ая") {
            format!("{stem}ой")
        } else if ["ова", "ева", "ёва", "ина", "ына"]
            .iter()
            .any(|e| s.ends_with(e))
        {
            format!("{}й", s.trim_end_matches('а'))
        } else {
            s.to_string()
        }
    } else if let Some(stem) = s.strip_suffix("ий") {
        format!("{stem}ого")
    } else if let Some(stem) = s.strip_suffix("ой") {
        format!("{stem}ого")
    } else if ["ов", "ев", "ёв", "ин", "ын", "ук", "им"]
        .iter()
        .any(|e| s.ends_with(e))
    {
        format!("{s}а")
    } else {
        s.to_string()
    };
    FullName {
        surname,
        name: p.name.clone(),
        patronymic: Some(p.patronymic.clone()),
    }
    .short()
}

/// The demo logins and who they are, for the login page when the demo was
/// loaded by an earlier start (the same order as [`DemoSummary::logins`]).
pub const LOGIN_ROLES: [(&str, &str); 13] = [
    ("region", "оператор региона"),
    ("director", "директор"),
    ("deputy", "заместитель директора"),
    ("admin", "администратор ЭЖ"),
    ("dispatcher", "диспетчер"),
    ("officer", "ответственный за безопасность"),
    ("teacher1", "преподаватель"),
    ("curator1", "преподаватель и куратор группы"),
    ("extra1", "педагог доп. образования"),
    ("zaoch", "заведующий заочным отделением"),
    ("student1", "обучающийся"),
    ("parent1", "родитель"),
    ("delegate1", "доверенное лицо"),
];

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use chrono::NaiveDate;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    use store::entity::{
        account, delegation, group_student, journal_entry, lesson, mark, parent_link, person,
        role_grant, staff, study_group,
    };

    use super::*;

    async fn fresh_app(dir: &tempfile::TempDir, file: &str) -> App {
        let url = format!("sqlite://{}", dir.path().join(file).display());
        let db = store::db::connect(&url).await.expect("connect");
        store::migration::run(&db).await.expect("migrate");
        App::new(db, tests_clock())
    }

    async fn login(app: &App, login: &str) -> account::Model {
        store::accounts::by_login(&app.db, login)
            .await
            .expect("query")
            .unwrap_or_else(|| panic!("no account {login}"))
    }

    async fn people_names(app: &App) -> Vec<(String, String, Option<String>)> {
        person::Entity::find()
            .order_by_asc(person::Column::Id)
            .all(&app.db)
            .await
            .expect("people")
            .into_iter()
            .map(|p| (p.surname, p.name, p.patronymic))
            .collect()
    }

    type LessonRow = (
        NaiveDate,
        i32,
        i64,
        Option<i64>,
        i64,
        Option<i64>,
        String,
        String,
    );

    /// Lessons, marks (date, pair, student, value, kind) and attendance, in order.
    async fn semester_rows(
        app: &App,
    ) -> (
        Vec<LessonRow>,
        Vec<(NaiveDate, i32, i64, String, i64)>,
        Vec<(i64, i64, Option<String>, Option<String>)>,
    ) {
        let lessons = lesson::Entity::find()
            .order_by_asc(lesson::Column::Id)
            .all(&app.db)
            .await
            .expect("lessons");
        let at: HashMap<i64, (NaiveDate, i32)> = lessons
            .iter()
            .map(|l| (l.id, (l.date, l.pair_no)))
            .collect();
        let marks = mark::Entity::find()
            .order_by_asc(mark::Column::Id)
            .all(&app.db)
            .await
            .expect("marks")
            .into_iter()
            .map(|m| {
                let (date, pair) = at[&m.lesson_id];
                (date, pair, m.student_person_id, m.value, m.work_kind_id)
            })
            .collect();
        let entries = journal_entry::Entity::find()
            .order_by_asc(journal_entry::Column::Id)
            .all(&app.db)
            .await
            .expect("entries")
            .into_iter()
            .map(|e| (e.lesson_id, e.student_person_id, e.attendance, e.reason))
            .collect();
        let lessons = lessons
            .into_iter()
            .map(|l| {
                (
                    l.date,
                    l.pair_no,
                    l.group_id,
                    l.subgroup_id,
                    l.teacher_person_id,
                    l.room_id,
                    l.topic,
                    l.homework,
                )
            })
            .collect();
        (lessons, marks, entries)
    }

    #[test]
    fn plan_is_deterministic_and_sane() {
        let a = plan::build(DEFAULT_SEED);
        let b = plan::build(DEFAULT_SEED);
        let c = plan::build(DEFAULT_SEED + 1);
        let key = |p: &plan::Plan| -> Vec<String> {
            p.students
                .iter()
                .map(|s| s.person.full_name().full())
                .chain(p.parents.iter().map(|s| s.person.full_name().full()))
                .collect()
        };
        assert_eq!(key(&a), key(&b));
        assert_ne!(key(&a), key(&c));
        // Parents' surnames agree with the children's.
        for s in &a.students {
            for &(pi, relation) in &s.parents {
                let p = &a.parents[pi].person;
                if relation == plan::FATHER {
                    let expected = if s.person.female {
                        names::feminine(&p.surname)
                    } else {
                        p.surname.clone()
                    };
                    assert_eq!(s.person.surname, expected);
                    assert!(!p.female);
                }
                if relation == plan::MOTHER {
                    assert!(p.female);
                }
                assert!(p.birth < s.person.birth);
            }
        }
        // Full-time students are 15–19 this year, part-time ones adults.
        for s in &a.students {
            let g = &a.groups[s.group];
            let age = 2026 - chrono::Datelike::year(&s.person.birth);
            if g.form == domain::reference::StudyForm::FullTime {
                let entry = g.intake - chrono::Datelike::year(&s.person.birth);
                assert!((15..=17).contains(&entry), "{age}");
            } else {
                assert!(age >= 19, "{age}");
            }
        }
    }

    #[tokio::test]
    async fn loads_a_college() {
        let dir = tempfile::tempdir().expect("temp dir");
        let app = fresh_app(&dir, "a.db").await;
        assert!(is_empty(&app).await.expect("is_empty"));
        let summary = load(&app, DEFAULT_SEED).await.expect("load");
        assert!(!is_empty(&app).await.expect("is_empty"));
        let college = summary.college_id;

        let order: Vec<&str> = summary.logins.iter().map(|l| l.login).collect();
        assert_eq!(
            order,
            [
                "region",
                "director",
                "deputy",
                "admin",
                "dispatcher",
                "officer",
                "teacher1",
                "curator1",
                "extra1",
                "zaoch",
                "student1",
                "parent1",
                "delegate1"
            ]
        );

        // Students and their parents.
        let members = group_student::Entity::find()
            .filter(group_student::Column::OrgId.eq(college))
            .all(&app.db)
            .await
            .expect("members");
        assert!(members.len() >= 300, "{} students", members.len());
        assert_eq!(members.len(), summary.students);
        let links = parent_link::Entity::find()
            .filter(parent_link::Column::OrgId.eq(college))
            .all(&app.db)
            .await
            .expect("links");
        let mut parents_of: HashMap<i64, Vec<i64>> = HashMap::new();
        for l in &links {
            parents_of
                .entry(l.child_person_id)
                .or_default()
                .push(l.parent_person_id);
        }
        for m in &members {
            let n = parents_of.get(&m.person_id).map_or(0, Vec::len);
            assert!(
                (1..=2).contains(&n),
                "student {} has {n} parents",
                m.person_id
            );
        }

        // Grants: exactly the role's, and enough teachers.
        let grants = role_grant::Entity::find()
            .all(&app.db)
            .await
            .expect("grants");
        let accounts = account::Entity::find()
            .all(&app.db)
            .await
            .expect("accounts");
        let mut roles: HashMap<i64, Vec<&str>> = HashMap::new();
        for g in &grants {
            roles.entry(g.account_id).or_default().push(&g.role);
        }
        let teachers = grants.iter().filter(|g| g.role == "teacher").count();
        assert!(teachers >= 40, "{teachers} teachers");
        assert_eq!(teachers, summary.teachers);
        for a in &accounts {
            let mut have = roles.get(&a.id).cloned().unwrap_or_default();
            have.sort_unstable();
            let prefix = a.login.trim_end_matches(|c: char| c.is_ascii_digit());
            let want: Vec<&str> = match prefix {
                "region" => vec!["region_admin"],
                "director" => vec!["director"],
                "deputy" => vec!["deputy"],
                "admin" => vec!["admin"],
                "dispatcher" => vec!["dispatcher"],
                "officer" => vec!["officer"],
                "teacher" => vec!["teacher"],
                "curator" => vec!["curator", "teacher"],
                "extra" => vec!["extra_teacher"],
                "zaoch" => vec!["part_time_head"],
                "student" => vec!["student"],
                "parent" => vec!["parent"],
                "delegate" => vec!["delegate"],
                other => panic!("unexpected login {other}"),
            };
            assert_eq!(have, want, "{}", a.login);
        }
        let region_grant = grants
            .iter()
            .find(|g| g.role == "region_admin")
            .expect("region grant");
        assert_eq!(region_grant.org_id, summary.region_id);
        let staff_rows = staff::Entity::find()
            .filter(staff::Column::OrgId.eq(college))
            .all(&app.db)
            .await
            .expect("staff");
        assert!(staff_rows.len() >= 53);

        // Groups and curators.
        let groups = study_group::Entity::find()
            .filter(study_group::Column::OrgId.eq(college))
            .order_by_asc(study_group::Column::Id)
            .all(&app.db)
            .await
            .expect("groups");
        assert!(groups.len() >= 12);
        assert_eq!(groups.len(), summary.groups);
        assert!(groups.iter().any(|g| g.study_form == "part_time"));
        let account_of: HashMap<i64, i64> = accounts.iter().map(|a| (a.person_id, a.id)).collect();
        for g in &groups {
            let curator = g.curator_person_id.expect("a curator");
            let acc = account_of[&curator];
            assert!(
                grants.iter().any(|r| r.account_id == acc
                    && r.role == "curator"
                    && r.scope_kind == "group"
                    && r.scope_id == g.id),
                "{} has no curator grant",
                g.name
            );
            let size = members.iter().filter(|m| m.group_id == g.id).count();
            assert!((18..=26).contains(&size), "{} has {size}", g.name);
            if g.study_form == "full_time" {
                let subgroups: HashSet<Option<i64>> = members
                    .iter()
                    .filter(|m| m.group_id == g.id)
                    .map(|m| m.subgroup_id)
                    .collect();
                assert_eq!(subgroups.len(), 2);
                assert!(!subgroups.contains(&None));
            }
        }

        // student1 is in curator1's group, the first full-time group.
        let curator1 = login(&app, "curator1").await;
        let student1 = login(&app, "student1").await;
        let student2 = login(&app, "student2").await;
        let first = &groups[0];
        assert_eq!(first.study_form, "full_time");
        assert_eq!(first.curator_person_id, Some(curator1.person_id));
        let group_of = |p: i64| {
            members
                .iter()
                .find(|m| m.person_id == p)
                .map(|m| m.group_id)
        };
        assert_eq!(group_of(student1.person_id), Some(first.id));
        assert_eq!(group_of(student2.person_id), Some(first.id));

        // parent1 is student1's and not student2's.
        let parent1 = login(&app, "parent1").await;
        assert!(parents_of[&student1.person_id].contains(&parent1.person_id));
        assert!(!parents_of[&student2.person_id].contains(&parent1.person_id));

        // delegate1 holds parent1's delegation for student1.
        let delegate1 = login(&app, "delegate1").await;
        let delegations = store::parents::active_for_delegate(
            &app.db,
            delegate1.person_id,
            NaiveDate::from_ymd_opt(2026, 11, 28).expect("date"),
        )
        .await
        .expect("delegations");
        assert_eq!(delegations.len(), 1);
        let d: &delegation::Model = &delegations[0];
        assert_eq!(d.parent_person_id, parent1.person_id);
        assert_eq!(d.child_person_id, student1.person_id);
        assert_eq!(
            d.valid_until,
            NaiveDate::from_ymd_opt(2027, 6, 30).expect("date")
        );

        // The password works.
        assert!(
            password::verify(DEMO_PASSWORD.into(), student1.password_hash.clone())
                .await
                .expect("verify")
        );

        // The same seed gives the same people in a second database.
        let other = fresh_app(&dir, "b.db").await;
        load(&other, DEFAULT_SEED).await.expect("second load");
        let (a, b) = (people_names(&app).await, people_names(&other).await);
        assert!(a.len() >= 50);
        assert_eq!(a[..50], b[..50]);
        assert_eq!(a, b);
        // And the same semester: lessons, marks and absences.
        let (a, b) = (semester_rows(&app).await, semester_rows(&other).await);
        assert!(a.0.len() > 5000 && a.1.len() > 10000 && a.2.len() > 2000);
        assert_eq!(a, b);
    }
}
