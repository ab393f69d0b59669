//! JSON and JSON Lines.

use super::Rows;
use serde::Serialize;
use std::io::Write;

pub fn write_pretty(value: &impl Serialize, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

fn row_object(
    rows: &Rows,
    row: &[serde_json::Value],
) -> serde_json::Map<String, serde_json::Value> {
    rows.header
        .iter()
        .cloned()
        .zip(row.iter().cloned())
        .collect()
}

pub fn write_rows_array(rows: &Rows, out: &mut dyn Write) -> std::io::Result<()> {
    let objects: Vec<_> = rows.rows.iter().map(|r| row_object(rows, r)).collect();
    write_pretty(&objects, out)
}

pub fn write_rows_lines(rows: &Rows, out: &mut dyn Write) -> std::io::Result<()> {
    for row in &rows.rows {
        serde_json::to_writer(&mut *out, &row_object(rows, row))?;
        writeln!(out)?;
    }
    Ok(())
}
