//! JSON lines: one document per line with `title` and `body` required and `id`, `agency`,
//! `date`, `doc_no`, `type`, `level`, `status`, `source` optional; any other field is kept in
//! [`Document::extra`]. Laws (`laws.jsonl`) carry `version_date`, used as the written date.

use serde_json::{Map, Value};

use crate::clean::{normalize_newlines, normalize_spaces};
use crate::meta::header::split_keywords;
use crate::meta::{parse_date, parse_doc_no};
use crate::model::{Document, Origin};
use crate::structure::{kind_from_title, structure_body};

use super::text::file_stem;

/// A line that could not be read, with what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// 1-based line number.
    pub line: usize,
    pub message: String,
}

/// Fields with a slot of their own in [`Document`]; all others go to `extra`.
const OWN_FIELDS: &[&str] = &[
    "id",
    "title",
    "body",
    "agency",
    "date",
    "version_date",
    "written",
    "doc_no",
    "status",
    "source",
    "keywords",
];

/// One document per line. Bad lines are reported, not fatal; blank lines are skipped.
/// A missing id becomes `<file stem>-<line>`.
pub fn documents_from_jsonl(text: &str, file: &str) -> (Vec<Document>, Vec<LineError>) {
    let mut lines = LineReader::new(file);
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    for line in text.lines() {
        match lines.read(line) {
            Some(Ok(doc)) => documents.push(doc),
            Some(Err(error)) => errors.push(error),
            None => {}
        }
    }
    (documents, errors)
}

/// Reads the lines of one JSON lines file in order, one at a time, so that a large export can
/// be read without holding it whole.
pub struct LineReader {
    file: String,
    stem: String,
    /// 0-based index of the next line.
    index: usize,
}

impl LineReader {
    pub fn new(file: &str) -> LineReader {
        LineReader {
            file: file.to_string(),
            stem: file_stem(file),
            index: 0,
        }
    }

    /// True before the first line is read.
    pub fn at_start(&self) -> bool {
        self.index == 0
    }

    /// The next line's document, its problem, or `None` for a blank line.
    pub fn read(&mut self, line: &str) -> Option<Result<Document, LineError>> {
        let index = self.index;
        self.index += 1;
        if line.trim().is_empty() {
            return None;
        }
        let number = index + 1;
        Some(match document_from_line(line) {
            Ok(mut doc) => {
                if doc.id.is_empty() {
                    doc.id = format!("{}-{number}", self.stem);
                }
                doc.origin = Origin {
                    file: self.file.clone(),
                    ordinal: index,
                };
                Ok(doc)
            }
            Err(message) => Err(LineError {
                line: number,
                message,
            }),
        })
    }

    /// A line that is not text in the file's encoding: counted, and reported.
    pub fn unreadable(&mut self) -> LineError {
        self.index += 1;
        LineError {
            line: self.index,
            message: "not UTF-8 text".to_string(),
        }
    }
}

fn document_from_line(line: &str) -> Result<Document, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("not valid JSON: {e}"))?;
    let Value::Object(fields) = value else {
        return Err("expected a JSON object".to_string());
    };
    let title = required(&fields, "title")?;
    let body = required(&fields, "body")?;
    // Bodies from JSON are already split into lines: only the lossless steps apply, so tables
    // and `第一章 总则` keep their spaces.
    let body = normalize_spaces(&normalize_newlines(&body));
    let (sections, passages) = structure_body(&body);
    let date = |key: &str| optional(&fields, key).and_then(|text| parse_date(&text));
    let written = date("version_date").or_else(|| date("written"));
    let extra = fields
        .iter()
        .filter(|(key, _)| !OWN_FIELDS.contains(&key.as_str()))
        .filter_map(|(key, value)| as_text(value).map(|text| (key.clone(), text)))
        .collect();
    Ok(Document {
        id: optional(&fields, "id").unwrap_or_default(),
        kind: kind_from_title(&title),
        doc_no: optional(&fields, "doc_no").and_then(|text| parse_doc_no(&text)),
        agency: optional(&fields, "agency"),
        published: date("date"),
        written,
        status: optional(&fields, "status"),
        source: optional(&fields, "source"),
        keywords: keywords(fields.get("keywords")),
        title,
        extra,
        sections,
        passages,
        ..Document::default()
    })
}

fn required(fields: &Map<String, Value>, key: &str) -> Result<String, String> {
    match fields.get(key) {
        Some(Value::String(text)) if !text.trim().is_empty() => Ok(text.trim().to_string()),
        Some(Value::String(_)) => Err(format!("`{key}` is empty")),
        Some(_) => Err(format!("`{key}` is not a string")),
        None => Err(format!("missing `{key}`")),
    }
}

/// A non-empty optional field as text (numbers are accepted and written out).
fn optional(fields: &Map<String, Value>, key: &str) -> Option<String> {
    fields
        .get(key)
        .and_then(as_text)
        .filter(|text| !text.is_empty())
}

fn as_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.trim().to_string()),
        other => Some(other.to_string()),
    }
}

/// `keywords` as an array of strings or one `;`-separated string.
fn keywords(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(as_text)
            .filter(|k| !k.is_empty())
            .collect(),
        Some(Value::String(text)) => split_keywords(text),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn law_line_reads_dates_and_articles() {
        let line = r#"{"title":"中华人民共和国某法","agency":"全国人大常委会","date":"2020-10-17","version_date":"2020-10-01","status":"现行有效","type":"法律","category":"民法","body":"第一章 总则\n第一条　为了。\n第二条　本法。\n（一）项；"}"#;
        let (docs, errors) = documents_from_jsonl(line, "bench/laws.jsonl");
        assert!(errors.is_empty(), "{errors:?}");
        let doc = &docs[0];
        assert_eq!(doc.id, "laws-1");
        assert_eq!(doc.kind.as_deref(), Some("法"));
        assert_eq!(
            doc.published.map(|d| d.to_string()).as_deref(),
            Some("2020-10-17")
        );
        assert_eq!(
            doc.written.map(|d| d.to_string()).as_deref(),
            Some("2020-10-01")
        );
        assert_eq!(doc.extra.get("type").map(String::as_str), Some("法律"));
        assert_eq!(doc.extra.get("category").map(String::as_str), Some("民法"));
        assert_eq!(doc.passages.len(), 2);
        assert_eq!(doc.passages[1].text, "本法。\n（一）项；");
    }

    #[test]
    fn bad_lines_are_reported_with_their_number() {
        let text = "{\"title\":\"a\",\"body\":\"b\",\"id\":\"x\"}\n\nnot json\n{\"title\":\"t\"}\n[1]\n{\"title\":5,\"body\":\"b\"}";
        let (docs, errors) = documents_from_jsonl(text, "x.jsonl");
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].id, "x");
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4, 5, 6]);
        assert!(errors[1].message.contains("body"), "{:?}", errors[1]);
    }
}
