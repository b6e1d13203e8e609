//! The Digest of Illicit Firearms Cases: writing a case, drafting one from a real case record
//! (anonymised, reviewed side by side by its editor), a coordinator's approval, and what members
//! read. Nothing of a source record reaches a member except what the editor approved: the review
//! (the record's original texts and the words removed) is shown to the editor only, and dropped at
//! publication; the search index holds only the case's own fields.

use armstrace_domain::access::Action;
use armstrace_domain::community::digest::{anonymise, CaseDraft, CaseRecord, CaseStatus, CrimeLink, DigestCase, Technique};
use armstrace_domain::community::Member;
use armstrace_domain::id::RecordId;
use armstrace_domain::incident::Incident;
use armstrace_domain::nomenclature::text::fold_key;
use armstrace_store::{CommunityQuery, Page};
use serde::{Deserialize, Serialize};

use super::{list, load, save, words, Columns, CommunityRecord, Headline, Reader};
use crate::error::ServiceError;
use crate::records::Ctx;

fn day_of(t: armstrace_domain::time::Timestamp) -> i64 {
    t.unix_millis().div_euclid(86_400_000)
}

impl CommunityRecord for DigestCase {
    const KIND: &'static str = "case";
    fn id(&self) -> RecordId {
        self.id
    }
    fn columns(&self) -> Columns {
        // Only the case's own fields are searched: never the review.
        let mut search = self.published_text().into_iter().map(|(_, t)| t).collect::<Vec<_>>().join(" ");
        for t in &self.techniques {
            search.push(' ');
            search.push_str(t.code());
        }
        for c in &self.crime_links {
            search.push(' ');
            search.push_str(c.code());
        }
        if let Some(c) = self.country {
            search.push(' ');
            search.push_str(c.name());
            search.push(' ');
            search.push_str(c.m49_region());
        }
        Columns {
            parent: String::new(),
            owner: self.author.to_string(),
            status: self.status.code().to_string(),
            country: self.country.map(|c| c.as_str().to_string()).unwrap_or_default(),
            language: self.language.to_string(),
            day: day_of(self.approved_at.unwrap_or(self.updated_at)),
            search: fold_key(&search),
        }
    }
}

/// Filters of the digest.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CaseQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub country: String,
    /// A UN M49 region.
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub crime_link: String,
    #[serde(default)]
    pub technique: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub year: String,
}

/// A case as its reader may see it, with what they may do.
#[derive(Debug, Clone, Serialize)]
pub struct CaseView {
    pub case: DigestCase,
    /// The reader wrote it.
    pub editor: bool,
    /// The reader coordinates (approves or returns).
    pub coordinator: bool,
    /// Fields that still contain a name, place, reference or serial number of the source record
    /// (the coordinator sees which fields, not the words).
    pub leaks: Vec<&'static str>,
}

