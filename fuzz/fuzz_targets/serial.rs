#![no_main]
use armstrace_domain::serial::{SerialNumber, SerialStatus};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        for status in [None, Some(SerialStatus::Intact), Some(SerialStatus::None), Some(SerialStatus::Obliterated)] {
            if let Ok(sn) = SerialNumber::parse(s, status) {
                // Normalization is idempotent.
                let again = SerialNumber::parse(sn.normalized(), None).map(|x| x.normalized().to_string());
                if let Ok(a) = again {
                    assert_eq!(a, sn.normalized());
                }
                let _ = sn.folded();
            }
        }
        let _ = SerialStatus::parse(s);
    }
});
