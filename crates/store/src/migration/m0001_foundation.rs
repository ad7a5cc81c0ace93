//! Organizations, reference data, people, accounts, roles, sessions, audit log.

use sea_orm_migration::prelude::*;

use super::helpers::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0001_foundation"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(n("orgs"))
                .col(id())
                .col(big_null("parent_id"))
                .col(text("kind"))
                .col(text("name"))
                .col(text("short_name"))
                .col(time("created_at"))
                .foreign_key(&mut fk("orgs", "parent_id", "orgs"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("orgs", &["parent_id"], false)).await?;

        m.create_table(
            Table::create()
                .table(n("college_settings"))
                .col(big("org_id").primary_key())
                .col(int("mark_edit_days").default(8))
                .col(int("attestation_edit_days").default(1))
                .foreign_key(&mut fk("college_settings", "org_id", "orgs"))
                .to_owned(),
        )
        .await?;

        m.create_table(college_table(
            "buildings",
            vec![text("name"), text_null("address")],
            &[],
        ))
        .await?;
        m.create_index(index("buildings", &["org_id", "name"], true))
            .await?;

        m.create_table(college_table(
            "rooms",
            vec![
                big("building_id"),
                text("number"),
                int("capacity"),
                text("kind"),
            ],
            &[("building_id", "buildings")],
        ))
        .await?;
        m.create_index(index("rooms", &["building_id", "number"], true))
            .await?;
        m.create_index(index("rooms", &["org_id", "building_id"], false))
            .await?;

        m.create_table(college_table(
            "specialties",
            vec![text("code"), text("name")],
            &[],
        ))
        .await?;
        m.create_index(index("specialties", &["org_id", "code"], true))
            .await?;

        m.create_table(college_table(
            "people",
            vec![
                text("surname"),
                text("name"),
                text_null("patronymic"),
                ColumnDef::new(n("birth_date")).date().null().to_owned(),
                text_null("email"),
                text_null("phone"),
                text("search_key"),
                time("created_at"),
            ],
            &[],
        ))
        .await?;
        m.create_index(index("people", &["org_id", "surname", "name"], false))
            .await?;

        m.create_table(college_table(
            "study_groups",
            vec![
                big("specialty_id"),
                text("name"),
                text("study_form"),
                int("intake_year"),
                big_null("curator_person_id"),
                text("search_key"),
            ],
            &[
                ("specialty_id", "specialties"),
                ("curator_person_id", "people"),
            ],
        ))
        .await?;
        m.create_index(index("study_groups", &["org_id", "name"], true))
            .await?;
        m.create_index(index("study_groups", &["curator_person_id"], false))
            .await?;
        m.create_index(index("study_groups", &["specialty_id"], false))
            .await?;

        m.create_table(college_table(
            "subgroups",
            vec![big("group_id"), text("name")],
            &[("group_id", "study_groups")],
        ))
        .await?;
        m.create_index(index("subgroups", &["group_id", "name"], true))
            .await?;

        m.create_table(college_table(
            "group_students",
            vec![big("group_id"), big("person_id"), big_null("subgroup_id")],
            &[
                ("group_id", "study_groups"),
                ("person_id", "people"),
                ("subgroup_id", "subgroups"),
            ],
        ))
        .await?;
        m.create_index(index("group_students", &["group_id", "person_id"], true))
            .await?;
        m.create_index(index("group_students", &["person_id"], false))
            .await?;
        m.create_index(index("group_students", &["org_id", "group_id"], false))
            .await?;

        m.create_table(college_table(
            "staff",
            vec![big("person_id"), text("position")],
            &[("person_id", "people")],
        ))
        .await?;
        m.create_index(index("staff", &["org_id", "person_id"], true))
            .await?;

        m.create_table(
            Table::create()
                .table(n("accounts"))
                .col(id())
                .col(big("person_id"))
                .col(text("login"))
                .col(text("password_hash"))
                .col(
                    ColumnDef::new(n("active"))
                        .boolean()
                        .not_null()
                        .default(true),
                )
                .col(time("created_at"))
                .col(time("password_changed_at"))
                .foreign_key(&mut fk("accounts", "person_id", "people"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("accounts", &["login"], true)).await?;
        m.create_index(index("accounts", &["person_id"], true))
            .await?;

        m.create_table(college_table(
            "role_grants",
            vec![
                big("account_id"),
                text("role"),
                text("scope_kind"),
                big("scope_id").default(0).to_owned(),
                big_null("granted_by"),
                time("created_at"),
            ],
            &[("account_id", "accounts"), ("granted_by", "accounts")],
        ))
        .await?;
        m.create_index(index(
            "role_grants",
            &["account_id", "org_id", "role", "scope_kind", "scope_id"],
            true,
        ))
        .await?;
        m.create_index(index("role_grants", &["org_id", "role"], false))
            .await?;

        m.create_table(college_table(
            "parent_links",
            vec![
                big("parent_person_id"),
                big("child_person_id"),
                text("relation"),
            ],
            &[
                ("parent_person_id", "people"),
                ("child_person_id", "people"),
            ],
        ))
        .await?;
        m.create_index(index(
            "parent_links",
            &["parent_person_id", "child_person_id"],
            true,
        ))
        .await?;
        m.create_index(index("parent_links", &["child_person_id"], false))
            .await?;
        m.create_index(index("parent_links", &["org_id"], false))
            .await?;

        m.create_table(college_table(
            "delegations",
            vec![
                big("parent_person_id"),
                big("delegate_person_id"),
                big("child_person_id"),
                ColumnDef::new(n("valid_until"))
                    .date()
                    .not_null()
                    .to_owned(),
                time("created_at"),
                time_null("revoked_at"),
            ],
            &[
                ("parent_person_id", "people"),
                ("delegate_person_id", "people"),
                ("child_person_id", "people"),
            ],
        ))
        .await?;
        m.create_index(index("delegations", &["delegate_person_id"], false))
            .await?;
        m.create_index(index("delegations", &["child_person_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table(n("sessions"))
                .col(text("id").primary_key())
                .col(big("account_id"))
                .col(big_null("org_id"))
                .col(text("csrf_token"))
                .col(time("created_at"))
                .col(time("last_seen_at"))
                .col(time("expires_at"))
                .col(text_null("ip"))
                .col(text_null("user_agent"))
                .foreign_key(&mut fk("sessions", "account_id", "accounts"))
                .foreign_key(&mut fk("sessions", "org_id", "orgs"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("sessions", &["account_id"], false))
            .await?;
        m.create_index(index("sessions", &["expires_at"], false))
            .await?;

        m.create_table(
            Table::create()
                .table(n("login_attempts"))
                .col(id())
                .col(text("login"))
                .col(text("ip"))
                .col(ColumnDef::new(n("success")).boolean().not_null())
                .col(time("at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("login_attempts", &["login", "at"], false))
            .await?;
        m.create_index(index("login_attempts", &["ip", "at"], false))
            .await?;

        m.create_table(
            Table::create()
                .table(n("consents"))
                .col(id())
                .col(big("account_id"))
                .col(text("terms_version"))
                .col(time("accepted_at"))
                .col(text_null("ip"))
                .foreign_key(&mut fk("consents", "account_id", "accounts"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("consents", &["account_id", "terms_version"], true))
            .await?;

        m.create_table(
            Table::create()
                .table(n("audit_log"))
                .col(id())
                .col(big_null("org_id"))
                .col(big_null("account_id"))
                .col(text("action"))
                .col(text("entity"))
                .col(big_null("entity_id"))
                .col(ColumnDef::new(n("details")).text().not_null())
                .col(time("at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("audit_log", &["org_id", "at"], false))
            .await?;
        append_only(m, "audit_log").await
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "the foundation migration is not reversible".into(),
        ))
    }
}
