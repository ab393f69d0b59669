//! The second stage of a report's path: split the cleaned text into sections and read the
//! report's metadata (zone, year, kind, …) from it.

pub mod aliases;
pub mod dates;
pub mod metadata;
pub mod read;
pub mod sections;
pub mod sidecar;
pub mod signature;
pub mod unit;

use crate::base::{Facet, FacetValue, ReportKind, SectionKind};

/// Bumped whenever the rules that read a report (extraction, cleaning, sections, metadata)
/// change what they find: an index built with another version analyses every report again on
/// its next update.
pub const ANALYSIS_VERSION: u32 = 1;
use serde::{Deserialize, Serialize};

/// An inline item inside a section's text: `一是…`, `二是…`, or a bold lead-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subpart {
    /// The marker or lead-in as written: `一是`, `强化组织领导` …
    pub label: String,
    /// Paragraph index (into `CleanText::paragraphs`) and char offset inside it.
    pub paragraph: usize,
    pub char_offset: usize,
}

/// One section of a report: a heading and the paragraphs up to the next heading.
/// The preamble and the closing block are sections too (with `level` 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// 0 for preamble/closing, 1 for `一、`, 2 for `（一）`, 3 for `1.`/`1、`, 4 for `(1)`.
    pub level: u8,
    /// The heading as a reader sees it, numbering included (`（一）提高政治站位…`);
    /// empty for the preamble and the closing block.
    pub heading: String,
    /// Headings from the level-1 ancestor down to this section's own heading.
    pub path: Vec<String>,
    pub section_kind: SectionKind,
    /// A second kind its heading names (`存在的问题和下一步打算`: problems, then plans), which a
    /// filter on either matches.
    pub also_kind: Option<SectionKind>,
    /// The paragraphs this section holds (its heading paragraph included).
    pub paragraphs: std::ops::Range<usize>,
    pub subparts: Vec<Subpart>,
}

/// What is known about a report as a whole. Every field may be absent: a field the text does
/// not state is left empty (with a warning), never guessed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportMeta {
    /// Full official name of the zone (`金昌经济技术开发区`).
    pub zone: Option<String>,
    /// Other names the text itself uses for the zone (`金昌经开区`).
    pub short_forms: Vec<String>,
    /// What kind of area the zone is (`base::kinds::AREA_TYPES`), from its name.
    #[serde(default)]
    pub area_type: Option<String>,
    /// The province and the prefecture-level city the zone is in (`gazetteer`).
    #[serde(default)]
    pub province: Option<String>,
    #[serde(default)]
    pub city: Option<String>,
    /// The year the report is about (a 2022 report issued in 2023 is 2022).
    pub year: Option<i32>,
    /// Report or work plan (`kind` in JSON and sidecars).
    #[serde(rename = "kind")]
    pub report_kind: Option<ReportKind>,
    /// The issuing body (`金昌经济技术开发区管理委员会`).
    pub issuer: Option<String>,
    /// Document number as written (`金开管发〔2023〕104号`).
    pub doc_number: Option<String>,
    /// Date of issue, `YYYY-MM-DD`.
    pub date: Option<String>,
    pub title: Option<String>,
    /// Where each field was found (`zonedex explain` prints them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<FieldSource>,
    /// What looked like a field's value and was passed over, and why (`from` says why): a web
    /// page's date widget, an earlier year in the opening, a plan the report cites.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignored: Vec<FieldSource>,
    /// What could not be found, for the user to check.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Where one field of a report's metadata was found: the part of the genre (`title`, `header`,
/// `signature`, `body`, `page label 来源`, `sidecar`, `gazetteer` …), the file line (a text line,
/// an HTML source line, a PDF line counted across pages, a DOCX paragraph) and the line's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldSource {
    pub field: String,
    pub from: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
}

impl ReportMeta {
    /// Records where `field` came from, replacing what was recorded before.
    pub fn set_source(&mut self, field: &str, from: &str) {
        self.sources.retain(|s| s.field != field);
        self.sources.push(FieldSource {
            field: field.to_string(),
            from: from.to_string(),
            line: None,
            excerpt: None,
        });
    }

    /// The rule that fills each facet of a section of this report: what its column holds.
    pub fn facet_value(&self, facet: Facet, section: SectionKind) -> Option<FacetValue> {
        match facet {
            Facet::Zone => self.zone.clone().map(FacetValue::Text),
            Facet::Year => self.year.map(|y| FacetValue::Year(y as u64)),
            Facet::Kind => self
                .report_kind
                .map(|k| FacetValue::Text(k.as_str().into())),
            Facet::Section => Some(FacetValue::Text(section.as_str().into())),
            Facet::AreaType => self.area_type.clone().map(FacetValue::Text),
            Facet::Province => self.province.clone().map(FacetValue::Text),
            Facet::City => self.city.clone().map(FacetValue::Text),
        }
    }

    /// The fields `reports --missing` can ask about, as named in JSON and sidecars.
    pub const FIELDS: [&'static str; 10] = [
        "zone",
        "area_type",
        "province",
        "city",
        "year",
        "kind",
        "issuer",
        "doc_number",
        "date",
        "title",
    ];

    /// The value of `field` (one of [`ReportMeta::FIELDS`]) as text: `Some(None)` when it was
    /// not found, `None` for a name that is not a field (`area` is `zone`).
    pub fn field(&self, field: &str) -> Option<Option<String>> {
        Some(match field {
            "zone" | "area" => self.zone.clone(),
            "area_type" => self.area_type.clone(),
            "province" => self.province.clone(),
            "city" => self.city.clone(),
            "year" => self.year.map(|y| y.to_string()),
            "kind" => self.report_kind.map(|k| k.as_str().to_string()),
            "issuer" => self.issuer.clone(),
            "doc_number" => self.doc_number.clone(),
            "date" => self.date.clone(),
            "title" => self.title.clone(),
            _ => return None,
        })
    }

    /// Whether `field` was not found; `None` for a name that is not a field.
    pub fn lacks(&self, field: &str) -> Option<bool> {
        self.field(field).map(|value| value.is_none())
    }

    /// Other names the text uses for a facet's value (a zone's short forms).
    pub fn facet_aliases(&self, facet: Facet) -> &[String] {
        match facet {
            Facet::Zone => &self.short_forms,
            _ => &[],
        }
    }
}
