//! The e-newsletter: a coordinator composes an edition from what is new in the Community since the
//! last one, edits it, previews it, and sends it as HTML e-mail to the members who subscribed;
//! members read the archive of the editions sent.

use armstrace_domain::community::newsletter::{parse_stories, Edition, EditionDraft, EditionItem, EditionStatus};
use armstrace_domain::directory::LanguageCode;
use armstrace_domain::id::RecordId;
use armstrace_store::{CommunityQuery, Page};

use super::{count, list, load, save, Columns, CommunityRecord, Headline};
use crate::error::ServiceError;
use crate::records::Ctx;

impl CommunityRecord for Edition {
    const KIND: &'static str = "edition";
    fn id(&self) -> RecordId {
        self.id
    }
    fn columns(&self) -> Columns {
        Columns {
            parent: String::new(),
            owner: String::new(),
            status: self.status.code().to_string(),
            country: String::new(),
            language: self.language.to_string(),
            day: self.sent_at.unwrap_or(self.created_at).unix_millis().div_euclid(86_400_000),
            search: armstrace_domain::nomenclature::text::fold_key(&format!("{} {}", self.title, self.intro)),
        }
    }
}

/// Days a first edition looks back.
const FIRST_EDITION_DAYS: i64 = 90;

fn month_name(m: u32) -> &'static str {
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        .get(m.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("")
}

