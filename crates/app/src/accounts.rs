//! Accounts: creating users, signing in (password, then second factor), sessions, API tokens.
//!
//! Passwords are hashed with Argon2id; the second factor is TOTP (RFC 6238, 30-second steps, six
//! digits, SHA-1 as every authenticator app expects) with single-use recovery codes. Session and API
//! tokens are 256-bit random values of which only a SHA-256 hash is stored.

use argon2::password_hash::{phc::PasswordHash, PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use hmac::{KeyInit, Mac};
use sha2::{Digest, Sha256};
use thiserror::Error;

use armstrace_domain::access::{Action, Principal, Role};
use armstrace_domain::account::{hex, ApiToken, Language, Session, UserAccount, Username};
use armstrace_domain::country::CountryCode;
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::id::RecordId;
use armstrace_domain::time::Timestamp;
use armstrace_store::{Store, StoreError};

use crate::audit::{Auditor, Event};

/// Failed sign-ins in a row before an account is locked, and for how long.
pub const MAX_FAILED_SIGN_INS: u32 = 5;
pub const LOCKOUT_MINUTES: i64 = 15;
/// Sessions end after this long, whatever happens.
pub const SESSION_HOURS: i64 = 12;
pub const MIN_PASSWORD_CHARS: usize = 12;

#[derive(Debug, Error)]
pub enum AccountError {
    /// Deliberately the same for an unknown user and a wrong password.
    #[error("user name or password is not right")]
    BadCredentials,
    #[error("this account is locked after too many failed sign-ins; try again after {until} or ask your agency administrator")]
    Locked { until: Timestamp },
    #[error("this account is disabled; ask your agency administrator")]
    Disabled,
    #[error("the code is not right; use the current six-digit code of your authenticator app, or a recovery code")]
    BadSecondFactor,
    #[error("{0}")]
    Invalid(String),
    #[error("'{0}' already exists; choose another name")]
    Exists(String),
    #[error("not allowed: {0}")]
    Forbidden(String),
    #[error("no such user")]
    NotFound,
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("the system's random number source failed: {0}")]
    Random(String),
}

/// Random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], AccountError> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).map_err(|e| AccountError::Random(e.to_string()))?;
    Ok(b)
}

/// A fresh secret token (URL-safe text) and the hash under which it is stored.
pub fn new_token() -> Result<(String, String), AccountError> {
    let t = hex(&random_bytes::<32>()?);
    let h = token_hash(&t);
    Ok((t, h))
}

pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

pub fn hash_password(password: &str) -> Result<String, AccountError> {
    Argon2::default().hash_password(password.as_bytes()).map(|h| h.to_string()).map_err(|e| AccountError::Invalid(e.to_string()))
}

pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// What a password must be: long enough, not the user name, not all one character.
pub fn check_password(password: &str, username: &str) -> Result<(), AccountError> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(AccountError::Invalid(format!(
            "the password has {n} characters; use at least {MIN_PASSWORD_CHARS} (a few words make a good one)"
        )));
    }
    if password.to_lowercase().contains(&username.to_lowercase()) {
        return Err(AccountError::Invalid("the password contains the user name; choose another".into()));
    }
    let mut chars = password.chars();
    if let Some(first) = chars.next() {
        if chars.all(|c| c == first) {
            return Err(AccountError::Invalid("the password repeats one character; choose another".into()));
        }
    }
    Ok(())
}

