//! The Community's discussion: the thread list, a thread with its replies, a new thread, editing
//! one's post, reporting a post, the coordinators' reports queue and moderation, and each member's
//! notifications; and the handlers of the discussion's API operations (listed in [`crate::api`]).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use armstrace_app::community::discussion::{
    ModerationAction, ModerationRequest, PostDraft, ReportDraft, ReportView, ThreadQuery, ThreadView,
};
use armstrace_app::error::ServiceError;
use armstrace_domain::community::discussion::{pieces, Piece, Post, Region, Thread, ThreadDraft, Topic};
use armstrace_domain::community::Member;
use armstrace_domain::id::RecordId;
use armstrace_domain::time::Timestamp;

use super::{CommunityNav, Coordinating, InCommunity};
use crate::auth::{self, Signed};
use crate::i18n::Tr;
use crate::pages::{api_id, page_err, render, Bar};
use crate::{with_ctx, Shared, WebError};

const PAGE_SIZE: u64 = 30;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/community/discussion", get(list_page).post(create_form))
        .route("/community/discussion/new", get(new_form))
        .route("/community/discussion/reports", get(reports_page))
        .route("/community/discussion/moderate", post(moderate_form))
        .route("/community/discussion/{id}", get(thread_page))
        .route("/community/discussion/{id}/reply", post(reply_form))
        .route("/community/discussion/posts/{id}/edit", get(edit_form).post(edit_save))
        .route("/community/discussion/posts/{id}/report", post(report_form))
        .route("/community/notifications", get(notifications_page))
        .route("/community/notifications/read", post(mark_read_form))
}

// ---- what pages show ----

/// "2026-11-23 10:05 UTC".
fn when(t: Timestamp) -> String {
    let s = t.to_string();
    format!("{} {} UTC", s.get(..10).unwrap_or(""), s.get(11..16).unwrap_or(""))
}

/// A piece of a post's text: plain text, a line break, or a mention linking to a profile.
pub struct PieceView {
    text: String,
    line_break: bool,
    /// The member's profile, for a mention.
    link: String,
}

fn piece_views(body: &str, post: &Post) -> Vec<PieceView> {
    pieces(body, &post.mentions)
        .into_iter()
        .map(|p| match p {
            Piece::Text(text) => PieceView { text, line_break: false, link: String::new() },
            Piece::Break => PieceView { text: String::new(), line_break: true, link: String::new() },
            Piece::Mention { username, member } => {
                PieceView { text: format!("@{username}"), line_break: false, link: format!("/community/members/{member}") }
            }
        })
        .collect()
}

pub struct ThreadLine {
    id: String,
    title: String,
    topic: &'static str,
    region: &'static str,
    language: String,
    author: String,
    replies: u32,
    last: String,
    locked: bool,
}

fn thread_line(tr: &Tr, t: &Thread) -> ThreadLine {
    ThreadLine {
        id: t.id.to_string(),
        title: t.title.clone(),
        topic: tr.t_of("comm.disc.topic.", t.topic.code()),
        region: tr.t_of("comm.disc.region.", t.region.code()),
        language: t.language.as_str().to_string(),
        author: t.author_name.clone(),
        replies: t.replies,
        last: when(t.last_post_at),
        locked: t.is_locked(),
    }
}

pub struct PostLine {
    id: String,
    author: String,
    author_member: String,
    posted: String,
    edited: String,
    opening: bool,
    hidden: bool,
    /// Who hid it, when and why (the reason for coordinators and the post's author).
    hidden_note: String,
    pieces: Vec<PieceView>,
    may_edit: bool,
    /// A member other than its author may report it.
    may_report: bool,
}

fn post_line(v: &ThreadView, p: &Post, me: RecordId) -> PostLine {
    let hidden_note = p
        .hidden
        .as_ref()
        .map(|h| {
            let mut parts = vec![when(h.at)];
            if !h.by.is_empty() {
                parts.push(h.by.clone());
            }
            if !h.reason.is_empty() {
                parts.push(h.reason.clone());
            }
            parts.join(" · ")
        })
        .unwrap_or_default();
    PostLine {
        id: p.id.to_string(),
        author: p.author_name.clone(),
        author_member: p.author.to_string(),
        posted: when(p.posted_at),
        edited: p.edited_at.map(when).unwrap_or_default(),
        opening: p.opening,
        hidden: p.hidden.is_some(),
        hidden_note,
        pieces: piece_views(&p.body, p),
        may_edit: v.may_edit(p, me),
        may_report: v.may_reply && p.author_user != me && p.hidden.is_none(),
    }
}

