//! The Community's discussion: threads, replies, `@mentions` with notifications (and e-mail when
//! the node has a relay), and moderation by the coordinators. Approved members read and write; a
//! coordinator (or the node's system administrator) moderates; every change is audited, every
//! moderation decision with its reason.
//!
//! Stored in the Community's one table: a thread (`thread`, status open or locked), its posts
//! (`post`, parent the thread, status visible or hidden), reports (`report`, parent the post) and
//! notifications (`notification`, owner the account notified).

use std::collections::HashSet;

use armstrace_domain::community::discussion::{
    check_body, check_reason, mention_candidates, Mention, Moderation, Notification, Post, Region, Report, ReportStatus, Thread,
    ThreadDraft, Topic,
};
use armstrace_domain::community::{Member, MemberStatus};
use armstrace_domain::directory::LanguageCode;
use armstrace_domain::id::RecordId;
use armstrace_domain::nomenclature::text::fold_key;
use armstrace_domain::time::Timestamp;
use armstrace_store::{CommunityQuery, CommunityRow, Page, Store};
use serde::{Deserialize, Serialize};

use super::{list, load, to_row, words, Columns, CommunityRecord, Headline, Reader};
use crate::error::ServiceError;
use crate::records::{Ctx, Listed};

fn day(t: Timestamp) -> i64 {
    t.unix_millis().div_euclid(86_400_000)
}

impl CommunityRecord for Thread {
    const KIND: &'static str = "thread";
    fn id(&self) -> RecordId {
        self.id
    }
    fn columns(&self) -> Columns {
        Columns {
            parent: String::new(),
            owner: self.author_user.to_string(),
            status: if self.is_locked() { "locked" } else { "open" }.to_string(),
            country: String::new(),
            language: self.language.as_str().to_string(),
            // Lists sort on the newest activity.
            day: day(self.last_post_at),
            search: self.search_text(),
        }
    }
}

impl CommunityRecord for Post {
    const KIND: &'static str = "post";
    fn id(&self) -> RecordId {
        self.id
    }
    fn columns(&self) -> Columns {
        Columns {
            parent: self.thread.to_string(),
            owner: self.author_user.to_string(),
            status: if self.hidden.is_some() { "hidden" } else { "visible" }.to_string(),
            country: String::new(),
            language: String::new(),
            day: day(self.posted_at),
            // A hidden post is not found by its words (that would tell what it said).
            search: if self.hidden.is_some() { String::new() } else { fold_key(&self.body) },
        }
    }
}

impl CommunityRecord for Report {
    const KIND: &'static str = "report";
    fn id(&self) -> RecordId {
        self.id
    }
    fn columns(&self) -> Columns {
        Columns {
            parent: self.post.to_string(),
            owner: self.by_user.to_string(),
            status: self.status.code().to_string(),
            day: day(self.at),
            ..Default::default()
        }
    }
}

impl CommunityRecord for Notification {
    const KIND: &'static str = "notification";
    fn id(&self) -> RecordId {
        self.id
    }
    fn columns(&self) -> Columns {
        Columns {
            parent: self.thread.to_string(),
            owner: self.user.to_string(),
            status: if self.read_at.is_some() { "read" } else { "unread" }.to_string(),
            day: day(self.at),
            ..Default::default()
        }
    }
}

/// The filters of the thread list; every set field must hold.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ThreadQuery {
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub region: String,
    /// The language threads are written in (`en`, `es` ...).
    #[serde(default)]
    pub language: String,
    /// Words of the title or of any visible post.
    #[serde(default)]
    pub q: String,
}

/// A thread with its posts, as the reader may see them.
#[derive(Debug, Clone, Serialize)]
pub struct ThreadView {
    pub thread: Thread,
    /// In order, the opening post first; hidden posts without their text unless the reader moderates.
    pub posts: Vec<Post>,
    /// The reader moderates (sees hidden posts, locks, hides).
    pub coordinator: bool,
    /// The reader may reply (a member, the thread open).
    pub may_reply: bool,
    /// Open reports of this thread's posts (coordinators only).
    pub open_reports: usize,
}

