//! The directory of competent national authorities and single points of contact (FP art. 13(2),
//! ATT art. 5(6), UNTOC art. 18(13)): its pages and the handlers of its API operations (listed in
//! the `api!` table of [`crate::api`]).

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use armstrace_app::directory::{ContactDraft, ContactText, ContactView, Coverage, DirectoryImport, DirectoryQuery};
use armstrace_app::error::ServiceError;
use armstrace_app::import::ImportError;
use armstrace_domain::access::Action;
use armstrace_domain::directory::{ContactKind, Covered, Function, Instrument, STALE_AFTER_DAYS};

use crate::auth::{self, Can, ManageDirectory, Signed};
use crate::i18n::Tr;
use crate::pages::{api_id, page_err, page_id, render, Bar, TokenForm};
use crate::{with_ctx, Shared, WebError};

/// Largest directory file accepted (a directory has a few hundred rows).
pub const MAX_FILE: usize = 5 * 1024 * 1024;
const PAGE_SIZE: u64 = 50;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/directory", get(list_page).post(create_form))
        .route("/directory/new", get(new_form))
        .route("/directory/coverage", get(coverage_page))
        .route("/directory/import", get(import_form).post(import_upload).layer(axum::extract::DefaultBodyLimit::max(MAX_FILE)))
        .route("/directory/{id}", get(entry_page).post(update_form))
        .route("/directory/{id}/edit", get(edit_form))
        .route("/directory/{id}/delete", axum::routing::post(delete_form))
}

/// The filters of a list, as a query string gives them.
#[derive(Deserialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default)]
    country: String,
    #[serde(default)]
    instrument: String,
    #[serde(default)]
    function: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    q: String,
    /// `1`, `true`, `on` or `yes`: only stale entries.
    #[serde(default)]
    stale: String,
    #[serde(default)]
    offset: u64,
    #[serde(default)]
    limit: Option<u64>,
    /// Set by the redirect after an entry was removed.
    #[serde(default)]
    deleted: Option<String>,
}

impl ListQuery {
    fn query(&self) -> DirectoryQuery {
        DirectoryQuery {
            country: self.country.clone(),
            instrument: self.instrument.clone(),
            function: self.function.clone(),
            kind: self.kind.clone(),
            q: self.q.clone(),
            stale: matches!(self.stale.trim().to_ascii_lowercase().as_str(), "1" | "true" | "on" | "yes"),
        }
    }
}

fn api_run<T: Send + 'static>(
    state: &Shared,
    s: &Signed,
    f: impl FnOnce(&armstrace_app::records::Ctx) -> Result<T, ServiceError> + Send + 'static,
) -> impl std::future::Future<Output = Result<T, WebError>> {
    let run = with_ctx(state, s, f);
    async move { run.await.map_err(WebError::api) }
}

fn draft_of(body: Result<Json<Value>, axum::extract::rejection::JsonRejection>) -> Result<ContactDraft, WebError> {
    let invalid = |m: String| WebError::api(ServiceError::invalid(m));
    let Json(v) = body.map_err(|e| invalid(format!("the body is not a directory entry: {}", e.body_text())))?;
    serde_path_to_error::deserialize::<_, ContactDraft>(v).map_err(|e| {
        let path = e.path().to_string();
        if path == "." {
            invalid(format!("the body is not a directory entry: {}", e.inner()))
        } else {
            invalid(format!("{path}: {}", e.inner()))
        }
    })
}

// ---- API ------------------------------------------------------------------------------------

pub async fn api_list(State(state): State<Shared>, s: Signed, Query(q): Query<ListQuery>) -> Result<Response, WebError> {
    let (query, offset, limit) = (q.query(), q.offset, q.limit.unwrap_or(50));
    Ok(Json(api_run(&state, &s, move |c| c.list_contact_points(&query, offset, limit)).await?).into_response())
}

