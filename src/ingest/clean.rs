//! Cleaning extraction artifacts: raw report text in, paragraphs out.
//!
//! Report text comes from PDF or web extraction. Paragraphs are broken at page and line ends
//! (often with a page number such as `— 4 —` in between), words are cut by stray spaces
//! (`习近 平`), and some converters emit markdown (`**bold**`, `- ` bullets). Cleaning works
//! line by line: each line is trimmed of these artifacts ([`clean_line`]), then lines that
//! continue a sentence are re-joined ([`ParagraphBuilder`]). Every cleaned character keeps
//! the 1-based line of the original file it came from.
//!
//! Blank lines carry no meaning here: extraction puts them between broken lines as often as
//! between paragraphs, so only the text decides where a paragraph ends.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{CleanText, Paragraph};
use crate::base::fold::{fold, fold_char, is_cjk};
use crate::genre;

/// Cleans raw report text into paragraphs; see the module documentation.
pub fn clean(text: &str) -> CleanText {
    let mut raw: Vec<(u32, &str)> = source_lines(text).collect();
    rejoin_split_bold_markers(&mut raw);
    let mut lines: Vec<CleanLine> = Vec::new();
    let mut after_blank = false;
    let mut previous_number = 0;
    for (number, raw) in raw {
        // Empty lines give no piece at all: a gap in the numbers is a blank line.
        after_blank |= number > previous_number + 1 || raw.trim().is_empty();
        previous_number = number;
        if let Some(mut line) = clean_line(raw, number) {
            line.after_blank = after_blank;
            after_blank = false;
            lines.push(line);
        }
    }
    if let Some(width) = wrap_width(&lines) {
        for line in &mut lines {
            line.fills_width = line.raw_char_count + WRAP_SLACK >= width;
        }
    }
    let mut builder = ParagraphBuilder::default();
    for line in lines {
        builder.add(line);
    }
    builder.finish()
}

/// A `**` bold marker that a hard wrap cut in two leaves a lone `*` at the end of one line and
/// a lone `*` at the start of the next one with text: both halves are dropped, so the words
/// around them are whole again (a lone `*` elsewhere, `注*`, is text).
fn rejoin_split_bold_markers(lines: &mut [(u32, &str)]) {
    let is_lone_end = |l: &str| {
        let l = l.trim_end();
        l.ends_with('*') && !l.ends_with("**")
    };
    let is_lone_start = |l: &str| {
        let l = l.trim_start();
        l.starts_with('*') && !l.starts_with("**") && !l.starts_with("* ")
    };
    for i in 0..lines.len() {
        if !is_lone_end(lines[i].1) {
            continue;
        }
        // The next line with text, past blank and page-number lines.
        let next = (i + 1..lines.len()).find(|&j| {
            let l = lines[j].1.trim();
            !l.is_empty() && !is_page_number(l)
        });
        if let Some(j) = next.filter(|&j| is_lone_start(lines[j].1)) {
            let end = lines[i].1.trim_end();
            lines[i].1 = &end[..end.len() - 1];
            let start = lines[j].1.trim_start();
            lines[j].1 = &start[1..];
        }
    }
}

/// How many characters short of the wrap width a line may be and still be a full line (text
/// layers of PDFs set digits and Latin narrower than Chinese).
const WRAP_SLACK: usize = 2;

/// The width at which the text was hard-wrapped (a PDF's text layer, a fixed-width export),
/// if it was: the line length that most lines of ten characters or more reach, within
/// [`WRAP_SLACK`], when that is at least a third of them. Text written a paragraph per line
/// has no such length.
fn wrap_width(lines: &[CleanLine]) -> Option<usize> {
    const LONGEST: usize = 400;
    let mut histogram = vec![0usize; LONGEST + 1];
    let mut counted = 0;
    for line in lines
        .iter()
        .filter(|l| (10..=LONGEST).contains(&l.raw_char_count))
    {
        histogram[line.raw_char_count] += 1;
        counted += 1;
    }
    let (width, full) = (10..=LONGEST)
        .map(|w| (w, histogram[w - WRAP_SLACK..=w].iter().sum::<usize>()))
        .max_by_key(|&(w, n)| (n, std::cmp::Reverse(w)))?;
    (full >= 5 && full * 3 >= counted).then_some(width)
}

// ---------------------------------------------------------------------------------------------
// Rule 1: lines

/// Splits text into `(1-based line number, line)`. Lines end at `\n`, `\r\n` or `\r`, the
/// breaks an editor counts; a form feed also ends a line but keeps the line number.
fn source_lines(text: &str) -> impl Iterator<Item = (u32, &str)> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    text.split('\n')
        .flat_map(|line| line.strip_suffix('\r').unwrap_or(line).split('\r'))
        .zip(1..)
        .flat_map(|(line, number)| line.split('\x0C').map(move |part| (number, part)))
        .flat_map(|(number, line)| pieces(line).map(move |piece| (number, piece)))
}

/// Longest line cleaned in one piece, in bytes. Real lines are a few hundred bytes; a file
/// that is one giant line (a broken export, an attack) is cleaned in pieces, so memory stays
/// proportional to the file, not to a per-character copy of its longest line.
const MAX_LINE_BYTES: usize = 64 * 1024;

/// A line cut into pieces of at most [`MAX_LINE_BYTES`]. A piece ends after the last sentence
/// end in its last quarter (the next piece then starts a paragraph, as a new line would);
/// failing that, after a Chinese character or a space, where the join rules put the two pieces
/// back together without a stray space. Only a 16 KB stretch with none of these (no Chinese,
/// no space) is cut blind, and a term spanning that cut is not found.
fn pieces(mut line: &str) -> impl Iterator<Item = &str> {
    std::iter::from_fn(move || {
        if line.is_empty() {
            return None;
        }
        let mut cut = line.len();
        if cut > MAX_LINE_BYTES {
            cut = MAX_LINE_BYTES;
            while !line.is_char_boundary(cut) {
                cut -= 1;
            }
            let mut start = cut - cut / 4;
            while !line.is_char_boundary(start) {
                start += 1;
            }
            let window = &line[start..cut];
            let after_last = |wanted: fn(char) -> bool| {
                window
                    .char_indices()
                    .rev()
                    .find(|&(_, c)| wanted(c))
                    .map(|(at, c)| start + at + c.len_utf8())
            };
            if let Some(at) =
                after_last(ends_sentence).or_else(|| after_last(|c| is_cjk(c) || c.is_whitespace()))
            {
                cut = at;
            }
        }
        let (piece, rest) = line.split_at(cut);
        line = rest;
        Some(piece)
    })
}

