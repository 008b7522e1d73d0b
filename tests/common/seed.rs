//! The seed document, read from the corpus directory, and its documents.

use zhengce::ingest::text::documents_from_text;
use zhengce::model::Document;

/// Corpus-relative name of the seed.
pub const SEED_FILE: &str = "shanghai-2003-41.txt";

/// The raw seed text as it sits in `corpus/`.
pub fn seed_text() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/shanghai-2003-41.txt");
    std::fs::read_to_string(path).expect("the seed is checked into corpus/")
}

/// The seed's documents.
pub fn seed_documents() -> Vec<Document> {
    documents_from_text(&seed_text(), SEED_FILE)
}
