//! Title, metadata, body text and attachment links from a government web page.
//!
//! Three sources of structure, most specific first:
//! 1. the gov.cn document page's metadata table (`索　引　号：` … `发布日期：` cells, labels
//!    padded with full-width spaces) with the body in `#UCAP-CONTENT`;
//! 2. `<meta name="ArticleTitle" | "PubDate" | "ContentSource">`, used by many provincial sites;
//! 3. a generic fallback: the element whose paragraphs hold the most CJK text.
//!
//! Navigation, headers, footers, scripts, share buttons, breadcrumbs and "打印本页 关闭窗口"
//! lines never reach the body. Every walk over the tree is iterative (ego-tree's `traverse`,
//! parent links), and text gathering for a single element is capped. html5ever's tree builder
//! is quadratic in nesting depth (scope checks walk the stack of open elements: 40,000 nested
//! `<div>`s took 6 s to parse), so tags nested beyond [`MAX_NESTING`] are dropped before
//! parsing; their text is kept.

use std::borrow::Cow;

use std::collections::{BTreeMap, HashMap};

use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node};

/// A link to a file published with the page (the document's PDF, forms, annexes…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The link text, or the file name when the link has no text.
    pub name: String,
    /// Absolute when a base URL was known (or the page has `<base href>`), else as written.
    pub url: String,
}

/// What [`extract`] found in a page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HtmlPage {
    pub title: Option<String>,
    /// Metadata by Chinese field name: 索引号, 主题分类, 发文机关, 成文日期, 标题, 发文字号,
    /// 发布日期, 来源. Values are as written on the page (dates are not parsed here).
    pub fields: BTreeMap<String, String>,
    /// The main text, one paragraph per line (`\n`), no empty lines.
    pub body: String,
    pub attachments: Vec<Attachment>,
}

/// Labels seen in metadata tables (whitespace removed) and the field each one fills.
const LABELS: &[(&str, &str)] = &[
    ("索引号", "索引号"),
    ("主题分类", "主题分类"),
    ("发文机关", "发文机关"),
    ("发布机关", "发文机关"),
    ("发布机构", "发文机关"),
    ("发文单位", "发文机关"),
    ("成文日期", "成文日期"),
    ("生成日期", "成文日期"),
    ("标题", "标题"),
    ("发文字号", "发文字号"),
    ("文号", "发文字号"),
    ("发布日期", "发布日期"),
    ("发布时间", "发布日期"),
    ("来源", "来源"),
    ("信息来源", "来源"),
    ("文章来源", "来源"),
];

/// `<meta name=…>` values and the field each fills.
const META_NAMES: &[(&str, &str)] = &[
    ("articletitle", "标题"),
    ("pubdate", "发布日期"),
    ("contentsource", "来源"),
];

/// Elements whose whole subtree is never body text.
const SKIPPED_TAGS: &[&str] = &[
    "head", "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "select", "textarea", "iframe", "svg", "object", "embed",
];

/// Class or id fragments (lower case) marking page furniture rather than content.
const SKIPPED_MARKS: &[&str] = &[
    "share",
    "fenxiang",
    "breadcrumb",
    "crumb",
    "print",
    "footer",
    "foot",
    "nav",
    "menu",
    "header",
    "toolbar",
    "sidebar",
    "copyright",
    "position",
    "location",
    "weizhi",
    "dqwz",
    "related",
    "xgwz",
];

/// Elements that start a new line of text.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "blockquote",
    "pre",
    "dt",
    "dd",
    "dl",
    "center",
    "hr",
    "body",
];

/// Extensions of files worth recording as attachments.
const ATTACHMENT_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "wps", "zip", "rar", "ofd", "et", "ceb",
];