/// (code, label, selected) options of a filter or a form.
type Options = Vec<(&'static str, &'static str, bool)>;

fn topics(tr: &Tr, selected: &str) -> Options {
    Topic::ALL.iter().map(|t| (t.code(), tr.t_of("comm.disc.topic.", t.code()), t.code() == selected)).collect()
}

fn regions(tr: &Tr, selected: &str) -> Options {
    Region::ALL.iter().map(|r| (r.code(), tr.t_of("comm.disc.region.", r.code()), r.code() == selected)).collect()
}

/// The reader's membership (if active) and whether they moderate: what the Community's menu needs.
async fn nav_of(state: &Shared, s: &Signed, current: &'static str) -> Result<(CommunityNav, Option<Member>), WebError> {
    let (mine, coordinator) = with_ctx(state, s, |c| {
        let mine = c.my_membership()?.filter(|m| m.is_active());
        Ok((mine, c.community_coordinator().is_ok()))
    })
    .await
    .map_err(page_err(s))?;
    Ok((CommunityNav::of(mine.as_ref(), coordinator, current), mine))
}

fn parse_id(s: &Signed, id: &str, what: &str) -> Result<RecordId, WebError> {
    RecordId::parse(id).map_err(|_| page_err(s)(ServiceError::not_found(what)))
}

// ---- the thread list ----

#[derive(Deserialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default)]
    topic: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    offset: u64,
    #[serde(default)]
    limit: Option<u64>,
}

impl ListQuery {
    fn query(&self) -> ThreadQuery {
        ThreadQuery { topic: self.topic.clone(), region: self.region.clone(), language: self.language.clone(), q: self.q.clone() }
    }
}

#[derive(Template)]
#[template(path = "community_discussion.html")]
struct ListPage {
    tr: Tr,
    bar: Option<Bar>,
    nav: CommunityNav,
    member: bool,
    unread: u64,
    q: String,
    language: String,
    topics: Options,
    regions: Options,
    total: u64,
    threads: Vec<ThreadLine>,
    prev: Option<String>,
    next: Option<String>,
}

async fn list_page(State(state): State<Shared>, s: Signed, Query(q): Query<ListQuery>) -> Result<Response, WebError> {
    let tr = Tr::new(s.lang());
    let (nav, mine) = nav_of(&state, &s, "discussion").await?;
    let (query, offset) = (q.query(), q.offset);
    let (listed, unread) = with_ctx(&state, &s, move |c| Ok((c.discussion_threads(&query, offset, PAGE_SIZE)?, c.unread_notifications()?)))
        .await
        .map_err(page_err(&s))?;
    let link = |offset: u64| {
        format!(
            "/community/discussion?topic={}&region={}&language={}&q={}&offset={offset}",
            auth::url_encode(&q.topic),
            auth::url_encode(&q.region),
            auth::url_encode(&q.language),
            auth::url_encode(&q.q),
        )
    };
    Ok(render(&ListPage {
        nav,
        member: mine.is_some(),
        unread,
        q: q.q.clone(),
        language: q.language.clone(),
        topics: topics(&tr, q.topic.trim()),
        regions: regions(&tr, q.region.trim()),
        total: listed.total,
        threads: listed.records.iter().map(|t| thread_line(&tr, t)).collect(),
        prev: (q.offset > 0).then(|| link(q.offset.saturating_sub(PAGE_SIZE))),
        next: (q.offset + PAGE_SIZE < listed.total).then(|| link(q.offset + PAGE_SIZE)),
        bar: Bar::of(&s),
        tr,
    }))
}

// ---- a new thread ----

#[derive(Template)]
#[template(path = "community_discussion_new.html")]
struct NewPage {
    tr: Tr,
    bar: Option<Bar>,
    nav: CommunityNav,
    csrf: String,
    f: ThreadDraft,
    topics: Options,
    regions: Options,
    errors: Vec<String>,
}

fn new_page(s: &InCommunity, f: ThreadDraft, errors: Vec<String>) -> Response {
    let tr = Tr::new(s.lang());
    let page = NewPage {
        nav: CommunityNav::of(Some(&s.member), false, "discussion"),
        csrf: s.csrf(),
        topics: topics(&tr, f.topic.trim()),
        regions: regions(&tr, f.region.trim()),
        f,
        errors,
        bar: Bar::of(s),
        tr,
    };
    let status = if page.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    (status, render(&page)).into_response()
}

