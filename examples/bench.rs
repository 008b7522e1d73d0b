//! Timing zhengce from the inside: index build, the jieba floor, warm queries.
//!
//! ```text
//! cargo run --release --example bench -- build --corpus DIR --index DIR
//! cargo run --release --example bench -- floor --corpus DIR
//! cargo run --release --example bench -- warm  --corpus DIR --index DIR --queries bench/queries.tsv
//! ```
//!
//! Each mode prints one JSON object on stdout; `bench/run` drives all three (plus the cold CLI
//! and the Python peer) and assembles the report. The three measurements:
//!
//! - **build** is what `zhengce rebuild` does (`cmd::build_index`): read every corpus file,
//!   clean, structure, group versions, then tokenize, index and commit a new generation,
//!   jieba's dictionary load included. Peak RSS is the process high-water mark.
//! - **floor** runs jieba-rs `cut_for_search` (search mode, HMM on, as the word fields use it)
//!   over the same text on one thread: every title and every passage, once. It is the least
//!   work any jieba-based index of this text must do; the dictionary load is timed apart.
//! - **warm** opens the index once and answers each query of a TSV file (`kind<TAB>query`) as
//!   `zhengce search` does: top 10, `Hit`s with highlights, and the snippet the terminal shows.
//!   One untimed round first, then `--rounds` timed rounds; p50 and p99 are over all samples.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use serde::Serialize;

use zhengce::corpus::Corpus;
use zhengce::index;
use zhengce::search::{self, SearchOptions, highlight};

/// Snippet width of the terminal output (`zhengce search`).
const SNIPPET_CHARS: usize = 90;

#[derive(Parser)]
#[command(about = "zhengce benchmark measurements (see bench/README.md)")]
struct Args {
    #[command(subcommand)]
    mode: Mode,
}

#[derive(Subcommand)]
enum Mode {
    /// Load the corpus and build a fresh index generation.
    Build {
        #[arg(long)]
        corpus: PathBuf,
        #[arg(long)]
        index: PathBuf,
    },
    /// Time jieba-rs `cut_for_search` over the corpus text on one thread.
    Floor {
        #[arg(long)]
        corpus: PathBuf,
    },
    /// Answer every query of a TSV file against an existing index.
    Warm {
        #[arg(long)]
        corpus: PathBuf,
        #[arg(long)]
        index: PathBuf,
        #[arg(long)]
        queries: PathBuf,
        #[arg(long, default_value_t = 5)]
        rounds: usize,
    },
}

fn main() {
    let args = Args::parse();
    let result = match args.mode {
        Mode::Build { corpus, index } => build(&corpus, &index).and_then(to_json),
        Mode::Floor { corpus } => floor(&corpus).and_then(to_json),
        Mode::Warm {
            corpus,
            index,
            queries,
            rounds,
        } => warm(&corpus, &index, &queries, rounds).and_then(to_json),
    };
    match result {
        Ok(json) => println!("{json}"),
        Err(error) => {
            eprintln!("bench: {error:#}");
            std::process::exit(2);
        }
    }
}

fn to_json(value: impl Serialize) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The process's peak resident set in MiB (Linux `VmHWM`; 0 where /proc is missing).
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Total size of the regular files under `dir`.
fn dir_bytes(dir: &Path) -> u64 {
    let Ok(listing) = std::fs::read_dir(dir) else {
        return 0;
    };
    listing
        .flatten()
        // `fs::metadata` follows symlinks: bench/run links the corpus file into place.
        .map(|entry| match std::fs::metadata(entry.path()) {
            Ok(meta) if meta.is_dir() => dir_bytes(&entry.path()),
            Ok(meta) => meta.len(),
            Err(_) => 0,
        })
        .sum()
}

#[derive(Serialize)]
struct BuildReport {
    seconds: f64,
    corpus_bytes: u64,
    documents: usize,
    passages: usize,
    mb_per_s: f64,
    passages_per_s: f64,
    index_bytes: u64,
    peak_rss_mb: f64,
}

fn build(corpus_dir: &Path, index_dir: &Path) -> Result<BuildReport> {
    let started = Instant::now();
    let location = index::Location {
        corpus: corpus_dir.to_path_buf(),
        index: index_dir.to_path_buf(),
    };
    let fingerprint = index::fingerprint(corpus_dir)?;
    let built = zhengce::cmd::build_index(&location, fingerprint)?;
    let seconds = started.elapsed().as_secs_f64();
    let corpus_bytes = dir_bytes(corpus_dir);
    let passages = built.manifest.passages;
    Ok(BuildReport {
        seconds,
        corpus_bytes,
        documents: built.manifest.documents,
        passages,
        mb_per_s: corpus_bytes as f64 / 1e6 / seconds,
        passages_per_s: passages as f64 / seconds,
        index_bytes: dir_bytes(&built.generation),
        peak_rss_mb: peak_rss_mb(),
    })
}

