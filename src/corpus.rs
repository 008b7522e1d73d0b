//! The corpus: every document read from a directory, grouped into versions.
//!
//! Documents with the same normalised title and different written dates are versions of one
//! document. Each version group's key (`version_of`) is the id of its current version: in force
//! (现行有效 beats 历史版本) and newest written date.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::dedup;
use crate::ingest::source::{self, Format, Provenance, SIDECAR_SUFFIX};
use crate::model::Document;
use crate::structure::normalize_title;

/// Files that sit in a corpus directory but are not documents.
const NOT_DOCUMENTS: &[&str] = &["userdict.txt"];

/// All documents of a corpus.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    /// Content key of each document's text → positions in `documents`, for duplicate checks.
    content_keys: HashMap<u64, Vec<usize>>,
    /// Normalised title → positions: near-duplicate candidates and version groups.
    titles: HashMap<String, Vec<usize>>,
    /// Document id → position.
    by_id: HashMap<String, usize>,
    /// Version key (`version_of`) → positions of that document's versions.
    groups: HashMap<String, Vec<usize>>,
    /// Documents whose text was let go while loading for a build (see
    /// [`Corpus::load_for_build`]), with what the corpus still needs to know about that text.
    shed: HashMap<usize, ShedText>,
    /// Bytes of passage text held in memory.
    text_bytes: usize,
}

/// What stays of a document's text once it is shed: enough to recognise a near-duplicate and
/// to tell which versions share a passage.
#[derive(Debug, Clone)]
struct ShedText {
    simhash: u64,
    passage_keys: Vec<u64>,
}

/// Something that went wrong with one file or line; loading carries on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadProblem {
    /// Corpus-relative path.
    pub file: String,
    /// 1-based line, for JSON lines.
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for LoadProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{} line {}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// A passage shared by several versions of one document, stored once.
#[derive(Debug, Clone)]
pub struct SharedPassage<'a> {
    pub section: &'a [String],
    pub text: &'a str,
    pub article: Option<&'a str>,
    /// Versions containing this text, current first.
    pub versions: Vec<&'a Document>,
}

impl Corpus {
    /// Reads every .txt, .jsonl and .html file under `dir` (recursively, sorted, skipping
    /// hidden files, sidecars and `userdict.txt`). Problems with single files or lines are
    /// returned, not fatal.
    pub fn load(dir: &Path) -> anyhow::Result<(Corpus, Vec<LoadProblem>)> {
        Corpus::load_within(dir, usize::MAX)
    }

    /// Like [`Corpus::load`], but once the documents hold [`Corpus::BUILD_TEXT_BUDGET`] bytes
    /// of passage text, later documents keep only their metadata ([`Corpus::is_shed`]): an
    /// index build reads them again from their files, one at a time, so that its memory stays
    /// flat however large the corpus grows.
    pub fn load_for_build(dir: &Path) -> anyhow::Result<(Corpus, Vec<LoadProblem>)> {
        Corpus::load_within(dir, Corpus::BUILD_TEXT_BUDGET)
    }

    /// Passage text a build keeps in memory from loading to indexing (about three times as
    /// much memory with sections and bookkeeping); a corpus this small is read only once.
    pub const BUILD_TEXT_BUDGET: usize = 32 * 1024 * 1024;

    /// Loads keeping at most `text_budget` bytes of passage text (see
    /// [`Corpus::load_for_build`]).
    pub fn load_within(
        dir: &Path,
        text_budget: usize,
    ) -> anyhow::Result<(Corpus, Vec<LoadProblem>)> {
        let mut corpus = Corpus::default();
        let mut problems = Vec::new();
        for (path, relative) in document_files(dir)? {
            let provenance = read_sidecar(&path);
            let added = source::for_each_document(&path, &relative, provenance.as_ref(), |doc| {
                if let Some(position) = corpus.add(doc)
                    && corpus.text_bytes > text_budget
                {
                    corpus.shed_text(position);
                }
            });
            match added {
                Ok(errors) => problems.extend(errors.into_iter().map(|e| LoadProblem {
                    file: relative.clone(),
                    line: Some(e.line),
                    message: e.message,
                })),
                Err(error) => problems.push(LoadProblem {
                    file: relative.clone(),
                    line: None,
                    message: format!("{error:#}"),
                }),
            }
        }
        corpus.relink();
        Ok((corpus, problems))
    }

