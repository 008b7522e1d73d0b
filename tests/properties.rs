//! Bounded property tests over the entry points the fuzz targets in `fuzz/` exercise, small
//! enough to run in CI on every change: random input never panics, every reported offset
//! slices the text it points into, and cleaning is idempotent.
//!
//! Inputs are built from fragments of real policy text (headings, dates, document numbers,
//! brackets, full-width forms, markup) mixed with arbitrary characters, so the random strings
//! reach the interesting branches instead of only the "no Chinese here" ones.

use proptest::prelude::*;
use zhengce::clean::clean;
use zhengce::ingest::html::extract;
use zhengce::ingest::page::to_document;
use zhengce::ingest::source::documents;
use zhengce::ingest::text::documents_from_text;
use zhengce::meta::{canonical_doc_no, find_dates, parse_date, parse_doc_no};
use zhengce::search::highlight::{find, snippet};
use zhengce::search::{parse_citation, query};
use zhengce::tokenize;

/// Pieces of 公文 and law text that steer the cleaner, structurer and parsers.
const FRAGMENTS: &[&str] = &[
    "关于",
    "的通知",
    "实施意见",
    "中华人民共和国",
    "清洁生产促进法",
    "第一章",
    " 总则",
    "第二节",
    "第一条",
    "第十一条之一",
    "第1254条",
    "　",
    " ",
    "\n",
    "\r\n",
    "\t",
    "。",
    "；",
    "：",
    "，",
    "一、",
    "（二）",
    "3.",
    "沪府办发",
    "〔2003〕",
    "[2003]",
    "（2003）",
    "41号",
    "第41号",
    "二○○三年十月十五日",
    "2003年11月11日",
    "2003-11-10",
    "2003.1.5",
    "２００３年",
    "元月",
    "廿",
    "卅",
    "上海市人民政府办公厅",
    "主题词：",
    "抄送：",
    "印发",
    "（共印100份）",
    "发文字号：",
    "成文日期：",
    "\"",
    "-",
    "OR",
    "《",
    "》",
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<meta ",
    "name=\"ArticleTitle\" content=\"",
    "<table><tr><td>",
    "<!--",
    "-->",
    "<script>",
    "&nbsp;",
    "\u{feff}",
    "\u{200b}",
    "\u{0}",
    "ＩＳＯ",
    "14001",
    "定编",
    "非定编机构",
    "市经委",
];

/// A string of fragments and arbitrary characters.
fn policy_text(max_parts: usize) -> impl Strategy<Value = String> {
    let part = prop_oneof![
        3 => proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
        1 => "[一-龥]{1,12}",
    ];
    proptest::collection::vec(part, 0..max_parts).prop_map(|parts| parts.concat())
}

/// The characters of `text` in a character range.
fn char_slice(text: &str, range: &std::ops::Range<usize>) -> String {
    text.chars()
        .skip(range.start)
        .take(range.end - range.start)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn cleaning_is_idempotent(text in policy_text(60)) {
        let once = clean(&text);
        prop_assert_eq!(clean(&once), once);
    }

    #[test]
    fn structuring_never_panics_and_keeps_text(text in policy_text(60)) {
        for document in documents_from_text(&text, "prop.txt") {
            prop_assert!(!document.id.is_empty());
            for passage in &document.passages {
                prop_assert!(!passage.text.trim().is_empty(), "empty passage in {:?}", document.id);
            }
        }
    }

    #[test]
    fn raw_bytes_of_any_format_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        for name in ["x.txt", "x.jsonl", "x.html"] {
            let _ = documents(name, &bytes, None);
        }
    }

    #[test]
    fn raw_policy_text_of_any_format_never_panics(text in policy_text(60)) {
        for name in ["x.txt", "x.jsonl", "x.html"] {
            let _ = documents(name, text.as_bytes(), None);
        }
    }

    #[test]
    fn html_extraction_never_panics(html in policy_text(80)) {
        let base = "https://www.gov.cn/zhengce/content/a/b.htm";
        let page = extract(&html, Some(base));
        let _ = to_document(&page, "prop.html", Some(base));
    }

    #[test]
    fn query_parsing_never_panics(text in policy_text(12)) {
        if let Ok(parsed) = query::parse(&text) {
            prop_assert!(parsed.clauses.iter().any(|c| !c.negated));
            prop_assert!(parsed.clauses.iter().all(|c| !c.alternatives.is_empty()));
        }
        if let Some(citation) = parse_citation(&text) {
            prop_assert!(citation.law.chars().count() >= 2);
        }
    }

    #[test]
    fn found_dates_slice_the_text(text in policy_text(30)) {
        let _ = parse_date(&text);
        for (range, date) in find_dates(&text) {
            let found = text.get(range.clone());
            prop_assert!(found.is_some(), "{:?} does not slice {:?}", range, text);
            prop_assert_eq!(parse_date(found.unwrap_or_default()), Some(date));
        }
    }

    #[test]
    fn canonical_doc_numbers_are_fixed_points(text in policy_text(12)) {
        let _ = parse_doc_no(&text);
        if let Some(canonical) = canonical_doc_no(&text) {
            prop_assert_eq!(canonical_doc_no(&canonical), Some(canonical.clone()));
        }
    }

    #[test]
    fn highlights_slice_the_text(
        text in policy_text(40),
        needles in proptest::collection::vec(policy_text(3), 0..4),
        width in 0usize..120,
    ) {
        let count = text.chars().count();
        let ranges = find(&text, &needles);
        for pair in ranges.windows(2) {
            prop_assert!(pair[0].end < pair[1].start, "unmerged ranges {:?}", pair);
        }
        for range in &ranges {
            prop_assert!(range.start < range.end && range.end <= count);
            prop_assert!(!char_slice(&text, range).trim().is_empty());
        }
        let snip = snippet(&text, &ranges, width);
        let window = snip.text.chars().count();
        prop_assert!(window <= width);
        for range in &snip.highlights {
            prop_assert!(range.start < range.end && range.end <= window);
        }
    }

    #[test]
    fn token_offsets_are_char_boundaries(text in policy_text(30)) {
        for token in tokenize::words(&text) {
            let word = text.get(token.offset_from..token.offset_to);
            prop_assert!(word.is_some(), "{:?}", token);
            prop_assert_eq!(tokenize::fold(word.unwrap_or_default()), token.text);
        }
    }
}
