//! Metadata found in the text of a document: dates, document numbers (发文字号) and the
//! `键：值` header fields that portals put above a policy's title.

pub mod date;
pub mod docno;
pub mod header;

pub use date::{find_dates, parse_date};
pub use docno::{canonical_doc_no, looks_like_doc_no, parse_doc_no};
pub use header::{Header, parse_field};
