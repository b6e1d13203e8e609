//! Pages of the cross-check: the hits that concern the reader's agency, one hit with the two
//! items side by side (markings and histories), the decision, and a check of a described firearm.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use armstrace_app::crosscheck::{CheckRequest, HitView};
use armstrace_app::error::ServiceError;
use armstrace_domain::check::HitStatus;
use armstrace_domain::id::RecordId;

use crate::auth::{Can, DecideHits, Signed};
use crate::i18n::Tr;
use crate::pages::{history_lines, item_facts, page_err, page_id, render, Bar, EventLine};
use crate::{Shared, WebError};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/hits", get(hits))
        .route("/hits/{id}", get(hit))
        .route("/hits/{id}/decision", post(decide))
        .route("/checks", get(check_form).post(check))
        .route("/checks/file", post(check_file).layer(axum::extract::DefaultBodyLimit::max(crate::imports::MAX_UPLOAD)))
}

pub struct HitLine {
    pub id: String,
    pub created: String,
    pub confidence: String,
    pub status: &'static str,
    pub ours: String,
    pub theirs: String,
}

#[derive(Template)]
#[template(path = "hits.html")]
struct HitsPage {
    tr: Tr,
    bar: Option<Bar>,
    status: String,
    hits: Vec<HitLine>,
}

#[derive(Deserialize, Default)]
struct HitsQuery {
    #[serde(default)]
    status: String,
}

fn side_text(side: &armstrace_app::crosscheck::Side) -> String {
    match &side.item {
        Some(it) => format!("{} · {}", it.markings.serial.raw(), side.agency),
        None => side.agency.clone(),
    }
}

fn status_key(st: HitStatus) -> &'static str {
    match st {
        HitStatus::New => "hits.status_new",
        HitStatus::Confirmed => "hits.status_confirmed",
        HitStatus::Rejected => "hits.status_rejected",
    }
}

/// The hits that concern the reader's agency (its notifications), newest first.
async fn hits(State(state): State<Shared>, s: Signed, Query(q): Query<HitsQuery>) -> Result<Response, WebError> {
    let tr = Tr::new(s.lang());
    let status = match q.status.as_str() {
        "" => None,
        "new" => Some(HitStatus::New),
        "confirmed" => Some(HitStatus::Confirmed),
        "rejected" => Some(HitStatus::Rejected),
        other => return Err(page_err(&s)(ServiceError::invalid(format!("status: '{other}' is not new, confirmed or rejected")))),
    };
    let list = crate::with_ctx(&state, &s, move |c| c.hits(status, 0, 200)).await.map_err(page_err(&s))?;
    let hits = list
        .iter()
        .map(|h| HitLine {
            id: h.id.to_string(),
            created: h.created_at.to_string(),
            confidence: tr.t(&format!("hits.confidence_{}", h.confidence)).to_string(),
            status: tr.t(status_key(h.status)),
            ours: side_text(&h.item),
            theirs: side_text(&h.matched),
        })
        .collect();
    Ok(render(&HitsPage { tr, bar: Bar::of(&s), status: q.status.clone(), hits }))
}

