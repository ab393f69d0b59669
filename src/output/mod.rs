//! Printers: one result type in, one format out. Adding a format never touches the engine.

pub mod csv;
pub mod json;
pub mod rows;
pub mod table;

use std::io::Write;

/// Output formats shared by every command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Jsonl,
    Csv,
}

impl Format {
    /// Every format by the name users give it.
    pub const BY_NAME: [(&'static str, Format); 4] = [
        ("table", Format::Table),
        ("json", Format::Json),
        ("jsonl", Format::Jsonl),
        ("csv", Format::Csv),
    ];
}

impl std::str::FromStr for Format {
    type Err = crate::Error;

    fn from_str(name: &str) -> crate::Result<Format> {
        crate::base::by_name("format", name, &Format::BY_NAME)
    }
}

/// A table of rows of cells, for formats that print rows (table, csv, jsonl).
pub struct Rows {
    pub header: Vec<String>,
    pub rows: Vec<Vec<serde_json::Value>>,
}

impl Rows {
    pub fn write(&self, format: Format, out: &mut dyn Write) -> std::io::Result<()> {
        match format {
            Format::Table => table::write_rows(self, out),
            Format::Csv => csv::write_rows(self, out),
            Format::Json => json::write_rows_array(self, out),
            Format::Jsonl => json::write_rows_lines(self, out),
        }
    }
}

/// A cell as plain text: strings unquoted, null as empty.
pub fn cell_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => {
            items.iter().map(cell_text).collect::<Vec<_>>().join(",")
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::Format;

    #[test]
    fn every_format_name_parses() {
        for (name, _) in Format::BY_NAME {
            assert!(name.parse::<Format>().is_ok(), "{name}");
        }
        let err = "xml".parse::<Format>().unwrap_err().to_string();
        assert!(err.contains("table, json, jsonl, csv"), "{err}");
    }
}
