//! School years: whether a year is opened, and the facts the year-opening
//! check (seed 3.2) looks at, each in one aggregate query whatever the
//! number of groups, curricula or teachers.
//!
//! The checks are plain SQL that both SQLite and PostgreSQL run as written;
//! the only values put into them are integers (a college's id, a year).

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, Set, Statement,
};

use crate::entity::school_year;

pub async fn get(
    db: &impl ConnectionTrait,
    org_id: i64,
    year: i32,
) -> Result<Option<school_year::Model>, DbErr> {
    school_year::Entity::find()
        .filter(school_year::Column::OrgId.eq(org_id))
        .filter(school_year::Column::Year.eq(year))
        .one(db)
        .await
}

/// Marks the year opened now by this account (its row is made if missing).
pub async fn open(
    db: &impl ConnectionTrait,
    org_id: i64,
    year: i32,
    account_id: i64,
    at: DateTime<Utc>,
) -> Result<school_year::Model, DbErr> {
    match get(db, org_id, year).await? {
        Some(row) => {
            let mut row: school_year::ActiveModel = row.into();
            row.opened_at = Set(Some(at));
            row.opened_by = Set(Some(account_id));
            row.update(db).await
        }
        None => {
            school_year::ActiveModel {
                org_id: Set(org_id),
                year: Set(year),
                opened_at: Set(Some(at)),
                opened_by: Set(Some(account_id)),
                ..Default::default()
            }
            .insert(db)
            .await
        }
    }
}

/// Up to three names of one finding (a group; a curriculum, an item's code
/// and name; a person's surname, name and patronymic) and a kind.
#[derive(Debug, Clone, Default, FromQueryResult)]
pub struct Row {
    pub x: String,
    pub y: Option<String>,
    pub z: Option<String>,
    pub w: Option<String>,
}

/// What the year-opening check finds in a college for a school year.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub buildings: i64,
    /// Building names.
    pub buildings_without_rooms: Vec<Row>,
    /// Curriculum, item code, item name, item kind.
    pub items_without_subject: Vec<Row>,
    /// Group names.
    pub groups_without_curriculum: Vec<Row>,
    /// Active accounts holding the teacher role.
    pub teachers: i64,
    /// Surname, name, patronymic.
    pub load_teachers_not_staff: Vec<Row>,
    pub groups: i64,
    pub groups_without_students: Vec<Row>,
    /// Surname, name, patronymic.
    pub students_without_group: Vec<Row>,
    pub semesters: i64,
    pub groups_without_semester: Vec<Row>,
    pub groups_without_bells: Vec<Row>,
    /// Curriculum, item code, item name, item kind.
    pub items_without_control_form: Vec<Row>,
    pub attestation_periods: i64,
    pub has_settings: bool,
    /// Group, item code, item name: an item with classroom hours in a
    /// semester of the year that has no load for the group in that semester
    /// (the load counts semesters of the year, 1 and 2).
    pub items_without_load: Vec<Row>,
}

async fn rows(db: &impl ConnectionTrait, sql: String) -> Result<Vec<Row>, DbErr> {
    Row::find_by_statement(Statement::from_string(db.get_database_backend(), sql))
        .all(db)
        .await
}

async fn count(db: &impl ConnectionTrait, sql: String) -> Result<i64, DbErr> {
    let row = db
        .query_one(Statement::from_string(db.get_database_backend(), sql))
        .await?;
    match row {
        Some(r) => r.try_get_by_index::<i64>(0),
        None => Ok(0),
    }
}

/// A group's curriculum: its specialty, study form and intake year (not an individual one).
const GROUP_CURRICULUM: &str = "c.org_id = g.org_id AND c.specialty_id = g.specialty_id \
     AND c.study_form = g.study_form AND c.intake_year = g.intake_year \
     AND c.student_person_id IS NULL";

/// Hours rows of the year for a group: its course's two semesters
/// (semesters count from the intake: a group admitted in 2025 studies
/// semesters 3 and 4 in 2026/2027).
fn year_semesters(year: i32) -> String {
    format!("h.semester IN (2 * ({year} - g.intake_year) + 1, 2 * ({year} - g.intake_year) + 2)")
}

