//! Events and activities of the Community: the list (upcoming and past, with filters), a month
//! calendar, an activity's page with "I take part", the coordinators' form, iCalendar files for
//! the members' own calendars, and the API's handlers (listed in the `api!` table of
//! [`crate::api`]).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use armstrace_app::community::activity::{ActivityQuery, ActivityView};
use armstrace_app::community::Reader;
use armstrace_app::error::ServiceError;
use armstrace_domain::community::activity::{month_weeks, Activity, ActivityDraft, ActivityType, Focus};
use armstrace_domain::community::ical;
use armstrace_domain::community::Member;
use armstrace_domain::id::RecordId;
use armstrace_domain::time::{civil_from_days, days_from_civil};

use super::{CommunityNav, Coordinating, InCommunity};
use crate::auth::{url_encode, Signed};
use crate::i18n::Tr;
use crate::pages::{api_id, page_err, render, Bar, TokenForm};
use crate::{with_ctx, Shared, WebError};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/community/events", get(list_page).post(create_form))
        .route("/community/events.ics", get(calendar_file))
        .route("/community/events/new", get(new_form))
        .route("/community/events/calendar", get(calendar_page))
        // `{id}` or `{id}.ics`: the activity's page or its iCalendar file.
        .route("/community/events/{id}", get(activity_page).post(update_form))
        .route("/community/events/{id}/edit", get(edit_form))
        .route("/community/events/{id}/delete", post(delete_form))
        .route("/community/events/{id}/participation", post(participation_form))
}

fn today() -> i64 {
    crate::now().unix_millis().div_euclid(86_400_000)
}

fn day_text(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// An activity as a line of a list.
pub struct Line {
    id: String,
    title: String,
    dates: String,
    place: String,
    types: Vec<&'static str>,
    countries: String,
    participants: String,
    language: String,
}

fn line(tr: &Tr, a: &Activity) -> Line {
    Line {
        id: a.id.to_string(),
        title: a.title.clone(),
        dates: a.dates(),
        place: a.place.describe(),
        types: a.types.iter().map(|t| tr.t_of("comm.events.type.", t.code())).collect(),
        countries: a.participating_countries.iter().map(|c| c.name()).collect::<Vec<_>>().join(", "),
        participants: a.participants.clone(),
        language: a.language.to_string(),
    }
}

fn member_of(reader: &Reader) -> Option<&Member> {
    match reader {
        Reader::Member(m) => Some(m.as_ref()),
        Reader::NodeAdministrator => None,
    }
}

/// (code, label, selected)
type Options = Vec<(&'static str, &'static str, bool)>;

fn type_options(tr: &Tr, selected: &[&str]) -> Options {
    ActivityType::ALL.iter().map(|t| (t.code(), tr.t_of("comm.events.type.", t.code()), selected.contains(&t.code()))).collect()
}

fn focus_options(tr: &Tr, selected: &[&str]) -> Options {
    Focus::ALL.iter().map(|t| (t.code(), tr.t_of("comm.events.focus.", t.code()), selected.contains(&t.code()))).collect()
}

// ---- the list ----

#[derive(Template)]
#[template(path = "community_events.html")]
struct ListPage {
    tr: Tr,
    bar: Option<Bar>,
    nav: CommunityNav,
    q: ActivityQuery,
    types: Options,
    focus: Options,
    upcoming: Vec<Line>,
    past: Vec<Line>,
    show_upcoming: bool,
    show_past: bool,
    /// The filters as a query string (for the calendar file of the same selection).
    query: String,
    deleted: bool,
}

#[derive(Deserialize, Default)]
struct ListParams {
    #[serde(flatten)]
    q: ActivityQuery,
    #[serde(default)]
    deleted: Option<String>,
}

fn query_string(q: &ActivityQuery) -> String {
    format!(
        "when={}&year={}&country={}&type={}&focus={}&q={}&language={}",
        url_encode(&q.when),
        url_encode(&q.year),
        url_encode(&q.country),
        url_encode(&q.kind),
        url_encode(&q.focus),
        url_encode(&q.q),
        url_encode(&q.language)
    )
}

async fn list_page(State(state): State<Shared>, s: InCommunity, Query(p): Query<ListParams>) -> Result<Response, WebError> {
    let tr = Tr::new(s.lang());
    let q = p.q;
    let query = q.clone();
    let found = with_ctx(&state, &s, move |c| c.activities(&query)).await.map_err(page_err(&s))?;
    let today = today();
    let (mut upcoming, past): (Vec<&Activity>, Vec<&Activity>) = found.iter().partition(|a| a.is_upcoming(today));
    upcoming.sort_by_key(|a| a.first_day());
    let mut past = past;
    past.sort_by_key(|a| std::cmp::Reverse(a.first_day()));
    Ok(render(&ListPage {
        nav: CommunityNav::of(Some(&s.member), false, "events"),
        types: type_options(&tr, &[q.kind.as_str()]),
        focus: focus_options(&tr, &[q.focus.as_str()]),
        upcoming: upcoming.iter().map(|a| line(&tr, a)).collect(),
        past: past.iter().map(|a| line(&tr, a)).collect(),
        show_upcoming: q.when != "past",
        show_past: q.when != "upcoming",
        query: query_string(&q),
        deleted: p.deleted.is_some(),
        q,
        bar: Bar::of(&s),
        tr,
    }))
}

// ---- the calendar ----

pub struct Cell {
    day: u32,
    date: String,
    in_month: bool,
    today: bool,
    /// (id, title)
    activities: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "community_events_calendar.html")]
