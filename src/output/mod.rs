//! Printers: one result type in, one format out. Adding a format never touches the engine.

pub mod csv;
pub mod json;
pub mod table;

use std::io::Write;

/// Output formats shared by every command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Jsonl,
    Csv,
}

/// Whether to colour terminal output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// `auto`: colour only on a terminal, and never when NO_COLOR is set (no-color.org).
    pub fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
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
