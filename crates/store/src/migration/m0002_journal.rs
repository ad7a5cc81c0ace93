//! The journal: subjects, work kinds, lessons, marks, attendance, their
//! history, unlocks, absence notices, notifications and the mail outbox.

use sea_orm_migration::prelude::*;

use super::helpers::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0002_journal"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(college_table(
            "subjects",
            vec![
                text("name"),
                text("short_name"),
                text("kind"),
                text("scale"),
            ],
            &[],
        ))
        .await?;
        m.create_index(index("subjects", &["org_id", "name"], true))
            .await?;

        m.create_table(college_table(
            "work_kinds",
            vec![text("name"), int("weight"), int("position")],
            &[],
        ))
        .await?;
        m.create_index(index("work_kinds", &["org_id", "name"], true))
            .await?;

        m.create_table(college_table(
            "lessons",
            vec![
                big("group_id"),
                big_null("subgroup_id"),
                big("subject_id"),
                big("teacher_person_id"),
                big_null("substitute_person_id"),
                big_null("room_id"),
                date("date"),
                int("pair_no"),
                text("starts_at"),
                text("ends_at"),
                text("kind"),
                long_text("topic"),
                long_text("homework"),
            ],
            &[
                ("group_id", "study_groups"),
                ("subgroup_id", "subgroups"),
                ("subject_id", "subjects"),
                ("teacher_person_id", "people"),
                ("substitute_person_id", "people"),
                ("room_id", "rooms"),
            ],
        ))
        .await?;
        m.create_index(index("lessons", &["group_id", "subject_id", "date"], false))
            .await?;
        m.create_index(index("lessons", &["group_id", "date"], false))
            .await?;
        m.create_index(index("lessons", &["teacher_person_id", "date"], false))
            .await?;
        m.create_index(index("lessons", &["substitute_person_id", "date"], false))
            .await?;

        m.create_table(college_table(
            "lesson_files",
            vec![
                big("lesson_id"),
                text("file_name"),
                text("content_type"),
                big("size"),
                ColumnDef::new(n("data")).binary().not_null().to_owned(),
                big("created_by"),
                time("created_at"),
            ],
            &[("lesson_id", "lessons"), ("created_by", "accounts")],
        ))
        .await?;
        m.create_index(index("lesson_files", &["lesson_id"], false))
            .await?;

        m.create_table(college_table(
            "journal_entries",
            vec![
                big("lesson_id"),
                big("student_person_id"),
                text_null("attendance"),
                text_null("reason"),
                text_null("source"),
                int("version"),
                big("updated_by"),
                time("updated_at"),
            ],
            &[
                ("lesson_id", "lessons"),
                ("student_person_id", "people"),
                ("updated_by", "accounts"),
            ],
        ))
        .await?;
        m.create_index(index(
            "journal_entries",
            &["lesson_id", "student_person_id"],
            true,
        ))
        .await?;
        m.create_index(index(
            "journal_entries",
            &["student_person_id", "lesson_id"],
            false,
        ))
        .await?;

        m.create_table(college_table(
            "marks",
            vec![
                big("entry_id"),
                big("lesson_id"),
                big("student_person_id"),
                text("value"),
                big("work_kind_id"),
                int("position"),
                big("created_by"),
                time("created_at"),
            ],
            &[
                ("entry_id", "journal_entries"),
                ("lesson_id", "lessons"),
                ("student_person_id", "people"),
                ("work_kind_id", "work_kinds"),
                ("created_by", "accounts"),
            ],
        ))
        .await?;
        m.create_index(index("marks", &["lesson_id"], false))
            .await?;
        m.create_index(index("marks", &["entry_id"], false)).await?;
        m.create_index(index("marks", &["student_person_id", "lesson_id"], false))
            .await?;

        m.create_table(college_table(
            "journal_history",
            vec![
                big("lesson_id"),
                big("student_person_id"),
                text("what"),
                big_null("mark_id"),
                text_null("old_value"),
                text_null("new_value"),
                big("changed_by"),
                time("changed_at"),
                text("via"),
            ],
            &[("lesson_id", "lessons"), ("student_person_id", "people")],
        ))
        .await?;
        m.create_index(index(
            "journal_history",
            &["lesson_id", "student_person_id"],
            false,
        ))
        .await?;
        append_only(m, "journal_history").await?;

        m.create_table(college_table(
            "journal_unlocks",
            vec![
                big("teacher_person_id"),
                big("group_id"),
                big_null("subject_id"),
                date("date_from"),
                date("date_to"),
                text("reason"),
                big("granted_by"),
                time("created_at"),
            ],
            &[
                ("teacher_person_id", "people"),
                ("group_id", "study_groups"),
                ("subject_id", "subjects"),
                ("granted_by", "accounts"),
            ],
        ))
        .await?;
        m.create_index(index(
            "journal_unlocks",
            &["teacher_person_id", "group_id"],
            false,
        ))
        .await?;

        m.create_table(college_table(
            "absence_notices",
            vec![
                big("student_person_id"),
                date("date_from"),
                date("date_to"),
                text("reason"),
                long_text("note"),
                big("created_by"),
                time("created_at"),
            ],
            &[("student_person_id", "people"), ("created_by", "accounts")],
        ))
        .await?;
        m.create_index(index("absence_notices", &["student_person_id"], false))
            .await?;

        m.create_table(college_table(
            "notifications",
            vec![
                big("person_id"),
                text("kind"),
                text("title"),
                long_text("body"),
                text("link"),
                time("created_at"),
                time_null("read_at"),
            ],
            &[("person_id", "people")],
        ))
        .await?;
        m.create_index(index("notifications", &["person_id", "id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table(n("outbox"))
                .col(id())
                .col(big_null("org_id"))
                .col(text("to_addr"))
                .col(text("subject"))
                .col(long_text("body"))
                .col(int("attempts"))
                .col(time("created_at"))
                .col(time("next_attempt_at"))
                .col(time_null("sent_at"))
                .col(text_null("last_error"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("outbox", &["sent_at", "next_attempt_at"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "the journal migration is not reversible".into(),
        ))
    }
}
