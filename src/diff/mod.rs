//! Clause-by-clause comparison of two versions of a document.
//!
//! [`compare`] first aligns passages ([`align`]: same text, same heading path, then similarity,
//! so moved, renumbered, split and merged clauses find each other), then diffs each aligned pair
//! word by word ([`words`]: jieba words, edits merged into readable phrases). The signers and the
//! signing date take part as a last pseudo-passage, `落款`. The [`DiffReport`] serialises to the
//! `--json` shape; [`render_inline`], [`render_side_by_side`] and [`render_html`] print it.

mod align;
mod render;
mod text;
mod words;

use serde::Serialize;

use crate::model::{Date, Document, Passage};

pub use render::{render_html, render_inline, render_side_by_side};
pub use words::Piece;

/// Section name of the text before the first heading (a preamble has no heading path).
pub const PREAMBLE_SECTION: &str = "引言";

/// Section name of the signature block pseudo-passage (signers and signing date).
pub const SIGNATURE_SECTION: &str = "落款";

/// How to compare.
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    /// Drop edits that only touch punctuation or whitespace (`--ignore-punct`).
    pub ignore_punct: bool,
}

/// Which document a side of the report is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocRef {
    pub id: String,
    pub title: String,
    /// 成文日期, `YYYY-MM-DD`.
    pub written: Option<Date>,
}

/// Kind of edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    /// Text (or a whole passage) only in the new version.
    Insert,
    /// Text (or a whole passage) only in the old version.
    Delete,
    /// Text replaced by other text.
    Replace,
}

/// One change, named by its section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hunk {
    /// Heading path joined with ` > ` (the new version's, or the old one's for a removal).
    pub section: String,
    pub op: Op,
    /// Removed text, `""` for an insertion.
    pub old: String,
    /// Added text, `""` for a deletion.
    pub new: String,
    /// True when only punctuation or whitespace differs.
    pub punctuation_only: bool,
}

/// Passage counts of a comparison.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Aligned passages with at least one reported edit.
    pub changed: usize,
    /// Passages only in the new version.
    pub added: usize,
    /// Passages only in the old version.
    pub removed: usize,
    /// Aligned passages with no reported edit.
    pub unchanged: usize,
    /// Number of hunks.
    pub hunks: usize,
}

/// How an aligned pair of passages compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairStatus {
    Unchanged,
    Changed,
    Added,
    Removed,
}

/// Old and new passage(s) that correspond, with their word diff, for the renderers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlignedPair {
    /// Old heading path joined with ` > `; `None` for an added passage.
    pub old_section: Option<String>,
    /// New heading path joined with ` > `; `None` for a removed passage.
    pub new_section: Option<String>,
    /// The old text as compared (several passages joined by `\n` for a merge or split).
    pub old_text: String,
    pub new_text: String,
    pub status: PairStatus,
    /// The diff: equal and changed stretches (with `ignore_punct`, punctuation-only edits are
    /// shown as the new text). For an added or removed passage, one change of the whole text.
    pub pieces: Vec<Piece>,
}

impl AlignedPair {
    /// The section path this pair is reported under.
    pub fn section(&self) -> &str {
        self.new_section
            .as_deref()
            .or(self.old_section.as_deref())
            .unwrap_or_default()
    }
}

/// The result of [`compare`]. Serialises as `{"old", "new", "hunks", "stats"}`.
#[derive(Debug, Clone, Serialize)]
pub struct DiffReport {
    pub old: DocRef,
    pub new: DocRef,
    pub hunks: Vec<Hunk>,
    pub stats: Stats,
    /// Every aligned pair in reading order, unchanged ones included.
    #[serde(skip)]
    pub pairs: Vec<AlignedPair>,
}

/// A passage as compared: its path, its display text, and the text used for alignment.
struct Clause {
    path: Vec<String>,
    text: String,
    is_article: bool,
}

/// Compares two documents clause by clause.
pub fn compare(old: &Document, new: &Document, options: &DiffOptions) -> DiffReport {
    let old_clauses = clauses(old);
    let new_clauses = clauses(new);
    let units = |cs: &[Clause]| -> Vec<align::Unit> {
        cs.iter()
            .map(|c| align::Unit::new(&c.path, c.text.clone(), c.is_article))
            .collect()
    };
    let groups = align::align(&units(&old_clauses), &units(&new_clauses));
    let pairs: Vec<AlignedPair> = groups
        .iter()
        .map(|g| pair_of(g, &old_clauses, &new_clauses, options))
        .collect();
    let hunks: Vec<Hunk> = pairs.iter().flat_map(hunks_of).collect();
    let count = |s: PairStatus| pairs.iter().filter(|p| p.status == s).count();
    let stats = Stats {
        changed: count(PairStatus::Changed),
        added: count(PairStatus::Added),
        removed: count(PairStatus::Removed),
        unchanged: count(PairStatus::Unchanged),
        hunks: hunks.len(),
    };
    DiffReport {
        old: doc_ref(old),
        new: doc_ref(new),
        hunks,
        stats,
        pairs,
    }
}

