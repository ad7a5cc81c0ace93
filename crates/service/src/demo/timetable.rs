//! The demo's weekly timetable: who teaches what in which full-time group,
//! and a Monday–Friday pattern of pairs without a teacher, a room or a group
//! in two places at once, made by the timetabling solver with the college's
//! goals (no windows for groups, few for teachers, a subject in one room).
//! Pure and deterministic from the seed.

use ::timetable::{Budget, Course, Curriculum, SolverOptions};
use domain::reference::StudyForm;
use domain::Role;

use super::catalog::{self, Dept, Need, SUBJECTS};
use super::plan::{Plan, Rng, BUILDINGS};
use crate::timetable::auto::goals;

pub const DAYS: usize = 5;
pub const PAIRS: usize = 4;
/// Pairs a week a teacher teaches at most.
const CAP: usize = 14;
/// A teacher this light takes a second subject of their area before an idle colleague is asked.
const LIGHT: usize = 8;
/// Moves the solver tries for the week: a budget rather than a time, so the
/// demo is the same on any machine; about a second.
const SOLVER_MOVES: u64 = 3_000_000;

/// A room of the demo college, in the order of `plan::BUILDINGS`.
#[derive(Debug, Clone, Copy)]
pub struct Room {
    pub kind: &'static str,
    pub capacity: usize,
}

pub fn rooms() -> Vec<Room> {
    BUILDINGS
        .iter()
        .flat_map(|b| b.rooms.iter())
        .map(|&(_, capacity, kind)| Room {
            kind,
            capacity: usize::try_from(capacity).unwrap_or(0),
        })
        .collect()
}

/// A full-time group as the timetable sees it.
pub struct ClassGroup {
    /// Index into `Plan::groups`.
    pub group: usize,
    pub specialty: usize,
    pub curator: usize,
    /// Students in each subgroup.
    pub sizes: [usize; 2],
    pub lines: &'static [catalog::Line],
}

impl ClassGroup {
    pub fn size(&self) -> usize {
        self.sizes[0] + self.sizes[1]
    }
}

/// The full-time groups of the plan with their curricula.
pub fn class_groups(plan: &Plan) -> Vec<ClassGroup> {
    plan.groups
        .iter()
        .enumerate()
        .filter(|(_, g)| g.form == StudyForm::FullTime)
        .map(|(i, g)| {
            let mut sizes = [0, 0];
            for &s in &g.students {
                let k = plan.students[s].subgroup.unwrap_or(0).min(1);
                sizes[k] += 1;
            }
            let course = 2026 - g.intake + 1;
            ClassGroup {
                group: i,
                specialty: g.specialty,
                curator: g.curator,
                sizes,
                lines: catalog::curriculum(course, g.specialty),
            }
        })
        .collect()
}

/// One teacher's share of a curriculum line: seat 0 teaches the whole group
/// and the first subgroup, seat 1 the second subgroup of split pairs.
#[derive(Debug, Clone)]
pub struct Job {
    /// Index into the class groups.
    pub class: usize,
    pub line: usize,
    pub subject: usize,
    pub seat: usize,
    pub pairs: usize,
    pub dept: Dept,
    /// Index into `Plan::staff`.
    pub teacher: Option<usize>,
}

/// One pair of the weekly pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weekly {
    /// Index into `Plan::groups`.
    pub group: usize,
    /// 0 for «1 подгруппа», 1 for «2 подгруппа».
    pub subgroup: Option<usize>,
    /// Index into `catalog::SUBJECTS`.
    pub subject: usize,
    /// Index into `Plan::staff`.
    pub teacher: usize,
    /// Index into [`rooms`].
    pub room: usize,
    /// 0 is Monday.
    pub weekday: usize,
    /// 0 is the first pair.
    pub pair: usize,
    pub kind: &'static str,
}

pub struct Timetable {
    pub classes: Vec<ClassGroup>,
    pub jobs: Vec<Job>,
    pub weekly: Vec<Weekly>,
    /// Every pair of every curriculum found a slot.
    pub complete: bool,
}

pub fn build(plan: &Plan, seed: u64) -> Timetable {
    let mut rng = Rng::new(seed ^ 0x7431_E7AB_1E00_0001);
    let classes = class_groups(plan);
    let jobs = assign_teachers(plan, &classes, &mut rng);
    let (weekly, complete) = solve_week(&classes, &jobs, seed ^ 0x7431_E7AB_1E00_0002);
    Timetable {
        classes,
        jobs,
        weekly,
        complete,
    }
}

