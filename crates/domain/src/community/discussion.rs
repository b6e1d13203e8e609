//! The Community's discussion (issue 6): threads by topic and region, replies, `@mentions` that
//! notify the member named, and moderation by the coordinators (a post hidden, a thread locked, a
//! post reported). Text is plain text: what a member typed is kept as typed and shown escaped.
//!
//! Nothing is ever deleted: a hidden post stays for the record (who hid it, when and why), as the
//! Community's own rules and any later review of a moderation decision need it.

use serde::{Deserialize, Serialize};

use crate::directory::LanguageCode;
use crate::error::DomainError;
use crate::id::RecordId;
use crate::time::Timestamp;

/// Longest title of a thread, in characters.
pub const MAX_TITLE: usize = 200;
/// Longest post, in characters (a long experience report fits; a pasted case file does not).
pub const MAX_BODY: usize = 10_000;
/// Longest reason of a report or a moderation decision.
pub const MAX_REASON: usize = 1_000;

/// What a thread is about: the Community's fields of practice, and its own business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    Investigation,
    Prosecution,
    Tracing,
    BallisticsForensics,
    Legislation,
    LicensingTransferControls,
    BorderCustoms,
    OnlineDarknet,
    DataAnalysis,
    CooperationRequests,
    Events,
    General,
}

impl Topic {
    pub const ALL: [Topic; 12] = [
        Self::Investigation,
        Self::Prosecution,
        Self::Tracing,
        Self::BallisticsForensics,
        Self::Legislation,
        Self::LicensingTransferControls,
        Self::BorderCustoms,
        Self::OnlineDarknet,
        Self::DataAnalysis,
        Self::CooperationRequests,
        Self::Events,
        Self::General,
    ];
    pub fn code(&self) -> &'static str {
        match self {
            Self::Investigation => "investigation",
            Self::Prosecution => "prosecution",
            Self::Tracing => "tracing",
            Self::BallisticsForensics => "ballistics_forensics",
            Self::Legislation => "legislation",
            Self::LicensingTransferControls => "licensing_transfer_controls",
            Self::BorderCustoms => "border_customs",
            Self::OnlineDarknet => "online_darknet",
            Self::DataAnalysis => "data_analysis",
            Self::CooperationRequests => "cooperation_requests",
            Self::Events => "events",
            Self::General => "general",
        }
    }
    /// The English name, for mail and headlines (pages word it in the reader's language).
    pub fn english(&self) -> &'static str {
        match self {
            Self::Investigation => "Investigation",
            Self::Prosecution => "Prosecution",
            Self::Tracing => "Tracing",
            Self::BallisticsForensics => "Ballistics and forensics",
            Self::Legislation => "Legislation",
            Self::LicensingTransferControls => "Licensing and transfer controls",
            Self::BorderCustoms => "Border and customs",
            Self::OnlineDarknet => "Online and darknet",
            Self::DataAnalysis => "Data and analysis",
            Self::CooperationRequests => "Cooperation requests",
            Self::Events => "Events",
            Self::General => "General",
        }
    }
    /// A code, or the English words of one ("ballistics", "customs", "dark web").
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let t = s.trim().to_lowercase().replace(['-', ' '], "_");
        if let Some(x) = Self::ALL.into_iter().find(|x| x.code() == t) {
            return Ok(x);
        }
        let found = match t.as_str() {
            "ballistics" | "forensics" | "ballistics_and_forensics" => Some(Self::BallisticsForensics),
            "licensing" | "transfer_controls" | "licensing_and_transfer_controls" => Some(Self::LicensingTransferControls),
            "border" | "customs" | "border_and_customs" => Some(Self::BorderCustoms),
            "online" | "darknet" | "dark_web" | "online_and_darknet" | "cybercrime" => Some(Self::OnlineDarknet),
            "data" | "analysis" | "data_and_analysis" => Some(Self::DataAnalysis),
            "cooperation" | "cooperation_request" | "mutual_legal_assistance" => Some(Self::CooperationRequests),
            "event" | "meetings" => Some(Self::Events),
            _ => None,
        };
        found.ok_or_else(|| DomainError::invalid("topic", s, "a topic such as tracing, investigation, legislation or general"))
    }
}

