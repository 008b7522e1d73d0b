//! Document numbers (发文字号) such as `沪府办发〔2003〕41号`, written with many bracket styles,
//! stray spaces, full-width digits or a `第` before the serial number.

use crate::model::DocNo;

/// Brackets seen around the year of a document number.
const OPEN: &[char] = &[
    '〔', '［', '[', '(', '（', '【', '〖', '{', '｛', '〈', '「',
];
const CLOSE: &[char] = &[
    '〕', '］', ']', ')', '）', '】', '〗', '}', '｝', '〉', '」',
];

/// The longest issuer prefix we accept (`国务院办公厅关于…` is a title, not a prefix).
const MAX_PREFIX_CHARS: usize = 16;

/// Parses a whole string as a document number; `None` if it is anything else.
pub fn parse_doc_no(text: &str) -> Option<DocNo> {
    let original = text.trim();
    let canonical = canonical_doc_no(original)?;
    Some(DocNo {
        canonical,
        original: original.to_string(),
    })
}

/// The canonical form `前缀〔年份〕序号号` of a document number.
pub fn canonical_doc_no(text: &str) -> Option<String> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(half_width_digit)
        .collect();
    let open = compact.find(OPEN)?;
    let prefix = &compact[..open];
    let prefix_chars = prefix.chars().count();
    if prefix_chars == 0 || prefix_chars > MAX_PREFIX_CHARS || !prefix.chars().all(is_ideograph) {
        return None;
    }
    let rest = &compact[open..];
    let rest = &rest[rest.chars().next()?.len_utf8()..];
    let year: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if year.len() != 4 {
        return None;
    }
    let rest = &rest[year.len()..];
    let close = rest.chars().next().filter(|c| CLOSE.contains(c))?;
    let rest = &rest[close.len_utf8()..];
    let rest = rest.strip_prefix('第').unwrap_or(rest);
    let serial: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if serial.is_empty() || &rest[serial.len()..] != "号" {
        return None;
    }
    let serial: u64 = serial.parse().ok()?;
    Some(format!("{prefix}〔{year}〕{serial}号"))
}

/// True if the whole string is a document number.
pub fn looks_like_doc_no(text: &str) -> bool {
    canonical_doc_no(text).is_some()
}

fn half_width_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        _ => c,
    }
}

fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    const CANONICAL: &str = "沪府办发〔2003〕41号";

    #[test]
    fn every_bracket_style_is_canonical() {
        for written in [
            "沪府办发〔2003〕41号",
            "沪府办发[2003]41号",
            "沪府办发(2003)41号",
            "沪府办发（2003）41号",
            "沪府办发［2003］41号",
            "沪府办发【2003】41号",
            "沪府办发〔2003〕第41号",
            "沪府办发 〔2003〕 41 号",
            "沪府办发〔２００３〕４１号",
            "沪府办发〔2003〕041号",
        ] {
            assert_eq!(
                canonical_doc_no(written).as_deref(),
                Some(CANONICAL),
                "{written}"
            );
        }
    }

    #[test]
    fn original_text_is_kept() {
        let doc_no = parse_doc_no(" 沪府办发[2003]第41号 ").unwrap();
        assert_eq!(doc_no.canonical, CANONICAL);
        assert_eq!(doc_no.original, "沪府办发[2003]第41号");
    }

    #[test]
    fn other_text_is_not_a_doc_no() {
        assert!(!looks_like_doc_no("第九届全国人大常委会第28次会议"));
        assert!(!looks_like_doc_no("（共印2000份）"));
        assert!(!looks_like_doc_no("沪府办发〔2003〕41号文件"));
        assert!(!looks_like_doc_no("沪府办发〔03〕41号"));
        assert!(!looks_like_doc_no("〔2003〕41号"));
        assert!(!looks_like_doc_no(""));
        assert!(looks_like_doc_no("国发〔2024〕1号"));
    }
}
