//! `zonedex-bench run`: for each size, generate (or reuse) a corpus, then measure indexing,
//! one-shot queries, a batch and re-indexing, and write the results file.

use anyhow::{bail, Context};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::ceiling::CeilingBuild;
use crate::generate::{self, Generator};
use crate::measure::{self, dir_bytes, median_wall, quantile, repeat, Run};
use crate::queries;
use crate::results::{self, *};
use crate::vocab::Vocabulary;

pub const DEFAULT_SEED: u64 = 20_250_101;

#[derive(clap::Args)]
pub struct RunArgs {
    /// Corpus sizes (decimal units), comma-separated
    #[arg(long, default_value = "10MB,100MB,1GB", value_delimiter = ',')]
    pub sizes: Vec<String>,
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Folder for generated corpora, indexes and raw results (reused between runs)
    #[arg(long, default_value = "target/bench")]
    pub work: PathBuf,
    /// Results file; only the part between its zonedex-bench markers is replaced
    #[arg(long, default_value = "BENCHMARKS.md")]
    pub out: PathBuf,
    /// The zonedex binary [default: beside this one]
    #[arg(long)]
    pub zonedex: Option<PathBuf>,
    /// Sizes at which Whoosh+jieba also indexes the corpus
    #[arg(long, default_value = "10MB", value_delimiter = ',')]
    pub whoosh_sizes: Vec<String>,
    /// Sizes at which tantivy alone also indexes the corpus's units (the ceiling)
    #[arg(long, default_value = "10MB,100MB", value_delimiter = ',')]
    pub ceiling_sizes: Vec<String>,
    /// Seconds after which the Whoosh peer is stopped (and reported as not finishing)
    #[arg(long, default_value_t = 600)]
    pub whoosh_timeout: u64,
    /// Python with whoosh and jieba [default: a venv under --work, created from bench/requirements.txt]
    #[arg(long)]
    pub python: Option<PathBuf>,
    #[arg(long)]
    pub no_whoosh: bool,
    /// Skip the SQLite FTS5 peer (it runs at the Whoosh sizes, with the system's python3)
    #[arg(long)]
    pub no_fts5: bool,
    #[arg(long)]
    pub no_rg: bool,
    /// Skip the shipped-corpus figures
    #[arg(long)]
    pub no_shipped: bool,
    /// Index builds per thread count (medians); sizes of 500 MB and more are built once
    #[arg(long, default_value_t = 3)]
    pub index_runs: usize,
    /// Measured runs per one-shot query (after 2 warm-up runs)
    #[arg(long, default_value_t = 10)]
    pub query_runs: usize,
    /// Queries in the batch
    #[arg(long, default_value_t = 1000)]
    pub batch_queries: usize,
    /// jieba's dict.txt [default: the one in the jieba-rs crate zonedex is built with]
    #[arg(long, value_name = "FILE")]
    pub jieba_dict: Option<PathBuf>,
    /// The shipped corpus
    #[arg(long, default_value = "corpus")]
    pub shipped: PathBuf,
    /// Also show results saved by earlier runs for sizes not measured now
    #[arg(long)]
    pub keep_saved: bool,
}

pub fn zonedex_binary(given: Option<&PathBuf>) -> anyhow::Result<PathBuf> {
    let path = match given {
        Some(p) => p.clone(),
        None => std::env::current_exe()?
            .parent()
            .context("no folder for this binary")?
            .join(format!("zonedex{}", std::env::consts::EXE_SUFFIX)),
    };
    if !path.is_file() {
        bail!(
            "no zonedex binary at {} (build it, or pass --zonedex)",
            path.display()
        );
    }
    Ok(path)
}

fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn log(msg: impl AsRef<str>) {
    eprintln!("[zonedex-bench] {}", msg.as_ref());
}

