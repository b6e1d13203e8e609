//! The HTML pages. Core forms work without JavaScript.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use armstrace_app::accounts::{base32_encode, otpauth_uri, random_bytes, Accounts, NewUser, SignIn};
use armstrace_app::audit;
use armstrace_app::error::{ErrorCode, ServiceError};
use armstrace_app::seizure::{FieldNote, ItemLine, PersonLine, SeizureForm};
use armstrace_domain::access::Role;
use armstrace_domain::account::{AuditEntry, Language};
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::history::ItemStatus;
use armstrace_domain::id::RecordId;
use armstrace_domain::item::Item;
use armstrace_domain::nomenclature::nomenclature;
use armstrace_store::{AuditFilter, ItemFilter, Page};

use crate::auth::{self, cookie, set_cookie, Can, ManageAgencyUsers, ReadAudit, RecordSeizure, Signed, LOGIN_CSRF_COOKIE, SESSION_COOKIE};
use crate::i18n::{from_accept_language, Tr};
use crate::{blocking, now, with_ctx, Shared, WebError};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/", get(dashboard))
        .route("/login", get(login_form).post(login))
        .route("/login/second-factor", get(second_factor_form).post(second_factor))
        .route("/logout", post(logout))
        .route("/language", post(language))
        .route("/items", get(items))
        .route("/items/{id}", get(item))
        .route("/items/{id}/trace", get(trace_page))
        .route("/indicators/sdg-16-4-2", get(sdg_page))
        .route("/items/{id}/share", post(share))
        .route("/items/{id}/photos", post(add_photos).layer(axum::extract::DefaultBodyLimit::max(crate::imports::MAX_UPLOAD)))
        .route("/items/{id}/photos/{photo}", get(photo))
        .route("/seizures/new", get(seizure_form))
        .route("/seizures", post(record_seizure))
        .route("/incidents", get(incidents))
        .route("/incidents/{id}", get(incident))
        .route("/admin/users", get(users).post(add_user))
        .route("/admin/users/{id}/disabled", post(set_disabled))
        .route("/admin/policy", post(set_policy))
        .route("/admin/users/{id}/password", post(set_password))
        .route("/admin/agencies", get(agencies).post(add_agency))
        .route("/account", get(account))
        .route("/account/password", post(change_password))
        .route("/account/email", post(set_email))
        .route("/account/second-factor", post(set_up_second_factor))
        .route("/account/recovery-codes", post(recovery_codes))
        .route("/admin/audit", get(audit_log))
}

/// The signed-in user's bar at the top of every page.
pub struct Bar {
    pub name: String,
    pub agency: String,
    pub role: &'static str,
    pub csrf: String,
    pub can_manage_users: bool,
    pub can_read_audit: bool,
    pub can_record: bool,
    pub can_import: bool,
    pub can_manage_node: bool,
    pub handles_requests: bool,
}

impl Bar {
    pub fn of(s: &Signed) -> Option<Bar> {
        use armstrace_domain::access::Action;
        Some(Bar {
            name: s.user.display_name.clone(),
            agency: s.user.agency.clone(),
            role: s.principal.role.label(),
            csrf: s.csrf(),
            can_manage_users: s.principal.may(Action::ManageAgencyUsers),
            can_read_audit: s.principal.may(Action::ReadAudit),
            can_record: s.principal.may(Action::RecordSeizure),
            can_import: s.principal.may(Action::ImportFiles),
            can_manage_node: s.principal.may(Action::ManageNode),
            handles_requests: [Action::Trace, Action::Cooperate, Action::ManageLicences].iter().any(|a| s.principal.may(*a)),
        })
    }
}

pub fn render(t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, format!("page could not be rendered: {e}")).into_response(),
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    tr: Tr,
    bar: Option<Bar>,
    message: String,
    code: &'static str,
}

pub fn error_page(status: StatusCode, e: &ServiceError, lang: Language) -> Response {
    let mut r = render(&ErrorPage { tr: Tr::new(lang), bar: None, message: e.message.clone(), code: e.code.as_str() });
    *r.status_mut() = status;
    r
}

pub(crate) fn page_err(s: &Signed) -> impl Fn(ServiceError) -> WebError + '_ {
    move |e| WebError::page(e, s.lang())
}

/// A form that carries only its anti-forgery token (a button that sends, removes or composes).
#[derive(Deserialize)]
pub(crate) struct TokenForm {
    #[serde(default)]
    pub csrf: String,
}

/// The id of an API path; one that is not an id answers like a missing `what`.
pub(crate) fn api_id(id: &str, what: &str) -> Result<RecordId, WebError> {
    RecordId::parse(id).map_err(|_| WebError::api(ServiceError::not_found(what)))
}

/// The id of a page's path; one that is not an id answers like a missing `what`.
pub(crate) fn page_id(s: &Signed, id: &str, what: &str) -> Result<RecordId, WebError> {
    RecordId::parse(id).map_err(|_| page_err(s)(ServiceError::not_found(what)))
}

/// A local path to go to after signing in; anything else goes to the dashboard (no open redirects).
fn safe_next(next: &str) -> String {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next.to_string()
    } else {
        "/".to_string()
    }
}

// ---- sign in ----

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    tr: Tr,
    bar: Option<Bar>,
    csrf: String,
    next: String,
    username: String,
    message: Option<String>,
}

#[derive(Deserialize, Default)]
struct NextQuery {
    #[serde(default)]
    next: String,
}

fn browser_lang(headers: &HeaderMap) -> Language {
    headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map(from_accept_language).unwrap_or_default()
}

