//! Reading a report's metadata (title, kind, year, date, document number, issuer, zone) from
//! its preamble and closing block.
//!
//! Every rule reads a place where the genre states the field: the `…文件` header, the title,
//! the document number line, the signature (落款) and date of the closing block, a web page's
//! publication stamp. A field no rule finds stays `None` with a warning; nothing is guessed
//! from the body text.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::dates::{chinese_digits, field_date, find_date, is_date_line, CalendarDate};
use super::signature::signature;
use super::{FieldSource, ReportMeta, Section};
use crate::base::fold::{fold, is_han, Foldable};
use crate::base::{ReportKind, SectionKind};
use crate::genre::{self, DOC_NUMBER};
use crate::ingest::extract::{Evidence, Label};
use crate::ingest::{CleanText, Paragraph};

/// The warning left when `field` (named as in a sidecar) is not found. Sidecars that supply the
/// field remove exactly this string.
pub(crate) fn missing_field_warning(field: &str) -> String {
    format!("no {field} found in the text; set `{field}` in the report's .meta.toml sidecar")
}

/// Reads the metadata of a report from its text and, where the text does not state a field,
/// from the evidence its file gave outside the body (a web page's title and labelled block).
/// Each field found records where it was found ([`FieldSource`]).
pub fn extract(text: &CleanText, sections: &[Section], evidence: &Evidence) -> ReportMeta {
    let paragraphs_of = |kind: SectionKind| -> Vec<&Paragraph> {
        sections
            .iter()
            .filter(|s| s.section_kind == kind)
            .flat_map(|s| text.paragraphs[s.paragraphs.clone()].iter())
            .collect()
    };
    let preamble = paragraphs_of(SectionKind::Preamble);
    let closing = paragraphs_of(SectionKind::Closing);
    let all: Vec<&Paragraph> = text.paragraphs.iter().collect();
    let page = |label: Label| {
        evidence
            .get(label)
            .map(|v| (v.to_string(), Origin::Page(label)))
    };

    let title: Option<(String, Origin)> = preamble
        .iter()
        .find(|p| is_title(**p))
        .map(|p| (p.text.clone(), Origin::Line(From::Title, p)))
        .or_else(|| {
            evidence
                .title
                .clone()
                .map(|t| (t, Origin::PageTitle))
                .or_else(|| page(Label::Title))
        });
    let header = preamble
        .iter()
        .find_map(|p| Some((document_header(&p.text)?, Origin::Line(From::Header, p))));
    let signatures: Vec<(String, Origin)> = closing
        .iter()
        .filter_map(|p| Some((signature(*p)?.org, Origin::Line(From::Signature, p))))
        .collect();

    let kind = title
        .as_ref()
        .and_then(|(t, origin)| Some((report_kind(t)?, *origin)))
        .or_else(|| Some((report_kind_from_wording(&all)?, Origin::Wording)));
    let multi_year = kind.is_some_and(|k| k.0 == ReportKind::Other)
        && title.as_ref().is_some_and(|(t, _)| is_multi_year(t));
    let year = if multi_year {
        None // a programme for several years is about none of them alone
    } else {
        title
            .as_ref()
            .and_then(|(t, origin)| Some((year_in_title(t)?, *origin)))
            .or_else(|| {
                let (year, p) = year_in_introduction(&opening_paragraphs(text, sections))?;
                Some((year, Origin::Line(From::Body, p)))
            })
    };
    let date = closing
        .iter()
        .find_map(|p| Some((find_date(&p.folded)?.0, Origin::Line(From::Closing, p))))
        .or_else(|| {
            let p = all.iter().find(|p| is_date_line(**p))?;
            Some((find_date(&p.folded)?.0, Origin::Line(From::DateLine, p)))
        })
        .or_else(|| {
            all.iter().find_map(|p| {
                Some((
                    publication_stamp_date(*p)?,
                    Origin::Line(From::PublicationStamp, p),
                ))
            })
        })
        .or_else(|| {
            [Label::Written, Label::Published]
                .into_iter()
                .find_map(|label| {
                    Some((
                        field_date(&fold(evidence.get(label)?))?,
                        Origin::Page(label),
                    ))
                })
        })
        .map(|(date, origin)| (date.iso(), origin));
    let doc_number = preamble
        .iter()
        .find_map(|p| Some((doc_number(*p)?, Origin::Line(From::DocNumberLine, p))))
        .or_else(|| page(Label::DocNumber));
    let stated_issuer = [Label::Publisher, Label::Source]
        .into_iter()
        .filter_map(page)
        .find(|(name, _)| is_org_name(name));
    let issuer = header
        .clone()
        .or_else(|| {
            let (t, origin) = title.as_ref()?;
            Some((issuer_in_title(t)?, *origin))
        })
        .or_else(|| {
            closing_issuer(&closing).map(|(name, p)| (name, Origin::Line(From::Signature, p)))
        })
        .or_else(|| stated_issuer.clone());

    let anchored: Vec<(String, Origin)> = header
        .iter()
        .chain(&title)
        .chain(&issuer)
        .chain(&signatures)
        .chain(&stated_issuer)
        .cloned()
        .collect();
    let names: Vec<&str> = anchored.iter().map(|(name, _)| name.as_str()).collect();
    let (zone, short_forms) = match find_zone(&names) {
        Some((zone, other_names)) => {
            let mut short_forms = other_names;
            for name in short_forms_in_text(&zone, &all) {
                if !short_forms.contains(&name) {
                    short_forms.push(name);
                }
            }
            let origin = anchored
                .iter()
                .find(|(name, _)| zone_in(name).is_some_and(|z| z.full == zone.full))
                .map_or(Origin::Wording, |(_, origin)| *origin);
            (Some((zone.full, origin)), short_forms)
        }
        None => (None, Vec::new()),
    };

    let mut sources = Vec::new();
    let mut note = |field: &'static str, origin: Option<Origin>| {
        if let Some(origin) = origin {
            sources.push(origin.source(field));
        }
    };
    note("title", title.as_ref().map(|f| f.1));
    note("kind", kind.map(|f| f.1));
    note("year", year.map(|f| f.1));
    note("date", date.as_ref().map(|f| f.1));
    note("doc_number", doc_number.as_ref().map(|f| f.1));
    note("issuer", issuer.as_ref().map(|f| f.1));
    note("zone", zone.as_ref().map(|f| f.1));

    let mut meta = ReportMeta {
        zone: zone.map(|f| f.0),
        short_forms,
        area_type: None,
        province: None,
        city: None,
        year: year.map(|f| f.0),
        report_kind: kind.map(|f| f.0),
        issuer: issuer.map(|f| f.0),
        doc_number: doc_number.map(|f| f.0),
        date: date.map(|f| f.0),
        ignored: distractors(
            &preamble,
            &opening_paragraphs(text, sections),
            &all,
            &year,
            &kind,
        ),
        title: title.map(|f| f.0),
        sources,
        warnings: Vec::new(),
    };
    place_area(&mut meta, &names);
    let found = [
        ("title", meta.title.is_some()),
        ("kind", meta.report_kind.is_some()),
        ("year", meta.year.is_some()),
        ("date", meta.date.is_some()),
        ("doc_number", meta.doc_number.is_some()),
        ("issuer", meta.issuer.is_some()),
        ("zone", meta.zone.is_some()),
    ];
    meta.warnings = found
        .into_iter()
        .filter(|(_, found)| !found)
        .map(|(field, _)| missing_field_warning(field))
        .collect();
    meta
}

