//! HTML pages: the article without the site around it, as lines pointing to the HTML source.
//!
//! Government pages wrap a report in navigation, breadcrumbs, a labelled metadata block
//! (来源/发布时间/索引号 …), "print / close" links, related links and a footer. The page is
//! tokenised with html5ever (which gives each token its source line), built into a light
//! element tree, and the article is the element whose paragraphs hold the most non-link
//! text (as Readability scores it: a paragraph credits its parent fully and its grandparent
//! by half). Inside the article, navigation-like parts (by tag, class or id, or mostly links)
//! are dropped. The page title and the labelled block become [`Evidence`], never body text.

use super::{
    collect_fields, decoding_warnings, is_label_line, Evidence, ExtractError, Extracted, Label,
};
use crate::ingest::decode::{decode, decode_declared};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::RefCell;
use std::sync::LazyLock;

use regex::Regex;

pub(super) fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let decoded = match declared_charset(bytes).and_then(|label| decode_declared(bytes, &label)) {
        Some(decoded) => decoded,
        None => decode(bytes)?,
    };
    let page = parse(&decoded.text);
    let article = page.article();
    let mut lines = Vec::new();
    page.lines_of(article, &mut lines);

    let mut evidence = Evidence {
        title: page.title(),
        fields: Vec::new(),
    };
    // The labelled block is found anywhere on the page; inside the article (where it stands
    // between the title and the text) it is taken out of the body.
    let mut outside = Vec::new();
    page.lines_outside(article, &mut outside);
    for line in &outside {
        collect_fields(&line.text, &mut evidence.fields);
    }
    let mut position = 0;
    lines.retain(|line| {
        position += 1;
        let is_label = position <= LABEL_BLOCK_LINES && is_label_line(&line.text);
        if is_label {
            collect_fields(&line.text, &mut evidence.fields);
        }
        !is_label
    });
    for (label, value) in &page.meta_fields {
        if evidence.get(*label).is_none() {
            evidence.fields.push((*label, value.clone()));
        }
    }

    let mut text = String::new();
    let mut origins = Vec::with_capacity(lines.len());
    for line in lines {
        text.push_str(&line.text);
        text.push('\n');
        origins.push(line.source_line);
    }
    Ok(Extracted {
        text,
        origins: Some(origins),
        evidence,
        encoding: decoded.encoding,
        warnings: decoding_warnings(decoded.replaced, decoded.encoding, decoded.doubt),
        ..Extracted::default()
    })
}

/// The labelled block stands within this many lines of the article's start.
const LABEL_BLOCK_LINES: usize = 8;

/// The charset a page declares in its first bytes (`<meta charset=gbk>`, or
/// `content="text/html; charset=gb2312"`).
fn declared_charset(bytes: &[u8]) -> Option<String> {
    static CHARSET: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        regex::bytes::Regex::new(r#"(?i)<meta[^>]*charset\s*=\s*["']?\s*([a-z0-9_\-]+)"#).unwrap()
    });
    let head = &bytes[..bytes.len().min(4096)];
    let found = CHARSET.captures(head)?;
    Some(String::from_utf8_lossy(&found[1]).into_owned())
}

// ---------------------------------------------------------------------------------------------
// A light element tree

#[derive(Debug)]
struct Element {
    name: String,
    parent: Option<usize>,
    children: Vec<Child>,
    /// Class and id, lower case: where sites name their navigation and footers.
    class_and_id: String,
}

#[derive(Debug)]
enum Child {
    Element(usize),
    Text { text: String, line: u32 },
    Break,
}

#[derive(Debug, Default)]
struct Page {
    elements: Vec<Element>,
    title: Option<String>,
    meta_fields: Vec<(Label, String)>,
}

/// Elements whose content is never text of the page.
const HIDDEN: &[&str] = &[
    "script", "style", "noscript", "template", "head", "iframe", "object", "svg", "select",
    "textarea", "button", "map",
];

