//! The `键：值` metadata fields portals print above a document (`发文机构：… 发布时间：…`), in
//! any order, with full- or half-width colons, any of them missing.

use std::collections::BTreeMap;

use crate::model::{Date, DocNo};

use super::{date::parse_date, docno::parse_doc_no};

/// Longest field name we accept as a key (`发文机构` … `主题分类`).
const MAX_KEY_CHARS: usize = 8;

/// Field names with a meaning of their own; every other field goes to [`Header::extra`].
const AGENCY: &[&str] = &[
    "发文机构",
    "发文机关",
    "发布机构",
    "发布机关",
    "制定机关",
    "颁布机关",
];
const PUBLISHED: &[&str] = &["发布时间", "发布日期", "公布时间", "公布日期"];
const WRITTEN: &[&str] = &["成文日期", "成文时间"];
const DOC_NO: &[&str] = &["发文字号", "文号", "发文号"];
const SOURCE: &[&str] = &["来源", "原文链接", "链接", "网址", "原文地址"];
const KEYWORDS: &[&str] = &["关键字", "关键词"];
const STATUS: &[&str] = &["效力状态", "时效性", "效力", "状态"];

/// Field names that mark metadata wherever they appear, also below a document's body, besides
/// the agency, date, document-number and keyword names above. The generic source and status
/// names (链接, 网址, 效力, 状态) are left out: they also start ordinary body lines.
const OTHER_KNOWN_KEYS: &[&str] = &[
    "来源",
    "原文链接",
    "原文地址",
    "效力状态",
    "时效性",
    "政策类型",
    "政策层级",
    "主题分类",
    "索引号",
    "主题词",
    "抄送",
    "抄报",
    "主送",
    "印发",
];

/// Header metadata gathered from fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    pub agency: Option<String>,
    pub published: Option<Date>,
    pub written: Option<Date>,
    pub doc_no: Option<DocNo>,
    pub source: Option<String>,
    pub keywords: Vec<String>,
    pub status: Option<String>,
    /// Fields without a slot of their own, by their name in the source (政策类型, 政策层级 …).
    pub extra: BTreeMap<String, String>,
}

impl Header {
    /// Records one field. Returns false (and records nothing) for an empty value.
    pub fn add(&mut self, key: &str, value: &str) -> bool {
        let value = value.trim();
        if value.is_empty() {
            return false;
        }
        let owned = || Some(value.to_string());
        if AGENCY.contains(&key) {
            self.agency = owned();
        } else if PUBLISHED.contains(&key) && parse_date(value).is_some() {
            self.published = parse_date(value);
        } else if WRITTEN.contains(&key) && parse_date(value).is_some() {
            self.written = parse_date(value);
        } else if DOC_NO.contains(&key) && parse_doc_no(value).is_some() {
            self.doc_no = parse_doc_no(value);
        } else if SOURCE.contains(&key) {
            self.source = owned();
        } else if KEYWORDS.contains(&key) {
            self.keywords = split_keywords(value);
        } else if STATUS.contains(&key) {
            self.status = owned();
        } else {
            self.extra.insert(key.to_string(), value.to_string());
        }
        true
    }

    /// True when no field was recorded.
    pub fn is_empty(&self) -> bool {
        *self == Header::default()
    }
}

/// Splits `清洁生产;减排潜力；排放特征` into keywords.
pub fn split_keywords(value: &str) -> Vec<String> {
    value
        .split([';', '；', ',', '，', '、'])
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect()
}

/// Splits `键：值` (full- or half-width colon). The key must be a short run of ideographs; the
/// value may be empty (`主题词:` whose value is on the next line).
pub fn parse_field(line: &str) -> Option<(&str, &str)> {
    let colon = line.find([':', '：'])?;
    let key = line[..colon].trim();
    let colon_len = line[colon..].chars().next().map_or(1, char::len_utf8);
    let value = line[colon + colon_len..].trim();
    let key_chars = key.chars().count();
    let ideographs = key.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    ((2..=MAX_KEY_CHARS).contains(&key_chars) && ideographs).then_some((key, value))
}

/// True for field names that mark metadata anywhere in a document.
pub fn is_known_key(key: &str) -> bool {
    [
        AGENCY,
        PUBLISHED,
        WRITTEN,
        DOC_NO,
        KEYWORDS,
        OTHER_KNOWN_KEYS,
    ]
    .iter()
    .any(|names| names.contains(&key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_either_colon() {
        assert_eq!(
            parse_field("发文机构：上海市人民政府办公厅"),
            Some(("发文机构", "上海市人民政府办公厅"))
        );
        assert_eq!(
            parse_field("主题词: 工业法规"),
            Some(("主题词", "工业法规"))
        );
        assert_eq!(parse_field("抄送:"), Some(("抄送", "")));
        assert_eq!(
            parse_field("来源：http://www.example.cn/a.html"),
            Some(("来源", "http://www.example.cn/a.html"))
        );
        assert_eq!(parse_field("各区、县人民政府，市政府各委、办、局："), None);
        assert_eq!(parse_field("现结合本市实际，提出如下实施意见："), None);
    }

    #[test]
    fn header_fills_slots_in_any_order() {
        let mut header = Header::default();
        for line in [
            "关键字：清洁生产;减排潜力；排放特征",
            "政策层级：省级",
            "发文字号：沪府办发[2003]41号",
            "发布时间：2003-11-10",
            "发文机构:上海市人民政府办公厅",
        ] {
            let (key, value) = parse_field(line).unwrap();
            assert!(header.add(key, value));
        }
        assert_eq!(header.agency.as_deref(), Some("上海市人民政府办公厅"));
        assert_eq!(header.published, Date::new(2003, 11, 10));
        assert_eq!(header.doc_no.unwrap().canonical, "沪府办发〔2003〕41号");
        assert_eq!(header.keywords, ["清洁生产", "减排潜力", "排放特征"]);
        assert_eq!(
            header.extra.get("政策层级").map(String::as_str),
            Some("省级")
        );
        assert!(header.source.is_none());
    }
}
