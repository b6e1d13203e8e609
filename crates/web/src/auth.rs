//! Who is asking: the signed-in user of a session cookie or an API token, as extractors. A handler
//! names what it needs in its signature — `Signed` (anyone signed in) or `Can<RecordSeizure>` and
//! the like — so that a handler without a check does not compile into a route that reaches data.

use std::marker::PhantomData;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};
use axum::response::{IntoResponse, Redirect, Response};

use armstrace_app::accounts::Accounts;
use armstrace_app::error::{ErrorCode, ServiceError};
use armstrace_domain::access::{Action, Principal};
use armstrace_domain::account::{Language, Session, UserAccount};

use crate::{blocking, now, Shared, WebError};

pub const SESSION_COOKIE: &str = "armstrace_session";
/// Anti-forgery token of the sign-in form (there is no session yet to hold one).
pub const LOGIN_CSRF_COOKIE: &str = "armstrace_login_csrf";

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

pub fn set_cookie(name: &str, value: &str, max_age_secs: i64, secure: bool) -> String {
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{}", if secure { "; Secure" } else { "" })
}

/// Whether the request is for the JSON API. Inside the nested API router the path has lost its
/// `/api/v1` prefix: the original URI keeps it.
fn original_path(parts: &Parts) -> String {
    parts.extensions.get::<axum::extract::OriginalUri>().map(|u| u.0.path().to_string()).unwrap_or_else(|| parts.uri.path().to_string())
}

pub fn is_api(parts: &Parts) -> bool {
    original_path(parts).starts_with("/api/")
}

/// POSTs that change no record: a check sends the firearm in its body because it may be long (a
/// spreadsheet), but it only reads, so a read-only token may make it.
const READING_POSTS: &[&str] = &["/api/v1/checks", "/api/v1/checks/file", "/api/v1/seizures/check"];

pub fn source_of(parts: &Parts) -> String {
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_else(|| "unknown".into())
}

/// A signed-in user.
#[derive(Debug, Clone)]
pub struct Signed {
    pub user: UserAccount,
    pub principal: Principal,
    /// None for API tokens.
    pub session: Option<Session>,
    pub source: String,
}

impl Signed {
    pub fn lang(&self) -> Language {
        self.user.language
    }
    /// Checks a form's anti-forgery token against the session's.
    pub fn check_csrf(&self, token: &str) -> Result<(), ServiceError> {
        match &self.session {
            Some(s) if constant_time_eq(s.csrf.as_bytes(), token.as_bytes()) => Ok(()),
            Some(_) => Err(ServiceError::new(ErrorCode::CsrfFailed, "the form is out of date; reload the page and send it again")),
            None => Ok(()),
        }
    }
    pub fn csrf(&self) -> String {
        self.session.as_ref().map(|s| s.csrf.clone()).unwrap_or_default()
    }
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn reject(api: bool, parts: &Parts, e: ServiceError) -> Response {
    if !api && e.code == ErrorCode::Unauthenticated {
        let original = parts.extensions.get::<axum::extract::OriginalUri>().map(|u| u.0.clone()).unwrap_or_else(|| parts.uri.clone());
        let next = original.path_and_query().map(|p| p.as_str()).unwrap_or("/");
        return Redirect::to(&format!("/login?next={}", url_encode(next))).into_response();
    }
    if api {
        WebError::api(e).into_response()
    } else {
        WebError::page(e, Language::default()).into_response()
    }
}

pub fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

impl FromRequestParts<Shared> for Signed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, Self::Rejection> {
        let api = is_api(parts);
        let source = source_of(parts);
        let unsafe_method = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| t.trim().to_string());
        let unauthenticated = || ServiceError::new(ErrorCode::Unauthenticated, "sign in first (or send a valid API token)");
        if let Some(token) = bearer {
            let st = state.clone();
            let scope = if unsafe_method && !READING_POSTS.contains(&original_path(parts).as_str()) { "write" } else { "read" };
            let user = blocking(move || {
                let accounts = Accounts { store: st.store.as_ref(), audit: &st.audit };
                accounts.token_user(&token, scope, now()).map_err(ServiceError::from)
            })
            .await
            .map_err(|e| reject(api, parts, e))?;
            let Some(user) = user else {
                return Err(reject(
                    api,
                    parts,
                    ServiceError::new(
                        ErrorCode::Unauthenticated,
                        format!("the API token is unknown, expired, revoked or lacks the '{scope}' scope"),
                    ),
                ));
            };
            return Ok(Signed { principal: user.principal(), user, session: None, source });
        }
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE).map(str::to_string) else {
            return Err(reject(api, parts, unauthenticated()));
        };
        let st = state.clone();
        let found = blocking(move || {
            let accounts = Accounts { store: st.store.as_ref(), audit: &st.audit };
            accounts.session_user(&token, now()).map_err(ServiceError::from)
        })
        .await
        .map_err(|e| reject(api, parts, e))?;
        let Some((session, user)) = found else {
            return Err(reject(api, parts, unauthenticated()));
        };
        if session.pending_second_factor {
            if api {
                return Err(reject(api, parts, ServiceError::new(ErrorCode::Unauthenticated, "finish signing in with your second factor")));
            }
            return Err(Redirect::to("/login/second-factor").into_response());
        }
        let signed = Signed { principal: user.principal(), user, session: Some(session), source };
        // A JSON request with the browser's cookie must carry the session's token: another site
        // can make the browser send the cookie, not read the token.
        if api && unsafe_method {
            let sent = parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).unwrap_or("");
            signed.check_csrf(sent).map_err(|e| reject(api, parts, e))?;
        }
        Ok(signed)
    }
}

