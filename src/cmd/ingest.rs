//! `zhengce ingest`: add files, folders and URLs to the corpus and the index.
//!
//! Order of work, chosen so that a crash at any point loses nothing: raw files are written to
//! the corpus first (each atomically), then the index is updated in one tantivy commit, then
//! its manifest. A crash before the manifest is written leaves an index whose fingerprint no
//! longer matches the corpus, and the next command rebuilds it from the corpus.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};

use super::{Outcome, ensure_index, load_corpus};
use crate::cli::IngestArgs;
use crate::corpus::Corpus;
use crate::index::lock;
use crate::index::{self, Location};
use crate::ingest::fetch::{FetchOptions, fetch};
use crate::ingest::source::{self, Format, Provenance, SIDECAR_SUFFIX};
use crate::model::{Date, Document};
use crate::structure::normalize_title;

/// Largest file ingest reads. Files are read whole, so this bounds memory; a policy document
/// is rarely over a few MiB, and anything past this is a dump or not a document at all.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Environment variable overriding the fetch timeouts, in seconds (for slow networks, and so
/// tests can check a slow server without waiting minutes).
pub const FETCH_TIMEOUT_ENV: &str = "ZHENGCE_FETCH_TIMEOUT";

/// One thing to ingest, as the user named it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Input {
    Url(String),
    File(PathBuf),
}

/// Counts for the closing summary.
#[derive(Debug, Default)]
struct Tally {
    added: usize,
    new_versions: usize,
    duplicates: usize,
    failed: usize,
}

fn is_url(text: &str) -> bool {
    text.contains("://")
}

/// Expands folders (recursively, sorted) and `--urls` lists into single inputs.
fn expand(args: &IngestArgs) -> Result<Vec<Input>> {
    let mut named: Vec<String> = args.inputs.clone();
    if let Some(list) = &args.urls {
        let text = std::fs::read_to_string(list)
            .with_context(|| format!("reading the URL list {}", list.display()))?;
        named.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string),
        );
    }
    if named.is_empty() {
        bail!("nothing to ingest: name files, folders or URLs (or --urls FILE)");
    }
    let mut inputs = Vec::new();
    for name in named {
        if is_url(&name) {
            inputs.push(Input::Url(name));
        } else {
            let path = PathBuf::from(&name);
            if path.is_dir() {
                let mut files = Vec::new();
                walk(&path, &mut files)?;
                files.sort();
                inputs.extend(files.into_iter().map(Input::File));
            } else {
                inputs.push(Input::File(path));
            }
        }
    }
    Ok(inputs)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else if Format::of(&path).is_some() {
            out.push(path);
        }
    }
    Ok(())
}

fn now_rfc3339() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let date = Date::from_days_since_epoch((seconds / 86_400) as i64);
    let rest = seconds % 86_400;
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        date.map_or_else(|| "1970-01-01".to_string(), |d| d.to_string()),
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

/// A corpus-relative name for a fetched URL: `web/<host>/<path>.html`, safe characters only.
fn name_for_url(url: &str) -> String {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let without_query = without_scheme
        .split(['?', '#'])
        .next()
        .unwrap_or(without_scheme);
    let safe: String = without_query
        .trim_end_matches('/')
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let safe = safe.replace("..", "_");
    let path = if safe.ends_with(".html") || safe.ends_with(".htm") {
        safe
    } else {
        format!("{safe}.html")
    };
    format!("web/{path}")
}

