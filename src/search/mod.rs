//! Answering a query: citations, exact terms ranked by words, folding versions, highlights.

mod collect;
pub mod highlight;
pub mod plan;
pub mod query;

use serde::Serialize;
use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, TantivyDocument};

pub use plan::Filters;
pub use query::QueryError;

/// Why a search failed: the user's query, or the index itself.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error("reading the index failed ({0}); `zhengce rebuild` recreates it from the corpus")]
    Index(#[from] tantivy::TantivyError),
}

use crate::index::{PassageIndex, VersionRef};

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Relevance,
    /// Newest first (written date, else published date).
    Date,
}

/// Everything that shapes a search besides the query text.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchOptions {
    pub filters: Filters,
    pub sort: Sort,
    pub limit: usize,
    /// List every version's occurrence of a passage instead of one hit per passage.
    pub all_versions: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            filters: Filters::default(),
            sort: Sort::Relevance,
            limit: 10,
            all_versions: false,
        }
    }
}

/// How the hits relate to the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Every term occurs verbatim in each hit.
    Exact,
    /// No passage held every term verbatim; hits share most of the query's words.
    Related,
}

/// One version a hit occurs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HitVersion {
    pub id: String,
    pub written: Option<String>,
}

/// One passage found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub id: String,
    pub title: String,
    pub doc_no: Option<String>,
    pub agency: Option<String>,
    pub published: Option<String>,
    pub written: Option<String>,
    /// Heading path joined with ` > `.
    pub section: String,
    /// The passage's full text.
    pub passage: String,
    /// `[start, end)` character offsets into `passage`.
    pub highlights: Vec<[usize; 2]>,
    pub score: f32,
    pub status: Option<String>,
    /// Versions that contain this passage (and pass the filters), current first.
    pub versions: Vec<HitVersion>,
}

/// The answer to a query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Results {
    pub query: String,
    /// Number of matching passages (occurrences with `--all-versions`), not only those shown.
    pub total: usize,
    pub mode: Mode,
    pub hits: Vec<Hit>,
}

/// A law article cited in a query (`《民法典》第1254条`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub law: String,
    /// Canonical article number.
    pub article: String,
    /// The query text around the citation.
    pub rest: String,
}

/// Finds a citation: a law name directly (or after a space) followed by `第…条`.
pub fn parse_citation(text: &str) -> Option<Citation> {
    // A law's name may hold a 第 of its own (《第五届全国人民代表大会常务委员会…的决议》第15条):
    // the citation is at the first 第 that begins an article label.
    text.match_indices('第')
        .find_map(|(start, _)| citation_at(text, start))
}

/// The citation whose article label begins at byte `start` (a `第`), if it is one.
fn citation_at(text: &str, start: usize) -> Option<Citation> {
    let after = &text[start..];
    let end = after.find('条')? + '条'.len_utf8();
    let mut label_end = start + end;
    // `第十一条之一`
    let tail = &text[label_end..];
    if let Some(rest) = tail.strip_prefix('之') {
        let digits: usize = rest
            .chars()
            .take_while(|c| "一二三四五六七八九十".contains(*c))
            .map(char::len_utf8)
            .sum();
        if digits > 0 {
            label_end += '之'.len_utf8() + digits;
        }
    }
    let article = crate::structure::article_number(&text[start..label_end])?;
    let law: String = text[..start]
        .trim()
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !matches!(c, '《' | '》' | '〈' | '〉' | '"'))
        .collect();
    if law.chars().count() < 2 {
        return None;
    }
    let before = text[..start].trim_end();
    let before = &before[..before.len() - before.rsplit(char::is_whitespace).next()?.len()];
    let rest = format!("{} {}", before.trim(), text[label_end..].trim());
    Some(Citation {
        law,
        article,
        rest: rest.trim().to_string(),
    })
}

