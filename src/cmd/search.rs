//! `zhengce search`: ranked passages with metadata and highlighted matches.

use std::io::Write;

use anyhow::{Context, Result, bail};

use super::{Outcome, open_index};
use crate::cli::{SearchArgs, SortChoice};
use crate::index::Location;
use crate::model::Date;
use crate::output::Style;
use crate::search::{self, Filters, Mode, Results, SearchOptions, Sort, highlight};

/// Width of a snippet in characters.
const SNIPPET_CHARS: usize = 90;

/// A search request after argument checking.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub query: String,
    pub options: SearchOptions,
    pub json: bool,
}

fn parse_date(flag: &str, value: Option<String>) -> Result<Option<Date>> {
    value
        .map(|v| {
            Date::parse_iso(&v)
                .with_context(|| format!("{flag} wants a date like 2003-07-01, not `{v}`"))
        })
        .transpose()
}

/// Checks the arguments and turns them into a request.
pub fn options(args: SearchArgs) -> Result<Request> {
    let doc_no = match args.doc_no {
        Some(text) => Some(
            crate::meta::docno::canonical_doc_no(&text).with_context(|| {
                format!("--doc-no wants a document number like 沪府办发〔2003〕41号, not `{text}`")
            })?,
        ),
        None => None,
    };
    let filters = Filters {
        agency: args.agency,
        doc_no,
        kind: args.kind,
        from: parse_date("--from", args.from)?,
        to: parse_date("--to", args.to)?,
        status: args.status,
    };
    if let (Some(from), Some(to)) = (filters.from, filters.to)
        && from > to
    {
        bail!("--from {from} is after --to {to}: nothing can match");
    }
    if args.limit == 0 {
        bail!("--limit must be at least 1");
    }
    Ok(Request {
        query: args.query.join(" "),
        options: SearchOptions {
            filters,
            sort: match args.sort {
                SortChoice::Relevance => Sort::Relevance,
                SortChoice::Date => Sort::Date,
            },
            limit: args.limit,
            all_versions: args.all_versions,
        },
        json: args.json,
    })
}

/// Runs the search and prints the results.
pub fn run(
    location: &Location,
    request: Request,
    color: bool,
    out: &mut impl Write,
) -> Result<Outcome> {
    // Check the query before a possibly long first build.
    if search::parse_citation(&request.query).is_none() {
        search::query::parse(&request.query)?;
    }
    let index = open_index(location)?;
    let results = search::search(&index, &request.query, &request.options)?;
    if request.json {
        serde_json::to_writer_pretty(&mut *out, &results)?;
        writeln!(out)?;
    } else {
        print_results(&results, Style { color }, out)?;
    }
    Ok(if results.hits.is_empty() {
        Outcome::NothingFound
    } else {
        Outcome::Found
    })
}

fn print_results(results: &Results, style: Style, out: &mut impl Write) -> Result<()> {
    if results.hits.is_empty() {
        writeln!(out, "no passage matches {}", results.query)?;
        return Ok(());
    }
    let shown = results.hits.len();
    let mut header = format!("{} of {} passages", shown, results.total);
    if results.mode == Mode::Related {
        header.push_str(
            " · no passage holds every term verbatim; showing passages sharing most of its words",
        );
    }
    writeln!(out, "{}\n", style.dim(&header))?;
    for (rank, hit) in results.hits.iter().enumerate() {
        let mut title = format!("{}. {}", rank + 1, hit.title);
        if let Some(status) = &hit.status {
            title.push_str(&format!(" 〔{status}〕"));
        }
        writeln!(out, "{}", style.title(&title))?;
        let mut meta: Vec<String> = Vec::new();
        meta.extend(hit.doc_no.clone());
        meta.extend(hit.agency.clone());
        if let Some(date) = &hit.written {
            meta.push(format!("成文 {date}"));
        }
        if let Some(date) = &hit.published {
            meta.push(format!("发布 {date}"));
        }
        meta.push(format!("id {}", hit.id));
        writeln!(out, "   {}", style.dim(&meta.join(" · ")))?;
        if !hit.section.is_empty() {
            writeln!(out, "   § {}", hit.section)?;
        }
        let ranges: Vec<_> = hit.highlights.iter().map(|[s, e]| *s..*e).collect();
        let snippet = highlight::snippet(&hit.passage, &ranges, SNIPPET_CHARS);
        writeln!(
            out,
            "   {}{}{}",
            if snippet.cut_before { "…" } else { "" },
            style.highlight(&snippet.text, &snippet.highlights),
            if snippet.cut_after { "…" } else { "" }
        )?;
        if hit.versions.len() > 1 {
            let versions: Vec<String> = hit
                .versions
                .iter()
                .map(|v| format!("{} ({})", v.id, v.written.as_deref().unwrap_or("undated")))
                .collect();
            writeln!(
                out,
                "   {}",
                style.dim(&format!("in versions: {}", versions.join(", ")))
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}
