//! HTML extraction on fixtures written after real government page templates: the gov.cn
//! document page, a provincial page with `<meta name="ArticleTitle">` tags, a plain page, and
//! pathological input (a GBK page without declaration, 100,000-deep nesting).

use zhengce::ingest::encoding::{self, DecodedHow};
use zhengce::ingest::html::{Attachment, HtmlPage, extract};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/html/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

fn field<'a>(page: &'a HtmlPage, name: &str) -> Option<&'a str> {
    page.fields.get(name).map(String::as_str)
}

/// Text that belongs to navigation, scripts, styles, share buttons and footers.
const FURNITURE: &[&str] = &[
    "首页",
    "脚本",
    "样式",
    "分享",
    "打印",
    "关闭",
    "版权所有",
    "ICP备",
    "当前位置",
    "政务公开",
    "互动交流",
    "统计代码",
    "字体",
    "信息公开",
    "通知公告",
    "浏览次数",
    "我要纠错",
    "{",
];

fn assert_no_furniture(body: &str) {
    for word in FURNITURE {
        assert!(!body.contains(word), "body contains {word:?}:\n{body}");
    }
}

#[test]
fn govcn_table_page() {
    let page = extract(
        &fixture("govcn.html"),
        Some("https://www.gov.cn/zhengce/content/2003-12/23/content_5316.htm"),
    );
    let title = "国务院办公厅转发发展改革委等部门关于加快推行清洁生产意见的通知";
    assert_eq!(page.title.as_deref(), Some(title));
    assert_eq!(field(&page, "标题"), Some(title));
    assert_eq!(field(&page, "索引号"), Some("000014349/2003-00113"));
    assert_eq!(field(&page, "主题分类"), Some("工业、交通\\其他"));
    assert_eq!(field(&page, "发文机关"), Some("国务院办公厅"));
    assert_eq!(field(&page, "成文日期"), Some("2003年12月17日"));
    assert_eq!(field(&page, "发文字号"), Some("国办发〔2003〕100号"));
    assert_eq!(field(&page, "发布日期"), Some("2003年12月23日"));

    let lines: Vec<&str> = page.body.lines().collect();
    assert_eq!(lines[0], "国办发〔2003〕100号");
    assert_eq!(
        lines[1],
        "各省、自治区、直辖市人民政府，国务院各部委、各直属机构："
    );
    assert_eq!(
        lines[2],
        "发展改革委、环保总局、科技部、财政部、建设部、农业部、水利部、教育部、税务总局、质检总局、\
         统计局《关于加快推行清洁生产的意见》已经国务院同意，现转发给你们，请认真贯彻执行。"
    );
    assert_eq!(lines[3], "国务院办公厅");
    assert_eq!(lines[4], "二○○三年十二月十七日");
    assert!(page.body.contains("从源头削减污染。"));
    assert_no_furniture(&page.body);
    assert!(!page.body.contains("正文里的脚本"));

    assert_eq!(
        page.attachments,
        vec![Attachment {
            name: "关于加快推行清洁生产的意见.pdf".into(),
            url: "https://www.gov.cn/zhengce/content/2003/P020031223.pdf".into(),
        }]
    );
}

#[test]
fn provincial_meta_page() {
    let page = extract(
        &fixture("meta.html"),
        Some("http://www.gd.gov.cn/zwgk/wjk/qbwj/yfb/content/post_3313391.html"),
    );
    let title = "广东省人民政府办公厅关于印发广东省推进清洁生产工作方案的通知";
    assert_eq!(page.title.as_deref(), Some(title));
    assert_eq!(field(&page, "标题"), Some(title));
    assert_eq!(field(&page, "来源"), Some("广东省人民政府办公厅"));
    assert_eq!(field(&page, "发文机关"), Some("广东省人民政府办公厅"));
    // The visible "发布时间：" span comes before the PubDate meta in priority.
    assert_eq!(field(&page, "发布日期"), Some("2021-06-18"));

    let lines: Vec<&str> = page.body.lines().collect();
    assert_eq!(lines[0], "粤办函〔2021〕126号", "{}", page.body);
    assert_eq!(lines[1], "各地级以上市人民政府，省政府各部门、各直属机构：");
    assert!(page.body.contains("全面推行清洁生产，制定本方案。"));
    assert_no_furniture(&page.body);
    assert!(!page.body.contains("政策解读"), "{}", page.body);

    assert_eq!(
        page.attachments,
        vec![Attachment {
            name: "广东省推进清洁生产工作方案".into(),
            url: "http://www.gd.gov.cn/zwgk/wjk/qbwj/yfb/content/P020210618.docx".into(),
        }]
    );
}

#[test]
fn plain_page_uses_the_main_text_block() {
    let page = extract(
        &fixture("plain.html"),
        Some("http://sthjj.example.gov.cn/tzgg/1.html"),
    );
    assert_eq!(
        page.title.as_deref(),
        Some("关于做好2024年清洁生产审核工作的通知")
    );
    assert_eq!(field(&page, "发布日期"), Some("2024-03-05"));
    let lines: Vec<&str> = page.body.lines().collect();
    assert_eq!(lines[0], "各区生态环境分局，各有关企业：", "{}", page.body);
    assert!(
        page.body
            .contains("二、时间安排。各企业应于2024年10月31日前完成审核评估工作。")
    );
    assert_no_furniture(&page.body);
    assert!(!page.body.contains("网站首页"));

    let urls: Vec<&str> = page.attachments.iter().map(|a| a.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "http://sthjj.example.gov.cn/uploads/2024/%E5%90%8D%E5%8D%95.xlsx",
            "http://other.example.cn/form.doc"
        ]
    );
    assert_eq!(page.attachments[1].name, "申请表");
}

#[test]
fn gbk_page_without_declaration_decodes_and_extracts() {
    // An old page saved to disk: GBK bytes, no <meta charset>, no HTTP header.
    let html = fixture("plain.html");
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&html);
    assert!(!unmappable);
    let decoded = encoding::decode(&bytes, None).expect("GBK is detected");
    assert_eq!(decoded.encoding, "GBK");
    assert_eq!(decoded.how, DecodedHow::Detected);
    let page = extract(&decoded.text, None);
    assert_eq!(
        page.title.as_deref(),
        Some("关于做好2024年清洁生产审核工作的通知")
    );
    assert!(page.body.contains("清洁生产审核"));
    // Without a base URL, relative links stay as written.
    assert_eq!(page.attachments[0].url, "/uploads/2024/名单.xlsx");
}

#[test]
fn deeply_nested_page_does_not_overflow_the_stack() {
    const DEPTH: usize = 100_000;
    let mut html = String::with_capacity(DEPTH * 12 + 200);
    html.push_str("<html><head><title>嵌套页面</title></head><body>");
    for _ in 0..DEPTH {
        html.push_str("<div>");
    }
    html.push_str("<p>推行清洁生产是本页唯一的正文。</p>");
    for _ in 0..DEPTH {
        html.push_str("</div>");
    }
    html.push_str("</body></html>");
    let started = std::time::Instant::now();
    let page = extract(&html, None);
    eprintln!("100,000-deep page extracted in {:?}", started.elapsed());
    assert!(page.body.contains("推行清洁生产"), "{:?}", page.body);
}

#[test]
fn deeply_nested_inline_elements_do_not_overflow_either() {
    const DEPTH: usize = 100_000;
    let html = format!(
        "<td>{}<b>发文机关：</b>{}</td><td>国务院</td>",
        "<span>".repeat(DEPTH),
        "</span>".repeat(DEPTH)
    );
    let page = extract(&html, None);
    assert!(page.title.is_none());
}
