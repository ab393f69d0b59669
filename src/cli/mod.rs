//! Command-line definitions (clap) and dispatch. Each subcommand lives in its own file.

mod browse;
mod index;
mod search;

use clap::{CommandFactory, Parser, Subcommand};
use std::path::PathBuf;

/// Default corpus folder, relative to where zonedex runs (the project root).
pub const DEFAULT_CORPUS: &str = "corpus";
/// Default index folder.
pub const DEFAULT_INDEX: &str = "index";

#[derive(Parser)]
#[command(
    name = "zonedex",
    version,
    about = "Search Chinese development-zone rule-of-law reports (法治政府建设报告)",
    after_help = "Examples:\n  zonedex index\n  zonedex search 行政复议 --by zone\n  zonedex search '\"双随机、一公开\"' --year 2023 --format json\n  zonedex reports"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build or update the index from a folder of reports
    #[command(after_help = index::EXAMPLES)]
    Index(index::IndexArgs),
    /// Search the index
    #[command(after_help = search::EXAMPLES)]
    Search(search::SearchArgs),
    /// List the indexed reports and what the indexer understood of each
    #[command(after_help = browse::REPORTS_EXAMPLES)]
    Reports(browse::ReportsArgs),
    /// List the zones, their short forms, years and report counts
    #[command(after_help = "Examples:\n  zonedex zones\n  zonedex zones --format json")]
    Zones(browse::ListArgs),
    /// List the years and report counts
    #[command(after_help = "Examples:\n  zonedex years\n  zonedex years --format csv")]
    Years(browse::ListArgs),
    /// Show index statistics
    #[command(after_help = "Examples:\n  zonedex stats\n  zonedex stats --format json")]
    Stats(browse::ListArgs),
    /// Print the whole cleaned section around a line of a report
    #[command(after_help = browse::SHOW_EXAMPLES)]
    Show(browse::ShowArgs),
    /// Print shell completions
    #[command(
        after_help = "Examples:\n  zonedex completions bash > ~/.local/share/bash-completion/completions/zonedex"
    )]
    Completions { shell: clap_complete::Shell },
}

/// Where the index is: `--index DIR`, or the default `index/`.
#[derive(clap::Args, Clone)]
pub struct IndexLocation {
    /// Index folder [default: index]
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
}

impl IndexLocation {
    pub fn dir(&self) -> PathBuf {
        self.index
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX))
    }
}

/// Runs the command line. `Ok(true)`: something was found (exit 0); `Ok(false)`: nothing (1).
pub fn run() -> anyhow::Result<bool> {
    let cli = Cli::parse();
    match cli.command {
        Command::Index(args) => index::run(args),
        Command::Search(args) => search::run(args),
        Command::Reports(args) => browse::reports(args),
        Command::Zones(args) => browse::zones(args),
        Command::Years(args) => browse::years(args),
        Command::Stats(args) => browse::stats(args),
        Command::Show(args) => browse::show(args),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "zonedex",
                &mut std::io::stdout(),
            );
            Ok(true)
        }
    }
}
