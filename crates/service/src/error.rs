//! The one error type of the use cases. The HTTP layer turns it into a page
//! or a JSON error; the cause of an internal error is logged, never shown.

use domain::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not signed in")]
    Unauthenticated,
    #[error("wrong login or password")]
    WrongCredentials,
    #[error("too many failed logins; retry in {minutes} min")]
    TooManyAttempts { minutes: i64 },
    #[error("the personal-data terms are not accepted yet")]
    ConsentRequired,
    #[error("forbidden")]
    Forbidden,
    /// The account's temporary password must be changed first.
    #[error("password change required")]
    PasswordChangeRequired,
    /// A change sent with the session cookie but without the page's token,
    /// or from another site's page.
    #[error("cross-site request")]
    CrossSite,
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// Past the entry deadline, or otherwise closed for changes; the message says why.
    #[error("locked: {0}")]
    Locked(String),
    /// Someone changed the journal cell first; here is what it holds now.
    /// The timetable refuses the lesson: every clash, in words.
    #[error("timetable conflicts")]
    Conflicts(Vec<domain::timetable::Conflict>),
    #[error("the cell changed")]
    CellChanged(Box<crate::journal::CellState>),
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("internal: {0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn field(field: &'static str, message: impl Into<String>) -> Error {
        Error::Invalid(vec![FieldError {
            field,
            message: message.into(),
        }])
    }

    /// The Russian text a user sees.
    pub fn user_message(&self) -> String {
        match self {
            Error::Unauthenticated => "Войдите в систему.".into(),
            Error::WrongCredentials => "Неверный логин или пароль.".into(),
            Error::TooManyAttempts { minutes } => {
                format!("Слишком много неудачных попыток входа. Повторите через {minutes} мин.")
            }
            Error::ConsentRequired => "Примите условия обработки персональных данных.".into(),
            Error::Forbidden => "Недостаточно прав для этого действия.".into(),
            Error::PasswordChangeRequired => {
                "Смените временный пароль, выданный администрацией: придумайте свой.".into()
            }
            Error::CrossSite => "Запрос отклонён: он отправлен не со страницы журнала. \
                                 Обновите страницу и повторите."
                .into(),
            Error::NotFound(what) => format!("Не найдено: {what}."),
            Error::Invalid(errors) => errors
                .iter()
                .map(|e| e.message.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            Error::Locked(message) => message.clone(),
            Error::Conflicts(list) => list
                .iter()
                .map(|c| c.message.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            Error::CellChanged(current) => format!(
                "Клетку уже изменили: сейчас в ней «{}». Проверьте и введите заново.",
                current.text
            ),
            Error::Db(_) | Error::Internal(_) => {
                "Внутренняя ошибка. Попробуйте ещё раз; если не поможет, сообщите администратору."
                    .into()
            }
        }
    }

    /// A stable machine code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Unauthenticated => "unauthenticated",
            Error::WrongCredentials => "wrong_credentials",
            Error::TooManyAttempts { .. } => "too_many_attempts",
            Error::ConsentRequired => "consent_required",
            Error::Forbidden => "forbidden",
            Error::CrossSite => "csrf",
            Error::PasswordChangeRequired => "password_change_required",
            Error::NotFound(_) => "not_found",
            Error::Invalid(_) => "invalid",
            Error::Locked(_) => "locked",
            Error::CellChanged(_) => "conflict",
            Error::Conflicts(_) => "timetable_conflict",
            Error::Db(_) | Error::Internal(_) => "internal",
        }
    }
}

/// Turns a unique-index violation into a message next to the field;
/// any other database error stays internal.
pub fn unique_as_field(err: sea_orm::DbErr, field: &'static str, message: &str) -> Error {
    if store::is_unique_violation(&err) {
        Error::field(field, message)
    } else {
        Error::Db(err)
    }
}
