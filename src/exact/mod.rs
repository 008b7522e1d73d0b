//! Exact, grep-like matching: which index documents contain a text verbatim.
//!
//! A term matches a passage when it occurs verbatim (folded, whitespace ignored) in the
//! passage, its section headings or its document's title. jieba's words cannot say that (a
//! query may sit inside a longer word: `定编` in `非定编机构`), so each index segment carries a
//! component of its own, written and merged by tantivy like its other files ([`plugin`]):
//!
//! - the folded **text** of every line of its documents (title, section path, passage,
//!   agency), each stored once: consecutive documents of one passage run share their title and
//!   section line, which owns a range of document ids;
//! - a **bigram table**: for every character, the pair it forms with the next one (or with
//!   the end of its line) and the byte positions where that pair occurs, ascending, stored as
//!   varint gaps (a byte or two for most).
//!
//! A search looks up the rarest bigram of the needle and checks the text at each of its
//! positions ([`SegmentLines::matching_lines`]), so it is exact without positional postings.
//! Positional bigram postings in tantivy gave the same answers but cost about 40% of the
//! index build (they index every character twice over); sorting this table is a few
//! linear passes.
//!
//! Line breaks inside a text (paragraphs of a passage) end a line of the table: no match
//! crosses them, nor from a title into a passage.

pub mod plugin;
pub mod query;

use std::io::{self, Write};

/// The file extension of the component in a segment.
pub const EXTENSION: &str = "exact";

/// The component as tantivy names it in a segment.
fn component() -> tantivy::index::SegmentComponent {
    tantivy::index::SegmentComponent::Custom(EXTENSION.to_string())
}

/// Version tag at the start of the component.
const MAGIC: &[u8; 4] = b"ZCX1";

/// Where a line of text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum LineKind {
    Title = 0,
    Section = 1,
    Passage = 2,
    Agency = 3,
}

impl LineKind {
    /// How many kinds there are.
    const COUNT: usize = 4;

    /// The bit of this kind in a [`KindSet`].
    const fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// A set of line kinds a search looks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindSet(u8);

impl KindSet {
    /// What a query term matches: title, headings and passage text.
    pub const SEARCHABLE: KindSet =
        KindSet(LineKind::Title.bit() | LineKind::Section.bit() | LineKind::Passage.bit());
    pub const TITLE: KindSet = KindSet(LineKind::Title.bit());
    pub const AGENCY: KindSet = KindSet(LineKind::Agency.bit());

    pub fn contains(self, kind: u8) -> bool {
        kind < 8 && self.0 & (1 << kind) != 0
    }
}

/// The folded form of a needle, as lines are stored: folded characters without whitespace.
pub fn needle(text: &str) -> String {
    crate::tokenize::match_char_iter(text).collect()
}

/// Appends the folded form of one text to `out`, paragraph by paragraph: each paragraph
/// folded exactly as a needle is ([`needle`]), empty ones dropped, one `\n` between the others.
/// Returns the number of characters added.
fn fold_into(text: &str, out: &mut String) -> usize {
    let mut added = 0;
    for paragraph in text.split('\n') {
        let mut chars = crate::tokenize::match_char_iter(paragraph).peekable();
        if chars.peek().is_none() {
            continue;
        }
        if added > 0 {
            out.push('\n');
            added += 1;
        }
        for c in chars {
            out.push(c);
            added += 1;
        }
    }
    added
}

/// Collects the lines of one segment's documents, in document order.
#[derive(Default)]
pub struct LinesBuilder {
    /// Folded lines, each ending in `\n`.
    text: String,
    starts: Vec<u32>,
    /// Document ids `[from, to)` each line belongs to.
    docs: Vec<(u32, u32)>,
    kinds: Vec<u8>,
    /// The last line of each kind, which the next document extends if its text is the same.
    last: [Option<usize>; LineKind::COUNT],
    /// Characters in `text`.
    chars: usize,
    scratch: String,
}

impl LinesBuilder {
    /// Adds `text` as a line of `kind` of document `doc` (ids arrive in increasing order).
    pub fn add(&mut self, kind: LineKind, text: &str, doc: u32) {
        let mut folded = std::mem::take(&mut self.scratch);
        folded.clear();
        let chars = fold_into(text, &mut folded);
        if !folded.is_empty() && !self.extends_last(kind, &folded, doc) {
            self.chars += chars + 1;
            self.starts.push(self.text.len() as u32);
            self.text.push_str(&folded);
            self.text.push('\n');
            self.docs.push((doc, doc + 1));
            self.kinds.push(kind as u8);
            self.last[kind as usize] = Some(self.starts.len() - 1);
        }
        self.scratch = folded;
    }

