//! The query language: terms are ANDed, `"exact phrase"`, `-term` excludes, `A OR B`.
//!
//! Parsing only splits and checks the query; what a term matches is decided in `plan`.

use thiserror::Error;

/// A term or quoted phrase, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    pub quoted: bool,
}

/// One required (or, when negated, excluded) condition: any of its alternatives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub negated: bool,
    pub alternatives: Vec<Term>,
}

/// A parsed query: every positive clause must hold and no negated one may.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub clauses: Vec<Clause>,
}

/// Why a query could not be parsed; each message says how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum QueryError {
    #[error("the query is empty: give at least one word to search for")]
    Empty,
    #[error("unbalanced quote in the query: close the phrase that starts with \"{0}")]
    UnbalancedQuote(String),
    #[error("`{0}` needs a word after it")]
    Dangling(String),
    #[error("`OR` needs a word on each side")]
    OrWithoutLeft,
    #[error("`-` excludes the word right after it: write `-word`, not `- word`")]
    LoneMinus,
    #[error("a query cannot exclude words only: add a word to search for")]
    OnlyExclusions,
}

/// A lexical token of the query string.
#[derive(Debug, PartialEq)]
enum Token {
    Word {
        text: String,
        quoted: bool,
        negated: bool,
    },
    Or,
}

fn tokenize(input: &str) -> Result<Vec<Token>, QueryError> {
    let mut tokens = Vec::new();
    let mut chars = input.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let negated = c == '-';
        if negated {
            chars.next();
            match chars.peek() {
                None => return Err(QueryError::LoneMinus),
                Some(next) if next.is_whitespace() => return Err(QueryError::LoneMinus),
                _ => {}
            }
        }
        if chars.peek() == Some(&'"') {
            chars.next();
            let mut text = String::new();
            let mut closed = false;
            for c in chars.by_ref() {
                if c == '"' {
                    closed = true;
                    break;
                }
                text.push(c);
            }
            if !closed {
                return Err(QueryError::UnbalancedQuote(text));
            }
            if !text.trim().is_empty() {
                tokens.push(Token::Word {
                    text,
                    quoted: true,
                    negated,
                });
            }
            continue;
        }
        let mut text = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            if c == '"' {
                // A quote glued to a word (`ab"cd`) opens nothing we could close sensibly.
                let rest: String = chars.clone().skip(1).collect();
                if !rest.contains('"') {
                    return Err(QueryError::UnbalancedQuote(rest));
                }
                break;
            }
            text.push(c);
            chars.next();
        }
        if text == "OR" && !negated {
            tokens.push(Token::Or);
        } else if !text.is_empty() {
            tokens.push(Token::Word {
                text,
                quoted: false,
                negated,
            });
        }
    }
    Ok(tokens)
}

/// Parses a query string.
pub fn parse(input: &str) -> Result<Query, QueryError> {
    let mut clauses: Vec<Clause> = Vec::new();
    let mut pending_or = false;
    for token in tokenize(input)? {
        match token {
            Token::Or => {
                if clauses.is_empty() || pending_or {
                    return Err(QueryError::OrWithoutLeft);
                }
                pending_or = true;
            }
            Token::Word {
                text,
                quoted,
                negated,
            } => {
                let term = Term { text, quoted };
                match clauses.last_mut() {
                    Some(last) if pending_or => last.alternatives.push(term),
                    _ => clauses.push(Clause {
                        negated,
                        alternatives: vec![term],
                    }),
                }
                pending_or = false;
            }
        }
    }
    if pending_or {
        return Err(QueryError::Dangling("OR".into()));
    }
    if clauses.is_empty() {
        return Err(QueryError::Empty);
    }
    if clauses.iter().all(|c| c.negated) {
        return Err(QueryError::OnlyExclusions);
    }
    Ok(Query { clauses })
}

impl Query {
    /// The positive terms, in order.
    pub fn positive_terms(&self) -> impl Iterator<Item = &Term> {
        self.clauses
            .iter()
            .filter(|c| !c.negated)
            .flat_map(|c| c.alternatives.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(text: &str) -> Term {
        Term {
            text: text.into(),
            quoted: false,
        }
    }

    #[test]
    fn terms_are_anded_and_or_groups_alternatives() {
        let query = parse("清洁生产 审核 OR 监督 -罚款").unwrap();
        assert_eq!(query.clauses.len(), 3);
        assert_eq!(
            query.clauses[1].alternatives,
            vec![term("审核"), term("监督")]
        );
        assert!(query.clauses[2].negated);
    }

    #[test]
    fn quoted_phrases_keep_their_spaces() {
        let query = parse(r#""清洁 生产" -"罚 款" x"#).unwrap();
        assert_eq!(
            query.clauses[0].alternatives[0],
            Term {
                text: "清洁 生产".into(),
                quoted: true
            }
        );
        assert!(query.clauses[1].negated && query.clauses[1].alternatives[0].quoted);
    }

    #[test]
    fn full_width_space_separates_terms() {
        assert_eq!(
            parse("个人信息保护法　第三十八条").unwrap().clauses.len(),
            2
        );
    }

    #[test]
    fn hyphen_inside_a_word_is_not_exclusion() {
        let query = parse("2003-11-10").unwrap();
        assert_eq!(query.clauses[0].alternatives[0].text, "2003-11-10");
        assert!(!query.clauses[0].negated);
    }

    #[test]
    fn malformed_queries_get_clear_errors() {
        assert!(matches!(
            parse("\"清洁生产"),
            Err(QueryError::UnbalancedQuote(_))
        ));
        assert!(matches!(
            parse("清洁\"生产"),
            Err(QueryError::UnbalancedQuote(_))
        ));
        assert_eq!(parse("   "), Err(QueryError::Empty));
        assert_eq!(parse("OR 审核"), Err(QueryError::OrWithoutLeft));
        assert_eq!(parse("审核 OR"), Err(QueryError::Dangling("OR".into())));
        assert_eq!(parse("审核 - 罚款"), Err(QueryError::LoneMinus));
        assert_eq!(parse("-罚款"), Err(QueryError::OnlyExclusions));
    }

    proptest::proptest! {
        #[test]
        fn parsing_never_panics(input in "[\"\\- ORa-c一二　]{0,30}") {
            let _ = parse(&input);
        }
    }
}
