//! The indexer on real and deliberately broken corpora.

mod common;

use common::{corpus, zonedex};
use serde_json::Value;
use std::path::Path;
use zonedex::engine::schema::SCHEMA_VERSION;

fn index_json(corpus: &Path, index: &Path, extra: &[&str]) -> (i32, Value, String) {
    let output = zonedex()
        .arg("index")
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .args(["--json", "--quiet"])
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    let code = output.status.code().unwrap_or(-1);
    let json = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (code, json, stderr)
}

fn copy_corpus(to: &Path) {
    for entry in std::fs::read_dir(corpus()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

#[test]
fn indexes_the_shipped_corpus_then_only_what_changed() {
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    let index = work.path().join("idx");
    std::fs::create_dir(&docs).unwrap();
    copy_corpus(&docs);

    let (code, first, err) = index_json(&docs, &index, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(first["indexed"], 5);
    assert_eq!(first["skipped"].as_array().unwrap().len(), 0);
    // Units: preamble + headings (+ closing block) of each report; the 兰州 plan alone has
    // 8 level-1 headings and 29 numbered items.
    assert!(first["total_units"].as_u64().unwrap() > 8 + 29);

    let (_, again, _) = index_json(&docs, &index, &[]);
    assert_eq!(again["unchanged"], 5);
    assert_eq!(again["indexed"], 0);
    assert_eq!(again["committed"], false);
    assert_eq!(again["total_units"], first["total_units"]);

    std::fs::write(
        docs.join("qidong-2023-report.txt"),
        "启东经济开发区2023年度法治政府建设情况报告\n\n一、存在不足\n\n行政复议工作有待加强。\n",
    )
    .unwrap();
    std::fs::remove_file(docs.join("jinchang-2023-report.txt")).unwrap();
    let (_, changed, _) = index_json(&docs, &index, &[]);
    assert_eq!(changed["indexed"], 1);
    assert_eq!(changed["removed"], 1);
    assert_eq!(changed["unchanged"], 3);
    assert_eq!(changed["total_files"], 4);
    // The kept 潮州 report's short form still names its zone after the update: the zone list
    // of the new commit is rebuilt from what the index keeps of unchanged reports.
    // 合法性审查 occurs twice in that report (grep over its text).
    let by_short_form = common::search_json(&index, &["合法性审查", "--zone", "凤泉湖高新区"]);
    assert_eq!(by_short_form["total"]["occurrences"], 2, "{by_short_form}");
    assert_eq!(by_short_form["total"]["reports"], 1);

    let (_, rebuilt, _) = index_json(&docs, &index, &["--rebuild"]);
    assert_eq!(rebuilt["indexed"], 4);
    assert_eq!(rebuilt["total_units"], changed["total_units"]);
}

#[test]
fn broken_files_are_skipped_with_reasons_and_good_ones_indexed() {
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    std::fs::create_dir_all(docs.join("deep/er")).unwrap();
    std::fs::write(docs.join("empty.txt"), "").unwrap();
    std::fs::write(docs.join("blank.txt"), " \n\n\t \n").unwrap();
    std::fs::write(docs.join("binary.txt"), b"\x00\x01\x02PK\x00\x00garbage").unwrap();
    // GBK bytes of a short report.
    let (gbk, _, _) = encoding_rs::GBK.encode("某某县人民政府关于2022年度法治政府建设情况的报告\n\n一、主要举措\n\n推进行政复议规范化建设。\n");
    std::fs::write(docs.join("deep/er/gbk.txt"), &gbk).unwrap();
    let index = work.path().join("idx");
    let (code, summary, err) = index_json(&docs, &index, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary["indexed"], 1);
    let skipped: Vec<(String, String)> = summary["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap().into(),
                s["message"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(skipped.len(), 3, "{skipped:?}");
    assert!(skipped
        .iter()
        .any(|(p, m)| p == "empty.txt" && m.contains("empty")));
    assert!(skipped
        .iter()
        .any(|(p, m)| p == "blank.txt" && m.contains("whitespace")));
    assert!(skipped
        .iter()
        .any(|(p, m)| p == "binary.txt" && m.contains("NUL")));

    let output = zonedex()
        .args(["search", "行政复议", "--format", "json", "--index"])
        .arg(&index)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(v["hits"][0]["path"], "deep/er/gbk.txt");
    assert_eq!(v["hits"][0]["line"], 5);
}

#[test]
fn a_second_indexer_is_told_the_index_is_busy() {
    let work = tempfile::tempdir().unwrap();
    let index = work.path().join("idx");
    let _held = zonedex::engine::writer::try_lock(&index).unwrap();
    let (code, _, err) = index_json(&corpus(), &index, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("busy"), "{err}");
}

#[test]
fn a_foreign_folder_is_refused_and_left_alone() {
    let work = tempfile::tempdir().unwrap();
    let foreign = work.path().join("photos");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("holiday.jpg"), "not an index").unwrap();
    for extra in [&[][..], &["--rebuild"][..]] {
        let (code, _, err) = index_json(&corpus(), &foreign, extra);
        assert_eq!(code, 2);
        assert!(err.contains("not a zonedex index"), "{err}");
        assert!(foreign.join("holiday.jpg").exists());
    }
    let output = zonedex()
        .args(["search", "复议", "--index"])
        .arg(work.path().join("missing"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("zonedex index"));
}

#[test]
fn an_index_of_another_schema_version_asks_for_rebuild() {
    let work = tempfile::tempdir().unwrap();
    let index = work.path().join("idx");
    let (code, _, err) = index_json(&corpus(), &index, &[]);
    assert_eq!(code, 0, "{err}");
    // Pretend a future zonedex wrote it: the version lives in the commit payload.
    let meta_path = index.join("meta.json");
    let meta = std::fs::read_to_string(&meta_path).unwrap();
    let current = format!("\\\"schema_version\\\":{SCHEMA_VERSION}");
    let bumped = meta.replace(&current, "\\\"schema_version\\\":999");
    assert_ne!(meta, bumped, "payload not found in {meta}");
    std::fs::write(&meta_path, bumped).unwrap();

    let output = zonedex()
        .args(["search", "复议", "--index"])
        .arg(&index)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("schema version 999") && err.contains("--rebuild"),
        "{err}"
    );
    // Nothing was deleted by the failed search or a plain index run.
    let (code, _, _) = index_json(&corpus(), &index, &[]);
    assert_eq!(code, 2);
    assert!(meta_path.exists());

    let (code, rebuilt, err) = index_json(&corpus(), &index, &["--rebuild"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(rebuilt["indexed"], 5);
}