    /// Lets the previous document's line of this kind cover `doc` too when the text is the
    /// same: a title is stored once for all the passages that follow it, not once each.
    fn extends_last(&mut self, kind: LineKind, folded: &str, doc: u32) -> bool {
        let Some(line) = self.last[kind as usize] else {
            return false;
        };
        let start = self.starts[line] as usize;
        let end = self
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |&s| s as usize);
        let same = &self.text[start..end - 1] == folded;
        if same && self.docs[line].1 == doc {
            self.docs[line].1 = doc + 1;
            return true;
        }
        same && self.docs[line].1 > doc
    }

    /// Bytes held, and needed to write the segment, for the indexing memory budget: tantivy
    /// closes a segment when its writers reach the budget, and [`BigramTable::of`] needs 12
    /// bytes a character on top of the text while it sorts, so counting that too keeps the
    /// build's peak memory within the budget.
    pub fn mem_usage(&self) -> usize {
        self.text.capacity() + self.starts.capacity() * 13 + self.chars * 12
    }

    /// Writes the component: header, bigram table, lines, text (all integers little-endian).
    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        if self.text.len() > u32::MAX as usize {
            return Err(io::Error::other("a segment's text exceeds 4 GiB"));
        }
        let table = BigramTable::of(&self.text);
        let (positions, ends) = table.encoded_positions();
        out.write_all(MAGIC)?;
        for count in [
            table.keys.len(),
            positions.len(),
            self.starts.len(),
            self.text.len(),
        ] {
            out.write_all(&(count as u32).to_le_bytes())?;
        }
        write_u32s(
            out,
            table
                .keys
                .iter()
                .flat_map(|&(first, second)| [first, second]),
        )?;
        write_u32s(out, ends.into_iter())?;
        out.write_all(&positions)?;
        write_u32s(out, self.starts.iter().copied())?;
        write_u32s(out, self.docs.iter().flat_map(|&(from, to)| [from, to]))?;
        out.write_all(&self.kinds)?;
        out.write_all(self.text.as_bytes())
    }
}

/// Writes integers little-endian through a small buffer (the tables are tens of megabytes;
/// a copy of them as bytes would double the memory a segment needs while it is written).
fn write_u32s(out: &mut impl Write, values: impl Iterator<Item = u32>) -> io::Result<()> {
    const BUFFER: usize = 64 * 1024;
    let mut buffer = Vec::with_capacity(BUFFER + 4);
    for value in values {
        buffer.extend_from_slice(&value.to_le_bytes());
        if buffer.len() >= BUFFER {
            out.write_all(&buffer)?;
            buffer.clear();
        }
    }
    out.write_all(&buffer)
}

/// Appends `value` as a LEB128 varint: seven bits a byte, low bits first.
fn push_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Reads the varints of `bytes` as gaps from 0 and yields the running sums. A truncated or
/// damaged run ends early or yields odd numbers, never reads past `bytes`.
fn gaps_summed(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let mut at = 0;
    let mut sum = 0u32;
    std::iter::from_fn(move || {
        let mut value = 0u32;
        let mut shift = 0;
        loop {
            let byte = *bytes.get(at)?;
            at += 1;
            value |= u32::from(byte & 0x7F).checked_shl(shift).unwrap_or(0);
            shift += 7;
            if byte & 0x80 == 0 {
                break;
            }
        }
        sum = sum.wrapping_add(value);
        Some(sum)
    })
}

