//! Splits one cleaned file into the 公文 it holds.
//!
//! Every line is classified (title, header field `键：值`, document number, addressee ending in
//! `：`, body line, signer, date, trailing metadata such as 主题词/抄送, colophon `…印发` or
//! `（共印N份）`) and fed to a small state machine. A date closes a document and takes the
//! organisation names just above it as signers; a title after a closed document opens the
//! next one. Documents up to a colophon form a bundle (a cover notice and what it forwards);
//! the bundle's trailing metadata belongs to its first document.

use std::collections::BTreeMap;

use crate::meta::header::{Header, is_known_key, parse_field};
use crate::meta::{find_dates, parse_date, parse_doc_no};
use crate::model::{Date, DocNo, Document};

use super::body::structure_body;
use super::heading::starts_with_heading_marker;
use super::kind::kind_from_title;

/// Longest title, addressee line and organisation name we recognise, in characters.
const MAX_TITLE_CHARS: usize = 100;
const MAX_ADDRESSEE_CHARS: usize = 80;
const MAX_ORG_CHARS: usize = 30;
/// Most signers read above one date.
const MAX_SIGNERS: usize = 10;

/// Fields that follow a document (or its bundle) rather than head it.
const TRAILING_KEYS: &[&str] = &["主题词", "抄送", "抄报", "印发", "主送"];

/// Endings of organisation names that sign documents.
const ORG_SUFFIXES: &[&str] = &[
    "委员会",
    "人民政府",
    "政府",
    "办公厅",
    "办公室",
    "局",
    "厅",
    "部",
    "委",
    "院",
    "署",
    "办",
    "室",
    "中心",
    "公司",
    "集团",
    "银行",
    "协会",
    "联合会",
    "学会",
    "总会",
    "商会",
    "会",
    "处",
    "所",
    "社",
    "馆",
    "站",
    "队",
    "庭",
    "学校",
    "大学",
    "机关",
    "小组",
    "领导小组",
];

/// Punctuation that never appears in a title, name or signature line.
const SENTENCE_PUNCTUATION: &[char] =
    &['。', '；', ';', '！', '!', '？', '?', '，', ',', '：', ':'];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Nothing read yet: header fields, then the first title.
    Start,
    /// After a title: header fields, document number, addressee.
    Header,
    /// Inside the body.
    Body,
    /// After the date under the signatures: trailing metadata or the next title.
    Closed,
    /// After a colophon: the next title starts a new bundle.
    BundleClosed,
}

/// A document being read.
#[derive(Debug, Default)]
struct Draft {
    title: String,
    doc_no: Option<DocNo>,
    written: Option<Date>,
    signers: Vec<String>,
    body: Vec<String>,
    extra: BTreeMap<String, String>,
}

struct Splitter {
    header: Header,
    drafts: Vec<Draft>,
    state: State,
    /// Index of the first document of the current bundle.
    cover: usize,
    /// A field whose name stood alone on its line (`主题词:`); its value is the next line.
    pending_key: Option<String>,
}

/// All documents in a cleaned text (one unit per line), without ids or origins.
pub fn split_documents(cleaned: &str) -> Vec<Document> {
    let mut splitter = Splitter {
        header: Header::default(),
        drafts: Vec::new(),
        state: State::Start,
        cover: 0,
        pending_key: None,
    };
    for line in cleaned.lines().map(str::trim).filter(|l| !l.is_empty()) {
        splitter.feed(line);
    }
    splitter.finish()
}

impl Splitter {
    fn feed(&mut self, line: &str) {
        if let Some(key) = self.pending_key.take() {
            self.trailing_field(&key, line);
            return;
        }
        if self.state != State::Start && is_colophon(line) {
            self.colophon(line);
            return;
        }
        if let Some((key, value)) = parse_field(line) {
            let in_header = matches!(self.state, State::Start | State::Header);
            // An unknown name with nothing after the colon is an addressee, not a field.
            if is_known_key(key) || (in_header && !value.is_empty()) {
                self.field(key, value);
                return;
            }
        }
        if let Some(date) = parse_date(line) {
            self.date(date);
            return;
        }
        match self.state {
            State::Start => self.open(line),
            State::Header => self.header_line(line),
            State::Body => self.body_line(line),
            State::Closed | State::BundleClosed => {
                if is_title_like(line) {
                    if self.state == State::BundleClosed {
                        self.cover = self.drafts.len();
                    }
                    self.open(line);
                } else {
                    // Text after the date that is no title (an attachment note): keep it.
                    self.state = State::Body;
                    self.body_line(line);
                }
            }
        }
    }

