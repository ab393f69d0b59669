//! The library's error type: one variant per cause, so that callers can match on it. The
//! messages say what went wrong in the library's terms; the command line adds what to type
//! about it (it knows its commands and flags, the library does not).

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot load dictionary {path}: {reason}")]
    Dictionary { path: String, reason: String },

    #[error("corpus folder {}: {reason}", path.display())]
    Corpus { path: PathBuf, reason: String },

    #[error("no index at {}", path.display())]
    NoIndex { path: PathBuf },

    #[error("{} is not a zonedex index ({reason}); nothing in it was changed", path.display())]
    ForeignIndex { path: PathBuf, reason: String },

    #[error("the index at {} is not built yet (its first build has not finished or was interrupted)", path.display())]
    NotBuilt { path: PathBuf },

    #[error("the index at {} is being built by another indexer and has no commit yet", path.display())]
    BeingBuilt { path: PathBuf },

    #[error("the index at {} is damaged ({what})", path.display())]
    Damaged { path: PathBuf, what: String },

    #[error("the index at {} cannot be read: permission denied", path.display())]
    PermissionDenied { path: PathBuf },

    #[error("no space left on {} (about {needed_mb} MB are needed; the index is as it was before this run)", path.display())]
    DiskFull { path: PathBuf, needed_mb: u64 },

    #[error("the index at {} has schema version {found}, this zonedex needs version {expected}", path.display())]
    SchemaVersion {
        path: PathBuf,
        found: String,
        expected: u32,
    },

    #[error("the index at {} is busy: another indexer is updating it", path.display())]
    Busy { path: PathBuf },

    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },

    #[error("the glossary cannot be used: {0}")]
    Glossary(String),
    #[error(transparent)]
    Aliases(#[from] crate::report::aliases::AliasError),
    #[error(transparent)]
    Tantivy(#[from] tantivy::TantivyError),

    #[error(transparent)]
    Query(#[from] crate::search::query::QueryError),

    #[error("the query took longer than its time budget and was stopped; make it narrower (fewer or longer terms, a filter)")]
    OverBudget,

    #[error("unknown {what} '{given}'; choose one of: {choices}")]
    UnknownName {
        what: &'static str,
        given: String,
        choices: String,
    },

    #[error("bad year '{given}': {why}; write a year such as 2023 or an inclusive range such as 2021..2023")]
    BadYear { given: String, why: &'static str },

    #[error("unknown {facet} '{given}'; the index knows: {}", if known.is_empty() { "(none)".to_string() } else { known.join(", ") })]
    UnknownValue {
        facet: &'static str,
        given: String,
        known: Vec<String>,
    },

    #[error("ambiguous {facet} '{given}': it could be {}; give more of the name", candidates.join(", "))]
    AmbiguousValue {
        facet: &'static str,
        given: String,
        candidates: Vec<String>,
    },

    #[error("grouping takes one or two keys, e.g. zone,year; '{given}' has more")]
    TooManyGroupKeys { given: String },

    #[error("no terms: write one query per line")]
    NoTerms,

    #[error("a matrix needs columns: zone, year or zone,year")]
    NoColumns,

    #[error("export folder {}: {reason}", path.display())]
    ExportFolder { path: PathBuf, reason: String },

    #[error("{0}")]
    NotTranslatable(String),

    #[error("bad batch line: {reason}")]
    BatchLine { reason: String },

    #[error("term '{term}': {source}")]
    InTerm {
        term: String,
        #[source]
        source: Box<Error>,
    },
}

impl Error {
    /// True for the troubles `zonedex index --rebuild` repairs (in a folder that is
    /// zonedex's: the rebuild itself checks that).
    pub fn is_rebuildable(&self) -> bool {
        matches!(self, Error::SchemaVersion { .. } | Error::Damaged { .. })
    }

    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
