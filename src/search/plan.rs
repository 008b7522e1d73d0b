//! Turning a parsed query into tantivy queries.
//!
//! A term *matches* a passage when it occurs verbatim (folded, whitespace ignored) in the
//! passage, its section headings or its document's title: exact like grep, answered by the
//! segments' exact-match component ([`crate::exact`]). A term *scores* through words: the
//! index's own vocabulary (jieba's words at build time) found inside the term, ranked by BM25
//! with the title and headings boosted. So the query path never loads jieba: it segments
//! queries against the words the index already has.

use std::ops::Bound;
use std::sync::Arc;

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::query::{self, Clause};
use crate::exact::KindSet;
use crate::exact::query::{Components, ExactQuery, Scoring};
use crate::index::{Fields, VersionRef};
use crate::model::Date;
use crate::tokenize::match_chars;

/// Longest vocabulary word looked up inside a query term, in characters.
const MAX_WORD_CHARS: usize = 8;
const TITLE_BOOST: f32 = 2.5;
const SECTION_BOOST: f32 = 1.5;
/// Score of a verbatim match alone, so exact matches without vocabulary words still rank.
const EXACT_SCORE: f32 = 0.2;
/// A document number typed in the query is the strongest signal there is.
const DOC_NO_BOOST: f32 = 20.0;
/// Words of a question that say nothing about its topic; dropped when relaxing a query.
const QUESTION_WORDS: &[&str] = &[
    "怎么办",
    "怎么",
    "如何",
    "什么",
    "哪些",
    "是否",
    "可以",
    "能否",
    "应当",
    "为什么",
    "吗",
    "呢",
    "的",
    "了",
    "是",
    "有",
    "在",
    "和",
    "与",
    "或",
    "被",
    "要",
    "会",
    "规定",
    "相关",
    "关于",
];

/// Conditions on a passage's document that narrow a search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    /// Text that must occur in the 发文机构.
    pub agency: Option<String>,
    /// Canonical 发文字号.
    pub doc_no: Option<String>,
    pub kind: Option<String>,
    /// Written date (else published date) on or after / on or before.
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// A status label (`现行有效`, `历史版本` …) or `current`.
    pub status: Option<String>,
}

impl Filters {
    fn queries(&self, fields: &Fields, exact: &Arc<Components>) -> Vec<Box<dyn Query>> {
        let mut queries: Vec<Box<dyn Query>> = Vec::new();
        if let Some(agency) = &self.agency {
            queries.extend(exact_match(
                exact,
                KindSet::AGENCY,
                agency,
                Scoring::Constant(0.0),
            ));
        }
        if let Some(doc_no) = &self.doc_no {
            queries.push(term_query(fields.doc_no, doc_no));
        }
        if let Some(kind) = &self.kind {
            queries.push(term_query(fields.kind, kind));
        }
        if self.from.is_some() || self.to.is_some() {
            let bound = |date: Option<Date>| match date {
                Some(date) => {
                    Bound::Included(Term::from_field_i64(fields.date, date.days_since_epoch()))
                }
                None => Bound::Unbounded,
            };
            queries.push(Box::new(RangeQuery::new(bound(self.from), bound(self.to))));
        }
        match self.status.as_deref() {
            Some("current") => queries.push(Box::new(TermQuery::new(
                Term::from_field_u64(fields.current, 1),
                IndexRecordOption::Basic,
            ))),
            Some(status) => queries.push(term_query(fields.status, status)),
            None => {}
        }
        queries
    }

    /// Whether one version passes the per-version filters (dates and status); used to list
    /// only the matching versions of a hit.
    pub fn accepts(&self, version: &VersionRef) -> bool {
        let date = version.date();
        let after = self.from.is_none_or(|from| date.is_some_and(|d| d >= from));
        let before = self.to.is_none_or(|to| date.is_some_and(|d| d <= to));
        let status = match self.status.as_deref() {
            None => true,
            Some("current") => version.current,
            Some(status) => version.status.as_deref() == Some(status),
        };
        after && before && status
    }
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::Basic,
    ))
}

