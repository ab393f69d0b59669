//! Browsing commands: `reports`, `zones`, `years`, `stats`, `show`.

use super::IndexLocation;
use serde_json::Value as J;
use std::collections::BTreeMap;
use std::io::Write;
use zonedex::engine::reader::{IndexHandle, StoredSection};
use zonedex::output::{json, Format, Rows};
use zonedex::report::ReportMeta;
use zonedex::search::filters::{filter_reports, zones as zone_list};

pub const REPORTS_EXAMPLES: &str = "Examples:
  zonedex reports
  zonedex reports --year 2023 --kind report
  zonedex reports --zone 金昌 --format json";

pub const SHOW_EXAMPLES: &str = "Examples:
  zonedex show jinchang-2023-report.txt:31     # the section around line 31
  zonedex show qidong-2023-report.txt          # the whole report, section by section";

#[derive(clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    location: IndexLocation,
    #[arg(long, default_value = "table", value_parser = super::one_of(&Format::BY_NAME))]
    format: Format,
}

#[derive(clap::Args)]
pub struct ReportsArgs {
    #[command(flatten)]
    list: ListArgs,
    #[command(flatten)]
    filters: super::FacetFlags<false>,
    /// Only reports where one of these fields was not found (e.g. zone,year), to fix them with
    /// a sidecar: zone, area_type, province, city, year, kind, issuer, doc_number, date, title
    #[arg(long, value_name = "FIELD[,FIELD]", value_delimiter = ',')]
    missing: Vec<String>,
}

#[derive(clap::Args)]
pub struct ShowArgs {
    /// Report path as search prints it, optionally with :LINE
    #[arg(value_name = "PATH[:LINE]")]
    target: String,
    #[command(flatten)]
    location: IndexLocation,
}

fn opt_str(v: &Option<String>) -> J {
    v.clone().map_or(J::Null, J::String)
}

pub fn reports(args: ReportsArgs) -> anyhow::Result<bool> {
    let handle = IndexHandle::open(&args.list.location.dir())?;
    let mut records = filter_reports(handle.reports()?, &args.filters.filters()?)?;
    if !args.missing.is_empty() {
        for field in &args.missing {
            if ReportMeta::default().lacks(field).is_none() {
                anyhow::bail!(
                    "unknown field '{field}' for --missing; choose from {}",
                    ReportMeta::FIELDS.join(", ")
                );
            }
        }
        records.retain(|r| args.missing.iter().any(|f| r.meta.lacks(f) == Some(true)));
    }
    let mut out = std::io::stdout().lock();
    if args.list.format == Format::Json {
        json::write_pretty(&records, &mut out)?;
    } else {
        // path, zone and its short forms, the other fields, the section count.
        let mut header: Vec<String> = ["path", "zone", "short_forms"].map(String::from).to_vec();
        header.extend(ReportMeta::FIELDS[1..].iter().map(|f| f.to_string()));
        header.push("sections".into());
        let rows = records
            .iter()
            .map(|r| {
                let m = &r.meta;
                let mut row = vec![
                    J::String(r.path.clone()),
                    opt_str(&m.zone),
                    J::Array(m.short_forms.iter().cloned().map(J::String).collect()),
                ];
                row.extend(ReportMeta::FIELDS[1..].iter().map(|&f| match f {
                    "year" => m.year.map_or(J::Null, J::from),
                    _ => opt_str(&m.field(f).flatten()),
                }));
                row.push(r.units.into());
                row
            })
            .collect();
        Rows { header, rows }.write(args.list.format, &mut out)?;
    }
    Ok(!records.is_empty())
}

pub fn zones(args: ListArgs) -> anyhow::Result<bool> {
    let handle = IndexHandle::open(&args.location.dir())?;
    let records = handle.reports()?;
    let zones = zone_list(records);
    let unknown = records.iter().filter(|r| r.meta.zone.is_none()).count();
    let mut rows: Vec<Vec<J>> = zones
        .iter()
        .map(|z| {
            vec![
                J::String(z.zone.clone()),
                J::Array(z.short_forms.iter().cloned().map(J::String).collect()),
                opt_str(&z.area_type),
                opt_str(&z.province),
                opt_str(&z.city),
                J::Array(z.years.iter().map(|&y| J::from(y)).collect()),
                z.reports.into(),
            ]
        })
        .collect();
    if unknown > 0 {
        rows.push(vec![
            J::Null,
            J::Array(vec![]),
            J::Null,
            J::Null,
            J::Null,
            J::Array(vec![]),
            unknown.into(),
        ]);
    }
    print_listing(
        &[
            "zone",
            "short_forms",
            "area_type",
            "province",
            "city",
            "years",
            "reports",
        ],
        rows,
        args.format,
    )?;
    Ok(!records.is_empty())
}

/// Prints a listing whose first column is a facet; text formats show a null there as
/// `(unknown <facet>)`, JSON keeps null.
fn print_listing(header: &[&str], mut rows: Vec<Vec<J>>, format: Format) -> std::io::Result<()> {
    if matches!(format, Format::Table | Format::Csv) {
        for row in &mut rows {
            if row[0].is_null() {
                row[0] = J::String(format!("(unknown {})", header[0]));
            }
        }
    }
    let header = header.iter().map(|h| h.to_string()).collect();
    Rows { header, rows }.write(format, &mut std::io::stdout().lock())
}