impl ThreadView {
    /// May `user` change `post` (its author, the thread open, the post not hidden)?
    pub fn may_edit(&self, post: &Post, user: RecordId) -> bool {
        self.may_reply && post.author_user == user && post.hidden.is_none()
    }
}

/// What a post, as typed, says.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PostDraft {
    #[serde(default)]
    pub body: String,
}

/// A report of a post, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReportDraft {
    #[serde(default)]
    pub reason: String,
}

/// What a coordinator does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModerationAction {
    /// A post (kept for the record; members read that a coordinator hid it).
    Hide,
    Unhide,
    /// A thread (no more replies or edits).
    Lock,
    Unlock,
    /// A report: nothing to do.
    Dismiss,
}

impl ModerationAction {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Hide => "hide",
            Self::Unhide => "unhide",
            Self::Lock => "lock",
            Self::Unlock => "unlock",
            Self::Dismiss => "dismiss",
        }
    }
    pub fn parse(s: &str) -> Result<Self, ServiceError> {
        [Self::Hide, Self::Unhide, Self::Lock, Self::Unlock, Self::Dismiss]
            .into_iter()
            .find(|a| a.code() == s.trim())
            .ok_or_else(|| ServiceError::invalid(format!("action: \"{s}\" is not one; use hide, unhide, lock, unlock or dismiss")))
    }
}

/// A coordinator's decision: on what (a post, a thread or a report), and why.
#[derive(Debug, Clone, Deserialize)]
pub struct ModerationRequest {
    pub action: ModerationAction,
    /// The post (hide, unhide), the thread (lock, unlock) or the report (dismiss).
    pub id: RecordId,
    #[serde(default)]
    pub reason: String,
}

/// What a moderation decision did.
#[derive(Debug, Clone, Serialize)]
pub struct Moderated {
    pub action: ModerationAction,
    /// `post`, `thread` or `report`.
    pub record_type: &'static str,
    pub id: RecordId,
    /// The thread concerned (for a link back).
    pub thread: RecordId,
    pub by: String,
    pub at: Timestamp,
    pub reason: String,
    /// Open reports of the post that the decision closed.
    pub reports_closed: usize,
}

/// A report in the coordinators' queue, with the post as written.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    pub report: Report,
    pub post: Post,
    pub thread_title: String,
}

/// A member's notifications, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct Notifications {
    pub unread: u64,
    pub notifications: Vec<Notification>,
}

/// Most notifications a page lists (the unread count is exact).
pub const NOTIFICATIONS_SHOWN: u64 = 100;

