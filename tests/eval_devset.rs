//! Keeps `eval/laws_dev.jsonl` valid: every judged article exists in the current version of its
//! law in laws.jsonl, every phrase query occurs verbatim in a judged article, and the query types
//! are the known ones. Pure JSON and string checks, no index, so it runs in well under a second.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Deserialize;

const DEVSET: &str = include_str!("../eval/laws_dev.jsonl");
const LAWS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench/laws.jsonl");
const TYPES: [&str; 6] = [
    "keyword", "phrase", "subword", "question", "citation", "law_name",
];

#[derive(Debug, Deserialize)]
struct Query {
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

#[derive(Deserialize)]
struct Law {
    title: String,
    status: String,
    body: String,
}

fn devset() -> Vec<Query> {
    DEVSET
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("eval/laws_dev.jsonl line {}: {e}", n + 1))
        })
        .collect()
}

/// `二十` → 20, `一千二百五十四` → 1254, `1254` → 1254.
fn chinese_number(text: &str) -> Option<u32> {
    if text.chars().all(|c| c.is_ascii_digit()) {
        return text.parse().ok();
    }
    let (mut total, mut digit) = (0, 0);
    for c in text.chars() {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                digit = "零一二三四五六七八九".chars().position(|d| d == c)? as u32;
                continue;
            }
        };
        total += digit.max(1) * unit;
        digit = 0;
    }
    Some(total + digit)
}

/// The canonical number of an article heading line (`第十一条之一　…` → `11之一`).
fn article_of_line(line: &str) -> Option<String> {
    let rest = line.strip_prefix('第')?;
    let (number, after) = rest.split_once('条')?;
    let mut canonical = chinese_number(number)?.to_string();
    let mut after = after;
    if let Some(tail) = after.strip_prefix('之') {
        let suffix: String = tail
            .chars()
            .take_while(|c| "一二三四五六七八九十".contains(*c))
            .collect();
        after = &tail[suffix.len()..];
        canonical = format!("{canonical}之{suffix}");
    }
    // A heading is followed by the full-width space, or ends the line; anything else is a
    // paragraph that merely starts with a cross-reference (`第四条第二款：`).
    (after.is_empty() || after.starts_with('\u{3000}')).then_some(canonical)
}

/// `第二章 劳动合同的订立`, `第一节 …`, `第三编 …`: a heading above articles.
fn is_heading(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('第') else {
        return false;
    };
    let after = rest.trim_start_matches(|c| "零一二三四五六七八九十百".contains(c));
    after.len() < rest.len() && after.starts_with(['章', '节', '编'])
}

/// Article number → text, for one law body. Chapter and section headings end an article.
fn articles(body: &str) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in body.lines() {
        if let Some(number) = article_of_line(line) {
            found.insert(number.clone(), line.to_string());
            current = Some(number);
        } else if is_heading(line) {
            current = None;
        } else if let Some(number) = &current
            && let Some(text) = found.get_mut(number)
        {
            text.push('\n');
            text.push_str(line);
        }
    }
    found
}

/// Title → articles of the 现行有效 version.
fn current_laws() -> HashMap<String, BTreeMap<String, String>> {
    let text = std::fs::read_to_string(LAWS).unwrap_or_else(|e| panic!("reading {LAWS}: {e}"));
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .filter_map(|line| serde_json::from_str::<Law>(line).ok())
        .filter(|law| law.status == "现行有效")
        .map(|law| (law.title, articles(&law.body)))
        .collect()
}

#[test]
fn chinese_numbers_and_article_lines() {
    assert_eq!(chinese_number("二十"), Some(20));
    assert_eq!(chinese_number("十一"), Some(11));
    assert_eq!(chinese_number("一千二百五十四"), Some(1254));
    assert_eq!(chinese_number("一百零一"), Some(101));
    assert_eq!(
        article_of_line("第十一条之一\u{3000}单位犯罪"),
        Some("11之一".into())
    );
    assert_eq!(article_of_line("第四条第二款："), None);
}

#[test]
fn devset_has_enough_queries_of_known_types() {
    let queries = devset();
    assert!(queries.len() >= 30, "only {} queries", queries.len());
    let mut per_type: BTreeMap<&str, usize> = BTreeMap::new();
    let mut seen = HashSet::new();
    for q in &queries {
        assert!(
            TYPES.contains(&q.kind.as_str()),
            "{:?}: unknown type {}",
            q.query,
            q.kind
        );
        assert!(seen.insert(&q.query), "duplicate query {:?}", q.query);
        assert!(!q.relevant.is_empty(), "{:?} judges nothing", q.query);
        *per_type.entry(q.kind.as_str()).or_default() += 1;
    }
    for kind in TYPES {
        assert!(
            per_type.get(kind).copied().unwrap_or(0) >= 5,
            "fewer than 5 {kind} queries: {per_type:?}"
        );
    }
}

#[test]
fn judgments_name_current_articles_with_valid_grades() {
    let laws = current_laws();
    assert!(
        laws.len() > 300,
        "laws.jsonl has only {} current laws",
        laws.len()
    );
    for q in devset() {
        let mut keys = HashSet::new();
        for j in &q.relevant {
            assert!(
                (1..=3).contains(&j.grade),
                "{:?}: grade {}",
                q.query,
                j.grade
            );
            assert!(
                keys.insert((&j.law, &j.article)),
                "{:?} judges {} {} twice",
                q.query,
                j.law,
                j.article
            );
            let articles = laws
                .get(&j.law)
                .unwrap_or_else(|| panic!("{:?}: no current law titled {}", q.query, j.law));
            assert!(
                articles.contains_key(&j.article),
                "{:?}: {} has no article {}",
                q.query,
                j.law,
                j.article
            );
        }
    }
}

#[test]
fn phrase_queries_occur_verbatim_in_a_judged_article() {
    let laws = current_laws();
    for q in devset().into_iter().filter(|q| q.kind == "phrase") {
        let phrase = q.query.trim().trim_matches('"');
        assert!(
            q.query.trim().starts_with('"') && q.query.trim().ends_with('"'),
            "phrase query {:?} is not quoted",
            q.query
        );
        let found = q.relevant.iter().any(|j| {
            laws.get(&j.law)
                .and_then(|articles| articles.get(&j.article))
                .is_some_and(|text| text.contains(phrase))
        });
        assert!(found, "{phrase:?} occurs in none of its judged articles");
    }
}
