//! Helpers for tests that run the real binary.

#![allow(dead_code)] // each test file uses its own subset

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

pub fn zonedex() -> Command {
    Command::cargo_bin("zonedex").expect("binary built")
}

/// One index of the shipped corpus, built once per test binary.
pub fn shared_index() -> &'static Path {
    static INDEX: OnceLock<tempfile::TempDir> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            zonedex()
                .args(["index", "--quiet", "--index"])
                .arg(dir.path())
                .arg(corpus())
                .assert()
                .success();
            dir
        })
        .path()
}

/// Runs `zonedex COMMAND --index <shared index> REST…` and returns (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let (command, rest) = args.split_first().expect("a subcommand");
    let output = zonedex()
        .arg(command)
        .arg("--index")
        .arg(shared_index())
        .args(rest)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("utf-8 stdout"),
        String::from_utf8(output.stderr).expect("utf-8 stderr"),
    )
}

pub fn json(args: &[&str]) -> serde_json::Value {
    let (code, out, err) = run(args);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
}

/// Runs a prepared command and returns (exit code, stdout, stderr), both decoded lossily.
/// Exit code -1: killed by a signal.
pub fn outcome(command: &mut Command) -> (i32, String, String) {
    let output = command.output().expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `zonedex index CORPUS --index INDEX --json --quiet EXTRA…`: (exit code, summary, stderr).
pub fn index_summary(
    corpus: &Path,
    index: &Path,
    extra: &[&str],
) -> (i32, serde_json::Value, String) {
    let (code, out, err) = outcome(
        zonedex()
            .arg("index")
            .arg(corpus)
            .arg("--index")
            .arg(index)
            .args(["--json", "--quiet"])
            .args(extra),
    );
    (
        code,
        serde_json::from_str(&out).unwrap_or(serde_json::Value::Null),
        err,
    )
}

/// `zonedex COMMAND --index INDEX REST…` with colour off: (exit code, stdout, stderr).
pub fn run_on(index: &Path, args: &[&str]) -> (i32, String, String) {
    let (command, rest) = args.split_first().expect("a subcommand");
    outcome(
        zonedex()
            .arg(command)
            .arg("--index")
            .arg(index)
            .args(rest)
            .env("NO_COLOR", "1"),
    )
}

/// `zonedex search --index INDEX --format json ARGS…`, which must exit 0 or 1.
pub fn search_json(index: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["search", "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = run_on(index, &all);
    assert!(
        code == 0 || code == 1,
        "search {args:?}: exit {code}: {err}"
    );
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
}

/// (path, units) of every report in the index, sorted; a duplicated report shows up twice.
pub fn unit_counts(index: &Path) -> Vec<(String, u64)> {
    let (code, out, err) = run_on(index, &["reports", "--format", "json"]);
    assert!(code == 0 || code == 1, "reports: exit {code}: {err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("reports JSON");
    let mut counts: Vec<(String, u64)> = v
        .as_array()
        .expect("an array of reports")
        .iter()
        .map(|r| {
            (
                r["path"].as_str().unwrap().to_string(),
                r["units"].as_u64().unwrap(),
            )
        })
        .collect();
    counts.sort();
    counts
}

/// The text of a shipped report.
pub fn seed_text(name: &str) -> String {
    std::fs::read_to_string(corpus().join(name)).expect("a shipped report")
}

/// Copies the shipped reports into `to`.
pub fn copy_seed_corpus(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(corpus()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// A work folder: `docs/` holding the shipped reports, indexed into `idx/`.
pub fn indexed_seed_corpus() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    let index = work.path().join("idx");
    copy_seed_corpus(&docs);
    let (code, summary, err) = index_summary(&docs, &index, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary["indexed"], 5);
    (work, docs, index)
}

/// Copies the files of `from` (not its sub-folders) into `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// Starts `zonedex index CORPUS --index INDEX --quiet` in the background (stderr piped, for
/// the failure message).
pub fn spawn_index(corpus: &Path, index: &Path) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("zonedex"))
        .arg("index")
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .arg("--quiet")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("zonedex starts")
}

/// Every file name and size under `dir`, recursively: to show that nothing was touched.
pub fn listing(dir: &Path) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            let name = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if path.is_dir() {
                for (sub, size) in listing(&path) {
                    out.push((format!("{name}/{sub}"), size));
                }
            } else {
                out.push((name, entry.metadata().map_or(0, |m| m.len())));
            }
        }
    }
    out.sort();
    out
}

/// A small deterministic random generator (xorshift64*), so generated corpora are the same
/// on every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Sentences of the shipped reports (split at 。 and line ends, spaces removed).
pub fn seed_sentences() -> Vec<String> {
    let mut sentences = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for path in names {
        let text = std::fs::read_to_string(path).unwrap();
        for piece in text.split(['。', '\n']) {
            let piece: String = piece.chars().filter(|c| !c.is_whitespace()).collect();
            if piece.chars().count() >= 8 {
                sentences.push(piece + "。");
            }
        }
    }
    sentences
}

/// Writes reports of shuffled sentences from the shipped corpus into `dir` until about
/// `total_bytes` are written; each report has a title, five level-1 and thirty level-2
/// headings, and one sentence containing `must_contain` (when given). Returns the texts.
pub fn generate_corpus(
    dir: &Path,
    total_bytes: usize,
    seed: u64,
    must_contain: Option<&str>,
) -> Vec<(String, String)> {
    const NUMBERS: [&str; 6] = ["一", "二", "三", "四", "五", "六"];
    const HEADINGS: [&str; 5] = [
        "工作举措和成效",
        "存在的问题",
        "下一步工作打算",
        "主要措施",
        "其他工作",
    ];
    std::fs::create_dir_all(dir).unwrap();
    let sentences = seed_sentences();
    let mut rng = Rng::new(seed);
    let mut written = 0;
    let mut files = Vec::new();
    while written < total_bytes {
        let n = files.len();
        let mut text =
            format!("第{n}号经济技术开发区管理委员会关于2023年度法治政府建设情况的报告\n\n");
        for (h, number) in NUMBERS.iter().take(5).enumerate() {
            text.push_str(&format!("{number}、{}\n\n", HEADINGS[(h + n) % 5]));
            for sub in NUMBERS {
                text.push_str(&format!("（{sub}）"));
                for _ in 0..3 + rng.below(10) {
                    text.push_str(&sentences[rng.below(sentences.len())]);
                }
                text.push_str("\n\n");
            }
        }
        if let Some(term) = must_contain {
            text.push_str(&format!("（七）本区持续推进{term}规范化建设。\n"));
        }
        let name = format!("gen-{seed}-{n:04}.txt");
        std::fs::write(dir.join(&name), &text).unwrap();
        written += text.len();
        files.push((name, text));
    }
    files
}

/// `grep -o TERM | wc -l` over `text` with line breaks and spaces removed inside paragraphs
/// (blank lines separate paragraphs; the cleaner re-joins broken lines).
pub fn occurrences(text: &str, term: &str) -> usize {
    text.split("\n\n")
        .map(|paragraph| {
            let joined: String = paragraph.chars().filter(|c| !c.is_whitespace()).collect();
            joined.matches(term).count()
        })
        .sum()
}
