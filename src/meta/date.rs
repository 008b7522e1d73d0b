//! Dates as Chinese documents write them: `二○○三年十月十五日` (with ○ 〇 零 O as zero, 元月,
//! 十/廿/卅 forms), `2003年11月11日`, `2003-11-10`, `2003.11.10`, `2003/11/10`, in ASCII or
//! full-width digits.

use std::ops::Range;

use crate::model::Date;
use crate::structure::chinese_number;

/// The date if the whole string (ignoring surrounding whitespace) is one date.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let (len, date) = date_at(text)?;
    (len == text.len()).then_some(date)
}

/// Every date inside `text`, with its byte range (always on char boundaries).
pub fn find_dates(text: &str) -> Vec<(Range<usize>, Date)> {
    let mut found = Vec::new();
    let mut previous: Option<char> = None;
    let mut skip_to = 0;
    for (start, c) in text.char_indices() {
        // A date does not start in the middle of a longer number (`12003年…`).
        let inside_number = previous.is_some_and(|p| year_digit(p).is_some());
        previous = Some(c);
        if start < skip_to || inside_number {
            continue;
        }
        if let Some((len, date)) = date_at(&text[start..]) {
            found.push((start..start + len, date));
            skip_to = start + len;
        }
    }
    found
}

/// A date at the start of `text`: its byte length and value.
fn date_at(text: &str) -> Option<(usize, Date)> {
    let (year, after_year) = year_at(text)?;
    let rest = &text[after_year..];
    let sep = rest.chars().next()?;
    match sep {
        '年' => {
            let rest = &rest[sep.len_utf8()..];
            let (month, month_len) = numeral_before(rest, &['月'], true)?;
            let rest = &rest[month_len..];
            let (day, day_len) = numeral_before(rest, &['日', '号'], false)?;
            let date = Date::new(year, u8::try_from(month).ok()?, u8::try_from(day).ok()?)?;
            Some((after_year + sep.len_utf8() + month_len + day_len, date))
        }
        '-' | '.' | '/' | '－' | '．' | '／' => {
            let rest = &rest[sep.len_utf8()..];
            let (month, month_len) = ascii_number(rest, 2)?;
            let rest = &rest[month_len..];
            if !rest.starts_with(sep) {
                return None;
            }
            let rest = &rest[sep.len_utf8()..];
            let (day, day_len) = ascii_number(rest, 2)?;
            let date = Date::new(year, u8::try_from(month).ok()?, u8::try_from(day).ok()?)?;
            Some((after_year + 2 * sep.len_utf8() + month_len + day_len, date))
        }
        _ => None,
    }
}

/// Four year digits at the start of `text` (any mix of ASCII, full-width and Chinese digits).
fn year_at(text: &str) -> Option<(u16, usize)> {
    let mut year: u16 = 0;
    let mut len = 0;
    for c in text.chars().take(4) {
        year = year * 10 + u16::from(year_digit(c)?);
        len += c.len_utf8();
    }
    // Exactly four digits: `20031年` is not a date.
    let next_is_digit = text[len..]
        .chars()
        .next()
        .is_some_and(|c| year_digit(c).is_some());
    (len > 0 && text[..len].chars().count() == 4 && !next_is_digit && year >= 1000)
        .then_some((year, len))
}

/// The value of one digit of a year.
fn year_digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => Some((c as u32 - '０' as u32) as u8),
        '〇' | '○' | '零' | 'O' | 'o' | 'Ｏ' => Some(0),
        '一' => Some(1),
        '二' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

