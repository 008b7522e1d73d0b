//! Plain-text files: clean the extraction damage, then split the 公文 the file holds.

use std::path::Path;

use crate::clean::clean;
use crate::model::{Document, Origin};
use crate::structure::split_documents;

/// All documents in one plain-text file (the seed yields 3). `file` is the corpus-relative path;
/// ids are `<file stem>-<n>` (n from 1) when a file holds several documents, `<file stem>` if one.
pub fn documents_from_text(text: &str, file: &str) -> Vec<Document> {
    let mut documents = split_documents(&clean(text));
    let stem = file_stem(file);
    let several = documents.len() > 1;
    for (ordinal, doc) in documents.iter_mut().enumerate() {
        doc.id = if several {
            format!("{stem}-{}", ordinal + 1)
        } else {
            stem.clone()
        };
        doc.origin = Origin {
            file: file.to_string(),
            ordinal,
        };
    }
    documents
}

/// The file name without directories and extension (`a/b/seed.txt` → `seed`).
pub(crate) fn file_stem(file: &str) -> String {
    Path::new(file)
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .filter(|stem| !stem.is_empty())
        .unwrap_or_else(|| "doc".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_document_gets_the_bare_stem() {
        let docs = documents_from_text("关于某事的通知\n正文。", "dir/notice.txt");
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].id, "notice");
        assert_eq!(
            docs[0].origin,
            Origin {
                file: "dir/notice.txt".to_string(),
                ordinal: 0
            }
        );
    }

    #[test]
    fn empty_text_has_no_documents() {
        assert!(documents_from_text("", "empty.txt").is_empty());
        assert!(documents_from_text(" \n\t\n", "blank.txt").is_empty());
    }
}
