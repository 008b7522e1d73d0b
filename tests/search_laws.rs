//! Searching the 378 laws of `../shared/bench/laws.jsonl` through the library: citations,
//! current law first, and grep-exact totals for random substrings.

mod common;

use std::sync::OnceLock;

use zhengce::corpus::Corpus;
use zhengce::index::{self, PassageIndex};
use zhengce::ingest::jsonl::documents_from_jsonl;
use zhengce::search::{self, Mode, SearchOptions};
use zhengce::tokenize::match_chars;

struct Laws {
    corpus: Corpus,
    index: PassageIndex,
    _dir: tempfile::TempDir,
}

fn laws() -> &'static Laws {
    static LAWS: OnceLock<Laws> = OnceLock::new();
    LAWS.get_or_init(|| {
        let text = std::fs::read_to_string(common::laws_path()).expect("reading laws.jsonl");
        let (documents, errors) = documents_from_jsonl(&text, "laws.jsonl");
        assert!(
            errors.is_empty(),
            "laws.jsonl lines failed: {:?}",
            errors.len()
        );
        let corpus = Corpus::from_documents(documents);
        let dir = tempfile::tempdir().expect("temporary directory");
        // Built in memory, nothing shed: the corpus directory is never read.
        let index = index::build(&corpus, dir.path(), dir.path(), "test".into())
            .expect("building the laws index");
        Laws {
            corpus,
            index,
            _dir: dir,
        }
    })
}

fn first_hit(query: &str) -> search::Hit {
    let results = search::search(&laws().index, query, &SearchOptions::default()).expect(query);
    results
        .hits
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no hit for {query}"))
}

#[test]
fn citations_return_the_article_first() {
    for (query, title, label) in [
        (
            "《民法典》第1254条",
            "中华人民共和国民法典",
            "第一千二百五十四条",
        ),
        (
            "民法典第一千二百五十四条",
            "中华人民共和国民法典",
            "第一千二百五十四条",
        ),
        (
            "个人信息保护法 第三十八条",
            "中华人民共和国个人信息保护法",
            "第三十八条",
        ),
    ] {
        let hit = first_hit(query);
        assert_eq!(hit.title, title, "{query}");
        assert!(hit.section.ends_with(label), "{query}: {}", hit.section);
    }
}

#[test]
fn current_law_ranks_above_its_older_version() {
    // The 商标法 has a 历史版本 and a 现行有效 record; the article on 注册商标 exists in both.
    let results = search::search(
        &laws().index,
        "商标法 驰名商标",
        &SearchOptions {
            all_versions: true,
            ..SearchOptions::default()
        },
    )
    .unwrap();
    let first_old = results
        .hits
        .iter()
        .position(|h| h.status.as_deref() == Some("历史版本"));
    let first_current = results
        .hits
        .iter()
        .position(|h| h.status.as_deref() == Some("现行有效"));
    assert!(
        first_current.is_some() && first_current < first_old.or(Some(usize::MAX)),
        "{:?}",
        results.hits.iter().map(|h| &h.status).collect::<Vec<_>>()
    );
}

#[test]
fn a_question_without_a_verbatim_match_falls_back_to_related_passages() {
    let results = search::search(
        &laws().index,
        "公司拖欠工资怎么办",
        &SearchOptions::default(),
    )
    .unwrap();
    assert_eq!(results.mode, Mode::Related);
    assert!(!results.hits.is_empty());
    assert!(
        results.hits[..3]
            .iter()
            .any(|h| h.passage.contains("工资") || h.passage.contains("劳动报酬"))
    );
}

/// A tiny deterministic generator, so a failure names a reproducible substring.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound
    }
}

/// What the index promises to match for a term: folded, whitespace-free text of the title,
/// section path and passage, each on its own (matches never cross them).
fn passage_contains(title: &str, section: &str, text: &str, needle: &[char]) -> bool {
    [title, section, text]
        .iter()
        .flat_map(|field| field.split('\n'))
        .any(|line| {
            let line = match_chars(line);
            line.windows(needle.len()).any(|w| w == needle)
        })
}

