//! Tokenizers for the index: jieba words for ranking, character n-grams for exact matching.
//!
//! Search needs two things that no single segmentation gives. Ranking wants words (BM25 over
//! jieba's search-mode tokens). Recall wants grep: a query found verbatim in a passage must match
//! it even when jieba keeps the query inside a longer word (`定编` in `非定编机构`). So every passage
//! is indexed twice:
//! - [`WordTokenizer`] (`zh_words`): jieba `cut_for_search` tokens, indexed with frequencies only.
//!   Search-mode tokens overlap (`中华`, `人民`, `中华人民共和国`), so their positions mean nothing
//!   and phrase queries never run on this field.
//! - [`GramTokenizer`] (`zh_grams`): overlapping character bigrams at consecutive positions, so a
//!   phrase query over a query's bigrams is an exact substring match. Whitespace is skipped (a
//!   PDF wrap space left in the text does not break a match) and a line break starts a new run
//!   a few positions later, so no match crosses from a title into a passage.
//! - [`CharTokenizer`] (`zh_chars`): single characters, for one-character queries.
//!
//! All three fold text the same way ([`fold_char`]), and the query side uses the same functions,
//! so both sides agree on what "the same character" means.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::UnicodeNormalization;

/// Tokenizer names registered on the index.
pub const WORDS: &str = "zh_words";
pub const GRAMS: &str = "zh_grams";
pub const CHARS: &str = "zh_chars";

/// Positions skipped at a line break in the gram field, so phrases never span lines.
const LINE_GAP: usize = 2;

/// Folds one character for matching: compatibility forms to their plain form (full-width `Ａ１` to
/// `a1`, `〇` stays), ASCII lowercase. Characters whose normal form is longer than one character
/// (`㈠`) are kept as they are, so folding never changes the number of characters and offsets
/// computed on folded text are offsets into the original.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    // CJK ideographs are already in normal form; skip the normalisation work for them.
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return c;
    }
    if c == '\u{3000}' {
        return ' ';
    }
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

/// Characters of a query term as the gram field sees them: folded, whitespace removed.
pub fn gram_chars(text: &str) -> Vec<char> {
    text.chars()
        .map(fold_char)
        .filter(|c| !is_separator(*c))
        .collect()
}

/// The bigrams of a query term, in order; a phrase query over them is an exact substring match.
pub fn bigrams(text: &str) -> Vec<String> {
    let chars = gram_chars(text);
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

/// jieba search-mode words, folded, without whitespace and punctuation.
///
/// Remembers the last text it cut: tantivy keeps one tokenizer per field, and the title and
/// section fields see the same text for every passage of a document, so they are cut once.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    last: Option<(String, Vec<Token>)>,
}

/// Overlapping character bigrams at consecutive positions.
#[derive(Clone, Default)]
pub struct GramTokenizer;

/// Single characters.
#[derive(Clone, Default)]
pub struct CharTokenizer;

/// A token stream over precomputed tokens; the tokenizers here compute all tokens up front.
pub struct VecTokenStream {
    tokens: Vec<Token>,
    index: usize,
}

impl VecTokenStream {
    fn new(tokens: Vec<Token>) -> VecTokenStream {
        VecTokenStream { tokens, index: 0 }
    }
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        if self.index < self.tokens.len() {
            self.index += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.index - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index - 1]
    }
}

/// True when a word is worth indexing: it has at least one letter, digit or ideograph.
fn is_word(word: &str) -> bool {
    // CJK ideographs first: `is_alphanumeric` takes a slow table lookup for them, and it ran
    // for every jieba token of every passage.
    word.chars()
        .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) || c.is_alphanumeric())
}

/// jieba search-mode words with byte offsets into `text`.
pub fn words(text: &str) -> Vec<Token> {
    let jieba = crate::segment::jieba();
    let mut tokens = Vec::new();
    for word in jieba.cut_for_search(text, true) {
        if !is_word(word.word) {
            continue;
        }
        tokens.push(Token {
            offset_from: word.byte_start,
            offset_to: word.byte_end,
            position: tokens.len(),
            text: fold(word.word),
            position_length: 1,
        });
    }
    tokens
}

