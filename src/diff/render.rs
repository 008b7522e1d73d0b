//! Printing a [`DiffReport`]: inline changed sentences, two columns, or one HTML page.
//!
//! Without colour, deletions are written `[-…-]` and insertions `{+…+}` (git's word-diff
//! markers); with colour they are red struck-through and green instead. Column layout counts
//! display cells (`unicode-width`: a Chinese character is two), never bytes or chars.

use std::fmt::Write;

use unicode_width::UnicodeWidthChar;

use super::text::is_sentence_end;
use super::{AlignedPair, DiffReport, DocRef, PairStatus, Piece, Stats};

const RED: &str = "\x1b[31;9m";
const GREEN: &str = "\x1b[32m";
const HEADING: &str = "\x1b[1;36m";
const RESET: &str = "\x1b[0m";

/// How a run of text is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Deleted,
    Inserted,
}

/// Text with a style per run.
type Runs = Vec<(Style, String)>;

/// The summary line: passages changed, added, removed, unchanged, and hunks.
pub fn summary(stats: &Stats) -> String {
    format!(
        "{} changed, {} added, {} removed, {} unchanged passages; {} hunks",
        stats.changed, stats.added, stats.removed, stats.unchanged, stats.hunks
    )
}

fn describe(doc: &DocRef) -> String {
    match doc.written {
        Some(date) => format!("{} ({}, {})", doc.title, doc.id, date),
        None => format!("{} ({})", doc.title, doc.id),
    }
}

fn paint(text: &str, style: Style, color: bool) -> String {
    match (style, color) {
        (Style::Plain, _) => text.to_string(),
        (Style::Deleted, true) => format!("{RED}{text}{RESET}"),
        (Style::Inserted, true) => format!("{GREEN}{text}{RESET}"),
        (Style::Deleted, false) => format!("[-{text}-]"),
        (Style::Inserted, false) => format!("{{+{text}+}}"),
    }
}

fn heading(text: &str, color: bool) -> String {
    if color {
        format!("{HEADING}{text}{RESET}")
    } else {
        text.to_string()
    }
}

/// Both sides in one run list: deletions then insertions at each edit.
fn inline_runs(pieces: &[Piece]) -> Runs {
    let mut runs = Runs::new();
    for piece in pieces {
        match piece {
            Piece::Equal(text) => runs.push((Style::Plain, text.clone())),
            Piece::Change { old, new, .. } => {
                if !old.is_empty() {
                    runs.push((Style::Deleted, old.clone()));
                }
                if !new.is_empty() {
                    runs.push((Style::Inserted, new.clone()));
                }
            }
        }
    }
    runs
}

