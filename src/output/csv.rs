//! CSV: UTF-8 with a header row, RFC 4180 quoting (via the csv crate).

use super::{cell_text, Rows};
use std::io::Write;

pub fn write_rows(rows: &Rows, out: &mut dyn Write) -> std::io::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    writer.write_record(&rows.header)?;
    for row in &rows.rows {
        writer.write_record(row.iter().map(cell_text))?;
    }
    writer.flush()
}
