//! One entry point for every kind of raw file: decode by what the bytes and their sidecar say,
//! then parse by extension. The corpus loader and `zhengce ingest` both go through here, so a
//! document reads the same on first ingest and on every rebuild.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use anyhow::{Context, Result, bail};
use encoding_rs::{Encoding, UTF_8};
use serde::{Deserialize, Serialize};

use super::{encoding, html, jsonl, page, text};
use crate::model::Document;

/// Suffix of the sidecar file kept beside a fetched page: where it came from and the HTTP
/// `Content-Type`, which may be the only place its charset is declared.
pub const SIDECAR_SUFFIX: &str = ".source.json";

/// Longest line a text file may have. Extracted 公文 text has a line per paragraph or per
/// page line; a line of megabytes is a dump or binary junk, not a document, and refusing it
/// keeps cleaning and indexing from spending minutes on one giant passage.
pub const MAX_TEXT_LINE_BYTES: usize = 1024 * 1024;

/// What the sidecar records about a raw file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The URL or the path it was ingested from.
    pub from: String,
    /// When it was ingested (RFC 3339, UTC).
    pub at: String,
    /// The HTTP `Content-Type`, for fetched pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
}

/// The formats the corpus holds, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    JsonLines,
    Html,
}

impl Format {
    pub fn of(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "txt" => Some(Format::Text),
            "jsonl" => Some(Format::JsonLines),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }
}

/// A line of a JSON lines file that could not be read, or a whole-file problem (`line: None`).
pub type LineError = jsonl::LineError;

/// Documents in one raw file. `name` is the corpus-relative path used for ids and origins;
/// `provenance` comes from the file's sidecar, if it has one.
pub fn documents(
    name: &str,
    bytes: &[u8],
    provenance: Option<&Provenance>,
) -> Result<(Vec<Document>, Vec<LineError>)> {
    let format = Format::of(Path::new(name)).context("not a .txt, .jsonl, .html or .htm file")?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        bail!("the file is empty");
    }
    let declared = provenance
        .and_then(|p| p.content_type.as_deref())
        .and_then(encoding::charset_from_content_type);
    let decoded = encoding::decode(bytes, declared.as_deref()).context("cannot read the text")?;
    Ok(match format {
        Format::Text => {
            refuse_long_lines(&decoded.text)?;
            (text::documents_from_text(&decoded.text, name), Vec::new())
        }
        Format::JsonLines => jsonl::documents_from_jsonl(&decoded.text, name),
        Format::Html => {
            let base = provenance
                .map(|p| p.from.as_str())
                .filter(|f| f.starts_with("http"));
            let page = html::extract(&decoded.text, base);
            let document = page::to_document(&page, name, base)
                .context("no document text found in the page")?;
            (vec![document], Vec::new())
        }
    })
}

/// Bytes looked at to tell a JSON lines file's encoding before reading it line by line.
const JSONL_SNIFF_BYTES: usize = 64 * 1024;

/// Calls `each` with every document of the file at `path`, in order, and returns the lines
/// that could not be read. A UTF-8 JSON lines file is read a line at a time, so a large export
/// never sits in memory whole; every other file goes through [`documents`].
pub fn for_each_document(
    path: &Path,
    name: &str,
    provenance: Option<&Provenance>,
    each: impl FnMut(Document),
) -> Result<Vec<LineError>> {
    let mut file = File::open(path).context("cannot open")?;
    if Format::of(Path::new(name)) == Some(Format::JsonLines)
        && provenance.and_then(|p| p.content_type.as_ref()).is_none()
    {
        let mut head = Vec::new();
        (&mut file)
            .take(JSONL_SNIFF_BYTES as u64)
            .read_to_end(&mut head)
            .context("cannot read")?;
        file.seek(SeekFrom::Start(0)).context("cannot read")?;
        if is_plain_utf8(&head) {
            return each_json_line(BufReader::new(file), name, each);
        }
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).context("cannot read")?;
    let (documents, errors) = self::documents(name, &bytes, provenance)?;
    documents.into_iter().for_each(each);
    Ok(errors)
}

/// True when `head` (the start of a file) is UTF-8 with no NUL byte: a character cut at the
/// end of the sample is fine, a UTF-8 byte order mark is skipped by [`each_json_line`].
fn is_plain_utf8(head: &[u8]) -> bool {
    if head.contains(&0) || Encoding::for_bom(head).is_some_and(|(e, _)| e != UTF_8) {
        return false;
    }
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(error) => error.error_len().is_none(),
    }
}

