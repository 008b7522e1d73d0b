//! Reading raw documents: plain text, JSON lines and HTML files or URLs, in any common Chinese
//! encoding, into [`crate::model::Document`]s.

pub mod encoding;
pub mod fetch;
pub mod html;
pub mod jsonl;
pub mod page;
pub mod source;
pub mod text;