/// Every bigram of a text and where it occurs; see the module docs.
struct BigramTable {
    /// Sorted `(first, second)` characters; `second` is 0 at the end of a line.
    keys: Vec<(u32, u32)>,
    /// End of each key's run in `positions` (its start is the previous key's end).
    ends: Vec<u32>,
    /// Byte positions of each key's first character, ascending within a key.
    positions: Vec<u32>,
}

impl BigramTable {
    /// Builds the table of `text` (folded lines, each ending in `\n`). Characters get dense
    /// ids in character order, so two stable counting sorts (by the second id, then by the
    /// first) order the pairs by character and keep positions ascending within each pair:
    /// linear time, where a comparison sort of millions of pairs was the slow part. Each
    /// pass reads its input in order, carrying what the next pass needs in the items.
    fn of(text: &str) -> BigramTable {
        const END: u32 = 0;
        let mut id_of = vec![0u32; char::MAX as usize + 1];
        for c in text.chars() {
            id_of[c as usize] = 1;
        }
        id_of['\n' as usize] = END;
        let mut char_of = vec![END];
        for (c, id) in id_of.iter_mut().enumerate() {
            if *id != 0 {
                *id = char_of.len() as u32;
                char_of.push(c as u32);
            }
        }
        let buckets = char_of.len();
        let id_of = &id_of;
        // Every character but a line break, with the id of the one after it: every line ends
        // in `\n`, so that is END at the end of a line.
        let pairs = || {
            let mut chars = text.char_indices().peekable();
            std::iter::from_fn(move || {
                loop {
                    let (offset, c) = chars.next()?;
                    if c != '\n' {
                        let next = chars.peek().map_or(END, |&(_, n)| id_of[n as usize]);
                        return Some((id_of[c as usize], next, offset as u32));
                    }
                }
            })
        };

        // By the second character: items carry (first id, position).
        let mut second_starts = vec![0u32; buckets + 1];
        for (_, second, _) in pairs() {
            second_starts[second as usize + 1] += 1;
        }
        running_sum(&mut second_starts);
        let mut by_second = vec![0u64; second_starts[buckets] as usize];
        let mut next = second_starts.clone();
        for (first, second, offset) in pairs() {
            let slot = &mut next[second as usize];
            by_second[*slot as usize] = u64::from(first) << 32 | u64::from(offset);
            *slot += 1;
        }

        // Then by the first, stably, straight into the position table. Pass one ordered the
        // items by their second character, so each first character's run fills in order of
        // the second: a key begins wherever a run's second character changes.
        let mut first_starts = vec![0u32; buckets + 1];
        for &item in &by_second {
            first_starts[(item >> 32) as usize + 1] += 1;
        }
        running_sum(&mut first_starts);
        let mut next = first_starts;
        let mut positions = vec![0u32; by_second.len()];
        let mut last_second = vec![u32::MAX; buckets];
        // (slot where the key's positions begin, first id, second id)
        let mut key_starts: Vec<(u32, u32, u32)> = Vec::new();
        for second in 0..buckets {
            let run = second_starts[second] as usize..second_starts[second + 1] as usize;
            for &item in &by_second[run] {
                let first = (item >> 32) as usize;
                let slot = next[first];
                if last_second[first] != second as u32 {
                    last_second[first] = second as u32;
                    key_starts.push((slot, first as u32, second as u32));
                }
                positions[slot as usize] = item as u32;
                next[first] += 1;
            }
        }
        drop(by_second);
        // Slots are ordered by first character, then second: the key order.
        key_starts.sort_unstable();
        let ends = key_starts
            .iter()
            .skip(1)
            .map(|&(slot, _, _)| slot)
            .chain((!key_starts.is_empty()).then_some(positions.len() as u32))
            .collect();
        BigramTable {
            keys: key_starts
                .iter()
                .map(|&(_, first, second)| (char_of[first as usize], char_of[second as usize]))
                .collect(),
            ends,
            positions,
        }
    }
}

