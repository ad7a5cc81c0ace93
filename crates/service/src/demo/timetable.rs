//! The demo's weekly timetable: who teaches what in which full-time group,
//! and a Monday–Friday pattern of pairs without a teacher, a room or a group
//! in two places at once. Pure and deterministic from the seed.

use domain::reference::StudyForm;
use domain::Role;

use super::catalog::{self, Dept, Need, SUBJECTS};
use super::plan::{Plan, Rng, BUILDINGS};

pub const DAYS: usize = 5;
pub const PAIRS: usize = 4;
/// Pairs a week a teacher teaches at most.
const CAP: usize = 14;
/// A teacher this light takes a second subject of their area before an idle colleague is asked.
const LIGHT: usize = 8;
const ATTEMPTS: usize = 400;

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
    let rooms = rooms();
    let homes = home_rooms(plan, &jobs, &rooms);
    let mut best: Option<(usize, Vec<Placed>)> = None;
    for _ in 0..ATTEMPTS {
        let (placed, missing) = place(&classes, &jobs, &rooms, &homes, &mut rng);
        if best.as_ref().is_none_or(|(m, _)| missing < *m) {
            best = Some((missing, placed));
        }
        if missing == 0 {
            break;
        }
    }
    let (missing, placed) = best.unwrap_or((usize::MAX, Vec::new()));
    let weekly = to_weekly(&classes, placed);
    Timetable {
        classes,
        jobs,
        weekly,
        complete: missing == 0,
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

/// Each teacher's own room for their main subject, shared when rooms run out.
fn home_rooms(plan: &Plan, jobs: &[Job], rooms: &[Room]) -> Vec<Option<usize>> {
    let mut homes = vec![None; plan.staff.len()];
    let mut next = [0usize; 5];
    for job in jobs {
        let Some(t) = job.teacher else { continue };
        if homes[t].is_some() {
            continue;
        }
        let need = need_of(
            job.subject,
            job.seat == 1 || SUBJECTS[job.subject].by_subgroups,
        );
        let k = need as usize;
        let own: Vec<usize> = (0..rooms.len())
            .filter(|&r| {
                need.accepts(rooms[r].kind) && (need != Need::Class || rooms[r].kind == "classroom")
            })
            .collect();
        if own.is_empty() {
            continue;
        }
        homes[t] = Some(own[next[k] % own.len()]);
        next[k] += 1;
    }
    homes
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

/// One pair of a group to place: the whole group, or both subgroups at once.
#[derive(Debug, Clone)]
struct Item {
    line: usize,
    subject: usize,
    split: bool,
    teachers: [Option<usize>; 2],
    needs: [Need; 2],
}

#[derive(Debug, Clone, Default)]
struct Placed {
    class: usize,
    line: usize,
    subject: usize,
    split: bool,
    teachers: [usize; 2],
    rooms: [usize; 2],
    day: usize,
    pair: usize,
}

fn items_of(classes: &[ClassGroup], jobs: &[Job]) -> Vec<Vec<Item>> {
    let mut out: Vec<Vec<Item>> = vec![Vec::new(); classes.len()];
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
            let (t0, t1) = (teacher(0), teacher(1));
            let s = &SUBJECTS[subject];
            let split_pairs = if s.by_subgroups { pairs } else { lab };
            let mut split_need = need_of(subject, true);
            if s.kind == "practice" && c.specialty == catalog::CHEMISTRY_SPECIALTY {
                split_need = Need::Lab;
            }
            for k in 0..pairs {
                let split = k < split_pairs;
                let need = if split { split_need } else { s.room };
                out[ci].push(Item {
                    line: li,
                    subject,
                    split,
                    teachers: [t0, if split { t1 } else { None }],
                    needs: [need, need],
                });
            }
        }
    }
    out
}

type Grid = Vec<[[bool; PAIRS]; DAYS]>;