// ---- TOTP (RFC 6238 over RFC 4226) ----

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for &b in bytes {
        buffer = (buffer << 8) | b as u32;
        bits += 8;
        while bits >= 5 {
            out.push(BASE32[((buffer >> (bits - 5)) & 31) as usize] as char);
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(BASE32[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

pub fn base32_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for c in s.chars().filter(|c| !c.is_whitespace() && *c != '=' && *c != '-') {
        let v = BASE32.iter().position(|&x| x as char == c.to_ascii_uppercase())? as u32;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            out.push(((buffer >> (bits - 8)) & 0xFF) as u8);
            bits -= 8;
        }
    }
    Some(out)
}

/// The six-digit code for a secret at a time step (RFC 4226 §5.3 dynamic truncation).
pub fn hotp(secret: &[u8], counter: u64) -> Option<u32> {
    let mut mac = hmac::Hmac::<sha1::Sha1>::new_from_slice(secret).ok()?;
    mac.update(&counter.to_be_bytes());
    let d = mac.finalize().into_bytes();
    let offset = (d[d.len() - 1] & 0x0F) as usize;
    let bin = ((d[offset] as u32 & 0x7F) << 24) | ((d[offset + 1] as u32) << 16) | ((d[offset + 2] as u32) << 8) | d[offset + 3] as u32;
    Some(bin % 1_000_000)
}

/// Checks a TOTP code, allowing one step of clock drift either way.
pub fn totp_ok(secret_b32: &str, code: &str, now: Timestamp) -> bool {
    let Some(secret) = base32_decode(secret_b32) else { return false };
    let code = code.trim().replace(' ', "");
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let step = (now.unix_millis().max(0) / 1000 / 30) as u64;
    [step.saturating_sub(1), step, step + 1].iter().any(|&s| hotp(&secret, s).is_some_and(|c| format!("{c:06}") == code))
}

/// The current code (for tests and for the set-up page's check).
pub fn totp_now(secret_b32: &str, now: Timestamp) -> Option<String> {
    let secret = base32_decode(secret_b32)?;
    hotp(&secret, (now.unix_millis().max(0) / 1000 / 30) as u64).map(|c| format!("{c:06}"))
}

/// The `otpauth://` address authenticator apps read from a QR code or accept typed in.
pub fn otpauth_uri(issuer: &str, username: &str, secret_b32: &str) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
            .collect::<String>()
    };
    format!("otpauth://totp/{}:{}?secret={secret_b32}&issuer={}&algorithm=SHA1&digits=6&period=30", enc(issuer), enc(username), enc(issuer))
}

// ---- the service ----

/// A new user as an administrator or the command line describes them.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub agency: String,
    pub country: String,
    pub role: Role,
    pub clearance: HandlingCode,
    pub language: Language,
    pub password: String,
    pub second_factor_required: bool,
}

/// The outcome of a correct password.
pub enum SignIn {
    /// Signed in: the session token for the cookie.
    Done { token: String, session: Session, user: UserAccount },
    /// The password was right; the second factor is asked next on this pending session.
    SecondFactor { token: String, session: Session, user: UserAccount },
}

pub struct Accounts<'a> {
    pub store: &'a dyn Store,
    pub audit: &'a Auditor,
}

