//! Final marks of a graduating group and the data of its diploma supplements
//! (seed 3.4: «формирование документов об образовании»), for the officer who
//! prints diplomas: every item of the curriculum with its hours over the
//! course and its final mark (that of its last attested semester).

use std::collections::HashMap;

use domain::attestation::AttestationMark;
use domain::curriculum::{ControlForm, ItemKind};
use domain::{Actor, Permission};
use reports::{DiplomaSupplement, Graduate, Line, Section};

use crate::error::{Error, Result};
use crate::{require, App};

/// A final mark as a diploma writes it; a mark that is not a pass is no final mark.
fn in_words(m: AttestationMark) -> &'static str {
    match m {
        AttestationMark::Five => "отлично",
        AttestationMark::Four => "хорошо",
        AttestationMark::Three => "удовлетворительно",
        AttestationMark::Pass => "зачтено",
        _ => "",
    }
}

/// The school year and its semester in which a study semester (1–8) falls.
fn when(intake_year: i32, study_semester: i32) -> (i32, i32) {
    (
        intake_year + (study_semester - 1) / 2,
        (study_semester - 1) % 2 + 1,
    )
}

pub async fn diploma(app: &App, actor: &Actor, group_id: i64) -> Result<DiplomaSupplement> {
    require(actor, Permission::DiplomaRead)?;
    let org = actor.org_id;
    let group = store::groups::get(&app.db, org, group_id)
        .await?
        .ok_or(Error::NotFound("группа"))?;
    let specialty = store::specialties::get(&app.db, org, group.specialty_id)
        .await?
        .map(|s| format!("{} {}", s.code, s.name))
        .unwrap_or_default();
    let college = store::orgs::get(&app.db, org)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let curriculum = store::curricula::for_group(
        &app.db,
        org,
        group.specialty_id,
        &group.study_form,
        group.intake_year,
    )
    .await?
    .ok_or_else(|| Error::field("form", "У группы нет учебного плана."))?;
    let (items, hours) = store::curricula::items_with_hours(&app.db, org, curriculum.id).await?;
    let last = hours.iter().map(|h| h.semester).max().unwrap_or(0);
    let (graduates_in, _) = when(group.intake_year, last.max(1));
    let year = domain::reference::school_year(app.today());
    if graduates_in != year {
        return Err(Error::field(
            "form",
            format!(
                "Группа {} выпускается в {} учебном году: приложения к диплому формируются для выпускных групп.",
                group.name,
                domain::calendar::year_title(graduates_in)
            ),
        ));
    }
    let marks: HashMap<(i64, i32, i32, i64), AttestationMark> =
        store::attestation::marks_of_group_all_years(&app.db, org, group_id)
            .await?
            .into_iter()
            .filter_map(|m| {
                Some((
                    (m.student_person_id, m.school_year, m.semester, m.subject_id),
                    AttestationMark::from_code(&m.value)?,
                ))
            })
            .collect();
    let students = store::groups::students(&app.db, org, group_id).await?;
    let graduates = students
        .iter()
        .map(|(p, _)| {
            let mark_of = |subject: i64, study_semester: i32| -> String {
                let (y, s) = when(group.intake_year, study_semester);
                marks
                    .get(&(p.id, y, s, subject))
                    .map_or("", |m| in_words(*m))
                    .to_string()
            };
            let mut taught = Vec::new();
            let mut practices = Vec::new();
            let mut course_works = Vec::new();
            let mut missing = 0;
            for item in &items {
                let Some(subject) = item.subject_id else {
                    continue;
                };
                let own: Vec<_> = hours.iter().filter(|h| h.item_id == item.id).collect();
                let total: i64 = own
                    .iter()
                    .map(|h| {
                        i64::from(
                            h.lectures
                                + h.practical
                                + h.self_study
                                + h.consultations
                                + h.course_project,
                        )
                    })
                    .sum();
                let forms: Vec<(i32, ControlForm)> = own
                    .iter()
                    .filter_map(|h| {
                        Some((
                            h.semester,
                            ControlForm::from_code(h.control_form.as_deref()?)?,
                        ))
                    })
                    .collect();
                for (s, _) in forms.iter().filter(|(_, f)| *f == ControlForm::CourseWork) {
                    course_works.push(Line {
                        code: item.code.clone(),
                        name: format!("Курсовая работа: {}", item.name),
                        hours: 0,
                        mark: mark_of(subject, *s),
                    });
                }
                let Some((s, _)) = forms
                    .iter()
                    .filter(|(_, f)| *f != ControlForm::CourseWork)
                    .max_by_key(|(s, _)| *s)
                else {
                    continue;
                };
                let line = Line {
                    code: item.code.clone(),
                    name: item.name.clone(),
                    hours: total,
                    mark: mark_of(subject, *s),
                };
                if line.mark.is_empty() {
                    missing += 1;
                }
                if ItemKind::from_code(&item.kind) == Some(ItemKind::Practice) {
                    practices.push(line);
                } else {
                    taught.push(line);
                }
            }
            Graduate {
                name: store::people::full_name(p).full(),
                missing,
                sections: vec![
                    Section {
                        title: "Дисциплины, междисциплинарные курсы, профессиональные модули"
                            .into(),
                        lines: taught,
                    },
                    Section {
                        title: "Практики".into(),
                        lines: practices,
                    },
                    Section {
                        title: "Курсовые работы (проекты)".into(),
                        lines: course_works,
                    },
                    Section {
                        title: "Государственная итоговая аттестация".into(),
                        lines: vec![Line {
                            code: "ГИА".into(),
                            name: "Защита выпускной квалификационной работы".into(),
                            hours: 0,
                            mark: String::new(),
                        }],
                    },
                ],
            }
        })
        .collect();
    Ok(DiplomaSupplement {
        college,
        group: group.name,
        specialty,
        graduates,
    })
}

/// The supplement as PDF or XLSX.
pub async fn diploma_file(
    app: &App,
    actor: &Actor,
    group_id: i64,
    pdf: bool,
) -> Result<crate::journal::Download> {
    let d = diploma(app, actor, group_id).await?;
    let name = format!(
        "Приложения к диплому {}.{}",
        d.group,
        if pdf { "pdf" } else { "xlsx" }
    );
    super::render_file(name, pdf, move || if pdf { d.pdf() } else { d.xlsx() }).await
}

/// Groups that graduate in the current school year, by their curricula.
pub async fn graduating(app: &App, actor: &Actor) -> Result<Vec<(i64, String)>> {
    require(actor, Permission::DiplomaRead)?;
    let org = actor.org_id;
    let year = domain::reference::school_year(app.today());
    let mut out = Vec::new();
    // One curriculum read a group, bounded by the college's groups.
    for g in store::groups::all(&app.db, org).await? {
        let Some(c) =
            store::curricula::for_group(&app.db, org, g.specialty_id, &g.study_form, g.intake_year)
                .await?
        else {
            continue;
        };
        let (_, hours) = store::curricula::items_with_hours(&app.db, org, c.id).await?;
        let last = hours.iter().map(|h| h.semester).max().unwrap_or(0);
        if last > 0 && when(g.intake_year, last).0 == year {
            out.push((g.id, g.name));
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}
