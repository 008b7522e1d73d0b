//! Exact matching as a tantivy query, so it combines with word scoring and filters in one
//! boolean query.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::directory::OwnedBytes;
use tantivy::index::SegmentId;
use tantivy::query::{BitSetDocSet, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{BitSet, DocId, DocSet, Score, Searcher, SegmentReader, TantivyError};

use super::{KindSet, SegmentLines, component, needle};

/// How a matching document scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scoring {
    /// The same for every match.
    Constant(Score),
    /// Higher for a shorter matching line: among laws whose title contains a name, the law
    /// of that name itself before laws about it.
    ShorterLineFirst,
}

/// The exact-match components of an open index's segments, held open for its lifetime.
///
/// Opening a component per query mapped and unmapped its file every time; the page faults
/// were the largest cost of a warm query.
pub struct Components {
    by_segment: HashMap<SegmentId, OwnedBytes>,
}

impl std::fmt::Debug for Components {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Components({} segments)", self.by_segment.len())
    }
}

impl Components {
    /// Opens the component of every segment `searcher` reads.
    pub fn open(searcher: &Searcher) -> tantivy::Result<Components> {
        let mut by_segment = HashMap::new();
        for reader in searcher.segment_readers() {
            let bytes = reader.open_read(component())?.read_bytes()?;
            SegmentLines::parse(&bytes).map_err(|e| TantivyError::InternalError(e.to_string()))?;
            by_segment.insert(reader.segment_id(), bytes);
        }
        Ok(Components { by_segment })
    }

    /// The component of one segment: held open, or opened now for a segment this index was
    /// not opened with.
    fn bytes(&self, reader: &SegmentReader) -> tantivy::Result<OwnedBytes> {
        match self.by_segment.get(&reader.segment_id()) {
            Some(bytes) => Ok(bytes.clone()),
            None => Ok(reader.open_read(component())?.read_bytes()?),
        }
    }
}

/// The documents of one segment that match, with their scores when they differ.
struct SegmentMatch {
    docs: BitSet,
    scores: Option<Vec<Score>>,
}

impl std::fmt::Debug for SegmentMatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SegmentMatch({} docs)", self.docs.len())
    }
}

/// Documents with a line of the given kinds that contains a text verbatim.
#[derive(Debug, Clone)]
pub struct ExactQuery {
    needle: String,
    kinds: KindSet,
    scoring: Scoring,
    components: Arc<Components>,
    /// Matches already computed, per segment: a search counts and then ranks with the same
    /// query, and clones (weights) share this.
    memo: Arc<Mutex<HashMap<SegmentId, Arc<SegmentMatch>>>>,
}

impl ExactQuery {
    /// `None` for a text with nothing to match (empty or only whitespace).
    pub fn new(
        text: &str,
        kinds: KindSet,
        scoring: Scoring,
        components: &Arc<Components>,
    ) -> Option<ExactQuery> {
        let needle = needle(text);
        (!needle.is_empty()).then(|| ExactQuery {
            needle,
            kinds,
            scoring,
            components: Arc::clone(components),
            memo: Arc::default(),
        })
    }

    /// The matching documents of one segment, computed once per segment.
    fn matches(&self, reader: &SegmentReader) -> tantivy::Result<Arc<SegmentMatch>> {
        let id = reader.segment_id();
        if let Some(found) = self
            .memo
            .lock()
            .ok()
            .and_then(|memo| memo.get(&id).cloned())
        {
            return Ok(found);
        }
        let computed = Arc::new(self.compute(reader)?);
        if let Ok(mut memo) = self.memo.lock() {
            memo.insert(id, Arc::clone(&computed));
        }
        Ok(computed)
    }

    fn compute(&self, reader: &SegmentReader) -> tantivy::Result<SegmentMatch> {
        let max_doc = reader.max_doc();
        let mut docs = BitSet::with_max_value(max_doc);
        let mut scores = match self.scoring {
            Scoring::Constant(_) => None,
            Scoring::ShorterLineFirst => Some(vec![0.0 as Score; max_doc as usize]),
        };
        let bytes = self.components.bytes(reader)?;
        let lines =
            SegmentLines::parse(&bytes).map_err(|e| TantivyError::InternalError(e.to_string()))?;
        lines.matching_lines(&self.needle, |line| {
            if !self.kinds.contains(lines.kind(line)) {
                return;
            }
            let (from, to) = lines.docs(line);
            let range = from..to.min(max_doc);
            match scores.as_mut() {
                None => range.for_each(|doc| {
                    docs.insert(doc);
                }),
                Some(scores) => {
                    let score = 1.0 / (1.0 + lines.text(line).chars().count() as Score);
                    for doc in range {
                        docs.insert(doc);
                        let best = &mut scores[doc as usize];
                        *best = best.max(score);
                    }
                }
            }
        });
        Ok(SegmentMatch { docs, scores })
    }
}

impl Query for ExactQuery {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for ExactQuery {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let matched = self.matches(reader)?;
        let constant = match self.scoring {
            Scoring::Constant(score) => score,
            Scoring::ShorterLineFirst => 1.0,
        };
        Ok(Box::new(ExactScorer {
            docs: BitSetDocSet::from(matched.docs.clone()),
            matched,
            constant: constant * boost,
            boost,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not contain {}",
                self.needle
            )));
        }
        Ok(Explanation::new_with_string(
            format!("contains {}", self.needle),
            scorer.score(),
        ))
    }
}

struct ExactScorer {
    docs: BitSetDocSet,
    matched: Arc<SegmentMatch>,
    /// The boosted score of every match, when the match has no per-document scores.
    constant: Score,
    boost: Score,
}

impl DocSet for ExactScorer {
    fn advance(&mut self) -> DocId {
        self.docs.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.docs.seek(target)
    }

    fn doc(&self) -> DocId {
        self.docs.doc()
    }

    fn size_hint(&self) -> u32 {
        self.docs.size_hint()
    }
}

impl Scorer for ExactScorer {
    fn score(&mut self) -> Score {
        match &self.matched.scores {
            Some(scores) => {
                scores.get(self.docs.doc() as usize).copied().unwrap_or(0.0) * self.boost
            }
            None => self.constant,
        }
    }
}