impl<'a> Accounts<'a> {
    /// Creates a user. `by` is the administrator (None: the command line, for the first administrator).
    pub fn create(&self, by: Option<&Principal>, new: NewUser, now: Timestamp, source: &str) -> Result<UserAccount, AccountError> {
        let username = Username::parse(&new.username).map_err(|e| AccountError::Invalid(e.to_string()))?;
        let country = CountryCode::parse(&new.country).map_err(|e| AccountError::Invalid(e.to_string()))?;
        if let Some(p) = by {
            let own_agency = p.may(Action::ManageAgencyUsers) && p.agency == new.agency && new.role != Role::SystemAdmin;
            if !(p.may(Action::ManageNode) || own_agency) {
                return Err(AccountError::Forbidden(
                    "only a system administrator, or the agency administrator of that agency, adds its users".into(),
                ));
            }
            if new.clearance > p.clearance {
                return Err(AccountError::Forbidden("a user cannot be given a clearance above your own".into()));
            }
        }
        if new.agency.trim().is_empty() {
            return Err(AccountError::Invalid("the agency is missing: give the code of the user's agency (e.g. HRV-MUP)".into()));
        }
        check_password(&new.password, username.as_str())?;
        if self.store.user_by_name(username.as_str())?.is_some() {
            return Err(AccountError::Exists(username.to_string()));
        }
        let agency_code = new.agency.trim().to_uppercase();
        match self.store.agencies()?.into_iter().find(|a| a.code == agency_code) {
            Some(a) if a.country != country.as_str() => {
                return Err(AccountError::Invalid(format!("agency {} is in {}, not {}", a.code, a.country, country.as_str())));
            }
            Some(_) => {}
            // The command line sets up a node from nothing: the first administrator's agency is
            // recorded with them. In the application, agencies are added by a system administrator.
            None if by.is_none() => self.store.write(&armstrace_store::WriteBatch {
                agencies: vec![armstrace_store::Agency {
                    code: agency_code.clone(),
                    name: agency_code.clone(),
                    country: country.as_str().to_string(),
                }],
                ..Default::default()
            })?,
            None => return Err(AccountError::Invalid(format!("there is no agency {agency_code}: a system administrator adds it first"))),
        }
        let user = UserAccount {
            id: RecordId::new(),
            username,
            display_name: if new.display_name.trim().is_empty() {
                new.username.trim().to_string()
            } else {
                new.display_name.trim().to_string()
            },
            agency: agency_code,
            country,
            role: new.role,
            clearance: new.clearance,
            language: new.language,
            email: None,
            password_hash: hash_password(&new.password)?,
            totp_secret: None,
            second_factor_required: new.second_factor_required,
            recovery_codes: vec![],
            failed_logins: 0,
            locked_until: None,
            disabled: false,
            created_at: now,
            updated_at: now,
        };
        self.store.save_user(&user)?;
        self.audit.record(
            self.store,
            Event::by(by, source, "create", "user", Some(user.id), format!("{} ({}, {})", user.username, user.agency, user.role)),
            now,
        )?;
        Ok(user)
    }