/// What looked like a value and was passed over: date widgets of a web page, years in the
/// opening other than the one the text states, plans a report cites.
fn distractors(
    preamble: &[&Paragraph],
    opening: &[&Paragraph],
    all: &[&Paragraph],
    year: &Option<(i32, Origin)>,
    kind: &Option<(ReportKind, Origin)>,
) -> Vec<FieldSource> {
    let mut ignored = Vec::new();
    let mut add = |field: &'static str, why: &str, p: &Paragraph| {
        ignored.push(FieldSource {
            field: field.to_string(),
            from: why.to_string(),
            line: Some(p.lines.first_line()),
            excerpt: Some(p.text.chars().take(SOURCE_EXCERPT_CHARS).collect()),
        });
    };
    for p in preamble.iter().filter(|p| is_date_widget(&p.folded)) {
        add("date", "a web page's date widget, not the report's date", p);
    }
    if let Some((stated, Origin::Line(From::Body, at))) = year {
        let upto = opening
            .iter()
            .position(|p| std::ptr::eq(*p, *at))
            .map_or(0, |i| i + 1);
        for p in &opening[..upto] {
            let other = OPENING_YEAR
                .captures(&p.folded)
                .and_then(|caps| plausible_year(&caps[1]));
            if other.is_some_and(|y| y != *stated) {
                add(
                    "year",
                    "an earlier year in the opening, not the year the text states",
                    p,
                );
            }
        }
    }
    if kind.is_some_and(|k| k.0 == ReportKind::Report) {
        for p in all.iter().filter(|p| CITED_PLAN.is_match(&p.folded)) {
            add("kind", "a plan the report cites, not what the report is", p);
        }
    }
    ignored
}

/// A rule-of-law plan named inside a text: `《…2025年法治政府建设工作要点》`.
static CITED_PLAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"《[^》]{0,60}(?:法治|依法行政)[^》]{0,30}(?:要点|计划|安排)》").unwrap()
});

/// Where in a report a field was read.
#[derive(Debug, Clone, Copy)]
enum Origin<'a> {
    /// A paragraph of the text, read as the part of the genre it is.
    Line(From, &'a Paragraph),
    /// The page's title (`<title>`, `<h1>`).
    PageTitle,
    /// The page's labelled block.
    Page(Label),
    /// How the whole text is written (looking back or ahead).
    Wording,
}

/// The part of the genre a field was read from.
#[derive(Debug, Clone, Copy)]
enum From {
    Title,
    Header,
    DocNumberLine,
    Signature,
    Closing,
    DateLine,
    PublicationStamp,
    Body,
}

/// Longest excerpt of the source line kept with a field.
const SOURCE_EXCERPT_CHARS: usize = 60;

