//! The index folder and the files in it.
//!
//! zonedex deletes only files it can name as its own or tantivy's, and only in a folder that
//! carries zonedex's marker (or a commit written by zonedex): a project folder that happens to
//! hold a `meta.json` of its own is never emptied. After a crash, the files an unfinished run
//! left behind (segments no commit names, half-written temporary files) are removed before the
//! next run writes, because tantivy may want the same names again.

use crate::{Error, Result};
use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle,
    WritePtr, META_LOCK,
};

/// zonedex's marker: written when zonedex creates an index, before anything else.
pub(crate) const MARKER: &str = "zonedex-index.json";
/// tantivy's record of the last commit.
pub(crate) const TANTIVY_META: &str = "meta.json";
const TANTIVY_MANAGED: &str = ".managed.json";
/// zonedex's writer lock (tantivy's own lock files are recognised as well).
pub(crate) const WRITER_LOCK: &str = ".zonedex-writer.lock";
const TANTIVY_LOCKS: [&str; 2] = [".tantivy-writer.lock", ".tantivy-meta.lock"];
/// Files a folder may hold beside an index, left alone by every deletion (`index/` ships
/// with a `.gitkeep`); so are other hidden files.
const KEPT: [&str; 2] = [".gitkeep", ".gitignore"];

/// What a file in an index folder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// `meta.json` or `.managed.json`.
    Meta,
    Marker,
    Lock,
    /// A file of a segment: `<32 hex digits>.<component>`.
    Segment,
    /// A half-written file of tantivy's atomic writes (`.tmpXXXXXX`).
    Temporary,
    Kept,
    /// Anything else: never deleted, and (when visible) a reason to refuse `--rebuild`.
    Foreign,
}

pub(crate) fn role(name: &str) -> Role {
    if name == TANTIVY_META || name == TANTIVY_MANAGED {
        Role::Meta
    } else if name == MARKER {
        Role::Marker
    } else if name == WRITER_LOCK || TANTIVY_LOCKS.contains(&name) {
        Role::Lock
    } else if KEPT.contains(&name) {
        Role::Kept
    } else if is_segment_file(name) {
        Role::Segment
    } else if is_temporary(name) {
        Role::Temporary
    } else {
        Role::Foreign
    }
}

fn is_segment_file(name: &str) -> bool {
    let Some((id, component)) = name.split_once('.') else {
        return false;
    };
    id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && !component.is_empty()
        && component
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.')
}

/// tempfile's default names: `.tmp` and six letters or digits.
fn is_temporary(name: &str) -> bool {
    name.strip_prefix(".tmp")
        .is_some_and(|rest| rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// One entry of an index folder.
#[derive(Debug)]
pub(crate) struct Entry {
    pub name: OsString,
    pub role: Role,
}

impl Entry {
    fn is_hidden(&self) -> bool {
        self.name.as_encoded_bytes().first() == Some(&b'.')
    }
}

/// The entries of `dir`; a sub-folder or a name that is not UTF-8 is foreign.
pub(crate) fn list(dir: &Path) -> Result<Vec<Entry>> {
    let unreadable = |e: std::io::Error| reading_error(dir, e);
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let entry = entry.map_err(unreadable)?;
        let name = entry.file_name();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        let role = match name.to_str() {
            Some(text) if is_file => role(text),
            _ => Role::Foreign,
        };
        entries.push(Entry { name, role });
    }
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(entries)
}

/// An error met reading the index folder: a permission problem is named as one.
pub(crate) fn reading_error(dir: &Path, err: std::io::Error) -> Error {
    if err.kind() == std::io::ErrorKind::PermissionDenied {
        Error::PermissionDenied {
            path: dir.to_path_buf(),
        }
    } else {
        Error::io(
            format!("cannot read the index folder {}", dir.display()),
            err,
        )
    }
}

/// True when nothing in the folder is an index yet: only locks, the marker, kept files,
/// temporary files and hidden files of someone else.
pub(crate) fn holds_no_index(entries: &[Entry]) -> bool {
    entries.iter().all(|e| match e.role {
        Role::Meta | Role::Segment => false,
        Role::Foreign => e.is_hidden(),
        Role::Marker | Role::Lock | Role::Temporary | Role::Kept => true,
    })
}

/// Names of the visible entries zonedex did not write, for messages. Hidden files of others
/// (`.DS_Store`, a network file system's `.nfsXXXX`) are left alone, never a reason to refuse.
pub(crate) fn foreign_names(entries: &[Entry]) -> Vec<String> {
    entries
        .iter()
        .filter(|e| e.role == Role::Foreign && !e.is_hidden())
        .map(|e| e.name.to_string_lossy().into_owned())
        .collect()
}

/// True when zonedex wrote this folder: its marker is there, or its `meta.json` holds a
/// commit of zonedex's (indexes built before the marker existed).
pub(crate) fn is_ours(dir: &Path, entries: &[Entry]) -> bool {
    if entries.iter().any(|e| e.role == Role::Marker) {
        return true;
    }
    let Ok(text) = std::fs::read_to_string(dir.join(TANTIVY_META)) else {
        return false;
    };
    let payload = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|meta| meta.get("payload")?.as_str().map(str::to_string));
    payload
        .and_then(|p| serde_json::from_str::<serde_json::Value>(&p).ok())
        .is_some_and(|info| {
            info.get("schema_version").is_some() && info.get("dictionary").is_some()
        })
}

