//! The library's error type. Messages say what went wrong and what to do about it.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot load dictionary {path}: {reason}")]
    Dictionary { path: String, reason: String },

    #[error("corpus folder {}: {reason}", path.display())]
    Corpus { path: PathBuf, reason: String },

    #[error("no index at {}: build one with `zonedex index` (or point --index at an existing one)", path.display())]
    NoIndex { path: PathBuf },

    #[error("{} is not a zonedex index ({reason}); choose another --index directory, nothing in it was changed", path.display())]
    ForeignIndex { path: PathBuf, reason: String },

    #[error("the index at {} is not built yet (its first build has not finished or was interrupted): run `zonedex index`", path.display())]
    NotBuilt { path: PathBuf },

    #[error("the index at {} is being built by another `zonedex index` and has no commit yet; try again when it has finished", path.display())]
    BeingBuilt { path: PathBuf },

    #[error("the index at {} is damaged ({what}): run `zonedex index --rebuild` to build it again from the corpus", path.display())]
    Damaged { path: PathBuf, what: String },

    #[error("the index at {} cannot be read: permission denied; ask its owner to make it readable, or build your own with `zonedex index --index DIR`", path.display())]
    PermissionDenied { path: PathBuf },

    #[error("no space left on {}: free about {needed_mb} MB there or use another --index; the index is as it was before this run", path.display())]
    DiskFull { path: PathBuf, needed_mb: u64 },

    #[error("the index at {} has schema version {found}, this zonedex needs version {expected}: run `zonedex index --rebuild`", path.display())]
    SchemaVersion {
        path: PathBuf,
        found: String,
        expected: u32,
    },

    #[error("the index at {} is busy: another `zonedex index` is updating it; try again when it has finished", path.display())]
    Busy { path: PathBuf },

    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },

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

    #[error("{0}")]
    Invalid(String),
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
