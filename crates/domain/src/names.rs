//! People's names: surname, name and patronymic, as the contingent keeps them.

use crate::validation::Validation;

/// Grammatical gender as a Russian patronymic tells it: «Иванович»,
/// «Ивановна», «Ахмед оглы», «Лейла кызы»; unknown without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
    Unknown,
}

impl Gender {
    pub fn of_patronymic(patronymic: Option<&str>) -> Gender {
        let p = patronymic.unwrap_or("").trim().to_lowercase();
        if p.ends_with("ич") || p.ends_with("оглы") || p.ends_with("улы") {
            Gender::Male
        } else if p.ends_with("на") || p.ends_with("кызы") || p.ends_with("гызы") {
            Gender::Female
        } else {
            Gender::Unknown
        }
    }

    /// The word that agrees: «отмечен», «отмечена», or «отмечен(а)» when unknown.
    pub fn pick<'a>(self, male: &'a str, female: &'a str, unknown: &'a str) -> &'a str {
        match self {
            Gender::Male => male,
            Gender::Female => female,
            Gender::Unknown => unknown,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FullName {
    pub surname: String,
    pub name: String,
    pub patronymic: Option<String>,
}

impl FullName {
    pub fn gender(&self) -> Gender {
        Gender::of_patronymic(self.patronymic.as_deref())
    }

    pub fn validate(v: &mut Validation, surname: &str, name: &str, patronymic: &str) -> FullName {
        let surname = v.text("surname", surname, 100);
        let name = v.text("name", name, 100);
        let patronymic = v.optional_text("patronymic", patronymic, 100);
        for (field, value) in [("surname", &surname), ("name", &name)] {
            if !value.is_empty() && !is_name(value) {
                v.add(field, "Только буквы, дефис, апостроф и пробел.");
            }
        }
        if let Some(p) = &patronymic {
            if !is_name(p) {
                v.add("patronymic", "Только буквы, дефис, апостроф и пробел.");
            }
        }
        FullName {
            surname,
            name,
            patronymic,
        }
    }

    /// «Иванов Иван Иванович»
    pub fn full(&self) -> String {
        [
            Some(self.surname.as_str()),
            Some(self.name.as_str()),
            self.patronymic.as_deref(),
        ]
        .into_iter()
        .flatten()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
    }

    /// «Иванов И. И.», as journals and sheets print a name.
    pub fn short(&self) -> String {
        let initial = |s: &str| {
            s.chars()
                .next()
                .map(|c| format!("{c}."))
                .unwrap_or_default()
        };
        // An erased person has a surname only (`personal_data::anonymous_surname`).
        [self.surname.clone(), initial(&self.name)]
            .into_iter()
            .chain(self.patronymic.as_deref().map(initial))
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn is_name(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_alphabetic() || c == '-' || c == ' ' || c == '\'' || c == '’')
}

/// The lower-cased text that name searches match against, the same on
/// SQLite and PostgreSQL (SQLite's LIKE folds only ASCII letters).
pub fn search_key(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| p.to_lowercase().replace('ё', "е"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A user's search text turned into the pattern matched against `search_key`.
pub fn search_pattern(query: &str) -> Option<String> {
    let q = search_key(&[query.trim()]);
    if q.is_empty() {
        return None;
    }
    let escaped: String = q
        .chars()
        .filter(|c| !matches!(c, '%' | '_' | '\\'))
        .collect();
    Some(format!("%{escaped}%"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_names() {
        let n = FullName {
            surname: "Иванова".into(),
            name: "Мария".into(),
            patronymic: Some("Сергеевна".into()),
        };
        assert_eq!(n.full(), "Иванова Мария Сергеевна");
        assert_eq!(n.short(), "Иванова М. С.");
        let n = FullName {
            patronymic: None,
            ..n
        };
        assert_eq!(n.short(), "Иванова М.");
    }

    #[test]
    fn validates_names() {
        let mut v = Validation::new();
        let n = FullName::validate(&mut v, " Петров-Водкин ", "Кузьма", "");
        assert_eq!(n.surname, "Петров-Водкин");
        assert!(n.patronymic.is_none());
        assert!(v.finish().is_ok());
        let mut v = Validation::new();
        FullName::validate(&mut v, "Ив4нов", "", "С.");
        let errors = v.finish().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["name", "surname", "patronymic"]);
    }

    #[test]
    fn search_key_folds_case_and_yo() {
        assert_eq!(search_key(&["Ёлкин", "Пётр", ""]), "елкин петр");
        assert_eq!(search_pattern(" ЁЛК ").as_deref(), Some("%елк%"));
        assert_eq!(search_pattern("  "), None);
        assert_eq!(search_pattern("50%").as_deref(), Some("%50%"));
    }

    #[test]
    fn the_patronymic_tells_the_gender() {
        assert_eq!(Gender::of_patronymic(Some("Сергеевич")), Gender::Male);
        assert_eq!(Gender::of_patronymic(Some("Ильинична")), Gender::Female);
        assert_eq!(Gender::of_patronymic(Some("Мамед оглы")), Gender::Male);
        assert_eq!(Gender::of_patronymic(Some("Гасан кызы")), Gender::Female);
        assert_eq!(Gender::of_patronymic(None), Gender::Unknown);
        assert_eq!(
            Gender::Female.pick("отмечен", "отмечена", "отмечен(а)"),
            "отмечена"
        );
    }
}
