//! `zonedex index`: build or update the index.

use super::{IndexLocation, DEFAULT_CORPUS};
use std::io::Write;
use std::path::PathBuf;
use zonedex::engine::writer::{update_index, IndexOptions, IndexSummary};

pub const EXAMPLES: &str = "Examples:
  zonedex index                        # corpus/ into index/
  zonedex index ~/reports --index /tmp/reports-index
  zonedex index --rebuild --dict my-terms.dict
  zonedex index --json --quiet         # summary as JSON, for scripts";

#[derive(clap::Args)]
pub struct IndexArgs {
    /// Folder of reports (text, HTML, PDF and DOCX files), searched recursively
    #[arg(default_value = DEFAULT_CORPUS)]
    corpus: PathBuf,
    #[command(flatten)]
    location: IndexLocation,
    /// Analyse every report again, starting from an empty index
    #[arg(long)]
    rebuild: bool,
    /// Extra jieba dictionary (`word [freq [tag]]` per line); may be repeated
    #[arg(long = "dict", value_name = "FILE")]
    dicts: Vec<PathBuf>,
    /// Indexing threads [default: one per core, at most 4]
    #[arg(long, default_value_t = 0, hide_default_value = true)]
    threads: usize,
    /// Print nothing but errors (with --json: only the JSON summary)
    #[arg(long, short)]
    quiet: bool,
    /// Print the summary as JSON
    #[arg(long)]
    json: bool,
}

pub fn run(args: IndexArgs) -> anyhow::Result<bool> {
    let options = IndexOptions {
        rebuild: args.rebuild,
        dicts: args.dicts,
        threads: args.threads,
        ..IndexOptions::new(args.corpus, args.location.dir())
    };
    let summary = super::with_report_progress(!args.quiet && !args.json, |progress| {
        update_index(&options, progress)
    })?;
    let mut out = std::io::stdout().lock();
    if args.json {
        zonedex_json(&summary, &mut out)?;
    } else if !args.quiet {
        print_summary(&summary, &mut out)?;
    }
    Ok(true)
}

fn zonedex_json(summary: &IndexSummary, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, summary)?;
    writeln!(out)
}

fn print_summary(s: &IndexSummary, out: &mut dyn Write) -> std::io::Result<()> {
    if let Some(why) = &s.full_reanalysis {
        writeln!(out, "re-analysed every report ({why})")?;
    }
    writeln!(
        out,
        "indexed {} · unchanged {} · removed {} · skipped {}",
        s.indexed,
        s.unchanged,
        s.removed,
        s.skipped.len()
    )?;
    writeln!(
        out,
        "{} units from {:.1} KB in {:.2} s ({:.2} MB/s)",
        s.units,
        s.bytes as f64 / 1000.0,
        s.seconds,
        s.mb_per_s
    )?;
    writeln!(
        out,
        "index {}: {} reports, {} units{}",
        s.index,
        s.total_files,
        s.total_units,
        if s.committed {
            ""
        } else {
            " (nothing changed)"
        }
    )?;
    if !s.skipped.is_empty() {
        writeln!(out, "skipped:")?;
        for note in &s.skipped {
            writeln!(out, "  {}: {}", note.path, note.message)?;
        }
    }
    if !s.warnings.is_empty() {
        writeln!(out, "warnings:")?;
        for note in &s.warnings {
            writeln!(out, "  {}: {}", note.path, note.message)?;
        }
    }
    Ok(())
}
