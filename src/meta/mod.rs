//! TODO(meta): stub.
pub mod docno {
    pub fn canonical_doc_no(_text: &str) -> Option<String> {
        None
    }
}
