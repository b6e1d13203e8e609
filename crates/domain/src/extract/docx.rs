//! The text of a Word document (.docx): the runs of text (`<w:t>`) of `word/document.xml`, a line
//! break at the end of each paragraph (`</w:p>`), tabs and breaks kept. The archive is read from
//! memory, its declared and real sizes both bounded.

use std::io::{Cursor, Read};

use super::html::decode_entities;
use super::{tidy, DocFormat, ExtractError, MAX_INFLATED, MAX_TEXT_CHARS};

/// The text of a .docx file, and whether it was cut.
pub fn docx_text(bytes: &[u8]) -> Result<(String, bool), ExtractError> {
    let damaged = |reason: String| ExtractError::Damaged { format: DocFormat::Docx, reason };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(format!("not a readable zip archive: {e}")))?;
    let mut part = zip.by_name("word/document.xml").map_err(|e| match e {
        zip::result::ZipError::FileNotFound => damaged("it has no word/document.xml".into()),
        e => damaged(format!("word/document.xml cannot be read: {e}")),
    })?;
    let mut xml = Vec::new();
    // The declared size may lie: the reading itself is bounded.
    let limit = MAX_INFLATED as u64;
    let read = (&mut part).take(limit + 1).read_to_end(&mut xml);
    if let Err(e) = read {
        if xml.is_empty() {
            return Err(damaged(format!("word/document.xml cannot be inflated: {e}")));
        }
    }
    let cut = xml.len() as u64 > limit;
    xml.truncate(MAX_INFLATED);
    let (text, full) = document_text(&String::from_utf8_lossy(&xml));
    Ok((text, cut || full))
}

/// The text of WordprocessingML, and whether it reached [`MAX_TEXT_CHARS`].
fn document_text(xml: &str) -> (String, bool) {
    let mut out = String::new();
    let mut chars = 0usize;
    let mut rest = xml;
    let mut in_text = false;
    while let Some(lt) = rest.find('<') {
        if in_text {
            let piece = decode_entities(&rest[..lt]);
            chars += piece.chars().count();
            out.push_str(&piece);
            if chars > MAX_TEXT_CHARS {
                let at = out.char_indices().nth(MAX_TEXT_CHARS).map(|(i, _)| i).unwrap_or(out.len());
                out.truncate(at);
                return (tidy(&out), true);
            }
        }
        rest = &rest[lt..];
        let end = rest.find('>').map(|i| i + 1).unwrap_or(rest.len());
        let tag = &rest[..end];
        rest = &rest[end..];
        let inner = tag.trim_start_matches('<').trim_end_matches('>');
        let closing = inner.starts_with('/');
        let name = inner.trim_start_matches('/').split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or("");
        let self_closing = inner.ends_with('/');
        match name {
            // `w:t` (text) and `w:delText` is text deleted with tracked changes, which is not in the
            // document; `w:instrText` is a field's code.
            "w:t" => in_text = !closing && !self_closing,
            "w:p" if closing || self_closing => out.push('\n'),
            "w:tab" | "w:ptab" if !closing => out.push('\t'),
            "w:br" | "w:cr" if !closing => out.push('\n'),
            "w:tc" if closing => out.push('\t'),
            _ => {}
        }
    }
    (tidy(&out), false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    pub(crate) fn build_docx(document_xml: &str) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        w.start_file("[Content_Types].xml", o).unwrap();
        w.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#).unwrap();
        w.start_file("word/document.xml", o).unwrap();
        w.write_all(document_xml.as_bytes()).unwrap();
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn runs_paragraphs_tabs_and_entities() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>Guía de </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">rastreo &amp; marcaje</w:t></w:r></w:p>
<w:p/><w:p><w:r><w:t>Art.</w:t><w:tab/><w:t>12</w:t><w:br/><w:t>ITI §</w:t></w:r><w:del><w:r><w:delText>removed</w:delText></w:r></w:del></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
</w:body></w:document>"#;
        let docx = build_docx(xml);
        assert_eq!(super::super::detect(&docx, "x.bin"), Ok(DocFormat::Docx));
        let (text, cut) = docx_text(&docx).unwrap();
        assert!(!cut);
        assert_eq!(text, "Guía de rastreo & marcaje\n\nArt.\t12\nITI §\nA");
    }

    #[test]
    fn not_a_word_document() {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        w.start_file("other.txt", zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(b"x").unwrap();
        let z = w.finish().unwrap().into_inner();
        assert!(matches!(docx_text(&z), Err(ExtractError::Damaged { .. })));
        assert!(matches!(docx_text(b"PK\x03\x04word/document.xml garbage"), Err(ExtractError::Damaged { .. })));
    }
}
