//! The region as rows: every college generated from the seed alone, with
//! its ids assigned here (the database is fresh), so nothing is read back
//! and the same seed gives the same rows in the same order.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday};
use domain::{Grant, Role, Scope};

use super::super::catalog::{self, Dept, Need, SUBJECTS};
use super::super::names::{self, era_of, MEN, MID, SURNAMES, WOMEN, YOUNG};
use super::super::plan::{ymd, Rng, FATHER, MOTHER, SPECIALTIES};
use super::bulk::{Sink, T};

/// How big a region to make.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub colleges: usize,
    /// At most this many groups a college (the full size has about 40).
    pub max_groups: usize,
    /// Marks and absences are recorded for lessons up to this day; the
    /// lessons themselves cover the whole school year.
    pub recorded_until: NaiveDate,
}

pub const FIRST_DAY: (i32, u32, u32) = (2026, 9, 1);
pub const LAST_DAY: (i32, u32, u32) = (2027, 6, 30);

impl Size {
    /// 60 colleges of about 1,000 students, the whole year recorded.
    pub fn region() -> Self {
        Size {
            colleges: 60,
            max_groups: usize::MAX,
            recorded_until: ymd(LAST_DAY.0, LAST_DAY.1, LAST_DAY.2),
        }
    }
}

/// The first id of every table's rows (one more than what it holds).
#[derive(Debug, Clone, Copy, Default)]
pub struct Next {
    pub ids: [i64; T::COUNT],
}

impl Next {
    fn take(&mut self, t: T) -> i64 {
        let id = self.ids[t as usize];
        self.ids[t as usize] += 1;
        id
    }
}

/// Counts of what one college (or the whole region) holds.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub colleges: usize,
    pub staff: usize,
    pub teachers: usize,
    pub students: usize,
    pub parents: usize,
    pub groups: usize,
    pub lessons: usize,
    pub entries: usize,
    pub marks: usize,
    pub absences: usize,
}

impl Counts {
    pub fn add(&mut self, o: &Counts) {
        self.colleges += o.colleges;
        self.staff += o.staff;
        self.teachers += o.teachers;
        self.students += o.students;
        self.parents += o.parents;
        self.groups += o.groups;
        self.lessons += o.lessons;
        self.entries += o.entries;
        self.marks += o.marks;
        self.absences += o.absences;
    }
}

/// College names: a town's adjective and a profile.
const TOWNS: [&str; 20] = [
    "Пермский",
    "Березниковский",
    "Соликамский",
    "Чайковский",
    "Кунгурский",
    "Лысьвенский",
    "Краснокамский",
    "Чусовской",
    "Добрянский",
    "Губахинский",
    "Кудымкарский",
    "Верещагинский",
    "Осинский",
    "Нытвенский",
    "Очёрский",
    "Кизеловский",
    "Александровский",
    "Горнозаводский",
    "Красновишерский",
    "Чернушинский",
];
const PROFILES: [(&str, &str); 3] = [
    ("политехнический техникум", "ПТ"),
    ("горно-химический колледж", "ГХК"),
    ("индустриальный техникум", "ИТ"),
];

pub fn college_name(c: usize) -> (String, String) {
    let town = TOWNS[c % TOWNS.len()];
    let (profile, abbr) = PROFILES[(c / TOWNS.len()) % PROFILES.len()];
    let initial: String = town.chars().take(1).collect();
    (
        format!("ГБПОУ «{town} {profile}»"),
        format!("{initial}{abbr}-{}", c + 1),
    )
}

/// A login of the region: `c07-student12`, `c07-director`.
pub fn login(college: usize, what: &str, n: usize) -> String {
    if n == 0 {
        format!("c{:02}-{what}", college + 1)
    } else {
        format!("c{:02}-{what}{n}", college + 1)
    }
}

/// When the demo data was "entered": a fixed moment, so rows repeat exactly.
fn created() -> DateTime<Utc> {
    ymd(2026, 8, 25)
        .and_hms_opt(9, 0, 0)
        .unwrap_or_default()
        .and_utc()
}

