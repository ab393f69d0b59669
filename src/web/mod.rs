//! `zonedex serve`: a search page over one index, for people who never open a terminal.
//!
//! [`routes`] answers requests (axum), [`pages`] builds the HTML, [`chart`] the SVG bars. The
//! pages use the engine as the command line does, and the downloads and the API are written by
//! the same code as `zonedex search --format csv|json` and `zonedex matrix`, so they are the same
//! bytes. Everything the server sends is built here: it works offline.

pub mod chart;
pub mod pages;
pub mod routes;

use crate::engine::reader::IndexHandle;
use crate::Result;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// Hits on one page of results.
pub const PAGE_SIZE: usize = 20;

/// Most hits a download or an API answer may carry.
pub const MAX_ROWS: usize = 10_000;

/// Most terms in one matrix request.
pub const MAX_MATRIX_TERMS: usize = 200;

/// The index being served, opened again when a commit changes it.
pub struct Served {
    dir: PathBuf,
    current: Mutex<Option<(SystemTime, Arc<IndexHandle>)>>,
}

impl Served {
    pub fn new(dir: &Path) -> Served {
        Served {
            dir: dir.to_path_buf(),
            current: Mutex::new(None),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The last commit of the index: the snapshot opened before, unless `meta.json` (which every
    /// commit rewrites) changed since. A search already running keeps its own snapshot.
    pub fn handle(&self) -> Result<Arc<IndexHandle>> {
        let stamp = std::fs::metadata(self.dir.join("meta.json"))
            .and_then(|m| m.modified())
            .ok();
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        if let (Some(stamp), Some((seen, handle))) = (stamp, current.as_ref()) {
            if *seen == stamp {
                return Ok(Arc::clone(handle));
            }
        }
        let handle = Arc::new(IndexHandle::open(&self.dir)?);
        if let Some(stamp) = stamp {
            *current = Some((stamp, Arc::clone(&handle)));
        }
        Ok(handle)
    }
}