/// What a handler needs beyond being signed in: any one of `ACTIONS` (none: anyone signed in).
pub trait Needs: Send + Sync + 'static {
    const ACTIONS: &'static [Action];
}

macro_rules! needs {
    ($($name:ident),*) => {$(
        #[derive(Debug, Clone, Copy)]
        pub struct $name;
        impl Needs for $name {
            const ACTIONS: &'static [Action] = &[Action::$name];
        }
    )*};
}
needs!(
    RecordSeizure,
    EditRecords,
    ImportFiles,
    ReadPersons,
    ManageLicences,
    Trace,
    ManageAgencyUsers,
    ManageNode,
    ReadAudit,
    ShareRecords,
    Cooperate,
    ManageDirectory
);

macro_rules! needs_any {
    ($($(#[$doc:meta])* $name:ident = [$($action:ident),*];)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $name;
        impl Needs for $name {
            const ACTIONS: &'static [Action] = &[$(Action::$action),*];
        }
    )*};
}
needs_any! {
    /// Anyone signed in (the handling rules still decide which records).
    Anyone = [];
    /// Incidents: recorded by officers at the seizure, completed by investigators.
    RecordIncidents = [RecordSeizure, EditRecords];
    /// Persons and organisations: by investigators, and by licensing officers for licence holders.
    RecordPersons = [EditRecords, ManageLicences];
    /// Licences name their holders: read by those who read persons or manage licences.
    ReadLicences = [ReadPersons, ManageLicences];
    /// Hits of the cross-check are confirmed or rejected by those who work the records.
    DecideHits = [EditRecords, Trace];
    /// Requests between countries: prepared by investigators and points of contact, and read by
    /// licensing officers for the verifications of licences they answer.
    ReadRequests = [Trace, Cooperate, ManageLicences];
    /// Moving a request on: the point of contact; the licensing officer for licence verifications
    /// (the service decides which request is whose).
    AnswerRequests = [Cooperate, ManageLicences];
}

/// A signed-in user whose role allows `N`.
#[derive(Debug, Clone)]
pub struct Can<N: Needs> {
    pub signed: Signed,
    _need: PhantomData<N>,
}

impl<N: Needs> std::ops::Deref for Can<N> {
    type Target = Signed;
    fn deref(&self) -> &Signed {
        &self.signed
    }
}

impl<N: Needs> FromRequestParts<Shared> for Can<N> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, Self::Rejection> {
        let signed = Signed::from_request_parts(parts, state).await?;
        if !N::ACTIONS.is_empty() && !N::ACTIONS.iter().any(|a| signed.principal.may(*a)) {
            let api = is_api(parts);
            let e = ServiceError::forbidden(format!("your role ({}) does not allow this", signed.principal.role.label()));
            return Err(if api { WebError::api(e).into_response() } else { WebError::page(e, signed.lang()).into_response() });
        }
        Ok(Can { signed, _need: PhantomData })
    }
}

/// Sign-in attempts one address may make in the throttle's window. The per-account lockout
/// (5 failures) stops guessing one password; this stops one machine trying many accounts.
pub const SIGN_IN_ATTEMPTS: u32 = 30;

/// Attempts per address in a fixed window, in memory (a restart forgets them, which only helps
/// an attacker to the extent of one window).
pub struct Throttle {
    limit: u32,
    window: std::time::Duration,
    seen: std::sync::Mutex<std::collections::HashMap<String, (std::time::Instant, u32)>>,
}

impl Throttle {
    pub fn new(limit: u32, window: std::time::Duration) -> Throttle {
        Throttle { limit, window, seen: Default::default() }
    }

    /// Counts an attempt from `source`; `Err(seconds to wait)` once the window's limit is reached.
    pub fn attempt(&self, source: &str) -> Result<(), u64> {
        let now = std::time::Instant::now();
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if seen.len() > 100_000 {
            seen.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let entry = seen.entry(source.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        if entry.1 >= self.limit {
            return Err(self.window.saturating_sub(now.duration_since(entry.0)).as_secs().max(1));
        }
        entry.1 += 1;
        Ok(())
    }
}

/// The client's address for throttling: the peer, or behind a reverse proxy on this machine the
/// address the proxy appended last to `X-Forwarded-For` (earlier entries are the client's to forge).
pub fn client_address(state: &crate::AppState, headers: &axum::http::HeaderMap, peer: std::net::SocketAddr) -> String {
    if state.behind_proxy && peer.ip().is_loopback() {
        if let Some(last) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
        {
            return last.to_string();
        }
    }
    peer.ip().to_string()
}