fn teacher_login(plan: &Plan, login: &str) -> Option<usize> {
    plan.staff.iter().position(|s| s.login == login)
}

/// Every curriculum line's seats: seat 0 for the whole group (and the first
/// subgroup), seat 1 for the second subgroup of split pairs.
fn jobs_of(classes: &[ClassGroup]) -> Vec<Job> {
    let mut jobs = Vec::new();
    for (ci, c) in classes.iter().enumerate() {
        for (li, &(name, pairs, lab)) in c.lines.iter().enumerate() {
            let Some(subject) = catalog::subject_index(name) else {
                continue;
            };
            let dept = catalog::dept_for(subject, c.specialty);
            let second = if SUBJECTS[subject].by_subgroups {
                pairs
            } else {
                lab
            };
            for (seat, pairs) in [(0, pairs), (1, second)] {
                if pairs > 0 {
                    jobs.push(Job {
                        class: ci,
                        line: li,
                        subject,
                        seat,
                        pairs,
                        dept,
                        teacher: None,
                    });
                }
            }
        }
    }
    jobs
}

/// Who teaches what so far.
struct Staffing {
    jobs: Vec<Job>,
    /// Pairs a week, by staff index.
    load: Vec<usize>,
    /// Subjects, the first one the teacher's main.
    subjects_of: Vec<Vec<usize>>,
    dept_of: Vec<Option<Dept>>,
    /// Teachers of each subject, in the order they took it.
    owners: Vec<Vec<usize>>,
}

impl Staffing {
    fn give(&mut self, j: usize, t: usize) {
        let job = &mut self.jobs[j];
        job.teacher = Some(t);
        self.load[t] += job.pairs;
        if !self.subjects_of[t].contains(&job.subject) {
            self.subjects_of[t].push(job.subject);
            self.owners[job.subject].push(t);
        }
        self.dept_of[t].get_or_insert(job.dept);
    }

    /// The teacher of the other seat of the same line, who cannot take this one.
    fn sibling(&self, j: usize) -> Option<usize> {
        let job = &self.jobs[j];
        self.jobs
            .iter()
            .find(|o| o.class == job.class && o.line == job.line && o.seat != job.seat)
            .and_then(|o| o.teacher)
    }

    /// Moves all of `from`'s lessons of subject `s` to `to`.
    fn hand_over(&mut self, s: usize, from: usize, to: usize) {
        for job in self.jobs.iter_mut() {
            if job.subject == s && job.teacher == Some(from) {
                job.teacher = Some(to);
                self.load[from] -= job.pairs;
                self.load[to] += job.pairs;
            }
        }
        self.subjects_of[from].retain(|&x| x != s);
        self.owners[s].retain(|&x| x != from);
        self.subjects_of[to].push(s);
        self.owners[s].push(to);
        self.dept_of[to] = Some(SUBJECTS[s].dept);
    }
}

