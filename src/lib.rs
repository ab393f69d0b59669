//! zonedex: a search engine for Chinese government rule-of-law reports (法治政府建设报告).
//!
//! The engine follows two paths. A report goes walk → decode → clean ([`ingest`]), is split
//! into sections and given its zone, year and kind ([`report`]), analysed ([`analysis`]) and
//! written to a tantivy index ([`engine`]). A query is parsed, run, counted and grouped, and its
//! best hits are given snippets ([`search`]); [`output`] prints results. The `zonedex` command
//! line is a thin layer over this crate, and a Rust program can use it the same way:
//!
//! ```
//! use zonedex::base::Facet;
//! use zonedex::{search, update_index, GroupKey, IndexHandle, IndexOptions, SearchRequest};
//!
//! # fn main() -> zonedex::Result<()> {
//! # let tmp = tempfile::tempdir().expect("a temporary folder");
//! # let index_dir = tmp.path().join("index");
//! // Build (or bring up to date) an index of the reports in `corpus/`.
//! let summary = update_index(&IndexOptions::new("corpus", &index_dir), &mut |_, _| {})?;
//! assert!(summary.indexed > 0);
//!
//! // Which zones mention administrative reconsideration (行政复议) in their 2023 reports?
//! let index = IndexHandle::open(&index_dir)?;
//! let mut request = SearchRequest::new("行政复议 year:2023");
//! request.group_by = vec![GroupKey::Facet(Facet::Zone)];
//! let result = search(&index, &request)?;
//! for group in result.groups.as_deref().unwrap_or_default() {
//!     let zone = group.key.labels(&request.group_by).join(" ");
//!     println!("{zone}: {} report(s), {} occurrence(s)", group.counts.reports, group.counts.occurrences);
//! }
//! assert_eq!(result.total.reports, 1);
//! let zone = result.hits[0].facets.get(Facet::Zone).and_then(|v| v.as_text());
//! assert_eq!(zone, Some("兰州新区中川园区"));
//! # Ok(())
//! # }
//! ```
//!
//! [`search::matrix`] counts many queries against the same columns, and
//! [`search::parse_batch_line`] reads the batch format of `zonedex search --batch`.

pub mod analysis;
pub mod base;
pub mod engine;
mod error;
pub mod export;
pub mod gazetteer;
pub mod genre;
pub mod ingest;
pub mod output;
pub mod report;
pub mod search;
pub mod web;

pub use engine::reader::IndexHandle;
pub use engine::writer::{update_index, IndexOptions};
pub use error::{Error, Result};
pub use search::{matrix, search, GroupKey, MatrixRequest, Measure, SearchRequest, SearchResult};
