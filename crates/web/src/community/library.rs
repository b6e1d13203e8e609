//! The Community's resource library: the list and search page, a resource's page, the forms that
//! add and change a resource (a file upload or a link), downloads, the public page that lists the
//! public resources without signing in (seed 000: the Community's web page lists its resources),
//! and the handlers of the library's API operations (listed in the `api!` table of [`crate::api`]).

use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use armstrace_app::community::resource::{public_library, public_resource_file, Library, LibraryQuery, ResourceView, MAX_UPLOAD};
use armstrace_app::error::ServiceError;
use armstrace_domain::community::{Region, Resource, ResourceDraft, ResourceKind, ResourceVisibility, Source};
use armstrace_domain::directory::Instrument;
use armstrace_domain::id::RecordId;
use armstrace_store::Attachment;

use super::{CommunityNav, InCommunity};
use crate::auth::{self, Signed};
use crate::i18n::Tr;
use crate::pages::{page_err, render, Bar, TokenForm};
use crate::{blocking, with_ctx, Shared, WebError};

/// The request body limit of uploads: the library's own limit and room for the form's fields,
/// so that a file just over the limit gets the library's message (which says the limit).
const BODY_LIMIT: usize = MAX_UPLOAD + 1024 * 1024;
const PAGE_SIZE: u64 = 50;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/community/library", get(list_page).post(create_form).layer(DefaultBodyLimit::max(BODY_LIMIT)))
        .route("/community/library/new", get(new_form))
        .route("/community/library/{id}", get(resource_page).post(update_form).layer(DefaultBodyLimit::max(BODY_LIMIT)))
        .route("/community/library/{id}/edit", get(edit_form))
        .route("/community/library/{id}/delete", post(delete_form))
        .route("/community/library/{id}/file", get(download_page))
        .route("/public/library", get(public_page))
        .route("/public/library/{id}/file", get(public_download))
}

// ---- shared ---------------------------------------------------------------------------------------

/// A resource as the pages show it.
pub struct ResourceLine {
    pub id: String,
    pub title: String,
    pub kind: &'static str,
    pub instruments: String,
    pub language: String,
    pub region: &'static str,
    pub date: String,
    pub author: String,
    pub summary: String,
    pub public: bool,
    /// For a link: its address.
    pub url: String,
    /// For a file: its name, format and size.
    pub file: String,
    pub download: String,
    /// Why no text was read from the file (`encrypted`, `no_text`), or empty.
    pub text_note: &'static str,
    pub snippet: String,
    pub score: u64,
    pub can_edit: bool,
    pub added: String,
}

fn instrument_label(tr: &Tr, i: &Instrument) -> String {
    match i {
        Instrument::Regional(name) => format!("{} ({name})", tr.t("comm.lib.instrument.regional")),
        other => tr.t_of("comm.lib.instrument.", &other.code()).to_string(),
    }
}

fn size_text(n: u64) -> String {
    if n >= 1_048_576 {
        format!("{:.1} MB", n as f64 / 1_048_576.0)
    } else {
        format!("{} kB", n.div_ceil(1024))
    }
}

fn line(tr: &Tr, v: &ResourceView, public_page: bool) -> ResourceLine {
    let r = &v.resource;
    let (url, file, download, note) = match &r.source {
        Source::Link { url } => (url.clone(), String::new(), String::new(), ""),
        Source::File(f) => {
            let download = if public_page { format!("/public/library/{}/file", r.id) } else { format!("/community/library/{}/file", r.id) };
            let note = match f.text_note.as_str() {
                "encrypted" => tr.t("comm.lib.note.encrypted"),
                "no_text" => tr.t("comm.lib.note.no_text"),
                _ => "",
            };
            (String::new(), format!("{} · {} · {}", f.name, f.format.code().to_uppercase(), size_text(f.size)), download, note)
        }
    };
    ResourceLine {
        id: r.id.to_string(),
        title: r.title.clone(),
        kind: tr.t_of("comm.lib.kind.", r.kind.code()),
        instruments: r.instruments.iter().map(|i| instrument_label(tr, i)).collect::<Vec<_>>().join(", "),
        language: r.language.to_string(),
        region: tr.t_of("comm.lib.region.", r.region.code()),
        date: r.date.map(|d| d.to_string()).unwrap_or_default(),
        author: r.author.clone(),
        summary: r.summary.clone(),
        public: r.is_public(),
        url,
        file,
        download,
        text_note: note,
        snippet: v.snippet.clone(),
        score: v.score,
        can_edit: v.can_edit,
        added: format!("{} · {}", r.added_at.to_string().chars().take(10).collect::<String>(), r.added_by_name),
    }
}

