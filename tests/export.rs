//! `zonedex export opensearch` and `zonedex dsl` on the shipped corpus.
//!
//! Golden files (`tests/golden/opensearch/`) hold the mapping, the first bulk lines and the
//! DSL of ten queries; each was read and checked by hand when written. After a deliberate
//! change, `ZONEDEX_BLESS=1 cargo test --test export` rewrites them — read the diff.

mod common;

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/opensearch")
        .join(name)
}

/// Compares `actual` with a golden file (or writes it under ZONEDEX_BLESS=1).
fn check_golden(name: &str, actual: &str) {
    let path = golden(name);
    if std::env::var_os("ZONEDEX_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(actual, expected, "{name} differs from its golden file");
}

fn export_to(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["export", "opensearch"];
    let out = dir.to_str().unwrap();
    args.push(out);
    args.extend_from_slice(extra);
    // `run` puts --index after the first word; export's own subcommand comes first.
    common::outcome(
        common::zonedex()
            .args(&args)
            .arg("--index")
            .arg(common::shared_index()),
    )
}

/// Every (action, document) pair of the bulk files, in file order, checking that each
/// document line follows an action line.
fn bulk_pairs(dir: &Path) -> (Vec<String>, Vec<(Value, Value)>) {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with("bulk-"))
        .collect();
    files.sort();
    let mut pairs = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        assert!(
            text.ends_with('\n'),
            "{file}: a bulk body ends with a newline"
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines.len() % 2,
            0,
            "{file}: an action line without its document"
        );
        for pair in lines.chunks(2) {
            let action: Value = serde_json::from_str(pair[0]).expect("action line is JSON");
            let document: Value = serde_json::from_str(pair[1]).expect("document line is JSON");
            assert!(
                action["index"]["_id"].is_string(),
                "{file}: not an action: {action}"
            );
            assert!(
                document.get("index").is_none(),
                "{file}: two actions in a row"
            );
            pairs.push((action, document));
        }
    }
    (files, pairs)
}

#[test]
fn export_writes_every_section_once_with_a_stable_id() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("os");
    let (code, stdout, err) = export_to(&out, &["--quiet"]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("LOAD.md"), "{stdout}");
    let (files, pairs) = bulk_pairs(&out);
    assert_eq!(files, ["bulk-0001.ndjson"]);

    // As many documents as the index has sections, each report's sections numbered 0..n.
    let stats = common::json(&["stats", "--format", "json"]);
    assert_eq!(pairs.len() as u64, stats["sections"].as_u64().unwrap());
    let mut by_report: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    let mut ids = BTreeSet::new();
    for (action, document) in &pairs {
        let path = document["path"].as_str().unwrap().to_string();
        let number = document["section_number"].as_u64().unwrap();
        assert_eq!(action["index"]["_id"], format!("{path}#{number}"));
        assert!(
            ids.insert(action["index"]["_id"].to_string()),
            "a repeated id"
        );
        by_report.entry(path).or_default().push(number);
    }
    assert_eq!(by_report.len(), 5);
    for (path, numbers) in &by_report {
        let expected: Vec<u64> = (0..numbers.len() as u64).collect();
        assert_eq!(
            numbers, &expected,
            "{path}: sections out of order or missing"
        );
    }

    // The first document is the Chaozhou report's opening, as its text reads: the document
    // number 凤高委报[2023]8号 on line 3, printed 2023-11-17 (its last line), a high-tech zone
    // in Guangdong, Chaozhou; its paragraphs are lines 1, 3, 5, 7 and 9 of the file.
    let (_, first) = &pairs[0];
    assert_eq!(first["path"], "chaozhou-fengquanhu-2023-report.txt");
    assert_eq!(first["section"], "preamble");
    assert_eq!(first["zone"], "潮州凤泉湖高新技术产业开发区");
    assert_eq!(first["year"], 2023);
    assert_eq!(first["date"], "2023-11-17");
    assert_eq!(first["province"], "广东省");
    assert_eq!(first["city"], "潮州市");
    assert_eq!(first["line"], 1);
    assert_eq!(first["doc_number"], "凤高委报[2023]8号");
    assert_eq!(first["area_type"], "high-tech-zone");
    assert_eq!(
        first["line_map"]["lines"],
        serde_json::json!([1, 3, 5, 7, 9])
    );
    assert_eq!(
        first["recall"][2],
        "潮州凤泉湖高新区2023年法治政府建设年度报告"
    );
    let text = std::fs::read_to_string(out.join("bulk-0001.ndjson")).unwrap();
    let head: Vec<&str> = text.lines().take(4).collect();
    check_golden("bulk-head.ndjson", &(head.join("\n") + "\n"));
    check_golden(
        "index.json",
        &std::fs::read_to_string(out.join("index.json")).unwrap(),
    );
    let load = std::fs::read_to_string(out.join("LOAD.md")).unwrap();
    assert!(load.contains("--data-binary @index.json"), "{load}");
    assert!(
        load.contains(&format!("{} documents", pairs.len())),
        "{load}"
    );

    // The same index exports to the same bytes: ids and order do not depend on the run.
    let again = work.path().join("again");
    assert_eq!(export_to(&again, &["--quiet"]).0, 0);
    assert_eq!(
        std::fs::read(out.join("bulk-0001.ndjson")).unwrap(),
        std::fs::read(again.join("bulk-0001.ndjson")).unwrap()
    );
}