/// Lines made only of these (and brackets or punctuation) are page furniture.
const BOILERPLATE: &[&str] = &[
    "扫一扫在手机打开当前页",
    "扫一扫在手机上查看当前页面",
    "打印本页",
    "关闭窗口",
    "打印",
    "关闭",
    "分享到",
    "分享",
    "收藏",
    "字号",
    "字体",
    "默认",
    "返回顶部",
    "大",
    "中",
    "小",
    "微信",
    "微博",
    "QQ空间",
];

/// How many nodes a label cell or link may contain before it is not a label cell or link.
const SHORT_NODES: usize = 64;
/// Longest text (chars) of a metadata cell.
const SHORT_CHARS: usize = 300;

/// Deepest element nesting passed to the parser. Real pages stay far below (tens of levels);
/// at 2,000 the parser's quadratic scope checks still cost only milliseconds.
const MAX_NESTING: usize = 2_000;

/// Extracts title, metadata, body and attachments. Never fails: a page with nothing
/// recognisable gives empty fields and whatever text the fallback finds.
pub fn extract(html: &str, base_url: Option<&str>) -> HtmlPage {
    let document = Html::parse_document(&limit_nesting(html, MAX_NESTING));
    let mut fields = BTreeMap::new();
    table_fields(&document, &mut fields);
    meta_fields(&document, &mut fields);
    let title = page_title(&document, &fields);
    let mut body = match element_by_id(&document, "UCAP-CONTENT") {
        Some(content) => render(content),
        None => main_block(&document).map(render).unwrap_or_default(),
    };
    if let Some(title) = &title {
        body = drop_leading_title(body, title);
    }
    HtmlPage {
        title,
        fields,
        body,
        attachments: attachments(&document, base_url),
    }
}

// ---------------------------------------------------------------------------------------------
// Metadata

/// Fills fields from `label：value` cells. Small cells (td, b, span…) go first so that a
/// container whose text runs several labels together never supplies a value.
fn table_fields(document: &Html, fields: &mut BTreeMap<String, String>) {
    const CELLS: &[&str] = &[
        "td", "th", "b", "strong", "span", "label", "font", "em", "dt", "dd",
    ];
    const CONTAINERS: &[&str] = &["li", "p", "div"];
    for tags in [CELLS, CONTAINERS] {
        for element in elements(document).filter(|e| tags.contains(&e.value().name())) {
            if let Some((field, value)) = labelled_value(element) {
                fields.entry(field.to_string()).or_insert(value);
            }
        }
    }
}

/// The field and value of a `label：value` element, the value from its own text or, for a
/// bare label, from the next element (the next cell of the row).
fn labelled_value(element: ElementRef) -> Option<(&'static str, String)> {
    let text = short_text(*element)?;
    let (label, rest) = text.split_once(['：', ':'])?;
    let field = field_for_label(label)?;
    let value = clean_value(&cut_at_next_label(rest));
    if !value.is_empty() {
        return Some((field, value));
    }
    // A bare label: climb while the ancestors hold nothing else, then take the next element.
    let mut node = *element;
    loop {
        if let Some(next) = node.next_siblings().find(|n| n.value().is_element()) {
            let value = clean_value(&cut_at_next_label(&short_text(next)?));
            return (!value.is_empty()).then_some((field, value));
        }
        let parent = node.parent()?;
        if short_text(parent).as_deref().map(str::trim) != Some(text.trim()) {
            return None;
        }
        node = parent;
    }
}

/// The field a label names: whitespace (also full-width and no-break) does not count.
fn field_for_label(label: &str) -> Option<&'static str> {
    let label: String = label.chars().filter(|c| !is_space(*c)).collect();
    LABELS
        .iter()
        .find(|(name, _)| *name == label)
        .map(|(_, field)| *field)
}

