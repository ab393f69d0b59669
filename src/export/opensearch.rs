//! `zonedex export opensearch`: an index mapping for OpenSearch 2.x / Elasticsearch 8.x, the
//! sections as `_bulk` files, and the commands that load them (`LOAD.md`).
//!
//! Analysers, chosen from the engines' documentation:
//! - `text` (ranking): the `smartcn` analyser (plugin analysis-smartcn); `ik_max_word`
//!   (analysis-ik) is the alternative, swapped in by editing `index.json`.
//! - `recall` (exact substring recall): an `ngram` tokenizer with `min_gram` = `max_gram` = 2
//!   and no `token_chars`, so every character, punctuation and spaces included, starts one
//!   bigram at its own position, and a `match_phrase` of a query's bigrams is a substring
//!   match — as zonedex's own recall field. The built-in `cjk` analyser was not chosen: its
//!   standard tokenizer drops punctuation and splits at Latin and digit runs, so `双随机、一公开`
//!   would also find `双随机一公开`, and a lone character is not a term. Paragraphs are the
//!   values of an array, `PARAGRAPH_GAP` positions apart, so no phrase spans two of them.
//! - `recall.chars`: the same text cut into single characters, for one-character queries.
//!
//! One document per section, its id `path#section` (stable across exports, so loading a new
//! export into the same index updates it in place).

use super::recall_paragraphs;
use crate::base::{Facet, FacetValue};
use crate::engine::reader::{report_documents, report_record, stored_facets, IndexHandle};
use crate::engine::schema::{decode_line_map, Fields};
use crate::engine::ReportRecord;
use crate::{Error, Result};
use serde_json::{json, Map, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use tantivy::schema::Value as _;
use tantivy::TantivyDocument;

/// Largest `_bulk` file written, in bytes (a section larger than this gets a file of its own).
pub const DEFAULT_BULK_BYTES: u64 = 10_000_000;

/// Positions between two paragraphs of the recall field: farther apart than any proximity
/// query reaches (`PARAGRAPH_SLOP`), so that words of two paragraphs are never "near".
pub const PARAGRAPH_GAP: u32 = 10_000;

/// The slop that keeps a span inside one paragraph (paragraphs longer than this many
/// characters can hold two words too far apart for it).
pub const PARAGRAPH_SLOP: u32 = 9_000;
const _: () = assert!(PARAGRAPH_SLOP < PARAGRAPH_GAP);

/// The longest document id OpenSearch and Elasticsearch accept, in bytes.
const MAX_ID_BYTES: usize = 512;

/// The files of an export, besides the numbered `bulk-NNNN.ndjson`.
const MAPPING_FILE: &str = "index.json";
const LOAD_FILE: &str = "LOAD.md";

#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub out_dir: PathBuf,
    /// Largest bulk file, in bytes.
    pub bulk_bytes: u64,
}

