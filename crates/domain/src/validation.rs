//! Field-level validation that forms and the API report alike.

use serde::Serialize;

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
    pub fn optional_text(&mut self, field: &'static str, value: &str, max: usize) -> Option<String> {
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
    fn accepts_good_input() {
        let mut v = Validation::new();
        assert_eq!(v.text("name", " Корпус 1 ", 10), "Корпус 1");
        assert_eq!(v.number("capacity", "30", 1, 500), 30);
        assert!(v.finish().is_ok());
    }
}