/// A value up to the next `label：` in the same text (`2023-01-01 来源：…` → `2023-01-01`): a
/// known label, or any short CJK word after a space (`浏览次数：`, `点击：`).
fn cut_at_next_label(value: &str) -> String {
    for (at, _) in value.match_indices(['：', ':']) {
        let before = value[..at].trim_end_matches(is_space);
        if let Some(name) = LABELS
            .iter()
            .map(|(name, _)| *name)
            .find(|name| before.ends_with(name))
        {
            return value[..before.len() - name.len()].to_string();
        }
        if let Some(space) = before.rfind(is_space) {
            let word = &before[space..].trim_start_matches(is_space);
            let len = word.chars().count();
            if (2..=6).contains(&len) && word.chars().all(is_cjk) {
                return value[..before.len() - word.len()].to_string();
            }
        }
    }
    value.to_string()
}

/// Fills fields still missing from provincial `<meta name=… content=…>` tags. ContentSource
/// is the publishing body's name, so it also stands in for 发文机关 when no table gave one.
fn meta_fields(document: &Html, fields: &mut BTreeMap<String, String>) {
    for element in elements(document).filter(|e| e.value().name() == "meta") {
        let (Some(name), Some(content)) = (element.attr("name"), element.attr("content")) else {
            continue;
        };
        let name = name.trim().to_ascii_lowercase();
        let Some((_, field)) = META_NAMES.iter().find(|(meta, _)| *meta == name) else {
            continue;
        };
        let value = clean_value(content);
        if value.is_empty() {
            continue;
        }
        if *field == "来源" {
            fields
                .entry("发文机关".to_string())
                .or_insert_with(|| value.clone());
        }
        fields.entry(field.to_string()).or_insert(value);
    }
}

/// The page title: the 标题 field, else the first `<h1>` outside page furniture, else the
/// `<title>` without its site-name suffix.
fn page_title(document: &Html, fields: &BTreeMap<String, String>) -> Option<String> {
    if let Some(title) = fields.get("标题") {
        return Some(title.clone());
    }
    let h1 = elements(document)
        .filter(|e| e.value().name() == "h1" && !in_furniture(**e))
        .filter_map(|e| short_text(*e).map(|t| clean_value(&t)))
        .find(|t| t.chars().any(is_cjk));
    if h1.is_some() {
        return h1;
    }
    let title = elements(document).find(|e| e.value().name() == "title")?;
    let title = clean_value(&short_text(*title)?);
    let first = title
        .split(['_', '|'])
        .flat_map(|part| part.split(" - "))
        .map(str::trim)
        .find(|part| !part.is_empty())?;
    Some(first.to_string())
}

// ---------------------------------------------------------------------------------------------
// Body

/// The element whose `<p>`s hold the most CJK text (a paragraph counts fully for its parent
/// and half for its grandparent, so a wrapper of the article can win over a single column);
/// when the page has no such paragraphs, the element with the most CJK text of its own.
fn main_block(document: &Html) -> Option<NodeRef<'_, Node>> {
    let mut paragraph_scores: HashMap<ego_tree::NodeId, usize> = HashMap::new();
    let mut text_scores: HashMap<ego_tree::NodeId, usize> = HashMap::new();
    let mut open: Vec<NodeRef<Node>> = Vec::new();
    let mut open_paragraphs: Vec<usize> = Vec::new();
    let mut skip_depth = 0usize;
    for edge in document.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                let Node::Element(element) = node.value() else {
                    if let Node::Text(text) = node.value()
                        && skip_depth == 0
                    {
                        let cjk = text.chars().filter(|&c| is_cjk(c)).count();
                        if cjk == 0 {
                            continue;
                        }
                        if let Some(&p) = open_paragraphs.last() {
                            if let Some(parent) = p.checked_sub(1).and_then(|i| open.get(i)) {
                                *paragraph_scores.entry(parent.id()).or_default() += cjk;
                            }
                            if let Some(grand) = p.checked_sub(2).and_then(|i| open.get(i)) {
                                *paragraph_scores.entry(grand.id()).or_default() += cjk / 2;
                            }
                        } else if let Some(parent) = open.last() {
                            *text_scores.entry(parent.id()).or_default() += cjk;
                        }
                    }
                    continue;
                };
                if skip_depth > 0 || is_skipped(element) {
                    skip_depth += 1;
                    continue;
                }
                if element.name() == "p" {
                    open_paragraphs.push(open.len());
                }
                open.push(node);
            }
            Edge::Close(node) => {
                let Node::Element(element) = node.value() else {
                    continue;
                };
                if skip_depth > 0 {
                    skip_depth -= 1;
                    continue;
                }
                open.pop();
                if element.name() == "p" {
                    open_paragraphs.pop();
                }
            }
        }
    }
    let best = |scores: HashMap<ego_tree::NodeId, usize>| {
        scores
            .into_iter()
            .max_by_key(|&(id, score)| (score, std::cmp::Reverse(id)))
            .and_then(|(id, _)| document.tree.get(id))
    };
    if paragraph_scores.is_empty() {
        best(text_scores)
    } else {
        best(paragraph_scores)
    }
}

