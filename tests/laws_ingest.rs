//! laws.jsonl: 378 Chinese laws, one JSON object per line; 编/章/节 become sections and every
//! article (条) one passage. Two records of a law (历史版本 and 现行有效) are versions.

use zhengce::corpus::Corpus;
use zhengce::ingest::jsonl::documents_from_jsonl;
use zhengce::model::Document;
use zhengce::structure::{Level, law_heading};

const LAWS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench/laws.jsonl");

fn laws() -> (String, Vec<Document>) {
    let text =
        std::fs::read_to_string(LAWS).expect("../shared/bench/laws.jsonl beside the checkout");
    let (documents, errors) = documents_from_jsonl(&text, "laws.jsonl");
    assert!(errors.is_empty(), "{errors:?}");
    (text, documents)
}

/// Body lines that open an article, counted straight from the JSON.
fn article_lines(text: &str) -> usize {
    text.lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|value| value["body"].as_str().map(str::to_string))
        .map(|body| {
            body.lines()
                .filter(|l| law_heading(l).is_some_and(|h| h.level == Level::Article))
                .count()
        })
        .sum()
}

/// Lines starting `第` + numerals + `条`, and how many of them go on with `第` (a citation).
fn naive_article_lines(text: &str) -> (usize, usize) {
    let numeral = |c: char| "一二三四五六七八九十百千零〇两".contains(c) || c.is_ascii_digit();
    let mut starts = 0;
    let mut quoting = 0;
    for line in text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
    {
        for body_line in line["body"].as_str().unwrap_or_default().lines() {
            let Some(rest) = body_line.trim().strip_prefix('第') else {
                continue;
            };
            let rest = rest.trim_start_matches(numeral);
            if let Some(after) = rest.strip_prefix('条') {
                starts += 1;
                quoting += usize::from(after.starts_with('第'));
            }
        }
    }
    (starts, quoting)
}

#[test]
fn every_law_ingests_with_articles_as_passages() {
    let (text, documents) = laws();
    assert_eq!(documents.len(), 378);
    let articles: usize = documents
        .iter()
        .map(|d| d.passages.iter().filter(|p| p.article.is_some()).count())
        .sum();
    assert_eq!(articles, article_lines(&text));
    // A naive count of lines starting `第…条` finds 3 more: `第四条第二款：` lines of one decision
    // quote other articles; they are paragraphs, not articles.
    let (naive, quoting) = naive_article_lines(&text);
    assert_eq!((naive, quoting), (25_800, 3));
    assert_eq!(articles, naive - quoting);
    assert_eq!(articles, ARTICLES);
    let passages: usize = documents.iter().map(|d| d.passages.len()).sum();
    assert_eq!(passages, PASSAGES);
}

/// Measured on laws.jsonl; equal to the number of body lines that open an article.
const ARTICLES: usize = 25_797;
/// Articles plus text outside any article (preambles, amendment decisions without articles).
const PASSAGES: usize = 25_863;

#[test]
fn articles_carry_their_chapter_and_label() {
    let (_, documents) = laws();
    let patent = documents
        .iter()
        .find(|d| d.title == "中华人民共和国专利法")
        .expect("专利法");
    assert_eq!(patent.kind.as_deref(), Some("法"));
    assert_eq!(
        patent.written.map(|d| d.to_string()).as_deref(),
        Some("2020-10-17")
    );
    assert_eq!(patent.extra.get("type").map(String::as_str), Some("法律"));
    assert_eq!(patent.sections[0].path, ["第一章 总则"]);
    let second = &patent.passages[1];
    assert_eq!(second.section, ["第一章 总则", "第二条"]);
    assert_eq!(second.article.as_deref(), Some("2"));
    assert!(
        second
            .text
            .starts_with("本法所称的发明创造是指发明、实用新型和外观设计。\n发明，是指")
    );
    assert_eq!(second.text.lines().count(), 4);
}

#[test]
fn trademark_law_records_are_one_version_group_with_the_in_force_one_current() {
    let (_, documents) = laws();
    let corpus = Corpus::from_documents(documents);
    let records: Vec<&Document> = corpus
        .documents
        .iter()
        .filter(|d| d.title == "中华人民共和国商标法")
        .collect();
    assert_eq!(records.len(), 2);
    let current = records
        .iter()
        .find(|d| d.status.as_deref() == Some("现行有效"))
        .expect("in force");
    let historical = records
        .iter()
        .find(|d| d.status.as_deref() == Some("历史版本"))
        .expect("historical");
    assert_eq!(current.version_of.as_deref(), Some(current.id.as_str()));
    assert_eq!(historical.version_of.as_deref(), Some(current.id.as_str()));
    assert!(corpus.is_current(current));
    assert!(!corpus.is_current(historical));
    let shared = corpus.shared_passages(historical);
    assert!(
        shared.iter().any(|p| p.versions.len() == 2),
        "no article is shared by both versions"
    );
}
