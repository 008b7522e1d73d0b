//! The HTML extractor on arbitrary markup, with and without a base URL: no panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhengce::ingest::html::extract;
use zhengce::ingest::page::to_document;

fuzz_target!(|html: &str| {
    let page = extract(html, None);
    let _ = to_document(&page, "fuzz.html", None);
    let base = "https://www.gov.cn/zhengce/content/a/b.htm";
    let page = extract(html, Some(base));
    let _ = to_document(&page, "fuzz.html", Some(base));
});
