//! Users, sessions, API tokens and the audit log, as records. Hashing of passwords and second factors
//! lives in the application layer; here are the shapes, the rules without I/O and the audit chain.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

use crate::access::{Principal, Role};
use crate::country::CountryCode;
use crate::handling::HandlingCode;
use crate::id::RecordId;
use crate::time::Timestamp;
use crate::DomainError;

/// The languages every page and nomenclature label is available in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Es,
    Fr,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::En, Language::Es, Language::Fr];
    pub fn code(&self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Es => "es",
            Language::Fr => "fr",
        }
    }
    /// Accepts `es`, `es-AR`, `Español`, `spanish`.
    pub fn parse(s: &str) -> Result<Language, DomainError> {
        let t = s.trim().to_lowercase();
        let head = t.split(['-', '_']).next().unwrap_or("");
        match head {
            "en" | "english" | "inglés" | "anglais" => Ok(Language::En),
            "es" | "spanish" | "español" | "espagnol" => Ok(Language::Es),
            "fr" | "french" | "francés" | "français" => Ok(Language::Fr),
            _ => Err(DomainError::invalid("language", s, "en, es or fr")),
        }
    }
}

/// A user name: what people type at sign-in. Letters, digits, `.`, `-`, `_`, `@`; 3 to 64 characters;
/// kept in lower case so that `J.Smith` and `j.smith` are one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);

impl Username {
    pub fn parse(s: &str) -> Result<Username, DomainError> {
        let t = s.trim().to_lowercase();
        let ok = (3..=64).contains(&t.chars().count())
            && t.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'))
            && t.chars().next().is_some_and(char::is_alphanumeric);
        if ok {
            Ok(Username(t))
        } else {
            Err(DomainError::invalid("user name", s, "3 to 64 letters, digits, '.', '-', '_' or '@', starting with a letter or digit"))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Username {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Username::parse(&s)
    }
}
impl From<Username> for String {
    fn from(u: Username) -> String {
        u.0
    }
}
impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A user of the node: a member of one agency in one country, with one role and a clearance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserAccount {
    pub id: RecordId,
    pub username: Username,
    pub display_name: String,
    pub agency: String,
    pub country: CountryCode,
    pub role: Role,
    /// The narrowest handling code this user may read.
    pub clearance: HandlingCode,
    pub language: Language,
    /// Where notifications go (new cross-check hits); none: in the application only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Base32 TOTP secret once a second factor is set up (RFC 6238).
    #[serde(default)]
    pub totp_secret: Option<String>,
    /// The agency's policy names this user for a second factor (administrators always need one).
    #[serde(default)]
    pub second_factor_required: bool,
    /// Hashes of unused recovery codes.
    #[serde(default)]
    pub recovery_codes: Vec<String>,
    #[serde(default)]
    pub failed_logins: u32,
    #[serde(default)]
    pub locked_until: Option<Timestamp>,
    #[serde(default)]
    pub disabled: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl UserAccount {
    pub fn principal(&self) -> Principal {
        Principal {
            user: self.id,
            username: self.username.to_string(),
            agency: self.agency.clone(),
            country: self.country,
            role: self.role,
            clearance: self.clearance,
        }
    }
    pub fn needs_second_factor(&self) -> bool {
        self.role.requires_second_factor() || self.second_factor_required || self.totp_secret.is_some()
    }
}

/// A browser session. Only a hash of its token is stored: a copy of the database opens no session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub token_hash: String,
    pub user: RecordId,
    /// Token every form of the session carries (double submit is not enough when a sub-domain is hostile).
    pub csrf: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    /// Password checked, second factor not yet: the session opens only the second-factor page.
    pub pending_second_factor: bool,
    pub source: String,
}

/// A token for a machine client: scoped, expiring, revocable, stored hashed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: RecordId,
    pub token_hash: String,
    pub user: RecordId,
    pub name: String,
    /// `read` and/or `write`.
    pub scopes: Vec<String>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    #[serde(default)]
    pub revoked_at: Option<Timestamp>,
}

impl ApiToken {
    pub fn usable(&self, now: Timestamp) -> bool {
        self.revoked_at.is_none() && now < self.expires_at
    }
    pub fn allows(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}

/// One entry of the append-only audit log. Each entry's hash covers its fields and the previous
/// entry's hash, so that a changed, removed or reordered entry breaks the chain from there on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: u64,
    pub at: Timestamp,
    pub user: Option<RecordId>,
    pub username: String,
    pub agency: String,
    /// Where the request came from (address, or `cli`).
    pub source: String,
    /// `read`, `list`, `create`, `update`, `sign_in`, `sign_in_failed`, ...
    pub action: String,
    pub record_type: String,
    pub record: Option<RecordId>,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash before the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

impl AuditEntry {
    /// SHA-256 over the entry's fields (length-prefixed, so that no two entries share an encoding)
    /// and the previous hash.
    pub fn compute_hash(&self) -> String {
        let mut h = Sha256::new();
        let at = self.at.to_string();
        let user = self.user.map(|u| u.to_string()).unwrap_or_default();
        let record = self.record.map(|u| u.to_string()).unwrap_or_default();
        let seq = self.seq.to_string();
        for field in [
            seq.as_str(),
            at.as_str(),
            user.as_str(),
            &self.username,
            &self.agency,
            &self.source,
            &self.action,
            &self.record_type,
            record.as_str(),
            &self.detail,
            &self.prev_hash,
        ] {
            h.update((field.len() as u64).to_be_bytes());
            h.update(field.as_bytes());
        }
        hex(&h.finalize())
    }
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// Where and why a chain check failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    pub seq: u64,
    pub reason: String,
}

impl fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "audit entry {}: {}", self.seq, self.reason)
    }
}