pub fn run(args: RunArgs) -> anyhow::Result<()> {
    let zonedex = zonedex_binary(args.zonedex.as_ref())?;
    std::fs::create_dir_all(&args.work)?;
    let work = args.work.clone();
    let rg = !args.no_rg && have("rg");
    let mut env = Environment::collect(&zonedex);
    env.rg = rg;
    log("loading jieba's dictionary for the generator");
    let vocab = Vocabulary::load(args.jieba_dict.as_deref())?;
    let generator = Generator::new(args.seed, vocab);

    let mut sizes = Vec::new();
    for label in &args.sizes {
        let target = crate::parse_size(label)?;
        let result = measure_size(&args, &zonedex, &generator, label, target, rg)?;
        let saved = work.join(format!("results-{label}.json"));
        std::fs::write(&saved, serde_json::to_string_pretty(&result)?)?;
        sizes.push(result);
    }
    if args.keep_saved {
        for entry in std::fs::read_dir(&work)?.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(label) = name
                .strip_prefix("results-")
                .and_then(|n| n.strip_suffix(".json"))
            else {
                continue;
            };
            if sizes.iter().any(|s: &SizeResult| s.label == label) {
                continue;
            }
            if let Ok(saved) =
                serde_json::from_str::<SizeResult>(&std::fs::read_to_string(entry.path())?)
            {
                sizes.push(saved);
            }
        }
        sizes.sort_by_key(|s| s.target_bytes);
    }
    let shipped = if args.no_shipped || !args.shipped.is_dir() {
        None
    } else {
        Some(measure_shipped(&args, &zonedex)?)
    };
    let text = results::render(&env, &sizes, shipped.as_ref());
    results::write_between_markers(&args.out, &text)?;
    log(format!("wrote {}", args.out.display()));
    Ok(())
}

fn index_cmd(
    zonedex: &Path,
    corpus: &Path,
    index: &Path,
    threads: Option<usize>,
    rebuild: bool,
) -> Command {
    let mut cmd = Command::new(zonedex);
    cmd.arg("index")
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .args(["--quiet", "--json"]);
    if let Some(t) = threads {
        cmd.args(["--threads", &t.to_string()]);
    }
    if rebuild {
        cmd.arg("--rebuild");
    }
    cmd
}

/// One build of tantivy alone (`zonedex-bench ceiling`, this program) on the corpus's units.
fn tantivy_alone(
    work: &Path,
    corpus: &Path,
    label: &str,
    threads: usize,
) -> anyhow::Result<CeilingBuild> {
    let index = work.join(format!("ceiling-{label}"));
    let mut cmd = Command::new(std::env::current_exe()?);
    cmd.arg("ceiling")
        .arg(corpus)
        .arg("--index")
        .arg(&index)
        .args(["--threads", &threads.to_string()]);
    let run = checked(measure::run(&mut cmd, None)?, "zonedex-bench ceiling")?;
    std::fs::remove_dir_all(&index)?;
    Ok(serde_json::from_value(run.json()?)?)
}

fn checked(run: Run, what: &str) -> anyhow::Result<Run> {
    if run.code != Some(0) {
        bail!(
            "{what} failed ({:?}): {}",
            run.code,
            String::from_utf8_lossy(&run.stderr).trim()
        );
    }
    Ok(run)
}