/// Splits runs into sentences at sentence marks in unchanged text; an edit is never split.
fn sentences(runs: Runs) -> Vec<Runs> {
    let mut out: Vec<Runs> = Vec::new();
    let mut current = Runs::new();
    for (style, text) in runs {
        if style != Style::Plain {
            current.push((style, text));
            continue;
        }
        let mut buffer = String::new();
        for c in text.chars() {
            if c != '\n' {
                buffer.push(c);
            }
            if is_sentence_end(c) {
                current.push((Style::Plain, std::mem::take(&mut buffer)));
                out.push(std::mem::take(&mut current));
            }
        }
        if !buffer.is_empty() {
            current.push((Style::Plain, buffer));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Changed sentences under their section paths, then the summary line.
pub fn render_inline(report: &DiffReport, color: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "--- {}", describe(&report.old));
    let _ = writeln!(out, "+++ {}", describe(&report.new));
    for pair in report
        .pairs
        .iter()
        .filter(|p| p.status != PairStatus::Unchanged)
    {
        let note = match pair.status {
            PairStatus::Added => " (added)",
            PairStatus::Removed => " (removed)",
            _ => "",
        };
        let _ = writeln!(
            out,
            "\n{}{note}",
            heading(&format!("@ {}", pair.section()), color)
        );
        for sentence in sentences(inline_runs(&pair.pieces)) {
            if sentence.iter().all(|(style, _)| *style == Style::Plain) {
                continue;
            }
            let line: String = sentence
                .iter()
                .map(|(style, text)| paint(&text.replace('\n', "⏎"), *style, color))
                .collect();
            let _ = writeln!(out, "  {line}");
        }
    }
    let _ = writeln!(out, "\n{}", summary(&report.stats));
    out
}

/// One side of a pair: unchanged text plus that side's edits.
fn side_runs(pair: &AlignedPair, old_side: bool) -> Runs {
    let mut runs = Runs::new();
    for piece in &pair.pieces {
        match piece {
            Piece::Equal(text) => runs.push((Style::Plain, text.clone())),
            Piece::Change { old, new, .. } if old_side && !old.is_empty() => {
                runs.push((Style::Deleted, old.clone()))
            }
            Piece::Change { new, .. } if !old_side && !new.is_empty() => {
                runs.push((Style::Inserted, new.clone()))
            }
            Piece::Change { .. } => {}
        }
    }
    runs
}

/// Styled characters; without colour the markers become characters of their own, so they are
/// counted and wrapped like text.
fn cells(runs: &Runs, color: bool) -> Vec<(char, Style)> {
    let mut out = Vec::new();
    for (style, text) in runs {
        let (open, close) = match (style, color) {
            (Style::Deleted, false) => ("[-", "-]"),
            (Style::Inserted, false) => ("{+", "+}"),
            _ => ("", ""),
        };
        out.extend(open.chars().map(|c| (c, Style::Plain)));
        out.extend(
            text.chars()
                .map(|c| (if c == '\t' { ' ' } else { c }, *style)),
        );
        out.extend(close.chars().map(|c| (c, Style::Plain)));
    }
    out
}

fn cell_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Wraps styled characters into lines of at most `width` cells (hard breaks at `\n`).
fn wrap(chars: &[(char, Style)], width: usize) -> Vec<Vec<(char, Style)>> {
    let mut lines = vec![Vec::new()];
    let mut used = 0;
    for &(c, style) in chars {
        if c == '\n' {
            lines.push(Vec::new());
            used = 0;
            continue;
        }
        let w = cell_width(c);
        if used + w > width && used > 0 {
            lines.push(Vec::new());
            used = 0;
        }
        if let Some(line) = lines.last_mut() {
            line.push((c, style));
        }
        used += w;
    }
    lines
}

/// One wrapped line padded to `width` cells, with colour codes that take no cells.
fn draw(line: &[(char, Style)], width: usize, color: bool) -> String {
    let mut out = String::new();
    let mut current = Style::Plain;
    let mut used = 0;
    for &(c, style) in line {
        if color && style != current {
            out.push_str(match style {
                Style::Plain => RESET,
                Style::Deleted => RED,
                Style::Inserted => GREEN,
            });
            current = style;
        }
        out.push(c);
        used += cell_width(c);
    }
    if color && current != Style::Plain {
        out.push_str(RESET);
    }
    out.push_str(&" ".repeat(width.saturating_sub(used)));
    out
}

/// Old and new text in two columns of equal width, one row block per changed clause.
pub fn render_side_by_side(report: &DiffReport, width: usize, color: bool) -> String {
    let column = (width.saturating_sub(3) / 2).max(10);
    let mut out = String::new();
    let titles = [describe(&report.old), describe(&report.new)];
    let head: Vec<Vec<_>> = titles
        .iter()
        .map(|t| wrap(&cells(&vec![(Style::Plain, t.clone())], false), column))
        .collect();
    write_rows(&mut out, &head[0], &head[1], column, false);
    let _ = writeln!(out, "{}", "═".repeat(column * 2 + 3));
    for pair in report
        .pairs
        .iter()
        .filter(|p| p.status != PairStatus::Unchanged)
    {
        let _ = writeln!(out, "{}", heading(&format!("@ {}", pair.section()), color));
        let left = wrap(&cells(&side_runs(pair, true), color), column);
        let right = wrap(&cells(&side_runs(pair, false), color), column);
        write_rows(&mut out, &left, &right, column, color);
        let _ = writeln!(out, "{}", "─".repeat(column * 2 + 3));
    }
    let _ = writeln!(out, "{}", summary(&report.stats));
    out
}

fn write_rows(
    out: &mut String,
    left: &[Vec<(char, Style)>],
    right: &[Vec<(char, Style)>],
    column: usize,
    color: bool,
) {
    for row in 0..left.len().max(right.len()) {
        let l = left.get(row).map(Vec::as_slice).unwrap_or_default();
        let r = right.get(row).map(Vec::as_slice).unwrap_or_default();
        let line = format!("{} │ {}", draw(l, column, color), draw(r, column, color));
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// Escapes text for HTML element content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// One side of a pair as HTML, edits in `<del>`/`<ins>` (class `punct` for punctuation-only).
fn side_html(pair: &AlignedPair, old_side: bool) -> String {
    let mut out = String::new();
    for piece in &pair.pieces {
        match piece {
            Piece::Equal(text) => out.push_str(&escape(text)),
            Piece::Change {
                old,
                new,
                punctuation_only,
            } => {
                let (tag, text) = if old_side { ("del", old) } else { ("ins", new) };
                if !text.is_empty() {
                    let class = if *punctuation_only {
                        " class=\"punct\""
                    } else {
                        ""
                    };
                    let _ = write!(out, "<{tag}{class}>{}</{tag}>", escape(text));
                }
            }
        }
    }
    out
}

const CSS: &str = "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','PingFang SC',\
'Microsoft YaHei',sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222;line-height:1.7}\
h1{font-size:1.4em;margin-bottom:.2em}.summary{color:#444;margin:.3em 0 1em}\
.legend del,.legend ins{padding:0 .3em}\
table{border-collapse:collapse;width:100%;table-layout:fixed}\
th,td{vertical-align:top;padding:.4em .7em;border-bottom:1px solid #e4e4e4;text-align:left}\
thead th{background:#f3f3f3;font-weight:600;position:sticky;top:0}\
tr.section th{background:#eef4fb;color:#1d4f91;font-weight:600;padding-top:.8em}\
tr.unchanged td{color:#777}tr.added td.new{background:#eefbee}tr.removed td.old{background:#fdeeee}\
del{background:#ffd7d5;color:#a00;text-decoration:line-through}\
ins{background:#cdf5cd;color:#064;text-decoration:none}\
del.punct,ins.punct{background:#f4f4c8;color:inherit}\
.status{font-size:.8em;color:#888;margin-left:.5em}";

/// One self-contained HTML page: both versions side by side, aligned by clause, edits marked.
pub fn render_html(report: &DiffReport) -> String {
    let mut out = String::new();
    let title = format!("{} → {}", describe(&report.old), describe(&report.new));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        escape(&title)
    );
    let _ = writeln!(out, "<h1>{}</h1>", escape(&report.new.title));
    let _ = writeln!(
        out,
        "<p class=\"summary\">{}</p>",
        escape(&summary(&report.stats))
    );
    let _ = writeln!(
        out,
        "<p class=\"legend\"><del>删除</del> <ins>新增</ins> \
         <del class=\"punct\">仅标点</del></p>"
    );
    let _ = writeln!(
        out,
        "<table>\n<thead><tr><th>旧：{}</th><th>新：{}</th></tr></thead>\n<tbody>",
        escape(&describe(&report.old)),
        escape(&describe(&report.new))
    );
    let mut last_section = None;
    for pair in &report.pairs {
        let section = pair.section();
        if last_section != Some(section) {
            let _ = writeln!(
                out,
                "<tr class=\"section\"><th colspan=\"2\">{}</th></tr>",
                escape(section)
            );
            last_section = Some(section);
        }
        let class = match pair.status {
            PairStatus::Unchanged => "unchanged",
            PairStatus::Changed => "changed",
            PairStatus::Added => "added",
            PairStatus::Removed => "removed",
        };
        let _ = writeln!(
            out,
            "<tr class=\"{class}\"><td class=\"old\">{}</td><td class=\"new\">{}</td></tr>",
            side_html(pair, true),
            side_html(pair, false)
        );
    }
    out.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::super::{DiffOptions, compare};
    use super::*;
    use crate::model::{Date, Document, Passage};

    fn doc(id: &str, texts: &[(&str, &str)], written: Option<Date>) -> Document {
        Document {
            id: id.into(),
            title: "实施意见".into(),
            written,
            passages: texts
                .iter()
                .map(|(h, t)| Passage {
                    section: vec![h.to_string()],
                    text: t.to_string(),
                    article: None,
                })
                .collect(),
            ..Document::default()
        }
    }

    fn report() -> DiffReport {
        let old = doc(
            "old",
            &[
                (
                    "一、目标",
                    "使上海主要环境质量指标达到或超过全国平均水平。到2007年建成框架。",
                ),
                ("二、<旧>", "删除的段落。"),
            ],
            Date::new(2003, 6, 30),
        );
        let new = doc(
            "new",
            &[(
                "一、目标",
                "使上海总体环境质量处于全国大城市先进水平。到2007年建成框架。",
            )],
            Date::new(2003, 10, 15),
        );
        compare(&old, &new, &DiffOptions::default())
    }

    #[test]
    fn inline_marks_changes_and_skips_unchanged_sentences() {
        let text = render_inline(&report(), false);
        assert!(text.contains("@ 一、目标"), "{text}");
        assert!(
            text.contains(
                "[-主要环境质量指标达到或超过全国平均-]{+总体环境质量处于全国大城市先进+}"
            ),
            "{text}"
        );
        assert!(!text.contains("到2007年建成框架"), "{text}");
        assert!(text.contains("@ 二、<旧> (removed)"), "{text}");
        assert!(text.contains("[-6月30-]{+10月15+}"), "{text}");
        assert!(
            text.trim_end()
                .ends_with("2 changed, 0 added, 1 removed, 0 unchanged passages; 3 hunks"),
            "{text}"
        );
        assert!(!text.contains('\x1b'));
    }

    #[test]
    fn inline_with_colour_uses_escape_codes_not_markers() {
        let text = render_inline(&report(), true);
        assert!(text.contains(RED) && text.contains(GREEN));
        assert!(!text.contains("[-") && !text.contains("{+"));
    }

    #[test]
    fn side_by_side_columns_line_up_in_display_cells() {
        let text = render_side_by_side(&report(), 60, false);
        let rows: Vec<&str> = text.lines().filter(|l| l.contains(" │ ")).collect();
        assert!(rows.len() > 3, "{text}");
        for row in rows {
            let left = row.split(" │ ").next().unwrap_or_default();
            let cells: usize = left.chars().map(cell_width).sum();
            assert_eq!(cells, 28, "row {row:?}");
        }
    }

    #[test]
    fn side_by_side_colour_codes_take_no_cells() {
        let text = render_side_by_side(&report(), 60, true);
        for row in text.lines().filter(|l| l.contains(" │ ")) {
            let left = row.split(" │ ").next().unwrap_or_default();
            let visible: String = strip_ansi(left);
            assert_eq!(
                visible.chars().map(cell_width).sum::<usize>(),
                28,
                "row {row:?}"
            );
        }
    }

    fn strip_ansi(text: &str) -> String {
        let mut out = String::new();
        let mut in_escape = false;
        for c in text.chars() {
            match (in_escape, c) {
                (false, '\x1b') => in_escape = true,
                (true, 'm') => in_escape = false,
                (true, _) => {}
                (false, c) => out.push(c),
            }
        }
        out
    }

    #[test]
    fn html_is_self_contained_escaped_and_marked() {
        let html = render_html(&report());
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        assert!(!html.contains("<script") && !html.contains("<link") && !html.contains("src="));
        assert!(
            html.contains("<del>主要环境质量指标达到或超过全国平均</del>"),
            "{html}"
        );
        assert!(html.contains("<ins>总体环境质量处于全国大城市先进</ins>"));
        assert!(html.contains("二、&lt;旧&gt;") && !html.contains("<旧>"));
        assert!(html.contains("2 changed, 0 added, 1 removed, 0 unchanged passages"));
        assert_eq!(html.matches("<tr class=\"section\">").count(), 3, "{html}");
        assert!(html.trim_end().ends_with("</html>"));
    }
}
