//! `zhengce list` and `zhengce show`: the documents of the corpus, as text or JSON.

use std::io::Write;

use anyhow::{Result, bail};
use serde::Serialize;

use super::{Outcome, load_corpus};
use crate::index::Location;
use crate::model::{Date, Document, Section};

/// The `list --json` shape for one document.
#[derive(Debug, Serialize)]
pub struct Summary<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub doc_no: Option<&'a str>,
    pub agency: Option<&'a str>,
    pub published: Option<Date>,
    pub written: Option<Date>,
    pub kind: Option<&'a str>,
    pub version_of: Option<&'a str>,
    pub source: Option<&'a str>,
    pub keywords: &'a [String],
    pub passages: usize,
}

/// The `show --json` shape: the summary plus signers, text and sections.
#[derive(Debug, Serialize)]
pub struct Detail<'a> {
    #[serde(flatten)]
    pub summary: Summary<'a>,
    pub signers: &'a [String],
    pub text: String,
    pub sections: &'a [Section],
}

pub fn summary(doc: &Document) -> Summary<'_> {
    Summary {
        id: &doc.id,
        title: &doc.title,
        doc_no: doc.doc_no.as_ref().map(|d| d.canonical.as_str()),
        agency: doc.agency.as_deref(),
        published: doc.published,
        written: doc.written,
        kind: doc.kind.as_deref(),
        version_of: doc.version_of.as_deref(),
        source: doc.source.as_deref(),
        keywords: &doc.keywords,
        passages: doc.passages.len(),
    }
}

pub fn list(location: &Location, json: bool, out: &mut impl Write) -> Result<Outcome> {
    let corpus = load_corpus(&location.corpus)?;
    if json {
        let summaries: Vec<Summary> = corpus.documents.iter().map(summary).collect();
        serde_json::to_writer_pretty(&mut *out, &summaries)?;
        writeln!(out)?;
    } else {
        for doc in &corpus.documents {
            let date = doc.date().map_or("—".to_string(), |d| d.to_string());
            let doc_no = doc.doc_no.as_ref().map_or("", |d| d.canonical.as_str());
            writeln!(out, "{}\t{}\t{}\t{}", doc.id, date, doc_no, doc.title)?;
        }
    }
    Ok(if corpus.documents.is_empty() {
        Outcome::NothingFound
    } else {
        Outcome::Found
    })
}

pub fn show(location: &Location, id: &str, json: bool, out: &mut impl Write) -> Result<Outcome> {
    let corpus = load_corpus(&location.corpus)?;
    let Some(doc) = corpus.get(id) else {
        bail!("no document with id `{id}`: `zhengce list` shows the ids");
    };
    if json {
        let detail = Detail {
            summary: summary(doc),
            signers: &doc.signers,
            text: doc.text(),
            sections: &doc.sections,
        };
        serde_json::to_writer_pretty(&mut *out, &detail)?;
        writeln!(out)?;
        return Ok(Outcome::Found);
    }
    writeln!(out, "{}", doc.title)?;
    let mut meta: Vec<String> = Vec::new();
    meta.extend(doc.doc_no.as_ref().map(|d| d.canonical.clone()));
    meta.extend(doc.agency.clone());
    meta.extend(doc.written.map(|d| format!("成文 {d}")));
    meta.extend(doc.published.map(|d| format!("发布 {d}")));
    meta.extend(doc.status.clone());
    writeln!(out, "{}\n", meta.join(" · "))?;
    writeln!(out, "{}", doc.text())?;
    if !doc.signers.is_empty() || doc.written.is_some() {
        writeln!(out)?;
        for signer in &doc.signers {
            writeln!(out, "{signer}")?;
        }
        if let Some(date) = doc.written {
            writeln!(out, "{date}")?;
        }
    }
    Ok(Outcome::Found)
}
