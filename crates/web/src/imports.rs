//! Importing a file from the browser: upload, then a page that follows the import (it refreshes
//! itself while the import runs — no script needed) and ends with the row-by-row report.

use std::collections::HashMap;
use std::io::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

use armstrace_app::error::ServiceError;
use armstrace_app::import::{ImportKind, ImportReport, RowError};
use armstrace_app::records::Ctx;
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::id::RecordId;

use crate::auth::{Can, ImportFiles, Signed};
use crate::i18n::Tr;
use crate::pages::{render, Bar};
use crate::{now, Shared, WebError};

/// Largest file accepted from the browser (a national registry extract of a few million rows is
/// imported at the command line).
pub const MAX_UPLOAD: usize = 256 * 1024 * 1024;

pub enum JobState {
    Running,
    Done(ImportReport),
    Refused(Vec<RowError>),
    Failed(String),
}

pub struct Job {
    pub user: RecordId,
    pub file: String,
    pub rows_read: AtomicU64,
    pub state: Mutex<JobState>,
}

/// Imports started from the browser, by id. Kept in memory: a report is read once, soon after.
#[derive(Default)]
pub struct Jobs {
    jobs: Mutex<HashMap<RecordId, Arc<Job>>>,
}

impl Jobs {
    fn insert(&self, id: RecordId, job: Arc<Job>) {
        if let Ok(mut j) = self.jobs.lock() {
            // Forget the oldest reports beyond a few hundred.
            if j.len() > 500 {
                if let Some(oldest) = j.keys().min().copied() {
                    j.remove(&oldest);
                }
            }
            j.insert(id, job);
        }
    }
    fn get(&self, id: RecordId) -> Option<Arc<Job>> {
        self.jobs.lock().ok().and_then(|j| j.get(&id).cloned())
    }
}

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/imports/new", get(form))
        .route("/imports", post(upload).layer(DefaultBodyLimit::max(MAX_UPLOAD)))
        .route("/imports/{id}", get(job))
}