fn each_json_line(
    mut reader: impl BufRead,
    name: &str,
    mut each: impl FnMut(Document),
) -> Result<Vec<LineError>> {
    let mut lines = jsonl::LineReader::new(name);
    let mut errors = Vec::new();
    let mut line = Vec::new();
    let mut any_text = false;
    loop {
        line.clear();
        let read = reader.read_until(b'\n', &mut line).context("cannot read")?;
        if read == 0 {
            break;
        }
        // A byte order mark starts the file, as `encoding::decode` strips it when read whole.
        let bytes = if lines.at_start() {
            line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&line)
        } else {
            &line
        };
        let Ok(text) = std::str::from_utf8(bytes) else {
            errors.push(lines.unreadable());
            continue;
        };
        let text = text.trim_end_matches(['\n', '\r']);
        any_text |= !text.trim().is_empty();
        match lines.read(text) {
            Some(Ok(document)) => each(document),
            Some(Err(error)) => errors.push(error),
            None => {}
        }
    }
    if !any_text {
        bail!("the file is empty");
    }
    Ok(errors)
}

/// Fails on the first line longer than [`MAX_TEXT_LINE_BYTES`], naming it.
fn refuse_long_lines(text: &str) -> Result<()> {
    for (number, line) in text.split('\n').enumerate() {
        // Old Mac files end lines with a lone `\r`.
        if line
            .split('\r')
            .any(|part| part.len() > MAX_TEXT_LINE_BYTES)
        {
            bail!(
                "line {} is {} KiB long, over the limit of {} KiB; \
                 a policy document has one line per paragraph — is this really a text file?",
                number + 1,
                line.len() / 1024,
                MAX_TEXT_LINE_BYTES / 1024
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Documents and line problems of a file, read line by line and read whole.
    fn both_ways(name: &str, bytes: &[u8]) -> [(Vec<Document>, Vec<LineError>); 2] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let mut streamed = Vec::new();
        let errors = for_each_document(&path, name, None, |doc| streamed.push(doc)).unwrap();
        [(streamed, errors), documents(name, bytes, None).unwrap()]
    }

    #[test]
    fn json_lines_read_line_by_line_as_when_read_whole() {
        let lines = "\u{FEFF}{\"title\":\"某法\",\"body\":\"第一条　甲。\"}\r\n\r\nnot json\r\n\
                     {\"id\":\"x\",\"title\":\"另法\",\"body\":\"第一条　乙。\"}";
        let [streamed, whole] = both_ways("laws.jsonl", lines.as_bytes());
        assert_eq!(streamed, whole);
        let ids: Vec<&str> = streamed.0.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["laws-1", "x"]);
        assert_eq!(streamed.1.len(), 1);
        assert_eq!(streamed.1[0].line, 3);
        assert_eq!(streamed.0[1].origin.ordinal, 3);
    }

    #[test]
    fn a_line_that_is_not_utf8_is_reported_and_the_rest_read() {
        let mut bytes = "{\"title\":\"某法\",\"body\":\"第一条　甲。\"}\n".repeat(2000);
        bytes.push_str("{\"title\":\"");
        let mut bytes = bytes.into_bytes();
        bytes.extend_from_slice(&[0xC4, 0xE3, 0xBA, 0xC3, 0xFF]);
        bytes.extend_from_slice(
            "\",\"body\":\"x\"}\n{\"title\":\"另法\",\"body\":\"乙\"}\n".as_bytes(),
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.jsonl");
        std::fs::write(&path, &bytes).unwrap();
        let mut titles = Vec::new();
        let errors =
            for_each_document(&path, "big.jsonl", None, |doc| titles.push(doc.title)).unwrap();
        assert_eq!(titles.len(), 2001);
        assert_eq!(titles.last().map(String::as_str), Some("另法"));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 2001);
        assert!(errors[0].message.contains("UTF-8"), "{}", errors[0].message);
    }

    #[test]
    fn a_megabyte_line_in_a_text_file_is_refused() {
        let text = format!(
            "关于某事的通知\n{}",
            "政".repeat(MAX_TEXT_LINE_BYTES / 3 + 1)
        );
        let error = documents("long.txt", text.as_bytes(), None).unwrap_err();
        assert!(format!("{error:#}").contains("line 2 is"), "{error:#}");
    }
}