async fn new_form(s: InCommunity) -> Response {
    // The member's first working language is the likely language of what they write.
    let language = s.member.languages.first().map(|l| l.to_string()).unwrap_or_else(|| s.lang().code().to_string());
    let f = ThreadDraft { topic: Topic::General.code().into(), region: Region::Global.code().into(), language, ..Default::default() };
    new_page(&s, f, vec![])
}

#[derive(Deserialize)]
struct ThreadForm {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    f: ThreadDraft,
}

async fn create_form(State(state): State<Shared>, s: InCommunity, Form(form): Form<ThreadForm>) -> Result<Response, WebError> {
    s.check_csrf(&form.csrf).map_err(page_err(&s))?;
    if let Err(errors) = form.f.parse() {
        return Ok(new_page(&s, form.f, errors.iter().map(|(field, e)| format!("{field}: {e}")).collect()));
    }
    let draft = form.f.clone();
    match with_ctx(&state, &s, move |c| c.start_thread(&draft)).await {
        Ok(v) => Ok(Redirect::to(&format!("/community/discussion/{}", v.thread.id)).into_response()),
        Err(e) if e.code.http_status() == 422 => Ok(new_page(&s, form.f, vec![e.message])),
        Err(e) => Err(page_err(&s)(e)),
    }
}

// ---- a thread ----

#[derive(Template)]
#[template(path = "community_discussion_thread.html")]
struct ThreadPage {
    tr: Tr,
    bar: Option<Bar>,
    nav: CommunityNav,
    csrf: String,
    t: ThreadLine,
    opened: String,
    locked_note: String,
    posts: Vec<PostLine>,
    coordinator: bool,
    may_reply: bool,
    open_reports: usize,
    notice: &'static str,
}

#[derive(Deserialize, Default)]
struct Notice {
    #[serde(default)]
    done: String,
}

async fn thread_page(
    State(state): State<Shared>,
    s: Signed,
    Path(id): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let tr = Tr::new(s.lang());
    let id = parse_id(&s, &id, "thread")?;
    let (nav, _) = nav_of(&state, &s, "discussion").await?;
    let v = with_ctx(&state, &s, move |c| {
        let v = c.discussion_thread(id)?;
        // Opening the thread is reading what one was named in.
        c.read_thread_notifications(id)?;
        Ok(v)
    })
    .await
    .map_err(page_err(&s))?;
    let me = s.principal.user;
    let notice = match n.done.as_str() {
        "reported" => "comm.disc.done.reported",
        "moderated" => "comm.disc.done.moderated",
        "edited" => "comm.disc.done.edited",
        _ => "",
    };
    Ok(render(&ThreadPage {
        nav,
        csrf: s.csrf(),
        t: thread_line(&tr, &v.thread),
        opened: when(v.thread.opened_at),
        locked_note: v.thread.locked.as_ref().map(|l| format!("{} · {} · {}", when(l.at), l.by, l.reason)).unwrap_or_default(),
        posts: v.posts.iter().map(|p| post_line(&v, p, me)).collect(),
        coordinator: v.coordinator,
        may_reply: v.may_reply,
        open_reports: v.open_reports,
        notice,
        bar: Bar::of(&s),
        tr,
    }))
}

#[derive(Deserialize)]
struct BodyForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    body: String,
}

async fn reply_form(
    State(state): State<Shared>,
    s: InCommunity,
    Path(id): Path<String>,
    Form(f): Form<BodyForm>,
) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let id = parse_id(&s, &id, "thread")?;
    let post = with_ctx(&state, &s, move |c| c.reply(id, &PostDraft { body: f.body })).await.map_err(page_err(&s))?;
    Ok(Redirect::to(&format!("/community/discussion/{id}#post-{}", post.id)).into_response())
}

#[derive(Template)]
#[template(path = "community_discussion_edit.html")]
struct EditPage {
    tr: Tr,
    bar: Option<Bar>,
    nav: CommunityNav,
    csrf: String,
    post: String,
    thread: String,
    thread_title: String,
    body: String,
}