pub async fn facts(db: &impl ConnectionTrait, org_id: i64, year: i32) -> Result<Facts, DbErr> {
    let o = org_id;
    let in_year = year_semesters(year);
    let active_teacher = format!(
        "SELECT 1 FROM accounts a JOIN role_grants rg ON rg.account_id = a.id \
         WHERE rg.org_id = {o} AND rg.role = 'teacher' AND a.active = TRUE"
    );
    Ok(Facts {
        buildings: count(
            db,
            format!("SELECT COUNT(*) FROM buildings WHERE org_id = {o}"),
        )
        .await?,
        buildings_without_rooms: rows(
            db,
            format!(
                "SELECT b.name AS x FROM buildings b WHERE b.org_id = {o} \
                 AND NOT EXISTS (SELECT 1 FROM rooms r WHERE r.building_id = b.id) \
                 ORDER BY b.name"
            ),
        )
        .await?,
        items_without_subject: rows(
            db,
            format!(
                "SELECT c.name AS x, ci.code AS y, ci.name AS z, ci.kind AS w \
                 FROM curriculum_items ci JOIN curricula c ON c.id = ci.curriculum_id \
                 WHERE ci.org_id = {o} AND ci.kind <> 'module' AND ci.subject_id IS NULL \
                 AND (c.student_person_id IS NOT NULL OR EXISTS \
                   (SELECT 1 FROM study_groups g WHERE {GROUP_CURRICULUM})) \
                 ORDER BY c.name, ci.position, ci.code"
            ),
        )
        .await?,
        groups_without_curriculum: rows(
            db,
            format!(
                "SELECT g.name AS x FROM study_groups g WHERE g.org_id = {o} \
                 AND NOT EXISTS (SELECT 1 FROM curricula c WHERE {GROUP_CURRICULUM}) \
                 ORDER BY g.name"
            ),
        )
        .await?,
        teachers: count(
            db,
            format!(
                "SELECT COUNT(DISTINCT a.person_id) FROM accounts a \
                 JOIN role_grants rg ON rg.account_id = a.id \
                 WHERE rg.org_id = {o} AND rg.role = 'teacher' AND a.active = TRUE"
            ),
        )
        .await?,
        load_teachers_not_staff: rows(
            db,
            format!(
                "SELECT DISTINCT p.surname AS x, p.name AS y, p.patronymic AS z \
                 FROM teaching_loads tl JOIN people p ON p.id = tl.teacher_person_id \
                 WHERE tl.org_id = {o} AND tl.school_year = {year} AND NOT ( \
                   EXISTS (SELECT 1 FROM staff s WHERE s.org_id = {o} \
                     AND s.person_id = tl.teacher_person_id) \
                   AND EXISTS ({active_teacher} AND a.person_id = tl.teacher_person_id)) \
                 ORDER BY x, y"
            ),
        )
        .await?,
        groups: count(
            db,
            format!("SELECT COUNT(*) FROM study_groups WHERE org_id = {o}"),
        )
        .await?,
        groups_without_students: rows(
            db,
            format!(
                "SELECT g.name AS x FROM study_groups g WHERE g.org_id = {o} \
                 AND NOT EXISTS (SELECT 1 FROM group_students gs WHERE gs.group_id = g.id) \
                 ORDER BY g.name"
            ),
        )
        .await?,
        students_without_group: rows(
            db,
            format!(
                "SELECT DISTINCT p.surname AS x, p.name AS y, p.patronymic AS z \
                 FROM role_grants rg JOIN accounts a ON a.id = rg.account_id \
                 JOIN people p ON p.id = a.person_id \
                 WHERE rg.org_id = {o} AND rg.role = 'student' AND NOT EXISTS \
                   (SELECT 1 FROM group_students gs WHERE gs.org_id = {o} \
                    AND gs.person_id = a.person_id) \
                 ORDER BY x, y"
            ),
        )
        .await?,
        semesters: count(
            db,
            format!(
                "SELECT COUNT(*) FROM calendar_periods WHERE org_id = {o} \
                 AND school_year = {year} AND kind = 'semester'"
            ),
        )
        .await?,
        groups_without_semester: rows(
            db,
            format!(
                "SELECT g.name AS x FROM study_groups g WHERE g.org_id = {o} \
                 AND NOT EXISTS (SELECT 1 FROM calendar_periods cp WHERE cp.org_id = {o} \
                   AND cp.school_year = {year} AND cp.kind = 'semester' \
                   AND (cp.group_id IS NULL OR cp.group_id = g.id)) \
                 ORDER BY g.name"
            ),
        )
        .await?,
        groups_without_bells: rows(
            db,
            format!(
                "SELECT g.name AS x FROM study_groups g WHERE g.org_id = {o} \
                 AND NOT EXISTS (SELECT 1 FROM bell_assignments ba WHERE ba.org_id = {o} \
                   AND ba.school_year = {year} AND ba.group_id = g.id) \
                 ORDER BY g.name"
            ),
        )
        .await?,
        items_without_control_form: rows(
            db,
            format!(
                "SELECT DISTINCT c.name AS x, ci.code AS y, ci.name AS z, ci.kind AS w \
                 FROM curriculum_items ci \
                 JOIN curricula c ON c.id = ci.curriculum_id \
                 JOIN curriculum_hours h ON h.item_id = ci.id \
                 JOIN study_groups g ON {GROUP_CURRICULUM} \
                 WHERE ci.org_id = {o} AND {in_year} \
                 AND h.lectures + h.practical + h.self_study + h.consultations \
                   + h.course_project > 0 \
                 AND NOT EXISTS (SELECT 1 FROM curriculum_hours h2 WHERE h2.item_id = ci.id \
                   AND h2.control_form IS NOT NULL AND h2.control_form <> '') \
                 ORDER BY x, y"
            ),
        )
        .await?,
        attestation_periods: count(
            db,
            format!(
                "SELECT COUNT(*) FROM calendar_periods WHERE org_id = {o} \
                 AND school_year = {year} AND kind = 'attestation'"
            ),
        )
        .await?,
        has_settings: count(
            db,
            format!("SELECT COUNT(*) FROM college_settings WHERE org_id = {o}"),
        )
        .await?
            > 0,
        items_without_load: rows(
            db,
            format!(
                "SELECT DISTINCT g.name AS x, ci.code AS y, ci.name AS z \
                 FROM curriculum_items ci \
                 JOIN curricula c ON c.id = ci.curriculum_id \
                 JOIN curriculum_hours h ON h.item_id = ci.id \
                 JOIN study_groups g ON {GROUP_CURRICULUM} \
                 WHERE ci.org_id = {o} AND ci.kind <> 'module' AND {in_year} \
                 AND h.lectures + h.practical + h.course_project > 0 \
                 AND NOT EXISTS (SELECT 1 FROM teaching_loads tl \
                   WHERE tl.school_year = {year} AND tl.item_id = ci.id \
                   AND tl.group_id = g.id \
                   AND tl.semester = h.semester - 2 * ({year} - g.intake_year)) \
                 ORDER BY x, y"
            ),
        )
        .await?,
    })
}