impl ExportOptions {
    pub fn new(out_dir: impl Into<PathBuf>) -> ExportOptions {
        ExportOptions {
            out_dir: out_dir.into(),
            bulk_bytes: DEFAULT_BULK_BYTES,
        }
    }
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ExportSummary {
    pub reports: u64,
    pub documents: u64,
    pub bytes: u64,
    pub files: Vec<String>,
}

/// The index's settings and mappings (`index.json`).
pub fn mapping() -> Value {
    let keyword = json!({"type": "keyword"});
    let stored_only = json!({"type": "object", "enabled": false});
    let mut properties = Map::new();
    properties.insert("path".into(), keyword.clone());
    properties.insert("section_number".into(), json!({"type": "integer"}));
    properties.insert("section_path".into(), keyword.clone());
    for facet in Facet::ALL {
        let field = match facet {
            Facet::Year => json!({"type": "short"}),
            _ => keyword.clone(),
        };
        properties.insert(facet.name().into(), field);
    }
    properties.insert("section_also".into(), keyword.clone());
    for name in ["title", "doc_number", "issuer"] {
        properties.insert(name.into(), keyword.clone());
    }
    properties.insert(
        "date".into(),
        json!({"type": "date", "format": "yyyy-MM-dd"}),
    );
    properties.insert(
        "heading".into(),
        json!({"type": "text", "analyzer": "smartcn"}),
    );
    properties.insert(
        "text".into(),
        json!({"type": "text", "analyzer": "smartcn"}),
    );
    properties.insert(
        "recall".into(),
        json!({
            "type": "text",
            "analyzer": "zonedex_bigrams",
            "index_options": "positions",
            "norms": false,
            "position_increment_gap": PARAGRAPH_GAP,
            "fields": {
                "chars": {
                    "type": "text",
                    "analyzer": "zonedex_chars",
                    "index_options": "docs",
                    "norms": false
                }
            }
        }),
    );
    properties.insert("line".into(), json!({"type": "integer"}));
    properties.insert("line_map".into(), stored_only.clone());
    properties.insert("pages".into(), stored_only);
    json!({
        "settings": {
            "index": {"number_of_shards": 1, "number_of_replicas": 1},
            "analysis": {
                "tokenizer": {
                    "zonedex_bigrams": {"type": "ngram", "min_gram": 2, "max_gram": 2, "token_chars": []},
                    "zonedex_chars": {"type": "ngram", "min_gram": 1, "max_gram": 1, "token_chars": []}
                },
                "analyzer": {
                    "zonedex_bigrams": {"type": "custom", "tokenizer": "zonedex_bigrams"},
                    "zonedex_chars": {"type": "custom", "tokenizer": "zonedex_chars"}
                }
            }
        },
        "mappings": {
            "dynamic": "strict",
            // The folded paragraphs are for the index only: the source keeps the text as written.
            "_source": {"excludes": ["recall"]},
            "properties": properties
        }
    })
}

/// The id of a section: its path and number, or a hash of the path where that would be
/// longer than the engines accept.
pub fn document_id(path: &str, section: u64) -> String {
    let id = format!("{path}#{section}");
    if id.len() <= MAX_ID_BYTES {
        id
    } else {
        format!(
            "xxh3:{:016x}#{section}",
            xxhash_rust::xxh3::xxh3_64(path.as_bytes())
        )
    }
}

/// One section as a cluster document.
pub fn section_document(fields: &Fields, record: &ReportRecord, doc: &TantivyDocument) -> Value {
    let text_of = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let number = doc
        .get_first(fields.unit)
        .and_then(|v| v.as_u64())
        .unwrap_or(0);
    let mut out = Map::new();
    out.insert("path".into(), json!(record.path));
    out.insert("section_number".into(), json!(number));
    out.insert("section_path".into(), json!(text_of(fields.section_path)));
    let facets = stored_facets(doc, fields);
    for facet in Facet::ALL {
        let value = match facets.get(facet) {
            Some(FacetValue::Year(year)) => json!(year),
            Some(FacetValue::Text(text)) => json!(text),
            None => continue,
        };
        out.insert(facet.name().into(), value);
    }
    if let Some(also) = doc.get_first(fields.section_also).and_then(|v| v.as_str()) {
        out.insert("section_also".into(), json!(also));
    }
    let meta = &record.meta;
    for (name, value) in [
        ("title", &meta.title),
        ("doc_number", &meta.doc_number),
        ("issuer", &meta.issuer),
        ("date", &meta.date),
    ] {
        if let Some(value) = value {
            out.insert(name.into(), json!(value));
        }
    }
    out.insert("heading".into(), json!(text_of(fields.heading)));
    let text = text_of(fields.text);
    out.insert("recall".into(), json!(recall_paragraphs(&text)));
    out.insert("text".into(), json!(text));
    let runs = decode_line_map(
        doc.get_first(fields.line_map)
            .and_then(|v| v.as_bytes())
            .unwrap_or_default(),
    );
    out.insert("line".into(), json!(runs.first().map_or(0, |r| r.1)));
    out.insert(
        "line_map".into(),
        json!({
            "offsets": runs.iter().map(|r| r.0).collect::<Vec<_>>(),
            "lines": runs.iter().map(|r| r.1).collect::<Vec<_>>(),
        }),
    );
    let pages = crate::base::PageStarts::decode(
        doc.get_first(fields.pages)
            .and_then(|v| v.as_bytes())
            .unwrap_or_default(),
    );
    if !pages.is_empty() {
        out.insert("pages".into(), json!({"starts": pages.0}));
    }
    Value::Object(out)
}

/// Writes the export into `opts.out_dir`: reports in path order, one at a time, so memory
/// does not grow with the index. `progress(done, total)` is called per report.
pub fn export(
    handle: &IndexHandle,
    opts: &ExportOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ExportSummary> {
    prepare_folder(&opts.out_dir)?;
    let mut summary = ExportSummary::default();
    let paths = handle.report_paths()?;
    let mut bulk = BulkFiles::new(&opts.out_dir, opts.bulk_bytes);
    let total = paths.len() as u64;
    for (done, path) in paths.iter().enumerate() {
        progress(done as u64, total);
        let docs = report_documents(handle, path).map_err(|e| handle.explain(e))?;
        // A segment's column still names a report removed since it was written.
        let Some(first) = docs.first() else { continue };
        let record = report_record(first, &handle.fields).map_err(|e| handle.explain(e))?;
        for doc in &docs {
            let number = doc
                .get_first(handle.fields.unit)
                .and_then(|v| v.as_u64())
                .unwrap_or(0);
            let action = json!({"index": {"_id": document_id(&record.path, number)}});
            let document = section_document(&handle.fields, &record, doc);
            let mut lines = serde_json::to_vec(&action).expect("JSON serialises");
            lines.push(b'\n');
            serde_json::to_writer(&mut lines, &document).expect("JSON serialises");
            lines.push(b'\n');
            bulk.add(&lines)?;
            summary.documents += 1;
        }
        summary.reports += 1;
    }
    progress(total, total);
    let (files, bytes) = bulk.finish()?;
    summary.files = files;
    summary.bytes = bytes;
    write_file(
        &opts.out_dir.join(MAPPING_FILE),
        format!(
            "{}\n",
            serde_json::to_string_pretty(&mapping()).expect("JSON serialises")
        )
        .as_bytes(),
    )?;
    write_file(
        &opts.out_dir.join(LOAD_FILE),
        load_instructions(handle, &summary).as_bytes(),
    )?;
    Ok(summary)
}

fn is_export_file(name: &str) -> bool {
    name == MAPPING_FILE
        || name == LOAD_FILE
        || (name.starts_with("bulk-") && (name.ends_with(".ndjson") || name.ends_with(".part")))
}

/// Creates the folder, or empties it of an earlier export; a folder holding anything else is
/// refused, so that no user file is overwritten or mixed with the export.
fn prepare_folder(dir: &Path) -> Result<()> {
    let refuse = |reason: String| Error::ExportFolder {
        path: dir.to_path_buf(),
        reason,
    };
    match std::fs::symlink_metadata(dir) {
        Ok(meta) if !meta.is_dir() => {
            return Err(refuse("it exists and is not a folder".into()));
        }
        Ok(_) => {
            let entries = std::fs::read_dir(dir)
                .map_err(|e| Error::io(format!("cannot read {}", dir.display()), e))?;
            let mut ours = Vec::new();
            for entry in entries {
                let entry =
                    entry.map_err(|e| Error::io(format!("cannot read {}", dir.display()), e))?;
                let name = entry.file_name().to_string_lossy().to_string();
                if !is_export_file(&name) {
                    return Err(refuse(format!(
                        "it holds {name}, which is not part of an export; give an empty or new folder"
                    )));
                }
                ours.push(entry.path());
            }
            for path in ours {
                std::fs::remove_file(&path)
                    .map_err(|e| Error::io(format!("cannot remove {}", path.display()), e))?;
            }
        }
        Err(_) => std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?,
    }
    Ok(())
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes)
        .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))
}

