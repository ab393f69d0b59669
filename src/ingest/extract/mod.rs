//! Extraction: a report file in the form it was published in (plain text, an HTML page, a PDF,
//! a DOCX) → lines of text, each with where it came from, plus the *evidence* a page or file
//! states about the report outside its body (a web page's title and its 来源/发布时间 block).
//!
//! Everything after this step (cleaning, sections, metadata) reads the same line-oriented
//! text whatever the format; a format only decides what a "line" points back to:
//!
//! | format | a line is                                        |
//! |--------|--------------------------------------------------|
//! | text   | a line of the file                               |
//! | HTML   | the line of the HTML source where its text starts |
//! | PDF    | a line of a page (`page:line`)                   |
//! | DOCX   | a paragraph (table cells count as paragraphs)    |

mod docx;
mod html;
mod pdf;

use super::decode::{decode, DecodeError};
pub use crate::base::PageStarts;
use regex::Regex;
use std::path::Path;
use std::sync::LazyLock;

/// The forms a report is read from, chosen by file ending and confirmed by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Pdf,
    Docx,
}

/// File endings of each readable format (lower case, without the dot).
pub const FORMAT_ENDINGS: &[(Format, &[&str])] = &[
    (Format::Text, &["txt", "text", "md", "markdown"]),
    (Format::Html, &["html", "htm", "shtml", "xhtml"]),
    (Format::Pdf, &["pdf"]),
    (Format::Docx, &["docx"]),
];

impl Format {
    /// The format a file's ending promises, if it is one zonedex reads.
    pub fn of_path(path: &Path) -> Option<Format> {
        let ending = path.extension()?.to_str()?.to_ascii_lowercase();
        FORMAT_ENDINGS
            .iter()
            .find(|(_, endings)| endings.contains(&ending.as_str()))
            .map(|&(format, _)| format)
    }

    /// The format the bytes actually are: a web page saved as `.txt` is read as HTML.
    fn confirmed(self, bytes: &[u8]) -> Format {
        match self {
            Format::Text | Format::Html if looks_like_html(bytes) => Format::Html,
            other => other,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "HTML",
            Format::Pdf => "PDF",
            Format::Docx => "DOCX",
        }
    }
}

/// A report's text as extracted, before cleaning.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    /// The text, one extracted line per `\n`-separated line.
    pub text: String,
    /// The source position of each line of `text` (index 0 = line 1), when it is not simply
    /// that line's number: the HTML source line, the DOCX paragraph.
    pub origins: Option<Vec<u32>>,
    /// For a PDF, the number of the first line of each page (lines are numbered across pages;
    /// see [`PageStarts`]).
    pub pages: PageStarts,
    pub evidence: Evidence,
    /// How the bytes were decoded ("UTF-8", "GB18030", "PDF" …).
    pub encoding: &'static str,
    /// Things the user should check about the extraction.
    pub warnings: Vec<String>,
}

impl Extracted {
    /// Where line `line` (1-based, of `text`) came from in the file.
    pub fn origin(&self, line: u32) -> u32 {
        match &self.origins {
            Some(origins) => origins
                .get(line.saturating_sub(1) as usize)
                .copied()
                .unwrap_or(line),
            None => line,
        }
    }
}

/// What a file states about the report outside its body text: a web page's `<title>`/`<h1>`
/// and its labelled block (来源, 发布时间, 索引号 …). The metadata step may use it; it is never
/// indexed as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    pub title: Option<String>,
    pub fields: Vec<(Label, String)>,
}

impl Label {
    /// The word a page writes the label with (the first of [`LABEL_WORDS`]).
    pub fn word(self) -> &'static str {
        LABEL_WORDS
            .iter()
            .find(|(label, _)| *label == self)
            .map_or("", |(_, word)| word)
    }
}

impl Evidence {
    pub fn get(&self, label: Label) -> Option<&str> {
        self.fields
            .iter()
            .find(|(l, _)| *l == label)
            .map(|(_, value)| value.as_str())
    }
}

/// The labels of a government web page's metadata block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// 来源: the office that supplied the text.
    Source,
    /// 发布机构 / 发文机关: the issuing body.
    Publisher,
    /// 发布时间 / 发布日期: when the page went up.
    Published,
    /// 成文日期: the date the document was signed.
    Written,
    /// 文号 / 发文字号.
    DocNumber,
    /// 索引号: the open-government catalogue number.
    IndexNumber,
    /// 标题 / 名称: the document's title as the catalogue gives it.
    Title,
}