async fn edit_form(State(state): State<Shared>, s: InCommunity, Path(id): Path<String>) -> Result<Response, WebError> {
    let tr = Tr::new(s.lang());
    let id = parse_id(&s, &id, "post")?;
    let me = s.principal.user;
    let (post, v) = with_ctx(&state, &s, move |c| {
        let thread = c.thread_of_post(id)?;
        let v = c.discussion_thread(thread)?;
        let post = v.posts.iter().find(|p| p.id == id).cloned().ok_or_else(|| ServiceError::not_found("post"))?;
        Ok((post, v))
    })
    .await
    .map_err(page_err(&s))?;
    if !v.may_edit(&post, me) {
        return Err(page_err(&s)(ServiceError::forbidden(
            "only its author changes a post, while the thread is open and the post not hidden",
        )));
    }
    Ok(render(&EditPage {
        nav: CommunityNav::of(Some(&s.member), false, "discussion"),
        csrf: s.csrf(),
        post: post.id.to_string(),
        thread: v.thread.id.to_string(),
        thread_title: v.thread.title.clone(),
        body: post.body,
        bar: Bar::of(&s),
        tr,
    }))
}

async fn edit_save(
    State(state): State<Shared>,
    s: InCommunity,
    Path(id): Path<String>,
    Form(f): Form<BodyForm>,
) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let id = parse_id(&s, &id, "post")?;
    let post = with_ctx(&state, &s, move |c| c.edit_post(id, &PostDraft { body: f.body })).await.map_err(page_err(&s))?;
    Ok(Redirect::to(&format!("/community/discussion/{}?done=edited#post-{}", post.thread, post.id)).into_response())
}

#[derive(Deserialize)]
struct ReasonForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    reason: String,
}

async fn report_form(
    State(state): State<Shared>,
    s: InCommunity,
    Path(id): Path<String>,
    Form(f): Form<ReasonForm>,
) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let id = parse_id(&s, &id, "post")?;
    let r = with_ctx(&state, &s, move |c| c.report_post(id, &ReportDraft { reason: f.reason })).await.map_err(page_err(&s))?;
    Ok(Redirect::to(&format!("/community/discussion/{}?done=reported#post-{id}", r.thread)).into_response())
}

// ---- moderation ----

#[derive(Deserialize)]
struct ModerateForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    reason: String,
    /// `reports`: back to the queue; otherwise to the thread.
    #[serde(default)]
    from: String,
}

async fn moderate_form(State(state): State<Shared>, s: Coordinating, Form(f): Form<ModerateForm>) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let action = ModerationAction::parse(&f.action).map_err(page_err(&s))?;
    let id = parse_id(&s, &f.id, "post, thread or report")?;
    let req = ModerationRequest { action, id, reason: f.reason };
    let done = with_ctx(&state, &s, move |c| c.moderate(&req)).await.map_err(page_err(&s))?;
    if f.from == "reports" {
        Ok(Redirect::to("/community/discussion/reports").into_response())
    } else {
        Ok(Redirect::to(&format!("/community/discussion/{}?done=moderated", done.thread)).into_response())
    }
}

pub struct ReportLine {
    id: String,
    thread: String,
    thread_title: String,
    post: String,
    post_author: String,
    post_hidden: bool,
    pieces: Vec<PieceView>,
    reason: String,
    by: String,
    at: String,
    open: bool,
    status: &'static str,
    decision: String,
}

fn report_line(tr: &Tr, r: &ReportView) -> ReportLine {
    ReportLine {
        id: r.report.id.to_string(),
        thread: r.report.thread.to_string(),
        thread_title: r.thread_title.clone(),
        post: r.post.id.to_string(),
        post_author: r.post.author_name.clone(),
        post_hidden: r.post.hidden.is_some(),
        pieces: piece_views(&r.post.body, &r.post),
        reason: r.report.reason.clone(),
        by: r.report.by_name.clone(),
        at: when(r.report.at),
        open: r.report.closed.is_none(),
        status: tr.t_of("comm.disc.report.", r.report.status.code()),
        decision: r.report.closed.as_ref().map(|d| format!("{} · {} · {}", when(d.at), d.by, d.reason)).unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "community_discussion_reports.html")]
struct ReportsPage {
    tr: Tr,
    bar: Option<Bar>,
    nav: CommunityNav,
    csrf: String,
    closed: bool,
    reports: Vec<ReportLine>,
}

#[derive(Deserialize, Default)]
pub struct ReportsQuery {
    #[serde(default)]
    closed: Option<String>,
}

