//! The permission policy. Services ask `actor.can(permission)` before every
//! read and write; anything not allowed here is denied.

use crate::role::{Grant, Role, Scope};

/// Who is asking, in which college, with the relations that widen their reach.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub account_id: i64,
    pub person_id: i64,
    /// The college the actor works in now (their session's choice).
    pub org_id: i64,
    pub grants: Vec<Grant>,
    /// Children (person ids) linked to this parent in `org_id`.
    pub children: Vec<i64>,
    /// Children whose parent delegated their rights to this person, still valid today.
    pub delegated_children: Vec<i64>,
}

/// What an actor wants to do. Facts about the target that the decision
/// needs (a student's group) travel inside the permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// The college's reference lists: buildings, rooms, specialties, groups, staff.
    ReferenceRead,
    /// Creating and changing reference data and the contingent.
    ReferenceWrite,
    /// Giving or taking away a role in the college.
    GrantRole(Role),
    /// The roster of one group.
    GroupRead { group_id: i64 },
    /// One student's record: card, diary, marks, attendance, attestation,
    /// debts. The administration that reads every journal, the group's
    /// curator, the student and their family; not the dispatcher, whose
    /// work is the timetable and the contingent lists (names and groups).
    StudentRead {
        person_id: i64,
        group_id: Option<i64>,
    },
    /// Students' and parents' contacts (phone, e-mail, login): the group's
    /// curator and the administration; never a delegate or another family.
    ContactsRead { group_id: i64 },
    /// Monitoring across the colleges of a region.
    RegionMonitor { region_id: i64 },
    /// A group's journal for a subject; `teaches`: the teaching load of the
    /// year gives the actor the subject in the group (a substitute reads the
    /// substituted lesson only, through `LessonWrite`).
    JournalRead { group_id: i64, teaches: bool },
    /// Marks, topic, homework and files of a lesson: its teacher or substitute.
    LessonWrite {
        teacher_id: i64,
        substitute_id: Option<i64>,
    },
    /// Attendance at a lesson: its teacher or substitute, or the group's curator.
    AttendanceWrite {
        teacher_id: i64,
        substitute_id: Option<i64>,
        group_id: i64,
    },
    /// Letting a teacher enter marks after the deadline (seed 3.2).
    GrantUnlock,
    /// Notice of a student's future absence (seed 3.3): a parent, a delegate, the curator.
    AbsenceNotice { student_id: i64, group_id: i64 },
    /// The calendar, bell schedules, the timetable and changes of single lessons (the dispatcher's work).
    ScheduleWrite,
    /// Curricula and the teaching load (seed 3.2: the administration).
    CurriculumWrite,
    /// A teacher's load and вычитка: the administration, the dispatcher, or the teacher themself.
    LoadRead { teacher_id: i64 },
    /// Opening the school year after the reference check (seed 3.2).
    OpenYear,
    /// Attestation marks of a group's subject (seed 3.2.1): its teacher, or
    /// the deputy and administrator who answer for the sheet.
    AttestationWrite { teaches: bool },
    /// Retakes of academic debts: dates, commissions, results (273-ФЗ art. 58).
    DebtWrite,
    /// Final marks and the diploma supplement of graduates (the officer who prints diplomas).
    DiplomaRead,
    /// The log of who read whose personal data (152-ФЗ): the officer
    /// responsible for personal data, and the director who appoints them.
    ReadLogRead,
    /// A person's personal data on request (152-ФЗ): a copy of everything
    /// kept about them, and erasing it. The officer and the director.
    PersonalDataManage,
}

/// Roles that read every journal of the college (read-only).
const JOURNAL_READERS: [Role; 4] = [
    Role::Director,
    Role::Deputy,
    Role::Admin,
    Role::PartTimeHead,
];

/// Roles that see the whole college's reference data.
const COLLEGE_READERS: [Role; 5] = [
    Role::Director,
    Role::Deputy,
    Role::Admin,
    Role::Dispatcher,
    Role::PartTimeHead,
];

impl Actor {
    /// The roles held in the current college.
    pub fn roles(&self) -> Vec<Role> {
        let mut roles: Vec<Role> = self
            .grants
            .iter()
            .filter(|g| g.org_id == self.org_id)
            .map(|g| g.role)
            .collect();
        roles.sort();
        roles.dedup();
        roles
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.grants
            .iter()
            .any(|g| g.org_id == self.org_id && g.role == role)
    }

