//! Members of the Community: the Community's front page, joining (a profile and a motivation,
//! vetted by a coordinator), one's own profile, "find an expert", a member's profile, and the
//! coordinators' queue of applications and decisions.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use armstrace_app::community::member::{Decision, ExpertQuery};
use armstrace_app::community::Reader;
use armstrace_app::error::ServiceError;
use armstrace_domain::community::{ContactPreference, Expertise, Member, MemberDraft, MemberStatus, Visibility};
use armstrace_domain::id::RecordId;

use super::{CommunityNav, Coordinating, DecisionForm, InCommunity};
use crate::auth::Signed;
use crate::i18n::Tr;
use crate::pages::{page_err, page_id, render, Bar};
use crate::{with_ctx, Shared, WebError};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/community", get(home))
        .route("/community/join", get(join_form).post(join))
        .route("/community/profile", get(profile_form).post(profile_save))
        .route("/community/members", get(find_page))
        .route("/community/members/{id}", get(member_page))
        .route("/community/members/{id}/decision", post(decide_form))
        .route("/community/applications", get(applications_page))
}

/// A member as a line of a list or a profile page.
pub struct MemberLine {
    pub id: String,
    pub name: String,
    pub agency: String,
    pub country: String,
    pub country_code: String,
    pub position: String,
    pub languages: String,
    pub expertise: Vec<&'static str>,
    pub email: String,
    pub phone: String,
    pub contact: &'static str,
    pub about: String,
    pub motivation: String,
    pub status: &'static str,
    pub coordinator: bool,
    pub applied: String,
    pub note: String,
}

fn line(tr: &Tr, m: &Member) -> MemberLine {
    MemberLine {
        id: m.id.to_string(),
        name: m.name.clone(),
        agency: m.agency.clone(),
        country: m.country.name().to_string(),
        country_code: m.country.as_str().to_string(),
        position: m.position.clone(),
        languages: m.languages.iter().map(|l| l.to_string()).collect::<Vec<_>>().join(", "),
        expertise: m.expertise.iter().map(|e| tr.t_of("comm.expertise.", e.code())).collect(),
        email: m.email.as_ref().map(|e| e.to_string()).unwrap_or_default(),
        phone: m.phone.as_ref().map(|p| p.to_string()).unwrap_or_default(),
        contact: tr.t_of("comm.contact.", m.contact.code()),
        about: m.about.clone(),
        motivation: m.motivation.clone(),
        status: tr.t_of("comm.status.", m.status.code()),
        coordinator: m.coordinator,
        applied: m.applied_at.to_string().chars().take(10).collect(),
        note: m.decision_note.clone(),
    }
}

// ---- the front page ----

