//! `zonedex matrix`: many queries against one set of columns (zones, years or both).

use super::{FacetFlags, IndexLocation};
use anyhow::Context;
use std::io::{Read, Write};
use std::path::PathBuf;
use zonedex::base::Facet;
use zonedex::output::rows::matrix_rows;
use zonedex::output::{json, Format};
use zonedex::search::matrix::terms_of;
use zonedex::search::{matrix, GroupKey, MatrixRequest, Measure};

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
            matrix_rows(&result).write(Format::Csv, &mut out)?
        }
        format => matrix_rows(&result).write(format, &mut out)?,
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
    terms_of(&text).map_err(|(line, error)| match line {
        0 => anyhow::anyhow!(
            "{} holds no terms: write one query per line",
            path.display()
        ),
        _ => anyhow::Error::new(error).context(format!("{}:{line}", path.display())),
    })
}
