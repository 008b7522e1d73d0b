//! Collecting matches: counting distinct passages and taking the top ones, folding the
//! occurrences of one passage in several versions into one hit.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::Query;
use tantivy::{DocAddress, DocId, Order, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::{SearchOptions, Sort};

/// Score factor for passages of documents not in force (repealed, or an older version):
/// they still show, below current ones.
const NOT_CURRENT_FACTOR: f32 = 0.35;

/// Passage keys are hashes already (see `index::build`): a set of them needs no second hash,
/// and SipHash over every match of a frequent term showed in the profile of counting.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type KeySet = HashSet<u64, BuildHasherDefault<KeyHasher>>;

/// Counts the distinct passage keys among all matches.
struct DistinctPassages;

struct DistinctInSegment {
    keys: Option<Column<u64>>,
    seen: KeySet,
}

impl Collector for DistinctPassages {
    type Fruit = KeySet;
    type Child = DistinctInSegment;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        Ok(DistinctInSegment {
            keys: reader.fast_fields().u64("pkey").ok(),
            seen: KeySet::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<KeySet>) -> tantivy::Result<KeySet> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for DistinctInSegment {
    type Fruit = KeySet;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(key) = self.keys.as_ref().and_then(|keys| keys.first(doc)) {
            self.seen.insert(key);
        }
    }

    fn harvest(self) -> KeySet {
        self.seen
    }
}

/// Number of matching passages (or occurrences, with `all_versions`).
pub fn count(searcher: &Searcher, query: &dyn Query, all_versions: bool) -> tantivy::Result<usize> {
    if all_versions {
        searcher.search(query, &Count)
    } else {
        Ok(searcher.search(query, &DistinctPassages)?.len())
    }
}

/// Orders equal keys deterministically (see `Fields::tie`): tantivy breaks ties by the
/// document's address, which depends on how indexing threads split segments.
fn break_ties(
    searcher: &Searcher,
    mut candidates: Vec<(f32, DocAddress)>,
) -> Vec<(f32, DocAddress)> {
    let tie = |address: &DocAddress| {
        searcher
            .segment_reader(address.segment_ord)
            .fast_fields()
            .u64("tie")
            .ok()
            .and_then(|column| column.first(address.doc_id))
            .unwrap_or(u64::MAX)
    };
    let mut keyed: Vec<(f32, u64, DocAddress)> = candidates
        .drain(..)
        .map(|(score, address)| (score, tie(&address), address))
        .collect();
    keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    keyed
        .into_iter()
        .map(|(score, _, address)| (score, address))
        .collect()
}

/// Ranked candidates: `window` best occurrences by the chosen order.
fn ranked(
    searcher: &Searcher,
    query: &dyn Query,
    sort: Sort,
    window: usize,
) -> tantivy::Result<Vec<(f32, DocAddress)>> {
    Ok(match sort {
        Sort::Relevance => {
            let collector = TopDocs::with_limit(window).tweak_score(|segment: &SegmentReader| {
                let current = segment
                    .fast_fields()
                    .u64("current")
                    .ok()
                    .map(|c| c.first_or_default_col(1));
                move |doc: DocId, score: Score| match &current {
                    Some(current) if current.get_val(doc) == 0 => score * NOT_CURRENT_FACTOR,
                    _ => score,
                }
            });
            searcher.search(query, &collector)?
        }
        Sort::Date => {
            let collector =
                TopDocs::with_limit(window).order_by_fast_field::<i64>("date", Order::Desc);
            searcher
                .search(query, &collector)?
                .into_iter()
                .map(|(date, address)| (date.unwrap_or(i64::MIN) as f32, address))
                .collect()
        }
    })
}

/// The best `limit` hits; occurrences of one passage fold into its best-ranked one unless
/// `all_versions` is set.
pub fn top(
    searcher: &Searcher,
    query: &dyn Query,
    options: &SearchOptions,
    limit: usize,
) -> tantivy::Result<Vec<(f32, DocAddress)>> {
    if limit == 0 {
        return Ok(Vec::new());
    }
    let mut window = limit * 4 + 16;
    loop {
        let candidates = break_ties(searcher, ranked(searcher, query, options.sort, window)?);
        let exhausted = candidates.len() < window;
        let picked = if options.all_versions {
            candidates.into_iter().take(limit).collect::<Vec<_>>()
        } else {
            fold_versions(searcher, candidates, limit)
        };
        if picked.len() >= limit || exhausted {
            return Ok(picked);
        }
        window *= 4;
    }
}

fn fold_versions(
    searcher: &Searcher,
    candidates: Vec<(f32, DocAddress)>,
    limit: usize,
) -> Vec<(f32, DocAddress)> {
    let mut seen = HashSet::new();
    let mut picked = Vec::new();
    for (score, address) in candidates {
        let key = searcher
            .segment_reader(address.segment_ord)
            .fast_fields()
            .u64("pkey")
            .ok()
            .and_then(|keys| keys.first(address.doc_id));
        if key.is_none_or(|key| seen.insert(key)) {
            picked.push((score, address));
            if picked.len() == limit {
                break;
            }
        }
    }
    picked
}

/// The first `limit` matches in document order (by passage position).
pub fn in_document_order(
    searcher: &Searcher,
    query: &dyn Query,
    limit: usize,
) -> tantivy::Result<Vec<(f32, DocAddress)>> {
    let collector =
        TopDocs::with_limit(limit.max(1)).order_by_fast_field::<u64>("ordinal", Order::Asc);
    Ok(searcher
        .search(query, &collector)?
        .into_iter()
        .map(|(_, address)| (0.0, address))
        .collect())
}
