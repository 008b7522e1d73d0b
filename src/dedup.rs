//! Recognising documents already in the corpus: exact copies and lightly edited republications.
//!
//! Both checks work on a normalised form of the text — NFKC (full-width letters, digits and
//! spaces become their ASCII forms), lower case, and nothing but letters and digits, so
//! spacing, punctuation and width never matter. [`content_key`] hashes that form for exact
//! duplicates; [`simhash`] fingerprints its character 3-grams so that a copy with a few
//! changed characters lands within [`NEAR_DUPLICATE_BITS`] bits of the original.
//!
//! Hashes are FNV-1a (with a final bit mix for the shingles) rather than `std`'s hasher, whose
//! output may change between Rust releases: these keys are stored in the corpus.

use unicode_normalization::UnicodeNormalization;

/// A stable 64-bit hash of a sequence of characters (FNV-1a over their UTF-8).
pub fn hash_chars(chars: impl IntoIterator<Item = char>) -> u64 {
    let mut hash = Fnv::new();
    for c in chars {
        hash.write_char(c);
    }
    hash.finish()
}

/// Largest Hamming distance between two [`simhash`]es that still counts as a near duplicate.
///
/// Chosen by `threshold_separates_edited_copies_from_other_laws` below. Over the 378 laws in
/// `laws.jsonl`, a copy with spacing and punctuation changed and one character replaced
/// differs from the original by at most 4 bits (the worst are the shortest texts, ~300
/// characters, where one character is 1% of the shingles); the closest pair of different laws
/// (全国人民代表大会组织法 / 宪法, which share whole articles) differs by 8 and most pairs by
/// 9 or more. Five sits in that gap, leaning to the side of not merging: a missed duplicate
/// costs a repeated search hit, a false one would hide a real document.
pub const NEAR_DUPLICATE_BITS: u32 = 5;

/// Shingle width in characters: 3-grams of Chinese text are about one or two words.
const SHINGLE: usize = 3;

/// A key equal for two texts exactly when they are the same after normalising whitespace,
/// punctuation, width and case.
pub fn content_key(text: &str) -> u64 {
    let mut hash = Fnv::new();
    for c in normalised(text) {
        hash.write_char(c);
    }
    hash.finish()
}

/// A 64-bit SimHash over the character 3-grams of the normalised text (the whole text as one
/// shingle when it is shorter; 0 for a text with no letters or digits).
pub fn simhash(text: &str) -> u64 {
    let chars: Vec<char> = normalised(text).collect();
    if chars.is_empty() {
        return 0;
    }
    let mut weights = [0i64; 64];
    let width = SHINGLE.min(chars.len());
    for shingle in chars.windows(width) {
        let mut hash = Fnv::new();
        for &c in shingle {
            hash.write_char(c);
        }
        let bits = mix(hash.finish());
        for (bit, weight) in weights.iter_mut().enumerate() {
            *weight += if bits >> bit & 1 == 1 { 1 } else { -1 };
        }
    }
    weights
        .iter()
        .enumerate()
        .filter(|&(_, &weight)| weight > 0)
        .fold(0, |acc, (bit, _)| acc | 1 << bit)
}

/// Whether two [`simhash`]es are within [`NEAR_DUPLICATE_BITS`] of each other.
pub fn is_near_duplicate(a: u64, b: u64) -> bool {
    hamming(a, b) <= NEAR_DUPLICATE_BITS
}

/// The number of bits in which two fingerprints differ.
pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// The text's letters and digits after NFKC and lower-casing.
///
/// Most policy text is ideographs, ASCII and CJK or full-width punctuation, whose NFKC forms
/// are known without the normaliser; such a text takes a fast path that gives the same
/// characters (`fast_path_agrees_with_nfkc` checks every character it covers). Any other
/// character sends the whole text through NFKC, which may compose it with its neighbours.
fn normalised(text: &str) -> Box<dyn Iterator<Item = char> + '_> {
    if text.chars().all(|c| simple_form(c).is_some()) {
        Box::new(text.chars().filter_map(|c| simple_form(c).flatten()))
    } else {
        Box::new(
            text.nfkc()
                .flat_map(char::to_lowercase)
                .filter(|c| c.is_alphanumeric()),
        )
    }
}

/// The normalised form of a character whose NFKC is known without the normaliser:
/// `Some(Some(c))` a letter or digit to keep, `Some(None)` a character to drop, `None` a
/// character the fast path does not cover.
fn simple_form(c: char) -> Option<Option<char>> {
    match c {
        '\u{4E00}'..='\u{9FFF}' => Some(Some(c)),
        _ if c.is_ascii() => Some(c.is_ascii_alphanumeric().then(|| c.to_ascii_lowercase())),
        // CJK symbols that are letters or numbers and their own normal form: 々 〆 〇, the
        // Hangzhou numerals 〡–〩 and the kana repeat marks.
        '\u{3005}'..='\u{3007}' | '\u{3021}'..='\u{3029}' | '\u{3031}'..='\u{3035}' => {
            Some(Some(c))
        }
        // General and CJK punctuation: no letter or digit among their NFKC forms.
        '\u{2000}'..='\u{206F}' | '\u{3000}'..='\u{3035}' => Some(None),
        // Full-width ASCII: NFKC gives the ASCII character.
        '\u{FF01}'..='\u{FF5E}' => {
            let ascii = char::from_u32(c as u32 - 0xFEE0)?;
            Some(
                ascii
                    .is_ascii_alphanumeric()
                    .then(|| ascii.to_ascii_lowercase()),
            )
        }
        _ => None,
    }
}

