//! The incremental writer: brings the index in line with the corpus in one atomic commit.
//!
//! Each report's content hash (file plus sidecar) is stored with it. A run walks the corpus,
//! hashes every file, and analyses only the files whose hash is new; removed files are deleted.
//! Nothing is visible until the single commit at the end, so an interrupted run (Ctrl-C,
//! kill -9) leaves the previous commit intact and searchable.

use super::merge::BoundedMerges;
use super::reader::{indexed_reports, IndexedReport};
use super::schema::{build_schema, encode_line_map, Fields, SCHEMA_VERSION};
use super::{folder, inspect, now_rfc3339, validate_checksums, IndexInfo, ReportRecord};
use crate::analysis::grams::GramTokenizer;
use crate::analysis::words::{build_jieba, dictionary_fingerprint, WordTokenizer};
use crate::analysis::{GRAMS_TOKENIZER, WORDS_TOKENIZER};
use crate::base::PageStarts;
use crate::base::{Facet, FacetValue};
use crate::ingest::walk::walk;
use crate::report::aliases::{AreaAliases, ALIAS_FILE};
use crate::report::read::{Report, Source, Unread};
use crate::report::unit::IndexedSection;
use crate::{Error, Result};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;
use tantivy::indexer::UserOperation;
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{Index, IndexSettings, IndexWriter, TantivyDocument, Term};

pub struct IndexOptions {
    pub corpus: PathBuf,
    pub index_dir: PathBuf,
    /// Start from an empty index (still one atomic commit).
    pub rebuild: bool,
    /// User dictionaries added to the built-in one.
    pub dicts: Vec<PathBuf>,
    /// Indexing threads; 0 picks one per core (at most 4).
    pub threads: usize,
    /// Check the whole index against its checksums even when nothing changed (`zonedex
    /// index`); without it, only before something is written (a search's refresh, which must
    /// not read the whole index on every query).
    pub verify: bool,
}