/// The school days of the year: Monday to Friday without the holidays.
pub fn school_days() -> Vec<NaiveDate> {
    let first = ymd(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2);
    let last = ymd(LAST_DAY.0, LAST_DAY.1, LAST_DAY.2);
    let holidays = [
        ymd(2026, 11, 4),
        ymd(2027, 2, 23),
        ymd(2027, 3, 8),
        ymd(2027, 5, 3),
        ymd(2027, 5, 10),
        ymd(2027, 5, 11),
        ymd(2027, 6, 14),
    ];
    let winter = (ymd(2026, 12, 29), ymd(2027, 1, 11));
    let mut out = Vec::new();
    let mut d = first;
    while d <= last {
        let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        let in_winter = winter.0 <= d && d <= winter.1;
        if !weekend && !in_winter && !holidays.contains(&d) {
            out.push(d);
        }
        d += TimeDelta::days(1);
    }
    out
}

pub const BELLS: [(&str, &str); 4] = [
    ("08:30", "10:00"),
    ("10:10", "11:40"),
    ("12:20", "13:50"),
    ("14:00", "15:30"),
];

/// The moment a lesson's cells were saved: its end, local time (UTC+5).
fn saved_at(day: NaiveDate, ends: &str) -> DateTime<Utc> {
    let t = NaiveTime::parse_from_str(ends, "%H:%M").unwrap_or_default();
    (day.and_time(t) - TimeDelta::hours(5)).and_utc()
}

const STAFF: [(&str, Role, &str); 6] = [
    ("director", Role::Director, "Директор"),
    (
        "deputy",
        Role::Deputy,
        "Заместитель директора по учебной работе",
    ),
    ("deputy2", Role::Deputy, "Заместитель директора по УПР"),
    ("admin", Role::Admin, "Администратор электронного журнала"),
    ("dispatcher", Role::Dispatcher, "Диспетчер учебной части"),
    ("officer", Role::Officer, "Ответственный за безопасность"),
];

const ROOMS: [(&str, usize, i32); 6] = [
    ("classroom", 24, 30),
    ("lecture", 3, 60),
    ("computer", 4, 15),
    ("laboratory", 4, 15),
    ("gym", 2, 60),
    ("workshop", 4, 15),
];

fn room_kind_of(need: Need) -> &'static str {
    match need {
        Need::Class => "classroom",
        Need::Gym => "gym",
        Need::Computer => "computer",
        Need::Lab => "laboratory",
        Need::Workshop => "workshop",
    }
}

/// A student's habits: how well they study and how often they miss.
#[derive(Clone, Copy)]
struct Habits {
    /// Chances of 5, 4, 3 (the rest is 2), in per mille.
    marks: [u64; 3],
    /// Chance to miss a lesson, in per mille.
    absent: u64,
    /// Share of the absences without a valid reason, in percent.
    invalid: u64,
}

fn habits(rng: &mut Rng) -> Habits {
    let marks = match rng.below(100) {
        0..=14 => [700, 250, 45],
        15..=59 => [350, 450, 180],
        60..=89 => [150, 400, 380],
        _ => [50, 250, 500],
    };
    let (absent, invalid) = match rng.below(100) {
        0..=69 => (rng.range(15, 50) as u64, 20),
        70..=89 => (rng.range(60, 120) as u64, 40),
        90..=97 => (rng.range(180, 300) as u64, 60),
        _ => (rng.range(350, 500) as u64, 80),
    };
    Habits {
        marks,
        absent,
        invalid,
    }
}

fn mark_value(rng: &mut Rng, h: &Habits, pass_fail: bool) -> &'static str {
    if pass_fail {
        return if rng.below(100) < 96 { "pass" } else { "fail" };
    }
    let r = rng.below(1000);
    if r < h.marks[0] {
        "5"
    } else if r < h.marks[0] + h.marks[1] {
        "4"
    } else if r < h.marks[0] + h.marks[1] + h.marks[2] {
        "3"
    } else {
        "2"
    }
}

