//! `zonedex search`: run a query and print hits, groups or counts.

use super::ColorChoice;
use super::{FacetFlags, IndexLocation};
use anyhow::Context;
use serde::Serialize;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use zonedex::engine::reader::IndexHandle;
use zonedex::output::rows::search_rows;
use zonedex::output::table::write_hits;
use zonedex::output::{json, Format};
use zonedex::search::batch::answer_in_order;
use zonedex::search::{parse_batch_line, search, GroupKey, Scope, SearchRequest, SearchResult};

pub const EXAMPLES: &str = "Examples:
  zonedex search 行政复议 --by zone          # which zones mention administrative reconsideration
  zonedex search 行政执法 --section problems --year 2023
  zonedex search '\"双随机、一公开\"' zone:金昌
  zonedex search 复议 OR 诉讼 -- -应诉        # `--` ends the options
  zonedex search 营商环境 --by zone,year --format csv
  zonedex search 公职律师 --count --format json
  printf '行政复议\n{\"q\": \"营商环境\", \"by\": \"zone\"}\n' | zonedex search --batch -";

#[derive(clap::Args)]
pub struct SearchArgs {
    /// The query: words and "phrases" (AND by default), OR, -word / NOT, (groups),
    /// filters zone: year: kind: section: area_type: province: city:
    #[arg(required_unless_present = "batch", num_args = 1.., value_name = "QUERY")]
    query: Vec<String>,
    /// Run every line of FILE (`-` for stdin) as a query: plain text, or a JSON object
    /// {"q": ..., "zone", "year", "kind", "section", "area_type", "province", "city", "by",
    /// "limit", "offset"}. Prints one JSON
    /// line per query; the flags below are every line's defaults
    #[arg(long, value_name = "FILE", conflicts_with = "query")]
    batch: Option<PathBuf>,
    #[command(flatten)]
    location: IndexLocation,
    #[command(flatten)]
    filters: FacetFlags<true>,
    /// Group matches: zone, year, kind, section, area_type, province, city or report; two joined
    /// by a comma
    #[arg(long, value_name = "KEY[,KEY]")]
    by: Option<String>,
    /// Hits to show: a number, or `all` (also `0`) for every matching section
    #[arg(long, default_value = "10", value_name = "N|all", value_parser = hit_limit)]
    limit: usize,
    /// Hits to skip (for paging)
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Print counts only
    #[arg(long)]
    count: bool,
    /// Terms exactly as written: no expansion of English terms and abbreviations with the
    /// glossary
    #[arg(long)]
    exact: bool,
    /// What AND, OR and - apply to: each section, or the whole report (`A -B` = reports that
    /// mention A and never B)
    #[arg(long, default_value = "section", value_parser = super::one_of(&Scope::BY_NAME))]
    scope: Scope,
    /// Characters of context shown around the first match of each hit
    #[arg(long, short = 'C', value_name = "CHARS", default_value_t = 40)]
    context: usize,
    /// Output format: table (the default), json, jsonl or csv; --batch writes JSON lines
    #[arg(long, value_parser = super::one_of(&Format::BY_NAME))]
    format: Option<Format>,
    /// With --batch: seconds one line may take before it is answered with an error and the
    /// batch goes on
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0, value_parser = positive_seconds)]
    time_budget: f64,
    /// Colour: auto (on a terminal, unless NO_COLOR is set), always, never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

/// Why a query found nothing, when the reason is likely not the corpus: syntax other search
/// engines have, or English words the glossary does not know.
fn explain_miss(query: &str, result: &SearchResult) {
    if query.contains('*') {
        eprintln!(
            "zonedex: `*` is not an operator here: every term already matches as a substring (复议 finds 行政复议), and a phrase in quotes matches as written"
        );
    }
    let stray_tilde = query
        .match_indices('~')
        .any(|(at, _)| !query[..at].ends_with(['"', '”']));
    if stray_tilde || query.split_whitespace().any(|w| w.starts_with("NEAR")) {
        eprintln!(
            "zonedex: for words near each other write \"行政复议 纠错\"~10 (within 10 characters), 同句(行政复议 纠错) or 同段(行政复议 纠错)"
        );
    }
    let english: Vec<&str> = query
        .split_whitespace()
        .filter(|w| w.chars().all(|c| c.is_ascii_alphabetic()) && !["AND", "OR", "NOT"].contains(w))
        .collect();
    if !english.is_empty() && result.expanded.is_empty() {
        eprintln!(
            "zonedex: the glossary has no Chinese form for {:?}; it knows about 300 governance terms (dict/glossary.toml) — write the term in Chinese",
            english.join(" ")
        );
    }
}

/// `--limit`: `all` or `0` for every hit, else a number.
fn hit_limit(text: &str) -> Result<usize, String> {
    match text.trim() {
        "all" | "0" => Ok(usize::MAX),
        number => number
            .parse::<usize>()
            .map_err(|_| "give a number of hits, or `all` for every one".to_string()),
    }
}

fn positive_seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(s) if s > 0.0 && s <= 86_400.0 => Ok(s),
        _ => Err("give a number of seconds above 0 and at most 86400, e.g. 10 or 0.5".into()),
    }
}

