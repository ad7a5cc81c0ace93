//! Timetable conflicts (seed 3.2, 3.3): what stops a lesson from being put in
//! a pair. Pure: the service loads what already occupies the pair and asks.

use serde::Serialize;

/// A lesson, planned or proposed, in one pair, with names for the messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The lesson or weekly slot it is (None for a new one), so editing a lesson never conflicts with itself.
    pub id: Option<i64>,
    pub group_id: i64,
    pub group: String,
    /// None: the whole group.
    pub subgroup_id: Option<i64>,
    pub subgroup: Option<String>,
    pub teacher_id: i64,
    pub teacher: String,
    pub room_id: Option<i64>,
    pub room: Option<String>,
    pub subject: String,
}

impl Placement {
    fn who(&self) -> String {
        match &self.subgroup {
            Some(s) => format!("{} ({s})", self.group),
            None => self.group.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    Teacher,
    Room,
    Group,
    Capacity,
    Unavailable,
    Load,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    pub kind: ConflictKind,
    pub message: String,
}

/// Facts about the proposed lesson beyond the pair's occupants.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Students who attend it; the room must hold them.
    pub students: i64,
    pub room_capacity: Option<i64>,
    /// The teacher's note when they are unavailable at this pair.
    pub teacher_unavailable: Option<String>,
    /// Hours of the teaching load, and hours already scheduled without this lesson.
    pub load_hours: Option<(i64, i64)>,
}

/// Every reason the proposed lesson cannot be put in the pair whose other
/// lessons are `occupants`; empty when it fits.
pub fn conflicts(new: &Placement, occupants: &[Placement], facts: &Facts) -> Vec<Conflict> {
    let mut out = Vec::new();
    let mut push = |kind, message: String| out.push(Conflict { kind, message });
    for o in occupants
        .iter()
        .filter(|o| o.id.is_none() || o.id != new.id)
    {
        if o.teacher_id == new.teacher_id {
            push(
                ConflictKind::Teacher,
                format!(
                    "Преподаватель {} в эту пару уже ведёт «{}» у группы {}.",
                    new.teacher,
                    o.subject,
                    o.who()
                ),
            );
        }
        if new.room_id.is_some() && o.room_id == new.room_id {
            push(
                ConflictKind::Room,
                format!(
                    "Кабинет {} в эту пару занят: «{}», группа {}.",
                    new.room.as_deref().unwrap_or("?"),
                    o.subject,
                    o.who()
                ),
            );
        }
        let same_students = o.group_id == new.group_id
            && (o.subgroup_id.is_none()
                || new.subgroup_id.is_none()
                || o.subgroup_id == new.subgroup_id);
        if same_students {
            push(
                ConflictKind::Group,
                format!("У группы {} в эту пару уже стоит «{}».", o.who(), o.subject),
            );
        }
    }
    if let Some(capacity) = facts.room_capacity {
        if facts.students > capacity {
            push(
                ConflictKind::Capacity,
                format!(
                    "Кабинет {} мал: {} мест, а обучающихся {}.",
                    new.room.as_deref().unwrap_or("?"),
                    capacity,
                    facts.students
                ),
            );
        }
    }
    if let Some(note) = &facts.teacher_unavailable {
        let why = if note.is_empty() {
            String::new()
        } else {
            format!(" ({note})")
        };
        push(
            ConflictKind::Unavailable,
            format!("Преподаватель {} в эту пару недоступен{why}.", new.teacher),
        );
    }
    if let Some((load, scheduled)) = facts.load_hours {
        let with_this = scheduled + crate::journal::HOURS_PER_PAIR;
        if with_this > load {
            push(
                ConflictKind::Load,
                format!(
                    "Сверх нагрузки: по «{}» у группы {} запланировано {load} ч, а с этим занятием будет {with_this} ч.",
                    new.subject,
                    new.who()
                ),
            );
        }
    }
    out
}

/// Week types of colleges that alternate weeks (числитель / знаменатель).
pub fn week_type_title(t: i32) -> &'static str {
    match t {
        1 => "нечётная неделя",
        2 => "чётная неделя",
        _ => "каждую неделю",
    }
}

/// Whether a slot of `week_type` is held in the ISO week `iso_week`.
pub fn week_type_applies(week_type: i32, iso_week: u32) -> bool {
    match week_type {
        1 => iso_week % 2 == 1,
        2 => iso_week.is_multiple_of(2),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson(id: i64, group: i64, sub: Option<i64>, teacher: i64, room: Option<i64>) -> Placement {
        Placement {
            id: Some(id),
            group_id: group,
            group: format!("Г-{group}"),
            subgroup_id: sub,
            subgroup: sub.map(|s| format!("подгруппа {s}")),
            teacher_id: teacher,
            teacher: format!("Учитель {teacher}"),
            room_id: room,
            room: room.map(|r| r.to_string()),
            subject: "Химия".into(),
        }
    }

    fn kinds(c: &[Conflict]) -> Vec<ConflictKind> {
        c.iter().map(|c| c.kind).collect()
    }

    #[test]
    fn finds_teacher_room_and_group_clashes() {
        let new = Placement {
            id: None,
            ..lesson(0, 1, None, 10, Some(101))
        };
        let other_group_same_teacher = lesson(1, 2, None, 10, Some(102));
        let c = conflicts(&new, &[other_group_same_teacher], &Facts::default());
        assert_eq!(kinds(&c), vec![ConflictKind::Teacher]);
        assert_eq!(
            c[0].message,
            "Преподаватель Учитель 10 в эту пару уже ведёт «Химия» у группы Г-2."
        );
        let same_room = lesson(2, 3, None, 11, Some(101));
        assert_eq!(
            kinds(&conflicts(&new, &[same_room], &Facts::default())),
            vec![ConflictKind::Room]
        );
        let own_group = lesson(3, 1, Some(5), 12, Some(103));
        assert_eq!(
            kinds(&conflicts(&new, &[own_group], &Facts::default())),
            vec![ConflictKind::Group]
        );
    }

    #[test]
    fn subgroups_run_in_parallel_and_a_lesson_never_clashes_with_itself() {
        let a = lesson(1, 1, Some(5), 10, Some(101));
        let b = lesson(2, 1, Some(6), 11, Some(102));
        assert!(conflicts(&b, std::slice::from_ref(&a), &Facts::default()).is_empty());
        assert!(conflicts(&a, std::slice::from_ref(&a), &Facts::default()).is_empty());
    }

    #[test]
    fn capacity_unavailability_and_load() {
        let new = lesson(1, 1, None, 10, Some(101));
        let facts = Facts {
            students: 25,
            room_capacity: Some(16),
            teacher_unavailable: Some("методический день".into()),
            load_hours: Some((36, 36)),
        };
        let c = conflicts(&new, &[], &facts);
        assert_eq!(
            kinds(&c),
            vec![
                ConflictKind::Capacity,
                ConflictKind::Unavailable,
                ConflictKind::Load
            ]
        );
        assert_eq!(c[0].message, "Кабинет 101 мал: 16 мест, а обучающихся 25.");
        assert!(c[2]
            .message
            .contains("запланировано 36 ч, а с этим занятием будет 38 ч"));
        let fits = Facts {
            students: 16,
            room_capacity: Some(16),
            load_hours: Some((36, 34)),
            ..Facts::default()
        };
        assert!(conflicts(&new, &[], &fits).is_empty());
    }

    #[test]
    fn week_types_alternate() {
        assert!(week_type_applies(0, 3) && week_type_applies(1, 3) && !week_type_applies(2, 3));
        assert!(week_type_applies(2, 4) && !week_type_applies(1, 4));
    }
}
