//! Splitting a cleaned report into sections.
//!
//! Reports in this genre number their headings the same way everywhere: `一、` (level 1),
//! `（一）` (level 2), `1.` / `1、` (level 3), `(1)` (level 4). A section is one heading
//! paragraph plus the paragraphs up to the next heading of any level; the text before the first
//! heading is the preamble and the trailing signature/date/抄送 lines are the closing block.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::dates::is_date_line;
use super::signature::signature;
use super::{Section, Subpart};
use crate::base::fold::{is_han, Foldable};
use crate::base::{ReportKind, SectionKind};
use crate::genre;
use crate::ingest::{CleanText, Paragraph};

/// Splits `text` into sections that cover all paragraphs in order.
pub fn split_sections(text: &CleanText) -> Vec<Section> {
    let paragraphs = &text.paragraphs;
    let headings: Vec<Option<Heading>> = paragraphs.iter().map(heading_of).collect();
    let body_end = closing_start(paragraphs, &headings);

    let heading_starts: Vec<usize> = (0..body_end).filter(|&i| headings[i].is_some()).collect();
    let first_heading = heading_starts.first().copied().unwrap_or(body_end);

    let mut sections = Vec::new();
    if first_heading > 0 {
        sections.push(unheaded_section(
            paragraphs,
            0..first_heading,
            SectionKind::Preamble,
        ));
    }

    // The open ancestors of the current heading: (level, heading, kinds).
    let mut open: Vec<(u8, String, (SectionKind, Option<SectionKind>))> = Vec::new();
    for (n, &start) in heading_starts.iter().enumerate() {
        let end = heading_starts.get(n + 1).copied().unwrap_or(body_end);
        let heading = headings[start]
            .as_ref()
            .expect("heading_starts holds headings");

        open.retain(|(level, _, _)| *level < heading.level);
        // A heading takes the kinds its own words name; one that names none takes its parent's
        // (both of them, under a combined heading).
        let kinds = match open.last() {
            Some((_, _, parent_kinds)) => {
                named_kinds(&heading.text, Strength::StrongOnly).unwrap_or(*parent_kinds)
            }
            None => named_kinds(&heading.text, Strength::Any).unwrap_or((SectionKind::Other, None)),
        };
        open.push((heading.level, heading.text.clone(), kinds));

        sections.push(Section {
            level: heading.level,
            heading: heading.text.clone(),
            path: open.iter().map(|(_, text, _)| text.clone()).collect(),
            section_kind: kinds.0,
            also_kind: kinds.1,
            paragraphs: start..end,
            subparts: find_subparts(paragraphs, start..end, heading.end),
        });
    }

    if body_end < paragraphs.len() {
        sections.push(unheaded_section(
            paragraphs,
            body_end..paragraphs.len(),
            SectionKind::Closing,
        ));
    }
    sections
}

/// In a work plan every body section describes planned work, so headings without a keyword
/// (`一、深入学习贯彻…`) are plans. Reports are left unchanged.
pub fn apply_report_kind(sections: &mut [Section], kind: ReportKind) {
    if kind != ReportKind::Plan {
        return;
    }
    for section in sections
        .iter_mut()
        .filter(|s| s.section_kind == SectionKind::Other)
    {
        section.section_kind = SectionKind::Plans;
    }
}

fn unheaded_section(paragraphs: &[Paragraph], range: Range<usize>, kind: SectionKind) -> Section {
    Section {
        level: 0,
        heading: String::new(),
        path: Vec::new(),
        section_kind: kind,
        also_kind: None,
        subparts: find_subparts(paragraphs, range.clone(), 0),
        paragraphs: range,
    }
}

// ---------------------------------------------------------------------------------------------
// Headings

/// A heading found at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Heading {
    level: u8,
    /// The heading as written, numbering included.
    text: String,
    /// Char offset in the paragraph where the heading text ends (subparts start after it).
    end: usize,
}

/// Headings longer than this without a `。` are cut (the sentence never ended).
const MAX_HEADING_CHARS: usize = 80;
/// When cutting a long heading at a comma, keep at least this many chars.
const MIN_CUT_HEADING_CHARS: usize = 20;

// Extraction sometimes turns indented paragraphs into Markdown list items (`- (三)…`).
static LIST_BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[-*•·]\s*").unwrap());

