//! The JSON API, `/api/v1`. Same services, same policy, same audit as the pages; errors are
//! `{"error": {"code": ..., "message": ...}}` with the codes of `armstrace_app::error::ERROR_TABLE`.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use armstrace_app::error::{ServiceError, ERROR_TABLE};
use armstrace_app::records::Ctx;
use armstrace_app::seizure::SeizureForm;
use armstrace_domain::access::Role;
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::history::HistoryEvent;
use armstrace_domain::id::RecordId;
use armstrace_domain::item::Item;

use crate::auth::{Can, EditRecords, ReadPersons, RecordSeizure, ShareRecords, Signed};
use crate::pages::{item_filter, ItemQuery};
use crate::{blocking, now, Shared, WebError};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/me", get(me))
        .route("/agencies", get(list_agencies))
        .route("/errors", get(errors))
        .route("/items", get(list_items).post(create_item))
        .route("/items/{id}", get(get_item).put(update_item))
        .route("/items/{id}/grants", get(item_grants).post(share_item))
        .route("/parties", get(list_parties))
        .route("/parties/{id}", get(get_party))
        .route("/incidents", get(list_incidents))
        .route("/incidents/{id}", get(get_incident))
        .route("/licences", get(list_licences))
        .route("/ballistics/exhibits", get(list_exhibits))
        .route("/ballistics/hits", get(list_hits))
        .route("/licences/{id}", get(get_licence))
        .route("/nomenclature/{list}", get(nomenclature_list))
        .route("/seizures/check", axum::routing::post(check_seizure))
        .route("/seizures", axum::routing::post(record_seizure))
}

fn id(s: &str, what: &str) -> Result<RecordId, WebError> {
    RecordId::parse(s).map_err(|_| WebError::api(ServiceError::not_found(what)))
}

fn ctx_run<T: Send + 'static>(
    state: &Shared,
    s: &Signed,
    f: impl FnOnce(&Ctx) -> Result<T, ServiceError> + Send + 'static,
) -> impl std::future::Future<Output = Result<T, WebError>> {
    let st = state.clone();
    let (p, source) = (s.principal.clone(), s.source.clone());
    async move {
        blocking(move || f(&Ctx { store: st.store.as_ref(), audit: &st.audit, who: &p, source: &source, now: now() }))
            .await
            .map_err(WebError::api)
    }
}

#[derive(Serialize)]
struct Me {
    id: RecordId,
    username: String,
    display_name: String,
    agency: String,
    country: String,
    role: Role,
    clearance: HandlingCode,
    language: &'static str,
}

async fn me(s: Signed) -> Json<Me> {
    let u = &s.user;
    Json(Me {
        id: u.id,
        username: u.username.to_string(),
        display_name: u.display_name.clone(),
        agency: u.agency.clone(),
        country: u.country.as_str().to_string(),
        role: u.role,
        clearance: u.clearance,
        language: u.language.code(),
    })
}

/// The published table of error codes (no sign-in needed: clients read it to handle errors).
async fn errors() -> Response {
    let rows: Vec<_> = ERROR_TABLE.iter().map(|(_, code, status)| serde_json::json!({ "code": code, "http_status": status })).collect();
    Json(rows).into_response()
}

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(flatten)]
    q: ItemQuery,
    #[serde(default)]
    limit: Option<u64>,
}

async fn list_items(State(state): State<Shared>, s: Signed, Query(q): Query<ListQuery>) -> Result<Response, WebError> {
    let filter = item_filter(&q.q).map_err(WebError::api)?;
    let (offset, limit) = (q.q.offset, q.limit.unwrap_or(50));
    let listed = ctx_run(&state, &s, move |c| c.list_items(filter, offset, limit)).await?;
    Ok(Json(listed).into_response())
}

async fn get_item(State(state): State<Shared>, s: Signed, Path(item): Path<String>) -> Result<Response, WebError> {
    let item = id(&item, "item")?;
    Ok(Json(ctx_run(&state, &s, move |c| c.item(item)).await?).into_response())
}

#[derive(Deserialize)]
struct NewItem {
    item: Item,
    #[serde(default)]
    history: Vec<HistoryEvent>,
    #[serde(default)]
    handling: Option<HandlingCode>,
}

async fn create_item(
    State(state): State<Shared>,
    s: Can<RecordSeizure>,
    body: Result<Json<NewItem>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let Json(n) = body.map_err(|e| WebError::api(ServiceError::invalid(format!("the body is not an item: {}", e.body_text()))))?;
    let view = ctx_run(&state, &s, move |c| c.create_item(n.item, n.history, n.handling)).await?;
    Ok((axum::http::StatusCode::CREATED, Json(view)).into_response())
}

async fn update_item(
    State(state): State<Shared>,
    s: Can<EditRecords>,
    Path(item): Path<String>,
    body: Result<Json<Item>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let item_id = id(&item, "item")?;
    let Json(it) = body.map_err(|e| WebError::api(ServiceError::invalid(format!("the body is not an item: {}", e.body_text()))))?;
    Ok(Json(ctx_run(&state, &s, move |c| c.update_item(item_id, it)).await?).into_response())
}

async fn get_party(State(state): State<Shared>, s: Can<ReadPersons>, Path(party): Path<String>) -> Result<Response, WebError> {
    let party = id(&party, "person or organisation")?;
    Ok(Json(ctx_run(&state, &s, move |c| c.party(party)).await?).into_response())
}

