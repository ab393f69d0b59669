//! The search CLI on the shipped corpus. Expected answers come from reading the reports
//! (and `grep -o` over them with line breaks and spaces removed).

mod common;

use common::{json, run};
use serde_json::Value;
use zonedex::engine::schema::SCHEMA_VERSION;

fn group_keys(v: &Value) -> Vec<(Value, u64, u64)> {
    v["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| {
            (
                g["key"].clone(),
                g["reports"].as_u64().unwrap(),
                g["occurrences"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn which_zones_mention_administrative_reconsideration() {
    // 行政复议: 11 times in the 兰州 plan, 4 in the report whose place name is scrubbed.
    let v = json(&["search", "行政复议", "--by", "zone", "--format", "json"]);
    assert_eq!(
        group_keys(&v),
        vec![
            (Value::from("兰州新区中川园区"), 1, 11),
            (Value::Null, 1, 4)
        ]
    );
    assert_eq!(v["total"]["reports"], 2);
    assert_eq!(v["total"]["occurrences"], 15);
}

#[test]
fn table_names_the_unknown_zone() {
    let (code, out, _) = run(&["search", "行政复议", "--by", "zone"]);
    assert_eq!(code, 0);
    assert!(out.contains("(unknown zone)"), "{out}");
    assert!(out.contains("兰州新区中川园区"), "{out}");
}

#[test]
fn public_lawyers_and_fangguanfu() {
    // 公职律师: 兰州 plan 5×, 启东 3×. 放管服: 潮州 2×, 金昌 2×, the unnamed report 1×.
    let v = json(&["search", "公职律师", "--by", "zone", "--format", "json"]);
    assert_eq!(
        group_keys(&v),
        vec![
            (Value::from("兰州新区中川园区"), 1, 5),
            (Value::from("启东经济开发区"), 1, 3)
        ]
    );
    let v = json(&["search", "放管服", "--by", "report", "--format", "json"]);
    let mut got: Vec<(String, u64)> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["key"].as_str().unwrap().to_string(),
                g["occurrences"].as_u64().unwrap(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            ("chaozhou-fengquanhu-2023-report.txt".to_string(), 2),
            ("jinchang-2023-report.txt".to_string(), 2),
            ("unnamed-zone-2022-report.txt".to_string(), 1)
        ]
    );
}

#[test]
fn a_term_split_by_a_page_break_is_found() {
    // 潮州: 合法性审查 twice, once split as 合法 / page break / 性审查 (lines 24–26).
    let v = json(&[
        "search",
        "合法性审查",
        "zone:凤泉湖",
        "--format",
        "json",
        "--limit",
        "10",
    ]);
    assert_eq!(v["total"]["occurrences"], 2);
    let lines: Vec<u64> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["line"].as_u64().unwrap())
        .collect();
    assert!(lines.contains(&24), "{lines:?}");
    assert!(lines.contains(&45), "{lines:?}");
}

#[test]
fn counts_by_year() {
    // 营商环境: the 2022 report twice; the four 2023 documents 4 + 2 + 15 + 2 times. Years come
    // in the order of time.
    let v = json(&["search", "营商环境", "--by", "year", "--format", "json"]);
    assert_eq!(
        group_keys(&v),
        vec![(Value::from(2022), 1, 2), (Value::from(2023), 4, 23)]
    );
}

#[test]
fn section_filter_finds_problems_only() {
    // 行政执法 under the problems headings: 金昌 (二、存在的问题和下一步打算), 启东 (三、存在不足和原因),
    // the unnamed report (二、…存在的不足和原因). 潮州's problems mention 执法人员 but not 行政执法.
    let v = json(&[
        "search",
        "行政执法",
        "--section",
        "problems",
        "--by",
        "report",
        "--format",
        "json",
    ]);
    let mut reports: Vec<&str> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["key"].as_str().unwrap())
        .collect();
    reports.sort();
    assert_eq!(
        reports,
        [
            "jinchang-2023-report.txt",
            "qidong-2023-report.txt",
            "unnamed-zone-2022-report.txt"
        ]
    );
    for hit in v["hits"].as_array().unwrap() {
        assert_eq!(hit["section"], "problems");
    }
}

#[test]
fn zone_filter_accepts_any_name() {
    for name in ["金昌", "金昌经开区", "金昌经济技术开发区"] {
        let v = json(&["search", "放管服", "--zone", name, "--format", "json"]);
        assert_eq!(v["total"]["reports"], 1, "{name}");
        assert_eq!(v["hits"][0]["zone"], "金昌经济技术开发区");
    }
}

#[test]
fn ambiguous_and_unknown_zones_exit_2_with_candidates() {
    let (code, _, err) = run(&["search", "放管服", "--zone", "开发区"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("ambiguous") && err.contains("启东经济开发区"),
        "{err}"
    );
    let (code, _, err) = run(&["search", "放管服", "--zone", "上海"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown zone"), "{err}");
}

#[test]
fn exit_codes_follow_grep() {
    assert_eq!(run(&["search", "行政复议"]).0, 0);
    let (code, out, _) = run(&["search", "量子计算机", "--format", "json"]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["total"]["sections"], 0);
    let (code, _, err) = run(&["search", "复议 (执法"]);
    assert_eq!(code, 2);
    assert!(err.contains("column 4"), "{err}");
    let (code, _, err) = run(&["search", "foo:bar"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown field"), "{err}");
    let (code, _, err) = run(&["search", "复议", "--year", "2023..2021"]);
    assert_eq!(code, 2);
    assert!(err.contains("backwards"), "{err}");
}

#[test]
fn a_leading_dash_word_after_double_dash_is_a_negation_not_a_flag() {
    // Matching is per section: excluding 重大行政决策 splits the sections that mention 公职律师
    // into those without it (only the 兰州 plan's item 28) and those with it.
    let sections = |args: &[&str]| {
        let mut full = vec!["search", "--format", "json", "--count", "--"];
        full.extend_from_slice(args);
        json(&full)["total"]["sections"].as_u64().unwrap()
    };
    let all = sections(&["公职律师"]);
    let without = sections(&["公职律师", "-重大行政决策"]);
    let with = sections(&["公职律师", "重大行政决策"]);
    assert_eq!(without, 1);
    assert!(with > 0);
    assert_eq!(all, with + without);
}

#[test]
fn phrases_with_punctuation_and_or_queries() {
    // “双随机、一公开”: 金昌 once; the 兰州 plan twice (item 24).
    let v = json(&["search", "\"双随机、一公开\"", "--format", "json"]);
    assert_eq!(v["total"]["occurrences"], 3);
    let v = json(&[
        "search",
        "公职律师 OR 放管服",
        "--format",
        "json",
        "--count",
    ]);
    assert_eq!(v["total"]["reports"], 5);
    assert!(v.get("hits").is_none());
}

#[test]
fn hits_point_at_file_and_line_with_exact_highlights() {
    let v = json(&["search", "三重一大", "zone:金昌", "--format", "json"]);
    let hit = &v["hits"][0];
    assert_eq!(hit["path"], "jinchang-2023-report.txt");
    // “三重一大” first appears in （五）坚持依法行政 on line 31 of the raw file.
    assert_eq!(hit["line"], 31);
    assert!(hit["section_path"]
        .as_str()
        .unwrap()
        .starts_with("一、工作完成情况 › （五）坚持依法行政"));
    let snippet: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
    let (a, b) = (
        hit["highlights"][0][0].as_u64().unwrap() as usize,
        hit["highlights"][0][1].as_u64().unwrap() as usize,
    );
    assert_eq!(snippet[a..b].iter().collect::<String>(), "三重一大");
}

#[test]
fn every_format_parses() {
    let (code, out, _) = run(&["search", "营商环境", "--format", "jsonl"]);
    assert_eq!(code, 0);
    let rows: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 10);
    assert!(rows
        .iter()
        .all(|r| r["path"].is_string() && r["line"].is_u64()));

    let (code, out, _) = run(&["search", "营商环境", "--by", "zone", "--format", "csv"]);
    assert_eq!(code, 0);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        ["zone", "reports", "sections", "occurrences"]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 5);

    let (code, out, _) = run(&["search", "营商环境", "--by", "zone", "--format", "jsonl"]);
    assert_eq!(code, 0);
    let groups: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(groups.iter().any(|g| g["zone"].is_null()), "{out}");

    let v = json(&["search", "营商环境", "--format", "json"]);
    for key in ["query", "filters", "total", "hits", "index"] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["index"]["schema_version"], SCHEMA_VERSION);
    assert_eq!(v["index"]["files"], 5);
}

#[test]
fn reports_lists_what_the_indexer_understood() {
    let v = json(&["reports", "--format", "json"]);
    let reports = v.as_array().unwrap();
    assert_eq!(reports.len(), 5);
    let by_path = |p: &str| reports.iter().find(|r| r["path"] == p).unwrap().clone();
    let jinchang = by_path("jinchang-2023-report.txt");
    assert_eq!(jinchang["zone"], "金昌经济技术开发区");
    assert_eq!(jinchang["doc_number"], "金开管发〔2023〕104号");
    assert_eq!(jinchang["date"], "2023-12-05");
    assert_eq!(jinchang["year"], 2023);
    assert_eq!(jinchang["kind"], "report");
    let plan = by_path("lanzhou-zhongchuan-2023-plan.txt");
    assert_eq!(plan["kind"], "plan");
    assert_eq!(plan["zone"], "兰州新区中川园区");
    let unnamed = by_path("unnamed-zone-2022-report.txt");
    assert!(unnamed["zone"].is_null());
    assert_eq!(unnamed["year"], 2022);
    assert_eq!(unnamed["date"], "2023-02-13");
}

#[test]
fn show_prints_the_section_around_a_line() {
    let (code, out, _) = run(&["show", "jinchang-2023-report.txt:31"]);
    assert_eq!(code, 0);
    assert!(out.contains("（五）坚持依法行政"), "{out}");
    assert!(out.contains("三重一大"), "{out}");
    assert!(!out.contains("（六）强化内部监督"), "{out}");
}

#[test]
fn a_phrase_copied_from_a_report_finds_it() {
    // The 金昌 report reads 完成行政执法案件271件; a phrase copied from a PDF of it carries
    // spaces, a line break and a zero-width space.
    let copied = common::json(&["search", "\"行政执法案件 271 件\"", "--format", "json"]);
    assert_eq!(copied["total"]["reports"], 1, "{copied}");
    assert_eq!(copied["hits"][0]["path"], "jinchang-2023-report.txt");
    for (copied, clean) in [
        ("\"法治 \n政府\"", "法治政府"),
        ("\"2023 年\"", "2023年"),
        ("行政\u{200B}复议", "行政复议"),
    ] {
        let a = common::json(&["search", copied, "--count", "--format", "json"]);
        let b = common::json(&["search", clean, "--count", "--format", "json"]);
        assert_eq!(a["total"], b["total"], "{copied:?} and {clean}");
        assert!(b["total"]["occurrences"].as_u64().unwrap() > 0);
    }
}

#[test]
fn exports_say_when_they_are_cut_and_carry_every_hit_on_request() {
    // 法治 is in 72 sections of the shipped reports: 10 by default, every one with --limit all.
    let (code, out, err) = common::run(&["search", "法治", "--format", "csv"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1 + 10);
    assert!(err.contains("wrote 10 of 72"), "{err}");
    let (code, out, err) = common::run(&["search", "法治", "--format", "csv", "--limit", "all"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1 + 72);
    assert!(err.is_empty(), "{err}");
    // Every row says how often the term is in its section; the rows add up to the total.
    let (_, out, _) = common::run(&["search", "行政复议", "--format", "jsonl", "--limit", "0"]);
    let total: u64 = out
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["occurrences"]
                .as_u64()
                .unwrap()
        })
        .sum();
    assert_eq!(total, 15);
    // --batch answers in JSON only, and says so.
    let (code, _, err) = common::run(&["search", "--batch", "-", "--format", "csv"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--batch writes one JSON object per line"),
        "{err}"
    );
}

#[test]
fn the_unknown_zone_can_be_chosen_and_excluded() {
    // Only the scrubbed 2022 report has no zone; it mentions 行政复议 4 times in one section.
    let unknown = json(&[
        "search",
        "行政复议",
        "--zone",
        "unknown",
        "--format",
        "json",
    ]);
    assert_eq!(unknown["total"]["reports"], 1);
    assert_eq!(unknown["total"]["occurrences"], 4);
    assert_eq!(unknown["hits"][0]["path"], "unnamed-zone-2022-report.txt");
    let known = json(&["search", "行政复议 -zone:unknown", "--format", "json"]);
    assert_eq!(known["total"]["occurrences"], 11);
    let named = json(&[
        "search",
        "行政复议",
        "--zone",
        "(unknown zone)",
        "--format",
        "json",
    ]);
    assert_eq!(named["total"], unknown["total"]);
}

#[test]
fn show_refuses_a_line_outside_the_report_and_the_exclusion_tip_keeps_the_word() {
    let (code, _, err) = common::run(&["show", "jinchang-2023-report.txt:999"]);
    assert_eq!(code, 2);
    assert!(err.contains("no text on line 999"), "{err}");
    let (code, _, err) = common::run(&["show", "jinchang-2023-report.txt:1"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = common::run(&["search", "-应诉", "行政复议"]);
    assert_eq!(code, 2);
    assert!(err.contains("to exclude 应诉"), "{err}");
}

#[test]
fn traditional_and_english_queries_answer_like_the_simplified_term() {
    let answer = |query: &[&str]| {
        let mut args = vec!["search"];
        args.extend_from_slice(query);
        args.extend(["--by", "zone", "--limit", "all", "--format", "json"]);
        let v = json(&args);
        let paths: Vec<(String, u64)> = v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["path"].as_str().unwrap().to_string(),
                    h["line"].as_u64().unwrap(),
                )
            })
            .collect();
        (
            v["total"].clone(),
            v["groups"].clone(),
            paths,
            v["expanded"].clone(),
        )
    };
    let simplified = answer(&["行政复议"]);
    // 2 reports, 3 sections, 15 occurrences: the 兰州新区 plan and the scrubbed 2022 report.
    assert_eq!(simplified.0["occurrences"], 15);
    for query in [
        vec!["行政復議"],
        vec!["administrative", "reconsideration"],
        vec!["\"Administrative Reconsideration\""],
    ] {
        let other = answer(&query);
        assert_eq!(
            (&other.0, &other.1, &other.2),
            (&simplified.0, &simplified.1, &simplified.2),
            "{query:?}"
        );
    }
    let english = answer(&["administrative", "reconsideration"]);
    assert_eq!(english.3[0]["forms"][0], "行政复议");
    // --exact searches the words as written: English words are not in these reports.
    let (code, _, _) = common::run(&[
        "search",
        "administrative reconsideration",
        "--exact",
        "--count",
    ]);
    assert_eq!(code, 1);
    // A wildcard that other engines have is explained, not silently missed.
    let (code, _, err) = common::run(&["search", "行政复*", "--count"]);
    assert_eq!(code, 1);
    assert!(err.contains("`*` is not an operator"), "{err}");
}

#[test]
fn or_binds_tighter_than_and_and_an_exclusion_applies_to_the_whole_query() {
    let sections = |query: &str| {
        json(&["search", query, "--count", "--format", "json"])["total"]["sections"]
            .as_u64()
            .unwrap()
    };
    // Sections with 复议 or 诉讼, minus those of them that also have 应诉.
    let either = sections("(复议 OR 诉讼)");
    let with_excluded = sections("(复议 OR 诉讼) 应诉");
    assert!(
        with_excluded > 0,
        "the shipped reports have 应诉 beside 复议/诉讼"
    );
    assert_eq!(sections("复议 OR 诉讼 -应诉"), either - with_excluded);
    // A filter OR a filter stays beside the term: every section found holds 营商环境.
    let found = json(&[
        "search",
        "营商环境 section:problems OR section:plans",
        "--limit",
        "all",
        "--format",
        "json",
    ]);
    assert_eq!(
        found["total"],
        json(&[
            "search",
            "营商环境 (section:problems OR section:plans)",
            "--limit",
            "all",
            "--format",
            "json"
        ])["total"]
    );
    for hit in found["hits"].as_array().unwrap() {
        assert!(hit["occurrences"].as_u64().unwrap() > 0, "{hit}");
    }
}

#[test]
fn report_scope_asks_every_clause_of_the_whole_report() {
    // Three small reports written for this test: 甲 has 公职律师 in one section and 法律顾问 in
    // another; 乙 has only 公职律师; 丙 only 法律顾问.
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let report = |area: &str, first: &str, second: &str| {
        format!("{area}2023年法治政府建设情况报告\n\n一、主要工作\n（一）{first}\n\n二、下一步打算\n（一）{second}\n")
    };
    std::fs::write(
        docs.join("jia.txt"),
        report("甲县", "设立公职律师三名。", "聘请法律顾问两名。"),
    )
    .unwrap();
    std::fs::write(
        docs.join("yi.txt"),
        report("乙县", "设立公职律师五名。", "加强执法监督。"),
    )
    .unwrap();
    std::fs::write(
        docs.join("bing.txt"),
        report("丙县", "聘请法律顾问一名。", "加强执法监督。"),
    )
    .unwrap();
    let index = work.path().join("idx");
    let (code, _, err) = common::index_summary(&docs, &index, &[]);
    assert_eq!(code, 0, "{err}");
    let reports = |query: &str, scope: &str| -> Vec<String> {
        let v = common::search_json(
            &index,
            &[query, "--scope", scope, "--by", "report", "--exact"],
        );
        let mut paths: Vec<String> = v["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["key"].as_str().unwrap().to_string())
            .collect();
        paths.sort();
        paths
    };
    // "公职律师 but never 法律顾问": per section 甲 comes back (its 公职律师 section has no 法律顾问).
    assert_eq!(
        reports("公职律师 -法律顾问", "section"),
        ["jia.txt", "yi.txt"]
    );
    assert_eq!(reports("公职律师 -法律顾问", "report"), ["yi.txt"]);
    // Both: never in one section, but both in 甲.
    assert!(reports("公职律师 法律顾问", "section").is_empty());
    assert_eq!(reports("公职律师 法律顾问", "report"), ["jia.txt"]);
    // The sections shown are the report's sections with a term asked for.
    let both = common::search_json(
        &index,
        &["公职律师 法律顾问", "--scope", "report", "--exact"],
    );
    assert_eq!(both["total"]["sections"], 2);
    assert_eq!(both["total"]["occurrences"], 2);
    // A batch line may ask for it too.
    let (code, out, err) = common::outcome(
        common::zonedex()
            .args(["search", "--batch", "-", "--index"])
            .arg(&index)
            .write_stdin("{\"q\": \"公职律师 -法律顾问\", \"scope\": \"report\"}\n"),
    );
    assert_eq!(code, 0, "{err}");
    let line: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(line["total"]["reports"], 1, "{line}");
}

#[test]
fn proximity_finds_words_in_one_sentence_paragraph_or_stretch() {
    // Two reports written for this test. 甲's first section: 行政复议 and 纠错 in one sentence,
    // 8 characters apart (案件12件，依法); then 3 apart across the sentence end (3件。) before
    // the second 行政复议 of the paragraph; then 纠错 alone in a paragraph. 甲's second section:
    // the two in neighbouring paragraphs, 10 apart (体制机制改革。, the break, 完善). 乙: one
    // paragraph, two sentences, 5 apart (案件5件。).
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(
        docs.join("jia.txt"),
        "甲县2023年法治政府建设情况报告\n\n一、主要工作\n\n（一）行政复议\n\n全年办理行政复议案件12件，依法纠错3件。行政复议决定全部履行。\n\n另有纠错机制建设一项。\n\n二、下一步打算\n\n（一）复议\n\n推进行政复议体制机制改革。\n\n完善纠错机制。\n",
    )
    .unwrap();
    std::fs::write(
        docs.join("yi.txt"),
        "乙县2023年法治政府建设情况报告\n\n一、主要工作\n\n（一）复议\n\n办理行政复议案件5件。纠错1件。\n",
    )
    .unwrap();
    let index = work.path().join("idx");
    let (code, _, err) = common::index_summary(&docs, &index, &[]);
    assert_eq!(code, 0, "{err}");
    let answer = |query: &str, extra: &[&str]| -> (u64, u64, Vec<String>) {
        let mut args = vec![query, "--exact", "--limit", "all"];
        args.extend_from_slice(extra);
        let v = common::search_json(&index, &args);
        let mut paths: Vec<String> = v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| format!("{}:{}", h["path"].as_str().unwrap(), h["line"]))
            .collect();
        paths.sort();
        (
            v["total"]["sections"].as_u64().unwrap(),
            v["total"]["occurrences"].as_u64().unwrap(),
            paths,
        )
    };
    // Same sentence: only 甲's first sentence; its two words are what is counted.
    assert_eq!(
        answer("同句(行政复议 纠错)", &[]),
        (1, 2, vec!["jia.txt:7".into()])
    );
    assert_eq!(answer("SENTENCE(行政复议 纠错)", &[]).1, 2);
    // Same paragraph: 甲's first paragraph (行政复议 twice, 纠错 once) and 乙's.
    assert_eq!(
        answer("同段(行政复议 纠错)", &[]),
        (2, 5, vec!["jia.txt:7".into(), "yi.txt:7".into()])
    );
    // Characters apart: 3 and 8 in 甲's first section, 10 in its second, 5 in 乙.
    assert_eq!(answer("\"行政复议 纠错\"~2", &[]).0, 0);
    assert_eq!(
        answer("\"行政复议 纠错\"~3", &[]),
        (1, 2, vec!["jia.txt:7".into()])
    );
    assert_eq!(answer("\"行政复议 纠错\"~5", &[]).0, 2);
    assert_eq!(
        answer("\"行政复议 纠错\"~8", &[]),
        (2, 5, vec!["jia.txt:7".into(), "yi.txt:7".into()])
    );
    assert_eq!(answer("\"纠错 行政复议\"~10", &[]).0, 3);
    // Alternatives inside a clause, and a clause beside other words.
    assert_eq!(answer("同句(行政复议 纠错 OR 履行)", &[]).1, 4);
    assert_eq!(answer("同句(行政复议 纠错) 另有", &[]).1, 3);
    // Excluded: sections with 行政复议 where no sentence also has 纠错.
    assert_eq!(answer("行政复议 -同句(行政复议 纠错)", &[]).0, 2);
    // Report scope: the reports with such a sentence somewhere.
    let v = common::search_json(
        &index,
        &["同句(行政复议 纠错)", "--scope", "report", "--by", "report"],
    );
    assert_eq!(v["groups"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v["groups"][0]["key"], "jia.txt");
    // The highlights are the words that stand together.
    let v = common::search_json(&index, &["同句(行政复议 纠错)", "--exact"]);
    let hit = &v["hits"][0];
    let snippet: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
    let highlighted: Vec<String> = hit["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let (a, b) = (
                r[0].as_u64().unwrap() as usize,
                r[1].as_u64().unwrap() as usize,
            );
            snippet[a..b].iter().collect()
        })
        .collect();
    assert_eq!(highlighted, ["行政复议", "纠错"]);
    // The glossary expands the words of a clause too.
    let v = common::search_json(&index, &["同句(\"administrative reconsideration\" 纠错)"]);
    assert_eq!(v["total"]["sections"], 1, "{v}");
    // Batch lines and matrix rows take clauses like any query.
    let (code, out, err) = common::outcome(
        common::zonedex()
            .args(["search", "--batch", "-", "--index"])
            .arg(&index)
            .write_stdin("{\"q\": \"同段(行政复议 纠错)\"}\n"),
    );
    assert_eq!(code, 0, "{err}");
    let line: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(line["total"]["sections"], 2, "{line}");
    let (code, out, err) = common::outcome(
        common::zonedex()
            .args([
                "matrix", "--terms", "-", "--format", "csv", "--no-bom", "--index",
            ])
            .arg(&index)
            .write_stdin("同句(行政复议 纠错)\n"),
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.lines()
            .nth(1)
            .unwrap()
            .starts_with("同句(行政复议 纠错),"),
        "{out}"
    );
    // Mistakes are errors that show the syntax; other engines' syntax gets a hint.
    let (code, _, err) = common::run_on(&index, &["search", "\"行政复议 纠错\"~", "--count"]);
    assert_eq!(code, 2);
    assert!(err.contains("~ needs a number"), "{err}");
    let (code, _, err) = common::run_on(&index, &["search", "同句(行政复议)", "--count"]);
    assert_eq!(code, 2);
    assert!(err.contains("two or more different words"), "{err}");
    let (code, _, err) = common::run_on(&index, &["search", "行政复议 NEAR/5 纠错", "--count"]);
    assert_eq!(code, 1);
    assert!(err.contains("同句(行政复议 纠错)"), "{err}");
}

#[test]
fn proximity_on_the_shipped_reports() {
    // The scrubbed 2022 report has 行政复议 and 应诉 together in two sentences of one section:
    // "…出庭应诉,做好行政复议、行政诉讼的应诉工作。" and "…作为被申请人的行政复议案件3件,作为
    // 第三人的行政复议案件1件;…出庭应诉。" — 3 words each. The sentence before them,
    // "二是认真履行行政复议、行政诉讼职责。", has no 应诉.
    let v = json(&[
        "search",
        "同句(行政复议 应诉)",
        "--format",
        "json",
        "--exact",
    ]);
    assert_eq!(v["total"]["reports"], 1, "{v}");
    assert_eq!(v["total"]["sections"], 1);
    assert_eq!(v["total"]["occurrences"], 6);
    let anded = json(&["search", "行政复议 应诉", "--format", "json", "--exact"]);
    assert_eq!(anded["total"]["occurrences"], 7);
}
