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

    #[error("{0}")]
    Invalid(String),
}

impl Error {
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
