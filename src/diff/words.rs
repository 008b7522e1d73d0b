//! Word-level diff of two aligned passages, cleaned up so that a changed phrase is one edit.
//!
//! The texts are cut into jieba words and diffed as word sequences (Myers, from `similar`), so
//! an edit never ends inside a word. A raw word diff scatters a rewritten phrase into many small
//! edits around the words it happens to share (`的`, `全国`), so edits are then merged across
//! short unchanged runs, in the spirit of diff-match-patch's semantic cleanup, but never across a
//! clause mark (`，。；：`): an unchanged clause or sentence is never part of an edit. Finally the
//! characters an edit's two sides share at its ends are given back to the unchanged text
//! (`机构` → `中介机构` becomes an insertion of `中介`).

use std::ops::Range;

use similar::{Algorithm, DiffTag, capture_diff_slices};

use super::text::{is_clause_end, strip_punct};
use crate::segment::jieba;

/// Unchanged text of at most this many characters between two edits joins them into one.
const MERGE_GAP: usize = 6;
/// The same for edits that only touch punctuation (quotation marks around a list of names).
const PUNCT_MERGE_GAP: usize = 12;

/// One stretch of an aligned passage: unchanged text, or an edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Text present in both versions.
    Equal(String),
    /// Text removed (`old`) and added (`new`) at one place; one side may be empty.
    Change {
        old: String,
        new: String,
        /// True when the two sides differ only in punctuation and whitespace.
        punctuation_only: bool,
    },
}

/// An edit as ranges of word indexes into the old and new word lists.
#[derive(Debug, Clone)]
struct Region {
    old: Range<usize>,
    new: Range<usize>,
}

/// Diffs two texts word by word and returns the pieces of the new text's view: concatenating
/// the `Equal` texts with the `old` sides gives `old`, with the `new` sides gives `new`.
pub fn diff_words(old: &str, new: &str) -> Vec<Piece> {
    let old_words = words(old);
    let new_words = words(new);
    let mut regions = raw_regions(&old_words, &new_words);
    let words = Words {
        old: &old_words,
        new: &new_words,
    };
    regions = merge_substantive(regions, &words);
    regions = merge_punctuation(regions, &words);
    to_pieces(&regions, &words)
}

/// The jieba words of a text; concatenated they give the text back.
fn words(text: &str) -> Vec<&str> {
    jieba()
        .cut(text, false)
        .into_iter()
        .map(|t| t.word)
        .collect()
}

struct Words<'a, 'b> {
    old: &'a [&'b str],
    new: &'a [&'b str],
}

impl Words<'_, '_> {
    fn old_text(&self, range: Range<usize>) -> String {
        self.old.get(range).unwrap_or_default().concat()
    }

    fn new_text(&self, range: Range<usize>) -> String {
        self.new.get(range).unwrap_or_default().concat()
    }

    fn is_punct_only(&self, region: &Region) -> bool {
        strip_punct(&self.old_text(region.old.clone()))
            == strip_punct(&self.new_text(region.new.clone()))
    }

    /// The larger side of an edit, in characters.
    fn size(&self, region: &Region) -> usize {
        let old = self.old_text(region.old.clone()).chars().count();
        let new = self.new_text(region.new.clone()).chars().count();
        old.max(new)
    }

    fn has_clause_end(&self, region: &Region) -> bool {
        self.old_text(region.old.clone()).chars().any(is_clause_end)
            || self.new_text(region.new.clone()).chars().any(is_clause_end)
    }

    /// Byte offsets of word boundaries inside a range of old or new words, from its start.
    fn boundaries(words: &[&str], range: Range<usize>) -> Vec<usize> {
        let mut at = 0;
        let mut out = vec![0];
        for word in words.get(range).unwrap_or_default() {
            at += word.len();
            out.push(at);
        }
        out
    }

    /// Whether the text between two edits is short enough, and inside one clause, to join them.
    fn can_join(&self, first: &Region, second: &Region, limit: usize) -> bool {
        // An edit that adds or removes a whole clause reads best on its own.
        if self.has_clause_end(first) || self.has_clause_end(second) {
            return false;
        }
        let old_gap = self.old_text(first.old.end..second.old.start);
        let new_gap = self.new_text(first.new.end..second.new.start);
        if old_gap.chars().any(is_clause_end) || new_gap.chars().any(is_clause_end) {
            return false;
        }
        let gap = old_gap.chars().count().max(new_gap.chars().count());
        gap <= limit || gap <= self.size(first).max(self.size(second))
    }
}

/// The edits of a plain word diff, adjacent deletes and inserts already together.
fn raw_regions(old: &[&str], new: &[&str]) -> Vec<Region> {
    let mut regions: Vec<Region> = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, old, new) {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            continue;
        }
        match regions.last_mut() {
            Some(last) if last.old.end == old_range.start && last.new.end == new_range.start => {
                last.old.end = old_range.end;
                last.new.end = new_range.end;
            }
            _ => regions.push(Region {
                old: old_range,
                new: new_range,
            }),
        }
    }
    regions
}

