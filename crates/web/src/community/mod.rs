//! The Community of Practitioners' pages and API handlers (seed 000). Each part of the Community has
//! its module; its routes are merged here. Who may enter is visible in the handlers' signatures:
//! [`InCommunity`] (an approved member) or [`Coordinating`] (a coordinator, or the node's system
//! administrator); the service layer checks the same again.

pub mod cases;
pub mod discussion;
pub mod events;
pub mod library;
pub mod members;
pub mod newsletter;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::Router;

use armstrace_app::community::Reader;
use armstrace_domain::community::Member;

use crate::auth::{is_api, Signed};
use crate::{with_ctx, Shared, WebError};

pub fn routes() -> Router<Shared> {
    Router::new()
        .merge(members::routes())
        .merge(events::routes())
        .merge(cases::routes())
        .merge(newsletter::routes())
        .merge(discussion::routes())
        .merge(library::routes())
}

/// An approved member of the Community, signed in.
pub struct InCommunity {
    pub signed: Signed,
    pub member: Member,
}

impl std::ops::Deref for InCommunity {
    type Target = Signed;
    fn deref(&self) -> &Signed {
        &self.signed
    }
}

impl FromRequestParts<Shared> for InCommunity {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, Self::Rejection> {
        let signed = Signed::from_request_parts(parts, state).await?;
        match with_ctx(state, &signed, |c| c.community_member()).await {
            Ok(member) => Ok(InCommunity { signed, member }),
            Err(e) if is_api(parts) => Err(WebError::api(e).into_response()),
            Err(e) => Err(WebError::page(e, signed.lang()).into_response()),
        }
    }
}

/// A coordinator of the Community (or the node's system administrator, who appoints the first).
pub struct Coordinating {
    pub signed: Signed,
    pub reader: Reader,
}

impl std::ops::Deref for Coordinating {
    type Target = Signed;
    fn deref(&self) -> &Signed {
        &self.signed
    }
}

impl FromRequestParts<Shared> for Coordinating {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, Self::Rejection> {
        let signed = Signed::from_request_parts(parts, state).await?;
        match with_ctx(state, &signed, |c| c.community_coordinator()).await {
            Ok(reader) => Ok(Coordinating { signed, reader }),
            Err(e) if is_api(parts) => Err(WebError::api(e).into_response()),
            Err(e) => Err(WebError::page(e, signed.lang()).into_response()),
        }
    }
}

/// A coordinator's or an editor's decision from a page: what (`approve`, `return`, `suspend` ...)
/// and the note that goes with it.
#[derive(serde::Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub note: String,
}

/// The Community's own menu, on every page of it.
pub struct CommunityNav {
    pub coordinator: bool,
    /// The part shown: `home`, `members`, `events`, `cases`, `library`, `newsletter`, `discussion`, `applications`.
    pub current: &'static str,
}

impl CommunityNav {
    pub fn of(member: Option<&Member>, admin: bool, current: &'static str) -> CommunityNav {
        CommunityNav { coordinator: admin || member.is_some_and(|m| m.coordinator), current }
    }
}
