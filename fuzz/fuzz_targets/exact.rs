//! The exact-match component reader on arbitrary bytes: refused or answered, never a panic
//! (a damaged segment file must give an error, not bring the process down).
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhengce::exact::{SegmentLines, needle};

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"ZCX1".to_vec();
    bytes.extend_from_slice(data);
    if let Ok(view) = SegmentLines::parse(&bytes) {
        for query in ["法", "法律", "人民法院", "a"] {
            view.matching_lines(&needle(query), |line| {
                let _ = (view.kind(line), view.docs(line), view.text(line));
            });
        }
    }
});