/// The text of a subtree, one paragraph per line, furniture and boilerplate lines dropped.
fn render(root: NodeRef<'_, Node>) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut skip_depth = 0usize;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Text(text) if skip_depth == 0 => line.push_str(text),
                Node::Element(element) => {
                    if skip_depth > 0 || (node != root && is_skipped(element)) {
                        skip_depth += 1;
                    } else if BLOCK_TAGS.contains(&element.name()) {
                        lines.push(std::mem::take(&mut line));
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(element) = node.value() {
                    if skip_depth > 0 {
                        skip_depth -= 1;
                    } else if BLOCK_TAGS.contains(&element.name()) {
                        lines.push(std::mem::take(&mut line));
                    } else if matches!(element.name(), "td" | "th") {
                        line.push(' ');
                    }
                }
            }
        }
    }
    lines.push(line);
    lines
        .iter()
        .map(|line| clean_line(line))
        .filter(|line| !line.is_empty() && !is_boilerplate(line))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Removes a first body line that repeats the title (the article's own `<h1>`).
fn drop_leading_title(body: String, title: &str) -> String {
    match body.split_once('\n') {
        Some((first, rest)) if first == title => rest.to_string(),
        None if body == title => String::new(),
        _ => body,
    }
}

/// Whether an element's subtree is page furniture (by tag, or by class/id).
fn is_skipped(element: &scraper::node::Element) -> bool {
    if SKIPPED_TAGS.contains(&element.name()) {
        return true;
    }
    let marked = |value: &str| {
        let value = value.to_ascii_lowercase();
        SKIPPED_MARKS.iter().any(|mark| value.contains(mark))
    };
    element.id().is_some_and(marked) || element.classes().any(marked)
}

/// Whether a node sits inside page furniture (walks parent links, no recursion).
fn in_furniture(node: NodeRef<'_, Node>) -> bool {
    node.ancestors()
        .chain(std::iter::once(node))
        .any(|n| matches!(n.value(), Node::Element(e) if is_skipped(e)))
}

/// A line with runs of whitespace collapsed, indentation (also `&nbsp;` and full-width spaces)
/// and trailing space removed, and line breaks of the source between CJK characters dropped.
fn clean_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut pending: Option<bool> = None; // a whitespace run; true if it had a line break
    for c in line.chars() {
        if c.is_whitespace() && c != '\u{3000}' || c == '\u{a0}' {
            let newline = c == '\n' || c == '\r';
            pending = Some(pending.unwrap_or(false) || newline);
            continue;
        }
        if let Some(had_newline) = pending.take() {
            let after_cjk = out.chars().next_back().is_some_and(is_cjk_or_punct);
            let joins_cjk = had_newline && after_cjk && is_cjk_or_punct(c);
            if !out.is_empty() && !joins_cjk {
                out.push(' ');
            }
        }
        out.push(c);
    }
    out.trim_matches(is_space).to_string()
}

/// A metadata value on one line.
fn clean_value(value: &str) -> String {
    clean_line(&value.replace(['\n', '\r'], " "))
}

