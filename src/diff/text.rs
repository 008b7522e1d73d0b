//! Small text helpers the aligner and the word diff share: what counts as punctuation, how a
//! heading is reduced to a comparable key, and character-bigram similarity.
//!
//! Everything here works on `char`s, never on byte offsets, so no input can make it slice inside
//! a UTF-8 character.

use std::collections::HashSet;

/// True for whitespace and for ASCII, CJK and full-width punctuation (including `“”`, `·`, `、`).
pub(crate) fn is_punct(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || matches!(c as u32,
            0x00A1..=0x00BF          // Latin-1 punctuation, · (U+00B7)
            | 0x2010..=0x206F        // general punctuation: “ ” ‘ ’ — … ·
            | 0x3000..=0x303F        // CJK symbols and punctuation: 、。〈〉《》「」【】〔〕
            | 0xFE30..=0xFE4F        // CJK compatibility forms
            | 0xFF01..=0xFF0F        // full-width ！＂＃…／
            | 0xFF1A..=0xFF20        // ：；＜＝＞？＠
            | 0xFF3B..=0xFF40
            | 0xFF5B..=0xFF65)
}

/// True for the marks that end a clause: a hunk never spans one of these inside unchanged text.
pub(crate) fn is_clause_end(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '；' | '，' | '：' | '\n' | '.' | '!' | '?' | ';' | ',' | ':'
    )
}

/// True for the marks that end a sentence (used when showing changed sentences).
pub(crate) fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '\n' | '!' | '?' | ';')
}

/// The text without punctuation and whitespace: two strings that differ only there are equal.
pub(crate) fn strip_punct(text: &str) -> String {
    text.chars().filter(|&c| !is_punct(c)).collect()
}

/// True for CJK ideographs and CJK punctuation: a line-wrap space between two of these is noise.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF
        | 0x2010..=0x206F)
}

/// Removes the spaces that hard line wrapping leaves inside Chinese text (`技术进 步`), which
/// fall at different places in two versions and would otherwise show up as edits everywhere.
pub(crate) fn join_wrapped(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' || c == '\u{3000}' {
            let before = chars[..i]
                .iter()
                .rev()
                .find(|c| **c != ' ' && **c != '\u{3000}');
            let after = chars[i + 1..]
                .iter()
                .find(|c| **c != ' ' && **c != '\u{3000}');
            if let (Some(&b), Some(&a)) = (before, after)
                && (is_cjk(b) || is_cjk(a))
                && (is_cjk(b) || b.is_ascii_alphanumeric())
                && (is_cjk(a) || a.is_ascii_alphanumeric())
            {
                continue;
            }
        }
        out.push(c);
    }
    out
}

const CN_DIGITS: &str = "零〇○一二三四五六七八九十百千两";

/// Removes a leading heading or article number: `一、` `（一）` `(1)` `1.` `第三章` `第十一条之一`.
pub(crate) fn strip_numbering(heading: &str) -> &str {
    let text = heading.trim_start();
    let is_num =
        |c: char| CN_DIGITS.contains(c) || c.is_ascii_digit() || ('０'..='９').contains(&c);
    // 第X章/节/条/款/编, optionally followed by 之X.
    if let Some(rest) = text.strip_prefix('第') {
        let after_num = rest.trim_start_matches(is_num);
        if after_num.len() < rest.len()
            && let Some(unit) = after_num.chars().next()
            && "章节条款编".contains(unit)
        {
            let mut tail = &after_num[unit.len_utf8()..];
            if let Some(sub) = tail.strip_prefix('之') {
                tail = sub.trim_start_matches(is_num);
            }
            return tail.trim_start();
        }
    }
    // （一） (1) （1）
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(rest) = text.strip_prefix(open) {
            let after_num = rest.trim_start_matches(is_num);
            if after_num.len() < rest.len()
                && let Some(tail) = after_num.strip_prefix(close)
            {
                return tail.trim_start();
            }
        }
    }
    // 一、 1. 1、 1．
    let after_num = text.trim_start_matches(is_num);
    if after_num.len() < text.len()
        && let Some(sep) = after_num.chars().next()
        && "、.．".contains(sep)
    {
        return after_num[sep.len_utf8()..].trim_start();
    }
    text
}

/// A passage's text without a leading article label (`第十一条　`), which shifts when articles
/// are inserted and so must not count as a change.
pub(crate) fn strip_article_label(text: &str) -> &str {
    let stripped = strip_numbering(text);
    // Only an article label (第…条) counts here, not a list item inside the article.
    if text.trim_start().starts_with('第') && stripped.len() < text.len() {
        stripped
    } else {
        text
    }
}

/// A heading reduced to what survives renumbering and punctuation edits.
pub(crate) fn heading_key(heading: &str) -> String {
    strip_punct(strip_numbering(heading))
}

/// The character bigrams of a text without punctuation (single characters for one-char text).
pub(crate) fn bigrams(text: &str) -> HashSet<(char, char)> {
    let chars: Vec<char> = text.chars().filter(|&c| !is_punct(c)).collect();
    match chars.len() {
        0 => HashSet::new(),
        1 => HashSet::from([(chars[0], '\0')]),
        _ => chars.windows(2).map(|w| (w[0], w[1])).collect(),
    }
}

/// Dice coefficient of two bigram sets: 1 for the same text, 0 for nothing in common.
pub(crate) fn dice(a: &HashSet<(char, char)>, b: &HashSet<(char, char)>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let common = small.iter().filter(|g| large.contains(g)).count();
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_is_stripped_from_every_heading_style() {
        assert_eq!(
            strip_numbering("（一）加大清洁生产的宣传力度。"),
            "加大清洁生产的宣传力度。"
        );
        assert_eq!(strip_numbering("三、制定目标明确重点"), "制定目标明确重点");
        assert_eq!(strip_numbering("第十一条之一　内容"), "内容");
        assert_eq!(strip_numbering("第一章 总则"), "总则");
        assert_eq!(strip_numbering("(2) 项目"), "项目");
        assert_eq!(strip_numbering("第九届全国人大"), "第九届全国人大");
        assert_eq!(strip_numbering("一是深化"), "一是深化");
    }

    #[test]
    fn headings_differing_in_number_and_punctuation_share_a_key() {
        assert_eq!(
            heading_key("（一）加大清洁生产的宣传力度。"),
            heading_key("（二）加大清洁生产的宣传力度")
        );
    }

    #[test]
    fn article_label_is_removed_only_at_the_start() {
        assert_eq!(strip_article_label("第三条　商标注册人"), "商标注册人");
        assert_eq!(strip_article_label("依照第三条规定"), "依照第三条规定");
    }

    #[test]
    fn wrap_spaces_inside_chinese_are_removed_but_word_spaces_kept() {
        assert_eq!(join_wrapped("技术进 步，ISO 14001"), "技术进步，ISO 14001");
        assert_eq!(join_wrapped("环境污 染"), "环境污染");
    }

    #[test]
    fn dice_is_one_for_punctuation_only_differences() {
        assert_eq!(
            dice(
                &bigrams("世界环境日、节能"),
                &bigrams("“世界环境日”、“节能")
            ),
            1.0
        );
        assert!(dice(&bigrams("甲乙丙丁"), &bigrams("戊己庚辛")) < 0.01);
    }
}
