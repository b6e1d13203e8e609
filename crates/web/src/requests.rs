//! Pages of the requests between countries: what is pending with other countries in one place
//! (drafts, outgoing, incoming, overdue), the statistics of answers by country, one request with
//! what it still lacks (a clean print page), the point of contact's steps, and a tracing request
//! prepared from an item's trace.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use armstrace_app::error::ServiceError;
use armstrace_app::requests::{Move, RequestView};
use armstrace_domain::access::Action;
use armstrace_domain::request::{CooperationRequest, Direction, Outcome, Status, Urgency};

use crate::auth::{AnswerRequests, Can, ReadRequests, Trace};
use crate::i18n::Tr;
use crate::pages::{page_err, page_id, render, Bar};
use crate::{with_ctx, Shared, WebError};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/requests", get(pending))
        .route("/requests/{id}", get(one).post(complete))
        .route("/requests/{id}/steps", post(step))
        .route("/items/{id}/trace-request", post(prepare))
}

pub struct Line {
    pub id: String,
    pub kind: &'static str,
    pub country: String,
    pub reference: String,
    pub status: &'static str,
    pub due: String,
    pub overdue: bool,
}

fn line(v: &RequestView) -> Line {
    let r = &v.request;
    let other = if r.direction == Direction::Outgoing { r.requested_country } else { r.requesting_country };
    Line {
        id: r.meta.id.to_string(),
        kind: r.kind.code(),
        country: other.name().to_string(),
        reference: r.case_reference.clone(),
        status: r.status.code(),
        due: v.acknowledge_by.clone().or(v.answer_by.clone()).map(|d| d.chars().take(10).collect()).unwrap_or_default(),
        overdue: v.overdue,
    }
}

