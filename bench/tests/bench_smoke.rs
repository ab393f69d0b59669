//! Smoke test of zonedex-bench at a tiny size: the generator is deterministic, its reports
//! parse into the zone, year and kind it meant, and a whole bench run writes every row.
//! (The benchmark itself is not part of `cargo test`: see BENCHMARKS.md.)

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn bench() -> Command {
    Command::new(env!("CARGO_BIN_EXE_zonedex-bench"))
}

/// The zonedex binary, which the workspace builds beside the bench's own.
fn zonedex_binary() -> PathBuf {
    let bench = Path::new(env!("CARGO_BIN_EXE_zonedex-bench"));
    let zonedex = bench.with_file_name(format!("zonedex{}", std::env::consts::EXE_SUFFIX));
    assert!(
        zonedex.exists(),
        "{} is not built: run the tests from the project root (`cargo test`), which builds it",
        zonedex.display()
    );
    zonedex
}

fn zonedex() -> Command {
    Command::new(zonedex_binary())
}

fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Every file under `dir` (relative path → bytes).
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

#[test]
fn bench_generates_deterministic_parseable_corpora_and_a_full_results_file() {
    let tmp = tempfile::tempdir().unwrap();

    // A whole run at a tiny size writes every section of the results file, between markers,
    // keeping what is outside them.
    let work = tmp.path().join("work");
    let out = tmp.path().join("BENCH.md");
    std::fs::write(
        &out,
        "# Title\n\nhand-written\n\n<!-- zonedex-bench:begin -->\nold\n<!-- zonedex-bench:end -->\n\ntail\n",
    )
    .unwrap();
    run_ok(
        bench()
            .args([
                "run",
                "--sizes",
                "200KB",
                "--seed",
                "7",
                "--no-whoosh",
                "--no-shipped",
                "--ceiling-sizes",
                "200KB",
            ])
            .args([
                "--index-runs",
                "1",
                "--query-runs",
                "1",
                "--batch-queries",
                "20",
            ])
            .arg("--work")
            .arg(&work)
            .arg("--out")
            .arg(&out)
            .arg("--zonedex")
            .arg(zonedex_binary()),
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("# Title\n\nhand-written\n") && text.trim_end().ends_with("tail"));
    assert!(!text.contains("\nold\n"), "the generated part is replaced");
    for heading in [
        "### Corpora",
        "### Indexing",
        "### tantivy alone",
        "### One-shot queries",
        "### Batch",
        "### Re-index",
        "### The search page",
        "### Targets",
    ] {
        assert!(text.contains(heading), "{heading} missing:\n{text}");
    }
    let rows = |prefix: &str| text.lines().filter(|l| l.starts_with(prefix)).count();
    assert_eq!(
        rows("| 200KB |"),
        5 + 3 + 3,
        "corpus, indexing, tantivy-alone, batch and re-index rows, one row per band, and one page row per band:\n{text}"
    );
    for band in ["| rare", "| mid", "| common"] {
        assert!(
            text.contains(&format!("| 200KB {band}")),
            "{band} row missing:\n{text}"
        );
    }
    assert!(!text.contains("pending"), "the batch ran:\n{text}");
    // tantivy alone indexed the very units zonedex did, with 1 and then 2 threads.
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(work.join("results-200KB.json")).unwrap()).unwrap();
    let ceiling = saved["index"]["ceiling"].as_array().unwrap();
    let threads: Vec<u64> = ceiling
        .iter()
        .map(|b| b["threads"].as_u64().unwrap())
        .collect();
    assert_eq!(threads, [1, 2]);
    for build in ceiling {
        assert_eq!(build["units"], saved["units"], "{build}");
        assert!(build["index_wall_s"].as_f64().unwrap() > 0.0, "{build}");
    }
    assert!(!work.join("ceiling-200KB").exists(), "its index is removed");

    // The generator is deterministic: the same seed gives the same bytes (the run's corpus,
    // after its 1% change and restore, equals a fresh one).
    let corpus = work.join("corpus-200KB");
    let fresh = tmp.path().join("fresh");
    run_ok(
        bench()
            .arg("generate")
            .arg(&fresh)
            .args(["--size", "200KB", "--seed", "7"]),
    );
    let (fa, fb) = (files(&corpus), files(&fresh));
    assert!(fa.len() > 10, "a 200 KB corpus has more than ten reports");
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    assert!(fa == fb, "same seed, same bytes");

    // The manifest says what each report is; the indexer read the same from the text.
    let reports: serde_json::Value = serde_json::from_str(&run_ok(
        zonedex()
            .args(["reports", "--format", "json", "--index"])
            .arg(work.join("index-200KB")),
    ))
    .unwrap();
    let by_path: BTreeMap<&str, &serde_json::Value> = reports
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["path"].as_str().unwrap(), r))
        .collect();
    let manifest = std::fs::read_to_string(corpus.join(".bench-manifest.tsv")).unwrap();
    let mut encodings = std::collections::BTreeSet::new();
    for line in manifest.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        let (path, zone, year, kind) = (cols[0], cols[1], cols[2], cols[3]);
        encodings.insert(cols[4]);
        let r = by_path
            .get(path)
            .unwrap_or_else(|| panic!("{path} not indexed"));
        assert_eq!(r["zone"].as_str(), Some(zone), "{path}");
        assert_eq!(r["year"].as_u64(), year.parse().ok(), "{path}");
        assert_eq!(r["kind"].as_str(), Some(kind), "{path}");
    }
    assert_eq!(by_path.len(), manifest.lines().count());
    assert!(
        encodings.contains("utf-8") && encodings.len() > 1,
        "some GBK files: {encodings:?}"
    );
}
