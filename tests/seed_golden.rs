//! Golden tests over the seed: a Shanghai 2003 notice forwarding implementation opinions on the
//! Cleaner Production Promotion Law, plus the opinions' June draft, extracted from a PDF with a
//! space at every line wrap. Expected values were checked by hand against the raw file.

#[path = "common/seed.rs"]
mod seed;

use proptest::prelude::*;
use seed::{SEED_FILE, seed_documents, seed_text};
use zhengce::clean::clean;
use zhengce::corpus::Corpus;
use zhengce::ingest::text::documents_from_text;
use zhengce::model::{Date, Document};
use zhengce::structure::{policy_heading, structure_body};

const NOTICE_TITLE: &str = "上海市人民政府办公厅转发市经委等三部门关于本市贯彻《中华人民共和国清洁生产促进法》实施意见的通知";
const OPINIONS_TITLE: &str = "关于本市贯彻《中华人民共和国清洁生产促进法》的实施意见";
const COMMISSIONS: [&str; 3] = [
    "上海市经济委员会",
    "上海市环境保护局",
    "上海市科学技术委员会",
];

fn date(text: &str) -> Option<Date> {
    Date::parse_iso(text)
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// id, title, written date, kind, signers.
type Summary<'a> = (&'a str, &'a str, Option<Date>, Option<&'a str>, Vec<String>);

#[test]
fn seed_holds_three_documents_with_their_own_titles_dates_and_signers() {
    let docs = seed_documents();
    let summary: Vec<Summary<'_>> = docs
        .iter()
        .map(|d| {
            (
                d.id.as_str(),
                d.title.as_str(),
                d.written,
                d.kind.as_deref(),
                d.signers.clone(),
            )
        })
        .collect();
    let stem = "shanghai-2003-41";
    assert_eq!(
        summary,
        vec![
            (
                &*format!("{stem}-1"),
                NOTICE_TITLE,
                date("2003-11-10"),
                Some("通知"),
                strings(&["上海市人民政府办公厅"])
            ),
            (
                &*format!("{stem}-2"),
                OPINIONS_TITLE,
                date("2003-10-15"),
                Some("实施意见"),
                strings(&COMMISSIONS)
            ),
            (
                &*format!("{stem}-3"),
                OPINIONS_TITLE,
                date("2003-06-30"),
                Some("实施意见"),
                strings(&COMMISSIONS)
            ),
        ]
    );
}

#[test]
fn every_document_carries_the_header_metadata() {
    for doc in seed_documents() {
        let doc_no = doc.doc_no.as_ref().expect("doc number");
        assert_eq!(doc_no.canonical, "沪府办发〔2003〕41号", "{}", doc.id);
        assert_eq!(doc.agency.as_deref(), Some("上海市人民政府办公厅"));
        assert_eq!(doc.published, date("2003-11-10"));
        assert_eq!(
            doc.source.as_deref(),
            Some("http://www.shanghai.gov.cn/nw12943/20200815/0001-12943_1160.html")
        );
        assert_eq!(
            doc.keywords,
            [
                "清洁生产",
                "减排潜力",
                "排放特征",
                "绿色管理",
                "工业节水",
                "污染物排放",
                "清洁工艺"
            ]
        );
        assert_eq!(
            doc.extra.get("政策类型").map(String::as_str),
            Some("政策文件")
        );
        assert_eq!(doc.extra.get("政策层级").map(String::as_str), Some("省级"));
        assert_eq!(doc.origin.file, SEED_FILE);
    }
}

#[test]
fn notice_body_is_one_paragraph_and_its_trailing_metadata_is_extra() {
    let docs = seed_documents();
    let notice = &docs[0];
    assert_eq!(
        notice.text(),
        "市经委、市环保局、市科委关于《本市贯彻〈中华人民共和国清洁生产促进法〉的实施意见》，已经市政府同意，现转发给你们，请按照执行。"
    );
    assert_eq!(notice.passages.len(), 1);
    assert!(notice.passages[0].section.is_empty());
    let extra = |key: &str| notice.extra.get(key).map(String::as_str);
    assert_eq!(extra("主送"), Some("各区、县人民政府，市政府各委、办、局"));
    assert_eq!(extra("主题词"), Some("工业法规清洁生产通知"));
    assert_eq!(
        extra("抄送"),
        Some("市委各部门,市人大常委会办公厅,市政协办公厅,市高法院,市检察院，驻沪部队。")
    );
    assert_eq!(
        extra("印发"),
        Some("上海市人民政府办公厅2003年11月11日印发")
    );
    assert_eq!(extra("印数"), Some("（共印2000份）"));
    // Only the cover notice carries them.
    assert!(
        docs[1..]
            .iter()
            .all(|d| !d.extra.contains_key("抄送") && !d.extra.contains_key("主题词"))
    );
}

