//! Field-level validation that forms and the API report alike.

use serde::Serialize;

/// The longest login an account may have.
pub const LOGIN_MAX: usize = 64;

/// Whether a (lowercased) login has the shape every account's login has:
/// 1–64 latin letters, digits, dots, hyphens and underscores. Anything else
/// names no account, so it is neither looked up, stored nor logged.
pub fn is_login_shaped(login: &str) -> bool {
    (1..=LOGIN_MAX).contains(&login.len())
        && login
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// Collects every problem with one input, so a form shows them all at once.
#[derive(Debug, Default)]
pub struct Validation {
    errors: Vec<FieldError>,
}

impl Validation {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.errors.push(FieldError {
            field,
            message: message.into(),
        });
    }

    /// A required text: trimmed, not empty, at most `max` characters.
    pub fn text(&mut self, field: &'static str, value: &str, max: usize) -> String {
        let value = value.trim();
        if value.is_empty() {
            self.add(field, "Заполните это поле.");
        } else if value.chars().count() > max {
            self.add(field, format!("Не длиннее {max} символов."));
        }
        value.to_string()
    }

    /// An optional text: trimmed, `None` when empty.
    pub fn optional_text(
        &mut self,
        field: &'static str,
        value: &str,
        max: usize,
    ) -> Option<String> {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        if value.chars().count() > max {
            self.add(field, format!("Не длиннее {max} символов."));
        }
        Some(value.to_string())
    }

    /// A whole number in a range, given as text from a form.
    pub fn number(&mut self, field: &'static str, value: &str, min: i64, max: i64) -> i64 {
        match value.trim().parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => n,
            Ok(_) => {
                self.add(field, format!("Введите число от {min} до {max}."));
                0
            }
            Err(_) if value.trim().is_empty() => {
                self.add(field, "Заполните это поле.");
                0
            }
            Err(_) => {
                self.add(field, "Введите целое число.");
                0
            }
        }
    }

    /// An optional e-mail address.
    pub fn email(&mut self, field: &'static str, value: &str) -> Option<String> {
        let value = self.optional_text(field, value, 200)?;
        let ok = value.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
        }) && !value.contains(char::is_whitespace);
        if !ok {
            self.add(field, "Адрес электронной почты в виде name@example.ru.");
        }
        Some(value)
    }

    /// An optional phone number: 10 to 15 digits, with +, spaces, dashes, brackets.
    pub fn phone(&mut self, field: &'static str, value: &str) -> Option<String> {
        let value = self.optional_text(field, value, 30)?;
        let digits = value.chars().filter(char::is_ascii_digit).count();
        let ok = value
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')'));
        if !ok || !(10..=15).contains(&digits) {
            self.add(field, "Номер телефона, например +7 912 345-67-89.");
        }
        Some(value)
    }

    /// An optional date, as a date field sends it (2008-05-17) or as people type it (17.05.2008).
    pub fn date(&mut self, field: &'static str, value: &str) -> Option<chrono::NaiveDate> {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        let parsed = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .or_else(|_| chrono::NaiveDate::parse_from_str(value, "%d.%m.%Y"));
        match parsed {
            Ok(d) if (1900..=2100).contains(&chrono::Datelike::year(&d)) => Some(d),
            _ => {
                self.add(field, "Дата в виде 17.05.2008.");
                None
            }
        }
    }

    pub fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self.errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_is_short_and_plain() {
        assert!(is_login_shaped("ivanova.a-1_b"));
        assert!(!is_login_shaped(""));
        assert!(!is_login_shaped("admin\nINFO forged line"));
        assert!(!is_login_shaped("иванова"));
        assert!(!is_login_shaped(&"a".repeat(65)));
        assert!(is_login_shaped(&"a".repeat(64)));
    }

    #[test]
    fn collects_all_errors() {
        let mut v = Validation::new();
        assert_eq!(v.text("name", "  ", 10), "");
        assert_eq!(v.number("capacity", "abc", 1, 500), 0);
        assert_eq!(v.number("floor", "900", 1, 500), 0);
        assert_eq!(v.optional_text("note", "", 10), None);
        let errors = v.finish().unwrap_err();
        assert_eq!(errors.len(), 3);
        assert_eq!(errors[0].message, "Заполните это поле.");
        assert_eq!(errors[1].message, "Введите целое число.");
        assert_eq!(errors[2].message, "Введите число от 1 до 500.");
    }

    #[test]
    fn contacts_and_dates() {
        let mut v = Validation::new();
        assert_eq!(v.email("email", " a@b.ru ").as_deref(), Some("a@b.ru"));
        assert_eq!(
            v.phone("phone", "+7 (912) 345-67-89").as_deref(),
            Some("+7 (912) 345-67-89")
        );
        assert_eq!(
            v.date("birth", "17.05.2008"),
            chrono::NaiveDate::from_ymd_opt(2008, 5, 17)
        );
        assert_eq!(
            v.date("birth", "2008-05-17"),
            chrono::NaiveDate::from_ymd_opt(2008, 5, 17)
        );
        assert_eq!(v.email("email", ""), None);
        assert!(v.finish().is_ok());
        let mut v = Validation::new();
        v.email("email", "a@b");
        v.phone("phone", "12345");
        v.date("birth", "31.02.2008");
        assert_eq!(v.finish().unwrap_err().len(), 3);
    }

    #[test]
    fn accepts_good_input() {
        let mut v = Validation::new();
        assert_eq!(v.text("name", " Корпус 1 ", 10), "Корпус 1");
        assert_eq!(v.number("capacity", "30", 1, 500), 30);
        assert!(v.finish().is_ok());
    }
}
