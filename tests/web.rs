//! `zonedex serve`: the API against the command line, the safety defaults, and a real browser
//! (headless Chromium driven over WebDriver) using the page as a person would.
//!
//! The browser test needs `chromium` and `chromedriver` (Debian: chromium, chromium-driver).
//! Without them it says so and passes, unless ZONEDEX_BROWSER_TEST=required (CI sets it), when
//! their absence fails it. Screenshots go to target/screenshots/ (not committed).

mod common;

use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `zonedex serve`, stopped when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(index: &Path, extra: &[&str]) -> (Server, String) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("zonedex"))
        .args(["serve", "--port", "0", "--index"])
        .arg(index)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("zonedex serve starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {first:?}"))
        .trim_end_matches('/')
        .to_string();
    (Server { child, url }, first)
}

/// GET `url`: (status, body). Error statuses are answers too.
fn get(url: &str) -> (u16, Vec<u8>) {
    let response = match ureq::get(url).call() {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{url}: {e}"),
    };
    let status = response.status();
    let mut body = Vec::new();
    std::io::Read::read_to_end(&mut response.into_reader(), &mut body).unwrap();
    (status, body)
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Twenty searches, as (query, flags of the CLI, the same as URL parameters).
const QUERIES: [(&str, &[(&str, &str)]); 20] = [
    ("行政复议", &[]),
    ("行政复议", &[("by", "zone")]),
    ("行政执法", &[("section", "problems"), ("by", "zone,year")]),
    ("法治", &[("by", "province")]),
    ("\"双随机、一公开\"", &[]),
    ("合法性审查", &[("zone", "凤泉湖")]),
    ("复议 OR 诉讼 -应诉", &[]),
    ("公职律师 -法律顾问", &[("scope", "report")]),
    ("同句(行政复议 应诉)", &[]),
    ("\"行政复议 应诉\"~10", &[]),
    ("administrative reconsideration", &[]),
    ("行政復議", &[("exact", "")]),
    ("营商环境", &[("year", "2023"), ("kind", "report")]),
    ("法", &[("limit", "3"), ("offset", "2")]),
    ("普法", &[("count", "")]),
    ("执法", &[("by", "report")]),
    ("led", &[]),
    ("营商环境", &[("zone", "unknown")]),
    ("法治政府", &[("limit", "all")]),
    ("不存在的词语组合", &[]),
];

#[test]
fn the_api_answers_what_the_command_line_answers() {
    let (server, _) = serve(common::shared_index(), &[]);
    for (query, flags) in QUERIES {
        let mut url = format!("{}/api/search?q={}", server.url, encode(query));
        let mut args = vec!["search", "--format", "json"];
        for (key, value) in flags {
            url.push_str(&format!(
                "&{key}={}",
                encode(if value.is_empty() { "1" } else { value })
            ));
            let flag: &'static str = Box::leak(format!("--{key}").into_boxed_str());
            args.push(flag);
            if !value.is_empty() {
                args.push(value);
            }
        }
        args.push("--");
        args.push(query);
        let (code, cli, err) = common::run(&args);
        assert!(code == 0 || code == 1, "{query}: {err}");
        let (status, api) = get(&url);
        assert_eq!(status, 200, "{query}");
        assert_eq!(String::from_utf8(api).unwrap(), cli, "{query} {flags:?}");
    }
}

#[test]
fn the_matrix_downloads_are_the_command_lines_bytes() {
    let (server, _) = serve(common::shared_index(), &[]);
    let terms = "行政复议\n公职律师\n# a comment\n同句(行政复议 应诉)\n";
    for (path, format) in [("/download/matrix.csv", "csv"), ("/api/matrix", "json")] {
        for by in ["zone", "year", "zone,year"] {
            let url = format!(
                "{}{path}?terms={}&by={}&measure=occurrences",
                server.url,
                encode(terms),
                encode(by)
            );
            let (status, body) = get(&url);
            assert_eq!(status, 200, "{url}");
            let (code, cli, err) = common::outcome(
                common::zonedex()
                    .args([
                        "matrix",
                        "--terms",
                        "-",
                        "--measure",
                        "occurrences",
                        "--by",
                        by,
                    ])
                    .args(["--format", format, "--index"])
                    .arg(common::shared_index())
                    .write_stdin(terms),
            );
            assert_eq!(code, 0, "{err}");
            assert_eq!(String::from_utf8(body).unwrap(), cli, "{path} by {by}");
        }
    }
}

#[test]
fn bad_requests_say_why_and_nothing_leaves_the_index() {
    let (server, _) = serve(common::shared_index(), &[]);
    let (status, body) = get(&format!("{}/?q={}", server.url, encode("复议 (")));
    assert_eq!(status, 400);
    let body = String::from_utf8(body).unwrap();
    assert!(body.contains("query error at column 4"), "{body}");
    let (status, body) = get(&format!(
        "{}/api/search?q={}",
        server.url,
        encode("year:20x3")
    ));
    assert_eq!(status, 400);
    let error: Value = serde_json::from_slice(&body).unwrap();
    assert!(
        error["error"].as_str().unwrap().contains("bad year"),
        "{error}"
    );
    // `show` reads the index, never a file: a path that is not a report in it is not found.
    for path in [
        "../../../etc/passwd",
        "/etc/passwd",
        "corpus/jinchang-2023-report.txt",
    ] {
        let (status, body) = get(&format!("{}/show?path={}&line=1", server.url, encode(path)));
        assert_eq!(status, 404, "{path}");
        assert!(!String::from_utf8_lossy(&body).contains("root:"), "{path}");
    }
    let (status, _) = get(&format!("{}/api/search?q=a&limit=10001", server.url));
    assert_eq!(status, 400);
    let (status, _) = get(&format!("{}/?q={}", server.url, "x".repeat(40_000)));
    assert_eq!(status, 414);
    let (status, _) = get(&format!(
        "{}/download/matrix.csv?terms={}",
        server.url,
        encode(
            &vec!["复议"; 201]
                .iter()
                .enumerate()
                .map(|(i, t)| format!("{t}{i}"))
                .collect::<Vec<_>>()
                .join("\n")
        )
    ));
    assert_eq!(status, 400);
}

#[test]
fn a_missing_index_gets_a_page_that_says_what_to_run_and_a_commit_is_seen() {
    let work = tempfile::tempdir().unwrap();
    let index = work.path().join("idx");
    let (server, _) = serve(&index, &[]);
    let (status, body) = get(&format!("{}/?q={}", server.url, encode("行政复议")));
    assert_eq!(status, 503);
    assert!(String::from_utf8(body).unwrap().contains("zonedex index"));
    // Built while the server runs: the next request answers from it.
    let docs = work.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::copy(
        common::corpus().join("jinchang-2023-report.txt"),
        docs.join("jinchang.txt"),
    )
    .unwrap();
    assert_eq!(common::index_summary(&docs, &index, &[]).0, 0);
    let (status, body) = get(&format!(
        "{}/api/search?q={}&count=1",
        server.url,
        encode("行政复议")
    ));
    assert_eq!(status, 200);
    let before: Value = serde_json::from_slice(&body).unwrap();
    std::fs::copy(
        common::corpus().join("lanzhou-zhongchuan-2023-plan.txt"),
        docs.join("lanzhou.txt"),
    )
    .unwrap();
    assert_eq!(common::index_summary(&docs, &index, &[]).0, 0);
    let (_, body) = get(&format!(
        "{}/api/search?q={}&count=1",
        server.url,
        encode("行政复议")
    ));
    let after: Value = serde_json::from_slice(&body).unwrap();
    // The Lanzhou plan has 行政复议 in two sections (README); the Jinchang report in none.
    assert_eq!(before["total"]["sections"], 0);
    assert_eq!(after["total"]["sections"], 2);
}

#[test]
fn listening_beyond_this_machine_needs_bind_and_warns() {
    let (mut server, first) = serve(common::shared_index(), &["--bind", "0.0.0.0"]);
    assert!(first.contains("0.0.0.0"), "{first}");
    let _ = server.child.kill();
    let mut err = String::new();
    std::io::Read::read_to_string(&mut server.child.stderr.take().unwrap(), &mut err).unwrap();
    assert!(err.contains("warning: listening on 0.0.0.0"), "{err}");
    let (server, first) = serve(common::shared_index(), &[]);
    assert!(first.contains("127.0.0.1"), "{first}");
    drop(server);
}

// ---------------------------------------------------------------------------------------------
// The browser

/// A WebDriver session of headless Chromium.
struct Browser {
    driver: Child,
    base: String,
    session: String,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = ureq::delete(&format!("{}/session/{}", self.base, self.session)).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Browser {
    fn start() -> Option<Browser> {
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
            .into_iter()
            .find(|p| Path::new(p).exists());
        let driver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
            .into_iter()
            .find(|p| Path::new(p).exists());
        let (Some(chromium), Some(driver)) = (chromium, driver) else {
            let required = std::env::var("ZONEDEX_BROWSER_TEST").is_ok_and(|v| v == "required");
            assert!(
                !required,
                "ZONEDEX_BROWSER_TEST=required, but chromium or chromedriver is missing"
            );
            eprintln!("skipped: no chromium/chromedriver (install chromium and chromium-driver)");
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while ureq::get(&format!("{base}/status")).call().is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not answer");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1200,1000",
                format!("--user-data-dir={}", profile.path().display()),
            ]}
        }}});
        let answer: Value = match ureq::post(&format!("{base}/session")).send_json(capabilities) {
            Ok(r) | Err(ureq::Error::Status(_, r)) => r.into_json().unwrap(),
            Err(e) => panic!("chromedriver: {e}"),
        };
        let session = answer["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no browser session: {answer}"))
            .to_string();
        Some(Browser {
            driver: child,
            base,
            session,
            _profile: profile,
        })
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let request = ureq::request(method, &url);
        let response = match body {
            Some(body) => request.send_json(body),
            None => request.call(),
        };
        let response = match response {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("{method} {path}: {e}"),
        };
        (
            response.status(),
            response.into_json().unwrap_or(Value::Null),
        )
    }

    fn go(&self, url: &str) {
        self.call("POST", "/url", Some(json!({"url": url})));
    }

    fn find_all(&self, css: &str) -> Vec<String> {
        let (_, answer) = self.call(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        );
        answer["value"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|e| e[ELEMENT].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn find(&self, css: &str) -> String {
        self.find_all(css)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no element {css} on {}", self.source()))
    }

    fn text(&self, element: &str) -> String {
        let (_, v) = self.call("GET", &format!("/element/{element}/text"), None);
        v["value"].as_str().unwrap_or_default().to_string()
    }

    fn attribute(&self, element: &str, name: &str) -> String {
        let (_, v) = self.call("GET", &format!("/element/{element}/attribute/{name}"), None);
        v["value"].as_str().unwrap_or_default().to_string()
    }

    fn click(&self, element: &str) {
        self.call(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        );
    }

    fn type_into(&self, element: &str, text: &str) {
        self.call(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({"text": text})),
        );
    }

    /// Waits (up to 10 s) until the page's address satisfies `done`: a click starts a
    /// navigation that may not have finished when the click returns.
    fn wait_for_url(&self, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let url = self.url();
            if done(&url) && self.ready() {
                return url;
            }
            assert!(Instant::now() < deadline, "the page stayed at {url}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn ready(&self) -> bool {
        let (_, v) = self.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": "return document.readyState", "args": []})),
        );
        v["value"] == "complete"
    }

    fn source(&self) -> String {
        let (_, v) = self.call("GET", "/source", None);
        v["value"].as_str().unwrap_or_default().to_string()
    }

    fn url(&self) -> String {
        let (_, v) = self.call("GET", "/url", None);
        v["value"].as_str().unwrap_or_default().to_string()
    }

    /// True when a JavaScript dialog (an `alert`) is open.
    fn alert_open(&self) -> bool {
        self.call("GET", "/alert/text", None).0 == 200
    }

    fn screenshot(&self, name: &str) -> PathBuf {
        use base64::Engine;
        let (_, v) = self.call("GET", "/screenshot", None);
        let png = base64::engine::general_purpose::STANDARD
            .decode(v["value"].as_str().unwrap())
            .unwrap();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, png).unwrap();
        path
    }
}

