//! Opening an index for reading, and reading back what it stores about reports.

use super::schema::{decode_line_map, Fields, SCHEMA_VERSION};
use super::{inspect, is_missing_file, opening_error, IndexInfo, ReportRecord};
use crate::base::{Facet, FacetType, FacetValue, FacetValues, KnownName, PageStarts};
use crate::{Error, Result};
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use tantivy::collector::{Collector, DocSetCollector};
use tantivy::columnar::StrColumn;
use tantivy::query::{EnableScoring, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocId, Index, Searcher, SegmentReader, TantivyDocument, Term};

/// Results derived from one snapshot of the index that later queries on the same handle may
/// reuse, one value per type (the search layer keeps the occurrences it has counted here).
/// They live as long as the handle, and so never outlive the snapshot they describe.
#[derive(Default)]
pub struct SnapshotMemo(Mutex<HashMap<TypeId, Box<dyn Any + Send>>>);

impl SnapshotMemo {
    /// Runs `f` on this snapshot's value of type `T` (a default one at first use), holding it
    /// for the duration.
    pub fn with<T: Default + Send + 'static, R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        // A panic elsewhere cannot leave a value half-written that matters: values are caches.
        let mut values = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let value = values
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Box::new(T::default()))
            .downcast_mut::<T>()
            .expect("a value is stored under its own type");
        f(value)
    }
}

/// An opened index: the last commit, as one consistent snapshot.
pub struct IndexHandle {
    pub dir: PathBuf,
    pub index: Index,
    pub searcher: Searcher,
    pub fields: Fields,
    pub info: IndexInfo,
    /// Read on first use and kept: a batch of queries with zone filters reads them once.
    reports: OnceLock<Vec<ReportRecord>>,
    /// What the query layer derived from this snapshot and keeps for the queries that follow.
    pub memo: SnapshotMemo,
    /// Runs a search's segments: one after the other, or side by side (`use_every_core`).
    executor: tantivy::Executor,
}

impl IndexHandle {
    /// Opens the index in `dir` read-only. It never waits for, or takes, the writer lock.
    pub fn open(dir: &Path) -> Result<IndexHandle> {
        // An indexer committing meanwhile deletes the files its new commit no longer uses,
        // possibly between our reading meta.json and opening them: then the new commit is
        // complete, so start again from it. A file still missing after that is damage.
        let mut attempts = 0;
        loop {
            match Self::open_once(dir).and_then(|handle| {
                open_every_field(&handle.index, &handle.searcher)?;
                check_columns(&handle.index, dir)?;
                Ok(handle)
            }) {
                Err(e)
                    if (is_missing_file(&e) || matches!(e, Error::Damaged { .. }))
                        && attempts < 5 =>
                {
                    attempts += 1;
                    std::thread::sleep(std::time::Duration::from_millis(20 * attempts));
                }
                Err(Error::Tantivy(e)) => return Err(opening_error(dir, e)),
                other => return other,
            }
        }
    }

    fn open_once(dir: &Path) -> Result<IndexHandle> {
        // Nothing to read yet: a first build may be under way (it walks the corpus before it
        // writes anything but its lock), or the index has no commit — never "nothing found".
        let unbuilt = |otherwise: fn(PathBuf) -> Error| {
            if super::writer::is_locked(dir) {
                Error::BeingBuilt {
                    path: dir.to_path_buf(),
                }
            } else {
                otherwise(dir.to_path_buf())
            }
        };
        let (index, info) = inspect(dir)?.ok_or_else(|| unbuilt(|path| Error::NoIndex { path }))?;
        let info = info.ok_or_else(|| unbuilt(|path| Error::NotBuilt { path }))?;
        let fields = Fields::from_schema(&index.schema()).ok_or_else(|| Error::SchemaVersion {
            path: dir.to_path_buf(),
            found: "unknown".into(),
            expected: SCHEMA_VERSION,
        })?;
        let reader = index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()?;
        Ok(IndexHandle {
            dir: dir.to_path_buf(),
            searcher: reader.searcher(),
            index,
            fields,
            info,
            reports: OnceLock::new(),
            memo: SnapshotMemo::default(),
            executor: tantivy::Executor::single_thread(),
        })
    }

    /// Searches the segments of one query side by side, one thread per core: for a single
    /// query in a process of its own. A batch or a server, which already runs queries side by
    /// side, keeps one thread per query.
    pub fn use_every_core(&mut self) {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        if cores > 1 && self.searcher.segment_readers().len() >= SEGMENTS_WORTH_THREADS {
            if let Ok(pool) = tantivy::Executor::multi_thread(cores, "zonedex-search-") {
                self.executor = pool;
            }
        }
    }

