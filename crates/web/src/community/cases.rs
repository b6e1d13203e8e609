//! The Digest of Illicit Firearms Cases: the list with its filters, a case (printable), writing one,
//! drafting one from a case record with its side-by-side review, sending it, and the
//! coordinators' approval.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use armstrace_app::community::digest::{CaseQuery, CaseView};
use armstrace_app::error::ServiceError;
use armstrace_domain::community::digest::{firearm_text, CaseDraft, CrimeLink, DigestCase, Technique};
use armstrace_domain::id::RecordId;

use super::{CommunityNav, DecisionForm, InCommunity};
use crate::auth::Signed;
use crate::i18n::Tr;
use crate::pages::{api_id, page_err, page_id, render, Bar};
use crate::{with_ctx, Shared, WebError};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/community/cases", get(list_page).post(create_form))
        .route("/community/cases/new", get(new_form))
        .route("/community/cases/from-incident", post(from_incident_form))
        .route("/community/cases/{id}", get(case_page).post(update_form))
        .route("/community/cases/{id}/edit", get(edit_form))
        .route("/community/cases/{id}/submit", post(submit_form))
        .route("/community/cases/{id}/review", post(review_form))
        .route("/community/cases/{id}/delete", post(delete_form))
}

/// A case as a line of the list.
pub struct CaseLine {
    pub id: String,
    pub title: String,
    pub country: String,
    pub year: String,
    pub status: &'static str,
    pub summary: String,
    pub links: Vec<&'static str>,
}

fn line(tr: &Tr, c: &DigestCase) -> CaseLine {
    CaseLine {
        id: c.id.to_string(),
        title: c.title.clone(),
        country: c.country.map(|x| x.name().to_string()).unwrap_or_default(),
        year: c.year.map(|y| y.to_string()).unwrap_or_default(),
        status: tr.t_of("comm.cases.status.", c.status.code()),
        summary: c.summary.chars().take(280).collect(),
        links: c.crime_links.iter().map(|l| tr.t_of("comm.cases.link.", l.code())).collect(),
    }
}

#[derive(Template)]
#[template(path = "community_cases.html")]
struct ListPage {
    tr: Tr,
    bar: Option<Bar>,
    nav: CommunityNav,
    q: CaseQueryText,
    crime_links: Vec<(&'static str, &'static str, bool)>,
    techniques: Vec<(&'static str, &'static str, bool)>,
    cases: Vec<CaseLine>,
    mine: Vec<CaseLine>,
    waiting: Vec<CaseLine>,
}

#[derive(Deserialize, Default, Clone)]
pub struct CaseQueryText {
    #[serde(default)]
    q: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    crime_link: String,
    #[serde(default)]
    technique: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    year: String,
}

impl CaseQueryText {
    fn query(&self) -> CaseQuery {
        CaseQuery {
            q: self.q.clone(),
            country: self.country.clone(),
            region: self.region.clone(),
            crime_link: self.crime_link.clone(),
            technique: self.technique.clone(),
            language: self.language.clone(),
            year: self.year.clone(),
        }
    }
}

async fn list_page(State(state): State<Shared>, s: InCommunity, Query(q): Query<CaseQueryText>) -> Result<Response, WebError> {
    let tr = Tr::new(s.lang());
    let query = q.query();
    let (cases, (mine, waiting)) =
        with_ctx(&state, &s, move |c| Ok((c.digest_cases(&query)?, c.case_work()?))).await.map_err(page_err(&s))?;
    Ok(render(&ListPage {
        nav: CommunityNav::of(Some(&s.member), false, "cases"),
        crime_links: CrimeLink::ALL.iter().map(|l| (l.code(), tr.t_of("comm.cases.link.", l.code()), q.crime_link == l.code())).collect(),
        techniques: Technique::ALL
            .iter()
            .map(|t| (t.code(), tr.t_of("comm.cases.technique.", t.code()), q.technique == t.code()))
            .collect(),
        cases: cases.iter().map(|c| line(&tr, c)).collect(),
        mine: mine.iter().map(|c| line(&tr, c)).collect(),
        waiting: waiting.iter().map(|c| line(&tr, c)).collect(),
        q,
        bar: Bar::of(&s),
        tr,
    }))
}

