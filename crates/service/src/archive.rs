//! The archive of a school year (seed 3.4: «формирование и выгрузка архивов
//! электронного журнала и дневника и сводных ведомостей»): per group, the
//! whole journal (every lesson with topic, homework, marks, attendance and the
//! change history) and the attestation records as JSON, the year's summary
//! sheet as PDF and XLSX; a manifest with each file's SHA-256. Made in the
//! background; downloaded by the director, deputies and administrators.

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};

use domain::attestation::AttestationMark;
use domain::{Actor, Permission};
use serde::Serialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::{audit, require, App};

/// Seconds after which a "running" archive with no progress died with its server.
const STALE_SECONDS: i64 = 1800;

#[derive(Debug, Serialize)]
pub struct ArchiveView {
    pub id: i64,
    pub status: String,
    pub status_title: &'static str,
    pub done: i32,
    pub total: i32,
    pub percent: i32,
    pub started: String,
    pub size_kb: i64,
    pub sha256: String,
    pub error: String,
    pub downloadable: bool,
}

fn view(
    a: store::archives::ArchiveInfo,
    actor: &Actor,
    at: chrono::DateTime<chrono::Utc>,
) -> ArchiveView {
    let stale = a.status == "running" && (at - a.started_at).num_seconds() > STALE_SECONDS;
    let status = if stale {
        "interrupted".to_string()
    } else {
        a.status
    };
    ArchiveView {
        id: a.id,
        status_title: match status.as_str() {
            "running" => "формируется",
            "done" => "готов",
            "failed" => "ошибка",
            _ => "прерван",
        },
        downloadable: status == "done" && actor.can(Permission::OpenYear),
        status,
        done: a.done,
        total: a.total,
        percent: if a.total > 0 {
            a.done * 100 / a.total
        } else {
            0
        },
        started: a
            .started_at
            .with_timezone(&chrono::Local)
            .format("%d.%m.%Y %H:%M")
            .to_string(),
        size_kb: a.size.div_euclid(1024),
        sha256: a.sha256,
        error: a.error,
    }
}

pub async fn list(app: &App, actor: &Actor, year: i32) -> Result<Vec<ArchiveView>> {
    require(actor, Permission::ReferenceRead)?;
    Ok(store::archives::list(&app.db, actor.org_id, year)
        .await?
        .into_iter()
        .map(|a| view(a, actor, app.now()))
        .collect())
}

pub async fn status(app: &App, actor: &Actor, id: i64) -> Result<ArchiveView> {
    require(actor, Permission::ReferenceRead)?;
    let a = store::archives::info(&app.db, actor.org_id, id)
        .await?
        .ok_or(Error::NotFound("архив"))?;
    Ok(view(a, actor, app.now()))
}