fn field_errors(errors: Vec<(&'static str, armstrace_domain::error::DomainError)>) -> ServiceError {
    ServiceError::invalid(errors.iter().map(|(f, e)| format!("{f}: {e}")).collect::<Vec<_>>().join("; "))
}

fn invalid(field: &str, e: armstrace_domain::error::DomainError) -> ServiceError {
    ServiceError::invalid(format!("{field}: {e}"))
}

fn is_coordinator(r: &Reader) -> bool {
    match r {
        Reader::Member(m) => m.coordinator,
        Reader::NodeAdministrator => true,
    }
}

/// Saves rows of several kinds in one transaction.
fn save_all(store: &dyn Store, rows: Vec<CommunityRow>) -> Result<(), ServiceError> {
    Ok(store.save_community(&rows)?)
}

/// The e-mail of a mention, in the member's language: who, which thread, the link. Nothing of the
/// post itself (the mail leaves the node).
fn mention_mail(language: armstrace_domain::account::Language, by: &str, title: &str, link: &str) -> (String, String) {
    use armstrace_domain::account::Language;
    match language {
        Language::En => (
            format!("armstrace: {by} mentioned you in the Community"),
            format!("{by} mentioned you in the Community's thread \"{title}\".\n\n{link}\n"),
        ),
        Language::Es => (
            format!("armstrace: {by} le mencionó en la Comunidad"),
            format!("{by} le mencionó en el hilo de la Comunidad «{title}».\n\n{link}\n"),
        ),
        Language::Fr => (
            format!("armstrace : {by} vous a mentionné dans la Communauté"),
            format!("{by} vous a mentionné dans le fil de la Communauté « {title} ».\n\n{link}\n"),
        ),
    }
}

impl Ctx<'_> {
    /// Who reads the discussion: an approved member, or a coordinator who is the node's system
    /// administrator without being a member (to moderate).
    fn discussion_reader(&self) -> Result<Reader, ServiceError> {
        match self.community_member() {
            Ok(m) => Ok(Reader::Member(Box::new(m))),
            Err(e) => self.community_coordinator().map_err(|_| e),
        }
    }

    fn thread_record(&self, id: RecordId) -> Result<Thread, ServiceError> {
        load::<Thread>(self.store, id)?.ok_or_else(|| ServiceError::not_found("thread"))
    }

    fn post_record(&self, id: RecordId) -> Result<Post, ServiceError> {
        load::<Post>(self.store, id)?.ok_or_else(|| ServiceError::not_found("post"))
    }

    fn posts_of(&self, thread: RecordId) -> Result<Vec<Post>, ServiceError> {
        let q = CommunityQuery { parent: Some(thread.to_string()), ..Default::default() };
        let mut posts = list::<Post>(self.store, q, Page::all())?;
        posts.sort_by_key(|p| (!p.opening, p.posted_at, p.id));
        Ok(posts)
    }

    /// The members a text names with `@username`: accounts of approved members only; any other
    /// `@word` stays text (no error: people write `@` for many things).
    fn resolve_mentions(&self, body: &str) -> Result<Vec<Mention>, ServiceError> {
        let mut out: Vec<Mention> = Vec::new();
        for (_, names) in mention_candidates(body) {
            for name in names {
                if out.iter().any(|m| m.username == name) {
                    break;
                }
                let Some(user) = self.store.user_by_name(&name)? else { continue };
                let q = CommunityQuery { owner: Some(user.id.to_string()), ..Default::default() };
                let member = list::<Member>(self.store, q, Page::first(1))?.pop();
                if let Some(m) = member.filter(|m| m.status == MemberStatus::Approved && !user.disabled) {
                    out.push(Mention { username: user.username.to_string(), member: m.id, user: user.id });
                }
                // The longest name that is an account decides, member or not.
                break;
            }
        }
        Ok(out)
    }

    /// Notifications for the members newly named in `post` (not its author, not those an earlier
    /// version of the post already named).
    fn notifications_for(&self, post: &Post, thread: &Thread, before: &[Mention]) -> Vec<Notification> {
        let mut seen: HashSet<RecordId> = before.iter().map(|m| m.user).collect();
        seen.insert(post.author_user);
        post.mentions
            .iter()
            .filter(|m| seen.insert(m.user))
            .map(|m| Notification {
                id: RecordId::new(),
                user: m.user,
                thread: thread.id,
                post: post.id,
                thread_title: thread.title.clone(),
                by_name: post.author_name.clone(),
                at: self.now,
                read_at: None,
            })
            .collect()
    }

    /// E-mails each notification to its member when the node has a relay and the member gave an
    /// address (the profile's, else the account's).
    fn mail_notifications(&self, notes: &[Notification], mentions: &[Mention]) -> Result<(), ServiceError> {
        let (Some(outbox), Some(base)) = (self.checks.outbox(), self.checks.public_url()) else { return Ok(()) };
        for n in notes {
            let Some(account) = self.store.user(n.user)? else { continue };
            let profile = match mentions.iter().find(|m| m.user == n.user) {
                Some(m) => load::<Member>(self.store, m.member)?,
                None => None,
            };
            let address =
                profile.and_then(|m| m.email.map(|e| e.to_string())).or(account.email.clone()).filter(|a| crate::mail::valid_address(a));
            let Some(address) = address else { continue };
            let link = format!("{base}/community/discussion/{}#post-{}", n.thread, n.post);
            let (subject, text) = mention_mail(account.language, &n.by_name, &n.thread_title, &link);
            outbox.queue(crate::mail::Mail { to: vec![address], subject, text, html: None });
        }
        Ok(())
    }

    /// Threads matching `q`, the most recently active first.
    pub fn discussion_threads(&self, q: &ThreadQuery, offset: u64, limit: u64) -> Result<Listed<Thread>, ServiceError> {
        self.discussion_reader()?;
        let topic = Some(q.topic.trim()).filter(|s| !s.is_empty()).map(Topic::parse).transpose().map_err(|e| invalid("topic", e))?;
        let region = Some(q.region.trim()).filter(|s| !s.is_empty()).map(Region::parse).transpose().map_err(|e| invalid("region", e))?;
        let language =
            Some(q.language.trim()).filter(|s| !s.is_empty()).map(LanguageCode::parse).transpose().map_err(|e| invalid("language", e))?;
        let w = words(&q.q);
        let base = CommunityQuery { language: language.map(|l| l.as_str().to_string()), ..Default::default() };
        let mut threads = list::<Thread>(self.store, base, Page::all())?;
        if !w.is_empty() {
            // A thread is found by its title or by the words of any of its visible posts.
            let by_title: HashSet<RecordId> =
                list::<Thread>(self.store, CommunityQuery { words: w.clone(), ..Default::default() }, Page::all())?
                    .into_iter()
                    .map(|t| t.id)
                    .collect();
            let pq = CommunityQuery { words: w, statuses: vec!["visible".into()], ..Default::default() };
            let by_post: HashSet<String> = self
                .store
                .community_list(&CommunityQuery { kind: Post::KIND.into(), ..pq }, Page::all())?
                .into_iter()
                .map(|r| r.parent)
                .collect();
            threads.retain(|t| by_title.contains(&t.id) || by_post.contains(&t.id.to_string()));
        }
        threads.retain(|t| topic.is_none_or(|x| t.topic == x) && region.is_none_or(|r| t.region == r));
        threads.sort_by(|a, b| b.last_post_at.cmp(&a.last_post_at).then(b.id.cmp(&a.id)));
        let total = threads.len() as u64;
        let limit = limit.clamp(1, 200);
        let records = threads.into_iter().skip(offset as usize).take(limit as usize).collect();
        Ok(Listed { total, total_capped: false, offset, limit, records })
    }

    /// A thread and its posts as the reader may see them.
    pub fn discussion_thread(&self, id: RecordId) -> Result<ThreadView, ServiceError> {
        let reader = self.discussion_reader()?;
        let coordinator = is_coordinator(&reader);
        let thread = self.thread_record(id)?;
        let posts: Vec<Post> = self.posts_of(id)?.iter().map(|p| p.as_seen_by(coordinator, self.who.user)).collect();
        let open_reports = if coordinator {
            let ids: HashSet<String> = posts.iter().map(|p| p.id.to_string()).collect();
            let q = CommunityQuery { statuses: vec![ReportStatus::Open.code().into()], ..Default::default() };
            list::<Report>(self.store, q, Page::all())?.iter().filter(|r| ids.contains(&r.post.to_string())).count()
        } else {
            0
        };
        let may_reply = matches!(reader, Reader::Member(_)) && !thread.is_locked();
        Ok(ThreadView { thread, posts, coordinator, may_reply, open_reports })
    }

    /// The thread a post belongs to (a link to a post, its edit form).
    pub fn thread_of_post(&self, post: RecordId) -> Result<RecordId, ServiceError> {
        self.discussion_reader()?;
        Ok(self.post_record(post)?.thread)
    }

    /// Opens a thread with its first post; members named in it are notified.
    pub fn start_thread(&self, draft: &ThreadDraft) -> Result<ThreadView, ServiceError> {
        let me = self.community_member()?;
        let f = draft.parse().map_err(field_errors)?;
        let thread = Thread {
            id: RecordId::new(),
            title: f.title,
            topic: f.topic,
            region: f.region,
            language: f.language,
            author: me.id,
            author_user: self.who.user,
            author_name: me.name.clone(),
            opened_at: self.now,
            last_post_at: self.now,
            replies: 0,
            locked: None,
        };
        let post = Post {
            id: RecordId::new(),
            thread: thread.id,
            author: me.id,
            author_user: self.who.user,
            author_name: me.name.clone(),
            mentions: self.resolve_mentions(&f.body)?,
            body: f.body,
            posted_at: self.now,
            edited_at: None,
            hidden: None,
            opening: true,
        };
        let notes = self.notifications_for(&post, &thread, &[]);
        let mut rows = vec![to_row(&thread)?, to_row(&post)?];
        for n in &notes {
            rows.push(to_row(n)?);
        }
        save_all(self.store, rows)?;
        self.log("create", "thread", Some(thread.id), format!("{} ({}, {})", thread.title, thread.topic.code(), thread.region.code()))?;
        self.mail_notifications(&notes, &post.mentions)?;
        self.discussion_thread(thread.id)
    }

    /// Replies to an open thread.
    pub fn reply(&self, thread: RecordId, draft: &PostDraft) -> Result<Post, ServiceError> {
        let me = self.community_member()?;
        let mut t = self.thread_record(thread)?;
        if t.is_locked() {
            return Err(ServiceError::conflict("this thread is locked by a coordinator: it takes no more replies"));
        }
        let body = check_body(&draft.body).map_err(|e| invalid("body", e))?;
        let post = Post {
            id: RecordId::new(),
            thread,
            author: me.id,
            author_user: self.who.user,
            author_name: me.name.clone(),
            mentions: self.resolve_mentions(&body)?,
            body,
            posted_at: self.now,
            edited_at: None,
            hidden: None,
            opening: false,
        };
        // Counted from the posts kept, so that a count two replies raced on mends itself.
        let q = CommunityQuery { kind: Post::KIND.into(), parent: Some(thread.to_string()), ..Default::default() };
        t.replies = u32::try_from(self.store.count_community(&q)?).unwrap_or(u32::MAX);
        t.last_post_at = self.now;
        let notes = self.notifications_for(&post, &t, &[]);
        let mut rows = vec![to_row(&t)?, to_row(&post)?];
        for n in &notes {
            rows.push(to_row(n)?);
        }
        save_all(self.store, rows)?;
        self.log("reply", "post", Some(post.id), format!("thread {thread}"))?;
        self.mail_notifications(&notes, &post.mentions)?;
        Ok(post)
    }

    /// Its author changes a post while the thread is open; readers see when it was edited. Members
    /// newly named are notified (those already named are not, again).
    pub fn edit_post(&self, id: RecordId, draft: &PostDraft) -> Result<Post, ServiceError> {
        self.community_member()?;
        let mut post = self.post_record(id)?;
        if post.author_user != self.who.user {
            return Err(ServiceError::forbidden("only its author changes a post"));
        }
        if post.hidden.is_some() {
            return Err(ServiceError::conflict("a coordinator hid this post: ask them, or write a new reply"));
        }
        let thread = self.thread_record(post.thread)?;
        if thread.is_locked() {
            return Err(ServiceError::conflict("this thread is locked by a coordinator: its posts can no longer be changed"));
        }
        let body = check_body(&draft.body).map_err(|e| invalid("body", e))?;
        let before = std::mem::take(&mut post.mentions);
        post.mentions = self.resolve_mentions(&body)?;
        post.body = body;
        post.edited_at = Some(self.now);
        let notes = self.notifications_for(&post, &thread, &before);
        let mut rows = vec![to_row(&post)?];
        for n in &notes {
            rows.push(to_row(n)?);
        }
        save_all(self.store, rows)?;
        self.log("edit", "post", Some(post.id), format!("thread {}", post.thread))?;
        self.mail_notifications(&notes, &post.mentions)?;
        Ok(post)
    }

    /// Any member reports a post to the coordinators, with a reason.
    pub fn report_post(&self, id: RecordId, draft: &ReportDraft) -> Result<Report, ServiceError> {
        let me = self.community_member()?;
        let post = self.post_record(id)?;
        let reason = check_reason(&draft.reason).map_err(|e| invalid("reason", e))?;
        let q = CommunityQuery {
            parent: Some(id.to_string()),
            owner: Some(self.who.user.to_string()),
            statuses: vec![ReportStatus::Open.code().into()],
            ..Default::default()
        };
        if super::count::<Report>(self.store, q)? > 0 {
            return Err(ServiceError::conflict("you reported this post already; a coordinator will look at it"));
        }
        let report = Report {
            id: RecordId::new(),
            thread: post.thread,
            post: id,
            by: me.id,
            by_user: self.who.user,
            by_name: me.name.clone(),
            reason: reason.clone(),
            at: self.now,
            status: ReportStatus::Open,
            closed: None,
        };
        save_all(self.store, vec![to_row(&report)?])?;
        self.log("report", "post", Some(id), reason)?;
        Ok(report)
    }

    /// The coordinators' queue: open reports oldest first (and, with `closed`, the decided ones after).
    pub fn discussion_reports(&self, closed: bool) -> Result<Vec<ReportView>, ServiceError> {
        self.community_coordinator()?;
        let statuses = if closed { vec![] } else { vec![ReportStatus::Open.code().to_string()] };
        let mut reports = list::<Report>(self.store, CommunityQuery { statuses, ..Default::default() }, Page::all())?;
        reports.sort_by_key(|r| (r.status != ReportStatus::Open, r.at, r.id));
        let mut out = Vec::with_capacity(reports.len());
        for report in reports {
            let Some(post) = load::<Post>(self.store, report.post)? else { continue };
            let thread_title = load::<Thread>(self.store, report.thread)?.map(|t| t.title).unwrap_or_default();
            out.push(ReportView { report, post, thread_title });
        }
        // Reports name who reported and what they said: a read of the coordinators' queue is audited.
        self.log_read("list", "report", None, format!("{} reports", out.len()))?;
        Ok(out)
    }

    /// A coordinator's decision, with its reason (kept with the record and in the audit log).
    pub fn moderate(&self, req: &ModerationRequest) -> Result<Moderated, ServiceError> {
        self.community_coordinator()?;
        let reason = check_reason(&req.reason).map_err(|e| invalid("reason", e))?;
        let decision = Moderation { by: self.who.username.clone(), at: self.now, reason: reason.clone() };
        let mut rows = Vec::new();
        let mut reports_closed = 0;
        let (record_type, thread) = match req.action {
            ModerationAction::Hide | ModerationAction::Unhide => {
                let mut post = self.post_record(req.id)?;
                let hide = req.action == ModerationAction::Hide;
                if post.hidden.is_some() == hide {
                    return Err(ServiceError::conflict(if hide { "this post is hidden already" } else { "this post is not hidden" }));
                }
                post.hidden = hide.then(|| decision.clone());
                rows.push(to_row(&post)?);
                if hide {
                    // Hiding answers every open report of the post.
                    let q = CommunityQuery {
                        parent: Some(post.id.to_string()),
                        statuses: vec![ReportStatus::Open.code().into()],
                        ..Default::default()
                    };
                    for mut r in list::<Report>(self.store, q, Page::all())? {
                        r.status = ReportStatus::Acted;
                        r.closed = Some(decision.clone());
                        rows.push(to_row(&r)?);
                        reports_closed += 1;
                    }
                }
                ("post", post.thread)
            }
            ModerationAction::Lock | ModerationAction::Unlock => {
                let mut t = self.thread_record(req.id)?;
                let lock = req.action == ModerationAction::Lock;
                if t.is_locked() == lock {
                    return Err(ServiceError::conflict(if lock { "this thread is locked already" } else { "this thread is not locked" }));
                }
                t.locked = lock.then(|| decision.clone());
                rows.push(to_row(&t)?);
                ("thread", t.id)
            }
            ModerationAction::Dismiss => {
                let mut r = load::<Report>(self.store, req.id)?.ok_or_else(|| ServiceError::not_found("report"))?;
                if r.status != ReportStatus::Open {
                    return Err(ServiceError::conflict("this report was decided already"));
                }
                r.status = ReportStatus::Dismissed;
                r.closed = Some(decision.clone());
                rows.push(to_row(&r)?);
                reports_closed = 1;
                ("report", r.thread)
            }
        };
        save_all(self.store, rows)?;
        self.log(req.action.code(), record_type, Some(req.id), reason.clone())?;
        Ok(Moderated { action: req.action, record_type, id: req.id, thread, by: decision.by, at: self.now, reason, reports_closed })
    }

    /// The reader's notifications, newest first, and how many are unread.
    pub fn my_notifications(&self) -> Result<Notifications, ServiceError> {
        self.community_member()?;
        let q = CommunityQuery { owner: Some(self.who.user.to_string()), newest_first: true, ..Default::default() };
        let mut notifications = list::<Notification>(self.store, q, Page::first(NOTIFICATIONS_SHOWN))?;
        notifications.sort_by(|a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
        Ok(Notifications { unread: self.unread_notifications()?, notifications })
    }

    /// How many of the reader's notifications are unread (0 for anyone not a member).
    pub fn unread_notifications(&self) -> Result<u64, ServiceError> {
        let q = CommunityQuery { owner: Some(self.who.user.to_string()), statuses: vec!["unread".into()], ..Default::default() };
        super::count::<Notification>(self.store, q)
    }

    /// Marks the reader's notifications read: those of `ids`, or all when `ids` is empty. Returns
    /// how many changed.
    pub fn mark_notifications_read(&self, ids: &[RecordId]) -> Result<u64, ServiceError> {
        self.community_member()?;
        let q = CommunityQuery { owner: Some(self.who.user.to_string()), statuses: vec!["unread".into()], ..Default::default() };
        let mut changed = Vec::new();
        for mut n in list::<Notification>(self.store, q, Page::all())? {
            if ids.is_empty() || ids.contains(&n.id) {
                n.read_at = Some(self.now);
                changed.push(to_row(&n)?);
            }
        }
        let count = changed.len() as u64;
        if count > 0 {
            save_all(self.store, changed)?;
        }
        Ok(count)
    }

    /// Marks read the reader's notifications of one thread (the reader opened it: they have seen
    /// what they were named in). Anyone not a member has none.
    pub fn read_thread_notifications(&self, thread: RecordId) -> Result<u64, ServiceError> {
        let q = CommunityQuery {
            parent: Some(thread.to_string()),
            owner: Some(self.who.user.to_string()),
            statuses: vec!["unread".into()],
            ..Default::default()
        };
        let mut changed = Vec::new();
        for mut n in list::<Notification>(self.store, q, Page::all())? {
            n.read_at = Some(self.now);
            changed.push(to_row(&n)?);
        }
        let count = changed.len() as u64;
        if count > 0 {
            save_all(self.store, changed)?;
        }
        Ok(count)
    }

    /// Threads started between two days (inclusive, days since 1970-01-01), newest first: for the
    /// Community's front page and the newsletter's draft. No post's text: a headline goes out by
    /// e-mail in the newsletter, and a post may be hidden later.
    pub fn discussion_headlines(&self, from_day: i64, to_day: i64) -> Result<Vec<Headline>, ServiceError> {
        self.discussion_reader()?;
        let mut threads: Vec<Thread> = list::<Thread>(self.store, CommunityQuery::default(), Page::all())?
            .into_iter()
            .filter(|t| (from_day..=to_day).contains(&day(t.opened_at)))
            .collect();
        threads.sort_by_key(|t| std::cmp::Reverse(t.opened_at));
        Ok(threads
            .into_iter()
            .map(|t| Headline {
                kind: "thread".into(),
                id: t.id,
                summary: format!(
                    "{} · {}: started by {}, {} {}.",
                    t.topic.english(),
                    t.region.english(),
                    t.author_name,
                    t.replies,
                    if t.replies == 1 { "reply" } else { "replies" }
                ),
                title: t.title,
                link: format!("/community/discussion/{}", t.id),
                language: t.language.as_str().to_string(),
                day: day(t.opened_at),
            })
            .collect())
    }
}

/// The demo's discussion, between the members the demo world has (the approved members already
/// stored: the demo's membership is made before). Threads on tracing, the dark web and a regional
/// meeting, with replies and mentions, as practitioners would write them; no case record's data.
/// Returns the number of posts written (none when fewer than two members exist).
pub fn create_demo_discussion(store: &dyn Store, now: Timestamp) -> Result<usize, ServiceError> {
    let q = CommunityQuery { statuses: vec![MemberStatus::Approved.code().into()], ..Default::default() };
    let members = list::<Member>(store, q, Page::all())?;
    if members.len() < 2 {
        return Ok(0);
    }
    let who = |i: usize| &members[i % members.len()];
    // How the first two members are named in the posts: `@username` (a mention) when their account
    // exists, else their name as plain text.
    let mut handles: Vec<(String, Option<Mention>)> = Vec::new();
    for k in 0..2 {
        let m = who(k);
        handles.push(match store.user(m.user)? {
            Some(u) => (format!("@{}", u.username), Some(Mention { username: u.username.to_string(), member: m.id, user: u.id })),
            None => (m.name.clone(), None),
        });
    }
    let hour = 3_600_000;
    let at = |h: i64| Timestamp::from_unix_millis(now.unix_millis() - h * hour);
    // (title, topic, region, language, [(member index, hours ago, text with {0} and {1} for the first two members)])
    type Plan = (&'static str, Topic, Region, &'static str, Vec<(usize, i64, &'static str)>);
    let plans: Vec<Plan> = vec![
        (
            "Tracing requests for pistols converted from alarm weapons",
            Topic::Tracing,
            Region::Europe,
            "en",
            vec![
                (0, 240, "We keep seizing converted alarm pistols with the original manufacturer's markings but no serial of the barrel. Has anyone had a tracing answer from the manufacturer's country for such a conversion? Which details did you send (ITI para. 17)?"),
                (1, 220, "Yes: we send the frame's markings, photographs of the converted barrel and the calibre after conversion. The answer took six weeks. {0} our forensic report template might help you, I can share it."),
                (0, 200, "Thank you {1}, please do. I will add it to the thread once we have used it."),
            ],
        ),
        (
            "Test purchases on darknet markets: legal basis",
            Topic::OnlineDarknet,
            Region::Global,
            "en",
            vec![
                (1, 120, "Our prosecutors ask for a specific legal basis before undercover test purchases of firearms parts on darknet markets. How is this handled in your jurisdictions (UNTOC art. 20 special investigative techniques)?"),
                (0, 96, "In our law a court order covers controlled purchases online as for any undercover operation; the order must name the platform."),
            ],
        ),
        (
            "Preparación de la reunión regional sobre casos reales",
            Topic::Events,
            Region::Americas,
            "es",
            vec![
                (1, 30, "Para la próxima reunión regional proponemos presentar dos casos de tráfico por envíos postales. ¿Quién puede presentar un caso de rastreo con respuesta del país de fabricación? {0}"),
                (0, 6, "Puedo presentar uno, anonimizado a través del compendio de casos."),
            ],
        ),
    ];
    let mut written = 0;
    let mut rows = Vec::new();
    for (title, topic, region, language, posts) in plans {
        let first = who(posts[0].0);
        let language = LanguageCode::parse(language).map_err(|e| invalid("language", e))?;
        let mut thread = Thread {
            id: RecordId::new(),
            title: title.to_string(),
            topic,
            region,
            language,
            author: first.id,
            author_user: first.user,
            author_name: first.name.clone(),
            opened_at: at(posts[0].1),
            last_post_at: at(posts[0].1),
            replies: 0,
            locked: None,
        };
        for (n, (i, hours, text)) in posts.iter().enumerate() {
            let m = who(*i);
            let mut body = text.to_string();
            let mut mentions = Vec::new();
            for (k, (handle, mention)) in handles.iter().enumerate() {
                let mark = format!("{{{k}}}");
                if body.contains(&mark) {
                    body = body.replace(&mark, handle);
                    mentions.extend(mention.clone());
                }
            }
            let post = Post {
                id: RecordId::new(),
                thread: thread.id,
                author: m.id,
                author_user: m.user,
                author_name: m.name.clone(),
                body,
                posted_at: at(*hours),
                edited_at: None,
                hidden: None,
                mentions,
                opening: n == 0,
            };
            for x in post.mentions.iter().filter(|x| x.user != post.author_user) {
                rows.push(to_row(&Notification {
                    id: RecordId::new(),
                    user: x.user,
                    thread: thread.id,
                    post: post.id,
                    thread_title: thread.title.clone(),
                    by_name: post.author_name.clone(),
                    at: post.posted_at,
                    read_at: None,
                })?);
            }
            thread.last_post_at = post.posted_at;
            thread.replies = n as u32;
            rows.push(to_row(&post)?);
            written += 1;
        }
        rows.push(to_row(&thread)?);
    }
    save_all(store, rows)?;
    Ok(written)
}
