//! Handing the index to a search cluster: [`opensearch`] writes the mapping and `_bulk` files
//! of every section; [`dsl`] translates a query into the cluster's Query DSL.
//!
//! Both share one reading of the text: the cluster's exact-recall field holds each paragraph
//! as zonedex folds it (width, case, Traditional → Simplified, whitespace runs as one space),
//! and the DSL folds the query the same way, so the cluster's analyser only has to cut
//! bigrams.

pub mod dsl;
pub mod opensearch;

use crate::analysis::grams::recall_chars;

/// The paragraphs of a section's text as the recall field sees them: folded, each a string.
pub fn recall_paragraphs(text: &str) -> Vec<String> {
    recall_chars(text)
        .split(|&c| c == '\n')
        .filter(|p| !p.is_empty())
        .map(|p| p.iter().collect())
        .collect()
}

/// A query word as the recall field sees it: folded, on one line.
pub fn recall_word(word: &str) -> Vec<char> {
    recall_chars(word)
        .into_iter()
        .filter(|&c| c != '\n')
        .collect()
}
