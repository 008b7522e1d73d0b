//! Measures search quality on the laws dev set.
//!
//! ```text
//! cargo run --release --example eval -- [--laws PATH] [--devset PATH] [--index DIR] [--json]
//! ```
//!
//! Builds an index of laws.jsonl (in a temporary directory, or in `--index DIR`, where an index
//! built from the same laws.jsonl is reused), runs every query of `eval/laws_dev.jsonl` with the
//! default search options (10 hits), maps each hit to (law title, article number), and prints
//! per query the rank of the first relevant hit, then MRR, nDCG@10 and recall@10 overall and
//! per query type. `eval/README.md` says how the judgments were made.
//!
//! `--json` prints instead one object (the shape the benchmark reads):
//!
//! ```json
//! {"devset": "…", "queries": 43, "k": 10,
//!  "overall": {"queries": 43, "mrr": 0.8, "ndcg": 0.7, "recall": 0.6},
//!  "by_type": {"keyword": {"queries": 7, "mrr": …, "ndcg": …, "recall": …}, …},
//!  "per_query": [{"query": "…", "type": "…", "first_relevant": 1, "rr": 1.0, "ndcg": 0.9,
//!                 "recall": 0.5, "hits": [["中华人民共和国劳动合同法", "30", 3], …]}, …]}
//! ```
//! `first_relevant` is null when no relevant article is in the top 10; each hit is
//! `[law, article or null, grade]`.

#[path = "eval/metrics.rs"]
mod metrics;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Parser;
use serde::{Deserialize, Serialize};

use zhengce::corpus::Corpus;
use zhengce::index::{self, PassageIndex};
use zhengce::search::{self, Hit, SearchOptions};

/// Ranks that count: the benchmark looks at the first page of results.
const K: usize = 10;

#[derive(Parser, Debug)]
#[command(about = "Relevance metrics of zhengce on the laws dev set")]
struct Args {
    /// The laws corpus (JSON lines).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench/laws.jsonl"))]
    laws: PathBuf,
    /// Graded queries (JSON lines, see eval/README.md).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/eval/laws_dev.jsonl"))]
    devset: PathBuf,
    /// Index directory to build in or reuse; a temporary one when absent.
    #[arg(long)]
    index: Option<PathBuf>,
    /// Print the metrics as one JSON object.
    #[arg(long)]
    json: bool,
}

/// One line of the dev set.
#[derive(Debug, Deserialize)]
struct DevQuery {
    query: String,
    #[serde(rename = "type")]
    kind: String,
    relevant: Vec<Judgment>,
}

#[derive(Debug, Deserialize)]
struct Judgment {
    law: String,
    article: String,
    grade: u8,
}

/// What one query scored.
#[derive(Debug, Serialize)]
struct QueryScore {
    query: String,
    #[serde(rename = "type")]
    kind: String,
    first_relevant: Option<usize>,
    rr: f64,
    ndcg: f64,
    recall: f64,
    hits: Vec<(String, Option<String>, u8)>,
}

/// Means over a group of queries.
#[derive(Debug, Serialize)]
struct Summary {
    queries: usize,
    mrr: f64,
    ndcg: f64,
    recall: f64,
}

#[derive(Debug, Serialize)]
struct Report {
    devset: String,
    queries: usize,
    k: usize,
    overall: Summary,
    by_type: BTreeMap<String, Summary>,
    per_query: Vec<QueryScore>,
}

fn main() {
    let args = Args::parse();
    if let Err(error) = run(&args) {
        eprintln!("eval: {error:#}");
        std::process::exit(2);
    }
}

fn run(args: &Args) -> Result<()> {
    let devset = read_devset(&args.devset)?;
    let laws_text = std::fs::read_to_string(&args.laws)
        .with_context(|| format!("reading {}", args.laws.display()))?;
    let titles = titles_by_id(&laws_text);

    // Keep a temporary directory alive until the end of the run.
    let temporary;
    let index_dir = match &args.index {
        Some(dir) => dir.clone(),
        None => {
            temporary = tempfile::tempdir().context("creating a temporary index directory")?;
            temporary.path().to_path_buf()
        }
    };
    let index = open_or_build(&laws_text, &args.laws, &index_dir)?;

    let mut scores = Vec::new();
    for query in &devset {
        scores.push(score(&index, &titles, query));
    }
    let report = summarize(&args.devset, scores);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_table(&report);
    }
    Ok(())
}

fn read_devset(path: &Path) -> Result<Vec<DevQuery>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| {
            serde_json::from_str(line)
                .with_context(|| format!("{} line {}: not a dev set query", path.display(), n + 1))
        })
        .collect()
}

/// Document id → law title, read straight from laws.jsonl so a reused index needs no corpus.
fn titles_by_id(laws_text: &str) -> HashMap<String, String> {
    #[derive(Deserialize)]
    struct Head {
        id: String,
        title: String,
    }
    laws_text
        .lines()
        .filter_map(|line| serde_json::from_str::<Head>(line).ok())
        .map(|head| (head.id, head.title))
        .collect()
}

/// A fingerprint of the laws file's content, so a reused index is one built from these laws.
fn laws_fingerprint(laws_text: &str) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    hasher.write(laws_text.as_bytes());
    format!("eval-laws-{:016x}", hasher.finish())
}

