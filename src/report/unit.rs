//! Units: what the index holds one document for.
//!
//! The unit is the section — a heading with the paragraphs up to the next heading of any level
//! (plus the preamble and the closing block). A paragraph would be too small for these reports:
//! a heading such as `（二）加强组织领导` is the context a reader needs around `一是…二是…`, and
//! "which sections mention X" is the question users ask. A whole report would be too large: a
//! section filter and section-level counts need the split.

use super::{Section, SectionKind};
use crate::ingest::{CleanText, LineMap};

#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Position of the unit in its report, from 0.
    pub number: usize,
    pub kind: SectionKind,
    pub path: Vec<String>,
    pub heading: String,
    /// The section's paragraphs joined with `\n`.
    pub text: String,
    pub line_map: LineMap,
}

impl Unit {
    /// The section path as shown to users: `二、存在的问题 › （一）…`.
    pub fn path_label(path: &[String], kind: SectionKind) -> String {
        if path.is_empty() {
            format!("[{kind}]")
        } else {
            path.join(" › ")
        }
    }
}

pub fn units(text: &CleanText, sections: &[Section]) -> Vec<Unit> {
    sections
        .iter()
        .enumerate()
        .map(|(number, section)| {
            let mut joined = String::new();
            let mut line_map = LineMap::default();
            let mut chars = 0;
            for paragraph in &text.paragraphs[section.paragraphs.clone()] {
                if !joined.is_empty() {
                    joined.push('\n');
                    chars += 1;
                }
                line_map.append(chars, &paragraph.lines);
                joined.push_str(&paragraph.text);
                chars += paragraph.text.chars().count();
            }
            Unit {
                number,
                kind: section.kind,
                path: section.path.clone(),
                heading: section.heading.clone(),
                text: joined,
                line_map,
            }
        })
        .collect()
}