struct PersonRow {
    surname: String,
    name: String,
    patronymic: String,
    birth: NaiveDate,
    email: Option<String>,
    phone: Option<String>,
}

fn pick_name(rng: &mut Rng, female: bool, era: u8) -> String {
    loop {
        if female {
            let (n, eras) = WOMEN[rng.index(WOMEN.len())];
            if eras & era != 0 {
                return n.to_string();
            }
        } else {
            let m = &MEN[rng.index(MEN.len())];
            if m.eras & era != 0 {
                return m.name.to_string();
            }
        }
    }
}

fn patronymic(rng: &mut Rng, female: bool) -> String {
    let m = &MEN[rng.index(MEN.len())];
    if female {
        m.daughter.to_string()
    } else {
        m.son.to_string()
    }
}

fn surname_for(base: &str, female: bool) -> String {
    if female {
        names::feminine(base)
    } else {
        base.to_string()
    }
}

fn phone(rng: &mut Rng) -> String {
    format!(
        "+7 9{:02} {:03}-{:02}-{:02}",
        rng.below(100),
        rng.below(1000),
        rng.below(100),
        rng.below(100)
    )
}

/// Writes the people, accounts, consents and the grant of one person.
struct Accounts<'a> {
    org: i64,
    hash: &'a str,
}

impl Accounts<'_> {
    /// Returns (person id, account id).
    fn person(
        &self,
        sink: &mut dyn Sink,
        next: &mut Next,
        p: PersonRow,
        login: String,
        grants: &[(i64, Role, Scope)],
    ) -> (i64, i64) {
        let id = next.take(T::People);
        let key = domain::names::search_key(&[&p.surname, &p.name, &p.patronymic]);
        sink.row(
            T::People,
            vec![
                id.into(),
                self.org.into(),
                p.surname.into(),
                p.name.into(),
                Some(p.patronymic).into(),
                Some(p.birth).into(),
                p.email.into(),
                p.phone.into(),
                key.into(),
                created().into(),
            ],
        );
        let account = next.take(T::Accounts);
        sink.row(
            T::Accounts,
            vec![
                account.into(),
                id.into(),
                login.into(),
                self.hash.to_string().into(),
                true.into(),
                created().into(),
                created().into(),
            ],
        );
        sink.row(
            T::Consents,
            vec![
                next.take(T::Consents).into(),
                account.into(),
                crate::TERMS_VERSION.into(),
                created().into(),
                Option::<String>::None.into(),
            ],
        );
        for &(org, role, scope) in grants {
            grant(
                sink,
                next,
                account,
                Grant {
                    org_id: org,
                    role,
                    scope,
                },
            );
        }
        (id, account)
    }
}

fn grant(sink: &mut dyn Sink, next: &mut Next, account: i64, g: Grant) {
    sink.row(
        T::Grants,
        vec![
            next.take(T::Grants).into(),
            g.org_id.into(),
            account.into(),
            g.role.code().into(),
            g.scope.kind().code().into(),
            g.scope.id().into(),
            Option::<i64>::None.into(),
            created().into(),
        ],
    );
}

/// The region's organization and its operator (login `region`).
pub fn region(sink: &mut dyn Sink, next: &mut Next, hash: &str) -> i64 {
    let org = next.take(T::Orgs);
    sink.row(
        T::Orgs,
        vec![
            org.into(),
            Option::<i64>::None.into(),
            store::orgs::KIND_REGION.into(),
            super::super::REGION_NAME.into(),
            super::super::REGION_SHORT_NAME.into(),
            created().into(),
        ],
    );
    let a = Accounts { org, hash };
    a.person(
        sink,
        next,
        PersonRow {
            surname: "Кузнецова".into(),
            name: "Ольга".into(),
            patronymic: "Петровна".into(),
            birth: ymd(1978, 4, 12),
            email: Some("kuznetsova.op@minobr.example.ru".into()),
            phone: None,
        },
        "region".into(),
        &[(org, Role::RegionAdmin, Scope::College)],
    );
    sink.flush_all();
    org
}

