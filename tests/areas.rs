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
