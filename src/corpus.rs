//! TODO(corpus): being written; temporary stub so dependants compile.
use crate::model::Document;
pub struct Corpus {
    pub documents: Vec<Document>,
}
impl Corpus {
    pub fn from_documents(documents: Vec<Document>) -> Corpus {
        Corpus { documents }
    }
    pub fn get(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == id)
    }
    pub fn versions(&self, doc: &Document) -> Vec<&Document> {
        vec![self.get(&doc.id).unwrap()]
    }
    pub fn is_current(&self, _doc: &Document) -> bool {
        true
    }
}
pub struct LoadProblem;
impl std::fmt::Display for LoadProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "stub")
    }
}
impl Corpus {
    pub fn load(_dir: &std::path::Path) -> anyhow::Result<(Corpus, Vec<LoadProblem>)> {
        Ok((Corpus { documents: vec![] }, vec![]))
    }
}
