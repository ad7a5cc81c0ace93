//! The demo college as plain data, built from a seed without touching the
//! database: the same seed gives the same people in the same order forever,
//! because the generator below is ours and not a library's.

use std::collections::HashSet;

use chrono::{Datelike, Months, NaiveDate, TimeDelta};
use domain::reference::StudyForm;
use domain::Role;

use super::names::{self, era_of, Male, OLD};

/// SplitMix64: tiny, fast and fixed forever.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when n is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1).max(0) as u64) as i64
    }

    /// True with the given chance in percent.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.index(i + 1);
            items.swap(i, j);
        }
    }

    /// A day in `from..=to`.
    pub fn date(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = (to - from).num_days().max(0);
        from + TimeDelta::days(self.range(0, span))
    }
}

pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn years_before(d: NaiveDate, years: i64) -> NaiveDate {
    d.checked_sub_months(Months::new(12 * years.max(0) as u32))
        .unwrap_or(d)
}

/// A birth date making someone `age` full years old on `on`.
fn born_aged(rng: &mut Rng, age: i64, on: NaiveDate) -> NaiveDate {
    let latest = years_before(on, age);
    let earliest = years_before(on, age + 1) + TimeDelta::days(1);
    rng.date(earliest, latest)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub surname: String,
    pub name: String,
    pub patronymic: String,
    pub female: bool,
    pub birth: NaiveDate,
    pub phone: Option<String>,
    pub email: Option<String>,
}

impl Person {
    pub fn full_name(&self) -> domain::names::FullName {
        domain::names::FullName {
            surname: self.surname.clone(),
            name: self.name.clone(),
            patronymic: Some(self.patronymic.clone()),
        }
    }

    pub fn short(&self) -> String {
        self.full_name().short()
    }
}

pub struct Specialty {
    pub code: &'static str,
    pub name: &'static str,
    pub prefix: &'static str,
    /// Share of girls among students, in percent.
    pub girls: u64,
}

pub const SPECIALTIES: [Specialty; 4] = [
    Specialty {
        code: "21.02.17",
        name: "Подземная разработка месторождений полезных ископаемых",
        prefix: "ПР",
        girls: 6,
    },
    Specialty {
        code: "18.02.12",
        name: "Технология аналитического контроля химических соединений",
        prefix: "ХТ",
        girls: 72,
    },
    Specialty {
        code: "15.02.12",
        name: "Монтаж, техническое обслуживание и ремонт промышленного оборудования (по отраслям)",
        prefix: "МО",
        girls: 5,
    },
    Specialty {
        code: "13.02.11",
        name: "Техническая эксплуатация и обслуживание электрического и электромеханического оборудования (по отраслям)",
        prefix: "ЭО",
        girls: 10,
    },
];

/// Full-time intake years, newest first: 1st course to 4th in 2026/2027.
pub const FULL_TIME_INTAKES: [i32; 4] = [2026, 2025, 2024, 2023];
/// Part-time groups: (specialty index, intake year).
pub const PART_TIME_GROUPS: [(usize, i32); 3] = [(0, 2025), (3, 2024), (2, 2026)];

pub struct Building {
    pub name: &'static str,
    pub address: &'static str,
    /// (number, capacity, room kind code)
    pub rooms: &'static [(&'static str, i32, &'static str)],
}