/// (code, label, selected) options of a filter or a choice.
type Options = Vec<(&'static str, &'static str, bool)>;

fn kinds(tr: &Tr, selected: &str) -> Options {
    ResourceKind::ALL.iter().map(|k| (k.code(), tr.t_of("comm.lib.kind.", k.code()), k.code() == selected)).collect()
}

fn regions(tr: &Tr, selected: &str) -> Options {
    Region::ALL.iter().map(|r| (r.code(), tr.t_of("comm.lib.region.", r.code()), r.code() == selected)).collect()
}

const INSTRUMENTS: [&str; 5] = ["firearms_protocol", "att", "poa_iti", "untoc", "regional"];

fn instruments(tr: &Tr, selected: &[String]) -> Options {
    INSTRUMENTS.iter().map(|c| (*c, tr.t_of("comm.lib.instrument.", c), selected.iter().any(|s| s == c))).collect()
}

fn visibilities(tr: &Tr, selected: &str) -> Options {
    ResourceVisibility::ALL.iter().map(|v| (v.code(), tr.t_of("comm.lib.visibility.", v.code()), v.code() == selected)).collect()
}

/// The filters of a list, as a query string gives them.
#[derive(Deserialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    instrument: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    offset: u64,
    #[serde(default)]
    limit: Option<u64>,
    /// Set by the redirect after a resource was removed.
    #[serde(default)]
    deleted: Option<String>,
}

impl ListQuery {
    fn query(&self) -> LibraryQuery {
        LibraryQuery {
            kind: self.kind.clone(),
            instrument: self.instrument.clone(),
            language: self.language.clone(),
            region: self.region.clone(),
            visibility: self.visibility.clone(),
            q: self.q.clone(),
            offset: self.offset,
            limit: Some(self.limit.unwrap_or(PAGE_SIZE)),
        }
    }
    fn link(&self, base: &str, offset: u64) -> String {
        format!(
            "{base}?kind={}&instrument={}&language={}&region={}&visibility={}&q={}&offset={offset}",
            auth::url_encode(&self.kind),
            auth::url_encode(&self.instrument),
            auth::url_encode(&self.language),
            auth::url_encode(&self.region),
            auth::url_encode(&self.visibility),
            auth::url_encode(&self.q),
        )
    }
}

/// A file download: its type as stored (told by content on upload), always as an attachment so
/// that an uploaded HTML page is never shown as a page of the node.
fn file_response(r: &Resource, a: Attachment) -> Response {
    let name = r.download_name();
    let ascii: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", auth::url_encode(&name));
    let cache = if r.is_public() { "private, max-age=300" } else { "private, no-store" };
    (
        [(header::CONTENT_TYPE, a.content_type), (header::CONTENT_DISPOSITION, disposition), (header::CACHE_CONTROL, cache.to_string())],
        a.content,
    )
        .into_response()
}

fn parse_id(s: &str) -> Result<RecordId, ServiceError> {
    RecordId::parse(s).map_err(|_| ServiceError::not_found("resource"))
}

// ---- pages ----------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "community_library.html")]
struct ListPage {
    tr: Tr,
    bar: Option<Bar>,
    nav: CommunityNav,
    member: bool,
    deleted: bool,
    q: String,
    /// `?q=...` for the links to the resources (their page shows the words in the text), or empty.
    q_link: String,
    language: String,
    kinds: Options,
    instruments: Options,
    regions: Options,
    visibilities: Options,
    total: u64,
    rows: Vec<ResourceLine>,
    prev: Option<String>,
    next: Option<String>,
}