/// Every passage of the laws as (title, section path, text).
fn all_passages(laws: &Laws) -> Vec<(&str, String, &str)> {
    laws.corpus
        .documents
        .iter()
        .flat_map(|d| {
            d.passages
                .iter()
                .map(move |p| (d.title.as_str(), p.section.join(" > "), p.text.as_str()))
        })
        .collect()
}

/// A search whose total counts every passage occurrence that matches.
fn search_every_occurrence(laws: &Laws, needle: &str) -> search::Results {
    let options = SearchOptions {
        all_versions: true,
        limit: 1,
        ..SearchOptions::default()
    };
    search::search(&laws.index, needle, &options).unwrap()
}

#[test]
fn random_substrings_report_exactly_the_passages_containing_them() {
    let laws = laws();
    let passages = all_passages(laws);
    let mut rng = Lcg(20031110);
    let mut checked = 0;
    while checked < 40 {
        let (_, _, text) = &passages[rng.next(passages.len())];
        let chars: Vec<char> = text.chars().collect();
        let len = 2 + rng.next(3);
        if chars.len() < len {
            continue;
        }
        let start = rng.next(chars.len() - len + 1);
        let needle: String = chars[start..start + len].iter().collect();
        // Query syntax and special forms are not plain substrings.
        if needle.chars().any(|c| c.is_whitespace() || c == '"')
            || needle.starts_with('-')
            || needle.contains('第')
            || needle.contains("OR")
        {
            continue;
        }
        let folded = match_chars(&needle);
        let expected = passages
            .iter()
            .filter(|(title, section, text)| passage_contains(title, section, text, &folded))
            .count();
        let results = search_every_occurrence(laws, &needle);
        assert_eq!(results.mode, Mode::Exact, "{needle}");
        assert_eq!(results.total, expected, "total for {needle:?}");
        checked += 1;
    }
}

#[test]
fn single_characters_report_exactly_the_passages_containing_them() {
    // A character is found through the bigrams that begin with it; the last character of a
    // line begins only its pair with the line's end, so a title's last character is checked too.
    let laws = laws();
    let passages = all_passages(laws);
    let mut rng = Lcg(19491001);
    let mut needles: Vec<char> = Vec::new();
    while needles.len() < 12 {
        let (title, _, text) = &passages[rng.next(passages.len())];
        let chars: Vec<char> = text.chars().collect();
        let c = if needles.len().is_multiple_of(3) {
            title.chars().last().unwrap()
        } else {
            chars[rng.next(chars.len())]
        };
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) && c != '第' && !needles.contains(&c) {
            needles.push(c);
        }
    }
    // And a rare one.
    needles.push('彰');
    for c in needles {
        let needle = c.to_string();
        let expected = passages
            .iter()
            .filter(|(title, section, text)| passage_contains(title, section, text, &[c]))
            .count();
        let results = search_every_occurrence(laws, &needle);
        assert_eq!(results.total, expected, "total for {needle:?}");
    }
}

#[test]
fn a_law_name_starts_at_its_first_article() {
    let results = search::search(&laws().index, "反垄断法", &SearchOptions::default()).unwrap();
    let sections: Vec<&str> = results
        .hits
        .iter()
        .take(3)
        .map(|h| h.section.as_str())
        .collect();
    assert!(
        results
            .hits
            .iter()
            .take(3)
            .all(|h| h.title == "中华人民共和国反垄断法"),
        "{sections:?}"
    );
    assert!(
        sections[0].ends_with("第一条") && sections[1].ends_with("第二条"),
        "{sections:?}"
    );
}

#[test]
fn a_citation_of_a_law_whose_name_holds_a_di_goes_to_the_article() {
    let results = search::search(
        &laws().index,
        "《第五届全国人民代表大会常务委员会关于批准广东省经济特区条例的决议》第15条",
        &SearchOptions::default(),
    )
    .unwrap();
    assert_eq!(results.mode, Mode::Exact);
    let first = &results.hits[0];
    assert_eq!(
        first.title,
        "第五届全国人民代表大会常务委员会关于批准广东省经济特区条例的决议"
    );
    assert!(first.section.ends_with("第十五条"), "{}", first.section);
}
