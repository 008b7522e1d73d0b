//! Turning a corpus into index documents.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Serialize};
use tantivy::{IndexWriter, TantivyDocument};

use super::Fields;
use crate::corpus::{Corpus, passage_text_key};
use crate::dedup;
use crate::model::{Date, Document, Passage};
use crate::tokenize;

/// One version that contains a passage, as stored with each occurrence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionRef {
    pub id: String,
    pub written: Option<Date>,
    pub published: Option<Date>,
    pub status: Option<String>,
    pub current: bool,
}

impl VersionRef {
    /// The date used for filters and sorting: written, else published.
    pub fn date(&self) -> Option<Date> {
        self.written.or(self.published)
    }
}

/// The key all versions of one document share in the index.
pub fn group_key(document: &Document) -> &str {
    document.version_of.as_deref().unwrap_or(&document.id)
}

/// The key of a passage within its version group (`pkey`): the same text (see
/// [`passage_text_key`]) in versions of one document.
fn group_passage_key(group: &str, text_key: u64) -> u64 {
    dedup::hash_chars(group.chars()).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ text_key
}

/// The names a document answers to: its folded title, and without the 中华人民共和国 that
/// national laws carry (users say 反垄断法, not 中华人民共和国反垄断法).
pub fn title_keys(title: &str) -> Vec<String> {
    let folded: String = tokenize::match_chars(title).into_iter().collect();
    let mut keys = vec![folded.clone()];
    if let Some(short) = folded
        .strip_prefix("中华人民共和国")
        .filter(|s| s.chars().count() >= 2)
    {
        keys.push(short.to_string());
    }
    keys
}

/// See [`Fields::tie`]: file position (16 bits), passage position (16 bits), id hash (32 bits).
fn tie_key(doc: &Document, ordinal: usize) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    doc.id.hash(&mut hasher);
    let file_position = doc.origin.ordinal.min(0xFFFF) as u64;
    let passage_position = ordinal.min(0xFFFF) as u64;
    file_position << 48 | passage_position << 32 | (hasher.finish() & 0xFFFF_FFFF)
}

/// The status label users see: the source's own status, else 历史版本 for an older version.
pub fn status_label(corpus: &Corpus, document: &Document) -> Option<String> {
    document.status.clone().or_else(|| {
        let superseded = !corpus.is_current(document) && corpus.versions(document).len() > 1;
        superseded.then(|| "历史版本".to_string())
    })
}

/// What indexing any version of one document needs to know about the others: the versions,
/// current first, and which of them hold each passage text.
pub struct GroupPlan {
    versions: Vec<VersionRef>,
    /// Passage text key → the versions holding that text (indexes into `versions`).
    holders: HashMap<u64, Vec<usize>>,
}

impl GroupPlan {
    /// The plan for `group`, all versions of one document as [`Corpus::versions`] lists them.
    /// Works from passage keys, so versions whose text was shed take part like the others.
    pub fn new(corpus: &Corpus, group: &[&Document]) -> GroupPlan {
        let versions = group
            .iter()
            .map(|doc| VersionRef {
                id: doc.id.clone(),
                written: doc.written,
                published: doc.published,
                status: status_label(corpus, doc),
                current: corpus.is_current(doc),
            })
            .collect();
        let mut holders: HashMap<u64, Vec<usize>> = HashMap::new();
        if group.len() > 1 {
            for (version, doc) in group.iter().enumerate() {
                for key in corpus.passage_keys(doc) {
                    let entry = holders.entry(key).or_default();
                    if entry.last() != Some(&version) {
                        entry.push(version);
                    }
                }
            }
        }
        GroupPlan { versions, holders }
    }
}

/// Adds every passage occurrence of the documents in `group` (all versions of one document).
pub fn add_group(
    writer: &IndexWriter,
    fields: &Fields,
    corpus: &Corpus,
    group: &[&Document],
) -> tantivy::Result<usize> {
    let plan = GroupPlan::new(corpus, group);
    let mut added = 0;
    for doc in group {
        added += add_document(writer, fields, &plan, doc, &doc.passages)?;
    }
    Ok(added)
}

/// Adds `passages` as the passages of `doc`, a version in `plan`. The passages come apart from
/// the document when its text was shed and read again from its file.
pub fn add_document(
    writer: &IndexWriter,
    fields: &Fields,
    plan: &GroupPlan,
    doc: &Document,
    passages: &[Passage],
) -> tantivy::Result<usize> {
    let Some(version) = plan.versions.iter().position(|v| v.id == doc.id) else {
        return Err(tantivy::TantivyError::InternalError(format!(
            "{} is not among its own versions",
            doc.id
        )));
    };
    let group = group_key(doc);
    // The versions list is the same for every passage only this version holds.
    let own = versions_json(&[&plan.versions[version]])?;
    for (ordinal, passage) in passages.iter().enumerate() {
        let text_key = passage_text_key(&passage.text);
        let versions = match plan.holders.get(&text_key) {
            Some(holders) if holders.len() > 1 => {
                let refs: Vec<&VersionRef> = holders.iter().map(|&v| &plan.versions[v]).collect();
                versions_json(&refs)?
            }
            _ => own.clone(),
        };
        // One passage at a time, not a batch per document: tantivy's queue to its indexing
        // threads is bounded in messages, so batches let a large corpus pile up in it
        // (laws x10 peaked at 580 MB instead of 360 MB).
        writer.add_document(passage_document(
            fields,
            doc,
            &plan.versions[version],
            passage,
            ordinal,
            group_passage_key(group, text_key),
            versions,
        ))?;
    }
    Ok(passages.len())
}

fn versions_json(versions: &[&VersionRef]) -> tantivy::Result<String> {
    serde_json::to_string(versions).map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))
}

fn passage_document(
    fields: &Fields,
    doc: &Document,
    version: &VersionRef,
    passage: &Passage,
    ordinal: usize,
    pkey: u64,
    versions: String,
) -> TantivyDocument {
    let section = passage.section.join(" > ");
    let mut out = TantivyDocument::default();
    out.add_text(fields.id, &doc.id);
    out.add_text(fields.group, group_key(doc));
    out.add_u64(fields.pkey, pkey);
    out.add_u64(fields.ordinal, ordinal as u64);
    out.add_u64(fields.tie, tie_key(doc, ordinal));
    out.add_text(fields.title, &doc.title);
    out.add_text(fields.title_words, &doc.title);
    for key in title_keys(&doc.title) {
        out.add_text(fields.title_key, key);
    }
    out.add_text(fields.section, &section);
    out.add_text(fields.section_words, &section);
    out.add_text(fields.passage, &passage.text);
    out.add_text(fields.body_words, &passage.text);
    if let Some(doc_no) = &doc.doc_no {
        out.add_text(fields.doc_no, &doc_no.canonical);
    }
    if let Some(agency) = &doc.agency {
        out.add_text(fields.agency, agency);
    }
    if let Some(kind) = &doc.kind {
        out.add_text(fields.kind, kind);
    }
    if let Some(status) = &version.status {
        out.add_text(fields.status, status);
    }
    out.add_u64(fields.current, version.current as u64);
    out.add_i64(
        fields.date,
        doc.date().map_or(i64::MIN, Date::days_since_epoch),
    );
    if let Some(date) = doc.published {
        out.add_text(fields.published, date.to_string());
    }
    if let Some(date) = doc.written {
        out.add_text(fields.written, date.to_string());
    }
    if let Some(article) = &passage.article {
        out.add_text(fields.article, article);
    }
    out.add_text(fields.versions, versions);
    out
}
