//! The one entry point for raw files, on arbitrary bytes named as each format: decoding,
//! format parsing and structuring never panic; problems come back as errors.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhengce::ingest::source::documents;

fuzz_target!(|bytes: &[u8]| {
    for name in ["x.txt", "x.jsonl", "x.html"] {
        let _ = documents(name, bytes, None);
    }
});
