//! The tantivy schema: one index document per passage occurrence (a passage in one version).
//!
//! A passage that is identical in several versions of a document gets one occurrence per version
//! so that filters (dates, status) apply to each version exactly; all occurrences share a
//! passage key (`pkey`) and search folds them into one hit that lists its versions.

use tantivy::schema::{
    FAST, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::tokenize;

/// Handles to every field, resolved once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Document id (exact).
    pub id: tantivy::schema::Field,
    /// Version group key: all versions of one document share it.
    pub group: tantivy::schema::Field,
    /// Passage key: the same passage text in the same version group.
    pub pkey: tantivy::schema::Field,
    /// Position of the passage in its document.
    pub ordinal: tantivy::schema::Field,
    /// Deterministic order among equal scores: a document's place in its file, the passage's
    /// place in the document, then a hash of the document id. Independent of build order, so
    /// an incrementally updated index and a rebuilt one list ties alike.
    pub tie: tantivy::schema::Field,
    pub title: tantivy::schema::Field,
    pub title_words: tantivy::schema::Field,
    /// The folded title, and the short title without `中华人民共和国`: a query that names a
    /// document exactly goes to its beginning.
    pub title_key: tantivy::schema::Field,
    /// Section path joined with ` > `.
    pub section: tantivy::schema::Field,
    pub section_words: tantivy::schema::Field,
    pub passage: tantivy::schema::Field,
    pub body_words: tantivy::schema::Field,
    /// Canonical document number.
    pub doc_no: tantivy::schema::Field,
    /// 发文机构. Title, section, passage and agency are also matched exactly by the
    /// segments' exact-match component ([`crate::exact`]), read from these stored fields.
    pub agency: tantivy::schema::Field,
    pub kind: tantivy::schema::Field,
    /// Status label shown to users (source status, or 历史版本 for an older version).
    pub status: tantivy::schema::Field,
    /// 1 for the current version of a document in force, 0 otherwise; ranks current law first.
    pub current: tantivy::schema::Field,
    /// Written date, else published date, in days since 1970-01-01.
    pub date: tantivy::schema::Field,
    pub published: tantivy::schema::Field,
    pub written: tantivy::schema::Field,
    /// Canonical article number (`1254`, `11之一`) for citations.
    pub article: tantivy::schema::Field,
    /// JSON array of the versions that contain this passage, current first.
    pub versions: tantivy::schema::Field,
}

fn analysed(tokenizer: &str, record: IndexRecordOption) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record),
    )
}

/// Builds the schema and its field handles.
pub fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    // Word fields rank with BM25, which needs frequencies but no positions: search-mode tokens
    // overlap, so their positions would make phrase queries wrong anyway.
    let words = analysed(tokenize::WORDS, IndexRecordOption::WithFreqs);
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED),
        group: builder.add_text_field("group", STRING),
        pkey: builder.add_u64_field("pkey", INDEXED | FAST),
        ordinal: builder.add_u64_field("ordinal", STORED | FAST),
        tie: builder.add_u64_field("tie", FAST),
        title: builder.add_text_field("title", STORED),
        title_words: builder.add_text_field("title_words", words.clone()),
        title_key: builder.add_text_field("title_key", STRING),
        section: builder.add_text_field("section", STORED),
        section_words: builder.add_text_field("section_words", words.clone()),
        passage: builder.add_text_field("passage", STORED),
        body_words: builder.add_text_field("body_words", words),
        doc_no: builder.add_text_field("doc_no", STRING | STORED),
        agency: builder.add_text_field("agency", STORED),
        kind: builder.add_text_field("kind", STRING | STORED),
        status: builder.add_text_field("status", STRING | STORED),
        current: builder.add_u64_field("current", FAST | STORED | INDEXED),
        date: builder.add_i64_field("date", INDEXED | FAST),
        published: builder.add_text_field("published", STORED),
        written: builder.add_text_field("written", STORED),
        article: builder.add_text_field("article", STRING | STORED),
        versions: builder.add_text_field("versions", STORED),
    };
    (builder.build(), fields)
}

impl Fields {
    /// The stored fields the exact-match component reads its lines from.
    pub fn lines(&self) -> crate::exact::plugin::LineFields {
        crate::exact::plugin::LineFields {
            title: self.title,
            section: self.section,
            passage: self.passage,
            agency: self.agency,
        }
    }

    /// Resolves the handles on an existing index's schema.
    pub fn resolve(schema: &Schema) -> tantivy::Result<Fields> {
        let (expected, fields) = self::schema();
        // Field handles are positional; an index written by another version of the schema
        // must be rebuilt rather than read with the wrong handles.
        if expected != *schema {
            return Err(tantivy::TantivyError::SchemaError(
                "the index was built by another version of zhengce".into(),
            ));
        }
        Ok(fields)
    }
}