#[test]
fn opinions_are_two_versions_of_one_document_and_the_notice_is_not() {
    let corpus = Corpus::from_documents(seed_documents());
    let [notice, october, june] = &corpus.documents[..] else {
        panic!("three documents")
    };
    assert_eq!(notice.version_of, None);
    assert_eq!(october.version_of.as_deref(), Some(october.id.as_str()));
    assert_eq!(june.version_of.as_deref(), Some(october.id.as_str()));
    assert!(corpus.is_current(october));
    assert!(!corpus.is_current(june));
    assert!(corpus.is_current(notice));
    let versions: Vec<&str> = corpus
        .versions(june)
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(versions, [october.id.as_str(), june.id.as_str()]);
    // The first heading's passage is word for word the same in both versions: stored once.
    let shared = corpus.shared_passages(june);
    let first = shared
        .iter()
        .find(|p| p.section == ["一、明确宗旨优化手段"])
        .expect("passage");
    assert_eq!(first.versions.len(), 2);
    let total: usize = october.passages.len() + june.passages.len();
    assert!(shared.len() < total, "{} shared of {total}", shared.len());
    // 10 of the 23 passages are word for word the same (一; 三(二); 五(三); 六(一)(二); 七(四);
    // 八(一); 九(一)(二); 十(一)), so 46 passages hold 36 distinct texts.
    assert_eq!(shared.len(), 36);
    assert_eq!(shared.iter().filter(|p| p.versions.len() == 2).count(), 10);
}

#[test]
fn wrap_spaces_are_removed_inside_sentences() {
    let cleaned = clean(&seed_text());
    for repaired in [
        "现转发给你们",
        "技术进步",
        "今年1月1日",
        "ISO14001环境管理体系",
        "互动机制",
        "减少环境污染",
        "新水平",
    ] {
        assert!(cleaned.contains(repaired), "missing {repaired}");
    }
    for broken in [
        "给你 们",
        "技术进 步",
        "1月 1日",
        "环境 管理体系",
        "互动机 制",
    ] {
        assert!(!cleaned.contains(broken), "still has {broken}");
    }
    // Every space in the seed was a wrap or a boundary; none survives inside a paragraph.
    for line in cleaned.lines() {
        assert!(!line.contains(' '), "space left in {line:?}");
    }
}

#[test]
fn no_document_text_has_a_space_inside_a_sentence() {
    for doc in seed_documents() {
        for passage in &doc.passages {
            assert!(
                !passage.text.contains(' '),
                "{}: {:?}",
                doc.id,
                passage.text
            );
        }
    }
}

#[test]
fn headings_are_separate_from_their_bodies() {
    let cleaned = clean(&seed_text());
    let lines: Vec<&str> = cleaned.lines().collect();
    for heading in [
        "一、明确宗旨优化手段",
        "（一）总体目标",
        "（一）加大清洁生产的宣传力度。",
        "十、加强交流开展合作",
    ] {
        assert!(
            lines.contains(&heading),
            "{heading} is not a line of its own"
        );
    }
    for doc in seed_documents() {
        for passage in &doc.passages {
            let first = passage.text.lines().next().unwrap_or_default();
            assert!(
                policy_heading(first).is_none(),
                "{}: heading inside a passage: {first}",
                doc.id
            );
        }
    }
}

#[test]
fn header_colophon_and_metadata_lines_are_in_no_document_text() {
    for doc in seed_documents() {
        let text = doc.text();
        for line in [
            "发文机构",
            "发布时间",
            "发文字号",
            "政策类型",
            "关键字",
            "来源",
            "http://",
            "沪府办发",
            "主题词",
            "抄送",
            "印发",
            "共印",
            "各区、县人民政府，市政府各委、办、局",
            "二○○三年",
            "上海市经济委员会",
        ] {
            assert!(!text.contains(line), "{}: text contains {line}", doc.id);
        }
        assert!(!text.contains(&doc.title), "{}: title inside text", doc.id);
    }
}

/// Section paths of the opinions, outer headings first (checked by hand against the seed).
const OCTOBER_HEADINGS: [&str; 30] = [
    "一、明确宗旨优化手段",
    "二、加强领导完善机制",
    "三、制定目标明确重点",
    "（一）总体目标",
    "（二）三年工作目标",
    "（三）工作重点",
    "四、广泛宣传注重培训",
    "（一）加大清洁生产的宣传力度",
    "（二）搞好清洁生产的培训",
    "五、开展试点面上推广",
    "（一）推进市场化运作",
    "（二）建设一批示范项目",
    "（三）努力在工业园区推进清洁生产",
    "六、科技先导抓好改造",
    "（一）坚持科技创新",
    "（二）把企业技术改造与推进清洁生产结合起来",
    "七、严格审核加强监督",
    "（一）认真开展清洁生产企业的审核工作",
    "（二）定期发布有关信息",
    "（三）加大对污染严重企业的监督力度",
    "（四）落实清洁生产奖惩措施",
    "八、政策聚集加大投入",
    "（一）加大对清洁生产项目的扶持力度",
    "（二）制订清洁生产的优惠政策",
    "九、信息联网服务指导",
    "（一）建立和完善清洁生产信息服务系统",
    "（二）加强清洁生产技术服务体系建设",
    "十、加强交流开展合作",
    "（一）学习交流国内外清洁生产先进经验",
    "（二）积极争取外资项目",
];