/// Joins substantive edits across short unchanged runs; punctuation-only edits between them are
/// swallowed by the join.
fn merge_substantive(regions: Vec<Region>, words: &Words) -> Vec<Region> {
    let mut out: Vec<Region> = Vec::new();
    let mut last_substantive: Option<usize> = None;
    for region in regions {
        if words.is_punct_only(&region) {
            out.push(region);
            continue;
        }
        if let Some(k) = last_substantive
            && words.can_join(&out[k], &region, MERGE_GAP)
        {
            out.truncate(k + 1);
            out[k].old.end = region.old.end;
            out[k].new.end = region.new.end;
            continue;
        }
        out.push(region);
        last_substantive = Some(out.len() - 1);
    }
    out
}

/// Joins neighbouring punctuation-only edits (`“` … `”、“` … `”`) into one.
fn merge_punctuation(regions: Vec<Region>, words: &Words) -> Vec<Region> {
    let mut out: Vec<Region> = Vec::new();
    for region in regions {
        if let Some(last) = out.last_mut()
            && words.is_punct_only(last)
            && words.is_punct_only(&region)
            && words.can_join(last, &region, PUNCT_MERGE_GAP)
        {
            last.old.end = region.old.end;
            last.new.end = region.new.end;
            continue;
        }
        out.push(region);
    }
    out
}

/// Turns edits into pieces, trimming the characters both sides of an edit share at its ends.
fn to_pieces(regions: &[Region], words: &Words) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut old_at = 0;
    for region in regions {
        push_equal(&mut pieces, words.old_text(old_at..region.old.start));
        let old = words.old_text(region.old.clone());
        let new = words.new_text(region.new.clone());
        let cuts = Cuts {
            old: Words::boundaries(words.old, region.old.clone()),
            new: Words::boundaries(words.new, region.new.clone()),
        };
        let (prefix, old_mid, new_mid, suffix) = trim_common(&old, &new, &cuts);
        push_equal(&mut pieces, prefix.to_string());
        if old_mid != new_mid {
            pieces.push(Piece::Change {
                punctuation_only: strip_punct(old_mid) == strip_punct(new_mid),
                old: old_mid.to_string(),
                new: new_mid.to_string(),
            });
        } else {
            push_equal(&mut pieces, old_mid.to_string());
        }
        push_equal(&mut pieces, suffix.to_string());
        old_at = region.old.end;
    }
    push_equal(&mut pieces, words.old_text(old_at..words.old.len()));
    pieces
}

/// Appends unchanged text, joining it to a preceding unchanged piece.
fn push_equal(pieces: &mut Vec<Piece>, text: String) {
    if text.is_empty() {
        return;
    }
    match pieces.last_mut() {
        Some(Piece::Equal(last)) => last.push_str(&text),
        _ => pieces.push(Piece::Equal(text)),
    }
}

/// Word boundaries (byte offsets) inside the two sides of an edit.
struct Cuts {
    old: Vec<usize>,
    new: Vec<usize>,
}

impl Cuts {
    /// A cut `prefix` bytes from the start (or, with `from_end`, before the end) is allowed when
    /// it falls between words on at least one side: `机构` → `中介机构` may become an insertion
    /// of `中介`, but `理念` → `先进观念` must not become `理` → `先进观`.
    fn allows(&self, bytes: usize, old_len: usize, new_len: usize, from_end: bool) -> bool {
        let (old_at, new_at) = if from_end {
            (old_len.wrapping_sub(bytes), new_len.wrapping_sub(bytes))
        } else {
            (bytes, bytes)
        };
        bytes == 0 || self.old.contains(&old_at) || self.new.contains(&new_at)
    }
}