/// Numbered `_bulk` files of at most `limit` bytes, each written as `.part` and renamed when
/// complete.
struct BulkFiles {
    dir: PathBuf,
    limit: u64,
    current: Option<(std::io::BufWriter<std::fs::File>, PathBuf, u64)>,
    done: Vec<String>,
    bytes: u64,
}

impl BulkFiles {
    fn new(dir: &Path, limit: u64) -> BulkFiles {
        BulkFiles {
            dir: dir.to_path_buf(),
            limit,
            current: None,
            done: Vec::new(),
            bytes: 0,
        }
    }

    fn add(&mut self, lines: &[u8]) -> Result<()> {
        let len = lines.len() as u64;
        if self
            .current
            .as_ref()
            .is_some_and(|(_, _, written)| written + len > self.limit)
        {
            self.close()?;
        }
        if self.current.is_none() {
            let path = self
                .dir
                .join(format!("bulk-{:04}.ndjson.part", self.done.len() + 1));
            let file = std::fs::File::create(&path)
                .map_err(|e| Error::io(format!("cannot create {}", path.display()), e))?;
            self.current = Some((std::io::BufWriter::new(file), path, 0));
        }
        let (writer, path, written) = self.current.as_mut().expect("a file is open");
        writer
            .write_all(lines)
            .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
        *written += len;
        self.bytes += len;
        Ok(())
    }

