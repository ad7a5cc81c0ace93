//! The roles of DESIGN.md and the reach ("scope") a grant gives.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    RegionAdmin,
    Director,
    Deputy,
    Admin,
    Dispatcher,
    Officer,
    Teacher,
    Curator,
    ExtraTeacher,
    PartTimeHead,
    Student,
    Parent,
    Delegate,
}

impl Role {
    pub const ALL: [Role; 13] = [
        Role::RegionAdmin,
        Role::Director,
        Role::Deputy,
        Role::Admin,
        Role::Dispatcher,
        Role::Officer,
        Role::Teacher,
        Role::Curator,
        Role::ExtraTeacher,
        Role::PartTimeHead,
        Role::Student,
        Role::Parent,
        Role::Delegate,
    ];

    /// The code stored in the database and used in the API.
    pub fn code(self) -> &'static str {
        match self {
            Role::RegionAdmin => "region_admin",
            Role::Director => "director",
            Role::Deputy => "deputy",
            Role::Admin => "admin",
            Role::Dispatcher => "dispatcher",
            Role::Officer => "officer",
            Role::Teacher => "teacher",
            Role::Curator => "curator",
            Role::ExtraTeacher => "extra_teacher",
            Role::PartTimeHead => "part_time_head",
            Role::Student => "student",
            Role::Parent => "parent",
            Role::Delegate => "delegate",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The name college staff use.
    pub fn title(self) -> &'static str {
        match self {
            Role::RegionAdmin => "Оператор региона",
            Role::Director => "Директор",
            Role::Deputy => "Заместитель директора",
            Role::Admin => "Администратор ЭЖ",
            Role::Dispatcher => "Диспетчер",
            Role::Officer => "Ответственный",
            Role::Teacher => "Преподаватель",
            Role::Curator => "Куратор группы",
            Role::ExtraTeacher => "Педагог доп. образования",
            Role::PartTimeHead => "Заведующий заочным отделением",
            Role::Student => "Обучающийся",
            Role::Parent => "Родитель",
            Role::Delegate => "Доверенное лицо",
        }
    }

    /// Roles that are granted to staff by hand. Students, parents and delegates
    /// come from the contingent and from parents' own delegations.
    pub fn is_staff(self) -> bool {
        !matches!(
            self,
            Role::Student | Role::Parent | Role::Delegate | Role::RegionAdmin
        )
    }

    /// The scope kind a grant of this role must carry.
    pub fn scope_kind(self) -> ScopeKind {
        match self {
            Role::Curator => ScopeKind::Group,
            _ => ScopeKind::College,
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.title())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    College,
    Group,
    Subject,
    Child,
}

impl ScopeKind {
    pub fn code(self) -> &'static str {
        match self {
            ScopeKind::College => "college",
            ScopeKind::Group => "group",
            ScopeKind::Subject => "subject",
            ScopeKind::Child => "child",
        }
    }

    pub fn from_code(code: &str) -> Option<ScopeKind> {
        [
            ScopeKind::College,
            ScopeKind::Group,
            ScopeKind::Subject,
            ScopeKind::Child,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

/// How far a grant reaches inside its college.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Scope {
    College,
    Group(i64),
    Subject(i64),
    Child(i64),
}

impl Scope {
    pub fn kind(self) -> ScopeKind {
        match self {
            Scope::College => ScopeKind::College,
            Scope::Group(_) => ScopeKind::Group,
            Scope::Subject(_) => ScopeKind::Subject,
            Scope::Child(_) => ScopeKind::Child,
        }
    }

    /// The id stored beside the kind; 0 for the whole college, so that a
    /// unique index over (account, org, role, kind, id) works on both databases.
    pub fn id(self) -> i64 {
        match self {
            Scope::College => 0,
            Scope::Group(id) | Scope::Subject(id) | Scope::Child(id) => id,
        }
    }

    pub fn from_parts(kind: ScopeKind, id: i64) -> Scope {
        match kind {
            ScopeKind::College => Scope::College,
            ScopeKind::Group => Scope::Group(id),
            ScopeKind::Subject => Scope::Subject(id),
            ScopeKind::Child => Scope::Child(id),
        }
    }
}

/// One role held in one college (or region) with its reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub org_id: i64,
    pub role: Role,
    pub scope: Scope,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_code("superuser"), None);
    }

    #[test]
    fn scope_parts_round_trip() {
        for scope in [
            Scope::College,
            Scope::Group(7),
            Scope::Subject(3),
            Scope::Child(9),
        ] {
            assert_eq!(Scope::from_parts(scope.kind(), scope.id()), scope);
        }
    }
}
