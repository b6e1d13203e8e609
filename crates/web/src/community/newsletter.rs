//! The e-newsletter's pages: the archive members read, and for coordinators composing an edition
//! from what is new, editing it, previewing the e-mail exactly as it will be sent, and sending it.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use serde_json::{json, Value};

use armstrace_app::error::ServiceError;
use armstrace_domain::community::newsletter::{stories_text, Edition, EditionDraft, EditionStatus};

use super::{CommunityNav, InCommunity};
use crate::auth::Signed;
use crate::i18n::Tr;
use crate::pages::{api_id, page_err, page_id, render, Bar, TokenForm};
use crate::{with_ctx, Shared, WebError};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/community/newsletter", get(archive_page).post(compose_form))
        .route("/community/newsletter/{id}", get(edition_page).post(update_form))
        .route("/community/newsletter/{id}/preview", get(preview))
        .route("/community/newsletter/{id}/send", post(send_form))
}

/// The e-mail as sent: one self-contained HTML page, inline styles, absolute links.
#[derive(Template)]
#[template(path = "newsletter_mail.html")]
struct MailPage<'a> {
    e: &'a Edition,
    base: &'a str,
    lang: String,
}

fn mail_html(e: &Edition, base: &str) -> Result<String, ServiceError> {
    MailPage { e, base, lang: e.language.to_string() }
        .render()
        .map_err(|x| ServiceError::new(armstrace_app::error::ErrorCode::Internal, format!("the newsletter could not be rendered: {x}")))
}

#[derive(Template)]
#[template(path = "community_newsletter.html")]
struct ArchivePage {
    tr: Tr,
    bar: Option<Bar>,
    nav: CommunityNav,
    csrf: String,
    coordinator: bool,
    /// (id, number, title, status, date, recipients)
    editions: Vec<(String, u32, String, &'static str, String, u32)>,
}

async fn archive_page(State(state): State<Shared>, s: InCommunity) -> Result<Response, WebError> {
    let tr = Tr::new(s.lang());
    let list = with_ctx(&state, &s, |c| c.editions()).await.map_err(page_err(&s))?;
    let coordinator = s.member.coordinator;
    Ok(render(&ArchivePage {
        nav: CommunityNav::of(Some(&s.member), false, "newsletter"),
        csrf: s.csrf(),
        coordinator,
        editions: list
            .iter()
            .map(|e| {
                (
                    e.id.to_string(),
                    e.number,
                    e.title.clone(),
                    tr.t_of("comm.news.status.", e.status.code()),
                    e.sent_at.unwrap_or(e.created_at).to_string().chars().take(10).collect(),
                    e.recipients,
                )
            })
            .collect(),
        bar: Bar::of(&s),
        tr,
    }))
}

async fn compose_form(State(state): State<Shared>, s: Signed, Form(f): Form<TokenForm>) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let e = with_ctx(&state, &s, |c| c.compose_edition()).await.map_err(page_err(&s))?;
    Ok(Redirect::to(&format!("/community/newsletter/{}", e.id)).into_response())
}

#[derive(Template)]
#[template(path = "community_edition.html")]
struct EditionPage {
    tr: Tr,
    bar: Option<Bar>,
    nav: CommunityNav,
    csrf: String,
    id: String,
    draft: bool,
    title: String,
    language: String,
    intro: String,
    /// (id, kind label, title, summary, link, included)
    items: Vec<(String, &'static str, String, String, String, bool)>,
    stories: String,
    /// (heading, text) of the stories.
    story_blocks: Vec<(String, String)>,
    sent: String,
    recipients: u32,
}

async fn edition_page(State(state): State<Shared>, s: InCommunity, Path(id): Path<String>) -> Result<Response, WebError> {
    let tr = Tr::new(s.lang());
    let id = page_id(&s, &id, "edition")?;
    let e = with_ctx(&state, &s, move |c| c.edition(id)).await.map_err(page_err(&s))?;
    Ok(render(&EditionPage {
        nav: CommunityNav::of(Some(&s.member), false, "newsletter"),
        csrf: s.csrf(),
        id: e.id.to_string(),
        draft: e.status == EditionStatus::Draft,
        title: e.title.clone(),
        language: e.language.to_string(),
        intro: e.intro.clone(),
        items: e
            .items
            .iter()
            .map(|i| (i.id.to_string(), tr.t_of("comm.news.kind.", &i.kind), i.title.clone(), i.summary.clone(), i.link.clone(), i.include))
            .collect(),
        stories: stories_text(&e.stories),
        story_blocks: e.stories.iter().map(|x| (x.heading.clone(), x.text.clone())).collect(),
        sent: e.sent_at.map(|t| t.to_string().chars().take(10).collect()).unwrap_or_default(),
        recipients: e.recipients,
        bar: Bar::of(&s),
        tr,
    }))
}

/// The form: repeated `include` checkboxes and the other fields.
fn edition_form(body: &str) -> (String, EditionDraft) {
    let mut d = EditionDraft::default();
    let mut csrf = String::new();
    for (k, v) in form_urlencoded::parse(body.as_bytes()) {
        match k.as_ref() {
            "csrf" => csrf = v.into_owned(),
            "title" => d.title = v.into_owned(),
            "language" => d.language = v.into_owned(),
            "intro" => d.intro = v.into_owned(),
            "stories" => d.stories = v.into_owned(),
            "include" => d.include.push(v.into_owned()),
            _ => {}
        }
    }
    (csrf, d)
}

async fn update_form(State(state): State<Shared>, s: Signed, Path(id): Path<String>, body: String) -> Result<Response, WebError> {
    let (csrf, d) = edition_form(&body);
    s.check_csrf(&csrf).map_err(page_err(&s))?;
    let id = page_id(&s, &id, "edition")?;
    with_ctx(&state, &s, move |c| c.update_edition(id, &d)).await.map_err(page_err(&s))?;
    Ok(Redirect::to(&format!("/community/newsletter/{id}")).into_response())
}

async fn preview(State(state): State<Shared>, s: InCommunity, Path(id): Path<String>) -> Result<Response, WebError> {
    let id = page_id(&s, &id, "edition")?;
    let (e, base) = with_ctx(&state, &s, move |c| Ok((c.edition(id)?, c.public_url()))).await.map_err(page_err(&s))?;
    let html = mail_html(&e, &base).map_err(page_err(&s))?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Html(html)).into_response())
}

