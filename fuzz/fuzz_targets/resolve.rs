#![no_main]
use armstrace_domain::nomenclature::nomenclature;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let n = nomenclature();
        let _ = n.resolve_manufacturer(s, Some(s));
        let _ = n.resolve_calibre(s, Some("shotgun"));
        let _ = n.resolve_type(s);
        let _ = n.resolve_country(s);
        let _ = n.resolve_model(s, None);
        for list in ["criminal_context", "role", "conveyance", "action", "event_kind"] {
            let _ = n.resolve_code(list, s);
        }
    }
});