fn login_page(state: &Shared, headers: &HeaderMap, next: &str, username: &str, message: Option<String>, status: StatusCode) -> Response {
    let csrf = random_bytes::<16>().map(|b| armstrace_domain::account::hex(&b)).unwrap_or_default();
    let mut r = render(&LoginPage {
        tr: Tr::new(browser_lang(headers)),
        bar: None,
        csrf: csrf.clone(),
        next: safe_next(next),
        username: username.into(),
        message,
    });
    *r.status_mut() = status;
    if let Ok(v) = set_cookie(LOGIN_CSRF_COOKIE, &csrf, 3600, state.secure_cookies).parse() {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

async fn login_form(State(state): State<Shared>, headers: HeaderMap, Query(q): Query<NextQuery>) -> Response {
    login_page(&state, &headers, &q.next, "", None, StatusCode::OK)
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
    csrf: String,
    #[serde(default)]
    next: String,
}

fn too_many(wait_seconds: u64) -> String {
    format!(
        "Too many sign-in attempts from your address. Wait {} minute(s) and try again; if you forgot your password, ask your agency's administrator.",
        wait_seconds.div_ceil(60)
    )
}

async fn login(
    State(state): State<Shared>,
    headers: HeaderMap,
    axum::extract::ConnectInfo(addr): axum::extract::ConnectInfo<std::net::SocketAddr>,
    Form(f): Form<LoginForm>,
) -> Response {
    let expected = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or("");
    if expected.is_empty() || !auth::constant_time_eq(expected.as_bytes(), f.csrf.as_bytes()) {
        let tr = Tr::new(browser_lang(&headers));
        let _ = tr;
        return login_page(
            &state,
            &headers,
            &f.next,
            &f.username,
            Some("The form is out of date; please sign in again.".into()),
            StatusCode::FORBIDDEN,
        );
    }
    let source = auth::client_address(&state, &headers, addr);
    if let Err(wait) = state.sign_in_throttle.attempt(&source) {
        let e = ServiceError { code: ErrorCode::RateLimited, message: too_many(wait) };
        return login_page(&state, &headers, &f.next, &f.username, Some(e.message), StatusCode::TOO_MANY_REQUESTS);
    }
    let st = state.clone();
    let (username, password) = (f.username.clone(), f.password.clone());
    let outcome = blocking(move || {
        Accounts { store: st.store.as_ref(), audit: &st.audit }.sign_in(&username, &password, now(), &source).map_err(ServiceError::from)
    })
    .await;
    let next = safe_next(&f.next);
    match outcome {
        Ok(SignIn::Done { token, .. }) => with_session_cookie(Redirect::to(&next).into_response(), &token, state.secure_cookies),
        Ok(SignIn::SecondFactor { token, .. }) => with_session_cookie(
            Redirect::to(&format!("/login/second-factor?next={}", auth::url_encode(&next))).into_response(),
            &token,
            state.secure_cookies,
        ),
        Err(e) => {
            let status = StatusCode::from_u16(e.code.http_status()).unwrap_or(StatusCode::UNAUTHORIZED);
            login_page(&state, &headers, &f.next, &f.username, Some(e.message), status)
        }
    }
}

fn with_session_cookie(mut r: Response, token: &str, secure: bool) -> Response {
    if let Ok(v) = set_cookie(SESSION_COOKIE, token, armstrace_app::accounts::SESSION_HOURS * 3600, secure).parse() {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

#[derive(Template)]
#[template(path = "second_factor.html")]
struct SecondFactorPage {
    tr: Tr,
    bar: Option<Bar>,
    csrf: String,
    next: String,
    setup_secret: Option<String>,
    setup_uri: String,
    message: Option<String>,
}

/// The pending session of a sign-in waiting for its second factor.
async fn pending(
    state: &Shared,
    headers: &HeaderMap,
) -> Option<(armstrace_domain::account::Session, armstrace_domain::account::UserAccount)> {
    let token = cookie(headers, SESSION_COOKIE)?.to_string();
    let st = state.clone();
    blocking(move || Accounts { store: st.store.as_ref(), audit: &st.audit }.session_user(&token, now()).map_err(ServiceError::from))
        .await
        .ok()
        .flatten()
        .filter(|(s, _)| s.pending_second_factor)
}

async fn second_factor_form(State(state): State<Shared>, headers: HeaderMap, Query(q): Query<NextQuery>) -> Response {
    let Some((session, user)) = pending(&state, &headers).await else {
        return Redirect::to("/login").into_response();
    };
    let setup_secret = if user.totp_secret.is_none() { random_bytes::<20>().ok().map(|b| base32_encode(&b)) } else { None };
    let setup_uri = setup_secret.as_deref().map(|s| otpauth_uri("armstrace", user.username.as_str(), s)).unwrap_or_default();
    render(&SecondFactorPage {
        tr: Tr::new(user.language),
        bar: None,
        csrf: session.csrf,
        next: safe_next(&q.next),
        setup_secret,
        setup_uri,
        message: None,
    })
}

#[derive(Deserialize)]
struct SecondFactorForm {
    code: String,
    csrf: String,
    #[serde(default)]
    setup_secret: Option<String>,
    #[serde(default)]
    next: String,
}

async fn second_factor(
    State(state): State<Shared>,
    headers: HeaderMap,
    axum::extract::ConnectInfo(addr): axum::extract::ConnectInfo<std::net::SocketAddr>,
    Form(f): Form<SecondFactorForm>,
) -> Response {
    let Some((session, user)) = pending(&state, &headers).await else {
        return Redirect::to("/login").into_response();
    };
    if !auth::constant_time_eq(session.csrf.as_bytes(), f.csrf.as_bytes()) {
        return Redirect::to("/login/second-factor").into_response();
    }
    let source = auth::client_address(&state, &headers, addr);
    if let Err(wait) = state.sign_in_throttle.attempt(&source) {
        return (StatusCode::TOO_MANY_REQUESTS, too_many(wait)).into_response();
    }
    let token = cookie(&headers, SESSION_COOKIE).unwrap_or("").to_string();
    let st = state.clone();
    let (code, setup) = (f.code.clone(), f.setup_secret.clone().filter(|s| !s.is_empty()));
    let outcome = blocking(move || {
        Accounts { store: st.store.as_ref(), audit: &st.audit }
            .second_factor(&token, &code, setup.as_deref(), now(), &source)
            .map_err(ServiceError::from)
    })
    .await;
    match outcome {
        Ok((token, _, _)) => with_session_cookie(Redirect::to(&safe_next(&f.next)).into_response(), &token, state.secure_cookies),
        Err(e) => {
            let setup_uri = f.setup_secret.as_deref().map(|s| otpauth_uri("armstrace", user.username.as_str(), s)).unwrap_or_default();
            let mut r = render(&SecondFactorPage {
                tr: Tr::new(user.language),
                bar: None,
                csrf: session.csrf,
                next: safe_next(&f.next),
                setup_secret: f.setup_secret.filter(|s| !s.is_empty() && user.totp_secret.is_none()),
                setup_uri,
                message: Some(e.message),
            });
            *r.status_mut() = StatusCode::UNAUTHORIZED;
            r
        }
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    csrf: String,
}

async fn logout(State(state): State<Shared>, headers: HeaderMap, s: Signed, Form(f): Form<CsrfForm>) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let token = cookie(&headers, SESSION_COOKIE).unwrap_or("").to_string();
    let source = s.source.clone();
    let st = state.clone();
    blocking(move || Accounts { store: st.store.as_ref(), audit: &st.audit }.sign_out(&token, now(), &source).map_err(ServiceError::from))
        .await
        .map_err(page_err(&s))?;
    let mut r = Redirect::to("/login").into_response();
    if let Ok(v) = set_cookie(SESSION_COOKIE, "", 0, state.secure_cookies).parse() {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(r)
}

#[derive(Deserialize)]
struct LanguageForm {
    csrf: String,
    language: String,
}

async fn language(State(state): State<Shared>, headers: HeaderMap, s: Signed, Form(f): Form<LanguageForm>) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let lang = Language::parse(&f.language).map_err(|e| page_err(&s)(ServiceError::invalid(e.to_string())))?;
    let mut user = s.user.clone();
    user.language = lang;
    user.updated_at = now();
    let st = state.clone();
    blocking(move || st.store.save_user(&user).map_err(ServiceError::from)).await.map_err(page_err(&s))?;
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.split_once("://").and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string())));
    Ok(Redirect::to(&safe_next(back.as_deref().unwrap_or("/"))).into_response())
}

// ---- records ----

/// One line of an item list.
pub struct ItemRow {
    pub id: String,
    pub serial: String,
    pub manufacturer: String,
    pub model: String,
    pub firearm_type: String,
    pub calibre: String,
    pub status: &'static str,
    pub agency: String,
    pub handling: &'static str,
    pub handling_class: String,
}

fn type_label(code: Option<&str>, raw: &str, lang: Language) -> String {
    match code.and_then(|c| nomenclature().firearm_type(c)) {
        Some(t) => match lang {
            Language::En => t.en.clone(),
            Language::Es => t.es.clone(),
            Language::Fr => t.fr.clone(),
        },
        None => raw.to_string(),
    }
}

pub(crate) fn status_label(tr: &Tr, s: ItemStatus) -> &'static str {
    tr.t(&format!("status.{}", s.code()))
}

pub(crate) fn handling_class(h: HandlingCode) -> String {
    h.as_str().to_lowercase().replace('+', "-")
}

pub(crate) fn row(tr: &Tr, it: &Item) -> ItemRow {
    let m = &it.markings;
    let c = &it.classification;
    ItemRow {
        id: it.meta.id.to_string(),
        serial: if m.serial.raw().is_empty() { "—".into() } else { m.serial.raw().to_string() },
        manufacturer: m.manufacturer.canonical.clone().unwrap_or_else(|| m.manufacturer.raw.clone()),
        model: c.model.canonical.clone().unwrap_or_else(|| c.model.raw.clone()),
        firearm_type: type_label(c.firearm_type.id.as_deref(), &c.firearm_type.raw, tr.lang),
        calibre: c.calibre.canonical.clone().unwrap_or_else(|| c.calibre.raw.clone()),
        status: status_label(tr, it.status),
        agency: it.meta.agency.clone(),
        handling: it.meta.handling.as_str(),
        handling_class: handling_class(it.meta.handling),
    }
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct Dashboard {
    tr: Tr,
    bar: Option<Bar>,
    visible: String,
    seized: String,
    stolen: String,
    lost: String,
    open_hits: String,
    /// Requests between countries past a deadline, for those who handle them.
    overdue_requests: Option<usize>,
    rows: Vec<ItemRow>,
}

/// A count as people read it: `12,345`, or `10,000+` when counting stopped at the cap.
pub fn count_text(n: u64, capped: bool) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if capped {
        out.push('+');
    }
    out
}