/// The corpus-relative name under `added/` for a file.
fn name_for_file(path: &Path) -> String {
    let file = path.file_name().map_or_else(
        || "document.txt".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    format!("added/{file}")
}

/// `name`, or `stem-2.ext`, `stem-3.ext` … if the corpus already has a file by that name (a
/// changed page at the same URL, another file with the same name).
fn free_name(corpus_dir: &Path, name: &str) -> String {
    let (stem, extension) = name.rsplit_once('.').unwrap_or((name, "txt"));
    let mut candidate = name.to_string();
    let mut n = 2;
    while corpus_dir.join(&candidate).exists() {
        candidate = format!("{stem}-{n}.{extension}");
        n += 1;
    }
    candidate
}

/// Writes a file so that it appears whole or not at all.
fn write_new_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    let temporary = path.with_file_name(format!(
        ".{}.partial",
        path.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    ));
    std::fs::write(&temporary, bytes)
        .with_context(|| format!("writing {}", temporary.display()))?;
    std::fs::File::open(&temporary)?.sync_all()?;
    std::fs::rename(&temporary, path).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// Reads one input into (corpus name, raw bytes, provenance).
fn read(
    input: &Input,
    corpus_dir: &Path,
    fetch_options: &FetchOptions,
) -> Result<(String, Vec<u8>, Provenance)> {
    match input {
        Input::Url(url) => {
            // The caller names the URL; the error says what went wrong with it.
            let fetched = fetch(url, fetch_options)?;
            let provenance = Provenance {
                from: fetched.url.clone(),
                at: now_rfc3339(),
                content_type: fetched.content_type.clone(),
            };
            Ok((
                free_name(corpus_dir, &name_for_url(&fetched.url)),
                fetched.bytes,
                provenance,
            ))
        }
        Input::File(path) => {
            if Format::of(path).is_none() {
                bail!("{}: not a .txt, .jsonl, .html or .htm file", path.display());
            }
            let size = std::fs::metadata(path)
                .with_context(|| format!("reading {}", path.display()))?
                .len();
            if size > MAX_FILE_BYTES {
                bail!(
                    "the file is {} MiB, over the limit of {} MiB; split it into smaller files",
                    size / (1024 * 1024),
                    MAX_FILE_BYTES / (1024 * 1024)
                );
            }
            let bytes =
                std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
            let from = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            let provenance = Provenance {
                from: from.display().to_string(),
                at: now_rfc3339(),
                content_type: None,
            };
            Ok((
                free_name(corpus_dir, &name_for_file(path)),
                bytes,
                provenance,
            ))
        }
    }
}

/// The default fetch options, with timeouts from [`FETCH_TIMEOUT_ENV`] when it is set.
fn fetch_options() -> FetchOptions {
    let mut options = FetchOptions::default();
    let timeout = std::env::var(FETCH_TIMEOUT_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| *s > 0.0)
        .and_then(|s| std::time::Duration::try_from_secs_f64(s).ok());
    if let Some(timeout) = timeout {
        options.connect_timeout = timeout;
        options.read_timeout = timeout;
        options.body_timeout = timeout;
    }
    options
}

/// Keeps only the lines of a JSON lines file whose documents are new, byte for byte.
fn keep_lines(bytes: &[u8], keep: &HashSet<usize>) -> Vec<u8> {
    let mut out = Vec::new();
    for (number, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        if keep.contains(&(number + 1)) {
            out.extend_from_slice(line);
            if !line.ends_with(b"\n") {
                out.push(b'\n');
            }
        }
    }
    out
}

pub fn run(location: &Location, args: IngestArgs, out: &mut impl Write) -> Result<Outcome> {
    let inputs = expand(&args)?;
    std::fs::create_dir_all(&location.corpus)
        .with_context(|| format!("creating {}", location.corpus.display()))?;
    let lock = lock::acquire(&location.index, super::when_busy(args.no_wait))?;
    // The index must be current before we add to it in place.
    drop(ensure_index(location, &lock)?);
    let mut corpus = load_corpus(&location.corpus)?;
    let fetch_options = fetch_options();
    let progress = ProgressBar::new(inputs.len() as u64);
    progress.set_style(
        ProgressStyle::with_template("{spinner} ingesting [{bar:30}] {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut tally = Tally::default();
    let mut added_ids: Vec<String> = Vec::new();
    for input in &inputs {
        let label = match input {
            Input::Url(url) => url.clone(),
            Input::File(path) => path.display().to_string(),
        };
        progress.set_message(label.clone());
        match ingest_one(input, location, &fetch_options, &mut corpus) {
            Ok(report) => {
                for problem in &report.problems {
                    progress.suspend(|| eprintln!("zhengce: {label}: {problem}"));
                }
                tally.failed += report.problems.len();
                tally.duplicates += report.duplicates;
                tally.added += report.added.len();
                tally.new_versions += report.new_versions;
                added_ids.extend(report.added);
            }
            Err(error) => {
                progress.suspend(|| eprintln!("zhengce: {label}: {error:#}"));
                tally.failed += 1;
            }
        }
        progress.inc(1);
    }
    progress.finish_and_clear();
    if !added_ids.is_empty() {
        update_index(location, &corpus, &added_ids)?;
    }
    writeln!(
        out,
        "added {} documents ({} new versions of known documents), {} duplicates skipped, {} failed",
        tally.added, tally.new_versions, tally.duplicates, tally.failed
    )?;
    if tally.failed > 0 {
        bail!(
            "{} inputs or lines failed; the rest were ingested",
            tally.failed
        );
    }
    Ok(Outcome::Found)
}

/// What one input contributed.
#[derive(Debug, Default)]
struct Report {
    added: Vec<String>,
    new_versions: usize,
    duplicates: usize,
    problems: Vec<String>,
}

fn ingest_one(
    input: &Input,
    location: &Location,
    fetch_options: &FetchOptions,
    corpus: &mut Corpus,
) -> Result<Report> {
    let (name, bytes, provenance) = read(input, &location.corpus, fetch_options)?;
    let (documents, line_errors) = source::documents(&name, &bytes, Some(&provenance))?;
    let mut report = Report {
        problems: line_errors
            .iter()
            .map(|e| format!("line {}: {}", e.line, e.message))
            .collect(),
        ..Report::default()
    };
    let mut fresh: Vec<Document> = Vec::new();
    for document in documents {
        if let Some(original) = corpus.duplicate_of(&document) {
            eprintln!(
                "zhengce: {name}: 《{}》 is a duplicate of {original}; skipped",
                document.title
            );
            report.duplicates += 1;
        } else {
            fresh.push(document);
        }
    }
    if fresh.is_empty() {
        return Ok(report);
    }
    let stored = if Format::of(Path::new(&name)) == Some(Format::JsonLines) {
        let keep: HashSet<usize> = fresh.iter().map(|d| d.origin.ordinal + 1).collect();
        keep_lines(&bytes, &keep)
    } else {
        bytes
    };
    let path = location.corpus.join(&name);
    if path.exists() {
        bail!(
            "{} already exists in the corpus with other content; rename the input",
            name
        );
    }
    write_new_file(&path, &stored)?;
    if matches!(input, Input::Url(_)) {
        let sidecar = location.corpus.join(format!("{name}{SIDECAR_SUFFIX}"));
        write_new_file(&sidecar, &serde_json::to_vec_pretty(&provenance)?)?;
    }
    // Re-read what was stored, exactly as a rebuild will, so ids and origins agree.
    let (documents, _) = source::documents(&name, &stored, Some(&provenance))?;
    // A title already known, or seen earlier in this file, makes a new version.
    let mut titles_in_file = HashSet::new();
    for document in &documents {
        let known = corpus.has_title(&document.title)
            || !titles_in_file.insert(normalize_title(&document.title));
        report.new_versions += usize::from(known);
    }
    report.added = corpus.extend(documents);
    Ok(report)
}

/// Re-indexes the version groups the new documents belong to, in one commit.
fn update_index(location: &Location, corpus: &Corpus, added: &[String]) -> Result<()> {
    let fingerprint = index::fingerprint(&location.corpus)?;
    index::update(
        corpus,
        &location.corpus,
        &location.index,
        added,
        fingerprint,
    )
}
