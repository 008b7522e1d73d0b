//! Repairs the damage text extraction does to Chinese documents, as an ordered list of small
//! steps that can each be tested alone.
//!
//! Lossless steps come first ([`normalize_newlines`], [`normalize_spaces`]); the lossy ones
//! ([`repair_wraps`], [`join_broken_titles`]) decide which spaces were line wraps and which were
//! real boundaries. After [`clean`], every real boundary is a line break: one line per title,
//! header field, heading, paragraph, signer or date.

use crate::meta::parse_date;
use crate::structure::heading::{Level, law_heading, starts_with_heading_marker};
use crate::structure::kind_from_title;

/// How far (in display columns) a wrapped segment may be from the inferred line width.
const WRAP_TOLERANCE: f32 = 2.0;
/// Narrower segments never count as full lines (headings and fields are about this wide).
const MIN_WRAP_WIDTH: f32 = 16.0;
/// Fewer full-width segments than this is no evidence of wrapping.
const MIN_WRAPPED_SEGMENTS: usize = 3;
/// Longest name of a law division (`总则`, `法律责任`) kept on the line of its label.
const MAX_DIVISION_NAME_CHARS: usize = 20;
/// Longest title that [`join_broken_titles`] builds, in characters.
const MAX_TITLE_CHARS: usize = 80;

/// Runs every cleaning step in order.
pub fn clean(text: &str) -> String {
    let text = normalize_newlines(text);
    let text = normalize_spaces(&text);
    let text = repair_wraps(&text);
    join_broken_titles(&text)
}

/// Step 1 (lossless): `\r\n`, `\r` and Unicode line separators become `\n`; a BOM goes.
pub fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .filter(|c| *c != '\u{feff}')
        .map(|c| {
            if matches!(
                c,
                '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{0b}' | '\u{0c}'
            ) {
                '\n'
            } else {
                c
            }
        })
        .collect()
}

/// Step 2: every kind of space (tab, no-break, ideographic) becomes one ASCII space, runs
/// collapse, lines are trimmed, empty lines and control or zero-width characters are dropped.
pub fn normalize_spaces(text: &str) -> String {
    let mut lines = Vec::new();
    for line in text.split('\n') {
        let mut out = String::with_capacity(line.len());
        for c in line.chars() {
            if matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}') {
                continue;
            }
            if c.is_whitespace() {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
            } else if !c.is_control() {
                out.push(c);
            }
        }
        let trimmed = out.trim_end();
        if !trimmed.is_empty() {
            lines.push(trimmed.to_string());
        }
    }
    lines.join("\n")
}

/// Display width of a character: CJK and full-width forms are 1 column, everything else
/// (ASCII, half-width forms, curly quotes) half a column, as a PDF page sets them.
pub fn char_width(c: char) -> f32 {
    let wide = matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if wide { 1.0 } else { 0.5 }
}

/// Display width of a string (see [`char_width`]).
pub fn display_width(text: &str) -> f32 {
    text.chars().map(char_width).sum()
}

/// A space that may be a wrap or a boundary: one next to a non-ASCII character. Spaces between
/// two ASCII characters are ordinary word spaces and never touched.
fn is_candidate_space(before: Option<char>, after: Option<char>) -> bool {
    let non_ascii = |c: Option<char>| c.is_some_and(|c| !c.is_ascii());
    non_ascii(before) || non_ascii(after)
}

/// Splits a normalised line at its candidate spaces.
fn segments(line: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut previous: Option<char> = None;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|(_, n)| *n);
        if c == ' ' && is_candidate_space(previous, next) {
            parts.push(&line[start..i]);
            start = i + 1;
        }
        previous = Some(c);
    }
    parts.push(&line[start..]);
    parts.into_iter().filter(|p| !p.is_empty()).collect()
}

/// The page width the text was wrapped at: the most common width of segments that end in a
/// candidate space, if enough segments share it.
pub fn infer_wrap_width(text: &str) -> Option<f32> {
    let mut counts: std::collections::BTreeMap<u32, usize> = std::collections::BTreeMap::new();
    let mut widths = Vec::new();
    for line in text.split('\n') {
        let parts = segments(line);
        for part in parts.iter().take(parts.len().saturating_sub(1)) {
            let width = display_width(part);
            widths.push(width);
            if width >= MIN_WRAP_WIDTH {
                *counts.entry(width.round() as u32).or_default() += 1;
            }
        }
    }
    // Most common width; ties go to the wider one (a full line is the widest common segment).
    let (mode, _) = counts
        .iter()
        .max_by_key(|(width, count)| (**count, **width))?;
    let mode = *mode as f32;
    let near = widths
        .iter()
        .filter(|w| (**w - mode).abs() <= WRAP_TOLERANCE)
        .count();
    (near >= MIN_WRAPPED_SEGMENTS).then_some(mode)
}

/// Step 3 (lossy): removes the spaces PDF extraction left at line wraps and turns every other
/// candidate space into a line break.
///
/// A segment as wide as the page (within [`WRAP_TOLERANCE`]) ran into the right margin, so the
/// space after it is a wrap — unless it ends a sentence and the next segment opens a heading
/// or is a date, in which case the line happened to be full at a real boundary.
pub fn repair_wraps(text: &str) -> String {
    let width = infer_wrap_width(text);
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let parts = segments(line);
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                let before = parts[i - 1];
                if names_division(before, part) {
                    out.push(' ');
                } else if !width.is_some_and(|w| is_wrap(before, part, w)) {
                    out.push('\n');
                }
            }
            out.push_str(part);
        }
    }
    out
}