#[test]
fn a_person_searches_filters_opens_a_section_and_downloads_in_a_real_browser() {
    let Some(browser) = Browser::start() else {
        return;
    };
    // The shipped reports, and one whose text holds markup, as a web page copied as text would.
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    common::copy_seed_corpus(&docs);
    std::fs::write(
        docs.join("hostile.txt"),
        "乙县2023年法治政府建设情况报告\n\n一、主要工作\n\n（一）网站安全\n\n网页中出现<script>alert(1)</script>恶意脚本，已清除。\n",
    )
    .unwrap();
    let index = work.path().join("idx");
    assert_eq!(common::index_summary(&docs, &index, &[]).0, 0);
    let (server, _) = serve(&index, &[]);

    // Type 行政复议 and search.
    browser.go(&format!("{}/", server.url));
    let input = browser.find("input[name=q]");
    browser.type_into(&input, "行政复议");
    browser.click(&browser.find("#go"));
    browser.wait_for_url(|u| u.contains("q="));
    // The two zones that mention it, with their report counts (README: 兰州新区中川园区 and the
    // scrubbed report's unknown zone, one report each).
    let zones: Vec<String> = browser
        .find_all("#facet-zone li")
        .iter()
        .map(|e| browser.text(e))
        .collect();
    assert_eq!(
        zones,
        ["兰州新区中川园区 1", "(unknown zone) 1"],
        "{zones:?}"
    );
    assert_eq!(browser.text(&browser.find("#total-sections")), "3");
    browser.screenshot("search.png");
    let chart = browser.find("#chart-zone");
    assert!(browser.text(&chart).contains("兰州新区中川园区"));

    // Click the zone: its two sections remain.
    let zone_link = browser.find("#facet-zone a.facet-zone");
    browser.click(&zone_link);
    browser.wait_for_url(|u| u.contains("zone="));
    assert_eq!(browser.text(&browser.find("#total-sections")), "2");
    let wheres: Vec<String> = browser
        .find_all(".hit .where")
        .iter()
        .map(|e| browser.text(e))
        .collect();
    assert_eq!(wheres.len(), 2);
    assert!(
        wheres
            .iter()
            .all(|w| w.starts_with("兰州新区中川园区 · 2023")),
        "{wheres:?}"
    );

    // The CSV link gives what the command line writes.
    let csv_url = browser.attribute(&browser.find("#csv"), "href");
    let (status, csv) = get(&format!("{}{csv_url}", server.url));
    assert_eq!(status, 200);
    let (code, cli, err) = common::run_on(
        &index,
        &[
            "search",
            "行政复议",
            "--zone",
            "兰州新区中川园区",
            "--limit",
            "all",
            "--format",
            "csv",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(String::from_utf8(csv).unwrap(), cli);

    // Open the first hit's section: the term is marked, and the file:line is there.
    let hit = browser.find(".hit a.show");
    let position = browser.text(&hit);
    browser.click(&hit);
    browser.wait_for_url(|u| u.contains("/show?"));
    assert_eq!(browser.text(&browser.find("#position")), position);
    let marks: Vec<String> = browser
        .find_all("mark")
        .iter()
        .map(|e| browser.text(e))
        .collect();
    assert!(
        !marks.is_empty() && marks.iter().all(|m| m == "行政复议"),
        "{marks:?}"
    );
    browser.screenshot("section.png");

    // Markup in a query or in a report is shown as text, never run.
    let script = "<script>alert(1)</script>";
    browser.go(&format!("{}/?q={}", server.url, encode(script)));
    assert!(!browser.alert_open(), "a script from the query ran");
    assert_eq!(
        browser.attribute(&browser.find("input[name=q]"), "value"),
        script
    );
    browser.go(&format!("{}/?q={}", server.url, encode("恶意脚本")));
    assert!(!browser.alert_open(), "a script from a report ran");
    let snippet = browser.text(&browser.find(".hit .snippet"));
    assert!(snippet.contains(script), "{snippet}");

    // On a phone-sized screen nothing runs off the side.
    browser.call(
        "POST",
        "/window/rect",
        Some(json!({"width": 390, "height": 844})),
    );
    browser.go(&format!("{}/?q={}", server.url, encode("行政复议")));
    let (_, fits) = browser.call(
        "POST",
        "/execute/sync",
        Some(json!({"script": "return document.documentElement.scrollWidth <= window.innerWidth + 1", "args": []})),
    );
    assert_eq!(fits["value"], true, "the page is wider than a phone");
    browser.screenshot("phone.png");
    browser.call(
        "POST",
        "/window/rect",
        Some(json!({"width": 1200, "height": 1000})),
    );

    // The chart page of a broad query, in English.
    browser.go(&format!("{}/?q={}&lang=en", server.url, encode("法治")));
    assert!(browser.text(&browser.find("#chart-year")).contains("2023"));
    assert!(browser.source().contains("Reports per zone"));
    browser.screenshot("chart-en.png");
}