/// Splits two strings into (common prefix, old middle, new middle, common suffix) on char
/// boundaries, cutting only where [`Cuts::allows`].
fn trim_common<'a>(
    old: &'a str,
    new: &'a str,
    cuts: &Cuts,
) -> (&'a str, &'a str, &'a str, &'a str) {
    let common_ends = |pairs: &mut dyn Iterator<Item = (char, char)>| -> Vec<usize> {
        let mut at = 0;
        let mut ends = vec![0];
        for (a, b) in pairs {
            if a != b {
                break;
            }
            at += a.len_utf8();
            ends.push(at);
        }
        ends
    };
    let prefix = common_ends(&mut old.chars().zip(new.chars()))
        .into_iter()
        .rev()
        .find(|&p| cuts.allows(p, old.len(), new.len(), false))
        .unwrap_or(0);
    let (old_rest, new_rest) = (&old[prefix..], &new[prefix..]);
    let suffix = common_ends(&mut old_rest.chars().rev().zip(new_rest.chars().rev()))
        .into_iter()
        .rev()
        .find(|&s| cuts.allows(s, old.len(), new.len(), true))
        .unwrap_or(0);
    (
        &old[..prefix],
        &old_rest[..old_rest.len() - suffix],
        &new_rest[..new_rest.len() - suffix],
        &old_rest[old_rest.len() - suffix..],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(old: &str, new: &str) -> Vec<(String, String)> {
        diff_words(old, new)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Change { old, new, .. } => Some((old, new)),
                Piece::Equal(_) => None,
            })
            .collect()
    }

    fn pair(old: &str, new: &str) -> (String, String) {
        (old.to_string(), new.to_string())
    }

    /// Rebuilds both sides from the pieces: nothing may be lost or duplicated.
    fn assert_round_trip(old: &str, new: &str) {
        let pieces = diff_words(old, new);
        let (mut a, mut b) = (String::new(), String::new());
        for piece in &pieces {
            match piece {
                Piece::Equal(t) => {
                    a.push_str(t);
                    b.push_str(t);
                }
                Piece::Change { old, new, .. } => {
                    a.push_str(old);
                    b.push_str(new);
                }
            }
        }
        assert_eq!((a.as_str(), b.as_str()), (old, new), "{pieces:?}");
    }

    #[test]
    fn rewritten_phrase_is_one_edit() {
        let old = "使上海主要环境质量指标达到或超过全国平均水平。到2007年";
        let new = "使上海总体环境质量处于全国大城市先进水平。到2007年";
        let found = changes(old, new);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].0.contains("主要环境质量指标达到或超过全国平均"),
            "{found:?}"
        );
        assert!(
            found[0].1.contains("总体环境质量处于全国大城市先进"),
            "{found:?}"
        );
        assert_round_trip(old, new);
    }

    #[test]
    fn swapped_characters_are_one_edit() {
        let found = changes("控制并减少饮餐服务业", "控制并减少餐饮服务业");
        assert_eq!(found, vec![pair("饮餐", "餐饮")]);
    }

    #[test]
    fn shared_word_ends_are_not_part_of_the_edit() {
        let found = changes(
            "要充分发挥有资质的清洁生产审核机构作用",
            "要充分发挥清洁生产审核中介机构作用",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].0.starts_with("有资质的") && found[0].1.ends_with("中介"),
            "{found:?}"
        );
    }

    #[test]
    fn unchanged_clauses_stay_out_of_edits() {
        let old = "甲方负责组织，乙方负责监督。丙方负责研究。";
        let new = "甲方牵头组织，乙方负责监督。丙方负责开发。";
        let found = changes(old, new);
        assert!(
            found
                .iter()
                .all(|(o, n)| !o.contains("乙方") && !n.contains("乙方")),
            "{found:?}"
        );
        assert_eq!(found.len(), 2, "{found:?}");
    }

    #[test]
    fn added_quotation_marks_are_punctuation_only() {
        let pieces = diff_words(
            "与6·5世界环境日、节能宣传周等活动",
            "与“6·5世界环境日”、“节能宣传周”等活动",
        );
        let edits: Vec<_> = pieces
            .iter()
            .filter(|p| matches!(p, Piece::Change { .. }))
            .collect();
        assert_eq!(edits.len(), 1, "{pieces:?}");
        assert!(matches!(
            edits[0],
            Piece::Change {
                punctuation_only: true,
                ..
            }
        ));
    }

    #[test]
    fn edits_are_not_trimmed_inside_a_word() {
        let found = changes(
            "把国外清洁生产的理念、技术",
            "把国外清洁生产的先进观念、技术",
        );
        assert_eq!(found, vec![pair("理念", "先进观念")]);
    }

    #[test]
    fn removed_clause_stays_apart_from_a_nearby_word_change() {
        let old = "企业实施重大技改项目，必须通过清洁生产审核，新建、改建和扩建项目应当进行评价。";
        let new = "企业新建、改建或扩建项目应当进行评价。";
        let found = changes(old, new);
        assert_eq!(
            found,
            vec![
                pair("实施重大技改项目，必须通过清洁生产审核，", ""),
                pair("和", "或")
            ]
        );
    }

    #[test]
    fn identical_texts_have_no_edits() {
        assert_eq!(
            diff_words("相同的文字。", "相同的文字。"),
            vec![Piece::Equal("相同的文字。".into())]
        );
        assert!(diff_words("", "").is_empty());
    }

    #[test]
    fn pieces_rebuild_both_sides() {
        assert_round_trip(
            "由上海市推进清洁生产办公室协调",
            "由市推进清洁生产办公室协调有关部门",
        );
        assert_round_trip("", "新增");
        assert_round_trip("删除", "");
        assert_round_trip("a😀b。c", "a😃b，c");
    }

    mod property {
        use super::*;
        use proptest::prelude::*;

        /// Text drawn from characters that stress the diff: CJK, full-width and ASCII
        /// punctuation, wrap spaces, newlines, digits and 4-byte characters.
        fn text() -> impl Strategy<Value = String> {
            proptest::collection::vec(
                prop::sample::select(vec![
                    '清', '洁', '生', '产', '的', '和', '。', '，', '、', '“', '”', ' ', '\n', '1',
                    'a', '😀', '\u{3000}',
                ]),
                0..40,
            )
            .prop_map(|chars| chars.into_iter().collect())
        }

        proptest! {
            #[test]
            fn any_texts_diff_without_panicking_and_rebuild(old in text(), new in text()) {
                assert_round_trip(&old, &new);
            }
        }
    }
}
