//! Where the query matched inside a passage, in character offsets, and the snippet around it.
//!
//! Matching here mirrors exact matching: folded characters, whitespace ignored. So a term found
//! across a leftover wrap space is highlighted across it, and a highlight never splits a
//! multi-byte character because everything is counted in characters, not bytes.

use std::ops::Range;

use crate::tokenize::{fold_char, match_chars};

/// Character ranges `[start, end)` in `text` where any of `needles` occurs, sorted and merged.
pub fn find(text: &str, needles: &[String]) -> Vec<Range<usize>> {
    // The text's kept characters (folded) with their character index in the original.
    let kept: Vec<(char, usize)> = text
        .chars()
        .enumerate()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(i, c)| (fold_char(c), i))
        .collect();
    let mut ranges = Vec::new();
    for needle in needles {
        let needle = match_chars(needle);
        if needle.is_empty() || needle.len() > kept.len() {
            continue;
        }
        for start in 0..=kept.len() - needle.len() {
            if kept[start..start + needle.len()]
                .iter()
                .zip(&needle)
                .all(|((c, _), n)| c == n)
            {
                ranges.push(kept[start].1..kept[start + needle.len() - 1].1 + 1);
            }
        }
    }
    merge(ranges)
}

fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// A window of a passage for display: its characters, and the highlights within it (character
/// offsets relative to the window).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<Range<usize>>,
    /// Whether text was cut before / after the window.
    pub cut_before: bool,
    pub cut_after: bool,
}

/// Picks about `width` characters of `text` around the first highlight, starting at a sentence
/// start when one is near, with line breaks shown as spaces.
pub fn snippet(text: &str, highlights: &[Range<usize>], width: usize) -> Snippet {
    let chars: Vec<char> = text.chars().collect();
    let total = chars.len();
    // Clamped: highlights from another text (a caller's mistake) must not index past the end.
    let anchor = highlights.first().map_or(0, |r| r.start).min(total);
    // Start a little before the first match, preferably just after a sentence end.
    let lead = width / 4;
    let mut start = anchor.saturating_sub(lead);
    if let Some(sentence) = (start..anchor)
        .rev()
        .find(|&i| matches!(chars[i], '。' | '；' | '！' | '？' | '\n'))
    {
        start = sentence + 1;
    }
    if total - start < width {
        start = total.saturating_sub(width);
    }
    let end = (start + width).min(total);
    let window: String = chars[start..end]
        .iter()
        .map(|&c| if c == '\n' { ' ' } else { c })
        .collect();
    let highlights = highlights
        .iter()
        .filter(|r| r.end > start && r.start < end)
        .map(|r| r.start.max(start) - start..r.end.min(end) - start)
        .collect();
    Snippet {
        text: window,
        highlights,
        cut_before: start > 0,
        cut_after: end < total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(text: &str, range: &Range<usize>) -> String {
        text.chars().skip(range.start).take(range.len()).collect()
    }

    #[test]
    fn finds_terms_inside_longer_words_in_characters() {
        let text = "负责日常管理工作。该办公室为非定编机构。";
        let ranges = find(text, &["定编".into()]);
        assert_eq!(ranges, vec![15..17]);
        assert_eq!(slice(text, &ranges[0]), "定编");
    }

    #[test]
    fn matches_across_leftover_spaces_and_width_forms() {
        let text = "现转发给你 们，ＩＳＯ14001";
        assert_eq!(slice(text, &find(text, &["你们".into()])[0]), "你 们");
        assert_eq!(slice(text, &find(text, &["iso".into()])[0]), "ＩＳＯ");
    }

    #[test]
    fn overlapping_matches_merge() {
        assert_eq!(
            find("清洁生产审核", &["清洁生产".into(), "生产审核".into()]),
            vec![0..6]
        );
    }

    #[test]
    fn snippet_keeps_highlights_in_window_coordinates() {
        let text = format!(
            "{}第一句话。目标词在这里{}",
            "前".repeat(100),
            "后".repeat(100)
        );
        let ranges = find(&text, &["目标词".into()]);
        let snip = snippet(&text, &ranges, 40);
        assert!(snip.cut_before && snip.cut_after);
        assert_eq!(slice(&snip.text, &snip.highlights[0]), "目标词");
        assert!(
            snip.text.starts_with("目标词"),
            "starts after the sentence end: {}",
            snip.text
        );
    }

    #[test]
    fn snippet_with_a_highlight_past_the_end_does_not_panic() {
        let stray = 10..12;
        let snip = snippet("短文本", std::slice::from_ref(&stray), 40);
        assert_eq!(snip.text, "短文本");
        assert!(snip.highlights.is_empty());
    }

    proptest::proptest! {
        #[test]
        fn highlights_always_fit_the_text(text in "[a-c 　一二\n]{0,40}", needle in "[a-c一二 ]{1,3}") {
            let count = text.chars().count();
            let ranges = find(&text, &[needle]);
            for r in &ranges {
                proptest::prop_assert!(r.start < r.end && r.end <= count);
            }
            let snip = snippet(&text, &ranges, 10);
            for r in &snip.highlights {
                proptest::prop_assert!(r.end <= snip.text.chars().count());
            }
        }
    }
}
