//! Heading recognition: the numbered headings of policy documents (`一、` `（一）` `1.` `（1）`)
//! and the divisions of laws (`第一编` `第一分编` `第一章` `第一节` `第一条` `第十一条之一`).

use super::numbers::is_numeral_char;

/// Heading levels, outermost first; the derived order is the nesting order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// 第一编
    Part,
    /// 第一分编
    SubPart,
    /// 第一章
    Chapter,
    /// 第一节
    Section,
    /// 第一条: the unit of a law's passages, not a section.
    Article,
    /// 一、
    Chinese,
    /// （一）
    ParenChinese,
    /// 1.
    Arabic,
    /// （1）
    ParenArabic,
}

/// A recognised heading: its level, the numbered label and the rest of the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heading<'a> {
    pub level: Level,
    /// `第一章`, `第十一条之一`, `一、`, `（一）`, `1.`.
    pub label: &'a str,
    /// The heading's name or, for an article, the start of its text (whitespace trimmed).
    pub rest: &'a str,
}

/// Longest policy heading line, in characters; longer marker lines are numbered paragraphs.
const MAX_POLICY_HEADING_CHARS: usize = 40;
/// Longest 编/章/节 line.
const MAX_DIVISION_CHARS: usize = 50;

/// A law division or article at the start of `line`. Articles need whitespace or the end of the
/// line after the label, so a paragraph starting `第三条规定的…` is not an article.
pub fn law_heading(line: &str) -> Option<Heading<'_>> {
    let line = line.trim();
    let after_di = line.strip_prefix('第')?;
    let numeral_len: usize = after_di
        .chars()
        .take_while(|c| is_numeral_char(*c))
        .map(char::len_utf8)
        .sum();
    if numeral_len == 0 {
        return None;
    }
    let after_number = &after_di[numeral_len..];
    let (level, marker) = [
        (Level::SubPart, "分编"),
        (Level::Part, "编"),
        (Level::Chapter, "章"),
        (Level::Section, "节"),
        (Level::Article, "条"),
    ]
    .into_iter()
    .find(|(_, marker)| after_number.starts_with(marker))?;
    let mut label_end = '第'.len_utf8() + numeral_len + marker.len();
    if level == Level::Article {
        if let Some(sub) = line[label_end..].strip_prefix('之') {
            let sub_len: usize = sub
                .chars()
                .take_while(|c| is_numeral_char(*c))
                .map(char::len_utf8)
                .sum();
            if sub_len > 0 {
                label_end += '之'.len_utf8() + sub_len;
            }
        }
    }
    let (label, after) = line.split_at(label_end);
    let rest = after.trim_start_matches(|c: char| c.is_whitespace());
    let separated = rest.len() < after.len() || rest.is_empty();
    let ok = match level {
        Level::Article => separated,
        // `第一章总则` is common too, but then it must look like a short name.
        _ => {
            line.chars().count() <= MAX_DIVISION_CHARS
                && (separated || !rest.contains(['。', '，', '；', '：']))
                && !rest.starts_with(['规', '的', '和', '、', '，', '至', '或', '中'])
        }
    };
    ok.then_some(Heading { level, label, rest })
}

/// A numbered policy heading: marker plus a short name (no sentence inside it; a final `。` is
/// allowed, as the June draft of the seed writes `（一）坚持科技创新。`).
pub fn policy_heading(line: &str) -> Option<Heading<'_>> {
    let line = line.trim();
    let (level, label_len) = policy_marker(line)?;
    let (label, rest) = line.split_at(label_len);
    let rest = rest.trim_start();
    let inner = rest.strip_suffix('。').unwrap_or(rest);
    let short = line.chars().count() <= MAX_POLICY_HEADING_CHARS;
    let one_phrase = !inner.contains(['。', '；', ';', '！', '？', '：', ':']);
    (short && one_phrase && !rest.is_empty()).then_some(Heading { level, label, rest })
}