struct CalendarPage {
    tr: Tr,
    bar: Option<Bar>,
    nav: CommunityNav,
    /// `2019-11`
    month: String,
    month_name: &'static str,
    year: i32,
    prev: String,
    next: String,
    weekdays: Vec<&'static str>,
    weeks: Vec<Vec<Cell>>,
    count: usize,
}

#[derive(Deserialize, Default)]
struct MonthParams {
    /// `YYYY-MM`; empty: this month.
    #[serde(default)]
    month: String,
}

fn parse_month(s: &str) -> Option<(i32, u8)> {
    let (y, m) = s.trim().split_once('-')?;
    let (y, m) = (y.parse::<i32>().ok()?, m.parse::<u8>().ok()?);
    ((1800..=2100).contains(&y) && (1..=12).contains(&m)).then_some((y, m))
}

const MONTHS: [&str; 12] = [
    "comm.events.month.1",
    "comm.events.month.2",
    "comm.events.month.3",
    "comm.events.month.4",
    "comm.events.month.5",
    "comm.events.month.6",
    "comm.events.month.7",
    "comm.events.month.8",
    "comm.events.month.9",
    "comm.events.month.10",
    "comm.events.month.11",
    "comm.events.month.12",
];
const WEEKDAYS: [&str; 7] = [
    "comm.events.weekday.mon",
    "comm.events.weekday.tue",
    "comm.events.weekday.wed",
    "comm.events.weekday.thu",
    "comm.events.weekday.fri",
    "comm.events.weekday.sat",
    "comm.events.weekday.sun",
];

async fn calendar_page(State(state): State<Shared>, s: InCommunity, Query(p): Query<MonthParams>) -> Result<Response, WebError> {
    let tr = Tr::new(s.lang());
    let today = today();
    let (year, month) = if p.month.trim().is_empty() {
        let (y, m, _) = civil_from_days(today);
        (y as i32, m as u8)
    } else {
        parse_month(&p.month).ok_or_else(|| {
            page_err(&s)(ServiceError::invalid(format!("month: \"{}\" is not a month; write it as YYYY-MM, e.g. 2019-11", p.month)))
        })?
    };
    let weeks = month_weeks(year, month);
    let (from, to) = (weeks.first().map_or(0, |w| w[0]), weeks.last().map_or(0, |w| w[6]));
    let q = ActivityQuery { from_day: Some(from), to_day: Some(to), ..Default::default() };
    let found = with_ctx(&state, &s, move |c| c.activities(&q)).await.map_err(page_err(&s))?;
    let first = days_from_civil(year as i64, month as u32, 1);
    let last = first + armstrace_domain::time::days_in_month(year as i64, month as u32) as i64 - 1;
    let weeks = weeks
        .iter()
        .map(|w| {
            w.iter()
                .map(|&d| Cell {
                    day: civil_from_days(d).2,
                    date: day_text(d),
                    in_month: (first..=last).contains(&d),
                    today: d == today,
                    // A meeting of several days is on each of its days.
                    activities: found.iter().filter(|a| a.overlaps(d, d)).map(|a| (a.id.to_string(), a.title.clone())).collect(),
                })
                .collect()
        })
        .collect();
    let (py, pm) = if month == 1 { (year - 1, 12) } else { (year, month - 1) };
    let (ny, nm) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    Ok(render(&CalendarPage {
        nav: CommunityNav::of(Some(&s.member), false, "events"),
        month: format!("{year:04}-{month:02}"),
        month_name: tr.t(MONTHS[(month - 1) as usize]),
        year,
        prev: format!("{py:04}-{pm:02}"),
        next: format!("{ny:04}-{nm:02}"),
        weekdays: WEEKDAYS.iter().map(|k| tr.t(k)).collect(),
        weeks,
        count: found.iter().filter(|a| a.overlaps(first, last)).count(),
        bar: Bar::of(&s),
        tr,
    }))
}

