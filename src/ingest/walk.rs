//! Walking the corpus: which files are reports.
//!
//! Takes the files of every format [`extract`](super::extract) reads (text, HTML, PDF, DOCX),
//! by file ending, recursively; every other file is listed as skipped with the reason. Skips
//! hidden files and
//! folders (names starting with `.`). Symbolic links are never followed: one that points
//! inside the corpus would index a report twice, one that points outside would leave the
//! corpus, and a loop would never end; each is reported as skipped.

use std::path::{Path, PathBuf};
use walkdir::WalkDir;

use super::extract::{Format, FORMAT_ENDINGS};

/// A report file found in the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusFile {
    pub abs: PathBuf,
    /// Path relative to the corpus root, with `/` separators: the report's identity.
    pub rel: String,
}

#[derive(Debug, Default)]
pub struct Walked {
    pub files: Vec<CorpusFile>,
    /// Paths (relative when possible) and the reason they were passed over.
    pub skipped: Vec<(String, String)>,
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
        || name.as_encoded_bytes().first() == Some(&b'.')
}

/// The corpus's alias file (`report::aliases`), at its root.
pub const ALIAS_FILE: &str = "areas.toml";

pub fn is_report_file(path: &Path) -> bool {
    Format::of_path(path).is_some()
}

/// Why a file that is not a report file is not read; `None` for zonedex's own inputs (sidecars).
fn why_not_read(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    // Sidecars and the corpus's alias file are inputs of zonedex's own.
    if name.ends_with(".meta.toml") || name == ALIAS_FILE {
        return None;
    }
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    Some(match extension.as_str() {
        "doc" | "wps" | "ofd" | "xls" | "xlsx" | "rtf" | "odt" | "et" => {
            format!(
                "unsupported format (.{extension}); save it as DOCX or PDF, or its text as .txt"
            )
        }
        "" => format!(
            "not a report file (no file ending; reports end in {})",
            report_endings()
        ),
        other => format!(
            "not a report file (.{other}; reports end in {})",
            report_endings()
        ),
    })
}