/// Writes zonedex's marker if it is not there yet.
pub(crate) fn write_marker(dir: &Path) -> Result<()> {
    let path = dir.join(MARKER);
    if path.exists() {
        return Ok(());
    }
    let text = serde_json::json!({
        "zonedex_index": true,
        "schema_version": super::schema::SCHEMA_VERSION,
        "note": "This folder is a zonedex index. `zonedex index --rebuild` deletes only the \
                 files zonedex and its index library wrote here, and refuses while anything \
                 else is in it.",
    });
    std::fs::write(&path, format!("{text:#}\n"))
        .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))
}

/// Deletes the index in `dir` for `--rebuild`: only the files zonedex or tantivy wrote, and
/// only when the folder is zonedex's and holds nothing else.
pub(crate) fn wipe(dir: &Path) -> Result<()> {
    let entries = list(dir)?;
    if !is_ours(dir, &entries) {
        return Err(Error::ForeignIndex {
            path: dir.to_path_buf(),
            reason: format!("it has no {MARKER} and no commit written by zonedex, so a rebuild deletes nothing in it"),
        });
    }
    let foreign = foreign_names(&entries);
    if !foreign.is_empty() {
        return Err(Error::ForeignIndex {
            path: dir.to_path_buf(),
            reason: format!(
                "it also holds files zonedex did not write ({}), so a rebuild deletes nothing in it; move them elsewhere first",
                foreign.join(", ")
            ),
        });
    }
    // meta.json first: a wipe cut short leaves a folder that is still recognised as an index.
    let mut doomed: Vec<&Entry> = entries
        .iter()
        .filter(|e| matches!(e.role, Role::Meta | Role::Segment | Role::Temporary))
        .collect();
    doomed.sort_by_key(|e| e.name != TANTIVY_META);
    for entry in doomed {
        remove(dir, &entry.name)?;
    }
    Ok(())
}

/// Removes the segment and temporary files that the last commit does not use: what a run that
/// was killed or failed left behind. Call it only while holding the writer lock.
///
/// It holds tantivy's meta lock meanwhile, as tantivy's own collector does, so that a reader
/// opening the files of a commit is never robbed of them. A file that cannot be removed (still
/// mapped elsewhere, a network file system) is left for the next run.
pub(crate) fn collect_garbage(dir: &Path, index: &tantivy::Index) -> Result<usize> {
    let _meta_lock = index
        .directory()
        .acquire_lock(&META_LOCK)
        .map_err(|e| Error::Tantivy(e.into()))?;
    let living: HashSet<PathBuf> = index.load_metas()?.list_segment_files();
    let mut removed = 0;
    for entry in list(dir)? {
        let garbage = match entry.role {
            Role::Segment => !living.contains(Path::new(&entry.name)),
            Role::Temporary => true,
            _ => false,
        };
        if garbage && remove(dir, &entry.name).is_ok() {
            removed += 1;
        }
    }
    Ok(removed)
}

fn remove(dir: &Path, name: &std::ffi::OsStr) -> Result<()> {
    let path = dir.join(name);
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(format!("cannot remove {}", path.display()), e)),
    }
}

/// tantivy writes `meta.json` and `.managed.json` through temporary files, which are created
/// readable by their owner only. Give them the permissions of zonedex's own files (the
/// marker, created under the user's umask), so that others can read the index when the
/// user's umask says they may.
#[cfg(unix)]
pub(crate) fn share_like_marker(dir: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let Ok(marker) = std::fs::metadata(dir.join(MARKER)) else {
        return Ok(());
    };
    let mode = marker.permissions().mode() & 0o666;
    for name in [TANTIVY_META, TANTIVY_MANAGED] {
        let path = dir.join(name);
        if path.exists() {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).map_err(
                |e| Error::io(format!("cannot set permissions of {}", path.display()), e),
            )?;
        }
    }
    Ok(())
}

