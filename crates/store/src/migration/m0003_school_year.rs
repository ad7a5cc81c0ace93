//! The school year (seed 3.2, 3.3): the academic calendar, bell schedules,
//! curricula, teaching load, the weekly timetable, changes of single lessons,
//! calendar feeds and the year's opening.

use sea_orm_migration::prelude::*;

use super::helpers::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0003_school_year"
    }
}

fn flag(name: &str) -> ColumnDef {
    ColumnDef::new(n(name))
        .boolean()
        .not_null()
        .default(false)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(college_table(
            "school_years",
            vec![int("year"), time_null("opened_at"), big_null("opened_by")],
            &[("opened_by", "accounts")],
        ))
        .await?;
        m.create_index(index("school_years", &["org_id", "year"], true))
            .await?;

        // A period of the calendar: a semester, holidays, attestation, practice
        // or a part-time session; for the whole college or one group.
        m.create_table(college_table(
            "calendar_periods",
            vec![
                int("school_year"),
                text("kind"),
                int("semester"),
                big_null("group_id"),
                text("name"),
                date("starts_on"),
                date("ends_on"),
            ],
            &[("group_id", "study_groups")],
        ))
        .await?;
        m.create_index(index(
            "calendar_periods",
            &["org_id", "school_year", "starts_on"],
            false,
        ))
        .await?;

        m.create_table(college_table("bell_schedules", vec![text("name")], &[]))
            .await?;
        m.create_index(index("bell_schedules", &["org_id", "name"], true))
            .await?;
        m.create_table(college_table(
            "bell_pairs",
            vec![
                big("schedule_id"),
                int("pair_no"),
                text("starts_at"),
                text("ends_at"),
            ],
            &[("schedule_id", "bell_schedules")],
        ))
        .await?;
        m.create_index(index("bell_pairs", &["schedule_id", "pair_no"], true))
            .await?;
        // A schedule for a group (or a student on an individual plan) in a year.
        m.create_table(college_table(
            "bell_assignments",
            vec![
                int("school_year"),
                big("schedule_id"),
                big_null("group_id"),
                big_null("student_person_id"),
            ],
            &[
                ("schedule_id", "bell_schedules"),
                ("group_id", "study_groups"),
                ("student_person_id", "people"),
            ],
        ))
        .await?;
        m.create_index(index(
            "bell_assignments",
            &["org_id", "school_year", "group_id"],
            true,
        ))
        .await?;
        m.create_index(index(
            "bell_assignments",
            &["org_id", "school_year", "student_person_id"],
            true,
        ))
        .await?;

        m.create_table(college_table(
            "curricula",
            vec![
                big("specialty_id"),
                text("study_form"),
                int("intake_year"),
                text("name"),
                big_null("student_person_id"),
            ],
            &[
                ("specialty_id", "specialties"),
                ("student_person_id", "people"),
            ],
        ))
        .await?;
        m.create_index(index("curricula", &["org_id", "name"], true))
            .await?;
        m.create_index(index(
            "curricula",
            &["org_id", "specialty_id", "intake_year"],
            false,
        ))
        .await?;
        m.create_table(college_table(
            "curriculum_items",
            vec![
                big("curriculum_id"),
                big_null("parent_id"),
                text("kind"),
                text("code"),
                text("name"),
                big_null("subject_id"),
                int("position"),
            ],
            &[
                ("curriculum_id", "curricula"),
                ("parent_id", "curriculum_items"),
                ("subject_id", "subjects"),
            ],
        ))
        .await?;
        m.create_index(index("curriculum_items", &["curriculum_id", "code"], true))
            .await?;
        m.create_table(college_table(
            "curriculum_hours",
            vec![
                big("item_id"),
                int("semester"),
                int("lectures"),
                int("practical"),
                int("self_study"),
                int("consultations"),
                int("course_project"),
                text_null("control_form"),
            ],
            &[("item_id", "curriculum_items")],
        ))
        .await?;
        m.create_index(index("curriculum_hours", &["item_id", "semester"], true))
            .await?;

        // Hours of a curriculum item in a semester, for a group or a subgroup,
        // given to a teacher. `part` is the subgroup's id or 0 for the whole
        // group, so one unique index covers both (NULLs never collide).
        m.create_table(college_table(
            "teaching_loads",
            vec![
                int("school_year"),
                int("semester"),
                big("item_id"),
                big("group_id"),
                big_null("subgroup_id"),
                big("part"),
                big("subject_id"),
                big("teacher_person_id"),
                int("hours"),
            ],
            &[
                ("item_id", "curriculum_items"),
                ("group_id", "study_groups"),
                ("subgroup_id", "subgroups"),
                ("subject_id", "subjects"),
                ("teacher_person_id", "people"),
            ],
        ))
        .await?;
        m.create_index(index(
            "teaching_loads",
            &["school_year", "semester", "item_id", "group_id", "part"],
            true,
        ))
        .await?;
        m.create_index(index(
            "teaching_loads",
            &["org_id", "school_year", "teacher_person_id"],
            false,
        ))
        .await?;
        m.create_index(index("teaching_loads", &["group_id", "school_year"], false))
            .await?;

        // The weekly pattern: week_type 0 every week, 1 odd, 2 even weeks.
        m.create_table(college_table(
            "timetable_slots",
            vec![
                int("school_year"),
                int("semester"),
                big("group_id"),
                big_null("subgroup_id"),
                int("weekday"),
                int("pair_no"),
                int("week_type"),
                big("subject_id"),
                big("teacher_person_id"),
                big_null("room_id"),
            ],
            &[
                ("group_id", "study_groups"),
                ("subgroup_id", "subgroups"),
                ("subject_id", "subjects"),
                ("teacher_person_id", "people"),
                ("room_id", "rooms"),
            ],
        ))
        .await?;
        m.create_index(index(
            "timetable_slots",
            &["org_id", "school_year", "semester", "weekday", "pair_no"],
            false,
        ))
        .await?;
        m.create_index(index(
            "timetable_slots",
            &["group_id", "school_year"],
            false,
        ))
        .await?;

        m.create_table(college_table(
            "teacher_unavailability",
            vec![
                big("teacher_person_id"),
                int("weekday"),
                int("pair_no"),
                text("note"),
            ],
            &[("teacher_person_id", "people")],
        ))
        .await?;
        m.create_index(index(
            "teacher_unavailability",
            &["teacher_person_id", "weekday", "pair_no"],
            true,
        ))
        .await?;

        for column in [flag("cancelled"), flag("changed")] {
            m.alter_table(
                Table::alter()
                    .table(n("lessons"))
                    .add_column(column)
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(index("lessons", &["room_id", "date"], false))
            .await?;
        // What occupies one pair across the college: the timetable's conflict check.
        m.create_index(index("lessons", &["org_id", "date", "pair_no"], false))
            .await?;

        // Every substitution, cancellation and move of a lesson (seed 3.3:
        // «учёт результатов замен и отмен занятий»); append-only.
        m.create_table(college_table(
            "lesson_changes",
            vec![
                big("lesson_id"),
                text("kind"),
                text("reason"),
                long_text("before"),
                long_text("after"),
                big("created_by"),
                time("created_at"),
            ],
            &[("lesson_id", "lessons"), ("created_by", "accounts")],
        ))
        .await?;
        m.create_index(index("lesson_changes", &["lesson_id"], false))
            .await?;
        m.create_index(index("lesson_changes", &["org_id", "created_at"], false))
            .await?;
        append_only(m, "lesson_changes").await?;

        m.create_table(college_table(
            "calendar_feeds",
            vec![
                big("account_id"),
                text("token_hash"),
                time("created_at"),
                time_null("revoked_at"),
            ],
            &[("account_id", "accounts")],
        ))
        .await?;
        m.create_index(index("calendar_feeds", &["token_hash"], true))
            .await?;
        m.create_index(index("calendar_feeds", &["account_id"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "the school-year migration is not reversible".into(),
        ))
    }
}
