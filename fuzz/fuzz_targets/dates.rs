#![no_main]
use armstrace_domain::date::PartialDate;
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::time::Timestamp;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        if let Ok(d) = PartialDate::parse(s) {
            assert_eq!(PartialDate::parse(&d.to_string()), Ok(d));
        }
        if let Ok(t) = Timestamp::parse(s) {
            assert_eq!(Timestamp::parse(&t.to_string()), Ok(t));
        }
        let _ = HandlingCode::parse(s);
    }
});
