//! Reports in the forms they are published in: every shipped report written out as an HTML
//! page, a PDF and a DOCX (by the small writers below, at test time) beside its text, and the
//! same questions answered alike in every form; plus real files made by LibreOffice and
//! reportlab (tests/fixtures/formats), a scan without text, a damaged PDF and the formats
//! zonedex does not read.

mod common;
#[path = "../bench/src/writers.rs"]
#[allow(dead_code)] // the bench uses the rest
mod writers;

use common::{corpus, index_summary, run_on, search_json};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use writers::{docx_file, html_page, pdf_file, pdf_pages, reader_lines};

/// The shipped reports: (name without ending, text).
fn shipped_reports() -> Vec<(String, String)> {
    let mut reports: Vec<(String, String)> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    reports.sort();
    assert_eq!(reports.len(), 5, "the five shipped reports");
    reports
}

/// The report's text as a reader sees it, for counting what a search must find: without
/// markdown bold markers (formatting) and without spaces (`2023 年` reads as `2023年`).
fn reader_text(text: &str) -> String {
    reader_lines(text).join("").split_whitespace().collect()
}

/// The text of a piece of HTML without its tags.
fn strip_tags(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

// ---------------------------------------------------------------------------------------------
// Writers

// ---------------------------------------------------------------------------------------------
// The corpus in four formats

/// A work folder with the shipped reports as `NAME.txt`, `NAME.html`, `NAME.pdf` and
/// `NAME.docx`, indexed: (work folder, index).
fn four_format_corpus() -> (tempfile::TempDir, PathBuf) {
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    for (name, text) in shipped_reports() {
        let lines = reader_lines(&text);
        std::fs::write(docs.join(format!("{name}.txt")), &text).unwrap();
        std::fs::write(docs.join(format!("{name}.html")), html_page(&lines)).unwrap();
        std::fs::write(
            docs.join(format!("{name}.pdf")),
            pdf_file(&pdf_pages(&lines)),
        )
        .unwrap();
        std::fs::write(docs.join(format!("{name}.docx")), docx_file(&lines)).unwrap();
    }
    let index = work.path().join("idx");
    let (code, summary, err) = index_summary(&docs, &index, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary["indexed"], 20, "{summary}\n{err}");
    assert_eq!(
        summary["skipped"].as_array().map(Vec::len),
        Some(0),
        "{summary}\n{err}"
    );
    (work, index)
}

/// `search TERM --by report` as {format: {report name: occurrences}}.
fn occurrences_by_format(index: &Path, term: &str) -> BTreeMap<String, BTreeMap<String, u64>> {
    // --exact: the term as written, as the counts read off the reports are (no glossary forms).
    let result = search_json(index, &[term, "--by", "report", "--limit", "0", "--exact"]);
    let mut by_format: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for group in result["groups"].as_array().unwrap() {
        let path = group["key"].as_str().unwrap();
        let (name, format) = path.rsplit_once('.').unwrap();
        by_format
            .entry(format.to_string())
            .or_default()
            .insert(name.to_string(), group["occurrences"].as_u64().unwrap());
    }
    by_format
}

#[test]
fn every_format_answers_like_the_text() {
    let (_work, index) = four_format_corpus();
    for term in [
        "行政复议",
        "法治政府建设",
        "合法性审查",
        "公职律师",
        "2023年",
        "营商环境",
    ] {
        let by_format = occurrences_by_format(&index, term);
        let text = by_format.get("txt").cloned().unwrap_or_default();
        for format in ["html", "pdf", "docx"] {
            assert_eq!(
                by_format.get(format).cloned().unwrap_or_default(),
                text,
                "{term}: {format} against the text files"
            );
        }
        // Read from the reports themselves: the term is where a reader sees it.
        for (name, report) in shipped_reports() {
            let expected = reader_text(&report).matches(term).count() as u64;
            assert_eq!(
                text.get(&name).copied().unwrap_or(0),
                expected,
                "{term} in {name}"
            );
        }
    }
    // The page around the report is not indexed: the navigation, the related links and the
    // footer all say 行政复议, as does the script.
    let with_site = search_json(
        &index,
        &[
            "某某区行政复议中心 OR 行政复议申请须知 OR 脚本里的字 OR 浏览次数",
            "--by",
            "report",
        ],
    );
    assert_eq!(with_site["total"]["sections"], 0, "{with_site}");
}

#[test]
fn every_format_has_the_same_zones() {
    let (_work, index) = four_format_corpus();
    let result = search_json(&index, &["行政复议", "--by", "zone", "--limit", "0"]);
    let groups = result["groups"].as_array().unwrap();
    assert!(!groups.is_empty());
    for group in groups {
        let reports = group["reports"].as_u64().unwrap();
        assert_eq!(
            reports % 4,
            0,
            "each zone's reports come in all four formats: {group}"
        );
    }
}

#[test]
fn pdf_hits_point_to_page_and_line() {
    let (_work, index) = four_format_corpus();
    let result = search_json(&index, &["行政复议", "--limit", "100"]);
    let mut checked = 0;
    for hit in result["hits"].as_array().unwrap() {
        let path = hit["path"].as_str().unwrap();
        if !path.ends_with(".pdf") {
            assert!(hit.get("page").is_none(), "{hit}");
            continue;
        }
        let page = hit["page"].as_u64().expect("a PDF hit has a page") as usize;
        let line = hit["line"].as_u64().unwrap() as usize;
        // The line the hit names, on the page it names, holds the start of the match (the
        // first two characters at least: the term may continue on the next line).
        let name = path.trim_end_matches(".pdf");
        let (_, text) = shipped_reports()
            .into_iter()
            .find(|(n, _)| n == name)
            .unwrap();
        // A reader counts the lines with text on a page, the page number at its foot too.
        let pages = pdf_pages(&reader_lines(&text));
        let shown: Vec<&String> = pages[page - 1].iter().filter(|l| !l.is_empty()).collect();
        let shown = shown[line - 1];
        assert!(
            shown.contains("行政") || shown.ends_with('行'),
            "{path}:{page}:{line} is {shown:?}"
        );
        checked += 1;
    }
    assert!(checked > 0, "some hits are in PDFs");

    // The table output and `show` use the same page:line.
    let (code, out, err) = run_on(&index, &["search", "行政复议", "--limit", "100"]);
    assert_eq!(code, 0, "{err}");
    let pdf_line = out
        .lines()
        .find(|l| l.contains(".pdf:"))
        .expect("a PDF hit in the table");
    let target = pdf_line.trim();
    assert_eq!(target.matches(':').count(), 2, "{target} is FILE:PAGE:LINE");
    let (code, shown, err) = run_on(&index, &["show", target]);
    assert_eq!(code, 0, "{err}");
    assert!(shown.contains("行政复议"), "{shown}");
}

#[test]
fn html_hits_point_to_the_source_line() {
    let (work, index) = four_format_corpus();
    let result = search_json(&index, &["合法性审查", "--limit", "100", "--exact"]);
    let mut checked = 0;
    for hit in result["hits"].as_array().unwrap() {
        let path = hit["path"].as_str().unwrap();
        if !path.ends_with(".html") {
            continue;
        }
        let source = std::fs::read_to_string(work.path().join("docs").join(path)).unwrap();
        let line = hit["line"].as_u64().unwrap() as usize;
        // A line points to where its paragraph starts in the HTML source: the match begins in
        // the paragraph starting there (and may run on into the next one, where the shipped
        // report itself breaks a line mid-word).
        let from_there: String = source.lines().skip(line - 1).take(8).collect();
        assert!(
            from_there.starts_with("<p"),
            "{path}:{line} is {from_there:?}"
        );
        let first_paragraph_end = from_there.find("</p>").unwrap();
        let text = strip_tags(&from_there);
        let first_paragraph = strip_tags(&from_there[..first_paragraph_end]);
        let at = text
            .find("合法性审查")
            .unwrap_or_else(|| panic!("{path}:{line}: {text}"));
        assert!(
            at < first_paragraph.len(),
            "{path}:{line}: the match starts after {first_paragraph:?}"
        );
        checked += 1;
    }
    assert!(checked > 0);
}

// ---------------------------------------------------------------------------------------------
// Files made by real tools, and files that cannot be read

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats")
}