#[derive(Template)]
#[template(path = "hit.html")]
struct HitPage {
    tr: Tr,
    bar: Option<Bar>,
    csrf: String,
    id: String,
    confidence: String,
    status: &'static str,
    explanation: String,
    decided: String,
    /// (label key, checked item's value, matched record's value, differ)
    rows: Vec<(&'static str, String, String, bool)>,
    left_agency: String,
    right_agency: String,
    left_id: Option<String>,
    right_id: Option<String>,
    left_history: Vec<EventLine>,
    right_history: Vec<EventLine>,
    can_decide: bool,
    message: Option<String>,
}

async fn hit_page(state: &Shared, s: &Signed, id: RecordId, message: Option<String>) -> Result<Response, WebError> {
    let tr = Tr::new(s.lang());
    let (view, left, right): (HitView, _, _) = crate::with_ctx(state, s, move |c| {
        let view = c.hit(id)?;
        // Histories only of the sides the reader may see (each read audited).
        let left = match &view.item.item {
            Some(i) => Some(c.item(i.meta.id)?),
            None => None,
        };
        let right = match &view.matched.item {
            Some(i) => Some(c.item(i.meta.id)?),
            None => None,
        };
        Ok((view, left, right))
    })
    .await
    .map_err(page_err(s))?;
    let facts = |v: &Option<armstrace_app::records::ItemView>| v.as_ref().map(|v| item_facts(&tr, &v.item)).unwrap_or_default();
    let (lf, rf) = (facts(&left), facts(&right));
    let labels: Vec<&'static str> = lf.iter().chain(rf.iter()).map(|(l, _, _)| *l).fold(Vec::new(), |mut acc, l| {
        if !acc.contains(&l) {
            acc.push(l);
        }
        acc
    });
    let value = |f: &[(&'static str, String, String)], label: &str| {
        f.iter()
            .find(|(l, _, _)| *l == label)
            .map(|(_, v, raw)| if raw.is_empty() { v.clone() } else { format!("{v} ({raw})") })
            .unwrap_or_default()
    };
    let rows = labels
        .into_iter()
        .map(|l| {
            let (a, b) = (value(&lf, l), value(&rf, l));
            let differ = !a.is_empty() && !b.is_empty() && a != b;
            (l, a, b, differ)
        })
        .collect();
    let decided = if view.decided_by.is_empty() { String::new() } else { format!("{} · {}", view.decided_by, view.reason) };
    Ok(render(&HitPage {
        csrf: s.csrf(),
        id: view.id.to_string(),
        confidence: tr.t(&format!("hits.confidence_{}", view.confidence)).to_string(),
        status: tr.t(status_key(view.status)),
        explanation: view.explanation.clone().unwrap_or_default(),
        decided,
        rows,
        left_agency: view.item.agency.clone(),
        right_agency: view.matched.agency.clone(),
        left_id: left.as_ref().map(|v| v.item.meta.id.to_string()),
        right_id: right.as_ref().map(|v| v.item.meta.id.to_string()),
        left_history: left.as_ref().map(|v| history_lines(&tr, &v.history)).unwrap_or_default(),
        right_history: right.as_ref().map(|v| history_lines(&tr, &v.history)).unwrap_or_default(),
        can_decide: view.can_decide && view.status == HitStatus::New,
        message,
        tr,
        bar: Bar::of(s),
    }))
}

async fn hit(State(state): State<Shared>, s: Signed, Path(id): Path<String>) -> Result<Response, WebError> {
    let id = page_id(&s, &id, "hit")?;
    hit_page(&state, &s, id, None).await
}

#[derive(Deserialize)]
struct DecisionForm {
    csrf: String,
    /// "confirm" or "reject"
    decision: String,
    #[serde(default)]
    reason: String,
}

async fn decide(
    State(state): State<Shared>,
    s: Can<DecideHits>,
    Path(id): Path<String>,
    Form(f): Form<DecisionForm>,
) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let id = page_id(&s, &id, "hit")?;
    let confirm = f.decision == "confirm";
    let reason = f.reason.clone();
    match crate::with_ctx(&state, &s, move |c| c.decide(id, confirm, &reason)).await {
        Ok(_) => Ok(Redirect::to(&format!("/hits/{id}")).into_response()),
        Err(e) if e.code == armstrace_app::error::ErrorCode::InvalidInput => {
            let mut r = hit_page(&state, &s, id, Some(e.message)).await?;
            *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(page_err(&s)(e)),
    }
}

pub struct AnswerLine {
    pub rank: usize,
    pub confidence: String,
    pub alert: bool,
    pub agency: String,
    pub item: Option<(String, String)>,
    pub explanation: String,
}