pub use super::region::Region;

/// A coordinator's decision on a post or a thread, kept with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moderation {
    /// The coordinator's user name.
    pub by: String,
    pub at: Timestamp,
    pub reason: String,
}

/// A conversation of the Community.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thread {
    pub id: RecordId,
    pub title: String,
    pub topic: Topic,
    pub region: Region,
    /// The language it is written in (members choose threads they can read).
    pub language: LanguageCode,
    /// The member who opened it, and their account.
    pub author: RecordId,
    pub author_user: RecordId,
    pub author_name: String,
    pub opened_at: Timestamp,
    /// The time of the newest post (lists show the most active first).
    pub last_post_at: Timestamp,
    /// Posts after the opening one.
    pub replies: u32,
    /// Locked threads take no replies and no edits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked: Option<Moderation>,
}

impl Thread {
    pub fn is_locked(&self) -> bool {
        self.locked.is_some()
    }
    /// Folded words of the title that searches look in (the posts add theirs).
    pub fn search_text(&self) -> String {
        crate::nomenclature::text::fold_key(&format!("{} {} {}", self.title, self.author_name, self.topic.english()))
    }
}

/// A member named in a post with `@username` (the account's user name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub username: String,
    /// The member's record (profile pages link to it) and account (notifications go to it).
    pub member: RecordId,
    pub user: RecordId,
}

/// One message in a thread: the opening post, or a reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Post {
    pub id: RecordId,
    pub thread: RecordId,
    pub author: RecordId,
    pub author_user: RecordId,
    pub author_name: String,
    /// Plain text as typed; line breaks kept.
    pub body: String,
    pub posted_at: Timestamp,
    /// The last change by its author (readers see that it changed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<Moderation>,
    #[serde(default)]
    pub mentions: Vec<Mention>,
    /// The thread's first post (its question).
    #[serde(default)]
    pub opening: bool,
}

impl Post {
    /// The post as a reader sees it: a hidden post's text only for the coordinators, who moderate
    /// (members read that a coordinator hid it; its author reads why).
    pub fn as_seen_by(&self, coordinator: bool, reader_user: RecordId) -> Post {
        let mut p = self.clone();
        if let Some(h) = &mut p.hidden {
            if !coordinator {
                p.body.clear();
                p.mentions.clear();
                h.by.clear();
                if reader_user != self.author_user {
                    h.reason.clear();
                }
            }
        }
        p
    }
}

/// Where a report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// Waits for a coordinator.
    Open,
    /// A coordinator found nothing to do.
    Dismissed,
    /// A coordinator hid the post.
    Acted,
}

impl ReportStatus {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Dismissed => "dismissed",
            Self::Acted => "acted",
        }
    }
}

/// A member's report of a post to the coordinators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub id: RecordId,
    pub thread: RecordId,
    pub post: RecordId,
    pub by: RecordId,
    pub by_user: RecordId,
    pub by_name: String,
    pub reason: String,
    pub at: Timestamp,
    pub status: ReportStatus,
    /// The coordinator's decision that closed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<Moderation>,
}

/// A notice for one member: someone mentioned them in a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: RecordId,
    /// The account notified.
    pub user: RecordId,
    pub thread: RecordId,
    pub post: RecordId,
    pub thread_title: String,
    /// Who mentioned them.
    pub by_name: String,
    pub at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_at: Option<Timestamp>,
}

/// A new thread as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadDraft {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub language: String,
    /// The opening post.
    #[serde(default)]
    pub body: String,
}

/// A new thread's checked fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadFields {
    pub title: String,
    pub topic: Topic,
    pub region: Region,
    pub language: LanguageCode,
    pub body: String,
}

/// A post's text checked: not empty, not too long. Line endings made `\n`.
pub fn check_body(s: &str) -> Result<String, DomainError> {
    let t = s.replace("\r\n", "\n").replace('\r', "\n");
    let t = t.trim();
    if t.is_empty() {
        return Err(DomainError::invalid("body", "", "the text of your post"));
    }
    if t.chars().count() > MAX_BODY {
        return Err(DomainError::invalid(
            "body",
            &t.chars().take(40).collect::<String>(),
            "at most 10,000 characters; split it in two posts",
        ));
    }
    Ok(t.to_string())
}

