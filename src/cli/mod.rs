//! Command-line definitions (clap) and dispatch. Each subcommand lives in its own file.

mod browse;
mod explain;
mod export;
mod index;
mod matrix;
mod search;
mod serve;

use clap::{CommandFactory, Parser, Subcommand};
use std::path::{Path, PathBuf};
use zonedex::base::{Facet, FacetType};
use zonedex::engine::reader::IndexHandle;
use zonedex::engine::writer::{update_index, IndexOptions};
use zonedex::search::{Filter, Filters};

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
    /// Count many queries at once: one row per query, one column per zone or year
    #[command(after_help = matrix::EXAMPLES)]
    Matrix(matrix::MatrixArgs),
    /// Check the whole index against its checksums (reads every file of it)
    #[command(
        after_help = "Examples:\n  zonedex check\n  zonedex check --index /tmp/reports-index"
    )]
    Check(IndexLocation),
    /// Print the whole cleaned section around a line of a report
    #[command(after_help = browse::SHOW_EXAMPLES)]
    Show(browse::ShowArgs),
    /// Print what the indexer understands of a report, field by field, and where it read each
    #[command(after_help = explain::EXAMPLES)]
    Explain(explain::ExplainArgs),
    /// Serve a search page over the index (a local web server)
    #[command(after_help = serve::EXAMPLES)]
    Serve(serve::ServeArgs),
    /// Write the index out for a search cluster (OpenSearch, Elasticsearch)
    #[command(subcommand)]
    Export(export::ExportTarget),
    /// Print the OpenSearch / Elasticsearch Query DSL that asks what a zonedex query asks
    #[command(after_help = export::DSL_EXAMPLES)]
    Dsl(export::DslArgs),
    /// Print shell completions
    #[command(
        after_help = "Examples:\n  zonedex completions bash > ~/.local/share/bash-completion/completions/zonedex"
    )]
    Completions { shell: clap_complete::Shell },
}

/// A value parser for one of a library type's names: the names show in `--help` and in
/// clap's error for a wrong one.
pub fn one_of<T>(
    by_name: &'static [(&'static str, T)],
) -> impl clap::builder::TypedValueParser<Value = T>
where
    T: Copy + Send + Sync + 'static,
{
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(by_name.iter().map(|(name, _)| *name)).map(
        move |name| {
            by_name
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, value)| *value)
                .expect("clap lets only a listed name through")
        },
    )
}

/// Whether to colour terminal output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// `auto`: colour only on a terminal, and never when NO_COLOR is set (no-color.org).
    pub fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
}

/// A library error as the command line says it: the library's message and what to type
/// about it (the library knows no commands or flags).
pub fn describe(err: &zonedex::Error) -> String {
    format!("{err}{}", advice(err))
}

/// What to do about an error, in the command line's words; empty when the message says it.
pub fn advice(err: &zonedex::Error) -> String {
    use zonedex::Error;
    match err {
        Error::NoIndex { .. } => {
            ": build one with `zonedex index` (or point --index at an existing one)".into()
        }
        Error::ForeignIndex { .. } => "; choose another --index directory".into(),
        Error::NotBuilt { .. } => ": run `zonedex index`".into(),
        Error::BeingBuilt { .. } | Error::Busy { .. } => "; try again when it has finished".into(),
        Error::Damaged { .. } => {
            ": run `zonedex index --rebuild` to build it again from the corpus".into()
        }
        Error::SchemaVersion { .. } => ": run `zonedex index --rebuild`".into(),
        Error::PermissionDenied { .. } => "; ask its owner to make it readable, or build your \
             own with `zonedex index --index DIR`"
            .into(),
        Error::DiskFull { .. } => ": free space there, or use another --index".into(),
        Error::NoColumns => " (give --by zone, year or zone,year)".into(),
        Error::TooManyGroupKeys { .. } => " (e.g. --by zone,year)".into(),
        Error::OverBudget => " (or raise --time-budget)".into(),
        Error::InTerm { source, .. } => advice(source),
        _ => String::new(),
    }
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

    /// Opens the index for a query. With the default folders the index is brought up to date
    /// first, so a fresh clone answers with one command; with `--index` it is only read.
    pub fn open_refreshed(&self) -> anyhow::Result<IndexHandle> {
        let dir = self.dir();
        if self.index.is_none() {
            refresh_default_index(&dir)?;
        }
        Ok(IndexHandle::open(&dir)?)
    }
}