/// Elements nested deeper than this are read as part of their ancestor at this depth: the tree
/// is walked recursively, and no real page nests so deep (a hostile one might, by thousands).
const MAX_DEPTH: usize = 256;

/// Elements that start a new line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "nav",
    "aside",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "blockquote",
    "pre",
    "form",
    "fieldset",
    "center",
    "address",
    "figure",
    "figcaption",
    "body",
    "html",
];

/// Elements that never hold content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Parts of a page that are not the article, by tag.
const BOILERPLATE_TAGS: &[&str] = &["nav", "header", "footer", "aside", "form"];

/// Parts of a page that are not the article, by the words sites put in class and id.
static BOILERPLATE_NAMES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"nav|menu|footer|foot\b|bottom|breadcrumb|crumb|sidebar|share|copyright|banner|topbar|toolbar|login|search|related|xgxx|xglj|friend|print|weizhi|location|position|dqwz",
    )
    .unwrap()
});

/// Builds the element tree from html5ever's tokens. Close tags are matched to the nearest
/// open element of the same name; the end tags HTML lets authors leave out (`</p>`, `</li>`,
/// `</td>` …) are implied where the next block starts.
struct TreeBuilder {
    page: RefCell<Page>,
    open: RefCell<Vec<usize>>,
    /// Inside `<title>`: its text is collected here.
    title: RefCell<Option<String>>,
}

impl TreeBuilder {
    fn current(&self) -> usize {
        *self.open.borrow().last().expect("the root stays open")
    }

    fn close_to(&self, name: &str, boundary: &[&str]) {
        let position = {
            let page = self.page.borrow();
            let open = self.open.borrow();
            open.iter()
                .rposition(|&e| {
                    let n = &page.elements[e].name;
                    n == name || boundary.contains(&n.as_str())
                })
                .filter(|&i| page.elements[open[i]].name == name)
        };
        if let Some(i) = position {
            self.open.borrow_mut().truncate(i.max(1));
        }
    }

    fn start(&self, name: &str, tag: &html5ever::tokenizer::Tag) {
        if BLOCKS.contains(&name) && name != "li" && name != "td" && name != "th" {
            self.close_to("p", &["table", "td", "th", "li", "div"]);
        }
        match name {
            "li" => self.close_to("li", &["ul", "ol"]),
            "td" | "th" => {
                self.close_to("td", &["tr", "table"]);
                self.close_to("th", &["tr", "table"]);
            }
            "tr" => self.close_to("tr", &["table"]),
            "dt" | "dd" => {
                self.close_to("dt", &["dl"]);
                self.close_to("dd", &["dl"]);
            }
            _ => {}
        }
        if name == "meta" {
            self.meta(tag);
        }
        if name == "br" || name == "hr" {
            let current = self.current();
            self.page.borrow_mut().elements[current]
                .children
                .push(Child::Break);
            return;
        }
        if VOID.contains(&name) || tag.self_closing || self.open.borrow().len() >= MAX_DEPTH {
            return;
        }
        let class_and_id = tag
            .attrs
            .iter()
            .filter(|a| matches!(&*a.name.local, "class" | "id"))
            .map(|a| a.value.to_lowercase())
            .collect::<Vec<_>>()
            .join(" ");
        let parent = self.current();
        let mut page = self.page.borrow_mut();
        let index = page.elements.len();
        page.elements.push(Element {
            name: name.to_string(),
            parent: Some(parent),
            children: Vec::new(),
            class_and_id,
        });
        page.elements[parent].children.push(Child::Element(index));
        self.open.borrow_mut().push(index);
    }

    /// `<meta name="ArticleTitle" content="…">` and the like, which content systems of
    /// government sites fill in.
    fn meta(&self, tag: &html5ever::tokenizer::Tag) {
        let attr = |name: &str| {
            tag.attrs
                .iter()
                .find(|a| (*a.name.local).eq_ignore_ascii_case(name))
                .map(|a| a.value.trim().to_string())
        };
        let (Some(name), Some(content)) = (attr("name"), attr("content")) else {
            return;
        };
        let label = match name.to_ascii_lowercase().as_str() {
            "articletitle" => Label::Title,
            "pubdate" | "firstpublishedtime" => Label::Published,
            "contentsource" => Label::Source,
            _ => return,
        };
        if !content.is_empty() {
            self.page.borrow_mut().meta_fields.push((label, content));
        }
    }

