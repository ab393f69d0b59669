//! The term × group matrix: one row per query, one column per group present in the filtered
//! index, every cell a count. This is the table a researcher pastes into a spreadsheet.

use super::batch::answer_in_order;
use super::execute::{find, Reading};
use super::facet::{GroupKey, GroupValue, Measure};
use super::filters::Filters;
use crate::engine::reader::IndexHandle;
use crate::{Error, Result};
use serde::Serialize;
use std::collections::HashMap;

/// A matrix to compute.
#[derive(Debug, Clone)]
pub struct MatrixRequest {
    /// One full query per row.
    pub terms: Vec<String>,
    pub filters: Filters,
    /// One or two keys; the columns are their values.
    pub by: Vec<GroupKey>,
    pub measure: Measure,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatrixRow {
    pub term: String,
    /// One value per column, in column order.
    pub values: Vec<u64>,
    /// The measure over all columns together (reports are counted once, not summed).
    pub total: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Matrix {
    pub by: Vec<GroupKey>,
    pub measure: Measure,
    /// Column keys: a value (`null` for an unknown zone or year), or an array for two keys.
    pub columns: Vec<GroupValue>,
    pub rows: Vec<MatrixRow>,
}

/// Counts every term in every group of the filtered index.
pub fn matrix(handle: &IndexHandle, request: &MatrixRequest) -> Result<Matrix> {
    matrix_unexplained(handle, request).map_err(|e| handle.explain(e))
}

fn matrix_unexplained(handle: &IndexHandle, request: &MatrixRequest) -> Result<Matrix> {
    if request.by.is_empty() {
        return Err(Error::NoColumns);
    }
    let everything = find(
        handle,
        None,
        &request.filters,
        0,
        &request.by,
        None,
        Reading::default(),
    )?;
    let mut columns: Vec<GroupValue> = everything.groups.into_iter().map(|g| g.key).collect();
    columns.sort();
    let column_of: HashMap<&GroupValue, usize> = columns
        .iter()
        .enumerate()
        .map(|(i, key)| (key, i))
        .collect();

    // One row per term, the terms shared out among the cores, the rows kept in their order.
    let row = |_: usize, term: &str| -> Result<MatrixRow> {
        let matches = find(
            handle,
            Some(term),
            &request.filters,
            0,
            &request.by,
            None,
            Reading::default(),
        )
        .map_err(|e| Error::InTerm {
            term: term.to_string(),
            source: Box::new(e),
        })?;
        let mut values = vec![0; columns.len()];
        for g in matches.groups {
            // Every match lies in the filtered index, so its group is a column.
            if let Some(&i) = column_of.get(&g.key) {
                values[i] = g.counts.measure(request.measure);
            }
        }
        Ok(MatrixRow {
            term: term.to_string(),
            values,
            total: matches.total.measure(request.measure),
        })
    };
    let mut rows = Vec::with_capacity(request.terms.len());
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let terms = request
        .terms
        .iter()
        .map(|term| Ok::<_, Error>(term.clone()));
    answer_in_order(terms, workers, row, |_, made| {
        rows.push(made?);
        Ok(())
    })?;
    Ok(Matrix {
        by: request.by.clone(),
        measure: request.measure,
        columns,
        rows,
    })
}

/// The queries of a terms file: one per line, blank lines and `#` comments skipped, each
/// checked for syntax. An error names its 1-based line; a text with no query is an error at
/// line 0.
pub fn terms_of(text: &str) -> Result<Vec<String>, (usize, crate::Error)> {
    let mut terms = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let term = line.trim().trim_start_matches('\u{feff}');
        if term.is_empty() || term.starts_with('#') {
            continue;
        }
        super::query::parse(term).map_err(|e| (number + 1, e.into()))?;
        terms.push(term.to_string());
    }
    if terms.is_empty() {
        return Err((0, crate::Error::NoTerms));
    }
    Ok(terms)
}