pub const BUILDINGS: [Building; 3] = [
    Building {
        name: "Главный корпус",
        address: "618400, Пермский край, г. Березники, ул. Горняков, д. 15",
        rooms: &[
            ("101", 30, "classroom"),
            ("102", 30, "classroom"),
            ("103", 60, "lecture"),
            ("104", 28, "classroom"),
            ("105", 60, "gym"),
            ("201", 30, "classroom"),
            ("202", 28, "classroom"),
            ("203", 15, "computer"),
            ("204", 15, "computer"),
            ("205", 25, "classroom"),
            ("206", 50, "lecture"),
            ("207", 30, "classroom"),
            ("214", 26, "classroom"),
            ("301", 30, "classroom"),
            ("302", 30, "classroom"),
            ("303", 16, "computer"),
            ("304", 25, "classroom"),
            ("305", 28, "classroom"),
            ("306", 30, "classroom"),
            ("312", 54, "lecture"),
            ("401", 26, "classroom"),
            ("402", 30, "classroom"),
            ("403", 24, "classroom"),
            ("404", 12, "computer"),
        ],
    },
    Building {
        name: "Учебно-лабораторный корпус",
        address: "618400, Пермский край, г. Березники, ул. Химиков, д. 7",
        rooms: &[
            ("101", 14, "laboratory"),
            ("102", 14, "laboratory"),
            ("103", 12, "laboratory"),
            ("104", 16, "laboratory"),
            ("201", 15, "laboratory"),
            ("202", 15, "laboratory"),
            ("203", 28, "classroom"),
            ("204", 30, "classroom"),
            ("205", 14, "computer"),
            ("301", 12, "laboratory"),
            ("302", 26, "classroom"),
            ("303", 48, "lecture"),
        ],
    },
    Building {
        name: "Корпус учебных мастерских",
        address: "618400, Пермский край, г. Березники, ул. Горняков, д. 15, стр. 2",
        rooms: &[
            ("101", 12, "workshop"),
            ("102", 12, "workshop"),
            ("103", 15, "workshop"),
            ("104", 12, "workshop"),
            ("105", 20, "gym"),
            ("201", 14, "workshop"),
        ],
    },
];

pub struct Staff {
    pub person: Person,
    pub position: &'static str,
    pub role: Role,
    pub login: String,
    /// The group this teacher curates (index into `Plan::groups`).
    pub curates: Option<usize>,
}

pub struct Group {
    pub name: String,
    pub specialty: usize,
    pub form: StudyForm,
    pub intake: i32,
    /// Index into `Plan::staff`.
    pub curator: usize,
    /// Indexes into `Plan::students`, in creation order (alphabetical).
    pub students: Vec<usize>,
}

pub struct Student {
    pub person: Person,
    pub group: usize,
    /// 0 for «1 подгруппа», 1 for «2 подгруппа»; none in part-time groups.
    pub subgroup: Option<usize>,
    /// (index into `Plan::parents`, relation)
    pub parents: Vec<(usize, &'static str)>,
}

pub struct Parent {
    pub person: Person,
    /// The child the parent first came with (index into `Plan::students`).
    pub first_child: usize,
    pub relation: &'static str,
}

pub struct Delegate {
    pub person: Person,
    pub relation: &'static str,
    /// Index into `Plan::parents` of the parent who delegates.
    pub parent: usize,
    /// Index into `Plan::students`.
    pub child: usize,
    pub valid_until: NaiveDate,
}

pub struct Plan {
    pub region_operator: Person,
    pub staff: Vec<Staff>,
    pub groups: Vec<Group>,
    pub students: Vec<Student>,
    pub parents: Vec<Parent>,
    pub delegate: Delegate,
}

pub const TEACHERS: usize = 48;
pub const MOTHER: &str = "мать";
pub const FATHER: &str = "отец";
pub const GUARDIAN: &str = "опекун";

/// A family whose children study here; a younger sibling reuses its parents.
struct Family {
    surname: &'static str,
    father: usize,
    parents: Vec<(usize, &'static str)>,
    /// Birth of the oldest parent, to keep a second child plausible.
    oldest_parent_birth: NaiveDate,
    first_child_birth: NaiveDate,
    children: usize,
    adult_children: bool,
}

enum Kin {
    New {
        surname: &'static str,
        father: usize,
        parents: Vec<(Person, &'static str)>,
    },
    Sibling(usize),
}

struct Draft {
    person: Person,
    kin: Kin,
}

struct Gen {
    rng: Rng,
    /// (surname, name) already used by a student or staff member.
    names: HashSet<(String, String)>,
    /// Surnames already taken in the group being filled (or among the staff),
    /// avoided while the list allows.
    taken: HashSet<&'static str>,
    phones: HashSet<String>,
    emails: HashSet<String>,
}

impl Gen {
    fn male(&mut self, eras: u8) -> usize {
        loop {
            let i = self.rng.index(names::MEN.len());
            if names::MEN[i].eras & eras != 0 {
                return i;
            }
        }
    }

