//! The whole search planner: arbitrary query text against an index of the seed corpus, built
//! once per process. No panics; every highlight lies within its passage.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use zhengce::corpus::Corpus;
use zhengce::index::{self, PassageIndex};
use zhengce::search::{SearchOptions, search};

static INDEX: LazyLock<PassageIndex> = LazyLock::new(|| {
    let corpus_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
    let index_dir = std::env::temp_dir().join(format!("zhengce-fuzz-index-{}", std::process::id()));
    let (corpus, _) = Corpus::load(&corpus_dir).expect("loading the seed corpus");
    let fingerprint = index::fingerprint(&corpus_dir).expect("fingerprint");
    index::build(&corpus, &corpus_dir, &index_dir, fingerprint).expect("building the index")
});

fuzz_target!(|text: &str| {
    let options = SearchOptions {
        limit: 3,
        ..SearchOptions::default()
    };
    if let Ok(results) = search(&INDEX, text, &options) {
        for hit in &results.hits {
            let chars = hit.passage.chars().count();
            for [start, end] in &hit.highlights {
                assert!(
                    start < end && *end <= chars,
                    "highlight outside the passage"
                );
            }
        }
    }
});