fn fields_error(errors: Vec<(&'static str, armstrace_domain::error::DomainError)>) -> ServiceError {
    ServiceError::invalid(errors.iter().map(|(f, e)| format!("{f}: {e}")).collect::<Vec<_>>().join("; "))
}

impl Ctx<'_> {
    fn case_reader(&self) -> Result<(Option<Member>, bool), ServiceError> {
        match self.community_member() {
            Ok(m) => {
                let c = m.coordinator;
                Ok((Some(m), c))
            }
            Err(e) => match self.community_coordinator() {
                Ok(Reader::NodeAdministrator) => Ok((None, true)),
                _ => Err(e),
            },
        }
    }

    /// What the reader may see of a case: members read published cases; the editor reads their
    /// own with its review; a coordinator reads a submitted one without the record's words.
    fn view_case(&self, mut c: DigestCase, me: Option<&Member>, coordinator: bool) -> Option<CaseView> {
        let editor = me.is_some_and(|m| m.id == c.author);
        let leaks = c.leaks();
        match c.status {
            CaseStatus::Published => c.review = None,
            _ if editor => {}
            CaseStatus::Submitted | CaseStatus::Returned if coordinator => c.review = None,
            _ => return None,
        }
        Some(CaseView { case: c, editor, coordinator, leaks: if editor || coordinator { leaks } else { vec![] } })
    }

    /// Published cases matching the filters, newest first.
    pub fn digest_cases(&self, q: &CaseQuery) -> Result<Vec<DigestCase>, ServiceError> {
        self.case_reader()?;
        let country = Some(q.country.trim())
            .filter(|c| !c.is_empty())
            .map(armstrace_domain::country::CountryCode::parse)
            .transpose()
            .map_err(|e| ServiceError::invalid(format!("country: {e}")))?;
        let crime = Some(q.crime_link.trim())
            .filter(|c| !c.is_empty())
            .map(|c| {
                CrimeLink::from_code(c)
                    .ok_or_else(|| ServiceError::invalid(format!("crime_link: \"{c}\" is not one; e.g. organized_crime, terrorism")))
            })
            .transpose()?;
        let technique = Some(q.technique.trim())
            .filter(|c| !c.is_empty())
            .map(|c| {
                Technique::from_code(c)
                    .ok_or_else(|| ServiceError::invalid(format!("technique: \"{c}\" is not one; e.g. controlled_delivery, tracing")))
            })
            .transpose()?;
        let year = Some(q.year.trim())
            .filter(|y| !y.is_empty())
            .map(|y| y.parse::<i32>().map_err(|_| ServiceError::invalid(format!("year: \"{y}\" is not a year such as 2019"))))
            .transpose()?;
        let language = Some(q.language.trim())
            .filter(|l| !l.is_empty())
            .map(armstrace_domain::directory::LanguageCode::parse)
            .transpose()
            .map_err(|e| ServiceError::invalid(format!("language: {e}")))?;
        let region = fold_key(q.region.trim());
        let store_q = CommunityQuery {
            statuses: vec![CaseStatus::Published.code().into()],
            country: country.map(|c| c.as_str().to_string()),
            language: language.map(|l| l.to_string()),
            words: words(&q.q),
            newest_first: true,
            ..Default::default()
        };
        Ok(list::<DigestCase>(self.store, store_q, Page::all())?
            .into_iter()
            .filter(|c| region.is_empty() || c.country.is_some_and(|x| fold_key(x.m49_region()) == region))
            .filter(|c| crime.is_none_or(|x| c.crime_links.contains(&x)))
            .filter(|c| technique.is_none_or(|x| c.techniques.contains(&x)))
            .filter(|c| year.is_none_or(|y| c.year == Some(y)))
            .map(|mut c| {
                c.review = None;
                c
            })
            .collect())
    }

    /// The reader's own drafts and cases waiting or returned, and (for coordinators) the cases
    /// waiting for approval.
    pub fn case_work(&self) -> Result<(Vec<DigestCase>, Vec<DigestCase>), ServiceError> {
        let (me, coordinator) = self.case_reader()?;
        let mine = match &me {
            Some(m) => list::<DigestCase>(
                self.store,
                CommunityQuery { owner: Some(m.id.to_string()), newest_first: true, ..Default::default() },
                Page::all(),
            )?
            .into_iter()
            .filter(|c| c.status != CaseStatus::Published)
            .collect(),
            None => vec![],
        };
        let waiting = if coordinator {
            list::<DigestCase>(
                self.store,
                CommunityQuery { statuses: vec![CaseStatus::Submitted.code().into()], ..Default::default() },
                Page::all(),
            )?
            .into_iter()
            .map(|mut c| {
                c.review = None;
                c
            })
            .collect()
        } else {
            vec![]
        };
        Ok((mine, waiting))
    }

    pub fn digest_case(&self, id: RecordId) -> Result<CaseView, ServiceError> {
        let (me, coordinator) = self.case_reader()?;
        let c = load::<DigestCase>(self.store, id)?.ok_or_else(|| ServiceError::not_found("case"))?;
        let v = self.view_case(c, me.as_ref(), coordinator).ok_or_else(|| ServiceError::not_found("case"))?;
        self.log_read("read", "case", Some(id), String::new())?;
        Ok(v)
    }

    /// A case written from scratch, as a draft of its editor.
    pub fn create_case(&self, draft: &CaseDraft) -> Result<DigestCase, ServiceError> {
        let me = self.community_member()?;
        let fields = draft.parse().map_err(fields_error)?;
        let c = DigestCase::new(me.id, &me.name, fields, self.now);
        save(self.store, &[&c])?;
        self.log("create", "case", Some(c.id), String::new())?;
        Ok(c)
    }

    /// A draft from a real case record the editor may read: anonymised, with the side-by-side
    /// review for the editor. The record itself is not linked from the case.
    pub fn draft_case_from_incident(&self, incident: RecordId) -> Result<CaseView, ServiceError> {
        let me = self.community_member()?;
        let inc: Incident = self.get(incident)?;
        let (items, hidden): (Vec<_>, Vec<_>) =
            self.store.items_by_ids(&inc.items)?.into_iter().partition(|it| self.readable(&it.meta).unwrap_or(false));
        let other_serials: Vec<String> =
            hidden.iter().flat_map(|it| [it.markings.serial.raw().to_string(), it.markings.serial.normalized().to_string()]).collect();
        // Names are read only to be removed; the editor sees them in the review only if they may
        // read persons.
        let parties = self.store.parties_by_ids(&inc.persons.iter().map(|p| p.party).collect::<Vec<_>>())?;
        let persons: Vec<(String, String)> = inc
            .persons
            .iter()
            .map(|p| (parties.iter().find(|x| x.meta.id == p.party).map(|x| x.name.clone()).unwrap_or_default(), p.role.clone()))
            .collect();
        let a =
            anonymise(&CaseRecord { incident: &inc, items: &items, persons: &persons, other_names: &[], other_serials: &other_serials });
        let mut review = a.review;
        if !self.who.may(Action::ReadPersons) {
            for ch in review.changes.iter_mut().filter(|c| c.field == "persons") {
                ch.before = format!("{} person(s): your role does not read persons", persons.len());
            }
        }
        let fields = a.draft.parse().map_err(fields_error)?;
        let mut c = DigestCase::new(me.id, &me.name, fields, self.now);
        c.from_case_record = true;
        c.review = Some(review);
        save(self.store, &[&c])?;
        // The audit log (read by administrators, not by the Community) keeps where it came from.
        self.log("create", "case", Some(c.id), format!("drafted from incident {incident}"))?;
        self.view_case(c, Some(&me), me.coordinator).ok_or_else(|| ServiceError::not_found("case"))
    }

    fn own_case(&self, id: RecordId) -> Result<(Member, DigestCase), ServiceError> {
        let me = self.community_member()?;
        let c = load::<DigestCase>(self.store, id)?.ok_or_else(|| ServiceError::not_found("case"))?;
        if c.author != me.id {
            return Err(if c.status == CaseStatus::Published {
                ServiceError::forbidden("only its editor changes a case; write to them through the discussion")
            } else {
                ServiceError::not_found("case")
            });
        }
        Ok((me, c))
    }

    /// The editor changes a draft (or a returned case).
    pub fn update_case(&self, id: RecordId, draft: &CaseDraft) -> Result<CaseView, ServiceError> {
        let (me, mut c) = self.own_case(id)?;
        if !matches!(c.status, CaseStatus::Draft | CaseStatus::Returned) {
            return Err(ServiceError::conflict(format!("the case is {}; it can be changed as a draft or once returned", c.status.code())));
        }
        c.set(draft.parse().map_err(fields_error)?, self.now);
        save(self.store, &[&c])?;
        self.log("update", "case", Some(id), String::new())?;
        self.view_case(c, Some(&me), me.coordinator).ok_or_else(|| ServiceError::not_found("case"))
    }

    /// The editor asks a coordinator to approve. A case drafted from a record that still names
    /// what was removed is refused here already, with the fields to look at.
    pub fn submit_case(&self, id: RecordId) -> Result<CaseView, ServiceError> {
        let (me, mut c) = self.own_case(id)?;
        if !matches!(c.status, CaseStatus::Draft | CaseStatus::Returned) {
            return Err(ServiceError::conflict(format!("the case is {} already", c.status.code())));
        }
        let leaks = c.leaks();
        if !leaks.is_empty() {
            return Err(ServiceError::invalid(format!(
                "{}: still names a person, place, reference or serial number of the record; remove it before sending",
                leaks.join(", ")
            )));
        }
        c.status = CaseStatus::Submitted;
        c.updated_at = self.now;
        save(self.store, &[&c])?;
        self.log("submit", "case", Some(id), String::new())?;
        self.view_case(c, Some(&me), me.coordinator).ok_or_else(|| ServiceError::not_found("case"))
    }

    /// A coordinator approves (members read it from then on; the review is dropped) or returns it
    /// with a note. An editor does not approve their own case.
    pub fn review_case(&self, id: RecordId, approve: bool, note: &str) -> Result<DigestCase, ServiceError> {
        let by = self.community_coordinator()?;
        let mut c = load::<DigestCase>(self.store, id)?.ok_or_else(|| ServiceError::not_found("case"))?;
        if let Reader::Member(m) = &by {
            if m.id == c.author {
                return Err(ServiceError::forbidden("another coordinator approves your own case"));
            }
        }
        if c.status != CaseStatus::Submitted {
            return Err(ServiceError::conflict(format!("the case is {}; only a submitted case is approved or returned", c.status.code())));
        }
        if approve {
            let leaks = c.leaks();
            if !leaks.is_empty() {
                return Err(ServiceError::conflict(format!(
                    "{}: still names what was removed from the record; return it to the editor",
                    leaks.join(", ")
                )));
            }
            c.status = CaseStatus::Published;
            c.review = None;
            c.approved_by = self.who.username.clone();
            c.approved_at = Some(self.now);
            c.coordinator_note = note.trim().to_string();
        } else {
            if note.trim().is_empty() {
                return Err(ServiceError::invalid("note: say what the editor should change"));
            }
            c.status = CaseStatus::Returned;
            c.coordinator_note = note.trim().to_string();
        }
        c.updated_at = self.now;
        save(self.store, &[&c])?;
        self.log(if approve { "approve" } else { "return" }, "case", Some(id), note.trim().to_string())?;
        Ok(c)
    }

    /// The editor removes a case not yet published; a coordinator removes any.
    pub fn delete_case(&self, id: RecordId) -> Result<(), ServiceError> {
        let (me, coordinator) = self.case_reader()?;
        let c = load::<DigestCase>(self.store, id)?.ok_or_else(|| ServiceError::not_found("case"))?;
        let editor = me.as_ref().is_some_and(|m| m.id == c.author);
        if !(coordinator || editor && c.status != CaseStatus::Published) {
            return Err(ServiceError::forbidden("a published case is removed by a coordinator"));
        }
        self.store.delete_community(id)?;
        self.log("delete", "case", Some(id), String::new())
    }

    /// Cases published in the window, for the front page and the newsletter.
    pub fn case_headlines(&self, from_day: i64, to_day: i64) -> Result<Vec<Headline>, ServiceError> {
        self.case_reader()?;
        let q = CommunityQuery {
            statuses: vec![CaseStatus::Published.code().into()],
            from_day: Some(from_day),
            to_day: Some(to_day),
            newest_first: true,
            ..Default::default()
        };
        Ok(list::<DigestCase>(self.store, q, Page::all())?
            .into_iter()
            .map(|c| Headline {
                kind: "case".into(),
                id: c.id,
                title: c.title.clone(),
                summary: c.summary.chars().take(300).collect(),
                link: format!("/community/cases/{}", c.id),
                language: c.language.to_string(),
                day: day_of(c.approved_at.unwrap_or(c.updated_at)),
            })
            .collect())
    }
}