/// Gives every curriculum line's seats a teacher: teacher1 the Russian
/// language of the first course, every curator a subject in their own
/// group, and the rest one or two subjects each, across several groups.
fn assign_teachers(plan: &Plan, classes: &[ClassGroup], rng: &mut Rng) -> Vec<Job> {
    let staff = plan.staff.len();
    let mut st = Staffing {
        jobs: jobs_of(classes),
        load: vec![0; staff],
        subjects_of: vec![Vec::new(); staff],
        dept_of: vec![None; staff],
        owners: vec![Vec::new(); SUBJECTS.len()],
    };
    let mut teachers: Vec<usize> = (0..staff)
        .filter(|&i| plan.staff[i].role == Role::Teacher)
        .collect();
    rng.shuffle(&mut teachers);

    // teacher1: the Russian language of the first course.
    if let (Some(t), Some(russian)) = (
        teacher_login(plan, "teacher1"),
        catalog::subject_index("Русский язык"),
    ) {
        for j in 0..st.jobs.len() {
            if st.jobs[j].subject == russian && st.load[t] + st.jobs[j].pairs <= CAP {
                st.give(j, t);
            }
        }
    }

    // Every curator teaches a subject of their own group, one nobody has yet
    // where the group allows.
    for (ci, c) in classes.iter().enumerate() {
        let options = |st: &Staffing, fresh: bool| -> Vec<usize> {
            (0..st.jobs.len())
                .filter(|&j| {
                    let job = &st.jobs[j];
                    job.class == ci
                        && job.seat == 0
                        && job.teacher.is_none()
                        && SUBJECTS[job.subject].kind != "practice"
                        && (!fresh || st.owners[job.subject].is_empty())
                })
                .collect()
        };
        let mut choice = options(&st, true);
        if choice.is_empty() {
            choice = options(&st, false);
        }
        if !choice.is_empty() && st.load[c.curator] == 0 {
            let j = choice[rng.index(choice.len())];
            st.give(j, c.curator);
        }
    }

    // The rest, the heaviest subjects first, shared evenly between as few
    // teachers as the load allows.
    let mut totals = vec![0usize; SUBJECTS.len()];
    for j in &st.jobs {
        totals[j.subject] += j.pairs;
    }
    let mut order: Vec<usize> = (0..SUBJECTS.len()).collect();
    order.sort_by_key(|&s| (std::cmp::Reverse(totals[s]), s));
    for s in order {
        let shares = totals[s].div_ceil(CAP).max(1);
        let cap = CAP.min(totals[s].div_ceil(shares) + 1);
        // The practice is led by the specialty's own teachers.
        let practice = SUBJECTS[s].kind == "practice";
        let mut mine: Vec<usize> = (0..st.jobs.len())
            .filter(|&j| st.jobs[j].subject == s)
            .collect();
        mine.sort_by_key(|&j| (st.jobs[j].seat, st.jobs[j].class));
        for j in mine {
            if st.jobs[j].teacher.is_some() {
                continue;
            }
            let other = st.sibling(j);
            let (pairs, dept) = (st.jobs[j].pairs, st.jobs[j].dept);
            let free =
                |t: usize, st: &Staffing, cap: usize| st.load[t] + pairs <= cap && Some(t) != other;
            // An owner of the subject with room left; else a new one: a
            // light colleague of the same area, an idle teacher, anyone.
            let owner = st.owners[s]
                .iter()
                .copied()
                .find(|&t| free(t, &st, cap) && (!practice || st.dept_of[t] == Some(dept)));
            let chosen = owner
                .or_else(|| {
                    teachers
                        .iter()
                        .copied()
                        .filter(|&t| st.subjects_of[t].len() < 2 && free(t, &st, CAP))
                        .min_by_key(|&t| {
                            let same = st.dept_of[t] == Some(dept);
                            let rank = if same && st.load[t] + pairs <= LIGHT {
                                0
                            } else if st.subjects_of[t].is_empty() {
                                1
                            } else if same {
                                2
                            } else {
                                3
                            };
                            (rank, st.load[t])
                        })
                })
                .or_else(|| {
                    teachers
                        .iter()
                        .copied()
                        .filter(|&t| free(t, &st, CAP))
                        .min_by_key(|&t| st.load[t])
                });
            if let Some(t) = chosen {
                st.give(j, t);
            }
        }
    }

    // Nobody idle: a teacher without lessons takes over the second subject
    // of the busiest colleague with two.
    for &idle in &teachers {
        if st.load[idle] > 0 {
            continue;
        }
        let donor = teachers
            .iter()
            .copied()
            .filter(|&t| st.subjects_of[t].len() == 2)
            .max_by_key(|&t| (st.load[t], std::cmp::Reverse(t)));
        let Some(donor) = donor else { break };
        let s = st.subjects_of[donor][1];
        st.hand_over(s, donor, idle);
    }
    st.jobs
}

/// The room a subject's lessons need; split lessons of a subject held by
/// the whole group otherwise go to the laboratories.
fn need_of(subject: usize, split: bool) -> Need {
    let s = &SUBJECTS[subject];
    if split && !s.by_subgroups {
        Need::Lab
    } else {
        s.room
    }
}

/// A course of the solver's problem: a line's whole-group pairs, or one
/// subgroup's share of its split pairs.
struct Part {
    class: usize,
    line: usize,
    subject: usize,
    subgroup: Option<usize>,
    teacher: usize,
}

