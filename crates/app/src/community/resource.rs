//! The Community's resource library: documents kept on the node and links, described and searched
//! (seed 000). Who may do what, decided here:
//! - a **public** resource is read by anyone signed in to the node, and listed on the Community's
//!   public page without signing in ([`public_library`]);
//! - a **Community-only** resource is read by approved members only;
//! - any approved member adds a resource; the member who added it and the coordinators change or
//!   remove it (a system administrator who is not a member, as coordinator of last resort, the
//!   public ones, the only ones they read).
//!
//! A file's bytes are kept as an attachment of the resource, the text read from it as a second
//! one (for the snippets of search results), and its folded text, cut at [`MAX_SEARCH_CHARS`], in
//! the record's search column, so that a search finds a word that is only inside a PDF on both
//! databases.

use armstrace_domain::community::resource::{occurrences, snippet, Description, FieldErrors};
use armstrace_domain::community::{Member, Resource, ResourceDraft, ResourceKind, ResourceVisibility, Source, StoredFile};
use armstrace_domain::directory::{Instrument, LanguageCode};
use armstrace_domain::extract::{extract, ExtractError};
use armstrace_domain::id::RecordId;
use armstrace_domain::nomenclature::text::fold_key;
use armstrace_domain::time::Timestamp;
use armstrace_store::{Attachment, CommunityQuery, Page, Store};
use serde::{Deserialize, Serialize};

use super::{from_row, load, words, Columns, CommunityRecord, Headline, Reader};
use crate::error::ServiceError;
use crate::records::Ctx;

/// Largest file the library takes: guidance documents and laws are a few MB; a 20 MB limit leaves
/// room for scanned ones without letting a video in.
pub const MAX_UPLOAD: usize = 20 * 1024 * 1024;
/// Characters of a document's text kept for the search (about 400 pages).
pub const MAX_SEARCH_CHARS: usize = 1_000_000;
/// Largest page of a list.
pub const MAX_PAGE: u64 = 100;
/// Words of text shown on each side of a search hit.
const SNIPPET_WORDS: usize = 14;

impl CommunityRecord for Resource {
    const KIND: &'static str = "resource";
    fn id(&self) -> RecordId {
        self.id
    }
    fn columns(&self) -> Columns {
        // The columns hold what the store filters on (visibility in `status`, the language, the
        // day it was added); the other filters are facet tokens at the head of `search` (see
        // [`facet`]).
        Columns {
            parent: String::new(),
            owner: self.added_by.to_string(),
            status: self.visibility.code().to_string(),
            country: String::new(),
            language: self.language.to_string(),
            day: day_of(self.added_at),
            search: String::new(),
        }
    }
}

fn day_of(t: Timestamp) -> i64 {
    t.unix_millis().div_euclid(86_400_000)
}

/// A filter value as a token of the search column that no typed word can match: written in
/// characters of Unicode's private use area, which `fold_key` turns into spaces, so that searching
/// "guidance" does not find every resource of the kind guidance (the store's search is a
/// substring match). The same on both databases: neither folds the case of these characters.
fn facet(name: &str, value: &str) -> String {
    format!("{name}={value}").chars().map(|c| char::from_u32(0xE000 + (u32::from(c) & 0x7F)).unwrap_or(' ')).collect()
}

/// The facet tokens of a resource (see [`facet`]).
fn facets(r: &Resource) -> String {
    let mut f = vec![facet("kind", r.kind.code()), facet("region", r.region.code())];
    for i in &r.instruments {
        f.push(facet("instrument", &instrument_facet(i)));
    }
    match &r.source {
        Source::File(file) => f.push(facet("format", file.format.code())),
        Source::Link { .. } => f.push(facet("format", "link")),
    }
    f.join(" ")
}

fn instrument_facet(i: &Instrument) -> String {
    match i {
        Instrument::Regional(_) => "regional".into(),
        other => other.code(),
    }
}

/// Separates the facets from the searched text in the search column.
const BODY: &str = " | ";