    /// Runs `query` with `collector` over every segment, with this handle's executor.
    pub fn search<C: Collector>(&self, query: &dyn Query, collector: &C) -> Result<C::Fruit> {
        let scoring = if collector.requires_scoring() {
            EnableScoring::enabled_from_searcher(&self.searcher)
        } else {
            EnableScoring::disabled_from_searcher(&self.searcher)
        };
        Ok(self
            .searcher
            .search_with_executor(query, collector, &self.executor, scoring)?)
    }

    /// An error met reading this opened index. The index opened and its columns check out,
    /// so a failure of the index library to read it is damage: say so, and what to do.
    pub(crate) fn explain(&self, err: Error) -> Error {
        super::reading_failure(&self.dir, err)
    }

    /// The values of a name facet the index knows, with their aliases (a zone's short forms,
    /// from the commit record; other names from the facet's column).
    pub fn known_names(&self, facet: Facet) -> Result<Vec<KnownName>> {
        if facet == Facet::Zone {
            if let Some(zones) = &self.info.zones {
                return Ok(zones
                    .iter()
                    .map(|(name, aliases)| KnownName {
                        name: name.clone(),
                        aliases: aliases.clone(),
                    })
                    .collect());
            }
        }
        let mut names = std::collections::BTreeSet::new();
        for segment in self.searcher.segment_readers() {
            if let Some(column) = segment.fast_fields().str(facet.name())? {
                names.extend(all_texts(Some(&column))?);
            }
        }
        Ok(names
            .into_iter()
            .map(|name| KnownName {
                name,
                aliases: Vec::new(),
            })
            .collect())
    }

    /// The path of every report, sorted, without reading the reports' records (which, for
    /// 100,000 reports, take hundreds of MB).
    pub fn report_paths(&self) -> Result<Vec<String>> {
        let mut paths = std::collections::BTreeSet::new();
        for segment in self.searcher.segment_readers() {
            let column = segment
                .fast_fields()
                .str("path")
                .map_err(|e| self.explain(e.into()))?;
            paths.extend(all_texts(column.as_ref()).map_err(|e| self.explain(e))?);
        }
        Ok(paths.into_iter().collect())
    }

    /// Every report in the index, sorted by path.
    pub fn reports(&self) -> Result<&[ReportRecord]> {
        if let Some(records) = self.reports.get() {
            return Ok(records);
        }
        let mut records =
            report_records(&self.searcher, &self.fields).map_err(|e| self.explain(e))?;
        records.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(self.reports.get_or_init(|| records))
    }
}

fn report_records(searcher: &Searcher, fields: &Fields) -> Result<Vec<ReportRecord>> {
    let first_units = TermQuery::new(
        Term::from_field_u64(fields.unit, 0),
        IndexRecordOption::Basic,
    );
    let addresses = searcher.search(&first_units, &DocSetCollector)?;
    let mut records = Vec::with_capacity(addresses.len());
    for address in addresses {
        let doc: TantivyDocument = searcher.doc(address)?;
        records.push(report_record(&doc, fields)?);
    }
    Ok(records)
}

/// The report record stored with a report's first section.
pub fn report_record(first_section: &TantivyDocument, fields: &Fields) -> Result<ReportRecord> {
    let json = first_section
        .get_first(fields.report)
        .and_then(|v| v.as_str())
        .ok_or_else(|| unreadable("a report record is missing".into()))?;
    serde_json::from_str(json)
        .map_err(|e| unreadable(format!("a report record cannot be read ({e})")))
}

/// What the index should hold and does not, as an error that [`IndexHandle::explain`] calls
/// damage.
fn unreadable(what: String) -> Error {
    Error::io(
        "the index cannot be read",
        std::io::Error::new(std::io::ErrorKind::InvalidData, what),
    )
}

/// Opens every indexed field of every segment now (tantivy would on first use, in the middle
/// of a search): a damaged or missing part of the index is found, and explained, on opening.
/// The segments are shared out among the cores: at 1 GB (32 segments) this is a third of a
/// rare term's query.
fn open_every_field(index: &Index, searcher: &Searcher) -> Result<()> {
    let schema = index.schema();
    let indexed: Vec<tantivy::schema::Field> = schema
        .fields()
        .filter(|(_, entry)| entry.is_indexed())
        .map(|(field, _)| field)
        .collect();
    on_every_core(searcher.segment_readers(), |segment| {
        for &field in &indexed {
            segment.inverted_index(field)?;
        }
        Ok(())
    })
}

