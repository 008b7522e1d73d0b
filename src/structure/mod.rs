//! TODO(structure): stub.
pub fn article_number(_label: &str) -> Option<String> {
    None
}
