//! Writers of the forms reports are published in, for tests and benchmarks: a government web
//! page around a report, a DOCX, and a hard-wrapped PDF with page numbers. Each takes the
//! report's lines (paragraphs) as a reader sees them. Shared by the bench (`zonedex-bench
//! formats`) and `tests/formats.rs` (which includes this file), so both read the same files.

use std::collections::BTreeMap;
use std::io::Write;

/// The report's lines as a reader sees them: markdown bold markers are formatting, not text.
pub fn reader_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.replace("**", "").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

pub fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A district government page around the report: navigation, breadcrumbs, a labelled block,
/// print/close links, related links and a footer, all of which must stay out of the index.
pub fn html_page(lines: &[String]) -> String {
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
pub fn docx_file(lines: &[String]) -> Vec<u8> {
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
pub const PDF_LINE_CHARS: usize = 28;
pub const PDF_PAGE_LINES: usize = 36;

/// The pages of a report as a PDF would lay them out: lines cut at [`PDF_LINE_CHARS`], a
/// blank line between paragraphs, [`PDF_PAGE_LINES`] lines a page.
pub fn pdf_pages(lines: &[String]) -> Vec<Vec<String>> {
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
pub fn pdf_file(pages: &[Vec<String>]) -> Vec<u8> {
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