fn heading_of(line: &(impl Foldable + ?Sized)) -> Option<Heading> {
    let text = line.original();
    let folded = line.folded();
    let bullet_end = LIST_BULLET.find(&folded).map_or(0, |m| m.end());
    let bullet_chars = folded[..bullet_end].chars().count();
    let rest = &folded[bullet_end..];

    let level = genre::heading_level(rest)?;

    // A paragraph that is only a number or a date (`1.`, `2023.12.5`) is not a heading:
    // a real heading says something in words.
    if !rest.chars().any(is_han) || is_date_line(line) {
        return None;
    }

    let chars: Vec<char> = text.chars().skip(bullet_chars).collect();
    let cut = heading_cut(&chars);
    let heading: String = chars[..cut].iter().collect();
    let heading = heading
        .trim_end_matches(|c: char| c.is_whitespace() || ",，;；:：、".contains(c))
        .to_string();
    Some(Heading {
        level,
        text: heading,
        end: bullet_chars + cut,
    })
}

/// Where a heading paragraph's heading ends: at the first `。`, else the whole paragraph,
/// except that a run-on heading is cut at a comma or at `MAX_HEADING_CHARS`.
fn heading_cut(chars: &[char]) -> usize {
    let full_stop = chars.iter().position(|&c| c == '。');
    match full_stop {
        Some(i) if i <= MAX_HEADING_CHARS => i,
        None if chars.len() <= MAX_HEADING_CHARS => chars.len(),
        _ => chars
            .iter()
            .enumerate()
            .skip(MIN_CUT_HEADING_CHARS)
            .take(MAX_HEADING_CHARS - MIN_CUT_HEADING_CHARS)
            .find(|(_, c)| matches!(c, '，' | ','))
            .map_or(MAX_HEADING_CHARS, |(i, _)| i),
    }
}

// ---------------------------------------------------------------------------------------------
// Kinds

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strength {
    Any,
    /// Only keywords specific enough to override the kind inherited from a parent heading.
    StrongOnly,
}

/// The kind named by the keyword that occurs first in `heading` (`存在的问题和下一步打算` is
/// about problems); at the same position the longer keyword wins.
/// The kinds a heading names, in the order it names them: the first, and a second one if it
/// names another (`二、存在的问题和下一步打算` → problems, plans).
fn named_kinds(heading: &str, strength: Strength) -> Option<(SectionKind, Option<SectionKind>)> {
    let mut found: Vec<(usize, std::cmp::Reverse<usize>, SectionKind, bool)> = genre::KIND_KEYWORDS
        .iter()
        .filter(|(_, _, strong)| *strong || strength == Strength::Any)
        .filter_map(|&(keyword, kind, strong)| {
            heading
                .find(keyword)
                .map(|at| (at, std::cmp::Reverse(keyword.len()), kind, strong))
        })
        .collect();
    found.sort();
    let first = found.first()?.2;
    // Only a strong keyword names a second kind: `…职责情况` is about leadership, not measures.
    let second = found.iter().find(|f| f.2 != first && f.3).map(|f| f.2);
    Some((first, second))
}

// ---------------------------------------------------------------------------------------------
// Subparts

/// Longest label recorded for an inline `一是…` item.
const MAX_ITEM_LABEL_CHARS: usize = 40;

// `一是` … `十是` preceded by a non-Han char, so `统一是` is not an item.
static INLINE_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\p{Han}])((?:十[一二三四五六七八九]?|[一二三四五六七八九])是)").unwrap()
});