struct Teacher {
    person: i64,
    account: i64,
    dept: Dept,
    load: usize,
}

/// A weekly pair of a group: a subject, whole group or split in two.
#[derive(Clone, Copy)]
struct Pair {
    subject: usize,
    split: bool,
}

struct GroupPlan {
    id: i64,
    subgroups: [i64; 2],
    /// (person id, subgroup 0/1, habits)
    students: Vec<(i64, usize, Habits)>,
    /// The week: (weekday 0–4, pair 0–3) → the pair and its teachers.
    week: Vec<(usize, usize, Pair, [usize; 2])>,
}

/// Generates one college: `c` is its index in the region.
#[allow(clippy::too_many_arguments)]
pub fn college(
    sink: &mut dyn Sink,
    next: &mut Next,
    seed: u64,
    c: usize,
    region_id: i64,
    hash: &str,
    size: &Size,
    days: &[NaiveDate],
) -> Counts {
    let mut rng = Rng::new(seed ^ ((c as u64 + 1).wrapping_mul(0x2545_F491_4F6C_DD1D)));
    let mut counts = Counts {
        colleges: 1,
        ..Default::default()
    };
    let org = next.take(T::Orgs);
    let (name, short) = college_name(c);
    sink.row(
        T::Orgs,
        vec![
            org.into(),
            Some(region_id).into(),
            store::orgs::KIND_COLLEGE.into(),
            name.into(),
            short.into(),
            created().into(),
        ],
    );
    sink.row(T::Settings, vec![org.into(), 8i32.into(), 1i32.into()]);
    let mut work_kinds = Vec::new();
    for (i, (name, weight)) in store::subjects::DEFAULT_WORK_KINDS.iter().enumerate() {
        let id = next.take(T::WorkKinds);
        work_kinds.push(id);
        sink.row(
            T::WorkKinds,
            vec![
                id.into(),
                org.into(),
                (*name).into(),
                (*weight).into(),
                (i as i32).into(),
            ],
        );
    }
    let mut specialties = Vec::new();
    for s in &SPECIALTIES {
        let id = next.take(T::Specialties);
        specialties.push(id);
        sink.row(
            T::Specialties,
            vec![id.into(), org.into(), s.code.into(), s.name.into()],
        );
    }
    let building = next.take(T::Buildings);
    sink.row(
        T::Buildings,
        vec![
            building.into(),
            org.into(),
            "Главный корпус".into(),
            Some(format!("ул. Ленина, {}", 10 + c)).into(),
        ],
    );
    let mut rooms: Vec<(&str, Vec<i64>)> = Vec::new();
    let mut number = 100;
    for (kind, n, capacity) in ROOMS {
        let mut ids = Vec::new();
        for _ in 0..n {
            number += 1;
            let id = next.take(T::Rooms);
            ids.push(id);
            sink.row(
                T::Rooms,
                vec![
                    id.into(),
                    org.into(),
                    building.into(),
                    number.to_string().into(),
                    capacity.into(),
                    kind.into(),
                ],
            );
        }
        rooms.push((kind, ids));
    }
    let mut subjects = Vec::new();
    for s in SUBJECTS {
        let id = next.take(T::Subjects);
        subjects.push(id);
        sink.row(
            T::Subjects,
            vec![
                id.into(),
                org.into(),
                s.name.into(),
                s.short_name().into(),
                s.kind.into(),
                s.scale.into(),
                s.room.room_kind().into(),
            ],
        );
    }
    sink.flush_all();

    let accounts = Accounts { org, hash };
    // Administration.
    for (what, role, position) in STAFF {
        let female = rng.chance(60);
        let base = SURNAMES[rng.index(SURNAMES.len())];
        let p = PersonRow {
            surname: surname_for(base, female),
            name: pick_name(&mut rng, female, MID),
            patronymic: patronymic(&mut rng, female),
            birth: rng.date(ymd(1962, 1, 1), ymd(1990, 12, 31)),
            email: None,
            phone: Some(phone(&mut rng)),
        };
        let (person, _) = accounts.person(
            sink,
            next,
            p,
            login(c, what, 0),
            &[(org, role, Scope::College)],
        );
        staff_row(sink, next, org, person, position);
        counts.staff += 1;
    }

    // The groups' weekly pairs first: they say how many teachers each subject area needs.
    struct GroupDraft {
        specialty: usize,
        course: i32,
        name: String,
        pairs: Vec<Pair>,
    }
    let mut drafts = Vec::new();
    'outer: for course in 1..=4 {
        for (si, s) in SPECIALTIES.iter().enumerate() {
            let n = rng.range(2, 3) as usize;
            for k in 0..n {
                if drafts.len() >= size.max_groups {
                    break 'outer;
                }
                let intake = 2027 - course;
                let mut pairs = Vec::new();
                for &(name, per_week, labs) in catalog::curriculum(course, si) {
                    let Some(subject) = catalog::subject_index(name) else {
                        continue;
                    };
                    for i in 0..per_week {
                        pairs.push(Pair {
                            subject,
                            split: i < labs || SUBJECTS[subject].by_subgroups,
                        });
                    }
                }
                pairs.truncate(20);
                drafts.push(GroupDraft {
                    specialty: si,
                    course,
                    name: format!("{}-{}-{}", s.prefix, intake % 100, k + 1),
                    pairs,
                });
            }
        }
    }
    let mut demand: Vec<(Dept, usize)> = Vec::new();
    for d in &drafts {
        for p in &d.pairs {
            let dept = catalog::dept_for(p.subject, d.specialty);
            let n = if p.split { 2 } else { 1 };
            match demand.iter_mut().find(|(x, _)| *x == dept) {
                Some(e) => e.1 += n,
                None => demand.push((dept, n)),
            }
        }
    }
    // About 12 pairs a week a teacher, and at least two teachers a subject area.
    let mut teachers: Vec<Teacher> = Vec::new();
    for &(dept, pairs) in &demand {
        for _ in 0..pairs.div_ceil(12).max(2) {
            let female = rng.chance(70);
            let base = SURNAMES[rng.index(SURNAMES.len())];
            let birth = rng.date(ymd(1960, 1, 1), ymd(2001, 12, 31));
            let p = PersonRow {
                surname: surname_for(base, female),
                name: pick_name(&mut rng, female, era_of(birth.year())),
                patronymic: patronymic(&mut rng, female),
                birth,
                email: None,
                phone: Some(phone(&mut rng)),
            };
            let n = teachers.len() + 1;
            let (person, account) = accounts.person(
                sink,
                next,
                p,
                login(c, "teacher", n),
                &[(org, Role::Teacher, Scope::College)],
            );
            staff_row(sink, next, org, person, "Преподаватель");
            teachers.push(Teacher {
                person,
                account,
                dept,
                load: 0,
            });
            counts.staff += 1;
            counts.teachers += 1;
        }
    }

    // Groups: a curator, two subgroups, students and their parents, the week.
    let mut busy: HashSet<(usize, usize, usize)> = HashSet::new();
    let mut groups: Vec<GroupPlan> = Vec::new();
    let mut student_no = 0;
    let mut parent_no = 0;
    for (gi, d) in drafts.iter().enumerate() {
        let id = next.take(T::Groups);
        let curator = gi % teachers.len().max(1);
        let curator_person = teachers.get(curator).map(|t| t.person);
        sink.row(
            T::Groups,
            vec![
                id.into(),
                org.into(),
                specialties[d.specialty].into(),
                d.name.clone().into(),
                "full_time".into(),
                (2027 - d.course).into(),
                curator_person.into(),
                domain::names::search_key(&[&d.name]).into(),
            ],
        );
        if let Some(t) = teachers.get(curator) {
            grant(
                sink,
                next,
                t.account,
                Grant {
                    org_id: org,
                    role: Role::Curator,
                    scope: Scope::Group(id),
                },
            );
        }
        let mut subgroups = [0; 2];
        for (k, name) in ["1 подгруппа", "2 подгруппа"].iter().enumerate() {
            subgroups[k] = next.take(T::Subgroups);
            sink.row(
                T::Subgroups,
                vec![subgroups[k].into(), org.into(), id.into(), (*name).into()],
            );
        }
        // Teachers of the group's subjects: the least loaded of the area.
        let mut by_subject: Vec<(usize, [usize; 2])> = Vec::new();
        for p in &d.pairs {
            let n = if p.split { 2 } else { 1 };
            let found = by_subject.iter().any(|(s, _)| *s == p.subject);
            if !found {
                let dept = catalog::dept_for(p.subject, d.specialty);
                let mut of_dept: Vec<usize> = (0..teachers.len())
                    .filter(|&t| teachers[t].dept == dept)
                    .collect();
                of_dept.sort_by_key(|&t| (teachers[t].load, t));
                let first = of_dept.first().copied().unwrap_or(0);
                let second = of_dept.get(1).copied().unwrap_or(first);
                by_subject.push((p.subject, [first, second]));
            }
            if let Some((_, t)) = by_subject.iter().find(|(s, _)| *s == p.subject) {
                teachers[t[0]].load += 1;
                if n == 2 {
                    teachers[t[1]].load += 1;
                }
            }
        }
        // The week: first pairs every day first, a teacher in one place at a time.
        let mut todo: Vec<Pair> = d.pairs.clone();
        rng.shuffle(&mut todo);
        let mut week = Vec::new();
        'slots: for pair in 0..4 {
            for day in 0..5 {
                if todo.is_empty() {
                    break 'slots;
                }
                let teachers_of = |p: &Pair| {
                    by_subject
                        .iter()
                        .find(|(s, _)| *s == p.subject)
                        .map(|(_, t)| *t)
                        .unwrap_or([0, 0])
                };
                let free = todo.iter().position(|p| {
                    let t = teachers_of(p);
                    !busy.contains(&(t[0], day, pair))
                        && (!p.split || !busy.contains(&(t[1], day, pair)))
                });
                let p = todo.remove(free.unwrap_or(0));
                let t = teachers_of(&p);
                busy.insert((t[0], day, pair));
                if p.split {
                    busy.insert((t[1], day, pair));
                }
                week.push((day, pair, p, t));
            }
        }
        week.sort_by_key(|&(day, pair, _, _)| (day, pair));

        let size = rng.range(22, 28) as usize;
        let mut students = Vec::with_capacity(size);
        let intake = 2027 - d.course;
        for i in 0..size {
            let female = rng.chance(SPECIALTIES[d.specialty].girls.max(20));
            let base = SURNAMES[rng.index(SURNAMES.len())];
            let birth = rng.date(ymd(intake - 17, 9, 2), ymd(intake - 15, 9, 1));
            let father_name = &MEN[rng.index(MEN.len())];
            student_no += 1;
            let p = PersonRow {
                surname: surname_for(base, female),
                name: pick_name(&mut rng, female, YOUNG),
                patronymic: if female {
                    father_name.daughter.to_string()
                } else {
                    father_name.son.to_string()
                },
                birth,
                email: None,
                phone: rng.chance(60).then(|| phone(&mut rng)),
            };
            let (person, _) = accounts.person(
                sink,
                next,
                p,
                login(c, "student", student_no),
                &[(org, Role::Student, Scope::College)],
            );
            let sub = usize::from(i >= size / 2);
            sink.row(
                T::Members,
                vec![
                    next.take(T::Members).into(),
                    org.into(),
                    id.into(),
                    person.into(),
                    Some(subgroups[sub]).into(),
                ],
            );
            counts.students += 1;
            // Parents: a mother mostly, a father often, at least one.
            let mother = rng.chance(80);
            let father = rng.chance(30) || !mother;
            for (is, relation, female) in [(mother, MOTHER, true), (father, FATHER, false)] {
                if !is {
                    continue;
                }
                parent_no += 1;
                let pbirth = rng.date(ymd(birth.year() - 40, 1, 1), ymd(birth.year() - 20, 12, 31));
                let surname = surname_for(base, female);
                let pname = if female {
                    pick_name(&mut rng, true, MID)
                } else {
                    father_name.name.to_string()
                };
                let email = rng.chance(50).then(|| {
                    format!(
                        "{}.{}{}@mail.example.ru",
                        names::latin(&surname),
                        names::latin_initial(&pname),
                        parent_no
                    )
                });
                let p = PersonRow {
                    surname,
                    name: pname,
                    patronymic: patronymic(&mut rng, female),
                    birth: pbirth,
                    email,
                    phone: Some(phone(&mut rng)),
                };
                let (parent, _) = accounts.person(
                    sink,
                    next,
                    p,
                    login(c, "parent", parent_no),
                    &[(org, Role::Parent, Scope::College)],
                );
                sink.row(
                    T::Links,
                    vec![
                        next.take(T::Links).into(),
                        org.into(),
                        parent.into(),
                        person.into(),
                        relation.into(),
                    ],
                );
                counts.parents += 1;
            }
            students.push((person, sub, habits(&mut rng)));
        }
        groups.push(GroupPlan {
            id,
            subgroups,
            students,
            week,
        });
        counts.groups += 1;
    }
    sink.flush_all();

    // The year's lessons, and what was recorded at them.
    for g in &groups {
        lessons(
            sink,
            next,
            &mut rng,
            org,
            g,
            &teachers,
            &subjects,
            &work_kinds,
            &rooms,
            size,
            days,
            &mut counts,
        );
    }
    sink.flush_all();
    counts
}

