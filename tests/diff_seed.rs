//! The seed's June draft against its October final: every substantive change the drafts show is
//! one readable hunk in the right section, and nothing unchanged is reported.

use zhengce::diff::{DiffOptions, DiffReport, Hunk, Op, compare, render_html, render_inline};
use zhengce::model::{Date, Document};

const SEED: &str = include_str!("../corpus/shanghai-2003-41.txt");

/// The June draft (old) and the October final (new), picked by their signing dates.
fn drafts() -> (Document, Document) {
    let documents = zhengce::ingest::text::documents_from_text(SEED, "shanghai-2003-41.txt");
    let by_date = |y, m, d| {
        let date = Date::new(y, m, d);
        documents
            .iter()
            .find(|doc| doc.written == date)
            .cloned()
            .unwrap_or_else(|| panic!("no document signed {date:?} among {}", documents.len()))
    };
    (by_date(2003, 6, 30), by_date(2003, 10, 15))
}

fn report(options: &DiffOptions) -> DiffReport {
    let (june, october) = drafts();
    compare(&june, &october, options)
}

/// Text without whitespace, so line-wrapping differences never decide a test.
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The one hunk in a section whose sides contain the given fragments; fails with the section's
/// hunks listed when there is none or several.
fn hunk<'a>(report: &'a DiffReport, section: &str, old: &str, new: &str) -> &'a Hunk {
    let found: Vec<&Hunk> = report
        .hunks
        .iter()
        .filter(|h| {
            h.section.contains(section)
                && squash(&h.old).contains(old)
                && squash(&h.new).contains(new)
        })
        .collect();
    let in_section: Vec<&Hunk> = report
        .hunks
        .iter()
        .filter(|h| h.section.contains(section))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "want one hunk {old:?} → {new:?} in {section:?}; section has {in_section:#?}"
    );
    found[0]
}

#[test]
fn office_sentence_added_in_leadership_section() {
    let report = report(&DiffOptions::default());
    let h = hunk(&report, "加强领导完善机制", "", "该办公室为非定编机构");
    assert_eq!(
        (h.op, squash(&h.new).as_str()),
        (Op::Insert, "该办公室为非定编机构。")
    );
}

#[test]
fn qualified_auditors_become_intermediaries_in_one_hunk() {
    let report = report(&DiffOptions::default());
    let h = hunk(
        &report,
        "认真开展清洁生产企业的审核工作",
        "有资质的",
        "中介",
    );
    assert_eq!(h.op, Op::Replace);
    assert!(
        h.old.chars().count() <= 12 && h.new.chars().count() <= 12,
        "{h:?}"
    );
}

#[test]
fn audit_requirement_for_major_upgrades_removed_whole() {
    let report = report(&DiffOptions::default());
    let h = hunk(
        &report,
        "认真开展清洁生产企业的审核工作",
        "实施重大技改项目，必须通过清洁生产审核，",
        "",
    );
    assert_eq!(h.op, Op::Delete);
    assert_eq!(squash(&h.old), "实施重大技改项目，必须通过清洁生产审核，");
}

#[test]
fn polluter_list_rewrite_is_one_hunk() {
    let report = report(&DiffOptions::default());
    let h = hunk(
        &report,
        "加大对污染严重企业的监督力度",
        "环保局将定期公布",
        "有关部门将定期列出",
    );
    assert!(squash(&h.new).ends_with("并在本市主要媒体上公布"), "{h:?}");
    assert!(squash(&h.old).ends_with("污染严重企业名单"), "{h:?}");
}

#[test]
fn environment_target_rewrite_is_one_hunk() {
    let report = report(&DiffOptions::default());
    let h = hunk(
        &report,
        "总体目标",
        "主要环境质量指标达到或超过全国平均",
        "总体环境质量处于全国大城市先进",
    );
    assert_eq!(h.op, Op::Replace);
}

#[test]
fn small_word_edits_are_readable_hunks() {
    let report = report(&DiffOptions::default());
    let cases = [
        ("工作重点", "饮餐", "餐饮"),
        ("积极争取外资项目", "理念", "先进观念"),
        ("制订清洁生产的优惠政策", "资源综合利用", "清洁生产"),
        ("制订清洁生产的优惠政策", "", "促进"),
        (
            "定期发布有关信息",
            "目录，以及限制、淘汰的生产技术、工艺、设备及产品的",
            "",
        ),
        ("搞好清洁生产的培训", "员的", ""),
        ("建设一批示范项目", "", "在"),
        ("加强领导完善机制", "", "以更好地落实清洁生产职责"),
        (
            "加强领导完善机制",
            "、县、局和",
            "县政府、市政府有关委办局以及",
        ),
    ];
    for (section, old, new) in cases {
        let h = hunk(&report, section, old, new);
        if old.is_empty() {
            assert_eq!(squash(&h.old), "", "{h:?}");
        }
        if new.is_empty() {
            assert_eq!(squash(&h.new), "", "{h:?}");
        }
    }
}

