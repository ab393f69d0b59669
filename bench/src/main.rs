//! zonedex-bench: generates scale corpora and measures zonedex against ripgrep and
//! Whoosh+jieba. See BENCHMARKS.md for the results and how to reproduce them.
//!
//! ```sh
//! cargo build --release
//! target/release/zonedex-bench run --sizes 10MB,100MB,1GB
//! target/release/zonedex-bench generate target/bench/sample --size 1MB
//! target/release/zonedex-bench formats --size 10MB
//! ```

mod ceiling;
mod formats;
mod generate;
mod measure;
mod queries;
mod results;
mod rng;
mod steps;
mod vocab;
mod writers;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "zonedex-bench",
    about = "Scale corpora and side-by-side benchmarks for zonedex (not part of cargo test)"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Generate (or reuse) corpora, measure, and write the results file
    Run(steps::RunArgs),
    /// Index the generated corpus written as text, HTML, PDF and DOCX: throughput per format
    Formats(formats::FormatsArgs),
    /// Time tantivy alone on a corpus's units (the two analysed fields only), as JSON: the
    /// ceiling `run` compares zonedex's indexing with
    #[command(hide = true)]
    Ceiling(ceiling::CeilingArgs),
    /// Write one generated corpus into a folder
    Generate {
        /// Output folder (replaced if it holds another corpus)
        dir: PathBuf,
        /// Approximate size: 200KB, 10MB, 1GB (decimal units)
        #[arg(long, default_value = "1MB")]
        size: String,
        #[arg(long, default_value_t = steps::DEFAULT_SEED)]
        seed: u64,
        /// jieba's dict.txt [default: the one in the jieba-rs crate zonedex is built with]
        #[arg(long, value_name = "FILE")]
        jieba_dict: Option<PathBuf>,
    },
}

/// `10MB` → 10_000_000; decimal units, as disk sizes are quoted.
pub fn parse_size(text: &str) -> anyhow::Result<u64> {
    let t = text.trim().to_ascii_uppercase();
    let (number, unit) = match t.find(|c: char| c.is_ascii_alphabetic()) {
        Some(at) => t.split_at(at),
        None => (t.as_str(), "B"),
    };
    let value: f64 = number
        .trim()
        .parse()
        .with_context(|| format!("not a size: {text}"))?;
    let scale = match unit.trim() {
        "B" => 1.0,
        "KB" | "K" => 1e3,
        "MB" | "M" => 1e6,
        "GB" | "G" => 1e9,
        other => bail!("unknown size unit {other} in {text} (use KB, MB or GB)"),
    };
    Ok((value * scale) as u64)
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Cmd::Run(args) => steps::run(args),
        Cmd::Formats(args) => formats::run_formats(args),
        Cmd::Ceiling(args) => ceiling::run_ceiling(args),
        Cmd::Generate {
            dir,
            size,
            seed,
            jieba_dict,
        } => {
            let vocab = vocab::Vocabulary::load(jieba_dict.as_deref())?;
            let gen = generate::Generator::new(seed, vocab);
            let (stamp, reused) = generate::write_corpus(&gen, &dir, parse_size(&size)?)?;
            println!(
                "{} {} files, {} bytes in {}",
                if reused { "reused" } else { "wrote" },
                stamp.files,
                stamp.bytes,
                dir.display()
            );
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_are_decimal() {
        assert_eq!(parse_size("10MB").unwrap(), 10_000_000);
        assert_eq!(parse_size("1GB").unwrap(), 1_000_000_000);
        assert_eq!(parse_size("200kb").unwrap(), 200_000);
        assert!(parse_size("3XB").is_err());
    }
}
