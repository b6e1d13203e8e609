//! Membership: applying, vetting, suspension, coordinators, profiles and "find an expert".

use armstrace_domain::access::Action;
use armstrace_domain::community::{Expertise, Member, MemberDraft, MemberStatus};
use armstrace_domain::directory::LanguageCode;
use armstrace_domain::nomenclature::text::fold_key;
use armstrace_store::{CommunityQuery, Page};
use serde::{Deserialize, Serialize};

use super::{list, load, save, words, Columns, CommunityRecord, Reader};
use crate::error::ServiceError;
use crate::records::Ctx;
use armstrace_domain::id::RecordId;

impl CommunityRecord for Member {
    const KIND: &'static str = "member";
    fn id(&self) -> RecordId {
        self.id
    }
    fn columns(&self) -> Columns {
        Columns {
            parent: String::new(),
            owner: self.user.to_string(),
            status: self.status.code().to_string(),
            country: self.country.as_str().to_string(),
            language: String::new(),
            day: self.applied_at.unix_millis().div_euclid(86_400_000),
            search: self.search_text(),
        }
    }
}

/// What a coordinator decides about a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Decline,
    Suspend,
    Reinstate,
    MakeCoordinator,
    RemoveCoordinator,
}

impl Decision {
    pub fn parse(s: &str) -> Result<Self, ServiceError> {
        Ok(match s.trim() {
            "approve" => Self::Approve,
            "decline" => Self::Decline,
            "suspend" => Self::Suspend,
            "reinstate" => Self::Reinstate,
            "make_coordinator" => Self::MakeCoordinator,
            "remove_coordinator" => Self::RemoveCoordinator,
            other => {
                return Err(ServiceError::invalid(format!(
                    "decision: \"{other}\" is not one; use approve, decline, suspend, reinstate, make_coordinator or remove_coordinator"
                )))
            }
        })
    }
}

/// "Find an expert": every set field must hold.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ExpertQuery {
    #[serde(default)]
    pub country: String,
    /// A UN M49 region (Africa, Americas, Asia, Europe, Oceania).
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub expertise: String,
    #[serde(default)]
    pub language: String,
    /// Words of the name, agency, position or profile.
    #[serde(default)]
    pub q: String,
}

