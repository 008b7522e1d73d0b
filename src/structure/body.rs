//! Sections and passages of a cleaned body.
//!
//! A body with article lines (`第一条　…`) is read as a law: 编/分编/章/节 open sections and each
//! article, with its later paragraphs and items, is one passage. Any other body is read as a
//! policy document: numbered headings (`一、` `（一）` `1.` `（1）`) open sections and the
//! paragraphs under a heading are its passage.

use crate::model::{Passage, Section};

use super::heading::{Level, law_heading, policy_heading};
use super::numbers::article_number;

/// Builds sections and passages from a cleaned body (one paragraph per line).
pub fn structure_body(body: &str) -> (Vec<Section>, Vec<Passage>) {
    let lines: Vec<&str> = body
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let is_law = lines
        .iter()
        .any(|line| law_heading(line).is_some_and(|h| h.level == Level::Article));
    if is_law {
        law_structure(&lines)
    } else {
        policy_structure(&lines)
    }
}

/// A section being filled: its path, its own paragraphs, and whether a deeper heading follows it.
struct OpenSection {
    path: Vec<String>,
    paragraphs: Vec<String>,
    has_children: bool,
}

/// The heading stack shared by both readings: levels and heading lines from the top down.
#[derive(Default)]
struct Outline {
    stack: Vec<(Level, String)>,
}

impl Outline {
    /// Enters a heading: closes every open heading at the same or a deeper level.
    fn enter(&mut self, level: Level, heading: String) -> Vec<String> {
        while self.stack.last().is_some_and(|(open, _)| *open >= level) {
            self.stack.pop();
        }
        self.stack.push((level, heading));
        self.path()
    }

    fn path(&self) -> Vec<String> {
        self.stack
            .iter()
            .map(|(_, heading)| heading.clone())
            .collect()
    }
}

fn policy_structure(lines: &[&str]) -> (Vec<Section>, Vec<Passage>) {
    let mut outline = Outline::default();
    let mut open: Vec<OpenSection> = vec![OpenSection {
        path: Vec::new(),
        paragraphs: Vec::new(),
        has_children: false,
    }];
    for line in lines {
        match policy_heading(line) {
            Some(heading) => {
                let path = outline.enter(heading.level, (*line).to_string());
                // The new heading is a child of every open section whose path it extends.
                for section in open.iter_mut() {
                    if path.len() > section.path.len() && path.starts_with(&section.path) {
                        section.has_children = true;
                    }
                }
                open.push(OpenSection {
                    path,
                    paragraphs: Vec::new(),
                    has_children: false,
                });
            }
            None => {
                if let Some(section) = open.last_mut() {
                    section.paragraphs.push((*line).to_string());
                }
            }
        }
    }
    let mut sections = Vec::new();
    let mut passages = Vec::new();
    for section in open {
        if section.path.is_empty() && section.paragraphs.is_empty() {
            continue;
        }
        let text = section.paragraphs.join("\n");
        if !text.is_empty() {
            passages.push(Passage {
                section: section.path.clone(),
                text: text.clone(),
                article: None,
            });
        } else if !section.has_children {
            // A heading with neither text nor sub-headings is a one-line item: keep it searchable.
            if let Some(heading) = section.path.last() {
                passages.push(Passage {
                    section: section.path.clone(),
                    text: heading.clone(),
                    article: None,
                });
            }
        }
        sections.push(Section {
            path: section.path,
            text,
        });
    }
    (sections, passages)
}

/// An article being filled.
struct OpenArticle {
    path: Vec<String>,
    number: Option<String>,
    paragraphs: Vec<String>,
}

