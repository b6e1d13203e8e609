#![no_main]
//! Format detection and every extractor behind it (`armstrace_domain::extract::extract`), HTML and
//! plain text above all: whatever the bytes and the file's name, text or an error, never a panic.
use armstrace_domain::extract::{extract, html_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = extract(data, "upload.html");
    let _ = extract(data, "upload.txt");
    let _ = html_text(&String::from_utf8_lossy(data));
});