// ---- iCalendar ----

fn event_of(a: &Activity) -> ical::Event {
    let mut description = a.description.clone();
    if !a.participants.is_empty() {
        description = format!("{description}\n\n{}", a.participants);
    }
    if !a.note.is_empty() {
        description = format!("{description}\n\n{}", a.note);
    }
    ical::Event {
        uid: format!("{}@armstrace", a.id),
        stamp: a.updated_at,
        first_day: a.first_day(),
        last_day: a.last_day(),
        summary: a.title.clone(),
        location: a.place.describe(),
        description: description.trim().to_string(),
        // The node's public address is not known here; the page is found by the UID's record id.
        url: String::new(),
        categories: a.types.iter().map(|t| t.label().to_string()).collect(),
    }
}

fn ics_response(name: &str, file: &str, activities: &[Activity]) -> Response {
    let body = ical::calendar(name, &activities.iter().map(event_of).collect::<Vec<_>>());
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
        ],
        body,
    )
        .into_response()
}

/// Every activity the list's filters select (all of them by default), for a calendar application.
async fn calendar_file(State(state): State<Shared>, s: InCommunity, Query(q): Query<ActivityQuery>) -> Result<Response, WebError> {
    let found = with_ctx(&state, &s, move |c| c.activities(&q)).await.map_err(page_err(&s))?;
    Ok(ics_response(Tr::new(s.lang()).t("comm.events.title"), "community-events.ics", &found))
}

// ---- an activity ----

#[derive(Template)]
#[template(path = "community_events_activity.html")]
struct ActivityPage {
    tr: Tr,
    bar: Option<Bar>,
    nav: CommunityNav,
    csrf: String,
    saved: bool,
    a: Activity,
    l: Line,
    focus: Vec<&'static str>,
    budget: String,
    v: ActivityView,
}

#[derive(Deserialize, Default)]
struct SavedParams {
    #[serde(default)]
    saved: Option<String>,
}

fn parse_id(s: &Signed, id: &str) -> Result<RecordId, WebError> {
    RecordId::parse(id).map_err(|_| page_err(s)(ServiceError::not_found("activity")))
}

async fn activity_page(
    State(state): State<Shared>,
    s: InCommunity,
    Path(id): Path<String>,
    Query(p): Query<SavedParams>,
) -> Result<Response, WebError> {
    if let Some(id) = id.strip_suffix(".ics") {
        let id = parse_id(&s, id)?;
        let v = with_ctx(&state, &s, move |c| c.activity(id)).await.map_err(page_err(&s))?;
        let name = v.activity.title.clone();
        return Ok(ics_response(&name, &format!("activity-{id}.ics"), &[v.activity]));
    }
    let tr = Tr::new(s.lang());
    let id = parse_id(&s, &id)?;
    let v = with_ctx(&state, &s, move |c| c.activity(id)).await.map_err(page_err(&s))?;
    let a = v.activity.clone();
    Ok(render(&ActivityPage {
        nav: CommunityNav::of(Some(&s.member), false, "events"),
        csrf: s.csrf(),
        saved: p.saved.is_some(),
        l: line(&tr, &a),
        focus: a.focus.iter().map(|f| tr.t_of("comm.events.focus.", f.code())).collect(),
        budget: a.budget.map(|b| b.to_string()).unwrap_or_default(),
        a,
        v,
        bar: Bar::of(&s),
        tr,
    }))
}

#[derive(Deserialize)]
struct ParticipationForm {
    #[serde(default)]
    csrf: String,
    /// `yes` or `no`.
    #[serde(default)]
    take_part: String,
}