fn law_structure(lines: &[&str]) -> (Vec<Section>, Vec<Passage>) {
    let mut outline = Outline::default();
    let mut sections = vec![Section {
        path: Vec::new(),
        text: String::new(),
    }];
    let mut passages = Vec::new();
    let mut article: Option<OpenArticle> = None;
    // Paragraphs of the current section that are not inside an article (a preamble, a 序言).
    let mut loose: Vec<String> = Vec::new();
    for line in lines {
        let heading = law_heading(line);
        match heading {
            Some(h) if h.level == Level::Article => {
                finish_article(&mut article, &mut passages);
                let mut path = outline.path();
                path.push(h.label.to_string());
                let paragraphs = if h.rest.is_empty() {
                    Vec::new()
                } else {
                    vec![h.rest.to_string()]
                };
                article = Some(OpenArticle {
                    path,
                    number: article_number(h.label),
                    paragraphs,
                });
                push_line(&mut sections, line);
            }
            Some(h) => {
                finish_article(&mut article, &mut passages);
                finish_loose(&mut loose, &outline, &mut passages);
                let path = outline.enter(h.level, (*line).to_string());
                sections.push(Section {
                    path,
                    text: String::new(),
                });
            }
            None => {
                match article.as_mut() {
                    Some(open) => open.paragraphs.push((*line).to_string()),
                    None => loose.push((*line).to_string()),
                }
                push_line(&mut sections, line);
            }
        }
    }
    finish_article(&mut article, &mut passages);
    finish_loose(&mut loose, &outline, &mut passages);
    if sections.first().is_some_and(|s| s.text.is_empty()) {
        sections.remove(0);
    }
    (sections, passages)
}

/// Appends a line to the current (last) section's text.
fn push_line(sections: &mut [Section], line: &str) {
    if let Some(section) = sections.last_mut() {
        if !section.text.is_empty() {
            section.text.push('\n');
        }
        section.text.push_str(line);
    }
}

fn finish_article(article: &mut Option<OpenArticle>, passages: &mut Vec<Passage>) {
    if let Some(open) = article.take() {
        let mut text = open.paragraphs.join("\n");
        // An article with no text after its label (第一条 alone on a line): like a heading
        // without body, its label is what is left to find it by.
        if text.trim().is_empty() {
            text = open.path.last().cloned().unwrap_or_default();
        }
        passages.push(Passage {
            section: open.path,
            text,
            article: open.number,
        });
    }
}

fn finish_loose(loose: &mut Vec<String>, outline: &Outline, passages: &mut Vec<Passage>) {
    if !loose.is_empty() {
        passages.push(Passage {
            section: outline.path(),
            text: loose.join("\n"),
            article: None,
        });
        loose.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_article_without_text_is_not_an_empty_passage() {
        let (_, passages) = structure_body("第一条\u{3000}第一条");
        assert!(
            passages.iter().all(|p| !p.text.trim().is_empty()),
            "{passages:?}"
        );
    }

    #[test]
    fn policy_headings_become_paths_and_leaf_passages() {
        let body = "前言。\n一、总则\n正文一。\n二、目标\n（一）总体目标\n到2007年。\n（二）三年目标\n到2005年。\n续。";
        let (sections, passages) = structure_body(body);
        let paths: Vec<Vec<String>> = sections.iter().map(|s| s.path.clone()).collect();
        assert_eq!(
            paths,
            vec![
                vec![],
                vec!["一、总则".to_string()],
                vec!["二、目标".to_string()],
                vec!["二、目标".to_string(), "（一）总体目标".to_string()],
                vec!["二、目标".to_string(), "（二）三年目标".to_string()],
            ]
        );
        assert_eq!(passages.len(), 4);
        assert_eq!(passages[3].text, "到2005年。\n续。");
        assert_eq!(sections[2].text, "");
    }

    #[test]
    fn law_articles_are_one_passage_each() {
        let body = "第一章 总则\n第一条　为了保护。\n第二条　本法所称。\n发明，是指。\n（一）项目；\n第二章 申请\n第一节 要求\n第三条　申请。\n第三条之一　补充。";
        let (sections, passages) = structure_body(body);
        assert_eq!(sections.len(), 3);
        assert_eq!(sections[0].path, ["第一章 总则"]);
        assert_eq!(
            sections[0].text,
            "第一条　为了保护。\n第二条　本法所称。\n发明，是指。\n（一）项目；"
        );
        assert_eq!(passages.len(), 4);
        assert_eq!(passages[1].section, ["第一章 总则", "第二条"]);
        assert_eq!(passages[1].text, "本法所称。\n发明，是指。\n（一）项目；");
        assert_eq!(passages[1].article.as_deref(), Some("2"));
        assert_eq!(
            passages[2].section,
            ["第二章 申请", "第一节 要求", "第三条"]
        );
        assert_eq!(passages[3].article.as_deref(), Some("3之一"));
    }

    #[test]
    fn empty_body_has_no_structure() {
        assert_eq!(structure_body(""), (Vec::new(), Vec::new()));
        assert_eq!(structure_body("\n \n"), (Vec::new(), Vec::new()));
    }
}
