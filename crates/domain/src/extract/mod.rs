//! The text of documents people upload to the Community's library (PDF, DOCX, HTML, plain text), so
//! that its full-text search finds a word that is only inside a file. Bytes in, text out: no I/O,
//! and no input makes these functions panic or run without bound (a file is whatever someone
//! uploaded; a compressed stream may inflate a thousandfold).
//!
//! What a file is comes from its content (`%PDF-`, a zip holding `word/document.xml`, markup), not
//! from its name, which only settles whether text with tags is HTML.

mod docx;
mod html;
mod pdf;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use docx::docx_text;
pub use html::html_text;
pub use pdf::{pdf_text, simple_pdf};

/// Most bytes inflated from one file, all streams together: a real document of a few hundred pages
/// inflates to a few MB; a "zip bomb" is stopped here instead of filling the memory.
pub const MAX_INFLATED: usize = 50 * 1024 * 1024;
/// Most characters of text kept from one file (the search keeps less, see the library).
pub const MAX_TEXT_CHARS: usize = 4 * 1024 * 1024;

/// The formats whose text the library reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocFormat {
    Pdf,
    Docx,
    Html,
    Text,
}

impl DocFormat {
    pub const ALL: [DocFormat; 4] = [Self::Pdf, Self::Docx, Self::Html, Self::Text];
    pub fn code(&self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Docx => "docx",
            Self::Html => "html",
            Self::Text => "text",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == s.trim())
    }
    /// The media type a download is sent with.
    pub fn content_type(&self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Html => "text/html; charset=utf-8",
            Self::Text => "text/plain",
        }
    }
    /// The usual extension of a file of this format (downloads are named with it).
    pub fn extension(&self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Docx => "docx",
            Self::Html => "html",
            Self::Text => "txt",
        }
    }
}

/// Why no text came out of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtractError {
    /// Not one of the formats the library reads; says what it looks like when that is known.
    Unsupported(String),
    /// Looks like the format but cannot be read.
    Damaged { format: DocFormat, reason: String },
    /// A PDF whose content is encrypted: its text cannot be read without the key.
    Encrypted,
}

impl fmt::Display for ExtractError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unsupported(what) => write!(f, "{what}: the library takes PDF, Word (.docx), HTML or plain text files"),
            Self::Damaged { format, reason } => write!(f, "the {} file cannot be read ({reason})", format.code().to_uppercase()),
            Self::Encrypted => f.write_str("the PDF is encrypted, so its text cannot be searched"),
        }
    }
}

impl std::error::Error for ExtractError {}

/// The text of a file and what the file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    pub format: DocFormat,
    pub text: String,
    /// The text was cut at [`MAX_TEXT_CHARS`] or the inflation limit.
    pub truncated: bool,
}

/// What a file is, from its first bytes (and its name for markup). Errors say what it is when it
/// is a common format the library does not take.
pub fn detect(bytes: &[u8], name: &str) -> Result<DocFormat, ExtractError> {
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        return Ok(DocFormat::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // The member's name is in a local header or the central directory, uncompressed.
        if find(bytes, b"word/document.xml").is_some() {
            return Ok(DocFormat::Docx);
        }
        let what = if find(bytes, b"xl/workbook").is_some() {
            "a spreadsheet (.xlsx)"
        } else if find(bytes, b"ppt/presentation").is_some() {
            "a presentation (.pptx)"
        } else {
            "a zip archive"
        };
        return Err(ExtractError::Unsupported(what.into()));
    }
    let known: &[(&[u8], &str)] = &[
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "an old Microsoft Office file (.doc, .xls); save it as .docx or PDF"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"MZ", "a program"),
        (b"\x7FELF", "a program"),
        (b"{\\rtf", "an RTF file; save it as .docx or PDF"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xBC\xAF", "a 7-Zip archive"),
    ];
    for (magic, what) in known {
        if bytes.starts_with(magic) {
            return Err(ExtractError::Unsupported((*what).into()));
        }
    }
    if !looks_like_text(bytes) {
        return Err(ExtractError::Unsupported("a binary file".into()));
    }
    let lower_name = name.to_ascii_lowercase();
    if lower_name.ends_with(".html") || lower_name.ends_with(".htm") || lower_name.ends_with(".xhtml") || looks_like_html(head) {
        return Ok(DocFormat::Html);
    }
    Ok(DocFormat::Text)
}

/// The text of a file of any of the formats, the format found by [`detect`].
pub fn extract(bytes: &[u8], name: &str) -> Result<Extracted, ExtractError> {
    let format = detect(bytes, name)?;
    let (text, truncated) = match format {
        DocFormat::Pdf => pdf_text(bytes)?,
        DocFormat::Docx => docx_text(bytes)?,
        DocFormat::Html => bounded(html_text(&decode_text(bytes))),
        DocFormat::Text => bounded(decode_text(bytes)),
    };
    Ok(Extracted { format, text, truncated })
}

