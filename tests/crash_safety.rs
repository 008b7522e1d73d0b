//! Nothing lost: one writer at a time, searches during writes, and SIGKILL at random moments
//! of `ingest` and `rebuild` leaving corpus and index consistent.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::Duration;

use common::{stderr, zhengce_in};
use zhengce::index::lock::{WhenBusy, acquire};

const SEED: &str = include_str!("../corpus/shanghai-2003-41.txt");
const BATCH: usize = 24;

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    fs::create_dir(dir.path().join("corpus")).unwrap();
    fs::write(dir.path().join("corpus/seed.txt"), SEED).unwrap();
    let inbox = dir.path().join("inbox");
    fs::create_dir(&inbox).unwrap();
    for n in 0..BATCH {
        fs::write(
            inbox.join(format!("notice-{n:02}.txt")),
            format!(
                "关于第{n}批试点事项的通知\n各区人民政府：\n现就编号ZC{n:04}的试点事项通知如下，请认真贯彻执行。\n二○二四年三月{}日\n",
                n % 28 + 1
            ),
        )
        .unwrap();
    }
    let built = run(dir.path(), &["rebuild"]);
    assert!(built.status.success(), "{}", stderr(&built));
    dir
}

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    zhengce_in(&dir.join("corpus"), &dir.join("index"), args)
}

fn spawn(dir: &Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_zhengce"))
        .arg("--corpus")
        .arg(dir.join("corpus"))
        .arg("--index")
        .arg(dir.join("index"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting zhengce")
}

/// A search that must answer (found or not), never fail; returns its total.
fn total(dir: &Path, query: &str) -> u64 {
    let output = run(dir, &["search", "--json", query]);
    let code = output.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "search {query} failed ({code:?}): {}",
        stderr(&output)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("search JSON");
    json["total"].as_u64().unwrap()
}

/// Which batch documents the corpus holds, each at most once.
fn stored_batch(dir: &Path) -> Vec<usize> {
    let output = run(dir, &["list", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let docs: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut numbers: Vec<usize> = docs
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| {
            d["title"]
                .as_str()?
                .strip_prefix("关于第")?
                .split('批')
                .next()?
                .parse()
                .ok()
        })
        .collect();
    numbers.sort();
    let before = numbers.len();
    numbers.dedup();
    assert_eq!(numbers.len(), before, "a document is in the corpus twice");
    numbers
}

/// The index answers for exactly the documents the corpus holds, and no file is half-written.
fn assert_consistent(dir: &Path) {
    let stored = stored_batch(dir);
    for n in 0..BATCH {
        let expected = u64::from(stored.contains(&n));
        assert_eq!(
            total(dir, &format!("ZC{n:04}")),
            expected,
            "document {n} (stored: {stored:?})"
        );
    }
    assert_eq!(total(dir, "非定编机构"), 1, "the seed still answers");
}

#[test]
fn a_second_writer_waits_or_fails_clearly_and_searches_still_answer() {
    let dir = workspace();
    let index = dir.path().join("index");
    let held = acquire(&index, WhenBusy::Fail).expect("taking the writer lock");

    let refused = run(dir.path(), &["rebuild", "--no-wait"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("is writing"),
        "{}",
        stderr(&refused)
    );

    let inbox = dir.path().join("inbox");
    let mut waiting = spawn(dir.path(), &["ingest", inbox.to_str().unwrap()]);
    sleep(Duration::from_millis(700));
    assert!(
        waiting.try_wait().unwrap().is_none(),
        "the second writer waits for the lock"
    );
    assert_eq!(
        total(dir.path(), "非定编机构"),
        1,
        "searches answer while a writer waits"
    );

    drop(held);
    let output = waiting.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("waiting for"),
        "{}",
        stderr(&output)
    );
    assert_eq!(stored_batch(dir.path()).len(), BATCH);
    assert_consistent(dir.path());
}

#[test]
fn searches_during_an_ingest_see_before_or_after() {
    let dir = workspace();
    let inbox = dir.path().join("inbox");
    let mut writer = spawn(dir.path(), &["ingest", inbox.to_str().unwrap()]);
    let mut seen = Vec::new();
    while writer.try_wait().unwrap().is_none() {
        seen.push(total(dir.path(), "试点事项"));
    }
    assert!(writer.wait().unwrap().success());
    assert!(
        seen.iter().all(|&t| t == 0 || t == BATCH as u64),
        "partial states seen: {seen:?}"
    );
    assert_eq!(total(dir.path(), "试点事项"), BATCH as u64);
}

#[test]
fn sigkill_during_ingest_or_rebuild_leaves_a_consistent_state() {
    let dir = workspace();
    let inbox = dir.path().join("inbox");
    // Deterministic "random" kill points, spread over the command's run time.
    let mut state: u64 = 0x5eed;
    for round in 0..8 {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let delay = Duration::from_millis(20 + (state >> 33) % 600);
        let args: &[&str] = if round % 3 == 2 {
            &["rebuild"]
        } else {
            &["ingest", inbox.to_str().unwrap()]
        };
        let mut child = spawn(dir.path(), args);
        sleep(delay);
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        assert_consistent(dir.path());
    }
    // Re-running the interrupted work completes it without duplicates.
    let output = run(dir.path(), &["ingest", inbox.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stored_batch(dir.path()).len(), BATCH);
    assert_consistent(dir.path());
}

#[test]
fn a_damaged_exact_match_component_is_rebuilt_from_the_corpus_and_said_once() {
    let dir = workspace();
    let before = run(dir.path(), &["search", "--json", "清洁生产"]);
    assert!(before.status.success(), "{}", stderr(&before));
    let generation = fs::read_to_string(dir.path().join("index/CURRENT")).unwrap();
    let generation = dir.path().join("index").join(generation.trim());
    let component = fs::read_dir(&generation)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.extension().is_some_and(|e| e == "exact"))
        .expect("every segment has an exact-match component");
    let mut bytes = fs::read(&component).unwrap();
    bytes[..4].copy_from_slice(b"XXXX");
    fs::write(&component, bytes).unwrap();

    let after = run(dir.path(), &["search", "--json", "清洁生产"]);
    assert!(after.status.success(), "{}", stderr(&after));
    let said = stderr(&after);
    assert_eq!(
        said.matches("exact-match data of a segment is damaged")
            .count(),
        1,
        "{said}"
    );
    assert!(said.contains("rebuilding"), "{said}");
    assert_eq!(
        before.stdout, after.stdout,
        "the rebuilt index answers as before"
    );
}