async fn list_page(State(state): State<Shared>, s: Signed, Query(q): Query<ListQuery>) -> Result<Response, WebError> {
    let tr = Tr::new(s.lang());
    let query = q.query();
    let (lib, mine, coordinator) = with_ctx(&state, &s, move |c| {
        let lib = c.library(&query)?;
        Ok((lib, c.my_membership()?, c.community_coordinator().is_ok()))
    })
    .await
    .map_err(page_err(&s))?;
    Ok(render(&ListPage {
        nav: CommunityNav::of(mine.as_ref().filter(|m| m.is_active()), coordinator, "library"),
        member: lib.member,
        deleted: q.deleted.is_some(),
        q: q.q.clone(),
        q_link: if q.q.trim().is_empty() { String::new() } else { format!("?q={}", auth::url_encode(&q.q)) },
        language: q.language.clone(),
        kinds: kinds(&tr, &q.kind),
        instruments: instruments(&tr, std::slice::from_ref(&q.instrument)),
        regions: regions(&tr, &q.region),
        visibilities: visibilities(&tr, &q.visibility),
        total: lib.total,
        rows: lib.records.iter().map(|v| line(&tr, v, false)).collect(),
        prev: (q.offset > 0).then(|| q.link("/community/library", q.offset.saturating_sub(PAGE_SIZE))),
        next: (q.offset + PAGE_SIZE < lib.total).then(|| q.link("/community/library", q.offset + PAGE_SIZE)),
        bar: Bar::of(&s),
        tr,
    }))
}

#[derive(Template)]
#[template(path = "community_library_public.html")]
struct PublicPage {
    tr: Tr,
    bar: Option<Bar>,
    q: String,
    kinds: Options,
    total: u64,
    rows: Vec<ResourceLine>,
    prev: Option<String>,
    next: Option<String>,
}

/// The public resources, without signing in.
async fn public_page(State(state): State<Shared>, headers: HeaderMap, Query(q): Query<ListQuery>) -> Result<Response, WebError> {
    let lang =
        headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map(crate::i18n::from_accept_language).unwrap_or_default();
    let tr = Tr::new(lang);
    let query = q.query();
    let st = state.clone();
    let lib: Library = blocking(move || public_library(st.store.as_ref(), &query)).await.map_err(|e| WebError::page(e, lang))?;
    Ok(render(&PublicPage {
        q: q.q.clone(),
        kinds: kinds(&tr, &q.kind),
        total: lib.total,
        rows: lib.records.iter().map(|v| line(&tr, v, true)).collect(),
        prev: (q.offset > 0).then(|| q.link("/public/library", q.offset.saturating_sub(PAGE_SIZE))),
        next: (q.offset + PAGE_SIZE < lib.total).then(|| q.link("/public/library", q.offset + PAGE_SIZE)),
        bar: None,
        tr,
    }))
}

async fn public_download(State(state): State<Shared>, headers: HeaderMap, Path(id): Path<String>) -> Result<Response, WebError> {
    let lang =
        headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map(crate::i18n::from_accept_language).unwrap_or_default();
    let id = parse_id(&id).map_err(|e| WebError::page(e, lang))?;
    let st = state.clone();
    let (r, a) = blocking(move || public_resource_file(st.store.as_ref(), id)).await.map_err(|e| WebError::page(e, lang))?;
    Ok(file_response(&r, a))
}

#[derive(Template)]
#[template(path = "community_library_resource.html")]
struct ResourcePage {
    tr: Tr,
    bar: Option<Bar>,
    nav: CommunityNav,
    saved: bool,
    csrf: String,
    r: ResourceLine,
    updated: String,
}

#[derive(Deserialize, Default)]
struct ResourcePageQuery {
    #[serde(default)]
    saved: Option<String>,
    /// The words of the search that led here: the snippet shows them in the text.
    #[serde(default)]
    q: String,
}

async fn resource_page(
    State(state): State<Shared>,
    s: Signed,
    Path(id): Path<String>,
    Query(pq): Query<ResourcePageQuery>,
) -> Result<Response, WebError> {
    let tr = Tr::new(s.lang());
    let id = parse_id(&id).map_err(page_err(&s))?;
    let q = pq.q.clone();
    let (v, mine, coordinator) = with_ctx(&state, &s, move |c| {
        let v = c.resource_for_search(id, &q)?;
        Ok((v, c.my_membership()?, c.community_coordinator().is_ok()))
    })
    .await
    .map_err(page_err(&s))?;
    let r = &v.resource;
    Ok(render(&ResourcePage {
        nav: CommunityNav::of(mine.as_ref().filter(|m| m.is_active()), coordinator, "library"),
        saved: pq.saved.is_some(),
        csrf: s.csrf(),
        updated: format!("{} · {}", r.updated_at, r.updated_by),
        r: line(&tr, &v, false),
        bar: Bar::of(&s),
        tr,
    }))
}

