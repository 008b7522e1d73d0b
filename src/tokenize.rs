//! Tokenizing and folding text for the index: jieba words for ranking, folded characters
//! for exact matching.
//!
//! Search needs two things that no single segmentation gives. Ranking wants words (BM25 over
//! jieba's search-mode tokens). Recall wants grep: a query found verbatim in a passage must match
//! it even when jieba keeps the query inside a longer word (`定编` in `非定编机构`). So every passage
//! is indexed twice:
//! - [`WordTokenizer`] (`zh_words`): jieba `cut_for_search` tokens, indexed with frequencies only.
//!   Search-mode tokens overlap (`中华`, `人民`, `中华人民共和国`), so their positions mean nothing
//!   and phrase queries never run on this field.
//! - The exact-match component ([`crate::exact`]) keeps the folded text itself with a bigram
//!   table; whitespace is dropped (a PDF wrap space left in the text does not break a match).
//!
//! Both fold text the same way ([`fold_char`]), and the query side uses the same functions, so
//! both sides agree on what "the same character" means.
//!
//! The word token stream refills one [`Token`] rather than return a vector of owned tokens:
//! an allocation per token was a sixth of the build's time.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::UnicodeNormalization;

/// Tokenizer names registered on the index.
pub const WORDS: &str = "zh_words";

/// Texts up to this many bytes are remembered by [`WordTokenizer`]: titles and headings, which
/// repeat for every passage of a document. Passages rarely repeat and are not worth copying.
const REMEMBERED_TEXT_BYTES: usize = 256;

/// Folds one character for matching: compatibility forms to their plain form (full-width `Ａ１` to
/// `a1`, `〇` stays), ASCII lowercase. Characters whose normal form is longer than one character
/// (`㈠`) are kept as they are, so folding never changes the number of characters and offsets
/// computed on folded text are offsets into the original.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    match c {
        // Ideographs and CJK punctuation (、。〇《》〔〕) are their own normal form; the
        // tables are slow, and these are nearly every character of a policy text.
        '\u{4E00}'..='\u{9FFF}' | '\u{3001}'..='\u{3035}' => c,
        '\u{3000}' => ' ',
        // Full-width ASCII (，：（）１Ａ): NFKC gives the ASCII character.
        '\u{FF01}'..='\u{FF5E}' => {
            char::from_u32(c as u32 - 0xFEE0).map_or(c, |ascii| ascii.to_ascii_lowercase())
        }
        _ => fold_by_tables(c),
    }
}

/// [`fold_char`] by the Unicode tables.
fn fold_by_tables(c: char) -> char {
    let mut folded = std::iter::once(c).nfkc();
    match (folded.next(), folded.next()) {
        (Some(single), None) => single.to_lowercase().next().unwrap_or(single),
        _ => c,
    }
}

/// The folded form of a whole string.
pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// True for characters that carry no meaning for matching on their own.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
}

/// Characters of a text as exact matching sees them: folded, whitespace removed.
pub fn match_chars(text: &str) -> Vec<char> {
    match_char_iter(text).collect()
}

/// [`match_chars`] one at a time.
pub fn match_char_iter(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().map(fold_char).filter(|c| !is_separator(*c))
}

/// True when a word is worth indexing: it has at least one letter, digit or ideograph.
fn is_word(word: &str) -> bool {
    // CJK ideographs first: `is_alphanumeric` takes a slow table lookup for them, and it ran
    // for every jieba token of every passage.
    word.chars()
        .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) || c.is_alphanumeric())
}

/// jieba search-mode words, folded, without whitespace and punctuation.
///
/// Remembers the last short text it cut: tantivy keeps one tokenizer per field, and the title
/// and section fields see the same text for every passage of a document, so they are cut once.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    /// The text `spans` belong to, when it was short enough to remember.
    remembered: Option<String>,
    /// Byte ranges of the words of the last text cut.
    spans: Vec<(usize, usize)>,
}