impl Origin<'_> {
    fn source(&self, field: &'static str) -> FieldSource {
        let (from, line, excerpt) = match self {
            Origin::Line(from, p) => {
                let from = match from {
                    From::Title => "title",
                    From::Header => "header",
                    From::DocNumberLine => "document number line",
                    From::Signature => "signature",
                    From::Closing => "closing block",
                    From::DateLine => "date line",
                    From::PublicationStamp => "publication stamp",
                    From::Body => "body",
                };
                let excerpt: String = p.text.chars().take(SOURCE_EXCERPT_CHARS).collect();
                (from.to_string(), Some(p.lines.first_line()), Some(excerpt))
            }
            Origin::PageTitle => ("page title".to_string(), None, None),
            Origin::Page(label) => (format!("page label {}", label.word()), None, None),
            Origin::Wording => ("wording".to_string(), None, None),
        };
        FieldSource {
            field: field.to_string(),
            from,
            line,
            excerpt,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Title, kind, year

/// Longest line accepted as a title.
const MAX_TITLE_CHARS: usize = 100;

/// A stale "today" widget on a web page: `2024年11月23日 星期六`.
fn is_date_widget(folded: &str) -> bool {
    find_date(folded).is_some() && folded.contains("星期")
}

fn is_page_furniture(folded: &str) -> bool {
    genre::PAGE_FURNITURE.is_match(folded) || is_date_widget(folded)
}

/// The line that names the document: has a genre word and is none of the other title-block
/// lines (header, document number, date, salutation, signer, page furniture).
fn is_title(paragraph: &(impl Foldable + ?Sized)) -> bool {
    let folded = paragraph.folded();
    let folded = folded.trim();
    genre::GENRE_WORD.is_match(folded)
        && folded.chars().count() <= MAX_TITLE_CHARS
        && !folded.contains('。')
        && !folded.ends_with(':')
        && !folded.ends_with("文件")
        && !folded.contains('|')
        && doc_number(paragraph).is_none()
        && !is_date_line(folded)
        && !genre::SIGNER_FIELD.is_match(folded)
        && !is_page_furniture(folded)
}

/// A span of years (`2025—2027年`, `2023-2025年`): a multi-year programme, not one year's.
static YEAR_SPAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{4}\s*年?\s*[—–\-~～至到]{1,2}\s*\d{4}\s*年").unwrap());

/// The kind a title states: an interpretation (`解读`) or a multi-year programme is neither a
/// report nor a plan; `报告`/`总结` is a report; `要点`/`计划`/`安排`/`方案` a plan.
fn report_kind(title: &str) -> Option<ReportKind> {
    let folded = fold(title);
    if folded.contains("解读") || YEAR_SPAN.is_match(&folded) || folded.contains("实施方案") {
        Some(ReportKind::Other)
    } else if folded.contains("报告") || folded.contains("总结") {
        Some(ReportKind::Report)
    } else if ["要点", "计划", "方案", "安排", "规划"]
        .iter()
        .any(|w| folded.contains(w))
    {
        Some(ReportKind::Plan)
    } else {
        None
    }
}

/// How a text without a title is written: a report looks back (`一年来`, `取得…成效`,
/// `存在的问题`, `特此报告`), a plan looks ahead (`工作安排如下`, `牵头单位`, `完成时限`).
static LOOKS_BACK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"一年来|今年以来|取得[^。]{0,8}成效|存在的?问题|存在的?不足|主要做法|特此报告|报告如下|总结如下|工作完成情况|开展了|完成了").unwrap()
});
static LOOKS_AHEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"安排如下|任务如下|要点如下|计划如下|牵头单位|责任单位|完成时限|时间节点|年底前|月底前|年内完成|重点任务|主要任务|工作要求").unwrap()
});

/// The kind of a text without a kind in its title, when its wording says so clearly: at least
/// two signs, and more of one kind than of the other.
fn report_kind_from_wording(paragraphs: &[&Paragraph]) -> Option<ReportKind> {
    let count = |words: &Regex| -> usize {
        paragraphs
            .iter()
            .map(|p| words.find_iter(&p.folded).count())
            .sum()
    };
    let (back, ahead) = (count(&LOOKS_BACK), count(&LOOKS_AHEAD));
    if back >= 2 && back > ahead {
        Some(ReportKind::Report)
    } else if ahead >= 2 && ahead > back {
        Some(ReportKind::Plan)
    } else {
        None
    }
}

/// Four digits of a year, Arabic or Chinese (`2023`, `二〇二三`, `二零二三`).
const YEAR_DIGITS: &str = r"(\d{4}|[〇零一二三四五六七八九]{4})";

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"{YEAR_DIGITS}\s*年")).unwrap());

fn plausible_year(digits: &str) -> Option<i32> {
    let year = match digits.parse::<i32>() {
        Ok(year) => year,
        Err(_) => i32::try_from(chinese_digits(digits)?).ok()?,
    };
    genre::YEARS.contains(&year).then_some(year)
}

/// `…关于2023年度…报告`, `…关于二〇二三年度…报告`, `…《2023年…工作要点》的通知` → 2023.
fn year_in_title(title: &str) -> Option<i32> {
    YEAR.captures_iter(&fold(title))
        .find_map(|caps| plausible_year(&caps[1]))
}

/// How many paragraphs after the preamble still count as the introduction.
const INTRODUCTION_BODY_PARAGRAPHS: usize = 3;

/// The preamble and the first paragraphs after it: where a report says which year it covers.
fn opening_paragraphs<'a>(text: &'a CleanText, sections: &[Section]) -> Vec<&'a Paragraph> {
    let preamble_end = sections
        .iter()
        .find(|s| s.section_kind == SectionKind::Preamble)
        .map_or(0, |s| s.paragraphs.end);
    let body_end = sections
        .iter()
        .find(|s| s.section_kind == SectionKind::Closing)
        .map_or(text.paragraphs.len(), |s| s.paragraphs.start);
    let end = (preamble_end + INTRODUCTION_BODY_PARAGRAPHS)
        .min(body_end)
        .max(preamble_end);
    text.paragraphs[..end].iter().collect()
}

/// Whether a title is about a span of years (`（2025—2027年）`, `2023-2025年实施方案`).
fn is_multi_year(title: &str) -> bool {
    YEAR_SPAN.is_match(&fold(title))
}