/// Exact, grep-like match of `text` in the lines of the given kinds.
fn exact_match(
    exact: &Arc<Components>,
    kinds: KindSet,
    text: &str,
    scoring: Scoring,
) -> Option<Box<dyn Query>> {
    ExactQuery::new(text, kinds, scoring, exact).map(|q| Box::new(q) as Box<dyn Query>)
}

/// What one typed term matches: its verbatim text, or a document number in any bracket style.
fn term_match(fields: &Fields, exact: &Arc<Components>, text: &str) -> Option<Box<dyn Query>> {
    let verbatim = exact_match(
        exact,
        KindSet::SEARCHABLE,
        text,
        Scoring::Constant(EXACT_SCORE),
    )?;
    match crate::meta::docno::canonical_doc_no(text) {
        Some(canonical) => Some(Box::new(BooleanQuery::new(vec![
            (Occur::Should, verbatim),
            (
                Occur::Should,
                Box::new(BoostQuery::new(
                    term_query(fields.doc_no, &canonical),
                    DOC_NO_BOOST,
                )),
            ),
        ]))),
        None => Some(verbatim),
    }
}

/// Whether any segment has `word` in a word field. Stops at the first segment that has it:
/// most of a query's candidate words are looked up on an index of tens of segments, and
/// summing every segment's document frequency was the largest cost of a query there.
fn in_vocabulary(searcher: &Searcher, fields: &Fields, word: &str) -> bool {
    let terms = [fields.body_words, fields.title_words].map(|f| Term::from_field_text(f, word));
    searcher.segment_readers().iter().any(|segment| {
        terms.iter().any(|term| {
            segment
                .inverted_index(term.field())
                .and_then(|index| Ok(index.doc_freq(term)?))
                .is_ok_and(|n| n > 0)
        })
    })
}

/// The index's words inside a term, as groups: one group per word of a greedy longest-first
/// segmentation, holding that word and every shorter vocabulary word inside it (search mode).
pub fn vocabulary_words(searcher: &Searcher, fields: &Fields, text: &str) -> Vec<Vec<String>> {
    let chars = match_chars(text);
    let mut groups = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let longest = (2..=MAX_WORD_CHARS.min(chars.len() - start))
            .rev()
            .map(|len| chars[start..start + len].iter().collect::<String>())
            .find(|word| in_vocabulary(searcher, fields, word));
        let Some(word) = longest else {
            let single = chars[start].to_string();
            if in_vocabulary(searcher, fields, &single) {
                groups.push(vec![single]);
            }
            start += 1;
            continue;
        };
        let len = word.chars().count();
        let mut group = vec![word];
        let inner = &chars[start..start + len];
        for from in 0..len {
            for to in from + 2..=len {
                if to - from == len {
                    continue;
                }
                let sub: String = inner[from..to].iter().collect();
                if !group.contains(&sub) && in_vocabulary(searcher, fields, &sub) {
                    group.push(sub);
                }
            }
        }
        groups.push(group);
        start += len;
    }
    groups
}

/// BM25 over the words, title and headings boosted.
fn word_scores(fields: &Fields, words: &[String]) -> Vec<(Occur, Box<dyn Query>)> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for word in words {
        for (field, boost) in [
            (fields.title_words, TITLE_BOOST),
            (fields.section_words, SECTION_BOOST),
            (fields.body_words, 1.0),
        ] {
            let query = TermQuery::new(
                Term::from_field_text(field, word),
                IndexRecordOption::WithFreqs,
            );
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(query), boost)),
            ));
        }
    }
    clauses
}

fn clause_match(
    fields: &Fields,
    exact: &Arc<Components>,
    clause: &Clause,
) -> Option<Box<dyn Query>> {
    let alternatives: Vec<(Occur, Box<dyn Query>)> = clause
        .alternatives
        .iter()
        .filter_map(|term| term_match(fields, exact, &term.text))
        .map(|q| (Occur::Should, q))
        .collect();
    match alternatives.len() {
        0 => None,
        1 => alternatives.into_iter().next().map(|(_, q)| q),
        _ => Some(Box::new(BooleanQuery::new(alternatives))),
    }
}