/// What the search column holds: facets, then the folded title, author, summary and text.
fn search_text(r: &Resource, text: &str) -> String {
    let cut: String = text.chars().take(MAX_SEARCH_CHARS).collect();
    let body = fold_key(&format!("{} {} {} {}", r.title, r.author, r.summary, cut));
    format!("{}{BODY}{}", facets(r), body.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Saves a resource with its search text.
fn save_resource(store: &dyn Store, r: &Resource, text: &str) -> Result<(), ServiceError> {
    let mut row = super::to_row(r)?;
    row.search = search_text(r, text);
    Ok(store.save_community(&[row])?)
}

/// A list's filters, as a query string or the API gives them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LibraryQuery {
    #[serde(default)]
    pub kind: String,
    /// An instrument code (`firearms_protocol`, `att`, `poa_iti`, `untoc`, `regional`).
    #[serde(default)]
    pub instrument: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub region: String,
    /// `public` or `community` (members only); empty: both.
    #[serde(default)]
    pub visibility: String,
    /// Words, each of which must occur in the title, author, summary or text.
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub offset: u64,
    #[serde(default)]
    pub limit: Option<u64>,
}

/// A resource as a reader sees it in a list or on its page.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResourceView {
    #[serde(flatten)]
    pub resource: Resource,
    /// The reader may change or remove it.
    pub can_edit: bool,
    /// Where the file is downloaded (`/community/library/{id}/file`), for a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub download: Option<String>,
    /// Words of the text around the first hit of a search (or the start of the summary).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub snippet: String,
    /// How many times the searched words occur (title hits counting most); 0 without words.
    #[serde(default)]
    pub score: u64,
}

/// One page of the library.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Library {
    pub total: u64,
    pub offset: u64,
    pub limit: u64,
    /// The reader is an approved member (and so sees Community-only resources too).
    pub member: bool,
    pub records: Vec<ResourceView>,
}

/// Who reads the library.
enum Viewer {
    /// An approved member (or the coordinator among them).
    Member(Box<Member>),
    /// A system administrator who is not a member: public resources, and may moderate them.
    Administrator,
    /// Signed in, or not, and not a member: public resources only.
    Outsider,
}

impl Viewer {
    fn member(&self) -> bool {
        matches!(self, Viewer::Member(_))
    }
    fn may_read(&self, r: &Resource) -> bool {
        r.is_public() || self.member()
    }
    fn may_edit(&self, r: &Resource) -> bool {
        match self {
            Viewer::Member(m) => m.coordinator || m.user == r.added_by,
            Viewer::Administrator => r.is_public(),
            Viewer::Outsider => false,
        }
    }
}

fn field_errors(errors: FieldErrors) -> ServiceError {
    ServiceError::invalid(errors.iter().map(|(f, e)| format!("{f}: {e}")).collect::<Vec<_>>().join("; "))
}

fn clean_name(name: &str) -> String {
    let n: String = name.rsplit(['/', '\\']).next().unwrap_or("").chars().filter(|c| !c.is_control()).take(200).collect();
    let n = n.trim().to_string();
    if n.is_empty() {
        "document".into()
    } else {
        n
    }
}

/// A file read for the library: its record and the attachments that hold it, none written yet.
struct Prepared {
    file: StoredFile,
    attachments: Vec<Attachment>,
    text: String,
}

/// Checks a file and reads its text; an error says what to do, and nothing is kept.
fn prepare_file(resource: RecordId, name: &str, bytes: Vec<u8>, now: Timestamp, by: &str) -> Result<Prepared, ServiceError> {
    use sha2::Digest;
    let name = clean_name(name);
    if bytes.is_empty() {
        return Err(ServiceError::invalid(format!("file: '{name}' is empty; choose the document again")));
    }
    if bytes.len() > MAX_UPLOAD {
        return Err(ServiceError::invalid(format!(
            "file: '{name}' has {:.1} MB; the library takes files of at most {} MB (compress the PDF, or add a link to where it is published)",
            bytes.len() as f64 / 1_048_576.0,
            MAX_UPLOAD / 1_048_576
        )));
    }
    let (format, text, note) = match extract(&bytes, &name) {
        Ok(e) => (e.format, e.text, String::new()),
        // An encrypted PDF opens in a reader (most only forbid copying): keep it, unsearchable.
        Err(ExtractError::Encrypted) => (armstrace_domain::extract::DocFormat::Pdf, String::new(), "encrypted".to_string()),
        Err(e) => return Err(ServiceError::invalid(format!("file: '{name}' is {e}"))),
    };
    let sha256 = armstrace_domain::account::hex(&sha2::Sha256::digest(&bytes));
    let original = Attachment {
        id: RecordId::new(),
        record: resource,
        name: name.clone(),
        content_type: format.content_type().to_string(),
        size: bytes.len() as u64,
        sha256: sha256.clone(),
        created_at: now,
        created_by: by.to_string(),
        content: bytes,
    };
    let mut attachments = vec![];
    let text_id = (!text.trim().is_empty()).then(|| {
        let content = text.as_bytes().to_vec();
        let id = RecordId::new();
        attachments.push(Attachment {
            id,
            record: resource,
            name: "text.txt".into(),
            content_type: "text/plain; charset=utf-8".into(),
            size: content.len() as u64,
            sha256: armstrace_domain::account::hex(&sha2::Sha256::digest(&content)),
            created_at: now,
            created_by: by.to_string(),
            content,
        });
        id
    });
    let note = if note.is_empty() && text_id.is_none() { "no_text".to_string() } else { note };
    let file = StoredFile {
        attachment: original.id,
        text: text_id,
        name,
        format,
        size: original.size,
        sha256,
        text_chars: text.chars().count() as u64,
        text_note: note,
    };
    attachments.insert(0, original);
    Ok(Prepared { file, attachments, text })
}