    fn close(&mut self) -> Result<()> {
        if let Some((writer, part, _)) = self.current.take() {
            let failed = |e| Error::io(format!("cannot write {}", part.display()), e);
            let file = writer.into_inner().map_err(|e| failed(e.into_error()))?;
            file.sync_all().map_err(failed)?;
            let done = part.with_extension("");
            std::fs::rename(&part, &done).map_err(failed)?;
            self.done.push(
                done.file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default(),
            );
        }
        Ok(())
    }

    fn finish(mut self) -> Result<(Vec<String>, u64)> {
        self.close()?;
        Ok((std::mem::take(&mut self.done), self.bytes))
    }
}

/// `LOAD.md`: the commands that create the index and load the files, and how to shard it.
fn load_instructions(handle: &IndexHandle, summary: &ExportSummary) -> String {
    let gb = summary.bytes as f64 / 1e9;
    // Around 30 GB per primary shard; the cluster's index is about the size of the bulk files.
    let shards = (gb / 30.0).ceil().max(1.0) as u64;
    format!(
        r#"# Loading this export into OpenSearch or Elasticsearch

Written by `zonedex export opensearch` from the index at `{index}` (built {built}):
{documents} sections of {reports} reports in {files} bulk file(s), {mb:.1} MB.

One document per section; its `_id` is `path#section` (a hash of the path where that would
pass 512 bytes). Loading a later export into the same index updates the sections in place.

## 1. Plugins

`text` and `heading` are analysed with `smartcn`; install it on every node and restart:

    bin/opensearch-plugin install analysis-smartcn      # OpenSearch 2.x
    bin/elasticsearch-plugin install analysis-smartcn   # Elasticsearch 8.x

To use IK instead (plugin analysis-ik), replace `"analyzer": "smartcn"` in `index.json` with
`"analyzer": "ik_max_word", "search_analyzer": "ik_smart"` before step 2. The exact-recall
field `recall` needs no plugin.

## 2. Create the index and load the files

    OS=http://localhost:9200     # add -u user:password or --cacert … as your cluster needs
    curl -fsS -X PUT "$OS/zonedex-v1" -H 'Content-Type: application/json' --data-binary @index.json
    for f in bulk-*.ndjson; do
      curl -fsS -X POST "$OS/zonedex-v1/_bulk" -H 'Content-Type: application/x-ndjson' \
        --data-binary @"$f" | grep -q '"errors":false' || echo "$f: some documents were refused"
    done
    curl -fsS -X POST "$OS/zonedex-v1/_refresh"
    curl -fsS -X POST "$OS/_aliases" -H 'Content-Type: application/json' \
      -d '{{"actions":[{{"add":{{"index":"zonedex-v1","alias":"zonedex"}}}}]}}'
    curl -fsS "$OS/zonedex/_count"        # {documents} documents

The bulk files name no index: the URL does, so the same files load into any index name.

## 3. Ask it what zonedex answers

    zonedex dsl '行政复议 -应诉' --by zone > query.json
    curl -fsS "$OS/zonedex/_search" -H 'Content-Type: application/json' --data-binary @query.json

## Sharding and updates

- Shards: about 30 GB per primary shard. This export needs {shards} (`number_of_shards` in
  `index.json`; it cannot change after step 2 without a reindex).
- An alias per year, over one index: years are a field, so a filtered alias gives each year
  its name without splitting the files:

      curl -fsS -X POST "$OS/_aliases" -H 'Content-Type: application/json' \
        -d '{{"actions":[{{"add":{{"index":"zonedex-v1","alias":"zonedex-2023","filter":{{"term":{{"year":2023}}}}}}}}]}}'

- Reports deleted from the corpus stay in the cluster when a new export is loaded over an
  old one. To replace everything, load the new export into `zonedex-v2`, then move the alias
  (`remove` from v1 and `add` to v2 in one `_aliases` call) and delete `zonedex-v1`.
"#,
        index = handle.dir.display(),
        built = handle.info.built_at,
        documents = summary.documents,
        reports = summary.reports,
        files = summary.files.len(),
        mb = summary.bytes as f64 / 1e6,
    )
}