async fn participation_form(
    State(state): State<Shared>,
    s: InCommunity,
    Path(id): Path<String>,
    axum::Form(f): axum::Form<ParticipationForm>,
) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let id = parse_id(&s, &id)?;
    let yes = f.take_part == "yes";
    with_ctx(&state, &s, move |c| c.take_part(id, yes)).await.map_err(page_err(&s))?;
    Ok(Redirect::to(&format!("/community/events/{id}")).into_response())
}

// ---- the coordinators' form ----

#[derive(Template)]
#[template(path = "community_events_form.html")]
struct FormPage {
    tr: Tr,
    bar: Option<Bar>,
    nav: CommunityNav,
    csrf: String,
    action: String,
    f: ActivityDraft,
    types: Options,
    focus: Options,
    errors: Vec<String>,
}

fn form_page(s: &Coordinating, action: String, f: ActivityDraft, errors: Vec<String>) -> Response {
    let tr = Tr::new(s.lang());
    let chosen_types: Vec<&str> = f.types.lines().map(str::trim).collect();
    let chosen_focus: Vec<&str> = f.focus.lines().map(str::trim).collect();
    let page = FormPage {
        nav: CommunityNav::of(member_of(&s.reader), true, "events"),
        csrf: s.csrf(),
        action,
        types: type_options(&tr, &chosen_types),
        focus: focus_options(&tr, &chosen_focus),
        f: f.clone(),
        errors,
        bar: Bar::of(s),
        tr,
    };
    let status = if page.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    (status, render(&page)).into_response()
}

async fn new_form(s: Coordinating) -> Response {
    let f = ActivityDraft { language: s.lang().code().to_string(), ..Default::default() };
    form_page(&s, "/community/events".into(), f, vec![])
}

async fn edit_form(State(state): State<Shared>, s: Coordinating, Path(id): Path<String>) -> Result<Response, WebError> {
    let id = parse_id(&s, &id)?;
    let v = with_ctx(&state, &s, move |c| c.activity(id)).await.map_err(page_err(&s))?;
    Ok(form_page(&s, format!("/community/events/{id}"), ActivityDraft::of(&v.activity), vec![]))
}

/// The form's checkboxes (types, focus) arrive as repeated fields: one entry a line.
fn form_draft(body: &str) -> Result<(String, ActivityDraft), ServiceError> {
    let mut fields = serde_json::Map::new();
    let (mut types, mut focus) = (Vec::new(), Vec::new());
    let mut csrf = String::new();
    for (k, v) in form_urlencoded::parse(body.as_bytes()) {
        match k.as_ref() {
            "types" => types.push(v.into_owned()),
            "focus" => focus.push(v.into_owned()),
            "csrf" => csrf = v.into_owned(),
            _ => {
                fields.insert(k.into_owned(), Value::String(v.into_owned()));
            }
        }
    }
    let mut f: ActivityDraft =
        serde_json::from_value(Value::Object(fields)).map_err(|e| ServiceError::invalid(format!("the form could not be read: {e}")))?;
    f.types = types.join("\n");
    f.focus = focus.join("\n");
    Ok((csrf, f))
}

async fn save(state: Shared, s: Coordinating, id: Option<RecordId>, body: String) -> Result<Response, WebError> {
    let (csrf, f) = form_draft(&body).map_err(page_err(&s))?;
    s.check_csrf(&csrf).map_err(page_err(&s))?;
    let action = id.map_or("/community/events".to_string(), |id| format!("/community/events/{id}"));
    if let Err(errors) = f.parse() {
        return Ok(form_page(&s, action, f, errors.iter().map(|(_, e)| e.to_string()).collect()));
    }
    let draft = f.clone();
    let saved = with_ctx(&state, &s, move |c| match id {
        Some(id) => c.update_activity(id, &draft),
        None => c.create_activity(&draft),
    })
    .await;
    match saved {
        Ok(a) => Ok(Redirect::to(&format!("/community/events/{}?saved=1", a.id)).into_response()),
        Err(e) if e.code.http_status() == 422 => Ok(form_page(&s, action, f, vec![e.message])),
        Err(e) => Err(page_err(&s)(e)),
    }
}

async fn create_form(State(state): State<Shared>, s: Coordinating, body: String) -> Result<Response, WebError> {
    save(state, s, None, body).await
}

async fn update_form(State(state): State<Shared>, s: Coordinating, Path(id): Path<String>, body: String) -> Result<Response, WebError> {
    let id = parse_id(&s, &id)?;
    save(state, s, Some(id), body).await
}