#[derive(Template)]
#[template(path = "check.html")]
struct CheckPage {
    tr: Tr,
    bar: Option<Bar>,
    csrf: String,
    form: CheckRequest,
    answers: Option<Vec<AnswerLine>>,
    message: Option<String>,
}

async fn check_form(s: Signed) -> Response {
    render(&CheckPage {
        tr: Tr::new(s.lang()),
        bar: Bar::of(&s),
        csrf: s.csrf(),
        form: CheckRequest::default(),
        answers: None,
        message: None,
    })
}

#[derive(Deserialize)]
struct CheckForm {
    csrf: String,
    #[serde(flatten)]
    form: CheckRequest,
}

/// Checks a described firearm against every record of the node (a phone call from the roadside:
/// "is this one known?") without recording anything.
async fn check(State(state): State<Shared>, s: Signed, Form(f): Form<CheckForm>) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let tr = Tr::new(s.lang());
    let req = f.form.clone();
    let outcome = crate::with_ctx(&state, &s, move |c| c.check(&req, 10)).await;
    let (answers, message) = match outcome {
        Ok(list) => (
            Some(
                list.into_iter()
                    .map(|a| AnswerLine {
                        rank: a.rank,
                        alert: a.confidence != "possible",
                        confidence: tr.t(&format!("hits.confidence_{}", a.confidence)).to_string(),
                        agency: a.agency,
                        item: a.record.map(|i| (i.meta.id.to_string(), format!("{} · {}", i.markings.serial.raw(), i.status.code()))),
                        explanation: a.explanation.unwrap_or_default(),
                    })
                    .collect(),
            ),
            None,
        ),
        Err(e) if e.code == armstrace_app::error::ErrorCode::InvalidInput => (None, Some(e.message)),
        Err(e) => return Err(page_err(&s)(e)),
    };
    Ok(render(&CheckPage { tr, bar: Bar::of(&s), csrf: s.csrf(), form: f.form, answers, message }))
}

/// A spreadsheet saved for reading: CSV unless its first bytes say XLSX (a ZIP archive), whatever
/// its name. Removed again by the caller.
pub(crate) fn save_sheet(bytes: &[u8]) -> Result<(std::path::PathBuf, std::path::PathBuf), ServiceError> {
    let dir = std::env::temp_dir().join(format!("armstrace-check-{}", RecordId::new()));
    let ext = if bytes.starts_with(b"PK\x03\x04") { "xlsx" } else { "csv" };
    let store = |e: std::io::Error| ServiceError::invalid(format!("the file could not be stored for reading: {e}"));
    std::fs::create_dir_all(&dir).map_err(store)?;
    let path = dir.join(format!("upload.{ext}"));
    std::fs::write(&path, bytes).map_err(store)?;
    Ok((dir, path))
}

#[derive(Template)]
#[template(path = "check_file.html")]
struct FileCheckPage {
    tr: Tr,
    bar: Option<Bar>,
    result: armstrace_app::crosscheck::FileChecked,
}

/// An operation's seizures, uploaded as a spreadsheet, checked against every record of the node.
async fn check_file(State(state): State<Shared>, s: Signed, multipart: axum::extract::Multipart) -> Result<Response, WebError> {
    let (_, files) = crate::pages::read_multipart(&s, multipart).await?;
    let Some((_, name, bytes)) = files.into_iter().next() else {
        return Err(page_err(&s)(ServiceError::invalid("choose a CSV or XLSX file of firearms to check")));
    };
    let (dir, path) = save_sheet(&bytes).map_err(page_err(&s))?;
    let shown = crate::imports::clean_name(&name);
    let outcome = crate::with_ctx(&state, &s, move |c| c.check_file(&path, &shown, 3)).await;
    std::fs::remove_dir_all(&dir).ok();
    let result = outcome.map_err(page_err(&s))?;
    Ok(render(&FileCheckPage { tr: Tr::new(s.lang()), bar: Bar::of(&s), result }))
}