/// One try at the week: pairs 1–3 every day and the 4th on as many days as
/// the curriculum needs, slot by slot across the groups. Returns the placed
/// pairs and how many could not be placed.
fn place(
    classes: &[ClassGroup],
    jobs: &[Job],
    rooms: &[Room],
    homes: &[Option<usize>],
    rng: &mut Rng,
) -> (Vec<Placed>, usize) {
    let mut pending = items_of(classes, jobs);
    let staff = homes.len();
    let mut teacher_busy: Grid = vec![[[false; PAIRS]; DAYS]; staff];
    let mut room_busy: Grid = vec![[[false; PAIRS]; DAYS]; rooms.len()];
    // Per class and day, how many pairs of each line.
    let mut on_day: Vec<[Vec<usize>; DAYS]> = classes
        .iter()
        .map(|c| std::array::from_fn(|_| vec![0; c.lines.len()]))
        .collect();
    let mut teacher_load = vec![0usize; staff];
    for j in jobs {
        if let Some(t) = j.teacher {
            teacher_load[t] += j.pairs;
        }
    }
    // Rooms of each need, smallest first.
    let by_need = |need: Need| -> Vec<usize> {
        let mut rs: Vec<usize> = (0..rooms.len())
            .filter(|&r| need.accepts(rooms[r].kind))
            .collect();
        rs.sort_by_key(|&r| (rooms[r].capacity, r));
        rs
    };
    let needs = [
        Need::Class,
        Need::Gym,
        Need::Computer,
        Need::Lab,
        Need::Workshop,
    ];
    let candidates: Vec<Vec<usize>> = needs.iter().map(|&n| by_need(n)).collect();

    let mut placed = Vec::new();
    // Pairs 1–3 left empty: a day must start with the first pair.
    let mut gaps = 0;
    let mut order: Vec<usize> = (0..classes.len()).collect();
    for pair in 0..PAIRS {
        for day in 0..DAYS {
            rng.shuffle(&mut order);
            for &ci in &order {
                let left = pending[ci].len();
                if left == 0 {
                    continue;
                }
                if pair == PAIRS - 1 {
                    // The 4th pair on as many of the remaining days as needed.
                    let days_left = DAYS - day;
                    if left < days_left && rng.below(days_left as u64) >= left as u64 {
                        continue;
                    }
                }
                let c = &classes[ci];
                let mut best: Option<(i64, usize, [usize; 2])> = None;
                for (k, item) in pending[ci].iter().enumerate() {
                    let teachers_free = item
                        .teachers
                        .iter()
                        .take(if item.split { 2 } else { 1 })
                        .all(|t| t.is_some_and(|t| !teacher_busy[t][day][pair]));
                    if !teachers_free {
                        continue;
                    }
                    let Some(chosen) =
                        find_rooms(item, c, rooms, homes, &candidates, &room_busy, day, pair)
                    else {
                        continue;
                    };
                    let same_day = on_day[ci][day][item.line] as i64;
                    let line_left =
                        pending[ci].iter().filter(|o| o.line == item.line).count() as i64;
                    let busy = item
                        .teachers
                        .iter()
                        .flatten()
                        .map(|&t| teacher_load[t] as i64)
                        .max()
                        .unwrap_or(0);
                    let constrained = match item.needs[0] {
                        Need::Gym => 6,
                        Need::Lab | Need::Workshop | Need::Computer => 4,
                        Need::Class => 0,
                    } + if item.split { 2 } else { 0 };
                    let score = same_day * 100 - line_left * 3 - constrained - busy / 3
                        + rng.below(4) as i64;
                    if best.is_none_or(|(b, _, _)| score < b) {
                        best = Some((score, k, chosen));
                    }
                }
                let Some((_, k, chosen)) = best else {
                    if pair < PAIRS - 1 {
                        gaps += 1;
                    }
                    continue;
                };
                let item = pending[ci].swap_remove(k);
                let n = if item.split { 2 } else { 1 };
                let mut ts = [0usize; 2];
                for s in 0..n {
                    let t = item.teachers[s].unwrap_or_default();
                    teacher_busy[t][day][pair] = true;
                    room_busy[chosen[s]][day][pair] = true;
                    ts[s] = t;
                }
                on_day[ci][day][item.line] += 1;
                placed.push(Placed {
                    class: ci,
                    line: item.line,
                    subject: item.subject,
                    split: item.split,
                    teachers: ts,
                    rooms: chosen,
                    day,
                    pair,
                });
            }
        }
    }
    let missing = gaps + pending.iter().map(Vec::len).sum::<usize>();
    (placed, missing)
}