fn open_or_build(laws_text: &str, laws_path: &Path, index_dir: &Path) -> Result<PassageIndex> {
    let fingerprint = laws_fingerprint(laws_text);
    if let Some(existing) = index::open_current(index_dir)?
        && existing.manifest.fingerprint == fingerprint
    {
        eprintln!("eval: reusing the index in {}", index_dir.display());
        return Ok(existing);
    }
    let started = Instant::now();
    let file = laws_path
        .file_name()
        .map_or("laws.jsonl".into(), |name| name.to_string_lossy());
    let (documents, problems) = zhengce::ingest::jsonl::documents_from_jsonl(laws_text, &file);
    if !problems.is_empty() {
        eprintln!("eval: {} lines of {file} could not be read", problems.len());
    }
    let corpus = Corpus::from_documents(documents);
    // Nothing is shed from a corpus built in memory: the directory is never read.
    let corpus_dir = laws_path.parent().unwrap_or(Path::new("."));
    let built = index::build(&corpus, corpus_dir, index_dir, fingerprint)
        .with_context(|| format!("building the index in {}", index_dir.display()))?;
    eprintln!(
        "eval: indexed {} documents, {} passages in {:.1}s",
        built.manifest.documents,
        built.manifest.passages,
        started.elapsed().as_secs_f64()
    );
    Ok(built)
}

/// (law title, canonical article number) of a hit: the article label is the last element of
/// the section path.
fn hit_key(hit: &Hit, titles: &HashMap<String, String>) -> (String, Option<String>) {
    let law = titles
        .get(&hit.id)
        .cloned()
        .unwrap_or_else(|| hit.title.clone());
    let label = hit.section.rsplit(" > ").next().unwrap_or_default();
    (law, zhengce::structure::article_number(label))
}

fn score(index: &PassageIndex, titles: &HashMap<String, String>, query: &DevQuery) -> QueryScore {
    let options = SearchOptions {
        limit: K,
        ..SearchOptions::default()
    };
    let hits = match search::search(index, &query.query, &options) {
        Ok(results) => results.hits,
        Err(error) => {
            eprintln!("eval: {:?}: {error}", query.query);
            Vec::new()
        }
    };
    let grades: HashMap<(&str, &str), u8> = query
        .relevant
        .iter()
        .map(|j| ((j.law.as_str(), j.article.as_str()), j.grade))
        .collect();
    let judged: Vec<u8> = query
        .relevant
        .iter()
        .map(|j| j.grade)
        .filter(|&g| g > 0)
        .collect();

    // A judged article met again further down (another version, another passage) earns nothing.
    let mut credited = HashSet::new();
    let mut ranked = Vec::new();
    let mut shown = Vec::new();
    for hit in hits.iter().take(K) {
        let (law, article) = hit_key(hit, titles);
        let grade = article
            .as_deref()
            .and_then(|a| grades.get(&(law.as_str(), a)).copied())
            .unwrap_or(0);
        let fresh = credited.insert((law.clone(), article.clone()));
        ranked.push(if fresh { grade } else { 0 });
        shown.push((law, article, grade));
    }
    QueryScore {
        query: query.query.clone(),
        kind: query.kind.clone(),
        first_relevant: metrics::first_relevant(&ranked),
        rr: metrics::reciprocal_rank(&ranked),
        ndcg: metrics::ndcg(&ranked, &judged, K),
        recall: metrics::recall(&ranked, judged.len(), K),
        hits: shown,
    }
}

fn summary<'a>(scores: impl Iterator<Item = &'a QueryScore> + Clone) -> Summary {
    Summary {
        queries: scores.clone().count(),
        mrr: metrics::mean(scores.clone().map(|s| s.rr)),
        ndcg: metrics::mean(scores.clone().map(|s| s.ndcg)),
        recall: metrics::mean(scores.map(|s| s.recall)),
    }
}

fn summarize(devset: &Path, scores: Vec<QueryScore>) -> Report {
    let kinds: Vec<String> = {
        let mut kinds: Vec<String> = scores.iter().map(|s| s.kind.clone()).collect();
        kinds.sort();
        kinds.dedup();
        kinds
    };
    let by_type = kinds
        .into_iter()
        .map(|kind| {
            let group = summary(scores.iter().filter(|s| s.kind == kind));
            (kind, group)
        })
        .collect();
    Report {
        devset: devset.display().to_string(),
        queries: scores.len(),
        k: K,
        overall: summary(scores.iter()),
        by_type,
        per_query: scores,
    }
}

fn print_table(report: &Report) {
    println!(
        "{:<9} {:>5} {:>6} {:>7} {:>6}  query",
        "type", "first", "RR", "nDCG", "R@10"
    );
    for s in &report.per_query {
        let first = s.first_relevant.map_or("-".to_string(), |r| r.to_string());
        println!(
            "{:<9} {:>5} {:>6.3} {:>7.3} {:>6.3}  {}",
            s.kind, first, s.rr, s.ndcg, s.recall, s.query
        );
    }
    println!();
    println!(
        "{:<9} {:>5} {:>6} {:>7} {:>6}",
        "type", "n", "MRR", "nDCG@10", "R@10"
    );
    for (kind, s) in &report.by_type {
        println!(
            "{:<9} {:>5} {:>6.3} {:>7.3} {:>6.3}",
            kind, s.queries, s.mrr, s.ndcg, s.recall
        );
    }
    let all = &report.overall;
    println!(
        "{:<9} {:>5} {:>6.3} {:>7.3} {:>6.3}",
        "all", all.queries, all.mrr, all.ndcg, all.recall
    );
}