pub async fn api_read(State(state): State<Shared>, s: Signed, Path(id): Path<String>) -> Result<Response, WebError> {
    let id = api_id(&id, "directory entry")?;
    Ok(Json(api_run(&state, &s, move |c| c.contact_point(id)).await?).into_response())
}

pub async fn api_create(
    State(state): State<Shared>,
    s: Can<ManageDirectory>,
    body: Result<Json<Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let draft = draft_of(body)?;
    let created = api_run(&state, &s, move |c| c.create_contact_point(draft)).await?;
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

pub async fn api_update(
    State(state): State<Shared>,
    s: Can<ManageDirectory>,
    Path(id): Path<String>,
    body: Result<Json<Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let id = api_id(&id, "directory entry")?;
    let draft = draft_of(body)?;
    Ok(Json(api_run(&state, &s, move |c| c.update_contact_point(id, draft)).await?).into_response())
}

pub async fn api_delete(State(state): State<Shared>, s: Can<ManageDirectory>, Path(id): Path<String>) -> Result<Response, WebError> {
    let id = api_id(&id, "directory entry")?;
    api_run(&state, &s, move |c| c.delete_contact_point(id)).await?;
    Ok(Json(json!({ "deleted": id })).into_response())
}

pub async fn api_coverage(State(state): State<Shared>, s: Signed) -> Result<Response, WebError> {
    Ok(Json(api_run(&state, &s, |c| c.directory_coverage()).await?).into_response())
}

#[derive(Deserialize, Default)]
pub struct FileName {
    #[serde(default)]
    name: Option<String>,
}

fn import_error(e: ImportError) -> ServiceError {
    match e {
        ImportError::Store(e) => ServiceError::from(e),
        // The general import's message offers a partial import, which the directory does not have.
        ImportError::Rows { errors } => ServiceError::invalid(format!(
            "{} bad cell(s), nothing was written; correct them and send the file again:\n{}",
            errors.len(),
            errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")
        )),
        other => ServiceError::invalid(other.to_string()),
    }
}

/// A CSV file as the request body; all or nothing.
pub async fn api_import(
    State(state): State<Shared>,
    s: Can<ManageDirectory>,
    Query(q): Query<FileName>,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    if body.is_empty() {
        return Err(WebError::api(ServiceError::invalid("the body is empty: send the CSV file as the request body")));
    }
    let name = crate::imports::clean_name(q.name.as_deref().unwrap_or("directory.csv"));
    let bytes = body.to_vec();
    let report = api_run(&state, &s, move |c| c.import_contact_points(bytes, &name).map_err(import_error)).await?;
    Ok(Json(report).into_response())
}

/// Example bodies of the directory's operations, serialized from values of the code's own types.
pub fn examples() -> Vec<(&'static str, Value)> {
    let draft = json!({
        "country": "HRV",
        "authority": "Ministry of the Interior, National Firearms Focal Point",
        "kind": "single_point_of_contact",
        "instruments": ["firearms_protocol", "att", "poa_iti", "regional:Western Balkans SALW Roadmap"],
        "functions": ["tracing", "licence_verification", "information_exchange", "reporting"],
        "languages": ["hr", "en"],
        "contact_person": "Ana Horvat",
        "email": "spoc@mup.hr",
        "phone": "+385 1 6122 111",
        "address": "Ulica grada Vukovara 33, 10000 Zagreb",
        "hours": "Mon-Fri 08:00-16:00",
        "time_zone": "Europe/Zagreb",
        "last_verified": "2026-05-04",
        "note": ""
    });
    let mut stored = draft.clone();
    stored["id"] = json!("019b76da-ab87-7fa2-a3de-4e2a07820030");
    stored["updated_at"] = json!("2026-11-20T09:30:00Z");
    stored["updated_by"] = json!("hrv.poc");
    stored["stale"] = json!(false);
    stored["days_since_verified"] = json!(202);
    vec![
        ("NewContactPoint", draft),
        ("ContactPoint", stored.clone()),
        ("ContactPoints", json!({ "total": 1, "total_capped": false, "offset": 0, "limit": 50, "records": [stored] })),
        (
            "DirectoryFile",
            json!("country,authority,kind,instruments,functions,languages,email,phone,last_verified\nHRV,Ministry of the Interior,single_point_of_contact,firearms_protocol; att,tracing; licence_verification,hr; en,spoc@mup.hr,+385 1 6122 111,2026-05-04"),
        ),
        ("DirectoryImported", json!({ "file": "directory.csv", "rows": 1, "created": 1, "updated": 0 })),
        (
            "Coverage",
            json!({ "instruments": ["firearms_protocol", "att", "poa_iti", "untoc"], "without": [2, 3, 2, 4], "only_stale": [1, 0, 0, 0], "with_none": 2, "countries": [{ "country": "HRV", "instruments": ["current", "current", "current", "stale"] }, { "country": "SRB", "instruments": ["none", "none", "none", "none"] }] }),
        ),
    ]
}

// ---- pages ----------------------------------------------------------------------------------

fn may_manage(s: &Signed) -> bool {
    s.principal.may(Action::ManageDirectory)
}

fn instrument_label(tr: &Tr, i: &Instrument) -> String {
    match i {
        Instrument::Regional(name) => format!("{} ({name})", tr.t("dir.instrument.regional")),
        other => tr.t_of("dir.instrument.", &other.code()).to_string(),
    }
}

pub struct EntryRow {
    id: String,
    country: String,
    country_name: String,
    authority: String,
    kind: String,
    instruments: String,
    functions: String,
    languages: String,
    email: String,
    phone: String,
    last_verified: String,
    stale: bool,
}

fn entry_row(tr: &Tr, v: &ContactView) -> EntryRow {
    let p = &v.point;
    EntryRow {
        id: p.id.to_string(),
        country: p.country.as_str().to_string(),
        country_name: p.country.name().to_string(),
        authority: p.authority.clone(),
        kind: tr.t_of("dir.kind.", p.kind.code()).to_string(),
        instruments: p.instruments.iter().map(|i| instrument_label(tr, i)).collect::<Vec<_>>().join(", "),
        functions: p.functions.iter().map(|f| tr.t_of("dir.function.", f.code())).collect::<Vec<_>>().join(", "),
        languages: p.languages.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(", "),
        email: p.email.as_ref().map(|e| e.to_string()).unwrap_or_default(),
        phone: p.phone.as_ref().map(|e| e.to_string()).unwrap_or_default(),
        last_verified: p.last_verified.to_string(),
        stale: v.stale,
    }
}

/// (code, label, selected) options of a filter.
type Options = Vec<(String, String, bool)>;

fn options(tr: &Tr, prefix: &str, codes: &[String], selected: &str) -> Options {
    codes.iter().map(|c| (c.clone(), tr.t_of(prefix, c).to_string(), c == selected)).collect()
}

#[derive(Template)]
#[template(path = "directory.html")]
struct ListPage {
    tr: Tr,
    bar: Option<Bar>,
    can_manage: bool,
    deleted: bool,
    country: String,
    q: String,
    stale: bool,
    instruments: Options,
    functions: Options,
    kinds: Options,
    total: u64,
    rows: Vec<EntryRow>,
    stale_days: i64,
    prev: Option<String>,
    next: Option<String>,
}

async fn list_page(State(state): State<Shared>, s: Signed, Query(q): Query<ListQuery>) -> Result<Response, WebError> {
    let tr = Tr::new(s.lang());
    let (query, offset) = (q.query(), q.offset);
    let listed = with_ctx(&state, &s, move |c| c.list_contact_points(&query, offset, PAGE_SIZE)).await.map_err(page_err(&s))?;
    let link = |offset: u64| {
        format!(
            "/directory?country={}&instrument={}&function={}&kind={}&q={}&stale={}&offset={offset}",
            auth::url_encode(&q.country),
            auth::url_encode(&q.instrument),
            auth::url_encode(&q.function),
            auth::url_encode(&q.kind),
            auth::url_encode(&q.q),
            auth::url_encode(&q.stale),
        )
    };
    let mut instruments: Vec<String> = Instrument::GLOBAL.iter().map(|i| i.code()).collect();
    instruments.push("regional".into());
    Ok(render(&ListPage {
        can_manage: may_manage(&s),
        deleted: q.deleted.is_some(),
        country: q.country.clone(),
        q: q.q.clone(),
        stale: q.query().stale,
        instruments: options(&tr, "dir.instrument.", &instruments, &q.instrument),
        functions: options(&tr, "dir.function.", &Function::ALL.iter().map(|f| f.code().to_string()).collect::<Vec<_>>(), &q.function),
        kinds: options(&tr, "dir.kind.", &ContactKind::ALL.iter().map(|k| k.code().to_string()).collect::<Vec<_>>(), &q.kind),
        total: listed.total,
        rows: listed.records.iter().map(|v| entry_row(&tr, v)).collect(),
        stale_days: STALE_AFTER_DAYS,
        prev: (q.offset > 0).then(|| link(q.offset.saturating_sub(PAGE_SIZE))),
        next: (q.offset + PAGE_SIZE < listed.total).then(|| link(q.offset + PAGE_SIZE)),
        tr,
        bar: Bar::of(&s),
    }))
}

#[derive(Template)]
#[template(path = "directory_entry.html")]
struct EntryPage {
    tr: Tr,
    bar: Option<Bar>,
    can_manage: bool,
    saved: bool,
    csrf: String,
    row: EntryRow,
    contact_person: String,
    address: String,
    hours: String,
    time_zone: String,
    note: String,
    days: i64,
    updated: String,
    articles: Vec<String>,
}

#[derive(Deserialize, Default)]
struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

async fn entry_page(
    State(state): State<Shared>,
    s: Signed,
    Path(id): Path<String>,
    Query(sq): Query<SavedQuery>,
) -> Result<Response, WebError> {
    let tr = Tr::new(s.lang());
    let id = page_id(&s, &id, "directory entry")?;
    let v = with_ctx(&state, &s, move |c| c.contact_point(id)).await.map_err(page_err(&s))?;
    let p = &v.point;
    Ok(render(&EntryPage {
        can_manage: may_manage(&s),
        saved: sq.saved.is_some(),
        csrf: s.csrf(),
        row: entry_row(&tr, &v),
        contact_person: p.contact_person.clone(),
        address: p.address.clone(),
        hours: p.hours.clone(),
        time_zone: p.time_zone.clone(),
        note: p.note.clone(),
        days: v.days_since_verified,
        updated: format!("{} · {}", p.updated_at, p.updated_by),
        articles: p
            .instruments
            .iter()
            .map(|i| i.article().to_string())
            .chain(p.functions.iter().map(|f| format!("{}: {}", tr.t_of("dir.function.", f.code()), f.article())))
            .collect(),
        tr,
        bar: Bar::of(&s),
    }))
}

#[derive(Template)]
#[template(path = "directory_form.html")]
struct FormPage {
    tr: Tr,
    bar: Option<Bar>,
    csrf: String,
    action: String,
    f: ContactText,
    kinds: Options,
    errors: Vec<(String, String)>,
}

fn form_page(s: &Signed, action: String, f: ContactText, errors: Vec<(String, String)>) -> Response {
    let tr = Tr::new(s.lang());
    let kinds = options(&tr, "dir.kind.", &ContactKind::ALL.iter().map(|k| k.code().to_string()).collect::<Vec<_>>(), &f.kind);
    let invalid = !errors.is_empty();
    let mut r = render(&FormPage { tr, bar: Bar::of(s), csrf: s.csrf(), action, f, kinds, errors });
    if invalid {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}

async fn new_form(s: Can<ManageDirectory>) -> Response {
    let f = ContactText { kind: ContactKind::SinglePointOfContact.code().into(), ..Default::default() };
    form_page(&s, "/directory".into(), f, vec![])
}

async fn edit_form(State(state): State<Shared>, s: Can<ManageDirectory>, Path(id): Path<String>) -> Result<Response, WebError> {
    let id = page_id(&s, &id, "directory entry")?;
    let v = with_ctx(&state, &s, move |c| c.contact_point(id)).await.map_err(page_err(&s))?;
    Ok(form_page(&s, format!("/directory/{id}"), ContactText::of(&v.point), vec![]))
}

#[derive(Deserialize)]
struct EntryForm {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    f: ContactText,
}

/// The form's entry, or the form again with what is wrong next to each field.
fn parse_form(s: &Signed, action: String, f: ContactText) -> Result<ContactDraft, Box<Response>> {
    f.parse(crate::now()).map_err(|errors| {
        let errors = errors.into_iter().map(|(c, e)| (c.name().to_string(), e.to_string())).collect();
        Box::new(form_page(s, action, f, errors))
    })
}

async fn create_form(State(state): State<Shared>, s: Can<ManageDirectory>, Form(form): Form<EntryForm>) -> Result<Response, WebError> {
    s.check_csrf(&form.csrf).map_err(page_err(&s))?;
    let draft = match parse_form(&s, "/directory".into(), form.f) {
        Ok(d) => d,
        Err(page) => return Ok(*page),
    };
    let v = with_ctx(&state, &s, move |c| c.create_contact_point(draft)).await.map_err(page_err(&s))?;
    Ok(Redirect::to(&format!("/directory/{}?saved=1", v.point.id)).into_response())
}

async fn update_form(
    State(state): State<Shared>,
    s: Can<ManageDirectory>,
    Path(id): Path<String>,
    Form(form): Form<EntryForm>,
) -> Result<Response, WebError> {
    s.check_csrf(&form.csrf).map_err(page_err(&s))?;
    let id = page_id(&s, &id, "directory entry")?;
    let draft = match parse_form(&s, format!("/directory/{id}"), form.f) {
        Ok(d) => d,
        Err(page) => return Ok(*page),
    };
    with_ctx(&state, &s, move |c| c.update_contact_point(id, draft)).await.map_err(page_err(&s))?;
    Ok(Redirect::to(&format!("/directory/{id}?saved=1")).into_response())
}

async fn delete_form(
    State(state): State<Shared>,
    s: Can<ManageDirectory>,
    Path(id): Path<String>,
    Form(form): Form<TokenForm>,
) -> Result<Response, WebError> {
    s.check_csrf(&form.csrf).map_err(page_err(&s))?;
    let id = page_id(&s, &id, "directory entry")?;
    with_ctx(&state, &s, move |c| c.delete_contact_point(id)).await.map_err(page_err(&s))?;
    Ok(Redirect::to("/directory?deleted=1").into_response())
}

pub struct CoverageRow {
    country: String,
    name: String,
    region: String,
    cells: Vec<(&'static str, &'static str)>,
}

#[derive(Template)]
#[template(path = "directory_coverage.html")]
struct CoveragePage {
    tr: Tr,
    bar: Option<Bar>,
    all: bool,
    region: &'static str,
    regions: Vec<&'static str>,
    countries: usize,
    with_none: u64,
    /// (instrument label, article, countries without, countries with stale entries only)
    columns: Vec<(String, &'static str, u64, u64)>,
    rows: Vec<CoverageRow>,
}

#[derive(Deserialize, Default)]
struct CoverageQuery {
    #[serde(default)]
    all: Option<String>,
    /// A UN M49 region (Africa, Americas, Asia, Europe, Oceania); empty: all.
    #[serde(default)]
    region: String,
}

async fn coverage_page(State(state): State<Shared>, s: Signed, Query(q): Query<CoverageQuery>) -> Result<Response, WebError> {
    let tr = Tr::new(s.lang());
    let cov: Coverage = with_ctx(&state, &s, |c| c.directory_coverage()).await.map_err(page_err(&s))?;
    let all = q.all.is_some();
    let mut regions: Vec<&'static str> = cov.countries.iter().map(|r| r.country.m49_region()).filter(|r| !r.is_empty()).collect();
    regions.sort_unstable();
    regions.dedup();
    let region = regions.iter().find(|r| r.eq_ignore_ascii_case(q.region.trim())).copied().unwrap_or("");
    let cell = |c: &Covered| match c {
        Covered::None => ("none", tr.t("dir.cov.none")),
        Covered::Stale => ("stale", tr.t("dir.cov.stale")),
        Covered::Current => ("current", tr.t("dir.cov.current")),
    };
    let rows = cov
        .countries
        .iter()
        .filter(|r| all || r.has_gap())
        .filter(|r| region.is_empty() || r.country.m49_region() == region)
        .map(|r| CoverageRow {
            country: r.country.as_str().to_string(),
            name: r.country.name().to_string(),
            region: r.country.m49_region().to_string(),
            cells: r.instruments.iter().map(cell).collect(),
        })
        .collect();
    let columns = Instrument::GLOBAL
        .iter()
        .enumerate()
        .map(|(i, inst)| {
            (
                instrument_label(&tr, inst),
                inst.article(),
                cov.without.get(i).copied().unwrap_or(0),
                cov.only_stale.get(i).copied().unwrap_or(0),
            )
        })
        .collect();
    Ok(render(&CoveragePage {
        all,
        region,
        regions,
        countries: cov.countries.len(),
        with_none: cov.with_none,
        columns,
        rows,
        tr,
        bar: Bar::of(&s),
    }))
}

#[derive(Template)]
#[template(path = "directory_import.html")]
struct ImportPage {
    tr: Tr,
    bar: Option<Bar>,
    csrf: String,
    report: Option<DirectoryImport>,
    message: Option<String>,
    /// (row, column, message)
    errors: Vec<(usize, String, String)>,
}

async fn import_form(s: Can<ManageDirectory>) -> Response {
    render(&ImportPage { tr: Tr::new(s.lang()), bar: Bar::of(&s), csrf: s.csrf(), report: None, message: None, errors: vec![] })
}

async fn import_upload(State(state): State<Shared>, s: Can<ManageDirectory>, mut multipart: Multipart) -> Result<Response, WebError> {
    let bad = |m: String| WebError::page(ServiceError::invalid(m), s.lang());
    let mut csrf = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = multipart.next_field().await.map_err(|e| bad(format!("the upload was cut short ({e}); send the file again")))? {
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.unwrap_or_default(),
            "file" => {
                // The form's token comes before the file: a forged form is refused before reading it.
                s.check_csrf(&csrf).map_err(page_err(&s))?;
                let name = crate::imports::clean_name(field.file_name().unwrap_or("directory.csv"));
                let bytes = field.bytes().await.map_err(|e| bad(format!("the upload was cut short ({e}); send the file again")))?;
                file = Some((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    s.check_csrf(&csrf).map_err(page_err(&s))?;
    let tr = Tr::new(s.lang());
    let mut page = ImportPage { tr, bar: Bar::of(&s), csrf: s.csrf(), report: None, message: None, errors: vec![] };
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        page.message = Some(tr.t("dir.import.choose").to_string());
        let mut r = render(&page);
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(r);
    };
    let outcome = with_ctx(&state, &s, move |c| Ok(c.import_contact_points(bytes, &name))).await.map_err(page_err(&s))?;
    match outcome {
        Ok(report) => page.report = Some(report),
        Err(ImportError::Rows { errors }) => page.errors = errors.into_iter().map(|e| (e.row, e.column, e.message)).collect(),
        Err(ImportError::Store(e)) => return Err(page_err(&s)(ServiceError::from(e))),
        Err(other) => page.message = Some(other.to_string()),
    }
    let refused = page.report.is_none();
    let mut r = render(&page);
    if refused {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}