fn measure_size(
    args: &RunArgs,
    zonedex: &Path,
    generator: &Generator,
    label: &str,
    target: u64,
    rg: bool,
) -> anyhow::Result<SizeResult> {
    let load = load_average();
    let corpus = args.work.join(format!("corpus-{label}"));
    let index = args.work.join(format!("index-{label}"));
    log(format!(
        "{label}: generating {} (or reusing it)",
        corpus.display()
    ));
    let started = Instant::now();
    let (stamp, reused) = generate::write_corpus(generator, &corpus, target)?;
    let gen_seconds = started.elapsed().as_secs_f64();
    let manifest = std::fs::read_to_string(corpus.join(generate::MANIFEST))?;
    let rows: Vec<Vec<&str>> = manifest.lines().map(|l| l.split('\t').collect()).collect();
    let gbk_files = rows
        .iter()
        .filter(|r| r.get(4).is_some_and(|e| *e != "utf-8"))
        .count() as u64;
    let pdf_files = rows.iter().filter(|r| r.get(5) == Some(&"true")).count() as u64;
    let plan_files = rows.iter().filter(|r| r.get(3) == Some(&"plan")).count() as u64;
    let mut zones: Vec<&str> = rows.iter().filter_map(|r| r.get(1).copied()).collect();
    zones.sort_unstable();
    zones.dedup();
    let input_bytes = dir_bytes(&corpus, true);

    // Indexing: 1 and 2 threads alternately, the last build (2 threads) is kept.
    let runs = if target >= 500_000_000 {
        1
    } else {
        args.index_runs.max(1)
    };
    let (mut t1, mut t2, mut rss) = (Vec::new(), Vec::new(), 0u64);
    let mut max_load: f64 = 0.0;
    let mut summary = serde_json::Value::Null;
    let ceiling_size = args
        .ceiling_sizes
        .iter()
        .any(|s| s.eq_ignore_ascii_case(label));
    let mut ceiling = Vec::new();
    for k in 0..runs {
        for threads in [1, 2] {
            if ceiling_size {
                max_load = max_load.max(settled_load(label));
                log(format!(
                    "{label}: tantivy alone with {threads} thread(s), run {}/{runs}",
                    k + 1
                ));
                ceiling.push(tantivy_alone(&args.work, &corpus, label, threads)?);
            }
            max_load = max_load.max(settled_load(label));
            log(format!(
                "{label}: indexing with {threads} thread(s), run {}/{runs}",
                k + 1
            ));
            // Every build starts from an empty folder, as a first build does: `--rebuild`
            // keeps an existing index's field options, so a changed schema would not show.
            if index.exists() {
                std::fs::remove_dir_all(&index)?;
            }
            let r = checked(
                measure::run(
                    &mut index_cmd(zonedex, &corpus, &index, Some(threads), true),
                    None,
                )?,
                "zonedex index",
            )?;
            rss = rss.max(r.max_rss);
            let mbs = input_bytes as f64 / 1e6 / r.wall.as_secs_f64();
            if threads == 1 {
                t1.push(mbs)
            } else {
                t2.push(mbs)
            }
            summary = r.json()?;
        }
    }
    let index_bytes = dir_bytes(&index, false);
    let units = summary["total_units"].as_u64().unwrap_or(0);
    let skipped = summary["skipped"].as_array().map_or(0, Vec::len) as u64;
    let warnings = summary["warnings"].as_array().map_or(0, Vec::len) as u64;

    // The peers run at the sizes given for them.
    let peer_size = args
        .whoosh_sizes
        .iter()
        .any(|s| s.eq_ignore_ascii_case(label));
    let whoosh = if args.no_whoosh || !peer_size {
        None
    } else {
        Some(whoosh(args, &corpus, label, input_bytes))
    };

    // One-shot queries.
    log(format!("{label}: choosing query terms by frequency band"));
    let candidates = queries::candidates(generator.vocab());
    let (probes, chosen) = queries::choose(zonedex, &index, units, &candidates)?;
    let mut bands = Vec::new();
    let mut phrases = Vec::new();
    let mut hit_zones = Vec::new();
    for (band, probe, in_band) in &chosen {
        log(format!(
            "{label}: {} band: {} ({:.4}% of units)",
            band.name(),
            probe.query,
            probe.share * 100.0
        ));
        let first = queries::first_hit(zonedex, &index, &probe.query)?;
        let (phrase_sections, _) = queries::count(zonedex, &index, &first.phrase)?;
        phrases.push(first.phrase.clone());
        if let Some(z) = &first.zone {
            hit_zones.push(z.clone());
        }
        let q = |extra: &[String]| {
            let extra = extra.to_vec();
            let term = probe.query.clone();
            let index = index.clone();
            move || {
                let mut c = Command::new(zonedex);
                c.args(["search", "--format", "json", "--index"])
                    .arg(&index)
                    .args(&extra)
                    .arg("--")
                    .arg(&term);
                c
            }
        };
        let mut filter_args = Vec::new();
        if let Some(y) = first.year {
            filter_args.extend(["--year".to_string(), y.to_string()]);
        }
        if let Some(z) = &first.zone {
            filter_args.extend(["--zone".to_string(), z.clone()]);
        }
        let term_runs = repeat(q(&[]), 2, args.query_runs)?;
        let phrase_runs = repeat(
            || {
                let mut c = Command::new(zonedex);
                c.args(["search", "--format", "json", "--index"])
                    .arg(&index)
                    .arg("--")
                    .arg(&first.phrase);
                c
            },
            2,
            args.query_runs,
        )?;
        let filtered_runs = repeat(q(&filter_args), 2, args.query_runs)?;
        let by_runs = repeat(q(&["--by".into(), "zone".into()]), 2, args.query_runs)?;
        let max_rss = [&term_runs, &phrase_runs, &filtered_runs, &by_runs]
            .iter()
            .flat_map(|runs| runs.iter().map(|r| r.max_rss))
            .max()
            .unwrap_or(0);
        let (rg_c, rg_l, rg_files) = if rg {
            let rg_cmd = |flag: &'static str| {
                let term = probe.query.clone();
                let corpus = corpus.clone();
                move || {
                    let mut c = Command::new("rg");
                    c.args(["--no-ignore", flag, "-F", "--"])
                        .arg(&term)
                        .arg(&corpus);
                    c
                }
            };
            let c_runs = repeat(rg_cmd("-c"), 2, args.query_runs)?;
            let l_runs = repeat(rg_cmd("-l"), 2, args.query_runs)?;
            let files = l_runs[0].stdout_text().lines().count() as u64;
            (
                Some(median_wall(&c_runs)),
                Some(median_wall(&l_runs)),
                Some(files),
            )
        } else {
            (None, None, None)
        };
        bands.push(BandResult {
            band: *band,
            in_band: *in_band,
            term: probe.query.clone(),
            sections: probe.sections,
            reports: probe.reports,
            share: probe.share,
            phrase: first.phrase.clone(),
            phrase_share: phrase_sections as f64 / units.max(1) as f64,
            filters: filter_args.join(" "),
            term_s: median_wall(&term_runs),
            phrase_s: median_wall(&phrase_runs),
            filtered_s: median_wall(&filtered_runs),
            by_zone_s: median_wall(&by_runs),
            query_max_rss: max_rss,
            rg_c_s: rg_c,
            rg_l_s: rg_l,
            rg_files,
        });
    }

    // Batch.
    log(format!("{label}: batch of {} queries", args.batch_queries));
    let terms: Vec<String> = probes
        .iter()
        .filter(|p| p.sections > 0)
        .map(|p| p.query.clone())
        .collect();
    let lines = queries::batch_lines(args.batch_queries, args.seed, &terms, &phrases, &hit_zones);
    let batch = measure_batch(
        zonedex,
        &index,
        &args.work,
        label,
        &lines,
        args.index_runs.max(3),
    )?;

    // The search page over this index, for the band terms.
    log(format!("{label}: the search page (zonedex serve)"));
    let band_terms: Vec<String> = bands.iter().map(|b: &BandResult| b.term.clone()).collect();
    let page = page_times(zonedex, &index, &band_terms).unwrap_or_else(|e| {
        log(format!(
            "{label}: the search page could not be measured: {e:#}"
        ));
        Vec::new()
    });

    // Re-index: nothing changed, then 1% of the files changed (and changed back).
    log(format!("{label}: re-indexing"));
    let unchanged = repeat(
        || index_cmd(zonedex, &corpus, &index, None, false),
        0,
        args.index_runs.max(1),
    )?;
    for r in &unchanged {
        if r.code != Some(0) {
            bail!("re-index failed: {}", String::from_utf8_lossy(&r.stderr));
        }
    }
    let changed: Vec<u64> = generate::changed_reports(stamp.files).collect();
    let mut changed_runs = Vec::new();
    for variant in [1, 0] {
        generate::rewrite(generator, &corpus, &changed, variant)?;
        let r = checked(
            measure::run(&mut index_cmd(zonedex, &corpus, &index, None, false), None)?,
            "zonedex index",
        )?;
        let indexed = r.json()?["indexed"].as_u64().unwrap_or(0);
        if indexed != changed.len() as u64 {
            bail!(
                "expected {} re-indexed files, zonedex reported {indexed}",
                changed.len()
            );
        }
        changed_runs.push(r);
    }
    let fts5 = if args.no_fts5 || !peer_size {
        None
    } else {
        // The band terms, and a two-character term (which trigrams cannot answer).
        let mut terms: Vec<(String, Option<u64>)> = bands
            .iter()
            .map(|b: &BandResult| (b.term.clone(), Some(b.reports)))
            .collect();
        let (_, two_reports) = queries::count(zonedex, &index, "普法").unwrap_or((0, 0));
        terms.push(("普法".to_string(), Some(two_reports)));
        Some(fts5(args, &corpus, label, &terms))
    };
    let reindex = ReindexResult {
        unchanged_s: median_wall(&unchanged),
        changed_files: changed.len() as u64,
        changed_s: median_wall(&changed_runs),
        changed_max_rss: changed_runs.iter().map(|r| r.max_rss).max().unwrap_or(0),
    };

    Ok(SizeResult {
        label: label.to_string(),
        load,
        date: now(),
        command: command_line(),
        target_bytes: target,
        files: stamp.files,
        input_bytes,
        units,
        gbk_files,
        pdf_files,
        plan_files,
        zones: zones.len() as u64,
        skipped,
        warnings,
        reused,
        gen_seconds,
        index: IndexResult {
            runs,
            t1_mbs: t1,
            t2_mbs: t2,
            peak_rss: rss,
            index_bytes,
            whoosh,
            max_load,
            fts5,
            ceiling,
        },
        probes,
        bands,
        batch,
        reindex,
        page,
    })
}