// ---------------------------------------------------------------------------------------------
// Rules 2–4: one line

/// A non-empty line after cleaning, ready to be joined into a paragraph.
#[derive(Debug, Clone, PartialEq)]
struct CleanLine {
    text: String,
    char_count: usize,
    first_char: char,
    last_char: char,
    /// Bold character ranges, assuming the line starts outside bold.
    bold: Vec<Range<usize>>,
    /// The line has an unmatched bold marker, so bold continues onto a joined next line.
    toggles_bold: bool,
    /// The text is hard-wrapped and this line reaches the wrap width: it was cut, wherever it
    /// ends.
    fills_width: bool,
    /// Characters of the line as it was in the file (spaces cleaning removes count: the wrap
    /// width is a property of the file's lines).
    raw_char_count: usize,
    /// The line as it was in the file ended with a space (a wrap at a word boundary).
    ends_with_space: bool,
    /// A blank line came before it.
    after_blank: bool,
    number: u32,
}

/// A character of a line with its bold state, while markers and spaces are being removed.
#[derive(Debug, Clone, Copy, PartialEq)]
struct MarkedChar {
    c: char,
    bold: bool,
}

/// Cleans one line; `None` for lines that carry no text (blank lines, page numbers).
fn clean_line(raw: &str, number: u32) -> Option<CleanLine> {
    // Invisible characters that web pages and editors leave inside words (a zero-width space
    // between 法治 and 政府) go first, so that the words are whole again.
    let visible: std::borrow::Cow<str> = if raw.contains(is_invisible) {
        raw.chars()
            .filter(|&c| !is_invisible(c))
            .collect::<String>()
            .into()
    } else {
        raw.into()
    };
    let line = visible.trim();
    if line.is_empty() || is_page_number(line) {
        return None;
    }
    let line = strip_block_marker(line);
    // Most lines have no markup and no whitespace: their text is the line itself.
    let (text, char_count, bold, toggles_bold) =
        if line.contains(|c: char| c == '*' || c == '_' || c.is_whitespace()) {
            let (marked, toggles_bold) = strip_bold_markers(line);
            let marked = squeeze_whitespace(&marked);
            let mut text = String::with_capacity(line.len());
            text.extend(marked.iter().map(|m| m.c));
            (text, marked.len(), bold_ranges(&marked), toggles_bold)
        } else {
            (line.to_string(), line.chars().count(), Vec::new(), false)
        };
    Some(CleanLine {
        first_char: text.chars().next()?,
        last_char: text.chars().next_back()?,
        char_count,
        bold,
        toggles_bold,
        fills_width: false,
        raw_char_count: raw.trim_end().chars().count(),
        ends_with_space: raw.ends_with(char::is_whitespace),
        after_blank: false,
        number,
        text,
    })
}

/// Zero-width space, non-joiner and joiner, soft hyphen, word joiner, and a byte-order mark
/// inside the text: they print as nothing.
/// A phrase as the text it was copied from reads once cleaned: no invisible characters or
/// `**` markers, and whitespace (line breaks included) dropped next to Chinese text and made one
/// space between Latin words — `"行政执法案件 271 件"`, `"法治⏎政府"` and `"2023 年"` are found
/// where the cleaned text has `行政执法案件271件`, `法治政府`, `2023年`.
pub fn clean_phrase(phrase: &str) -> String {
    let chars: Vec<char> = phrase
        .replace("**", "")
        .chars()
        .filter(|&c| !is_invisible(c))
        .collect();
    let mut out = String::with_capacity(phrase.len());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_whitespace() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let before = out.chars().next_back();
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        // Decided on folded characters: a query may write `ｅ` for the text's `e`.
        if let (Some(before), Some(&after)) = (before, chars.get(i)) {
            if needs_space_between(fold_char(before), fold_char(after)) {
                out.push(' ');
            }
        }
    }
    out
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{00AD}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Page-number lines: `— 4 —`, `- 4 -`, `-4-`, `－ 12 －`, `第 3 页`, `第3页 共10页`, `3/10`,
/// or a bare number of up to three digits.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^(?:
            [-－—–―‐]+ \s* \d{1,4} \s* [-－—–―‐]+
          | 第 \s* \d{1,4} \s* 页 (?: \s* [,，/]? \s* 共 \s* \d{1,4} \s* 页 )?
          | \d{1,4} \s* / \s* \d{1,4}
          | \d{1,3}
        )$",
    )
    .expect("page-number pattern is valid")
});

/// Rule 2. Expects a trimmed line.
fn is_page_number(line: &str) -> bool {
    PAGE_NUMBER.is_match(line)
}

/// Rule 3: removes a leading markdown heading marker (`#`…`######`) and list bullet
/// (`- `, `* `, `+ `). Only markers followed by whitespace count, so `**bold**` and `#1`
/// stay.
fn strip_block_marker(line: &str) -> &str {
    strip_bullet(strip_heading_marker(line))
}

fn strip_heading_marker(line: &str) -> &str {
    let rest = line.trim_start_matches('#');
    let hashes = line.len() - rest.len();
    if (1..=6).contains(&hashes) && rest.starts_with(char::is_whitespace) {
        rest.trim_start()
    } else {
        line
    }
}

fn strip_bullet(line: &str) -> &str {
    let mut chars = line.chars();
    match (chars.next(), chars.next()) {
        (Some('-' | '*' | '+'), Some(space)) if space.is_whitespace() => chars.as_str(),
        _ => line,
    }
}