/// `第一章 总则`: a bare law division label and its short name stay on one line.
fn names_division(before: &str, after: &str) -> bool {
    let is_label =
        law_heading(before).is_some_and(|h| h.level != Level::Article && h.rest.is_empty());
    is_label && after.chars().count() <= MAX_DIVISION_NAME_CHARS && !has_sentence(after)
}

fn is_wrap(before: &str, after: &str, width: f32) -> bool {
    if (display_width(before) - width).abs() > WRAP_TOLERANCE {
        return false;
    }
    let ends_sentence = before.ends_with(['。', '；', '：', '！', '？', ':', ';', '!', '?']);
    let opens_unit = starts_with_heading_marker(after) || parse_date(after).is_some();
    !(ends_sentence && opens_unit)
}

/// Step 4 (lossy): joins a title broken by a wrap, `关于本市贯彻` + `《…》的实施意见`: a line
/// starting with 关于 that does not end in a document kind is joined with the following
/// line(s) when the joined text does, stays short and holds no sentence.
pub fn join_broken_titles(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let mut consumed = 1;
        let mut joined = line.to_string();
        if line.starts_with("关于") && kind_from_title(line).is_none() && !has_sentence(line) {
            let mut candidate = line.to_string();
            for (k, next) in lines.iter().enumerate().skip(i + 1) {
                candidate.push_str(next);
                if candidate.chars().count() > MAX_TITLE_CHARS || has_sentence(&candidate) {
                    break;
                }
                if kind_from_title(&candidate).is_some() {
                    joined = candidate.clone();
                    consumed = k - i + 1;
                    break;
                }
            }
        }
        out.push(joined);
        i += consumed;
    }
    out.join("\n")
}

fn has_sentence(text: &str) -> bool {
    text.contains(['。', '；', '！', '？', '：', ':', '，'])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A paragraph of `n` CJK characters (a full line is 20 here).
    fn full(c: char, n: usize) -> String {
        std::iter::repeat_n(c, n).collect()
    }

    #[test]
    fn newlines_and_spaces_normalize() {
        assert_eq!(normalize_newlines("a\r\nb\rc\u{feff}"), "a\nb\nc");
        assert_eq!(
            normalize_spaces("  第一条\u{3000}\u{3000}为了 \t保护\u{200b}。 \n\n \n次行"),
            "第一条 为了 保护。\n次行"
        );
    }

    #[test]
    fn widths_count_cjk_as_one_and_ascii_as_half() {
        assert_eq!(display_width("今年1月"), 3.5);
        assert_eq!(display_width("“节能”"), 3.0);
        assert_eq!(display_width("ISO14001环境"), 6.0);
    }

    #[test]
    fn full_width_segments_are_wraps_short_ones_are_boundaries() {
        let line = format!("一、总则 {}给你 们，请执行。", full('甲', 18));
        let text = [
            line.as_str(),
            &format!("{}技术进 步。", full('乙', 17)),
            &format!("{}甲 乙", full('丙', 19)),
        ]
        .join("\n");
        assert_eq!(infer_wrap_width(&text), Some(20.0));
        let cleaned = repair_wraps(&text);
        let expected = format!(
            "一、总则\n{}给你们，请执行。\n{}技术进步。\n{}甲乙",
            full('甲', 18),
            full('乙', 17),
            full('丙', 19)
        );
        assert_eq!(cleaned, expected);
    }

    #[test]
    fn full_line_ending_a_sentence_before_a_heading_is_a_boundary() {
        let text = format!(
            "{a}。 （一）目标\n{b}， 续\n{b}， 续\n{b}， 续",
            a = full('甲', 19),
            b = full('乙', 19)
        );
        let cleaned = repair_wraps(&text);
        assert!(
            cleaned.starts_with(&format!("{}。\n（一）目标\n", full('甲', 19))),
            "{cleaned}"
        );
    }

    #[test]
    fn ascii_word_spaces_are_kept() {
        assert_eq!(clean("ISO 14001 and more"), "ISO 14001 and more");
    }

    #[test]
    fn without_wrap_evidence_every_candidate_space_is_a_boundary() {
        assert_eq!(
            clean("第一章 总则\n第一条 为了保护"),
            "第一章 总则\n第一条\n为了保护"
        );
    }

    #[test]
    fn titles_broken_by_a_wrap_are_joined() {
        let text = "关于本市贯彻\n《中华人民共和国清洁生产促进法》的实施意见\n正文。";
        assert_eq!(
            join_broken_titles(text),
            "关于本市贯彻《中华人民共和国清洁生产促进法》的实施意见\n正文。"
        );
        let not_a_title = "关于本市贯彻\n正文，很长。";
        assert_eq!(join_broken_titles(not_a_title), not_a_title);
    }

    #[test]
    fn clean_is_idempotent_on_examples() {
        for text in [
            "a 中 b",
            "关于 甲\n乙的通知",
            "  ",
            "一、 二、",
            "关于\n关于\n的通知",
        ] {
            let once = clean(text);
            assert_eq!(clean(&once), once, "{text:?}");
        }
    }
}
