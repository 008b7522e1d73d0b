//! A document's kind from the last words of its title, and the title form used to find versions.

use unicode_normalization::UnicodeNormalization;

/// Kinds, longer ones first so `实施意见` wins over `意见` and `办法` over `法`.
const KINDS: &[&str] = &[
    "实施意见",
    "指导意见",
    "实施方案",
    "实施细则",
    "实施办法",
    "暂行办法",
    "管理办法",
    "暂行规定",
    "补充规定",
    "补充通知",
    "紧急通知",
    "修正案",
    "通知",
    "意见",
    "通告",
    "公告",
    "决定",
    "决议",
    "命令",
    "批复",
    "报告",
    "请示",
    "纪要",
    "通报",
    "规定",
    "办法",
    "细则",
    "条例",
    "规则",
    "规划",
    "方案",
    "守则",
    "章程",
    "计划",
    "纲要",
    "解释",
    "答复",
    "指引",
    "标准",
    "函",
    "令",
    "法",
];

/// Compound kinds reported as their base kind: a 管理办法 is a 办法.
const BASE_KIND: &[(&str, &str)] = &[
    ("指导意见", "意见"),
    ("暂行办法", "办法"),
    ("管理办法", "办法"),
    ("暂行规定", "规定"),
    ("补充规定", "规定"),
    ("补充通知", "通知"),
    ("紧急通知", "通知"),
];

/// The document kind named at the end of a title (通知, 实施意见, 意见, 法, 条例, 办法 …),
/// ignoring a trailing `（试行）`, `（草案）` or `（2019年修正）`.
pub fn kind_from_title(title: &str) -> Option<String> {
    let title = strip_trailing_note(title.trim());
    let kind = KINDS.iter().find(|kind| title.ends_with(**kind))?;
    let base = BASE_KIND
        .iter()
        .find(|(compound, _)| compound == kind)
        .map_or(*kind, |(_, base)| base);
    Some(base.to_string())
}

/// Removes one trailing parenthesised note such as `（试行）`.
fn strip_trailing_note(title: &str) -> &str {
    let Some(body) = title.strip_suffix('）').or_else(|| title.strip_suffix(')')) else {
        return title;
    };
    match body.rfind(['（', '(']) {
        Some(open) if open > 0 => title[..open].trim_end(),
        _ => title,
    }
}

/// The key that makes two titles "the same document": NFKC (full- to half-width), no
/// whitespace, and one style of angle brackets.
pub fn normalize_title(title: &str) -> String {
    title
        .nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '〈' | '<' | '‹' => '《',
            '〉' | '>' | '›' => '》',
            '“' | '”' | '「' | '」' => '"',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_titles() {
        let kind = |t: &str| kind_from_title(t);
        assert_eq!(
            kind("上海市人民政府办公厅转发市经委等三部门关于本市贯彻《中华人民共和国清洁生产促进法》实施意见的通知").as_deref(),
            Some("通知")
        );
        assert_eq!(
            kind("关于本市贯彻《中华人民共和国清洁生产促进法》的实施意见").as_deref(),
            Some("实施意见")
        );
        assert_eq!(kind("中华人民共和国专利法").as_deref(), Some("法"));
        assert_eq!(kind("上海市道路运输管理办法").as_deref(), Some("办法"));
        assert_eq!(kind("上海市某某条例（草案）").as_deref(), Some("条例"));
        assert_eq!(kind("关于加强管理的决定").as_deref(), Some("决定"));
        assert_eq!(kind("关于本市贯彻"), None);
        assert_eq!(kind("关于本市贯彻《中华人民共和国清洁生产促进法》"), None);
    }

    #[test]
    fn titles_normalize_brackets_width_and_spaces() {
        assert_eq!(
            normalize_title("关于本市贯彻 〈中华人民共和国清洁生产促进法〉的实施意见"),
            normalize_title("关于本市贯彻《中华人民共和国清洁生产促进法》的实施意见")
        );
        assert_eq!(normalize_title("办法（２００３）"), "办法(2003)");
    }
}