impl IndexOptions {
    /// Index `corpus` into `index_dir`, incrementally, with the built-in dictionary.
    pub fn new(corpus: impl Into<PathBuf>, index_dir: impl Into<PathBuf>) -> IndexOptions {
        IndexOptions {
            corpus: corpus.into(),
            index_dir: index_dir.into(),
            rebuild: false,
            dicts: Vec::new(),
            threads: 0,
            verify: true,
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FileNote {
    pub path: String,
    pub message: String,
}

/// What a run did, for the final summary.
#[derive(Debug, Clone, Serialize)]
pub struct IndexSummary {
    pub corpus: String,
    pub index: String,
    pub indexed: u64,
    pub unchanged: u64,
    pub removed: u64,
    pub skipped: Vec<FileNote>,
    pub warnings: Vec<FileNote>,
    /// Units written by this run.
    pub units: u64,
    /// Bytes of the files analysed by this run.
    pub bytes: u64,
    pub seconds: f64,
    pub mb_per_s: f64,
    /// Totals in the index after the run.
    pub total_files: u64,
    pub total_units: u64,
    /// Whether a new commit was written (false when nothing changed).
    pub committed: bool,
    /// Why every report was analysed again, if it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_reanalysis: Option<String>,
}

/// Progress of the analysis phase: (files done, files to do).
pub type ProgressFn<'a> = &'a mut dyn FnMut(u64, u64);

/// Holds the writer lock of an index directory for as long as it lives.
pub struct WriterLock {
    _file: File,
}

/// Takes the index directory's writer lock without waiting.
pub fn try_lock(index_dir: &Path) -> Result<WriterLock> {
    std::fs::create_dir_all(index_dir).map_err(|e| {
        Error::io(
            format!("cannot create index folder {}", index_dir.display()),
            e,
        )
    })?;
    let path = index_dir.join(folder::WRITER_LOCK);
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(format!("cannot open lock file {}", path.display()), e))?;
    match file.try_lock() {
        Ok(()) => Ok(WriterLock { _file: file }),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::Busy {
            path: index_dir.to_path_buf(),
        }),
        Err(std::fs::TryLockError::Error(e)) => {
            Err(Error::io(format!("cannot lock {}", path.display()), e))
        }
    }
}

/// True when an indexer holds the writer lock of `index_dir` now.
pub fn is_locked(index_dir: &Path) -> bool {
    let Ok(file) = File::open(index_dir.join(folder::WRITER_LOCK)) else {
        return false;
    };
    matches!(
        file.try_lock_shared(),
        Err(std::fs::TryLockError::WouldBlock)
    )
}

/// Waits until no indexer holds the writer lock of `index_dir`.
pub fn wait_until_unlocked(index_dir: &Path) -> Result<()> {
    let path = index_dir.join(folder::WRITER_LOCK);
    let Ok(file) = File::open(&path) else {
        return Ok(());
    };
    file.lock_shared()
        .map_err(|e| Error::io(format!("cannot wait for the lock {}", path.display()), e))
}

pub fn update_index(opts: &IndexOptions, progress: ProgressFn) -> Result<IndexSummary> {
    let started = Instant::now();
    let dir = &opts.index_dir;
    // Refuse a foreign folder before touching it (the lock file is the first write).
    match inspect(dir) {
        // Another indexer may be half way through wiping it for a rebuild.
        Err(_) if is_locked(dir) => return Err(Error::Busy { path: dir.clone() }),
        Err(e) if !(opts.rebuild && e.is_rebuildable()) => return Err(e),
        _ => {}
    }
    let _lock = try_lock(dir)?;
    // Looked at again under the lock: another indexer may have committed meanwhile.
    let existing = match inspect(dir) {
        Ok(existing) => existing,
        Err(e) if opts.rebuild && e.is_rebuildable() => {
            folder::wipe(dir)?;
            None
        }
        Err(e) => return Err(e),
    };
    // Before anything is created: a corpus that cannot be read leaves no empty index behind.
    let walked = walk(&opts.corpus)?;
    folder::write_marker(dir)?;
    let (index, previous) = match existing {
        Some((index, info)) => (index, info),
        None => (create_index(dir)?, None),
    };
    // A run killed or failed earlier may have left files that tantivy would write again under
    // the same names; no commit uses them.
    folder::collect_garbage(dir, &index)?;
    let result = write_changes(opts, progress, &index, previous, &walked, started);
    if let Err(err) = &result {
        // What the failed run wrote is not part of any commit: remove it (a full disk stays
        // full otherwise). The previous commit is untouched.
        let full = disk_is_full(dir, err);
        let _ = folder::collect_garbage(dir, &index);
        if full {
            return Err(Error::DiskFull {
                path: dir.clone(),
                needed_mb: space_needed_mb(&walked),
            });
        }
    }
    result
}

/// True when `err` is a write failure that came from a full disk, or happened when the
/// index's file system had (almost) no room left.
fn disk_is_full(dir: &Path, err: &Error) -> bool {
    if !matches!(err, Error::Tantivy(_) | Error::Io { .. }) {
        return false;
    }
    let text = format!("{err:?}");
    text.contains("StorageFull")
        || text.contains("No space left")
        || text.contains("os error 28")
        || fs4::available_space(dir).is_ok_and(|free| free < 1_000_000)
}

/// About how much room a full build of the corpus needs: the index is about twice its input,
/// and segments are written before the ones they replace are deleted.
fn space_needed_mb(walked: &crate::ingest::walk::Walked) -> u64 {
    let bytes: u64 = walked
        .files
        .iter()
        .filter_map(|f| std::fs::symlink_metadata(&f.abs).ok())
        .map(|m| m.len())
        .sum();
    (bytes * 3 / 1_000_000).max(1)
}

fn write_changes(
    opts: &IndexOptions,
    progress: ProgressFn,
    index: &Index,
    previous: Option<IndexInfo>,
    walked: &crate::ingest::walk::Walked,
    started: Instant,
) -> Result<IndexSummary> {
    let fields = Fields::from_schema(&index.schema()).ok_or_else(|| Error::SchemaVersion {
        path: opts.index_dir.clone(),
        found: "unknown".into(),
        expected: SCHEMA_VERSION,
    })?;

    let dictionary = dictionary_fingerprint(&opts.dicts)?;
    let aliases = AreaAliases::load(&opts.corpus)?;
    let full_reanalysis = if opts.rebuild {
        Some("--rebuild".to_string())
    } else {
        match &previous {
            Some(info) if !info.dictionary.is_empty() && info.dictionary != dictionary => {
                Some("the dictionary changed".to_string())
            }
            Some(info) if info.areas != aliases.fingerprint => Some(format!(
                "the alias file {} changed",
                opts.corpus.join(ALIAS_FILE).display()
            )),
            Some(info) if info.analysis != crate::report::ANALYSIS_VERSION => Some(
                "this version of zonedex reads reports differently from the one that built the index"
                    .to_string(),
            ),
            _ => None,
        }
    };
    let known: HashMap<String, IndexedReport> = if full_reanalysis.is_some() {
        HashMap::new()
    } else {
        indexed_reports(index).map_err(|e| super::reading_failure(&opts.index_dir, e))?
    };

    let mut summary = IndexSummary {
        corpus: opts.corpus.display().to_string(),
        index: opts.index_dir.display().to_string(),
        indexed: 0,
        unchanged: 0,
        removed: 0,
        skipped: walked
            .skipped
            .iter()
            .map(|(path, message)| FileNote {
                path: path.clone(),
                message: message.clone(),
            })
            .collect(),
        warnings: Vec::new(),
        units: 0,
        bytes: 0,
        seconds: 0.0,
        mb_per_s: 0.0,
        total_files: 0,
        total_units: 0,
        committed: false,
        full_reanalysis,
    };

    let seen: HashSet<&str> = walked.files.iter().map(|f| f.rel.as_str()).collect();
    let removed: Vec<&String> = known
        .keys()
        .filter(|p| !seen.contains(p.as_str()))
        .collect();
    let fresh_or_rebuilt = previous.is_none() || summary.full_reanalysis.is_some();
    // An index is checked against its checksums before anything is built on it, and by
    // `zonedex index` even when nothing changed.
    let builds_on_old = !fresh_or_rebuilt;
    if builds_on_old && opts.verify {
        validate_checksums(index, &opts.index_dir)?;
    }
    // The writer (and jieba's dictionary) is only loaded once there is something to write.
    let open = || -> Result<IndexWriter> {
        if builds_on_old && !opts.verify {
            validate_checksums(index, &opts.index_dir)?;
        }
        open_writer(index, &opts.index_dir, &opts.dicts, opts.threads)
    };
    let mut writer = None;
    if fresh_or_rebuilt || !removed.is_empty() {
        writer = Some(open()?);
    }
    if summary.full_reanalysis.is_some() {
        if let Some(w) = &mut writer {
            w.delete_all_documents()?;
        }
    }

    // One file at a time: read, hash, and analyse only if it changed, so memory does not grow
    // with the corpus.
    let mut zones: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut rewritten: HashSet<&str> = HashSet::new();
    let total = walked.files.len() as u64;
    for (done, file) in walked.files.iter().enumerate() {
        progress(done as u64, total);
        let note = |message: String| FileNote {
            path: file.rel.clone(),
            message,
        };
        let source = match Source::read(&file.abs) {
            Ok(source) => source,
            // A file refused for what it is now (too large, no longer a regular file) no
            // longer holds the report indexed before: that version goes.
            Err(refused @ Unread::Refused(_)) => {
                let mut message = refused.to_string();
                if known.contains_key(&file.rel) {
                    let w = match &mut writer {
                        Some(w) => w,
                        None => writer.insert(open()?),
                    };
                    w.delete_term(Term::from_field_text(fields.path, &file.rel));
                    rewritten.insert(file.rel.as_str());
                    summary.removed += 1;
                    message.push_str("; the version indexed before was removed");
                }
                summary.skipped.push(note(message));
                continue;
            }
            // A file that cannot be read now (permissions, a flaky disk) is not a file that
            // was deleted: the version indexed before stays searchable.
            Err(failed @ Unread::Failed(_)) => {
                let mut message = failed.to_string();
                if known.contains_key(&file.rel) {
                    message.push_str("; the version indexed before is kept");
                }
                summary.skipped.push(note(message));
                continue;
            }
        };
        summary
            .warnings
            .extend(source.warnings.iter().cloned().map(note));
        let hash = source.hash;
        let stored = known.get(&file.rel);
        if stored.is_some_and(|r| r.hash == hash) {
            summary.unchanged += 1;
            continue;
        }
        let w = match &mut writer {
            Some(w) => w,
            None => writer.insert(open()?),
        };
        rewritten.insert(file.rel.as_str());
        if stored.is_some() {
            w.delete_term(Term::from_field_text(fields.path, &file.rel));
        }
        match source.report(&aliases) {
            Ok(report) => {
                summary
                    .warnings
                    .extend(report.warnings.iter().cloned().map(note));
                summary.indexed += 1;
                summary.units += report.units.len() as u64;
                summary.bytes += source.bytes.len() as u64;
                let record = ReportRecord {
                    path: file.rel.clone(),
                    hash: format!("{hash:016x}"),
                    encoding: report.encoding.to_string(),
                    bytes: source.bytes.len() as u64,
                    units: report.units.len() as u64,
                    meta: report.meta.clone(),
                };
                add_zone_names(
                    &mut zones,
                    record.meta.zone.as_ref(),
                    &record.meta.short_forms,
                );
                // One batch per report: tantivy writes a batch into one segment, so a report's
                // units stay consecutive documents, which counting relies on (`Tally`).
                w.run(documents(&fields, &record, hash, &report).map(UserOperation::Add))?;
            }
            Err(skip) => summary.skipped.push(note(skip.to_string())),
        }
    }
    progress(total, total);

    let Some(mut writer) = writer else {
        // Nothing changed: the last commit stays as it is.
        if let Some(info) = previous {
            summary.total_files = info.files;
            summary.total_units = info.units;
        }
        summary.seconds = started.elapsed().as_secs_f64();
        return Ok(summary);
    };
    for path in &removed {
        writer.delete_term(Term::from_field_text(fields.path, path));
        summary.removed += 1;
    }

    // Totals after this run: reports kept as they were plus the ones written now.
    let kept: Vec<&IndexedReport> = known
        .iter()
        .filter(|(path, _)| seen.contains(path.as_str()) && !rewritten.contains(path.as_str()))
        .map(|(_, report)| report)
        .collect();
    for report in &kept {
        add_zone_names(&mut zones, report.zone.as_ref(), &report.zone_forms);
    }
    summary.total_files = kept.len() as u64 + summary.indexed;
    summary.total_units = kept.iter().map(|r| r.units).sum::<u64>() + summary.units;
    let info = IndexInfo {
        schema_version: SCHEMA_VERSION,
        built_at: now_rfc3339(),
        corpus: opts.corpus.display().to_string(),
        files: summary.total_files,
        units: summary.total_units,
        dictionary,
        extra_dicts: opts.dicts.iter().map(|p| p.display().to_string()).collect(),
        analysis: crate::report::ANALYSIS_VERSION,
        areas: aliases.fingerprint.clone(),
        zones: Some(zones),
    };
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&serde_json::to_string(&info).expect("IndexInfo serialises"));
    prepared.commit()?;
    summary.committed = true;
    // Past the commit nothing can fail the run: a merge that fails (a full disk) leaves the
    // committed segments as they are, and the next run merges again.
    let index_note = |message: String| FileNote {
        path: opts.index_dir.display().to_string(),
        message,
    };
    if let Err(e) = writer.wait_merging_threads() {
        summary.warnings.push(index_note(format!(
            "merging segments failed ({e}); the commit is complete"
        )));
    }
    // After the merges, which write meta.json again.
    if let Err(e) = folder::share_like_marker(&opts.index_dir) {
        summary.warnings.push(index_note(format!(
            "cannot give the index files the folder's usual permissions: {e}"
        )));
    }
    summary.seconds = started.elapsed().as_secs_f64();
    summary.mb_per_s = if summary.seconds > 0.0 {
        summary.bytes as f64 / 1e6 / summary.seconds
    } else {
        0.0
    };
    Ok(summary)
}

