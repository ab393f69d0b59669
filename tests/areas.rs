//! Where real reports come from: 49 invented variants of the genre (tests/fixtures/areas: web
//! pages with stale date widgets and labelled blocks, reports without a title, areas of every
//! kind, departments and Party bodies as issuers, distractor years and kinds, Traditional
//! text), each with the values a reader assigns, written in expected.toml by reading them.
//!
//! The bar: area, year and kind each right for at least 95% of the variants, and a value that
//! is not right is empty (with a warning), never a wrong one.

mod common;

use common::{index_summary, run_on};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(serde::Deserialize)]
struct Expected {
    report: Vec<ExpectedReport>,
}

#[derive(serde::Deserialize)]
struct ExpectedReport {
    file: String,
    area: String,
    /// Other names of the same area a reader accepts (a short official name the report's own
    /// signature uses).
    #[serde(default)]
    aliases: Vec<String>,
    area_type: String,
    province: String,
    city: String,
    year: i64,
    kind: String,
    note: String,
}

/// How the values of one field compare with what a reader assigns.
#[derive(Default, Debug)]
struct Score {
    right: Vec<String>,
    empty: Vec<String>,
    wrong: Vec<String>,
}

impl Score {
    fn add(&mut self, file: &str, expected: &str, found: &str) {
        let line = format!("{file}: expected {expected:?}, found {found:?}");
        if expected == found {
            self.right.push(line);
        } else if found.is_empty() {
            self.empty.push(line);
        } else {
            self.wrong.push(line);
        }
    }

    fn share_right(&self) -> f64 {
        self.right.len() as f64 / (self.right.len() + self.empty.len() + self.wrong.len()) as f64
    }
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

/// Indexes the variants and scores each field: {field: score}.
fn scores() -> BTreeMap<&'static str, Score> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/areas");
    let expected: Expected =
        toml::from_str(&std::fs::read_to_string(fixtures.join("expected.toml")).unwrap()).unwrap();
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    for report in &expected.report {
        std::fs::copy(fixtures.join(&report.file), docs.join(&report.file)).unwrap();
    }
    let index = work.path().join("idx");
    let (code, summary, err) = index_summary(&docs, &index, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary["indexed"], expected.report.len(), "{summary}");