fn staff_row(sink: &mut dyn Sink, next: &mut Next, org: i64, person: i64, position: &str) {
    sink.row(
        T::Staff,
        vec![
            next.take(T::Staff).into(),
            org.into(),
            person.into(),
            position.into(),
        ],
    );
}

#[allow(clippy::too_many_arguments)]
fn lessons(
    sink: &mut dyn Sink,
    next: &mut Next,
    rng: &mut Rng,
    org: i64,
    g: &GroupPlan,
    teachers: &[Teacher],
    subjects: &[i64],
    work_kinds: &[i64],
    rooms: &[(&str, Vec<i64>)],
    size: &Size,
    days: &[NaiveDate],
    counts: &mut Counts,
) {
    let room_of = |need: &str, k: usize| -> Option<i64> {
        rooms
            .iter()
            .find(|(kind, _)| *kind == need)
            .and_then(|(_, ids)| ids.get(k % ids.len().max(1)).copied())
    };
    // Lessons so far of each subject, for topics and control works.
    let mut seen: Vec<(usize, usize)> = Vec::new();
    for &day in days {
        let weekday = day.weekday().num_days_from_monday() as usize;
        let mut lectured: Vec<usize> = Vec::new();
        for &(_, pair, p, t) in g.week.iter().filter(|w| w.0 == weekday) {
            let s = &SUBJECTS[p.subject];
            let n = match seen.iter_mut().find(|(x, _)| *x == p.subject) {
                Some(e) => {
                    e.1 += 1;
                    e.1
                }
                None => {
                    seen.push((p.subject, 1));
                    1
                }
            };
            let kind = if p.split {
                if s.by_subgroups {
                    "practical"
                } else {
                    "laboratory"
                }
            } else if s.room == Need::Gym || lectured.contains(&p.subject) {
                "practical"
            } else {
                lectured.push(p.subject);
                "lecture"
            };
            let recorded = day <= size.recorded_until;
            let control = !p.split && n % 8 == 0 && s.kind != "practice";
            let topics = s.topic_list();
            let (topic, homework) = if recorded && !topics.is_empty() {
                let (sec, no, title) = topics[(n - 1) / 2 % topics.len()];
                let topic = if control {
                    format!("Контрольная работа по разделу {sec}")
                } else {
                    format!("Тема {sec}.{no}. {title}")
                };
                let hw = if n % 3 == 0 {
                    String::new()
                } else {
                    format!("Повторить тему {sec}.{no}, ответить на вопросы")
                };
                (topic, hw)
            } else {
                (String::new(), String::new())
            };
            let (starts, ends) = BELLS[pair.min(BELLS.len() - 1)];
            let parts: &[Option<usize>] = if p.split {
                &[Some(0), Some(1)]
            } else {
                &[None]
            };
            for &part in parts {
                let teacher = &teachers[t[part.unwrap_or(0)]];
                let need = if p.split && !s.by_subgroups {
                    "laboratory"
                } else {
                    room_of_need(s.room)
                };
                let room = room_of(need, pair * 7 + weekday + part.unwrap_or(0));
                let lesson = next.take(T::Lessons);
                sink.row(
                    T::Lessons,
                    vec![
                        lesson.into(),
                        org.into(),
                        g.id.into(),
                        part.map(|k| g.subgroups[k]).into(),
                        subjects[p.subject].into(),
                        teacher.person.into(),
                        Option::<i64>::None.into(),
                        room.into(),
                        day.into(),
                        (pair as i32 + 1).into(),
                        starts.into(),
                        ends.into(),
                        kind.into(),
                        topic.clone().into(),
                        homework.clone().into(),
                        false.into(),
                        false.into(),
                    ],
                );
                counts.lessons += 1;
                if !recorded {
                    continue;
                }
                let at = saved_at(day, ends);
                let pass_fail = s.scale == "pass_fail";
                let kind_id = |k: usize| work_kinds.get(k).copied().unwrap_or(0);
                for (student, sub, h) in &g.students {
                    if part.is_some_and(|k| k != *sub) {
                        continue;
                    }
                    let absent = rng.below(1000) < h.absent;
                    let late = !absent && rng.below(1000) < 15;
                    let mut marks: Vec<(&str, i64)> = Vec::new();
                    if !absent {
                        if control {
                            marks.push((mark_value(rng, h, pass_fail), kind_id(6)));
                        } else if rng.below(1000) < 395 {
                            let k = match kind {
                                "laboratory" => 4,
                                "practical" => [3, 0, 1][rng.index(3)],
                                _ => [0, 0, 1, 2, 5][rng.index(5)],
                            };
                            marks.push((mark_value(rng, h, pass_fail), kind_id(k)));
                            if rng.below(100) < 12 {
                                marks.push((mark_value(rng, h, pass_fail), kind_id(1)));
                            }
                        }
                    }
                    if !absent && !late && marks.is_empty() {
                        continue;
                    }
                    let (attendance, reason) = if absent {
                        counts.absences += 1;
                        let reason = if rng.below(100) < h.invalid {
                            "invalid"
                        } else if rng.chance(75) {
                            "illness"
                        } else {
                            "document"
                        };
                        (Some("absent"), Some(reason))
                    } else if late {
                        (Some("late"), None)
                    } else {
                        (None, None)
                    };
                    let entry = next.take(T::Entries);
                    sink.row(
                        T::Entries,
                        vec![
                            entry.into(),
                            org.into(),
                            lesson.into(),
                            (*student).into(),
                            attendance.map(str::to_string).into(),
                            reason.map(str::to_string).into(),
                            Some("teacher".to_string()).into(),
                            1i32.into(),
                            teacher.account.into(),
                            at.into(),
                        ],
                    );
                    counts.entries += 1;
                    for (position, (value, kind)) in marks.into_iter().enumerate() {
                        sink.row(
                            T::Marks,
                            vec![
                                next.take(T::Marks).into(),
                                org.into(),
                                entry.into(),
                                lesson.into(),
                                (*student).into(),
                                value.into(),
                                kind.into(),
                                (position as i32).into(),
                                teacher.account.into(),
                                at.into(),
                            ],
                        );
                        counts.marks += 1;
                    }
                }
            }
        }
    }
}

fn room_of_need(need: Need) -> &'static str {
    room_kind_of(need)
}