// Where a text says which year it is about: `现将2022年法治政府建设情况报告如下`,
// `现就2024年…工作安排如下`, `现提出2020年…任务如下`; else a paragraph opening with `2022年，`,
// `2022年以来` or `2024年是…`. The statement wins over an opening year anywhere before it: a
// report may open with the previous year's award.
static YEAR_STATEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:现将|现就|现提出|现制定|特制定)\s*{YEAR_DIGITS}\s*年"
    ))
    .unwrap()
});
static OPENING_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^\s*{YEAR_DIGITS}\s*年度?\s*(?:,|以来|是)")).unwrap());

fn year_in_introduction<'a>(paragraphs: &[&'a Paragraph]) -> Option<(i32, &'a Paragraph)> {
    [&*YEAR_STATEMENT, &*OPENING_YEAR]
        .into_iter()
        .find_map(|pattern| {
            paragraphs.iter().find_map(|p| {
                pattern
                    .captures(&p.folded)
                    .and_then(|caps| plausible_year(&caps[1]))
                    .map(|year| (year, *p))
            })
        })
}

// ---------------------------------------------------------------------------------------------
// Date, document number, issuer

static PUBLICATION_STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"发布(?:时间|日期)\s*:\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
        .unwrap()
});

/// `发布时间:2023-02-15 14:29:59` → 2023-02-15.
fn publication_stamp_date(paragraph: &(impl Foldable + ?Sized)) -> Option<CalendarDate> {
    let folded = paragraph.folded();
    let caps = PUBLICATION_STAMP.captures(&folded)?;
    CalendarDate::new(
        caps[1].parse().ok()?,
        caps[2].parse().ok()?,
        caps[3].parse().ok()?,
    )
}

static DOC_NUMBER_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^\s*(?:文号\s*:\s*)?({DOC_NUMBER})")).unwrap());
static DOC_NUMBER_FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"文号\s*:\s*({DOC_NUMBER})")).unwrap());

/// `金开管发〔2023〕104号`, as written, from a line that is or starts with one (or a `文号:` field).
fn doc_number(paragraph: &(impl Foldable + ?Sized)) -> Option<String> {
    let folded = paragraph.folded();
    let found = DOC_NUMBER_LINE
        .captures(&folded)
        .or_else(|| DOC_NUMBER_FIELD.captures(&folded))?
        .get(1)?;
    Some(original_span(paragraph.original(), &folded, found.range()))
}

/// The original text at a byte range of its folded form (folding keeps char positions).
fn original_span(original: &str, folded: &str, range: Range<usize>) -> String {
    let start = folded[..range.start].chars().count();
    let len = folded[range].chars().count();
    original.chars().skip(start).take(len).collect()
}

fn is_org_name(name: &str) -> bool {
    let len = name.chars().count();
    (2..=genre::MAX_ORG_CHARS).contains(&len) && name.chars().all(is_han)
}

/// The issuing body from a `…文件` header line. Extraction scatters spaces and commas through
/// spaced-out header type (`…工, 作 委 员 会 文 件`), so those are dropped first.
fn document_header(paragraph: &str) -> Option<String> {
    let joined: String = paragraph
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '，' | '、'))
        .collect();
    let org = joined.strip_suffix("文件")?;
    (is_org_name(org) && !org.contains("关于")).then(|| org.to_string())
}

/// `金昌经济技术开发区管理委员会关于…的报告` → the part before `关于`.
fn issuer_in_title(title: &str) -> Option<String> {
    let (org, _) = title.split_once("关于")?;
    let org = org.trim();
    is_org_name(org).then(|| org.to_string())
}

/// The author's signature in the closing block; the printing office's `…印发` line is not the
/// author, and `(代)`/`(章)` marks are not part of the name.
fn closing_issuer<'a>(closing: &[&'a Paragraph]) -> Option<(String, &'a Paragraph)> {
    closing
        .iter()
        .filter_map(|p| Some((signature(*p)?, *p)))
        .find(|(s, _)| !s.printed)
        .map(|(s, p)| {
            let folded = fold(&s.org);
            let name_len = folded.find('(').map_or(folded.len(), |at| at);
            let name = original_span(&s.org, &folded, 0..name_len)
                .trim()
                .to_string();
            (name, p)
        })
}

// ---------------------------------------------------------------------------------------------
// Zone

/// Places a zone given from outside the text (a sidecar, the alias file) as one read from it
/// would be, with the report's issuer and title to settle a name found in several places.
pub(crate) fn place_given_area(meta: &mut ReportMeta) {
    let context: Vec<String> = [&meta.issuer, &meta.title]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    place_area(
        meta,
        &context.iter().map(String::as_str).collect::<Vec<_>>(),
    );
}

/// The zone's type from its name, and its province and city from the gazetteer (`context`:
/// the other names of the report, which settle a name found in several places).
pub(crate) fn place_area(meta: &mut ReportMeta, context: &[&str]) {
    let Some(zone) = meta.zone.as_deref() else {
        meta.area_type = None;
        meta.province = None;
        meta.city = None;
        return;
    };
    meta.area_type = genre::area_type(zone).map(String::from);
    let location = crate::gazetteer::locate(zone, context);
    meta.province = location.province;
    meta.city = location.city;
    for (field, found, from) in [
        ("area_type", meta.area_type.is_some(), "the zone's name"),
        ("province", meta.province.is_some(), "gazetteer (data/)"),
        ("city", meta.city.is_some(), "gazetteer (data/)"),
    ] {
        meta.sources.retain(|s| s.field != field);
        if found {
            meta.set_source(field, from);
        }
    }
}

