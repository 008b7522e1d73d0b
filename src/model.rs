//! The cleaned, structured form of a policy document that every later stage works on.
//!
//! Ingest turns raw bytes into [`Document`]s; the corpus groups them into versions; the index,
//! search and diff read them. Nothing here knows where a document came from or how it is stored.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// A calendar date as written in a document (no time zone, no time of day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A date if the parts form a real calendar day.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (day >= 1 && day <= days_in_month).then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01, for range filters and sorting in the index.
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (y, m, d) = (self.year as i64, self.month as i64, self.day as i64);
        let y = if m <= 2 { y - 1 } else { y };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (the inverse of [`Date::days_since_epoch`]), if its
    /// year fits.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(u16::try_from(year).ok()?, month as u8, day as u8)
    }

    /// Parses the `YYYY-MM-DD` form this crate writes (and users type in `--from`/`--to`).
    pub fn parse_iso(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        Date::new(year, month, day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse_iso(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a YYYY-MM-DD date: {text}")))
    }
}

/// A document number (发文字号), canonical and as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocNo {
    /// `沪府办发〔2003〕41号`: 〔〕 around the year, ASCII digits, no spaces, no 第.
    pub canonical: String,
    /// The text as it appeared in the source.
    pub original: String,
}

/// One heading's own text: the heading path from the top level down, and the body paragraphs
/// directly under it (joined with `\n`; empty for a heading that only has sub-headings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub path: Vec<String>,
    pub text: String,
}

/// The unit of search and diff: a heading's body paragraph(s) in a policy document, one article
/// (条) with all its paragraphs (款) in a law.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passage {
    /// Heading path; for an article it ends with the article label (`第十一条之一`).
    pub section: Vec<String>,
    /// The passage's cleaned text, paragraphs joined with `\n`.
    pub text: String,
    /// Canonical article number for citations (`1254`, `11之一`), when the passage is an article.
    pub article: Option<String>,
}

/// Where a document came from: its corpus file and its place among the documents in that file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Origin {
    /// Path relative to the corpus directory.
    pub file: String,
    /// 0-based position among the documents read from that file (line number - 1 for JSON lines).
    pub ordinal: usize,
}

/// A cleaned, structured document.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Document {
    /// Stable identifier, unique in the corpus.
    pub id: String,
    pub title: String,
    pub doc_no: Option<DocNo>,
    /// 发文机构.
    pub agency: Option<String>,
    /// 发布日期: when it was published (from a header or page metadata).
    pub published: Option<Date>,
    /// 成文日期: the date under the signatures (or a law's version date).
    pub written: Option<Date>,
    /// Document kind from the title's last words: 通知, 实施意见, 法, 条例 …
    pub kind: Option<String>,
    /// Status as the source states it: 现行有效, 已废止, 历史版本, 失效 …
    pub status: Option<String>,
    pub source: Option<String>,
    pub keywords: Vec<String>,
    pub signers: Vec<String>,
    /// Every other metadata field, by its name in the source (政策类型, 主题词, 抄送, 印发 …).
    pub extra: BTreeMap<String, String>,
    pub sections: Vec<Section>,
    pub passages: Vec<Passage>,
    /// Key shared by all versions of one document; `None` when it has no other version.
    /// Filled in by the corpus, which sees all documents.
    pub version_of: Option<String>,
    pub origin: Origin,
}

impl Document {
    /// The whole cleaned body: each heading on its own line followed by its paragraphs.
    pub fn text(&self) -> String {
        let mut lines: Vec<&str> = Vec::new();
        for section in &self.sections {
            if let Some(heading) = section.path.last() {
                lines.push(heading);
            }
            if !section.text.is_empty() {
                lines.push(&section.text);
            }
        }
        lines.join("\n")
    }

    /// The date used for filtering and sorting: written, else published.
    pub fn date(&self) -> Option<Date> {
        self.written.or(self.published)
    }

    /// True when the source says the document is no longer in force.
    pub fn is_repealed(&self) -> bool {
        matches!(
            self.status.as_deref(),
            Some("已废止" | "失效" | "废止" | "已失效" | "已被修改" | "历史版本")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_reject_impossible_days() {
        assert!(Date::new(2003, 2, 29).is_none());
        assert!(Date::new(2004, 2, 29).is_some());
        assert!(Date::new(2003, 13, 1).is_none());
        assert!(Date::new(2003, 4, 31).is_none());
    }

    #[test]
    fn days_since_epoch_matches_known_values() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(Date::new(2003, 11, 10).unwrap().days_since_epoch(), 12_366);
        assert_eq!(Date::new(1969, 12, 31).unwrap().days_since_epoch(), -1);
    }

    #[test]
    fn days_since_epoch_round_trips() {
        for days in [-1, 0, 12_366, 11_016, 20_000, 59, 789] {
            let date = Date::from_days_since_epoch(days).unwrap();
            assert_eq!(date.days_since_epoch(), days, "{date}");
        }
        assert_eq!(
            Date::from_days_since_epoch(12_366).unwrap().to_string(),
            "2003-11-10"
        );
    }

    #[test]
    fn iso_dates_round_trip() {
        let date = Date::parse_iso("2003-06-30").unwrap();
        assert_eq!(date.to_string(), "2003-06-30");
        assert!(Date::parse_iso("2003-06").is_none());
        assert!(Date::parse_iso("2003-02-30").is_none());
    }
}
