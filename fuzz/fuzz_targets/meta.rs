//! Date and document-number parsers on arbitrary text: no panics, every date range slices the
//! text, and a canonical document number is a fixed point.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhengce::meta::{canonical_doc_no, find_dates, parse_date, parse_doc_no};

fuzz_target!(|text: &str| {
    let _ = parse_date(text);
    for (range, date) in find_dates(text) {
        let found = text
            .get(range.clone())
            .expect("date range on char boundaries");
        assert_eq!(parse_date(found), Some(date), "{found:?}");
    }
    if let Some(canonical) = canonical_doc_no(text) {
        assert_eq!(
            canonical_doc_no(&canonical).as_deref(),
            Some(canonical.as_str())
        );
    }
    let _ = parse_doc_no(text);
});
