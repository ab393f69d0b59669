//! An update killed with SIGKILL, searches during an update, and a second indexer: nothing is
//! lost, nothing is duplicated, and a reader sees the old or the new index, never a mixture.
//! The update runs over a corpus generated here from the shipped reports' sentences.

mod common;

use common::{
    copy_seed_corpus, generate_corpus, index_summary, indexed_seed_corpus, occurrences, outcome,
    run_on, search_json, seed_text, spawn_index, unit_counts, zonedex,
};
use serde_json::Value;
use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

/// Generated text added by the update: big enough that a debug build spends several seconds
/// analysing it, small enough to keep the test short.
const UPDATE_BYTES: usize = 5_000_000;

/// Files in `dir` that are not in `before`.
fn new_files(dir: &Path, before: &[(String, u64)]) -> Vec<String> {
    common::listing(dir)
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| !before.iter().any(|(old, _)| old == name))
        .collect()
}

/// Waits until the indexer has started writing segment files into `index` (so it holds the
/// writer lock and has work under way). False: it finished, or never wrote, within a minute.
fn wait_until_writing(child: &mut Child, index: &Path, before: &[(String, u64)]) -> bool {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        if new_files(index, before).iter().any(|f| f.ends_with(".idx")) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    false
}

/// The answers a user would compare: the report list and three searches, as printed.
fn answers(index: &Path) -> Vec<String> {
    [
        &["reports", "--format", "json"][..],
        &["search", "行政复议", "--by", "report", "--format", "json"],
        &["search", "法治政府", "--limit", "1000", "--format", "json"],
        &[
            "search",
            "公职律师 OR 合法性审查",
            "--by",
            "zone,year",
            "--format",
            "csv",
        ],
    ]
    .iter()
    .map(|args| {
        let (code, out, err) = run_on(index, args);
        assert!(code == 0 || code == 1, "{args:?}: exit {code}: {err}");
        out
    })
    .collect()
}