/// Below this many segments, starting threads costs more than sharing the work saves (at
/// 100 MB, 6 segments: a millisecond more per one-shot query; at 1 GB, 32 segments: 4 ms less).
const SEGMENTS_WORTH_THREADS: usize = 12;

/// Runs `check` on every item, the items shared out among the cores; the first error found is
/// returned.
fn on_every_core<T: Sync>(items: &[T], check: impl Fn(&T) -> Result<()> + Sync) -> Result<()> {
    if items.len() < SEGMENTS_WORTH_THREADS {
        return items.iter().try_for_each(check);
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let share = items.len().div_ceil(cores).max(1);
    let check = &check;
    std::thread::scope(|scope| {
        let checking: Vec<_> = items
            .chunks(share)
            .map(|some| scope.spawn(move || some.iter().try_for_each(check)))
            .collect();
        checking
            .into_iter()
            .try_for_each(|t| t.join().expect("checking an index does not panic"))
    })
}

/// Checks the checksums of the columns (zone, year, kind, section, path of every unit): they
/// are small, and a flipped byte in them would otherwise print a wrong zone, not an error.
/// The rest of the index is checked by `zonedex check` and before every update.
fn check_columns(index: &Index, dir: &Path) -> Result<()> {
    on_every_core(&index.searchable_segment_metas()?, |segment| {
        let path = segment.relative_path(tantivy::index::SegmentComponent::FastFields);
        let intact = index
            .directory()
            .validate_checksum(&path)
            .map_err(|e| super::opening_error(dir, e.into()))?;
        if !intact {
            return Err(Error::Damaged {
                path: dir.to_path_buf(),
                what: format!("{} fails its checksum", path.display()),
            });
        }
        Ok(())
    })
}

/// Checks the whole index in `dir`: every field opens and every file of the last commit
/// matches its checksum. Returns how many segments were checked.
pub fn verify(dir: &Path) -> Result<usize> {
    let handle = IndexHandle::open(dir)?;
    super::validate_checksums(&handle.index, dir)?;
    Ok(handle.searcher.segment_readers().len())
}

/// What the writer needs to know of a report already in the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IndexedReport {
    pub hash: u64,
    pub units: u64,
    pub zone: Option<String>,
    pub zone_forms: Vec<String>,
}

/// Path → what the writer needs of every report in the last commit, read from columns only:
/// the stored records would cost a compressed store block per report (seconds at 10^5 reports).
pub(crate) fn indexed_reports(index: &Index) -> Result<HashMap<String, IndexedReport>> {
    let reader = index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    // An update must not build on a damaged index, even where it reads nothing of it.
    open_every_field(index, &searcher)?;
    let mut reports = HashMap::new();
    for segment in searcher.segment_readers() {
        indexed_reports_of_segment(segment, &mut reports)?;
    }
    Ok(reports)
}

fn indexed_reports_of_segment(
    segment: &SegmentReader,
    reports: &mut HashMap<String, IndexedReport>,
) -> Result<()> {
    let fast = segment.fast_fields();
    let (Some(paths), Some(hashes)) = (fast.str("path")?, fast.column_opt::<u64>("hash")?) else {
        return Ok(()); // no report in this segment
    };
    let zones = fast.str("zone")?;
    let forms = fast.str("zone_forms")?;
    // Per path ordinal: units alive, and the first unit (the one with a hash).
    let mut units = vec![0u64; paths.num_terms()];
    let mut heads: Vec<(u64, DocId, u64)> = Vec::new();
    for doc in segment.doc_ids_alive() {
        let Some(ord) = paths.ords().first(doc) else {
            continue;
        };
        units[ord as usize] += 1;
        if let Some(hash) = hashes.first(doc) {
            heads.push((ord, doc, hash));
        }
    }
    heads.sort_unstable_by_key(|&(ord, ..)| ord);
    let head_paths = ord_texts(&paths, heads.iter().map(|&(ord, ..)| ord))?;
    // Zones and their short forms are a few hundred names at most: read them all once.
    let zone_names = all_texts(zones.as_ref())?;
    let form_names = all_texts(forms.as_ref())?;
    for (&(ord, doc, hash), path) in heads.iter().zip(head_paths) {
        let zone = zones
            .as_ref()
            .and_then(|c| c.ords().first(doc))
            .map(|z| zone_names[z as usize].clone());
        let zone_forms = forms
            .as_ref()
            .map(|c| {
                c.term_ords(doc)
                    .map(|f| form_names[f as usize].clone())
                    .collect()
            })
            .unwrap_or_default();
        reports.insert(
            path,
            IndexedReport {
                hash,
                units: units[ord as usize],
                zone,
                zone_forms,
            },
        );
    }
    Ok(())
}