/// If an indexer holds the lock, the query is answered from the last commit.
fn refresh_default_index(dir: &Path) -> anyhow::Result<()> {
    let corpus = PathBuf::from(DEFAULT_CORPUS);
    if !corpus.is_dir() {
        return Ok(());
    }
    let options = IndexOptions {
        verify: false, // reading the whole index on every query is not worth it
        ..IndexOptions::new(corpus, dir)
    };
    match update_index(&options, &mut |_, _| {}) {
        Ok(_) => Ok(()),
        Err(zonedex::Error::Busy { .. }) => {
            if let Err(zonedex::Error::BeingBuilt { .. }) = IndexHandle::open(dir) {
                eprintln!("zonedex: the index is being built by another process; waiting for it to finish");
                zonedex::engine::writer::wait_until_unlocked(dir)?;
            } else {
                eprintln!("zonedex: warning: the index is being updated by another process; answering from its last commit");
            }
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

/// One filter flag per facet (`--zone`, `--year`, `--kind`, `--section` …), made from the
/// library's list of facets. `EVERY_FACET` false leaves out the facets of sections, for
/// commands that list whole reports.
#[derive(Clone, Default)]
pub struct FacetFlags<const EVERY_FACET: bool> {
    given: Vec<(Facet, String)>,
}

impl<const EVERY_FACET: bool> FacetFlags<EVERY_FACET> {
    fn facets() -> impl Iterator<Item = Facet> {
        Facet::ALL
            .into_iter()
            .filter(|f| EVERY_FACET || f.of_report())
    }

    /// The typed filters the flags give.
    pub fn filters(&self) -> zonedex::Result<Filters> {
        let mut filters = Filters::default();
        for (facet, value) in &self.given {
            filters.set(Filter::parse(*facet, value)?);
        }
        Ok(filters)
    }
}

impl<const EVERY_FACET: bool> clap::FromArgMatches for FacetFlags<EVERY_FACET> {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let given = Self::facets()
            .filter_map(|f| {
                let value = matches.get_one::<String>(f.name())?;
                Some((f, value.clone()))
            })
            .collect();
        Ok(FacetFlags { given })
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl<const EVERY_FACET: bool> clap::Args for FacetFlags<EVERY_FACET> {
    fn augment_args(command: clap::Command) -> clap::Command {
        Self::facets().fold(command, |command, facet| {
            let value_name = match facet.ty() {
                FacetType::Choice(names) => names.join("|"),
                FacetType::Year => "YEAR[..YEAR]".to_string(),
                FacetType::Name => facet.name().to_uppercase(),
            };
            // `--area-type` as flags are written; `--area_type` (the field's name) works too.
            let flag = facet.name().replace('_', "-");
            let mut arg = clap::Arg::new(facet.name())
                .long(flag.clone())
                .value_name(value_name)
                .help(facet.help());
            if flag != facet.name() {
                arg = arg.alias(facet.name());
            }
            command.arg(arg)
        })
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        Self::augment_args(command)
    }
}

/// Prints a command-line error and exits 2 (0 for --help and --version), as clap would; a word
/// to exclude written before the query (`zonedex search -应诉 行政复议`) gets a tip that keeps it
/// whole, where clap's own would cut it after its first character.
fn exit_with(error: clap::Error) -> ! {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if error.kind() == ErrorKind::UnknownArgument {
        let given = match error.get(ContextKind::InvalidArg) {
            Some(ContextValue::String(arg)) => arg.clone(),
            _ => String::new(),
        };
        let excluded = std::env::args().find(|a| {
            a.starts_with('-') && !a.starts_with("--") && a.starts_with(&given) && a.len() > 1
        });
        if let Some(word) = excluded.filter(|w| w.chars().nth(1).is_some_and(|c| !c.is_ascii())) {
            eprintln!(
                "zonedex: '{word}' reads as an option; to exclude {}, write the whole query in quotes: zonedex search \"… {word}\" (or put -- before the query)",
                &word[1..]
            );
            std::process::exit(2);
        }
    }
    error.exit()
}

/// Runs the command line. `Ok(true)`: something was found (exit 0); `Ok(false)`: nothing (1).
pub fn run() -> anyhow::Result<bool> {
    let cli = Cli::try_parse().unwrap_or_else(|error| exit_with(error));
    match cli.command {
        Command::Index(args) => index::run(args),
        Command::Search(args) => search::run(args),
        Command::Reports(args) => browse::reports(args),
        Command::Zones(args) => browse::zones(args),
        Command::Years(args) => browse::years(args),
        Command::Stats(args) => browse::stats(args),
        Command::Show(args) => browse::show(args),
        Command::Explain(args) => explain::run(args),
        Command::Check(location) => {
            let dir = location.dir();
            let segments = zonedex::engine::reader::verify(&dir)?;
            println!("{}: intact ({segments} segment(s) checked)", dir.display());
            Ok(true)
        }
        Command::Matrix(args) => matrix::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Export(target) => export::run_export(target),
        Command::Dsl(args) => export::run_dsl(args),
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

/// A progress bar of reports on stderr, when it is a terminal and `shown`; `run` gets the
/// callback to report `(done, total)` with, and the bar is cleared when it returns.
pub fn with_report_progress<T>(shown: bool, run: impl FnOnce(&mut dyn FnMut(u64, u64)) -> T) -> T {
    use indicatif::{ProgressBar, ProgressStyle};
    use std::io::IsTerminal;
    let bar = (shown && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} reports {elapsed}")
                .expect("valid template"),
        );
        bar
    });
    let mut progress = |done: u64, total: u64| {
        if let Some(bar) = &bar {
            bar.set_length(total);
            bar.set_position(done);
        }
    };
    let result = run(&mut progress);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    result
}