/// Inline items and bold lead-ins in `range`, skipping the first `heading_end` chars of the
/// first paragraph (its heading).
fn find_subparts(
    paragraphs: &[Paragraph],
    range: Range<usize>,
    heading_end: usize,
) -> Vec<Subpart> {
    let mut subparts = Vec::new();
    for index in range.clone() {
        let paragraph = &paragraphs[index];
        let skip = if index == range.start { heading_end } else { 0 };
        let chars: Vec<char> = paragraph.text.chars().collect();
        let folded = &paragraph.folded;

        for caps in INLINE_ITEM.captures_iter(folded) {
            let marker = caps.get(1).expect("group 1 always takes part");
            let offset = folded[..marker.start()].chars().count();
            if offset >= skip {
                subparts.push(Subpart {
                    label: item_label(&chars[offset..]),
                    paragraph: index,
                    char_offset: offset,
                });
            }
        }

        for bold in paragraph.bold.iter().filter(|r| r.start >= skip) {
            let text: String = chars[bold.start..bold.end.min(chars.len())]
                .iter()
                .collect();
            let label = text.trim().trim_end_matches(['。', '：', ':']).trim();
            // A bold parenthetical (`**(牵头单位:…)**`) is emphasis, not a lead-in.
            let is_note = label.starts_with(['(', '（']);
            if !label.is_empty() && !is_note {
                subparts.push(Subpart {
                    label: label.to_string(),
                    paragraph: index,
                    char_offset: bold.start,
                });
            }
        }
    }
    subparts.sort_by_key(|s| (s.paragraph, s.char_offset));
    // A bold run that starts with its own marker (`**三是规范执法。**`) is found twice.
    subparts.dedup();
    subparts
}

/// `一是` plus its text up to the next clause break (`，。；：`), capped in length.
fn item_label(from_marker: &[char]) -> String {
    const MARKER_CHARS: usize = 2;
    let end = from_marker
        .iter()
        .skip(MARKER_CHARS)
        .position(|c| "，,。；;：:！!？?".contains(*c))
        .map_or(from_marker.len(), |i| i + MARKER_CHARS)
        .min(MAX_ITEM_LABEL_CHARS);
    from_marker[..end]
        .iter()
        .collect::<String>()
        .trim()
        .to_string()
}

// ---------------------------------------------------------------------------------------------
// Closing block

/// Index of the first paragraph of the trailing closing block (`paragraphs.len()` if none).
fn closing_start(paragraphs: &[Paragraph], headings: &[Option<Heading>]) -> usize {
    let mut start = paragraphs.len();
    while start > 0 && headings[start - 1].is_none() && is_closing_line(&paragraphs[start - 1]) {
        start -= 1;
    }
    start
}

/// Lines of closing material are short; a long line ending in `印发` is body text.
const MAX_CLOSING_LINE_CHARS: usize = 60;