async fn download_page(State(state): State<Shared>, s: Signed, Path(id): Path<String>) -> Result<Response, WebError> {
    let id = parse_id(&id).map_err(page_err(&s))?;
    let (r, a) = with_ctx(&state, &s, move |c| c.resource_file(id)).await.map_err(page_err(&s))?;
    Ok(file_response(&r, a))
}

/// The form's fields as typed (kept when the form comes back with errors).
#[derive(Default, Clone)]
pub struct FormText {
    title: String,
    kind: String,
    instruments: Vec<String>,
    regional: String,
    language: String,
    region: String,
    date: String,
    author: String,
    summary: String,
    visibility: String,
    url: String,
}

impl FormText {
    fn of(r: &Resource) -> FormText {
        let d = ResourceDraft::of(r);
        let mut instruments = Vec::new();
        let mut regional = Vec::new();
        for i in &r.instruments {
            match i {
                Instrument::Regional(name) => {
                    regional.push(name.clone());
                    instruments.push("regional".to_string());
                }
                other => instruments.push(other.code()),
            }
        }
        FormText {
            title: d.title,
            kind: d.kind,
            instruments,
            regional: regional.join("; "),
            language: d.language,
            region: d.region,
            date: d.date,
            author: d.author,
            summary: d.summary,
            visibility: d.visibility,
            url: d.url,
        }
    }
    fn draft(&self) -> ResourceDraft {
        let mut instruments: Vec<String> = self.instruments.iter().filter(|c| c.as_str() != "regional").cloned().collect();
        // A regional instrument is named in its own field; the checkbox alone names none.
        for name in self.regional.split(';').map(str::trim).filter(|n| !n.is_empty()) {
            instruments.push(format!("regional:{name}"));
        }
        ResourceDraft {
            title: self.title.clone(),
            kind: self.kind.clone(),
            instruments: instruments.join(", "),
            language: self.language.clone(),
            region: self.region.clone(),
            date: self.date.clone(),
            author: self.author.clone(),
            summary: self.summary.clone(),
            visibility: self.visibility.clone(),
            url: self.url.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "community_library_form.html")]
struct FormPage {
    tr: Tr,
    bar: Option<Bar>,
    nav: CommunityNav,
    csrf: String,
    action: String,
    editing: bool,
    /// The current file of a resource being changed.
    current_file: String,
    f: FormText,
    kinds: Options,
    instruments: Options,
    regions: Options,
    visibilities: Options,
    errors: Vec<String>,
    max_mb: usize,
}

fn form_page(s: &Signed, nav: CommunityNav, action: String, current_file: String, f: FormText, errors: Vec<String>) -> Response {
    let tr = Tr::new(s.lang());
    let invalid = !errors.is_empty();
    let mut r = render(&FormPage {
        nav,
        csrf: s.csrf(),
        editing: action != "/community/library",
        action,
        current_file,
        kinds: kinds(&tr, &f.kind),
        instruments: instruments(&tr, &f.instruments),
        regions: regions(&tr, &f.region),
        visibilities: visibilities(&tr, &f.visibility),
        f,
        errors,
        max_mb: MAX_UPLOAD / 1_048_576,
        bar: Bar::of(s),
        tr,
    });
    if invalid {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}

async fn new_form(s: InCommunity) -> Response {
    let f = FormText {
        kind: ResourceKind::Guidance.code().into(),
        region: Region::Global.code().into(),
        visibility: ResourceVisibility::Community.code().into(),
        language: s.lang().code().into(),
        ..Default::default()
    };
    let nav = CommunityNav::of(Some(&s.member), false, "library");
    form_page(&s, nav, "/community/library".into(), String::new(), f, vec![])
}

async fn edit_form(State(state): State<Shared>, s: Signed, Path(id): Path<String>) -> Result<Response, WebError> {
    let id = parse_id(&id).map_err(page_err(&s))?;
    let (v, mine) = with_ctx(&state, &s, move |c| Ok((c.resource(id)?, c.my_membership()?))).await.map_err(page_err(&s))?;
    if !v.can_edit {
        return Err(page_err(&s)(ServiceError::forbidden("only the member who added this resource and the coordinators change it")));
    }
    let current = v.resource.file().map(|f| format!("{} · {}", f.name, size_text(f.size))).unwrap_or_default();
    let nav = CommunityNav::of(mine.as_ref().filter(|m| m.is_active()), false, "library");
    Ok(form_page(&s, nav, format!("/community/library/{id}"), current, FormText::of(&v.resource), vec![]))
}

/// A form sent as multipart: its fields, and its file if one was chosen.
struct Sent {
    f: FormText,
    file: Option<(String, Vec<u8>)>,
}

/// Reads the library's form: the token is checked before the file is read; a file over the limit
/// gets the library's message rather than a cut connection's.
async fn read_form(s: &Signed, mut multipart: Multipart) -> Result<Sent, ServiceError> {
    let too_big = || {
        ServiceError::invalid(format!(
            "file: the library takes files of at most {} MB (compress the PDF, or add a link to where it is published)",
            MAX_UPLOAD / 1_048_576
        ))
    };
    let cut = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE || e.body_text().contains("length limit") {
            too_big()
        } else {
            ServiceError::invalid(format!("the upload was cut short ({}); send it again", e.body_text()))
        }
    };
    let mut f = FormText::default();
    let mut csrf = String::new();
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(cut)? {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            s.check_csrf(&csrf)?;
            let file_name = field.file_name().unwrap_or("document").to_string();
            let bytes = field.bytes().await.map_err(cut)?;
            if !bytes.is_empty() {
                file = Some((file_name, bytes.to_vec()));
            }
            continue;
        }
        let v = field.text().await.map_err(cut)?;
        match name.as_str() {
            "csrf" => csrf = v,
            "title" => f.title = v,
            "kind" => f.kind = v,
            "instrument" => f.instruments.push(v),
            "regional" => f.regional = v,
            "language" => f.language = v,
            "region" => f.region = v,
            "date" => f.date = v,
            "author" => f.author = v,
            "summary" => f.summary = v,
            "visibility" => f.visibility = v,
            "url" => f.url = v,
            _ => {}
        }
    }
    s.check_csrf(&csrf)?;
    Ok(Sent { f, file })
}