/// Free rooms for an item at a slot: the teacher's own room when it fits,
/// else the smallest free room of the right kind.
#[allow(clippy::too_many_arguments)]
fn find_rooms(
    item: &Item,
    c: &ClassGroup,
    rooms: &[Room],
    homes: &[Option<usize>],
    candidates: &[Vec<usize>],
    room_busy: &Grid,
    day: usize,
    pair: usize,
) -> Option<[usize; 2]> {
    let n = if item.split { 2 } else { 1 };
    let mut out = [usize::MAX; 2];
    for s in 0..n {
        let size = if item.split { c.sizes[s] } else { c.size() };
        let need = item.needs[s];
        let ok = |r: usize| {
            need.accepts(rooms[r].kind)
                && rooms[r].capacity >= size
                && !room_busy[r][day][pair]
                && !out[..s].contains(&r)
        };
        let home = item.teachers[s].and_then(|t| homes[t]).filter(|&r| ok(r));
        out[s] = home.or_else(|| candidates[need as usize].iter().copied().find(|&r| ok(r)))?;
    }
    if n == 1 {
        out[1] = out[0];
    }
    Some(out)
}

fn to_weekly(classes: &[ClassGroup], mut placed: Vec<Placed>) -> Vec<Weekly> {
    placed.sort_by_key(|p| (p.class, p.day, p.pair));
    let mut weekly = Vec::new();
    // The first whole-group pair of a line in the week is the lecture.
    let mut seen: Vec<(usize, usize)> = Vec::new();
    for p in &placed {
        let c = &classes[p.class];
        let s = &SUBJECTS[p.subject];
        let kind = if p.split {
            if s.by_subgroups {
                "practical"
            } else {
                "laboratory"
            }
        } else if s.room == Need::Gym || seen.contains(&(p.class, p.line)) {
            "practical"
        } else {
            seen.push((p.class, p.line));
            "lecture"
        };
        let n = if p.split { 2 } else { 1 };
        for k in 0..n {
            weekly.push(Weekly {
                group: c.group,
                subgroup: p.split.then_some(k),
                subject: p.subject,
                teacher: p.teachers[k],
                room: p.rooms[k],
                weekday: p.day,
                pair: p.pair,
                kind,
            });
        }
    }
    weekly
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet, HashSet};

    use super::*;
    use crate::demo::plan;

    /// Checks one seed's week: complete, nobody and nothing in two places,
    /// rooms big enough, 3–4 pairs a day from the first, 7–9 subjects a group.
    fn check(seed: u64) -> Timetable {
        let plan = plan::build(seed);
        let t = build(&plan, seed);
        assert!(t.complete, "seed {seed}: the week is incomplete");
        let rooms = rooms();
        let mut teachers = HashSet::new();
        let mut used_rooms = HashSet::new();
        let mut groups: BTreeMap<(usize, usize), BTreeSet<usize>> = BTreeMap::new();
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
            groups
                .entry((w.group, w.weekday))
                .or_default()
                .insert(w.pair);
        }
        for c in &t.classes {
            let mut week = 0;
            for d in 0..DAYS {
                let pairs = groups.get(&(c.group, d)).cloned().unwrap_or_default();
                assert!((3..=4).contains(&pairs.len()), "seed {seed}: {pairs:?}");
                assert_eq!(pairs.iter().copied().max(), Some(pairs.len() - 1));
                week += pairs.len();
            }
            let want: usize = c.lines.iter().map(|l| l.1).sum();
            assert_eq!(week, want);
            let subjects: HashSet<usize> = t
                .weekly
                .iter()
                .filter(|w| w.group == c.group)
                .map(|w| w.subject)
                .collect();
            assert!((7..=9).contains(&subjects.len()));
            // Whole-group and subgroup lessons never overlap.
            for w in t.weekly.iter().filter(|w| w.group == c.group) {
                let same: Vec<&Weekly> = t
                    .weekly
                    .iter()
                    .filter(|o| o.group == c.group && o.weekday == w.weekday && o.pair == w.pair)
                    .collect();
                if w.subgroup.is_none() {
                    assert_eq!(same.len(), 1);
                } else {
                    assert_eq!(same.len(), 2);
                    assert_ne!(same[0].subgroup, same[1].subgroup);
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