    fn text(&self, text: &str, line: u32) {
        if let Some(title) = self.title.borrow_mut().as_mut() {
            title.push_str(text);
            return;
        }
        let current = self.current();
        let mut page = self.page.borrow_mut();
        let children = &mut page.elements[current].children;
        match children.last_mut() {
            Some(Child::Text { text: last, .. }) => last.push_str(text),
            _ => children.push(Child::Text {
                text: text.to_string(),
                line,
            }),
        }
    }
}

impl TokenSink for TreeBuilder {
    type Handle = ();

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<()> {
        let line = u32::try_from(line_number).unwrap_or(u32::MAX);
        match token {
            Token::TagToken(tag) => {
                let name: &str = &tag.name;
                match tag.kind {
                    TagKind::StartTag => {
                        if name == "title" {
                            *self.title.borrow_mut() = Some(String::new());
                            return TokenSinkResult::RawData(RawKind::Rcdata);
                        }
                        self.start(name, &tag);
                        if !tag.self_closing {
                            match name {
                                "script" => return TokenSinkResult::RawData(RawKind::ScriptData),
                                "style" | "iframe" | "noscript" | "xmp" | "noembed"
                                | "noframes" => return TokenSinkResult::RawData(RawKind::Rawtext),
                                "textarea" => return TokenSinkResult::RawData(RawKind::Rcdata),
                                _ => {}
                            }
                        }
                    }
                    TagKind::EndTag => {
                        if name == "title" {
                            if let Some(title) = self.title.borrow_mut().take() {
                                let mut page = self.page.borrow_mut();
                                if page.title.is_none() {
                                    page.title = Some(title);
                                }
                            }
                        } else if name == "br" {
                            self.start("br", &tag);
                        } else {
                            self.close_to(name, &[]);
                        }
                    }
                }
            }
            // The tokenizer reports the line where a run of text ends; it starts as many line
            // breaks earlier.
            Token::CharacterTokens(text) => {
                let breaks = text.matches('\n').count() as u32;
                self.text(&text, line.saturating_sub(breaks).max(1))
            }
            Token::NullCharacterToken
            | Token::CommentToken(_)
            | Token::DoctypeToken(_)
            | Token::EOFToken
            | Token::ParseError(_) => {}
        }
        TokenSinkResult::Continue
    }
}

fn parse(html: &str) -> Page {
    let root = Element {
        name: "#root".to_string(),
        parent: None,
        children: Vec::new(),
        class_and_id: String::new(),
    };
    let builder = TreeBuilder {
        page: RefCell::new(Page {
            elements: vec![root],
            ..Page::default()
        }),
        open: RefCell::new(vec![0]),
        title: RefCell::new(None),
    };
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(builder, TokenizerOpts::default());
    // Only a sink that runs scripts makes `feed` stop early; this one never does.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.page.into_inner()
}

// ---------------------------------------------------------------------------------------------
// Finding the article

/// A line of page text and the source line where it starts.
#[derive(Debug)]
struct PageLine {
    text: String,
    source_line: u32,
}

/// How much a piece of text weighs as content: its letters, digits and CJK characters.
fn weight(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphanumeric()).count()
}

impl Page {
    fn is_hidden(&self, element: usize) -> bool {
        HIDDEN.contains(&self.elements[element].name.as_str())
    }

    fn is_boilerplate(&self, element: usize) -> bool {
        let e = &self.elements[element];
        BOILERPLATE_TAGS.contains(&e.name.as_str()) || BOILERPLATE_NAMES.is_match(&e.class_and_id)
    }

