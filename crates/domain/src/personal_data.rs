//! 152-ФЗ: a person's data on request, and erasing it.
//!
//! Erasing keeps what the college must keep (journal, attestation, debts:
//! records of education go to the archive) and removes what identifies the
//! person: the name, birth date, contacts, logins and family links.

use crate::role::Role;

/// The name an erased person's records stay under: it identifies no one
/// outside the college's own numbering.
pub fn anonymous_surname(person_id: i64) -> String {
    format!("Обезличено (№ {person_id})")
}

/// What the person is to the colleges now.
#[derive(Debug, Clone, Default)]
pub struct Standing {
    /// The person is listed in a study group.
    pub studies: bool,
    /// Roles the person holds in any college.
    pub roles: Vec<Role>,
    /// The one asking is the person.
    pub is_self: bool,
}

/// Why the data cannot be erased now, in Russian; `None` when it can.
pub fn erasure_refusal(s: &Standing) -> Option<&'static str> {
    if s.is_self {
        return Some("Свои данные удалить нельзя: это делает ответственный за персональные данные по вашему заявлению.");
    }
    if s.studies {
        return Some("Человек числится в учебной группе: пока он учится, его данные нужны журналу. Удалите его из группы (отчисление) и повторите.");
    }
    if s.roles
        .iter()
        .any(|r| r.is_staff() || *r == Role::RegionAdmin)
    {
        return Some("У человека есть роли сотрудника: сначала снимите их на его странице в разделе «Сотрудники».");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_former_student_parent_or_staff_member_is_erased() {
        assert_eq!(erasure_refusal(&Standing::default()), None);
        let parent = Standing {
            roles: vec![Role::Parent],
            ..Standing::default()
        };
        assert_eq!(erasure_refusal(&parent), None);
        let studying = Standing {
            studies: true,
            roles: vec![Role::Student],
            ..Standing::default()
        };
        assert!(erasure_refusal(&studying).is_some_and(|r| r.contains("учебной группе")));
        let teacher = Standing {
            roles: vec![Role::Teacher],
            ..Standing::default()
        };
        assert!(erasure_refusal(&teacher).is_some_and(|r| r.contains("роли сотрудника")));
        let me = Standing {
            is_self: true,
            ..Standing::default()
        };
        assert!(erasure_refusal(&me).is_some());
        assert_eq!(anonymous_surname(42), "Обезличено (№ 42)");
    }
}
