//! Growing the corpus with `zhengce ingest`: files, folders, JSON lines and pages over HTTP;
//! duplicates are recognised, bad input is reported without losing anything, and a rebuild
//! answers exactly like the incrementally updated index.

mod common;

use std::fs;
use std::path::Path;

use common::http::{Reply, serve};
use common::{stderr, stdout, zhengce_in};

const SEED: &str = include_str!("../corpus/shanghai-2003-41.txt");

/// A private copy of the bundled corpus and an index built from it.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    fs::create_dir(dir.path().join("corpus")).unwrap();
    fs::write(dir.path().join("corpus/seed.txt"), SEED).unwrap();
    let built = run(dir.path(), &["rebuild"]);
    assert!(built.status.success(), "{}", stderr(&built));
    dir
}

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    zhengce_in(&dir.join("corpus"), &dir.join("index"), args)
}

fn corpus_files(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut stack = vec![dir.join("corpus")];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(
                    path.strip_prefix(dir.join("corpus"))
                        .unwrap()
                        .display()
                        .to_string(),
                );
            }
        }
    }
    files.sort();
    files
}

fn total(dir: &Path, query: &str) -> u64 {
    let output = run(dir, &["search", "--json", query]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("search JSON");
    json["total"].as_u64().unwrap()
}

#[test]
fn reingesting_the_seed_adds_nothing() {
    let dir = workspace();
    let input = dir.path().join("again.txt");
    fs::write(&input, SEED).unwrap();
    let output = run(dir.path(), &["ingest", input.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("added 0 documents"),
        "{}",
        stdout(&output)
    );
    assert!(
        stdout(&output).contains("3 duplicates"),
        "{}",
        stdout(&output)
    );
    assert_eq!(corpus_files(dir.path()), vec!["seed.txt"]);
}

#[test]
fn a_lightly_edited_copy_is_reported_as_a_duplicate() {
    let dir = workspace();
    // Republished elsewhere: spacing and punctuation differ, one character changed.
    let edited = SEED
        .replace("，", ",")
        .replace("现转发给你 们", "现转发给 你们")
        .replacen("努力", "尽力", 1);
    let input = dir.path().join("republished.txt");
    fs::write(&input, edited).unwrap();
    let output = run(dir.path(), &["ingest", input.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("is a duplicate of seed-"),
        "{}",
        stderr(&output)
    );
    assert_eq!(corpus_files(dir.path()), vec!["seed.txt"]);
}

#[test]
fn pages_over_http_in_gbk_are_ingested_and_failures_reported() {
    let dir = workspace();
    let page = "<html><head><title>关于推进绿色低碳循环发展的通知</title></head><body>\
        <div class=\"nav\">首页 | 政策文件 | 关闭窗口</div>\
        <div id=\"UCAP-CONTENT\"><p>各区人民政府：为推进绿色低碳循环发展，现就有关事项通知如下。</p>\
        <p>一、建立健全绿色低碳循环发展经济体系，推动碳达峰碳中和目标如期实现。</p></div></body></html>";
    let gbk = encoding_rs::GBK.encode(page).0.into_owned();
    let base = serve(move |path| match path {
        "/policy/notice.html" => Reply::ok("text/html", gbk.clone()),
        _ => Reply::not_found(),
    });
    let good = format!("{base}/policy/notice.html");
    let missing = format!("{base}/policy/missing.html");
    let output = run(dir.path(), &["ingest", &good, &missing]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "a failed URL makes the batch exit 2"
    );
    assert!(stderr(&output).contains("404"), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("added 1 documents"),
        "{}",
        stdout(&output)
    );
    let files = corpus_files(dir.path());
    assert_eq!(files.len(), 3, "seed, page and its provenance: {files:?}");
    assert!(files.iter().any(|f| f.ends_with("notice.html.source.json")));
    // The undeclared GBK page decoded right: its words are searchable, navigation is not.
    assert_eq!(total(dir.path(), "碳达峰碳中和"), 1);
    assert_eq!(total(dir.path(), "关闭窗口"), 0);
    // And a rebuild reads the stored page the same way.
    let before = run(dir.path(), &["search", "--json", "绿色低碳"]).stdout;
    assert!(run(dir.path(), &["rebuild"]).status.success());
    assert_eq!(
        run(dir.path(), &["search", "--json", "绿色低碳"]).stdout,
        before
    );
}

#[test]
fn bad_json_lines_are_reported_by_line_and_the_rest_go_in() {
    let dir = workspace();
    let input = dir.path().join("batch.jsonl");
    fs::write(
        &input,
        "{\"title\": \"关于做好防汛工作的通知\", \"body\": \"各单位要切实做好汛期值班值守工作。\"}\n\
         {not json\n\
         {\"title\": \"缺正文的通知\"}\n\
         {\"title\": \"关于加强秸秆禁烧的通知\", \"body\": \"严禁露天焚烧秸秆。\", \"date\": \"2024-05-01\"}\n",
    )
    .unwrap();
    let output = run(dir.path(), &["ingest", input.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let errors = stderr(&output);
    assert!(
        errors.contains("line 2") && errors.contains("line 3"),
        "{errors}"
    );
    assert!(
        stdout(&output).contains("added 2 documents"),
        "{}",
        stdout(&output)
    );
    assert_eq!(total(dir.path(), "汛期值班"), 1);
    assert_eq!(total(dir.path(), "秸秆"), 1);
}

#[test]
fn binary_and_empty_files_change_nothing() {
    let dir = workspace();
    let binary = dir.path().join("scan.txt");
    fs::write(&binary, b"%PDF-1.4\x00\x01\x02binary").unwrap();
    let empty = dir.path().join("empty.txt");
    fs::write(&empty, b"").unwrap();
    let output = run(
        dir.path(),
        &["ingest", binary.to_str().unwrap(), empty.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("binary"), "{}", stderr(&output));
    assert!(stderr(&output).contains("empty"), "{}", stderr(&output));
    assert_eq!(corpus_files(dir.path()), vec!["seed.txt"]);
    assert_eq!(
        total(dir.path(), "非定编机构"),
        1,
        "the index still answers"
    );
}

#[test]
fn a_new_version_of_a_known_document_joins_its_group() {
    let dir = workspace();
    let input = dir.path().join("final-2004.jsonl");
    let line = serde_json::json!({
        "title": "关于本市贯彻《中华人民共和国清洁生产促进法》的实施意见",
        "body": "一、明确宗旨优化手段\n以实施可持续发展战略为宗旨，全面推行清洁生产和循环经济。",
        "date": "2004-03-01",
    });
    fs::write(&input, format!("{line}\n")).unwrap();
    let output = run(dir.path(), &["ingest", input.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("(1 new versions"),
        "{}",
        stdout(&output)
    );
    let list = run(dir.path(), &["list", "--json"]);
    let docs: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let newest = docs
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["published"] == "2004-03-01")
        .unwrap();
    let groups: Vec<&serde_json::Value> = docs
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["version_of"] == newest["id"])
        .collect();
    assert_eq!(
        groups.len(),
        3,
        "the two drafts and the new version share one key"
    );
    // The October final is now an older version and is labelled so in results.
    let output = run(dir.path(), &["search", "--json", "非定编机构"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["hits"][0]["status"], "历史版本");
}

#[test]
fn a_file_dropped_into_the_corpus_is_found_after_an_automatic_rebuild() {
    let dir = workspace();
    fs::write(
        dir.path().join("corpus/extra.txt"),
        "关于开展秋冬季大气污染防治的通知\n各区人民政府：\n请切实做好秋冬季大气污染防治工作。\n",
    )
    .unwrap();
    let output = run(dir.path(), &["search", "--json", "秋冬季大气污染"]);
    assert!(
        stderr(&output).contains("corpus changed; rebuilding"),
        "{}",
        stderr(&output)
    );
    assert_eq!(total(dir.path(), "秋冬季大气污染"), 1);
}

#[test]
fn a_document_whose_id_is_taken_is_renamed_and_still_indexed() {
    let dir = workspace();
    // The seed's documents are seed-1 … seed-3; this file's one document would be seed-1 too.
    let input = dir.path().join("seed-1.txt");
    fs::write(
        &input,
        "关于做好冬季供暖保障工作的通知\n各区人民政府：\n请做好冬季供暖保障工作。\n",
    )
    .unwrap();
    let output = run(dir.path(), &["ingest", input.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let found = run(dir.path(), &["search", "--json", "冬季供暖保障"]);
    let json: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    assert_eq!(json["total"], 1, "found without a rebuild");
    assert_eq!(json["hits"][0]["id"], "seed-1-2");
}
