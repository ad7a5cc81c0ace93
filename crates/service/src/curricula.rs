//! Curricula (учебные планы, seed 3.2): per specialty, study form and intake
//! year, or a student's individual plan; items (disciplines, МДК, professional
//! modules, practices) with hours per semester and a form of control; export
//! and import as a spreadsheet.

pub mod xlsx;

use std::collections::HashMap;

use domain::curriculum::{ControlForm, Hours, ItemKind, MAX_SEMESTER_HOURS};
use domain::paging::{Page, PageRequest};
use domain::reference::{validate_study_form, StudyForm};
use domain::{Actor, FieldError, Permission, Validation};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use store::curricula::{ItemFields, SemesterHours};
use store::entity::{curriculum, curriculum_hours, curriculum_item};

use crate::error::{unique_as_field, Error, Result};
use crate::{audit, require, App};

/// Semesters of a curriculum: four years of two.
pub const SEMESTERS: i32 = 8;

/// Field names of the hours form, one per semester (errors go next to the row).
const SEMESTER_FIELDS: [&str; SEMESTERS as usize] = [
    "semester_1",
    "semester_2",
    "semester_3",
    "semester_4",
    "semester_5",
    "semester_6",
    "semester_7",
    "semester_8",
];

#[derive(Debug, Clone, Serialize)]
pub struct CurriculumView {
    pub id: i64,
    pub name: String,
    pub specialty_id: i64,
    pub specialty_code: String,
    pub specialty_name: String,
    pub study_form: String,
    pub study_form_title: &'static str,
    pub intake_year: i32,
    /// The student of an individual curriculum.
    pub student_id: Option<i64>,
    pub student: Option<String>,
}

/// An item's hours and control form in one semester.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SemesterView {
    pub semester: i32,
    pub hours: Hours,
    pub total: i32,
    pub control_form: Option<ControlForm>,
}

impl SemesterView {
    pub fn control_short(&self) -> &'static str {
        self.control_form.map(ControlForm::short).unwrap_or("")
    }

    pub fn control_code(&self) -> &'static str {
        self.control_form.map(ControlForm::code).unwrap_or("")
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0 && self.control_form.is_none()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub parent_code: Option<String>,
    pub kind: ItemKind,
    pub kind_title: &'static str,
    pub code: String,
    pub name: String,
    pub subject_id: Option<i64>,
    /// 0 for items of the plan, 1 for the МДК and practices of a module.
    pub depth: u8,
    /// Semesters 1..8, always all of them. A module's hours are the sum of its items'.
    pub semesters: Vec<SemesterView>,
    pub total: Hours,
    pub total_hours: i32,
}

