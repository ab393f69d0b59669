//! The first half of a report's path: walk the corpus, extract the text of each file (decoding
//! its bytes), clean the text.
//!
//! Everything downstream sees only [`CleanText`]: paragraphs of cleaned text, each with a
//! [`LineMap`](crate::base::LineMap) back to the lines of the original file.

pub mod clean;
pub mod decode;
pub mod extract;
pub mod walk;

use crate::base::LineMap;

/// A report's text after cleaning: extraction artifacts removed, broken lines re-joined.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CleanText {
    pub paragraphs: Vec<Paragraph>,
}

/// One logical line of cleaned text (a paragraph, a heading, a title-block line …).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paragraph {
    /// Cleaned text, without a trailing newline. Original character widths are kept
    /// (folding for matching happens in `base::fold`).
    pub text: String,
    /// Where each character of `text` came from in the original file.
    pub lines: LineMap,
    /// Character ranges of `text` that were marked bold (`**…**`) in the original.
    pub bold: Vec<std::ops::Range<usize>>,
    /// `text` folded (`base::fold`), once: every rule of sections and metadata matches on it.
    pub folded: String,
}

impl Paragraph {
    pub fn new(text: String, lines: LineMap, bold: Vec<std::ops::Range<usize>>) -> Paragraph {
        Paragraph {
            folded: crate::base::fold::fold(&text),
            text,
            lines,
            bold,
        }
    }
}

impl crate::base::fold::Foldable for Paragraph {
    fn original(&self) -> &str {
        &self.text
    }

    fn folded(&self) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Borrowed(&self.folded)
    }
}