/// The store's query for a list's filters.
fn store_query(q: &LibraryQuery, member: bool) -> Result<CommunityQuery, ServiceError> {
    let mut words = words(&q.q);
    if !q.kind.trim().is_empty() {
        let k = ResourceKind::parse(&q.kind).map_err(|e| ServiceError::invalid(format!("kind: {e}")))?;
        words.push(facet("kind", k.code()));
    }
    if !q.region.trim().is_empty() {
        let r = armstrace_domain::community::Region::parse(&q.region).map_err(|e| ServiceError::invalid(format!("region: {e}")))?;
        words.push(facet("region", r.code()));
    }
    if !q.instrument.trim().is_empty() {
        let code = if fold_key(&q.instrument) == "regional" {
            "regional".to_string()
        } else {
            instrument_facet(&Instrument::parse(&q.instrument).map_err(|e| ServiceError::invalid(format!("instrument: {e}")))?)
        };
        words.push(facet("instrument", &code));
    }
    let language = Some(q.language.trim())
        .filter(|l| !l.is_empty())
        .map(LanguageCode::parse)
        .transpose()
        .map_err(|e| ServiceError::invalid(format!("language: {e}")))?
        .map(|l| l.to_string());
    let statuses = match (q.visibility.trim(), member) {
        ("", true) => vec![],
        (v, true) => vec![ResourceVisibility::parse(v).map_err(|e| ServiceError::invalid(format!("visibility: {e}")))?.code().to_string()],
        (_, false) => vec![ResourceVisibility::Public.code().to_string()],
    };
    Ok(CommunityQuery { kind: Resource::KIND.into(), statuses, language, words, newest_first: true, ..Default::default() })
}

/// One page of the library as `viewer` sees it, searched and ranked.
fn library_page(store: &dyn Store, q: &LibraryQuery, viewer: &Viewer) -> Result<Library, ServiceError> {
    let sq = store_query(q, viewer.member())?;
    let limit = q.limit.unwrap_or(50).clamp(1, MAX_PAGE);
    let total = store.count_community(&sq)?;
    let rows = store.community_list(&sq, Page { offset: q.offset, limit })?;
    let typed = words(&q.q);
    let mut records = Vec::with_capacity(rows.len());
    for row in rows {
        let r: Resource = from_row(&row)?;
        if !viewer.may_read(&r) {
            continue;
        }
        let body = row.search.split_once(BODY).map(|(_, b)| b).unwrap_or("");
        let score = if typed.is_empty() {
            0
        } else {
            // The title says what a document is about: a hit there counts as ten in the text.
            let title = fold_key(&r.title);
            let summary = fold_key(&r.summary);
            (10 * occurrences(&title, &typed) + 3 * occurrences(&summary, &typed) + occurrences(body, &typed)) as u64
        };
        let snippet = if typed.is_empty() { String::new() } else { hit_snippet(store, &r, &typed)? };
        records.push(view(r, viewer, snippet, score));
    }
    // Ranked within the page the store gave (newest first); a library of a few hundred resources
    // fits in one page of results.
    records.sort_by_key(|r| std::cmp::Reverse(r.score));
    Ok(Library { total, offset: q.offset, limit, member: viewer.member(), records })
}