async fn dashboard(State(state): State<Shared>, s: Signed) -> Result<Response, WebError> {
    let tr = Tr::new(s.lang());
    let (visible, seized, stolen, lost, recent, open_hits) = with_ctx(&state, &s, move |ctx| {
        let count = |status: Option<&str>| -> Result<String, ServiceError> {
            let (n, capped) = ctx.count_items(ItemFilter { status: status.map(String::from), ..Default::default() })?;
            Ok(count_text(n, capped))
        };
        let recent = ctx.list_items(ItemFilter { newest_first: true, ..Default::default() }, 0, 10)?;
        // Hits waiting for a decision that concern the reader's agency (its notifications).
        let open =
            ctx.store.check_hits_of_agency(&ctx.who.agency, Some("new"), armstrace_store::Page { offset: 0, limit: 1001 })?.len() as u64;
        let open_hits = count_text(open.min(1000), open > 1000);
        use armstrace_domain::access::Action;
        let handles_requests = [Action::Trace, Action::Cooperate, Action::ManageLicences].iter().any(|a| ctx.who.may(*a));
        let overdue = if handles_requests { Some(ctx.pending_requests()?.overdue) } else { None };
        Ok((count(None)?, count(Some("seized"))?, count(Some("stolen"))?, count(Some("lost"))?, recent.records, (open_hits, overdue)))
    })
    .await
    .map_err(page_err(&s))?;
    let (open_hits, overdue_requests) = open_hits;
    Ok(render(&Dashboard {
        rows: recent.iter().map(|i| row(&tr, i)).collect(),
        tr,
        bar: Bar::of(&s),
        visible,
        seized,
        stolen,
        lost,
        open_hits,
        overdue_requests,
    }))
}

#[derive(Deserialize, Default, Clone)]
pub struct ItemQuery {
    #[serde(default)]
    pub serial: String,
    #[serde(default)]
    pub status: String,
    #[serde(default, rename = "type")]
    pub firearm_type: String,
    #[serde(default)]
    pub offset: u64,
}

#[derive(Template)]
#[template(path = "items.html")]
struct ItemsPage {
    tr: Tr,
    bar: Option<Bar>,
    q: ItemQuery,
    statuses: Vec<(&'static str, &'static str, bool)>,
    types: Vec<(String, String, bool)>,
    total: String,
    rows: Vec<ItemRow>,
    prev: Option<String>,
    next: Option<String>,
}

const PAGE_SIZE: u64 = 50;

pub fn item_filter(q: &ItemQuery) -> Result<ItemFilter, ServiceError> {
    let nonempty = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let status = match nonempty(&q.status) {
        Some(s) => Some(ItemStatus::parse(&s).map_err(|e| ServiceError::invalid(e.to_string()))?.code().to_string()),
        None => None,
    };
    let serial = match nonempty(&q.serial) {
        Some(s) => Some(
            armstrace_domain::serial::SerialNumber::parse(&s, None)
                .map_err(|e| ServiceError::invalid(format!("serial: {e}")))?
                .normalized()
                .to_string(),
        ),
        None => None,
    };
    Ok(ItemFilter { status, serial, firearm_type: nonempty(&q.firearm_type), ..Default::default() })
}

async fn items(State(state): State<Shared>, s: Signed, Query(q): Query<ItemQuery>) -> Result<Response, WebError> {
    let tr = Tr::new(s.lang());
    let filter = item_filter(&q).map_err(page_err(&s))?;
    let offset = q.offset;
    let listed = with_ctx(&state, &s, move |ctx| ctx.list_items(filter, offset, PAGE_SIZE)).await.map_err(page_err(&s))?;
    let link = |offset: u64| {
        format!(
            "/items?serial={}&status={}&type={}&offset={offset}",
            auth::url_encode(&q.serial),
            auth::url_encode(&q.status),
            auth::url_encode(&q.firearm_type)
        )
    };
    let prev = (q.offset > 0).then(|| link(q.offset.saturating_sub(PAGE_SIZE)));
    let next = (q.offset + PAGE_SIZE < listed.total || listed.total_capped).then(|| link(q.offset + PAGE_SIZE));
    let statuses = ItemStatus::ALL.iter().map(|st| (st.code(), status_label(&tr, *st), q.status == st.code())).collect();
    let types = nomenclature()
        .firearm_types
        .iter()
        .map(|t| (t.code.clone(), type_label(Some(&t.code), &t.code, tr.lang), q.firearm_type == t.code))
        .collect();
    Ok(render(&ItemsPage {
        rows: listed.records.iter().map(|i| row(&tr, i)).collect(),
        tr,
        bar: Bar::of(&s),
        q,
        statuses,
        types,
        total: count_text(listed.total, listed.total_capped),
        prev,
        next,
    }))
}

#[derive(Deserialize, Default)]
pub struct IncidentQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    offset: u64,
}

struct IncidentRow {
    id: String,
    reference: String,
    kind: String,
    date: String,
    place: String,
    items: usize,
    agency: String,
    handling: &'static str,
    handling_class: String,
}

#[derive(Template)]
#[template(path = "incidents.html")]
struct IncidentsPage {
    tr: Tr,
    bar: Option<Bar>,
    q: String,
    country: String,
    kinds: Vec<(&'static str, &'static str, bool)>,
    rows: Vec<IncidentRow>,
    prev: Option<String>,
    next: Option<String>,
}