/// Runs a query against the index.
pub fn search(
    index: &PassageIndex,
    text: &str,
    options: &SearchOptions,
) -> Result<Results, SearchError> {
    let searcher = index.reader.searcher();
    let fields = &index.fields;
    let exact = &index.exact;
    let citation = parse_citation(text);
    let query_text = citation.as_ref().map_or(text, |c| c.rest.as_str());
    let query = match (&citation, query::parse(query_text)) {
        (_, Ok(query)) => Some(query),
        (Some(_), Err(QueryError::Empty)) => None,
        (_, Err(error)) => return Err(error.into()),
    };

    let mut hits = Vec::new();
    let mut total = 0;
    let mut mode = Mode::Exact;
    if let Some(citation) = &citation {
        let cited = plan::citation(
            fields,
            exact,
            &citation.law,
            &citation.article,
            &options.filters,
        );
        total += collect::count(&searcher, &*cited, options.all_versions)?;
        for (score, address) in collect::top(&searcher, &*cited, options, options.limit)? {
            hits.push(hit(&searcher, index, address, score, &[], options)?);
        }
    }
    // A query that is exactly a document's name (反垄断法) starts with that document, in order.
    if let Some(name) = query.as_ref().and_then(single_plain_term) {
        let named = plan::named_document(fields, exact, name, &options.filters);
        for (score, address) in collect::in_document_order(&searcher, &*named, options.limit)? {
            hits.push(hit(&searcher, index, address, score, &[], options)?);
        }
    }
    if let Some(query) = query {
        let mut needles: Vec<String> = query.positive_terms().map(|t| t.text.clone()).collect();
        let mut tantivy_query = plan::strict(&searcher, fields, exact, &query, &options.filters);
        let mut found = collect::count(&searcher, &*tantivy_query, options.all_versions)?;
        let quoted = query.positive_terms().any(|t| t.quoted);
        if found == 0
            && hits.is_empty()
            && !quoted
            && let Some((relaxed, words)) =
                plan::relaxed(&searcher, fields, exact, &query, &options.filters)
        {
            tantivy_query = relaxed;
            found = collect::count(&searcher, &*tantivy_query, options.all_versions)?;
            needles = words;
            mode = Mode::Related;
        }
        total += found;
        let room = options.limit.saturating_sub(hits.len());
        let ranked = collect::top(&searcher, &*tantivy_query, options, room + hits.len())?;
        for (score, address) in ranked {
            if hits.len() >= options.limit {
                break;
            }
            let candidate = hit(&searcher, index, address, score, &needles, options)?;
            if !hits
                .iter()
                .any(|h: &Hit| h.id == candidate.id && h.passage == candidate.passage)
            {
                hits.push(candidate);
            }
        }
    }
    Ok(Results {
        query: text.to_string(),
        total,
        mode,
        hits,
    })
}

/// The text of a query that is one plain term (no quotes, OR or exclusions).
fn single_plain_term(query: &query::Query) -> Option<&str> {
    match query.clauses.as_slice() {
        [clause]
            if !clause.negated
                && clause.alternatives.len() == 1
                && !clause.alternatives[0].quoted =>
        {
            Some(&clause.alternatives[0].text)
        }
        _ => None,
    }
}

fn stored_text(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

fn hit(
    searcher: &Searcher,
    index: &PassageIndex,
    address: DocAddress,
    score: f32,
    needles: &[String],
    options: &SearchOptions,
) -> tantivy::Result<Hit> {
    let fields = &index.fields;
    let doc: TantivyDocument = searcher.doc(address)?;
    let passage = stored_text(&doc, fields.passage).unwrap_or_default();
    let highlights = highlight::find(&passage, needles)
        .into_iter()
        .map(|r| [r.start, r.end])
        .collect();
    let versions: Vec<VersionRef> = stored_text(&doc, fields.versions)
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    let id = stored_text(&doc, fields.id).unwrap_or_default();
    let versions = if options.all_versions {
        versions
            .into_iter()
            .filter(|v| v.id == id)
            .collect::<Vec<_>>()
    } else {
        versions
            .into_iter()
            .filter(|v| options.filters.accepts(v))
            .collect()
    };
    Ok(Hit {
        id,
        title: stored_text(&doc, fields.title).unwrap_or_default(),
        doc_no: stored_text(&doc, fields.doc_no),
        agency: stored_text(&doc, fields.agency),
        published: stored_text(&doc, fields.published),
        written: stored_text(&doc, fields.written),
        section: stored_text(&doc, fields.section).unwrap_or_default(),
        passage,
        highlights,
        score,
        status: stored_text(&doc, fields.status),
        versions: versions
            .into_iter()
            .map(|v| HitVersion {
                id: v.id,
                written: v.written.map(|d| d.to_string()),
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_in_the_usual_forms() {
        let c = parse_citation("《民法典》第1254条").unwrap();
        assert_eq!(
            (c.law.as_str(), c.article.as_str(), c.rest.as_str()),
            ("民法典", "1254", "")
        );
        let c = parse_citation("民法典第一千二百五十四条").unwrap();
        assert_eq!((c.law.as_str(), c.article.as_str()), ("民法典", "1254"));
        let c = parse_citation("个人信息保护法 第三十八条").unwrap();
        assert_eq!(
            (c.law.as_str(), c.article.as_str()),
            ("个人信息保护法", "38")
        );
        let c = parse_citation("刑法第十一条之一 单位").unwrap();
        assert_eq!((c.article.as_str(), c.rest.as_str()), ("11之一", "单位"));
    }

    #[test]
    fn a_law_whose_name_holds_a_di_is_still_cited() {
        let c = parse_citation(
            "《第五届全国人民代表大会常务委员会关于批准广东省经济特区条例的决议》第15条",
        )
        .unwrap();
        assert_eq!(
            (c.law.as_str(), c.article.as_str(), c.rest.as_str()),
            (
                "第五届全国人民代表大会常务委员会关于批准广东省经济特区条例的决议",
                "15",
                ""
            )
        );
    }

    #[test]
    fn article_without_a_law_is_not_a_citation() {
        assert_eq!(parse_citation("第三十八条"), None);
        assert_eq!(parse_citation("清洁生产"), None);
    }
}
