//! zhengce (政策): full-text search for Chinese government policy documents.
//!
//! Data flows through the modules in this order: [`ingest`] reads and decodes raw files,
//! [`clean`] repairs extraction damage, [`structure`] finds documents, headings and passages,
//! [`corpus`] groups versions, [`tokenize`], [`index`] and [`exact`] build the tantivy index
//! and its exact-match component, [`search`] answers queries, [`diff`] compares versions, and
//! [`output`] prints for terminals and scripts.

pub mod clean;
pub mod cli;
pub mod cmd;
pub mod corpus;
pub mod dedup;
pub mod diff;
pub mod exact;
pub mod index;
pub mod ingest;
pub mod meta;
pub mod model;
pub mod output;
pub mod search;
pub mod segment;
pub mod structure;
pub mod tokenize;
