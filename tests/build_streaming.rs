//! A build that sheds document text while loading (to keep memory flat on a large corpus) and
//! reads it again from the files must produce the same index as one that keeps it all.

mod common;

use std::collections::HashMap;
use std::path::Path;

use tantivy::TantivyDocument;
use tantivy::collector::DocSetCollector;
use tantivy::query::AllQuery;
use tantivy::schema::Value;

use zhengce::corpus::Corpus;
use zhengce::index::{self, PassageIndex};
use zhengce::search::{self, SearchOptions};

/// The seed plus laws: every law whose title has several versions, twenty others, and an
/// exact copy of one law (a duplicate both builds must drop).
fn corpus_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::corpus_dir().join("shanghai-2003-41.txt"),
        dir.path().join("shanghai-2003-41.txt"),
    )
    .unwrap();
    let laws = std::fs::read_to_string(common::laws_path()).unwrap();
    let title = |line: &str| {
        serde_json::from_str::<serde_json::Value>(line).unwrap()["title"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for line in laws.lines() {
        *counts.entry(title(line)).or_default() += 1;
    }
    let mut chosen: Vec<&str> = laws.lines().filter(|l| counts[&title(l)] > 1).collect();
    let versioned = chosen.len();
    assert!(versioned >= 4, "laws.jsonl has versioned laws");
    chosen.extend(laws.lines().filter(|l| counts[&title(l)] == 1).take(20));
    let mut copy: serde_json::Value = serde_json::from_str(chosen[versioned]).unwrap();
    copy["id"] = "an-exact-copy".into();
    let copy = copy.to_string();
    chosen.push(&copy);
    std::fs::write(dir.path().join("laws.jsonl"), chosen.join("\n") + "\n").unwrap();
    dir
}

/// Every stored passage occurrence, in a canonical order.
fn occurrences(index: &PassageIndex) -> Vec<Vec<String>> {
    let searcher = index.reader.searcher();
    let addresses = searcher.search(&AllQuery, &DocSetCollector).unwrap();
    let fields = [
        index.fields.id,
        index.fields.ordinal,
        index.fields.section,
        index.fields.passage,
        index.fields.status,
        index.fields.current,
        index.fields.versions,
    ];
    let mut rows: Vec<Vec<String>> = addresses
        .into_iter()
        .map(|address| {
            let doc: TantivyDocument = searcher.doc(address).unwrap();
            fields
                .iter()
                .map(|&field| {
                    doc.get_first(field)
                        .map(|v| {
                            v.as_str()
                                .map(str::to_string)
                                .or_else(|| v.as_u64().map(|n| n.to_string()))
                                .unwrap_or_default()
                        })
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    rows.sort();
    rows
}

fn build(corpus: &Corpus, corpus_dir: &Path) -> (tempfile::TempDir, PassageIndex) {
    let dir = tempfile::tempdir().unwrap();
    let index = index::build(corpus, corpus_dir, dir.path(), "test".into()).unwrap();
    (dir, index)
}

#[test]
fn shedding_text_while_loading_builds_the_same_index() {
    let dir = corpus_dir();
    let (whole, problems) = Corpus::load(dir.path()).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    // A corpus under the build's text budget is read once: nothing is shed.
    let (for_build, _) = Corpus::load_for_build(dir.path()).unwrap();
    assert!(!for_build.has_shed());
    // One byte of budget: every document is shed and read again.
    let (shed, _) = Corpus::load_within(dir.path(), 1).unwrap();
    assert!(!whole.has_shed());
    assert!(shed.has_shed());
    let shed_count = shed.documents.iter().filter(|d| shed.is_shed(d)).count();
    assert_eq!(shed_count, shed.documents.len());
    assert!(
        shed.documents
            .iter()
            .all(|d| !shed.is_shed(d) || d.passages.is_empty()),
        "shed documents hold no text"
    );
    let ids = |corpus: &Corpus| -> Vec<(String, Option<String>)> {
        corpus
            .documents
            .iter()
            .map(|d| (d.id.clone(), d.version_of.clone()))
            .collect()
    };
    assert_eq!(ids(&shed), ids(&whole), "same documents, ids and versions");
    assert!(
        whole.get("an-exact-copy").is_none(),
        "the copy is dropped as a duplicate"
    );
    assert!(whole.documents.iter().any(|d| d.version_of.is_some()));

    let (_a, kept_index) = build(&whole, dir.path());
    let (_b, shed_index) = build(&shed, dir.path());
    assert_eq!(kept_index.manifest, shed_index.manifest);
    let kept_rows = occurrences(&kept_index);
    assert!(kept_rows.len() > 1000, "{}", kept_rows.len());
    assert!(
        kept_rows
            .iter()
            .any(|row| row[6].contains("\"current\":false")),
        "some passages list an older version"
    );
    assert_eq!(occurrences(&shed_index), kept_rows);

    // Folding by passage key agrees too: the same hits, with the same versions.
    for query in ["注册商标", "清洁生产", "第一条", "非定编机构"] {
        let answer = |index: &PassageIndex| {
            let results = search::search(index, query, &SearchOptions::default()).unwrap();
            (results.total, serde_json::to_string(&results.hits).unwrap())
        };
        assert_eq!(answer(&shed_index), answer(&kept_index), "{query}");
    }
}