#[derive(Template)]
#[template(path = "import_new.html")]
struct ImportPage {
    tr: Tr,
    bar: Option<Bar>,
    csrf: String,
    handling_options: Vec<(&'static str, bool)>,
    message: Option<String>,
}

fn form_page(s: &Signed, message: Option<String>) -> Response {
    let default = HandlingCode::Amber.min(s.principal.clearance);
    render(&ImportPage {
        tr: Tr::new(s.lang()),
        bar: Bar::of(s),
        csrf: s.csrf(),
        handling_options: HandlingCode::ALL.iter().filter(|h| **h <= s.principal.clearance).map(|h| (h.as_str(), *h == default)).collect(),
        message,
    })
}

async fn form(s: Can<ImportFiles>) -> Response {
    form_page(&s, None)
}

/// A file name safe to show and to keep in a temporary folder.
pub(crate) fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("upload");
    let cleaned: String = base.chars().filter(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ')).take(120).collect();
    if cleaned.trim().is_empty() || cleaned.starts_with('.') {
        "upload.csv".into()
    } else {
        cleaned
    }
}

async fn upload(State(state): State<Shared>, s: Can<ImportFiles>, mut multipart: Multipart) -> Result<Response, WebError> {
    let bad = |m: String| WebError::page(ServiceError::invalid(m), s.lang());
    let (mut csrf, mut kind, mut handling, mut partial) = (String::new(), String::new(), String::new(), false);
    let mut saved: Option<(std::path::PathBuf, String)> = None;
    let dir = std::env::temp_dir().join(format!("armstrace-upload-{}", RecordId::new()));
    while let Some(mut field) =
        multipart.next_field().await.map_err(|e| bad(format!("the upload was cut short ({e}); send the file again")))?
    {
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.unwrap_or_default(),
            "kind" => kind = field.text().await.unwrap_or_default(),
            "handling" => handling = field.text().await.unwrap_or_default(),
            "partial" => partial = field.text().await.unwrap_or_default() == "yes",
            "file" => {
                // The form's token comes before the file: nothing is stored for a forged form.
                s.check_csrf(&csrf).map_err(|e| WebError::page(e, s.lang()))?;
                let name = clean_name(field.file_name().unwrap_or("upload.csv"));
                std::fs::create_dir_all(&dir).map_err(|e| bad(format!("the upload could not be stored: {e}")))?;
                let path = dir.join(&name);
                let mut f = std::fs::File::create(&path).map_err(|e| bad(format!("the upload could not be stored: {e}")))?;
                while let Some(chunk) =
                    field.chunk().await.map_err(|e| bad(format!("the upload was cut short ({e}); send the file again")))?
                {
                    f.write_all(&chunk).map_err(|e| bad(format!("the upload could not be stored: {e}")))?;
                }
                saved = Some((path, name));
            }
            _ => {}
        }
    }
    s.check_csrf(&csrf).map_err(|e| WebError::page(e, s.lang()))?;
    let Some((path, name)) = saved else {
        return Ok(form_page(&s, Some("choose a CSV or XLSX file to import".into())));
    };
    let kind = ImportKind::parse(&kind).map_err(bad)?;
    let handling = HandlingCode::parse(&handling).unwrap_or(HandlingCode::Amber);
    let id = RecordId::new();
    let job = Arc::new(Job { user: s.user.id, file: name.clone(), rows_read: AtomicU64::new(0), state: Mutex::new(JobState::Running) });
    state.jobs.insert(id, job.clone());
    let (st, p, source) = (state.clone(), s.principal.clone(), s.source.clone());
    std::thread::Builder::new()
        .name("import-upload".into())
        .spawn(move || {
            let ctx = Ctx { store: st.store.as_ref(), audit: &st.audit, who: &p, source: &source, now: now(), checks: &st.checks };
            let outcome = ctx.import_file(&path, &name, kind, handling, partial, &mut |n| job.rows_read.store(n, Ordering::Relaxed));
            let end = match outcome {
                Ok(Ok(report)) => JobState::Done(report),
                Ok(Err(rows)) => JobState::Refused(rows),
                Err(e) => JobState::Failed(e.message),
            };
            if let Ok(mut s) = job.state.lock() {
                *s = end;
            }
            let _ = std::fs::remove_dir_all(path.parent().unwrap_or(&path));
        })
        .map_err(|e| bad(format!("the import could not start: {e}")))?;
    Ok(Redirect::to(&format!("/imports/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "import_job.html")]
struct JobPage {
    tr: Tr,
    bar: Option<Bar>,
    file: String,
    running: bool,
    done: bool,
    rows_read: u64,
    rows_written: u64,
    rows_rejected: u64,
    nothing_written: bool,
    failure: Option<String>,
    errors: Vec<(usize, String, String)>,
    warnings: Vec<String>,
}

async fn job(State(state): State<Shared>, s: Signed, Path(id): Path<String>) -> Result<Response, WebError> {
    let missing = || WebError::page(ServiceError::not_found("import"), s.lang());
    let id = RecordId::parse(&id).map_err(|_| missing())?;
    // Only the person who started an import follows it.
    let job = state.jobs.get(id).filter(|j| j.user == s.user.id).ok_or_else(missing)?;
    let mut page = JobPage {
        tr: Tr::new(s.lang()),
        bar: Bar::of(&s),
        file: job.file.clone(),
        running: false,
        done: false,
        rows_read: job.rows_read.load(Ordering::Relaxed),
        rows_written: 0,
        rows_rejected: 0,
        nothing_written: false,
        failure: None,
        errors: vec![],
        warnings: vec![],
    };
    let row = |e: &RowError| (e.row, e.column.clone(), e.message.clone());
    match &*job.state.lock().map_err(|_| missing())? {
        JobState::Running => page.running = true,
        JobState::Done(r) => {
            page.done = true;
            page.rows_written = r.rows_written;
            page.rows_rejected = r.rows_rejected;
            page.errors = r.rejected.iter().map(row).collect();
            page.warnings = r.warnings.clone();
        }
        JobState::Refused(rows) => {
            page.nothing_written = true;
            page.errors = rows.iter().map(row).collect();
        }
        JobState::Failed(m) => page.failure = Some(m.clone()),
    }
    let mut r = render(&page);
    if page.nothing_written || page.failure.is_some() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}