    /// Text weight of an element's subtree: (all of it, the part inside links).
    fn weights(&self, element: usize) -> (usize, usize) {
        let mut all = 0;
        let mut in_links = 0;
        for child in &self.elements[element].children {
            match child {
                Child::Text { text, .. } => {
                    let w = weight(text);
                    all += w;
                    if self.elements[element].name == "a" {
                        in_links += w;
                    }
                }
                Child::Element(e) if !self.is_hidden(*e) => {
                    let (a, l) = self.weights(*e);
                    all += a;
                    in_links += if self.elements[*e].name == "a" { a } else { l };
                }
                _ => {}
            }
        }
        (all, in_links)
    }

    /// The element holding the article: the best-scoring container, or the whole page.
    fn article(&self) -> usize {
        let mut score = vec![0f64; self.elements.len()];
        for (index, element) in self.elements.iter().enumerate() {
            if self.is_hidden(index) || element.name == "a" || self.within_boilerplate(index) {
                continue;
            }
            // Text directly in this element (not in a child element) makes it a paragraph.
            let own: usize = element
                .children
                .iter()
                .map(|c| match c {
                    Child::Text { text, .. } => weight(text),
                    Child::Element(e)
                        if !BLOCKS.contains(&self.elements[*e].name.as_str())
                            && self.elements[*e].name != "a" =>
                    {
                        self.weights(*e).0
                    }
                    _ => 0,
                })
                .sum();
            if own == 0 {
                continue;
            }
            let credit = own as f64;
            score[index] += credit;
            if let Some(parent) = element.parent {
                score[parent] += credit;
                if let Some(grandparent) = self.elements[parent].parent {
                    score[grandparent] += credit / 2.0;
                }
            }
        }
        let mut best = (0usize, 0f64);
        for (index, s) in score.iter().enumerate() {
            if *s == 0.0 || !BLOCKS.contains(&self.elements[index].name.as_str()) {
                continue;
            }
            let (all, in_links) = self.weights(index);
            let link_density = if all == 0 {
                0.0
            } else {
                in_links as f64 / all as f64
            };
            let s = s * (1.0 - link_density);
            // `>=`: on a tie the later, deeper element wins (a wrapper ties with its content).
            if s >= best.1 {
                best = (index, s);
            }
        }
        best.0
    }

    fn within_boilerplate(&self, mut element: usize) -> bool {
        loop {
            if self.is_boilerplate(element) {
                return true;
            }
            match self.elements[element].parent {
                Some(parent) => element = parent,
                None => return false,
            }
        }
    }

    /// Parts inside the article that are still not part of it: navigation by name, and
    /// blocks made mostly of links (related articles, 【打印】【关闭】).
    fn is_clutter(&self, element: usize) -> bool {
        if self.is_hidden(element) || self.is_boilerplate(element) {
            return true;
        }
        let name = self.elements[element].name.as_str();
        if !BLOCKS.contains(&name) {
            return false;
        }
        let (all, in_links) = self.weights(element);
        all > 0 && in_links * 2 > all
    }

    /// The article's lines, in order.
    fn lines_of(&self, article: usize, out: &mut Vec<PageLine>) {
        let mut current = None;
        self.collect(article, &mut current, out, &|page, e| page.is_clutter(e));
        flush(&mut current, out);
    }

    /// Every line of the page outside the article (where the labelled block usually stands).
    fn lines_outside(&self, article: usize, out: &mut Vec<PageLine>) {
        let mut current = None;
        self.collect(0, &mut current, out, &|page, e| {
            e == article || page.is_hidden(e)
        });
        flush(&mut current, out);
    }