/// Every positive clause must match verbatim, no negated clause may; words rank.
pub fn strict(
    searcher: &Searcher,
    fields: &Fields,
    exact: &Arc<Components>,
    query: &query::Query,
    filters: &Filters,
) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for clause in &query.clauses {
        let Some(matcher) = clause_match(fields, exact, clause) else {
            continue;
        };
        clauses.push((
            if clause.negated {
                Occur::MustNot
            } else {
                Occur::Must
            },
            matcher,
        ));
        if !clause.negated {
            // A document number ranks through its own field; its digits as words would
            // only favour passages that happen to mention the same numbers.
            for term in clause
                .alternatives
                .iter()
                .filter(|t| crate::meta::docno::canonical_doc_no(&t.text).is_none())
            {
                let words: Vec<String> = vocabulary_words(searcher, fields, &term.text).concat();
                clauses.extend(word_scores(fields, &words));
            }
        }
    }
    with_filters(clauses, fields, exact, filters)
}

/// For questions no passage contains verbatim (`公司拖欠工资怎么办`): most of the topic words
/// must occur, question words are ignored. `None` when the query has nothing to relax.
pub fn relaxed(
    searcher: &Searcher,
    fields: &Fields,
    exact: &Arc<Components>,
    query: &query::Query,
    filters: &Filters,
) -> Option<(Box<dyn Query>, Vec<String>)> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut concepts = Vec::new();
    let mut all_words = Vec::new();
    for clause in &query.clauses {
        if clause.negated {
            if let Some(matcher) = clause_match(fields, exact, clause) {
                clauses.push((Occur::MustNot, matcher));
            }
            continue;
        }
        for term in &clause.alternatives {
            for group in vocabulary_words(searcher, fields, &term.text) {
                // Single characters left over between words (办 in 怎么办) say little
                // about the topic and would make "most words" unreachable.
                if QUESTION_WORDS.contains(&group[0].as_str()) || group[0].chars().count() < 2 {
                    continue;
                }
                all_words.extend(group.iter().cloned());
                concepts.push(BooleanQuery::new(word_scores(fields, &group)));
            }
        }
    }
    if concepts.len() < 2 {
        return None;
    }
    // Half, not all: a question's words rarely all appear in the article that answers it;
    // BM25 still ranks passages holding more of them first.
    let required = concepts.len().div_ceil(2).max(2);
    let concepts: Vec<(Occur, Box<dyn Query>)> = concepts
        .into_iter()
        .map(|q| (Occur::Should, Box::new(q) as Box<dyn Query>))
        .collect();
    clauses.push((
        Occur::Must,
        Box::new(BooleanQuery::with_minimum_required_clauses(
            concepts, required,
        )),
    ));
    Some((with_filters(clauses, fields, exact, filters), all_words))
}

/// Passages of the current version of the document whose title (or short title) is exactly
/// `name`.
pub fn named_document(
    fields: &Fields,
    exact: &Arc<Components>,
    name: &str,
    filters: &Filters,
) -> Box<dyn Query> {
    let folded: String = match_chars(name).into_iter().collect();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
        (Occur::Must, term_query(fields.title_key, &folded)),
        (
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_field_u64(fields.current, 1),
                IndexRecordOption::Basic,
            )),
        ),
    ];
    clauses.extend(
        filters
            .queries(fields, exact)
            .into_iter()
            .map(|q| (Occur::Must, q)),
    );
    Box::new(BooleanQuery::new(clauses))
}

/// Exact lookup of an article of a law whose title contains `law`.
pub fn citation(
    fields: &Fields,
    exact: &Arc<Components>,
    law: &str,
    article: &str,
    filters: &Filters,
) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> =
        vec![(Occur::Must, term_query(fields.article, article))];
    if let Some(title) = exact_match(exact, KindSet::TITLE, law, Scoring::ShorterLineFirst) {
        // Scored: among laws whose title contains the name, the shortest title (the law
        // itself rather than a law about it) scores highest.
        clauses.push((Occur::Must, title));
    }
    with_filters(clauses, fields, exact, filters)
}

fn with_filters(
    mut clauses: Vec<(Occur, Box<dyn Query>)>,
    fields: &Fields,
    exact: &Arc<Components>,
    filters: &Filters,
) -> Box<dyn Query> {
    for filter in filters.queries(fields, exact) {
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
    }
    Box::new(BooleanQuery::new(clauses))
}