/// Checks a chain entry by entry, from the first: numbers without gaps, each entry linked to the
/// hash of the one before, each hash matching its fields. Feed it pages of any size.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    expected: u64,
    prev: String,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        ChainVerifier { expected: 1, prev: GENESIS_HASH.to_string() }
    }
}

impl ChainVerifier {
    pub fn push(&mut self, e: &AuditEntry) -> Result<(), ChainBreak> {
        if e.seq != self.expected {
            return Err(ChainBreak {
                seq: self.expected,
                reason: format!("missing or out of order: the next entry is numbered {} (entries removed or reordered)", e.seq),
            });
        }
        if e.prev_hash != self.prev {
            return Err(ChainBreak {
                seq: e.seq,
                reason: "does not link to the entry before it (an entry was changed, removed or inserted)".into(),
            });
        }
        if e.compute_hash() != e.hash {
            return Err(ChainBreak { seq: e.seq, reason: "its content does not match its hash (the entry was changed)".into() });
        }
        self.prev = e.hash.clone();
        self.expected += 1;
        Ok(())
    }
    /// Entries checked so far.
    pub fn count(&self) -> u64 {
        self.expected - 1
    }
}

/// Checks a whole chain. Returns the number of entries, or the first bad one.
pub fn verify_chain(entries: impl IntoIterator<Item = AuditEntry>) -> Result<u64, ChainBreak> {
    let mut v = ChainVerifier::default();
    for e in entries {
        v.push(&e)?;
    }
    Ok(v.count())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: u64) -> Vec<AuditEntry> {
        let mut prev = GENESIS_HASH.to_string();
        (1..=n)
            .map(|seq| {
                let mut e = AuditEntry {
                    seq,
                    at: Timestamp::from_unix_millis(1_700_000_000_000 + seq as i64),
                    user: Some(RecordId::new()),
                    username: "ana".into(),
                    agency: "HRV-POL".into(),
                    source: "127.0.0.1".into(),
                    action: "read".into(),
                    record_type: "item".into(),
                    record: Some(RecordId::new()),
                    detail: format!("entry {seq}"),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = e.compute_hash();
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_verifies() {
        assert_eq!(verify_chain(chain(20)), Ok(20));
        assert_eq!(verify_chain(vec![]), Ok(0));
    }

    #[test]
    fn changed_removed_and_reordered_entries_are_named() {
        let mut c = chain(10);
        c[4].detail = "something else".into();
        assert_eq!(verify_chain(c).unwrap_err().seq, 5);

        let mut c = chain(10);
        c.remove(6);
        assert_eq!(verify_chain(c).unwrap_err().seq, 7);

        let mut c = chain(10);
        c.swap(2, 3);
        assert_eq!(verify_chain(c).unwrap_err().seq, 3);

        // Rewriting an entry with a fresh hash still breaks the link of the next one.
        let mut c = chain(10);
        c[4].detail = "forged".into();
        c[4].hash = c[4].compute_hash();
        assert_eq!(verify_chain(c).unwrap_err().seq, 6);
    }

    #[test]
    fn usernames_and_languages_parse() {
        assert_eq!(Username::parse(" J.Smith ").unwrap().as_str(), "j.smith");
        assert!(Username::parse("ab").is_err());
        assert!(Username::parse("a b c").is_err());
        assert!(Username::parse("<script>").is_err());
        assert_eq!(Language::parse("es-AR").unwrap(), Language::Es);
        assert_eq!(Language::parse("Français").unwrap(), Language::Fr);
        assert!(Language::parse("de").is_err());
    }
}