/// Incidents in the reader's scope: search by reference, filter by kind and country, newest first.
async fn incidents(State(state): State<Shared>, s: Signed, Query(q): Query<IncidentQuery>) -> Result<Response, WebError> {
    use armstrace_domain::incident::{Incident, IncidentKind};
    let tr = Tr::new(s.lang());
    let nonempty = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
    let filter = armstrace_store::ListFilter { kind: nonempty(&q.kind), search: nonempty(&q.q), country: nonempty(&q.country) };
    let offset = q.offset;
    // One more than a page tells whether there is a next one.
    let mut list: Vec<Incident> = with_ctx(&state, &s, move |ctx| ctx.list(filter, offset, PAGE_SIZE + 1)).await.map_err(page_err(&s))?;
    let more = list.len() as u64 > PAGE_SIZE;
    list.truncate(PAGE_SIZE as usize);
    let link = |offset: u64| {
        format!(
            "/incidents?q={}&kind={}&country={}&offset={offset}",
            auth::url_encode(&q.q),
            auth::url_encode(&q.kind),
            auth::url_encode(&q.country)
        )
    };
    let kinds = [IncidentKind::Seizure, IncidentKind::Found, IncidentKind::Surrender, IncidentKind::Crime]
        .iter()
        .map(|k| (k.code(), tr.t(&format!("incident_kind.{}", k.code())), q.kind == k.code()))
        .collect();
    let rows = list
        .iter()
        .map(|i| IncidentRow {
            id: i.meta.id.to_string(),
            reference: i.reference.clone(),
            kind: tr.t(&format!("incident_kind.{}", i.kind.code())).to_string(),
            date: i.date.map(|d| d.to_string()).unwrap_or_default(),
            place: [i.place.locality.as_str(), i.place.country.as_ref().map(|c| c.as_str()).unwrap_or("")]
                .iter()
                .filter(|p| !p.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(", "),
            items: i.items.len(),
            agency: i.meta.agency.clone(),
            handling: i.meta.handling.as_str(),
            handling_class: handling_class(i.meta.handling),
        })
        .collect();
    Ok(render(&IncidentsPage {
        prev: (q.offset > 0).then(|| link(q.offset.saturating_sub(PAGE_SIZE))),
        next: more.then(|| link(q.offset + PAGE_SIZE)),
        tr,
        bar: Bar::of(&s),
        q: q.q.clone(),
        country: q.country.clone(),
        kinds,
        rows,
    }))
}

pub struct EventLine {
    pub date: String,
    pub kind: String,
    pub place: String,
}

#[derive(Template)]
#[template(path = "item.html")]
struct ItemPage {
    tr: Tr,
    bar: Option<Bar>,
    serial: String,
    heading: String,
    handling: &'static str,
    handling_class: String,
    facts: Vec<(&'static str, String, String)>,
    history: Vec<EventLine>,
    id: String,
    sharing: Option<Sharing>,
    photos: Vec<(String, String)>,
    can_attach: bool,
    can_trace: bool,
    csrf: String,
}

/// The sharing section of an item page, for its owning agency.
pub struct Sharing {
    pub grants: Vec<String>,
    pub can_share: bool,
    pub csrf: String,
    pub message: Option<String>,
}

/// An item's markings and facts as the detail and side-by-side pages show them: (label key, value
/// as resolved, value as written when it differs).
pub(crate) fn item_facts(tr: &Tr, it: &armstrace_domain::item::Item) -> Vec<(&'static str, String, String)> {
    let m = &it.markings;
    let c = &it.classification;
    let r = row(tr, it);
    let differs = |canonical: &Option<String>, raw: &str| {
        if canonical.as_deref().is_some_and(|x| x != raw) {
            raw.to_string()
        } else {
            String::new()
        }
    };
    vec![
        (
            "field.serial",
            r.serial.clone(),
            if m.serial.normalized() != m.serial.raw() { m.serial.normalized().to_string() } else { String::new() },
        ),
        ("field.serial_status", m.serial.status().code().to_string(), String::new()),
        ("field.manufacturer", r.manufacturer.clone(), differs(&m.manufacturer.canonical, &m.manufacturer.raw)),
        ("field.model", r.model.clone(), differs(&c.model.canonical, &c.model.raw)),
        ("field.type", r.firearm_type.clone(), String::new()),
        ("field.calibre", r.calibre.clone(), differs(&c.calibre.canonical, &c.calibre.raw)),
        ("field.country_of_manufacture", m.country_of_manufacture.map(|c| c.name().to_string()).unwrap_or_default(), String::new()),
        ("field.year", m.year_of_manufacture.map(|y| y.to_string()).unwrap_or_default(), String::new()),
        ("field.status", r.status.to_string(), String::new()),
        ("field.agency", format!("{} ({})", it.meta.agency, it.meta.country.as_str()), String::new()),
        ("field.recorded", format!("{} · {}", it.meta.created_at, it.meta.created_by), String::new()),
    ]
}

/// An item's history as a timeline.
pub(crate) fn history_lines(tr: &Tr, history: &[armstrace_domain::history::HistoryEvent]) -> Vec<EventLine> {
    history
        .iter()
        .map(|e| EventLine {
            date: e.date.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
            kind: status_label(tr, e.kind.resulting_status()).to_string(),
            place: [e.place.clone(), e.country.map(|c| c.name().to_string()).unwrap_or_default()]
                .into_iter()
                .filter(|x| !x.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect()
}

async fn item(State(state): State<Shared>, s: Signed, Path(id): Path<String>) -> Result<Response, WebError> {
    let tr = Tr::new(s.lang());
    let id = page_id(&s, &id, "item")?;
    let (view, grants, photos) = with_ctx(&state, &s, move |ctx| {
        let view = ctx.item(id)?;
        let grants = if view.item.meta.agency == ctx.who.agency { Some(grant_lines(ctx.store, ctx.item_grants(id)?)) } else { None };
        let photos = ctx.photos(id)?.into_iter().map(|a| (a.id.to_string(), a.name)).collect::<Vec<_>>();
        Ok((view, grants, photos))
    })
    .await
    .map_err(page_err(&s))?;
    let it = &view.item;
    let r = row(&tr, it);
    let facts = item_facts(&tr, it);
    let history = history_lines(&tr, &view.history);
    let sharing = grants.map(|grants| Sharing {
        grants,
        can_share: s.principal.may(armstrace_domain::access::Action::ShareRecords) && it.meta.handling <= s.principal.clearance,
        csrf: s.csrf(),
        message: None,
    });
    use armstrace_domain::access::{may_change, Action};
    let can_attach = may_change(&s.principal, &it.meta, Action::RecordSeizure) || may_change(&s.principal, &it.meta, Action::EditRecords);
    Ok(render(&ItemPage {
        id: it.meta.id.to_string(),
        sharing,
        photos,
        can_attach,
        can_trace: s.principal.may(Action::Trace),
        csrf: s.csrf(),
        serial: r.serial.clone(),
        heading: format!("{} {} · {}", r.manufacturer, r.model, r.serial),
        handling: it.meta.handling.as_str(),
        handling_class: handling_class(it.meta.handling),
        tr,
        bar: Bar::of(&s),
        facts,
        history,
    }))
}

#[derive(Template)]
#[template(path = "trace.html")]
struct TracePage {
    tr: Tr,
    bar: Option<Bar>,
    id: String,
    serial: String,
    heading: String,
    outcome: &'static str,
    outcome_class: &'static str,
    kind: &'static str,
    why: String,
    time_to_crime: Option<String>,
    manufacturer: String,
    exporter: Option<String>,
    importer: Option<String>,
    holder: Option<String>,
    recovery: Option<String>,
    steps: Vec<String>,
    ask: Vec<(String, String)>,
    can_request: bool,
    csrf: String,
}

/// A step of the lines of supply in one line: when, what, where, from and to whom, under which licence.
fn step_line(tr: &Tr, st: &armstrace_domain::trace::Step) -> String {
    let who = |p: &Option<armstrace_domain::trace::PartyFacts>| {
        p.as_ref().map(|p| if p.name.is_empty() { tr.t("trace.hidden").to_string() } else { p.name.clone() })
    };
    let mut line =
        format!("{} · {}", st.date.map(|d| d.to_string()).unwrap_or_else(|| "—".into()), status_label(tr, st.kind.resulting_status()));
    if let Some(c) = st.country {
        line.push_str(&format!(", {}", c.name()));
    }
    if let Some(f) = who(&st.from) {
        line.push_str(&format!(" · {f}"));
    }
    if let Some(t) = who(&st.to) {
        line.push_str(&format!(" → {t}"));
    }
    if let Some(l) = &st.licence {
        line.push_str(&format!(" · {} {l}", tr.t("trace.licence")));
    }
    line
}

async fn trace_page(State(state): State<Shared>, s: Can<crate::auth::Trace>, Path(id): Path<String>) -> Result<Response, WebError> {
    use armstrace_domain::trace::Diversion;
    let s = s.signed;
    let tr = Tr::new(s.lang());
    let id = page_id(&s, &id, "item")?;
    let view = with_ctx(&state, &s, move |ctx| ctx.trace(id)).await.map_err(page_err(&s))?;
    let r = row(&tr, &view.item);
    let t = &view.trace;
    let (outcome, outcome_class, kind) = match &t.diversion {
        Diversion::Established { kind, .. } => (tr.t("trace.established"), "ok", tr.t_of("trace.kind.", kind.code())),
        Diversion::NotEstablished { .. } => (tr.t("trace.not_established"), "warning", ""),
        Diversion::None { .. } => (tr.t("trace.none"), "ok", ""),
    };
    let why = t.diversion.reason().text(s.lang());
    Ok(render(&TracePage {
        id: view.item.meta.id.to_string(),
        serial: r.serial.clone(),
        heading: format!("{} {} · {}", r.manufacturer, r.model, r.serial),
        outcome,
        outcome_class,
        kind,
        why,
        time_to_crime: t.time_to_crime_days.map(|d| format!("{d} {}", tr.t("trace.days"))),
        manufacturer: [t.manufacturer.clone(), t.country_of_manufacture.map(|c| c.name().to_string()).unwrap_or_default()]
            .into_iter()
            .filter(|x| !x.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        exporter: t.exporter.as_ref().map(|st| step_line(&tr, st)),
        importer: t.importer.as_ref().map(|st| step_line(&tr, st)),
        holder: t.last_legal_holder.as_ref().map(|st| step_line(&tr, st)),
        recovery: t.recovery.as_ref().map(|st| step_line(&tr, st)),
        steps: t.steps.iter().map(|st| step_line(&tr, st)).collect(),
        ask: t
            .ask
            .iter()
            .zip(view.contacts.iter())
            .map(|(a, c)| {
                let contact = if c.is_empty() { tr.t("trace.no_contact").to_string() } else { c.clone() };
                (a.country.name().to_string(), format!("{} · {}: {contact}", a.reason.text(s.lang()), tr.t("trace.contact")))
            })
            .collect(),
        can_request: true,
        csrf: s.csrf(),
        bar: Bar::of(&s),
        tr,
    }))
}

/// A row of a breakdown: label, numerator, denominator, percentage.
type ShareRow = (String, u64, u64, String);

#[derive(Template)]
#[template(path = "sdg.html")]
struct SdgPage {
    tr: Tr,
    bar: Option<Bar>,
    from: String,
    to: String,
    proportion: String,
    numerator: u64,
    denominator: u64,
    breakdowns: Vec<(&'static str, Vec<ShareRow>)>,
    ttc_summary: String,
    bands: [u64; 4],
}

fn percent(s: &armstrace_domain::indicator::Share) -> String {
    s.proportion().map(|p| format!("{:.1} %", p * 100.0)).unwrap_or_else(|| "—".into())
}

async fn sdg_page(State(state): State<Shared>, s: Signed, Query(q): Query<crate::api::PeriodQuery>) -> Result<Response, WebError> {
    let tr = Tr::new(s.lang());
    let (from, to) = crate::api::period(&q).map_err(page_err(&s))?;
    let view = with_ctx(&state, &s, move |ctx| ctx.sdg_16_4_2(from, to)).await.map_err(page_err(&s))?;
    let i = &view.indicator;
    let nom = armstrace_domain::nomenclature::nomenclature();
    let rows = |m: &std::collections::BTreeMap<String, armstrace_domain::indicator::Share>, label: &dyn Fn(&str) -> String| {
        let mut v: Vec<(String, u64, u64, String)> =
            m.iter().map(|(k, sh)| (label(k), sh.established, sh.recovered, percent(sh))).collect();
        v.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        v
    };
    let type_label = |k: &str| nom.firearm_type(k).map(|t| t.en.clone()).unwrap_or_else(|| k.replace('_', " "));
    let context_label = |k: &str| k.replace('_', " ");
    let country_label =
        |k: &str| armstrace_domain::country::CountryCode::from_alpha3(k).map(|c| c.name().to_string()).unwrap_or_else(|_| k.to_string());
    let years = |d: Option<i64>| d.map(|d| format!("{:.1}", d as f64 / 365.25)).unwrap_or_else(|| "—".into());
    let t = &i.time_to_crime;
    Ok(render(&SdgPage {
        from: view.from.clone(),
        to: view.to.clone(),
        proportion: if i.total.recovered == 0 { tr.t("sdg.none").to_string() } else { percent(&i.total) },
        numerator: i.total.established,
        denominator: i.total.recovered,
        breakdowns: vec![
            (tr.t("sdg.by_type"), rows(&i.by_type, &type_label)),
            (tr.t("sdg.by_context"), rows(&i.by_context, &context_label)),
            (tr.t("sdg.by_country"), rows(&i.by_country_of_manufacture, &country_label)),
        ],
        ttc_summary: format!("n = {} · p25 {} · median {} · p75 {}", t.count, years(t.p25), years(t.median), years(t.p75)),
        bands: t.bands,
        bar: Bar::of(&s),
        tr,
    }))
}

// ---- administration ----

pub struct UserLine {
    pub id: String,
    pub username: String,
    pub name: String,
    pub agency: String,
    pub role: &'static str,
    pub clearance: &'static str,
    pub disabled: bool,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    tr: Tr,
    bar: Option<Bar>,
    csrf: String,
    users: Vec<UserLine>,
    roles: Vec<(&'static str, &'static str)>,
    clearances: Vec<&'static str>,
    second_factor_required: bool,
    default_agency: String,
    default_country: String,
    message: Option<String>,
}

async fn users_page(state: &Shared, s: &Signed, message: Option<String>) -> Result<Response, WebError> {
    use armstrace_domain::access::Action;
    let agency = (!s.principal.may(Action::ManageNode)).then(|| s.principal.agency.clone());
    let st = state.clone();
    let own = s.principal.agency.clone();
    let (list, second_factor_required) = blocking(move || {
        let policy = st.store.agency_policy(&own)?.is_some_and(|p| p.second_factor_required);
        Ok((st.store.users(agency.as_deref())?, policy))
    })
    .await
    .map_err(page_err(s))?;
    let roles = Role::ALL
        .iter()
        .filter(|r| s.principal.may(Action::ManageNode) || **r != Role::SystemAdmin)
        .map(|r| (r.code(), r.label()))
        .collect();
    let clearances = HandlingCode::ALL.iter().filter(|h| **h <= s.principal.clearance).map(|h| h.as_str()).collect();
    Ok(render(&UsersPage {
        tr: Tr::new(s.lang()),
        bar: Bar::of(s),
        csrf: s.csrf(),
        users: list
            .iter()
            .map(|u| UserLine {
                id: u.id.to_string(),
                username: u.username.to_string(),
                name: u.display_name.clone(),
                agency: u.agency.clone(),
                role: u.role.label(),
                clearance: u.clearance.as_str(),
                disabled: u.disabled,
            })
            .collect(),
        roles,
        clearances,
        second_factor_required,
        default_agency: s.principal.agency.clone(),
        default_country: s.principal.country.as_str().to_string(),
        message,
    }))
}

async fn users(State(state): State<Shared>, s: Can<ManageAgencyUsers>) -> Result<Response, WebError> {
    users_page(&state, &s, None).await
}

#[derive(Deserialize)]
struct NewUserForm {
    csrf: String,
    username: String,
    #[serde(default)]
    display_name: String,
    agency: String,
    country: String,
    role: String,
    clearance: String,
    password: String,
}

async fn add_user(State(state): State<Shared>, s: Can<ManageAgencyUsers>, Form(f): Form<NewUserForm>) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let invalid = |e: armstrace_domain::DomainError| page_err(&s)(ServiceError::invalid(e.to_string()));
    let new = NewUser {
        username: f.username,
        display_name: f.display_name,
        agency: f.agency,
        country: f.country,
        role: Role::parse(&f.role).map_err(invalid)?,
        clearance: HandlingCode::parse(&f.clearance).map_err(invalid)?,
        language: s.user.language,
        password: f.password,
        second_factor_required: false,
    };
    let (p, source) = (s.principal.clone(), s.source.clone());
    let st = state.clone();
    let created = blocking(move || {
        Accounts { store: st.store.as_ref(), audit: &st.audit }.create(Some(&p), new, now(), &source).map_err(ServiceError::from)
    })
    .await;
    match created {
        Ok(u) => users_page(&state, &s, Some(format!("{} {}", Tr::new(s.lang()).t("users.created"), u.username))).await,
        Err(e) if e.code == ErrorCode::InvalidInput || e.code == ErrorCode::Conflict => {
            let mut r = users_page(&state, &s, Some(e.message)).await?;
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(page_err(&s)(e)),
    }
}

pub struct AuditLine {
    pub seq: u64,
    pub at: String,
    pub username: String,
    pub agency: String,
    pub source: String,
    pub action: String,
    pub record: String,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    tr: Tr,
    bar: Option<Bar>,
    chain: Option<String>,
    entries: Vec<AuditLine>,
}

#[derive(Deserialize, Default)]
struct AuditQuery {
    #[serde(default)]
    username: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    record: String,
    #[serde(default)]
    offset: u64,
}

async fn audit_log(State(state): State<Shared>, s: Can<ReadAudit>, Query(q): Query<AuditQuery>) -> Result<Response, WebError> {
    use armstrace_domain::access::Action;
    let tr = Tr::new(s.lang());
    let node = s.principal.may(Action::ManageNode);
    let filter = AuditFilter {
        // An agency administrator sees their agency's entries only.
        agency: (!node).then(|| s.principal.agency.clone()),
        username: Some(q.username.trim().to_lowercase()).filter(|x| !x.is_empty()),
        action: Some(q.action.trim().to_string()).filter(|x| !x.is_empty()),
        record: RecordId::parse(&q.record).ok(),
    };
    let st = state.clone();
    let (p, source) = (s.principal.clone(), s.source.clone());
    let offset = q.offset;
    let (entries, chain) = blocking(move || {
        st.flush_audit()?;
        let entries: Vec<AuditEntry> = st.store.audit_search(&filter, Page { offset, limit: 200 })?;
        let chain = if node { Some(audit::verify(st.store.as_ref())?) } else { None };
        st.audit.record(st.store.as_ref(), audit::Event::principal(&p, &source, "read", "audit_log", None, String::new()), now())?;
        Ok((entries, chain))
    })
    .await
    .map_err(page_err(&s))?;
    let chain = chain.map(|c| match c {
        Ok(n) => format!("{} ({n})", tr.t("audit.chain_ok")),
        Err(b) => format!("{} {}", tr.t("audit.chain_broken"), b),
    });
    Ok(render(&AuditPage {
        tr,
        bar: Bar::of(&s),
        chain,
        entries: entries
            .into_iter()
            .map(|e| AuditLine {
                seq: e.seq,
                at: e.at.to_string(),
                username: e.username,
                agency: e.agency,
                source: e.source,
                action: e.action,
                record: e.record.map(|r| format!("{} {r}", e.record_type)).unwrap_or(e.record_type),
                detail: e.detail,
            })
            .collect(),
    }))
}

// ---- recording a seizure ----

/// Errors and warnings of a form, looked up by field name in the template.
#[derive(Default)]
pub struct Notes {
    pub errors: Vec<FieldNote>,
    pub warnings: Vec<FieldNote>,
}

impl Notes {
    fn find(list: &[FieldNote], field: &str) -> String {
        list.iter().filter(|n| n.field == field).map(|n| n.message.as_str()).collect::<Vec<_>>().join(" ")
    }
    pub fn err(&self, field: &str) -> String {
        Notes::find(&self.errors, field)
    }
    pub fn err_at(&self, group: &str, i: &usize, field: &str) -> String {
        Notes::find(&self.errors, &format!("{group}.{i}.{field}"))
    }
    pub fn warn_at(&self, group: &str, i: &usize, field: &str) -> String {
        Notes::find(&self.warnings, &format!("{group}.{i}.{field}"))
    }
}

#[derive(Template)]
#[template(path = "seizure.html")]
struct SeizurePage {
    tr: Tr,
    bar: Option<Bar>,
    csrf: String,
    f: SeizureForm,
    notes: Notes,
    confirm_needed: bool,
    handling_options: Vec<(&'static str, bool)>,
    serial_statuses: Vec<(&'static str, &'static str)>,
    types: Vec<String>,
    roles: Vec<String>,
    contexts: Vec<String>,
}

const ITEM_LINES: usize = 3;
const PERSON_LINES: usize = 2;
const MAX_LINES: usize = 200;

fn seizure_page(s: &Signed, mut f: SeizureForm, notes: Notes, confirm_needed: bool, item_lines: usize, person_lines: usize) -> Response {
    let tr = Tr::new(s.lang());
    f.items.resize(f.items.len().max(item_lines).min(MAX_LINES), ItemLine::default());
    f.persons.resize(f.persons.len().max(person_lines).min(MAX_LINES), PersonLine::default());
    let chosen = HandlingCode::parse(&f.handling).unwrap_or(HandlingCode::AmberStrict);
    let n = nomenclature();
    let lang = tr.code();
    render(&SeizurePage {
        csrf: s.csrf(),
        handling_options: HandlingCode::ALL.iter().filter(|h| **h <= s.principal.clearance).map(|h| (h.as_str(), *h == chosen)).collect(),
        serial_statuses: vec![
            ("", "—"),
            ("intact", "intact"),
            ("partially_legible", "partially legible"),
            ("altered", "altered"),
            ("obliterated", "obliterated"),
            ("restored", "restored"),
            ("none", "none"),
        ],
        types: n.firearm_types.iter().map(|t| t.label(lang).to_string()).collect(),
        roles: n.roles.iter().map(|t| t.label(lang).to_string()).collect(),
        contexts: n.criminal_contexts.iter().map(|t| t.label(lang).to_string()).collect(),
        bar: Bar::of(s),
        tr,
        f,
        notes,
        confirm_needed,
    })
}

async fn seizure_form(s: Can<RecordSeizure>) -> Response {
    let f = SeizureForm { country: s.principal.country.name().to_string(), ..Default::default() };
    seizure_page(&s, f, Notes::default(), false, ITEM_LINES, PERSON_LINES)
}

/// The form's fields (`reference`, `items.3.serial`, ...) into the template's shape.
pub fn seizure_from_pairs(pairs: &[(String, String)]) -> (SeizureForm, usize, usize) {
    let mut f = SeizureForm::default();
    let (mut item_lines, mut person_lines) = (0usize, 0usize);
    for (k, v) in pairs {
        let v = v.clone();
        let mut parts = k.splitn(3, '.');
        match (parts.next(), parts.next().and_then(|i| i.parse::<usize>().ok()), parts.next()) {
            (Some("items"), Some(i), Some(field)) if i < MAX_LINES => {
                if f.items.len() <= i {
                    f.items.resize(i + 1, ItemLine::default());
                }
                let l = &mut f.items[i];
                match field {
                    "firearm_type" => l.firearm_type = v,
                    "manufacturer" => l.manufacturer = v,
                    "model" => l.model = v,
                    "calibre" => l.calibre = v,
                    "serial" => l.serial = v,
                    "serial_status" => l.serial_status = v,
                    "year" => l.year = v,
                    "country_of_manufacture" => l.country_of_manufacture = v,
                    "import_country" => l.import_country = v,
                    "import_year" => l.import_year = v,
                    "description" => l.description = v,
                    _ => {}
                }
            }
            (Some("persons"), Some(i), Some(field)) if i < MAX_LINES => {
                if f.persons.len() <= i {
                    f.persons.resize(i + 1, PersonLine::default());
                }
                let p = &mut f.persons[i];
                match field {
                    "name" => p.name = v,
                    "role" => p.role = v,
                    "nationality" => p.nationality = v,
                    "birth_date" => p.birth_date = v,
                    _ => {}
                }
            }
            _ => match k.as_str() {
                "reference" => f.reference = v,
                "date" => f.date = v,
                "country" => f.country = v,
                "admin_area" => f.admin_area = v,
                "locality" => f.locality = v,
                "contexts" => f.contexts = v,
                "handling" => f.handling = v,
                "summary" => f.summary = v,
                "item_lines" => item_lines = v.parse().unwrap_or(0),
                "person_lines" => person_lines = v.parse().unwrap_or(0),
                _ => {}
            },
        }
    }
    (f, item_lines, person_lines)
}

async fn record_seizure(
    State(state): State<Shared>,
    s: Can<RecordSeizure>,
    multipart: axum::extract::Multipart,
) -> Result<Response, WebError> {
    let (pairs, files) = read_multipart(&s, multipart).await?;
    let field = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("");
    let (form, item_lines, person_lines) = seizure_from_pairs(&pairs);
    // Photos are checked before anything is saved: a wrong file costs the officer nothing.
    let mut photo_errors = Vec::new();
    for (name, file, bytes) in &files {
        if armstrace_app::records::image_type(bytes).is_none() {
            photo_errors.push(FieldNote { field: name.clone(), message: format!("'{file}' is not a JPEG, PNG or WebP photo") });
        } else if bytes.len() > armstrace_app::records::MAX_PHOTO_BYTES {
            photo_errors.push(FieldNote {
                field: name.clone(),
                message: format!("'{file}' is larger than {} MB", armstrace_app::records::MAX_PHOTO_BYTES / 1_000_000),
            });
        }
    }
    if !photo_errors.is_empty() && field("action") == "save" {
        let mut r = seizure_page(&s, form, Notes { errors: photo_errors, warnings: vec![] }, false, item_lines, person_lines);
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(r);
    }
    if field("action") == "more" {
        return Ok(seizure_page(&s, form, Notes::default(), false, item_lines + 3, person_lines + 1));
    }
    let checked = field("warnings_checked") == "yes";
    let f2 = form.clone();
    // The k-th saved item is the k-th line that is not blank.
    let lines: Vec<usize> = form.items.iter().enumerate().filter(|(_, l)| !l.is_blank()).map(|(i, _)| i).collect();
    let recorded = with_ctx(&state, &s, move |ctx| {
        let recorded = ctx.record_seizure(&f2, checked)?;
        if recorded.incident.is_some() {
            for (name, file, bytes) in files {
                let line = name.strip_prefix("items.").and_then(|r| r.split('.').next()).and_then(|i| i.parse::<usize>().ok());
                let item = line.and_then(|l| lines.iter().position(|x| *x == l)).and_then(|k| recorded.items.get(k));
                if let Some(item) = item {
                    ctx.attach_photo(*item, &file, bytes)?;
                }
            }
        }
        Ok(recorded)
    })
    .await
    .map_err(page_err(&s))?;
    match recorded.incident {
        Some(id) => Ok(Redirect::to(&format!("/incidents/{id}?saved=1")).into_response()),
        None => {
            let confirm = recorded.checked.errors.is_empty() && !recorded.checked.warnings.is_empty();
            let mut r = seizure_page(
                &s,
                form,
                Notes { errors: recorded.checked.errors, warnings: recorded.checked.warnings },
                confirm,
                item_lines,
                person_lines,
            );
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
    }
}

#[derive(Template)]
#[template(path = "incident.html")]
struct IncidentPage {
    tr: Tr,
    bar: Option<Bar>,
    saved: bool,
    id: String,
    csrf: String,
    reference: String,
    handling: &'static str,
    handling_class: String,
    date: String,
    place: String,
    contexts: String,
    agency: String,
    summary: String,
    rows: Vec<ItemRow>,
}

#[derive(Deserialize, Default)]
struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

async fn incident(
    State(state): State<Shared>,
    s: Signed,
    Path(id): Path<String>,
    Query(q): Query<SavedQuery>,
) -> Result<Response, WebError> {
    let tr = Tr::new(s.lang());
    let id = page_id(&s, &id, "incident")?;
    let (incident, items) = with_ctx(&state, &s, move |ctx| {
        let incident: armstrace_domain::incident::Incident = ctx.get(id)?;
        let mut items = Vec::new();
        for item in &incident.items {
            // Items of the incident that the reader may see (an item can be shared more narrowly).
            if let Ok(v) = ctx.item(*item) {
                items.push(v.item);
            }
        }
        Ok((incident, items))
    })
    .await
    .map_err(page_err(&s))?;
    let n = nomenclature();
    let contexts = incident
        .contexts
        .iter()
        .map(|c| n.criminal_contexts.iter().find(|e| e.code == *c).map(|e| e.label(tr.code()).to_string()).unwrap_or_else(|| c.clone()))
        .collect::<Vec<_>>()
        .join(", ");
    let place = [
        incident.place.locality.clone(),
        incident.place.admin_area.clone(),
        incident.place.country.map(|c| c.name().to_string()).unwrap_or_default(),
    ]
    .into_iter()
    .filter(|x| !x.is_empty())
    .collect::<Vec<_>>()
    .join(", ");
    Ok(render(&IncidentPage {
        rows: items.iter().map(|i| row(&tr, i)).collect(),
        saved: q.saved.is_some(),
        id: incident.meta.id.to_string(),
        csrf: s.csrf(),
        reference: incident.reference.clone(),
        handling: incident.meta.handling.as_str(),
        handling_class: handling_class(incident.meta.handling),
        date: incident.date.map(|d| d.to_string()).unwrap_or_default(),
        place,
        contexts,
        agency: incident.meta.agency.clone(),
        summary: incident.summary.clone(),
        tr,
        bar: Bar::of(&s),
    }))
}

#[derive(Template)]
#[template(path = "api_docs.html")]
struct ApiDocs {
    tr: Tr,
    bar: Option<Bar>,
    intro: String,
    endpoints: Vec<crate::openapi::EndpointView>,
}

/// The API described for people, from the same table as the OpenAPI document.
pub async fn api_docs(headers: HeaderMap) -> Response {
    let doc = crate::openapi::document();
    render(&ApiDocs {
        tr: Tr::new(browser_lang(&headers)),
        bar: None,
        intro: doc["info"]["description"].as_str().unwrap_or("").to_string(),
        endpoints: crate::openapi::views(),
    })
}

/// Grants as people read them: the agency code, or the user's name.
fn grant_lines(store: &dyn armstrace_store::Store, grants: Vec<armstrace_domain::access::Grant>) -> Vec<String> {
    grants
        .into_iter()
        .map(|g| match (g.agency, g.user) {
            (Some(a), _) => a,
            (None, Some(u)) => store.user(u).ok().flatten().map(|u| u.username.to_string()).unwrap_or_else(|| u.to_string()),
            (None, None) => String::new(),
        })
        .collect()
}

#[derive(Deserialize)]
struct ShareForm {
    csrf: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    user: String,
}

async fn share(
    State(state): State<Shared>,
    s: Can<crate::auth::ShareRecords>,
    Path(id): Path<String>,
    Form(f): Form<ShareForm>,
) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let id = page_id(&s, &id, "item")?;
    with_ctx(&state, &s, move |ctx| ctx.share_item(id, Some(&f.agency), Some(&f.user))).await.map_err(page_err(&s))?;
    Ok(Redirect::to(&format!("/items/{id}")).into_response())
}

// ---- user administration and one's own account ----

#[derive(Deserialize)]
struct DisabledForm {
    csrf: String,
    disabled: String,
}

async fn set_disabled(
    State(state): State<Shared>,
    s: Can<ManageAgencyUsers>,
    Path(id): Path<String>,
    Form(f): Form<DisabledForm>,
) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let id = page_id(&s, &id, "user")?;
    let (p, source, st) = (s.principal.clone(), s.source.clone(), state.clone());
    let disabled = f.disabled == "yes";
    blocking(move || {
        Accounts { store: st.store.as_ref(), audit: &st.audit }
            .set_disabled(Some(&p), id, disabled, now(), &source)
            .map_err(ServiceError::from)
    })
    .await
    .map_err(page_err(&s))?;
    Ok(Redirect::to("/admin/users").into_response())
}

#[derive(Deserialize)]
struct PolicyForm {
    csrf: String,
    /// Present when the box is ticked (an unticked checkbox sends nothing).
    #[serde(default)]
    second_factor: Option<String>,
}

/// The sign-in policy of the administrator's own agency.
async fn set_policy(State(state): State<Shared>, s: Can<ManageAgencyUsers>, Form(f): Form<PolicyForm>) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let (p, source, st) = (s.principal.clone(), s.source.clone(), state.clone());
    let required = f.second_factor.is_some();
    blocking(move || {
        Accounts { store: st.store.as_ref(), audit: &st.audit }
            .set_agency_second_factor(&p, &p.agency, required, now(), &source)
            .map_err(ServiceError::from)
    })
    .await
    .map_err(page_err(&s))?;
    Ok(Redirect::to("/admin/users").into_response())
}

#[derive(Deserialize)]
struct PasswordForm {
    csrf: String,
    password: String,
}

async fn set_password(
    State(state): State<Shared>,
    s: Can<ManageAgencyUsers>,
    Path(id): Path<String>,
    Form(f): Form<PasswordForm>,
) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let id = page_id(&s, &id, "user")?;
    let (p, source, st) = (s.principal.clone(), s.source.clone(), state.clone());
    let outcome = blocking(move || {
        Accounts { store: st.store.as_ref(), audit: &st.audit }
            .reset_password(Some(&p), id, &f.password, now(), &source)
            .map_err(ServiceError::from)
    })
    .await;
    match outcome {
        Ok(()) => Ok(Redirect::to("/admin/users").into_response()),
        Err(e) if e.code == ErrorCode::InvalidInput => {
            let mut r = users_page(&state, &s, Some(e.message)).await?;
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(page_err(&s)(e)),
    }
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    tr: Tr,
    bar: Option<Bar>,
    csrf: String,
    username: String,
    agency: String,
    role: &'static str,
    clearance: &'static str,
    has_totp: bool,
    email: String,
    new_secret: String,
    codes: Vec<String>,
    notice: Option<String>,
    error: Option<String>,
}

fn account_page(s: &Signed, codes: Vec<String>, notice: Option<String>, error: Option<String>, totp: bool) -> Response {
    let u = &s.user;
    render(&AccountPage {
        tr: Tr::new(s.lang()),
        bar: Bar::of(s),
        csrf: s.csrf(),
        username: u.username.to_string(),
        agency: u.agency.clone(),
        role: u.role.label(),
        clearance: u.clearance.as_str(),
        has_totp: totp,
        email: u.email.clone().unwrap_or_default(),
        new_secret: random_bytes::<20>().map(|b| base32_encode(&b)).unwrap_or_default(),
        codes,
        notice,
        error,
    })
}

async fn account(s: Signed) -> Response {
    let totp = s.user.totp_secret.is_some();
    account_page(&s, vec![], None, None, totp)
}

#[derive(Deserialize)]
struct EmailForm {
    csrf: String,
    #[serde(default)]
    email: String,
}

async fn set_email(State(state): State<Shared>, s: Signed, Form(f): Form<EmailForm>) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let (p, source, st) = (s.principal.clone(), s.source.clone(), state.clone());
    let email = f.email.clone();
    let outcome = blocking(move || {
        Accounts { store: st.store.as_ref(), audit: &st.audit }.set_email(&p, &email, now(), &source).map_err(ServiceError::from)
    })
    .await;
    let totp = s.user.totp_secret.is_some();
    match outcome {
        Ok(()) => Ok(Redirect::to("/account").into_response()),
        Err(e) if e.code == ErrorCode::InvalidInput => {
            let mut r = account_page(&s, vec![], None, Some(e.message), totp);
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(page_err(&s)(e)),
    }
}

#[derive(Deserialize)]
struct ChangePasswordForm {
    csrf: String,
    current: String,
    new: String,
}

async fn change_password(State(state): State<Shared>, s: Signed, Form(f): Form<ChangePasswordForm>) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let (p, source, st) = (s.principal.clone(), s.source.clone(), state.clone());
    let outcome = blocking(move || {
        Accounts { store: st.store.as_ref(), audit: &st.audit }
            .change_password(&p, &f.current, &f.new, now(), &source)
            .map_err(ServiceError::from)
    })
    .await;
    let totp = s.user.totp_secret.is_some();
    match outcome {
        // Every session ended with the change: sign in again.
        Ok(()) => Ok(Redirect::to("/login").into_response()),
        Err(e) if e.code == ErrorCode::InvalidInput => {
            let mut r = account_page(&s, vec![], None, Some(e.message), totp);
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(page_err(&s)(e)),
    }
}

#[derive(Deserialize)]
struct SecondFactorSetupForm {
    csrf: String,
    secret: String,
    code: String,
}

async fn set_up_second_factor(State(state): State<Shared>, s: Signed, Form(f): Form<SecondFactorSetupForm>) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let (p, source, st) = (s.principal.clone(), s.source.clone(), state.clone());
    let outcome = blocking(move || {
        Accounts { store: st.store.as_ref(), audit: &st.audit }
            .set_up_totp(&p, &f.secret, &f.code, now(), &source)
            .map_err(ServiceError::from)
    })
    .await;
    let tr = Tr::new(s.lang());
    Ok(match outcome {
        Ok(()) => account_page(&s, vec![], Some(tr.t("account.second_factor_set").to_string()), None, true),
        Err(e) => {
            let mut r = account_page(&s, vec![], None, Some(e.message), false);
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            r
        }
    })
}

async fn recovery_codes(State(state): State<Shared>, s: Signed, Form(f): Form<CsrfForm>) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let (mut user, source, st) = (s.user.clone(), s.source.clone(), state.clone());
    let p = s.principal.clone();
    let codes = blocking(move || {
        let accounts = Accounts { store: st.store.as_ref(), audit: &st.audit };
        let codes = accounts.new_recovery_codes(&mut user, now()).map_err(ServiceError::from)?;
        st.audit.record(
            st.store.as_ref(),
            audit::Event::principal(&p, &source, "new_recovery_codes", "user", Some(p.user), String::new()),
            now(),
        )?;
        Ok(codes)
    })
    .await
    .map_err(page_err(&s))?;
    let totp = s.user.totp_secret.is_some();
    Ok(account_page(&s, codes, None, None, totp))
}

/// Text fields and files of a multipart form, the form's token checked before any file is kept.
pub async fn read_multipart(
    s: &Signed,
    mut multipart: axum::extract::Multipart,
) -> Result<(Vec<(String, String)>, Vec<(String, String, Vec<u8>)>), WebError> {
    let bad = |m: String| WebError::page(ServiceError::invalid(m), s.lang());
    let mut fields = Vec::new();
    let mut files = Vec::new();
    let mut checked = false;
    while let Some(field) = multipart.next_field().await.map_err(|e| bad(format!("the upload was cut short ({e}); send it again")))? {
        let name = field.name().unwrap_or("").to_string();
        match field.file_name().map(String::from) {
            Some(file_name) => {
                if !checked {
                    let token = fields.iter().find(|(k, _): &&(String, String)| k == "csrf").map(|(_, v)| v.as_str()).unwrap_or("");
                    s.check_csrf(token).map_err(|e| WebError::page(e, s.lang()))?;
                    checked = true;
                }
                let bytes = field.bytes().await.map_err(|e| bad(format!("the upload was cut short ({e}); send it again")))?;
                if !bytes.is_empty() {
                    files.push((name, file_name, bytes.to_vec()));
                }
            }
            None => fields.push((name, field.text().await.unwrap_or_default())),
        }
    }
    let token = fields.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.as_str()).unwrap_or("");
    s.check_csrf(token).map_err(|e| WebError::page(e, s.lang()))?;
    Ok((fields, files))
}

async fn add_photos(
    State(state): State<Shared>,
    s: Signed,
    Path(id): Path<String>,
    multipart: axum::extract::Multipart,
) -> Result<Response, WebError> {
    let id = page_id(&s, &id, "item")?;
    let (_, files) = read_multipart(&s, multipart).await?;
    with_ctx(&state, &s, move |ctx| {
        for (_, name, bytes) in files {
            ctx.attach_photo(id, &name, bytes)?;
        }
        Ok(())
    })
    .await
    .map_err(page_err(&s))?;
    Ok(Redirect::to(&format!("/items/{id}")).into_response())
}

async fn photo(State(state): State<Shared>, s: Signed, Path((id, photo)): Path<(String, String)>) -> Result<Response, WebError> {
    let missing = || page_err(&s)(ServiceError::not_found("photo"));
    let id = RecordId::parse(&id).map_err(|_| missing())?;
    let photo = RecordId::parse(&photo).map_err(|_| missing())?;
    let a = with_ctx(&state, &s, move |ctx| ctx.photo(id, photo)).await.map_err(page_err(&s))?;
    // Only image types checked on upload are ever stored; the type is sent as stored.
    Ok(([(header::CONTENT_TYPE, a.content_type), (header::CACHE_CONTROL, "private, max-age=3600".to_string())], a.content).into_response())
}

#[derive(Template)]
#[template(path = "agencies.html")]
struct AgenciesPage {
    tr: Tr,
    bar: Option<Bar>,
    csrf: String,
    agencies: Vec<(String, String, String)>,
    message: Option<String>,
}

async fn agencies_page(state: &Shared, s: &Signed, message: Option<String>) -> Result<Response, WebError> {
    let st = state.clone();
    let list = blocking(move || Ok(st.store.agencies()?)).await.map_err(page_err(s))?;
    Ok(render(&AgenciesPage {
        tr: Tr::new(s.lang()),
        bar: Bar::of(s),
        csrf: s.csrf(),
        agencies: list.into_iter().map(|a| (a.code, a.name, a.country)).collect(),
        message,
    }))
}

async fn agencies(State(state): State<Shared>, s: Can<crate::auth::ManageNode>) -> Result<Response, WebError> {
    agencies_page(&state, &s, None).await
}

#[derive(Deserialize)]
struct AgencyForm {
    csrf: String,
    code: String,
    name: String,
    country: String,
}

async fn add_agency(State(state): State<Shared>, s: Can<crate::auth::ManageNode>, Form(f): Form<AgencyForm>) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let (p, source, st) = (s.principal.clone(), s.source.clone(), state.clone());
    let outcome = blocking(move || {
        Accounts { store: st.store.as_ref(), audit: &st.audit }
            .add_agency(&p, &f.code, &f.name, &f.country, now(), &source)
            .map_err(ServiceError::from)
    })
    .await;
    match outcome {
        Ok(a) => agencies_page(&state, &s, Some(format!("{} {}", Tr::new(s.lang()).t("agencies.added"), a.code))).await,
        Err(e) if e.code == ErrorCode::InvalidInput || e.code == ErrorCode::Conflict => {
            let mut r = agencies_page(&state, &s, Some(e.message)).await?;
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(page_err(&s)(e)),
    }
}