impl Ctx<'_> {
    fn today(&self) -> i64 {
        self.now.unix_millis().div_euclid(86_400_000)
    }

    /// Everything new in the Community between two days, newest first: the front page's list and
    /// the newsletter's draft.
    pub fn community_headlines(&self, from_day: i64, to_day: i64) -> Result<Vec<Headline>, ServiceError> {
        let mut all = self.case_headlines(from_day, to_day)?;
        // The node's administrator who is not a member reads no activities: the rest still counts.
        for part in [Self::activity_headlines, Self::resource_headlines, Self::discussion_headlines] {
            match part(self, from_day, to_day) {
                Ok(v) => all.extend(v),
                Err(e) if e.code == crate::error::ErrorCode::Forbidden => {}
                Err(e) => return Err(e),
            }
        }
        all.sort_by(|a, b| b.day.cmp(&a.day).then_with(|| a.title.cmp(&b.title)));
        Ok(all)
    }

    /// Editions: members read those sent; coordinators also the drafts. Newest first.
    pub fn editions(&self) -> Result<Vec<Edition>, ServiceError> {
        let coordinator = self.community_coordinator().is_ok();
        if !coordinator {
            self.community_member()?;
        }
        let statuses = if coordinator { vec![] } else { vec![EditionStatus::Sent.code().to_string()] };
        list::<Edition>(self.store, CommunityQuery { statuses, newest_first: true, ..Default::default() }, Page::all())
    }

    pub fn edition(&self, id: RecordId) -> Result<Edition, ServiceError> {
        let coordinator = self.community_coordinator().is_ok();
        if !coordinator {
            self.community_member()?;
        }
        match load::<Edition>(self.store, id)? {
            Some(e) if coordinator || e.status == EditionStatus::Sent => Ok(e),
            _ => Err(ServiceError::not_found("edition")),
        }
    }

    /// A new draft edition with what is new since the last edition sent.
    pub fn compose_edition(&self) -> Result<Edition, ServiceError> {
        self.community_coordinator()?;
        let last = list::<Edition>(
            self.store,
            CommunityQuery { statuses: vec![EditionStatus::Sent.code().into()], newest_first: true, ..Default::default() },
            Page::first(1),
        )?
        .pop();
        let to_day = self.today();
        let from_day = last.as_ref().map(|e| e.to_day + 1).unwrap_or(to_day - FIRST_EDITION_DAYS).min(to_day);
        let number = count::<Edition>(self.store, CommunityQuery::default())? as u32 + 1;
        let (y, m, _) = armstrace_domain::time::civil_from_days(to_day);
        let items = self
            .community_headlines(from_day, to_day)?
            .into_iter()
            .map(|h| EditionItem { id: h.id, kind: h.kind, title: h.title, summary: h.summary, link: h.link, include: true })
            .collect();
        let e = Edition {
            id: RecordId::new(),
            number,
            title: format!("Community of Practitioners — e-newsletter no. {number}, {} {y}", month_name(m)),
            language: LanguageCode::parse("en").map_err(|e| ServiceError::invalid(e.to_string()))?,
            intro: "News of the Community of Practitioners Against Firearms Trafficking and Related Crimes: new cases of the digest, events, resources and discussions since the last edition.".into(),
            items,
            stories: vec![],
            status: EditionStatus::Draft,
            from_day,
            to_day,
            created_by: self.who.username.clone(),
            created_at: self.now,
            updated_at: self.now,
            sent_at: None,
            sent_by: String::new(),
            recipients: 0,
        };
        save(self.store, &[&e])?;
        self.log("create", "edition", Some(e.id), format!("no. {number}"))?;
        Ok(e)
    }

    /// A coordinator edits a draft edition: title, language, introduction, which items stay, the
    /// success stories.
    pub fn update_edition(&self, id: RecordId, d: &EditionDraft) -> Result<Edition, ServiceError> {
        self.community_coordinator()?;
        let mut e = load::<Edition>(self.store, id)?.ok_or_else(|| ServiceError::not_found("edition"))?;
        if e.status != EditionStatus::Draft {
            return Err(ServiceError::conflict("this edition was sent; compose a new one"));
        }
        let title = d.title.trim();
        if title.is_empty() {
            return Err(ServiceError::invalid("title: the edition needs a title"));
        }
        e.title = title.to_string();
        if !d.language.trim().is_empty() {
            e.language = LanguageCode::parse(&d.language).map_err(|x| ServiceError::invalid(format!("language: {x}")))?;
        }
        e.intro = d.intro.trim().to_string();
        for i in e.items.iter_mut() {
            i.include = d.include.iter().any(|x| x.trim() == i.id.to_string());
        }
        e.stories = parse_stories(&d.stories).map_err(|x| ServiceError::invalid(x.to_string()))?;
        e.updated_at = self.now;
        save(self.store, &[&e])?;
        self.log("update", "edition", Some(id), String::new())?;
        Ok(e)
    }

    /// Sends a draft edition to every member who subscribed, one message each (no member sees
    /// another's address), with `html` (the web layer's rendering) and the plain-text alternative.
    pub fn send_edition(&self, id: RecordId, html: &str) -> Result<Edition, ServiceError> {
        self.community_coordinator()?;
        let mut e = load::<Edition>(self.store, id)?.ok_or_else(|| ServiceError::not_found("edition"))?;
        if e.status != EditionStatus::Draft {
            return Err(ServiceError::conflict("this edition was sent already"));
        }
        let Some(outbox) = self.checks.outbox() else {
            return Err(ServiceError::conflict(
                "the node has no mail relay: start the server with --smtp smtp://HOST:PORT --mail-from ADDRESS to send the newsletter",
            ));
        };
        let base = self.checks.public_url().unwrap_or_default();
        let text = e.text(&base);
        let mut n = 0u32;
        for m in self.active_members()? {
            let Some(email) = m.email.as_ref().filter(|_| m.newsletter) else { continue };
            if !crate::mail::valid_address(email.as_str()) {
                continue;
            }
            outbox.queue(crate::mail::Mail {
                to: vec![email.to_string()],
                subject: e.title.clone(),
                text: text.clone(),
                html: Some(html.to_string()),
            });
            n += 1;
        }
        e.status = EditionStatus::Sent;
        e.sent_at = Some(self.now);
        e.sent_by = self.who.username.clone();
        e.recipients = n;
        e.updated_at = self.now;
        save(self.store, &[&e])?;
        self.log("send", "edition", Some(id), format!("{n} recipients"))?;
        Ok(e)
    }

    /// The node's address for links in mail ("" when mail is not configured).
    pub fn public_url(&self) -> String {
        self.checks.public_url().unwrap_or_default()
    }
}
