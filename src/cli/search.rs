//! `zonedex search`: run a query and print hits, groups or counts.

use super::{IndexLocation, DEFAULT_CORPUS};
use std::io::Write;
use std::path::{Path, PathBuf};
use zonedex::engine::reader::IndexHandle;
use zonedex::engine::writer::{update_index, IndexOptions};
use zonedex::output::table::write_hits;
use zonedex::output::{json, ColorChoice, Format, Rows};
use zonedex::search::filters::{parse_kind, parse_section};
use zonedex::search::{search, Filters, GroupKey, SearchRequest, SearchResult, YearRange};

pub const EXAMPLES: &str = "Examples:
  zonedex search 行政复议 --by zone          # which zones mention administrative reconsideration
  zonedex search 行政执法 --section problems --year 2023
  zonedex search '\"双随机、一公开\"' zone:金昌
  zonedex search 复议 OR 诉讼 -- -应诉        # `--` ends the options
  zonedex search 营商环境 --by zone,year --format csv
  zonedex search 公职律师 --count --format json";

#[derive(clap::Args)]
pub struct SearchArgs {
    /// The query: words and "phrases" (AND by default), OR, -word / NOT, (groups),
    /// filters zone: year: kind: section:
    #[arg(required = true, num_args = 1.., value_name = "QUERY")]
    query: Vec<String>,
    #[command(flatten)]
    location: IndexLocation,
    /// Only this zone: full name, short form or a unique part of it
    #[arg(long)]
    zone: Option<String>,
    /// Only this year, or an inclusive range such as 2021..2023
    #[arg(long)]
    year: Option<String>,
    /// Only reports or only work plans
    #[arg(long, value_name = "report|plan")]
    kind: Option<String>,
    /// Only sections of this kind
    #[arg(
        long,
        value_name = "problems|measures|plans|leadership|other|preamble|closing"
    )]
    section: Option<String>,
    /// Group matches: zone, year, kind, section or report; two joined by a comma
    #[arg(long, value_name = "KEY[,KEY]")]
    by: Option<String>,
    /// Hits to show
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Hits to skip (for paging)
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Print counts only
    #[arg(long)]
    count: bool,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Colour: auto (on a terminal, unless NO_COLOR is set), always, never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

pub fn run(args: SearchArgs) -> anyhow::Result<bool> {
    let filters = Filters {
        zone: args.zone.clone(),
        year: args.year.as_deref().map(YearRange::parse).transpose()?,
        kind: args.kind.as_deref().map(parse_kind).transpose()?,
        section: args.section.as_deref().map(parse_section).transpose()?,
    };
    let group_by = args
        .by
        .as_deref()
        .map(GroupKey::parse_list)
        .transpose()?
        .unwrap_or_default();
    let request = SearchRequest {
        query: args.query.join(" "),
        filters,
        group_by,
        limit: if args.count { 0 } else { args.limit },
        offset: args.offset,
        snippet_chars: 80,
    };
    let dir = args.location.dir();
    if args.location.index.is_none() {
        refresh_default_index(&dir)?;
    }
    let handle = IndexHandle::open(&dir)?;
    let result = search(&handle, &request)?;
    let mut out = std::io::stdout().lock();
    print(&result, &args, &mut out)?;
    Ok(result.total.sections > 0)
}

/// With the default folders, a search first brings the index up to date, so a fresh clone
/// answers with one command. If an indexer holds the lock, it answers from the last commit.
fn refresh_default_index(dir: &Path) -> anyhow::Result<()> {
    let corpus = PathBuf::from(DEFAULT_CORPUS);
    if !corpus.is_dir() {
        return Ok(());
    }
    let options = IndexOptions {
        corpus,
        index_dir: dir.to_path_buf(),
        rebuild: false,
        dicts: Vec::new(),
        threads: 0,
    };
    match update_index(&options, &mut |_, _| {}) {
        Ok(_) => Ok(()),
        Err(zonedex::Error::Busy { .. }) => {
            eprintln!("zonedex: warning: the index is being updated by another process; answering from its last commit");
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

fn print(result: &SearchResult, args: &SearchArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    match args.format {
        Format::Json => {
            if args.count {
                let mut value = serde_json::to_value(result)?;
                value.as_object_mut().map(|o| o.remove("hits"));
                json::write_pretty(&value, out)?;
            } else {
                json::write_pretty(result, out)?;
            }
        }
        Format::Jsonl | Format::Csv => {
            rows(result, args.count, args.format).write(args.format, out)?
        }
        Format::Table => {
            if result.groups.is_some() || args.count {
                if result.groups.is_some() {
                    rows(result, true, Format::Table).write(Format::Table, out)?;
                }
                let t = &result.total;
                writeln!(
                    out,
                    "total: {} report(s), {} section(s), {} occurrence(s)",
                    t.reports, t.sections, t.occurrences
                )?;
            } else {
                write_hits(result, args.color.enabled(), out)?;
            }
        }
    }
    Ok(())
}

/// Rows for csv/jsonl/table: one per group when grouping, else one per hit (or the totals).
/// JSON keeps an unknown key as null; text formats name it.
fn rows(result: &SearchResult, count_only: bool, format: Format) -> Rows {
    use serde_json::Value as J;
    if let (Some(groups), Some(by)) = (&result.groups, &result.by) {
        let mut header: Vec<String> = by.iter().map(|k| k.as_str().to_string()).collect();
        header.extend(["reports", "sections", "occurrences"].map(String::from));
        let rows = groups
            .iter()
            .map(|g| {
                let mut row: Vec<J> = match &g.key {
                    J::Array(parts) => parts.clone(),
                    other => vec![other.clone()],
                };
                if format != Format::Jsonl {
                    for (value, key) in row.iter_mut().zip(by) {
                        if value.is_null() {
                            *value = J::String(format!("(unknown {})", key.as_str()));
                        }
                    }
                }
                row.extend([g.reports.into(), g.sections.into(), g.occurrences.into()]);
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
    let header = [
        "zone",
        "year",
        "kind",
        "section",
        "section_path",
        "path",
        "line",
        "snippet",
        "score",
    ]
    .map(String::from)
    .to_vec();
    let rows = result
        .hits
        .iter()
        .map(|h| {
            vec![
                h.zone.clone().map_or(J::Null, J::String),
                h.year.map_or(J::Null, J::from),
                h.kind.clone().map_or(J::Null, J::String),
                J::String(h.section.clone()),
                J::String(h.section_path.clone()),
                J::String(h.path.clone()),
                h.line.into(),
                J::String(h.snippet.clone()),
                J::from(h.score as f64),
            ]
        })
        .collect();
    Rows { header, rows }
}