#[cfg(not(unix))]
pub(crate) fn share_like_marker(_dir: &Path) -> Result<()> {
    Ok(())
}

/// Opens the index in `dir` for reading. Reading takes tantivy's meta lock (so that a writer
/// in another process does not delete files while they are opened); where the lock file
/// cannot be created — a read-only folder or mount, another user's index — nobody can write
/// there through this path either, and the index is read without it.
pub(crate) fn open_for_reading(dir: &Path) -> tantivy::Result<tantivy::Index> {
    let directory = ReadTolerant(MmapDirectory::open(dir)?);
    tantivy::Index::open(directory)
}

#[derive(Clone, Debug)]
struct ReadTolerant(MmapDirectory);

/// A lock that holds nothing.
struct NoLock;

impl Directory for ReadTolerant {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.0.get_file_handle(path)
    }
    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.0.delete(path)
    }
    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.0.exists(path)
    }
    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.0.open_write(path)
    }
    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.0.atomic_read(path)
    }
    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.0.atomic_write(path, data)
    }
    fn sync_directory(&self) -> std::io::Result<()> {
        self.0.sync_directory()
    }
    fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.0.watch(callback)
    }
    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        use std::io::ErrorKind;
        match self.0.acquire_lock(lock) {
            Err(LockError::IoError(e))
                if lock.filepath == META_LOCK.filepath
                    && matches!(
                        e.kind(),
                        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem
                    ) =>
            {
                Ok(DirectoryLock::from(Box::new(NoLock)))
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_of_names() {
        assert_eq!(role("meta.json"), Role::Meta);
        assert_eq!(role(".managed.json"), Role::Meta);
        assert_eq!(role(MARKER), Role::Marker);
        assert_eq!(role(".tantivy-meta.lock"), Role::Lock);
        assert_eq!(role(".gitkeep"), Role::Kept);
        let id = "0123456789abcdef0123456789abcdef";
        for ext in [
            "idx",
            "pos",
            "term",
            "store",
            "fast",
            "fieldnorm",
            "store.temp",
            "12.del",
        ] {
            assert_eq!(role(&format!("{id}.{ext}")), Role::Segment, "{ext}");
        }
        assert_eq!(role(".tmpAb12Z9"), Role::Temporary);
        for foreign in [
            "notes.txt",
            "report.pdf",
            "META.JSON",
            ".tmp",
            ".tmpabc",
            "0123.idx",
            "0123456789ABCDEF0123456789ABCDEF.idx",
            "0123456789abcdef0123456789abcdef",
        ] {
            assert_eq!(role(foreign), Role::Foreign, "{foreign}");
        }
    }

    #[test]
    fn a_folder_with_a_meta_json_of_its_own_is_not_wiped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("meta.json"), r#"{"project": "mine"}"#).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "keep me").unwrap();
        let err = wipe(dir.path()).unwrap_err();
        assert!(matches!(err, Error::ForeignIndex { .. }), "{err}");
        assert!(!err.to_string().contains("--rebuild`"), "{err}");
        assert!(dir.path().join("meta.json").exists());
        assert!(dir.path().join("notes.txt").exists());
    }

    #[test]
    fn a_marked_folder_with_other_files_is_not_wiped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MARKER), "{}").unwrap();
        std::fs::write(dir.path().join("meta.json"), "{}").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "keep me").unwrap();
        let err = wipe(dir.path()).unwrap_err();
        assert!(err.to_string().contains("notes.txt"), "{err}");
        assert!(dir.path().join("meta.json").exists());
    }

    #[test]
    fn a_marked_folder_loses_only_index_files() {
        let dir = tempfile::tempdir().unwrap();
        let id = "0123456789abcdef0123456789abcdef";
        for name in [MARKER, "meta.json", ".gitkeep", WRITER_LOCK, ".tmpAAAAAA"] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        std::fs::write(dir.path().join(format!("{id}.idx")), "x").unwrap();
        wipe(dir.path()).unwrap();
        let left: Vec<String> = list(dir.path())
            .unwrap()
            .iter()
            .map(|e| e.name.to_string_lossy().into_owned())
            .collect();
        assert_eq!(left, [".gitkeep", WRITER_LOCK, MARKER]);
    }
}