async fn send_form(State(state): State<Shared>, s: Signed, Path(id): Path<String>, Form(f): Form<TokenForm>) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let id = page_id(&s, &id, "edition")?;
    with_ctx(&state, &s, move |c| {
        let e = c.edition(id)?;
        let html = mail_html(&e, &c.public_url())?;
        c.send_edition(id, &html)
    })
    .await
    .map_err(page_err(&s))?;
    Ok(Redirect::to(&format!("/community/newsletter/{id}")).into_response())
}

// ---- API ----

pub async fn api_list(State(state): State<Shared>, s: Signed) -> Result<Response, WebError> {
    let list = with_ctx(&state, &s, |c| c.editions()).await.map_err(WebError::api)?;
    Ok(Json(json!({ "editions": list })).into_response())
}

pub async fn api_read(State(state): State<Shared>, s: Signed, Path(id): Path<String>) -> Result<Response, WebError> {
    let id = api_id(&id, "edition")?;
    Ok(Json(with_ctx(&state, &s, move |c| c.edition(id)).await.map_err(WebError::api)?).into_response())
}

pub async fn api_compose(State(state): State<Shared>, s: Signed) -> Result<Response, WebError> {
    let e = with_ctx(&state, &s, |c| c.compose_edition()).await.map_err(WebError::api)?;
    Ok((StatusCode::CREATED, Json(e)).into_response())
}

pub async fn api_update(
    State(state): State<Shared>,
    s: Signed,
    Path(id): Path<String>,
    body: Result<Json<EditionDraft>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let id = api_id(&id, "edition")?;
    let Json(d) = body.map_err(|e| WebError::api(ServiceError::invalid(format!("the body is not an edition: {e}"))))?;
    Ok(Json(with_ctx(&state, &s, move |c| c.update_edition(id, &d)).await.map_err(WebError::api)?).into_response())
}

pub async fn api_send(State(state): State<Shared>, s: Signed, Path(id): Path<String>) -> Result<Response, WebError> {
    let id = api_id(&id, "edition")?;
    let e = with_ctx(&state, &s, move |c| {
        let e = c.edition(id)?;
        let html = mail_html(&e, &c.public_url())?;
        c.send_edition(id, &html)
    })
    .await
    .map_err(WebError::api)?;
    Ok(Json(e).into_response())
}

pub fn examples() -> Vec<(&'static str, Value)> {
    let e = json!({
        "id": "019b76da-ab87-7fa2-a3de-4e2a078200b0", "number": 3,
        "title": "Community of Practitioners — e-newsletter no. 3, November 2026", "language": "en",
        "intro": "News of the Community since the last edition.",
        "items": [{ "id": "019b76da-ab87-7fa2-a3de-4e2a078200a0", "kind": "case", "title": "Converted alarm pistols sold online", "summary": "A network converted alarm pistols and sold them online.", "link": "/community/cases/019b76da-ab87-7fa2-a3de-4e2a078200a0", "include": true }],
        "stories": [{ "topic": "legislation", "heading": "A new firearms act", "text": "The act criminalises the illicit manufacturing of parts." }],
        "status": "sent", "from_day": 20_400, "to_day": 20_414, "created_by": "coordinator", "created_at": "2026-11-20T09:00:00Z",
        "updated_at": "2026-11-21T09:00:00Z", "sent_at": "2026-11-21T09:00:00Z", "sent_by": "coordinator", "recipients": 148
    });
    vec![
        ("Editions", json!({ "editions": [e.clone()] })),
        ("Edition", e),
        (
            "EditionChange",
            json!({ "title": "Community of Practitioners — e-newsletter no. 3, November 2026", "language": "en", "intro": "News of the Community since the last edition.", "include": ["019b76da-ab87-7fa2-a3de-4e2a078200a0"], "stories": "legislation: A new firearms act\nThe act criminalises the illicit manufacturing of parts." }),
        ),
    ]
}