    fn has_any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has_role(*r))
    }

    /// Groups this actor curates in the current college.
    pub fn curated_groups(&self) -> Vec<i64> {
        self.grants
            .iter()
            .filter(|g| g.org_id == self.org_id && g.role == Role::Curator)
            .filter_map(|g| match g.scope {
                Scope::Group(id) => Some(id),
                _ => None,
            })
            .collect()
    }

    /// Children this actor may see: own and delegated.
    pub fn reachable_children(&self) -> impl Iterator<Item = i64> + '_ {
        let as_parent = self.has_role(Role::Parent).then_some(&self.children);
        let as_delegate = self
            .has_role(Role::Delegate)
            .then_some(&self.delegated_children);
        as_parent
            .into_iter()
            .chain(as_delegate)
            .flat_map(|v| v.iter().copied())
    }

    /// The college's administration reads every journal.
    pub fn reads_all_journals(&self) -> bool {
        self.has_any(&JOURNAL_READERS)
    }

    pub fn can(&self, permission: Permission) -> bool {
        match permission {
            Permission::ReferenceRead => self.has_any(&COLLEGE_READERS),
            Permission::ReferenceWrite => self.has_any(&[Role::Admin, Role::Deputy]),
            Permission::GrantRole(role) => self.can_grant(role),
            Permission::GroupRead { group_id } => {
                self.has_any(&COLLEGE_READERS) || self.curated_groups().contains(&group_id)
            }
            Permission::StudentRead {
                person_id,
                group_id,
            } => {
                self.reads_all_journals()
                    || (self.has_role(Role::Student) && self.person_id == person_id)
                    || self.reachable_children().any(|c| c == person_id)
                    || group_id.is_some_and(|g| self.curated_groups().contains(&g))
            }
            Permission::ContactsRead { group_id } => {
                self.has_any(&[Role::Director, Role::Deputy, Role::Admin])
                    || self.curated_groups().contains(&group_id)
            }
            Permission::RegionMonitor { region_id } => self
                .grants
                .iter()
                .any(|g| g.role == Role::RegionAdmin && g.org_id == region_id),
            Permission::JournalRead { group_id, teaches } => {
                self.reads_all_journals()
                    || self.curated_groups().contains(&group_id)
                    || (teaches && self.has_role(Role::Teacher))
            }
            Permission::LessonWrite {
                teacher_id,
                substitute_id,
            } => self.teaches(teacher_id, substitute_id),
            Permission::AttendanceWrite {
                teacher_id,
                substitute_id,
                group_id,
            } => {
                self.teaches(teacher_id, substitute_id) || self.curated_groups().contains(&group_id)
            }
            Permission::GrantUnlock => self.has_any(&[Role::Deputy, Role::Admin]),
            Permission::AbsenceNotice {
                student_id,
                group_id,
            } => {
                self.reachable_children().any(|c| c == student_id)
                    || self.curated_groups().contains(&group_id)
            }
            Permission::ScheduleWrite => {
                self.has_any(&[Role::Dispatcher, Role::Deputy, Role::Admin])
            }
            Permission::CurriculumWrite => self.has_any(&[Role::Deputy, Role::Admin]),
            Permission::LoadRead { teacher_id } => {
                self.has_any(&COLLEGE_READERS)
                    || (self.has_role(Role::Teacher) && teacher_id == self.person_id)
            }
            Permission::OpenYear => self.has_any(&[Role::Director, Role::Deputy, Role::Admin]),
            Permission::AttestationWrite { teaches } => {
                (teaches && self.has_role(Role::Teacher))
                    || self.has_any(&[Role::Deputy, Role::Admin])
            }
            Permission::DebtWrite => self.has_any(&[Role::Deputy, Role::Admin, Role::PartTimeHead]),
            Permission::DiplomaRead => {
                self.has_any(&[Role::Officer, Role::Director, Role::Deputy, Role::Admin])
            }
            Permission::ReadLogRead | Permission::PersonalDataManage => {
                self.has_any(&[Role::Officer, Role::Director])
            }
        }
    }

    /// Whether reading this person's records goes in the read log (152-ФЗ):
    /// every reader but the person and their parents, whose reads are the
    /// person's own right. Staff and delegates are logged.
    pub fn read_is_logged(&self, person_id: i64) -> bool {
        let own = self.person_id == person_id;
        let parent = self.has_role(Role::Parent) && self.children.contains(&person_id);
        !(own || parent)
    }

    /// The lesson is the actor's: they teach it, or substitute for its teacher.
    fn teaches(&self, teacher_id: i64, substitute_id: Option<i64>) -> bool {
        self.has_role(Role::Teacher)
            && match substitute_id {
                // A substituted lesson belongs to the substitute.
                Some(s) => s == self.person_id,
                None => teacher_id == self.person_id,
            }
    }

    /// Seed 3.1: the director appoints deputies and administrators; deputies and
    /// administrators appoint the other staff roles. Student, parent and
    /// delegate come from the contingent, region operators from the command line.
    fn can_grant(&self, role: Role) -> bool {
        if !role.is_staff() {
            return false;
        }
        if self.has_role(Role::Director) {
            return true;
        }
        match role {
            Role::Director | Role::Deputy | Role::Admin => false,
            _ => self.has_any(&[Role::Admin, Role::Deputy]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORG: i64 = 1;

    fn actor(role: Role, scope: Scope) -> Actor {
        Actor {
            account_id: 1,
            person_id: 100,
            org_id: ORG,
            grants: vec![Grant {
                org_id: ORG,
                role,
                scope,
            }],
            ..Actor::default()
        }
    }

    #[test]
    fn reads_by_staff_and_delegates_are_logged_not_the_family_s() {
        let child = 7;
        let mut parent = actor(Role::Parent, Scope::College);
        parent.children = vec![child];
        assert!(!parent.read_is_logged(child));
        assert!(parent.read_is_logged(8), "another child");
        let mut delegate = actor(Role::Delegate, Scope::College);
        delegate.delegated_children = vec![child];
        assert!(delegate.read_is_logged(child));
        let student = actor(Role::Student, Scope::College);
        assert!(!student.read_is_logged(student.person_id));
        assert!(actor(Role::Deputy, Scope::College).read_is_logged(child));
        assert!(actor(Role::Officer, Scope::College).can(Permission::ReadLogRead));
        assert!(!actor(Role::Deputy, Scope::College).can(Permission::ReadLogRead));
        assert!(!actor(Role::Admin, Scope::College).can(Permission::ReadLogRead));
        assert!(actor(Role::Officer, Scope::College).can(Permission::PersonalDataManage));
        assert!(!actor(Role::Admin, Scope::College).can(Permission::PersonalDataManage));
        assert!(!actor(Role::Teacher, Scope::College).can(Permission::PersonalDataManage));
    }

    #[test]
    fn everything_is_denied_without_grants() {
        let nobody = Actor {
            org_id: ORG,
            ..Actor::default()
        };
        for p in [
            Permission::ReferenceRead,
            Permission::ReferenceWrite,
            Permission::GrantRole(Role::Teacher),
            Permission::GroupRead { group_id: 1 },
            Permission::StudentRead {
                person_id: 1,
                group_id: Some(1),
            },
            Permission::RegionMonitor { region_id: ORG },
            Permission::ScheduleWrite,
            Permission::CurriculumWrite,
            Permission::LoadRead { teacher_id: 100 },
            Permission::OpenYear,
            Permission::AttestationWrite { teaches: true },
            Permission::ReadLogRead,
            Permission::PersonalDataManage,
            Permission::DebtWrite,
        ] {
            assert!(!nobody.can(p), "{p:?}");
        }
    }

    #[test]
    fn grants_in_another_college_do_not_count() {
        let mut director = actor(Role::Director, Scope::College);
        director.org_id = 2;
        assert!(!director.can(Permission::ReferenceRead));
    }

    #[test]
    fn reference_read_and_write() {
        let table = [
            (Role::Director, true, false),
            (Role::Deputy, true, true),
            (Role::Admin, true, true),
            (Role::Dispatcher, true, false),
            (Role::PartTimeHead, true, false),
            (Role::Officer, false, false),
            (Role::Teacher, false, false),
            (Role::Curator, false, false),
            (Role::ExtraTeacher, false, false),
            (Role::Student, false, false),
            (Role::Parent, false, false),
            (Role::Delegate, false, false),
            (Role::RegionAdmin, false, false),
        ];
        for (role, read, write) in table {
            let a = actor(role, role_scope(role));
            assert_eq!(a.can(Permission::ReferenceRead), read, "{role:?} read");
            assert_eq!(a.can(Permission::ReferenceWrite), write, "{role:?} write");
        }
    }

    fn role_scope(role: Role) -> Scope {
        match role {
            Role::Curator => Scope::Group(5),
            _ => Scope::College,
        }
    }

    #[test]
    fn who_grants_what() {
        let director = actor(Role::Director, Scope::College);
        let admin = actor(Role::Admin, Scope::College);
        let teacher = actor(Role::Teacher, Scope::College);
        assert!(director.can(Permission::GrantRole(Role::Deputy)));
        assert!(director.can(Permission::GrantRole(Role::Admin)));
        assert!(!director.can(Permission::GrantRole(Role::RegionAdmin)));
        assert!(!director.can(Permission::GrantRole(Role::Parent)));
        assert!(!admin.can(Permission::GrantRole(Role::Deputy)));
        assert!(!admin.can(Permission::GrantRole(Role::Director)));
        assert!(admin.can(Permission::GrantRole(Role::Teacher)));
        assert!(admin.can(Permission::GrantRole(Role::Officer)));
        assert!(!teacher.can(Permission::GrantRole(Role::Teacher)));
    }

    #[test]
    fn curator_reads_only_own_group() {
        let curator = actor(Role::Curator, Scope::Group(5));
        assert!(curator.can(Permission::GroupRead { group_id: 5 }));
        assert!(!curator.can(Permission::GroupRead { group_id: 6 }));
        assert!(curator.can(Permission::StudentRead {
            person_id: 42,
            group_id: Some(5)
        }));
        assert!(!curator.can(Permission::StudentRead {
            person_id: 42,
            group_id: Some(6)
        }));
    }

    #[test]
    fn the_dispatcher_keeps_the_timetable_not_the_records() {
        let dispatcher = actor(Role::Dispatcher, Scope::College);
        assert!(dispatcher.can(Permission::ReferenceRead));
        assert!(dispatcher.can(Permission::ScheduleWrite));
        assert!(dispatcher.can(Permission::GroupRead { group_id: 5 }));
        assert!(!dispatcher.can(Permission::StudentRead {
            person_id: 42,
            group_id: Some(5)
        }));
        assert!(!dispatcher.can(Permission::ContactsRead { group_id: 5 }));
        let deputy = actor(Role::Deputy, Scope::College);
        assert!(deputy.can(Permission::StudentRead {
            person_id: 42,
            group_id: Some(5)
        }));
        assert!(deputy.can(Permission::ContactsRead { group_id: 5 }));
    }

    #[test]
    fn contacts_are_the_curators_and_the_administrations() {
        let curator = actor(Role::Curator, Scope::Group(5));
        assert!(curator.can(Permission::ContactsRead { group_id: 5 }));
        assert!(!curator.can(Permission::ContactsRead { group_id: 6 }));
        let mut delegate = actor(Role::Delegate, Scope::College);
        delegate.delegated_children = vec![42];
        assert!(delegate.can(Permission::StudentRead {
            person_id: 42,
            group_id: Some(5)
        }));
        assert!(!delegate.can(Permission::ContactsRead { group_id: 5 }));
        for role in [Role::Student, Role::Parent, Role::Teacher, Role::Dispatcher] {
            assert!(!actor(role, Scope::College).can(Permission::ContactsRead { group_id: 5 }));
        }
    }

    #[test]
    fn parent_reads_own_child_only() {
        let mut parent = actor(Role::Parent, Scope::College);
        parent.children = vec![42];
        assert!(parent.can(Permission::StudentRead {
            person_id: 42,
            group_id: None
        }));
        assert!(!parent.can(Permission::StudentRead {
            person_id: 43,
            group_id: None
        }));
        // Children listed without the parent role give nothing.
        let mut teacher = actor(Role::Teacher, Scope::College);
        teacher.children = vec![42];
        assert!(!teacher.can(Permission::StudentRead {
            person_id: 42,
            group_id: None
        }));
    }

    #[test]
    fn delegate_reads_delegated_child_only() {
        let mut delegate = actor(Role::Delegate, Scope::College);
        delegate.delegated_children = vec![42];
        assert!(delegate.can(Permission::StudentRead {
            person_id: 42,
            group_id: None
        }));
        assert!(!delegate.can(Permission::StudentRead {
            person_id: 41,
            group_id: None
        }));
    }

    #[test]
    fn student_reads_self_only() {
        let student = actor(Role::Student, Scope::College);
        assert!(student.can(Permission::StudentRead {
            person_id: 100,
            group_id: Some(5)
        }));
        assert!(!student.can(Permission::StudentRead {
            person_id: 101,
            group_id: Some(5)
        }));
        assert!(!student.can(Permission::GroupRead { group_id: 5 }));
    }

    #[test]
    fn lessons_belong_to_their_teacher_or_substitute() {
        let teacher = actor(Role::Teacher, Scope::College); // person 100
        let own = Permission::LessonWrite {
            teacher_id: 100,
            substitute_id: None,
        };
        let others = Permission::LessonWrite {
            teacher_id: 101,
            substitute_id: None,
        };
        let substituted_away = Permission::LessonWrite {
            teacher_id: 100,
            substitute_id: Some(102),
        };
        let substituting = Permission::LessonWrite {
            teacher_id: 101,
            substitute_id: Some(100),
        };
        assert!(teacher.can(own));
        assert!(!teacher.can(others));
        assert!(!teacher.can(substituted_away));
        assert!(teacher.can(substituting));
        let director = actor(Role::Director, Scope::College);
        assert!(
            !director.can(own),
            "the director reads journals, never writes them"
        );
        assert!(director.can(Permission::JournalRead {
            group_id: 1,
            teaches: false
        }));
    }

    #[test]
    fn curator_marks_attendance_of_own_group_only() {
        let curator = actor(Role::Curator, Scope::Group(5));
        let at = |group_id| Permission::AttendanceWrite {
            teacher_id: 1,
            substitute_id: None,
            group_id,
        };
        assert!(curator.can(at(5)));
        assert!(!curator.can(at(6)));
        assert!(!curator.can(Permission::LessonWrite {
            teacher_id: 1,
            substitute_id: None
        }));
        assert!(curator.can(Permission::JournalRead {
            group_id: 5,
            teaches: false
        }));
        assert!(!curator.can(Permission::JournalRead {
            group_id: 6,
            teaches: false
        }));
    }

    #[test]
    fn unlocks_and_notices() {
        assert!(actor(Role::Deputy, Scope::College).can(Permission::GrantUnlock));
        assert!(!actor(Role::Teacher, Scope::College).can(Permission::GrantUnlock));
        let mut parent = actor(Role::Parent, Scope::College);
        parent.children = vec![42];
        assert!(parent.can(Permission::AbsenceNotice {
            student_id: 42,
            group_id: 1
        }));
        assert!(!parent.can(Permission::AbsenceNotice {
            student_id: 43,
            group_id: 1
        }));
    }

    #[test]
    fn region_admin_monitors_own_region_only() {
        let mut op = actor(Role::RegionAdmin, Scope::College);
        op.grants[0].org_id = 10;
        assert!(op.can(Permission::RegionMonitor { region_id: 10 }));
        assert!(!op.can(Permission::RegionMonitor { region_id: 11 }));
    }

    #[test]
    fn school_year_work() {
        let table = [
            (Role::Director, false, false, true),
            (Role::Deputy, true, true, true),
            (Role::Admin, true, true, true),
            (Role::Dispatcher, true, false, false),
            (Role::Teacher, false, false, false),
            (Role::Curator, false, false, false),
            (Role::Student, false, false, false),
        ];
        for (role, schedule, curriculum, open) in table {
            let a = actor(role, Scope::College);
            assert_eq!(a.can(Permission::ScheduleWrite), schedule, "{role:?}");
            assert_eq!(a.can(Permission::CurriculumWrite), curriculum, "{role:?}");
            assert_eq!(a.can(Permission::OpenYear), open, "{role:?}");
        }
        let teacher = actor(Role::Teacher, Scope::College);
        assert!(teacher.can(Permission::LoadRead { teacher_id: 100 }));
        assert!(!teacher.can(Permission::LoadRead { teacher_id: 101 }));
    }
}