/// Whether a line is only share/print/font-size furniture.
fn is_boilerplate(line: &str) -> bool {
    if line.chars().count() > 40 {
        return false;
    }
    let mut rest = line.to_string();
    for word in BOILERPLATE {
        rest = rest.replace(word, "");
    }
    !rest.chars().any(|c| c.is_alphanumeric())
}

// ---------------------------------------------------------------------------------------------
// Attachments

/// Links to documents (by file extension), resolved against `<base href>` and `base_url`,
/// without duplicates, in page order.
fn attachments(document: &Html, base_url: Option<&str>) -> Vec<Attachment> {
    let base = effective_base(document, base_url);
    let mut found: Vec<Attachment> = Vec::new();
    for link in elements(document).filter(|e| e.value().name() == "a") {
        let Some(href) = link.attr("href").map(str::trim) else {
            continue;
        };
        let url = match &base {
            Some(base) => base
                .join(href)
                .map(|url| url.to_string())
                .unwrap_or_else(|_| href.to_string()),
            None => href.to_string(),
        };
        let Some(file_name) = attachment_file_name(&url) else {
            continue;
        };
        if found.iter().any(|a| a.url == url) {
            continue;
        }
        let text = short_text(*link)
            .map(|t| clean_value(&t))
            .unwrap_or_default();
        let name = [
            text,
            link.attr("title").map(clean_value).unwrap_or_default(),
        ]
        .into_iter()
        .find(|name| !name.is_empty())
        .unwrap_or(file_name);
        found.push(Attachment { name, url });
    }
    found
}

/// The URL relative links resolve against: `base_url` joined with the page's `<base href>`.
fn effective_base(document: &Html, base_url: Option<&str>) -> Option<reqwest::Url> {
    let from_caller = base_url.and_then(|url| reqwest::Url::parse(url).ok());
    let base_href = elements(document)
        .find(|e| e.value().name() == "base")
        .and_then(|e| e.attr("href"));
    match (from_caller, base_href) {
        (Some(base), Some(href)) => base.join(href).ok().or(Some(base)),
        (None, Some(href)) => reqwest::Url::parse(href).ok(),
        (base, None) => base,
    }
}

/// The file name of a link to a document type we record, or `None`.
fn attachment_file_name(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next()?;
    let name = path.rsplit('/').next()?;
    let (_, extension) = name.rsplit_once('.')?;
    let extension = extension.to_ascii_lowercase();
    ATTACHMENT_EXTENSIONS
        .contains(&extension.as_str())
        .then(|| name.to_string())
}

// ---------------------------------------------------------------------------------------------
// Nesting limit

/// Elements that never nest (void) or close themselves implicitly (`<p>`, `<li>`, `<td>`…):
/// old pages leave thousands of these unclosed, so they must not count as depth.
const FLAT_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "p", "li", "td", "th", "tr", "dt", "dd", "option", "optgroup",
    "tbody", "thead", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "html", "head", "body",
];

/// Elements whose content is raw text, where `<` does not start a tag.
const RAW_TEXT_TAGS: &[&str] = &["script", "style", "textarea", "title", "xmp", "plaintext"];