    /// Builds a corpus: drops duplicates (the first copy wins), makes ids unique (a repeated id
    /// gets `-2`, `-3` …) and links versions.
    pub fn from_documents(documents: Vec<Document>) -> Corpus {
        let mut corpus = Corpus::default();
        corpus.extend(documents);
        corpus
    }

    /// Adds documents the way [`Corpus::from_documents`] builds one (duplicates dropped, ids
    /// made unique, versions relinked) and returns the ids the added documents ended up with.
    pub fn extend(&mut self, documents: impl IntoIterator<Item = Document>) -> Vec<String> {
        let first = self.documents.len();
        for document in documents {
            self.add(document);
        }
        self.relink();
        self.documents[first..]
            .iter()
            .map(|d| d.id.clone())
            .collect()
    }

    /// Adds a document unless it duplicates one already here; its position if added. Ids and
    /// versions are settled by [`Corpus::relink`].
    fn add(&mut self, document: Document) -> Option<usize> {
        if self.duplicate_of(&document).is_some() {
            return None;
        }
        self.push(document);
        Some(self.documents.len() - 1)
    }

    /// Makes ids unique, links versions and rebuilds the lookups after documents were added.
    fn relink(&mut self) {
        // Earlier documents keep their ids; only later arrivals are renamed.
        dedup_ids(&mut self.documents);
        for doc in &mut self.documents {
            doc.version_of = None;
        }
        link_versions(&mut self.documents, self.titles.values());
        self.by_id = self
            .documents
            .iter()
            .enumerate()
            .map(|(position, doc)| (doc.id.clone(), position))
            .collect();
        self.groups.clear();
        for (position, doc) in self.documents.iter().enumerate() {
            if let Some(key) = &doc.version_of {
                self.groups.entry(key.clone()).or_default().push(position);
            }
        }
    }

    /// Lets go of a document's sections and passages, keeping what duplicate checks and
    /// version grouping need.
    fn shed_text(&mut self, position: usize) {
        let doc = &mut self.documents[position];
        let shed = ShedText {
            simhash: dedup::simhash(&comparable_text(doc)),
            passage_keys: doc
                .passages
                .iter()
                .map(|p| passage_text_key(&p.text))
                .collect(),
        };
        self.text_bytes -= text_bytes(doc);
        doc.passages = Vec::new();
        doc.sections = Vec::new();
        self.shed.insert(position, shed);
    }

    /// True when the document's text was let go by [`Corpus::load_for_build`]: its metadata
    /// is here, its passages must be read again from its file.
    pub fn is_shed(&self, doc: &Document) -> bool {
        self.by_id
            .get(&doc.id)
            .is_some_and(|position| self.shed.contains_key(position))
    }

    /// True when some document's text was shed.
    pub fn has_shed(&self) -> bool {
        !self.shed.is_empty()
    }

    /// A key for each passage of `doc`, equal for passages of the same text (see
    /// [`passage_text_key`]); known even when the text was shed.
    pub fn passage_keys(&self, doc: &Document) -> Vec<u64> {
        match self.by_id.get(&doc.id).and_then(|p| self.shed.get(p)) {
            Some(shed) => shed.passage_keys.clone(),
            None => doc
                .passages
                .iter()
                .map(|p| passage_text_key(&p.text))
                .collect(),
        }
    }

    /// True when a document with this title (after normalisation) is already in the corpus.
    pub fn has_title(&self, title: &str) -> bool {
        self.titles.contains_key(&normalize_title(title))
    }