pub fn years(args: ListArgs) -> anyhow::Result<bool> {
    let handle = IndexHandle::open(&args.location.dir())?;
    let records = handle.reports()?;
    let mut counts: BTreeMap<Option<i32>, (usize, usize, usize)> = BTreeMap::new();
    for r in records {
        let entry = counts.entry(r.meta.year).or_default();
        entry.0 += 1;
        match r.meta.report_kind {
            Some(zonedex::base::ReportKind::Report) => entry.1 += 1,
            Some(zonedex::base::ReportKind::Plan) => entry.2 += 1,
            Some(zonedex::base::ReportKind::Other) | None => {}
        }
    }
    let rows = counts
        .iter()
        .map(|(year, (all, reports, plans))| {
            vec![
                year.map_or(J::Null, J::from),
                (*all).into(),
                (*reports).into(),
                (*plans).into(),
            ]
        })
        .collect();
    print_listing(&["year", "files", "reports", "plans"], rows, args.format)?;
    Ok(!records.is_empty())
}

pub fn stats(args: ListArgs) -> anyhow::Result<bool> {
    let handle = IndexHandle::open(&args.location.dir())?;
    let records = handle.reports()?;
    let bytes: u64 = records.iter().map(|r| r.bytes).sum();
    let index_bytes = dir_size(&handle.dir);
    let info = &handle.info;
    let stats = serde_json::json!({
        "index": handle.dir.display().to_string(),
        "schema_version": info.schema_version,
        "built_at": info.built_at,
        "corpus": info.corpus,
        "reports": records.len(),
        "sections": info.units,
        "zones": zone_list(records).len(),
        "bytes": bytes,
        "index_bytes": index_bytes,
        "dictionary": {
            "builtin_terms": zonedex::analysis::words::DOMAIN_DICT.lines().filter(|l| !l.trim().is_empty()).count(),
            "extra": info.extra_dicts,
            "fingerprint": info.dictionary,
        },
    });
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => json::write_pretty(&stats, &mut out)?,
        format => {
            let rows = stats
                .as_object()
                .expect("object")
                .iter()
                .map(|(k, v)| {
                    vec![
                        J::String(k.clone()),
                        J::String(match v {
                            J::String(s) => s.clone(),
                            other => other.to_string(),
                        }),
                    ]
                })
                .collect();
            Rows {
                header: vec!["stat".into(), "value".into()],
                rows,
            }
            .write(format, &mut out)?;
        }
    }
    Ok(true)
}

/// `FILE`, `FILE:LINE` or `FILE:PAGE:LINE` → the file and the optional (page, line).
fn split_position(target: &str) -> (String, Option<(Option<u32>, u32)>) {
    let number = |s: &str| {
        (!s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let Some((rest, line)) = target
        .rsplit_once(':')
        .and_then(|(r, l)| Some((r, number(l)?)))
    else {
        return (target.to_string(), None);
    };
    match rest
        .rsplit_once(':')
        .and_then(|(p, page)| Some((p, number(page)?)))
    {
        Some((path, page)) => (path.to_string(), Some((Some(page), line))),
        None => (rest.to_string(), Some((None, line))),
    }
}

fn dir_size(dir: &std::path::Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

pub fn show(args: ShowArgs) -> anyhow::Result<bool> {
    let handle = IndexHandle::open(&args.location.dir())?;
    let (path, position) = split_position(&args.target);
    let sections = zonedex::engine::reader::sections_of(&handle, &path)?;
    if sections.is_empty() {
        anyhow::bail!("no report '{path}' in the index; `zonedex reports` lists the paths");
    }
    let pages = &sections[0].pages;
    let line = match position {
        None => None,
        Some((Some(page), line)) => Some(
            pages
                .line_of(page, line)
                .ok_or_else(|| anyhow::anyhow!("{path} has no line {line} on page {page}"))?,
        ),
        Some((None, line)) => Some(line),
    };
    let first = sections[0].first_line;
    let last = sections.iter().map(|s| s.last_line).max().unwrap_or(first);
    if let Some(line) = line.filter(|l| !(first..=last).contains(l)) {
        anyhow::bail!(
            "{path} has no text on line {} (its text runs from line {} to {}); `zonedex show {path}` prints it all",
            pages.show(line),
            pages.show(first),
            pages.show(last)
        );
    }
    let chosen: Vec<_> = match line {
        None => sections.iter().collect(),
        Some(line) => match sections.iter().rposition(|s| s.first_line <= line) {
            // A section too long for one unit is stored as consecutive parts: show them all.
            Some(at) => {
                let same = |s: &&StoredSection| s.section_path == sections[at].section_path;
                let start = at - sections[..at].iter().rev().take_while(same).count();
                let end = at + 1 + sections[at + 1..].iter().take_while(same).count();
                sections[start..end].iter().collect()
            }
            None => Vec::new(),
        },
    };
    let mut out = std::io::stdout().lock();
    for s in chosen {
        writeln!(
            out,
            "{}:{}  {}",
            path,
            s.pages.show(s.first_line),
            s.section_path
        )?;
        writeln!(out, "[{}]", s.section)?;
        writeln!(out, "{}", s.text)?;
        writeln!(out)?;
    }
    Ok(true)
}
