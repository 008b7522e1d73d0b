//! Highlighting on arbitrary text and needles: ranges are non-empty, sorted, disjoint and
//! within the text's character count; snippets keep their highlights inside the window, and
//! never panic even on highlights that do not belong to the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhengce::search::highlight::{find, snippet};

fuzz_target!(|input: (&str, Vec<String>, u8, Vec<(u8, u8)>)| {
    let (text, needles, width, stray) = input;
    let chars = text.chars().count();
    let ranges = find(text, &needles);
    for pair in ranges.windows(2) {
        assert!(
            pair[0].end < pair[1].start,
            "ranges overlap or touch: {pair:?}"
        );
    }
    for range in &ranges {
        assert!(range.start < range.end && range.end <= chars);
    }
    let snip = snippet(text, &ranges, usize::from(width));
    let window = snip.text.chars().count();
    assert!(window <= usize::from(width));
    for range in &snip.highlights {
        assert!(range.start < range.end && range.end <= window);
    }
    let stray: Vec<_> = stray
        .into_iter()
        .map(|(a, b)| usize::from(a.min(b))..usize::from(a.max(b)))
        .collect();
    let _ = snippet(text, &stray, usize::from(width));
});