/// A month or day number followed by one of `ends`: its value and the byte length including the
/// end marker. `元月`/`正月` are January when `month` is set.
fn numeral_before(text: &str, ends: &[char], month: bool) -> Option<(u32, usize)> {
    let end = text.find(|c: char| ends.contains(&c))?;
    let number = text[..end].trim();
    if number.is_empty() || number.chars().count() > 4 {
        return None;
    }
    let value = if month && (number == "元" || number == "正") {
        1
    } else {
        let folded: String = number
            .chars()
            .map(|c| {
                if matches!(c, 'O' | 'o' | 'Ｏ') {
                    '〇'
                } else {
                    c
                }
            })
            .collect();
        chinese_number(&folded)?
    };
    let end_len = text[end..].chars().next().map_or(0, char::len_utf8);
    Some((value, end + end_len))
}

/// One or two ASCII or full-width digits, not followed by another digit.
fn ascii_number(text: &str, max_digits: usize) -> Option<(u32, usize)> {
    let mut value = 0;
    let mut len = 0;
    let mut count = 0;
    for c in text.chars() {
        let digit = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => break,
        };
        count += 1;
        if count > max_digits {
            return None;
        }
        value = value * 10 + digit;
        len += c.len_utf8();
    }
    (count > 0).then_some((value, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: u16, m: u8, d: u8) -> Option<Date> {
        Date::new(y, m, d)
    }

    #[test]
    fn chinese_numeral_dates() {
        assert_eq!(parse_date("二○○三年十月十五日"), date(2003, 10, 15));
        assert_eq!(parse_date("二○○三年十一月十日"), date(2003, 11, 10));
        assert_eq!(parse_date("二○○三年六月三十日"), date(2003, 6, 30));
        assert_eq!(parse_date("二〇〇三年六月三十日"), date(2003, 6, 30));
        assert_eq!(parse_date("二零零三年六月三十日"), date(2003, 6, 30));
        assert_eq!(parse_date("二OO三年六月三十日"), date(2003, 6, 30));
    }

    #[test]
    fn new_year_month_and_twenty_forms() {
        assert_eq!(parse_date("二○○四年元月廿日"), date(2004, 1, 20));
        assert_eq!(parse_date("二○○四年正月廿一日"), date(2004, 1, 21));
        assert_eq!(parse_date("二○○四年三月卅一日"), date(2004, 3, 31));
        assert_eq!(parse_date("二○○四年十二月二十九日"), date(2004, 12, 29));
    }

    #[test]
    fn arabic_dates() {
        assert_eq!(parse_date("2003年11月11日"), date(2003, 11, 11));
        assert_eq!(parse_date("2003年1月1号"), date(2003, 1, 1));
        assert_eq!(parse_date("2003-11-10"), date(2003, 11, 10));
        assert_eq!(parse_date("2003.11.10"), date(2003, 11, 10));
        assert_eq!(parse_date("2003/1/9"), date(2003, 1, 9));
        assert_eq!(parse_date("２００３年１１月１０日"), date(2003, 11, 10));
        assert_eq!(parse_date(" 2003-11-10 "), date(2003, 11, 10));
    }

    #[test]
    fn invalid_dates_are_none() {
        assert_eq!(parse_date("2003-02-30"), None);
        assert_eq!(parse_date("二○○三年十三月一日"), None);
        assert_eq!(parse_date("2003年11月"), None);
        assert_eq!(parse_date("2003-11.10"), None);
        assert_eq!(parse_date("20031-11-10"), None);
        assert_eq!(parse_date("2003-11-100"), None);
        assert_eq!(parse_date("今年1月1日"), None);
        assert_eq!(parse_date("2003年11月11日印发"), None);
        assert_eq!(parse_date(""), None);
    }

    #[test]
    fn finds_dates_inside_text_with_byte_ranges() {
        let text = "上海市人民政府办公厅2003年11月11日印发";
        let found = find_dates(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].0.clone()], "2003年11月11日");
        assert_eq!(found[0].1, Date::new(2003, 11, 11).unwrap());
        assert!(find_dates("第九届全国人大常委会第28次会议，12003年1月1日").is_empty());
        let two = find_dates("自2003-01-01起至二○○三年十月十五日止");
        assert_eq!(two.len(), 2);
    }
}
