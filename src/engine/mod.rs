//! The index on disk: schema, the incremental writer, and the reader.

pub(crate) mod folder;
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
    /// The version of the rules that read reports (`report::ANALYSIS_VERSION`) the index was
    /// built with; 0 in indexes written before it was recorded.
    #[serde(default)]
    pub analysis: u32,
    /// Fingerprint of the corpus's alias file (`areas.toml`); empty without one.
    #[serde(default)]
    pub areas: String,
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

/// What an index folder holds: `Ok(None)` when it does not exist or holds no index yet;
/// otherwise the index and the zonedex record of its last commit (`None`: created, but its
/// first commit never happened).
pub(crate) fn inspect(dir: &Path) -> crate::Result<Option<(tantivy::Index, Option<IndexInfo>)>> {
    use crate::Error;
    if !dir.exists() {
        return Ok(None);
    }
    if !dir.is_dir() {
        return Err(Error::ForeignIndex {
            path: dir.to_path_buf(),
            reason: "it is a file, not a folder".into(),
        });
    }
    let entries = folder::list(dir)?;
    let ours = folder::is_ours(dir, &entries);
    let damaged = |what: String| Error::Damaged {
        path: dir.to_path_buf(),
        what,
    };
    let has_meta = entries.iter().any(|e| e.name == folder::TANTIVY_META);
    if !has_meta {
        if folder::holds_no_index(&entries) {
            return Ok(None);
        }
        if ours {
            return Err(damaged(format!("its {} is missing", folder::TANTIVY_META)));
        }
        return Err(Error::ForeignIndex {
            path: dir.to_path_buf(),
            reason: format!("it has files but no {}", folder::TANTIVY_META),
        });
    }
    let not_an_index = |reason: String| {
        if ours {
            damaged(reason)
        } else {
            Error::ForeignIndex {
                path: dir.to_path_buf(),
                reason,
            }
        }
    };
    // Whatever keeps a folder that is not zonedex's from opening, it is not "damage" to repair.
    let cannot_open = |e: tantivy::TantivyError| match opening_error(dir, e) {
        Error::PermissionDenied { path } => Error::PermissionDenied { path },
        Error::Damaged { what, .. } => not_an_index(what),
        Error::Tantivy(e) => not_an_index(format!("it cannot be opened as an index: {e}")),
        other => other,
    };
    let index = folder::open_for_reading(dir).map_err(cannot_open)?;
    if schema::Fields::from_schema(&index.schema()).is_none() {
        return Err(if ours {
            Error::SchemaVersion {
                path: dir.to_path_buf(),
                found: "unknown".into(),
                expected: schema::SCHEMA_VERSION,
            }
        } else {
            Error::ForeignIndex {
                path: dir.to_path_buf(),
                reason: "its index has fields zonedex does not know".into(),
            }
        });
    }
    let payload = index.load_metas().map_err(cannot_open)?.payload;
    let Some(payload) = payload else {
        let segments = index
            .searchable_segment_ids()
            .map_err(|e| opening_error(dir, e))?;
        return if segments.is_empty() {
            Ok(Some((index, None)))
        } else {
            Err(not_an_index("its last commit has no zonedex record".into()))
        };
    };
    match serde_json::from_str::<IndexInfo>(&payload) {
        Ok(info) if info.schema_version == schema::SCHEMA_VERSION => Ok(Some((index, Some(info)))),
        Ok(info) => Err(Error::SchemaVersion {
            path: dir.to_path_buf(),
            found: info.schema_version.to_string(),
            expected: schema::SCHEMA_VERSION,
        }),
        Err(_) if ours => Err(Error::SchemaVersion {
            path: dir.to_path_buf(),
            found: "unknown".into(),
            expected: schema::SCHEMA_VERSION,
        }),
        Err(e) => Err(Error::ForeignIndex {
            path: dir.to_path_buf(),
            reason: format!("its commit record is not zonedex's ({e})"),
        }),
    }
}

/// Checks every file of the last commit against its checksum: a flipped byte is an error
/// that says to rebuild, not a wrong answer. It reads the whole index.
pub fn validate_checksums(index: &tantivy::Index, dir: &Path) -> crate::Result<()> {
    let damaged = index
        .validate_checksum()
        .map_err(|e| opening_error(dir, e))?;
    if damaged.is_empty() {
        return Ok(());
    }
    let mut names: Vec<String> = damaged.iter().map(|p| p.display().to_string()).collect();
    names.sort();
    Err(crate::Error::Damaged {
        path: dir.to_path_buf(),
        what: format!("{} fail their checksums", names.join(", ")),
    })
}

/// An error met reading an index that opened: the index library fails on data it cannot
/// decode, so such failures are damage (with what to do), not bare library errors.
pub(crate) fn reading_failure(dir: &Path, err: crate::Error) -> crate::Error {
    use crate::Error;
    let damaged = |what: String| Error::Damaged {
        path: dir.to_path_buf(),
        what,
    };
    match err {
        Error::Tantivy(e) => match opening_error(dir, e) {
            Error::Tantivy(e) => damaged(e.to_string()),
            other => other,
        },
        Error::Io { context, source } => damaged(format!("{context}: {source}")),
        other => other,
    }
}

/// An error met while opening the index in `dir`. When it means that the index's files are
/// damaged (truncated, missing, corrupt) or unreadable, the message says so and what to do;
/// anything else is passed on as it is.
pub(crate) fn opening_error(dir: &Path, err: tantivy::TantivyError) -> crate::Error {
    if permission_denied(&err) {
        return crate::Error::PermissionDenied {
            path: dir.to_path_buf(),
        };
    }
    match damage(&err) {
        Some(what) => crate::Error::Damaged {
            path: dir.to_path_buf(),
            what,
        },
        None => crate::Error::Tantivy(err),
    }
}

fn permission_denied(err: &tantivy::TantivyError) -> bool {
    use std::io::ErrorKind::PermissionDenied;
    use tantivy::directory::error::{LockError, OpenDirectoryError, OpenReadError};
    use tantivy::TantivyError;
    match err {
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, .. }) => {
            io_error.kind() == PermissionDenied
        }
        TantivyError::OpenDirectoryError(OpenDirectoryError::IoError { io_error, .. }) => {
            io_error.kind() == PermissionDenied
        }
        TantivyError::LockFailure(LockError::IoError(io_error), _) => {
            io_error.kind() == PermissionDenied
        }
        TantivyError::IoError(io_error) => io_error.kind() == PermissionDenied,
        _ => false,
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

pub(crate) fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}