#[derive(Template)]
#[template(path = "community_case.html")]
struct CasePage {
    tr: Tr,
    bar: Option<Bar>,
    nav: CommunityNav,
    csrf: String,
    c: CaseLine,
    /// (label, text) of each filled field, in the digest's order.
    sections: Vec<(&'static str, String)>,
    firearms: Vec<String>,
    techniques: Vec<&'static str>,
    instruments: Vec<String>,
    from_record: bool,
    /// The editor's side-by-side: (field, before, after).
    changes: Vec<(String, String, String)>,
    leaks: Vec<&'static str>,
    editable: bool,
    can_submit: bool,
    can_review: bool,
    can_delete: bool,
    note: String,
    approved: String,
}

fn case_page_of(s: &Signed, nav: CommunityNav, v: CaseView) -> Response {
    let tr = Tr::new(s.lang());
    let c = &v.case;
    use armstrace_domain::community::digest::CaseStatus::*;
    let sections = [
        ("comm.cases.summary", &c.summary),
        ("comm.cases.facts", &c.facts),
        ("comm.cases.modus_operandi", &c.modus_operandi),
        ("comm.cases.route", &c.route),
        ("comm.cases.investigation", &c.investigation),
        ("comm.cases.cooperation", &c.cooperation),
        ("comm.cases.legal_basis", &c.legal_basis),
        ("comm.cases.charges", &c.charges),
        ("comm.cases.judgment", &c.judgment),
        ("comm.cases.sentence", &c.sentence),
        ("comm.cases.good_practices", &c.good_practices),
        ("comm.cases.lessons_learned", &c.lessons_learned),
    ]
    .into_iter()
    .filter(|(_, t)| !t.trim().is_empty())
    .map(|(k, t)| (tr.t(k), t.clone()))
    .collect();
    let page = CasePage {
        nav,
        csrf: s.csrf(),
        c: line(&tr, c),
        sections,
        firearms: c.firearms.iter().map(firearm_text).collect(),
        techniques: c.techniques.iter().map(|t| tr.t_of("comm.cases.technique.", t.code())).collect(),
        instruments: c.instruments.clone(),
        from_record: c.from_case_record,
        changes: c
            .review
            .as_ref()
            .map(|r| r.changes.iter().map(|ch| (ch.field.clone(), ch.before.clone(), ch.after.clone())).collect())
            .unwrap_or_default(),
        leaks: v.leaks.clone(),
        editable: v.editor && matches!(c.status, Draft | Returned),
        can_submit: v.editor && matches!(c.status, Draft | Returned),
        can_review: v.coordinator && !v.editor && c.status == Submitted,
        can_delete: (v.editor && c.status != Published) || v.coordinator,
        note: c.coordinator_note.clone(),
        approved: c
            .approved_at
            .map(|t| format!("{} · {}", t.to_string().chars().take(10).collect::<String>(), c.approved_by))
            .unwrap_or_default(),
        bar: Bar::of(s),
        tr,
    };
    render(&page)
}

async fn case_page(State(state): State<Shared>, s: InCommunity, Path(id): Path<String>) -> Result<Response, WebError> {
    let id = page_id(&s, &id, "case")?;
    let v = with_ctx(&state, &s, move |c| c.digest_case(id)).await.map_err(page_err(&s))?;
    Ok(case_page_of(&s, CommunityNav::of(Some(&s.member), false, "cases"), v))
}

#[derive(Template)]
#[template(path = "community_case_form.html")]
struct FormPage {
    tr: Tr,
    bar: Option<Bar>,
    csrf: String,
    action: String,
    f: CaseDraft,
    errors: Vec<String>,
}

fn form_page(s: &Signed, action: String, f: CaseDraft, errors: Vec<String>) -> Response {
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    (status, render(&FormPage { tr: Tr::new(s.lang()), bar: Bar::of(s), csrf: s.csrf(), action, f, errors })).into_response()
}

async fn new_form(s: InCommunity) -> Response {
    form_page(&s, "/community/cases".into(), CaseDraft { language: s.lang().code().into(), ..Default::default() }, vec![])
}

#[derive(Deserialize)]
struct CaseForm {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    f: CaseDraft,
}

fn errors_of(f: &CaseDraft) -> Vec<String> {
    match f.parse() {
        Ok(_) => vec![],
        Err(e) => e.iter().map(|(field, e)| format!("{field}: {e}")).collect(),
    }
}

async fn create_form(State(state): State<Shared>, s: InCommunity, Form(form): Form<CaseForm>) -> Result<Response, WebError> {
    s.check_csrf(&form.csrf).map_err(page_err(&s))?;
    let errors = errors_of(&form.f);
    if !errors.is_empty() {
        return Ok(form_page(&s, "/community/cases".into(), form.f, errors));
    }
    let draft = form.f;
    let c = with_ctx(&state, &s, move |c| c.create_case(&draft)).await.map_err(page_err(&s))?;
    Ok(Redirect::to(&format!("/community/cases/{}", c.id)).into_response())
}

#[derive(Deserialize)]
struct FromIncidentForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    incident: String,
}

