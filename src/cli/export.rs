//! `zonedex export opensearch` and `zonedex dsl`: the index and its queries for a search
//! cluster.

use super::{FacetFlags, IndexLocation};
use std::path::PathBuf;
use zonedex::engine::reader::IndexHandle;
use zonedex::export::dsl::translate;
use zonedex::export::opensearch::{export, ExportOptions};
use zonedex::search::{GroupKey, Scope, SearchRequest};

pub const EXPORT_EXAMPLES: &str = "Examples:
  zonedex export opensearch opensearch-export          # then follow opensearch-export/LOAD.md
  zonedex export opensearch /tmp/out --index /tmp/reports-index --bulk-size 5MB";

pub const DSL_EXAMPLES: &str = "Examples:
  zonedex dsl 行政复议 --by zone > query.json
  zonedex dsl '同句(行政复议 纠错)' --year 2023
  curl -s \"$OS/zonedex/_search\" -H 'Content-Type: application/json' --data-binary @query.json";

#[derive(clap::Subcommand)]
pub enum ExportTarget {
    /// OpenSearch 2.x / Elasticsearch 8.x: index.json (settings and mappings), bulk-NNNN.ndjson
    /// (one document per section) and LOAD.md (the curl commands that load them)
    #[command(after_help = EXPORT_EXAMPLES)]
    Opensearch(OpensearchArgs),
}

#[derive(clap::Args)]
pub struct OpensearchArgs {
    /// Folder to write (created; a folder holding anything but an earlier export is refused)
    #[arg(value_name = "OUT_DIR")]
    out_dir: PathBuf,
    #[command(flatten)]
    location: IndexLocation,
    /// Largest bulk file: bytes, or with a unit (5MB, 500KB); the default is
    /// 10MB
    #[arg(long, value_name = "SIZE", default_value = "10MB", value_parser = byte_size)]
    bulk_size: u64,
    /// No progress bar
    #[arg(long, short = 'q')]
    quiet: bool,
}

#[derive(clap::Args)]
pub struct DslArgs {
    /// The query, in zonedex's query language
    #[arg(required = true, num_args = 1.., value_name = "QUERY")]
    query: Vec<String>,
    #[command(flatten)]
    location: IndexLocation,
    #[command(flatten)]
    filters: FacetFlags<true>,
    /// Group: zone, year, kind, section, area_type, province, city or report; two joined by a
    /// comma (terms aggregations)
    #[arg(long, value_name = "KEY[,KEY]")]
    by: Option<String>,
    /// Hits to ask for (`size`; at most 10000, the engines' default result window)
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(0..=10_000))]
    limit: u32,
    /// Hits to skip (`from`)
    #[arg(long, default_value_t = 0)]
    offset: u32,
    /// Terms exactly as written: no glossary expansion
    #[arg(long)]
    exact: bool,
    /// section (the default) or report; report has no one-query form and is refused
    #[arg(long, default_value = "section", value_parser = super::one_of(&Scope::BY_NAME))]
    scope: Scope,
}

fn byte_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits_end);
    let number: u64 = number
        .parse()
        .map_err(|_| "give a size such as 10MB, 500KB or 2000000".to_string())?;
    let factor = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "KB" => 1_000,
        "MB" => 1_000_000,
        "GB" => 1_000_000_000,
        other => return Err(format!("unknown unit '{other}': use B, KB, MB or GB")),
    };
    match number.checked_mul(factor) {
        Some(bytes) if bytes >= 1_000 => Ok(bytes),
        _ => Err("give a size from 1KB up".into()),
    }
}

pub fn run_export(target: ExportTarget) -> anyhow::Result<bool> {
    let ExportTarget::Opensearch(args) = target;
    let handle = IndexHandle::open(&args.location.dir())?;
    let options = ExportOptions {
        out_dir: args.out_dir.clone(),
        bulk_bytes: args.bulk_size,
    };
    let summary =
        super::with_report_progress(!args.quiet, |progress| export(&handle, &options, progress))?;
    println!(
        "{} section(s) of {} report(s) in {} bulk file(s), {:.1} MB, in {}; next: {}",
        summary.documents,
        summary.reports,
        summary.files.len(),
        summary.bytes as f64 / 1e6,
        args.out_dir.display(),
        args.out_dir.join("LOAD.md").display()
    );
    Ok(summary.documents > 0)
}

pub fn run_dsl(args: DslArgs) -> anyhow::Result<bool> {
    let group_by = args
        .by
        .as_deref()
        .map(GroupKey::parse_list)
        .transpose()?
        .unwrap_or_default();
    let request = SearchRequest {
        query: args.query.join(" "),
        filters: args.filters.filters()?,
        group_by,
        limit: args.limit as usize,
        offset: args.offset as usize,
        exact: args.exact,
        scope: args.scope,
        ..SearchRequest::new("")
    };
    let handle = args.location.open_refreshed()?;
    let (body, expanded) = translate(&handle, &request)?;
    for expansion in &expanded {
        eprintln!(
            "zonedex: {} → {} (the glossary; --exact translates the words as written)",
            expansion.term,
            expansion.forms.join(" OR ")
        );
    }
    println!("{}", serde_json::to_string_pretty(&body)?);
    Ok(true)
}
