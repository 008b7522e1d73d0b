//! Exact matching lives in a segment component of zhengce's own; when tantivy merges segments
//! (after incremental ingests) the component is rebuilt for the merged segment. A merged
//! index must answer exactly as the unmerged one, deleted documents left out.

mod common;

use tantivy::IndexWriter;

use zhengce::index::{self, Location};
use zhengce::search::{self, Filters, SearchOptions};

/// Seed plus the first 40 laws, built into a fresh index of several segments.
fn built() -> (tempfile::TempDir, Location) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::copy(
        common::corpus_dir().join("shanghai-2003-41.txt"),
        corpus.join("shanghai-2003-41.txt"),
    )
    .unwrap();
    let laws = std::fs::read_to_string(common::laws_path()).unwrap();
    let some: Vec<&str> = laws.lines().take(40).collect();
    std::fs::write(corpus.join("laws.jsonl"), some.join("\n") + "\n").unwrap();
    let location = Location {
        corpus,
        index: dir.path().join("index"),
    };
    let fingerprint = index::fingerprint(&location.corpus).unwrap();
    zhengce::cmd::build_index(&location, fingerprint).unwrap();
    (dir, location)
}

const NEEDLES: &[&str] = &[
    "清洁生产",
    "非定编机构",
    "定编",
    "法",
    "国务院",
    "人民共和国清洁",
    "第一条",
    "上海市",
];

/// For each needle: every matching occurrence, and those of the June draft.
fn counts(location: &Location, filters: &Filters) -> Vec<(usize, usize)> {
    let index = index::open_current(&location.index).unwrap().unwrap();
    let options = SearchOptions {
        all_versions: true,
        limit: 100_000,
        filters: filters.clone(),
        ..SearchOptions::default()
    };
    NEEDLES
        .iter()
        .map(|needle| {
            let results = search::search(&index, needle, &options).unwrap();
            assert_eq!(results.hits.len(), results.total, "{needle}");
            let draft = results.hits.iter().filter(|h| h.id == DRAFT).count();
            (results.total, draft)
        })
        .collect()
}

/// The June draft's id in the seed.
const DRAFT: &str = "shanghai-2003-41-3";

#[test]
fn merged_segments_match_exactly_as_before_without_deleted_documents() {
    let (_dir, location) = built();
    let everything = Filters::default();
    let shanghai = Filters {
        agency: Some("上海市".into()),
        ..Filters::default()
    };
    let before = [counts(&location, &everything), counts(&location, &shanghai)];
    assert!(before[0].iter().all(|&(n, _)| n > 0), "{before:?}");
    assert!(before[0][0].1 > 0, "the draft holds 清洁生产: {before:?}");
    assert!(
        before[1][3].0 < before[0][3].0,
        "the agency filter narrows 法: {before:?}"
    );

    let live = index::open_current(&location.index).unwrap().unwrap();
    let segments = live.index.searchable_segment_ids().unwrap();
    assert!(segments.len() > 1, "a build writes several segments");
    // Delete the draft, so the merge has documents to leave out.
    let mut writer: IndexWriter = live.index.writer(50_000_000).unwrap();
    writer.delete_term(tantivy::Term::from_field_text(live.fields.id, DRAFT));
    writer.commit().unwrap();
    writer.merge(&segments).wait().unwrap();
    writer.wait_merging_threads().unwrap();
    drop(live);
    let merged = index::open_current(&location.index).unwrap().unwrap();
    assert_eq!(merged.index.searchable_segment_ids().unwrap().len(), 1);

    let after = [counts(&location, &everything), counts(&location, &shanghai)];
    for (before, after) in before.iter().zip(&after) {
        for ((needle, &(total, draft)), &(merged_total, merged_draft)) in
            NEEDLES.iter().zip(before).zip(after)
        {
            assert_eq!(merged_draft, 0, "{needle}");
            assert_eq!(merged_total, total - draft, "{needle}");
        }
    }
}
