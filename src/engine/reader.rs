//! Opening an index for reading, and reading back what it stores about reports.

use super::schema::{Fields, SCHEMA_VERSION};
use super::{inspect, is_missing_file, opening_error, IndexInfo, ReportRecord};
use crate::{Error, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Index, Searcher, TantivyDocument, Term};

/// An opened index: the last commit, as one consistent snapshot.
pub struct IndexHandle {
    pub dir: PathBuf,
    pub index: Index,
    pub searcher: Searcher,
    pub fields: Fields,
    pub info: IndexInfo,
    /// Read on first use and kept: a batch of queries with zone filters reads them once.
    reports: OnceLock<Vec<ReportRecord>>,
}

impl IndexHandle {
    /// Opens the index in `dir` read-only. It never waits for, or takes, the writer lock.
    pub fn open(dir: &Path) -> Result<IndexHandle> {
        // An indexer committing meanwhile deletes the files its new commit no longer uses,
        // possibly between our reading meta.json and opening them: then the new commit is
        // complete, so start again from it. A file still missing after that is damage.
        let mut attempts = 0;
        loop {
            match Self::open_once(dir).and_then(open_every_field) {
                Err(e) if is_missing_file(&e) && attempts < 5 => {
                    attempts += 1;
                    std::thread::sleep(std::time::Duration::from_millis(20 * attempts));
                }
                Err(Error::Tantivy(e)) => return Err(opening_error(dir, e)),
                other => return other,
            }
        }
    }

    fn open_once(dir: &Path) -> Result<IndexHandle> {
        let (index, info) = inspect(dir)?.ok_or_else(|| Error::NoIndex {
            path: dir.to_path_buf(),
        })?;
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
        })
    }

    /// Every report in the index, sorted by path.
    pub fn reports(&self) -> Result<&[ReportRecord]> {
        if let Some(records) = self.reports.get() {
            return Ok(records);
        }
        let mut records = report_records(&self.searcher, &self.fields)?;
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
        let json = doc
            .get_first(fields.report)
            .and_then(|v| v.as_str())
            .ok_or_else(|| {
                Error::Invalid(
                    "a report record is missing from the index: run `zonedex index --rebuild`"
                        .into(),
                )
            })?;
        let record: ReportRecord = serde_json::from_str(json).map_err(|e| {
            Error::Invalid(format!(
                "a report record in the index cannot be read ({e}): run `zonedex index --rebuild`"
            ))
        })?;
        records.push(record);
    }
    Ok(records)
}

/// Opens every indexed field of every segment now (tantivy would on first use, in the middle
/// of a search): a damaged or missing part of the index is found, and explained, on opening.
fn open_every_field(handle: IndexHandle) -> Result<IndexHandle> {
    let schema = handle.index.schema();
    for segment in handle.searcher.segment_readers() {
        for (field, entry) in schema.fields() {
            if entry.is_indexed() {
                segment.inverted_index(field)?;
            }
        }
    }
    Ok(handle)
}

/// Path → record of every report in the last commit.
pub(crate) fn stored_records(
    index: &Index,
    fields: &Fields,
) -> Result<HashMap<String, ReportRecord>> {
    let reader = index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    Ok(report_records(&searcher, fields)?
        .into_iter()
        .map(|r| (r.path.clone(), r))
        .collect())
}

/// A stored unit, as `show` prints it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSection {
    pub number: u64,
    pub first_line: u32,
    pub section: String,
    pub section_path: String,
    pub text: String,
}

/// Every unit of one report, in order.
pub fn sections_of(handle: &IndexHandle, path: &str) -> Result<Vec<StoredSection>> {
    let f = &handle.fields;
    let query = TermQuery::new(
        Term::from_field_text(f.path, path),
        IndexRecordOption::Basic,
    );
    let addresses = handle.searcher.search(&query, &DocSetCollector)?;
    let mut sections = Vec::with_capacity(addresses.len());
    for address in addresses {
        let doc: TantivyDocument = handle.searcher.doc(address)?;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        sections.push(StoredSection {
            number: doc.get_first(f.unit).and_then(|v| v.as_u64()).unwrap_or(0),
            first_line: doc.get_first(f.line).and_then(|v| v.as_u64()).unwrap_or(0) as u32,
            section: text(f.section),
            section_path: text(f.section_path),
            text: text(f.text),
        });
    }
    sections.sort_by_key(|s| s.number);
    Ok(sections)
}
