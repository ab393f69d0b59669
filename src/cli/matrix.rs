//! `zonedex matrix`: many queries against one set of columns (zones, years or both).

use super::{FacetFlags, IndexLocation};
use anyhow::Context;
use std::io::{Read, Write};
use std::path::PathBuf;
use zonedex::base::Facet;
use zonedex::output::{json, Format, Rows};
use zonedex::search::query::parse;
use zonedex::search::{matrix, GroupKey, GroupValue, Matrix, MatrixRequest, Measure};

pub const EXAMPLES: &str = "Examples:
  printf '行政复议\\n公职律师\\n放管服\\n' > terms.txt
  zonedex matrix --terms terms.txt                       # reports per zone
  zonedex matrix --terms terms.txt --by year --measure occurrences
  zonedex matrix --terms terms.txt --by zone,year --format csv > matrix.csv";

#[derive(clap::Args)]
pub struct MatrixArgs {
    /// One query per line (`-` for stdin); blank lines and `#` comments are skipped
    #[arg(long, value_name = "FILE")]
    terms: PathBuf,
    /// Columns: zone, year, or zone,year
    #[arg(long, value_name = "KEY[,KEY]", default_value = "zone")]
    by: String,
    /// What each cell counts
    #[arg(long, default_value = "reports", value_parser = super::one_of(&Measure::BY_NAME))]
    measure: Measure,
    #[command(flatten)]
    filters: FacetFlags<true>,
    #[command(flatten)]
    location: IndexLocation,
    #[arg(long, default_value = "table", value_parser = super::one_of(&Format::BY_NAME))]
    format: Format,
    /// Leave out the byte-order mark that CSV output starts with (it is there so that
    /// spreadsheet programs read the file as UTF-8)
    #[arg(long)]
    no_bom: bool,
}

pub fn run(args: MatrixArgs) -> anyhow::Result<bool> {
    let by = GroupKey::parse_list(&args.by)?;
    // A column counts reports, so it must be a value of whole reports.
    if !by
        .iter()
        .all(|k| matches!(k, GroupKey::Facet(f) if f.of_report()))
    {
        let names: Vec<&str> = Facet::ALL
            .into_iter()
            .filter(|f| f.of_report())
            .map(Facet::name)
            .collect();
        anyhow::bail!(
            "matrix columns are values of whole reports: {}, or two of them such as zone,year (got --by {})",
            names.join(", "),
            args.by
        );
    }
    let request = MatrixRequest {
        terms: read_terms(&args.terms)?,
        filters: args.filters.filters()?,
        by,
        measure: args.measure,
    };
    let handle = args.location.open_refreshed()?;
    let result = matrix(&handle, &request)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => json::write_pretty(&result, &mut out)?,
        Format::Csv if !args.no_bom => {
            out.write_all("\u{feff}".as_bytes())?;
            rows(&result).write(Format::Csv, &mut out)?
        }
        format => rows(&result).write(format, &mut out)?,
    }
    Ok(result.rows.iter().any(|r| r.total > 0))
}

/// The queries of a terms file, each checked for syntax so an error names its line.
fn read_terms(path: &PathBuf) -> anyhow::Result<Vec<String>> {
    let mut text = String::new();
    if path.as_os_str() == "-" {
        std::io::stdin().read_to_string(&mut text)?;
    } else {
        let bytes = std::fs::read(path)
            .with_context(|| format!("cannot read terms file {}", path.display()))?;
        text = String::from_utf8(bytes).with_context(|| {
            format!(
                "terms file {} is not UTF-8; save it as UTF-8",
                path.display()
            )
        })?;
    }
    let mut terms = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let term = line.trim().trim_start_matches('\u{feff}');
        if term.is_empty() || term.starts_with('#') {
            continue;
        }
        parse(term).with_context(|| format!("{}:{}", path.display(), number + 1))?;
        terms.push(term.to_string());
    }
    if terms.is_empty() {
        anyhow::bail!(
            "{} holds no terms: write one query per line",
            path.display()
        );
    }
    Ok(terms)
}

/// Header `term, <one column per group>, total`; an unknown zone or year is named.
fn rows(matrix: &Matrix) -> Rows {
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