impl BigramTable {
    /// Each key's positions as varint gaps (most gaps of a frequent pair fit a byte or two,
    /// where a position takes four), and where each key's bytes end.
    fn encoded_positions(&self) -> (Vec<u8>, Vec<u32>) {
        let mut bytes = Vec::with_capacity(self.positions.len() * 2);
        let mut ends = Vec::with_capacity(self.keys.len());
        let mut start = 0;
        for &end in &self.ends {
            let mut previous = 0;
            for &position in &self.positions[start..end as usize] {
                push_varint(&mut bytes, position - previous);
                previous = position;
            }
            ends.push(bytes.len() as u32);
            start = end as usize;
        }
        (bytes, ends)
    }
}

/// Turns counts (`counts[k + 1]` for bucket `k`) into bucket starts.
fn running_sum(counts: &mut [u32]) {
    for b in 1..counts.len() {
        counts[b] += counts[b - 1];
    }
}

/// Why a component could not be read.
#[derive(Debug, thiserror::Error)]
#[error("the exact-match data of a segment is damaged ({0}); `zhengce rebuild` recreates it")]
pub struct Damaged(&'static str);

/// A little-endian `u32` array inside the component.
#[derive(Clone, Copy)]
struct Words<'a>(&'a [u8]);

impl Words<'_> {
    fn len(&self) -> usize {
        self.0.len() / 4
    }

    fn get(&self, i: usize) -> u32 {
        let b = &self.0[i * 4..i * 4 + 4];
        u32::from_le_bytes([b[0], b[1], b[2], b[3]])
    }

    /// The first index in `[lo, hi)` whose value `before` rejects, `before` holding for a
    /// prefix of the range (the values are sorted).
    fn partition_point(&self, lo: usize, hi: usize, before: impl Fn(u32) -> bool) -> usize {
        first_rejected(lo, hi, |i| before(self.get(i)))
    }
}