/// The form again with what is wrong, for errors a user corrects; other errors as an error page.
fn refused(s: &Signed, nav: CommunityNav, action: String, current: String, f: FormText, e: ServiceError) -> Result<Response, WebError> {
    if e.code.http_status() == 422 {
        let tr = Tr::new(s.lang());
        let mut errors: Vec<String> = e.message.split("; ").map(str::to_string).collect();
        errors.push(tr.t("comm.lib.choose_again").to_string());
        Ok(form_page(s, nav, action, current, f, errors))
    } else {
        Err(page_err(s)(e))
    }
}

async fn create_form(State(state): State<Shared>, s: InCommunity, multipart: Multipart) -> Result<Response, WebError> {
    let nav = || CommunityNav::of(Some(&s.member), false, "library");
    let action = "/community/library".to_string();
    let sent = match read_form(&s, multipart).await {
        Ok(sent) => sent,
        Err(e) => return refused(&s, nav(), action, String::new(), FormText::default(), e),
    };
    let draft = sent.f.draft();
    let outcome = with_ctx(&state, &s, move |c| match sent.file {
        Some((name, bytes)) => c.add_resource_file(&draft, &name, bytes),
        None => c.add_resource_link(&draft),
    })
    .await;
    match outcome {
        Ok(r) => Ok(Redirect::to(&format!("/community/library/{}?saved=1", r.id)).into_response()),
        Err(e) => refused(&s, nav(), action, String::new(), sent.f, e),
    }
}

async fn update_form(State(state): State<Shared>, s: Signed, Path(id): Path<String>, multipart: Multipart) -> Result<Response, WebError> {
    let id = parse_id(&id).map_err(page_err(&s))?;
    let action = format!("/community/library/{id}");
    let nav = || CommunityNav { coordinator: false, current: "library" };
    let sent = match read_form(&s, multipart).await {
        Ok(sent) => sent,
        Err(e) => return refused(&s, nav(), action, String::new(), FormText::default(), e),
    };
    let draft = sent.f.draft();
    let outcome = with_ctx(&state, &s, move |c| c.update_resource(id, &draft, sent.file)).await;
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/community/library/{id}?saved=1")).into_response()),
        Err(e) => refused(&s, nav(), action, String::new(), sent.f, e),
    }
}

async fn delete_form(
    State(state): State<Shared>,
    s: Signed,
    Path(id): Path<String>,
    Form(form): Form<TokenForm>,
) -> Result<Response, WebError> {
    s.check_csrf(&form.csrf).map_err(page_err(&s))?;
    let id = parse_id(&id).map_err(page_err(&s))?;
    with_ctx(&state, &s, move |c| c.delete_resource(id)).await.map_err(page_err(&s))?;
    Ok(Redirect::to("/community/library?deleted=1").into_response())
}