async fn delete_form(
    State(state): State<Shared>,
    s: Coordinating,
    Path(id): Path<String>,
    axum::Form(f): axum::Form<TokenForm>,
) -> Result<Response, WebError> {
    s.check_csrf(&f.csrf).map_err(page_err(&s))?;
    let id = parse_id(&s, &id)?;
    with_ctx(&state, &s, move |c| c.delete_activity(id)).await.map_err(page_err(&s))?;
    Ok(Redirect::to("/community/events?deleted=1").into_response())
}

// ---- API ----

fn api_err(e: ServiceError) -> WebError {
    WebError::api(e)
}

fn api_draft(body: Result<Json<Value>, axum::extract::rejection::JsonRejection>) -> Result<ActivityDraft, WebError> {
    let Json(v) = body.map_err(|e| api_err(ServiceError::invalid(format!("the body is not an activity: {}", e.body_text()))))?;
    serde_path_to_error::deserialize::<_, ActivityDraft>(v).map_err(|e| {
        let path = e.path().to_string();
        api_err(ServiceError::invalid(if path == "." {
            format!("the body is not an activity: {}", e.inner())
        } else {
            format!("{path}: {}", e.inner())
        }))
    })
}

pub async fn api_list(State(state): State<Shared>, s: InCommunity, Query(q): Query<ActivityQuery>) -> Result<Response, WebError> {
    let found = with_ctx(&state, &s, move |c| c.activities(&q)).await.map_err(api_err)?;
    Ok(Json(json!({ "total": found.len(), "activities": found })).into_response())
}

pub async fn api_read(State(state): State<Shared>, s: InCommunity, Path(id): Path<String>) -> Result<Response, WebError> {
    let id = api_id(&id, "activity")?;
    Ok(Json(with_ctx(&state, &s, move |c| c.activity(id)).await.map_err(api_err)?).into_response())
}

pub async fn api_create(
    State(state): State<Shared>,
    s: Coordinating,
    body: Result<Json<Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let draft = api_draft(body)?;
    let a = with_ctx(&state, &s, move |c| c.create_activity(&draft)).await.map_err(api_err)?;
    Ok((StatusCode::CREATED, Json(a)).into_response())
}

pub async fn api_update(
    State(state): State<Shared>,
    s: Coordinating,
    Path(id): Path<String>,
    body: Result<Json<Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let id = api_id(&id, "activity")?;
    let draft = api_draft(body)?;
    Ok(Json(with_ctx(&state, &s, move |c| c.update_activity(id, &draft)).await.map_err(api_err)?).into_response())
}

pub async fn api_delete(State(state): State<Shared>, s: Coordinating, Path(id): Path<String>) -> Result<Response, WebError> {
    let id = api_id(&id, "activity")?;
    with_ctx(&state, &s, move |c| c.delete_activity(id)).await.map_err(api_err)?;
    Ok(Json(json!({ "deleted": id })).into_response())
}

/// `{"take_part": true}` or `{"take_part": false}`.
#[derive(Deserialize)]
pub struct Participation {
    pub take_part: bool,
}

pub async fn api_participation(
    State(state): State<Shared>,
    s: InCommunity,
    Path(id): Path<String>,
    body: Result<Json<Participation>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let id = api_id(&id, "activity")?;
    let Json(p) =
        body.map_err(|e| api_err(ServiceError::invalid(format!("the body is not {{\"take_part\": true|false}}: {}", e.body_text()))))?;
    Ok(Json(with_ctx(&state, &s, move |c| c.take_part(id, p.take_part)).await.map_err(api_err)?).into_response())
}