#[test]
fn the_recall_field_finds_what_zonedex_finds() {
    // A match_phrase over the bigrams of `recall` is a substring match inside one paragraph:
    // emulated here on the exported paragraphs, it must select the sections zonedex selects.
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("os");
    assert_eq!(export_to(&out, &["--quiet"]).0, 0);
    let (_, pairs) = bulk_pairs(&out);
    for term in [
        "行政复议",
        "法治政府建设",
        "合法性审查",
        "应诉",
        "双随机、一公开",
        "\"(一)\"",
        "led",
    ] {
        let folded = zonedex::export::recall_word(term.trim_matches('"'));
        let folded: String = folded.iter().collect();
        let mut cluster: Vec<String> = pairs
            .iter()
            .filter(|(_, d)| {
                d["recall"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|p| p.as_str().unwrap().contains(&folded))
            })
            .map(|(a, _)| a["index"]["_id"].as_str().unwrap().to_string())
            .collect();
        cluster.sort();
        let v = common::json(&[
            "search", term, "--exact", "--limit", "all", "--format", "json",
        ]);
        let mut zonedex: Vec<String> = v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                // The hit's section number is not in the hit; its path and section path are.
                let path = h["path"].as_str().unwrap();
                let section_path = h["section_path"].as_str().unwrap();
                pairs
                    .iter()
                    .find(|(_, d)| d["path"] == path && d["section_path"] == section_path)
                    .map(|(a, _)| a["index"]["_id"].as_str().unwrap().to_string())
                    .unwrap()
            })
            .collect();
        zonedex.sort();
        assert!(!zonedex.is_empty(), "{term}: the shipped reports have it");
        assert_eq!(cluster, zonedex, "{term}");
    }
}

#[test]
fn bulk_files_stay_under_their_size_and_the_folder_is_guarded() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("os");
    let (code, _, err) = export_to(&out, &["--quiet", "--bulk-size", "20KB"]);
    assert_eq!(code, 0, "{err}");
    let (files, pairs) = bulk_pairs(&out);
    assert!(files.len() > 5, "{files:?}");
    for file in &files {
        let bytes = std::fs::metadata(out.join(file)).unwrap().len();
        let lines = std::fs::read_to_string(out.join(file))
            .unwrap()
            .lines()
            .count();
        assert!(
            bytes <= 20_000 || lines == 2,
            "{file}: {bytes} bytes, {lines} lines"
        );
    }
    let stats = common::json(&["stats", "--format", "json"]);
    assert_eq!(pairs.len() as u64, stats["sections"].as_u64().unwrap());

    // A second export replaces the first (no stale bulk file of the smaller size is left).
    assert_eq!(export_to(&out, &["--quiet"]).0, 0);
    assert_eq!(bulk_pairs(&out).0, ["bulk-0001.ndjson"]);

    // A folder with other files is not written into.
    let mine = work.path().join("mine");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("notes.txt"), "keep me").unwrap();
    let (code, _, err) = export_to(&mine, &["--quiet"]);
    assert_eq!(code, 2);
    assert!(err.contains("notes.txt"), "{err}");
    assert_eq!(
        std::fs::read_to_string(mine.join("notes.txt")).unwrap(),
        "keep me"
    );
    assert!(!mine.join("index.json").exists());
    let (code, _, err) = export_to(&out, &["--bulk-size", "10XB"]);
    assert_eq!(code, 2, "{err}");
}

/// The ten queries whose DSL is kept: name, then the arguments of `zonedex dsl`.
const DSL_QUERIES: [(&str, &[&str]); 10] = [
    ("01-word", &["行政复议"]),
    ("02-one-char", &["法"]),
    ("03-and-not", &["行政复议 -应诉"]),
    ("04-or-group", &["(复议 OR 诉讼) 执法"]),
    ("05-phrase", &["\"双随机、一公开\""]),
    (
        "06-filters",
        &["行政执法", "--section", "problems", "--year", "2022..2023"],
    ),
    ("07-zone-by", &["营商环境 zone:金昌", "--by", "zone,year"]),
    (
        "08-glossary",
        &["administrative reconsideration", "--by", "report"],
    ),
    ("09-sentence", &["同句(行政复议 应诉)"]),
    (
        "10-distance",
        &["\"公职律师 法律顾问\"~10 -zone:unknown", "--limit", "50"],
    ),
];

#[test]
fn dsl_of_ten_queries_matches_the_golden_files() {
    for (name, args) in DSL_QUERIES {
        let mut all = vec!["dsl"];
        all.extend_from_slice(args);
        let (code, out, err) = common::run(&all);
        assert_eq!(code, 0, "{name}: {err}");
        let parsed: Value = serde_json::from_str(&out).expect("DSL is JSON");
        assert!(parsed["query"]["bool"]["filter"].is_array(), "{name}");
        check_golden(&format!("dsl/{name}.json"), &out);
    }
    // What OpenSearch cannot ask in one query is refused with the reason.
    let (code, _, err) = common::run(&["dsl", "公职律师 -法律顾问", "--scope", "report"]);
    assert_eq!(code, 2);
    assert!(err.contains("no one-query form"), "{err}");
    let (code, _, err) = common::run(&["dsl", "复议 (", "--by", "zone"]);
    assert_eq!(code, 2);
    assert!(err.contains("column"), "{err}");
}