impl ItemView {
    pub fn is_module(&self) -> bool {
        self.kind == ItemKind::Module
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub curriculum: CurriculumView,
    /// Modules are followed by their МДК and practices.
    pub items: Vec<ItemView>,
    /// Per semester for the whole curriculum (each hour counted once).
    pub semester_totals: Vec<SemesterView>,
    pub total: Hours,
    pub total_hours: i32,
    /// The teaching load uses items of this curriculum: the import is refused.
    pub used_by_load: bool,
}

impl Plan {
    pub fn modules(&self) -> Vec<&ItemView> {
        self.items.iter().filter(|i| i.is_module()).collect()
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct CurriculumInput {
    #[serde(default)]
    pub specialty_id: String,
    #[serde(default)]
    pub study_form: String,
    #[serde(default)]
    pub intake_year: String,
    #[serde(default)]
    pub name: String,
    /// The student of an individual curriculum (their card's number); empty for a common one.
    #[serde(default)]
    pub student_id: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ItemInput {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    /// The module an МДК or a practice belongs to; empty for none.
    #[serde(default)]
    pub parent_id: String,
    /// The college's subject by name; empty: the item's name. Created when missing.
    #[serde(default)]
    pub subject: String,
}

/// The hours form of an item: `lectures_1`, `practical_1`, `self_study_1`,
/// `consultations_1`, `course_project_1`, `control_form_1`, … up to semester 8.
pub type HoursInput = HashMap<String, String>;

async fn views(
    db: &impl ConnectionTrait,
    org_id: i64,
    list: Vec<curriculum::Model>,
) -> Result<Vec<CurriculumView>> {
    let specialties: HashMap<i64, (String, String)> = store::specialties::all(db, org_id)
        .await?
        .into_iter()
        .map(|s| (s.id, (s.code, s.name)))
        .collect();
    let student_ids: Vec<i64> = list.iter().filter_map(|c| c.student_person_id).collect();
    let students: HashMap<i64, String> = if student_ids.is_empty() {
        HashMap::new()
    } else {
        store::people::by_ids(db, &student_ids)
            .await?
            .into_iter()
            .map(|p| (p.id, store::people::full_name(&p).full()))
            .collect()
    };
    Ok(list
        .into_iter()
        .map(|c| {
            let (code, name) = specialties
                .get(&c.specialty_id)
                .cloned()
                .unwrap_or_default();
            CurriculumView {
                id: c.id,
                specialty_id: c.specialty_id,
                specialty_code: code,
                specialty_name: name,
                study_form_title: StudyForm::from_code(&c.study_form)
                    .map(StudyForm::title)
                    .unwrap_or("—"),
                study_form: c.study_form,
                intake_year: c.intake_year,
                student: c.student_person_id.and_then(|s| students.get(&s).cloned()),
                student_id: c.student_person_id,
                name: c.name,
            }
        })
        .collect())
}

/// Curricula of the college, one page, optionally of one specialty.
pub async fn list(
    app: &App,
    actor: &Actor,
    specialty_id: Option<i64>,
    req: PageRequest,
) -> Result<Page<CurriculumView>> {
    require(actor, Permission::ReferenceRead)?;
    if let Some(id) = specialty_id {
        store::specialties::get(&app.db, actor.org_id, id)
            .await?
            .ok_or(Error::NotFound("специальность"))?;
    }
    let page = store::curricula::page(&app.db, actor.org_id, specialty_id, req).await?;
    let items = views(&app.db, actor.org_id, page.items).await?;
    Ok(Page {
        items,
        page: page.page,
        per_page: page.per_page,
        total: page.total,
    })
}

async fn find(db: &impl ConnectionTrait, actor: &Actor, id: i64) -> Result<curriculum::Model> {
    store::curricula::get(db, actor.org_id, id)
        .await?
        .ok_or(Error::NotFound("учебный план"))
}

/// A curriculum with its items, hours and totals.
pub async fn get(app: &App, actor: &Actor, id: i64) -> Result<Plan> {
    require(actor, Permission::ReferenceRead)?;
    plan(&app.db, actor, id).await
}

async fn plan(db: &impl ConnectionTrait, actor: &Actor, id: i64) -> Result<Plan> {
    let c = find(db, actor, id).await?;
    let (items, hours) = store::curricula::items_with_hours(db, actor.org_id, id).await?;
    let used_by_load = store::curricula::used_by_load(db, id).await?;
    let curriculum = views(db, actor.org_id, vec![c])
        .await?
        .pop()
        .ok_or(Error::NotFound("учебный план"))?;
    Ok(build_plan(curriculum, items, hours, used_by_load))
}

fn semester_view(semester: i32, hours: Hours, control_form: Option<ControlForm>) -> SemesterView {
    SemesterView {
        semester,
        total: hours.total(),
        hours,
        control_form,
    }
}

/// Orders the items (modules followed by their own) and sums the hours:
/// a module's hours are its own plus its items', the plan's count each hour once.
pub fn build_plan(
    curriculum: CurriculumView,
    items: Vec<curriculum_item::Model>,
    hours: Vec<curriculum_hours::Model>,
    used_by_load: bool,
) -> Plan {
    let n = SEMESTERS as usize;
    let mut own: HashMap<i64, Vec<(Hours, Option<ControlForm>)>> = HashMap::new();
    for h in hours {
        if !(1..=SEMESTERS).contains(&h.semester) {
            continue;
        }
        let row = own
            .entry(h.item_id)
            .or_insert_with(|| vec![(Hours::default(), None); n]);
        row[(h.semester - 1) as usize] = (
            Hours {
                lectures: h.lectures,
                practical: h.practical,
                self_study: h.self_study,
                consultations: h.consultations,
                course_project: h.course_project,
            },
            h.control_form.as_deref().and_then(ControlForm::from_code),
        );
    }
    let kinds: HashMap<i64, (ItemKind, String)> = items
        .iter()
        .map(|i| {
            (
                i.id,
                (
                    ItemKind::from_code(&i.kind).unwrap_or(ItemKind::Discipline),
                    i.code.clone(),
                ),
            )
        })
        .collect();
    // An item belongs under its parent only when that parent is a module of the plan.
    let module_of = |i: &curriculum_item::Model| {
        i.parent_id
            .filter(|p| kinds.get(p).is_some_and(|(k, _)| *k == ItemKind::Module))
    };
    let mut children: HashMap<i64, Vec<&curriculum_item::Model>> = HashMap::new();
    for i in &items {
        if let Some(p) = module_of(i) {
            children.entry(p).or_default().push(i);
        }
    }
    let empty = vec![(Hours::default(), None); n];
    let view = |i: &curriculum_item::Model, depth: u8| {
        let kind = ItemKind::from_code(&i.kind).unwrap_or(ItemKind::Discipline);
        let mut sems: Vec<(Hours, Option<ControlForm>)> =
            own.get(&i.id).cloned().unwrap_or_else(|| empty.clone());
        if kind == ItemKind::Module {
            for c in children.get(&i.id).map(Vec::as_slice).unwrap_or_default() {
                for (s, (h, _)) in own.get(&c.id).unwrap_or(&empty).iter().enumerate() {
                    sems[s].0.add(h);
                }
            }
        }
        let semesters: Vec<SemesterView> = sems
            .into_iter()
            .enumerate()
            .map(|(s, (h, f))| semester_view(s as i32 + 1, h, f))
            .collect();
        let mut total = Hours::default();
        for s in &semesters {
            total.add(&s.hours);
        }
        ItemView {
            id: i.id,
            parent_id: module_of(i),
            parent_code: module_of(i).and_then(|p| kinds.get(&p).map(|(_, c)| c.clone())),
            kind,
            kind_title: kind.title(),
            code: i.code.clone(),
            name: i.name.clone(),
            subject_id: i.subject_id,
            depth,
            semesters,
            total_hours: total.total(),
            total,
        }
    };
    let mut ordered = Vec::with_capacity(items.len());
    for i in items.iter().filter(|i| module_of(i).is_none()) {
        ordered.push(view(i, 0));
        for c in children.get(&i.id).map(Vec::as_slice).unwrap_or_default() {
            ordered.push(view(c, 1));
        }
    }
    let mut per_semester = vec![Hours::default(); n];
    for row in own.values() {
        for (s, (h, _)) in row.iter().enumerate() {
            per_semester[s].add(h);
        }
    }
    let semester_totals: Vec<SemesterView> = per_semester
        .into_iter()
        .enumerate()
        .map(|(s, h)| semester_view(s as i32 + 1, h, None))
        .collect();
    let mut total = Hours::default();
    for s in &semester_totals {
        total.add(&s.hours);
    }
    Plan {
        curriculum,
        items: ordered,
        semester_totals,
        total_hours: total.total(),
        total,
        used_by_load,
    }
}

/// Creates a curriculum; with a student, that student's individual curriculum.
pub async fn create(app: &App, actor: &Actor, input: CurriculumInput) -> Result<CurriculumView> {
    require(actor, Permission::CurriculumWrite)?;
    let mut v = Validation::new();
    let specialty_id = match input.specialty_id.trim().parse::<i64>() {
        Ok(id) => Some(id),
        Err(_) => {
            v.add("specialty_id", "Выберите специальность.");
            None
        }
    };
    let form = validate_study_form(&mut v, &input.study_form);
    let intake_year = v.number("intake_year", &input.intake_year, 2000, 2100) as i32;
    let name = v.text("name", &input.name, 200);
    let student = match input.student_id.trim() {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                v.add("student_id", "Номер карточки обучающегося — целое число.");
                None
            }
        },
    };
    v.finish().map_err(Error::Invalid)?;
    let specialty_id = specialty_id.unwrap_or_default();
    if store::specialties::get(&app.db, actor.org_id, specialty_id)
        .await?
        .is_none()
    {
        return Err(Error::field("specialty_id", "Выберите специальность."));
    }
    if let Some(person) = student {
        let specialties =
            store::curricula::student_specialties(&app.db, actor.org_id, person).await?;
        if specialties.is_empty() {
            return Err(Error::field(
                "student_id",
                "Такого обучающегося нет ни в одной группе колледжа.",
            ));
        }
        if !specialties.contains(&specialty_id) {
            return Err(Error::field(
                "student_id",
                "Обучающийся учится в группе другой специальности.",
            ));
        }
    }
    let txn = store::begin_write(&app.db).await?;
    let c = store::curricula::insert(
        &txn,
        actor.org_id,
        store::curricula::NewCurriculum {
            specialty_id,
            study_form: form.code(),
            intake_year,
            name: &name,
            student_person_id: student,
        },
    )
    .await
    .map_err(|e| unique_as_field(e, "name", "Учебный план с таким названием уже есть."))?;
    audit(
        &txn,
        actor,
        "create",
        "curriculum",
        c.id,
        serde_json::json!({ "name": name, "student": student }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    views(&app.db, actor.org_id, vec![c])
        .await?
        .pop()
        .ok_or(Error::NotFound("учебный план"))
}

/// A checked item: what the form says, with the module resolved.
struct CheckedItem {
    kind: ItemKind,
    code: String,
    name: String,
    parent_id: Option<i64>,
    subject: Option<String>,
}

fn check_item(input: &ItemInput, modules: &[(i64, String)]) -> Result<CheckedItem> {
    let mut v = Validation::new();
    let kind = ItemKind::from_code(input.kind.trim()).or_else(|| ItemKind::parse(&input.kind));
    if kind.is_none() {
        v.add(
            "kind",
            "Выберите вид: дисциплина, МДК, профессиональный модуль или практика.",
        );
    }
    let code = v.text("code", &input.code, 30);
    let name = v.text("name", &input.name, 300);
    let subject = v.optional_text("subject", &input.subject, 300);
    let parent_id = match input.parent_id.trim() {
        "" | "0" => None,
        p => match p.parse::<i64>() {
            Ok(id) if modules.iter().any(|(m, _)| *m == id) => Some(id),
            _ => {
                v.add(
                    "parent_id",
                    "Выберите профессиональный модуль этого учебного плана.",
                );
                None
            }
        },
    };
    if let (Some(k), Some(_)) = (kind, parent_id) {
        if !k.may_have_parent() {
            v.add(
                "parent_id",
                "В профессиональный модуль входят только МДК и практики.",
            );
        }
    }
    v.finish().map_err(Error::Invalid)?;
    let kind = kind.unwrap_or(ItemKind::Discipline);
    Ok(CheckedItem {
        subject: if kind == ItemKind::Module {
            None
        } else {
            Some(subject.unwrap_or_else(|| name.clone()))
        },
        kind,
        code,
        name,
        parent_id,
    })
}

/// The college's subject of this name, created (for this kind of item) when missing.
async fn subject_for(
    db: &impl ConnectionTrait,
    org_id: i64,
    known: &mut HashMap<String, i64>,
    name: &str,
    code: &str,
    kind: ItemKind,
) -> Result<i64> {
    if let Some(id) = known.get(name) {
        return Ok(*id);
    }
    let short: String = format!("{code} {name}").chars().take(100).collect();
    let s = store::subjects::insert(db, org_id, name, &short, kind.code(), "five").await?;
    known.insert(name.to_string(), s.id);
    Ok(s.id)
}

async fn module_list(
    db: &impl ConnectionTrait,
    org_id: i64,
    curriculum_id: i64,
) -> Result<Vec<(i64, String)>> {
    let (items, _) = store::curricula::items_with_hours(db, org_id, curriculum_id).await?;
    Ok(items
        .into_iter()
        .filter(|i| i.kind == ItemKind::Module.code())
        .map(|i| (i.id, i.code))
        .collect())
}

/// Adds an item to a curriculum; returns its id.
pub async fn add_item(
    app: &App,
    actor: &Actor,
    curriculum_id: i64,
    input: ItemInput,
) -> Result<i64> {
    require(actor, Permission::CurriculumWrite)?;
    find(&app.db, actor, curriculum_id).await?;
    let txn = store::begin_write(&app.db).await?;
    let modules = module_list(&txn, actor.org_id, curriculum_id).await?;
    let item = check_item(&input, &modules)?;
    let subject_id = match &item.subject {
        Some(name) => {
            let mut known = store::curricula::subjects_by_name(&txn, actor.org_id).await?;
            Some(subject_for(&txn, actor.org_id, &mut known, name, &item.code, item.kind).await?)
        }
        None => None,
    };
    let row = store::curricula::insert_item(
        &txn,
        actor.org_id,
        curriculum_id,
        ItemFields {
            parent_id: item.parent_id,
            kind: item.kind.code(),
            code: &item.code,
            name: &item.name,
            subject_id,
        },
    )
    .await
    .map_err(|e| unique_as_field(e, "code", "В этом плане уже есть строка с таким кодом."))?;
    audit(
        &txn,
        actor,
        "create",
        "curriculum_item",
        row.id,
        serde_json::json!({ "curriculum_id": curriculum_id, "code": item.code }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(row.id)
}

/// One item with the plan it belongs to (for the item's page).
pub async fn item(
    app: &App,
    actor: &Actor,
    curriculum_id: i64,
    item_id: i64,
) -> Result<(Plan, ItemView)> {
    let plan = get(app, actor, curriculum_id).await?;
    let item = plan
        .items
        .iter()
        .find(|i| i.id == item_id)
        .cloned()
        .ok_or(Error::NotFound("строка учебного плана"))?;
    Ok((plan, item))
}

/// Changes an item's kind, code, name, module or subject.
pub async fn update_item(
    app: &App,
    actor: &Actor,
    curriculum_id: i64,
    item_id: i64,
    input: ItemInput,
) -> Result<()> {
    require(actor, Permission::CurriculumWrite)?;
    find(&app.db, actor, curriculum_id).await?;
    let txn = store::begin_write(&app.db).await?;
    let row = store::curricula::get_item(&txn, actor.org_id, curriculum_id, item_id)
        .await?
        .ok_or(Error::NotFound("строка учебного плана"))?;
    let modules: Vec<(i64, String)> = module_list(&txn, actor.org_id, curriculum_id)
        .await?
        .into_iter()
        .filter(|(id, _)| *id != item_id)
        .collect();
    let item = check_item(&input, &modules)?;
    if item.kind != ItemKind::Module && store::curricula::child_count(&txn, item_id).await? > 0 {
        return Err(Error::field(
            "kind",
            "В модуль входят МДК и практики: сначала перенесите их, потом меняйте вид.",
        ));
    }
    let subject_id = match &item.subject {
        Some(name) => {
            let mut known = store::curricula::subjects_by_name(&txn, actor.org_id).await?;
            Some(subject_for(&txn, actor.org_id, &mut known, name, &item.code, item.kind).await?)
        }
        None => None,
    };
    store::curricula::update_item(
        &txn,
        row,
        ItemFields {
            parent_id: item.parent_id,
            kind: item.kind.code(),
            code: &item.code,
            name: &item.name,
            subject_id,
        },
    )
    .await
    .map_err(|e| unique_as_field(e, "code", "В этом плане уже есть строка с таким кодом."))?;
    audit(
        &txn,
        actor,
        "update",
        "curriculum_item",
        item_id,
        serde_json::json!({ "code": item.code, "name": item.name }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The hours form as it was sent, for showing it back with errors.
pub fn hours_input_of(item: &ItemView) -> HoursInput {
    let mut m = HoursInput::new();
    for s in &item.semesters {
        let n = s.semester;
        let mut put = |name: &str, v: i32| {
            m.insert(
                format!("{name}_{n}"),
                if v == 0 { String::new() } else { v.to_string() },
            );
        };
        put("lectures", s.hours.lectures);
        put("practical", s.hours.practical);
        put("self_study", s.hours.self_study);
        put("consultations", s.hours.consultations);
        put("course_project", s.hours.course_project);
        m.insert(format!("control_form_{n}"), s.control_code().to_string());
    }
    m
}

/// Reads one number of hours: empty is 0.
pub fn parse_hours(text: &str) -> std::result::Result<i32, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(0);
    }
    match t.parse::<i64>() {
        Ok(n) if n < 0 => Err("часы не могут быть отрицательными".into()),
        Ok(n) if n > i64::from(MAX_SEMESTER_HOURS) => {
            Err(format!("не больше {MAX_SEMESTER_HOURS} часов в семестре"))
        }
        Ok(n) => Ok(n as i32),
        Err(_) => Err(format!("«{t}» — не целое число часов")),
    }
}

pub const HOUR_PARTS: [(&str, &str); 5] = [
    ("lectures", "лекции"),
    ("practical", "практические и лабораторные"),
    ("self_study", "самостоятельная работа"),
    ("consultations", "консультации"),
    ("course_project", "курсовой проект"),
];

/// Saves an item's hours and control forms for every semester at once.
/// A module's hours come from its МДК and practices: only its control forms are saved.
pub async fn set_hours(
    app: &App,
    actor: &Actor,
    curriculum_id: i64,
    item_id: i64,
    input: &HoursInput,
) -> Result<()> {
    require(actor, Permission::CurriculumWrite)?;
    find(&app.db, actor, curriculum_id).await?;
    let row = store::curricula::get_item(&app.db, actor.org_id, curriculum_id, item_id)
        .await?
        .ok_or(Error::NotFound("строка учебного плана"))?;
    let module = row.kind == ItemKind::Module.code();
    let get = |name: &str, s: i32| {
        input
            .get(&format!("{name}_{s}"))
            .map(String::as_str)
            .unwrap_or("")
    };
    let mut errors: Vec<FieldError> = Vec::new();
    let mut rows = Vec::new();
    for s in 1..=SEMESTERS {
        let field = SEMESTER_FIELDS[(s - 1) as usize];
        let mut values = [0i32; 5];
        for (k, (name, title)) in HOUR_PARTS.iter().enumerate() {
            match parse_hours(get(name, s)) {
                Ok(v) => values[k] = v,
                Err(e) => errors.push(FieldError {
                    field,
                    message: format!("Семестр {s}, {title}: {e}."),
                }),
            }
        }
        if module && values.iter().any(|v| *v != 0) {
            errors.push(FieldError {
                field,
                message: format!(
                    "Семестр {s}: часы модуля складываются из его МДК и практик; у модуля задаётся только форма контроля."
                ),
            });
        }
        let form = match get("control_form", s).trim() {
            "" => None,
            f => match ControlForm::from_code(f).or_else(|| ControlForm::parse(f)) {
                Some(f) => Some(f),
                None => {
                    errors.push(FieldError {
                        field,
                        message: format!("Семестр {s}: выберите форму контроля из списка."),
                    });
                    None
                }
            },
        };
        rows.push(SemesterHours {
            semester: s,
            lectures: values[0],
            practical: values[1],
            self_study: values[2],
            consultations: values[3],
            course_project: values[4],
            control_form: form.map(|f| f.code().to_string()),
        });
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let txn = store::begin_write(&app.db).await?;
    for h in &rows {
        let empty = h.control_form.is_none()
            && [
                h.lectures,
                h.practical,
                h.self_study,
                h.consultations,
                h.course_project,
            ]
            .iter()
            .all(|v| *v == 0);
        if empty {
            store::curricula::delete_hours(&txn, item_id, h.semester).await?;
        } else {
            store::curricula::upsert_hours(&txn, actor.org_id, item_id, h).await?;
        }
    }
    audit(
        &txn,
        actor,
        "update",
        "curriculum_hours",
        item_id,
        serde_json::json!({ "curriculum_id": curriculum_id }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The curriculum as a spreadsheet (.xlsx).
pub async fn export(app: &App, actor: &Actor, id: i64) -> Result<crate::journal::Download> {
    let plan = get(app, actor, id).await?;
    let college = store::orgs::get(&app.db, actor.org_id)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let data = xlsx::write(&plan, &college).map_err(|e| Error::Internal(format!("xlsx: {e}")))?;
    let safe: String = plan
        .curriculum
        .name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    Ok(crate::journal::Download {
        name: format!("Учебный план {safe}.xlsx"),
        content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            .to_string(),
        data,
    })
}

/// The largest spreadsheet accepted for import.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;

/// What an import did.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub items: usize,
}

/// Replaces the items of a curriculum with those of a spreadsheet. Every row
/// is checked first; with any bad row nothing is imported and each row's
/// error is returned (field `file`, «Строка N: …»).
pub async fn import(
    app: &App,
    actor: &Actor,
    curriculum_id: i64,
    data: &[u8],
) -> Result<ImportReport> {
    require(actor, Permission::CurriculumWrite)?;
    find(&app.db, actor, curriculum_id).await?;
    if data.is_empty() {
        return Err(Error::field(
            "file",
            "Выберите файл учебного плана (.xlsx).",
        ));
    }
    if data.len() > MAX_IMPORT_BYTES {
        return Err(Error::field("file", "Файл больше 5 МБ."));
    }
    let rows = crate::imports::read_xlsx(data.to_vec(), &crate::imports::XLSX_LIMITS, |d| {
        xlsx::read(d)
    })
    .await
    .map_err(|why| Error::field("file", why))?
    .map_err(|errors| {
        Error::Invalid(
            errors
                .into_iter()
                .map(|e| FieldError {
                    field: "file",
                    message: e.to_string(),
                })
                .collect(),
        )
    })?;
    let txn = store::begin_write(&app.db).await?;
    if store::curricula::used_by_load(&txn, curriculum_id).await? {
        return Err(Error::Locked(
            "Строки этого плана уже распределены в педагогической нагрузке: импорт заменил бы их. Измените план по строкам на его странице.".into(),
        ));
    }
    // An item that keeps its code, kind and name keeps its subject.
    let (old, _) = store::curricula::items_with_hours(&txn, actor.org_id, curriculum_id).await?;
    let kept: HashMap<(String, String, String), i64> = old
        .into_iter()
        .filter_map(|i| i.subject_id.map(|s| ((i.code, i.kind, i.name), s)))
        .collect();
    let mut known = store::curricula::subjects_by_name(&txn, actor.org_id).await?;
    let mut items = Vec::with_capacity(rows.len());
    for r in &rows {
        let subject_id = if r.kind == ItemKind::Module {
            None
        } else if let Some(s) =
            kept.get(&(r.code.clone(), r.kind.code().to_string(), r.name.clone()))
        {
            Some(*s)
        } else {
            Some(subject_for(&txn, actor.org_id, &mut known, &r.name, &r.code, r.kind).await?)
        };
        items.push(store::curricula::ImportItem {
            parent: r.parent,
            kind: r.kind.code().to_string(),
            code: r.code.clone(),
            name: r.name.clone(),
            subject_id,
            hours: r
                .semesters
                .iter()
                .enumerate()
                .filter(|(_, s)| !s.is_empty())
                .map(|(i, s)| SemesterHours {
                    semester: i as i32 + 1,
                    lectures: s.hours.lectures,
                    practical: s.hours.practical,
                    self_study: s.hours.self_study,
                    consultations: s.hours.consultations,
                    course_project: s.hours.course_project,
                    control_form: s.control_form.map(|f| f.code().to_string()),
                })
                .collect(),
        });
    }
    store::curricula::replace_items(&txn, actor.org_id, curriculum_id, &items).await?;
    audit(
        &txn,
        actor,
        "import",
        "curriculum",
        curriculum_id,
        serde_json::json!({ "items": items.len() }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(ImportReport { items: items.len() })
}

/// The subjects of the college by name, for the item form's pick list.
pub async fn subject_names(app: &App, actor: &Actor) -> Result<Vec<String>> {
    require(actor, Permission::ReferenceRead)?;
    Ok(store::curricula::subject_names(&app.db, actor.org_id).await?)
}

/// The name of one of the college's subjects.
pub async fn subject_name(app: &App, actor: &Actor, id: i64) -> Result<Option<String>> {
    require(actor, Permission::ReferenceRead)?;
    Ok(store::subjects::get(&app.db, actor.org_id, id)
        .await?
        .map(|s| s.name))
}
