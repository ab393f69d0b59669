//! The whole path of one report file: bytes → decoded → cleaned → sections → metadata → units.

use super::metadata::extract;
use super::sections::{apply_report_kind, split_sections};
use super::sidecar::MetaOverride;
use super::unit::{units, Unit};
use super::ReportMeta;
use crate::ingest::clean::clean;
use crate::ingest::decode::{decode, DecodeError};

/// A report ready to be indexed.
#[derive(Debug)]
pub struct Report {
    pub meta: ReportMeta,
    pub units: Vec<Unit>,
    pub encoding: &'static str,
    /// Things the user should check (replaced bytes, fields not found).
    pub warnings: Vec<String>,
}

/// Why a file was not indexed.
#[derive(Debug, thiserror::Error)]
pub enum Skip {
    #[error("{0}")]
    Decode(#[from] DecodeError),
    #[error("empty file")]
    Empty,
    #[error("no text (whitespace only)")]
    Blank,
}

pub fn read_report(bytes: &[u8], sidecar: Option<&MetaOverride>) -> Result<Report, Skip> {
    if bytes.is_empty() {
        return Err(Skip::Empty);
    }
    let decoded = decode(bytes)?;
    let text = clean(&decoded.text);
    if text.paragraphs.is_empty() {
        return Err(Skip::Blank);
    }
    let mut sections = split_sections(&text);
    let mut meta = extract(&text, &sections);
    if let Some(sidecar) = sidecar {
        sidecar.apply(&mut meta);
    }
    if let Some(kind) = meta.kind {
        apply_report_kind(&mut sections, kind);
    }
    let mut warnings = Vec::new();
    if decoded.replaced > 0 {
        warnings.push(format!(
            "{} invalid byte sequence(s) replaced with U+FFFD while decoding as {}",
            decoded.replaced, decoded.encoding
        ));
    }
    warnings.extend(meta.warnings.iter().cloned());
    Ok(Report {
        units: units(&text, &sections),
        meta,
        encoding: decoded.encoding,
        warnings,
    })
}