    fn collect(
        &self,
        element: usize,
        current: &mut Option<PageLine>,
        out: &mut Vec<PageLine>,
        skip: &dyn Fn(&Page, usize) -> bool,
    ) {
        let name = self.elements[element].name.as_str();
        let block = BLOCKS.contains(&name);
        let preformatted = name == "pre";
        if block {
            flush(current, out);
        }
        for child in &self.elements[element].children {
            match child {
                Child::Element(e) if !skip(self, *e) => self.collect(*e, current, out, skip),
                Child::Element(_) => {}
                Child::Break => flush(current, out),
                Child::Text { text, line } => {
                    for (i, piece) in text.split('\n').enumerate() {
                        if i > 0 && preformatted {
                            flush(current, out);
                        }
                        let piece_line = line + i as u32;
                        append(current, piece, piece_line, i > 0 && !preformatted);
                    }
                }
            }
        }
        if block {
            flush(current, out);
        }
    }

    /// The title the page gives: the content system's `ArticleTitle`, else the first `<h1>`
    /// outside navigation, else `<title>` without the site name after `_`, `-` or `|`.
    fn title(&self) -> Option<String> {
        if let Some((_, title)) = self.meta_fields.iter().find(|(l, _)| *l == Label::Title) {
            return Some(title.clone());
        }
        let heading = (0..self.elements.len())
            .filter(|&e| self.elements[e].name == "h1" && !self.within_boilerplate(e))
            .map(|e| {
                let mut lines = Vec::new();
                let mut current = None;
                self.collect(e, &mut current, &mut lines, &|page, e| page.is_hidden(e));
                flush(&mut current, &mut lines);
                lines
                    .iter()
                    .map(|l| l.text.as_str())
                    .collect::<Vec<_>>()
                    .join("")
            })
            .find(|text| weight(text) >= 4);
        heading.or_else(|| {
            let title = self.title.as_deref()?.trim();
            let first = title
                .split(['_', '|', '｜'])
                .next()
                .unwrap_or(title)
                .split(" - ")
                .next()
                .unwrap_or(title)
                .trim();
            (weight(first) >= 4).then(|| collapse_spaces(first))
        })
    }
}

/// Adds text to the line being built. HTML shows a source line break as a space.
fn append(current: &mut Option<PageLine>, text: &str, line: u32, after_break: bool) {
    if text.trim().is_empty() {
        if let Some(open) = current.as_mut() {
            if !text.is_empty() && !open.text.ends_with(' ') {
                open.text.push(' ');
            }
        }
        return;
    }
    let open = current.get_or_insert_with(|| PageLine {
        text: String::new(),
        source_line: line,
    });
    if open.text.is_empty() {
        open.source_line = line;
    } else if after_break && !open.text.ends_with(' ') {
        open.text.push(' ');
    }
    let squeezed = collapse_spaces(text);
    if squeezed.starts_with(' ') && open.text.ends_with(' ') {
        open.text.push_str(&squeezed[1..]);
    } else {
        open.text.push_str(&squeezed);
    }
}

fn flush(current: &mut Option<PageLine>, out: &mut Vec<PageLine>) {
    if let Some(mut line) = current.take() {
        let trimmed = line.text.trim();
        if !trimmed.is_empty() {
            line.text = trimmed.to_string();
            out.push(line);
        }
    }
}

/// Runs of ASCII whitespace as one space (non-breaking and ideographic spaces are left to the
/// cleaning step, which knows where they matter).
fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if c.is_ascii_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A district government page as such sites lay them out (written for this test).
    const PAGE: &str = r##"<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>某某区2023年法治政府建设情况报告_某某区人民政府</title>
<script>var nav = "<p>不是正文</p>";</script>
<style>p { color: red }</style></head>
<body>
<div class="top-nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a href="/hd">互动交流</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>
<div class="main">
  <h1>某某区2023年法治政府建设情况报告</h1>
  <div class="info">来源：某某区司法局  发布时间：2024-03-28 10:02  浏览次数：<span>1024</span></div>
  <div class="article-body">
    <p>2023年，我区坚持以习近平法治思想为指导，
       深入推进依法行政。</p>
    <p>一、主要工作</p>
    <p>（一）健全行政复议体制。全年办理行政复议案件<b>37</b>件，纠错率12%。</p>
    <p>二、存在的问题</p>
    <p>行政执法规范化水平有待提高。<br>基层法治力量薄弱。</p>
  </div>
  <div class="article-foot">【<a href="javascript:print()">打印本页</a>】【<a href="#">关闭窗口</a>】</div>
