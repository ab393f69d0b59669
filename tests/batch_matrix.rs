//! `search --batch` and `matrix` on the shipped corpus. Expected counts come from reading the
//! reports and `grep -o` over their text with line breaks and spaces removed:
//! 行政复议 兰州 11, unnamed 4 · 公职律师 兰州 5, 启东 3 · 放管服 潮州 2, 金昌 2, unnamed 1 ·
//! 营商环境 潮州 2, 金昌 4, 兰州 15, 启东 2, unnamed 2 · 行政执法 under "problems": 金昌 and
//! 启东 (2023) and the unnamed zone (2022).

mod common;

use common::{shared_index, zonedex};
use serde_json::{json, Value};
use std::io::Write;

/// Runs `zonedex ARGS --index <shared>` with `stdin`; returns (exit code, stdout, stderr).
fn run_with_input(args: &[&str], stdin: &str) -> (i32, String, String) {
    let output = zonedex()
        .args(args)
        .arg("--index")
        .arg(shared_index())
        .write_stdin(stdin.as_bytes().to_vec())
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("utf-8 stdout"),
        String::from_utf8(output.stderr).expect("utf-8 stderr"),
    )
}

fn lines_as_json(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn zones_of(answer: &Value) -> Vec<(Value, u64)> {
    answer["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| (g["key"].clone(), g["occurrences"].as_u64().unwrap()))
        .collect()
}

#[test]
fn a_batch_file_mixing_plain_json_and_broken_lines() {
    let batch = [
        "行政复议",
        "",
        "# which zones have public lawyers?",
        r#"{"q": "公职律师", "by": "zone", "limit": 1}"#,
        r#"{"q": "行政执法", "section": "problems", "year": 2023, "by": "zone"}"#,
        r#"{"q": "复议" "zone": 1}"#,
        r#"{"q": "复议", "zone": "上海"}"#,
        "复议 (",
        "这个词组不会出现在报告里",
    ]
    .join("\n");
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(batch.as_bytes()).unwrap();
    let output = zonedex()
        .args(["search", "--batch"])
        .arg(file.path())
        .arg("--index")
        .arg(shared_index())
        .output()
        .unwrap();
    // A failed line makes the whole run exit 2, after every line has been answered.
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("3 batch line(s) failed"), "{stderr}");
    let answers = lines_as_json(&String::from_utf8(output.stdout).unwrap());
    let numbers: Vec<u64> = answers
        .iter()
        .map(|a| a["line"].as_u64().unwrap())
        .collect();
    assert_eq!(
        numbers,
        [1, 4, 5, 6, 7, 8, 9],
        "blank and # lines give nothing"
    );

    let first = &answers[0];
    assert_eq!(first["query"], "行政复议");
    assert_eq!(
        first["total"],
        json!({"reports": 2, "sections": 3, "occurrences": 15})
    );
    assert!(first["index"]["schema_version"].is_u64());
    assert!(first.get("groups").is_none());

    let lawyers = &answers[1];
    assert_eq!(
        zones_of(lawyers),
        vec![(json!("兰州新区中川园区"), 5), (json!("启东经济开发区"), 3)]
    );
    assert_eq!(lawyers["hits"].as_array().unwrap().len(), 1, "limit 1");

    let problems = &answers[2];
    let mut zones: Vec<Value> = zones_of(problems).into_iter().map(|(k, _)| k).collect();
    zones.sort_by_key(|z| z.to_string());
    assert_eq!(
        zones,
        vec![json!("启东经济开发区"), json!("金昌经济技术开发区")]
    );
    assert_eq!(problems["filters"]["section"], json!(["problems"]));
    assert_eq!(problems["filters"]["year"], json!(["2023"]));

    assert!(answers[3]["error"]
        .as_str()
        .unwrap()
        .contains("bad JSON line"));
    assert_eq!(answers[3]["input"], r#"{"q": "复议" "zone": 1}"#);
    assert!(answers[4]["error"]
        .as_str()
        .unwrap()
        .contains("unknown zone '上海'"));
    assert!(answers[5]["error"].as_str().unwrap().contains("column 4"));
    assert_eq!(answers[6]["total"]["sections"], 0);
    assert_eq!(answers[6]["hits"], json!([]));
}

/// A batch remembers the occurrences it counted (`CountCache`): asking for a term under one
/// filter, then without it, then grouped, must count each unit exactly once every time.
#[test]
fn repeated_terms_under_other_filters_count_the_same_as_fresh() {
    let batch = [
        r#"{"q": "行政复议", "zone": "兰州"}"#,
        "行政复议",
        r#"{"q": "行政复议", "by": "zone"}"#,
        r#"{"q": "营商环境", "zone": "金昌"}"#,
        "营商环境",
        r#"{"q": "营商环境", "year": 2022}"#,
        r#"{"q": "营商环境 OR 行政复议", "by": "zone"}"#,
    ]
    .join("\n");
    let (code, out, err) = run_with_input(&["search", "--batch", "-"], &batch);
    assert_eq!(code, 0, "{err}");
    let answers = lines_as_json(&out);
    let occurrences: Vec<u64> = answers
        .iter()
        .map(|a| a["total"]["occurrences"].as_u64().unwrap())
        .collect();
    // 行政复议: 兰州 11 + unnamed 4; 营商环境: 金昌 4, all five 25, the 2022 (unnamed) report 2.
    assert_eq!(occurrences, [11, 15, 15, 4, 25, 2, 40]);
    assert_eq!(
        zones_of(&answers[2]),
        vec![(json!("兰州新区中川园区"), 11), (Value::Null, 4)]
    );
    let both = zones_of(&answers[6]);
    assert_eq!(both[0], (json!("兰州新区中川园区"), 26));
    assert!(both.contains(&(Value::Null, 6)), "{both:?}");
}

#[test]
fn batch_exit_codes_follow_grep() {
    let (code, out, _) = run_with_input(&["search", "--batch", "-"], "这个词组不会出现\n#\n");
    assert_eq!(code, 1, "nothing found");
    assert_eq!(out.lines().count(), 1);
    let (code, out, _) = run_with_input(&["search", "--batch", "-"], "这个词组不会出现\n放管服\n");
    assert_eq!(code, 0, "something found");
    let answers = lines_as_json(&out);
    assert_eq!(answers[1]["total"]["occurrences"], 5);
    // Flags on the command line are every line's defaults; a JSON line can override them.
    let (code, out, _) = run_with_input(
        &["search", "--batch", "-", "--zone", "金昌", "--count"],
        "放管服\n{\"q\": \"放管服\", \"zone\": \"潮州\"}\n",
    );
    assert_eq!(code, 0);
    let answers = lines_as_json(&out);
    assert_eq!(answers[0]["total"]["occurrences"], 2);
    assert_eq!(answers[0]["filters"]["zone"], json!(["金昌"]));
    assert_eq!(answers[1]["filters"]["zone"], json!(["潮州"]));
    assert_eq!(answers[0]["hits"], json!([]), "--count gives no hits");
}

const TERMS: &str = "行政复议\n公职律师\n\n# a comment\n放管服\n营商环境\n";

#[test]
fn matrix_of_occurrences_by_zone_opens_as_csv() {
    let (code, out, err) = run_with_input(
        &[
            "matrix",
            "--terms",
            "-",
            "--measure",
            "occurrences",
            "--format",
            "csv",
        ],
        TERMS,
    );
    assert_eq!(code, 0, "{err}");
    let body = out
        .strip_prefix('\u{feff}')
        .expect("CSV for spreadsheets starts with a BOM");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header.first().map(String::as_str), Some("term"));
    assert_eq!(header.last().map(String::as_str), Some("total"));
    assert_eq!(
        header.len(),
        2 + 5,
        "one column per zone, the unknown one included"
    );
    let cell = |row: &csv::StringRecord, zone: &str| -> u64 {
        let i = header.iter().position(|h| h == zone).unwrap();
        row[i].parse().unwrap()
    };
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let terms: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(terms, ["行政复议", "公职律师", "放管服", "营商环境"]);
    let expected: [(&str, [u64; 5]); 4] = [
        // 兰州, 启东, 潮州, 金昌, unknown
        ("行政复议", [11, 0, 0, 0, 4]),
        ("公职律师", [5, 3, 0, 0, 0]),
        ("放管服", [0, 0, 2, 2, 1]),
        ("营商环境", [15, 2, 2, 4, 2]),
    ];
    let zones = [
        "兰州新区中川园区",
        "启东经济开发区",
        "潮州凤泉湖高新技术产业开发区",
        "金昌经济技术开发区",
        "(unknown zone)",
    ];
    for (row, (term, counts)) in rows.iter().zip(expected) {
        assert_eq!(&row[0], term);
        for (zone, count) in zones.iter().zip(counts) {
            assert_eq!(cell(row, zone), count, "{term} in {zone}");
        }
        assert_eq!(
            row[header.len() - 1].parse::<u64>().unwrap(),
            counts.iter().sum::<u64>()
        );
    }
}

#[test]
fn matrix_by_year_counts_reports_and_respects_filters() {
    let (code, out, _) = run_with_input(
        &["matrix", "--terms", "-", "--by", "year", "--format", "json"],
        TERMS,
    );
    assert_eq!(code, 0);
    let m: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(m["columns"], json!([2022, 2023]));
    assert_eq!(m["measure"], "reports");
    let row = |i: usize| {
        (
            m["rows"][i]["values"].clone(),
            m["rows"][i]["total"].clone(),
        )
    };
    assert_eq!(row(0), (json!([1, 1]), json!(2)), "行政复议");
    assert_eq!(row(2), (json!([1, 2]), json!(3)), "放管服");
    assert_eq!(row(3), (json!([1, 4]), json!(5)), "营商环境");

    // Only 2023: the 2022 report and its unknown zone are not columns.
    let (_, out, _) = run_with_input(
        &[
            "matrix", "--terms", "-", "--year", "2023", "--format", "json",
        ],
        TERMS,
    );
    let m: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(m["columns"].as_array().unwrap().len(), 4);
    assert!(!m["columns"].as_array().unwrap().contains(&Value::Null));
}

#[test]
fn matrix_errors_name_the_line() {
    let (code, _, err) = run_with_input(&["matrix", "--terms", "-"], "行政复议\n复议 (\n");
    assert_eq!(code, 2);
    assert!(err.contains("-:2") && err.contains("column 4"), "{err}");
    let (code, _, err) = run_with_input(&["matrix", "--terms", "-", "--by", "section"], "复议\n");
    assert_eq!(code, 2);
    assert!(
        err.contains("values of whole reports: zone, year, kind") && err.contains("section"),
        "{err}"
    );
    let (code, _, err) = run_with_input(&["matrix", "--terms", "-"], "# nothing\n\n");
    assert_eq!(code, 2);
    assert!(err.contains("holds no terms"), "{err}");
}