/// A zone or place name read from an anchored candidate: `place` + `suffix`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ZoneName {
    full: String,
    place: String,
    /// False for the abbreviated suffixes (`高新区`, `经开区`).
    official: bool,
}

/// Reads one anchored candidate (header, title, issuer, signature) as a zone name.
fn zone_in(candidate: &str) -> Option<ZoneName> {
    let folded: String = fold(candidate)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let name = TITLE_PREFIX
        .find(&folded)
        .map_or(&folded[..], |m| &folded[m.end()..]);
    let name = name.strip_prefix("中共").unwrap_or(name);
    let name = LEADING_YEAR.find(name).map_or(name, |m| &name[m.end()..]);
    let name = genre::ZONE_STOP
        .find(name)
        .map_or(name, |m| &name[..m.start()]);
    dual_name(name)
        .or_else(|| zone_name(name))
        .or_else(|| zone_before_unlisted_bureau(name))
}

/// What stands before a name in a title or a labelled line: `【文字解读】`, `《`, `标题|`.
static TITLE_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\[[^\]]{1,8}\])?(?:(?:标题|名称)[|:])?《?").unwrap());

/// A zone with its second name in brackets, as the text writes it:
/// `乌鲁木齐高新技术产业开发区(新市区)` → `乌鲁木齐高新技术产业开发区（新市区）`.
fn dual_name(name: &str) -> Option<ZoneName> {
    let (first, rest) = name.split_once('(')?;
    let second = rest.strip_suffix(')')?;
    let zone = zone_name(first)?;
    zone_name(second)?;
    Some(ZoneName {
        full: format!("{first}（{second}）"),
        ..zone
    })
}

static LEADING_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^{YEAR_DIGITS}年度?")).unwrap());

/// `河西县粮食和物资储备局` (a bureau not in the stop list): the place ends at the last
/// administrative suffix before `局`.
fn zone_before_unlisted_bureau(name: &str) -> Option<ZoneName> {
    let bureau = name.find('局')?;
    let cut = name[..bureau].rfind(['区', '县', '市', '旗', '州', '盟', '镇', '乡'])?;
    let suffix_len = name[cut..].chars().next()?.len_utf8();
    zone_name(&name[..cut + suffix_len])
}

/// `name` if it is a non-generic place followed by a zone suffix.
fn zone_name(name: &str) -> Option<ZoneName> {
    if !name.chars().all(is_han) {
        return None;
    }
    let suffix = genre::ZONE_SUFFIXES.iter().find(|s| name.ends_with(*s))?;
    let place = &name[..name.len() - suffix.len()];
    if genre::GENERIC_PLACES.contains(&place) {
        return None;
    }
    // An authority (`深圳市前海管理局`) is an area; a district's bureau
    // (`某某区行政审批服务管理局`) is not.
    if *suffix == "管理局" && place.contains(['区', '县', '乡', '镇']) {
        return None;
    }
    Some(ZoneName {
        full: name.to_string(),
        place: place.to_string(),
        official: !genre::ABBREVIATED_SUFFIXES.contains(suffix),
    })
}

/// Two names for the same place: one place part ends the other (`凤泉湖`, `潮州凤泉湖`).
fn same_place(a: &ZoneName, b: &ZoneName) -> bool {
    a.place.ends_with(&b.place) || b.place.ends_with(&a.place)
}

/// The zone named by the first usable candidate (preferring an official name for the same
/// place), and the other names the candidates give it.
fn find_zone(candidates: &[&str]) -> Option<(ZoneName, Vec<String>)> {
    let names: Vec<ZoneName> = candidates.iter().filter_map(|c| zone_in(c)).collect();
    let first = names.first()?;
    // The fullest official name the candidates give the first place (`上海市闵行区` over the
    // title's `闵行区`), else the first name.
    let zone = names
        .iter()
        .filter(|n| n.official && same_place(n, first))
        .max_by_key(|n| n.full.chars().count())
        .unwrap_or(first);
    let mut others: Vec<String> = Vec::new();
    for name in names
        .iter()
        .filter(|n| same_place(n, zone) && n.full != zone.full)
    {
        if !others.contains(&name.full) {
            others.push(name.full.clone());
        }
    }
    Some((zone.clone(), others))
}

/// Suffixes the text uses in abbreviated names, longest first.
static ABBREVIATED_NAME_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"经济开发区|经开区|高新区|开发区|园区|新区").unwrap());
/// Shortest tail of the place part that still names it (`凤泉湖`, not `湖`).
const MIN_PLACE_TAIL_CHARS: usize = 2;