    fn female_name(&mut self, eras: u8) -> &'static str {
        loop {
            let (name, e) = names::WOMEN[self.rng.index(names::WOMEN.len())];
            if e & eras != 0 {
                return name;
            }
        }
    }

    fn surname(&mut self) -> &'static str {
        names::SURNAMES[self.rng.index(names::SURNAMES.len())]
    }

    /// A patronymic from a father born about 22–40 years before `birth`.
    fn patronymic(&mut self, birth: NaiveDate, female: bool) -> String {
        let father = &names::MEN[self.male(era_of(birth.year() - 30))];
        patronymic_of(father, female)
    }

    fn phone(&mut self) -> String {
        const CODES: [u32; 10] = [912, 919, 902, 950, 951, 908, 982, 992, 958, 965];
        loop {
            let code = CODES[self.rng.index(CODES.len())];
            let a = self.rng.range(200, 999);
            let b = self.rng.range(0, 99);
            let c = self.rng.range(0, 99);
            let phone = format!("+7 {code} {a:03}-{b:02}-{c:02}");
            if self.phones.insert(phone.clone()) {
                return phone;
            }
        }
    }

    fn unique_email(&mut self, local: String, domain: &str) -> String {
        let mut n = 1;
        loop {
            let email = if n == 1 {
                format!("{local}@{domain}")
            } else {
                format!("{local}_{n}@{domain}")
            };
            if self.emails.insert(email.clone()) {
                return email;
            }
            n += 1;
        }
    }

    /// A parent's own address on a public mail service, sometimes.
    fn private_email(&mut self, p: &Person) -> Option<String> {
        if !self.rng.chance(40) {
            return None;
        }
        let surname = names::latin(&p.surname);
        let yy = p.birth.year() % 100;
        let (local, domain) = match self.rng.index(3) {
            0 => (
                format!(
                    "{surname}.{}{}",
                    names::latin_initial(&p.name),
                    names::latin_initial(&p.patronymic)
                ),
                "example.ru",
            ),
            1 => (
                format!("{}.{surname}{yy:02}", names::latin(&p.name)),
                "example.com",
            ),
            _ => (format!("{surname}{yy:02}"), "example.ru"),
        };
        Some(self.unique_email(local, domain))
    }

    fn person(
        &mut self,
        surname: &str,
        female: bool,
        name: &str,
        patronymic: String,
        birth: NaiveDate,
    ) -> Person {
        Person {
            surname: if female {
                names::feminine(surname)
            } else {
                surname.to_string()
            },
            name: name.to_string(),
            patronymic,
            female,
            birth,
            phone: None,
            email: None,
        }
    }