/// Starts making the year's archive; returns its id at once.
pub async fn start(app: &App, actor: &Actor, year: i32) -> Result<i64> {
    require(actor, Permission::OpenYear)?;
    let org = actor.org_id;
    if list(app, actor, year)
        .await?
        .iter()
        .any(|a| a.status == "running")
    {
        return Err(Error::field(
            "form",
            "Архив уже формируется: дождитесь окончания.",
        ));
    }
    let (first, last) = domain::calendar::year_bounds(year);
    let mut groups: Vec<(i64, String)> = store::groups::all(&app.db, org)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    groups.sort_by(|a, b| a.1.cmp(&b.1));
    let txn = store::begin_write(&app.db).await?;
    let row = store::archives::insert(
        &txn,
        org,
        year,
        groups.len() as i32,
        actor.account_id,
        app.now(),
    )
    .await?;
    audit(
        &txn,
        actor,
        "start",
        "year_archive",
        row.id,
        json!({ "year": year, "groups": groups.len() }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    let (app, actor, id) = (app.clone(), actor.clone(), row.id);
    tokio::spawn(async move {
        let made = make(&app, &actor, id, year, (first, last), groups).await;
        let stored = async {
            let txn = store::begin_write(&app.db).await?;
            match made {
                Ok((bytes, sum)) => {
                    store::archives::finish(&txn, id, bytes, sum, app.now()).await?
                }
                Err(e) => {
                    tracing::error!(archive = id, error = %e, "archive failed");
                    let why = "Архив не сформирован: ошибка на сервере.";
                    store::archives::fail(&txn, id, why, app.now()).await?
                }
            }
            txn.commit().await
        }
        .await;
        if let Err(e) = stored {
            tracing::error!(archive = id, error = %e, "archive result not stored");
        }
    });
    Ok(row.id)
}

/// One group's part of the archive, before it is written.
struct GroupPart {
    name: String,
    journal: Value,
    book: reports::JournalBook,
    attestation: Value,
    summary: reports::SummarySheet,
}

async fn make(
    app: &App,
    actor: &Actor,
    id: i64,
    year: i32,
    (first, last): (chrono::NaiveDate, chrono::NaiveDate),
    groups: Vec<(i64, String)>,
) -> Result<(Vec<u8>, String)> {
    let org = actor.org_id;
    let subjects: HashMap<i64, String> = store::subjects::all(&app.db, org)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let kinds: HashMap<i64, String> = store::subjects::work_kinds(&app.db, org)
        .await?
        .into_iter()
        .map(|k| (k.id, k.name))
        .collect();
    let college = store::orgs::get(&app.db, org)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let mut parts = Vec::new();
    for (done, (group_id, name)) in groups.into_iter().enumerate() {
        let lessons = store::timetable::lessons_between(
            &app.db,
            org,
            store::timetable::Whose::Group(group_id),
            first,
            last,
        )
        .await?;
        let ids: Vec<i64> = lessons.iter().map(|l| l.id).collect();
        let entries = store::journal::entries_of_lessons(&app.db, org, &ids).await?;
        let marks = store::journal::marks_of_lessons(&app.db, org, &ids).await?;
        let history = store::archives::journal_changes(&app.db, org, &ids).await?;
        let changes = store::timetable::changes_of_lessons(&app.db, org, &ids).await?;
        let students: HashMap<i64, String> = store::groups::students(&app.db, org, group_id)
            .await?
            .into_iter()
            .map(|(p, _)| (p.id, store::people::full_name(&p).full()))
            .collect();
        let mut people_ids: Vec<i64> = lessons
            .iter()
            .flat_map(|l| std::iter::once(l.teacher_person_id).chain(l.substitute_person_id))
            .collect();
        people_ids.extend(entries.iter().map(|e| e.student_person_id));
        people_ids.sort_unstable();
        people_ids.dedup();
        let people: HashMap<i64, String> = store::people::by_ids(&app.db, &people_ids)
            .await?
            .iter()
            .map(|p| (p.id, store::people::full_name(p).full()))
            .collect();
        let who = |id: i64| {
            people
                .get(&id)
                .or(students.get(&id))
                .cloned()
                .unwrap_or_default()
        };
        let mut by_lesson: BTreeMap<i64, Vec<Value>> = BTreeMap::new();
        for e in &entries {
            by_lesson.entry(e.lesson_id).or_default().push(json!({
                "student": who(e.student_person_id),
                "attendance": e.attendance, "reason": e.reason,
            }));
        }
        let mut marks_of: BTreeMap<i64, Vec<Value>> = BTreeMap::new();
        for m in &marks {
            marks_of.entry(m.lesson_id).or_default().push(json!({
                "student": who(m.student_person_id), "mark": m.value,
                "work": kinds.get(&m.work_kind_id),
            }));
        }
        let mut history_of: BTreeMap<i64, Vec<Value>> = BTreeMap::new();
        for h in &history {
            history_of.entry(h.lesson_id).or_default().push(json!({
                "student": who(h.student_person_id), "what": h.what,
                "old": h.old_value, "new": h.new_value, "by_account": h.changed_by,
                "at": h.changed_at.to_rfc3339(), "via": h.via,
            }));
        }
        let mut changes_of: BTreeMap<i64, Vec<Value>> = BTreeMap::new();
        for c in &changes {
            changes_of.entry(c.lesson_id).or_default().push(json!({
                "change": crate::timetable::describe_change(c, true),
                "at": c.created_at.to_rfc3339(),
            }));
        }
        let journal = json!({
            "group": name,
            "school_year": domain::calendar::year_title(year),
            "lessons": lessons.iter().map(|l| json!({
                "id": l.id, "date": l.date, "pair": l.pair_no,
                "subject": subjects.get(&l.subject_id),
                "teacher": who(l.teacher_person_id),
                "substitute": l.substitute_person_id.map(who),
                "topic": l.topic, "homework": l.homework, "cancelled": l.cancelled,
                "attendance": by_lesson.remove(&l.id).unwrap_or_default(),
                "marks": marks_of.remove(&l.id).unwrap_or_default(),
                "history": history_of.remove(&l.id).unwrap_or_default(),
                "changes": changes_of.remove(&l.id).unwrap_or_default(),
            })).collect::<Vec<_>>(),
        });
        let book = journal_book(
            &college, &name, year, &lessons, &entries, &marks, &students, &subjects, &who,
        );
        let att =
            store::attestation::marks_of_groups(&app.db, org, &[group_id], year, None).await?;
        let att_ids: Vec<i64> = att.iter().map(|m| m.id).collect();
        let att_changes = store::attestation::changes(&app.db, org, &att_ids).await?;
        let attestation = json!({
            "group": name,
            "marks": att.iter().map(|m| json!({
                "student": who(m.student_person_id), "semester": m.semester,
                "subject": subjects.get(&m.subject_id), "control_form": m.control_form,
                "mark": AttestationMark::from_code(&m.value).map(|v| v.short()),
                "history": att_changes.iter().filter(|c| c.mark_id == m.id).map(|c| json!({
                    "old": c.old_value, "new": c.new_value, "via": c.via,
                    "at": c.changed_at.to_rfc3339(),
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        });
        let summary = crate::attestation::summary(app, actor, group_id, year, None).await?;
        parts.push(GroupPart {
            name,
            journal,
            book,
            attestation,
            summary,
        });
        store::archives::progress(&app.db, id, done as i32 + 1).await?;
    }
    let at = app.now();
    tokio::task::spawn_blocking(move || write_zip(&college, year, parts, at))
        .await
        .map_err(|e| Error::Internal(format!("archive: {e}")))?
}

/// A lesson's absences, latenesses and marks in words.
fn record_of(
    lesson: i64,
    roster: &[(i64, String)],
    attendance: &HashMap<(i64, i64), domain::journal::Attendance>,
    marks: &HashMap<(i64, i64), Vec<domain::journal::MarkValue>>,
) -> String {
    use domain::journal::Attendance;
    let of = |want: Attendance| -> Vec<String> {
        roster
            .iter()
            .filter(|(s, _)| attendance.get(&(lesson, *s)) == Some(&want))
            .map(|(_, n)| n.clone())
            .collect()
    };
    let mut parts = Vec::new();
    let absent = of(Attendance::Absent);
    if !absent.is_empty() {
        parts.push(format!("Отсутствовали: {}.", absent.join(", ")));
    }
    let late = of(Attendance::Late);
    if !late.is_empty() {
        parts.push(format!("Опоздали: {}.", late.join(", ")));
    }
    let given: Vec<String> = roster
        .iter()
        .filter_map(|(s, n)| {
            let m = marks.get(&(lesson, *s))?;
            Some(format!(
                "{n} — {}",
                m.iter().map(|v| v.short()).collect::<Vec<_>>().join(" ")
            ))
        })
        .collect();
    if !given.is_empty() {
        parts.push(format!("Отметки: {}.", given.join(", ")));
    }
    parts.join(" ")
}

/// The group's journal as a workbook: a sheet a subject, lessons by date.
#[allow(clippy::too_many_arguments)]
fn journal_book(
    college: &str,
    group: &str,
    year: i32,
    lessons: &[store::entity::lesson::Model],
    entries: &[store::entity::journal_entry::Model],
    marks: &[store::entity::mark::Model],
    students: &HashMap<i64, String>,
    subjects: &HashMap<i64, String>,
    who: &dyn Fn(i64) -> String,
) -> reports::JournalBook {
    use domain::journal::{cell_text, Attendance, MarkValue};
    let mut roster: Vec<(i64, String)> = students.iter().map(|(id, n)| (*id, n.clone())).collect();
    roster.sort_by(|a, b| a.1.cmp(&b.1));
    let mut attendance: HashMap<(i64, i64), Attendance> = HashMap::new();
    for e in entries {
        if let Some(a) = e.attendance.as_deref().and_then(Attendance::from_code) {
            attendance.insert((e.lesson_id, e.student_person_id), a);
        }
    }
    let mut marks_of: HashMap<(i64, i64), Vec<MarkValue>> = HashMap::new();
    for m in marks {
        if let Some(v) = MarkValue::from_code(&m.value) {
            marks_of
                .entry((m.lesson_id, m.student_person_id))
                .or_default()
                .push(v);
        }
    }
    let mut by_subject: BTreeMap<String, Vec<&store::entity::lesson::Model>> = BTreeMap::new();
    for l in lessons {
        let subject = subjects.get(&l.subject_id).cloned().unwrap_or_default();
        by_subject.entry(subject).or_default().push(l);
    }
    reports::JournalBook {
        college: college.to_string(),
        group: group.to_string(),
        year_title: domain::calendar::year_title(year),
        subjects: by_subject
            .into_iter()
            .map(|(subject, mut list)| {
                list.sort_by_key(|l| (l.date, l.pair_no));
                reports::SubjectJournal {
                    subject,
                    lessons: list
                        .iter()
                        .map(|l| reports::LessonLine {
                            record: record_of(l.id, &roster, &attendance, &marks_of),
                            date: crate::journal::date_ru(l.date),
                            pair: l.pair_no,
                            teacher: who(l.substitute_person_id.unwrap_or(l.teacher_person_id)),
                            topic: l.topic.clone(),
                            homework: l.homework.clone(),
                            cancelled: l.cancelled,
                        })
                        .collect(),
                    students: roster.iter().map(|(_, n)| n.clone()).collect(),
                    cells: roster
                        .iter()
                        .map(|(s, _)| {
                            list.iter()
                                .map(|l| {
                                    cell_text(
                                        attendance.get(&(l.id, *s)).copied(),
                                        marks_of.get(&(l.id, *s)).map_or(&[][..], |v| v),
                                    )
                                })
                                .collect()
                        })
                        .collect(),
                }
            })
            .collect(),
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A group's name as a folder name.
fn folder(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn write_zip(
    college: &str,
    year: i32,
    parts: Vec<GroupPart>,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(Vec<u8>, String)> {
    let fail = |e: &dyn std::fmt::Display| Error::Internal(format!("archive: {e}"));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut files = Vec::new();
    let mut add = |zip: &mut zip::ZipWriter<std::io::Cursor<Vec<u8>>>,
                   path: String,
                   bytes: &[u8]|
     -> Result<()> {
        zip.start_file(path.as_str(), options)
            .map_err(|e| fail(&e))?;
        zip.write_all(bytes).map_err(|e| fail(&e))?;
        files.push(json!({ "path": path, "size": bytes.len(), "sha256": sha256_hex(bytes) }));
        Ok(())
    };
    for p in &parts {
        let dir = format!("groups/{}", folder(&p.name));
        let journal = serde_json::to_vec_pretty(&p.journal).map_err(|e| fail(&e))?;
        add(&mut zip, format!("{dir}/journal.json"), &journal)?;
        let attestation = serde_json::to_vec_pretty(&p.attestation).map_err(|e| fail(&e))?;
        add(&mut zip, format!("{dir}/attestation.json"), &attestation)?;
        let pdf = p.summary.pdf().map_err(|e| fail(&e))?;
        add(&mut zip, format!("{dir}/summary.pdf"), &pdf)?;
        let xlsx = p.summary.xlsx().map_err(|e| fail(&e))?;
        add(&mut zip, format!("{dir}/summary.xlsx"), &xlsx)?;
        let book = p.book.xlsx().map_err(|e| fail(&e))?;
        add(&mut zip, format!("{dir}/journal.xlsx"), &book)?;
        let book = p.book.pdf().map_err(|e| fail(&e))?;
        add(&mut zip, format!("{dir}/journal.pdf"), &book)?;
    }
    let manifest = json!({
        "college": college,
        "school_year": domain::calendar::year_title(year),
        "created_at": at.to_rfc3339(),
        "files": files,
    });
    let manifest = serde_json::to_vec_pretty(&manifest).map_err(|e| fail(&e))?;
    zip.start_file("manifest.json", options)
        .map_err(|e| fail(&e))?;
    zip.write_all(&manifest).map_err(|e| fail(&e))?;
    let bytes = zip.finish().map_err(|e| fail(&e))?.into_inner();
    let sum = sha256_hex(&bytes);
    Ok((bytes, sum))
}

/// The archive for download.
pub async fn download(app: &App, actor: &Actor, id: i64) -> Result<crate::journal::Download> {
    require(actor, Permission::OpenYear)?;
    let info = store::archives::info(&app.db, actor.org_id, id)
        .await?
        .ok_or(Error::NotFound("архив"))?;
    let data = store::archives::data(&app.db, actor.org_id, id)
        .await?
        .ok_or(Error::NotFound("архив ещё не готов"))?;
    let name = format!(
        "Архив {} учебного года №{}.zip",
        domain::calendar::year_title(info.school_year).replace('/', "-"),
        info.id
    );
    crate::read_log::record(
        app,
        actor,
        None,
        None,
        domain::read_log::ReadKind::Archive,
        &name,
    );
    Ok(crate::journal::Download {
        name,
        content_type: "application/zip".into(),
        data,
    })
}

/// What `verify` found.
#[derive(Debug, Serialize)]
pub struct VerifyReport {
    pub college: String,
    pub school_year: String,
    pub files: usize,
    /// Each problem in words; empty when the archive is whole.
    pub problems: Vec<String>,
}

/// Checks a stored archive: every file the manifest lists is there with its
/// SHA-256, and nothing else is.
pub fn verify(bytes: &[u8]) -> std::result::Result<VerifyReport, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("это не ZIP-архив Журнала: {e}"))?;
    let mut read = |name: &str| -> std::result::Result<Vec<u8>, String> {
        let mut f = zip
            .by_name(name)
            .map_err(|_| format!("в архиве нет {name}"))?;
        let mut out = Vec::new();
        f.read_to_end(&mut out)
            .map_err(|e| format!("{name} не читается: {e}"))?;
        Ok(out)
    };
    let manifest: Value = serde_json::from_slice(&read("manifest.json")?)
        .map_err(|e| format!("manifest.json не читается: {e}"))?;
    let listed = manifest["files"]
        .as_array()
        .ok_or("в manifest.json нет списка файлов")?;
    let mut problems = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    for f in listed {
        let path = f["path"].as_str().unwrap_or_default().to_string();
        let want = f["sha256"].as_str().unwrap_or_default();
        match read(&path) {
            Ok(content) => {
                if sha256_hex(&content) != want {
                    problems.push(format!("{path}: контрольная сумма не совпадает"));
                }
            }
            Err(e) => problems.push(e),
        }
        names.insert(path);
    }
    for i in 0..zip.len() {
        if let Ok(name) = zip
            .by_index(i)
            .and_then(|f| f.name().map(|n| n.to_string()))
        {
            if name != "manifest.json" && !names.contains(&name) {
                problems.push(format!("{name}: файла нет в manifest.json"));
            }
        }
    }
    Ok(VerifyReport {
        college: manifest["college"].as_str().unwrap_or_default().into(),
        school_year: manifest["school_year"].as_str().unwrap_or_default().into(),
        files: listed.len(),
        problems,
    })
}