/// Rule 3: removes bold markers and marks the characters between them bold. A run of two or
/// more `*` is markup; `__` is markup only as an exact pair and only when the line has an even
/// number of them, because runs of underscores are also fill-in blanks (`第____号`).
/// Returns the characters and whether the line ends inside bold.
fn strip_bold_markers(line: &str) -> (Vec<MarkedChar>, bool) {
    let underscores_are_markup = count_double_underscores(line).is_multiple_of(2);
    let mut marked = Vec::with_capacity(line.len());
    let mut bold = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '*' && c != '_' {
            marked.push(MarkedChar { c, bold });
            continue;
        }
        let mut run = 1;
        while chars.next_if_eq(&c).is_some() {
            run += 1;
        }
        let is_markup = match c {
            '*' => run >= 2,
            _ => run == 2 && underscores_are_markup,
        };
        if is_markup {
            // Each pair of marker characters opens or closes bold.
            bold ^= (run / 2) % 2 == 1;
        } else {
            marked.extend(std::iter::repeat_n(MarkedChar { c, bold }, run));
        }
    }
    (marked, bold)
}

/// Counts runs of exactly two underscores.
fn count_double_underscores(line: &str) -> usize {
    line.split(|c| c != '_')
        .filter(|run| run.len() == 2)
        .count()
}

/// Rule 4: deletes each whitespace run (including at the ends) unless both neighbours are
/// non-CJK, where it becomes one ASCII space: `法治 政府`→`法治政府`, `2023 年`→`2023年`,
/// `LED  屏`→`LED屏`, `a  b`→`a b`.
fn squeeze_whitespace(chars: &[MarkedChar]) -> Vec<MarkedChar> {
    let mut kept: Vec<MarkedChar> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].c.is_whitespace() {
            kept.push(chars[i]);
            i += 1;
            continue;
        }
        let run_start = i;
        while i < chars.len() && chars[i].c.is_whitespace() {
            i += 1;
        }
        let before = kept.last().map(|m| m.c);
        let after = chars.get(i).map(|m| m.c);
        if let (Some(before), Some(after)) = (before, after) {
            if needs_space_between(before, after) {
                kept.push(MarkedChar {
                    c: ' ',
                    bold: chars[run_start].bold,
                });
            }
        }
    }
    kept
}

/// Whether two pieces of text need a space between them: only Latin-like text does;
/// Chinese text is written without spaces, also next to digits and Latin letters.
fn needs_space_between(before: char, after: char) -> bool {
    !is_cjk(before) && !is_cjk(after)
}

fn bold_ranges(chars: &[MarkedChar]) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    for (i, m) in chars.iter().enumerate() {
        if m.bold {
            add_range(&mut ranges, i..i + 1);
        }
    }
    ranges
}

/// Appends `range` to ascending, disjoint `ranges`, merging it with the last one if they touch.
fn add_range(ranges: &mut Vec<Range<usize>>, range: Range<usize>) {
    match ranges.last_mut() {
        Some(last) if last.end == range.start => last.end = range.end,
        _ => ranges.push(range),
    }
}

/// The parts of `0..len` not covered by ascending, disjoint `ranges`.
fn complement(ranges: &[Range<usize>], len: usize) -> Vec<Range<usize>> {
    let mut gaps = Vec::new();
    let mut start = 0;
    for range in ranges {
        if range.start > start {
            gaps.push(start..range.start);
        }
        start = range.end;
    }
    if start < len {
        gaps.push(start..len);
    }
    gaps
}

// ---------------------------------------------------------------------------------------------
// Rules 5–6: joining lines into paragraphs

fn starts_with_heading(text: &str) -> bool {
    // A marker is a few characters: fold only the start of the line.
    let start: String = text.chars().take(8).map(fold_char).collect();
    genre::heading_level(&start).is_some()
}

/// Title-block lines are short; a long line is never one.
const MAX_TITLE_BLOCK_LINE_CHARS: usize = 40;

/// Document numbers (`金开管发〔2023〕104号`) belong to the title block even after a line that
/// looks unfinished.
fn is_document_number(text: &str) -> bool {
    let last = text.trim_end().chars().next_back().map(fold_char);
    last.is_some_and(genre::may_be_doc_number_line)
        && text.chars().count() <= MAX_TITLE_BLOCK_LINE_CHARS
        && genre::DOC_NUMBER_LINE.is_match(&fold(text))
}

/// Signer fields (`签发人：马国开`) are header lines that page layout drops into the text.
fn is_floating_header(text: &str) -> bool {
    let mut start = text.chars().map(fold_char);
    let may_be = match (start.next(), start.next()) {
        (Some(first), Some(second)) => genre::may_be_signer_line(first, second),
        _ => false,
    };
    may_be
        && text.chars().count() <= MAX_TITLE_BLOCK_LINE_CHARS
        && genre::SIGNER_LINE.is_match(&fold(text))
}

/// Punctuation after which a line break is a real paragraph end: sentence ends, colons, and
/// closing brackets and quotes.
const TERMINAL_PUNCTUATION: &str = "。！？!?；;：:…）)」』”’》】〕";

fn ends_sentence(c: char) -> bool {
    TERMINAL_PUNCTUATION.contains(c)
}

/// Punctuation found inside sentences; a line with none is a title or a label, not prose.
const IN_SENTENCE_PUNCTUATION: [char; 6] = ['，', ',', '、', '。', '；', ';'];

/// Punctuation that leaves a sentence open.
fn is_pause(c: char) -> bool {
    matches!(c, '，' | ',' | '、')
}