    /// The id of a document already in the corpus that `document` duplicates: the same text
    /// after normalising spacing, punctuation and width, or a near-identical copy (a
    /// republished page) with the same title. Another version (same title, another date) is
    /// not a duplicate.
    pub fn duplicate_of(&self, document: &Document) -> Option<&str> {
        let text = comparable_text(document);
        if text.trim().is_empty() {
            return None;
        }
        let same_text = self
            .content_keys
            .get(&dedup::content_key(&text))
            .into_iter()
            .flatten()
            .map(|&i| &self.documents[i])
            .find(|known| known.written == document.written);
        if let Some(known) = same_text {
            return Some(&known.id);
        }
        // Near-duplicates only among documents of the same title and date, and the simhash
        // only once such a candidate turns up: most documents have none.
        let mut hash = None;
        self.titles
            .get(&normalize_title(&document.title))
            .into_iter()
            .flatten()
            .copied()
            .filter(|&i| self.documents[i].written == document.written)
            .find(|&i| {
                let hash = *hash.get_or_insert_with(|| dedup::simhash(&text));
                dedup::is_near_duplicate(self.simhash_at(i), hash)
            })
            .map(|i| self.documents[i].id.as_str())
    }

    /// The simhash of the document at `position`, from its text or from what was kept of it.
    fn simhash_at(&self, position: usize) -> u64 {
        match self.shed.get(&position) {
            Some(shed) => shed.simhash,
            None => dedup::simhash(&comparable_text(&self.documents[position])),
        }
    }

    fn push(&mut self, document: Document) {
        let position = self.documents.len();
        let key = dedup::content_key(&comparable_text(&document));
        self.content_keys.entry(key).or_default().push(position);
        let title = normalize_title(&document.title);
        self.titles.entry(title).or_default().push(position);
        self.text_bytes += text_bytes(&document);
        self.documents.push(document);
    }

    /// The document with this id.
    pub fn get(&self, id: &str) -> Option<&Document> {
        self.by_id
            .get(id)
            .map(|&position| &self.documents[position])
    }

    /// All versions of `doc`'s document, including `doc`, current first then newest first.
    pub fn versions(&self, doc: &Document) -> Vec<&Document> {
        let Some(key) = doc.version_of.as_deref() else {
            return self.get(&doc.id).into_iter().collect();
        };
        let mut versions: Vec<&Document> = self
            .groups
            .get(key)
            .into_iter()
            .flatten()
            .map(|&position| &self.documents[position])
            .collect();
        versions.sort_by_key(|d| std::cmp::Reverse((d.id == key, d.date(), d.published)));
        versions
    }

    /// True when `doc` is the newest version in its group and not repealed.
    pub fn is_current(&self, doc: &Document) -> bool {
        !doc.is_repealed() && doc.version_of.as_deref().is_none_or(|key| key == doc.id)
    }

    /// The passages of `doc`'s whole version group, each distinct text once, with the versions
    /// that contain it (current first). Passages of the current version come first.
    pub fn shared_passages(&self, doc: &Document) -> Vec<SharedPassage<'_>> {
        let mut shared: Vec<SharedPassage<'_>> = Vec::new();
        let mut by_text: HashMap<&str, usize> = HashMap::new();
        for version in self.versions(doc) {
            for passage in &version.passages {
                match by_text.get(passage.text.as_str()) {
                    Some(&index) => {
                        let entry = &mut shared[index];
                        if !entry.versions.iter().any(|v| v.id == version.id) {
                            entry.versions.push(version);
                        }
                    }
                    None => {
                        by_text.insert(&passage.text, shared.len());
                        shared.push(SharedPassage {
                            section: &passage.section,
                            text: &passage.text,
                            article: passage.article.as_deref(),
                            versions: vec![version],
                        });
                    }
                }
            }
        }
        shared
    }
}

