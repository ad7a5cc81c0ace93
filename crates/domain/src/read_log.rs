//! What the read log of personal data (152-ФЗ) records a read of.

/// A kind of record read, stored by its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadKind {
    Diary,
    DiarySummary,
    Attestation,
    StudentCard,
    Debts,
    Journal,
    AttestationSheet,
    SummarySheet,
    Archive,
    /// A copy of everything kept about a person (152-ФЗ, ст. 14).
    PersonalData,
}

impl ReadKind {
    pub const ALL: [ReadKind; 10] = [
        ReadKind::Diary,
        ReadKind::DiarySummary,
        ReadKind::Attestation,
        ReadKind::StudentCard,
        ReadKind::Debts,
        ReadKind::Journal,
        ReadKind::AttestationSheet,
        ReadKind::SummarySheet,
        ReadKind::Archive,
        ReadKind::PersonalData,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReadKind::Diary => "diary",
            ReadKind::DiarySummary => "diary_summary",
            ReadKind::Attestation => "attestation",
            ReadKind::StudentCard => "student_card",
            ReadKind::Debts => "debts",
            ReadKind::Journal => "journal",
            ReadKind::AttestationSheet => "attestation_sheet",
            ReadKind::SummarySheet => "summary_sheet",
            ReadKind::Archive => "archive",
            ReadKind::PersonalData => "personal_data",
        }
    }

    pub fn from_code(code: &str) -> Option<ReadKind> {
        ReadKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn title(self) -> &'static str {
        match self {
            ReadKind::Diary => "дневник",
            ReadKind::DiarySummary => "итоги: отметки и пропуски",
            ReadKind::Attestation => "промежуточная аттестация",
            ReadKind::StudentCard => "карточка обучающегося",
            ReadKind::Debts => "академические задолженности",
            ReadKind::Journal => "журнал группы",
            ReadKind::AttestationSheet => "ведомость аттестации",
            ReadKind::SummarySheet => "сводная ведомость (файл)",
            ReadKind::Archive => "архив года (файл)",
            ReadKind::PersonalData => "выгрузка персональных данных",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ReadKind;

    #[test]
    fn codes_read_back() {
        for k in ReadKind::ALL {
            assert_eq!(ReadKind::from_code(k.code()), Some(k));
        }
    }
}