/// Starts `zonedex serve` on the index and times the search page for each term: the first
/// request (nothing cached) and the same request again. Plain HTTP/1.1 over a socket.
fn page_times(zonedex: &Path, index: &Path, terms: &[String]) -> anyhow::Result<Vec<PageTime>> {
    use std::io::Read;
    let mut server = Command::new(zonedex)
        .args(["serve", "--port", "0", "--index"])
        .arg(index)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("zonedex serve")?;
    let mut first = String::new();
    BufReader::new(server.stdout.take().context("serve's output")?).read_line(&mut first)?;
    let address = first
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .map(|a| a.trim_end_matches('/').to_string())
        .with_context(|| format!("no address in {first:?}"));
    let fetch = |address: &str, path: &str| -> anyhow::Result<f64> {
        let started = Instant::now();
        let mut stream = std::net::TcpStream::connect(address)?;
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
        )?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer)?;
        if !answer.starts_with(b"HTTP/1.1 200") {
            bail!(
                "{path}: {}",
                String::from_utf8_lossy(&answer[..answer.len().min(80)])
            );
        }
        Ok(started.elapsed().as_secs_f64())
    };
    let times = address.and_then(|address| {
        fetch(&address, "/")?; // the server is up
        terms
            .iter()
            .map(|term| {
                let encoded: String = term.bytes().map(|b| format!("%{b:02X}")).collect();
                let path = format!("/?q={encoded}");
                Ok(PageTime {
                    term: term.clone(),
                    first_s: fetch(&address, &path)?,
                    again_s: fetch(&address, &path)?,
                })
            })
            .collect()
    });
    let _ = server.kill();
    let _ = server.wait();
    times
}