/// The expected section paths: a preamble, then each heading under its parent.
fn expected_paths(june: bool) -> Vec<Vec<String>> {
    let mut paths = vec![Vec::new()];
    let mut parent = String::new();
    for heading in OCTOBER_HEADINGS {
        if heading.starts_with('（') {
            // From 四 on, the June draft ends its sub-headings with 。.
            let dotted = june && !parent.starts_with("三、");
            let child = if dotted {
                format!("{heading}。")
            } else {
                heading.to_string()
            };
            paths.push(vec![parent.clone(), child]);
        } else {
            parent = heading.to_string();
            paths.push(vec![parent.clone()]);
        }
    }
    paths
}

fn paths(doc: &Document) -> Vec<Vec<String>> {
    doc.sections.iter().map(|s| s.path.clone()).collect()
}

#[test]
fn opinions_have_the_expected_sections_and_passages() {
    let docs = seed_documents();
    assert_eq!(paths(&docs[0]), vec![Vec::<String>::new()]);
    assert_eq!(paths(&docs[1]), expected_paths(false));
    assert_eq!(paths(&docs[2]), expected_paths(true));
    // Preamble + 一 + 二 (three paragraphs, one passage) + 20 sub-headings.
    assert_eq!(docs[1].passages.len(), 23);
    assert_eq!(docs[2].passages.len(), 23);
    let second = &docs[1].passages[2];
    assert_eq!(second.section, ["二、加强领导完善机制"]);
    assert_eq!(second.text.lines().count(), 3);
    assert!(
        docs[1].passages[0]
            .text
            .starts_with("第九届全国人大常委会第28次会议通过")
    );
    assert!(docs[1].passages[0].text.ends_with("提出如下实施意见："));
    assert!(
        docs[2].passages[22]
            .text
            .ends_with("开创本市清洁生产的新局面。")
    );
    // Headings with sub-headings have no text of their own.
    let empty: Vec<&str> = docs[1]
        .sections
        .iter()
        .filter(|s| s.text.is_empty())
        .filter_map(|s| s.path.last().map(String::as_str))
        .collect();
    assert_eq!(empty.len(), 8);
}

#[test]
fn document_text_round_trips_through_structure() {
    for doc in seed_documents() {
        let (sections, passages) = structure_body(&doc.text());
        assert_eq!(sections, doc.sections, "{}", doc.id);
        assert_eq!(passages, doc.passages, "{}", doc.id);
    }
}

#[test]
fn cleaning_the_seed_is_idempotent() {
    let once = clean(&seed_text());
    assert_eq!(clean(&once), once);
    assert_eq!(documents_from_text(&once, SEED_FILE), seed_documents());
}

/// Text made of the characters that matter to cleaning: CJK, ASCII, spaces, punctuation, markers.
fn messy_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        " ",
        "  ",
        "\n",
        "\r\n",
        "\u{3000}",
        "\t",
        "关于",
        "的通知",
        "实施意见",
        "一、",
        "（一）",
        "1.",
        "第一条",
        "第一章",
        "。",
        "，",
        "：",
        ":",
        "《",
        "》",
        "二○○三年十月十五日",
        "2003-11-10",
        "沪府办发〔2003〕41号",
        "印发",
        "（共印2000份）",
        "主题词:",
        "上海市经济委员会",
        "发文机构：",
        "清洁生产",
        "ISO14001",
        "a",
        "1",
        "\u{200b}",
        "\u{feff}",
    ]);
    let piece = prop_oneof![
        pieces.prop_map(str::to_string),
        any::<char>().prop_map(String::from),
        "[a-z 甲乙丙。]{0,60}"
    ];
    prop::collection::vec(piece, 0..80).prop_map(|parts| parts.concat())
}

proptest! {
    #[test]
    fn cleaning_never_panics_and_is_idempotent(text in messy_text()) {
        let once = clean(&text);
        prop_assert_eq!(clean(&once), once);
    }

    #[test]
    fn cleaning_arbitrary_strings_is_idempotent(text in any::<String>()) {
        let once = clean(&text);
        prop_assert_eq!(clean(&once), once);
    }

    #[test]
    fn documents_from_text_never_panics(text in messy_text()) {
        for doc in documents_from_text(&text, "random.txt") {
            prop_assert!(!doc.id.is_empty());
        }
    }

    /// Long lines of one width trigger wrap inference; still idempotent.
    #[test]
    fn wrapped_looking_text_is_idempotent(lines in prop::collection::vec("[甲乙丙丁。，一、（）a1 ]{20,30}", 3..12)) {
        let text = lines.join(" ");
        let once = clean(&text);
        prop_assert_eq!(clean(&once), once);
    }
}