async fn from_incident_form(State(state): State<Shared>, s: Signed, Form(f): Form<FromIncidentForm>) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let id = RecordId::parse(&f.incident).map_err(|_| page_err(&s)(ServiceError::not_found("incident")))?;
    let v = with_ctx(&state, &s, move |c| c.draft_case_from_incident(id)).await.map_err(page_err(&s))?;
    Ok(Redirect::to(&format!("/community/cases/{}", v.case.id)).into_response())
}

async fn edit_form(State(state): State<Shared>, s: InCommunity, Path(id): Path<String>) -> Result<Response, WebError> {
    let id = page_id(&s, &id, "case")?;
    let v = with_ctx(&state, &s, move |c| c.digest_case(id)).await.map_err(page_err(&s))?;
    if !v.editor {
        return Err(page_err(&s)(ServiceError::forbidden("only its editor changes a case")));
    }
    Ok(form_page(&s, format!("/community/cases/{id}"), CaseDraft::of(&v.case), vec![]))
}

async fn update_form(
    State(state): State<Shared>,
    s: InCommunity,
    Path(id): Path<String>,
    Form(form): Form<CaseForm>,
) -> Result<Response, WebError> {
    s.check_csrf(&form.csrf).map_err(page_err(&s))?;
    let id = page_id(&s, &id, "case")?;
    let errors = errors_of(&form.f);
    if !errors.is_empty() {
        return Ok(form_page(&s, format!("/community/cases/{id}"), form.f, errors));
    }
    let draft = form.f;
    with_ctx(&state, &s, move |c| c.update_case(id, &draft)).await.map_err(page_err(&s))?;
    Ok(Redirect::to(&format!("/community/cases/{id}")).into_response())
}

async fn submit_form(
    State(state): State<Shared>,
    s: InCommunity,
    Path(id): Path<String>,
    Form(f): Form<DecisionForm>,
) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let id = page_id(&s, &id, "case")?;
    with_ctx(&state, &s, move |c| c.submit_case(id)).await.map_err(page_err(&s))?;
    Ok(Redirect::to(&format!("/community/cases/{id}")).into_response())
}

async fn review_form(
    State(state): State<Shared>,
    s: Signed,
    Path(id): Path<String>,
    Form(f): Form<DecisionForm>,
) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let id = page_id(&s, &id, "case")?;
    let approve = f.decision == "approve";
    with_ctx(&state, &s, move |c| c.review_case(id, approve, &f.note)).await.map_err(page_err(&s))?;
    Ok(Redirect::to(&format!("/community/cases/{id}")).into_response())
}

async fn delete_form(
    State(state): State<Shared>,
    s: Signed,
    Path(id): Path<String>,
    Form(f): Form<DecisionForm>,
) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let id = page_id(&s, &id, "case")?;
    with_ctx(&state, &s, move |c| c.delete_case(id)).await.map_err(page_err(&s))?;
    Ok(Redirect::to("/community/cases").into_response())
}

// ---- API ----

fn draft_of(body: Result<Json<CaseDraft>, axum::extract::rejection::JsonRejection>) -> Result<CaseDraft, WebError> {
    body.map(|Json(d)| d).map_err(|e| WebError::api(ServiceError::invalid(format!("the body is not a case: {e}"))))
}

pub async fn api_list(State(state): State<Shared>, s: InCommunity, Query(q): Query<CaseQueryText>) -> Result<Response, WebError> {
    let query = q.query();
    let cases = with_ctx(&state, &s, move |c| c.digest_cases(&query)).await.map_err(WebError::api)?;
    Ok(Json(json!({ "total": cases.len(), "cases": cases })).into_response())
}

pub async fn api_read(State(state): State<Shared>, s: Signed, Path(id): Path<String>) -> Result<Response, WebError> {
    let id = api_id(&id, "case")?;
    Ok(Json(with_ctx(&state, &s, move |c| c.digest_case(id)).await.map_err(WebError::api)?).into_response())
}

pub async fn api_create(
    State(state): State<Shared>,
    s: InCommunity,
    body: Result<Json<CaseDraft>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let draft = draft_of(body)?;
    let c = with_ctx(&state, &s, move |c| c.create_case(&draft)).await.map_err(WebError::api)?;
    Ok((StatusCode::CREATED, Json(c)).into_response())
}