/// The courses of the week, with the pairs no teacher was found for.
fn courses_of(classes: &[ClassGroup], jobs: &[Job]) -> (Vec<Part>, Vec<Course>, usize) {
    let (mut parts, mut courses, mut untaught) = (Vec::new(), Vec::new(), 0);
    for (ci, c) in classes.iter().enumerate() {
        for (li, &(name, pairs, lab)) in c.lines.iter().enumerate() {
            let Some(subject) = catalog::subject_index(name) else {
                continue;
            };
            let teacher = |seat: usize| {
                jobs.iter()
                    .find(|j| j.class == ci && j.line == li && j.seat == seat)
                    .and_then(|j| j.teacher)
            };
            let s = &SUBJECTS[subject];
            let split = if s.by_subgroups { pairs } else { lab };
            let mut split_need = need_of(subject, true);
            if s.kind == "practice" && c.specialty == catalog::CHEMISTRY_SPECIALTY {
                split_need = Need::Lab;
            }
            let shares = [
                (None, pairs.saturating_sub(split), s.room, 0),
                (Some(0), split, split_need, 0),
                (Some(1), split, split_need, 1),
            ];
            for (subgroup, lectures, need, seat) in shares {
                if lectures == 0 {
                    continue;
                }
                let Some(t) = teacher(seat) else {
                    untaught += lectures;
                    continue;
                };
                courses.push(Course {
                    name: format!("c{}", courses.len()),
                    teacher: format!("t{t}"),
                    lectures,
                    min_working_days: lectures.min(DAYS),
                    students: subgroup.map_or(c.size(), |k| c.sizes[k]),
                    room_kind: Some(need.room_kind().to_string()),
                });
                parts.push(Part {
                    class: ci,
                    line: li,
                    subject,
                    subgroup,
                    teacher: t,
                });
            }
        }
    }
    (parts, courses, untaught)
}

