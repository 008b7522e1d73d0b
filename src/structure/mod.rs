//! Structure of Chinese official documents (公文) and laws: which lines are titles, headings,
//! signatures and colophons; how one file splits into documents; and the sections and passages
//! of each document's body.

pub mod body;
pub mod gongwen;
pub mod heading;
pub mod kind;
pub mod numbers;

pub use body::structure_body;
pub use gongwen::split_documents;
pub use heading::{Heading, Level, law_heading, policy_heading};
pub use kind::{kind_from_title, normalize_title};
pub use numbers::{article_number, chinese_number};
