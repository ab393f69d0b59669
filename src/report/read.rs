//! The whole path of one report file: its bytes and sidecar ([`Source`], with the content hash
//! that decides whether it must be analysed again) → extracted (decoded, for text) → cleaned →
//! sections → metadata → units ([`Source::report`]). The index writer calls these two and nothing else of a report.

use super::aliases::AreaAliases;
use super::metadata::extract;
use super::sections::{apply_report_kind, split_sections};
use super::sidecar::{parse_sidecar, sidecar_path, MetaOverride};
use super::unit::{units, IndexedSection};
use super::ReportMeta;
use crate::ingest::clean::clean;
use crate::ingest::extract::{extract as extract_text, ExtractError, Format, PageStarts};
use crate::ingest::walk::{read_regular, MAX_REPORT_BYTES};
use std::path::Path;

/// A sidecar holds a few lines of metadata; anything larger is not one.
const MAX_SIDECAR_BYTES: u64 = 64 * 1024;

/// A corpus file as read from disk, before any analysis.
#[derive(Debug)]
pub struct Source {
    pub bytes: Vec<u8>,
    /// The format its file ending promises (the content may still show it is HTML).
    pub format: Format,
    /// The `.meta.toml` beside it, when there is a usable one.
    pub sidecar: Option<MetaOverride>,
    /// Content hash of the file and its sidecar: unchanged hash, nothing to analyse again.
    pub hash: u64,
    /// Why a sidecar that is there was not used.
    pub warnings: Vec<String>,
}

/// Why a corpus file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum Unread {
    /// Refused for what the file is now (too large, not a regular file): it holds no report.
    #[error("skipped: {0}")]
    Refused(std::io::Error),
    /// It cannot be read now (permissions, a failing disk); it may well hold a report still.
    #[error("cannot read: {0}")]
    Failed(std::io::Error),
}

impl Source {
    /// Reads a report file and its sidecar.
    pub fn read(path: &Path) -> Result<Source, Unread> {
        let bytes = read_regular(path, MAX_REPORT_BYTES).map_err(|e| {
            if e.kind() == std::io::ErrorKind::InvalidInput {
                Unread::Refused(e)
            } else {
                Unread::Failed(e)
            }
        })?;
        let mut warnings = Vec::new();
        let (sidecar_bytes, sidecar) = read_sidecar(path, &mut warnings);
        Ok(Source {
            hash: content_hash(&bytes, &sidecar_bytes),
            bytes,
            format: Format::of_path(path).unwrap_or(Format::Text),
            sidecar,
            warnings,
        })
    }

    /// Analyses the file into a report ready to be indexed; `aliases` is the corpus's alias
    /// file (`areas.toml`).
    pub fn report(&self, aliases: &AreaAliases) -> Result<Report, Skip> {
        read_report(&self.bytes, self.format, self.sidecar.as_ref(), aliases)
    }
}

fn content_hash(bytes: &[u8], sidecar: &[u8]) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(bytes);
    hasher.update(&(sidecar.len() as u64).to_le_bytes());
    hasher.update(sidecar);
    hasher.digest()
}

/// Reads `NAME.meta.toml` beside a report: its bytes (they count towards the content hash
/// whether usable or not) and what it overrides. A sidecar that cannot be used is reported as
/// a warning and ignored: the report is still indexed from its text.
fn read_sidecar(report: &Path, warnings: &mut Vec<String>) -> (Vec<u8>, Option<MetaOverride>) {
    let path = sidecar_path(report);
    if std::fs::symlink_metadata(&path).is_err() {
        return (Vec::new(), None); // no sidecar
    }
    let bytes = match read_regular(&path, MAX_SIDECAR_BYTES) {
        Ok(bytes) => bytes,
        Err(e) => {
            warnings.push(format!("sidecar {} ignored: {e}", path.display()));
            return (Vec::new(), None);
        }
    };
    let parsed = std::str::from_utf8(&bytes)
        .map_err(|_| "it is not UTF-8".to_string())
        .and_then(|text| parse_sidecar(text).map_err(|e| e.to_string()));
    match parsed {
        Ok(sidecar) => (bytes, Some(sidecar)),
        Err(reason) => {
            warnings.push(format!("sidecar {} ignored: {reason}", path.display()));
            (bytes, None)
        }
    }
}

/// A report ready to be indexed.
#[derive(Debug)]
pub struct Report {
    pub meta: ReportMeta,
    pub units: Vec<IndexedSection>,
    /// How the text was obtained: the encoding of a text or HTML file, "PDF", "DOCX".
    pub encoding: &'static str,
    /// For a PDF, where each page starts, to show lines as `page:line`.
    pub pages: PageStarts,
    /// Things the user should check (replaced bytes, fields not found).
    pub warnings: Vec<String>,
}

/// Why a file was not indexed.
#[derive(Debug, thiserror::Error)]
pub enum Skip {
    #[error("{0}")]
    Extract(#[from] ExtractError),
    #[error("empty file")]
    Empty,
    #[error("no text (whitespace only)")]
    Blank,
}

fn read_report(
    bytes: &[u8],
    format: Format,
    sidecar: Option<&MetaOverride>,
    aliases: &AreaAliases,
) -> Result<Report, Skip> {
    if bytes.is_empty() {
        return Err(Skip::Empty);
    }
    let extracted = extract_text(bytes, format)?;
    let mut text = clean(&extracted.text);
    if text.paragraphs.is_empty() {
        return Err(Skip::Blank);
    }
    if extracted.origins.is_some() {
        for paragraph in &mut text.paragraphs {
            paragraph.lines.map_lines(|line| extracted.origin(line));
        }
    }
    let mut sections = split_sections(&text);
    let mut meta = extract(&text, &sections, &extracted.evidence);
    if let Some(sidecar) = sidecar {
        sidecar.apply(&mut meta);
    }
    aliases.apply(&mut meta);
    if let Some(kind) = meta.report_kind {
        apply_report_kind(&mut sections, kind);
    }
    let mut warnings = extracted.warnings;
    warnings.extend(meta.warnings.iter().cloned());
    Ok(Report {
        units: units(&text, &sections),
        meta,
        encoding: extracted.encoding,
        pages: extracted.pages,
        warnings,
    })
}
