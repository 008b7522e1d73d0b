//! The cleaner and the structurer on arbitrary text: no panics, cleaning is idempotent, and
//! every passage's text is non-empty.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhengce::clean::clean;
use zhengce::ingest::text::documents_from_text;

fuzz_target!(|text: &str| {
    let once = clean(text);
    assert_eq!(clean(&once), once, "cleaning is not idempotent");
    for document in documents_from_text(text, "fuzz.txt") {
        assert!(!document.id.is_empty());
    }
});