    /// Checks the password. Every failure counts towards the lockout; the message never says whether
    /// the user exists.
    pub fn sign_in(&self, username: &str, password: &str, now: Timestamp, source: &str) -> Result<SignIn, AccountError> {
        let Some(mut user) = self.store.user_by_name(username)? else {
            // Same work as for a real user, so that timing does not tell which names exist.
            let _ =
                verify_password(password, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
            self.audit.record(
                self.store,
                Event::anonymous(source, "sign_in_failed", "user", None, format!("unknown user '{}'", username.trim())),
                now,
            )?;
            return Err(AccountError::BadCredentials);
        };
        if user.disabled {
            return Err(AccountError::Disabled);
        }
        if let Some(until) = user.locked_until.filter(|u| *u > now) {
            return Err(AccountError::Locked { until });
        }
        if !verify_password(password, &user.password_hash) {
            user.failed_logins += 1;
            if user.failed_logins >= MAX_FAILED_SIGN_INS {
                user.locked_until = Some(Timestamp::from_unix_millis(now.unix_millis() + LOCKOUT_MINUTES * 60_000));
                user.failed_logins = 0;
            }
            user.updated_at = now;
            self.store.save_user(&user)?;
            self.audit.record(
                self.store,
                Event::of(&user, source, "sign_in_failed", "user", Some(user.id), "wrong password".into()),
                now,
            )?;
            if let Some(until) = user.locked_until.filter(|u| *u > now) {
                return Err(AccountError::Locked { until });
            }
            return Err(AccountError::BadCredentials);
        }
        if user.failed_logins > 0 || user.locked_until.is_some() {
            user.failed_logins = 0;
            user.locked_until = None;
            user.updated_at = now;
            self.store.save_user(&user)?;
        }
        let pending = user.needs_second_factor() || self.agency_requires_second_factor(&user.agency)?;
        let (token, session) = self.open_session(&user, pending, now, source)?;
        if pending {
            Ok(SignIn::SecondFactor { token, session, user })
        } else {
            self.audit.record(self.store, Event::of(&user, source, "sign_in", "user", Some(user.id), String::new()), now)?;
            Ok(SignIn::Done { token, session, user })
        }
    }

    fn open_session(&self, user: &UserAccount, pending: bool, now: Timestamp, source: &str) -> Result<(String, Session), AccountError> {
        let (token, hash) = new_token()?;
        let session = Session {
            token_hash: hash,
            user: user.id,
            csrf: hex(&random_bytes::<16>()?),
            created_at: now,
            expires_at: Timestamp::from_unix_millis(now.unix_millis() + SESSION_HOURS * 3_600_000),
            pending_second_factor: pending,
            source: source.to_string(),
        };
        self.store.save_session(&session)?;
        Ok((token, session))
    }

    /// Completes a pending sign-in with a TOTP code or a recovery code. A user who must have a
    /// second factor but has none set up yet gets `secret` set up here (the page shows it first).
    pub fn second_factor(
        &self,
        token: &str,
        code: &str,
        setup_secret: Option<&str>,
        now: Timestamp,
        source: &str,
    ) -> Result<(String, Session, UserAccount), AccountError> {
        let Some(session) = self.store.session(&token_hash(token))?.filter(|s| s.pending_second_factor && s.expires_at > now) else {
            return Err(AccountError::BadCredentials);
        };
        let mut user = self.store.user(session.user)?.ok_or(AccountError::BadCredentials)?;
        let ok = match (&user.totp_secret, setup_secret) {
            (Some(secret), _) => totp_ok(secret, code, now) || self.use_recovery_code(&mut user, code, now)?,
            (None, Some(new_secret)) => {
                let ok = totp_ok(new_secret, code, now);
                if ok {
                    user.totp_secret = Some(new_secret.to_string());
                    user.updated_at = now;
                    self.store.save_user(&user)?;
                }
                ok
            }
            (None, None) => false,
        };
        if !ok {
            user.failed_logins += 1;
            if user.failed_logins >= MAX_FAILED_SIGN_INS {
                user.locked_until = Some(Timestamp::from_unix_millis(now.unix_millis() + LOCKOUT_MINUTES * 60_000));
                user.failed_logins = 0;
                self.store.delete_session(&session.token_hash)?;
            }
            self.store.save_user(&user)?;
            self.audit.record(
                self.store,
                Event::of(&user, source, "sign_in_failed", "user", Some(user.id), "wrong second factor".into()),
                now,
            )?;
            return Err(AccountError::BadSecondFactor);
        }
        // A new session token once fully signed in: the pending one may have been seen.
        self.store.delete_session(&session.token_hash)?;
        let (token, session) = self.open_session(&user, false, now, source)?;
        self.audit.record(self.store, Event::of(&user, source, "sign_in", "user", Some(user.id), "with second factor".into()), now)?;
        Ok((token, session, user))
    }

    fn use_recovery_code(&self, user: &mut UserAccount, code: &str, now: Timestamp) -> Result<bool, AccountError> {
        let h = token_hash(&code.trim().to_lowercase().replace([' ', '-'], ""));
        if let Some(i) = user.recovery_codes.iter().position(|c| *c == h) {
            user.recovery_codes.remove(i);
            user.updated_at = now;
            self.store.save_user(user)?;
            return Ok(true);
        }
        Ok(false)
    }

    /// A user changes their own password: the current one first.
    /// The user's own address for notifications (empty: none). Audited.
    pub fn set_email(&self, p: &Principal, email: &str, now: Timestamp, source: &str) -> Result<(), AccountError> {
        let mut u = self.store.user(p.user)?.ok_or(AccountError::NotFound)?;
        let email = email.trim();
        if !email.is_empty() && !crate::mail::valid_address(email) {
            return Err(AccountError::Invalid(format!("'{email}' is not an e-mail address such as ana.horvat@police.example")));
        }
        u.email = (!email.is_empty()).then(|| email.to_string());
        u.updated_at = now;
        self.store.save_user(&u)?;
        self.audit.record(self.store, Event::principal(p, source, "set_email", "user", Some(p.user), String::new()), now)?;
        Ok(())
    }

    pub fn change_password(&self, p: &Principal, current: &str, new: &str, now: Timestamp, source: &str) -> Result<(), AccountError> {
        let u = self.store.user(p.user)?.ok_or(AccountError::NotFound)?;
        if !verify_password(current, &u.password_hash) {
            return Err(AccountError::Invalid("the current password is not right".into()));
        }
        self.reset_password(Some(p), p.user, new, now, source)
    }

    /// A user sets up a second factor: the secret they added to their app, and a code it shows.
    pub fn set_up_totp(&self, p: &Principal, secret: &str, code: &str, now: Timestamp, source: &str) -> Result<(), AccountError> {
        let mut u = self.store.user(p.user)?.ok_or(AccountError::NotFound)?;
        if base32_decode(secret).is_none_or(|b| b.len() < 16) {
            return Err(AccountError::Invalid("the key is not a TOTP key".into()));
        }
        if !totp_ok(secret, code, now) {
            return Err(AccountError::BadSecondFactor);
        }
        u.totp_secret = Some(secret.to_string());
        u.updated_at = now;
        self.store.save_user(&u)?;
        self.audit.record(self.store, Event::principal(p, source, "set_up_second_factor", "user", Some(u.id), String::new()), now)?;
        Ok(())
    }

    /// Adds an agency of the node (a system administrator's task).
    pub fn add_agency(
        &self,
        p: &Principal,
        code: &str,
        name: &str,
        country: &str,
        now: Timestamp,
        source: &str,
    ) -> Result<armstrace_store::Agency, AccountError> {
        if !p.may(Action::ManageNode) {
            return Err(AccountError::Forbidden("only a system administrator adds agencies".into()));
        }
        let code = code.trim().to_uppercase();
        if !(2..=32).contains(&code.len()) || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err(AccountError::Invalid(format!("'{code}' is not an agency code: 2 to 32 letters, digits or '-' (e.g. HRV-POL)")));
        }
        let country = CountryCode::parse(country).map_err(|e| AccountError::Invalid(e.to_string()))?;
        if name.trim().is_empty() {
            return Err(AccountError::Invalid("give the agency's name".into()));
        }
        if self.store.agencies()?.iter().any(|a| a.code == code) {
            return Err(AccountError::Exists(code));
        }
        let agency = armstrace_store::Agency { code: code.clone(), name: name.trim().to_string(), country: country.as_str().to_string() };
        self.store.write(&armstrace_store::WriteBatch { agencies: vec![agency.clone()], ..Default::default() })?;
        self.audit.record(self.store, Event::principal(p, source, "create", "agency", None, format!("{code} ({})", agency.name)), now)?;
        Ok(agency)
    }

