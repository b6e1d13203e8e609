use thiserror::Error;

/// A value from outside could not be parsed into a domain type. The message says what was expected,
/// so that an import report can say "row 17, column serial: <this>".
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainError {
    #[error("{field}: '{value}' is not valid: {expected}")]
    Invalid { field: &'static str, value: String, expected: String },
    #[error("{field} is required: {expected}")]
    Missing { field: &'static str, expected: String },
}

impl DomainError {
    pub fn invalid(field: &'static str, value: &str, expected: impl Into<String>) -> Self {
        let mut v: String = value.chars().take(80).collect();
        if value.chars().count() > 80 {
            v.push('…');
        }
        DomainError::Invalid { field, value: v, expected: expected.into() }
    }
    pub fn missing(field: &'static str, expected: impl Into<String>) -> Self {
        DomainError::Missing { field, expected: expected.into() }
    }
    pub fn field(&self) -> &'static str {
        match self {
            DomainError::Invalid { field, .. } | DomainError::Missing { field, .. } => field,
        }
    }
}
