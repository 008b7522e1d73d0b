//! Searching the bundled seed from the command line: the cases the product promises.

mod common;

use common::{char_slice, search_json, stderr, stdout, zhengce};
use serde_json::Value;

fn hits(json: &Value) -> &Vec<Value> {
    json["hits"].as_array().expect("hits array")
}

fn version_dates(hit: &Value) -> Vec<&str> {
    hit["versions"]
        .as_array()
        .expect("versions array")
        .iter()
        .map(|v| v["written"].as_str().unwrap_or("?"))
        .collect()
}

#[test]
fn a_word_only_the_october_final_has_is_one_hit_with_its_highlight() {
    let (code, json) = search_json(&["非定编机构"]);
    assert_eq!(code, 0);
    assert_eq!(json["total"], 1);
    let hit = &hits(&json)[0];
    assert_eq!(hit["written"], "2003-10-15");
    assert_eq!(hit["doc_no"], "沪府办发〔2003〕41号");
    assert_eq!(version_dates(hit), vec!["2003-10-15"]);
    let passage = hit["passage"].as_str().unwrap();
    let [start, end] =
        [&hit["highlights"][0][0], &hit["highlights"][0][1]].map(|v| v.as_u64().unwrap() as usize);
    assert_eq!(char_slice(passage, start, end), "非定编机构");
}

#[test]
fn a_passage_identical_in_both_drafts_is_one_hit_listing_both() {
    let (_, json) = search_json(&["结合落实本市"]);
    assert_eq!(json["total"], 1, "{json:#}");
    let hit = &hits(&json)[0];
    assert_eq!(
        version_dates(hit),
        vec!["2003-10-15", "2003-06-30"],
        "current version first"
    );
    assert_eq!(
        hit["written"], "2003-10-15",
        "the hit is the current version's"
    );
}

#[test]
fn all_versions_lists_each_occurrence() {
    let (_, json) = search_json(&["--all-versions", "结合落实本市"]);
    assert_eq!(json["total"], 2);
    let written: Vec<&str> = hits(&json)
        .iter()
        .map(|h| h["written"].as_str().unwrap())
        .collect();
    assert_eq!(written, vec!["2003-10-15", "2003-06-30"]);
}

#[test]
fn words_only_in_the_june_draft_find_only_the_june_draft() {
    for query in ["审核员", "饮餐"] {
        let (code, json) = search_json(&[query]);
        assert_eq!(code, 0, "{query}");
        assert!(!hits(&json).is_empty(), "{query}");
        for hit in hits(&json) {
            assert_eq!(hit["written"], "2003-06-30", "{query}: {hit:#}");
            assert_eq!(hit["status"], "历史版本", "an older version is labelled");
        }
    }
}

#[test]
fn a_subword_jieba_keeps_inside_a_longer_word_is_found() {
    let (_, json) = search_json(&["定编"]);
    assert_eq!(json["total"], 1);
    assert!(
        hits(&json)[0]["passage"]
            .as_str()
            .unwrap()
            .contains("非定编机构")
    );
}

#[test]
fn single_characters_are_found() {
    let (code, json) = search_json(&["彰"]);
    assert_eq!(code, 0);
    assert!(
        hits(&json)
            .iter()
            .all(|h| h["passage"].as_str().unwrap().contains('彰'))
    );
}

#[test]
fn a_document_number_in_any_bracket_style_finds_the_seed() {
    for query in [
        "沪府办发[2003]41号",
        "沪府办发(2003)41号",
        "沪府办发〔2003〕41号",
    ] {
        let (code, json) = search_json(&[query]);
        assert_eq!(code, 0, "{query}");
        assert!(
            json["total"].as_u64().unwrap() > 10,
            "{query}: every seed passage carries the number"
        );
        assert_eq!(hits(&json)[0]["doc_no"], "沪府办发〔2003〕41号", "{query}");
        assert!(
            hits(&json)[0]["title"].as_str().unwrap().ends_with("通知"),
            "the notice itself first"
        );
    }
}

#[test]
fn from_date_drops_the_june_draft() {
    let (code, _) = search_json(&["--from", "2003-07-01", "审核员"]);
    assert_eq!(code, 1, "审核员 is only in the June draft");
    let (_, json) = search_json(&["--from", "2003-07-01", "结合落实本市"]);
    assert_eq!(version_dates(&hits(&json)[0]), vec!["2003-10-15"]);
    let (_, json) = search_json(&["--to", "2003-07-01", "结合落实本市"]);
    assert_eq!(version_dates(&hits(&json)[0]), vec!["2003-06-30"]);
}

#[test]
fn exclusion_and_or_work() {
    let (_, both) = search_json(&["清洁生产审核"]);
    let (_, without) = search_json(&["清洁生产审核 -中介"]);
    assert!(without["total"].as_u64() < both["total"].as_u64());
    assert!(
        hits(&without)
            .iter()
            .all(|h| !h["passage"].as_str().unwrap().contains("中介"))
    );
    let (_, either) = search_json(&["审核员 OR 非定编机构"]);
    assert_eq!(either["total"], 2);
}