fn report_endings() -> String {
    FORMAT_ENDINGS
        .iter()
        .flat_map(|(_, endings)| endings.iter().map(|e| format!(".{e}")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The path of `path` relative to `root`, `/`-separated. A byte of a file name that is not
/// UTF-8 is written as `\xHH`, so two such names never collapse into one path (a lossy
/// U+FFFD would give `a\xFF.txt` and `a\xFE.txt` the same identity in the index).
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| escape_name(c.as_os_str()))
        .collect::<Vec<_>>()
        .join("/")
}

/// Control characters (a newline, an escape sequence) are written as `\xHH` as well, so that a
/// printed `path:line` is one line and carries no escape sequences.
fn escape_name(name: &std::ffi::OsStr) -> String {
    let mut escaped = String::new();
    for chunk in name.as_encoded_bytes().utf8_chunks() {
        for c in chunk.valid().chars() {
            if c.is_control() {
                let mut utf8 = [0u8; 4];
                for byte in c.encode_utf8(&mut utf8).bytes() {
                    escaped.push_str(&format!("\\x{byte:02X}"));
                }
            } else {
                escaped.push(c);
            }
        }
        for byte in chunk.invalid() {
            escaped.push_str(&format!("\\x{byte:02X}"));
        }
    }
    escaped
}

/// Largest report file read, in bytes. Published reports are well under 10 MB; a bigger file
/// is skipped with this reason, which bounds the memory one report costs the indexer.
pub const MAX_REPORT_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a file that must be a regular file of at most `max_bytes`: a link, a FIFO or a
/// device is refused (a FIFO would block the indexer, `/dev/zero` would never end), and so is
/// a larger file. On Unix the file is opened without following a link and without waiting on
/// a FIFO, and its type is checked on the opened file, so swapping one in at the last moment
/// changes nothing.
pub fn read_regular(path: &Path, max_bytes: u64) -> std::io::Result<Vec<u8>> {
    use std::io::{Error, ErrorKind, Read};
    let not_regular = || {
        Error::new(
            ErrorKind::InvalidInput,
            "not a regular file (a link, a FIFO or a device); only regular files are read",
        )
    };
    let too_large = || {
        Error::new(
            ErrorKind::InvalidInput,
            format!(
                "larger than {} MB; split it into smaller files",
                max_bytes / (1024 * 1024)
            ),
        )
    };
    if !std::fs::symlink_metadata(path)?.file_type().is_file() {
        return Err(not_regular());
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options
        .open(path)
        .map_err(|e| if became_a_link(&e) { not_regular() } else { e })?;
    let opened = file.metadata()?;
    if !opened.file_type().is_file() {
        return Err(not_regular());
    }
    if opened.len() > max_bytes {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(opened.len() as usize);
    file.take(max_bytes + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large());
    }
    Ok(bytes)
}

/// The error of opening with `O_NOFOLLOW` a path that is a link.
fn became_a_link(err: &std::io::Error) -> bool {
    #[cfg(unix)]
    return err.raw_os_error() == Some(libc::ELOOP);
    #[cfg(not(unix))]
    return false;
}

pub fn walk(root: &Path) -> Result<Walked, crate::Error> {
    let meta = std::fs::metadata(root).map_err(|e| crate::Error::Corpus {
        path: root.to_path_buf(),
        reason: format!("{e}; pass the folder that holds the reports"),
    })?;
    if !meta.is_dir() {
        return Err(crate::Error::Corpus {
            path: root.to_path_buf(),
            reason: "not a folder; pass the folder that holds the reports".into(),
        });
    }
    let mut walked = Walked::default();
    let mut identities = std::collections::HashSet::new();
    let entries = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map_or_else(String::new, |p| relative(root, p));
                let reason = err
                    .io_error()
                    .map_or_else(|| err.to_string(), |io| io.to_string());
                walked
                    .skipped
                    .push((path, format!("cannot read: {reason}")));
                continue;
            }
        };
        let path = entry.path();
        if entry.path_is_symlink() {
            if is_report_file(path) || path.is_dir() {
                walked.skipped.push((
                    relative(root, path),
                    "symbolic link (not followed)".to_string(),
                ));
            }
            continue;
        }
        if !entry.file_type().is_file() && !entry.file_type().is_dir() {
            walked.skipped.push((
                relative(root, path),
                "not a regular file (a FIFO, a socket or a device)".to_string(),
            ));
            continue;
        }
        if entry.file_type().is_file() && !is_report_file(path) {
            // Every file is read or named with a reason: a folder of PDFs must not index
            // nothing in silence.
            if let Some(reason) = why_not_read(path) {
                walked.skipped.push((relative(root, path), reason));
            }
            continue;
        }
        if entry.file_type().is_file() {
            let rel = relative(root, path);
            if !identities.insert(rel.clone()) {
                // Only possible when an escaped name meets a real name spelling `\xHH`.
                walked.skipped.push((
                    rel,
                    "another file has the same path once its name is escaped; rename one"
                        .to_string(),
                ));
                continue;
            }
            walked.files.push(CorpusFile {
                abs: path.to_path_buf(),
                rel,
            });
        }
    }
    Ok(walked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_reports_skips_hidden_and_other_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join("a/b/r.txt"), "x").unwrap();
        std::fs::write(root.join("a/r.MD"), "x").unwrap();
        std::fs::write(root.join("a/r.txt.meta.toml"), "x").unwrap();
        std::fs::write(root.join(".hidden.txt"), "x").unwrap();
        std::fs::write(root.join(".git/x.txt"), "x").unwrap();
        std::fs::write(root.join("a/page.HTM"), "x").unwrap();
        std::fs::write(root.join("a/report.pdf"), "x").unwrap();
        std::fs::write(root.join("image.png"), "x").unwrap();
        let walked = walk(root).unwrap();
        let rels: Vec<&str> = walked.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a/b/r.txt", "a/page.HTM", "a/r.MD", "a/report.pdf"]);
        // The sidecar is an input of its own; the image is named with its reason.
        assert_eq!(walked.skipped.len(), 1, "{:?}", walked.skipped);
        assert_eq!(walked.skipped[0].0, "image.png");
        assert!(walked.skipped[0].1.contains("not a report file (.png"));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_reported_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "x").unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("sub")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("out")).unwrap();
        std::os::unix::fs::symlink(root, root.join("sub/loop")).unwrap();
        let walked = walk(root).unwrap();
        assert!(walked.files.is_empty());
        let skipped: Vec<&str> = walked.skipped.iter().map(|s| s.0.as_str()).collect();
        assert_eq!(skipped, ["out", "sub/loop"]);
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_keep_distinct_escaped_paths() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("d")).unwrap();
        for name in [&b"r\xFF.txt"[..], b"r\xFE.txt", b"\xE9\x87\x91.txt"] {
            let path = root.join("d").join(std::ffi::OsStr::from_bytes(name));
            std::fs::write(path, "x").unwrap();
        }
        // A real name that spells an escape: it must not take the place of r\xFF.txt.
        std::fs::write(root.join("d").join("r\\xFF.txt"), "x").unwrap();
        let walked = walk(root).unwrap();
        let mut rels: Vec<&str> = walked.files.iter().map(|f| f.rel.as_str()).collect();
        rels.sort();
        assert_eq!(rels, ["d/r\\xFE.txt", "d/r\\xFF.txt", "d/金.txt"]);
        assert_eq!(walked.skipped.len(), 1, "{:?}", walked.skipped);
        assert!(walked.skipped[0].1.contains("same path"));
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_within_the_limit_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("r.txt");
        std::fs::write(&file, "报告").unwrap();
        assert_eq!(read_regular(&file, 64).unwrap(), "报告".as_bytes());
        let err = read_regular(&file, 3).unwrap_err();
        assert!(err.to_string().contains("larger than"), "{err}");
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        assert!(read_regular(&link, 64)
            .unwrap_err()
            .to_string()
            .contains("not a regular file"));
        let fifo = dir.path().join("fifo.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            // Would block forever if it were opened.
            assert!(read_regular(&fifo, 64)
                .unwrap_err()
                .to_string()
                .contains("not a regular file"));
        }
        let dev_zero = Path::new("/dev/zero");
        if dev_zero.exists() {
            assert!(read_regular(dev_zero, 64).is_err());
        }
    }

    #[test]
    fn control_characters_in_names_are_escaped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a\nb\u{1b}[31m.txt"), "x").unwrap();
        let walked = walk(dir.path()).unwrap();
        assert_eq!(walked.files[0].rel, "a\\x0Ab\\x1B[31m.txt");
    }

    #[test]
    fn files_of_other_formats_are_named_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "a.doc", "b.wps", "c.ofd", "d.xlsx", "e.rtf", "f.et", "g.jpg", "Makefile",
        ] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        let fifo = dir.path().join("pipe.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        let walked = walk(dir.path()).unwrap();
        assert!(walked.files.is_empty());
        if made.is_ok_and(|s| s.success()) {
            let (path, reason) = walked
                .skipped
                .iter()
                .find(|(p, _)| p == "pipe.txt")
                .unwrap();
            assert!(reason.contains("not a regular file"), "{path}: {reason}");
        }
        let reasons: std::collections::BTreeMap<&str, &str> = walked
            .skipped
            .iter()
            .map(|(p, m)| (p.as_str(), m.as_str()))
            .collect();
        assert_eq!(reasons.len(), if fifo.exists() { 9 } else { 8 });
        for legacy in ["a.doc", "b.wps", "c.ofd", "d.xlsx", "e.rtf", "f.et"] {
            assert!(
                reasons[legacy].contains("save it as DOCX or PDF"),
                "{legacy}"
            );
        }
        assert!(reasons["g.jpg"].contains("not a report file (.jpg"));
        assert!(reasons["Makefile"].contains("no file ending"));
    }

    #[test]
    fn a_missing_corpus_is_an_error_naming_it() {
        let err = walk(Path::new("/nonexistent/zonedex-corpus")).unwrap_err();
        assert!(err.to_string().contains("zonedex-corpus"));
    }
}
