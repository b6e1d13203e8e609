//! The Community's resource library (seed 000: "legal, technical and practical resources, guidance
//! material and tools to foster their skills on firearms control, and on detection, investigation
//! and prosecution of firearms related cases"). A resource is a document kept on the node (PDF,
//! DOCX, HTML, plain text) or a link, described so that a practitioner finds it by what it is
//! (legislation, guidance, a tool ...), the instrument it implements, its language and region.
//!
//! A resource is Community-only or public: public ones are also listed on the Community's public
//! page (seed 000: the Community's web page lists "internal and external resources").

use serde::{Deserialize, Serialize};

use crate::date::PartialDate;
use crate::directory::{Instrument, LanguageCode};
use crate::error::DomainError;
use crate::extract::DocFormat;
use crate::id::RecordId;
use crate::time::Timestamp;

/// Longest title and author, and longest summary.
pub const MAX_TITLE: usize = 300;
pub const MAX_SUMMARY: usize = 4_000;
pub const MAX_URL: usize = 2_000;

/// What a resource is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    /// Laws, regulations, treaties and model laws.
    Legislation,
    /// Guides, handbooks, technical guidance.
    Guidance,
    /// Templates, checklists, software, forms.
    Tool,
    /// Training material and curricula.
    Training,
    /// Studies, reports, analysis.
    Research,
    /// Judgments and decisions.
    CaseLaw,
}

impl ResourceKind {
    pub const ALL: [ResourceKind; 6] = [Self::Legislation, Self::Guidance, Self::Tool, Self::Training, Self::Research, Self::CaseLaw];
    pub fn code(&self) -> &'static str {
        match self {
            Self::Legislation => "legislation",
            Self::Guidance => "guidance",
            Self::Tool => "tool",
            Self::Training => "training",
            Self::Research => "research",
            Self::CaseLaw => "case_law",
        }
    }
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let t = s.trim().to_lowercase().replace(['-', ' '], "_");
        Self::ALL
            .into_iter()
            .find(|k| k.code() == t)
            .ok_or_else(|| DomainError::invalid("kind", s, "legislation, guidance, tool, training, research or case_law"))
    }
}

pub use super::region::Region;

/// Who reads a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceVisibility {
    /// Approved members of the Community only.
    #[default]
    Community,
    /// Anyone signed in to the node, and the Community's public page.
    Public,
}

impl ResourceVisibility {
    pub const ALL: [ResourceVisibility; 2] = [Self::Community, Self::Public];
    pub fn code(&self) -> &'static str {
        match self {
            Self::Community => "community",
            Self::Public => "public",
        }
    }
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s.trim().to_lowercase().as_str() {
            "" | "community" | "community_only" | "members" => Ok(Self::Community),
            "public" => Ok(Self::Public),
            _ => Err(DomainError::invalid("visibility", s, "community (members only) or public")),
        }
    }
}

/// A document kept on the node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredFile {
    /// The attachment holding the bytes as uploaded.
    pub attachment: RecordId,
    /// The attachment holding the text read from it (for snippets), if any text was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<RecordId>,
    /// The file's name as uploaded (cleaned).
    pub name: String,
    pub format: DocFormat,
    pub size: u64,
    pub sha256: String,
    /// Characters of text read from it (0: a scanned document, or text that could not be read).
    pub text_chars: u64,
    /// Why the text could not be read, when it could not (an encrypted PDF).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text_note: String,
}

/// Where a resource is: a file on the node, or a page elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Source {
    File(StoredFile),
    Link { url: String },
}

/// A resource of the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resource {
    pub id: RecordId,
    pub title: String,
    pub kind: ResourceKind,
    /// The instruments it concerns (none: general).
    #[serde(default)]
    pub instruments: Vec<Instrument>,
    pub language: LanguageCode,
    pub region: Region,
    /// The document's own date (of adoption, publication).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// Author or publisher.
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub summary: String,
    pub visibility: ResourceVisibility,
    pub source: Source,
    /// The account that added it (who, with the coordinators, may change it).
    pub added_by: RecordId,
    pub added_by_name: String,
    pub added_at: Timestamp,
    pub updated_at: Timestamp,
    pub updated_by: String,
}

/// A resource's description as typed (a form or the API), checked by [`ResourceDraft::parse`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceDraft {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub kind: String,
    /// Comma- or semicolon-separated (`firearms_protocol, att`), or a list in JSON.
    #[serde(default, deserialize_with = "list_or_text")]
    pub instruments: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub visibility: String,
    /// For a link: the address (`https://...`). Empty for a file.
    #[serde(default)]
    pub url: String,
}

fn list_or_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Text(String),
        List(Vec<String>),
    }
    Ok(match Option::<Either>::deserialize(d)? {
        None => String::new(),
        Some(Either::Text(s)) => s,
        Some(Either::List(v)) => v.join(", "),
    })
}