    fn open(&mut self, title: &str) {
        self.drafts.push(Draft {
            title: title.to_string(),
            ..Draft::default()
        });
        self.state = State::Header;
    }

    fn field(&mut self, key: &str, value: &str) {
        if value.is_empty() {
            self.pending_key = Some(key.to_string());
        } else if TRAILING_KEYS.contains(&key) {
            self.trailing_field(key, value);
        } else if matches!(self.state, State::Start | State::Header) {
            self.header.add(key, value);
        } else if let Some(draft) = self.drafts.last_mut() {
            draft.extra.insert(key.to_string(), value.to_string());
        }
    }

    /// 主题词, 抄送 …: metadata of the bundle's cover document; 主送 of the current one.
    fn trailing_field(&mut self, key: &str, value: &str) {
        let index = if key == "主送" {
            self.drafts.len().saturating_sub(1)
        } else {
            self.cover
        };
        if let Some(draft) = self.drafts.get_mut(index) {
            draft
                .extra
                .insert(key.to_string(), value.trim().to_string());
        }
        if self.state == State::Body && key != "主送" {
            self.state = State::Closed;
        }
    }

    fn colophon(&mut self, line: &str) {
        let key = if line.contains("共印") {
            "印数"
        } else {
            "印发"
        };
        if let Some(draft) = self.drafts.get_mut(self.cover) {
            draft.extra.insert(key.to_string(), line.to_string());
        }
        self.state = State::BundleClosed;
    }

    fn date(&mut self, date: Date) {
        match self.state {
            State::Start => self.header.written = self.header.written.or(Some(date)),
            State::Header => {
                if let Some(draft) = self.drafts.last_mut() {
                    draft.written = draft.written.or(Some(date));
                }
            }
            State::Body => {
                if let Some(draft) = self.drafts.last_mut() {
                    draft.written = Some(date);
                    take_signers(draft);
                }
                self.state = State::Closed;
            }
            State::Closed | State::BundleClosed => {}
        }
    }

    fn header_line(&mut self, line: &str) {
        let Some(draft) = self.drafts.last_mut() else {
            return;
        };
        if let Some(doc_no) = parse_doc_no(line) {
            draft.doc_no = Some(doc_no);
        } else if draft.body.is_empty() && is_addressee(line) {
            let name = line.trim_end_matches([':', '：']);
            draft.extra.insert("主送".to_string(), name.to_string());
            self.state = State::Body;
        } else {
            self.state = State::Body;
            draft.body.push(line.to_string());
        }
    }

    fn body_line(&mut self, line: &str) {
        if let Some(draft) = self.drafts.last_mut() {
            draft.body.push(line.to_string());
        }
    }

    fn finish(self) -> Vec<Document> {
        let header = self.header;
        self.drafts
            .into_iter()
            .map(|draft| into_document(draft, &header))
            .collect()
    }
}

/// Moves the organisation names at the end of the body into the signers.
fn take_signers(draft: &mut Draft) {
    let mut signers = Vec::new();
    while signers.len() < MAX_SIGNERS && draft.body.last().is_some_and(|line| is_org_name(line)) {
        if let Some(line) = draft.body.pop() {
            signers.push(line);
        }
    }
    signers.reverse();
    draft.signers = signers;
}

fn into_document(draft: Draft, header: &Header) -> Document {
    let body = draft.body.join("\n");
    let (sections, passages) = structure_body(&body);
    let mut extra = header.extra.clone();
    extra.extend(draft.extra);
    let signers = if draft.signers.is_empty() {
        header.agency.iter().cloned().collect()
    } else {
        draft.signers
    };
    Document {
        kind: kind_from_title(&draft.title),
        title: draft.title,
        doc_no: draft.doc_no.or_else(|| header.doc_no.clone()),
        agency: header.agency.clone(),
        published: header.published,
        written: draft.written.or(header.written),
        status: header.status.clone(),
        source: header.source.clone(),
        keywords: header.keywords.clone(),
        signers,
        extra,
        sections,
        passages,
        ..Document::default()
    }
}