/// Example bodies of the activities' operations.
pub fn examples() -> Vec<(&'static str, Value)> {
    let draft = json!({
        "title": "Regional meeting for the Community of Practitioners against Firearms Trafficking and Related Offences in Latin America",
        "start": "2021-12-13",
        "end": "2021-12-14",
        "city": "Panama City",
        "country": "PAN",
        "description": "Criminal justice practitioners from Latin American countries exchange and analyse real-life cases of firearms trafficking for the Digest of Illicit Firearms Cases.",
        "types": ["institutional_capacity_building", "sensitization_outreach"],
        "focus": ["regional_cooperation", "tracing", "transfer_controls"],
        "partners": ["Panama"],
        "implementers": ["Interpol", "United Nations Office on Drugs and Crime (UNODC)"],
        "donors": ["European Union (EU)"],
        "budget": "3248537.00",
        "currency": "EUR",
        "contact_person": "Simonetta Grassi",
        "contact_role": "Chief of Firearms Trafficking Section",
        "contact_organisation": "United Nations Office on Drugs and Crime – UNODC, Firearms Trafficking Section",
        "contact_phone": "(+43-1) 26060",
        "contact_email": "simonetta.grassi@un.org",
        "participating_countries": ["MEX", "COL", "PAN"],
        "participants": "criminal justice practitioners from Latin American countries",
        "programme": ["2021-12-14 | Cases of diverted firearms"],
        "documents": ["Agenda | https://www.unodc.org/documents/firearms-protocol/agenda.pdf"],
        "outcomes": "",
        "language": "en",
        "project": "Countering transnational illicit arms trafficking through the implementation of the United Nations Convention Against Transnational Organized Crime and its Firearms Protocol",
        "project_description": "",
        "source": "UNODC Global Firearms Programme, activity record",
        "note": ""
    });
    let activity = json!({
        "id": "019b76da-ab87-7fa2-a3de-4e2a078200a0",
        "title": "Regional meeting for the Community of Practitioners against Firearms Trafficking and Related Offences in Latin America",
        "start": "2021-12-13",
        "end": "2021-12-14",
        "place": { "city": "Panama City", "venue": "", "country": "PAN" },
        "description": "Criminal justice practitioners from Latin American countries exchange and analyse real-life cases of firearms trafficking for the Digest of Illicit Firearms Cases.",
        "types": ["institutional_capacity_building", "sensitization_outreach"],
        "focus": ["regional_cooperation", "tracing", "transfer_controls"],
        "partners": ["Panama"],
        "implementers": ["Interpol", "United Nations Office on Drugs and Crime (UNODC)"],
        "donors": ["European Union (EU)"],
        "budget": { "cents": 324853700, "currency": "EUR" },
        "contact": { "person": "Simonetta Grassi", "role": "Chief of Firearms Trafficking Section", "organisation": "United Nations Office on Drugs and Crime – UNODC, Firearms Trafficking Section", "phone": "(+43-1) 26060", "email": "simonetta.grassi@un.org" },
        "participating_countries": ["MEX", "COL", "PAN"],
        "participants": "criminal justice practitioners from Latin American countries",
        "participating_members": ["019b76da-ab87-7fa2-a3de-4e2a07820090"],
        "programme": [{ "date": "2021-12-14", "title": "Cases of diverted firearms" }],
        "documents": [{ "title": "Agenda", "url": "https://www.unodc.org/documents/firearms-protocol/agenda.pdf" }],
        "outcomes": "",
        "language": "en",
        "project": "Countering transnational illicit arms trafficking through the implementation of the United Nations Convention Against Transnational Organized Crime and its Firearms Protocol",
        "project_description": "",
        "source": "UNODC Global Firearms Programme, activity record",
        "note": "",
        "created_at": "2021-12-14T00:00:00Z",
        "created_by": "Ana Kovač",
        "updated_at": "2021-12-14T00:00:00Z",
        "updated_by": "Ana Kovač"
    });
    let view = json!({
        "activity": activity.clone(),
        "members": [{ "id": "019b76da-ab87-7fa2-a3de-4e2a07820090", "name": "Ana Kovač", "country": "HRV" }],
        "other_members": 0,
        "taking_part": true,
        "may_take_part": true,
        "may_edit": true
    });
    vec![
        ("NewActivity", draft),
        ("Activity", activity.clone()),
        ("Activities", json!({ "total": 1, "activities": [activity] })),
        ("ActivityView", view),
        ("Participation", json!({ "take_part": true })),
    ]
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_examples_are_what_the_code_reads() {
        let ex: std::collections::HashMap<_, _> = examples().into_iter().collect();
        let draft: ActivityDraft = serde_json::from_value(ex["NewActivity"].clone()).unwrap();
        draft.parse().unwrap();
        serde_json::from_value::<Activity>(ex["Activity"].clone()).unwrap();
        serde_json::from_value::<ActivityView>(ex["ActivityView"].clone()).unwrap();
        serde_json::from_value::<Participation>(ex["Participation"].clone()).unwrap();
    }

    #[test]
    fn months_are_read_as_written() {
        assert_eq!(parse_month("2019-11"), Some((2019, 11)));
        assert_eq!(parse_month("2019-13"), None);
        assert_eq!(parse_month("november"), None);
    }
}
