//! zonedex: a search engine for Chinese government rule-of-law reports.

pub mod analysis;
pub mod engine;
mod error;
pub mod ingest;
pub mod output;
pub mod report;
pub mod search;

pub use error::{Error, Result};
