//! Intermediate attestation (seed 3.2.1) and academic debts (273-ФЗ art. 58):
//! each subject's attestation period per group, the marks with their
//! append-only history, debts and their retakes.

use sea_orm_migration::prelude::*;

use super::helpers::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Whether a 2 and a «не зачтено» make an academic debt (the college's local act).
        m.alter_table(
            Table::alter()
                .table(n("college_settings"))
                .add_column(
                    ColumnDef::new(n("two_is_debt"))
                        .boolean()
                        .not_null()
                        .default(true)
                        .to_owned(),
                )
                .to_owned(),
        )
        .await?;

        // A subject's attestation period for a group when it is not the
        // calendar's: the end of a work-program module or a period of the
        // college's list.
        m.create_table(college_table(
            "attestation_schedules",
            vec![
                int("school_year"),
                int("semester"),
                big("group_id"),
                big("subject_id"),
                text("source"),
                text("name"),
                date("starts_on"),
                date("ends_on"),
                big("set_by"),
                time("set_at"),
            ],
            &[
                ("group_id", "study_groups"),
                ("subject_id", "subjects"),
                ("set_by", "accounts"),
            ],
        ))
        .await?;
        m.create_index(index(
            "attestation_schedules",
            &["group_id", "school_year", "semester", "subject_id"],
            true,
        ))
        .await?;

        m.create_table(college_table(
            "attestation_marks",
            vec![
                int("school_year"),
                int("semester"),
                big("group_id"),
                big("subject_id"),
                big("student_person_id"),
                text("control_form"),
                text("value"),
                big("updated_by"),
                time("updated_at"),
            ],
            &[
                ("group_id", "study_groups"),
                ("subject_id", "subjects"),
                ("student_person_id", "people"),
                ("updated_by", "accounts"),
            ],
        ))
        .await?;
        // One mark a student, subject and semester: the schema keeps it so.
        m.create_index(index(
            "attestation_marks",
            &["student_person_id", "school_year", "semester", "subject_id"],
            true,
        ))
        .await?;
        m.create_index(index(
            "attestation_marks",
            &["group_id", "school_year", "semester", "subject_id"],
            false,
        ))
        .await?;

        m.create_table(college_table(
            "attestation_changes",
            vec![
                big("mark_id"),
                text("old_value"),
                text("new_value"),
                text("via"),
                big("changed_by"),
                time("changed_at"),
            ],
            &[("mark_id", "attestation_marks"), ("changed_by", "accounts")],
        ))
        .await?;
        m.create_index(index("attestation_changes", &["mark_id"], false))
            .await?;
        append_only(m, "attestation_changes").await?;

        m.create_table(college_table(
            "academic_debts",
            vec![
                int("school_year"),
                int("semester"),
                big("group_id"),
                big("subject_id"),
                big("student_person_id"),
                text("arisen_from"),
                date("arisen_on"),
                date("deadline"),
                text("status"),
                text("result"),
                ColumnDef::new(n("closed_on")).date().null().to_owned(),
            ],
            &[
                ("group_id", "study_groups"),
                ("subject_id", "subjects"),
                ("student_person_id", "people"),
            ],
        ))
        .await?;
        m.create_index(index(
            "academic_debts",
            &["student_person_id", "school_year", "semester", "subject_id"],
            true,
        ))
        .await?;
        m.create_index(index("academic_debts", &["org_id", "status"], false))
            .await?;
        m.create_index(index("academic_debts", &["group_id", "status"], false))
            .await?;

        m.create_table(college_table(
            "debt_retakes",
            vec![
                big("debt_id"),
                int("attempt"),
                date("held_on"),
                text("commission"),
                text("result"),
                big("created_by"),
                time("created_at"),
            ],
            &[("debt_id", "academic_debts"), ("created_by", "accounts")],
        ))
        .await?;
        m.create_index(index("debt_retakes", &["debt_id", "attempt"], true))
            .await?;
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "the attestation migration is not reversible".into(),
        ))
    }
}