/// The week solved as the college's auto timetable solves it (the same
/// goals), with a move budget and a seed so the demo repeats; whether every
/// pair found a place with nobody and nothing twice.
fn solve_week(classes: &[ClassGroup], jobs: &[Job], seed: u64) -> (Vec<Weekly>, bool) {
    let (parts, courses, untaught) = courses_of(classes, jobs);
    let rooms = rooms()
        .iter()
        .enumerate()
        .map(|(i, r)| ::timetable::Room {
            name: format!("r{i}"),
            capacity: r.capacity,
            kind: if Need::Class.accepts(r.kind) {
                ""
            } else {
                r.kind
            }
            .to_string(),
        })
        .collect();
    let keys: Vec<(usize, Option<usize>)> = parts.iter().map(|p| (p.class, p.subgroup)).collect();
    let curricula = goals::curricula(&keys)
        .into_iter()
        .enumerate()
        .map(|(i, (_, _, courses))| Curriculum {
            name: format!("q{i}"),
            courses,
        })
        .collect();
    let problem = goals::problem(
        format!("demo-{seed}"),
        (DAYS, PAIRS),
        courses,
        rooms,
        curricula,
        &[],
    );
    let problem = match problem {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(error = %e, "demo: the timetabling problem is malformed");
            return (Vec::new(), false);
        }
    };
    let options = SolverOptions {
        seed,
        threads: 1,
        budget: Budget::iterations(SOLVER_MOVES),
    };
    let outcome = ::timetable::solve(&problem, &options);
    let complete = untaught == 0 && outcome.evaluation.hard() == 0;
    let mut placements = outcome.solution.placements;
    placements.sort_by_key(|p| (parts[p.course].class, p.period, parts[p.course].subgroup));
    // The first whole-group pair of a line in the week is the lecture.
    let mut seen: Vec<(usize, usize)> = Vec::new();
    let weekly = placements
        .iter()
        .map(|p| {
            let part = &parts[p.course];
            let s = &SUBJECTS[part.subject];
            let kind = match part.subgroup {
                Some(_) if s.by_subgroups => "practical",
                Some(_) => "laboratory",
                None if s.room == Need::Gym || seen.contains(&(part.class, part.line)) => {
                    "practical"
                }
                None => {
                    seen.push((part.class, part.line));
                    "lecture"
                }
            };
            Weekly {
                group: classes[part.class].group,
                subgroup: part.subgroup,
                subject: part.subject,
                teacher: part.teacher,
                room: p.room,
                weekday: p.period / PAIRS,
                pair: p.period % PAIRS,
                kind,
            }
        })
        .collect();
    (weekly, complete)
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet, HashSet};

    use super::*;
    use crate::demo::plan;

    /// Checks one seed's week: complete, nobody and nothing in two places,
    /// rooms big enough, each subgroup's week the curriculum's pairs with no
    /// window and at most four pairs a day, 7–9 subjects a group.
    fn check(seed: u64) -> Timetable {
        let plan = plan::build(seed);
        let t = build(&plan, seed);
        assert!(t.complete, "seed {seed}: the week is incomplete");
        let rooms = rooms();
        let mut teachers = HashSet::new();
        let mut used_rooms = HashSet::new();
        for w in &t.weekly {
            assert!(
                teachers.insert((w.teacher, w.weekday, w.pair)),
                "seed {seed}: teacher {} twice at {} {}",
                w.teacher,
                w.weekday,
                w.pair
            );
            assert!(
                used_rooms.insert((w.room, w.weekday, w.pair)),
                "seed {seed}: room {} twice",
                w.room
            );
            let c = t
                .classes
                .iter()
                .find(|c| c.group == w.group)
                .expect("a class");
            let size = match w.subgroup {
                Some(k) => c.sizes[k],
                None => c.size(),
            };
            assert!(
                rooms[w.room].capacity >= size,
                "seed {seed}: room too small"
            );
            assert_eq!(plan.staff[w.teacher].role, Role::Teacher);
        }
        for c in &t.classes {
            for k in 0..2 {
                // Subgroup k's days: the whole group's pairs and its own.
                let mut days: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
                for w in t.weekly.iter().filter(|w| w.group == c.group) {
                    if w.subgroup.is_none_or(|s| s == k) {
                        assert!(days.entry(w.weekday).or_default().insert(w.pair));
                    }
                }
                let week: usize = days.values().map(BTreeSet::len).sum();
                let want: usize = c.lines.iter().map(|l| l.1).sum();
                assert_eq!(week, want, "seed {seed}");
                for pairs in days.values() {
                    assert!(pairs.len() <= goals::DAILY_PAIRS, "seed {seed}: {pairs:?}");
                    let (first, last) = (pairs.first(), pairs.last());
                    let span = last.zip(first).map_or(0, |(l, f)| l - f + 1);
                    assert_eq!(span, pairs.len(), "seed {seed}: a window in {pairs:?}");
                }
            }
            let subjects: HashSet<usize> = t
                .weekly
                .iter()
                .filter(|w| w.group == c.group)
                .map(|w| w.subject)
                .collect();
            assert!((7..=9).contains(&subjects.len()));
            // Whole-group lessons are alone; subgroups may meet in parallel.
            for w in t.weekly.iter().filter(|w| w.group == c.group) {
                let same: Vec<&Weekly> = t
                    .weekly
                    .iter()
                    .filter(|o| o.group == c.group && o.weekday == w.weekday && o.pair == w.pair)
                    .collect();
                if w.subgroup.is_none() {
                    assert_eq!(same.len(), 1);
                } else {
                    assert!(same.len() <= 2 && same.iter().all(|o| o.subgroup.is_some()));
                }
            }
        }
        assert!(t.jobs.iter().all(|j| j.teacher.is_some()));
        t
    }

    #[test]
    fn the_week_fits_for_many_seeds() {
        for seed in [crate::demo::DEFAULT_SEED, 1, 2, 3, 7, 42, 1000, 12345] {
            check(seed);
        }
    }

    #[test]
    fn teachers_have_one_or_two_subjects_and_curators_teach_their_groups() {
        let seed = crate::demo::DEFAULT_SEED;
        let plan = plan::build(seed);
        let t = check(seed);
        let mut subjects: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        let mut groups: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        let mut load: BTreeMap<usize, usize> = BTreeMap::new();
        for w in &t.weekly {
            subjects.entry(w.teacher).or_default().insert(w.subject);
            groups.entry(w.teacher).or_default().insert(w.group);
            *load.entry(w.teacher).or_default() += 1;
        }
        let teachers = plan
            .staff
            .iter()
            .filter(|s| s.role == Role::Teacher)
            .count();
        assert!(subjects.len() * 10 >= teachers * 9, "most teachers teach");
        assert!(subjects.values().all(|s| (1..=2).contains(&s.len())));
        assert!(load.values().all(|&l| l <= CAP));
        let t1 = teacher_login(&plan, "teacher1").expect("teacher1");
        assert!(groups[&t1].len() >= 2);
        for c in &t.classes {
            assert!(
                t.weekly
                    .iter()
                    .any(|w| w.group == c.group && w.teacher == c.curator),
                "the curator of {} teaches there",
                plan.groups[c.group].name
            );
        }
        let several = groups.values().filter(|g| g.len() >= 2).count();
        assert!(
            several * 3 >= groups.len() * 2,
            "{several} of {}",
            groups.len()
        );
    }
}
