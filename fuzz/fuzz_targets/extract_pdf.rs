#![no_main]
//! The PDF text extractor (`armstrace_domain::extract::pdf_text`): whatever the bytes, text or an
//! error, never a panic, and never more text than the bound. The input is given a PDF header so
//! that the fuzzer spends its time inside the object, stream and content parsers.
use armstrace_domain::extract::{pdf_text, MAX_TEXT_CHARS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend_from_slice(data);
    if let Ok((text, _)) = pdf_text(&bytes) {
        assert!(text.chars().count() <= MAX_TEXT_CHARS);
    }
});