/// A reason (of a report, a hidden post, a locked thread): needed, and short.
pub fn check_reason(s: &str) -> Result<String, DomainError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(DomainError::invalid("reason", "", "say why (it is kept with the decision)"));
    }
    if t.chars().count() > MAX_REASON {
        return Err(DomainError::invalid("reason", &t.chars().take(40).collect::<String>(), "at most 1,000 characters"));
    }
    Ok(t.to_string())
}

impl ThreadDraft {
    /// Checks every field; all errors at once, each with its field.
    pub fn parse(&self) -> Result<ThreadFields, Vec<(&'static str, DomainError)>> {
        let mut errors = Vec::new();
        let title = self.title.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() {
            errors.push(("title", DomainError::invalid("title", "", "a title that says what the thread is about")));
        } else if title.chars().count() > MAX_TITLE {
            errors.push(("title", DomainError::invalid("title", &title, "at most 200 characters")));
        }
        let topic = Topic::parse(&self.topic).map_err(|e| errors.push(("topic", e))).ok();
        let region = Region::parse(&self.region).map_err(|e| errors.push(("region", e))).ok();
        let language = LanguageCode::parse(&self.language).map_err(|e| errors.push(("language", e))).ok();
        let body = check_body(&self.body).map_err(|e| errors.push(("body", e))).ok();
        match (topic, region, language, body) {
            (Some(topic), Some(region), Some(language), Some(body)) if errors.is_empty() => {
                Ok(ThreadFields { title, topic, region, language, body })
            }
            _ => Err(errors),
        }
    }
}

/// May `c` be part of a user name (see `account::Username`)?
fn name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '@')
}

/// The `@names` written in a text: for each, the byte offset of its `@` and the names it may be,
/// longest first (lower case). "Thanks @ana.horvat." may name `ana.horvat.` or `ana.horvat`: the
/// sentence's full stop is not part of a name, unless an account has it. An `@` inside a word (an
/// e-mail address) is no mention.
pub fn mention_candidates(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let starts = c == '@' && !prev.is_some_and(name_char);
        prev = Some(c);
        if !starts {
            continue;
        }
        let rest = &text[i + 1..];
        let token: String = rest.chars().take_while(|c| name_char(*c)).collect();
        if token.chars().next().is_none_or(|c| !c.is_alphanumeric()) {
            continue;
        }
        let mut names = vec![];
        let mut t = token.to_lowercase();
        loop {
            if t.chars().count() >= 3 {
                names.push(t.clone());
            }
            match t.chars().last() {
                Some(l) if !l.is_alphanumeric() => {
                    t.pop();
                }
                _ => break,
            }
        }
        // Skip the token (an `@` inside it starts no new mention).
        for _ in 0..token.chars().count() {
            if let Some((_, c)) = iter.next() {
                prev = Some(c);
            }
        }
        if !names.is_empty() {
            out.push((i, names));
        }
    }
    out
}

/// A piece of a post as shown: text, a line break, or a mention of a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Break,
    /// `@username` linking to the member's profile.
    Mention {
        username: String,
        member: RecordId,
    },
}