fn profile_errors(errors: Vec<(&'static str, armstrace_domain::error::DomainError)>) -> ServiceError {
    ServiceError::invalid(errors.iter().map(|(f, e)| format!("{f}: {e}")).collect::<Vec<_>>().join("; "))
}

impl Ctx<'_> {
    /// The reader's own membership, whatever its status.
    pub fn my_membership(&self) -> Result<Option<Member>, ServiceError> {
        let q = CommunityQuery { owner: Some(self.who.user.to_string()), ..Default::default() };
        Ok(list::<Member>(self.store, q, Page::first(1))?.pop())
    }

    /// The reader as an approved member: what every page of the Community needs.
    pub fn community_member(&self) -> Result<Member, ServiceError> {
        match self.my_membership()? {
            Some(m) if m.is_active() => Ok(m),
            Some(m) if m.status == MemberStatus::Suspended => {
                Err(ServiceError::forbidden("your membership of the Community is suspended; ask a coordinator of the Community"))
            }
            Some(_) => Err(ServiceError::forbidden("your application to the Community waits for a coordinator's decision")),
            None => Err(ServiceError::forbidden("the Community is for its members: ask to join at /community/join")),
        }
    }

    /// A coordinator of the Community, or a system administrator of the node.
    pub fn community_coordinator(&self) -> Result<Reader, ServiceError> {
        match self.my_membership()? {
            Some(m) if m.is_active() && m.coordinator => Ok(Reader::Member(Box::new(m))),
            _ if self.who.may(Action::ManageNode) => Ok(Reader::NodeAdministrator),
            _ => Err(ServiceError::forbidden("only a coordinator of the Community does this")),
        }
    }

    /// Asks to join (or corrects a pending application, or asks again after a refusal).
    pub fn apply_to_join(&self, draft: &MemberDraft) -> Result<Member, ServiceError> {
        let profile = draft.parse().map_err(profile_errors)?;
        let member = match self.my_membership()? {
            Some(m) if m.status == MemberStatus::Approved => {
                return Err(ServiceError::conflict("you are a member already; change your profile instead"))
            }
            Some(m) if m.status == MemberStatus::Suspended => {
                return Err(ServiceError::forbidden("your membership is suspended; ask a coordinator of the Community"))
            }
            Some(mut m) => {
                m.set_profile(profile, self.now);
                m.status = MemberStatus::Applied;
                m
            }
            None => Member::apply(self.who.user, profile, self.now),
        };
        save(self.store, &[&member])?;
        self.log("apply", "member", Some(member.id), String::new())?;
        Ok(member)
    }

    /// Changes the reader's own profile (an applicant's or a member's).
    pub fn update_my_profile(&self, draft: &MemberDraft) -> Result<Member, ServiceError> {
        let profile = draft.parse().map_err(profile_errors)?;
        let Some(mut m) = self.my_membership()? else {
            return Err(ServiceError::not_found("membership"));
        };
        if m.status == MemberStatus::Suspended {
            return Err(ServiceError::forbidden("your membership is suspended; ask a coordinator of the Community"));
        }
        m.set_profile(profile, self.now);
        save(self.store, &[&m])?;
        self.log("update", "member", Some(m.id), String::new())?;
        Ok(m)
    }

    /// Applications waiting for a decision, oldest first.
    pub fn member_applications(&self) -> Result<Vec<Member>, ServiceError> {
        self.community_coordinator()?;
        let q = CommunityQuery { statuses: vec![MemberStatus::Applied.code().into()], ..Default::default() };
        let out = list::<Member>(self.store, q, Page::all())?;
        self.log_read("list", "member", None, format!("{} applications", out.len()))?;
        Ok(out)
    }

    /// Members of a status (coordinators: suspended and declined too).
    pub fn members_with_status(&self, status: MemberStatus) -> Result<Vec<Member>, ServiceError> {
        self.community_coordinator()?;
        let q = CommunityQuery { statuses: vec![status.code().into()], ..Default::default() };
        let out = list::<Member>(self.store, q, Page::all())?;
        self.log_read("list", "member", None, format!("{} {}", out.len(), status.code()))?;
        Ok(out)
    }

    /// A coordinator's decision on a member; refusals and suspensions need a reason.
    pub fn decide_member(&self, id: RecordId, decision: Decision, note: &str) -> Result<Member, ServiceError> {
        let by = self.community_coordinator()?;
        let Some(mut m) = load::<Member>(self.store, id)? else {
            return Err(ServiceError::not_found("member"));
        };
        if let Reader::Member(me) = &by {
            if me.id == m.id {
                return Err(ServiceError::forbidden("another coordinator decides about your own membership"));
            }
        }
        let note = note.trim();
        use MemberStatus::*;
        match (decision, m.status) {
            (Decision::Approve, Applied | Declined) => m.status = Approved,
            (Decision::Decline, Applied) => m.status = Declined,
            (Decision::Suspend, Approved) => {
                m.status = Suspended;
                m.coordinator = false;
            }
            (Decision::Reinstate, Suspended) => m.status = Approved,
            (Decision::MakeCoordinator, Approved) => m.coordinator = true,
            (Decision::RemoveCoordinator, Approved) => m.coordinator = false,
            (d, s) => {
                return Err(ServiceError::conflict(format!(
                    "a member who is {} cannot be given \"{}\"; reload the page to see where the membership stands",
                    s.code(),
                    serde_json::to_value(d).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
                )))
            }
        }
        if matches!(decision, Decision::Decline | Decision::Suspend) && note.is_empty() {
            return Err(ServiceError::invalid("note: say why (the member reads it)"));
        }
        m.decided_at = Some(self.now);
        m.decided_by = self.who.username.clone();
        if !note.is_empty() {
            m.decision_note = note.to_string();
        }
        m.updated_at = self.now;
        save(self.store, &[&m])?;
        let code = serde_json::to_value(decision).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        self.log(&code, "member", Some(m.id), note.to_string())?;
        Ok(m)
    }

    /// "Find an expert": approved members the reader may see, as they may see them. Every search
    /// is audited (profiles are personal data).
    pub fn find_experts(&self, q: &ExpertQuery) -> Result<Vec<Member>, ServiceError> {
        let me = self.community_member()?;
        let country = Some(q.country.trim())
            .filter(|c| !c.is_empty())
            .map(armstrace_domain::country::CountryCode::parse)
            .transpose()
            .map_err(|e| ServiceError::invalid(format!("country: {e}")))?;
        let expertise = Some(q.expertise.trim())
            .filter(|c| !c.is_empty())
            .map(Expertise::parse)
            .transpose()
            .map_err(|e| ServiceError::invalid(format!("expertise: {e}")))?;
        let language = Some(q.language.trim())
            .filter(|c| !c.is_empty())
            .map(LanguageCode::parse)
            .transpose()
            .map_err(|e| ServiceError::invalid(format!("language: {e}")))?;
        let region = fold_key(q.region.trim());
        let store_q = CommunityQuery {
            statuses: vec![MemberStatus::Approved.code().into()],
            country: country.map(|c| c.as_str().to_string()),
            words: words(&q.q),
            ..Default::default()
        };
        let found: Vec<Member> = list::<Member>(self.store, store_q, Page::all())?
            .into_iter()
            .filter(|m| region.is_empty() || fold_key(m.country.m49_region()) == region)
            .filter(|m| expertise.is_none_or(|e| m.expertise.contains(&e)))
            .filter(|m| language.is_none_or(|l| m.languages.contains(&l)))
            .filter(|m| m.visible_to(&me))
            .map(|m| m.as_seen_by(&me))
            .collect();
        self.log_read("search", "member", None, format!("{} found", found.len()))?;
        Ok(found)
    }

    /// One member's profile, if the reader may see it (audited).
    pub fn member(&self, id: RecordId) -> Result<Member, ServiceError> {
        let reader = match self.community_member() {
            Ok(m) => Reader::Member(Box::new(m)),
            Err(e) => self.community_coordinator().map_err(|_| e)?,
        };
        let Some(m) = load::<Member>(self.store, id)? else {
            return Err(ServiceError::not_found("member"));
        };
        let seen = match &reader {
            Reader::Member(me) if m.visible_to(me) => m.as_seen_by(me),
            Reader::Member(_) => return Err(ServiceError::not_found("member")),
            Reader::NodeAdministrator => m,
        };
        self.log_read("read", "member", Some(id), String::new())?;
        Ok(seen)
    }

    /// Active members by their accounts (for mentions, notifications and the newsletter); no
    /// profile leaves the service through this.
    pub fn active_members(&self) -> Result<Vec<Member>, ServiceError> {
        let q = CommunityQuery { statuses: vec![MemberStatus::Approved.code().into()], ..Default::default() };
        list::<Member>(self.store, q, Page::all())
    }
}