/// Binary search: the first index in `[lo, hi)` that `before` rejects, `before` holding for a
/// prefix of the range.
fn first_rejected(mut lo: usize, mut hi: usize, before: impl Fn(usize) -> bool) -> usize {
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if before(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// A read-only view of one segment's component.
pub struct SegmentLines<'a> {
    /// Pairs of `u32`: the keys.
    keys: Words<'a>,
    ends: Words<'a>,
    /// Each key's positions as varint gaps, one run after another.
    positions: &'a [u8],
    starts: Words<'a>,
    /// Pairs of `u32`: `[from, to)` document ids of each line.
    docs: Words<'a>,
    kinds: &'a [u8],
    text: &'a [u8],
}

impl<'a> SegmentLines<'a> {
    /// Reads the layout written by [`LinesBuilder::write`].
    pub fn parse(bytes: &'a [u8]) -> Result<SegmentLines<'a>, Damaged> {
        let header = bytes.get(..20).ok_or(Damaged("too short"))?;
        if &header[..4] != MAGIC {
            return Err(Damaged("unknown format"));
        }
        let count = |i: usize| Words(&header[4..]).get(i) as usize;
        let (keys, positions, lines, text) = (count(0), count(1), count(2), count(3));
        let mut rest = &bytes[20..];
        let mut take = |len: usize| -> Result<&'a [u8], Damaged> {
            if rest.len() < len {
                return Err(Damaged("truncated"));
            }
            let (head, tail) = rest.split_at(len);
            rest = tail;
            Ok(head)
        };
        let view = SegmentLines {
            keys: Words(take(keys * 8)?),
            ends: Words(take(keys * 4)?),
            positions: take(positions)?,
            starts: Words(take(lines * 4)?),
            docs: Words(take(lines * 8)?),
            kinds: take(lines)?,
            text: take(text)?,
        };
        let consistent =
            view.ends.len() == 0 || view.ends.get(view.ends.len() - 1) as usize == positions;
        // (`positions` counts bytes: the positions are varints.)
        if !consistent {
            return Err(Damaged("inconsistent counts"));
        }
        Ok(view)
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.kinds.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// The kind of line `line` (a [`LineKind`] as its number).
    pub fn kind(&self, line: usize) -> u8 {
        self.kinds[line]
    }

    /// Document ids `[from, to)` of line `line`.
    pub fn docs(&self, line: usize) -> (u32, u32) {
        (self.docs.get(line * 2), self.docs.get(line * 2 + 1))
    }

    /// The folded text of line `line`, with `\n` between its paragraphs.
    pub fn text(&self, line: usize) -> &'a str {
        let start = self.starts.get(line) as usize;
        let end = if line + 1 < self.len() {
            self.starts.get(line + 1) as usize
        } else {
            self.text.len()
        };
        let bytes = self.text.get(start..end.saturating_sub(1)).unwrap_or(&[]);
        std::str::from_utf8(bytes).unwrap_or("")
    }

    /// The bytes of the positions of the keys in `[from, to)` (indexes into the key table),
    /// clamped to the position table so that damaged data never reads out of bounds.
    fn postings(&self, from: usize, to: usize) -> (usize, usize) {
        let start = if from == 0 {
            0
        } else {
            self.ends.get(from - 1) as usize
        };
        let end = if to == 0 {
            0
        } else {
            self.ends.get(to - 1) as usize
        };
        let end = end.min(self.positions.len());
        (start.min(end), end)
    }

    /// The index of the first key not less than `(first, second)`.
    fn key_index(&self, first: u32, second: u32) -> usize {
        first_rejected(0, self.keys.len() / 2, |k| self.key(k) < (first, second))
    }

    /// Key `k` as `(first, second)` characters.
    fn key(&self, k: usize) -> (u32, u32) {
        (self.keys.get(k * 2), self.keys.get(k * 2 + 1))
    }

    /// The positions of key `key`, ascending.
    fn positions_of(&self, key: usize) -> impl Iterator<Item = u32> + 'a {
        let (start, end) = self.postings(key, key + 1);
        gaps_summed(&self.positions[start..end])
    }

    /// The key of one bigram and the size of its positions (`None` when it does not occur).
    fn bigram(&self, first: char, second: char) -> Option<(usize, usize)> {
        let key = self.key_index(first as u32, second as u32);
        let n = self.keys.len() / 2;
        let found = key < n
            && (self.keys.get(key * 2), self.keys.get(key * 2 + 1))
                == (first as u32, second as u32);
        found.then(|| {
            let (start, end) = self.postings(key, key + 1);
            (key, end - start)
        })
    }

    /// The line holding byte `position`, searching from line `from` on. Positions come in
    /// ascending order and often fall in the same or a nearby line, so the search gallops
    /// forward from `from` before it bisects.
    fn line_at(&self, position: u32, from: usize) -> usize {
        let n = self.len();
        let (mut lo, mut hi, mut step) = (from, from + 1, 1);
        while hi < n && self.starts.get(hi) <= position {
            lo = hi;
            hi = (hi + step).min(n);
            step *= 2;
        }
        self.starts
            .partition_point(lo, hi.min(n), |start| start <= position)
            .saturating_sub(1)
            .max(lo)
    }

    /// Calls `on_line` once for each line containing `needle` (folded, without whitespace:
    /// see [`needle`]), in increasing line order.
    pub fn matching_lines(&self, needle: &str, mut on_line: impl FnMut(usize)) {
        if self.is_empty() {
            return;
        }
        let chars: Vec<char> = needle.chars().collect();
        match chars.len() {
            0 => {}
            1 => self.lines_with_char(chars[0], on_line),
            _ => {
                // The rarest bigram of the needle (the fewest bytes of positions): the fewest
                // places to check. A bigram that never occurs means no match.
                let mut best: Option<(usize, usize, usize)> = None;
                let mut offset = 0;
                for pair in chars.windows(2) {
                    let Some((key, size)) = self.bigram(pair[0], pair[1]) else {
                        return;
                    };
                    if best.is_none_or(|(_, _, smallest)| size < smallest) {
                        best = Some((offset, key, size));
                    }
                    offset += pair[0].len_utf8();
                }
                let Some((offset, key, _)) = best else {
                    return;
                };
                let needle = needle.as_bytes();
                let verify = chars.len() > 2;
                let mut last_line = None;
                for position in self.positions_of(key) {
                    let Some(at) = (position as usize).checked_sub(offset) else {
                        continue;
                    };
                    if verify && self.text.get(at..at + needle.len()) != Some(needle) {
                        continue;
                    }
                    let line = self.line_at(at as u32, last_line.unwrap_or(0));
                    if last_line != Some(line) {
                        on_line(line);
                        last_line = Some(line);
                    }
                }
            }
        }
    }

    /// Every line holding `c`: each occurrence begins exactly one key (a bigram, or the
    /// character with the end of its line), and the keys beginning with `c` are one run.
    fn lines_with_char(&self, c: char, mut on_line: impl FnMut(usize)) {
        let from = self.key_index(c as u32, 0);
        // Keys compare as numbers, so the run ends where keys of the next code point begin.
        let to = self.key_index(c as u32 + 1, 0);
        let mut lines: Vec<usize> = (from..to)
            .flat_map(|key| self.positions_of(key))
            .map(|position| self.line_at(position, 0))
            .collect();
        lines.sort_unstable();
        lines.dedup();
        lines.into_iter().for_each(&mut on_line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Builds a component from `(kind, text, doc)` lines and returns its bytes.
    fn component(lines: &[(LineKind, &str, u32)]) -> Vec<u8> {
        let mut builder = LinesBuilder::default();
        for &(kind, text, doc) in lines {
            builder.add(kind, text, doc);
        }
        let mut bytes = Vec::new();
        builder.write(&mut bytes).unwrap();
        bytes
    }

    /// The documents whose lines (of any kind) contain `query`.
    fn docs_matching(bytes: &[u8], query: &str) -> Vec<u32> {
        let view = SegmentLines::parse(bytes).unwrap();
        let mut docs = Vec::new();
        view.matching_lines(&needle(query), |line| {
            let (from, to) = view.docs(line);
            docs.extend(from..to);
        });
        docs.sort_unstable();
        docs.dedup();
        docs
    }

    #[test]
    fn finds_a_word_inside_a_longer_word() {
        let bytes = component(&[
            (LineKind::Passage, "该办公室为非定编机构。", 0),
            (LineKind::Passage, "定期编制计划", 1),
        ]);
        assert_eq!(docs_matching(&bytes, "定编"), vec![0]);
        assert_eq!(docs_matching(&bytes, "非定编机构"), vec![0]);
        assert_eq!(docs_matching(&bytes, "编"), vec![0, 1]);
        assert_eq!(docs_matching(&bytes, "编制计划"), vec![1]);
        assert!(docs_matching(&bytes, "定编计划").is_empty());
    }

    #[test]
    fn spaces_are_ignored_and_line_breaks_end_a_match() {
        let bytes = component(&[
            (LineKind::Title, "关于清洁生产的通知", 0),
            (LineKind::Passage, "现转发给你 们\n请遵照执行", 0),
        ]);
        assert_eq!(docs_matching(&bytes, "给你们"), vec![0]);
        assert_eq!(docs_matching(&bytes, "你　们"), vec![0]);
        assert!(
            docs_matching(&bytes, "你们请").is_empty(),
            "across paragraphs"
        );
        assert!(docs_matching(&bytes, "通知现转").is_empty(), "across lines");
        assert_eq!(
            docs_matching(&bytes, "知"),
            vec![0],
            "a line's last character"
        );
    }

    #[test]
    fn folds_width_and_case_on_both_sides() {
        let bytes = component(&[(LineKind::Passage, "通过ＩＳＯ14001认证", 3)]);
        assert_eq!(docs_matching(&bytes, "iso１４００１"), vec![3]);
        assert_eq!(docs_matching(&bytes, "ISO"), vec![3]);
    }

    #[test]
    fn a_repeated_title_is_stored_once_for_the_documents_it_covers() {
        let bytes = component(&[
            (LineKind::Title, "清洁生产促进法", 0),
            (LineKind::Passage, "第一条", 0),
            (LineKind::Title, "清洁生产促进法", 1),
            (LineKind::Passage, "第二条", 1),
            (LineKind::Title, "清洁生产促进法", 4),
        ]);
        let view = SegmentLines::parse(&bytes).unwrap();
        assert_eq!(
            view.len(),
            4,
            "one title line for docs 0 and 1, another for 4"
        );
        assert_eq!(view.docs(0), (0, 2));
        assert_eq!(docs_matching(&bytes, "促进"), vec![0, 1, 4]);
        assert_eq!(view.text(0), "清洁生产促进法");
    }

    #[test]
    fn damaged_components_are_refused() {
        let bytes = component(&[(LineKind::Passage, "甲乙丙", 0)]);
        assert!(SegmentLines::parse(&bytes[..bytes.len() - 1]).is_err());
        assert!(SegmentLines::parse(b"ZCX9").is_err());
        assert!(SegmentLines::parse(&[]).is_err());
    }

    #[test]
    fn an_empty_segment_matches_nothing() {
        let bytes = component(&[]);
        assert!(docs_matching(&bytes, "法").is_empty());
        assert!(docs_matching(&bytes, "法律").is_empty());
    }

    proptest! {
        /// A component damaged anywhere is refused or answers something, never panics.
        #[test]
        fn damaged_bytes_never_panic(
            at in 0usize..400,
            byte in any::<u8>(),
            query in "[甲乙丙丁aA1]{1,3}",
        ) {
            let mut bytes = component(&[
                (LineKind::Title, "甲乙丙丁", 0),
                (LineKind::Passage, "丙丁甲乙\n甲甲", 0),
                (LineKind::Passage, "aA1乙丙", 1),
            ]);
            let at = at % bytes.len();
            bytes[at] = byte;
            if let Ok(view) = SegmentLines::parse(&bytes) {
                view.matching_lines(&needle(&query), |line| {
                    let _ = (view.kind(line), view.docs(line), view.text(line));
                });
            }
        }

        /// Whatever the text, a needle matches exactly the documents whose folded lines
        /// contain it, as a plain substring search says.
        #[test]
        fn agrees_with_substring_search(
            texts in proptest::collection::vec("[甲乙丙丁 \nａaA１1]{0,12}", 1..8),
            query in "[甲乙丙丁aA1 ]{1,4}",
        ) {
            let lines: Vec<(LineKind, &str, u32)> = texts
                .iter()
                .enumerate()
                .map(|(i, t)| (LineKind::Passage, t.as_str(), i as u32 / 2))
                .collect();
            let bytes = component(&lines);
            let wanted = needle(&query);
            let mut expected: Vec<u32> = if wanted.is_empty() {
                Vec::new()
            } else {
                lines
                    .iter()
                    .filter(|(_, t, _)| {
                        let mut folded = String::new();
                        fold_into(t, &mut folded);
                        folded.split('\n').any(|line| line.contains(&wanted))
                    })
                    .map(|&(_, _, doc)| doc)
                    .collect()
            };
            expected.dedup();
            prop_assert_eq!(docs_matching(&bytes, &query), expected);
        }
    }
}