impl CleanLine {
    /// Rule 5 (a), (b), (d): the line stops mid-sentence, so the next line may continue it.
    /// Lines without in-sentence punctuation are titles (`…管理委员会文件`), and a heading
    /// continues only when it is a sentence itself (`14. …。加大食品药品、公`), not a short
    /// title (`二、存在的问题和下一步打算`).
    fn leaves_sentence_open(&self) -> bool {
        // A line cut at the wrap width continues whatever it ends with (`》`, `）`, a heading
        // with a comma, even `。`: the cut falls after a full stop inside a paragraph as often
        // as a paragraph ends exactly at the width, and only joining loses nothing).
        if self.fills_width {
            return true;
        }
        !ends_sentence(self.last_char)
            && self.text.contains(IN_SENTENCE_PUNCTUATION)
            && (!starts_with_heading(&self.text)
                || self.text.contains('。')
                || is_pause(self.last_char))
    }

    /// Rule 5 (c): the line starts something new, so it never continues the line before.
    fn starts_anew(&self) -> bool {
        starts_with_heading(&self.text) || is_document_number(&self.text)
    }
}

/// The paragraph being built, with what the join rules need to know about it.
#[derive(Debug)]
struct OpenParagraph {
    paragraph: Paragraph,
    char_count: usize,
    last_char: char,
    /// Whether the last line joined leaves its sentence open.
    is_unfinished: bool,
    /// The last line was cut at the wrap width: at a space only if it ended with one.
    cut_mid_word: bool,
    /// The last line was cut at the wrap width inside a sentence: what follows continues it
    /// even when it looks like a heading (`提供一对` ⏎ `一、精准化的服务`).
    cut_mid_sentence: bool,
    /// The paragraph is a single line that is open only because it reaches the wrap width (a
    /// title of about that length): a blank line after it ends it.
    open_by_width_only: bool,
    inside_bold: bool,
}

impl OpenParagraph {
    fn start(line: CleanLine) -> Self {
        let mut open = OpenParagraph {
            paragraph: Paragraph::default(),
            char_count: 0,
            last_char: line.last_char,
            is_unfinished: false,
            cut_mid_word: false,
            cut_mid_sentence: false,
            open_by_width_only: false,
            inside_bold: false,
        };
        open.push_line(line);
        open
    }

    /// Rule 5: whether `line` continues this paragraph.
    fn is_continued_by(&self, line: &CleanLine) -> bool {
        // A number cut by the break (`现将20⏎23年`) continues even a line without punctuation.
        let splits_a_number = self.last_char.is_ascii_digit() && line.first_char.is_ascii_digit();
        (self.is_unfinished || splits_a_number)
            && (self.cut_mid_sentence || !line.starts_anew())
            && !(self.open_by_width_only && line.after_blank)
    }

    fn join(&mut self, line: CleanLine) {
        // A number broken across lines (`现将20⏎23年`) is one number again, and a line cut at
        // the wrap width in the middle of a word (`(2021-`⏎`2025)`) is one word again.
        let split_number = self.last_char.is_ascii_digit() && line.first_char.is_ascii_digit();
        if needs_space_between(self.last_char, line.first_char)
            && !split_number
            && !self.cut_mid_word
        {
            if self.inside_bold {
                add_range(
                    &mut self.paragraph.bold,
                    self.char_count..self.char_count + 1,
                );
            }
            self.paragraph.text.push(' ');
            self.char_count += 1;
        }
        self.push_line(line);
    }

    fn push_line(&mut self, line: CleanLine) {
        let offset = self.char_count;
        // A title or a label is told by its first line; a line that continues a paragraph
        // (the short tail of a wrapped sentence, `市司法局进行合法`) leaves it open unless it
        // ends a sentence, or the paragraph has no sentence punctuation at all: the short last
        // line of a wrapped title (`建设工作总结的报告`) ends it, as a one-line title would.
        self.is_unfinished = if offset == 0 {
            line.leaves_sentence_open()
        } else {
            line.fills_width
                || (!ends_sentence(line.last_char)
                    && (self.paragraph.text.contains(IN_SENTENCE_PUNCTUATION)
                        || line.text.contains(IN_SENTENCE_PUNCTUATION)))
        };
        self.open_by_width_only = offset == 0
            && line.fills_width
            && !CleanLine {
                fills_width: false,
                ..line.clone()
            }
            .leaves_sentence_open();
        self.cut_mid_word = line.fills_width && !line.ends_with_space;
        self.cut_mid_sentence = line.fills_width
            && !matches!(
                line.last_char,
                '。' | '！' | '？' | '!' | '?' | '；' | ';' | ':' | '：'
            );
        self.paragraph.lines.push(offset, line.number);
        // Bold left open on the previous line flips the bold state of this whole line.
        let bold = if self.inside_bold {
            complement(&line.bold, line.char_count)
        } else {
            line.bold
        };
        for range in bold {
            add_range(
                &mut self.paragraph.bold,
                range.start + offset..range.end + offset,
            );
        }
        self.inside_bold ^= line.toggles_bold;
        self.last_char = line.last_char;
        self.char_count += line.char_count;
        self.paragraph.text.push_str(&line.text);
    }
}

/// A paragraph this long is ended at its next line break even inside a sentence (a term
/// spanning that break is then not found). Real paragraphs are a few thousand characters;
/// this bounds the memory a giant one costs.
const MAX_PARAGRAPH_CHARS: usize = 64 * 1024;

/// Collects clean lines into paragraphs.
#[derive(Debug, Default)]
struct ParagraphBuilder {
    done: Vec<Paragraph>,
    open: Option<OpenParagraph>,
    /// Rule 6: floating header lines met inside an unfinished paragraph, emitted after it.
    held: Vec<CleanLine>,
}

impl ParagraphBuilder {
    fn add(&mut self, line: CleanLine) {
        let open_is_unfinished = self.open.as_ref().is_some_and(|open| open.is_unfinished);
        if is_floating_header(&line.text) {
            if open_is_unfinished {
                self.held.push(line);
            } else {
                self.close();
                self.done.push(OpenParagraph::start(line).paragraph);
            }
            return;
        }
        match &mut self.open {
            Some(open) if open.is_continued_by(&line) && open.char_count < MAX_PARAGRAPH_CHARS => {
                open.join(line)
            }
            _ => {
                self.close();
                self.open = Some(OpenParagraph::start(line));
            }
        }
    }