pub fn run(args: SearchArgs) -> anyhow::Result<bool> {
    let filters = args.filters.filters()?;
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
        snippet_chars: args.context.saturating_mul(2).clamp(10, 10_000),
        deadline: None,
        exact: args.exact,
        scope: args.scope,
    };
    let mut handle = args.location.open_refreshed()?;
    if let Some(file) = &args.batch {
        if let Some(other) = args.format.filter(|f| *f != Format::Json) {
            let name = Format::BY_NAME
                .iter()
                .find(|(_, f)| *f == other)
                .map_or("", |(name, _)| name);
            anyhow::bail!(
                "--batch writes one JSON object per line; drop --format {name} (or give --format json)"
            );
        }
        let budget = std::time::Duration::from_secs_f64(args.time_budget);
        let answered = run_batch(&handle, file, &request, budget);
        leave_to_exit(handle);
        return answered;
    }
    handle.use_every_core();
    let result = search(&handle, &request)?;
    leave_to_exit(handle);
    let table = args.format.is_none_or(|f| f == Format::Table);
    if table {
        for expansion in &result.expanded {
            eprintln!(
                "zonedex: {} → {} (the glossary; --exact searches the words as written)",
                expansion.term,
                expansion.forms.join(" OR ")
            );
        }
    }
    if result.total.sections == 0 {
        explain_miss(&request.query, &result);
    }
    let mut out = std::io::stdout().lock();
    print(&result, &args, &mut out)?;
    // A file written for a script must not look complete when it is not.
    let shown = result.hits.len() as u64;
    let available = result.total.sections.saturating_sub(args.offset as u64);
    if !args.count
        && result.groups.is_none()
        && matches!(args.format, Some(Format::Csv | Format::Jsonl))
        && shown < available
    {
        eprintln!(
            "zonedex: wrote {shown} of {} matching section(s); --limit all writes every one",
            result.total.sections
        );
    }
    Ok(result.total.sections > 0)
}

/// Leaves the index to the end of the process, which follows the command: the system takes
/// its mapped files back at once, where dropping the handle unmapped them one by one (a few
/// ms of a one-shot query on the 250 files of a 1 GB index, measured with hyperfine).
fn leave_to_exit(handle: IndexHandle) {
    std::mem::forget(handle);
}

/// One JSON object per query line, in input order. A bad line gets an error object and the
/// run goes on; any failure makes the exit code 2 once every line has been answered.
fn run_batch(
    handle: &IndexHandle,
    file: &Path,
    defaults: &SearchRequest,
    budget: std::time::Duration,
) -> anyhow::Result<bool> {
    #[derive(Serialize)]
    struct Answer<'a> {
        line: usize,
        #[serde(flatten)]
        result: &'a SearchResult,
    }
    #[derive(Serialize)]
    struct Failure<'a> {
        line: usize,
        input: &'a str,
        error: String,
    }
    let input: Box<dyn BufRead + Send> = if file == Path::new("-") {
        Box::new(BufReader::new(std::io::stdin()))
    } else {
        let opened = std::fs::File::open(file)
            .with_context(|| format!("cannot open batch file {}", file.display()))?;
        Box::new(BufReader::new(opened))
    };
    let lines = input.split(b'\n').map(|line| {
        line.map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .with_context(|| format!("cannot read batch input {}", file.display()))
    });
    // Each line becomes its JSON text (or nothing, for a blank or comment line) on a worker;
    // whether it found something or failed travels with it.
    let answer = |number: usize, line: &str| -> Option<(String, bool, bool)> {
        let answer = parse_batch_line(line, defaults).and_then(|request| {
            request
                .map(|mut r| {
                    r.deadline = Some(std::time::Instant::now() + budget);
                    search(handle, &r)
                })
                .transpose()
        });
        let (json, found, failed) = match answer {
            Ok(None) => return None,
            Ok(Some(result)) => (
                serde_json::to_string(&Answer {
                    line: number + 1,
                    result: &result,
                }),
                result.total.sections > 0,
                false,
            ),
            Err(error) => (
                serde_json::to_string(&Failure {
                    line: number + 1,
                    input: line.trim(),
                    error: super::describe(&error),
                }),
                false,
                true,
            ),
        };
        Some((json.expect("answers serialise"), found, failed))
    };
    // Not locked for the run: the lock cannot move to the writing thread. Line buffered, so a
    // pipe gets each answer as soon as it is ready.
    let mut out = std::io::stdout();
    let (mut failed, mut found) = (0usize, false);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    answer_in_order(lines, workers, answer, |_, answered| {
        let Some((json, hit, bad)) = answered else {
            return Ok(());
        };
        found |= hit;
        failed += usize::from(bad);
        writeln!(out, "{json}")?;
        Ok(())
    })?;
    out.flush()?;
    if failed > 0 {
        anyhow::bail!("{failed} batch line(s) failed; see the objects with an \"error\" field");
    }
    Ok(found)
}

fn print(result: &SearchResult, args: &SearchArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let format = args.format.unwrap_or(Format::Table);
    match format {
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
            search_rows(result, args.count, format).write(format, out)?
        }
        Format::Table => {
            if result.groups.is_some() || args.count {
                if result.groups.is_some() {
                    search_rows(result, true, Format::Table).write(Format::Table, out)?;
                }
                let t = &result.total;
                writeln!(
                    out,
                    "total: {} report(s), {} section(s), {} occurrence(s)",
                    t.reports, t.sections, t.occurrences
                )?;
            } else {
                write_hits(
                    result,
                    args.color.enabled(),
                    ", use --limit/--offset for more",
                    out,
                )?;
            }
        }
    }
    Ok(())
}
