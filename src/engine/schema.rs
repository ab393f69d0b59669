//! The index schema: one document per unit (a section of a report).

use crate::analysis::{GRAMS_TOKENIZER, WORDS_TOKENIZER};
use crate::base::{Facet, FacetType};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST, STORED,
};

/// Bumped whenever the schema or the analysis changes in a way old indexes cannot serve.
pub const SCHEMA_VERSION: u32 = 4;

/// Handles to every field of the schema.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// Path of the report file relative to the corpus root; the key of incremental updates.
    pub path: Field,
    /// Unit number within its report (0 is the first unit and carries `report`).
    pub unit: Field,
    /// One column per facet, in [`Facet::ALL`] order (see [`Fields::facet`]).
    facets: [Field; Facet::ALL.len()],
    pub section_path: Field,
    pub heading: Field,
    /// Cleaned unit text, analysed into jieba words (frequencies only: ranking, no phrases).
    pub text: Field,
    /// The same text as character bigrams with positions: the recall field.
    pub grams: Field,
    /// Map from the unit's characters to original lines (see `LineMap`), as u32 pairs; its
    /// first run holds the line a unit starts on. (Indexes built before also store that line
    /// as `line`, which nothing reads.)
    pub line_map: Field,
    /// Where each page starts (`PageStarts`), for units of a PDF.
    pub pages: Field,
    /// A second kind a section's heading names; a `section` filter matches it too.
    pub section_also: Field,
    /// JSON of the whole report's record (`ReportRecord`), on unit 0 only.
    pub report: Field,
    /// Content hash of the report (file plus sidecar), on unit 0 only. A column, not only
    /// inside `report`, so that an unchanged re-index reads no stored document.
    pub hash: Field,
    /// The short forms of the report's zone name, on unit 0 only (a column, as `hash`).
    pub zone_forms: Field,
}

pub fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let words = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(WORDS_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqs),
        )
        .set_stored();
    // Only the words are scored (BM25 needs their lengths): every other field is indexed
    // without field norms, which would cost a byte per section and field for nothing.
    // Indexes built with them (the same SCHEMA_VERSION) are served as they are: nothing
    // reads them.
    let grams = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(GRAMS_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions)
            .set_fieldnorms(false),
    );
    let keyword = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    );
    let number = NumericOptions::default().set_indexed() | STORED | FAST;
    let path = b.add_text_field("path", keyword.clone() | STORED | FAST);
    let unit = b.add_u64_field("unit", number.clone());
    // Every facet is indexed (filters), stored (hits) and a column (groups).
    let facets = Facet::ALL.map(|facet| match facet.ty() {
        FacetType::Year => b.add_u64_field(facet.name(), number.clone()),
        FacetType::Name | FacetType::Choice(_) => {
            b.add_text_field(facet.name(), keyword.clone() | STORED | FAST)
        }
    });
    let fields = Fields {
        path,
        unit,
        facets,
        section_path: b.add_text_field("section_path", STORED),
        heading: b.add_text_field("heading", STORED),
        text: b.add_text_field("text", words),
        grams: b.add_text_field("grams", grams),
        line_map: b.add_bytes_field("line_map", STORED),
        pages: b.add_bytes_field("pages", STORED),
        section_also: b.add_text_field("section_also", keyword),
        report: b.add_text_field("report", STORED),
        hash: b.add_u64_field("hash", FAST),
        zone_forms: b.add_text_field("zone_forms", FAST),
    };
    (b.build(), fields)
}

impl Fields {
    /// Looks the fields up by name in an opened index's schema.
    pub fn from_schema(schema: &Schema) -> Option<Fields> {
        let f = |name: &str| schema.get_field(name).ok();
        let mut facets = Vec::with_capacity(Facet::ALL.len());
        for facet in Facet::ALL {
            facets.push(f(facet.name())?);
        }
        Some(Fields {
            path: f("path")?,
            unit: f("unit")?,
            facets: facets.try_into().ok()?,
            section_path: f("section_path")?,
            heading: f("heading")?,
            text: f("text")?,
            grams: f("grams")?,
            line_map: f("line_map")?,
            pages: f("pages")?,
            section_also: f("section_also")?,
            report: f("report")?,
            hash: f("hash")?,
            zone_forms: f("zone_forms")?,
        })
    }

    /// The column of a facet.
    pub fn facet(&self, facet: Facet) -> Field {
        self.facets[facet as usize]
    }
}

/// Encodes a line map as little-endian u32 pairs.
pub fn encode_line_map(runs: &[(u32, u32)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(runs.len() * 8);
    for &(offset, line) in runs {
        out.extend_from_slice(&offset.to_le_bytes());
        out.extend_from_slice(&line.to_le_bytes());
    }
    out
}

pub fn decode_line_map(bytes: &[u8]) -> Vec<(u32, u32)> {
    bytes
        .chunks_exact(8)
        .map(|c| {
            (
                u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                u32::from_le_bytes([c[4], c[5], c[6], c[7]]),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_map_round_trips() {
        let runs = vec![(0, 1), (17, 3), (4000, 120)];
        assert_eq!(decode_line_map(&encode_line_map(&runs)), runs);
    }

    #[test]
    fn fields_are_found_again_by_name() {
        let (schema, fields) = build_schema();
        let again = Fields::from_schema(&schema).unwrap();
        assert_eq!(again.grams, fields.grams);
        assert_eq!(again.report, fields.report);
    }
}