// ---- API ------------------------------------------------------------------------------------------

fn api_id(s: &str) -> Result<RecordId, WebError> {
    parse_id(s).map_err(WebError::api)
}

fn draft_of(body: Result<Json<Value>, axum::extract::rejection::JsonRejection>) -> Result<ResourceDraft, WebError> {
    let invalid = |m: String| WebError::api(ServiceError::invalid(m));
    let Json(v) = body.map_err(|e| invalid(format!("the body is not a resource: {}", e.body_text())))?;
    serde_path_to_error::deserialize::<_, ResourceDraft>(v).map_err(|e| {
        let path = e.path().to_string();
        if path == "." {
            invalid(format!("the body is not a resource: {}", e.inner()))
        } else {
            invalid(format!("{path}: {}", e.inner()))
        }
    })
}

pub async fn api_list(State(state): State<Shared>, s: Signed, Query(q): Query<ListQuery>) -> Result<Response, WebError> {
    let query = q.query();
    Ok(Json(with_ctx(&state, &s, move |c| c.library(&query)).await.map_err(WebError::api)?).into_response())
}

#[derive(Deserialize, Default)]
pub struct ReadQuery {
    #[serde(default)]
    q: String,
}

pub async fn api_read(
    State(state): State<Shared>,
    s: Signed,
    Path(id): Path<String>,
    Query(rq): Query<ReadQuery>,
) -> Result<Response, WebError> {
    let id = api_id(&id)?;
    Ok(Json(with_ctx(&state, &s, move |c| c.resource_for_search(id, &rq.q)).await.map_err(WebError::api)?).into_response())
}

pub async fn api_create_link(
    State(state): State<Shared>,
    s: InCommunity,
    body: Result<Json<Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let draft = draft_of(body)?;
    let r = with_ctx(&state, &s, move |c| c.add_resource_link(&draft)).await.map_err(WebError::api)?;
    Ok((StatusCode::CREATED, Json(r)).into_response())
}

/// The description of an uploaded file, in the query string (the body is the file).
#[derive(Deserialize, Default)]
pub struct FileQuery {
    /// The file's name as the uploader has it.
    #[serde(default)]
    name: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    instruments: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    author: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    visibility: String,
}

impl FileQuery {
    fn draft(&self) -> ResourceDraft {
        ResourceDraft {
            title: self.title.clone(),
            kind: self.kind.clone(),
            instruments: self.instruments.clone(),
            language: self.language.clone(),
            region: self.region.clone(),
            date: self.date.clone(),
            author: self.author.clone(),
            summary: self.summary.clone(),
            visibility: self.visibility.clone(),
            url: String::new(),
        }
    }
}

/// The document sent as the request body. Read here with the library's own limit (the API's
/// default limit is for JSON), so that a file over it gets the library's message.
async fn file_body(body: axum::body::Body) -> Result<Vec<u8>, WebError> {
    let bytes = axum::body::to_bytes(body, MAX_UPLOAD).await.map_err(|_| {
        WebError::api(ServiceError::invalid(format!(
            "the document has more than {} MB, the most the library takes (compress the PDF, or add a link to where it is published)",
            MAX_UPLOAD / 1_048_576
        )))
    })?;
    if bytes.is_empty() {
        return Err(WebError::api(ServiceError::invalid(
            "the body is empty: send the document (PDF, DOCX, HTML or text) as the request body",
        )));
    }
    Ok(bytes.to_vec())
}

/// A document as the request body, described in the query string.
pub async fn api_create_file(
    State(state): State<Shared>,
    s: InCommunity,
    Query(q): Query<FileQuery>,
    body: axum::body::Body,
) -> Result<Response, WebError> {
    let bytes = file_body(body).await?;
    let name = if q.name.trim().is_empty() { "document".to_string() } else { q.name.clone() };
    let draft = q.draft();
    let r = with_ctx(&state, &s, move |c| c.add_resource_file(&draft, &name, bytes)).await.map_err(WebError::api)?;
    Ok((StatusCode::CREATED, Json(r)).into_response())
}