/// The words around the first hit in the summary, else in the document's text.
fn hit_snippet(store: &dyn Store, r: &Resource, typed: &[String]) -> Result<String, ServiceError> {
    let s = snippet(&r.summary, typed, SNIPPET_WORDS);
    if !s.is_empty() {
        return Ok(s);
    }
    let Some(text_id) = r.file().and_then(|f| f.text) else { return Ok(String::new()) };
    let Some(a) = store.attachment(text_id)? else { return Ok(String::new()) };
    Ok(snippet(&String::from_utf8_lossy(&a.content), typed, SNIPPET_WORDS))
}

/// The first words of a text, for a resource's page.
fn preview(text: &str) -> String {
    const WORDS: usize = 80;
    let mut words = text.split_whitespace();
    let mut out: Vec<&str> = words.by_ref().take(WORDS).collect();
    if words.next().is_some() {
        out.push("…");
    }
    out.join(" ")
}

fn view(resource: Resource, viewer: &Viewer, snippet: String, score: u64) -> ResourceView {
    let download = resource.file().map(|_| format!("/community/library/{}/file", resource.id));
    ResourceView { can_edit: viewer.may_edit(&resource), download, snippet, score, resource }
}

/// The public resources, for the Community's public page (no sign-in).
pub fn public_library(store: &dyn Store, q: &LibraryQuery) -> Result<Library, ServiceError> {
    library_page(store, q, &Viewer::Outsider)
}

/// A public resource's file, for the public page.
pub fn public_resource_file(store: &dyn Store, id: RecordId) -> Result<(Resource, Attachment), ServiceError> {
    let r = load::<Resource>(store, id)?.filter(Resource::is_public).ok_or_else(|| ServiceError::not_found("resource"))?;
    let a = stored_file(store, &r)?;
    Ok((r, a))
}

fn stored_file(store: &dyn Store, r: &Resource) -> Result<Attachment, ServiceError> {
    let f = r.file().ok_or_else(|| ServiceError::not_found("file (this resource is a link)"))?;
    store.attachment(f.attachment)?.filter(|a| a.record == r.id).ok_or_else(|| ServiceError::not_found("file"))
}