fn doc_ref(doc: &Document) -> DocRef {
    DocRef {
        id: doc.id.clone(),
        title: doc.title.clone(),
        written: doc.written,
    }
}

/// The document's passages as clauses, plus the signature block.
fn clauses(doc: &Document) -> Vec<Clause> {
    let mut out: Vec<Clause> = doc.passages.iter().map(clause_of).collect();
    if let Some(signature) = signature_text(doc) {
        out.push(Clause {
            path: vec![SIGNATURE_SECTION.to_string()],
            text: signature,
            is_article: false,
        });
    }
    out
}

fn clause_of(passage: &Passage) -> Clause {
    let is_article = passage.article.is_some();
    let joined = text::join_wrapped(&passage.text);
    let text = if is_article {
        text::strip_article_label(&joined).to_string()
    } else {
        joined
    };
    // A preamble has no heading; it still needs a name to be reported under.
    let mut path: Vec<String> = passage
        .section
        .iter()
        .filter(|h| !h.trim().is_empty())
        .cloned()
        .collect();
    if path.is_empty() {
        path.push(PREAMBLE_SECTION.to_string());
    }
    Clause {
        path,
        text,
        is_article,
    }
}

/// Signers (one per line) and the signing date written the Chinese way (`2003年10月15日`).
fn signature_text(doc: &Document) -> Option<String> {
    let mut lines: Vec<String> = doc.signers.clone();
    if let Some(date) = doc.written {
        lines.push(format!("{}年{}月{}日", date.year, date.month, date.day));
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

fn joined_path(path: &[String]) -> String {
    path.join(" > ")
}

/// Diffs one aligned group.
fn pair_of(
    group: &align::Group,
    old: &[Clause],
    new: &[Clause],
    options: &DiffOptions,
) -> AlignedPair {
    let olds: Vec<&Clause> = group.old.iter().filter_map(|&k| old.get(k)).collect();
    let news: Vec<&Clause> = group.new.iter().filter_map(|&k| new.get(k)).collect();
    let section = |cs: &[&Clause]| cs.first().map(|c| joined_path(&c.path));
    let (old_section, new_section) = (section(&olds), section(&news));
    let (old_text, new_text) = (compared_text(&olds, &news), compared_text(&news, &olds));
    let (status, pieces) = match (olds.is_empty(), news.is_empty()) {
        (true, _) => (PairStatus::Added, vec![whole_change("", &new_text)]),
        (_, true) => (PairStatus::Removed, vec![whole_change(&old_text, "")]),
        _ => {
            let mut pieces = words::diff_words(&old_text, &new_text);
            if options.ignore_punct {
                pieces = hide_punctuation(pieces);
            }
            let changed = pieces.iter().any(|p| matches!(p, Piece::Change { .. }));
            (
                if changed {
                    PairStatus::Changed
                } else {
                    PairStatus::Unchanged
                },
                pieces,
            )
        }
    };
    AlignedPair {
        old_section,
        new_section,
        old_text,
        new_text,
        status,
        pieces,
    }
}

/// The text of one side of a group. When a 1:1 policy pair's own heading changed (`…力度。` →
/// `…力度`), the heading goes first so the change is diffed and reported like any other.
fn compared_text(side: &[&Clause], other: &[&Clause]) -> String {
    let body = side
        .iter()
        .map(|c| c.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    if let ([this], [that]) = (side, other)
        && !this.is_article
        && this.path.last() != that.path.last()
        && let Some(heading) = this.path.last()
    {
        return format!("{heading}\n{body}");
    }
    body
}

fn whole_change(old: &str, new: &str) -> Piece {
    Piece::Change {
        old: old.to_string(),
        new: new.to_string(),
        punctuation_only: false,
    }
}

/// Shows punctuation-only edits as the new text, joined to the unchanged text around them.
fn hide_punctuation(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for piece in pieces {
        let piece = match piece {
            Piece::Change {
                new,
                punctuation_only: true,
                ..
            } => Piece::Equal(new),
            other => other,
        };
        match (out.last_mut(), piece) {
            (Some(Piece::Equal(last)), Piece::Equal(t)) => last.push_str(&t),
            (_, Piece::Equal(t)) if t.is_empty() => {}
            (_, piece) => out.push(piece),
        }
    }
    out
}

/// The hunks of one pair: added and removed passages whole, otherwise one per edit.
fn hunks_of(pair: &AlignedPair) -> Vec<Hunk> {
    let section = pair.section().to_string();
    pair.pieces
        .iter()
        .filter_map(|piece| match piece {
            Piece::Equal(_) => None,
            Piece::Change {
                old,
                new,
                punctuation_only,
            } => Some(Hunk {
                section: section.clone(),
                op: match (old.is_empty(), new.is_empty()) {
                    (true, _) => Op::Insert,
                    (_, true) => Op::Delete,
                    _ => Op::Replace,
                },
                old: old.clone(),
                new: new.clone(),
                punctuation_only: *punctuation_only,
            }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passage(path: &[&str], text: &str) -> Passage {
        Passage {
            section: path.iter().map(|s| s.to_string()).collect(),
            text: text.to_string(),
            article: None,
        }
    }

    fn law_article(label: &str, number: &str, text: &str) -> Passage {
        Passage {
            section: vec!["第一章 总则".to_string(), label.to_string()],
            text: text.to_string(),
            article: Some(number.to_string()),
        }
    }

    fn doc(id: &str, passages: Vec<Passage>, written: Option<Date>) -> Document {
        Document {
            id: id.to_string(),
            title: format!("文件{id}"),
            passages,
            written,
            signers: vec!["上海市经济委员会".to_string()],
            ..Document::default()
        }
    }

    fn june() -> Document {
        doc(
            "june",
            vec![
                passage(
                    &["二、加强领导完善机制"],
                    "联席会议下设办公室，负责日常管理工作。其主要职责是统一部署。",
                ),
                passage(
                    &["四、广泛宣传注重培训", "（一）加大清洁生产的宣传力度。"],
                    "形成良好的社会氛围。",
                ),
                passage(
                    &["七、严格审核加强监督", "（一）认真开展审核工作。"],
                    "企业实施重大技改项目，必须通过清洁生产审核，新建项目应当进行环境影响评价。",
                ),
            ],
            Date::new(2003, 6, 30),
        )
    }

    fn october() -> Document {
        doc(
            "october",
            vec![
                passage(
                    &["二、加强领导完善机制"],
                    "联席会议下设办公室，负责日常管理工作。该办公室为非定编机构。其主要职责是统一部署。",
                ),
                passage(
                    &["四、广泛宣传注重培训", "（一）加大清洁生产的宣传力度"],
                    "形成良好的社会氛围。",
                ),
                passage(
                    &["七、严格审核加强监督", "（一）认真开展审核工作"],
                    "新建项目应当进行环境影响评价。",
                ),
                passage(&["十、加强交流开展合作"], "积极争取外资项目。"),
            ],
            Date::new(2003, 10, 15),
        )
    }

    #[test]
    fn added_sentence_is_one_insert_in_its_section() {
        let report = compare(&june(), &october(), &DiffOptions::default());
        let hunk = report
            .hunks
            .iter()
            .find(|h| h.new.contains("非定编机构"))
            .expect("insert reported");
        assert_eq!(hunk.op, Op::Insert);
        assert_eq!(hunk.new, "该办公室为非定编机构。");
        assert_eq!(hunk.section, "二、加强领导完善机制");
    }

    #[test]
    fn removed_clause_is_one_delete() {
        let report = compare(&june(), &october(), &DiffOptions::default());
        let hunk = report
            .hunks
            .iter()
            .find(|h| h.old.contains("重大技改"))
            .expect("delete reported");
        assert_eq!(
            (hunk.op, hunk.old.as_str()),
            (Op::Delete, "企业实施重大技改项目，必须通过清洁生产审核，")
        );
        assert_eq!(
            hunk.section,
            "七、严格审核加强监督 > （一）认真开展审核工作"
        );
    }

    #[test]
    fn heading_punctuation_is_a_punctuation_only_hunk_and_can_be_hidden() {
        let report = compare(&june(), &october(), &DiffOptions::default());
        let punct: Vec<_> = report.hunks.iter().filter(|h| h.punctuation_only).collect();
        assert!(
            punct
                .iter()
                .any(|h| h.old == "。" && h.section.ends_with("宣传力度")),
            "{punct:?}"
        );
        let hidden = compare(&june(), &october(), &DiffOptions { ignore_punct: true });
        assert!(hidden.hunks.iter().all(|h| !h.punctuation_only));
        assert_eq!(hidden.stats.unchanged, 1, "{:?}", hidden.stats);
    }

    #[test]
    fn signing_date_is_a_change_in_the_signature_block() {
        let report = compare(&june(), &october(), &DiffOptions::default());
        let hunk = report
            .hunks
            .iter()
            .find(|h| h.section == SIGNATURE_SECTION)
            .expect("date hunk");
        assert_eq!((hunk.old.as_str(), hunk.new.as_str()), ("6月30", "10月15"));
    }

    #[test]
    fn added_passage_is_reported_whole_and_counted() {
        let report = compare(&june(), &october(), &DiffOptions::default());
        let hunk = report
            .hunks
            .iter()
            .find(|h| h.op == Op::Insert && h.section.starts_with("十、"))
            .unwrap();
        assert_eq!(hunk.new, "积极争取外资项目。");
        assert_eq!(report.stats.added, 1);
        assert_eq!(report.stats.removed, 0);
        assert_eq!(report.stats.hunks, report.hunks.len());
    }

    #[test]
    fn renumbered_identical_articles_are_unchanged() {
        let old = doc(
            "a",
            vec![
                law_article("第一条", "1", "为了保护商标专用权，制定本法。"),
                law_article("第二条", "2", "国务院工商行政管理部门主管商标注册。"),
            ],
            None,
        );
        let new = doc(
            "b",
            vec![
                law_article("第一条", "1", "为了保护商标专用权，制定本法。"),
                law_article("第二条", "2", "申请注册和使用商标，应当遵循诚实信用原则。"),
                law_article("第三条", "3", "国务院工商行政管理部门主管商标注册。"),
            ],
            None,
        );
        let report = compare(&old, &new, &DiffOptions::default());
        assert_eq!(
            report.stats,
            Stats {
                changed: 0,
                added: 1,
                removed: 0,
                unchanged: 3,
                hunks: 1
            }
        );
        assert_eq!(report.hunks[0].op, Op::Insert);
        assert!(report.hunks[0].section.ends_with("第二条"));
    }

    #[test]
    fn json_has_the_documented_shape() {
        let report = compare(&june(), &october(), &DiffOptions::default());
        let json = serde_json::to_value(&report).unwrap();
        let keys: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["hunks", "new", "old", "stats"]);
        assert_eq!(json["old"]["written"], "2003-06-30");
        assert_eq!(json["new"]["id"], "october");
        let hunk = &json["hunks"][0];
        for key in ["section", "op", "old", "new", "punctuation_only"] {
            assert!(hunk.get(key).is_some(), "{hunk}");
        }
        assert!(["insert", "delete", "replace"].contains(&hunk["op"].as_str().unwrap()));
        for key in ["changed", "added", "removed", "unchanged", "hunks"] {
            assert!(json["stats"].get(key).is_some());
        }
    }

    #[test]
    fn preamble_without_heading_is_named() {
        let old = doc("a", vec![passage(&[], "现就本市提出如下实施意见：")], None);
        let new = doc(
            "b",
            vec![passage(
                &[],
                "为更好地贯彻，现结合本市实际，提出如下实施意见：",
            )],
            None,
        );
        let report = compare(&old, &new, &DiffOptions::default());
        assert!(!report.hunks.is_empty());
        assert!(
            report.hunks.iter().all(|h| h.section == PREAMBLE_SECTION),
            "{:?}",
            report.hunks
        );
    }

    #[test]
    fn empty_documents_compare_without_panicking() {
        let report = compare(
            &Document::default(),
            &Document::default(),
            &DiffOptions::default(),
        );
        assert!(report.hunks.is_empty());
        assert_eq!(report.stats, Stats::default());
    }

    mod property {
        use super::*;
        use proptest::prelude::*;

        fn passages() -> impl Strategy<Value = Vec<Passage>> {
            let text = "[清洁生产的和。，、“” \n1😀]{0,30}";
            let heading = "(一、|（二）|第三条)?[目标监督。]{0,4}";
            proptest::collection::vec(
                (heading, text, any::<bool>()).prop_map(|(h, t, article)| Passage {
                    section: vec![h.clone()],
                    text: t,
                    article: article.then_some(h),
                }),
                0..6,
            )
        }

        proptest! {
            #[test]
            fn any_documents_compare_and_render(old in passages(), new in passages(), ignore in any::<bool>()) {
                let report = compare(
                    &doc("a", old, Date::new(2003, 6, 30)),
                    &doc("b", new, None),
                    &DiffOptions { ignore_punct: ignore },
                );
                let s = &report.stats;
                prop_assert_eq!(s.changed + s.unchanged + s.added + s.removed, report.pairs.len());
                prop_assert_eq!(s.hunks, report.hunks.len());
                render_inline(&report, true);
                render_side_by_side(&report, 40, false);
                render_html(&report);
            }
        }
    }
}