/// Every text of a string column's dictionary, by ordinal.
fn all_texts(column: Option<&StrColumn>) -> Result<Vec<String>> {
    column.map_or(Ok(Vec::new()), |c| ord_texts(c, 0..c.num_terms() as u64))
}

/// The texts of ordinals of a string column, given in increasing order, read in one pass over
/// its dictionary (a lookup per ordinal would decompress a dictionary block each time).
pub(crate) fn ord_texts(
    column: &StrColumn,
    sorted_ords: impl IntoIterator<Item = u64>,
) -> Result<Vec<String>> {
    let ords: Vec<u64> = sorted_ords.into_iter().collect();
    let mut texts = Vec::with_capacity(ords.len());
    column
        .dictionary()
        .sorted_ords_to_term_cb(&ords, |bytes| {
            texts.push(String::from_utf8_lossy(bytes).into_owned());
        })
        .map_err(|e| Error::io("cannot read a column of the index", e))?;
    if texts.len() != ords.len() {
        return Err(unreadable("a value is missing from a column".into()));
    }
    Ok(texts)
}

/// The facet values stored with a section.
pub fn stored_facets(doc: &TantivyDocument, fields: &Fields) -> FacetValues {
    let mut facets = FacetValues::new();
    for facet in Facet::ALL {
        let stored = doc.get_first(fields.facet(facet));
        let value = match facet.ty() {
            FacetType::Year => stored.and_then(|v| v.as_u64()).map(FacetValue::Year),
            FacetType::Name | FacetType::Choice(_) => stored
                .and_then(|v| v.as_str())
                .map(|t| FacetValue::Text(t.to_string())),
        };
        if let Some(value) = value {
            facets.set(facet, value);
        }
    }
    facets
}

/// A stored unit, as `show` prints it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSection {
    pub number: u64,
    /// The file-wide number of the section's first line (see `pages`).
    pub first_line: u32,
    /// The file-wide number of the section's last line.
    pub last_line: u32,
    /// Where the pages of its file start, in a PDF; empty otherwise.
    pub pages: PageStarts,
    pub section: String,
    pub section_path: String,
    pub text: String,
}

/// Every unit of one report, in order.
pub fn sections_of(handle: &IndexHandle, path: &str) -> Result<Vec<StoredSection>> {
    stored_sections(handle, path).map_err(|e| handle.explain(e))
}

/// The stored documents of one report's sections, in the order of the sections.
pub fn report_documents(handle: &IndexHandle, path: &str) -> Result<Vec<TantivyDocument>> {
    let f = &handle.fields;
    let query = TermQuery::new(
        Term::from_field_text(f.path, path),
        IndexRecordOption::Basic,
    );
    let addresses = handle.searcher.search(&query, &DocSetCollector)?;
    let mut docs = Vec::with_capacity(addresses.len());
    for address in addresses {
        let doc: TantivyDocument = handle.searcher.doc(address)?;
        docs.push(doc);
    }
    docs.sort_by_key(|doc| doc.get_first(f.unit).and_then(|v| v.as_u64()).unwrap_or(0));
    Ok(docs)
}

fn stored_sections(handle: &IndexHandle, path: &str) -> Result<Vec<StoredSection>> {
    let f = &handle.fields;
    let docs = report_documents(handle, path)?;
    let mut sections = Vec::with_capacity(docs.len());
    for doc in docs {
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let runs = decode_line_map(
            doc.get_first(f.line_map)
                .and_then(|v| v.as_bytes())
                .unwrap_or_default(),
        );
        sections.push(StoredSection {
            number: doc.get_first(f.unit).and_then(|v| v.as_u64()).unwrap_or(0),
            first_line: runs.first().map_or(0, |r| r.1),
            last_line: runs.iter().map(|r| r.1).max().unwrap_or(0),
            pages: PageStarts::decode(
                doc.get_first(f.pages)
                    .and_then(|v| v.as_bytes())
                    .unwrap_or_default(),
            ),
            section: text(f.facet(Facet::Section)),
            section_path: text(f.section_path),
            text: text(f.text),
        });
    }
    sections.sort_by_key(|s| s.number);
    Ok(sections)
}