    /// Ends the open paragraph, followed by the header lines that interrupted it.
    fn close(&mut self) {
        if let Some(open) = self.open.take() {
            self.done.push(open.paragraph);
        }
        for line in self.held.drain(..) {
            self.done.push(OpenParagraph::start(line).paragraph);
        }
    }

    fn finish(mut self) -> CleanText {
        self.close();
        // Folded once, here: the rules downstream all match on the folded text.
        for paragraph in &mut self.done {
            paragraph.folded = fold(&paragraph.text);
        }
        CleanText {
            paragraphs: self.done,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::LineMap;

    fn texts(text: &str) -> Vec<String> {
        clean(text).paragraphs.into_iter().map(|p| p.text).collect()
    }

    fn line_text(raw: &str) -> Option<String> {
        clean_line(raw, 1).map(|line| line.text)
    }

    /// The character offset of the first occurrence of `needle` in `text`.
    fn char_offset(text: &str, needle: &str) -> usize {
        let byte = text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in {text:?}"));
        text[..byte].chars().count()
    }

    fn bold_texts(paragraph: &Paragraph) -> Vec<String> {
        let chars: Vec<char> = paragraph.text.chars().collect();
        paragraph
            .bold
            .iter()
            .map(|r| chars[r.clone()].iter().collect())
            .collect()
    }

    // Rule 1 ---------------------------------------------------------------------------------

    #[test]
    fn a_giant_line_is_cleaned_in_pieces_without_losing_text() {
        let sentence = "依法行政工作持续推进，行政复议案件办理规范。";
        let line = sentence.repeat(20_000); // 1.3 MB on one line
        let cleaned = clean(&format!("标题\n{line}\n"));
        let body: String = cleaned.paragraphs[1..]
            .iter()
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(body, line);
        assert!(cleaned.paragraphs.len() > 2);
        for paragraph in &cleaned.paragraphs[1..] {
            assert!(paragraph.text.chars().count() <= MAX_PARAGRAPH_CHARS + MAX_LINE_BYTES);
            // Cut after a sentence end: no paragraph splits a sentence.
            assert!(
                paragraph.text.ends_with('。'),
                "{}",
                &paragraph.text[paragraph.text.len() - 30..]
            );
            assert_eq!(paragraph.lines.first_line(), 2);
        }
    }

    #[test]
    fn a_giant_line_without_sentence_ends_is_cut_between_words() {
        let latin = "administrative reconsideration ".repeat(5_000); // 155 KB, no sentence end
        let cleaned = clean(&latin);
        let body: Vec<&str> = cleaned.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert!(body.len() > 1);
        for text in &body {
            assert!(text.starts_with("administrative"), "{}", &text[..40]);
            assert!(
                text.ends_with("reconsideration"),
                "{}",
                &text[text.len() - 40..]
            );
        }
    }

    #[test]
    fn invisible_characters_inside_words_are_removed() {
        let text = "法治\u{200B}政府建设，推进\u{00AD}依法\u{2060}行政\u{FEFF}工作。\n";
        assert_eq!(texts(text), ["法治政府建设，推进依法行政工作。"]);
    }

    #[test]
    fn a_number_broken_across_lines_joins_without_a_space() {
        assert_eq!(
            texts("现将20\n23年以来法治政府建设情况报告如下，全年办理案件1\n2件。\n"),
            ["现将2023年以来法治政府建设情况报告如下，全年办理案件12件。"]
        );
    }

    #[test]
    fn lines_are_numbered_like_an_editor_does() {
        let lines: Vec<_> = source_lines("a\r\nb\rc\nd").collect();
        assert_eq!(lines, [(1, "a"), (2, "b"), (3, "c"), (4, "d")]);
    }

    #[test]
    fn form_feed_splits_a_line_but_keeps_its_number() {
        let lines: Vec<_> = source_lines("a\x0Cb\nc").collect();
        assert_eq!(lines, [(1, "a"), (1, "b"), (2, "c")]);
    }

    #[test]
    fn leading_bom_is_dropped() {
        assert_eq!(texts("\u{FEFF}标题"), ["标题"]);
    }

    #[test]
    fn crlf_input_cleans_like_lf_input() {
        let lf = clean("一、总体要求\n\n推进法治政府建设，\n落实责任。\n");
        let crlf = clean("一、总体要求\r\n\r\n推进法治政府建设，\r\n落实责任。\r\n");
        assert_eq!(lf, crlf);
        assert_eq!(lf.paragraphs.len(), 2);
    }

    // Rule 2 ---------------------------------------------------------------------------------

    #[test]
    fn page_numbers_of_several_styles_are_recognised() {
        for line in [
            "— 4 —",
            "- 4 -",
            "-4-",
            "－ 12 －",
            "——12——",
            "第 3 页",
            "第3页 共10页",
            "第3页，共10页",
            "3/10",
            "7",
            "123",
        ] {
            assert!(is_page_number(line), "{line:?}");
        }
    }

    #[test]
    fn text_that_merely_contains_numbers_is_not_a_page_number() {
        for line in ["2023", "2023年", "第3条", "4.15", "- 4 项任务", "共10页"] {
            assert!(!is_page_number(line), "{line:?}");
        }
    }

    #[test]
    fn page_number_and_blank_lines_yield_no_line() {
        assert_eq!(line_text("  — 4 —  "), None);
        assert_eq!(line_text(" \t\u{3000}"), None);
    }

    // Rule 3 ---------------------------------------------------------------------------------

    #[test]
    fn bullets_and_heading_markers_are_stripped() {
        assert_eq!(line_text("- (三)深化改革"), Some("(三)深化改革".into()));
        assert_eq!(line_text("* 条目"), Some("条目".into()));
        assert_eq!(line_text("+ 条目"), Some("条目".into()));
        assert_eq!(line_text("### 标题"), Some("标题".into()));
        assert_eq!(line_text("# - 标题"), Some("标题".into()));
    }

    #[test]
    fn lookalikes_of_markers_are_kept() {
        assert_eq!(line_text("-4.5%"), Some("-4.5%".into()));
        assert_eq!(line_text("#1号"), Some("#1号".into()));
        assert_eq!(line_text("####### 七个"), Some("#######七个".into()));
    }

    #[test]
    fn bold_markers_are_removed_and_recorded() {
        let line = clean_line("一是**强化组织领导**。二是__加强责任落实__。", 1).unwrap();
        assert_eq!(line.text, "一是强化组织领导。二是加强责任落实。");
        assert_eq!(line.bold, [2..8, 11..17]);
        assert!(!line.toggles_bold);
    }

    #[test]
    fn fill_in_blanks_are_not_bold_markers() {
        assert_eq!(line_text("第____号"), Some("第____号".into()));
        assert_eq!(line_text("填写__处"), Some("填写__处".into()));
        assert_eq!(line_text("注*"), Some("注*".into()));
    }

    #[test]
    fn unclosed_bold_runs_to_the_end_of_the_line() {
        let line = clean_line("甲**乙丙", 1).unwrap();
        assert_eq!(line.bold, vec![1..3]);
        assert!(line.toggles_bold);
    }

    #[test]
    fn bold_continues_across_joined_lines() {
        let clean = clean("一是**加强组织领导，压实\n工作责任**。坚持");
        let paragraph = &clean.paragraphs[0];
        assert_eq!(paragraph.text, "一是加强组织领导，压实工作责任。坚持");
        assert_eq!(bold_texts(paragraph), ["加强组织领导，压实工作责任"]);
    }

    #[test]
    fn bold_continues_across_a_line_without_markup() {
        // The middle line has no marker, no space: it is taken as it is, and bold still
        // covers each of its characters.
        let clean = clean("一是**加强组织领导，\n压实工作责任\n落实到位**。坚持");
        let paragraph = &clean.paragraphs[0];
        assert_eq!(
            paragraph.text,
            "一是加强组织领导，压实工作责任落实到位。坚持"
        );
        assert_eq!(
            bold_texts(paragraph),
            ["加强组织领导，压实工作责任落实到位"]
        );
        let plain = clean_line("（二）压实工作责任", 7).unwrap();
        assert_eq!(plain.text, "（二）压实工作责任");
        assert_eq!(
            (plain.char_count, plain.bold.len(), plain.toggles_bold),
            (9, 0, false)
        );
    }

    // Rule 4 ---------------------------------------------------------------------------------

    #[test]
    fn spaces_next_to_chinese_are_deleted() {
        assert_eq!(line_text("法治 政府"), Some("法治政府".into()));
        assert_eq!(line_text("2023 年"), Some("2023年".into()));
        assert_eq!(line_text("共 1525 件"), Some("共1525件".into()));
        assert_eq!(line_text("习近 平"), Some("习近平".into()));
        assert_eq!(line_text("(二) 加强"), Some("(二)加强".into()));
        assert_eq!(
            line_text("法治\u{3000}\u{A0}\t政府"),
            Some("法治政府".into())
        );
    }

    #[test]
    fn spaces_between_latin_words_collapse_to_one() {
        assert_eq!(line_text("rule  of\t\tlaw"), Some("rule of law".into()));
        assert_eq!(
            line_text("14:29:59   索引号"),
            Some("14:29:59索引号".into())
        );
        assert_eq!(
            line_text("联系方式: 13553798288"),
            Some("联系方式: 13553798288".into())
        );
    }

    #[test]
    fn spaces_are_judged_after_bold_markers_are_removed() {
        let line = clean_line("**强化** 组织", 1).unwrap();
        assert_eq!(line.text, "强化组织");
        assert_eq!(line.bold, vec![0..2]);
    }

    #[test]
    fn character_widths_are_kept() {
        assert_eq!(line_text("（一）　ＬＥＤ屏"), Some("（一）ＬＥＤ屏".into()));
    }

    // Rule 5 ---------------------------------------------------------------------------------

    #[test]
    fn a_sentence_broken_across_lines_is_joined() {
        assert_eq!(
            texts("及时报告，进行合法\n\n性审查。"),
            ["及时报告，进行合法性审查。"]
        );
        assert_eq!(
            texts("加大食品药品、公\n— 4 —\n共卫生执法力度。"),
            ["加大食品药品、公共卫生执法力度。"]
        );
    }

    #[test]
    fn latin_words_are_joined_with_a_space() {
        assert_eq!(texts("利用 LED, the\nscreen"), ["利用LED, the screen"]);
    }

    #[test]
    fn lines_ending_a_sentence_are_not_joined() {
        assert_eq!(texts("完成任务。\n下一步"), ["完成任务。", "下一步"]);
        assert_eq!(texts("主要表现在：\n一是"), ["主要表现在：", "一是"]);
        assert_eq!(
            texts("加强管理，依法行政（试行）\n的通知"),
            ["加强管理，依法行政（试行）", "的通知"]
        );
    }

    #[test]
    fn title_lines_without_punctuation_are_not_joined() {
        assert_eq!(
            texts("金昌经济技术开发区管理委员会文件\n\n金开管发〔2023〕104号"),
            ["金昌经济技术开发区管理委员会文件", "金开管发〔2023〕104号"]
        );
    }

    #[test]
    fn a_document_number_is_never_joined_to() {
        assert!(is_document_number("凤高委报[2023]8号"));
        assert!(is_document_number("金开管发〔2023〕104号"));
        assert!(!is_document_number("发放2023年补贴8号"));
        assert_eq!(
            texts("开发区工, 作委员会文件\n凤高委报[2023]8号"),
            ["开发区工,作委员会文件", "凤高委报[2023]8号"]
        );
    }

    #[test]
    fn a_bold_marker_cut_by_a_line_break_is_dropped() {
        assert_eq!(
            texts("推进工作，一是*\n— 3 —\n*加强组织领导**，压实责任。\n注*\n"),
            ["推进工作，一是加强组织领导，压实责任。", "注*"]
        );
    }

    #[test]
    fn a_continued_sentence_stays_open_until_it_ends() {
        assert_eq!(
            texts("推进工作，加强\n领导小组\n落实。\n下一段"),
            ["推进工作，加强领导小组落实。", "下一段"]
        );
    }

    #[test]
    fn a_line_starting_with_a_heading_is_never_joined_to() {
        for heading in [
            "二、问题",
            "（三）问题",
            "(3)问题",
            "（3）问题",
            "3.问题",
            "3、问题",
            "3．问题",
        ] {
            let text = format!("推进工作，加强\n{heading}");
            assert_eq!(texts(&text).len(), 2, "{heading:?}");
        }
    }

    #[test]
    fn a_decimal_number_is_not_a_heading() {
        assert!(!starts_with_heading("4.15全民国家安全教育日"));
        assert_eq!(
            texts("开展活动，利用“\n4.15”全民国家安全教育日"),
            ["开展活动，利用“4.15”全民国家安全教育日"]
        );
    }

    #[test]
    fn a_short_heading_stays_its_own_paragraph() {
        assert_eq!(
            texts("二、存在的问题和下一步打算\n今年以来，取得了成效"),
            ["二、存在的问题和下一步打算", "今年以来，取得了成效"]
        );
        assert_eq!(
            texts("八、加强组织领导,完善推进机制\n要充分发挥作用"),
            ["八、加强组织领导,完善推进机制", "要充分发挥作用"]
        );
    }

    #[test]
    fn a_heading_that_is_a_sentence_continues() {
        assert_eq!(
            texts("14. 全面推进执法。加大食品药品、公\n\n共卫生执法力度。"),
            ["14.全面推进执法。加大食品药品、公共卫生执法力度。"]
        );
        assert_eq!(
            texts("(一)学习贯彻法治思想,\n强化培育。"),
            ["(一)学习贯彻法治思想,强化培育。"]
        );
    }

    #[test]
    fn the_line_map_follows_the_seams() {
        let clean = clean("标题\n\n及时报告，进行合法\n\n\n性审查。");
        let paragraph = &clean.paragraphs[1];
        assert_eq!(paragraph.lines.line_at(0), 3);
        assert_eq!(paragraph.lines.line_at(8), 3); // `法`
        assert_eq!(paragraph.lines.line_at(9), 6); // `性`
        assert_eq!(paragraph.lines.last_line(), 6);
    }

    // Rule 6 ---------------------------------------------------------------------------------

    #[test]
    fn floating_header_lines_are_recognised() {
        assert!(is_floating_header("签发人：马国开"));
        assert!(is_floating_header("答发人:陈锦辉"));
        assert!(is_floating_header("签发:张三"));
        assert!(!is_floating_header("签发人员要认真核对文件内容。"));
        assert!(!is_floating_header(
            "签发人：马国开负责审核签发所有对外文件并承担责任"
        ));
    }

    #[test]
    fn a_floating_header_inside_a_sentence_moves_after_it() {
        assert_eq!(
            texts("(一)学习贯彻法治思想,\n\n答发人:陈锦辉\n\n强化培育。\n二、问题"),
            [
                "(一)学习贯彻法治思想,强化培育。",
                "答发人:陈锦辉",
                "二、问题"
            ]
        );
    }

    #[test]
    fn a_floating_header_elsewhere_stays_in_place() {
        assert_eq!(
            texts("金开管发〔2023〕104号\n签发人：马国开\n报告"),
            ["金开管发〔2023〕104号", "签发人：马国开", "报告"]
        );
        assert_eq!(
            texts("推进工作，加强\n签发人：马国开\n二、问题"),
            ["推进工作，加强", "签发人：马国开", "二、问题"]
        );
    }

    #[test]
    fn a_floating_header_keeps_its_own_line_number() {
        let clean = clean("推进工作，加强\n签发人：马国开\n落实。");
        assert_eq!(clean.paragraphs[0].lines.runs(), [(0, 1), (7, 3)]);
        assert_eq!(clean.paragraphs[1].lines.runs(), [(0, 2)]);
    }

    // The seed reports -----------------------------------------------------------------------

    const CHAOZHOU: &str = include_str!("../../corpus/chaozhou-fengquanhu-2023-report.txt");
    const JINCHANG: &str = include_str!("../../corpus/jinchang-2023-report.txt");
    const LANZHOU: &str = include_str!("../../corpus/lanzhou-zhongchuan-2023-plan.txt");

    fn joined(clean: &CleanText) -> String {
        let texts: Vec<&str> = clean.paragraphs.iter().map(|p| p.text.as_str()).collect();
        texts.join("\n")
    }

    fn paragraph_starting<'a>(clean: &'a CleanText, prefix: &str) -> (usize, &'a Paragraph) {
        clean
            .paragraphs
            .iter()
            .enumerate()
            .find(|(_, p)| p.text.starts_with(prefix))
            .unwrap_or_else(|| panic!("no paragraph starts with {prefix:?}"))
    }

    fn has_paragraph(clean: &CleanText, text: &str) -> bool {
        clean.paragraphs.iter().any(|p| p.text == text)
    }

    #[test]
    fn chaozhou_page_break_splits_are_rejoined() {
        let clean = clean(CHAOZHOU);
        let text = joined(&clean);
        assert_eq!(text.matches("合法性审查").count(), 2);
        assert!(text.contains("党的二十大精神作为首要政治任务"));
        assert!(text.contains("排查整改2个重大安全隐患"));
        assert!(!has_paragraph(&clean, "— 4 —"));
        assert!(!text.contains("— 4 —"));
    }

    #[test]
    fn chaozhou_signer_line_moves_after_the_heading_it_broke() {
        let clean = clean(CHAOZHOU);
        let (index, _) = paragraph_starting(
            &clean,
            "(一)学习宣传贯彻党的二十大精神和习近平法治思想,强化党员干部法治思维培育。",
        );
        assert_eq!(clean.paragraphs[index + 1].text, "答发人:陈锦辉");
        assert_eq!(clean.paragraphs[index + 1].lines, LineMap::single(15));
    }

    #[test]
    fn chaozhou_line_map_points_at_the_original_lines() {
        let clean = clean(CHAOZHOU);
        let (_, paragraph) = paragraph_starting(&clean, "(四)坚持完善制度体系");
        let at = char_offset(&paragraph.text, "合法性审查");
        assert_eq!(paragraph.lines.line_at(at), 24); // `…进行合法` ends line 24
        assert_eq!(paragraph.lines.line_at(at + 1), 24);
        assert_eq!(paragraph.lines.line_at(at + 2), 26); // `性审查。` starts line 26
        assert_eq!(paragraph.lines.first_line(), 24);

        let (_, paragraph) = paragraph_starting(&clean, "(六)依法加强监管");
        let at = char_offset(&paragraph.text, "2个重大安全隐患");
        assert_eq!(paragraph.lines.line_at(at), 29);
        assert_eq!(paragraph.lines.line_at(at + 1), 33);
    }

    #[test]
    fn jinchang_split_name_is_rejoined_and_bold_recorded() {
        let clean = clean(JINCHANG);
        let text = joined(&clean);
        assert_eq!(text.matches("习近平法治思想").count(), 6);
        assert!(!text.contains("**"));
        let (_, paragraph) = paragraph_starting(&clean, "(二)加强组织领导");
        let bold = bold_texts(paragraph);
        assert!(bold.contains(&"强化组织领导".to_string()), "{bold:?}");
        assert!(bold.contains(&"加强责任落实".to_string()), "{bold:?}");
    }

    #[test]
    fn jinchang_title_block_and_short_heading_stay_separate() {
        let clean = clean(JINCHANG);
        for line in [
            "金昌经济技术开发区管理委员会文件",
            "金开管发〔2023〕104号",
            "签发人：马国开",
            "二、存在的问题和下一步打算",
        ] {
            assert!(has_paragraph(&clean, line), "{line:?}");
        }
    }

    #[test]
    fn jinchang_line_map_points_at_the_original_lines() {
        let clean = clean(JINCHANG);
        let (_, paragraph) = paragraph_starting(&clean, "（一）提高政治站位");
        let at = char_offset(&paragraph.text, "习近平法治思想和相关会议精神");
        assert_eq!(paragraph.lines.line_at(at), 17);
        assert_eq!(paragraph.lines.line_at(at + 4), 17); // `治`, the last char of line 17
        assert_eq!(paragraph.lines.line_at(at + 5), 19); // `思`, the first char of line 19
        assert_eq!(paragraph.lines.last_line(), 19);
    }

    #[test]
    fn lanzhou_items_are_joined_and_sections_kept_apart() {
        let clean = clean(LANZHOU);
        let (_, paragraph) = paragraph_starting(&clean, "14.全面推进严格规范公正文明执法。");
        assert!(paragraph.text.contains("食品药品、公共卫生"));
        assert_eq!(paragraph.lines.first_line(), 63);
        assert_eq!(paragraph.lines.last_line(), 65);
        let (index, _) = paragraph_starting(
            &clean,
            "八、进一步加强组织领导,不断完善法治政府建设推进机制",
        );
        assert_eq!(
            clean.paragraphs[index].text,
            "八、进一步加强组织领导,不断完善法治政府建设推进机制"
        );
        assert!(clean.paragraphs[index + 1]
            .text
            .starts_with("25.加强组织领导和统筹协调。"));
    }
}

#[cfg(test)]
mod hard_wrap {
    use super::*;
    use std::collections::HashMap;