/// The words each label is written with, longest first where one contains another.
pub const LABEL_WORDS: &[(Label, &str)] = &[
    (Label::Publisher, "发布机构"),
    (Label::Publisher, "发文机关"),
    (Label::Publisher, "发文单位"),
    (Label::Published, "发布时间"),
    (Label::Published, "发布日期"),
    (Label::Published, "发表时间"),
    (Label::Written, "成文日期"),
    (Label::Written, "成文时间"),
    (Label::DocNumber, "发文字号"),
    (Label::DocNumber, "文号"),
    (Label::IndexNumber, "索引号"),
    (Label::Source, "信息来源"),
    (Label::Source, "来源"),
    (Label::Title, "标题"),
    (Label::Title, "名称"),
];

/// Why a file's text could not be extracted.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("{0}")]
    Decode(#[from] DecodeError),
    #[error("no text layer (scanned?); run OCR on it and save the text as .txt")]
    NoTextLayer,
    #[error("not a {format} file ({found})")]
    NotThatFormat { format: &'static str, found: String },
    #[error("damaged or unreadable {format}: {reason}")]
    Damaged {
        format: &'static str,
        reason: String,
    },
}

/// Extracts the text of a file read as `format`.
pub fn extract(bytes: &[u8], format: Format) -> Result<Extracted, ExtractError> {
    match format.confirmed(bytes) {
        Format::Text => {
            let decoded = decode(bytes)?;
            Ok(Extracted {
                evidence: text_evidence(&decoded.text),
                text: decoded.text,
                encoding: decoded.encoding,
                warnings: decoding_warnings(decoded.replaced, decoded.encoding, decoded.doubt),
                ..Extracted::default()
            })
        }
        Format::Html => html::extract(bytes),
        Format::Pdf => pdf::extract(bytes),
        Format::Docx => docx::extract(bytes),
    }
}

fn decoding_warnings(replaced: usize, encoding: &str, doubt: Option<String>) -> Vec<String> {
    let mut warnings = Vec::new();
    if replaced > 0 {
        warnings.push(format!(
            "{replaced} invalid byte sequence(s) replaced with U+FFFD while decoding as {encoding}"
        ));
    }
    warnings.extend(doubt);
    warnings
}

/// Whether a file's first bytes are an HTML document, whatever it is called.
fn looks_like_html(bytes: &[u8]) -> bool {
    let head: Vec<u8> = bytes
        .iter()
        .take(1024)
        .filter(|b| b.is_ascii())
        .map(u8::to_ascii_lowercase)
        .collect();
    let head = String::from_utf8_lossy(&head);
    let start = head.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || start.starts_with("<head")
        || (start.starts_with("<?xml") && head.contains("<html"))
        || (start.starts_with("<!--") && head.contains("<html"))
        || (start.starts_with("<meta") && head.contains("<body"))
}

/// The first characters of a file, for a message saying what it is instead.
fn first_bytes(bytes: &[u8]) -> String {
    let shown: String = String::from_utf8_lossy(&bytes[..bytes.len().min(16)])
        .chars()
        .map(|c| if c.is_control() { '.' } else { c })
        .collect();
    format!("it begins with {shown:?}")
}

/// Runs a third-party parser so that a panic in it skips the one file instead of ending the
/// run: its message becomes the reason.
fn guarded<T>(
    format: &'static str,
    parse: impl FnOnce() -> Result<T, String>,
) -> Result<T, ExtractError> {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(parse));
    match outcome {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(reason)) => Err(ExtractError::Damaged { format, reason }),
        Err(panic) => {
            let reason = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "the reader failed".to_string());
            Err(ExtractError::Damaged {
                format,
                reason: format!("the {format} reader failed: {reason}"),
            })
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The labelled block

/// A label and its colon (or the `|` of a table cell: `标题|…|`), at the start of a line or
/// after a space or `|`.
static LABEL: LazyLock<Regex> = LazyLock::new(|| label_regex(r"(?:^|[\s|｜])"));

/// A label at the start of a line: LABEL anchored, so that a line without one is not read
/// to its end.
static LABEL_AT_START: LazyLock<Regex> = LazyLock::new(|| label_regex(r"^[\s|｜]?"));

fn label_regex(before: &str) -> Regex {
    let words: Vec<&str> = LABEL_WORDS.iter().map(|(_, w)| *w).collect();
    Regex::new(&format!(r"{before}({})\s*[:：|｜]", words.join("|"))).unwrap()
}

/// Other labels that stand in the block and end a value before them (浏览次数, 字号 …).
static NOT_EVIDENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s|｜])(?:浏览次数|阅读次数|点击数|访问量|作者|字号|责任编辑|分享到|【)")
        .unwrap()
});