    /// Whether the user's agency asks every one of its users for a second factor.
    pub fn agency_requires_second_factor(&self, agency: &str) -> Result<bool, AccountError> {
        Ok(self.store.agency_policy(agency)?.is_some_and(|p| p.second_factor_required))
    }

    /// An agency's administrator (or a system administrator) asks every user of the agency for a
    /// second factor at sign-in; those without one set it up at their next sign-in.
    pub fn set_agency_second_factor(
        &self,
        p: &Principal,
        agency: &str,
        required: bool,
        now: Timestamp,
        source: &str,
    ) -> Result<(), AccountError> {
        let own = p.may(Action::ManageAgencyUsers) && p.agency == agency;
        if !(own || p.may(Action::ManageNode)) {
            return Err(AccountError::Forbidden("only the agency's administrator sets its sign-in policy".into()));
        }
        if !self.store.agencies()?.iter().any(|a| a.code == agency) {
            return Err(AccountError::Invalid(format!("no agency '{agency}'")));
        }
        let policy = armstrace_store::AgencyPolicy {
            agency: agency.to_string(),
            second_factor_required: required,
            updated_at: now,
            updated_by: p.username.clone(),
        };
        self.store.save_agency_policy(&policy)?;
        let detail = format!("second factor required for every user: {}", if required { "yes" } else { "no" });
        self.audit.record(self.store, Event::principal(p, source, "set_policy", "agency", None, format!("{agency}: {detail}")), now)?;
        Ok(())
    }