fn built_at(index: &Path) -> String {
    let v = search_json(index, &["法治"]);
    v["index"]["built_at"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn an_update_killed_with_sigkill_loses_nothing() {
    let (work, docs, index) = indexed_seed_corpus();
    let before = answers(&index);
    let before_built = built_at(&index);
    let before_files = common::listing(&index);

    // The update: one report removed, one changed, many added.
    std::fs::remove_file(docs.join("jinchang-2023-report.txt")).unwrap();
    let qidong = seed_text("qidong-2023-report.txt");
    std::fs::write(
        docs.join("qidong-2023-report.txt"),
        format!("{qidong}\n三、补充说明\n\n全年办理行政复议案件3件。\n"),
    )
    .unwrap();
    let added = generate_corpus(&docs.join("generated"), UPDATE_BYTES, 1, Some("行政复议"));

    let mut child = spawn_index(&docs, &index);
    let writing = wait_until_writing(&mut child, &index, &before_files);
    child.kill().unwrap(); // SIGKILL; harmless if it has already exited
    let status = child.wait().unwrap();
    if !writing {
        eprintln!("note: the update ended ({status}) before it could be killed while writing");
    }

    // The killed run's commit either happened in full or not at all.
    if built_at(&index) == before_built {
        assert_eq!(answers(&index), before, "the old index answers as before");
    } else {
        eprintln!("note: the kill landed after the commit");
        assert!(!writing || status.code().is_none());
    }

    // A re-run completes and ends where a fresh --rebuild of the same corpus ends.
    let (code, summary, err) = index_summary(&docs, &index, &[]);
    assert_eq!(code, 0, "{err}");
    if summary["committed"] == true {
        assert_eq!(summary["removed"], 1, "{summary}");
        assert_eq!(summary["indexed"], added.len() as u64 + 1, "{summary}");
    }
    let fresh = work.path().join("fresh");
    let (code, rebuilt, err) = index_summary(&docs, &fresh, &["--rebuild"]);
    assert_eq!(code, 0, "{err}");
    let counts = unit_counts(&index);
    assert_eq!(counts, unit_counts(&fresh), "per-report unit counts");
    assert_eq!(counts.len(), 4 + added.len());
    assert_eq!(summary["total_units"], rebuilt["total_units"]);

    // Nothing duplicated or missing: counts match the text, and the two indexes agree.
    let v = search_json(&index, &["行政复议", "--by", "report"]);
    let expected: usize = added
        .iter()
        .map(|(_, text)| occurrences(text, "行政复议"))
        .sum::<usize>()
        + 4 // the scrubbed report
        + 11 // the 兰州 plan
        + 1; // the sentence added to 启东
    assert_eq!(v["total"]["occurrences"], expected as u64);
    assert_eq!(
        v["groups"],
        search_json(&fresh, &["行政复议", "--by", "report"])["groups"]
    );
    assert!(
        !counts
            .iter()
            .any(|(path, _)| path == "jinchang-2023-report.txt"),
        "the removed 金昌 report is gone"
    );
}

#[test]
fn searches_during_an_update_see_the_old_or_the_new_index_and_a_second_indexer_is_busy() {
    let (_work, docs, index) = indexed_seed_corpus();
    let query = ["行政复议", "--count"];
    let old = search_json(&index, &query)["total"].clone();
    // 行政复议: 11 times in the 兰州 plan, 4 in the scrubbed report.
    assert_eq!(old["occurrences"], 15);
    let old_reports = unit_counts(&index).len();
    let before_files = common::listing(&index);
    let added = generate_corpus(&docs.join("generated"), UPDATE_BYTES, 2, Some("行政复议"));
    // A changed report too: its old sections are deleted, so the commit replaces files that
    // readers of the old commit use.
    let qidong = seed_text("qidong-2023-report.txt");
    std::fs::write(
        docs.join("qidong-2023-report.txt"),
        format!(
            "{qidong}
三、补充说明

本年度无其他事项。
"
        ),
    )
    .unwrap();

    let mut child = spawn_index(&docs, &index);
    assert!(
        wait_until_writing(&mut child, &index, &before_files),
        "the update should take longer than starting up"
    );
    // A second indexer on the same index is turned away.
    let (code, _, err) = outcome(zonedex().arg("index").arg(&docs).arg("--index").arg(&index));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("busy"), "{err}");

    // Searches in a loop until the update is over.
    let mut seen = Vec::new();
    let mut report_counts = Vec::new();
    loop {
        let running = child.try_wait().unwrap().is_none();
        seen.push(search_json(&index, &query)["total"].clone());
        report_counts.push(unit_counts(&index).len());
        if !running {
            break;
        }
    }
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let new = search_json(&index, &query)["total"].clone();
    let added_occurrences: usize = added
        .iter()
        .map(|(_, text)| occurrences(text, "行政复议"))
        .sum();
    assert_eq!(new["occurrences"], 15 + added_occurrences as u64);
    assert_eq!(new["reports"], 2 + added.len() as u64);
    for total in &seen {
        assert!(*total == old || *total == new, "a mixture: {total}");
    }
    for count in &report_counts {
        assert!(
            *count == old_reports || *count == old_reports + added.len(),
            "{count} reports"
        );
    }
    assert!(seen.len() >= 2, "searched {} times", seen.len());
    assert_eq!(seen.last(), Some(&new));
    eprintln!(
        "{} searches during the update: {} saw the old index",
        seen.len(),
        seen.iter().filter(|t| **t == old).count()
    );
}

#[test]
fn search_without_index_answers_from_the_last_commit_while_an_indexer_runs() {
    // `zonedex search` with the default corpus/ and index/ brings the index up to date first;
    // with an indexer running it must answer from the last commit instead of waiting.
    let work = tempfile::tempdir().unwrap();
    let corpus = work.path().join("corpus");
    copy_seed_corpus(&corpus);
    let index = work.path().join("index");
    let (code, _, err) = index_summary(&corpus, &index, &[]);
    assert_eq!(code, 0, "{err}");
    let before_files = common::listing(&index);
    let added = generate_corpus(&corpus.join("generated"), UPDATE_BYTES, 3, None);
    let mut child = spawn_index(&corpus, &index);
    assert!(wait_until_writing(&mut child, &index, &before_files));
    let (code, out, err) = outcome(zonedex().current_dir(work.path()).args([
        "search",
        "公职律师",
        "--count",
        "--format",
        "json",
    ]));
    // The lock is held until the indexer exits.
    let indexer_ran_throughout = child.try_wait().unwrap().is_none();
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    // 公职律师: 5 times in the 兰州 plan, 3 in 启东's report; the generated reports reuse
    // their sentences.
    let generated: usize = added.iter().map(|(_, t)| occurrences(t, "公职律师")).sum();
    let total = v["total"]["occurrences"].as_u64().unwrap();
    assert!(total == 8 || total == 8 + generated as u64, "{v}");
    if indexer_ran_throughout {
        assert!(err.contains("answering from its last commit"), "{err}");
    }
}