/// The post's text cut in pieces for display: the mentions it resolved become links, every other
/// `@name` stays text as written.
pub fn pieces(body: &str, mentions: &[Mention]) -> Vec<Piece> {
    let mut out = Vec::new();
    let push_text = |out: &mut Vec<Piece>, s: &str| {
        for (n, line) in s.split('\n').enumerate() {
            if n > 0 {
                out.push(Piece::Break);
            }
            if !line.is_empty() {
                out.push(Piece::Text(line.to_string()));
            }
        }
    };
    let mut at = 0;
    for (i, names) in mention_candidates(body) {
        let Some(m) = names.iter().find_map(|n| mentions.iter().find(|m| &m.username == n)) else { continue };
        push_text(&mut out, &body[at..i]);
        // The name as written (its case), of the length of the account's name.
        let end = body[i + 1..].char_indices().nth(m.username.chars().count()).map(|(j, _)| i + 1 + j).unwrap_or(body.len());
        out.push(Piece::Mention { username: body[i + 1..end].to_string(), member: m.member });
        at = end;
    }
    push_text(&mut out, &body[at..]);
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn topics_and_regions_read_as_people_write_them() {
        assert_eq!(Topic::parse("Ballistics and forensics").unwrap(), Topic::BallisticsForensics);
        assert_eq!(Topic::parse("dark web").unwrap(), Topic::OnlineDarknet);
        for t in Topic::ALL {
            assert_eq!(Topic::parse(t.code()).unwrap(), t);
        }
        assert!(Topic::parse("gossip").is_err());
        assert_eq!(Region::parse("").unwrap(), Region::Global);
        assert_eq!(Region::parse("Europe").unwrap(), Region::Europe);
        assert!(Region::parse("Balkans").is_err());
        assert_eq!(Region::of_m49("Americas"), Some(Region::Americas));
        assert_eq!(Region::of_m49("Global"), None);
    }

    #[test]
    fn a_draft_names_every_bad_field() {
        let d = ThreadDraft { title: "  ".into(), topic: "gossip".into(), region: "Mars".into(), language: "xx".into(), body: "\n".into() };
        let fields: Vec<&str> = d.parse().unwrap_err().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, vec!["title", "topic", "region", "language", "body"]);
        let ok = ThreadDraft {
            title: "Tracing  requests\nto Austria".into(),
            topic: "tracing".into(),
            region: "europe".into(),
            language: "English".into(),
            body: "First line\r\nsecond".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(ok.title, "Tracing requests to Austria");
        assert_eq!(ok.body, "First line\nsecond");
        assert_eq!(ok.language.as_str(), "en");
        assert!(check_body(&"x".repeat(MAX_BODY + 1)).is_err());
        assert!(check_reason(" ").is_err());
    }

    #[test]
    fn mentions_are_found_at_word_starts_only() {
        let c = mention_candidates("Thanks @Ana.Horvat. Ask spoc@mup.hr or @jo, and @marko_p!");
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(c[0].1, vec!["ana.horvat.".to_string(), "ana.horvat".to_string()]);
        assert_eq!(c[1].1, vec!["marko_p".to_string()], "@jo is too short to be a user name");
        assert!(mention_candidates("@ @. @-x e@mail").is_empty());
        // A user name may hold an @: the whole token is one name.
        assert_eq!(mention_candidates("cc @ana@mup.hr")[0].1[0], "ana@mup.hr");
    }

    #[test]
    fn pieces_link_only_resolved_mentions_and_keep_line_breaks() {
        let m = RecordId::new();
        let mentions = vec![Mention { username: "ana.horvat".into(), member: m, user: RecordId::new() }];
        let p = pieces("Hello @Ana.Horvat.\nAnd @nobody here", &mentions);
        assert_eq!(
            p,
            vec![
                Piece::Text("Hello ".into()),
                Piece::Mention { username: "Ana.Horvat".into(), member: m },
                Piece::Text(".".into()),
                Piece::Break,
                Piece::Text("And @nobody here".into()),
            ]
        );
    }

    #[test]
    fn a_hidden_post_is_kept_but_shown_to_coordinators_only() {
        let author = RecordId::new();
        let p = Post {
            id: RecordId::new(),
            thread: RecordId::new(),
            author: RecordId::new(),
            author_user: author,
            author_name: "Marko".into(),
            body: "the suspect's home address is ...".into(),
            posted_at: Timestamp::from_ymd_hms(2026, 3, 1, 9, 0, 0),
            edited_at: None,
            hidden: Some(Moderation {
                by: "coord".into(),
                at: Timestamp::from_ymd_hms(2026, 3, 1, 10, 0, 0),
                reason: "personal data".into(),
            }),
            mentions: vec![],
            opening: false,
        };
        assert_eq!(p.as_seen_by(true, RecordId::new()), p);
        let member = p.as_seen_by(false, RecordId::new());
        assert!(member.body.is_empty() && member.hidden.as_ref().unwrap().reason.is_empty());
        let own = p.as_seen_by(false, author);
        assert!(own.body.is_empty());
        assert_eq!(own.hidden.unwrap().reason, "personal data", "the author reads why");
    }
}
