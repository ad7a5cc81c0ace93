//! Files of a lesson: the teacher attaches them; the group's students, their
//! families and those who read the journal download them.

use domain::{Actor, Permission, Role};
use serde::Serialize;

use super::grid::require_lesson_read;
use crate::error::{Error, Result};
use crate::{require, App};

/// The largest file a teacher may attach.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// Files per lesson.
pub const MAX_FILES: u64 = 10;

#[derive(Debug, Clone, Serialize)]
pub struct FileView {
    pub id: i64,
    pub name: String,
    pub size: String,
}

pub fn view(f: store::files::FileInfo) -> FileView {
    let size = if f.size >= 1024 * 1024 {
        format!("{:.1} МБ", f.size as f64 / 1024.0 / 1024.0)
    } else {
        format!("{} КБ", (f.size + 1023) / 1024)
    };
    FileView {
        id: f.id,
        name: f.file_name,
        size,
    }
}

/// A name safe to store and to send back: no paths, no control characters.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | '|' | '*' | '?' | ':'))
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        "файл".into()
    } else {
        cleaned.chars().take(150).collect()
    }
}

pub async fn attach(
    app: &App,
    actor: &Actor,
    lesson_id: i64,
    name: &str,
    content_type: &str,
    data: Vec<u8>,
) -> Result<FileView> {
    let lesson = store::lessons::get(&app.db, actor.org_id, lesson_id)
        .await?
        .ok_or(Error::NotFound("занятие"))?;
    require(
        actor,
        Permission::LessonWrite {
            teacher_id: lesson.teacher_person_id,
            substitute_id: lesson.substitute_person_id,
        },
    )?;
    if data.is_empty() {
        return Err(Error::field("file", "Выберите файл."));
    }
    if data.len() > MAX_FILE_BYTES {
        return Err(Error::field(
            "file",
            "Файл больше 5 МБ: уменьшите его или разделите на части.",
        ));
    }
    if store::files::count_of_lesson(&app.db, actor.org_id, lesson_id).await? >= MAX_FILES {
        return Err(Error::field("file", "К занятию уже прикреплено 10 файлов."));
    }
    let name = clean_name(name);
    let content_type = if content_type.is_empty() {
        "application/octet-stream"
    } else {
        content_type
    };
    let txn = store::begin_write(&app.db).await?;
    let size = data.len() as i64;
    let id = store::files::insert(
        &txn,
        actor.org_id,
        store::files::NewFile {
            lesson_id,
            file_name: &name,
            content_type,
            data,
            created_by: actor.account_id,
        },
        app.now(),
    )
    .await?;
    crate::audit(
        &txn,
        actor,
        "attach",
        "lesson_file",
        id,
        serde_json::json!({ "lesson_id": lesson_id, "name": name, "size": size }),
        app.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(view(store::files::FileInfo {
        id,
        lesson_id,
        file_name: name,
        content_type: content_type.to_string(),
        size,
    }))
}

pub struct Download {
    pub name: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

/// A file for someone who may see its lesson: the journal's readers, or a
/// student of the group and their family.
pub async fn download(app: &App, actor: &Actor, file_id: i64) -> Result<Download> {
    let file = store::files::get(&app.db, actor.org_id, file_id)
        .await?
        .ok_or(Error::NotFound("файл"))?;
    let lesson = store::lessons::get(&app.db, actor.org_id, file.lesson_id)
        .await?
        .ok_or(Error::NotFound("файл"))?;
    if require_lesson_read(app, actor, &lesson).await.is_err() {
        let mut people: Vec<i64> = actor.reachable_children().collect();
        if actor.has_role(Role::Student) {
            people.push(actor.person_id);
        }
        let in_group = store::groups::memberships(&app.db, actor.org_id, &people)
            .await?
            .iter()
            .any(|m| m.group_id == lesson.group_id);
        if !in_group {
            return Err(Error::Forbidden);
        }
    }
    Ok(Download {
        content_type: domain::files::served_type(&file.file_name, &file.data).to_string(),
        name: file.file_name,
        data: file.data,
    })
}

#[cfg(test)]
mod tests {
    use super::clean_name;

    #[test]
    fn names_are_cleaned() {
        assert_eq!(
            clean_name("C:\\Users\\Иванов\\задание 1.pdf"),
            "задание 1.pdf"
        );
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name(".."), "файл");
        assert_eq!(clean_name("a\"b<c>.txt"), "abc.txt");
    }
}