async fn reports_page(State(state): State<Shared>, s: Coordinating, Query(q): Query<ReportsQuery>) -> Result<Response, WebError> {
    let tr = Tr::new(s.lang());
    let closed = q.closed.is_some();
    let (nav, _) = nav_of(&state, &s, "discussion").await?;
    let reports = with_ctx(&state, &s, move |c| c.discussion_reports(closed)).await.map_err(page_err(&s))?;
    Ok(render(&ReportsPage {
        nav,
        csrf: s.csrf(),
        closed,
        reports: reports.iter().map(|r| report_line(&tr, r)).collect(),
        bar: Bar::of(&s),
        tr,
    }))
}

// ---- notifications ----

pub struct NotificationLine {
    id: String,
    link: String,
    by: String,
    thread_title: String,
    at: String,
    unread: bool,
}

#[derive(Template)]
#[template(path = "community_notifications.html")]
struct NotificationsPage {
    tr: Tr,
    bar: Option<Bar>,
    nav: CommunityNav,
    csrf: String,
    unread: u64,
    notifications: Vec<NotificationLine>,
}

async fn notifications_page(State(state): State<Shared>, s: InCommunity) -> Result<Response, WebError> {
    let tr = Tr::new(s.lang());
    let n = with_ctx(&state, &s, |c| c.my_notifications()).await.map_err(page_err(&s))?;
    Ok(render(&NotificationsPage {
        nav: CommunityNav::of(Some(&s.member), s.member.coordinator, "discussion"),
        csrf: s.csrf(),
        unread: n.unread,
        notifications: n
            .notifications
            .iter()
            .map(|x| NotificationLine {
                id: x.id.to_string(),
                link: format!("/community/discussion/{}#post-{}", x.thread, x.post),
                by: x.by_name.clone(),
                thread_title: x.thread_title.clone(),
                at: when(x.at),
                unread: x.read_at.is_none(),
            })
            .collect(),
        bar: Bar::of(&s),
        tr,
    }))
}

#[derive(Deserialize)]
struct MarkForm {
    #[serde(default)]
    csrf: String,
    /// One notification; empty: all.
    #[serde(default)]
    id: String,
}

async fn mark_read_form(State(state): State<Shared>, s: InCommunity, Form(f): Form<MarkForm>) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let ids = match f.id.trim() {
        "" => vec![],
        id => vec![parse_id(&s, id, "notification")?],
    };
    with_ctx(&state, &s, move |c| c.mark_notifications_read(&ids)).await.map_err(page_err(&s))?;
    Ok(Redirect::to("/community/notifications").into_response())
}

// ---- API ----

fn api_err(e: ServiceError) -> WebError {
    WebError::api(e)
}

/// A JSON body of type `T`, or a message naming the field that is wrong.
fn body_of<T: serde::de::DeserializeOwned>(
    body: Result<Json<Value>, axum::extract::rejection::JsonRejection>,
    what: &str,
) -> Result<T, WebError> {
    let invalid = |m: String| api_err(ServiceError::invalid(m));
    let Json(v) = body.map_err(|e| invalid(format!("the body is not {what}: {}", e.body_text())))?;
    serde_path_to_error::deserialize::<_, T>(v).map_err(|e| {
        let path = e.path().to_string();
        if path == "." {
            invalid(format!("the body is not {what}: {}", e.inner()))
        } else {
            invalid(format!("{path}: {}", e.inner()))
        }
    })
}

type JsonBody = Result<Json<Value>, axum::extract::rejection::JsonRejection>;

pub async fn api_threads(State(state): State<Shared>, s: Signed, Query(q): Query<ListQuery>) -> Result<Response, WebError> {
    let (query, offset, limit) = (q.query(), q.offset, q.limit.unwrap_or(50));
    Ok(Json(with_ctx(&state, &s, move |c| c.discussion_threads(&query, offset, limit)).await.map_err(api_err)?).into_response())
}

pub async fn api_thread(State(state): State<Shared>, s: Signed, Path(id): Path<String>) -> Result<Response, WebError> {
    let id = api_id(&id, "thread")?;
    Ok(Json(with_ctx(&state, &s, move |c| c.discussion_thread(id)).await.map_err(api_err)?).into_response())
}