/// True for a line that belongs in the closing block: date, signature, 抄送/抄报/主送,
/// `…印发`, `共印N份`, `(联系人: …)`.
fn is_closing_line(line: &(impl Foldable + ?Sized)) -> bool {
    let folded = line.folded();
    let folded = folded.trim();
    is_date_line(folded)
        || signature(folded).is_some()
        || genre::ROUTING_LINE.is_match(folded)
        || genre::COPIES_LINE.is_match(folded)
        || genre::CONTACT_LINE.is_match(folded)
        || (folded.ends_with("印发")
            && !folded.contains('。')
            && folded.chars().count() <= MAX_CLOSING_LINE_CHARS)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::base::LineMap;

    /// One paragraph per non-blank trimmed line; `**…**` marks bold ranges.
    pub(crate) fn paragraphs_per_line(text: &str) -> CleanText {
        let paragraphs = text
            .lines()
            .enumerate()
            .filter(|(_, line)| !line.trim().is_empty())
            .map(|(n, line)| {
                let mut plain = String::new();
                let mut bold = Vec::new();
                for (i, piece) in line.trim().split("**").enumerate() {
                    let start = plain.chars().count();
                    plain.push_str(piece);
                    if i % 2 == 1 {
                        bold.push(start..plain.chars().count());
                    }
                }
                Paragraph::new(plain, LineMap::single(n as u32 + 1), bold)
            })
            .collect();
        CleanText { paragraphs }
    }

    /// A corpus report, cleaned and split.
    pub(crate) fn seed(name: &str) -> (CleanText, Vec<Section>) {
        let raw = match name {
            "jinchang" => include_str!("../../corpus/jinchang-2023-report.txt"),
            "chaozhou" => include_str!("../../corpus/chaozhou-fengquanhu-2023-report.txt"),
            "qidong" => include_str!("../../corpus/qidong-2023-report.txt"),
            "lanzhou" => include_str!("../../corpus/lanzhou-zhongchuan-2023-plan.txt"),
            "unnamed" => include_str!("../../corpus/unnamed-zone-2022-report.txt"),
            _ => panic!("no seed report {name}"),
        };
        let text = crate::ingest::clean::clean(raw);
        let sections = split_sections(&text);
        (text, sections)
    }

    fn texts<'a>(text: &'a CleanText, section: &Section) -> Vec<&'a str> {
        text.paragraphs[section.paragraphs.clone()]
            .iter()
            .map(|p| p.text.as_str())
            .collect()
    }

    fn find<'a>(sections: &'a [Section], heading_start: &str) -> &'a Section {
        sections
            .iter()
            .find(|s| s.heading.starts_with(heading_start))
            .unwrap_or_else(|| panic!("no heading {heading_start}"))
    }

    fn closing(sections: &[Section]) -> Option<&Section> {
        sections
            .iter()
            .find(|s| s.section_kind == SectionKind::Closing)
    }

    fn level_one(sections: &[Section]) -> Vec<(&str, SectionKind)> {
        sections
            .iter()
            .filter(|s| s.level == 1)
            .map(|s| (s.heading.as_str(), s.section_kind))
            .collect()
    }

    #[test]
    fn seed_sections_cover_every_paragraph() {
        for name in ["jinchang", "chaozhou", "qidong", "lanzhou", "unnamed"] {
            let (text, sections) = seed(name);
            let mut next = 0;
            for section in &sections {
                assert_eq!(section.paragraphs.start, next, "{name}");
                next = section.paragraphs.end;
            }
            assert_eq!(next, text.paragraphs.len(), "{name}");
        }
    }

    #[test]
    fn seed_jinchang() {
        let (text, sections) = seed("jinchang");
        assert_eq!(
            level_one(&sections),
            vec![
                ("一、工作完成情况", SectionKind::Measures),
                ("二、存在的问题和下一步打算", SectionKind::Problems)
            ]
        );
        let under_first: Vec<&Section> = sections
            .iter()
            .filter(|s| s.level == 2 && s.path[0] == "一、工作完成情况")
            .collect();
        assert_eq!(under_first.len(), 6);
        assert_eq!(
            under_first[0].heading,
            "（一）提高政治站位，学深悟透习近平法治思想"
        );

        let second = find(&sections, "(二)");
        assert!(second.subparts.iter().any(|s| s.label == "强化组织领导"));
        assert!(second
            .subparts
            .iter()
            .any(|s| s.label == "一是强化组织领导"));

        let preamble = &sections[0];
        assert_eq!(preamble.section_kind, SectionKind::Preamble);
        assert!(texts(&text, preamble).contains(&"金开管发〔2023〕104号"));
        let closing = closing(&sections).expect("closing block");
        assert!(texts(&text, closing).contains(&"抄送：市委全面依法治市委员会办公室。"));
        assert_eq!(texts(&text, closing)[0], "金昌经济技术开发区管理委员会");
    }

    #[test]
    fn seed_chaozhou() {
        let (text, sections) = seed("chaozhou");
        assert_eq!(
            level_one(&sections),
            vec![
                ("一、工作举措和成效", SectionKind::Measures),
                ("二、存在的问题", SectionKind::Problems),
                ("三、下一步工作计划", SectionKind::Plans),
            ]
        );
        let leadership = find(&sections, "(二)党政主要负责人");
        assert_eq!(
            leadership.heading,
            "(二)党政主要负责人全面履行推进法治建设第一责任人职责"
        );
        assert_eq!(leadership.section_kind, SectionKind::Leadership);

        let weak_spot = find(&sections, "(一)法治宣传教育");
        assert_eq!(weak_spot.heading, "(一)法治宣传教育存在薄弱环节");
        assert_eq!(weak_spot.section_kind, SectionKind::Problems);
        assert_eq!(
            weak_spot.path,
            vec!["二、存在的问题", "(一)法治宣传教育存在薄弱环节"]
        );

        // Cleaning drops the space after the colon of `抄报: 市委依法治市办`.
        let closing = texts(&text, closing(&sections).expect("closing block")).join("\n");
        assert!(
            closing.contains("抄报:") && closing.contains("市委依法治市办"),
            "{closing}"
        );
        assert!(closing.starts_with("(联系人:"), "{closing}");
    }

    #[test]
    fn seed_qidong() {
        let (_, sections) = seed("qidong");
        assert_eq!(
            level_one(&sections),
            vec![
                (
                    "一、本年度推进法治政府建设的主要举措和成效",
                    SectionKind::Measures
                ),
                (
                    "二、主要负责人履行推进法治建设第一责任人职责情况",
                    SectionKind::Leadership
                ),
                ("三、存在不足和原因", SectionKind::Problems),
                ("四、下一年度推进法治政府建设的主要安排", SectionKind::Plans),
            ]
        );
        assert!(closing(&sections).is_none());
        let first = find(&sections, "（一）加强组织领导");
        assert_eq!(first.subparts[0].label, "一是健全并及时调整组织机构");
    }

    #[test]
    fn seed_lanzhou_plan() {
        let (text, mut sections) = seed("lanzhou");
        assert_eq!(sections.iter().filter(|s| s.level == 1).count(), 8);
        let items: Vec<&Section> = sections.iter().filter(|s| s.level == 3).collect();
        assert_eq!(items.len(), 29);
        assert!(items[28].heading.starts_with("29."));
        // Cleaning removes the space of `1. 深入…`.
        assert_eq!(
            items[0].path,
            vec![
                "一、深入学习贯彻党的二十大精神和习近平法治思想,持续加强党对法治政府建设的领导",
                "1.深入学习贯彻党的二十大精神和习近平法治思想"
            ]
        );
        // The notice's own date in the preamble is not a closing block.
        assert!(texts(&text, &sections[0]).contains(&"2023年5月31日"));
        assert!(texts(&text, closing(&sections).expect("closing block")).contains(&"共印20份"));

        apply_report_kind(&mut sections, ReportKind::Plan);
        for item in sections.iter().filter(|s| s.level == 3) {
            let expected = if item.heading.starts_with("3.") {
                SectionKind::Leadership
            } else {
                SectionKind::Plans
            };
            assert_eq!(item.section_kind, expected, "{}", item.heading);
        }
    }

    #[test]
    fn seed_unnamed_zone() {
        let (text, sections) = seed("unnamed");
        assert_eq!(
            find(&sections, "二、2022年").section_kind,
            SectionKind::Problems
        );
        assert_eq!(
            find(&sections, "三、2023年推进法治政府建设的主要重点工作安排").section_kind,
            SectionKind::Plans
        );
        assert_eq!(
            texts(&text, closing(&sections).expect("closing block")),
            vec!["经济技术开发区管理委员会", "2023年2月13日"]
        );
    }

    fn headings(sections: &[Section]) -> Vec<(u8, &str, SectionKind)> {
        sections
            .iter()
            .map(|s| (s.level, s.heading.as_str(), s.section_kind))
            .collect()
    }

    #[test]
    fn heading_levels_after_folding() {
        assert_eq!(heading_of("一、工作完成情况").unwrap().level, 1);
        assert_eq!(heading_of("（一）提高政治站位").unwrap().level, 2);
        assert_eq!(heading_of("( 二 ) 加强组织领导").unwrap().level, 2);
        assert_eq!(heading_of("1. 深入学习").unwrap().level, 3);
        assert_eq!(heading_of("１２、压紧压实").unwrap().level, 3);
        assert_eq!(heading_of("(3)规范执法").unwrap().level, 4);
        assert_eq!(
            heading_of("- (三)深化改革。一是…").unwrap().text,
            "(三)深化改革"
        );
    }

    #[test]
    fn numbers_and_dates_are_not_headings() {
        assert_eq!(heading_of("4.15全民国家安全教育日"), None);
        assert_eq!(heading_of("2."), None);
        assert_eq!(heading_of("12、"), None);
        assert_eq!(heading_of("12.5"), None);
        assert_eq!(heading_of("今年以来，一、二季度"), None);
    }

    #[test]
    fn heading_text_ends_at_the_first_full_stop() {
        let h = heading_of("（一）提高政治站位，学深悟透习近平法治思想。坚持把…").unwrap();
        assert_eq!(h.text, "（一）提高政治站位，学深悟透习近平法治思想");
        assert_eq!(h.end, h.text.chars().count());
        assert_eq!(
            heading_of("（一）加强组织领导，全面依法履行政府职能。")
                .unwrap()
                .text,
            "（一）加强组织领导，全面依法履行政府职能"
        );
        assert_eq!(
            heading_of("(一)学习宣传贯彻习近平法治思想,").unwrap().text,
            "(一)学习宣传贯彻习近平法治思想"
        );
    }

    #[test]
    fn run_on_headings_are_cut() {
        let run_on = format!("(一){}，{}", "法".repeat(30), "治".repeat(100));
        assert_eq!(
            heading_of(run_on.as_str()).unwrap().text,
            format!("(一){}", "法".repeat(30))
        );
        let no_comma = format!("(一){}", "法".repeat(200));
        assert_eq!(
            heading_of(no_comma.as_str()).unwrap().text.chars().count(),
            MAX_HEADING_CHARS
        );
    }

    #[test]
    fn a_heading_names_its_kinds_in_order() {
        use SectionKind::*;
        let kinds = |heading: &str, strength| named_kinds(heading, strength);
        assert_eq!(
            kinds("二、存在的问题和下一步打算", Strength::Any),
            Some((Problems, Some(Plans)))
        );
        assert_eq!(
            kinds("四、下一年度推进法治政府建设的主要安排", Strength::Any),
            Some((Plans, None))
        );
        assert_eq!(
            kinds(
                "二、主要负责人履行推进法治建设第一责任人职责情况",
                Strength::Any
            ),
            Some((Leadership, None))
        );
        assert_eq!(
            kinds("一、工作完成情况", Strength::Any),
            Some((Measures, None))
        );
        assert_eq!(
            kinds("(一)法治宣传教育存在薄弱环节", Strength::StrongOnly),
            None
        );
        assert_eq!(kinds("一、深入学习贯彻党的二十大精神", Strength::Any), None);
    }

    #[test]
    fn sub_sections_of_a_combined_heading_take_their_own_kinds_or_both() {
        use SectionKind::*;
        let text = paragraphs_per_line(
            "某区2023年法治政府建设情况报告\n二、存在的问题和下一步打算\n（一）存在的问题\n执法力量不足。\n（二）下一步打算\n深化改革。\n（三）其他事项\n加强学习。",
        );
        let kinds: Vec<(SectionKind, Option<SectionKind>)> = split_sections(&text)
            .iter()
            .filter(|s| s.level > 0)
            .map(|s| (s.section_kind, s.also_kind))
            .collect();
        assert_eq!(
            kinds,
            [
                (Problems, Some(Plans)),
                (Problems, None),
                (Plans, None),
                (Problems, Some(Plans)),
            ]
        );
    }

    const SMALL_REPORT: &str = "