impl Ctx<'_> {
    fn library_viewer(&self) -> Result<Viewer, ServiceError> {
        match self.my_membership()? {
            Some(m) if m.is_active() => Ok(Viewer::Member(Box::new(m))),
            _ => match self.community_coordinator() {
                Ok(Reader::NodeAdministrator) => Ok(Viewer::Administrator),
                _ => Ok(Viewer::Outsider),
            },
        }
    }

    /// A page of the library: every resource for a member, the public ones for anyone else.
    pub fn library(&self, q: &LibraryQuery) -> Result<Library, ServiceError> {
        let viewer = self.library_viewer()?;
        library_page(self.store, q, &viewer)
    }

    fn readable_resource(&self, id: RecordId) -> Result<(Resource, Viewer), ServiceError> {
        let viewer = self.library_viewer()?;
        let r = load::<Resource>(self.store, id)?.ok_or_else(|| ServiceError::not_found("resource"))?;
        if !viewer.may_read(&r) {
            return Err(ServiceError::forbidden("this resource is for members of the Community; ask to join at /community/join"));
        }
        Ok((r, viewer))
    }

    /// One resource, with the start of its text as the snippet.
    pub fn resource(&self, id: RecordId) -> Result<ResourceView, ServiceError> {
        self.resource_for_search(id, "")
    }

    /// One resource as a search found it: the snippet is the text around the first of the
    /// searched words (the start of the text when there are none, or none occurs).
    pub fn resource_for_search(&self, id: RecordId, q: &str) -> Result<ResourceView, ServiceError> {
        let (r, viewer) = self.readable_resource(id)?;
        let typed = words(q);
        let mut snippet = if typed.is_empty() { String::new() } else { hit_snippet(self.store, &r, &typed)? };
        if snippet.is_empty() {
            snippet = preview(&self.text_of_resource(&r)?);
        }
        Ok(view(r, &viewer, snippet, 0))
    }

    fn text_of_resource(&self, r: &Resource) -> Result<String, ServiceError> {
        match r.file() {
            Some(f) => self.text_of(f),
            None => Ok(String::new()),
        }
    }

    /// The file of a resource with its bytes. Downloads of Community-only files are audited.
    pub fn resource_file(&self, id: RecordId) -> Result<(Resource, Attachment), ServiceError> {
        let (r, _) = self.readable_resource(id)?;
        let a = stored_file(self.store, &r)?;
        if !r.is_public() {
            self.log_read("download", "resource", Some(r.id), a.name.clone())?;
        }
        Ok((r, a))
    }

    fn adder(&self) -> Result<Member, ServiceError> {
        self.community_member().map_err(|e| ServiceError::forbidden(format!("only members of the Community add resources: {}", e.message)))
    }

    fn new_resource(&self, me: &Member, d: Description, source: Source) -> Resource {
        let mut r = Resource {
            id: RecordId::new(),
            title: String::new(),
            kind: d.kind,
            instruments: vec![],
            language: d.language,
            region: d.region,
            date: None,
            author: String::new(),
            summary: String::new(),
            visibility: d.visibility,
            source,
            added_by: me.user,
            added_by_name: me.name.clone(),
            added_at: self.now,
            updated_at: self.now,
            updated_by: self.who.username.clone(),
        };
        r.describe(d);
        r
    }

    /// Adds a link to a page or document published elsewhere.
    pub fn add_resource_link(&self, draft: &ResourceDraft) -> Result<Resource, ServiceError> {
        let me = self.adder()?;
        let d = draft.parse().map_err(field_errors)?;
        let Some(url) = d.url.clone() else {
            return Err(ServiceError::invalid("url: the address of the page or document (https://...), or upload a file instead"));
        };
        let r = self.new_resource(&me, d, Source::Link { url: url.clone() });
        save_resource(self.store, &r, "")?;
        self.log("create", "resource", Some(r.id), format!("link {url}"))?;
        Ok(r)
    }

    /// Adds a document: its text is read for the search; a file that cannot be read is refused
    /// with the reason, and nothing is written.
    pub fn add_resource_file(&self, draft: &ResourceDraft, name: &str, bytes: Vec<u8>) -> Result<Resource, ServiceError> {
        let me = self.adder()?;
        let d = draft.parse().map_err(field_errors)?;
        let id = RecordId::new();
        let p = prepare_file(id, name, bytes, self.now, &self.who.username)?;
        let mut r = self.new_resource(&me, d, Source::File(p.file.clone()));
        r.id = id;
        for a in &p.attachments {
            self.store.save_attachment(a)?;
        }
        if let Err(e) = save_resource(self.store, &r, &p.text) {
            // Leave no file without its record.
            let _ = self.store.delete_attachments_of(id);
            return Err(e);
        }
        self.log("create", "resource", Some(r.id), format!("{} ({} bytes, sha256 {})", p.file.name, p.file.size, p.file.sha256))?;
        Ok(r)
    }

    fn editable(&self, id: RecordId) -> Result<Resource, ServiceError> {
        let (r, viewer) = self.readable_resource(id)?;
        if !viewer.may_edit(&r) {
            return Err(ServiceError::forbidden("only the member who added this resource and the coordinators change it"));
        }
        Ok(r)
    }

    /// Changes a resource's description; a new file replaces the old one (or a link), and an
    /// address given without a file makes it a link.
    pub fn update_resource(&self, id: RecordId, draft: &ResourceDraft, file: Option<(String, Vec<u8>)>) -> Result<Resource, ServiceError> {
        let mut r = self.editable(id)?;
        let d = draft.parse().map_err(field_errors)?;
        let prepared = file.map(|(name, bytes)| prepare_file(id, &name, bytes, self.now, &self.who.username)).transpose()?;
        let old_text = match (&prepared, &r.source, &d.url) {
            (None, Source::File(f), None) => self.text_of(f)?,
            _ => String::new(),
        };
        let detail;
        match (prepared, d.url.clone()) {
            (Some(p), _) => {
                self.store.delete_attachments_of(id)?;
                for a in &p.attachments {
                    self.store.save_attachment(a)?;
                }
                detail = format!("new file {} ({} bytes, sha256 {})", p.file.name, p.file.size, p.file.sha256);
                r.source = Source::File(p.file);
                r.describe(d);
                r.updated_at = self.now;
                r.updated_by = self.who.username.clone();
                save_resource(self.store, &r, &p.text)?;
            }
            (None, Some(url)) => {
                if r.file().is_some() {
                    self.store.delete_attachments_of(id)?;
                }
                detail = format!("link {url}");
                r.source = Source::Link { url };
                r.describe(d);
                r.updated_at = self.now;
                r.updated_by = self.who.username.clone();
                save_resource(self.store, &r, "")?;
            }
            (None, None) => {
                if r.file().is_none() {
                    return Err(ServiceError::invalid("url: the address of the page or document (https://...), or upload a file instead"));
                }
                detail = String::new();
                r.describe(d);
                r.updated_at = self.now;
                r.updated_by = self.who.username.clone();
                save_resource(self.store, &r, &old_text)?;
            }
        }
        self.log("update", "resource", Some(id), detail)?;
        Ok(r)
    }

    /// The text read from a file when it was added.
    fn text_of(&self, f: &StoredFile) -> Result<String, ServiceError> {
        Ok(match f.text {
            Some(t) => self.store.attachment(t)?.map(|a| String::from_utf8_lossy(&a.content).into_owned()).unwrap_or_default(),
            None => String::new(),
        })
    }

    /// Removes a resource and its file.
    pub fn delete_resource(&self, id: RecordId) -> Result<(), ServiceError> {
        let r = self.editable(id)?;
        self.store.delete_attachments_of(id)?;
        self.store.delete_community(id)?;
        self.log("delete", "resource", Some(id), r.title.clone())?;
        Ok(())
    }

    /// Resources added between two days (inclusive), as the reader may see them, newest first:
    /// lines of the Community's "what is new" and of the newsletter's draft.
    pub fn resource_headlines(&self, from_day: i64, to_day: i64) -> Result<Vec<Headline>, ServiceError> {
        let viewer = self.library_viewer()?;
        let mut q = store_query(&LibraryQuery::default(), viewer.member())?;
        q.from_day = Some(from_day);
        q.to_day = Some(to_day);
        let rows = self.store.community_list(&q, Page::all())?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let r: Resource = from_row(&row)?;
            if !viewer.may_read(&r) {
                continue;
            }
            let mut summary: String = r.summary.chars().take(280).collect();
            if summary.len() < r.summary.len() {
                summary.push('…');
            }
            out.push(Headline {
                kind: Resource::KIND.into(),
                id: r.id,
                title: r.title.clone(),
                summary,
                link: format!("/community/library/{}", r.id),
                language: r.language.to_string(),
                day: day_of(r.added_at),
            });
        }
        Ok(out)
    }
}

