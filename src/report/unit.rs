//! Indexed sections: what the index holds one document for (the "units" of index summaries).
//!
//! The indexed unit is the section — a heading with the paragraphs up to the next heading of any level
//! (plus the preamble and the closing block). A paragraph would be too small for these reports:
//! a heading such as `（二）加强组织领导` is the context a reader needs around `一是…二是…`, and
//! "which sections mention X" is the question users ask. A whole report would be too large: a
//! section filter and section-level counts need the split.

use super::Section;
use crate::base::LineMap;
use crate::base::SectionKind;
use crate::ingest::CleanText;

/// A section as the index stores it: its text joined, with the map back to source lines.
/// (`engine::reader::StoredSection` is what reading it back gives.)
#[derive(Debug, Clone, PartialEq)]
pub struct IndexedSection {
    /// Position of the section in its report, from 0.
    pub number: usize,
    pub section_kind: SectionKind,
    /// A second kind the section's heading names (`Section::also_kind`).
    pub also_kind: Option<SectionKind>,
    pub path: Vec<String>,
    pub heading: String,
    /// The section's paragraphs joined with `\n`.
    pub text: String,
    pub line_map: LineMap,
}

impl IndexedSection {
    /// The section path as shown to users: `二、存在的问题 › （一）…`.
    pub fn path_label(path: &[String], kind: SectionKind) -> String {
        if path.is_empty() {
            format!("[{kind}]")
        } else {
            path.join(" › ")
        }
    }
}

/// A section longer than this (in characters) is stored as several consecutive units, cut
/// between paragraphs. Real sections are a few thousand characters; the cap bounds what one
/// document costs the indexer. No match is lost: a term never spans two paragraphs.
const MAX_UNIT_CHARS: usize = 256 * 1024;

pub fn units(text: &CleanText, sections: &[Section]) -> Vec<IndexedSection> {
    let mut units: Vec<IndexedSection> = Vec::new();
    for section in sections {
        let mut unit = None::<(String, LineMap, usize)>;
        let paragraphs = &text.paragraphs[section.paragraphs.clone()];
        for (i, paragraph) in paragraphs.iter().enumerate() {
            let (joined, line_map, chars) = unit.get_or_insert_with(Default::default);
            if !joined.is_empty() {
                joined.push('\n');
                *chars += 1;
            }
            line_map.append(*chars, &paragraph.lines);
            joined.push_str(&paragraph.text);
            *chars += paragraph.text.chars().count();
            let last = i + 1 == paragraphs.len();
            if *chars >= MAX_UNIT_CHARS && !last {
                let (joined, line_map, _) = unit.take().expect("a unit is open");
                units.push(unit_of(units.len(), section, joined, line_map));
            }
        }
        let (joined, line_map, _) = unit.unwrap_or_default();
        units.push(unit_of(units.len(), section, joined, line_map));
    }
    units
}

fn unit_of(number: usize, section: &Section, text: String, line_map: LineMap) -> IndexedSection {
    IndexedSection {
        number,
        section_kind: section.section_kind,
        also_kind: section.also_kind,
        path: section.path.clone(),
        heading: section.heading.clone(),
        text,
        line_map,
    }
}