pub async fn api_from_incident(State(state): State<Shared>, s: InCommunity, Path(id): Path<String>) -> Result<Response, WebError> {
    let id = RecordId::parse(&id).map_err(|_| WebError::api(ServiceError::not_found("incident")))?;
    let v = with_ctx(&state, &s, move |c| c.draft_case_from_incident(id)).await.map_err(WebError::api)?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

pub async fn api_update(
    State(state): State<Shared>,
    s: InCommunity,
    Path(id): Path<String>,
    body: Result<Json<CaseDraft>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let id = api_id(&id, "case")?;
    let draft = draft_of(body)?;
    Ok(Json(with_ctx(&state, &s, move |c| c.update_case(id, &draft)).await.map_err(WebError::api)?).into_response())
}

pub async fn api_submit(State(state): State<Shared>, s: InCommunity, Path(id): Path<String>) -> Result<Response, WebError> {
    let id = api_id(&id, "case")?;
    Ok(Json(with_ctx(&state, &s, move |c| c.submit_case(id)).await.map_err(WebError::api)?).into_response())
}

pub async fn api_review(
    State(state): State<Shared>,
    s: Signed,
    Path(id): Path<String>,
    body: Result<Json<Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let id = api_id(&id, "case")?;
    let Json(v) = body.map_err(|e| WebError::api(ServiceError::invalid(format!("the body is not JSON: {e}"))))?;
    let approve = match v["decision"].as_str().unwrap_or_default() {
        "approve" => true,
        "return" => false,
        other => return Err(WebError::api(ServiceError::invalid(format!("decision: \"{other}\" is not one; use approve or return")))),
    };
    let note = v["note"].as_str().unwrap_or_default().to_string();
    Ok(Json(with_ctx(&state, &s, move |c| c.review_case(id, approve, &note)).await.map_err(WebError::api)?).into_response())
}

pub fn examples() -> Vec<(&'static str, Value)> {
    let case = json!({
        "id": "019b76da-ab87-7fa2-a3de-4e2a078200a0", "status": "published",
        "title": "Converted alarm pistols sold online and sent by parcel", "language": "en", "country": "HRV", "year": 2021,
        "summary": "A network bought alarm pistols abroad, converted them to fire live rounds and sold them through a messaging channel.",
        "facts": "In 2021, 14 item(s) were seized in Croatia. Persons involved: 3 × suspect.",
        "firearms": [{ "kind": "converted alarm pistol", "calibre": "9mm P.A.K.", "count": 12, "markings": "intact" }],
        "modus_operandi": "Purchase abroad, conversion in a garage workshop, delivery by parcel service.",
        "route": "origin: Türkiye; transit: Bulgaria, Serbia; destination: Croatia",
        "investigation": "Test purchase online, then a controlled delivery.", "techniques": ["controlled_delivery", "online_investigation"],
        "cooperation": "Information exchange through the single points of contact; a mutual legal assistance request for the parcel records.",
        "legal_basis": "UNTOC art. 18; Firearms Protocol art. 12", "charges": "Illicit manufacturing and trafficking (FP art. 5(1)(a), (b))",
        "judgment": "Convicted", "sentence": "Four years' imprisonment", "good_practices": "Tracing every converted pistol to its first retail sale.",
        "lessons_learned": "Parcel data is lost after 90 days: ask early.", "crime_links": ["organized_crime", "cybercrime"],
        "instruments": ["FP art. 5(1)(a)", "UNTOC art. 18"], "from_case_record": true,
        "author": "019b76da-ab87-7fa2-a3de-4e2a07820090", "author_name": "Ana Kovač", "coordinator_note": "", "approved_by": "coordinator",
        "approved_at": "2026-11-20T10:00:00Z", "created_at": "2026-11-18T10:00:00Z", "updated_at": "2026-11-20T10:00:00Z"
    });
    vec![
        ("DigestCases", json!({ "total": 1, "cases": [case.clone()] })),
        ("DigestCase", case.clone()),
        ("DigestCaseView", json!({ "case": case, "editor": false, "coordinator": false, "leaks": [] })),
        (
            "NewDigestCase",
            json!({ "title": "Converted alarm pistols sold online and sent by parcel", "language": "en", "country": "HRV", "year": "2021", "summary": "A network bought alarm pistols abroad and converted them.", "firearms": "12 × converted alarm pistol, 9mm P.A.K., intact", "techniques": "controlled_delivery, online_investigation", "crime_links": "organized_crime, cybercrime", "instruments": "FP art. 5(1)(a); UNTOC art. 18" }),
        ),
        ("CaseReview", json!({ "decision": "approve", "note": "" })),
    ]
}