XX区管理委员会文件
XX管发〔2023〕1号
XX区2023年度法治政府建设情况报告
市政府：
一、工作举措和成效
（一）加强组织领导。一是**健全机构**，统一是非。二是强化谋划。
正文段落。
（二）党政主要负责人履行推进法治建设第一责任人职责。正文。
1. 细项
二、存在的问题
（一）普法存在薄弱环节。正文。
三、下一步工作计划
（一）加强组织领导
XX区管理委员会
2023年12月5日
抄送：市委依法治市办。
";

    #[test]
    fn sections_cover_all_paragraphs_in_order() {
        let text = paragraphs_per_line(SMALL_REPORT);
        let sections = split_sections(&text);
        let mut next = 0;
        for section in &sections {
            assert_eq!(section.paragraphs.start, next);
            assert!(section.paragraphs.end > section.paragraphs.start);
            next = section.paragraphs.end;
        }
        assert_eq!(next, text.paragraphs.len());
    }

    #[test]
    fn kinds_paths_and_closing_of_a_small_report() {
        let sections = split_sections(&paragraphs_per_line(SMALL_REPORT));
        assert_eq!(
            headings(&sections),
            vec![
                (0, "", SectionKind::Preamble),
                (1, "一、工作举措和成效", SectionKind::Measures),
                (2, "（一）加强组织领导", SectionKind::Measures),
                (
                    2,
                    "（二）党政主要负责人履行推进法治建设第一责任人职责",
                    SectionKind::Leadership
                ),
                (3, "1. 细项", SectionKind::Leadership),
                (1, "二、存在的问题", SectionKind::Problems),
                (2, "（一）普法存在薄弱环节", SectionKind::Problems),
                (1, "三、下一步工作计划", SectionKind::Plans),
                (2, "（一）加强组织领导", SectionKind::Plans),
                (0, "", SectionKind::Closing),
            ]
        );
        assert_eq!(sections[0].paragraphs, 0..4);
        assert_eq!(sections[2].paragraphs, 5..7);
        assert_eq!(
            sections[4].path,
            vec![
                "一、工作举措和成效",
                "（二）党政主要负责人履行推进法治建设第一责任人职责",
                "1. 细项"
            ]
        );
        assert_eq!(sections[9].paragraphs, 13..16);
    }

    #[test]
    fn inline_items_and_bold_lead_ins_are_subparts() {
        let sections = split_sections(&paragraphs_per_line(SMALL_REPORT));
        let labels: Vec<(&str, usize, usize)> = sections[2]
            .subparts
            .iter()
            .map(|s| (s.label.as_str(), s.paragraph, s.char_offset))
            .collect();
        // `统一是非` is not an item: `一是` there follows a Han char.
        assert_eq!(
            labels,
            vec![
                ("一是健全机构", 5, 10),
                ("健全机构", 5, 12),
                ("二是强化谋划", 5, 22)
            ]
        );
    }

    #[test]
    fn bold_run_with_its_own_marker_is_one_subpart() {
        let text = paragraphs_per_line("一、情况\n正文。**三是规范公正文明执法。**制定了计划。");
        let sections = split_sections(&text);
        let labels: Vec<&str> = sections[0]
            .subparts
            .iter()
            .map(|s| s.label.as_str())
            .collect();
        assert_eq!(labels, vec!["三是规范公正文明执法"]);
    }

    #[test]
    fn a_report_without_headings_or_closing_is_one_preamble() {
        let sections = split_sections(&paragraphs_per_line("只有正文。\n还是正文。"));
        assert_eq!(headings(&sections), vec![(0, "", SectionKind::Preamble)]);
        assert_eq!(sections[0].paragraphs, 0..2);
    }

    #[test]
    fn level_three_before_any_level_one_keeps_its_own_kind() {
        let sections = split_sections(&paragraphs_per_line("1. 存在问题\n正文。\n一、工作情况"));
        assert_eq!(
            headings(&sections),
            vec![
                (3, "1. 存在问题", SectionKind::Problems),
                (1, "一、工作情况", SectionKind::Measures)
            ]
        );
        assert_eq!(sections[0].path, vec!["1. 存在问题"]);
    }

    #[test]
    fn plans_turn_other_body_sections_into_plans() {
        let mut sections = split_sections(&paragraphs_per_line(
            "标题\n一、深入学习\n1. 学习\n2. 压实第一责任人职责\n共印20份",
        ));
        apply_report_kind(&mut sections, ReportKind::Report);
        assert_eq!(sections[1].section_kind, SectionKind::Other);
        apply_report_kind(&mut sections, ReportKind::Plan);
        let kinds: Vec<SectionKind> = sections.iter().map(|s| s.section_kind).collect();
        assert_eq!(
            kinds,
            vec![
                SectionKind::Preamble,
                SectionKind::Plans,
                SectionKind::Plans,
                SectionKind::Leadership,
                SectionKind::Closing
            ]
        );
    }

    #[test]
    fn closing_lines() {
        for line in [
            "2023 年 12 月 5 日",
            "2023年12月5日印",
            "二〇二三年十二月五日",
            "金昌经济技术开发区管理委员会",
            "兰州新区中川园区党委全面依法治区委员会(代)",
            "潮州凤泉湖高新技术产业开发区党政办公室 2023年11月17日印发",
            "抄送：市委全面依法治市委员会办公室。",
            "抄报: 市委依法治市办",
            "共印20份",
            "(联系人: 陆苗霞, 联系方式: 13553798288)",
        ] {
            assert!(is_closing_line(line), "{line}");
        }
        for line in [
            "下一步，经开区管委会将深入学习。",
            "2024年11月23日 星期六",
            "现将要点印发给你们。",
        ] {
            assert!(!is_closing_line(line), "{line}");
        }
    }
}