</div>
<div class="footer">主办单位：某某区人民政府办公室 &nbsp; 网站标识码：1234</div>
</body></html>"##;

    fn lines(extracted: &Extracted) -> Vec<&str> {
        extracted.text.lines().collect()
    }

    #[test]
    fn the_article_is_kept_and_the_site_around_it_dropped() {
        let extracted = extract(PAGE.as_bytes()).unwrap();
        let lines = lines(&extracted);
        assert_eq!(
            lines,
            [
                "某某区2023年法治政府建设情况报告",
                "2023年，我区坚持以习近平法治思想为指导， 深入推进依法行政。",
                "一、主要工作",
                "（一）健全行政复议体制。全年办理行政复议案件37件，纠错率12%。",
                "二、存在的问题",
                "行政执法规范化水平有待提高。",
                "基层法治力量薄弱。",
            ]
        );
    }

    #[test]
    fn each_line_points_to_its_source_line() {
        let extracted = extract(PAGE.as_bytes()).unwrap();
        let source: Vec<&str> = PAGE.lines().collect();
        for (i, line) in extracted.text.lines().enumerate() {
            let origin = extracted.origin(i as u32 + 1) as usize;
            let first_word: String = line.chars().take(4).collect();
            assert!(
                source[origin - 1].contains(&first_word),
                "line {line:?} said to start on source line {origin}: {:?}",
                source[origin - 1]
            );
        }
    }

    #[test]
    fn title_and_labelled_block_become_evidence() {
        let extracted = extract(PAGE.as_bytes()).unwrap();
        let evidence = &extracted.evidence;
        assert_eq!(
            evidence.title.as_deref(),
            Some("某某区2023年法治政府建设情况报告")
        );
        assert_eq!(evidence.get(Label::Source), Some("某某区司法局"));
        assert_eq!(evidence.get(Label::Published), Some("2024-03-28 10:02"));
        assert!(!extracted.text.contains("来源"));
        assert!(!extracted.text.contains("浏览次数"));
    }

    #[test]
    fn title_falls_back_to_the_page_title_without_the_site_name() {
        let page = "<html><head><title>关于某某县2022年度法治政府建设工作情况的报告 - 某某县人民政府</title></head><body><p>正文第一段。</p></body></html>";
        let extracted = extract(page.as_bytes()).unwrap();
        assert_eq!(
            extracted.evidence.title.as_deref(),
            Some("关于某某县2022年度法治政府建设工作情况的报告")
        );
        assert_eq!(lines(&extracted), ["正文第一段。"]);
    }

    #[test]
    fn a_gbk_page_is_decoded_by_its_declared_charset() {
        let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><div id=\"zoom\"><p>行政复议工作稳步推进。</p></div></body></html>";
        let (bytes, _, _) = encoding_rs::GBK.encode(page);
        let extracted = extract(&bytes).unwrap();
        assert_eq!(lines(&extracted), ["行政复议工作稳步推进。"]);
    }

    #[test]
    fn a_page_nested_a_hundred_thousand_deep_is_read_without_overflowing() {
        let depth = 100_000;
        let page = format!(
            "{}<p>行政复议</p>{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let extracted = extract(page.as_bytes()).unwrap();
        assert_eq!(lines(&extracted), ["行政复议"]);
    }

    #[test]
    fn table_cells_and_unclosed_paragraphs_are_lines() {
        let page = "<html><body><div class=\"content\"><p>第一段没有结束标签<p>第二段<table><tr><td>行政复议<td>37件</tr><tr><td>行政诉讼<td>12件</table></div></body></html>";
        let extracted = extract(page.as_bytes()).unwrap();
        assert_eq!(
            lines(&extracted),
            [
                "第一段没有结束标签",
                "第二段",
                "行政复议",
                "37件",
                "行政诉讼",
                "12件"
            ]
        );
    }
}
