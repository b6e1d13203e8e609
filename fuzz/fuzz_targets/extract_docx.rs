#![no_main]
//! The DOCX text extractor (`armstrace_domain::extract::docx_text`) on arbitrary bytes, and on a
//! real archive whose `word/document.xml` is the fuzzer's bytes (so that the XML scan is reached).
use std::io::{Cursor, Write};

use armstrace_domain::extract::{docx_text, MAX_TEXT_CHARS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = docx_text(data);
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    if w.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).is_ok() && w.write_all(data).is_ok() {
        if let Ok(c) = w.finish() {
            if let Ok((text, _)) = docx_text(&c.into_inner()) {
                assert!(text.chars().count() <= MAX_TEXT_CHARS);
            }
        }
    }
});