/// Text of unknown encoding: UTF-8 (with or without its mark), UTF-16 with its mark, and otherwise
/// Windows-1252, the usual encoding of a Western European text that is not UTF-8 (a superset of
/// Latin-1 for what is printable).
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        return String::from_utf16_lossy(&units);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) if e.valid_up_to() + 4 >= bytes.len() && e.error_len().is_none() => {
            // Only the last character is cut (a file cut short): keep the rest as UTF-8.
            String::from_utf8_lossy(bytes).into_owned()
        }
        Err(_) => bytes.iter().map(|&b| win1252(b)).collect(),
    }
}

/// A byte of Windows-1252 (PDF's WinAnsiEncoding is the same for text).
pub fn win1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•',
        '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH.get(usize::from(b - 0x80)).copied().unwrap_or('\u{FFFD}'),
        _ => char::from(b),
    }
}

fn bounded(mut text: String) -> (String, bool) {
    match text.char_indices().nth(MAX_TEXT_CHARS) {
        Some((at, _)) => {
            text.truncate(at);
            (text, true)
        }
        None => (text, false),
    }
}

/// Few control characters other than white space (a binary file has many, and NULs).
fn looks_like_text(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    // UTF-16 text is full of NULs; its byte order mark says what it is.
    if sample.starts_with(b"\xFF\xFE") || sample.starts_with(b"\xFE\xFF") {
        return true;
    }
    let control = sample.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)).count();
    !sample.contains(&0) && control * 100 <= sample.len()
}

fn looks_like_html(head: &[u8]) -> bool {
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    [&b"<!doctype html"[..], b"<html", b"<body", b"<head"].iter().any(|m| find(&lower, m).is_some())
}

/// Where `needle` first occurs in `hay`.
pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Folds runs of blank lines and trailing spaces: extractors emit many line breaks.
pub(crate) fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formats_are_told_by_their_content() {
        assert_eq!(detect(b"%PDF-1.4\n...", "report.docx"), Ok(DocFormat::Pdf));
        assert_eq!(detect(b"<!DOCTYPE html><html><body>x</body></html>", "a.txt"), Ok(DocFormat::Html));
        assert_eq!(detect(b"Plain words <not markup>", "a.txt"), Ok(DocFormat::Text));
        assert_eq!(detect(b"<p>a paragraph</p>", "page.htm"), Ok(DocFormat::Html));
        assert!(matches!(detect(b"\x89PNG\r\n\x1a\n\0\0", "x.pdf"), Err(ExtractError::Unsupported(w)) if w.contains("PNG")));
        assert!(
            matches!(detect(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1....", "x.doc"), Err(ExtractError::Unsupported(w)) if w.contains(".docx"))
        );
        assert!(matches!(detect(b"PK\x03\x04 xl/workbook.xml", "x.docx"), Err(ExtractError::Unsupported(w)) if w.contains("spreadsheet")));
        assert!(matches!(detect(&[0u8, 1, 2, 3, 0, 0, 9, 200], "x.txt"), Err(ExtractError::Unsupported(_))));
    }

    #[test]
    fn text_encodings() {
        assert_eq!(decode_text("Año 2024 — señal".as_bytes()), "Año 2024 — señal");
        assert_eq!(decode_text(b"\xEF\xBB\xBFhello"), "hello");
        // Latin-1 / Windows-1252, as a French text saved by an old editor.
        assert_eq!(decode_text(b"march\xe9 \x93noir\x94"), "marché “noir”");
        let utf16: Vec<u8> = "\u{FEFF}armas".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(decode_text(&utf16), "armas");
        assert_eq!(extract(&utf16, "a.txt").map(|e| e.format), Ok(DocFormat::Text));
    }

    #[test]
    fn tidy_folds_blank_lines() {
        assert_eq!(tidy("a  \n\n\n\nb\nc\n\n"), "a\n\nb\nc");
    }

    proptest! {
        #[test]
        fn never_panics_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048), name in "[a-z]{0,5}\\.(pdf|docx|html|txt)") {
            let _ = extract(&bytes, &name);
        }

        #[test]
        fn never_panics_on_pdf_like_bytes(tail in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let mut bytes = b"%PDF-1.4\n1 0 obj << /Length 10 /Filter /FlateDecode >> stream\n".to_vec();
            bytes.extend(tail);
            let _ = extract(&bytes, "x.pdf");
        }
    }
}