pub async fn api_start(State(state): State<Shared>, s: InCommunity, body: JsonBody) -> Result<Response, WebError> {
    let draft: ThreadDraft = body_of(body, "a thread")?;
    let v = with_ctx(&state, &s, move |c| c.start_thread(&draft)).await.map_err(api_err)?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

#[derive(Deserialize)]
struct BodyJson {
    body: String,
}

pub async fn api_reply(State(state): State<Shared>, s: InCommunity, Path(id): Path<String>, body: JsonBody) -> Result<Response, WebError> {
    let id = api_id(&id, "thread")?;
    let b: BodyJson = body_of(body, "a post")?;
    let p = with_ctx(&state, &s, move |c| c.reply(id, &PostDraft { body: b.body })).await.map_err(api_err)?;
    Ok((StatusCode::CREATED, Json(p)).into_response())
}

pub async fn api_edit(State(state): State<Shared>, s: InCommunity, Path(id): Path<String>, body: JsonBody) -> Result<Response, WebError> {
    let id = api_id(&id, "post")?;
    let b: BodyJson = body_of(body, "a post")?;
    Ok(Json(with_ctx(&state, &s, move |c| c.edit_post(id, &PostDraft { body: b.body })).await.map_err(api_err)?).into_response())
}

#[derive(Deserialize)]
struct ReasonJson {
    reason: String,
}

pub async fn api_report(State(state): State<Shared>, s: InCommunity, Path(id): Path<String>, body: JsonBody) -> Result<Response, WebError> {
    let id = api_id(&id, "post")?;
    let b: ReasonJson = body_of(body, "a report")?;
    let r = with_ctx(&state, &s, move |c| c.report_post(id, &ReportDraft { reason: b.reason })).await.map_err(api_err)?;
    Ok((StatusCode::CREATED, Json(r)).into_response())
}

pub async fn api_reports(State(state): State<Shared>, s: Coordinating, Query(q): Query<ReportsQuery>) -> Result<Response, WebError> {
    let closed = q.closed.as_deref().is_some_and(|v| matches!(v, "1" | "true" | "on" | "yes"));
    let reports = with_ctx(&state, &s, move |c| c.discussion_reports(closed)).await.map_err(api_err)?;
    Ok(Json(json!({ "reports": reports })).into_response())
}

pub async fn api_moderate(State(state): State<Shared>, s: Coordinating, body: JsonBody) -> Result<Response, WebError> {
    let req: ModerationRequest = body_of(body, "a moderation decision")?;
    Ok(Json(with_ctx(&state, &s, move |c| c.moderate(&req)).await.map_err(api_err)?).into_response())
}

pub async fn api_notifications(State(state): State<Shared>, s: InCommunity) -> Result<Response, WebError> {
    Ok(Json(with_ctx(&state, &s, |c| c.my_notifications()).await.map_err(api_err)?).into_response())
}

#[derive(Deserialize, Default)]
struct MarkJson {
    #[serde(default)]
    ids: Vec<RecordId>,
}

pub async fn api_mark_read(State(state): State<Shared>, s: InCommunity, body: JsonBody) -> Result<Response, WebError> {
    let m: MarkJson = body_of(body, "a list of notifications")?;
    let marked = with_ctx(&state, &s, move |c| c.mark_notifications_read(&m.ids)).await.map_err(api_err)?;
    Ok(Json(json!({ "marked": marked })).into_response())
}

/// Example bodies of the discussion's operations.
pub fn examples() -> Vec<(&'static str, Value)> {
    let thread = json!({
        "id": "019b76da-ab87-7fa2-a3de-4e2a078200a0", "title": "Tracing requests for converted alarm pistols",
        "topic": "tracing", "region": "europe", "language": "en",
        "author": "019b76da-ab87-7fa2-a3de-4e2a07820090", "author_user": "019b76da-ab87-7fa2-a3de-4e2a07820091",
        "author_name": "Ana Kovač", "opened_at": "2026-11-20T09:00:00Z", "last_post_at": "2026-11-21T14:30:00Z", "replies": 1
    });
    let opening = json!({
        "id": "019b76da-ab87-7fa2-a3de-4e2a078200a1", "thread": "019b76da-ab87-7fa2-a3de-4e2a078200a0",
        "author": "019b76da-ab87-7fa2-a3de-4e2a07820090", "author_user": "019b76da-ab87-7fa2-a3de-4e2a07820091",
        "author_name": "Ana Kovač",
        "body": "Has anyone had a tracing answer for a converted alarm pistol? @marko.petrovic you had one last year.",
        "posted_at": "2026-11-20T09:00:00Z",
        "mentions": [{ "username": "marko.petrovic", "member": "019b76da-ab87-7fa2-a3de-4e2a07820092", "user": "019b76da-ab87-7fa2-a3de-4e2a07820093" }],
        "opening": true
    });
    let reply = json!({
        "id": "019b76da-ab87-7fa2-a3de-4e2a078200a2", "thread": "019b76da-ab87-7fa2-a3de-4e2a078200a0",
        "author": "019b76da-ab87-7fa2-a3de-4e2a07820092", "author_user": "019b76da-ab87-7fa2-a3de-4e2a07820093",
        "author_name": "Marko Petrović", "body": "Yes: we sent the frame's markings and photographs of the barrel.\nThe answer took six weeks.",
        "posted_at": "2026-11-21T14:30:00Z", "edited_at": "2026-11-21T14:41:00Z", "mentions": [], "opening": false
    });
    let report = json!({
        "id": "019b76da-ab87-7fa2-a3de-4e2a078200a3", "thread": "019b76da-ab87-7fa2-a3de-4e2a078200a0",
        "post": "019b76da-ab87-7fa2-a3de-4e2a078200a2", "by": "019b76da-ab87-7fa2-a3de-4e2a07820094",
        "by_user": "019b76da-ab87-7fa2-a3de-4e2a07820095", "by_name": "Lucía Fernández",
        "reason": "It names a suspect's home address.", "at": "2026-11-21T15:00:00Z", "status": "open"
    });
    let notification = json!({
        "id": "019b76da-ab87-7fa2-a3de-4e2a078200a4", "user": "019b76da-ab87-7fa2-a3de-4e2a07820093",
        "thread": "019b76da-ab87-7fa2-a3de-4e2a078200a0", "post": "019b76da-ab87-7fa2-a3de-4e2a078200a1",
        "thread_title": "Tracing requests for converted alarm pistols", "by_name": "Ana Kovač", "at": "2026-11-20T09:00:00Z"
    });
    let view =
        json!({ "thread": thread.clone(), "posts": [opening, reply.clone()], "coordinator": false, "may_reply": true, "open_reports": 0 });
    vec![
        ("DiscussionThreads", json!({ "total": 1, "total_capped": false, "offset": 0, "limit": 50, "records": [thread] })),
        ("DiscussionThread", view),
        (
            "NewDiscussionThread",
            json!({ "title": "Tracing requests for converted alarm pistols", "topic": "tracing", "region": "europe", "language": "en", "body": "Has anyone had a tracing answer for a converted alarm pistol? @marko.petrovic you had one last year." }),
        ),
        (
            "NewDiscussionPost",
            json!({ "body": "Yes: we sent the frame's markings and photographs of the barrel.\nThe answer took six weeks." }),
        ),
        ("DiscussionPost", reply),
        ("DiscussionReportDraft", json!({ "reason": "It names a suspect's home address." })),
        ("DiscussionReport", report.clone()),
        (
            "DiscussionReports",
            json!({ "reports": [{ "report": report, "post": { "id": "019b76da-ab87-7fa2-a3de-4e2a078200a2", "thread": "019b76da-ab87-7fa2-a3de-4e2a078200a0", "author": "019b76da-ab87-7fa2-a3de-4e2a07820092", "author_user": "019b76da-ab87-7fa2-a3de-4e2a07820093", "author_name": "Marko Petrović", "body": "The suspect lives at ...", "posted_at": "2026-11-21T14:30:00Z", "mentions": [], "opening": false }, "thread_title": "Tracing requests for converted alarm pistols" }] }),
        ),
        (
            "DiscussionModeration",
            json!({ "action": "hide", "id": "019b76da-ab87-7fa2-a3de-4e2a078200a2", "reason": "Personal data of a suspect; the rest of the answer is in the reply below." }),
        ),
        (
            "DiscussionModerated",
            json!({ "action": "hide", "record_type": "post", "id": "019b76da-ab87-7fa2-a3de-4e2a078200a2", "thread": "019b76da-ab87-7fa2-a3de-4e2a078200a0", "by": "coordinator", "at": "2026-11-21T15:20:00Z", "reason": "Personal data of a suspect; the rest of the answer is in the reply below.", "reports_closed": 1 }),
        ),
        ("CommunityNotifications", json!({ "unread": 1, "notifications": [notification] })),
        ("NotificationsRead", json!({ "ids": ["019b76da-ab87-7fa2-a3de-4e2a078200a4"] })),
        ("NotificationsMarked", json!({ "marked": 1 })),
    ]
}
