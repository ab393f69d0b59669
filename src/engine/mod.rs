//! The index on disk: schema, the incremental writer, and the reader.

mod merge;
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
    let payload = index
        .load_metas()
        .map_err(|e| opening_error(dir, e))?
        .payload;
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
        None if payload.is_none()
            && index
                .searchable_segment_ids()
                .map_err(|e| opening_error(dir, e))?
                .is_empty() =>
        {
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

/// An error met while opening the index in `dir`. When it means that the index's files are
/// damaged (truncated, missing, corrupt), the message says so and what to do; anything else
/// is passed on as it is.
pub(crate) fn opening_error(dir: &Path, err: tantivy::TantivyError) -> crate::Error {
    match damage(&err) {
        Some(what) => crate::Error::Invalid(format!(
            "the index at {} is damaged ({what}): run `zonedex index --rebuild` to build it \
             again from the corpus",
            dir.display()
        )),
        None => crate::Error::Tantivy(err),
    }
}

/// What is damaged, if `err` says the index files are.
fn damage(err: &tantivy::TantivyError) -> Option<String> {
    use std::io::ErrorKind;
    use tantivy::directory::error::OpenReadError;
    use tantivy::TantivyError;
    match err {
        TantivyError::DataCorruption(corruption) => Some(format!("{corruption:?}")),
        TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(path)) => {
            Some(format!("file {} is missing", path.display()))
        }
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath })
            if matches!(
                io_error.kind(),
                ErrorKind::InvalidData | ErrorKind::UnexpectedEof
            ) =>
        {
            Some(format!(
                "file {} is corrupt: {io_error}",
                filepath.display()
            ))
        }
        TantivyError::OpenReadError(OpenReadError::IncompatibleIndex(incompatibility)) => Some(
            format!("written by another version of the index library: {incompatibility:?}"),
        ),
        _ => None,
    }
}

/// True when `err` is a file of the index that is not there (any more).
pub(crate) fn is_missing_file(err: &crate::Error) -> bool {
    use tantivy::directory::error::OpenReadError;
    matches!(
        err,
        crate::Error::Tantivy(tantivy::TantivyError::OpenReadError(
            OpenReadError::FileDoesNotExist(_)
        ))
    )
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