/// Whether a line is made only of labelled fields (`来源：某某区司法局 发布时间：2024-03-28`).
pub(super) fn is_label_line(line: &str) -> bool {
    LABEL_AT_START.is_match(line) && line.chars().filter(|c| c.is_alphanumeric()).count() <= 120
}

/// Adds the labelled fields of one line of page text.
pub(super) fn collect_fields(line: &str, fields: &mut Vec<(Label, String)>) {
    let found: Vec<_> = LABEL.captures_iter(line).collect();
    for (i, captures) in found.iter().enumerate() {
        let word = captures.get(1).expect("group 1 always takes part");
        let value_start = captures.get(0).expect("the whole match").end();
        let mut value_end = found
            .get(i + 1)
            .map_or(line.len(), |next| next.get(0).expect("whole match").start());
        if let Some(other) = NOT_EVIDENCE.find(&line[value_start..value_end]) {
            value_end = value_start + other.start();
        }
        let value = line[value_start..value_end]
            .trim_matches(|c: char| c.is_whitespace() || c == '|' || c == '｜')
            .to_string();
        let label = LABEL_WORDS
            .iter()
            .find(|(_, w)| *w == word.as_str())
            .map(|(label, _)| *label)
            .expect("the regex is built from LABEL_WORDS");
        if !value.is_empty() && !fields.iter().any(|(l, _)| *l == label) {
            fields.push((label, value));
        }
    }
}

/// The labelled block of a web page saved as text: label lines among its first lines.
fn text_evidence(text: &str) -> Evidence {
    let mut fields = Vec::new();
    for line in text.lines().take(TEXT_LABEL_LINES) {
        if is_label_line(line.trim()) {
            collect_fields(line.trim(), &mut fields);
        }
    }
    Evidence {
        title: None,
        fields,
    }
}

/// Where a web page saved as text has its labelled block: within its first lines.
const TEXT_LABEL_LINES: usize = 40;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labelled_fields_on_one_line_are_split() {
        let mut fields = Vec::new();
        collect_fields(
            "索引号：11A0-2024-0012 | 发布机构：某某经济技术开发区管理委员会 | 成文日期：2024-01-15",
            &mut fields,
        );
        assert_eq!(
            fields,
            [
                (Label::IndexNumber, "11A0-2024-0012".to_string()),
                (Label::Publisher, "某某经济技术开发区管理委员会".to_string()),
                (Label::Written, "2024-01-15".to_string()),
            ]
        );
    }

    #[test]
    fn a_web_page_saved_as_text_gives_its_labelled_block() {
        let evidence = text_evidence(
            "上海市闵行区人民政府\n标题|闵行区2019年法治政府建设情况报告|\n发布机构|上海市闵行区人民政府|\n成文日期|2020-02-26|\n正文。来源：不是标签",
        );
        assert_eq!(evidence.get(Label::Publisher), Some("上海市闵行区人民政府"));
        assert_eq!(evidence.get(Label::Written), Some("2020-02-26"));
        assert_eq!(
            evidence.get(Label::Title),
            Some("闵行区2019年法治政府建设情况报告")
        );
        assert_eq!(evidence.get(Label::Source), None);
    }

    #[test]
    fn web_pages_are_recognised_under_any_name() {
        assert!(looks_like_html(b"\xef\xbb\xbf  <!DOCTYPE html>\n<html>"));
        assert!(looks_like_html(b"<HTML><HEAD><TITLE>x</TITLE>"));
        assert!(!looks_like_html(
            "关于2023年法治政府建设情况的报告\n<p>".as_bytes()
        ));
        assert!(!looks_like_html(b"# Title\n\n<html> in a code span"));
    }
}
