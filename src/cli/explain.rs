//! `zonedex explain`: what the indexer understands of one report, field by field, with where
//! each value was read and what was passed over — for a file on disk (analysed now, indexed or
//! not) or for a report of the index.

use super::IndexLocation;
use serde_json::{json, Value as J};
use std::io::Write;
use std::path::Path;
use zonedex::base::PageStarts;
use zonedex::engine::reader::{sections_of, IndexHandle};
use zonedex::output::{Format, Rows};
use zonedex::report::aliases::AreaAliases;
use zonedex::report::read::Source;
use zonedex::report::{FieldSource, ReportMeta};

pub const EXAMPLES: &str = "Examples:
  zonedex explain corpus/jinchang-2023-report.txt     # a file: analysed now
  zonedex explain qidong-2023-report.txt              # a report of the index
  zonedex explain page.html --format json";

#[derive(clap::Args)]
pub struct ExplainArgs {
    /// A report file, or the path of an indexed report as `search` prints it
    #[arg(value_name = "FILE")]
    target: String,
    #[command(flatten)]
    location: IndexLocation,
    #[arg(long, default_value = "table", value_parser = super::one_of(&Format::BY_NAME))]
    format: Format,
}

/// A report as explained: its metadata and where its PDF pages start.
struct Understood {
    path: String,
    from_file: bool,
    meta: ReportMeta,
    pages: PageStarts,
}

pub fn run(args: ExplainArgs) -> anyhow::Result<bool> {
    let understood = if Path::new(&args.target).is_file() {
        analyse_file(&args.target)?
    } else {
        from_index(&args)?
    };
    let mut out = std::io::stdout().lock();
    if args.format == Format::Json {
        let mut value = json!({
            "path": understood.path,
            "analysed_from_file": understood.from_file,
            "fields": field_rows(&understood).rows.into_iter().map(|row| {
                json!({"field": row[0], "value": row[1], "from": row[2], "line": row[3], "excerpt": row[4]})
            }).collect::<Vec<_>>(),
            "ignored": understood.meta.ignored,
        });
        value["warnings"] = json!(understood.meta.warnings);
        serde_json::to_writer_pretty(&mut out, &value)?;
        writeln!(out)?;
        return Ok(true);
    }
    if args.format == Format::Table {
        let how = if understood.from_file {
            "analysed now from the file"
        } else {
            "as indexed"
        };
        writeln!(out, "{} ({how})", understood.path)?;
    }
    field_rows(&understood).write(args.format, &mut out)?;
    if args.format == Format::Table {
        if !understood.meta.ignored.is_empty() {
            writeln!(out, "passed over:")?;
            for ignored in &understood.meta.ignored {
                writeln!(out, "  {}", describe(ignored, &understood.pages))?;
            }
        }
        if !understood.meta.warnings.is_empty() {
            writeln!(out, "warnings:")?;
            for warning in &understood.meta.warnings {
                writeln!(out, "  {warning}")?;
            }
        }
    }
    Ok(true)
}

fn analyse_file(path: &str) -> anyhow::Result<Understood> {
    let source = Source::read(Path::new(path))?;
    let aliases = AreaAliases::for_file(Path::new(path))?;
    let report = source
        .report(&aliases)
        .map_err(|e| anyhow::anyhow!("{path}: {e}"))?;
    let mut meta = report.meta;
    meta.warnings = report.warnings;
    Ok(Understood {
        path: path.to_string(),
        from_file: true,
        meta,
        pages: report.pages,
    })
}

fn from_index(args: &ExplainArgs) -> anyhow::Result<Understood> {
    let handle = IndexHandle::open(&args.location.dir())?;
    let record = handle
        .reports()?
        .iter()
        .find(|r| r.path == args.target)
        .cloned()
        .ok_or_else(|| {
            anyhow::anyhow!(
                "'{}' is neither a file nor a report of the index; `zonedex reports` lists the indexed paths",
                args.target
            )
        })?;
    let pages = sections_of(&handle, &record.path)?
        .first()
        .map(|s| s.pages.clone())
        .unwrap_or_default();
    Ok(Understood {
        path: record.path,
        from_file: false,
        meta: record.meta,
        pages,
    })
}

/// One row per field: value, where it was read, line and the line's text.
fn field_rows(understood: &Understood) -> Rows {
    let meta = &understood.meta;
    let rows = ReportMeta::FIELDS
        .iter()
        .map(|&field| {
            let value = meta.field(field).flatten();
            let source = meta.sources.iter().find(|s| s.field == field);
            vec![
                J::String(field.to_string()),
                value.map_or(J::Null, J::String),
                source.map_or(J::Null, |s| J::String(s.from.clone())),
                source
                    .and_then(|s| s.line)
                    .map_or(J::Null, |line| J::String(understood.pages.show(line))),
                source
                    .and_then(|s| s.excerpt.clone())
                    .map_or(J::Null, J::String),
            ]
        })
        .chain(std::iter::once(vec![
            J::String("short_forms".into()),
            J::String(meta.short_forms.join(",")),
            J::Null,
            J::Null,
            J::Null,
        ]))
        .collect();
    Rows {
        header: ["field", "value", "from", "line", "text"]
            .map(String::from)
            .to_vec(),
        rows,
    }
}

fn describe(ignored: &FieldSource, pages: &PageStarts) -> String {
    format!(
        "{} at line {}: {} — {}",
        ignored.field,
        ignored.line.map_or("?".to_string(), |l| pages.show(l)),
        ignored.from,
        ignored.excerpt.as_deref().unwrap_or("")
    )
}
