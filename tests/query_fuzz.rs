//! Nasty and random queries, at the parser and at the command line: never a panic; always
//! exit 0 (found), 1 (nothing found) or 2 (an error, explained in one `zonedex: …` message).

mod common;

use common::{outcome, shared_index, zonedex};
use proptest::prelude::*;
use serde_json::Value;

/// Runs `zonedex search --index <shipped corpus index> ARGS…` and checks the contract.
/// Returns the exit code.
fn check_cli(args: &[&str]) -> i32 {
    let (code, out, err) = outcome(
        zonedex()
            .arg("search")
            .arg("--index")
            .arg(shared_index())
            .args(args)
            .env("NO_COLOR", "1"),
    );
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{args:?} panicked: {err}"
    );
    match code {
        0 | 1 => {
            if args.contains(&"json") {
                let v: Value = serde_json::from_str(&out)
                    .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out}"));
                // Exit 0 exactly when something was found.
                let sections = v["total"]["sections"].as_u64().unwrap();
                assert_eq!(code == 0, sections > 0, "{args:?}: exit {code}, {v}");
            }
        }
        2 => {
            // One clear message (clap's usage errors start with `error:`).
            let first = err.lines().next().unwrap_or_default();
            assert!(
                first.starts_with("zonedex: ") || first.starts_with("error: "),
                "{args:?}: {err}"
            );
            assert!(first.len() > "zonedex: ".len() + 10, "{args:?}: {err}");
            assert!(
                out.is_empty(),
                "{args:?} printed a result and failed: {out}"
            );
        }
        other => panic!("{args:?}: exit {other}: {err}"),
    }
    code
}

fn query(q: &str) -> i32 {
    check_cli(&["--format", "json", "--", q])
}

#[test]
fn nasty_queries_get_an_answer_or_a_clear_error() {
    let ten_kb_cjk = "行政复议".repeat(10_240 / 12); // 3 bytes a character: 10 kB, 3412 chars
    let ten_kb_ascii = "ab ".repeat(10_240 / 3);
    let deep = format!("{}复议{}", "(".repeat(2000), ")".repeat(2000));
    let cases: Vec<(&str, Option<i32>)> = vec![
        // (query, the exit code it must have, when the text decides it)
        ("", Some(2)),
        ("   \t ", Some(2)),
        ("\"", Some(2)),
        ("\"行政复议", Some(2)),
        ("“行政复议", Some(2)),
        ("行政复议\"", None),
        ("(", Some(2)),
        (")", Some(2)),
        ("((复议)", Some(2)),
        ("复议))", Some(2)),
        ("()", Some(2)),
        ("zone:", Some(2)),
        ("zone:\"\"", Some(2)),
        ("year:", Some(2)),
        ("year:99999 复议", Some(2)),
        ("year:2023..2021 复议", Some(2)),
        ("year:abc 复议", Some(2)),
        ("year:-1 复议", Some(2)),
        ("kind:poem 复议", Some(2)),
        ("section:nowhere 复议", Some(2)),
        ("zone:火星 复议", Some(2)),
        ("foo:bar", None),
        (":", None),
        ("-", None),
        ("-复议", Some(2)),
        ("NOT", Some(2)),
        ("OR", Some(2)),
        ("复议 OR", Some(2)),
        ("AND AND", Some(2)),
        ("复议 OR OR 诉讼", Some(2)),
        ("\u{1}\u{2}\u{7f}", None),
        ("行政\u{0}复议", None),
        ("\u{1b}[31m复议", None),
        ("😀", Some(1)),
        ("👨‍👩‍👧 复议", Some(1)),
        ("Ωμέγα ﷺ العربية 行政复议", Some(1)),
        ("复\u{301}议", Some(1)),
        ("\u{200b}复议", None),
        ("\u{feff}复议", None),
        ("\u{fffd}", Some(1)),
        ("𠀀𪚥", Some(1)),
        ("行政复议", Some(0)),
        ("ＬＥＤ", None),
        ("\\", None),
        ("'", None),
        ("%s%n%x", Some(1)),
        ("../../etc/passwd", Some(1)),
        (&ten_kb_cjk, Some(1)),
        (&ten_kb_ascii, Some(2)),
        (&deep, Some(0)),
    ];
    for (q, expected) in &cases {
        let q = q.replace('\u{0}', ""); // an argument cannot hold NUL (the parser test can)
        let code = query(&q);
        if let Some(expected) = expected {
            assert_eq!(code, *expected, "query {q:?}");
        }
        // The table output keeps the same contract.
        check_cli(&["--", &q]);
    }
}

#[test]
fn nasty_flag_values_get_an_answer_or_a_clear_error() {
    let cases: &[(&[&str], i32)] = &[
        (&["--year", "99999", "复议"], 2),
        (&["--year", "2023..2021", "复议"], 2),
        (&["--year", "..", "复议"], 2),
        (&["--year", "", "复议"], 2),
        (&["--zone", "", "复议"], 2),
        (&["--zone", "区", "复议"], 2), // every zone has 区: ambiguous
        (&["--zone", "\u{1}", "复议"], 2),
        (&["--by", "", "复议"], 2),
        (&["--by", "zone,year,kind", "复议"], 2),
        (&["--by", "zone,", "复议"], 2),
        (&["--limit", "18446744073709551616", "复议"], 2),
        (&["--limit", "-1", "复议"], 2),
        (&["--format", "xml", "复议"], 2),
        (&["-复议"], 2),
    ];
    for (args, expected) in cases {
        let mut with_json = args.to_vec();
        with_json.splice(0..0, ["--format", "json"]);
        if args.contains(&"--format") {
            with_json = args.to_vec();
        }
        assert_eq!(check_cli(&with_json), *expected, "{args:?}");
    }
}