    /// A staff member or a student with a (surname, name) not used before,
    /// with the surname's masculine form and the father's name (index into `MEN`).
    fn fresh(&mut self, female: bool, birth: NaiveDate) -> (Person, &'static str, usize) {
        let eras = era_of(birth.year());
        let mut attempts = 0;
        loop {
            attempts += 1;
            let base = self.surname();
            if attempts < 40 && self.taken.contains(base) {
                continue;
            }
            let name = if female {
                self.female_name(eras)
            } else {
                names::MEN[self.male(eras)].name
            };
            let surname = if female {
                names::feminine(base)
            } else {
                base.to_string()
            };
            if self.names.insert((surname, name.to_string())) {
                self.taken.insert(base);
                let father = self.male(era_of(birth.year() - 30));
                let patronymic = patronymic_of(&names::MEN[father], female);
                return (
                    self.person(base, female, name, patronymic, birth),
                    base,
                    father,
                );
            }
        }
    }
}

fn patronymic_of(father: &Male, female: bool) -> String {
    if female {
        father.daughter.to_string()
    } else {
        father.son.to_string()
    }
}

/// The day a school year starts; ages at intake are counted on it.
fn first_of_september(year: i32) -> NaiveDate {
    ymd(year, 9, 1)
}

pub fn build(seed: u64) -> Plan {
    let mut g = Gen {
        rng: Rng::new(seed),
        names: HashSet::new(),
        taken: HashSet::new(),
        phones: HashSet::new(),
        emails: HashSet::new(),
    };

    let region_operator = {
        let birth = g.rng.date(ymd(1975, 1, 1), ymd(1990, 12, 31));
        let (mut p, _, _) = g.fresh(true, birth);
        p.phone = Some(g.phone());
        let local = format!(
            "{}.{}{}",
            names::latin(&p.surname),
            names::latin_initial(&p.name),
            names::latin_initial(&p.patronymic)
        );
        p.email = Some(g.unique_email(local, "minobr.example.ru"));
        p
    };

    let staff = build_staff(&mut g);
    let mut plan = Plan {
        region_operator,
        staff,
        groups: Vec::new(),
        students: Vec::new(),
        parents: Vec::new(),
        delegate: Delegate {
            person: Person {
                surname: String::new(),
                name: String::new(),
                patronymic: String::new(),
                female: true,
                birth: NaiveDate::MIN,
                phone: None,
                email: None,
            },
            relation: "бабушка",
            parent: 0,
            child: 0,
            valid_until: ymd(2027, 6, 30),
        },
    };

    let mut groups: Vec<(usize, StudyForm, i32)> = Vec::new();
    for (s, _) in SPECIALTIES.iter().enumerate() {
        for year in FULL_TIME_INTAKES {
            groups.push((s, StudyForm::FullTime, year));
        }
    }
    for (s, year) in PART_TIME_GROUPS {
        groups.push((s, StudyForm::PartTime, year));
    }

    // Curators: a random choice of teachers, one a group, in group order.
    let teachers: Vec<usize> = plan
        .staff
        .iter()
        .enumerate()
        .filter(|(_, s)| s.role == Role::Teacher)
        .map(|(i, _)| i)
        .collect();
    let mut pool = teachers.clone();
    g.rng.shuffle(&mut pool);
    let curators: Vec<usize> = pool.into_iter().take(groups.len()).collect();
    let mut plain = 0;
    for &t in &teachers {
        match curators.iter().position(|&c| c == t) {
            Some(group) => {
                plan.staff[t].curates = Some(group);
                plan.staff[t].login = format!("curator{}", group + 1);
            }
            None => {
                plain += 1;
                plan.staff[t].login = format!("teacher{plain}");
            }
        }
    }

    let mut families: Vec<Family> = Vec::new();
    for (gi, &(spec, form, intake)) in groups.iter().enumerate() {
        let sp = &SPECIALTIES[spec];
        let suffix = if form == StudyForm::PartTime {
            "з"
        } else {
            ""
        };
        let name = format!("{}{}-{:02}", sp.prefix, suffix, intake % 100);
        g.taken.clear();
        let size = usize::try_from(match form {
            StudyForm::PartTime => g.rng.range(18, 24),
            _ => g.rng.range(18, 26),
        })
        .unwrap_or(18);
        let mut drafts: Vec<Draft> = (0..size)
            .map(|_| draft_student(&mut g, &families, sp.girls, form, intake))
            .collect();
        drafts.sort_by(|a, b| {
            (&a.person.surname, &a.person.name, &a.person.patronymic).cmp(&(
                &b.person.surname,
                &b.person.name,
                &b.person.patronymic,
            ))
        });
        let mut members = Vec::with_capacity(size);
        let half = size.div_ceil(2);
        for (k, draft) in drafts.into_iter().enumerate() {
            let si = plan.students.len();
            let subgroup = (form == StudyForm::FullTime).then_some(usize::from(k >= half));
            let birth = draft.person.birth;
            let parents = match draft.kin {
                Kin::New {
                    surname,
                    father,
                    parents,
                } => {
                    let mut links = Vec::new();
                    let mut oldest = birth;
                    for (person, relation) in parents {
                        oldest = oldest.min(person.birth);
                        links.push((plan.parents.len(), relation));
                        plan.parents.push(Parent {
                            person,
                            first_child: si,
                            relation,
                        });
                    }
                    families.push(Family {
                        surname,
                        father,
                        parents: links.clone(),
                        oldest_parent_birth: oldest,
                        first_child_birth: birth,
                        children: 1,
                        adult_children: form == StudyForm::PartTime,
                    });
                    links
                }
                Kin::Sibling(f) => {
                    families[f].children += 1;
                    families[f].parents.clone()
                }
            };
            plan.students.push(Student {
                person: draft.person,
                group: gi,
                subgroup,
                parents,
            });
            members.push(si);
        }
        plan.groups.push(Group {
            name,
            specialty: spec,
            form,
            intake,
            curator: curators[gi],
            students: members,
        });
    }

    // The first student's grandmother, trusted by the first parent.
    let family = &families[0];
    let youngest_parent = family
        .parents
        .iter()
        .map(|&(p, _)| plan.parents[p].person.birth)
        .max()
        .unwrap_or(family.oldest_parent_birth);
    let lead = g.rng.range(21, 28);
    let birth = g.rng.date(
        years_before(youngest_parent, lead + 1),
        years_before(youngest_parent, lead),
    );
    let patronymic = g.patronymic(birth, true);
    let name = g.female_name(OLD);
    let mut grandmother = g.person(family.surname, true, name, patronymic, birth);
    grandmother.phone = Some(g.phone());
    plan.delegate.person = grandmother;
    plan.delegate.parent = family.parents[0].0;
    plan.delegate.child = 0;
    plan
}

fn build_staff(g: &mut Gen) -> Vec<Staff> {
    // (position, role, login, share of women in percent, born from, born to)
    const HEADS: [(&str, Role, &str, u64, i32, i32); 8] = [
        ("Директор", Role::Director, "director", 25, 1966, 1974),
        (
            "Заместитель директора по учебной работе",
            Role::Deputy,
            "deputy",
            70,
            1968,
            1984,
        ),
        (
            "Заместитель директора по учебно-производственной работе",
            Role::Deputy,
            "deputy2",
            20,
            1965,
            1982,
        ),
        (
            "Администратор электронного журнала",
            Role::Admin,
            "admin",
            60,
            1986,
            1998,
        ),
        (
            "Диспетчер учебной части",
            Role::Dispatcher,
            "dispatcher",
            85,
            1975,
            1996,
        ),
        (
            "Ответственный за безопасность",
            Role::Officer,
            "officer",
            20,
            1964,
            1980,
        ),
        (
            "Педагог дополнительного образования",
            Role::ExtraTeacher,
            "extra1",
            60,
            1982,
            1998,
        ),
        (
            "Заведующий заочным отделением",
            Role::PartTimeHead,
            "zaoch",
            75,
            1965,
            1982,
        ),
    ];
    let mut staff = Vec::new();
    for (position, role, login, women, from, to) in HEADS {
        staff.push(Staff {
            person: staff_person(g, women, from, to),
            position,
            role,
            login: login.to_string(),
            curates: None,
        });
    }
    for _ in 0..TEACHERS {
        staff.push(Staff {
            person: staff_person(g, 70, 1958, 1999),
            position: "Преподаватель",
            role: Role::Teacher,
            login: String::new(),
            curates: None,
        });
    }
    staff
}

fn staff_person(g: &mut Gen, women: u64, from: i32, to: i32) -> Person {
    let female = g.rng.chance(women);
    let birth = g.rng.date(ymd(from, 1, 1), ymd(to, 12, 31));
    let (mut p, _, _) = g.fresh(female, birth);
    p.phone = Some(g.phone());
    let local = format!(
        "{}.{}{}",
        names::latin(&p.surname),
        names::latin_initial(&p.name),
        names::latin_initial(&p.patronymic)
    );
    p.email = Some(g.unique_email(local, "ugkht.example.ru"));
    p
}

fn draft_student(
    g: &mut Gen,
    families: &[Family],
    girls: u64,
    form: StudyForm,
    intake: i32,
) -> Draft {
    let female = g.rng.chance(girls);
    let start = first_of_september(intake);
    let birth = match form {
        StudyForm::PartTime => {
            // Adults 19–40, most of them young.
            let age = 19 + g.rng.range(0, 21).min(g.rng.range(0, 21));
            born_aged(&mut g.rng, age, start)
        }
        _ => {
            // After the 9th grade: 15, sometimes 16 on the 1st of September.
            let age = if g.rng.chance(85) { 15 } else { 16 };
            born_aged(&mut g.rng, age, start)
        }
    };

    // Now and then a younger brother or sister of a student of another group.
    if form == StudyForm::FullTime && g.rng.chance(5) {
        let candidates: Vec<usize> = families
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                let gap = (f.first_child_birth - birth).num_days().abs();
                let parent_age = (birth - f.oldest_parent_birth).num_days() / 365;
                f.children == 1
                    && !f.adult_children
                    && gap >= 300
                    && (20..=45).contains(&parent_age)
            })
            .map(|(i, _)| i)
            .collect();
        if !candidates.is_empty() {
            let family = candidates[g.rng.index(candidates.len())];
            let f = &families[family];
            let surname = if female {
                names::feminine(f.surname)
            } else {
                f.surname.to_string()
            };
            let eras = era_of(birth.year());
            for _ in 0..20 {
                let name = if female {
                    g.female_name(eras)
                } else {
                    names::MEN[g.male(eras)].name
                };
                if g.names.insert((surname.clone(), name.to_string())) {
                    let patronymic = patronymic_of(&names::MEN[f.father], female);
                    let person = g.person(f.surname, female, name, patronymic, birth);
                    return Draft {
                        person,
                        kin: Kin::Sibling(family),
                    };
                }
            }
        }
    }

    // The father's name gives the patronymic, whether or not he is in the record.
    let (mut person, surname, father) = g.fresh(female, birth);
    if form == StudyForm::PartTime {
        person.phone = Some(g.phone());
    }

    let adult = form == StudyForm::PartTime;
    let roll = g.rng.index(100);
    let (mother, father_linked, guardian) = if adult {
        match roll {
            0..=34 => (true, true, false),
            35..=89 => (true, false, false),
            _ => (false, true, false),
        }
    } else {
        match roll {
            0..=61 => (true, true, false),
            62..=88 => (true, false, false),
            89..=95 => (false, true, false),
            _ => (false, false, true),
        }
    };

    let mut parents = Vec::new();
    if mother {
        let age = g.rng.range(19, 38);
        let mb = born_aged(&mut g.rng, age, birth);
        let own = if g.rng.chance(88) {
            surname
        } else {
            g.surname()
        };
        let name = g.female_name(era_of(mb.year()));
        let patronymic = g.patronymic(mb, true);
        let mut p = g.person(own, true, name, patronymic, mb);
        p.phone = Some(g.phone());
        p.email = g.private_email(&p);
        parents.push((p, MOTHER));
    }
    if father_linked {
        let age = g.rng.range(21, 42);
        let fb = born_aged(&mut g.rng, age, birth);
        let patronymic = g.patronymic(fb, false);
        let mut p = g.person(surname, false, names::MEN[father].name, patronymic, fb);
        p.phone = Some(g.phone());
        p.email = g.private_email(&p);
        parents.push((p, FATHER));
    }
    if guardian {
        // A grandmother or an aunt, often with a surname of her own.
        let age = g.rng.range(40, 62);
        let gb = born_aged(&mut g.rng, age, birth);
        let own = if g.rng.chance(50) {
            surname
        } else {
            g.surname()
        };
        let name = g.female_name(era_of(gb.year()));
        let patronymic = g.patronymic(gb, true);
        let mut p = g.person(own, true, name, patronymic, gb);
        p.phone = Some(g.phone());
        p.email = g.private_email(&p);
        parents.push((p, GUARDIAN));
    }
    Draft {
        person,
        kin: Kin::New {
            surname,
            father,
            parents,
        },
    }
}