/// The page with start and end tags nested deeper than `max` removed (text, comments and all
/// shallower tags untouched). Depth is approximated by a tag-name stack, which is exact for
/// well-formed nesting; a page that never gets that deep is returned as it is.
fn limit_nesting(html: &str, max: usize) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut kept_from = 0; // start of the span not yet copied into `out`
    let mut stack: Vec<bool> = Vec::new(); // per open tag: was it dropped?
    let mut at = 0;
    while let Some(offset) = bytes[at..].iter().position(|&b| b == b'<') {
        let start = at + offset;
        let Some(tag) = scan_tag(html, start) else {
            at = start + 1;
            continue;
        };
        at = tag.end;
        let drop = match tag.kind {
            TagKind::Open if FLAT_TAGS.contains(&tag.name.as_str()) => false,
            TagKind::Open => {
                let drop = stack.len() >= max;
                stack.push(drop);
                drop
            }
            TagKind::Close if FLAT_TAGS.contains(&tag.name.as_str()) => false,
            TagKind::Close => stack.pop().unwrap_or(false),
            TagKind::Other => false,
        };
        if drop {
            let out = out.get_or_insert_with(|| String::with_capacity(html.len()));
            out.push_str(&html[kept_from..start]);
            kept_from = tag.end;
        }
    }
    match out {
        Some(mut out) => {
            out.push_str(&html[kept_from..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(html),
    }
}

enum TagKind {
    Open,
    Close,
    /// Comments, doctypes, processing instructions, self-closing and raw-text elements
    /// (scanned through to their end tag): nothing that changes depth.
    Other,
}

struct Tag {
    kind: TagKind,
    /// Lower-cased element name.
    name: String,
    /// Byte offset just past the tag (or past the raw-text element's end tag).
    end: usize,
}

/// The tag starting at `start` (a `<`), or `None` if that `<` is just text.
fn scan_tag(html: &str, start: usize) -> Option<Tag> {
    let rest = &html[start..];
    let other = |len: usize| {
        Some(Tag {
            kind: TagKind::Other,
            name: String::new(),
            end: start + len,
        })
    };
    if let Some(comment) = rest.strip_prefix("<!--") {
        return other(comment.find("-->").map_or(rest.len(), |i| i + 4 + 3));
    }
    if rest.starts_with("<!") || rest.starts_with("<?") {
        return other(rest.find('>').map_or(rest.len(), |i| i + 1));
    }
    let (closing, name_from) = match rest.as_bytes().get(1)? {
        b'/' => (true, 2),
        _ => (false, 1),
    };
    let name_len = rest[name_from..]
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b':'))
        .unwrap_or(rest.len() - name_from);
    let first = rest.as_bytes().get(name_from)?;
    if name_len == 0 || !first.is_ascii_alphabetic() {
        return None;
    }
    let name = rest[name_from..name_from + name_len].to_ascii_lowercase();
    let end = tag_end(rest, name_from + name_len);
    if closing {
        return Some(Tag {
            kind: TagKind::Close,
            name,
            end: start + end,
        });
    }
    if RAW_TEXT_TAGS.contains(&name.as_str()) {
        let lower_rest = rest[end..].to_ascii_lowercase();
        let close = format!("</{name}");
        let content_end = lower_rest.find(&close).map_or(rest.len(), |i| end + i);
        return other(tag_end(rest, content_end.min(rest.len())));
    }
    let self_closing = rest[..end].trim_end_matches('>').ends_with('/');
    Some(Tag {
        kind: if self_closing {
            TagKind::Other
        } else {
            TagKind::Open
        },
        name,
        end: start + end,
    })
}

/// Offset just past the `>` closing a tag whose attributes start at `from` (quotes respected).
fn tag_end(tag: &str, from: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (i, &b) in tag.as_bytes().iter().enumerate().skip(from) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    tag.len()
}

// ---------------------------------------------------------------------------------------------
// Tree helpers

/// Every element in document order (ego-tree's iterative traversal).
fn elements(document: &Html) -> impl Iterator<Item = ElementRef<'_>> {
    document
        .tree
        .root()
        .descendants()
        .filter_map(ElementRef::wrap)
}

fn element_by_id<'a>(document: &'a Html, id: &str) -> Option<NodeRef<'a, Node>> {
    elements(document)
        .find(|e| e.value().id() == Some(id))
        .map(|e| *e)
}

