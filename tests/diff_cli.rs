//! `zhengce diff` from the command line on the seed: choosing versions, output forms, exit codes.

mod common;

use common::{stderr, stdout, zhengce};

#[test]
fn with_no_arguments_it_compares_the_june_draft_with_the_october_final() {
    let output = zhengce(&["diff"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("--- 关于本市贯彻"), "{text}");
    assert!(text.contains("2003-06-30") && text.contains("2003-10-15"));
    assert!(
        text.contains("[-饮餐-]{+餐饮+}"),
        "word-level markers without colour: {text}"
    );
    assert!(!text.contains('\x1b'));
    // One id compares it with its neighbouring version: the same pair.
    assert_eq!(stdout(&zhengce(&["diff", "shanghai-2003-41-3"])), text);
}

#[test]
fn a_document_compared_with_itself_has_no_changes_and_exits_1() {
    let output = zhengce(&["diff", "shanghai-2003-41-2", "shanghai-2003-41-2"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
}

#[test]
fn json_side_by_side_and_html_outputs() {
    let json: serde_json::Value =
        serde_json::from_slice(&zhengce(&["diff", "--json"]).stdout).expect("diff JSON");
    assert_eq!(json["old"]["written"], "2003-06-30");
    assert_eq!(json["new"]["id"], "shanghai-2003-41-2");
    let hunks = json["hunks"].as_array().unwrap();
    assert!(
        hunks
            .iter()
            .any(|h| h["old"] == "饮餐" && h["new"] == "餐饮" && h["op"] == "replace")
    );
    let ignored: serde_json::Value =
        serde_json::from_slice(&zhengce(&["diff", "--json", "--ignore-punct"]).stdout).unwrap();
    assert!(ignored["hunks"].as_array().unwrap().len() < hunks.len());
    assert!(
        ignored["hunks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["punctuation_only"] == false)
    );

    let side = stdout(&zhengce(&["diff", "--side-by-side", "--width", "80"]));
    assert!(side.lines().any(|l| l.contains('│')), "two columns: {side}");

    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let output = zhengce(&["diff", "--html", page.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("<del") && html.contains("<ins") && html.contains("餐饮"));
}

#[test]
fn unknown_ids_are_a_clear_error() {
    let output = zhengce(&["diff", "nope", "shanghai-2003-41-2"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no document with id `nope`"),
        "{}",
        stderr(&output)
    );
}