/// The text two copies of a document share: its passages (headers and colophons differ between
/// sites and are not compared).
fn comparable_text(document: &Document) -> String {
    let passages: Vec<&str> = document.passages.iter().map(|p| p.text.as_str()).collect();
    passages.join("\n")
}

/// Bytes of passage text a document holds.
fn text_bytes(document: &Document) -> usize {
    document.passages.iter().map(|p| p.text.len()).sum()
}

/// A key equal for two passages of the same text, ignoring whitespace and width (the way exact
/// matching compares text), so that one passage kept by several versions is recognised.
pub fn passage_text_key(text: &str) -> u64 {
    dedup::hash_chars(crate::tokenize::match_char_iter(text))
}

/// Every document file under `dir` with its corpus-relative name, in a stable order.
fn document_files(dir: &Path) -> anyhow::Result<Vec<(PathBuf, String)>> {
    let mut files = Vec::new();
    collect_files(dir, &mut files)
        .with_context(|| format!("reading corpus directory {}", dir.display()))?;
    files.sort();
    Ok(files
        .into_iter()
        .map(|path| {
            let relative = relative_name(dir, &path);
            (path, relative)
        })
        .filter(|(path, relative)| {
            !relative.ends_with(SIDECAR_SUFFIX) && Format::of(path).is_some()
        })
        .collect())
}