    let (code, out, err) = run_on(&index, &["reports", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let found: Vec<Value> = serde_json::from_str(&out).unwrap();
    let by_path: BTreeMap<String, &Value> = found
        .iter()
        .map(|r| (r["path"].as_str().unwrap().to_string(), r))
        .collect();

    let mut scores: BTreeMap<&'static str, Score> = BTreeMap::new();
    for want in &expected.report {
        let got = by_path[&want.file];
        let year = if want.year == 0 {
            String::new()
        } else {
            want.year.to_string()
        };
        let file = format!("{} ({})", want.file, want.note);
        let area = text(&got["zone"]);
        let area = if want.aliases.contains(&area) {
            want.area.clone()
        } else {
            area
        };
        for (field, expected, found) in [
            ("area", want.area.clone(), area),
            ("area_type", want.area_type.clone(), text(&got["area_type"])),
            ("province", want.province.clone(), text(&got["province"])),
            ("city", want.city.clone(), text(&got["city"])),
            ("year", year, text(&got["year"])),
            ("kind", want.kind.clone(), text(&got["kind"])),
        ] {
            scores
                .entry(field)
                .or_default()
                .add(&file, &expected, &found);
        }
    }
    scores
}

#[test]
fn area_year_and_kind_are_right_for_real_report_layouts() {
    let scores = scores();
    let mut report = String::new();
    for (field, score) in &scores {
        report.push_str(&format!(
            "{field}: {} right, {} empty, {} wrong ({:.0}% right)\n",
            score.right.len(),
            score.empty.len(),
            score.wrong.len(),
            100.0 * score.share_right()
        ));
        for line in score.empty.iter().chain(&score.wrong) {
            report.push_str(&format!("    {line}\n"));
        }
    }
    println!("{report}");
    for field in ["area", "year", "kind"] {
        assert!(
            scores[field].share_right() >= 0.95,
            "{field} below 95%:\n{report}"
        );
    }
    for field in ["area", "area_type", "province", "city", "year", "kind"] {
        assert!(
            scores[field].wrong.is_empty(),
            "{field} has wrong values:\n{report}"
        );
    }
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/areas")
        .join(name)
}

#[test]
fn explain_says_where_each_field_was_read_and_what_was_passed_over() {
    let work = tempfile::tempdir().unwrap();
    let file = fixture("34-distractor-previous-year-award.txt");
    let (code, out, err) = common::outcome(
        common::zonedex()
            .args(["explain", "--format", "json"])
            .arg(&file)
            .arg("--index")
            .arg(work.path().join("none")),
    );
    assert_eq!(code, 0, "{err}");
    let explained: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(explained["analysed_from_file"], true);
    let field = |name: &str| {
        explained["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["field"] == name)
            .unwrap()
            .clone()
    };
    // The year is the one the text states (现将2023年度…), read from the opening paragraph on
    // line 3; the 2022 award before it is listed as passed over.
    assert_eq!(field("year")["value"], "2023");
    assert_eq!(field("year")["from"], "body");
    assert_eq!(field("year")["line"], "3");
    assert_eq!(field("zone")["value"], "杭州市西湖区");
    assert_eq!(field("zone")["from"], "title");
    assert_eq!(field("province")["value"], "浙江省");
    let ignored = explained["ignored"].as_array().unwrap();
    assert!(
        ignored.iter().any(|i| i["field"] == "year"
            && i["line"] == 3
            && i["excerpt"].as_str().unwrap().starts_with("2022年")),
        "{explained}"
    );
}

#[test]
fn a_sidecar_is_named_as_the_source_and_missing_fields_are_listed() {
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    for name in ["19-notitle-generic-gaoxinqu-only.txt", "26-city-report.txt"] {
        std::fs::copy(fixture(name), docs.join(name)).unwrap();
    }
    let index = work.path().join("idx");
    let (code, _, err) = index_summary(&docs, &index, &[]);
    assert_eq!(code, 0, "{err}");
    // Only the report with no area is listed by --missing zone.
    let (code, out, err) = run_on(
        &index,
        &["reports", "--missing", "zone", "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let listed: Vec<Value> = serde_json::from_str(&out).unwrap();
    let paths: Vec<&str> = listed.iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["19-notitle-generic-gaoxinqu-only.txt"]);
    let (code, _, err) = run_on(&index, &["reports", "--missing", "zones"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown field 'zones'"), "{err}");

    // The user names the area in a sidecar: it is placed like one read from the text.
    std::fs::write(
        docs.join("19-notitle-generic-gaoxinqu-only.txt.meta.toml"),
        "zone = \"合肥高新技术产业开发区\"\n",
    )
    .unwrap();
    let (code, _, err) = index_summary(&docs, &index, &[]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run_on(
        &index,
        &[
            "explain",
            "19-notitle-generic-gaoxinqu-only.txt",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let explained: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(explained["analysed_from_file"], false);
    let fields = explained["fields"].as_array().unwrap();
    let zone = fields.iter().find(|f| f["field"] == "zone").unwrap();
    assert_eq!(zone["from"], "sidecar");
    let city = fields.iter().find(|f| f["field"] == "city").unwrap();
    assert_eq!(city["value"], "合肥市");
    assert_eq!(city["from"], "gazetteer (data/)");
    // And the new facets filter and group.
    let by_province =
        common::search_json(&index, &["法治", "--by", "province", "--province", "安徽"]);
    assert_eq!(by_province["groups"][0]["key"], "安徽省", "{by_province}");
    assert_eq!(by_province["total"]["reports"], 1, "{by_province}");
}

#[test]
fn the_alias_file_puts_renamed_areas_under_one_name() {
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::copy(
        fixture("03-web-hightech-dual-name-title-twice.html"),
        docs.join("2021.html"),
    )
    .unwrap();
    // The same area under its district's name alone, as a later report might give it.
    std::fs::write(
        docs.join("2022.txt"),
        "乌鲁木齐市新市区2022年法治政府建设情况报告\n\n2022年，新市区坚持依法行政，行政复议案件全部依法办结。\n\n一、主要工作\n（一）推进行政复议规范化建设。\n\n乌鲁木齐市新市区人民政府\n2023年2月20日\n",
    )
    .unwrap();
    let index = work.path().join("idx");
    let zones = |index: &Path| -> Vec<(String, u64)> {
        let (code, out, err) = run_on(index, &["zones", "--format", "json"]);
        assert_eq!(code, 0, "{err}");
        let listed: Vec<Value> = serde_json::from_str(&out).unwrap();
        listed
            .iter()
            .map(|z| (text(&z["zone"]), z["reports"].as_u64().unwrap()))
            .collect()
    };
    let (code, _, err) = index_summary(&docs, &index, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(zones(&index).len(), 2, "two names before the alias file");

    std::fs::write(
        docs.join("areas.toml"),
        "[[area]]\nname = \"乌鲁木齐高新技术产业开发区（新市区）\"\naliases = [\"乌鲁木齐市新市区\", \"新市区\"]\n",
    )
    .unwrap();
    let (code, summary, err) = index_summary(&docs, &index, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(summary["full_reanalysis"]
        .as_str()
        .unwrap()
        .contains("areas.toml changed"));
    assert!(
        summary["skipped"].as_array().unwrap().is_empty(),
        "the alias file is no report"
    );
    assert_eq!(
        zones(&index),
        [("乌鲁木齐高新技术产业开发区（新市区）".to_string(), 2)]
    );
    let found = common::search_json(&index, &["法治政府", "--zone", "新市区", "--by", "zone"]);
    assert_eq!(found["total"]["reports"], 2, "{found}");

    // A broken alias file stops the run and changes nothing.
    std::fs::write(docs.join("areas.toml"), "[[area]]\nnames = \"x\"\n").unwrap();
    let (code, _, err) = index_summary(&docs, &index, &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("areas.toml") && err.contains("fix the line"),
        "{err}"
    );
    assert_eq!(zones(&index).len(), 1);
}

#[test]
fn a_heading_naming_problems_and_plans_matches_a_filter_on_either() {
    // The shipped 金昌 report's `二、存在的问题和下一步打算` names 行政执法“三项制度” as a problem
    // and goes on to what comes next in the same section.
    let index = common::shared_index();
    for kind in ["problems", "plans"] {
        let found = common::search_json(
            index,
            &[
                "三项制度",
                "--zone",
                "金昌",
                "--section",
                kind,
                "--limit",
                "10",
            ],
        );
        let paths: Vec<&str> = found["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["section_path"].as_str().unwrap())
            .collect();
        assert!(
            paths.contains(&"二、存在的问题和下一步打算"),
            "{kind}: {paths:?}"
        );
    }
    // Its own first kind is the one groups count it under.
    let by_section = common::search_json(index, &["三项制度", "--zone", "金昌", "--by", "section"]);
    let groups = by_section["groups"].as_array().unwrap();
    assert!(
        groups.iter().any(|g| g["key"] == "problems"),
        "{by_section}"
    );
}