/// Records a report's zone and the short forms it uses, for the commit payload.
fn add_zone_names(
    zones: &mut BTreeMap<String, Vec<String>>,
    zone: Option<&String>,
    short_forms: &[String],
) {
    if let Some(zone) = zone {
        let forms = zones.entry(zone.clone()).or_default();
        // Kept sorted: the same forms give the same payload whichever report brought them.
        for form in short_forms {
            if let Err(at) = forms.binary_search(form) {
                forms.insert(at, form.clone());
            }
        }
    }
}

/// A writer with zonedex's tokenizers, memory budget and merge policy; `threads` 0 is one per
/// core, at most 4. (Public for the benchmark, which times tantivy alone with it.)
pub fn open_writer(
    index: &Index,
    index_dir: &Path,
    dicts: &[PathBuf],
    threads: usize,
) -> Result<IndexWriter> {
    let jieba = Arc::new(build_jieba(dicts)?);
    index
        .tokenizers()
        .register(WORDS_TOKENIZER, WordTokenizer::new(jieba));
    index.tokenizers().register(GRAMS_TOKENIZER, GramTokenizer);
    let threads = if threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
    } else {
        threads
    };
    // 128 MB per thread keeps peak memory well under 1 GB whatever the corpus size.
    let writer = index
        .writer_with_num_threads(threads, threads * 128_000_000)
        .map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => Error::Busy {
                path: index_dir.to_path_buf(),
            },
            other => Error::Tantivy(other),
        })?;
    writer.set_merge_policy(Box::new(BoundedMerges));
    Ok(writer)
}