impl WordTokenizer {
    fn cut(&mut self, text: &str) {
        if self.remembered.as_deref() == Some(text) {
            return;
        }
        self.spans.clear();
        for word in crate::segment::jieba().cut_for_search(text, true) {
            if is_word(word.word) {
                self.spans.push((word.byte_start, word.byte_end));
            }
        }
        self.remembered = (text.len() <= REMEMBERED_TEXT_BYTES).then(|| text.to_string());
    }
}

/// The words of one text, read off the tokenizer's spans.
pub struct WordTokenStream<'a> {
    text: &'a str,
    spans: std::slice::Iter<'a, (usize, usize)>,
    token: Token,
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(&(from, to)) = self.spans.next() else {
            return false;
        };
        let token = &mut self.token;
        // Positions are not indexed for words (see the module docs) but count up all the same.
        token.position = token.position.wrapping_add(1);
        token.text.clear();
        token
            .text
            .extend(self.text[from..to].chars().map(fold_char));
        token.offset_from = from;
        token.offset_to = to;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        self.cut(text);
        WordTokenStream {
            text,
            spans: self.spans.iter(),
            // `Token::default()` starts at `usize::MAX`, so the first advance gives 0.
            token: Token::default(),
        }
    }
}

/// Every token of a stream, for callers outside the index (tests, tools).
fn collect_tokens(mut stream: impl TokenStream) -> Vec<Token> {
    let mut tokens = Vec::new();
    while stream.advance() {
        tokens.push(stream.token().clone());
    }
    tokens
}

/// jieba search-mode words with byte offsets into `text`, as the word fields index them.
pub fn words(text: &str) -> Vec<Token> {
    collect_tokens(WordTokenizer::default().token_stream(text))
}

/// Registers the tokenizers on an index under the names the schema uses.
pub fn register(index: &tantivy::Index) {
    let manager = index.tokenizers();
    manager.register(WORDS, WordTokenizer::default());
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn words_slice_back_into_multibyte_text() {
        let source = "该办公室为非定编机构。ISO14001";
        let tokens = words(source);
        for token in &tokens {
            assert_eq!(
                fold(&source[token.offset_from..token.offset_to]),
                token.text
            );
        }
        let texts: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        assert!(texts.contains(&"非定编机构"), "{texts:?}");
        assert!(texts.contains(&"iso14001"), "{texts:?}");
        assert!(
            !texts.contains(&"。"),
            "punctuation is not a word: {texts:?}"
        );
    }

    #[test]
    fn fast_folding_agrees_with_the_tables() {
        for c in ('\u{3000}'..='\u{3035}').chain('\u{FF01}'..='\u{FF5E}') {
            assert_eq!(fold_char(c), fold_by_tables(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn word_tokenizer_repeats_the_same_tokens_for_a_repeated_text() {
        let mut tokenizer = WordTokenizer::default();
        let collect = |tokenizer: &mut WordTokenizer, text: &str| {
            let mut stream = tokenizer.token_stream(text);
            let mut out = Vec::new();
            while stream.advance() {
                let t = stream.token();
                out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
            }
            out
        };
        let title = "中华人民共和国清洁生产促进法";
        let first = collect(&mut tokenizer, title);
        assert!(!first.is_empty());
        assert_eq!(collect(&mut tokenizer, title), first);
        let other = collect(&mut tokenizer, "循环经济");
        assert_ne!(other, first);
        assert_eq!(collect(&mut tokenizer, title), first);
    }

    #[test]
    fn folding_keeps_character_count() {
        assert_eq!(fold("ＡＢＣ１２３（一）"), "abc123(一)");
        assert_eq!(fold("㈠"), "㈠");
        assert_eq!(fold("二○○三").chars().count(), 4);
    }

    proptest! {
        #[test]
        fn offsets_always_slice_the_text(text in "[a-zA-Z0-9 \n\u{3000}，。、一-龥ＡＢ○①㈠]{0,60}") {
            for token in &words(&text) {
                prop_assert!(text.is_char_boundary(token.offset_from));
                prop_assert!(text.is_char_boundary(token.offset_to));
                prop_assert!(token.offset_from < token.offset_to);
            }
        }
    }
}
