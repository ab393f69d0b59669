//! The index on disk: schema, the incremental writer, and the reader.

pub mod reader;
pub mod schema;
pub mod writer;

use crate::report::ReportMeta;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Recorded with every commit (tantivy's commit payload), so it changes atomically with the
/// index it describes.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct IndexInfo {
    pub schema_version: u32,
    /// When this commit was written (RFC 3339, UTC).
    pub built_at: String,
    /// The corpus folder as it was given to `zonedex index`.
    pub corpus: String,
    pub files: u64,
    pub units: u64,
    /// Fingerprint of the dictionaries used to analyse the text.
    pub dictionary: String,
    /// Extra dictionary files given with `--dict`.
    #[serde(default)]
    pub extra_dicts: Vec<String>,
    /// Every zone and the short forms its reports use, so that a zone filter is resolved
    /// without reading every report's record. `None` in indexes written before it was added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zones: Option<std::collections::BTreeMap<String, Vec<String>>>,
}

/// What the index keeps about a whole report (stored as JSON on its first unit).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ReportRecord {
    /// Path relative to the corpus root.
    pub path: String,
    /// Content hash of the file and its sidecar: unchanged hash, nothing to re-analyse.
    pub hash: String,
    pub encoding: String,
    pub bytes: u64,
    pub units: u64,
    #[serde(flatten)]
    pub meta: ReportMeta,
}

/// The name of the file tantivy writes at the root of every index.
const TANTIVY_META: &str = "meta.json";

/// Reads the zonedex payload of an existing index directory, checking that it is one.
/// `Ok(None)`: the directory does not exist or is empty.
pub(crate) fn inspect(dir: &Path) -> crate::Result<Option<(tantivy::Index, IndexInfo)>> {
    if !dir.exists() || is_empty_dir(dir)? {
        return Ok(None);
    }
    if !dir.is_dir() {
        return Err(crate::Error::ForeignIndex {
            path: dir.to_path_buf(),
            reason: "it is a file, not a folder".into(),
        });
    }
    if !dir.join(TANTIVY_META).exists() {
        return Err(crate::Error::ForeignIndex {
            path: dir.to_path_buf(),
            reason: format!("it has files but no {TANTIVY_META}"),
        });
    }
    let index = tantivy::Index::open_in_dir(dir).map_err(|e| crate::Error::ForeignIndex {
        path: dir.to_path_buf(),
        reason: format!("it cannot be opened as an index: {e}; if it is an old or damaged zonedex index, run `zonedex index --rebuild`"),
    })?;
    let payload = index.load_metas()?.payload;
    let info: Option<IndexInfo> = payload
        .as_deref()
        .and_then(|p| serde_json::from_str(p).ok());
    match info {
        Some(info) if info.schema_version == schema::SCHEMA_VERSION => Ok(Some((index, info))),
        Some(info) => Err(crate::Error::SchemaVersion {
            path: dir.to_path_buf(),
            found: info.schema_version.to_string(),
            expected: schema::SCHEMA_VERSION,
        }),
        None if payload.is_none() && index.searchable_segment_ids()?.is_empty() => {
            // Created, but the first commit never happened (interrupted first build).
            Ok(Some((index, IndexInfo::empty())))
        }
        None => Err(crate::Error::SchemaVersion {
            path: dir.to_path_buf(),
            found: "unknown".into(),
            expected: schema::SCHEMA_VERSION,
        }),
    }
}

fn is_empty_dir(dir: &Path) -> crate::Result<bool> {
    if !dir.is_dir() {
        return Ok(false);
    }
    let mut entries = std::fs::read_dir(dir)
        .map_err(|e| crate::Error::io(format!("cannot read {}", dir.display()), e))?;
    // A lock file or .gitkeep alone does not make an index.
    Ok(entries.all(|e| {
        e.map(|e| e.file_name().to_string_lossy().starts_with('.'))
            .unwrap_or(false)
    }))
}

impl IndexInfo {
    fn empty() -> Self {
        IndexInfo {
            schema_version: schema::SCHEMA_VERSION,
            built_at: String::new(),
            corpus: String::new(),
            files: 0,
            units: 0,
            dictionary: String::new(),
            extra_dicts: Vec::new(),
            zones: None,
        }
    }
}

pub(crate) fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}