pub async fn api_update(
    State(state): State<Shared>,
    s: Signed,
    Path(id): Path<String>,
    body: Result<Json<Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let id = api_id(&id)?;
    let draft = draft_of(body)?;
    Ok(Json(with_ctx(&state, &s, move |c| c.update_resource(id, &draft, None)).await.map_err(WebError::api)?).into_response())
}

#[derive(Deserialize, Default)]
pub struct NameQuery {
    #[serde(default)]
    name: String,
}

/// A new file for a resource, its description unchanged.
pub async fn api_replace_file(
    State(state): State<Shared>,
    s: Signed,
    Path(id): Path<String>,
    Query(q): Query<NameQuery>,
    body: axum::body::Body,
) -> Result<Response, WebError> {
    let id = api_id(&id)?;
    let bytes = file_body(body).await?;
    let name = if q.name.trim().is_empty() { "document".to_string() } else { q.name.clone() };
    let r = with_ctx(&state, &s, move |c| {
        let current = c.resource(id)?;
        let mut draft = ResourceDraft::of(&current.resource);
        draft.url.clear();
        c.update_resource(id, &draft, Some((name, bytes)))
    })
    .await
    .map_err(WebError::api)?;
    Ok(Json(r).into_response())
}

pub async fn api_delete(State(state): State<Shared>, s: Signed, Path(id): Path<String>) -> Result<Response, WebError> {
    let id = api_id(&id)?;
    with_ctx(&state, &s, move |c| c.delete_resource(id)).await.map_err(WebError::api)?;
    Ok(Json(json!({ "deleted": id })).into_response())
}

pub async fn api_download(State(state): State<Shared>, s: Signed, Path(id): Path<String>) -> Result<Response, WebError> {
    let id = api_id(&id)?;
    let (r, a) = with_ctx(&state, &s, move |c| c.resource_file(id)).await.map_err(WebError::api)?;
    Ok(file_response(&r, a))
}

/// Example bodies of the library's operations.
pub fn examples() -> Vec<(&'static str, Value)> {
    let link = json!({
        "title": "Arms Trade Treaty",
        "kind": "legislation",
        "instruments": ["att"],
        "language": "en",
        "region": "global",
        "date": "2013-04-02",
        "author": "United Nations General Assembly (resolution 67/234 B)",
        "summary": "Regulates the international trade in conventional arms: prohibitions (art. 6), export assessment (art. 7), diversion (art. 11), record-keeping (art. 12) and reporting (art. 13).",
        "visibility": "public",
        "url": "https://thearmstradetreaty.org/treaty-text.html"
    });
    let stored = json!({
        "id": "019b76da-ab87-7fa2-a3de-4e2a078200a0",
        "title": "Checklist: sending a tracing request",
        "kind": "tool",
        "instruments": ["poa_iti", "firearms_protocol"],
        "language": "en",
        "region": "global",
        "date": "2026",
        "author": "Community of Practitioners",
        "summary": "Five steps practitioners check before sending a tracing request.",
        "visibility": "community",
        "source": {
            "type": "file", "attachment": "019b76da-ab87-7fa2-a3de-4e2a078200a1", "text": "019b76da-ab87-7fa2-a3de-4e2a078200a2",
            "name": "tracing-request-checklist.pdf", "format": "pdf", "size": 1873,
            "sha256": "5b0f4c1bd0b0a0f36b2b1c3e8e0b6f5d9a7c1e2f3a4b5c6d7e8f9a0b1c2d3e4f", "text_chars": 612
        },
        "added_by": "019b76da-ab87-7fa2-a3de-4e2a07820091",
        "added_by_name": "Ana Kovač",
        "added_at": "2026-11-20T09:30:00Z",
        "updated_at": "2026-11-20T09:30:00Z",
        "updated_by": "ana.kovac"
    });
    let mut view = stored.clone();
    view["can_edit"] = json!(true);
    view["download"] = json!("/community/library/019b76da-ab87-7fa2-a3de-4e2a078200a0/file");
    view["snippet"] = json!(
        "… When the serial number is obliterated, ask the forensic laboratory to restore it (magnetic particle or chemical etching) …"
    );
    view["score"] = json!(2);
    vec![
        ("NewResourceLink", link),
        ("Resource", stored),
        ("ResourceView", view.clone()),
        ("Library", json!({ "total": 1, "offset": 0, "limit": 50, "member": true, "records": [view] })),
        ("ResourceDocument", json!("%PDF-1.4 ... (the document's bytes: PDF, DOCX, HTML or plain text, at most 20 MB)")),
    ]
}