#[derive(Template)]
#[template(path = "requests.html")]
struct PendingPage {
    tr: Tr,
    bar: Option<Bar>,
    overdue: usize,
    sections: Vec<(&'static str, Vec<Line>)>,
    statistics: Vec<StatisticsRow>,
}

/// Country, sent, answered, traced, median days to answer, overdue.
type StatisticsRow = (String, u64, u64, u64, String, u64);

async fn pending(State(state): State<Shared>, s: Can<ReadRequests>) -> Result<Response, WebError> {
    let s = s.signed;
    let tr = Tr::new(s.lang());
    let (p, stats) = with_ctx(&state, &s, |ctx| Ok((ctx.pending_requests()?, ctx.request_statistics()?))).await.map_err(page_err(&s))?;
    let statistics = stats
        .into_iter()
        .map(|(c, st)| {
            let name = armstrace_domain::country::CountryCode::from_alpha3(&c).map(|c| c.name().to_string()).unwrap_or(c);
            (
                name,
                st.sent,
                st.answered,
                st.traced,
                st.median_days_to_answer.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
                st.overdue,
            )
        })
        .collect();
    Ok(render(&PendingPage {
        overdue: p.overdue,
        sections: vec![
            (tr.t("requests.drafts"), p.drafts.iter().map(line).collect()),
            (tr.t("requests.outgoing"), p.outgoing.iter().map(line).collect()),
            (tr.t("requests.incoming"), p.incoming.iter().map(line).collect()),
        ],
        statistics,
        bar: Bar::of(&s),
        tr,
    }))
}

#[derive(Template)]
#[template(path = "request.html")]
struct RequestPage {
    tr: Tr,
    bar: Option<Bar>,
    id: String,
    r: CooperationRequest,
    kind: &'static str,
    status: &'static str,
    requesting: String,
    requested: String,
    missing: Vec<(&'static str, &'static str)>,
    acknowledge_by: String,
    answer_by: String,
    overdue: bool,
    outcome: String,
    editable: bool,
    can_step: bool,
    incoming: bool,
    csrf: String,
    message: Option<String>,
}

fn outcome_text(o: &Option<Outcome>) -> String {
    match o {
        None => String::new(),
        Some(Outcome::Traced) => "traced".into(),
        Some(Outcome::Answered) => "answered".into(),
        Some(Outcome::NotTraced { reason }) => format!("not traced: {reason}"),
        Some(Outcome::Refused { reason }) => format!("refused: {reason}"),
    }
}

fn page(tr: Tr, s: &crate::auth::Signed, v: RequestView, message: Option<String>) -> Response {
    let r = v.request;
    let mine = r.meta.agency == s.principal.agency;
    let editable = mine && (r.status == Status::Draft || (r.direction == Direction::Incoming && r.status.is_open()));
    render(&RequestPage {
        id: r.meta.id.to_string(),
        kind: r.kind.code(),
        status: r.status.code(),
        requesting: r.requesting_country.name().to_string(),
        requested: r.requested_country.name().to_string(),
        missing: v.missing.iter().map(|m| (m.field, m.why)).collect(),
        acknowledge_by: v.acknowledge_by.unwrap_or_default().chars().take(10).collect(),
        answer_by: v.answer_by.unwrap_or_default().chars().take(10).collect(),
        overdue: v.overdue,
        outcome: outcome_text(&r.outcome),
        editable,
        can_step: mine
            && (s.principal.may(Action::Cooperate)
                || (r.kind == armstrace_domain::request::RequestKind::LicenceVerification && s.principal.may(Action::ManageLicences))),
        incoming: r.direction == Direction::Incoming,
        csrf: s.csrf(),
        message,
        bar: Bar::of(s),
        tr,
        r,
    })
}

async fn one(State(state): State<Shared>, s: Can<ReadRequests>, Path(id): Path<String>) -> Result<Response, WebError> {
    let s = s.signed;
    let tr = Tr::new(s.lang());
    let id = page_id(&s, &id, "request")?;
    let v = with_ctx(&state, &s, move |ctx| {
        let mut v = ctx.request_view(id)?;
        // An incoming request still to be answered comes with the answer the node's records give
        // (the national trace of the item, or the licence registry), for the handler to review.
        let r = &v.request;
        let mine = r.meta.agency == ctx.who.agency;
        if mine && r.direction == Direction::Incoming && r.status.is_open() && r.answer.trim().is_empty() {
            let suggested = match r.kind {
                armstrace_domain::request::RequestKind::LicenceVerification
                    if ctx.who.may(Action::ManageLicences) || ctx.who.may(Action::Cooperate) =>
                {
                    ctx.verify_licence(id).ok()
                }
                armstrace_domain::request::RequestKind::Tracing if ctx.who.may(Action::Cooperate) => ctx.compose_answer(id).ok(),
                _ => None,
            };
            if let Some((_, text)) = suggested {
                v.request.answer = text;
            }
        }
        Ok(v)
    })
    .await
    .map_err(page_err(&s))?;
    Ok(page(tr, &s, v, None))
}

#[derive(Deserialize)]
struct CompleteForm {
    csrf: String,
    #[serde(default)]
    case_reference: String,
    #[serde(default)]
    urgency: String,
    #[serde(default)]
    requested_authority: String,
    #[serde(default)]
    legal_basis: String,
    #[serde(default)]
    intended_use: String,
    #[serde(default)]
    circumstances: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    answer: String,
    #[serde(default)]
    assigned_to: String,
}

/// Completes a draft (or prepares the answer of an incoming request) from the page's form.
async fn complete(
    State(state): State<Shared>,
    s: Can<Trace>,
    Path(id): Path<String>,
    Form(f): Form<CompleteForm>,
) -> Result<Response, WebError> {
    let s = s.signed;
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let id = page_id(&s, &id, "request")?;
    with_ctx(&state, &s, move |ctx| {
        let mut r = ctx.get::<CooperationRequest>(id)?;
        if r.direction == Direction::Incoming {
            r.answer = f.answer;
            r.assigned_to = f.assigned_to;
        } else {
            r.case_reference = f.case_reference;
            r.urgency = match f.urgency.as_str() {
                "urgent" => Urgency::Urgent,
                "immediate" => Urgency::Immediate,
                _ => Urgency::Routine,
            };
            r.requested_authority = f.requested_authority;
            r.legal_basis = f.legal_basis;
            r.intended_use = f.intended_use;
            r.circumstances = f.circumstances;
            r.subject = f.subject;
        }
        ctx.update(id, r, None)
    })
    .await
    .map_err(page_err(&s))?;
    Ok(Redirect::to(&format!("/requests/{id}")).into_response())
}

#[derive(Deserialize)]
struct StepForm {
    csrf: String,
    step: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    answer: String,
    #[serde(default)]
    their_reference: String,
}

async fn step(
    State(state): State<Shared>,
    s: Can<AnswerRequests>,
    Path(id): Path<String>,
    Form(f): Form<StepForm>,
) -> Result<Response, WebError> {
    let s = s.signed;
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let tr = Tr::new(s.lang());
    let id = page_id(&s, &id, "request")?;
    let mv = match f.step.as_str() {
        "send" => Move::Send,
        "acknowledge" => Move::Acknowledge { their_reference: f.their_reference },
        "withdraw" => Move::Withdraw { reason: f.reason },
        "answer" => Move::Answer {
            outcome: match f.outcome.as_str() {
                "traced" => Outcome::Traced,
                "not_traced" => Outcome::NotTraced { reason: f.reason },
                "refused" => Outcome::Refused { reason: f.reason },
                _ => Outcome::Answered,
            },
            answer: f.answer,
        },
        other => return Err(page_err(&s)(ServiceError::invalid(format!("step: '{other}' is not send, acknowledge, answer or withdraw")))),
    };
    let moved = with_ctx(&state, &s, move |ctx| ctx.move_request(id, mv)).await;
    match moved {
        Ok(_) => Ok(Redirect::to(&format!("/requests/{id}")).into_response()),
        // What is missing is shown on the request itself, not on an error page.
        Err(e) if e.code == armstrace_app::error::ErrorCode::InvalidInput => {
            let v = with_ctx(&state, &s, move |ctx| ctx.request_view(id)).await.map_err(page_err(&s))?;
            Ok(page(tr, &s, v, Some(e.message)))
        }
        Err(e) => Err(page_err(&s)(e)),
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    csrf: String,
}

async fn prepare(
    State(state): State<Shared>,
    s: Can<Trace>,
    Path(id): Path<String>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, WebError> {
    let s = s.signed;
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let id = page_id(&s, &id, "item")?;
    let v = with_ctx(&state, &s, move |ctx| ctx.draft_trace_request(id)).await.map_err(page_err(&s))?;
    Ok(Redirect::to(&format!("/requests/{}", v.request.meta.id)).into_response())
}
