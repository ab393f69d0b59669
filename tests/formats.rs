//! Reports in the forms they are published in: every shipped report written out as an HTML
//! page, a PDF and a DOCX (by the small writers below, at test time) beside its text, and the
//! same questions answered alike in every form; plus real files made by LibreOffice and
//! reportlab (tests/fixtures/formats), a scan without text, a damaged PDF and the formats
//! zonedex does not read.

mod common;

use common::{corpus, index_summary, run_on, search_json};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

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

/// The report's lines as a reader sees them: markdown bold markers are formatting, not text.
fn reader_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.replace("**", "").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
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

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

// ---------------------------------------------------------------------------------------------
// Writers

/// A district government page around the report: navigation, breadcrumbs, a labelled block,
/// print/close links, related links and a footer, all of which must stay out of the index.
fn html_page(lines: &[String]) -> String {
    let mut page = String::from(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>政务公开_某某区人民政府门户网站</title>\n\
         <script>document.write('<p>行政复议 脚本里的字</p>');</script>\n</head>\n<body>\n\
         <div class=\"header\"><div class=\"nav\"><a href=\"/\">首页</a><a href=\"/zwgk/\">政务公开</a><a href=\"/xzfy/\">行政复议</a><a href=\"/hdjl/\">互动交流</a></div></div>\n\
         <div class=\"location\">您现在的位置：<a href=\"/\">首页</a> &gt; <a href=\"/zwgk/\">政务公开</a> &gt; 法治政府建设</div>\n\
         <div class=\"wrapper\">\n<div class=\"xxgk-info\">\n<table><tr><td>索引号：000000-2024-00012</td><td>发布时间：2024-03-28</td></tr>\n\
         <tr><td>来源：区司法局</td><td>浏览次数：<span id=\"views\">512</span></td></tr></table>\n</div>\n\
         <div class=\"TRS_Editor\" id=\"zoom\">\n",
    );
    for line in lines {
        // A long paragraph is written over several source lines, as editors do.
        let chars: Vec<char> = escape_xml(line).chars().collect();
        page.push_str("<p style=\"text-indent:2em\">");
        for (i, piece) in chars.chunks(60).enumerate() {
            if i > 0 {
                page.push('\n');
            }
            page.extend(piece);
        }
        page.push_str("</p>\n");
    }
    page.push_str(
        "</div>\n<div class=\"article-tools\">【<a href=\"javascript:window.print()\">打印本页</a>】【<a href=\"javascript:window.close()\">关闭窗口</a>】</div>\n\
         <div class=\"related\"><h3>相关链接</h3><ul><li><a href=\"/1\">某某区行政复议工作情况通报</a></li><li><a href=\"/2\">行政复议申请须知</a></li></ul></div>\n\
         </div>\n<div class=\"footer\">主办：某某区人民政府办公室 承办：某某区行政复议中心 网站标识码：0000000000</div>\n</body>\n</html>\n",
    );
    page
}

/// A DOCX with one paragraph per line, the first line in a table cell as letterheads are.
fn docx_file(lines: &[String]) -> Vec<u8> {
    let paragraph = |text: &str| {
        format!(
            "<w:p><w:pPr><w:pStyle w:val=\"BodyText\"/></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia=\"仿宋\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            escape_xml(text)
        )
    };
    let mut body = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            body.push_str(&format!(
                "<w:tbl><w:tr><w:tc>{}</w:tc></w:tr></w:tbl>",
                paragraph(line)
            ));
        } else {
            body.push_str(&paragraph(line));
        }
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let parts = [
        ("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".to_string()),
        ("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".to_string()),
        ("word/document.xml", document),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Characters per line and lines per page of the PDF writer: a PDF is hard-wrapped.
const PDF_LINE_CHARS: usize = 28;
const PDF_PAGE_LINES: usize = 36;

/// The pages of a report as a PDF would lay them out: lines cut at [`PDF_LINE_CHARS`], a
/// blank line between paragraphs, [`PDF_PAGE_LINES`] lines a page.
fn pdf_pages(lines: &[String]) -> Vec<Vec<String>> {
    let mut laid_out = Vec::new();
    for line in lines {
        let chars: Vec<char> = line.chars().collect();
        for piece in chars.chunks(PDF_LINE_CHARS) {
            laid_out.push(piece.iter().collect::<String>());
        }
        laid_out.push(String::new());
    }
    laid_out
        .chunks(PDF_PAGE_LINES)
        .map(|page| page.to_vec())
        .collect()
}

/// A PDF of `pages` with a CID font as subsetting writers make them: each character gets its
/// own glyph number (Identity-H) and a ToUnicode map says which character it is. The font is
/// not embedded; an extractor needs only the map. Every page ends with `— N —`.
fn pdf_file(pages: &[Vec<String>]) -> Vec<u8> {
    let mut glyphs: BTreeMap<char, u16> = BTreeMap::new();
    let mut glyph_of = |c: char| {
        let next = glyphs.len() as u16 + 1;
        *glyphs.entry(c).or_insert(next)
    };
    let mut contents = Vec::new();
    for (number, page) in pages.iter().enumerate() {
        let mut stream = String::from("BT\n/F1 14 Tf\n");
        let footer = format!("— {} —", number + 1);
        let mut y = 790;
        for line in page.iter().chain(std::iter::once(&footer)) {
            if !line.is_empty() {
                let hex: String = line
                    .chars()
                    .map(|c| format!("{:04X}", glyph_of(c)))
                    .collect();
                stream.push_str(&format!("1 0 0 1 56 {y} Tm\n<{hex}> Tj\n"));
            }
            y -= 20;
        }
        stream.push_str("ET\n");
        contents.push(stream);
    }

    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<_> = glyphs.iter().collect();
    for chunk in entries.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (c, glyph) in chunk {
            let unicode: String = c
                .encode_utf16(&mut [0; 2])
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            cmap.push_str(&format!("<{glyph:04X}> <{unicode}>\n"));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");

    // Objects: 1 catalog, 2 pages, 3 font, 4 CID font, 5 ToUnicode, 6 descriptor, then a page
    // and its content for each page.
    let page_ids: Vec<usize> = (0..pages.len()).map(|i| 7 + 2 * i).collect();
    let stream_object =
        |body: &str| format!("<< /Length {} >>\nstream\n{body}endstream", body.len());
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            page_ids.iter().map(|id| format!("{id} 0 R")).collect::<Vec<_>>().join(" "),
            pages.len()
        ),
        "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+ZonedexSong /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>".to_string(),
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+ZonedexSong /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 6 0 R /DW 1000 /CIDToGIDMap /Identity >>".to_string(),
        stream_object(&cmap),
        "<< /Type /FontDescriptor /FontName /ABCDEF+ZonedexSong /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>".to_string(),
    ];
    for (i, content) in contents.iter().enumerate() {
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            page_ids[i] + 1
        ));
        objects.push(stream_object(content));
    }

    let mut pdf = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

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
    let result = search_json(index, &[term, "--by", "report", "--limit", "0"]);
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
    let result = search_json(&index, &["合法性审查", "--limit", "100"]);
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
    let warned = summary["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["path"] == "broken.pdf" && w["message"].as_str().unwrap().contains("have no text"));
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