/// A description's checked fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description {
    pub title: String,
    pub kind: ResourceKind,
    pub instruments: Vec<Instrument>,
    pub language: LanguageCode,
    pub region: Region,
    pub date: Option<PartialDate>,
    pub author: String,
    pub summary: String,
    pub visibility: ResourceVisibility,
    /// A checked link, when one was given.
    pub url: Option<String>,
}

/// Field errors, each with its field.
pub type FieldErrors = Vec<(&'static str, DomainError)>;

fn bounded(field: &'static str, s: &str, max: usize, errors: &mut FieldErrors) -> String {
    let t = s.trim();
    if t.chars().count() > max {
        errors.push((field, DomainError::invalid(field, &t.chars().take(40).collect::<String>(), format!("at most {max} characters"))));
    }
    t.chars().filter(|c| !c.is_control() || *c == '\n').collect()
}

/// An `http` or `https` address with a host and no spaces (what a browser opens as a link; no
/// `javascript:` or `data:` address ever reaches a page).
pub fn check_url(s: &str) -> Result<String, DomainError> {
    let t = s.trim();
    let bad = || DomainError::invalid("url", s, "an address starting with https:// (or http://)");
    let rest = t.strip_prefix("https://").or_else(|| t.strip_prefix("http://")).ok_or_else(bad)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_name = host.rsplit('@').next().unwrap_or("").split(':').next().unwrap_or("");
    if t.len() > MAX_URL
        || host_name.is_empty()
        || !host_name.contains('.') && host_name != "localhost"
        || t.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
    {
        return Err(bad());
    }
    Ok(t.to_string())
}

impl ResourceDraft {
    /// Checks every field; all errors at once, each with its field.
    pub fn parse(&self) -> Result<Description, FieldErrors> {
        let mut errors = Vec::new();
        let title = bounded("title", &self.title, MAX_TITLE, &mut errors).replace('\n', " ");
        if title.is_empty() {
            errors.push(("title", DomainError::invalid("title", "", "the title of the document or page")));
        }
        let kind = ResourceKind::parse(&self.kind).map_err(|e| errors.push(("kind", e))).ok();
        let mut instruments = Vec::new();
        for i in self.instruments.split([',', ';', '\n']).map(str::trim).filter(|x| !x.is_empty()) {
            match Instrument::parse(i) {
                Ok(x) if !instruments.contains(&x) => instruments.push(x),
                Ok(_) => {}
                Err(e) => errors.push(("instruments", e)),
            }
        }
        let language = if self.language.trim().is_empty() {
            errors.push(("language", DomainError::invalid("language", "", "the language of the document, e.g. en, es, fr")));
            None
        } else {
            LanguageCode::parse(&self.language).map_err(|e| errors.push(("language", e))).ok()
        };
        let region = Region::parse(&self.region).map_err(|e| errors.push(("region", e))).unwrap_or(Region::Global);
        let date = Some(self.date.trim())
            .filter(|d| !d.is_empty())
            .map(PartialDate::parse)
            .transpose()
            .map_err(|e| errors.push(("date", e)))
            .ok()
            .flatten();
        let author = bounded("author", &self.author, MAX_TITLE, &mut errors).replace('\n', " ");
        let summary = bounded("summary", &self.summary, MAX_SUMMARY, &mut errors);
        let visibility = ResourceVisibility::parse(&self.visibility).map_err(|e| errors.push(("visibility", e))).unwrap_or_default();
        let url =
            Some(self.url.trim()).filter(|u| !u.is_empty()).map(check_url).transpose().map_err(|e| errors.push(("url", e))).ok().flatten();
        match (kind, language) {
            (Some(kind), Some(language)) if errors.is_empty() => {
                Ok(Description { title, kind, instruments, language, region, date, author, summary, visibility, url })
            }
            _ => Err(errors),
        }
    }

    pub fn of(r: &Resource) -> ResourceDraft {
        ResourceDraft {
            title: r.title.clone(),
            kind: r.kind.code().to_string(),
            instruments: r.instruments.iter().map(|i| i.code()).collect::<Vec<_>>().join(", "),
            language: r.language.to_string(),
            region: r.region.code().to_string(),
            date: r.date.map(|d| d.to_string()).unwrap_or_default(),
            author: r.author.clone(),
            summary: r.summary.clone(),
            visibility: r.visibility.code().to_string(),
            url: match &r.source {
                Source::Link { url } => url.clone(),
                Source::File(_) => String::new(),
            },
        }
    }
}

impl Resource {
    pub fn describe(&mut self, d: Description) {
        self.title = d.title;
        self.kind = d.kind;
        self.instruments = d.instruments;
        self.language = d.language;
        self.region = d.region;
        self.date = d.date;
        self.author = d.author;
        self.summary = d.summary;
        self.visibility = d.visibility;
        if let Some(url) = d.url {
            if matches!(self.source, Source::Link { .. }) {
                self.source = Source::Link { url };
            }
        }
    }

    pub fn is_public(&self) -> bool {
        self.visibility == ResourceVisibility::Public
    }

    pub fn file(&self) -> Option<&StoredFile> {
        match &self.source {
            Source::File(f) => Some(f),
            Source::Link { .. } => None,
        }
    }

    /// The name a download is saved under: the uploaded name, with the format's extension.
    pub fn download_name(&self) -> String {
        let Some(f) = self.file() else { return String::new() };
        let ext = f.format.extension();
        let base: String = f.name.chars().filter(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ')).collect();
        let base = base.trim();
        if base.is_empty() {
            format!("resource.{ext}")
        } else if base.to_lowercase().ends_with(&format!(".{ext}")) || (ext == "html" && base.to_lowercase().ends_with(".htm")) {
            base.to_string()
        } else {
            format!("{base}.{ext}")
        }
    }
}

/// How many times the folded `words` occur in folded `text` (the rank of a search result).
pub fn occurrences(text: &str, words: &[String]) -> usize {
    words.iter().filter(|w| !w.is_empty()).map(|w| text.matches(w.as_str()).count()).sum()
}

/// A few words of `text` around the first place one of the folded `words` occurs, as the text
/// reads (not folded), with `…` where it was cut. Empty when none occurs.
pub fn snippet(text: &str, words: &[String], around: usize) -> String {
    use crate::nomenclature::text::fold_key;
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let words: Vec<&String> = words.iter().filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return String::new();
    }
    // Query words are single folded words (see the library's search): a token holds one when its
    // folded form contains it ("markings" holds "marking", "e-mail" holds "mail").
    let hit = tokens.iter().position(|t| {
        let folded = fold_key(t);
        words.iter().any(|w| folded.contains(w.as_str()))
    });
    let Some(i) = hit else { return String::new() };
    let from = i.saturating_sub(around);
    let to = (i + around + 1).min(tokens.len());
    let mut s = tokens.get(from..to).unwrap_or_default().join(" ");
    if from > 0 {
        s.insert_str(0, "… ");
    }
    if to < tokens.len() {
        s.push_str(" …");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> ResourceDraft {
        ResourceDraft {
            title: "Model Law against the Illicit Manufacturing of and Trafficking in Firearms".into(),
            kind: "legislation".into(),
            instruments: "firearms_protocol; UNTOC".into(),
            language: "English".into(),
            region: "".into(),
            date: "2011".into(),
            author: "UNODC".into(),
            summary: "Model provisions".into(),
            visibility: "public".into(),
            url: "https://www.unodc.org/documents/legal-tools/Model_Law_Firearms_Final.pdf".into(),
        }
    }

    #[test]
    fn a_description_is_checked_field_by_field() {
        let d = draft().parse().unwrap();
        assert_eq!(d.kind, ResourceKind::Legislation);
        assert_eq!(d.instruments, vec![Instrument::FirearmsProtocol, Instrument::Untoc]);
        assert_eq!(d.language.as_str(), "en");
        assert_eq!(d.region, Region::Global);
        assert_eq!(d.visibility, ResourceVisibility::Public);
        let bad = ResourceDraft {
            title: " ".into(),
            kind: "novel".into(),
            instruments: "att, wassenaar".into(),
            language: "".into(),
            region: "Atlantis".into(),
            date: "yesterday".into(),
            visibility: "secret".into(),
            url: "javascript:alert(1)".into(),
            ..Default::default()
        };
        let fields: Vec<&str> = bad.parse().unwrap_err().iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["title", "kind", "instruments", "language", "region", "date", "visibility", "url"]);
    }

    #[test]
    fn urls() {
        assert!(check_url("https://www.unodc.org/unodc/en/firearms-protocol/").is_ok());
        assert!(check_url("http://localhost:8080/x").is_ok());
        for bad in ["ftp://x.org", "https://", "https://nohost", "data:text/html,x", "https://a.org/\"onmouseover=", "https://a .org"] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn regions_in_three_languages() {
        assert_eq!(Region::parse("Amériques").unwrap(), Region::Americas);
        assert_eq!(Region::parse("Europa").unwrap(), Region::Europe);
        assert_eq!(Region::of_m49("Africa"), Some(Region::Africa));
        assert_eq!(Region::of_m49(""), None);
    }

    #[test]
    fn snippets_and_ranks() {
        let text = "The Protocol requires States to mark firearms at the time of manufacture, on import and when transferred from government stocks to permanent civilian use.";
        let w = vec!["import".to_string()];
        assert_eq!(snippet(text, &w, 3), "… of manufacture, on import and when transferred …");
        assert_eq!(snippet("Année de fabrication", &["annee".to_string()], 3), "Année de fabrication");
        assert_eq!(snippet(text, &["nothing".to_string()], 3), "");
        assert_eq!(occurrences("mark marking marks", &["mark".to_string()]), 3);
    }
}