/// The provenance recorded beside a fetched page, if any.
pub(crate) fn read_sidecar(path: &Path) -> Option<Provenance> {
    let mut sidecar = path.as_os_str().to_owned();
    sidecar.push(SIDECAR_SUFFIX);
    let bytes = std::fs::read(sidecar).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || NOT_DOCUMENTS.contains(&name.as_ref()) {
            continue;
        }
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            collect_files(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

/// `dir/a/b.txt` → `a/b.txt`, with `/` on every platform.
fn relative_name(dir: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(dir).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn dedup_ids(documents: &mut [Document]) {
    let mut seen: HashSet<String> = HashSet::new();
    for doc in documents.iter_mut() {
        if seen.contains(&doc.id) {
            let mut n = 2;
            while seen.contains(&format!("{}-{n}", doc.id)) {
                n += 1;
            }
            doc.id = format!("{}-{n}", doc.id);
        }
        seen.insert(doc.id.clone());
    }
}

/// Within each group of same-titled documents (positions), a group with at least two dates is
/// a set of versions whose key is the id of its current version.
fn link_versions<'a>(
    documents: &mut [Document],
    same_titles: impl Iterator<Item = &'a Vec<usize>>,
) {
    for members in same_titles {
        // A document's date is its written date, else its published date (JSON lines and
        // web pages often carry only the latter).
        let dates: HashSet<_> = members.iter().map(|&i| documents[i].date()).collect();
        if members.len() < 2 || dates.len() < 2 {
            continue;
        }
        let current = members.iter().copied().max_by_key(|&i| {
            let doc = &documents[i];
            (
                !doc.is_repealed(),
                doc.date(),
                doc.published,
                std::cmp::Reverse(i),
            )
        });
        let Some(current) = current else { continue };
        let key = documents[current].id.clone();
        for &i in members {
            documents[i].version_of = Some(key.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Passage};

    fn doc(
        id: &str,
        title: &str,
        written: (u16, u8, u8),
        status: Option<&str>,
        passages: &[&str],
    ) -> Document {
        Document {
            id: id.to_string(),
            title: title.to_string(),
            written: Date::new(written.0, written.1, written.2),
            status: status.map(str::to_string),
            passages: passages
                .iter()
                .map(|text| Passage {
                    section: Vec::new(),
                    text: text.to_string(),
                    article: None,
                })
                .collect(),
            ..Document::default()
        }
    }

    #[test]
    fn versions_share_a_key_and_the_newest_in_force_is_current() {
        let corpus = Corpus::from_documents(vec![
            doc(
                "old",
                "某某法",
                (2019, 4, 23),
                Some("历史版本"),
                &["甲", "乙"],
            ),
            doc(
                "new",
                "某 某 法",
                (2026, 6, 26),
                Some("现行有效"),
                &["甲", "丙"],
            ),
            doc("other", "别的通知", (2003, 1, 1), None, &[]),
        ]);
        let old = corpus.get("old").unwrap();
        let new = corpus.get("new").unwrap();
        assert_eq!(old.version_of.as_deref(), Some("new"));
        assert_eq!(new.version_of.as_deref(), Some("new"));
        assert_eq!(corpus.get("other").unwrap().version_of, None);
        assert!(corpus.is_current(new));
        assert!(!corpus.is_current(old));
        assert!(corpus.is_current(corpus.get("other").unwrap()));
        let ids: Vec<&str> = corpus.versions(old).iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["new", "old"]);
        let shared = corpus.shared_passages(old);
        let summary: Vec<(&str, Vec<&str>)> = shared
            .iter()
            .map(|s| (s.text, s.versions.iter().map(|d| d.id.as_str()).collect()))
            .collect();
        assert_eq!(
            summary,
            [
                ("甲", vec!["new", "old"]),
                ("丙", vec!["new"]),
                ("乙", vec!["old"])
            ]
        );
    }

    #[test]
    fn in_force_beats_a_newer_historical_version() {
        let corpus = Corpus::from_documents(vec![
            doc("a", "某法", (2020, 1, 1), Some("现行有效"), &[]),
            doc("b", "某法", (2021, 1, 1), Some("历史版本"), &[]),
        ]);
        assert_eq!(corpus.get("b").unwrap().version_of.as_deref(), Some("a"));
    }

    #[test]
    fn same_title_same_date_is_not_a_version_and_ids_are_unique() {
        let corpus = Corpus::from_documents(vec![
            doc("x", "某法", (2020, 1, 1), None, &["第一条　甲"]),
            doc(
                "x",
                "某法",
                (2020, 1, 1),
                None,
                &["第一条　完全不同的另一部法的条文内容"],
            ),
        ]);
        let ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["x", "x-2"]);
        assert!(corpus.documents.iter().all(|d| d.version_of.is_none()));
    }

    #[test]
    fn an_exact_copy_is_dropped_and_names_its_original() {
        let original = doc(
            "a",
            "某法",
            (2020, 1, 1),
            None,
            &["第一条　为了规范某事，制定本法。"],
        );
        let mut copy = doc(
            "b",
            "某 法",
            (2020, 1, 1),
            None,
            &["第一条 为了规范某事，制定本法"],
        );
        let corpus = Corpus::from_documents(vec![original, copy.clone()]);
        assert_eq!(corpus.documents.len(), 1);
        copy.id = "c".into();
        assert_eq!(corpus.duplicate_of(&copy), Some("a"));
        let mut other_version = copy;
        other_version.written = Date::new(2021, 1, 1);
        assert_eq!(
            corpus.duplicate_of(&other_version),
            None,
            "another date is a version"
        );
    }

    #[test]
    fn load_reads_txt_and_jsonl_and_reports_problems() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "关于某事的通知\n正文。").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(
            dir.path().join("sub/b.jsonl"),
            "{\"title\":\"某法\",\"body\":\"第一条　x\"}\nbad\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("userdict.txt"), "清洁生产 10 n").unwrap();
        std::fs::write(dir.path().join(".hidden.txt"), "关于隐藏的通知").unwrap();
        std::fs::write(dir.path().join("c.html"), "<html></html>").unwrap();
        let (corpus, problems) = Corpus::load(dir.path()).unwrap();
        let ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "b-1"]);
        assert_eq!(corpus.documents[1].origin.file, "sub/b.jsonl");
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].file, "c.html");
        assert!(
            problems[0].message.contains("no document text"),
            "{}",
            problems[0]
        );
        assert_eq!(
            (problems[1].file.as_str(), problems[1].line),
            ("sub/b.jsonl", Some(2))
        );
    }
}