/// A line that can open a document: names a document kind, short, no sentence in it.
fn is_title_like(line: &str) -> bool {
    kind_from_title(line).is_some()
        && line.chars().count() <= MAX_TITLE_CHARS
        && !line.contains(SENTENCE_PUNCTUATION)
        && !starts_with_heading_marker(line)
}

/// `各区、县人民政府，市政府各委、办、局：`
fn is_addressee(line: &str) -> bool {
    line.ends_with([':', '：'])
        && line.chars().count() <= MAX_ADDRESSEE_CHARS
        && !line.contains(['。', '；', '！', '？'])
        && !starts_with_heading_marker(line)
}

/// `上海市经济委员会`: a short name ending like an organisation, no punctuation.
fn is_org_name(line: &str) -> bool {
    let chars = line.chars().count();
    (2..=MAX_ORG_CHARS).contains(&chars)
        && !line.contains(SENTENCE_PUNCTUATION)
        && !line.contains(['、', '《', '》', '“', '”', '"'])
        && !starts_with_heading_marker(line)
        && ORG_SUFFIXES.iter().any(|suffix| line.ends_with(suffix))
}

/// `上海市人民政府办公厅2003年11月11日印发` or `（共印2000份）`.
fn is_colophon(line: &str) -> bool {
    let inner = line
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')']);
    let copies = inner
        .strip_prefix("共印")
        .and_then(|rest| rest.strip_suffix('份'))
        .is_some_and(|n| {
            !n.is_empty()
                && n.chars().all(|c| {
                    c.is_ascii_digit() || super::numbers::chinese_number(&c.to_string()).is_some()
                })
        });
    let printed = line.ends_with("印发")
        && line.chars().count() <= MAX_ORG_CHARS + 20
        && !line.contains(SENTENCE_PUNCTUATION)
        && (!find_dates(line).is_empty() || is_org_name(line.trim_end_matches("印发")));
    copies || printed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_classified() {
        assert!(is_org_name("上海市经济委员会"));
        assert!(is_org_name("上海市科学技术委员会"));
        assert!(!is_org_name("们，请按照执行。"));
        assert!(!is_org_name("一、加强领导完善机制"));
        assert!(is_colophon("上海市人民政府办公厅2003年11月11日印发"));
        assert!(is_colophon("（共印2000份）"));
        assert!(!is_colophon("经市政府同意，现予印发"));
        assert!(is_addressee("各区、县人民政府，市政府各委、办、局："));
        assert!(is_title_like(
            "关于本市贯彻《中华人民共和国清洁生产促进法》的实施意见"
        ));
        assert!(!is_title_like("现结合本市实际，提出如下实施意见"));
    }

    #[test]
    fn a_notice_with_header_signers_and_date() {
        let text = "关于做好某事的通知\n发文机构：某市人民政府\n发布时间：2020-01-02\n某府发〔2020〕1号\n各区人民政府：\n现通知如下。\n一、总体要求\n要做好。\n某市人民政府\n2020年1月1日\n抄送：市委办公厅。";
        let docs = split_documents(text);
        assert_eq!(docs.len(), 1);
        let doc = &docs[0];
        assert_eq!(doc.title, "关于做好某事的通知");
        assert_eq!(doc.kind.as_deref(), Some("通知"));
        assert_eq!(doc.written, Date::new(2020, 1, 1));
        assert_eq!(doc.published, Date::new(2020, 1, 2));
        assert_eq!(doc.signers, ["某市人民政府"]);
        assert_eq!(
            doc.doc_no.as_ref().map(|d| d.canonical.as_str()),
            Some("某府发〔2020〕1号")
        );
        assert_eq!(
            doc.extra.get("主送").map(String::as_str),
            Some("各区人民政府")
        );
        assert_eq!(
            doc.extra.get("抄送").map(String::as_str),
            Some("市委办公厅。")
        );
        assert_eq!(doc.passages.len(), 2);
    }

    #[test]
    fn untitled_text_and_garbage_do_not_panic() {
        for text in [
            "",
            "：",
            "印发",
            "（共印份）",
            "2003-01-01",
            "主题词:",
            "第一条",
            "关于\n\n的通知",
        ] {
            let _ = split_documents(text);
        }
    }
}