/// 64-bit FNV-1a.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write_char(&mut self, c: char) {
        let mut buf = [0u8; 4];
        for &byte in c.encode_utf8(&mut buf).as_bytes() {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// SplitMix64's finaliser: FNV's high bits depend weakly on the last bytes of short inputs,
/// and SimHash needs every bit of a shingle's hash to be a fair coin.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../corpus/shanghai-2003-41.txt");

    /// Spaces and punctuation changed everywhere, full-width digits, one character replaced.
    fn lightly_edited(text: &str) -> String {
        let mut edited = text
            .replace('，', ",")
            .replace('。', ". ")
            .replace('\n', "\n\n  ")
            .replace('2', "２");
        if let Some((at, c)) = edited.char_indices().find(|&(_, c)| c == '生') {
            edited.replace_range(at..at + c.len_utf8(), "产");
        }
        edited
    }

    fn law_bodies() -> Vec<(String, String)> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench/laws.jsonl");
        let Ok(text) = std::fs::read_to_string(path) else {
            return Vec::new();
        };
        text.lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter_map(|law| {
                Some((
                    law.get("title")?.as_str()?.to_string(),
                    law.get("body")?.as_str()?.to_string(),
                ))
            })
            .collect()
    }

    #[test]
    fn fast_path_agrees_with_nfkc() {
        let covered = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| simple_form(c).is_some());
        let mut count = 0;
        for c in covered {
            let slow: Vec<char> = c
                .to_string()
                .nfkc()
                .flat_map(char::to_lowercase)
                .filter(|c| c.is_alphanumeric())
                .collect();
            let fast: Vec<char> = simple_form(c).flatten().into_iter().collect();
            assert_eq!(fast, slow, "U+{:04X}", c as u32);
            count += 1;
        }
        assert!(count > 20_000, "{count}");
    }

    #[test]
    fn content_key_ignores_spacing_punctuation_and_width() {
        assert_eq!(
            content_key("第一条　为了推行清洁生产，制定本法。"),
            content_key("第一条 为了推行清洁生产, 制定本法.\n")
        );
        assert_eq!(content_key("ＡＢＣ１２３"), content_key("abc123"));
        assert_ne!(content_key("清洁生产"), content_key("清洁能源"));
    }

    #[test]
    fn exact_copy_of_seed_has_the_same_key() {
        assert_eq!(content_key(SEED), content_key(&SEED.replace('\n', "\r\n")));
        assert_ne!(content_key(SEED), content_key(&lightly_edited(SEED)));
    }

    #[test]
    fn lightly_edited_seed_is_a_near_duplicate() {
        let distance = hamming(simhash(SEED), simhash(&lightly_edited(SEED)));
        assert!(
            is_near_duplicate(simhash(SEED), simhash(&lightly_edited(SEED))),
            "distance {distance}"
        );
    }

    #[test]
    fn two_different_law_articles_are_not_near_duplicates() {
        let a = "第一条　为了促进清洁生产，提高资源利用效率，减少和避免污染物的产生，保护和改善环境，\
            保障人体健康，促进经济与社会可持续发展，制定本法。";
        let b = "第一条　为了保护和改善环境，防治污染和其他公害，保障公众健康，推进生态文明建设，\
            促进经济社会可持续发展，制定本法。";
        assert!(!is_near_duplicate(simhash(a), simhash(b)));
    }

    #[test]
    fn threshold_separates_edited_copies_from_other_laws() {
        let laws = law_bodies();
        if laws.is_empty() {
            eprintln!("laws.jsonl not found beside the checkout; skipped");
            return;
        }
        let hashes: Vec<u64> = laws.iter().map(|(_, body)| simhash(body)).collect();
        let keys: Vec<u64> = laws.iter().map(|(_, body)| content_key(body)).collect();
        let worst_copy = laws
            .iter()
            .zip(&hashes)
            .map(|((_, body), &hash)| hamming(hash, simhash(&lightly_edited(body))))
            .max()
            .unwrap_or(0);
        // Different laws: skip pairs with the same title (versions of one law are meant to be
        // close, and the corpus links them as versions before asking about duplicates) and
        // pairs whose bodies are identical after normalisation.
        let mut closest = u32::MAX;
        let mut closest_pair = (0, 0);
        for i in 0..laws.len() {
            for j in i + 1..laws.len() {
                if laws[i].0 == laws[j].0 || keys[i] == keys[j] {
                    continue;
                }
                let distance = hamming(hashes[i], hashes[j]);
                if distance < closest {
                    closest = distance;
                    closest_pair = (i, j);
                }
            }
        }
        eprintln!(
            "edited copies: at most {worst_copy} bits; different laws: at least {closest} bits ({} / {})",
            laws[closest_pair.0].0, laws[closest_pair.1].0
        );
        assert!(worst_copy <= NEAR_DUPLICATE_BITS, "worst copy {worst_copy}");
        assert!(closest > NEAR_DUPLICATE_BITS, "closest pair {closest}");
    }

    #[test]
    fn empty_and_tiny_texts_do_not_panic() {
        assert_eq!(simhash(""), 0);
        assert_eq!(simhash("，。 "), 0);
        assert_ne!(simhash("法"), 0);
        assert_ne!(simhash("法律"), 0);
        assert_eq!(content_key(""), content_key("  。"));
    }
}