    /// Every report shipped in `corpus/`.
    fn shipped() -> Vec<String> {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut paths: Vec<_> = std::fs::read_dir(corpus)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect()
    }

    /// The report as a PDF's text layer gives it: every paragraph a reader sees (the cleaned
    /// text) cut into lines of `width` characters, paragraphs one after the other with no
    /// blank line, and a page-number line every 30 lines.
    fn hard_wrapped(text: &str, width: usize) -> String {
        let mut out = String::new();
        let mut lines = 0;
        for paragraph in clean(text).paragraphs {
            let chars: Vec<char> = paragraph.text.chars().collect();
            for piece in chars.chunks(width) {
                out.extend(piece);
                out.push('\n');
                lines += 1;
                if lines % 30 == 0 {
                    out.push_str(&format!("— {} —\n", lines / 30));
                }
            }
        }
        out
    }

    /// Every 2–8-character substring of every paragraph, with how often it occurs.
    fn grams(clean: &CleanText) -> HashMap<String, usize> {
        let mut counts = HashMap::new();
        for paragraph in &clean.paragraphs {
            let chars: Vec<char> = paragraph.folded.chars().collect();
            for len in 2..=8 {
                for window in chars.windows(len) {
                    *counts.entry(window.iter().collect()).or_default() += 1;
                }
            }
        }
        counts
    }

    #[test]
    fn hard_wrapped_reports_keep_every_substring() {
        let (mut total, mut found) = (0usize, 0usize);
        let mut lost: Vec<String> = Vec::new();
        let reports = shipped();
        assert!(reports.len() >= 5);
        for (r, text) in reports.iter().enumerate() {
            let want = grams(&clean(text));
            for width in 20..=40 {
                let got = grams(&clean(&hard_wrapped(text, width)));
                for (gram, &n) in &want {
                    total += n;
                    let have = got.get(gram).copied().unwrap_or(0).min(n);
                    found += have;
                    if have < n && lost.len() < 20 {
                        lost.push(format!("report {r}, width {width}: {gram:?} {have}/{n}"));
                    }
                }
            }
        }
        let share = found as f64 / total as f64;
        assert!(
            found == total,
            "{:.3}% of occurrences found; lost, e.g.: {lost:#?}",
            share * 100.0
        );
    }
}