#[test]
fn signing_date_change_is_reported_in_the_signature_block() {
    let report = report(&DiffOptions::default());
    let h = hunk(&report, "落款", "6月30", "10月15");
    assert_eq!(h.op, Op::Replace);
}

#[test]
fn more_than_twenty_substantive_changes() {
    let report = report(&DiffOptions::default());
    let substantive = report.hunks.iter().filter(|h| !h.punctuation_only).count();
    assert!(
        substantive > 20,
        "{substantive} substantive hunks: {:#?}",
        report.hunks
    );
    assert!(
        report.hunks.iter().all(|h| !h.section.is_empty()),
        "{:#?}",
        report.hunks
    );
    assert_eq!(report.stats.hunks, report.hunks.len());
    assert!(report.stats.changed >= 15, "{:?}", report.stats);
}

/// The sentences (split at `。；`) of every passage, whitespace removed.
fn sentences(doc: &Document) -> Vec<String> {
    doc.passages
        .iter()
        .flat_map(|p| {
            p.text
                .split_inclusive(['。', '；', '\n'])
                .map(squash)
                .collect::<Vec<_>>()
        })
        .filter(|s| s.chars().count() >= 6)
        .collect()
}

#[test]
fn no_unchanged_sentence_is_reported() {
    let (june, october) = drafts();
    let report = compare(&june, &october, &DiffOptions::default());
    let old_sentences = sentences(&june);
    let unchanged: Vec<String> = sentences(&october)
        .into_iter()
        .filter(|s| old_sentences.contains(s))
        .collect();
    assert!(
        unchanged.len() > 30,
        "only {} unchanged sentences found",
        unchanged.len()
    );
    for h in &report.hunks {
        let (old, new) = (squash(&h.old), squash(&h.new));
        for s in &unchanged {
            assert!(
                !old.contains(s.as_str()) && !new.contains(s.as_str()),
                "unchanged {s:?} in {h:#?}"
            );
        }
    }
    // 总体目标: its opening clauses and its 2007 sentence did not change.
    for text in [
        "通过实施清洁生产",
        "努力实现污染物排放总量不断下降",
        "到2007年，全市基本建立清洁生产",
    ] {
        assert!(
            report
                .hunks
                .iter()
                .all(|h| !squash(&h.old).contains(text) && !squash(&h.new).contains(text)),
            "{text}"
        );
    }
}

#[test]
fn punctuation_only_hunks_are_marked_and_can_be_hidden() {
    let report = report(&DiffOptions::default());
    // June ends its sub-headings with 。; October quotes the campaign names.
    let heading = hunk(&report, "加大清洁生产的宣传力度", "", "“6·5世界环境日”");
    assert!(heading.punctuation_only, "{heading:?}");
    assert!(
        report
            .hunks
            .iter()
            .any(|h| h.punctuation_only && h.old == "。"),
        "{:#?}",
        report.hunks
    );
    let hidden = self::report(&DiffOptions { ignore_punct: true });
    assert!(hidden.hunks.iter().all(|h| !h.punctuation_only));
    let substantive = report.hunks.iter().filter(|h| !h.punctuation_only).count();
    assert_eq!(hidden.hunks.len(), substantive);
    assert!(
        hidden.stats.unchanged > report.stats.unchanged,
        "{:?} vs {:?}",
        hidden.stats,
        report.stats
    );
}

#[test]
fn inline_output_shows_changed_sentences_with_markers() {
    let text = render_inline(&report(&DiffOptions::default()), false);
    assert!(text.contains("[-饮餐-]{+餐饮+}"), "{text}");
    assert!(text.contains("{+该办公室为非定编机构。+}"), "{text}");
    assert!(!text.contains("到2007年，全市基本建立"), "{text}");
    let summary = text.lines().last().unwrap_or_default();
    assert!(
        summary.contains("changed") && summary.contains("unchanged passages"),
        "{summary}"
    );
}

#[test]
fn html_report_is_one_well_formed_page() {
    let html = render_html(&report(&DiffOptions::default()));
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    for tag in ["table", "tbody", "del", "ins", "tr", "td"] {
        let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
        assert_eq!(
            html.matches(&open).count(),
            html.matches(&close).count(),
            "unbalanced <{tag}>"
        );
    }
    assert!(
        html.contains("<del>饮餐</del>") && html.contains("<ins>餐饮</ins>"),
        "edits marked"
    );
    assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"));
}
