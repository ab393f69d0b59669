//! `zonedex-bench formats`: indexing throughput per input format. The generated text corpus is
//! written out again as web pages, PDFs and DOCX files (by `writers.rs`, as the tests write
//! them); each folder is indexed from scratch, alternately, and the median of the repeats is
//! reported, in MB/s of the files read and of the text they hold.

use crate::generate::{write_corpus, Generator};
use crate::measure::{median, run};
use crate::vocab::Vocabulary;
use crate::writers::{docx_file, html_page, pdf_file, pdf_pages, reader_lines};
use anyhow::{bail, Context};
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(clap::Args)]
pub struct FormatsArgs {
    /// Size of the text corpus: 10MB, 100MB (decimal units)
    #[arg(long, default_value = "10MB")]
    size: String,
    /// Work folder for the corpora and indexes
    #[arg(long, default_value = "target/bench")]
    work: PathBuf,
    /// The zonedex binary [default: beside this one]
    #[arg(long)]
    zonedex: Option<PathBuf>,
    /// Builds of each format; the median is reported
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    #[arg(long, default_value_t = crate::steps::DEFAULT_SEED)]
    seed: u64,
}

const FORMATS: [&str; 4] = ["txt", "html", "pdf", "docx"];

pub fn run_formats(args: FormatsArgs) -> anyhow::Result<()> {
    let zonedex = crate::steps::zonedex_binary(args.zonedex.as_ref())?;
    let target = crate::parse_size(&args.size)?;
    let text_dir = args.work.join(format!("corpus-{}", args.size));
    let generator = Generator::new(args.seed, Vocabulary::load(None)?);
    let (stamp, _) = write_corpus(&generator, &text_dir, target)?;
    let root = args.work.join(format!("formats-{}", args.size));
    let text_bytes = write_formats(&text_dir, &root)?;
    eprintln!(
        "{} reports, {:.1} MB of text, written as {}",
        stamp.files,
        text_bytes as f64 / 1e6,
        FORMATS.join(", ")
    );

    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let mut walls: Vec<Vec<f64>> = vec![Vec::new(); FORMATS.len()];
    let mut rss = vec![0u64; FORMATS.len()];
    for round in 0..args.repeat {
        for (i, format) in FORMATS.iter().enumerate() {
            let index = root.join(format!("index-{format}"));
            let measured = run(
                Command::new(&zonedex)
                    .arg("index")
                    .arg(root.join(format))
                    .arg("--index")
                    .arg(&index)
                    .args(["--rebuild", "--json", "--quiet"]),
                None,
            )?;
            let summary = measured.json()?;
            if measured.code != Some(0)
                || summary["skipped"].as_array().is_some_and(|s| !s.is_empty())
            {
                bail!("{format}: {}", measured.stdout_text());
            }
            eprintln!(
                "round {}: {format} {:.2} s",
                round + 1,
                measured.wall.as_secs_f64()
            );
            walls[i].push(measured.wall.as_secs_f64());
            rss[i] = rss[i].max(measured.max_rss);
        }
    }

    println!("load average before: {}", load.trim());
    println!("| format | files | MB read | text MB | build (median of {}) | MB/s read | MB/s of text | peak RSS |", args.repeat);
    println!("|---|---|---|---|---|---|---|---|");
    for (i, format) in FORMATS.iter().enumerate() {
        let dir = root.join(format);
        let read = crate::measure::dir_bytes(&dir, true) as f64 / 1e6;
        let wall = median(walls[i].clone());
        println!(
            "| {format} | {} | {read:.1} | {:.1} | {wall:.2} s | {:.2} | {:.2} | {} MB |",
            stamp.files,
            text_bytes as f64 / 1e6,
            read / wall,
            text_bytes as f64 / 1e6 / wall,
            rss[i] >> 20
        );
    }
    Ok(())
}

/// Writes every report of `text_dir` into `root/{txt,html,pdf,docx}/`, unless they are there
/// already; returns the bytes of the text files.
fn write_formats(text_dir: &Path, root: &Path) -> anyhow::Result<u64> {
    let done = root.join(".complete");
    let mut text_bytes = 0;
    let reports: Vec<PathBuf> = walkdir::WalkDir::new(text_dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.into_path())
        .collect();
    for path in &reports {
        text_bytes += std::fs::metadata(path)?.len();
    }
    if done.exists() {
        return Ok(text_bytes);
    }
    if root.exists() {
        std::fs::remove_dir_all(root)?;
    }
    for path in &reports {
        let rel = path.strip_prefix(text_dir)?;
        let bytes = std::fs::read(path)?;
        let text = zonedex::ingest::decode::decode(&bytes)
            .with_context(|| format!("cannot decode {}", path.display()))?
            .text;
        let lines = reader_lines(&text);
        let outputs: [(&str, Vec<u8>); 4] = [
            ("txt", bytes.clone()),
            ("html", html_page(&lines).into_bytes()),
            ("pdf", pdf_file(&pdf_pages(&lines))),
            ("docx", docx_file(&lines)),
        ];
        for (format, content) in outputs {
            let out = root.join(format).join(rel).with_extension(format);
            std::fs::create_dir_all(out.parent().expect("a file has a folder"))?;
            std::fs::write(&out, content)?;
        }
    }
    std::fs::write(done, "")?;
    Ok(text_bytes)
}