/// The level and byte length of a policy heading marker at the start of `line`.
fn policy_marker(line: &str) -> Option<(Level, usize)> {
    let numeral = |text: &str, chinese: bool| -> usize {
        text.chars()
            .take_while(|c| {
                if chinese {
                    is_chinese_numeral(*c)
                } else {
                    c.is_ascii_digit() || ('０'..='９').contains(c)
                }
            })
            .map(char::len_utf8)
            .sum()
    };
    if let Some(inner) = line.strip_prefix(['（', '(']) {
        let open = line.len() - inner.len();
        for (chinese, level) in [(true, Level::ParenChinese), (false, Level::ParenArabic)] {
            let len = numeral(inner, chinese);
            if len > 0 {
                let close = inner[len..]
                    .chars()
                    .next()
                    .filter(|c| matches!(c, '）' | ')'))?;
                return Some((level, open + len + close.len_utf8()));
            }
        }
        return None;
    }
    let len = numeral(line, true);
    if len > 0 {
        return line[len..]
            .starts_with('、')
            .then_some((Level::Chinese, len + '、'.len_utf8()));
    }
    let len = numeral(line, false);
    if len > 0 && line[..len].chars().count() <= 3 {
        let mark = line[len..]
            .chars()
            .next()
            .filter(|c| matches!(c, '.' | '．' | '、'))?;
        let after = &line[len + mark.len_utf8()..];
        // `1.5倍` is a number, not a heading.
        if after.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        return Some((Level::Arabic, len + mark.len_utf8()));
    }
    None
}

fn is_chinese_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '零' | '〇'
    )
}

/// True when `line` starts with any heading marker (policy or law), whatever follows it.
pub fn starts_with_heading_marker(line: &str) -> bool {
    policy_marker(line.trim()).is_some() || law_heading(line).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn law(line: &str) -> Option<(Level, &str, &str)> {
        law_heading(line).map(|h| (h.level, h.label, h.rest))
    }

    fn policy(line: &str) -> Option<(Level, &str, &str)> {
        policy_heading(line).map(|h| (h.level, h.label, h.rest))
    }

    #[test]
    fn law_divisions_and_articles() {
        assert_eq!(law("第一编 总则"), Some((Level::Part, "第一编", "总则")));
        assert_eq!(
            law("第一分编 通则"),
            Some((Level::SubPart, "第一分编", "通则"))
        );
        assert_eq!(
            law("第十一章 附则"),
            Some((Level::Chapter, "第十一章", "附则"))
        );
        assert_eq!(law("第一章总则"), Some((Level::Chapter, "第一章", "总则")));
        assert_eq!(
            law("第二节　专利申请"),
            Some((Level::Section, "第二节", "专利申请"))
        );
        assert_eq!(
            law("第一千二百五十四条　不得从建筑物中抛掷物品。"),
            Some((
                Level::Article,
                "第一千二百五十四条",
                "不得从建筑物中抛掷物品。"
            ))
        );
        assert_eq!(
            law("第十一条之一　text"),
            Some((Level::Article, "第十一条之一", "text"))
        );
        assert_eq!(
            law("第1254条 text"),
            Some((Level::Article, "第1254条", "text"))
        );
        assert_eq!(law("第一条"), Some((Level::Article, "第一条", "")));
    }

    #[test]
    fn law_look_alikes_are_not_headings() {
        assert_eq!(law("第三条规定的情形，适用本法。"), None);
        assert_eq!(law("第九届全国人大常委会第28次会议通过"), None);
        assert_eq!(law("第一章规定的程序，由国务院制定。"), None);
        assert_eq!(law("第二次会议"), None);
    }

    #[test]
    fn policy_headings() {
        assert_eq!(
            policy("一、明确宗旨优化手段"),
            Some((Level::Chinese, "一、", "明确宗旨优化手段"))
        );
        assert_eq!(
            policy("十、加强交流开展合作"),
            Some((Level::Chinese, "十、", "加强交流开展合作"))
        );
        assert_eq!(
            policy("（一）总体目标"),
            Some((Level::ParenChinese, "（一）", "总体目标"))
        );
        assert_eq!(
            policy("（一）加大清洁生产的宣传力度。"),
            Some((Level::ParenChinese, "（一）", "加大清洁生产的宣传力度。"))
        );
        assert_eq!(
            policy("(二)三年工作目标"),
            Some((Level::ParenChinese, "(二)", "三年工作目标"))
        );
        assert_eq!(
            policy("1.完善标准"),
            Some((Level::Arabic, "1.", "完善标准"))
        );
        assert_eq!(
            policy("（1）建立台账"),
            Some((Level::ParenArabic, "（1）", "建立台账"))
        );
    }

    #[test]
    fn policy_look_alikes_are_not_headings() {
        assert_eq!(
            policy("一是深化吴淞、桃浦、吴泾等老工业基地的环境综合治理；"),
            None
        );
        assert_eq!(policy("（一）以欺骗手段取得的；"), None);
        assert_eq!(policy("1.5倍以上"), None);
        assert_eq!(policy("（一）"), None);
        assert_eq!(policy("2003年"), None);
        assert_eq!(
            policy(
                "（一）通过实施清洁生产，在经济快速增长的同时，努力实现污染物排放总量不断下降，使上海总体环境质量处于全国大城市先进水平。"
            ),
            None
        );
    }
}