#[derive(Template)]
#[template(path = "community.html")]
struct HomePage {
    tr: Tr,
    bar: Option<Bar>,
    nav: CommunityNav,
    /// None: not a member (the page explains the Community and how to join).
    member: Option<MemberLine>,
    /// The reader's membership when not (yet) approved: its status and the coordinators' note.
    pending: Option<MemberLine>,
    applications: usize,
    /// What is new in the last 60 days: (kind, title, summary, link, date).
    news: Vec<(&'static str, String, String, String, String)>,
}

async fn home(State(state): State<Shared>, s: Signed) -> Result<Response, WebError> {
    let tr = Tr::new(s.lang());
    let (mine, coordinator) = with_ctx(&state, &s, |c| {
        let mine = c.my_membership()?;
        let coordinator = c.community_coordinator().is_ok();
        Ok((mine, coordinator))
    })
    .await
    .map_err(page_err(&s))?;
    let applications = if coordinator { with_ctx(&state, &s, |c| c.member_applications()).await.map_err(page_err(&s))?.len() } else { 0 };
    let active = mine.as_ref().filter(|m| m.is_active());
    let news = if active.is_some() {
        with_ctx(&state, &s, |c| {
            let today = c.now.unix_millis().div_euclid(86_400_000);
            c.community_headlines(today - 60, today)
        })
        .await
        .map_err(page_err(&s))?
        .into_iter()
        .take(20)
        .map(|h| {
            let (y, m, d) = armstrace_domain::time::civil_from_days(h.day);
            (tr.t_of("comm.news.kind.", &h.kind), h.title, h.summary, h.link, format!("{y:04}-{m:02}-{d:02}"))
        })
        .collect()
    } else {
        vec![]
    };
    Ok(render(&HomePage {
        news,
        nav: CommunityNav::of(active, coordinator, "home"),
        member: active.map(|m| line(&tr, m)),
        pending: mine.as_ref().filter(|m| !m.is_active()).map(|m| line(&tr, m)),
        applications,
        bar: Bar::of(&s),
        tr,
    }))
}

// ---- joining and one's profile ----

#[derive(Template)]
#[template(path = "community_join.html")]
struct JoinPage {
    tr: Tr,
    bar: Option<Bar>,
    csrf: String,
    /// `/community/join` or `/community/profile`.
    action: &'static str,
    joining: bool,
    f: MemberDraft,
    errors: Vec<String>,
    expertise: Vec<(&'static str, &'static str, bool)>,
    contacts: Vec<(&'static str, &'static str, bool)>,
    visibilities: Vec<(&'static str, &'static str, bool)>,
}

#[derive(Deserialize, Default)]
struct ProfileForm {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    f: MemberDraft,
}

fn join_page(s: &Signed, action: &'static str, f: MemberDraft, errors: Vec<String>) -> Response {
    let tr = Tr::new(s.lang());
    let chosen: Vec<String> = f.expertise.split([',', ';']).map(|x| x.trim().to_string()).collect();
    let page = JoinPage {
        csrf: s.csrf(),
        action,
        joining: action == "/community/join",
        expertise: Expertise::ALL
            .iter()
            .map(|e| (e.code(), tr.t_of("comm.expertise.", e.code()), chosen.iter().any(|c| c == e.code())))
            .collect(),
        contacts: ContactPreference::ALL.iter().map(|c| (c.code(), tr.t_of("comm.contact.", c.code()), f.contact == c.code())).collect(),
        visibilities: Visibility::ALL.iter().map(|v| (v.code(), tr.t_of("comm.visibility.", v.code()), f.visibility == v.code())).collect(),
        f,
        errors,
        bar: Bar::of(s),
        tr,
    };
    let status = if page.errors.is_empty() { axum::http::StatusCode::OK } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
    (status, render(&page)).into_response()
}

async fn join_form(State(state): State<Shared>, s: Signed) -> Result<Response, WebError> {
    let mine = with_ctx(&state, &s, |c| c.my_membership()).await.map_err(page_err(&s))?;
    let f = match &mine {
        Some(m) if m.is_active() => return Ok(Redirect::to("/community/profile").into_response()),
        Some(m) => MemberDraft::of(m),
        None => MemberDraft {
            name: s.user.display_name.clone(),
            agency: s.user.agency.clone(),
            country: s.principal.country.as_str().to_string(),
            newsletter: "on".into(),
            ..Default::default()
        },
    };
    Ok(join_page(&s, "/community/join", f, vec![]))
}

/// The form's checkboxes of expertise arrive as repeated `expertise` fields.
fn form_draft(body: &str) -> Result<(String, MemberDraft), ServiceError> {
    let mut expertise = Vec::new();
    let mut fields = serde_json::Map::new();
    for (k, v) in form_urlencoded::parse(body.as_bytes()) {
        if k == "expertise" {
            expertise.push(v.into_owned());
        } else {
            fields.insert(k.into_owned(), Value::String(v.into_owned()));
        }
    }
    let mut form: ProfileForm =
        serde_json::from_value(Value::Object(fields)).map_err(|e| ServiceError::invalid(format!("the form could not be read: {e}")))?;
    form.f.expertise = expertise.join(", ");
    Ok((form.csrf, form.f))
}

async fn join(State(state): State<Shared>, s: Signed, body: String) -> Result<Response, WebError> {
    let (csrf, f) = form_draft(&body).map_err(page_err(&s))?;
    s.check_csrf(&csrf).map_err(page_err(&s))?;
    if let Err(errors) = f.parse() {
        return Ok(join_page(&s, "/community/join", f, errors.iter().map(|(field, e)| format!("{field}: {e}")).collect()));
    }
    let draft = f.clone();
    match with_ctx(&state, &s, move |c| c.apply_to_join(&draft)).await {
        Ok(_) => Ok(Redirect::to("/community?applied=1").into_response()),
        Err(e) if e.code.http_status() == 422 => Ok(join_page(&s, "/community/join", f, vec![e.message])),
        Err(e) => Err(page_err(&s)(e)),
    }
}

async fn profile_form(State(state): State<Shared>, s: Signed) -> Result<Response, WebError> {
    match with_ctx(&state, &s, |c| c.my_membership()).await.map_err(page_err(&s))? {
        Some(m) => Ok(join_page(&s, "/community/profile", MemberDraft::of(&m), vec![])),
        None => Ok(Redirect::to("/community/join").into_response()),
    }
}

async fn profile_save(State(state): State<Shared>, s: Signed, body: String) -> Result<Response, WebError> {
    let (csrf, f) = form_draft(&body).map_err(page_err(&s))?;
    s.check_csrf(&csrf).map_err(page_err(&s))?;
    if let Err(errors) = f.parse() {
        return Ok(join_page(&s, "/community/profile", f, errors.iter().map(|(field, e)| format!("{field}: {e}")).collect()));
    }
    let draft = f.clone();
    with_ctx(&state, &s, move |c| c.update_my_profile(&draft)).await.map_err(page_err(&s))?;
    Ok(Redirect::to("/community?saved=1").into_response())
}

// ---- find an expert ----

#[derive(Template)]
#[template(path = "community_members.html")]
struct FindPage {
    tr: Tr,
    bar: Option<Bar>,
    nav: CommunityNav,
    q: ExpertQueryText,
    expertise: Vec<(&'static str, &'static str, bool)>,
    regions: Vec<(&'static str, bool)>,
    members: Vec<MemberLine>,
}

#[derive(Deserialize, Default, Clone)]
pub struct ExpertQueryText {
    #[serde(default)]
    country: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    expertise: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    q: String,
}

impl ExpertQueryText {
    fn query(&self) -> ExpertQuery {
        ExpertQuery {
            country: self.country.clone(),
            region: self.region.clone(),
            expertise: self.expertise.clone(),
            language: self.language.clone(),
            q: self.q.clone(),
        }
    }
}

const REGIONS: [&str; 5] = ["Africa", "Americas", "Asia", "Europe", "Oceania"];

async fn find_page(State(state): State<Shared>, s: InCommunity, Query(q): Query<ExpertQueryText>) -> Result<Response, WebError> {
    let tr = Tr::new(s.lang());
    let query = q.query();
    let found = with_ctx(&state, &s, move |c| c.find_experts(&query)).await.map_err(page_err(&s))?;
    Ok(render(&FindPage {
        nav: CommunityNav::of(Some(&s.member), false, "members"),
        expertise: Expertise::ALL.iter().map(|e| (e.code(), tr.t_of("comm.expertise.", e.code()), q.expertise == e.code())).collect(),
        regions: REGIONS.iter().map(|r| (*r, q.region.eq_ignore_ascii_case(r))).collect(),
        members: found.iter().map(|m| line(&tr, m)).collect(),
        q,
        bar: Bar::of(&s),
        tr,
    }))
}

#[derive(Template)]
#[template(path = "community_member.html")]
struct MemberPage {
    tr: Tr,
    bar: Option<Bar>,
    nav: CommunityNav,
    m: MemberLine,
    /// The coordinators' view: vetting text and decisions.
    coordinating: bool,
    own: bool,
    csrf: String,
    decisions: Vec<(&'static str, &'static str)>,
}

async fn member_page(State(state): State<Shared>, s: Signed, Path(id): Path<String>) -> Result<Response, WebError> {
    let tr = Tr::new(s.lang());
    let id = page_id(&s, &id, "member")?;
    let (m, mine, coordinating) = with_ctx(&state, &s, move |c| {
        let m = c.member(id)?;
        Ok((m, c.my_membership()?, c.community_coordinator().is_ok()))
    })
    .await
    .map_err(page_err(&s))?;
    let own = mine.as_ref().is_some_and(|x| x.id == m.id);
    let decisions = if coordinating && !own { decisions_for(&m) } else { vec![] };
    Ok(render(&MemberPage {
        nav: CommunityNav::of(mine.as_ref().filter(|x| x.is_active()), coordinating, "members"),
        decisions: decisions.into_iter().map(|(code, key)| (code, tr.t(key))).collect(),
        m: line(&tr, &m),
        coordinating,
        own,
        csrf: s.csrf(),
        bar: Bar::of(&s),
        tr,
    }))
}

/// The decisions a coordinator may take on a membership where it stands.
fn decisions_for(m: &Member) -> Vec<(&'static str, &'static str)> {
    match m.status {
        MemberStatus::Applied => vec![("approve", "comm.decide.approve"), ("decline", "comm.decide.decline")],
        MemberStatus::Declined => vec![("approve", "comm.decide.approve")],
        MemberStatus::Suspended => vec![("reinstate", "comm.decide.reinstate")],
        MemberStatus::Approved if m.coordinator => {
            vec![("remove_coordinator", "comm.decide.remove_coordinator"), ("suspend", "comm.decide.suspend")]
        }
        MemberStatus::Approved => vec![("make_coordinator", "comm.decide.make_coordinator"), ("suspend", "comm.decide.suspend")],
    }
}

async fn decide_form(
    State(state): State<Shared>,
    s: Coordinating,
    Path(id): Path<String>,
    Form(f): Form<DecisionForm>,
) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let id = page_id(&s, &id, "member")?;
    let decision = Decision::parse(&f.decision).map_err(page_err(&s))?;
    with_ctx(&state, &s, move |c| c.decide_member(id, decision, &f.note)).await.map_err(page_err(&s))?;
    Ok(Redirect::to(&format!("/community/members/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "community_applications.html")]
struct ApplicationsPage {
    tr: Tr,
    bar: Option<Bar>,
    nav: CommunityNav,
    applications: Vec<MemberLine>,
    suspended: Vec<MemberLine>,
}

async fn applications_page(State(state): State<Shared>, s: Coordinating) -> Result<Response, WebError> {
    let tr = Tr::new(s.lang());
    let (applications, suspended) =
        with_ctx(&state, &s, |c| Ok((c.member_applications()?, c.members_with_status(MemberStatus::Suspended)?)))
            .await
            .map_err(page_err(&s))?;
    let member = match &s.reader {
        Reader::Member(m) => Some(m.as_ref()),
        Reader::NodeAdministrator => None,
    };
    Ok(render(&ApplicationsPage {
        nav: CommunityNav::of(member, true, "applications"),
        applications: applications.iter().map(|m| line(&tr, m)).collect(),
        suspended: suspended.iter().map(|m| line(&tr, m)).collect(),
        bar: Bar::of(&s),
        tr,
    }))
}

// ---- API ----

fn api_err(e: ServiceError) -> WebError {
    WebError::api(e)
}

pub async fn api_join(
    State(state): State<Shared>,
    s: Signed,
    body: Result<Json<MemberDraft>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let Json(draft) = body.map_err(|e| api_err(ServiceError::invalid(format!("the body is not a profile: {e}"))))?;
    let m = with_ctx(&state, &s, move |c| c.apply_to_join(&draft)).await.map_err(api_err)?;
    Ok((axum::http::StatusCode::CREATED, Json(m)).into_response())
}

pub async fn api_me(State(state): State<Shared>, s: Signed) -> Result<Response, WebError> {
    let m = with_ctx(&state, &s, |c| c.my_membership()).await.map_err(api_err)?;
    Ok(Json(json!({ "membership": m })).into_response())
}

pub async fn api_find(State(state): State<Shared>, s: InCommunity, Query(q): Query<ExpertQueryText>) -> Result<Response, WebError> {
    let query = q.query();
    let found = with_ctx(&state, &s, move |c| c.find_experts(&query)).await.map_err(api_err)?;
    Ok(Json(json!({ "total": found.len(), "members": found })).into_response())
}

pub async fn api_member(State(state): State<Shared>, s: Signed, Path(id): Path<String>) -> Result<Response, WebError> {
    let id = RecordId::parse(&id).map_err(|_| api_err(ServiceError::not_found("member")))?;
    Ok(Json(with_ctx(&state, &s, move |c| c.member(id)).await.map_err(api_err)?).into_response())
}

pub async fn api_applications(State(state): State<Shared>, s: Coordinating) -> Result<Response, WebError> {
    let list = with_ctx(&state, &s, |c| c.member_applications()).await.map_err(api_err)?;
    Ok(Json(json!({ "applications": list })).into_response())
}

pub async fn api_decide(
    State(state): State<Shared>,
    s: Coordinating,
    Path(id): Path<String>,
    body: Result<Json<Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let id = RecordId::parse(&id).map_err(|_| api_err(ServiceError::not_found("member")))?;
    let Json(v) = body.map_err(|e| api_err(ServiceError::invalid(format!("the body is not JSON: {e}"))))?;
    let decision = Decision::parse(v["decision"].as_str().unwrap_or_default()).map_err(api_err)?;
    let note = v["note"].as_str().unwrap_or_default().to_string();
    Ok(Json(with_ctx(&state, &s, move |c| c.decide_member(id, decision, &note)).await.map_err(api_err)?).into_response())
}

pub fn examples() -> Vec<(&'static str, Value)> {
    let member = json!({
        "id": "019b76da-ab87-7fa2-a3de-4e2a07820090", "user": "019b76da-ab87-7fa2-a3de-4e2a07820091",
        "name": "Ana Kovač", "agency": "State Attorney's Office", "country": "HRV", "position": "Deputy state attorney",
        "languages": ["hr", "en", "es"], "expertise": ["prosecution", "tracing"], "email": "ana.kovac@dorh.hr",
        "contact": "email", "visibility": "community", "about": "Firearms trafficking cases across the Western Balkans.",
        "newsletter": true, "status": "approved", "coordinator": false, "applied_at": "2026-11-02T09:00:00Z",
        "decided_at": "2026-11-03T10:00:00Z", "decided_by": "coordinator", "updated_at": "2026-11-03T10:00:00Z"
    });
    vec![
        (
            "MemberApplication",
            json!({ "name": "Ana Kovač", "agency": "State Attorney's Office", "country": "Croatia", "position": "Deputy state attorney", "languages": "hr, en, es", "expertise": "prosecution, tracing", "email": "ana.kovac@dorh.hr", "contact": "email", "visibility": "community", "motivation": "I prosecute trafficking cases with Serbia and Slovenia.", "newsletter": "on" }),
        ),
        ("Member", member.clone()),
        ("Membership", json!({ "membership": member.clone() })),
        ("Members", json!({ "total": 1, "members": [member.clone()] })),
        ("Applications", json!({ "applications": [member] })),
        ("MemberDecision", json!({ "decision": "approve", "note": "" })),
    ]
}
