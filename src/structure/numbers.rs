//! Chinese numerals as they appear in headings, article labels and dates.

/// The value of a number written in Chinese numerals (`一千二百五十四`, `十一`, `两百`, `廿一`),
/// digit by digit (`二○○三`), or in ASCII or full-width digits. `None` for anything else.
pub fn chinese_number(text: &str) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let has_unit = text.chars().any(|c| {
        matches!(
            c,
            '十' | '拾' | '百' | '佰' | '千' | '仟' | '万' | '廿' | '卅'
        )
    });
    let value = if has_unit {
        with_units(text)?
    } else {
        positional(text)?
    };
    u32::try_from(value).ok()
}

/// `二○○三`, `2003`, `２００３`: one digit per character.
fn positional(text: &str) -> Option<u64> {
    text.chars().try_fold(0u64, |acc, c| {
        acc.checked_mul(10)?.checked_add(u64::from(digit(c)?))
    })
}

/// `一千二百五十四`, `十一`, `廿一`, `三万零五`.
fn with_units(text: &str) -> Option<u64> {
    let mut total: u64 = 0;
    let mut section: u64 = 0;
    let mut pending: Option<u64> = None;
    for c in text.chars() {
        if let Some(d) = digit(c) {
            if d == 0 {
                // 零 only marks a gap (一千零五); two digits in a row without a unit are invalid.
                continue;
            }
            if pending.is_some() {
                return None;
            }
            pending = Some(u64::from(d));
            continue;
        }
        let unit = match c {
            '十' | '拾' => 10,
            '百' | '佰' => 100,
            '千' | '仟' => 1000,
            '廿' | '卅' => {
                if pending.is_some() {
                    return None;
                }
                section = section.checked_add(if c == '廿' { 20 } else { 30 })?;
                continue;
            }
            '万' => {
                let below = section.checked_add(pending.take().unwrap_or(0))?;
                total = total.checked_add(below.max(1).checked_mul(10_000)?)?;
                section = 0;
                continue;
            }
            _ => return None,
        };
        section = section.checked_add(pending.take().unwrap_or(1).checked_mul(unit)?)?;
    }
    total
        .checked_add(section)?
        .checked_add(pending.unwrap_or(0))
}

/// One digit: ASCII, full-width or Chinese (〇 ○ 零 as zero, 两 as two).
fn digit(c: char) -> Option<u8> {
    Some(match c {
        '0'..='9' => c as u8 - b'0',
        '０'..='９' => (c as u32 - '０' as u32) as u8,
        '〇' | '○' | '零' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// True for characters that can be part of a number in a heading label.
pub(crate) fn is_numeral_char(c: char) -> bool {
    digit(c).is_some()
        || matches!(
            c,
            '十' | '拾' | '百' | '佰' | '千' | '仟' | '万' | '廿' | '卅'
        )
}

/// The canonical citation number of an article label: `第一千二百五十四条` → `1254`,
/// `第十一条之一` → `11之一`, `第1254条` → `1254`.
pub fn article_number(label: &str) -> Option<String> {
    let label = label.trim();
    let rest = label.strip_prefix('第')?;
    let tiao = rest.find('条')?;
    let number = chinese_number(&rest[..tiao])?;
    let after = &rest[tiao + '条'.len_utf8()..];
    if after.is_empty() {
        return Some(number.to_string());
    }
    let sub = after.strip_prefix('之')?;
    (!sub.is_empty() && sub.chars().all(is_numeral_char)).then(|| format!("{number}之{sub}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        assert_eq!(chinese_number("一千二百五十四"), Some(1254));
        assert_eq!(chinese_number("十一"), Some(11));
        assert_eq!(chinese_number("十"), Some(10));
        assert_eq!(chinese_number("二十"), Some(20));
        assert_eq!(chinese_number("两百"), Some(200));
        assert_eq!(chinese_number("一百零五"), Some(105));
        assert_eq!(chinese_number("一千零一十"), Some(1010));
        assert_eq!(chinese_number("廿一"), Some(21));
        assert_eq!(chinese_number("卅"), Some(30));
        assert_eq!(chinese_number("三万零五"), Some(30005));
        assert_eq!(chinese_number("二○○三"), Some(2003));
        assert_eq!(chinese_number("1254"), Some(1254));
        assert_eq!(chinese_number("１２"), Some(12));
    }

    #[test]
    fn non_numerals_are_none() {
        assert_eq!(chinese_number(""), None);
        assert_eq!(chinese_number("总则"), None);
        assert_eq!(chinese_number("二三十"), None);
        assert_eq!(chinese_number("99999999999999999999"), None);
    }

    #[test]
    fn article_labels() {
        assert_eq!(
            article_number("第一千二百五十四条").as_deref(),
            Some("1254")
        );
        assert_eq!(article_number("第十一条之一").as_deref(), Some("11之一"));
        assert_eq!(article_number("第1254条").as_deref(), Some("1254"));
        assert_eq!(article_number("第一条").as_deref(), Some("1"));
        assert_eq!(article_number("第一章"), None);
        assert_eq!(article_number("第一条规定"), None);
    }
}