/// The text of a small subtree (at most [`SHORT_NODES`] nodes and [`SHORT_CHARS`] chars),
/// with a space between cells; `None` for anything bigger, which is no label or value cell.
fn short_text(node: NodeRef<'_, Node>) -> Option<String> {
    let mut text = String::new();
    let mut count = 0;
    for edge in node.traverse() {
        count += 1;
        if count > 2 * SHORT_NODES {
            return None;
        }
        match edge {
            Edge::Open(n) => {
                if let Node::Text(t) = n.value() {
                    text.push_str(t);
                }
            }
            Edge::Close(n) => {
                if let Node::Element(e) = n.value()
                    && (BLOCK_TAGS.contains(&e.name()) || matches!(e.name(), "td" | "th"))
                {
                    text.push(' ');
                }
            }
        }
    }
    (text.chars().count() <= SHORT_CHARS).then_some(text)
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}'
}

/// CJK ideographs (the unified blocks and extension A, where policy text lives).
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// CJK ideographs and CJK/full-width punctuation: no space belongs between two of these.
fn is_cjk_or_punct(c: char) -> bool {
    is_cjk(c) || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_line_joins_cjk_across_source_line_breaks() {
        assert_eq!(
            clean_line("　　为推进清洁\n   生产，现通知如下。 "),
            "为推进清洁生产，现通知如下。"
        );
        assert_eq!(clean_line("\u{a0}\u{a0}GB  18030 标准"), "GB 18030 标准");
        assert_eq!(clean_line("第一条　为了"), "第一条　为了");
    }

    #[test]
    fn boilerplate_lines_are_recognised() {
        assert!(is_boilerplate("【打印本页】 【关闭窗口】"));
        assert!(is_boilerplate("字号：[ 大 中 小 ]"));
        assert!(is_boilerplate("分享到："));
        assert!(!is_boilerplate("一、关于清洁生产"));
        assert!(!is_boilerplate("中小企业"));
    }

    #[test]
    fn labels_with_full_width_spaces_are_found() {
        assert_eq!(field_for_label("标　　题"), Some("标题"));
        assert_eq!(field_for_label("索 引 号"), Some("索引号"));
        assert_eq!(field_for_label("文号"), Some("发文字号"));
        assert_eq!(field_for_label("正文"), None);
    }

    #[test]
    fn value_stops_at_the_next_label() {
        assert_eq!(
            cut_at_next_label("2023-07-14 来源：国务院办公厅"),
            "2023-07-14 "
        );
        assert_eq!(cut_at_next_label("10:30"), "10:30");
        assert_eq!(
            cut_at_next_label("2024-03-05　　浏览次数：1024"),
            "2024-03-05　　"
        );
    }

    #[test]
    fn attachment_links_are_recognised_by_extension() {
        assert_eq!(
            attachment_file_name("http://x.gov.cn/a/附件1.PDF?v=2").as_deref(),
            Some("附件1.PDF")
        );
        assert_eq!(attachment_file_name("http://x.gov.cn/a/index.html"), None);
        assert_eq!(attachment_file_name("javascript:void(0)"), None);
    }

    #[test]
    fn nesting_beyond_the_limit_loses_tags_not_text() {
        let html = "<div><div><div><b>深</b></div></div></div><p>浅";
        assert_eq!(limit_nesting(html, 2), "<div><div>深</div></div><p>浅");
        assert!(matches!(limit_nesting(html, 4), Cow::Borrowed(_)));
        // Tags inside scripts and comments do not count; unclosed <p>s do not either.
        let html = "<script>if (a <div) {}</script><!-- <div> --><p><p><p><div>x</div>";
        assert!(matches!(limit_nesting(html, 1), Cow::Borrowed(_)));
    }

    #[test]
    fn tag_scanner_survives_truncated_input() {
        for html in [
            "<",
            "<div",
            "<div class=\"a",
            "</",
            "<!--",
            "<script>",
            "<a href='x>y'>",
        ] {
            let _ = limit_nesting(html, 0);
        }
    }

    #[test]
    fn empty_and_garbage_input_does_not_panic() {
        for html in [
            "",
            "<",
            "<<<>>>",
            "<p>",
            "</td></tr>",
            "<meta name=PubDate>",
        ] {
            let page = extract(html, Some("not a url"));
            assert!(page.body.is_empty(), "{html}: {page:?}");
        }
    }
}
