//! tantivy alone: the ceiling for zonedex's indexing on this machine and corpus.
//!
//! The corpus's units are read, cleaned and split by zonedex first, off the clock. Then the
//! clock runs while only their two analysed fields are indexed: jieba words (stored) and
//! character bigrams with positions, through zonedex's own schema, tokenizers, store settings,
//! writer budget and merge policy. What a real build costs beyond this (reading, decoding,
//! cleaning, sections, metadata, the other fields) is zonedex's own share; an indexing target
//! above this figure cannot be met by zonedex's code, only by indexing less.

use anyhow::Context;
use std::path::{Path, PathBuf};
use std::time::Instant;
use tantivy::indexer::UserOperation;

use zonedex::engine::schema::Fields;
use zonedex::engine::writer::{create_index, open_writer};
use zonedex::ingest::walk::walk;
use zonedex::report::aliases::AreaAliases;
use zonedex::report::read::Source;

#[derive(clap::Args)]
pub struct CeilingArgs {
    /// Folder of reports
    pub corpus: PathBuf,
    /// Folder for the index (emptied first)
    #[arg(long)]
    pub index: PathBuf,
    /// Indexing threads
    #[arg(long, default_value_t = 2)]
    pub threads: usize,
}

/// One timed build, as printed (JSON) by `zonedex-bench ceiling`.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct CeilingBuild {
    pub threads: usize,
    pub units: u64,
    /// CPU time to read and analyse the reports into units (one thread, off the clock).
    pub parse_cpu_s: f64,
    /// Wall and CPU time of indexing the units' two analysed fields, commit included.
    pub index_wall_s: f64,
    pub index_cpu_s: f64,
}

pub fn run_ceiling(args: CeilingArgs) -> anyhow::Result<()> {
    let parse_started = cpu_seconds();
    let reports = unit_texts(&args.corpus)?;
    let parse_cpu_s = cpu_seconds() - parse_started;

    if args.index.exists() {
        std::fs::remove_dir_all(&args.index)?;
    }
    std::fs::create_dir_all(&args.index)?;
    let index = create_index(&args.index)?;
    let fields = Fields::from_schema(&index.schema()).context("zonedex's own schema")?;
    let mut writer = open_writer(&index, &args.index, &[] as &[PathBuf], args.threads)?;

    let (wall, cpu) = (Instant::now(), cpu_seconds());
    // A report's units go in one batch, into one segment, as zonedex adds them.
    for report in &reports {
        writer.run(report.iter().map(|text| {
            let mut doc = tantivy::TantivyDocument::new();
            doc.add_text(fields.text, text);
            doc.add_text(fields.grams, text);
            UserOperation::Add(doc)
        }))?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let build = CeilingBuild {
        threads: args.threads,
        units: reports.iter().map(Vec::len).sum::<usize>() as u64,
        parse_cpu_s,
        index_wall_s: wall.elapsed().as_secs_f64(),
        index_cpu_s: cpu_seconds() - cpu,
    };
    println!("{}", serde_json::to_string(&build)?);
    Ok(())
}

/// The text of every unit of every report in `corpus`, as zonedex indexes it, report by report.
fn unit_texts(corpus: &Path) -> anyhow::Result<Vec<Vec<String>>> {
    let aliases = AreaAliases::load(corpus)?;
    let mut reports = Vec::new();
    for file in walk(corpus)?.files {
        let Ok(source) = Source::read(&file.abs) else {
            continue;
        };
        if let Ok(report) = source.report(&aliases) {
            reports.push(report.units.into_iter().map(|unit| unit.text).collect());
        }
    }
    Ok(reports)
}

/// User and system CPU time of this process so far, all threads.
#[cfg(unix)]
fn cpu_seconds() -> f64 {
    // SAFETY: an all-zero rusage is a valid value for getrusage to overwrite.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_SELF with a valid pointer.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Without getrusage the CPU time is not known (reported as NaN).
#[cfg(not(unix))]
fn cpu_seconds() -> f64 {
    f64::NAN
}
