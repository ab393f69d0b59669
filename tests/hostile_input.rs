//! Messy corpora: one report in every supported encoding, and a corpus full of files that are
//! broken in every way we know of. All broken input is built here, at test time.
//! Expected answers come from the report texts (a line-by-line search is the oracle).

mod common;

use common::{index_summary, outcome, run_on, search_json, seed_text, zonedex};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// 1-based numbers of the lines of `text` that contain `phrase`.
fn lines_with(text: &str, phrase: &str) -> BTreeSet<u64> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| line.contains(phrase))
        .map(|(i, _)| i as u64 + 1)
        .collect()
}

/// Checks the hits of `phrase` in `path` against `text`, the report as written: every hit is
/// on a line that has the phrase, the hits count every occurrence, and the highlighted part
/// of each snippet is the phrase.
fn assert_found_in(index: &Path, phrase: &str, path: &str, text: &str) {
    let lines = lines_with(text, phrase);
    let expected = text.matches(phrase).count() as u64;
    assert!(expected > 0, "{phrase} is in {path}");
    let v = search_json(index, &[phrase, "--limit", "100000"]);
    let hits: Vec<&Value> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["path"] == path)
        .collect();
    assert!(!hits.is_empty(), "{phrase} not found in {path}: {v}");
    let found: u64 = hits
        .iter()
        .map(|h| h["occurrences"].as_u64().unwrap())
        .sum();
    assert_eq!(found, expected, "occurrences of {phrase} in {path}");
    for hit in hits {
        let line = hit["line"].as_u64().unwrap();
        assert!(
            lines.contains(&line),
            "{phrase} in {path}: line {line} not in {lines:?}"
        );
        let snippet: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
        let highlights = hit["highlights"].as_array().unwrap();
        assert!(!highlights.is_empty(), "{hit}");
        for range in highlights {
            let (start, end) = (range[0].as_u64().unwrap(), range[1].as_u64().unwrap());
            let marked: String = snippet[start as usize..end as usize].iter().collect();
            assert_eq!(marked, phrase, "{hit}");
        }
    }
}

fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut bytes = if little_endian {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        bytes.extend(if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    bytes
}

#[test]
fn one_report_in_every_encoding_is_found_with_the_right_lines() {
    // 金昌's report: every character of it has a GBK code.
    let text = seed_text("jinchang-2023-report.txt");
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let (gb18030, _, unmappable_18030) = encoding_rs::GB18030.encode(&text);
    let (gbk, _, unmappable_gbk) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable_18030 && !unmappable_gbk);
    assert_ne!(gb18030.as_ref(), text.as_bytes());
    let copies: [(&str, Vec<u8>, &str); 5] = [
        ("gb18030.txt", gb18030.into_owned(), "GB18030"),
        ("gbk.txt", gbk.into_owned(), "GB18030"),
        ("utf16le.txt", utf16(&text, true), "UTF-16LE (BOM)"),
        ("utf16be.txt", utf16(&text, false), "UTF-16BE (BOM)"),
        (
            "utf8bom.txt",
            [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat(),
            "UTF-8 (BOM)",
        ),
    ];
    for (name, bytes, _) in &copies {
        std::fs::write(docs.join(name), bytes).unwrap();
    }
    let index = work.path().join("idx");
    let (code, summary, err) = index_summary(&docs, &index, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary["indexed"], 5, "{summary}");
    assert_eq!(summary["skipped"], Value::Array(vec![]), "{summary}");
    let warnings = summary["warnings"].to_string();
    assert!(!warnings.contains("U+FFFD"), "{warnings}");

    // The indexer read the same report five times: same metadata, same sections.
    let (code, out, err) = run_on(&index, &["reports", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let reports: Value = serde_json::from_str(&out).unwrap();
    let reports = reports.as_array().unwrap();
    assert_eq!(reports.len(), 5);
    for (name, _, encoding) in &copies {
        let r = reports.iter().find(|r| r["path"] == *name).unwrap();
        assert_eq!(r["encoding"], *encoding, "{name}");
        // The text's own words: the header line names the zone, the number 金开管发〔2023〕104号.
        assert_eq!(r["zone"], "金昌经济技术开发区", "{name}");
        assert_eq!(r["doc_number"], "金开管发〔2023〕104号", "{name}");
        for field in ["units", "title", "date", "issuer", "year"] {
            assert_eq!(r[field], reports[0][field], "{name}: {field}");
        }
    }

    // Every copy answers with the lines and snippets of the original.
    for phrase in ["合法性审查", "好差评", "法治政府建设", "放管服"] {
        for (name, _, _) in &copies {
            assert_found_in(&index, phrase, name, &text);
        }
        let v = search_json(&index, &[phrase, "--by", "report"]);
        let expected = text.matches(phrase).count() as u64;
        for group in v["groups"].as_array().unwrap() {
            assert_eq!(group["occurrences"], expected, "{phrase}: {group}");
        }
        assert_eq!(v["groups"].as_array().unwrap().len(), 5);
    }
}

/// The lines of a 30 MB report: the 兰州 plan again and again, then one closing sentence.
fn thirty_megabytes() -> (String, u64) {
    let plan = seed_text("lanzhou-zhongchuan-2023-plan.txt");
    let mut text = String::with_capacity(31_000_000);
    while text.len() < 30_000_000 {
        text.push_str(&plan);
        text.push('\n');
    }
    text.push_str("\n本报告末尾一段：超大文件检索验证完毕。\n");
    let last_line = text.lines().count() as u64;
    (text, last_line)
}

#[test]
fn a_corpus_of_broken_files_is_indexed_around_them() {
    use std::os::unix::ffi::OsStrExt;
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let qidong = seed_text("qidong-2023-report.txt");
    let chaozhou = seed_text("chaozhou-fengquanhu-2023-report.txt");
    let jinchang = seed_text("jinchang-2023-report.txt");
    let unnamed = seed_text("unnamed-zone-2022-report.txt");

    std::fs::write(docs.join("good.txt"), &qidong).unwrap();
    std::fs::write(docs.join("empty.txt"), "").unwrap();
    std::fs::write(docs.join("blank.txt"), "  \n\u{3000}\n\t\r\n").unwrap();
    let mut binary = b"%PDF-1.7\n".to_vec();
    binary.extend((0..4096u32).map(|i| (i * 7 % 256) as u8));
    std::fs::write(docs.join("scan.txt"), binary).unwrap();
    // Invalid UTF-8 in the middle of good text: decoded with U+FFFD and a warning.
    let cut = chaozhou
        .char_indices()
        .nth(chaozhou.chars().count() / 2)
        .unwrap()
        .0;
    let mut damaged = chaozhou.as_bytes()[..cut].to_vec();
    damaged.extend([0xFF, 0xC3, 0x28]);
    damaged.extend(&chaozhou.as_bytes()[cut..]);
    std::fs::write(docs.join("damaged.txt"), damaged).unwrap();
    let (big, big_last_line) = thirty_megabytes();
    std::fs::write(docs.join("big.txt"), &big).unwrap();
    std::os::unix::fs::symlink(".", docs.join("loop")).unwrap();
    let mut deep = docs.clone();
    for level in 1..=30 {
        deep.push(format!("d{level}"));
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("deep.txt"), &jinchang).unwrap();
    // Two names that are not UTF-8 and would both read `名?.txt` if shown lossily.
    let name_ff = std::ffi::OsStr::from_bytes(b"\xE5\x90\x8D\xFF.txt");
    let name_fe = std::ffi::OsStr::from_bytes(b"\xE5\x90\x8D\xFE.txt");
    std::fs::write(docs.join(name_ff), &unnamed).unwrap();
    std::fs::write(docs.join(name_fe), &jinchang).unwrap();

    let index = work.path().join("idx");
    let (code, summary, err) = index_summary(&docs, &index, &[]);
    assert_eq!(code, 0, "{err}");
    let notes = |key: &str| -> Vec<(String, String)> {
        summary[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| {
                (
                    n["path"].as_str().unwrap().into(),
                    n["message"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    let mut skipped = notes("skipped");
    skipped.sort();
    let reasons: Vec<(&str, &str)> = vec![
        ("blank.txt", "whitespace"),
        ("empty.txt", "empty"),
        ("loop", "symbolic link"),
        ("scan.txt", "binary"),
    ];
    assert_eq!(skipped.len(), reasons.len(), "{skipped:?}");
    for ((path, message), (want_path, want_reason)) in skipped.iter().zip(&reasons) {
        assert_eq!(path, want_path);
        assert!(message.contains(want_reason), "{path}: {message}");
    }
    let warnings = notes("warnings");
    assert!(
        warnings
            .iter()
            .any(|(p, m)| p == "damaged.txt" && m.contains("2 invalid byte sequence(s) replaced")),
        "{warnings:?}"
    );
    assert_eq!(summary["indexed"], 6, "{summary}");

    // Every good report is searchable, under its own path; the damaged one has two U+FFFD
    // where its bad bytes were.
    let damaged_text = format!("{}\u{FFFD}\u{FFFD}({}", &chaozhou[..cut], &chaozhou[cut..]);
    let deep_path = format!(
        "{}/deep.txt",
        (1..=30)
            .map(|l| format!("d{l}"))
            .collect::<Vec<_>>()
            .join("/")
    );
    let cases: [(&str, &str, &str); 6] = [
        ("good.txt", &qidong, "启东"),
        ("damaged.txt", &damaged_text, "凤泉湖"),
        (&deep_path, &jinchang, "好差评"),
        ("名\\xFF.txt", &unnamed, "证照分离"),
        ("名\\xFE.txt", &jinchang, "好差评"),
        ("big.txt", &big, "超大文件检索验证"),
    ];
    for (path, text, phrase) in cases {
        assert_found_in(&index, phrase, path, text);
    }
    assert_eq!(
        lines_with(&big, "超大文件检索验证"),
        BTreeSet::from([big_last_line])
    );
    // Text after the damaged bytes is there, on its own lines.
    let v = search_json(&index, &["凤泉湖", "--limit", "100"]);
    let after_damage = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["path"] == "damaged.txt")
        .any(|h| h["line"].as_u64().unwrap() as usize > chaozhou[..cut].lines().count());
    assert!(after_damage, "{v}");
    // The big report counts as often as the text says.
    let v = search_json(&index, &["行政复议", "--by", "report"]);
    let big_group = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == "big.txt")
        .unwrap()
        .clone();
    assert_eq!(
        big_group["occurrences"],
        big.matches("行政复议").count() as u64
    );

    // `show` finds the escaped name.
    let (code, out, err) = run_on(&index, &["show", "名\\xFF.txt"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("行政复议"), "{out}");
}

/// Runs zonedex as user `nobody` when this test runs as root (root reads every file, so a
/// file without read permission would not be one). None: that is not possible here.
fn unprivileged() -> Option<Vec<String>> {
    use std::os::unix::fs::MetadataExt;
    // A file we create is owned by the user we run as.
    let probe_file = tempfile::NamedTempFile::new().unwrap();
    if probe_file.as_file().metadata().unwrap().uid() != 0 {
        return Some(Vec::new());
    }
    let prefix: Vec<String> = [
        "setpriv",
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
    ]
    .map(String::from)
    .to_vec();
    let binary = assert_cmd::cargo::cargo_bin("zonedex");
    let probe = std::process::Command::new(&prefix[0])
        .args(&prefix[1..])
        .arg(&binary)
        .arg("--version")
        .output();
    match probe {
        Ok(out) if out.status.success() => Some(prefix),
        _ => None,
    }
}

fn index_as(prefix: &[String], corpus: &Path, index: &Path) -> (i32, Value, String) {
    let binary = assert_cmd::cargo::cargo_bin("zonedex");
    let mut command = match prefix.split_first() {
        Some((program, args)) => {
            let mut c = std::process::Command::new(program);
            c.args(args).arg(binary);
            c
        }
        None => std::process::Command::new(binary),
    };
    command
        .arg("index")
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .args(["--json", "--quiet"]);
    let (code, out, err) = outcome(&mut assert_cmd::Command::from_std(command));
    (code, serde_json::from_str(&out).unwrap_or(Value::Null), err)
}

#[test]
fn unreadable_files_are_named_and_what_was_indexed_is_kept() {
    use std::os::unix::fs::PermissionsExt;
    let Some(prefix) = unprivileged() else {
        eprintln!(
            "SKIPPED unreadable_files_are_named_and_what_was_indexed_is_kept: running as root \
             and `setpriv` cannot run zonedex as user nobody here"
        );
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let mode = |path: &Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    mode(work.path(), 0o777);
    let docs = work.path().join("docs");
    std::fs::create_dir_all(docs.join("locked")).unwrap();
    mode(&docs, 0o755);
    std::fs::write(docs.join("open.txt"), seed_text("jinchang-2023-report.txt")).unwrap();
    let qidong = seed_text("qidong-2023-report.txt");
    std::fs::write(docs.join("secret.txt"), &qidong).unwrap();
    std::fs::write(docs.join("locked/inner.txt"), &qidong).unwrap();

    // First run: everything readable.
    let index = work.path().join("idx");
    let (code, summary, err) = index_as(&prefix, &docs, &index);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary["indexed"], 3, "{summary}");

    // Then the file and the folder lose their read permission.
    mode(&docs.join("secret.txt"), 0o000);
    mode(&docs.join("locked"), 0o000);
    let (code, summary, err) = index_as(&prefix, &docs, &index);
    mode(&docs.join("locked"), 0o755);
    assert_eq!(code, 0, "{err}");
    let skipped = summary["skipped"].as_array().unwrap();
    let reason = |path: &str| {
        skipped
            .iter()
            .find(|n| n["path"] == path)
            .map(|n| n["message"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("{path} not named in {summary}"))
    };
    let secret = reason("secret.txt");
    assert!(
        secret.contains("cannot read") && secret.contains("denied"),
        "{secret}"
    );
    // Decision: a file that cannot be read now keeps its indexed version (it was not deleted).
    assert!(
        secret.contains("version indexed before is kept"),
        "{secret}"
    );
    assert!(reason("locked").contains("cannot read"), "{summary}");
    let v = search_json(&index, &["公职律师", "--by", "report"]);
    let paths: Vec<&str> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["key"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"secret.txt"), "{v}");

    // A new index cannot have it: it is named as skipped, and the rest is indexed.
    let fresh = work.path().join("fresh");
    let (code, summary, err) = index_as(&prefix, &docs, &fresh);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary["indexed"], 2, "{summary}");
    let skipped = summary["skipped"].to_string();
    assert!(
        skipped.contains("secret.txt") && skipped.contains("denied"),
        "{skipped}"
    );
    assert!(!skipped.contains("kept"), "{skipped}");
    let v = search_json(&fresh, &["好差评"]);
    assert_eq!(v["hits"][0]["path"], "open.txt");
}

#[test]
fn a_corpus_that_cannot_be_read_is_an_error_not_an_empty_index() {
    let work = tempfile::tempdir().unwrap();
    let (code, _, err) = outcome(
        zonedex()
            .arg("index")
            .arg(work.path().join("no-such-folder"))
            .arg("--index")
            .arg(work.path().join("idx")),
    );
    assert_eq!(code, 2);
    assert!(err.contains("no-such-folder"), "{err}");
    // Nothing was created that would pass for an (empty) index.
    assert!(!work.path().join("idx").join("meta.json").exists());
    let (code, _, err) = run_on(&work.path().join("idx"), &["search", "复议"]);
    assert_eq!(code, 2);
    assert!(err.contains("no index at"), "{err}");
}