    /// New recovery codes (shown once), replacing any earlier ones.
    pub fn new_recovery_codes(&self, user: &mut UserAccount, now: Timestamp) -> Result<Vec<String>, AccountError> {
        let mut codes = Vec::new();
        for _ in 0..10 {
            codes.push(hex(&random_bytes::<5>()?));
        }
        user.recovery_codes = codes.iter().map(|c| token_hash(c)).collect();
        user.updated_at = now;
        self.store.save_user(user)?;
        Ok(codes)
    }

    /// The signed-in user of a session token, if the session is complete and current.
    pub fn session_user(&self, token: &str, now: Timestamp) -> Result<Option<(Session, UserAccount)>, AccountError> {
        let Some(session) = self.store.session(&token_hash(token))? else { return Ok(None) };
        if session.expires_at <= now {
            self.store.delete_session(&session.token_hash)?;
            return Ok(None);
        }
        let Some(user) = self.store.user(session.user)? else { return Ok(None) };
        if user.disabled {
            return Ok(None);
        }
        Ok(Some((session, user)))
    }

    pub fn sign_out(&self, token: &str, now: Timestamp, source: &str) -> Result<(), AccountError> {
        if let Some((s, u)) = self.session_user(token, now)? {
            self.store.delete_session(&s.token_hash)?;
            self.audit.record(self.store, Event::of(&u, source, "sign_out", "user", Some(u.id), String::new()), now)?;
        }
        Ok(())
    }

    /// Sets a new password (by the user, an administrator or the command line) and ends every session.
    pub fn reset_password(
        &self,
        by: Option<&Principal>,
        user: RecordId,
        password: &str,
        now: Timestamp,
        source: &str,
    ) -> Result<(), AccountError> {
        let mut u = self.store.user(user)?.ok_or(AccountError::NotFound)?;
        if let Some(p) = by {
            let allowed = p.user == u.id || p.may(Action::ManageNode) || (p.may(Action::ManageAgencyUsers) && p.agency == u.agency);
            if !allowed {
                return Err(AccountError::Forbidden(
                    "only the user, their agency administrator or a system administrator sets a password".into(),
                ));
            }
        }
        check_password(password, u.username.as_str())?;
        u.password_hash = hash_password(password)?;
        u.failed_logins = 0;
        u.locked_until = None;
        u.updated_at = now;
        self.store.save_user(&u)?;
        self.store.delete_sessions_of(u.id)?;
        self.audit.record(self.store, Event::by(by, source, "reset_password", "user", Some(u.id), u.username.to_string()), now)?;
        Ok(())
    }

    pub fn set_disabled(
        &self,
        by: Option<&Principal>,
        user: RecordId,
        disabled: bool,
        now: Timestamp,
        source: &str,
    ) -> Result<(), AccountError> {
        let mut u = self.store.user(user)?.ok_or(AccountError::NotFound)?;
        if let Some(p) = by {
            if !(p.may(Action::ManageNode) || (p.may(Action::ManageAgencyUsers) && p.agency == u.agency)) {
                return Err(AccountError::Forbidden(
                    "only the agency administrator of that agency or a system administrator disables users".into(),
                ));
            }
        }
        u.disabled = disabled;
        u.updated_at = now;
        self.store.save_user(&u)?;
        if disabled {
            self.store.delete_sessions_of(u.id)?;
        }
        self.audit.record(
            self.store,
            Event::by(by, source, if disabled { "disable" } else { "enable" }, "user", Some(u.id), u.username.to_string()),
            now,
        )?;
        Ok(())
    }