fn measure_batch(
    zonedex: &Path,
    index: &Path,
    work: &Path,
    label: &str,
    lines: &[String],
    runs: usize,
) -> anyhow::Result<BatchResult> {
    let file = work.join(format!("batch-{label}.txt"));
    std::fs::write(&file, lines.join("\n") + "\n")?;
    let whole = repeat(
        || {
            let mut c = Command::new(zonedex);
            c.args(["search", "--index"])
                .arg(index)
                .arg("--batch")
                .arg(&file);
            c
        },
        1,
        runs,
    )?;
    let answered = whole[0].stdout_text().lines().count() as u64;
    let errors = whole[0]
        .stdout_text()
        .lines()
        .filter(|l| l.starts_with('{') && l.contains("\"error\""))
        .count() as u64;
    if answered == 0 {
        return Ok(BatchResult {
            queries: lines.len() as u64,
            answered,
            errors,
            process_s: f64::NAN,
            p50_s: f64::NAN,
            p99_s: f64::NAN,
            note: Some(format!(
                "zonedex search --batch gave no answers: {}",
                String::from_utf8_lossy(&whole[0].stderr).trim()
            )),
        });
    }
    // Per-query latency: one query in, one JSON line out, over a pipe (stdout is flushed per line).
    let mut child = Command::new(zonedex)
        .args(["search", "--index"])
        .arg(index)
        .args(["--batch", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut stdin = child.stdin.take().expect("piped");
    let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
    let mut latencies = Vec::with_capacity(lines.len());
    let mut answer = String::new();
    for line in lines {
        let t = Instant::now();
        stdin.write_all(line.as_bytes())?;
        stdin.write_all(b"\n")?;
        stdin.flush()?;
        answer.clear();
        if stdout.read_line(&mut answer)? == 0 {
            break;
        }
        latencies.push(t.elapsed().as_secs_f64());
    }
    drop(stdin);
    let _ = child.wait();
    // Per-line latencies, to see which kinds of query are slow.
    let tsv: String = lines
        .iter()
        .zip(&latencies)
        .map(|(line, s)| format!("{:.3}\t{line}\n", s * 1e3))
        .collect();
    std::fs::write(work.join(format!("batch-{label}-latency-ms.tsv")), tsv)?;
    Ok(BatchResult {
        queries: lines.len() as u64,
        answered,
        errors,
        process_s: median_wall(&whole),
        p50_s: quantile(latencies.clone(), 0.5),
        p99_s: quantile(latencies, 0.99),
        note: None,
    })
}

/// Creates the Whoosh venv if needed and indexes the corpus with the peer script.
fn whoosh(args: &RunArgs, corpus: &Path, label: &str, input_bytes: u64) -> WhooshResult {
    let failed = |why: String| WhooshResult {
        status: why,
        seconds: None,
        mbs: None,
        peak_rss: None,
    };
    let script = Path::new("bench/whoosh_peer.py");
    if !script.is_file() {
        return failed("bench/whoosh_peer.py not found (run from the project root)".into());
    }
    let python = match python(args) {
        Ok(p) => p,
        Err(e) => return failed(format!("no Python with whoosh and jieba: {e:#}")),
    };
    let out = args.work.join(format!("whoosh-{label}"));
    let _ = std::fs::remove_dir_all(&out);
    log(format!(
        "{label}: indexing with Whoosh+jieba (timeout {} s)",
        args.whoosh_timeout
    ));
    let r = measure::run(
        Command::new(&python).arg(script).arg(corpus).arg(&out),
        Some(Duration::from_secs(args.whoosh_timeout)),
    );
    match r {
        Ok(r) if r.timed_out => failed(format!("did not finish within {} s", args.whoosh_timeout)),
        Ok(r) if r.code == Some(0) => WhooshResult {
            status: "ok".into(),
            seconds: Some(r.wall.as_secs_f64()),
            mbs: Some(input_bytes as f64 / 1e6 / r.wall.as_secs_f64()),
            peak_rss: Some(r.max_rss),
        },
        Ok(r) => failed(format!(
            "failed: {}",
            String::from_utf8_lossy(&r.stderr)
                .lines()
                .last()
                .unwrap_or("")
        )),
        Err(e) => failed(format!("could not run: {e:#}")),
    }
}

/// Builds the SQLite FTS5 peer's database and runs the terms on it.
fn fts5(args: &RunArgs, corpus: &Path, label: &str, terms: &[(String, Option<u64>)]) -> Fts5Result {
    let failed = |why: String| Fts5Result {
        status: why,
        seconds: None,
        db_bytes: None,
        sqlite: None,
        queries: Vec::new(),
    };
    let script = Path::new("bench/fts5_peer.py");
    if !script.is_file() {
        return failed("bench/fts5_peer.py not found (run from the project root)".into());
    }
    let db = args.work.join(format!("fts5-{label}.db"));
    log(format!("{label}: indexing with SQLite FTS5 (trigram)"));
    let run = measure::run(
        Command::new("python3")
            .arg(script)
            .arg(corpus)
            .arg(&db)
            .args(terms.iter().map(|(t, _)| t)),
        Some(Duration::from_secs(args.whoosh_timeout)),
    );
    let r = match run {
        Ok(r) if r.timed_out => {
            return failed(format!("did not finish within {} s", args.whoosh_timeout))
        }
        Ok(r) if r.code == Some(0) => r,
        Ok(r) => {
            return failed(format!(
                "failed: {}",
                String::from_utf8_lossy(&r.stderr)
                    .lines()
                    .last()
                    .unwrap_or("")
            ))
        }
        Err(e) => return failed(format!("could not run: {e:#}")),
    };
    let Ok(v) = r.json() else {
        return failed("its output was not JSON".into());
    };
    Fts5Result {
        status: "ok".into(),
        seconds: v["seconds"].as_f64(),
        db_bytes: v["db_bytes"].as_u64(),
        sqlite: v["sqlite"].as_str().map(str::to_string),
        queries: v["queries"]
            .as_array()
            .map(|qs| {
                qs.iter()
                    .zip(terms)
                    .map(|(q, (term, reports))| {
                        (
                            term.clone(),
                            q["files"].as_u64().unwrap_or(0),
                            *reports,
                            q["ms"].as_f64().unwrap_or(0.0),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// The bench's own builds raise the load average for a minute after they end: before a build,
/// wait (at most this long) for it to fall to [`SETTLED_LOAD`], so that what is left is the
/// load of other work on the machine.
const SETTLE_AT_MOST: std::time::Duration = std::time::Duration::from_secs(180);
const SETTLED_LOAD: f64 = 1.0;

/// The 1-minute load average once the bench's own earlier work has died down (or once
/// [`SETTLE_AT_MOST`] has passed).
fn settled_load(label: &str) -> f64 {
    let started = Instant::now();
    let mut load = one_minute_load();
    if load > SETTLED_LOAD {
        log(format!(
            "{label}: waiting for the load average ({load:.2}) to settle"
        ));
    }
    while load > SETTLED_LOAD && started.elapsed() < SETTLE_AT_MOST {
        std::thread::sleep(std::time::Duration::from_secs(2));
        load = one_minute_load();
    }
    load
}

/// The 1-minute load average now.
fn one_minute_load() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().and_then(|n| n.parse().ok()))
        .unwrap_or(0.0)
}

fn python(args: &RunArgs) -> anyhow::Result<PathBuf> {
    if let Some(p) = &args.python {
        return Ok(p.clone());
    }
    let venv = args.work.join("venv");
    let bin = venv.join("bin").join("python");
    if !bin.is_file() {
        log("creating the Whoosh venv from bench/requirements.txt");
        let ok = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()?
            .success()
            && Command::new(venv.join("bin").join("pip"))
                .args(["install", "--quiet", "-r", "bench/requirements.txt"])
                .status()?
                .success();
        if !ok {
            bail!("could not create {}", venv.display());
        }
    }
    Ok(bin)
}

const SHIPPED_TERMS: &[&str] = &[
    "行政复议",
    "营商环境",
    "合法性审查",
    "公职律师",
    "行政执法",
    "普法",
    "法治",
    "信访",
    "三重一大",
    "执法",
    "复议 OR 诉讼",
    "\"双随机、一公开\"",
    "法律顾问",
    "矛盾纠纷",
    "规范性文件",
];

fn measure_shipped(args: &RunArgs, zonedex: &Path) -> anyhow::Result<ShippedResult> {
    let index = args.work.join("index-shipped");
    log("shipped corpus: indexing");
    checked(
        measure::run(
            &mut index_cmd(zonedex, &args.shipped, &index, None, true),
            None,
        )?,
        "zonedex index",
    )?;
    let query = "行政复议";
    let own = repeat(
        || {
            let mut c = Command::new(zonedex);
            c.args(["search", query, "--index"]).arg(&index);
            c
        },
        3,
        args.query_runs.max(10),
    )?;
    let hyperfine = if have("hyperfine") {
        let json = args.work.join("hyperfine-shipped.json");
        let cmd = format!(
            "{} search {query} --index {}",
            zonedex.display(),
            index.display()
        );
        let status = Command::new("hyperfine")
            .args([
                "-N",
                "--warmup",
                "3",
                "--runs",
                "50",
                "--style",
                "none",
                "--export-json",
            ])
            .arg(&json)
            .arg(&cmd)
            .stdout(Stdio::null())
            .status()?;
        if status.success() {
            let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json)?)?;
            v["results"][0]["median"].as_f64()
        } else {
            None
        }
    } else {
        None
    };
    let terms: Vec<String> = SHIPPED_TERMS.iter().map(|s| s.to_string()).collect();
    let zones = vec!["金昌".to_string(), "凤泉湖".to_string(), "启东".to_string()];
    let lines = queries::batch_lines(1000, args.seed, &terms, &[], &zones);
    let batch = measure_batch(zonedex, &index, &args.work, "shipped", &lines, 5)?;
    Ok(ShippedResult {
        input_bytes: dir_bytes(&args.shipped, true),
        index_bytes: dir_bytes(&index, false),
        query: query.to_string(),
        own_s: median_wall(&own),
        hyperfine_s: hyperfine,
        batch,
    })
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(", "))
        .unwrap_or_default()
}

pub fn now() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

/// The command as typed, with this machine's paths shortened to what the reader can type.
pub fn command_line() -> String {
    let mut parts: Vec<String> = std::env::args().collect();
    if let Some(first) = parts.first_mut() {
        let name = Path::new(first.as_str())
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        *first = format!("target/release/{}", name.unwrap_or_default());
    }
    parts.join(" ")
}
