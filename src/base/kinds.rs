//! The kinds every layer speaks of: what a document is (a report or a work plan), what a
//! section is about (measures, problems, plans …), and what kind of area a report is about.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What a section is about, so one filter works across differently worded headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    /// 举措、成效、工作完成情况 …
    Measures,
    /// 存在的问题、不足 …
    Problems,
    /// 下一步、工作安排、打算 …
    Plans,
    /// 第一责任人 …
    Leadership,
    /// A heading that says none of the above.
    Other,
    /// Text before the first heading: title block, salutation, introduction.
    Preamble,
    /// The closing block: signature (落款), date, 抄送/抄报, 印发.
    Closing,
}

impl SectionKind {
    pub const ALL: [SectionKind; 7] = [
        SectionKind::Measures,
        SectionKind::Problems,
        SectionKind::Plans,
        SectionKind::Leadership,
        SectionKind::Other,
        SectionKind::Preamble,
        SectionKind::Closing,
    ];

    /// The names of [`SectionKind::ALL`], in the same order.
    pub const NAMES: [&'static str; 7] = [
        "measures",
        "problems",
        "plans",
        "leadership",
        "other",
        "preamble",
        "closing",
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Measures => "measures",
            SectionKind::Problems => "problems",
            SectionKind::Plans => "plans",
            SectionKind::Leadership => "leadership",
            SectionKind::Other => "other",
            SectionKind::Preamble => "preamble",
            SectionKind::Closing => "closing",
        }
    }

    pub fn parse(s: &str) -> Option<SectionKind> {
        SectionKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl fmt::Display for SectionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a document reports on a past year or plans the coming one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportKind {
    /// A report on a year past (报告, 总结).
    Report,
    /// A plan for a year ahead (工作要点, 工作计划, 工作安排).
    Plan,
    /// Neither: an interpretation (解读) of one, a multi-year programme, an implementation plan.
    Other,
}

impl ReportKind {
    pub const NAMES: [&'static str; 3] = ["report", "plan", "other"];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::Report => "report",
            ReportKind::Plan => "plan",
            ReportKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<ReportKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "report" => Some(ReportKind::Report),
            "plan" => Some(ReportKind::Plan),
            "other" => Some(ReportKind::Other),
            _ => None,
        }
    }
}

impl fmt::Display for ReportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of area a report is about (the `area_type` facet); `genre::AREA_TYPES` tells
/// them by the suffix of the area's name.
pub const AREA_TYPES: [&str; 13] = [
    "high-tech-zone",
    "development-zone",
    "bonded-zone",
    "industrial-park",
    "cooperation-zone",
    "pilot-zone",
    "new-area",
    "authority",
    "street",
    "province",
    "district",
    "county",
    "city",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_kinds_in_order() {
        let names: Vec<&str> = SectionKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(names, SectionKind::NAMES);
        assert_eq!(
            [
                ReportKind::Report.as_str(),
                ReportKind::Plan.as_str(),
                ReportKind::Other.as_str()
            ],
            ReportKind::NAMES
        );
    }
}