/// Pieces that random queries are made of: syntax, filters, words that are in the corpus,
/// and characters that are trouble.
const PIECES: &[&str] = &[
    "(",
    ")",
    "\"",
    "“",
    "-",
    "NOT ",
    " OR ",
    " AND ",
    "zone:",
    "year:",
    "kind:",
    "section:",
    ":",
    " ",
    "  ",
    "\t",
    "..",
    "2023",
    "99999",
    "2021..2023",
    "2023..2021",
    "金昌",
    "凤泉湖",
    "行政复议",
    "复议",
    "法治",
    "公职律师",
    "problems",
    "plan",
    "led",
    "LED",
    "１２",
    "😀",
    "🇨🇳",
    "\u{301}",
    "\u{200d}",
    "\u{1}",
    "\u{7}",
    "\u{1b}",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "\u{fffd}",
    "ـ",
    "א",
    "Ω",
    "ß",
    "İ",
    "ﬁ",
    "\\",
    "'",
    "*",
    "?",
    "%",
    "/",
    "同句(",
    "同段(",
    "SENTENCE(",
    "~",
    "\"~3",
    "\"~1000",
    "~99999999999",
    "。",
    "\n",
];

fn nasty_query() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(PIECES).prop_map(String::from),
            1 => any::<char>().prop_map(|c| c.to_string()),
        ],
        0..24,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// The parser never panics, and an error points at a column inside the query (or just
    /// after its end).
    #[test]
    fn the_parser_never_panics(q in nasty_query()) {
        if let Err(e) = zonedex::search::query::parse(&q) {
            prop_assert!(e.column >= 1, "{q:?}: {e}");
            prop_assert!(e.column <= q.chars().count() + 1, "{q:?}: {e}");
            prop_assert!(!e.message.is_empty());
        }
    }
}

/// Cases of the in-process search fuzz: 2,000 on every test run; `ZONEDEX_FUZZ_CASES=1000000`
/// (with `--release`) is the full run README's Guarantees quotes.
fn search_fuzz_cases() -> u32 {
    std::env::var("ZONEDEX_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000)
}

fn opened_shared_index() -> &'static zonedex::IndexHandle {
    static HANDLE: std::sync::OnceLock<zonedex::IndexHandle> = std::sync::OnceLock::new();
    HANDLE
        .get_or_init(|| zonedex::IndexHandle::open(shared_index()).expect("the shared index opens"))
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: search_fuzz_cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Parsing, searching, counting and grouping never panic, and every error is one the
    /// library explains (a query error, an unknown zone …), never the index library's own.
    #[test]
    fn searching_never_panics(q in nasty_query(), grouped in any::<bool>()) {
        let mut request = zonedex::SearchRequest::new(q.clone());
        if grouped {
            request.group_by = vec![zonedex::GroupKey::Facet(zonedex::base::Facet::Zone)];
        }
        match zonedex::search(opened_shared_index(), &request) {
            Ok(result) => prop_assert!(result.total.sections >= result.hits.len() as u64),
            Err(e) => prop_assert!(
                !matches!(e, zonedex::Error::Tantivy(_) | zonedex::Error::Damaged { .. }),
                "{q:?}: {e}"
            ),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 96, // each case runs the binary
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_command_line_never_panics(q in nasty_query()) {
        query(&q.replace('\u{0}', ""));
    }
}

/// Found by the_parser_never_panics: a closing ” with no opening “ made the tokenizer loop
/// forever. Runs the binary with a time limit so a regression fails the test instead of
/// exhausting the machine.
#[test]
fn a_stray_closing_quote_is_an_error_not_a_hang() {
    for q in ["”", "复议”", "复议 ” 诉讼", "zone:金昌”"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("zonedex"))
            .arg("search")
            .arg("--index")
            .arg(shared_index())
            .args(["--", q])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if std::time::Instant::now() > deadline {
                child.kill().unwrap();
                child.wait().unwrap();
                break None;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        let status = status.unwrap_or_else(|| panic!("search {q:?} still running after 5 s"));
        assert!(matches!(status.code(), Some(0..=2)), "{q:?}: {status}");
    }
}

/// Found by nasty_flag_values_get_an_answer_or_a_clear_error: a huge --limit or --offset
/// panicked (overflow in offset + limit) or aborted allocating room for that many hits; they
/// are capped at the number of sections in the index.
#[test]
fn huge_limits_and_offsets_are_capped_not_fatal() {
    for (flag, value) in [
        ("--limit", "18446744073709551615"),
        ("--offset", "18446744073709551615"),
        ("--limit", "4294967296"),
        ("--offset", "100000000000"),
    ] {
        let code = check_cli(&["--format", "json", flag, value, "复议"]);
        assert!(code == 0 || code == 1, "{flag} {value}: exit {code}");
    }
}
