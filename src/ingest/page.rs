//! From an extracted web page to a document: the page's metadata table or meta tags give
//! title, 发文字号, agency and dates; the body text is structured like any other document.

use crate::clean;
use crate::ingest::html::HtmlPage;
use crate::meta::{find_dates, parse_date, parse_doc_no};
use crate::model::Date;
use crate::model::{Document, Origin};
use crate::structure::{kind_from_title, structure_body};

/// Metadata names that become document fields rather than extra metadata.
const FIELD_NAMES: &[&str] = &[
    "标题",
    "发文字号",
    "发文机关",
    "成文日期",
    "发布日期",
    "来源",
];

/// A date field's date; pages often add a time (`2021-06-18 10:00`) or a label.
fn first_date(value: &str) -> Option<Date> {
    parse_date(value).or_else(|| find_dates(value).first().map(|(_, date)| *date))
}

/// The document a page holds, or `None` when it has no body text.
pub fn to_document(page: &HtmlPage, file: &str, url: Option<&str>) -> Option<Document> {
    let body = clean::clean(&page.body);
    if body.trim().is_empty() {
        return None;
    }
    let field = |name: &str| {
        page.fields
            .get(name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    };
    let title = field("标题")
        .map(str::to_string)
        .or_else(|| page.title.clone())
        .unwrap_or_else(|| file.to_string());
    let (sections, passages) = structure_body(&body);
    let mut extra: std::collections::BTreeMap<String, String> = page
        .fields
        .iter()
        .filter(|(name, _)| !FIELD_NAMES.contains(&name.as_str()))
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect();
    if !page.attachments.is_empty() {
        let links: Vec<String> = page
            .attachments
            .iter()
            .map(|a| format!("{} <{}>", a.name, a.url))
            .collect();
        extra.insert("附件".into(), links.join("\n"));
    }
    let stem = std::path::Path::new(file)
        .file_stem()
        .map_or_else(|| file.to_string(), |s| s.to_string_lossy().into_owned());
    Some(Document {
        id: stem,
        kind: kind_from_title(&title),
        title,
        doc_no: field("发文字号").and_then(parse_doc_no),
        agency: field("发文机关")
            .or_else(|| field("来源"))
            .map(str::to_string),
        published: field("发布日期").and_then(first_date),
        written: field("成文日期").and_then(first_date),
        source: url.map(str::to_string),
        sections,
        passages,
        extra,
        origin: Origin {
            file: file.to_string(),
            ordinal: 0,
        },
        ..Document::default()
    })
}
