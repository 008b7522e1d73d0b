//! The query parser and citation finder on arbitrary text: no panics; a parsed query has at
//! least one positive clause and no empty alternative.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhengce::search::{parse_citation, query};

fuzz_target!(|text: &str| {
    if let Ok(parsed) = query::parse(text) {
        assert!(parsed.clauses.iter().any(|c| !c.negated));
        assert!(parsed.clauses.iter().all(|c| !c.alternatives.is_empty()));
    }
    if let Some(citation) = parse_citation(text) {
        assert!(citation.law.chars().count() >= 2);
        let _ = query::parse(&citation.rest);
    }
});
