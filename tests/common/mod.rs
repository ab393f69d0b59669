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
