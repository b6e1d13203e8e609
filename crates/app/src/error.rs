//! One table of stable error codes, shared by the pages, the JSON API and the command line. The code
//! is for machines (it never changes once released); the message is for people and says what to do.

use armstrace_store::StoreError;
use serde::Serialize;
use thiserror::Error;

use crate::accounts::AccountError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Not signed in, or the session or token ended.
    Unauthenticated,
    /// Signed in, but the role, agency or clearance does not allow this.
    Forbidden,
    /// No such record, or one the user may not see (the two look alike on purpose).
    NotFound,
    /// The request is understood but a value is wrong; the message names the field.
    InvalidInput,
    /// The form's anti-forgery token is missing or stale.
    CsrfFailed,
    /// Too many failed sign-ins; the account waits.
    Locked,
    /// A record with that name or key exists.
    Conflict,
    /// Too many attempts from one address in a short time; wait and try again.
    RateLimited,
    /// The database could not be reached or answered with an error.
    StoreUnavailable,
    /// A bug: reported, with the time, for the administrator's log.
    Internal,
}

/// code, HTTP status, what it means: the published table.
pub const ERROR_TABLE: &[(ErrorCode, &str, u16)] = &[
    (ErrorCode::Unauthenticated, "unauthenticated", 401),
    (ErrorCode::Forbidden, "forbidden", 403),
    (ErrorCode::NotFound, "not_found", 404),
    (ErrorCode::InvalidInput, "invalid_input", 422),
    (ErrorCode::CsrfFailed, "csrf_failed", 403),
    (ErrorCode::Locked, "locked", 423),
    (ErrorCode::Conflict, "conflict", 409),
    (ErrorCode::RateLimited, "rate_limited", 429),
    (ErrorCode::StoreUnavailable, "store_unavailable", 503),
    (ErrorCode::Internal, "internal", 500),
];

impl ErrorCode {
    pub fn as_str(&self) -> &'static str {
        ERROR_TABLE.iter().find(|(c, _, _)| c == self).map(|(_, s, _)| *s).unwrap_or("internal")
    }
    pub fn http_status(&self) -> u16 {
        ERROR_TABLE.iter().find(|(c, _, _)| c == self).map(|(_, _, s)| *s).unwrap_or(500)
    }
}

#[derive(Debug, Error, Clone)]
#[error("{message}")]
pub struct ServiceError {
    pub code: ErrorCode,
    pub message: String,
}

impl ServiceError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ServiceError { code, message: message.into() }
    }
    pub fn not_found(what: &str) -> Self {
        ServiceError::new(
            ErrorCode::NotFound,
            format!("no {what} with that id is visible to you; check the link, or ask the owning agency for a grant"),
        )
    }
    pub fn forbidden(why: impl Into<String>) -> Self {
        ServiceError::new(ErrorCode::Forbidden, why)
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        ServiceError::new(ErrorCode::InvalidInput, message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        ServiceError::new(ErrorCode::Conflict, message)
    }
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Corrupt { .. } => ServiceError::new(ErrorCode::Internal, e.to_string()),
            other => {
                ServiceError::new(ErrorCode::StoreUnavailable, format!("{other}; try again, and tell your administrator if it persists"))
            }
        }
    }
}

impl From<AccountError> for ServiceError {
    fn from(e: AccountError) -> Self {
        let code = match &e {
            AccountError::BadCredentials | AccountError::BadSecondFactor => ErrorCode::Unauthenticated,
            AccountError::Locked { .. } | AccountError::Disabled => ErrorCode::Locked,
            AccountError::Invalid(_) => ErrorCode::InvalidInput,
            AccountError::Exists(_) => ErrorCode::Conflict,
            AccountError::Forbidden(_) => ErrorCode::Forbidden,
            AccountError::NotFound => ErrorCode::NotFound,
            AccountError::Store(_) => ErrorCode::StoreUnavailable,
            AccountError::Random(_) => ErrorCode::Internal,
        };
        ServiceError::new(code, e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn codes_are_unique_and_every_code_is_in_the_table() {
        let mut names: Vec<&str> = ERROR_TABLE.iter().map(|(_, s, _)| *s).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), ERROR_TABLE.len());
        for (c, s, status) in ERROR_TABLE {
            assert_eq!(c.as_str(), *s);
            assert_eq!(c.http_status(), *status);
            assert_eq!(serde_json::to_value(c).unwrap(), serde_json::Value::String(s.to_string()));
        }
    }
}
