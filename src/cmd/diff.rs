//! `zhengce diff`: compare two versions of a document clause by clause.

use std::io::Write;

use anyhow::{Context, Result, bail};

use super::{Outcome, load_corpus};
use crate::cli::DiffArgs;
use crate::corpus::Corpus;
use crate::diff::{self, DiffOptions};
use crate::index::Location;
use crate::model::Document;

/// Side-by-side width when the terminal does not say.
const DEFAULT_WIDTH: usize = 100;

/// Picks the (old, new) pair: two ids; one id against its neighbouring version; or, with
/// none, the two latest versions of the only document that has several.
fn pick<'a>(
    corpus: &'a Corpus,
    old: Option<&str>,
    new: Option<&str>,
) -> Result<(&'a Document, &'a Document)> {
    let get = |id: &str| {
        corpus
            .get(id)
            .with_context(|| format!("no document with id `{id}`: `zhengce list` shows the ids"))
    };
    match (old, new) {
        (Some(old), Some(new)) => Ok((get(old)?, get(new)?)),
        (Some(id), None) => {
            let doc = get(id)?;
            let versions = corpus.versions(doc);
            let at = versions.iter().position(|v| v.id == doc.id).unwrap_or(0);
            // Versions are newest first: compare with the next newer one, or, for the
            // newest, with the one before it.
            match (at.checked_sub(1), versions.get(at + 1)) {
                (Some(newer), _) => Ok((doc, versions[newer])),
                (None, Some(older)) => Ok((older, doc)),
                (None, None) => bail!("`{id}` has no other version to compare with: name two ids"),
            }
        }
        (None, _) => {
            let mut groups: Vec<Vec<&Document>> = Vec::new();
            for doc in &corpus.documents {
                let versions = corpus.versions(doc);
                if versions.len() > 1 && versions[0].id == doc.id {
                    groups.push(versions);
                }
            }
            match groups.as_slice() {
                [only] => Ok((only[1], only[0])),
                [] => {
                    bail!("no document in the corpus has several versions: name two ids to compare")
                }
                several => {
                    let names: Vec<String> = several
                        .iter()
                        .take(8)
                        .map(|g| format!("  {} ({} versions) {}", g[0].id, g.len(), g[0].title))
                        .collect();
                    bail!(
                        "{} documents have several versions; name one id or two:\n{}",
                        several.len(),
                        names.join("\n")
                    )
                }
            }
        }
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(DEFAULT_WIDTH)
}

pub fn run(
    location: &Location,
    args: DiffArgs,
    color: bool,
    out: &mut impl Write,
) -> Result<Outcome> {
    let corpus = load_corpus(&location.corpus)?;
    let (old, new) = pick(&corpus, args.old.as_deref(), args.new.as_deref())?;
    let report = diff::compare(
        old,
        new,
        &DiffOptions {
            ignore_punct: args.ignore_punct,
        },
    );
    if let Some(path) = &args.html {
        std::fs::write(path, diff::render_html(&report))
            .with_context(|| format!("writing {}", path.display()))?;
        eprintln!("zhengce: wrote {}", path.display());
    }
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)?;
    } else if args.side_by_side {
        let width = args.width.unwrap_or_else(terminal_width);
        write!(out, "{}", diff::render_side_by_side(&report, width, color))?;
    } else {
        write!(out, "{}", diff::render_inline(&report, color))?;
    }
    Ok(if report.hunks.is_empty() {
        Outcome::NothingFound
    } else {
        Outcome::Found
    })
}