/// Character bigrams with byte offsets into `text` (see the module docs for the rules).
pub fn grams(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut position = 0;
    // The previous kept character and its byte offset, within the current line.
    let mut previous: Option<(char, usize)> = None;
    for (offset, c) in text.char_indices() {
        if c == '\n' {
            if previous.take().is_some() {
                position += LINE_GAP;
            }
            continue;
        }
        if is_separator(c) {
            continue;
        }
        let folded = fold_char(c);
        if let Some((before, before_offset)) = previous {
            tokens.push(Token {
                offset_from: before_offset,
                offset_to: offset + c.len_utf8(),
                position,
                text: [before, folded].iter().collect(),
                position_length: 1,
            });
            position += 1;
        }
        previous = Some((folded, offset));
    }
    tokens
}

/// Single folded characters with byte offsets into `text`.
pub fn chars(text: &str) -> Vec<Token> {
    text.char_indices()
        .filter(|(_, c)| !is_separator(*c))
        .enumerate()
        .map(|(position, (offset, c))| Token {
            offset_from: offset,
            offset_to: offset + c.len_utf8(),
            position,
            text: fold_char(c).to_string(),
            position_length: 1,
        })
        .collect()
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        match &self.last {
            Some((last, tokens)) if last == text => VecTokenStream::new(tokens.clone()),
            _ => {
                let tokens = words(text);
                self.last = Some((text.to_string(), tokens.clone()));
                VecTokenStream::new(tokens)
            }
        }
    }
}

impl Tokenizer for GramTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream::new(grams(text))
    }
}

impl Tokenizer for CharTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream::new(chars(text))
    }
}

/// Registers the three tokenizers on an index under the names the schema uses.
pub fn register(index: &tantivy::Index) {
    let manager = index.tokenizers();
    manager.register(WORDS, WordTokenizer::default());
    manager.register(GRAMS, GramTokenizer);
    manager.register(CHARS, CharTokenizer);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Checks a token's text, its offsets (which must slice back to the source) and position.
    fn assert_token(token: &Token, text: &str, source: &str, from: usize, to: usize) {
        assert_eq!(token.text, text, "token text");
        assert_eq!(
            (token.offset_from, token.offset_to),
            (from, to),
            "offsets of {text}"
        );
        assert_eq!(fold(&source[from..to]).replace(' ', ""), text);
    }

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
    fn grams_skip_spaces_and_restart_after_line_breaks() {
        let source = "技术进 步\n第一条";
        let tokens = grams(source);
        assert_token(&tokens[0], "技术", source, 0, 6);
        assert_token(&tokens[1], "术进", source, 3, 9);
        // The wrap space is skipped: 进步 is one bigram spanning it.
        assert_token(&tokens[2], "进步", source, 6, 13);
        assert_eq!(tokens[2].position, 2);
        assert_token(&tokens[3], "第一", source, 14, 20);
        assert_eq!(
            tokens[3].position,
            3 + LINE_GAP,
            "a line break leaves a gap"
        );
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

    #[test]
    fn query_bigrams_match_index_bigrams() {
        assert_eq!(bigrams("定 编"), vec!["定编"]);
        assert_eq!(bigrams("ＩＳＯ"), vec!["is", "so"]);
        assert!(bigrams("审").is_empty());
    }

    proptest! {
        #[test]
        fn offsets_always_slice_the_text(text in "[a-zA-Z0-9 \n\u{3000}，。、一-龥ＡＢ○①㈠]{0,60}") {
            for token in grams(&text).iter().chain(chars(&text).iter()).chain(words(&text).iter()) {
                prop_assert!(text.is_char_boundary(token.offset_from));
                prop_assert!(text.is_char_boundary(token.offset_to));
                prop_assert!(token.offset_from < token.offset_to);
            }
        }
    }
}