#[derive(Serialize)]
struct FloorReport {
    seconds: f64,
    dictionary_seconds: f64,
    text_bytes: usize,
    calls: usize,
    tokens: usize,
    mb_per_s: f64,
}

fn floor(corpus_dir: &Path) -> Result<FloorReport> {
    let (corpus, _) = Corpus::load(corpus_dir)
        .with_context(|| format!("reading corpus {}", corpus_dir.display()))?;
    let texts: Vec<&str> = corpus
        .documents
        .iter()
        .flat_map(|doc| {
            std::iter::once(doc.title.as_str()).chain(doc.passages.iter().map(|p| p.text.as_str()))
        })
        .collect();
    let started = Instant::now();
    let jieba = zhengce::segment::jieba();
    let loaded = Instant::now();
    let mut tokens = 0;
    for text in &texts {
        tokens += jieba.cut_for_search(text, true).len();
    }
    let seconds = loaded.elapsed().as_secs_f64();
    let text_bytes = texts.iter().map(|t| t.len()).sum();
    Ok(FloorReport {
        seconds,
        dictionary_seconds: (loaded - started).as_secs_f64(),
        text_bytes,
        calls: texts.len(),
        tokens,
        mb_per_s: text_bytes as f64 / 1e6 / seconds,
    })
}

#[derive(Serialize)]
struct Latency {
    samples: usize,
    p50_ms: f64,
    p99_ms: f64,
    mean_ms: f64,
}

impl Latency {
    fn of(mut samples: Vec<f64>) -> Latency {
        samples.sort_by(f64::total_cmp);
        let mean_ms = samples.iter().sum::<f64>() / samples.len().max(1) as f64;
        Latency {
            samples: samples.len(),
            p50_ms: percentile(&samples, 50.0),
            p99_ms: percentile(&samples, 99.0),
            mean_ms,
        }
    }
}

/// Nearest-rank percentile of an ascending slice (NaN when empty).
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0 * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

#[derive(Serialize)]
struct WarmReport {
    open_seconds: f64,
    queries: usize,
    rounds: usize,
    /// Queries that found nothing (they are timed like the others).
    empty: usize,
    errors: usize,
    overall: Latency,
    by_kind: BTreeMap<String, Latency>,
    peak_rss_mb: f64,
}

fn read_queries(path: &Path) -> Result<Vec<(String, String)>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(text
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .map(|(kind, query)| (kind.to_string(), query.to_string()))
        .collect())
}

/// One query as `zhengce search` answers it, down to the snippets; returns the number of hits.
fn answer(index: &index::PassageIndex, query: &str) -> Result<usize, search::SearchError> {
    let results = search::search(index, query, &SearchOptions::default())?;
    for hit in &results.hits {
        let ranges: Vec<_> = hit.highlights.iter().map(|[s, e]| *s..*e).collect();
        std::hint::black_box(highlight::snippet(&hit.passage, &ranges, SNIPPET_CHARS));
    }
    Ok(results.hits.len())
}

fn warm(corpus_dir: &Path, index_dir: &Path, queries: &Path, rounds: usize) -> Result<WarmReport> {
    let started = Instant::now();
    let location = index::Location {
        corpus: corpus_dir.to_path_buf(),
        index: index_dir.to_path_buf(),
    };
    let index = zhengce::cmd::open_index(&location)?;
    let open_seconds = started.elapsed().as_secs_f64();
    let queries = read_queries(queries)?;
    let (mut empty, mut errors) = (0, 0);
    for (_, query) in &queries {
        match answer(&index, query) {
            Ok(0) => empty += 1,
            Ok(_) => {}
            Err(_) => errors += 1,
        }
    }
    let mut all = Vec::new();
    let mut by_kind: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for _ in 0..rounds {
        for (kind, query) in &queries {
            let t0 = Instant::now();
            let _ = std::hint::black_box(answer(&index, query));
            let ms = t0.elapsed().as_secs_f64() * 1000.0;
            all.push(ms);
            by_kind.entry(kind.clone()).or_default().push(ms);
        }
    }
    Ok(WarmReport {
        open_seconds,
        queries: queries.len(),
        rounds,
        empty,
        errors,
        overall: Latency::of(all),
        by_kind: by_kind
            .into_iter()
            .map(|(kind, samples)| (kind, Latency::of(samples)))
            .collect(),
        peak_rss_mb: peak_rss_mb(),
    })
}