/// Real, public resources of the field as links (nothing is fetched: the addresses are where the
/// publishers keep them), and one short document on the node so that the full-text search has
/// text to find. Added by the first coordinator of the Community if there is one.
pub fn create_demo_resources(store: &dyn Store, now: Timestamp) -> Result<Vec<Resource>, ServiceError> {
    let coordinators = super::list::<Member>(
        store,
        CommunityQuery { statuses: vec![armstrace_domain::community::MemberStatus::Approved.code().into()], ..Default::default() },
        Page::all(),
    )?;
    let by = coordinators.iter().find(|m| m.coordinator);
    let (user, name) = match by {
        Some(m) => (m.user, m.name.clone()),
        None => (RecordId::from_parts(0, 0), "Global Firearms Programme".to_string()),
    };
    let link = |title: &str, kind: &str, instruments: &str, date: &str, author: &str, summary: &str, url: &str| ResourceDraft {
        title: title.into(),
        kind: kind.into(),
        instruments: instruments.into(),
        language: "en".into(),
        region: "global".into(),
        date: date.into(),
        author: author.into(),
        summary: summary.into(),
        visibility: "public".into(),
        url: url.into(),
    };
    let links = [
        link(
            "Protocol against the Illicit Manufacturing of and Trafficking in Firearms, Their Parts and Components and Ammunition",
            "legislation",
            "firearms_protocol, untoc",
            "2001-05-31",
            "United Nations General Assembly (resolution 55/255)",
            "The Firearms Protocol supplementing the United Nations Convention against Transnational Organized Crime: criminalization (art. 5), marking (art. 8), record-keeping (art. 7), import, export and transit licensing (art. 10), deactivation (art. 9), information exchange and cooperation in tracing (arts. 12-13).",
            "https://www.unodc.org/unodc/en/firearms-protocol/firearms-protocol.html",
        ),
        link(
            "International Instrument to Enable States to Identify and Trace, in a Timely and Reliable Manner, Illicit Small Arms and Light Weapons (International Tracing Instrument)",
            "legislation",
            "poa_iti",
            "2005-12-08",
            "United Nations General Assembly (decision 60/519)",
            "Marking at manufacture and import, record-keeping, and cooperation in tracing: what a tracing request contains and how the requested State answers it.",
            "https://disarmament.unoda.org/convarms/international-tracing-instrument/",
        ),
        link(
            "Arms Trade Treaty",
            "legislation",
            "att",
            "2013-04-02",
            "United Nations General Assembly (resolution 67/234 B)",
            "Regulates the international trade in conventional arms: prohibitions (art. 6), export assessment (art. 7), diversion (art. 11), record-keeping (art. 12) and reporting (art. 13).",
            "https://thearmstradetreaty.org/treaty-text.html",
        ),
        link(
            "Global Study on Firearms Trafficking 2020",
            "research",
            "firearms_protocol",
            "2020",
            "UNODC",
            "Analysis of the seizures States reported through the Illicit Arms Flows Questionnaire: types of firearms, parts and ammunition seized, routes, legal justification and criminal context of seizures.",
            "https://www.unodc.org/unodc/en/firearms-protocol/firearms-study.html",
        ),
        link(
            "Model Law against the Illicit Manufacturing of and Trafficking in Firearms, Their Parts and Components and Ammunition",
            "legislation",
            "firearms_protocol, untoc",
            "2011",
            "UNODC",
            "Model legislative provisions, with commentary, to bring national legislation in line with the Firearms Protocol.",
            "https://www.unodc.org/documents/legal-tools/Model_Law_Firearms_Final.pdf",
        ),
    ];
    let mut out = Vec::new();
    for draft in links {
        let d = draft.parse().map_err(field_errors)?;
        let url = d.url.clone().unwrap_or_default();
        let r = demo_resource(user, &name, now, d, Source::Link { url });
        save_resource(store, &r, "")?;
        out.push(r);
    }
    // A short practical guide kept on the node as a PDF, searchable by its text.
    let pdf = armstrace_domain::extract::simple_pdf(
        "Checklist for a tracing request",
        &[
            "1. Describe the firearm: type, make, model, calibre, serial number and all other markings, including import markings and proof marks, with photographs of each marking.",
            "2. Say where and when it was found or seized, and why it is considered illicit.",
            "3. Ask the country of manufacture first, then the country of last legal import.",
            "4. Send the request through the national point of contact and keep its reference number.",
            "5. When the serial number is obliterated, ask the forensic laboratory to restore it (magnetic particle or chemical etching) before sending the request.",
        ],
    );
    let draft = ResourceDraft {
        title: "Checklist: sending a tracing request".into(),
        kind: "tool".into(),
        instruments: "poa_iti, firearms_protocol".into(),
        language: "en".into(),
        region: "global".into(),
        date: "2026".into(),
        author: "Community of Practitioners".into(),
        summary: "Five steps practitioners check before sending a tracing request.".into(),
        visibility: "community".into(),
        url: String::new(),
    };
    let d = draft.parse().map_err(field_errors)?;
    let id = RecordId::new();
    let p = prepare_file(id, "tracing-request-checklist.pdf", pdf, now, "demo")?;
    let mut r = demo_resource(user, &name, now, d, Source::File(p.file));
    r.id = id;
    for a in &p.attachments {
        store.save_attachment(a)?;
    }
    save_resource(store, &r, &p.text)?;
    out.push(r);
    Ok(out)
}

fn demo_resource(user: RecordId, name: &str, now: Timestamp, d: Description, source: Source) -> Resource {
    let mut r = Resource {
        id: RecordId::new(),
        title: String::new(),
        kind: d.kind,
        instruments: vec![],
        language: d.language,
        region: d.region,
        date: None,
        author: String::new(),
        summary: String::new(),
        visibility: d.visibility,
        source,
        added_by: user,
        added_by_name: name.to_string(),
        added_at: now,
        updated_at: now,
        updated_by: "demo".into(),
    };
    r.describe(d);
    r
}
