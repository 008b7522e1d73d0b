//! Helpers shared by the integration tests: running the real binary on the bundled corpus
//! with a private index, and reading the benchmark laws.
#![allow(dead_code)]

pub mod http;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The project's bundled corpus (the seed).
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// `../shared/bench/laws.jsonl`, present beside the checkout in development and CI.
pub fn laws_path() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/laws.jsonl");
    assert!(
        path.exists(),
        "tests need {} (the shared benchmark data)",
        path.display()
    );
    path
}

/// An index of the bundled corpus, built once per test binary before any search runs, so
/// concurrent tests only ever read it.
pub fn seed_index() -> &'static Path {
    static INDEX: OnceLock<tempfile::TempDir> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("temporary directory");
            let output = zhengce_in(&corpus_dir(), dir.path(), &["rebuild"]);
            assert!(
                output.status.success(),
                "rebuild failed: {}",
                stderr(&output)
            );
            dir
        })
        .path()
}

/// Runs the binary with explicit corpus and index directories.
pub fn zhengce_in(corpus: &Path, index: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zhengce"))
        .arg("--corpus")
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("running zhengce")
}

/// Runs the binary on the seed corpus and its shared index.
pub fn zhengce(args: &[&str]) -> Output {
    zhengce_in(&corpus_dir(), seed_index(), args)
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs a search with `--json` and parses the result; panics with stderr on an error exit.
pub fn search_json(args: &[&str]) -> (i32, serde_json::Value) {
    let mut all = vec!["search", "--json"];
    all.extend_from_slice(args);
    let output = zhengce(&all);
    let code = output.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 1,
        "search {args:?} failed ({code}): {}",
        stderr(&output)
    );
    let json = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("search {args:?} printed no JSON ({e}): {}", stdout(&output)));
    (code, json)
}

/// The characters of `text` in `[start, end)` (character offsets, as the JSON reports them).
pub fn char_slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}