async fn get_incident(State(state): State<Shared>, s: Signed, Path(incident): Path<String>) -> Result<Response, WebError> {
    let incident = id(&incident, "incident")?;
    Ok(Json(ctx_run(&state, &s, move |c| c.incident(incident)).await?).into_response())
}

#[derive(Deserialize, Default)]
struct SuggestQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    make: Option<String>,
    #[serde(default)]
    limit: Option<usize>,
}

/// Nomenclature entries matching what has been typed, in the user's language.
async fn nomenclature_list(s: Signed, Path(list): Path<String>, Query(q): Query<SuggestQuery>) -> Result<Response, WebError> {
    let found = armstrace_app::suggest::suggest(&list, &q.q, q.make.as_deref(), s.lang(), q.limit.unwrap_or(12).min(50))
        .map_err(|e| WebError::api(ServiceError::not_found(&e)))?;
    Ok(Json(found).into_response())
}

/// The checks of the seizure template, without saving (the form calls it while the officer types).
async fn check_seizure(
    s: Can<RecordSeizure>,
    body: Result<Json<SeizureForm>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let Json(form) =
        body.map_err(|e| WebError::api(ServiceError::invalid(format!("the body is not a seizure form: {}", e.body_text()))))?;
    let (checked, _) = armstrace_app::seizure::check(&form, &s.principal, now());
    Ok(Json(checked).into_response())
}

#[derive(Deserialize)]
struct RecordSeizureBody {
    #[serde(flatten)]
    form: SeizureForm,
    /// Save despite warnings (the caller has shown them to a person).
    #[serde(default)]
    warnings_checked: bool,
}

async fn record_seizure(
    State(state): State<Shared>,
    s: Can<RecordSeizure>,
    body: Result<Json<RecordSeizureBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let Json(b) = body.map_err(|e| WebError::api(ServiceError::invalid(format!("the body is not a seizure form: {}", e.body_text()))))?;
    let recorded = ctx_run(&state, &s, move |c| c.record_seizure(&b.form, b.warnings_checked)).await?;
    let status = if recorded.incident.is_some() { axum::http::StatusCode::CREATED } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, Json(recorded)).into_response())
}

#[derive(Deserialize)]
struct ShareBody {
    #[serde(default)]
    agency: Option<String>,
    #[serde(default)]
    user: Option<String>,
}

async fn share_item(
    State(state): State<Shared>,
    s: Can<ShareRecords>,
    Path(item): Path<String>,
    body: Result<Json<ShareBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let item = id(&item, "item")?;
    let Json(b) =
        body.map_err(|e| WebError::api(ServiceError::invalid(format!("the body names an agency or a user: {}", e.body_text()))))?;
    let grants = ctx_run(&state, &s, move |c| c.share_item(item, b.agency.as_deref(), b.user.as_deref())).await?;
    Ok((axum::http::StatusCode::CREATED, Json(grants)).into_response())
}

async fn item_grants(State(state): State<Shared>, s: Signed, Path(item): Path<String>) -> Result<Response, WebError> {
    let item = id(&item, "item")?;
    Ok(Json(ctx_run(&state, &s, move |c| c.item_grants(item)).await?).into_response())
}

#[derive(Deserialize, Default)]
struct PageQuery {
    #[serde(default)]
    offset: u64,
    #[serde(default)]
    limit: Option<u64>,
}

async fn list_incidents(State(state): State<Shared>, s: Signed, Query(q): Query<PageQuery>) -> Result<Response, WebError> {
    let (offset, limit) = (q.offset, q.limit.unwrap_or(50));
    Ok(Json(ctx_run(&state, &s, move |c| c.list_incidents(offset, limit)).await?).into_response())
}

async fn list_parties(State(state): State<Shared>, s: Can<ReadPersons>, Query(q): Query<PageQuery>) -> Result<Response, WebError> {
    let (offset, limit) = (q.offset, q.limit.unwrap_or(50));
    Ok(Json(ctx_run(&state, &s, move |c| c.list_parties(offset, limit)).await?).into_response())
}

async fn list_licences(State(state): State<Shared>, s: Signed, Query(q): Query<PageQuery>) -> Result<Response, WebError> {
    let (offset, limit) = (q.offset, q.limit.unwrap_or(50));
    Ok(Json(ctx_run(&state, &s, move |c| c.list_licences(offset, limit)).await?).into_response())
}

async fn get_licence(State(state): State<Shared>, s: Signed, Path(licence): Path<String>) -> Result<Response, WebError> {
    let licence = id(&licence, "licence")?;
    Ok(Json(ctx_run(&state, &s, move |c| c.licence(licence)).await?).into_response())
}

async fn list_exhibits(State(state): State<Shared>, s: Signed, Query(q): Query<PageQuery>) -> Result<Response, WebError> {
    let (offset, limit) = (q.offset, q.limit.unwrap_or(50));
    Ok(Json(ctx_run(&state, &s, move |c| c.list_exhibits(offset, limit)).await?).into_response())
}

async fn list_hits(State(state): State<Shared>, s: Signed, Query(q): Query<PageQuery>) -> Result<Response, WebError> {
    let (offset, limit) = (q.offset, q.limit.unwrap_or(50));
    Ok(Json(ctx_run(&state, &s, move |c| c.list_hits(offset, limit)).await?).into_response())
}

/// The agencies of the node (a directory: who can be named in a grant).
async fn list_agencies(State(state): State<Shared>, _s: Signed) -> Result<Response, WebError> {
    let st = state.clone();
    let list = blocking(move || Ok(st.store.agencies()?)).await.map_err(WebError::api)?;
    Ok(Json(list).into_response())
}
