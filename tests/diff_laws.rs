//! Two versions of a real law (中华人民共和国商标法, the 2019 历史版本 against the 现行有效 text):
//! articles were inserted, so most numbers shift; an article whose text did not change must be
//! reported unchanged whatever its new number, and an inserted article is an insert.

use zhengce::diff::{AlignedPair, DiffOptions, DiffReport, Op, PairStatus, compare};
use zhengce::model::Document;

const LAWS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench/laws.jsonl");
const TITLE: &str = "中华人民共和国商标法";

/// The historical and the current trademark law.
fn versions() -> (Document, Document) {
    let text = std::fs::read_to_string(LAWS).unwrap_or_else(|e| panic!("reading {LAWS}: {e}"));
    let (documents, _line_errors) =
        zhengce::ingest::jsonl::documents_from_jsonl(&text, "laws.jsonl");
    let pick = |status: &str| {
        documents
            .iter()
            .find(|d| d.title == TITLE && d.status.as_deref() == Some(status))
            .cloned()
            .unwrap_or_else(|| panic!("no {status} {TITLE}"))
    };
    (pick("历史版本"), pick("现行有效"))
}

/// An article's text without its label and whitespace, for finding identical articles.
fn body(text: &str) -> String {
    let text = text.trim_start();
    let text = match (text.starts_with('第'), text.find('条')) {
        (true, Some(at)) if at <= 30 => &text[at + '条'.len_utf8()..],
        _ => text,
    };
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn label(doc: &Document, index: usize) -> String {
    doc.passages[index]
        .section
        .last()
        .cloned()
        .unwrap_or_default()
}

fn pair_for<'a>(report: &'a DiffReport, new_section_end: &str) -> Option<&'a AlignedPair> {
    report.pairs.iter().find(|p| {
        p.new_section
            .as_deref()
            .is_some_and(|s| s.ends_with(new_section_end))
    })
}

#[test]
fn renumbered_but_unchanged_articles_are_unchanged() {
    let (old, new) = versions();
    let report = compare(&old, &new, &DiffOptions::default());
    let mut renumbered = 0;
    for (j, passage) in new.passages.iter().enumerate() {
        let Some(i) = old
            .passages
            .iter()
            .position(|p| body(&p.text) == body(&passage.text))
        else {
            continue;
        };
        let (old_label, new_label) = (label(&old, i), label(&new, j));
        if old_label == new_label {
            continue;
        }
        renumbered += 1;
        let pair = pair_for(&report, &format!(" > {new_label}")).expect("article is reported");
        assert_eq!(
            pair.status,
            PairStatus::Unchanged,
            "{old_label} → {new_label}: {pair:#?}"
        );
        assert!(
            pair.old_section
                .as_deref()
                .is_some_and(|s| s.ends_with(&old_label)),
            "{pair:#?}"
        );
    }
    assert!(
        renumbered >= 10,
        "only {renumbered} renumbered identical articles found"
    );
    assert!(report.stats.unchanged >= renumbered, "{:?}", report.stats);
}

#[test]
fn inserted_articles_are_whole_inserts() {
    let (old, new) = versions();
    let report = compare(&old, &new, &DiffOptions::default());
    for (article, text) in [
        ("第三条", "商标工作应当贯彻党和国家知识产权战略部署"),
        (
            "第十三条",
            "国务院商标管理部门加强信息化、智能化商标公共服务体系建设",
        ),
    ] {
        let hunk = report
            .hunks
            .iter()
            .find(|h| h.section.ends_with(article) && h.new.contains(text))
            .unwrap_or_else(|| panic!("{article} not reported"));
        assert_eq!((hunk.op, hunk.old.as_str()), (Op::Insert, ""), "{hunk:#?}");
        let whole = new
            .passages
            .iter()
            .find(|p| p.text.contains(text))
            .map(|p| body(&p.text));
        assert_eq!(
            Some(body(&hunk.new)),
            whole,
            "the whole article is the insert"
        );
    }
    assert!(report.stats.added >= 10, "{:?}", report.stats);
}

#[test]
fn edited_articles_keep_their_shared_text_out_of_hunks() {
    let (old, new) = versions();
    let report = compare(&old, &new, &DiffOptions::default());
    // 第二十四条 (old 第三十二条): only 在先权利 → 合法权益 and 以不正当手段 → 故意 changed.
    let pair = pair_for(&report, "第二十四条").expect("article 24 aligned");
    assert_eq!(pair.status, PairStatus::Changed);
    let changes: Vec<(&str, &str)> = pair
        .pieces
        .iter()
        .filter_map(|p| match p {
            zhengce::diff::Piece::Change { old, new, .. } => Some((old.as_str(), new.as_str())),
            zhengce::diff::Piece::Equal(_) => None,
        })
        .collect();
    assert_eq!(changes, [("权利", "合法权益"), ("以不正当手段", "故意")]);
}
