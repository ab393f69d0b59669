//! The rows that table, CSV and JSON-lines output print, for searches and matrices: built here
//! so that every front end (the command line, the web page) writes the same bytes.

use super::{Format, Rows};
use crate::base::{Facet, FacetValue};
use crate::search::{GroupValue, Matrix, SearchResult};

/// A facet value as a JSON cell (`null` when unknown).
fn facet_json(value: &Option<FacetValue>) -> serde_json::Value {
    match value {
        Some(FacetValue::Text(text)) => serde_json::Value::String(text.clone()),
        Some(FacetValue::Year(year)) => serde_json::Value::from(*year),
        None => serde_json::Value::Null,
    }
}

/// Rows for csv/jsonl/table: one per group when grouping, else one per hit (or the totals).
/// JSON keeps an unknown key as null; text formats name it.
pub fn search_rows(result: &SearchResult, count_only: bool, format: Format) -> Rows {
    use serde_json::Value as J;
    if let (Some(groups), Some(by)) = (&result.groups, &result.by) {
        let mut header: Vec<String> = by.iter().map(|k| k.as_str().to_string()).collect();
        header.extend(["reports", "sections", "occurrences"].map(String::from));
        let rows = groups
            .iter()
            .map(|g| {
                let mut row: Vec<J> = if format == Format::Jsonl {
                    g.key.0.iter().map(facet_json).collect()
                } else {
                    g.key.labels(by).into_iter().map(J::String).collect()
                };
                let c = &g.counts;
                row.extend([c.reports.into(), c.sections.into(), c.occurrences.into()]);
                row
            })
            .collect();
        return Rows { header, rows };
    }
    if count_only {
        let t = &result.total;
        return Rows {
            header: ["reports", "sections", "occurrences"]
                .map(String::from)
                .to_vec(),
            rows: vec![vec![
                t.reports.into(),
                t.sections.into(),
                t.occurrences.into(),
            ]],
        };
    }
    let header = Facet::ALL
        .into_iter()
        .map(Facet::name)
        .chain([
            "section_path",
            "path",
            "page",
            "line",
            "occurrences",
            "snippet",
            "score",
        ])
        .map(String::from)
        .collect();
    let rows = result
        .hits
        .iter()
        .map(|h| {
            let mut row: Vec<J> = Facet::ALL
                .into_iter()
                .map(|f| facet_json(&h.facets.get(f).cloned()))
                .collect();
            row.extend([
                J::String(h.section_path.clone()),
                J::String(h.path.clone()),
                h.page.map_or(J::Null, J::from),
                h.line.into(),
                h.occurrences.into(),
                J::String(h.snippet.clone()),
                J::from(h.score as f64),
            ]);
            row
        })
        .collect();
    Rows { header, rows }
}

/// Header `term, <one column per group>, total`; an unknown zone or year is named.
pub fn matrix_rows(matrix: &Matrix) -> Rows {
    use serde_json::Value as J;
    let label = |key: &GroupValue| key.labels(&matrix.by).join(" ");
    let mut header = vec!["term".to_string()];
    header.extend(matrix.columns.iter().map(label));
    header.push("total".into());
    let rows = matrix
        .rows
        .iter()
        .map(|row| {
            let mut cells = vec![J::String(row.term.clone())];
            cells.extend(row.values.iter().map(|&v| J::from(v)));
            cells.push(J::from(row.total));
            cells
        })
        .collect();
    Rows { header, rows }
}