    /// A new API token for the principal (shown once). Scopes: `read`, `write`.
    pub fn create_api_token(
        &self,
        p: &Principal,
        name: &str,
        scopes: &[&str],
        days: i64,
        now: Timestamp,
        source: &str,
    ) -> Result<(String, ApiToken), AccountError> {
        if scopes.is_empty() || scopes.iter().any(|s| !matches!(*s, "read" | "write")) {
            return Err(AccountError::Invalid("scopes are 'read' and/or 'write'".into()));
        }
        if !(1..=366).contains(&days) {
            return Err(AccountError::Invalid("a token lasts 1 to 366 days".into()));
        }
        let (token, hash) = new_token()?;
        let t = ApiToken {
            id: RecordId::new(),
            token_hash: hash,
            user: p.user,
            name: name.trim().to_string(),
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            created_at: now,
            expires_at: Timestamp::from_unix_millis(now.unix_millis() + days * 86_400_000),
            revoked_at: None,
        };
        self.store.save_api_token(&t)?;
        self.audit.record(self.store, Event::principal(p, source, "create", "api_token", Some(t.id), t.name.clone()), now)?;
        Ok((format!("at_{token}"), t))
    }

    pub fn revoke_api_token(&self, p: &Principal, id: RecordId, now: Timestamp, source: &str) -> Result<(), AccountError> {
        let mut t = self.store.api_tokens_of(p.user)?.into_iter().find(|t| t.id == id).ok_or(AccountError::NotFound)?;
        t.revoked_at = Some(now);
        self.store.save_api_token(&t)?;
        self.audit.record(self.store, Event::principal(p, source, "revoke", "api_token", Some(t.id), t.name.clone()), now)?;
        Ok(())
    }

    /// The user of a bearer token, if usable for the scope.
    pub fn token_user(&self, bearer: &str, scope: &str, now: Timestamp) -> Result<Option<UserAccount>, AccountError> {
        let Some(raw) = bearer.strip_prefix("at_") else { return Ok(None) };
        let Some(t) = self.store.api_token(&token_hash(raw))? else { return Ok(None) };
        if !t.usable(now) || !t.allows(scope) {
            return Ok(None);
        }
        Ok(self.store.user(t.user)?.filter(|u| !u.disabled))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totp_matches_rfc_6238_test_vectors() {
        // RFC 6238 Appendix B, SHA-1 secret "12345678901234567890", 8 digits there; 6 digits here are
        // the last six of theirs.
        let secret = base32_encode(b"12345678901234567890");
        for (t, code) in [(59i64, "287082"), (1_111_111_109, "081804"), (1_234_567_890, "005924"), (2_000_000_000, "279037")] {
            assert_eq!(totp_now(&secret, Timestamp::from_unix_millis(t * 1000)).unwrap(), code, "t={t}");
            assert!(totp_ok(&secret, code, Timestamp::from_unix_millis(t * 1000)));
        }
        assert!(!totp_ok(&secret, "000000", Timestamp::from_unix_millis(59_000)));
        assert!(!totp_ok(&secret, "28708", Timestamp::from_unix_millis(59_000)));
    }

    #[test]
    fn base32_round_trips() {
        for bytes in [&b""[..], b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar", &[0, 255, 17, 34, 99, 200, 1]] {
            assert_eq!(base32_decode(&base32_encode(bytes)).unwrap(), bytes);
        }
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
        assert!(base32_decode("not base32!").is_none());
    }

    #[test]
    fn passwords_hash_and_verify() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("correct horse batterY", &h));
        assert!(!verify_password("x", "not a hash"));
        assert!(check_password("short", "ana").is_err());
        assert!(check_password("ana-is-my-password", "ana").is_err());
        assert!(check_password("aaaaaaaaaaaaaaa", "bob").is_err());
        assert!(check_password("four words make one", "ana").is_ok());
    }
}