/// Names in the text made of a tail of the zone's place part and an abbreviated suffix
/// (`金昌经开区`, `凤泉湖高新区`, `中川园区`), in order of first use.
fn short_forms_in_text(zone: &ZoneName, paragraphs: &[&Paragraph]) -> Vec<String> {
    let place: Vec<char> = zone.place.chars().collect();
    let mut found: Vec<String> = Vec::new();
    for paragraph in paragraphs.iter().map(|p| p.text.as_str()) {
        let chars: Vec<char> = paragraph.chars().collect();
        for suffix in ABBREVIATED_NAME_SUFFIX.find_iter(paragraph) {
            let start = paragraph[..suffix.start()].chars().count();
            let tail = (1..=place.len().min(start))
                .take_while(|&k| chars[start - k] == place[place.len() - k])
                .last()
                .unwrap_or(0);
            if tail < MIN_PLACE_TAIL_CHARS {
                continue;
            }
            let name: String =
                place[place.len() - tail..].iter().collect::<String>() + suffix.as_str();
            if name != zone.full && !found.contains(&name) {
                found.push(name);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sections::split_sections;
    use crate::report::sections::tests::{paragraphs_per_line, seed};

    fn meta_of(report: &str) -> ReportMeta {
        let text = paragraphs_per_line(report);
        extract(&text, &split_sections(&text), &Evidence::default())
    }

    fn warned(meta: &ReportMeta, field: &str) -> bool {
        meta.warnings.contains(&missing_field_warning(field))
    }

    fn seed_meta(name: &str) -> ReportMeta {
        let (text, sections) = seed(name);
        extract(&text, &sections, &Evidence::default())
    }

    #[test]
    fn seed_jinchang() {
        let meta = seed_meta("jinchang");
        assert_eq!(
            meta.title.as_deref(),
            Some("金昌经济技术开发区管理委员会关于2023年度法治政府建设工作总结的报告")
        );
        assert_eq!(meta.report_kind, Some(ReportKind::Report));
        assert_eq!(meta.year, Some(2023));
        assert_eq!(meta.date.as_deref(), Some("2023-12-05"));
        assert_eq!(meta.doc_number.as_deref(), Some("金开管发〔2023〕104号"));
        assert_eq!(meta.issuer.as_deref(), Some("金昌经济技术开发区管理委员会"));
        assert_eq!(meta.zone.as_deref(), Some("金昌经济技术开发区"));
        assert!(meta.short_forms.contains(&"金昌经开区".to_string()));
        assert!(meta.warnings.is_empty(), "{:?}", meta.warnings);
    }

    #[test]
    fn seed_chaozhou() {
        let meta = seed_meta("chaozhou");
        assert_eq!(
            meta.title.as_deref(),
            Some("潮州凤泉湖高新区2023年法治政府建设年度报告")
        );
        assert_eq!(meta.report_kind, Some(ReportKind::Report));
        assert_eq!(meta.year, Some(2023));
        assert_eq!(meta.date.as_deref(), Some("2023-11-17"));
        assert_eq!(meta.doc_number.as_deref(), Some("凤高委报[2023]8号"));
        assert_eq!(
            meta.issuer.as_deref(),
            Some("中共潮州凤泉湖高新技术产业开发区工作委员会")
        );
        assert_eq!(meta.zone.as_deref(), Some("潮州凤泉湖高新技术产业开发区"));
        assert_eq!(meta.short_forms, vec!["潮州凤泉湖高新区", "凤泉湖高新区"]);
    }

    #[test]
    fn seed_lanzhou_plan() {
        let meta = seed_meta("lanzhou");
        assert_eq!(
            meta.title.as_deref(),
            Some("兰州新区中川园区党委全面依法治区委员会关于印发《2023年兰州新区中川园区法治政府建设工作要点》的通知")
        );
        assert_eq!(meta.report_kind, Some(ReportKind::Plan));
        assert_eq!(meta.year, Some(2023));
        assert_eq!(meta.date.as_deref(), Some("2023-05-31"));
        assert_eq!(meta.doc_number.as_deref(), Some("新中法发〔2023〕2号"));
        assert_eq!(
            meta.issuer.as_deref(),
            Some("兰州新区中川园区党委全面依法治区委员会")
        );
        assert_eq!(meta.zone.as_deref(), Some("兰州新区中川园区"));
        assert!(meta.short_forms.contains(&"中川园区".to_string()));
    }

    #[test]
    fn seed_qidong() {
        let meta = seed_meta("qidong");
        assert_eq!(
            meta.title.as_deref(),
            Some("启东经济开发区2023年度法治政府建设情况报告")
        );
        assert_eq!(meta.report_kind, Some(ReportKind::Report));
        assert_eq!(meta.year, Some(2023));
        assert_eq!(meta.date, None);
        assert_eq!(meta.doc_number, None);
        assert_eq!(meta.issuer, None);
        assert_eq!(meta.zone.as_deref(), Some("启东经济开发区"));
        assert!(warned(&meta, "date") && warned(&meta, "doc_number") && warned(&meta, "issuer"));
    }

    #[test]
    fn seed_unnamed_zone() {
        let meta = seed_meta("unnamed");
        assert_eq!(
            meta.title.as_deref(),
            Some("经济技术开发区管理委员会关于2022年法治政府建设情况报告")
        );
        assert_eq!(meta.report_kind, Some(ReportKind::Report));
        assert_eq!(meta.year, Some(2022));
        assert_eq!(meta.date.as_deref(), Some("2023-02-13"));
        assert_eq!(meta.doc_number, None);
        assert_eq!(meta.issuer.as_deref(), Some("经济技术开发区管理委员会"));
        // The place name was scrubbed; `法治云南` in the body must not become a zone.
        assert_eq!(meta.zone, None);
        assert!(meta.short_forms.is_empty());
        assert!(warned(&meta, "zone"));
        let json = serde_json::to_value(&meta).unwrap();
        assert!(json["zone"].is_null());
    }

    #[test]
    fn county_government_report() {
        let meta = meta_of(
            "河西县人民政府文件
河政发〔2024〕3号
河西县人民政府关于2023年度法治政府建设情况的报告
市人民政府：
2023年，我县坚持以习近平法治思想为指导。
一、主要举措和成效
（一）加强组织领导。正文。
二、存在的不足
全县法治工作还有差距。
河西县人民政府
二〇二四年一月二十日",
        );
        assert_eq!(
            meta.title.as_deref(),
            Some("河西县人民政府关于2023年度法治政府建设情况的报告")
        );
        assert_eq!(meta.report_kind, Some(ReportKind::Report));
        assert_eq!(meta.year, Some(2023));
        assert_eq!(meta.date.as_deref(), Some("2024-01-20"));
        assert_eq!(meta.doc_number.as_deref(), Some("河政发〔2024〕3号"));
        assert_eq!(meta.issuer.as_deref(), Some("河西县人民政府"));
        assert_eq!(meta.zone.as_deref(), Some("河西县"));
        assert!(meta.short_forms.is_empty());
        assert!(meta.warnings.is_empty(), "{:?}", meta.warnings);
    }

    #[test]
    fn city_department_report() {
        let meta = meta_of(
            "青州市司法局2023年法治政府建设年度报告
今年以来，我局认真贯彻落实上级部署。
一、工作开展情况
正文。
青州市司法局 2024年1月8日",
        );
        assert_eq!(
            meta.title.as_deref(),
            Some("青州市司法局2023年法治政府建设年度报告")
        );
        assert_eq!(meta.year, Some(2023));
        assert_eq!(meta.date.as_deref(), Some("2024-01-08"));
        assert_eq!(meta.issuer.as_deref(), Some("青州市司法局"));
        assert_eq!(meta.zone.as_deref(), Some("青州市"));
        assert_eq!(meta.doc_number, None);
        assert!(warned(&meta, "doc_number"));
    }

    #[test]
    fn web_page_with_navigation_stamp_and_date_widget() {
        let meta = meta_of(
            "2024年11月23日 星期六
首页 > 信息公开 > 法治政府建设年度报告
当前位置：首页>政务公开>法治政府建设
东湖区2022年法治政府建设情况报告
发布时间:2023-02-15 14:29:59  来源:东湖区司法局  索引号:  文号:
2022年，东湖区深入学习贯彻习近平法治思想。
一、主要举措和成效
正文。
二、2023年工作安排
正文。",
        );
        assert_eq!(
            meta.title.as_deref(),
            Some("东湖区2022年法治政府建设情况报告")
        );
        assert_eq!(meta.year, Some(2022));
        assert_eq!(meta.date.as_deref(), Some("2023-02-15"));
        assert_eq!(meta.doc_number, None);
        assert_eq!(meta.issuer, None);
        assert_eq!(meta.zone.as_deref(), Some("东湖区"));
    }

    #[test]
    fn place_named_only_in_the_title() {
        let meta = meta_of(
            "临川高新区2023年法治政府建设工作总结
2023年，高新区管委会扎实推进法治政府建设。
一、工作完成情况
临川高新区全年开展普法活动12场。",
        );
        assert_eq!(meta.report_kind, Some(ReportKind::Report));
        assert_eq!(meta.zone.as_deref(), Some("临川高新区"));
        assert!(meta.short_forms.is_empty());
        assert_eq!(meta.issuer, None);
        assert_eq!(meta.date, None);
        assert!(warned(&meta, "issuer") && warned(&meta, "date"));
    }

    #[test]
    fn ocr_slips_in_header_and_full_width_digits() {
        let meta = meta_of(
            "中共临江高新技术产业开发区工, 作 委 员 会 文 件
临高委报【２０２３】１２号
临江高新区２０２３年法治政府建设年度报告
一、工作举措和成效
临江高新区持续优化营商环境。
（一）党政主要负责人履行第一责任人职责。正文。",
        );
        assert_eq!(
            meta.issuer.as_deref(),
            Some("中共临江高新技术产业开发区工作委员会")
        );
        assert_eq!(
            meta.doc_number.as_deref(),
            Some("临高委报【２０２３】１２号")
        );
        assert_eq!(meta.year, Some(2023));
        assert_eq!(meta.zone.as_deref(), Some("临江高新技术产业开发区"));
        assert_eq!(meta.short_forms, vec!["临江高新区"]);
    }

    #[test]
    fn years_in_chinese_numerals() {
        let meta = meta_of(
            "东湖经济技术开发区管理委员会关于二〇二三年度法治政府建设情况的报告
一、工作开展情况
正文。",
        );
        assert_eq!(meta.year, Some(2023));
        // No year in the title: the introduction says which year, with 零 for 〇.
        let meta = meta_of(
            "东湖经济技术开发区法治政府建设情况的报告
现将二零二二年法治政府建设情况报告如下：
一、工作开展情况
正文。",
        );
        assert_eq!(meta.year, Some(2022));
        // A title opening with the year: the year is not part of the zone's name.
        let meta = meta_of(
            "二〇二四年东湖经济技术开发区法治政府建设工作要点
一、加强党的领导
1. 深入学习习近平法治思想。",
        );
        assert_eq!(meta.year, Some(2024));
        assert_eq!(meta.zone.as_deref(), Some("东湖经济技术开发区"));
        assert_eq!(plausible_year("一二三四"), None, "not a year");
    }

    #[test]
    fn report_without_any_year() {
        let meta = meta_of(
            "北山县人民政府关于法治政府建设工作情况的报告
今年以来，我县不断推进法治政府建设。
一、工作开展情况
正文。",
        );
        assert_eq!(meta.report_kind, Some(ReportKind::Report));
        assert_eq!(meta.year, None);
        assert!(warned(&meta, "year"));
        assert_eq!(meta.zone.as_deref(), Some("北山县"));
    }

    #[test]
    fn plan_titled_work_points() {
        let meta = meta_of(
            "南岭经济开发区2024年法治政府建设工作要点
为深入推进法治政府建设，制定本要点。
一、加强党的领导
1. 深入学习习近平法治思想。
南岭经济开发区管理委员会
2024年3月1日印发",
        );
        assert_eq!(meta.report_kind, Some(ReportKind::Plan));
        assert_eq!(meta.year, Some(2024));
        assert_eq!(meta.date.as_deref(), Some("2024-03-01"));
        assert_eq!(meta.issuer.as_deref(), Some("南岭经济开发区管理委员会"));
        assert_eq!(meta.zone.as_deref(), Some("南岭经济开发区"));
    }

    #[test]
    fn high_tech_zone_with_its_short_forms() {
        let meta = meta_of(
            "西江湾高新技术产业开发区管理委员会关于2023年法治政府建设情况的报告
2023年，西江湾高新区坚持依法行政。
一、主要举措
高新区全面推进依法行政，江湾高新区、湾高新区也是，西江湾高新区走在前列。
西江湾高新技术产业开发区管理委员会
2023年12月1日",
        );
        assert_eq!(meta.zone.as_deref(), Some("西江湾高新技术产业开发区"));
        // `高新区` alone is generic and `湾` is too short a tail; `江湾` names the place.
        assert_eq!(meta.short_forms, vec!["西江湾高新区", "江湾高新区"]);
    }

    #[test]
    fn scrubbed_place_name_gives_no_zone() {
        let meta = meta_of(
            "经济技术开发区管理委员会关于2022年法治政府建设情况报告
2022年,经开区紧紧围绕法治云南建设的要求。
一、主要举措和成效
正文。
经济技术开发区管理委员会
2023年2月13日",
        );
        assert_eq!(meta.zone, None);
        assert!(warned(&meta, "zone"));
        assert_eq!(meta.issuer.as_deref(), Some("经济技术开发区管理委员会"));
        assert_eq!(meta.year, Some(2022));
        assert_eq!(meta.date.as_deref(), Some("2023-02-13"));
    }

    #[test]
    fn no_title_means_no_kind() {
        let meta = meta_of("市政府：\n一、工作情况\n正文。");
        assert_eq!(meta.title, None);
        assert_eq!(meta.report_kind, None);
        assert!(warned(&meta, "title") && warned(&meta, "kind"));
    }

    #[test]
    fn zone_candidates() {
        let zone = |s: &str| zone_in(s).map(|z| z.full);
        assert_eq!(
            zone("金昌经济技术开发区管理委员会").as_deref(),
            Some("金昌经济技术开发区")
        );
        assert_eq!(
            zone("兰州新区中川园区党委全面依法治区委员会").as_deref(),
            Some("兰州新区中川园区")
        );
        assert_eq!(
            zone("启东经济开发区2023年度法治政府建设情况报告").as_deref(),
            Some("启东经济开发区")
        );
        assert_eq!(zone("平江县市场监督管理局").as_deref(), Some("平江县"));
        assert_eq!(zone("平江市卫生健康委员会").as_deref(), Some("平江市"));
        assert_eq!(zone("平江县粮食和物资储备局").as_deref(), Some("平江县"));
        for generic in [
            "经济技术开发区管理委员会",
            "市政府",
            "我区",
            "高新区",
            "园区",
            "2023年法治政府建设报告",
        ] {
            assert_eq!(zone(generic), None, "{generic}");
        }
    }

    #[test]
    fn doc_numbers_in_their_usual_places() {
        assert_eq!(
            doc_number("文号：京政发〔2023〕1号").as_deref(),
            Some("京政发〔2023〕1号")
        );
        assert_eq!(
            doc_number("发布时间:2023-02-15 索引号:001 文号:津开发[2023]7号").as_deref(),
            Some("津开发[2023]7号")
        );
        assert_eq!(
            doc_number("根据《关于…的通知》(甘政发〔2023〕5号)要求"),
            None
        );
        assert_eq!(
            doc_number("发布时间:2023-02-15 14:29:59   索引号:    文号:    来源:"),
            None
        );
    }

    #[test]
    fn evidence_from_the_page_fills_what_the_body_does_not_say() {
        // A body without title, date or signature, as many web pages give it.
        let text = paragraphs_per_line(
            "2023年，我区坚持以习近平法治思想为指导，深入推进依法行政。\n一、主要工作\n（一）健全行政复议体制。",
        );
        let evidence = Evidence {
            title: Some("某某市西城区2023年法治政府建设情况报告".into()),
            fields: vec![
                (Label::Source, "某某市西城区司法局".into()),
                (Label::Published, "2024-03-28 10:02".into()),
                (Label::DocNumber, "西政发〔2024〕3号".into()),
            ],
        };
        let meta = extract(&text, &split_sections(&text), &evidence);
        assert_eq!(meta.title.as_deref(), evidence.title.as_deref());
        assert_eq!(meta.year, Some(2023));
        assert_eq!(meta.date.as_deref(), Some("2024-03-28"));
        assert_eq!(meta.doc_number.as_deref(), Some("西政发〔2024〕3号"));
        assert_eq!(meta.issuer.as_deref(), Some("某某市西城区司法局"));
        assert!(
            meta.zone.as_deref().is_some_and(|z| z.ends_with("西城区")),
            "{:?}",
            meta.zone
        );

        // What the body says wins over the page.
        let with_title = paragraphs_per_line(
            "关于某某县2022年度法治政府建设工作情况的报告\n2022年，我县坚持依法行政。",
        );
        let meta = extract(&with_title, &split_sections(&with_title), &evidence);
        assert_eq!(meta.year, Some(2022));
        assert_eq!(
            meta.title.as_deref(),
            Some("关于某某县2022年度法治政府建设工作情况的报告")
        );
    }
}
