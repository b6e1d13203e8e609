//! The Community's e-newsletter (seed 000: "sent on a regular basis to CoP members to share updates
//! and success stories on legislation, cases and operations, events, research and other topics of
//! interest to practitioners. Previous editions can be accessed here.").

use serde::{Deserialize, Serialize};

use crate::directory::LanguageCode;
use crate::error::DomainError;
use crate::id::RecordId;
use crate::time::Timestamp;

/// Longest text of a story or the introduction.
pub const MAX_TEXT: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EditionStatus {
    Draft,
    Sent,
}

impl EditionStatus {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Sent => "sent",
        }
    }
}

/// What a success story is about (seed 000's list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoryTopic {
    Legislation,
    CasesOperations,
    Events,
    Research,
    Other,
}

impl StoryTopic {
    pub const ALL: [StoryTopic; 5] = [Self::Legislation, Self::CasesOperations, Self::Events, Self::Research, Self::Other];
    pub fn code(&self) -> &'static str {
        match self {
            Self::Legislation => "legislation",
            Self::CasesOperations => "cases_operations",
            Self::Events => "events",
            Self::Research => "research",
            Self::Other => "other",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == s.trim())
    }
}

/// One line of "what is new" chosen for the edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditionItem {
    pub id: RecordId,
    /// `case`, `activity`, `resource`, `thread`.
    pub kind: String,
    pub title: String,
    pub summary: String,
    /// The node's page of it (a path: the mail makes it absolute).
    pub link: String,
    pub include: bool,
}

/// A success story written by the coordinators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Story {
    pub topic: StoryTopic,
    pub heading: String,
    pub text: String,
}

/// An edition of the newsletter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edition {
    pub id: RecordId,
    pub number: u32,
    pub title: String,
    pub language: LanguageCode,
    pub intro: String,
    pub items: Vec<EditionItem>,
    pub stories: Vec<Story>,
    pub status: EditionStatus,
    /// The days (since 1970-01-01) whose news it covers.
    pub from_day: i64,
    pub to_day: i64,
    pub created_by: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<Timestamp>,
    #[serde(default)]
    pub sent_by: String,
    /// Members it was sent to.
    #[serde(default)]
    pub recipients: u32,
}

/// A coordinator's changes to a draft edition, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EditionDraft {
    pub title: String,
    pub language: String,
    pub intro: String,
    /// The ids of the items kept.
    pub include: Vec<String>,
    /// Stories, one block each, separated by a blank line: first line `topic: heading`, then the
    /// text (topic: legislation, cases_operations, events, research, other).
    pub stories: String,
}

/// Reads the stories' text: blocks separated by blank lines; the first line of a block is
/// `topic: heading` (a heading alone is `other`).
pub fn parse_stories(s: &str) -> Result<Vec<Story>, DomainError> {
    let mut out = Vec::new();
    let normalized = s.replace("\r\n", "\n");
    for block in normalized.split("\n\n").map(str::trim).filter(|b| !b.is_empty()) {
        let (first, text) = block.split_once('\n').unwrap_or((block, ""));
        let (topic, heading) = match first.split_once(':') {
            Some((t, h)) if StoryTopic::from_code(t).is_some() => (StoryTopic::from_code(t).unwrap_or(StoryTopic::Other), h.trim()),
            _ => (StoryTopic::Other, first.trim()),
        };
        if text.chars().count() > MAX_TEXT {
            return Err(DomainError::invalid("stories", heading, "a story of at most 10,000 characters"));
        }
        out.push(Story { topic, heading: heading.to_string(), text: text.trim().to_string() });
    }
    Ok(out)
}

pub fn stories_text(stories: &[Story]) -> String {
    stories.iter().map(|s| format!("{}: {}\n{}", s.topic.code(), s.heading, s.text)).collect::<Vec<_>>().join("\n\n")
}

impl Edition {
    /// The plain-text alternative of the e-mail (`base`: the node's address for links).
    pub fn text(&self, base: &str) -> String {
        let mut t = format!("{}\n\n{}\n", self.title, self.intro);
        for i in self.items.iter().filter(|i| i.include) {
            t.push_str(&format!("\n* {}\n  {}\n  {}{}\n", i.title, i.summary, base, i.link));
        }
        for s in &self.stories {
            t.push_str(&format!("\n{}\n{}\n", s.heading, s.text));
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stories_are_read_back_as_written() {
        let s = "legislation: A new firearms act in Ruritania\nThe act criminalises the illicit manufacturing of parts.\n\nTraining in Panama\nTwenty prosecutors trained.";
        let v = parse_stories(s).unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!((v[0].topic, v[0].heading.as_str()), (StoryTopic::Legislation, "A new firearms act in Ruritania"));
        assert_eq!(v[1].topic, StoryTopic::Other);
        assert_eq!(parse_stories(&stories_text(&v)).unwrap(), v);
    }
}