/// A new, empty index in `dir` with zonedex's schema and store settings.
pub fn create_index(dir: &Path) -> Result<Index> {
    let (schema, _) = build_schema();
    Ok(Index::builder()
        .schema(schema)
        .settings(index_settings())
        .create_in_dir(dir)?)
}

/// Stored text is compressed with zstd in 64 KB blocks: a third smaller than tantivy's default
/// (lz4, 16 KB) on Chinese text, which matters when the store is a third of the index. A hit's
/// snippet decompresses one block, well under a millisecond. Level 4 stores 0.35% less than
/// level 3 at the same indexing speed (100 MB, measured); level 5 saves 1%, for 5-10% more
/// indexing time.
fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(4),
        }),
        docstore_blocksize: 65_536,
        ..IndexSettings::default()
    }
}

fn documents<'a>(
    fields: &'a Fields,
    record: &'a ReportRecord,
    hash: u64,
    report: &'a Report,
) -> impl ExactSizeIterator<Item = TantivyDocument> + 'a {
    report
        .units
        .iter()
        .map(move |unit| unit_document(fields, record, hash, unit, &report.pages))
}

fn unit_document(
    fields: &Fields,
    record: &ReportRecord,
    hash: u64,
    unit: &IndexedSection,
    pages: &PageStarts,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.path, &record.path);
    doc.add_u64(fields.unit, unit.number as u64);
    for facet in Facet::ALL {
        match record.meta.facet_value(facet, unit.section_kind) {
            Some(FacetValue::Text(text)) => doc.add_text(fields.facet(facet), text),
            Some(FacetValue::Year(year)) => doc.add_u64(fields.facet(facet), year),
            None => {}
        }
    }
    doc.add_text(
        fields.section_path,
        IndexedSection::path_label(&unit.path, unit.section_kind),
    );
    doc.add_text(fields.heading, &unit.heading);
    doc.add_text(fields.text, &unit.text);
    doc.add_text(fields.grams, &unit.text);
    doc.add_bytes(fields.line_map, &encode_line_map(unit.line_map.runs()));
    if !pages.is_empty() {
        doc.add_bytes(fields.pages, &pages.encode());
    }
    if let Some(also) = unit.also_kind {
        doc.add_text(fields.section_also, also.as_str());
    }
    if unit.number == 0 {
        doc.add_text(
            fields.report,
            serde_json::to_string(record).expect("ReportRecord serialises"),
        );
        doc.add_u64(fields.hash, hash);
        for form in &record.meta.short_forms {
            doc.add_text(fields.zone_forms, form);
        }
    }
    doc
}