#[test]
fn files_made_by_office_tools_are_read() {
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    for name in [
        "jinchang-2023-report-libreoffice.docx",
        "jinchang-2023-report-libreoffice.pdf",
        "jinchang-2023-report-stsong.pdf",
    ] {
        std::fs::copy(fixtures().join(name), docs.join(name)).unwrap();
    }
    std::fs::copy(
        corpus().join("jinchang-2023-report.txt"),
        docs.join("jinchang.txt"),
    )
    .unwrap();
    let index = work.path().join("idx");
    let (code, summary, err) = index_summary(&docs, &index, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary["indexed"], 4, "{summary}\n{err}");

    let text = std::fs::read_to_string(corpus().join("jinchang-2023-report.txt")).unwrap();
    let reader_text = reader_text(&text);
    for term in [
        "法治政府建设",
        "合法性审查",
        "2023年",
        "营商环境",
        "行政执法",
        "普法",
    ] {
        let expected = reader_text.matches(term).count() as u64;
        assert!(expected > 0, "{term} is in the report");
        let by_format = occurrences_by_format(&index, term);
        let counts: BTreeMap<&str, u64> = by_format
            .values()
            .flat_map(|reports| reports.iter().map(|(n, c)| (n.as_str(), *c)))
            .collect();
        for name in [
            "jinchang",
            "jinchang-2023-report-libreoffice",
            "jinchang-2023-report-stsong",
        ] {
            assert_eq!(
                counts.get(name).copied(),
                Some(expected),
                "{term} in {name}: {counts:?}"
            );
        }
    }
    // The metadata is read from a PDF as from the text.
    let (code, out, err) = run_on(&index, &["reports", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let reports: Value = serde_json::from_str(&out).unwrap();
    let zones: Vec<&str> = reports
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["zone"].as_str().unwrap_or("(none)"))
        .collect();
    assert!(
        zones.iter().all(|z| *z == zones[0] && z.contains("金昌")),
        "{zones:?}"
    );
}

#[test]
fn unreadable_and_unsupported_files_are_named_with_their_reason() {
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::copy(fixtures().join("scanned.pdf"), docs.join("scanned.pdf")).unwrap();
    std::fs::copy(
        fixtures().join("jinchang-2023-report-broken.pdf"),
        docs.join("broken.pdf"),
    )
    .unwrap();
    std::fs::write(docs.join("fake.pdf"), "<html>not a pdf</html>").unwrap();
    std::fs::write(docs.join("fake.docx"), "just text").unwrap();
    for name in [
        "old.doc",
        "draft.wps",
        "e-document.ofd",
        "table.xls",
        "table.xlsx",
        "letter.rtf",
    ] {
        std::fs::write(docs.join(name), b"\xD0\xCF\x11\xE0 something").unwrap();
    }
    std::fs::copy(
        corpus().join("qidong-2023-report.txt"),
        docs.join("qidong.txt"),
    )
    .unwrap();
    let index = work.path().join("idx");
    let (code, summary, err) = index_summary(&docs, &index, &[]);
    assert_eq!(code, 0, "a folder with one good report indexes it: {err}");
    let skipped: BTreeMap<String, String> = summary["skipped"]
        .as_array()
        .unwrap_or_else(|| panic!("{summary}"))
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap().to_string(),
                s["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let reason = |name: &str| {
        skipped
            .get(name)
            .unwrap_or_else(|| panic!("{name} not listed: {skipped:?}"))
    };
    assert!(reason("scanned.pdf").contains("no text layer (scanned?)"));
    assert!(reason("fake.pdf").contains("not a PDF file"));
    assert!(reason("fake.docx").contains("not a DOCX file"));
    // The damaged PDF is read as far as its pages are whole, with a warning naming the rest.
    assert!(!skipped.contains_key("broken.pdf"), "{skipped:?}");
    let warned = summary["warnings"].as_array().unwrap().iter().any(|w| {
        w["path"] == "broken.pdf" && w["message"].as_str().unwrap().contains("have no text")
    });
    assert!(warned, "{summary}");
    for name in [
        "old.doc",
        "draft.wps",
        "e-document.ofd",
        "table.xls",
        "table.xlsx",
        "letter.rtf",
    ] {
        assert!(
            reason(name).contains("save it as DOCX or PDF"),
            "{name}: {}",
            reason(name)
        );
    }
    assert_eq!(
        summary["indexed"].as_u64().unwrap() + skipped.len() as u64,
        11,
        "{summary}"
    );
}