#[test]
fn a_phrase_across_jieba_word_boundaries_matches_exactly() {
    // Search-mode tokens overlap (中华, 人民, 共和国 …); exact matching runs on the text
    // itself, so a phrase that cuts words in half still matches.
    let (_, json) = search_json(&["\"人民共和国清洁\""]);
    assert!(json["total"].as_u64().unwrap() >= 2);
    let (code, _) = search_json(&["\"清洁生产促进法律\""]);
    assert_eq!(
        code, 1,
        "the characters of a phrase must be adjacent, not merely present"
    );
}

#[test]
fn nothing_found_exits_1() {
    let output = zhengce(&["search", "量子纠缠引力波"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("no passage matches"));
}

#[test]
fn bad_queries_and_options_exit_2_with_a_message() {
    let output = zhengce(&["search", "\"清洁生产"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("unbalanced quote"),
        "{}",
        stderr(&output)
    );
    let output = zhengce(&["search", "--from", "2003-13-01", "清洁"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--from"), "{}", stderr(&output));
    let output = zhengce(&["search", "--bogus", "清洁"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn piped_output_marks_matches_with_brackets() {
    let output = zhengce(&["search", "非定编机构"]);
    let text = stdout(&output);
    assert!(text.contains("[非定编机构]"), "{text}");
    assert!(!text.contains('\x1b'), "no colour codes in a pipe");
    assert!(text.contains("沪府办发〔2003〕41号"));
    assert!(
        text.contains("二、加强领导完善机制"),
        "section path shown: {text}"
    );
}

#[test]
fn json_hits_have_the_documented_fields() {
    let (_, json) = search_json(&["联席会议"]);
    assert_eq!(json["query"], "联席会议");
    for key in [
        "id",
        "title",
        "doc_no",
        "agency",
        "published",
        "written",
        "section",
        "passage",
        "highlights",
        "score",
        "status",
        "versions",
    ] {
        assert!(hits(&json)[0].get(key).is_some(), "missing {key}");
    }
    assert_eq!(hits(&json)[0]["published"], "2003-11-10");
}

#[test]
fn a_closed_pipe_exits_quietly() {
    // The reader is gone before zhengce writes anything, as with `zhengce search … | head`
    // after head has exited.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_zhengce"))
        .arg("--corpus")
        .arg(common::corpus_dir())
        .arg("--index")
        .arg(common::seed_index())
        .args(["search", "--json", "清洁生产"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
}

#[test]
fn status_current_drops_older_versions() {
    let (code, _) = search_json(&["--status", "current", "审核员"]);
    assert_eq!(
        code, 1,
        "审核员 is only in the June draft, an older version"
    );
    let (_, json) = search_json(&["--status", "历史版本", "审核员"]);
    assert_eq!(json["total"], 1);
}

#[test]
fn filters_on_kind_agency_and_doc_no() {
    let (_, json) = search_json(&["--kind", "通知", "清洁生产"]);
    assert!(!hits(&json).is_empty());
    assert!(
        hits(&json)
            .iter()
            .all(|h| h["title"].as_str().unwrap().ends_with("通知"))
    );
    let (code, _) = search_json(&["--agency", "国务院", "清洁生产"]);
    assert_eq!(code, 1, "no seed document is from 国务院");
    let (_, json) = search_json(&["--agency", "上海市人民政府", "清洁生产"]);
    let total = json["total"].as_u64().unwrap();
    assert!(total > 10);
    // One character, even the last of the agency's name (上海市人民政府办公厅), filters alike.
    for one in ["厅", "海"] {
        let (_, json) = search_json(&["--agency", one, "清洁生产"]);
        assert_eq!(json["total"].as_u64(), Some(total), "--agency {one}");
    }
    let (code, _) = search_json(&["--agency", "京", "清洁生产"]);
    assert_eq!(code, 1, "no seed agency has 京");
    let (_, json) = search_json(&["--doc-no", "沪府办发(2003)41号", "联席会议"]);
    assert!(json["total"].as_u64().unwrap() >= 1);
    let (code, _) = search_json(&["--doc-no", "国办发〔2003〕100号", "联席会议"]);
    assert_eq!(code, 1);
}

#[test]
fn sort_by_date_puts_newer_documents_first() {
    let (_, json) = search_json(&[
        "--sort",
        "date",
        "--all-versions",
        "--limit",
        "50",
        "清洁生产",
    ]);
    let dates: Vec<&str> = hits(&json)
        .iter()
        .map(|h| h["written"].as_str().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    assert_eq!(dates.first(), Some(&"2003-11-10"));
    assert_eq!(dates.last(), Some(&"2003-06-30"));
}
