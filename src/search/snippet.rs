//! Finding matches in a unit's cleaned text: occurrence counts, the first match's line, and a
//! snippet with exact highlight ranges.

use crate::base::fold::fold_char;

/// A needle prepared for matching: folded characters, whitespace runs collapsed, as the recall
/// field sees them. Every needle matches as a substring, so counts agree with the index.
#[derive(Debug, Clone)]
pub struct Needle {
    chars: Vec<char>,
}

impl Needle {
    pub fn new(text: &str) -> Needle {
        Needle {
            chars: crate::analysis::grams::recall_chars(text),
        }
    }

    /// Length in folded characters.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }
}

/// Non-overlapping matches of any needle in `haystack`, as char ranges into the haystack's
/// characters, leftmost first (as `grep -o` reports them).
pub fn find_matches(haystack: &[char], needles: &[Needle]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < haystack.len() {
        let found = needles
            .iter()
            .filter(|n| !n.is_empty())
            .filter(|n| matches_at(haystack, i, n))
            .map(|n| n.chars.len())
            .max();
        match found {
            Some(len) => {
                out.push(i..i + len);
                i += len;
            }
            None => i += 1,
        }
    }
    out
}

fn matches_at(haystack: &[char], at: usize, needle: &Needle) -> bool {
    let end = at + needle.chars.len();
    // The first character rules out almost every position without a slice comparison.
    end <= haystack.len()
        && haystack[at] == needle.chars[0]
        && haystack[at + 1..end] == needle.chars[1..]
}

/// A unit's text seen by the matcher: folded characters, each with its char offset in the
/// original text (whitespace runs collapse, so the two can differ).
pub struct Folded {
    pub chars: Vec<char>,
    pub offsets: Vec<usize>,
}

impl Folded {
    pub fn new(text: &str) -> Folded {
        let mut chars = Vec::with_capacity(text.len() / 2);
        let mut offsets = Vec::with_capacity(text.len() / 2);
        let mut pending_space: Option<usize> = None;
        for (offset, c) in text.chars().enumerate() {
            if c == '\n' {
                pending_space = None;
                chars.push('\n');
                offsets.push(offset);
            } else if c.is_whitespace() {
                if !matches!(chars.last(), None | Some('\n')) && pending_space.is_none() {
                    pending_space = Some(offset);
                }
            } else {
                if let Some(space_at) = pending_space.take() {
                    chars.push(' ');
                    offsets.push(space_at);
                }
                chars.push(fold_char(c));
                offsets.push(offset);
            }
        }
        Folded { chars, offsets }
    }

    /// Char range in the original text covered by folded range `r`.
    pub fn original_range(&self, r: &std::ops::Range<usize>) -> std::ops::Range<usize> {
        let start = self.offsets[r.start];
        let end = self.offsets[r.end - 1] + 1;
        start..end
    }
}

/// A snippet: a window of the original text around a match, with highlight ranges given in
/// chars of `text`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
}

/// Builds a one-line snippet of about `width` chars around the first match.
pub fn snippet(
    original: &str,
    matches_in_original: &[std::ops::Range<usize>],
    width: usize,
) -> Snippet {
    let chars: Vec<char> = original.chars().collect();
    let Some(first) = matches_in_original.first() else {
        let text: String = chars.iter().take(width).map(|&c| flatten(c)).collect();
        return Snippet {
            text,
            highlights: Vec::new(),
        };
    };
    let context = width.saturating_sub(first.len()) / 3;
    let start = first.start.saturating_sub(context);
    let end = (start + width).max(first.end).min(chars.len());
    let mut text = String::new();
    let lead = if start > 0 { "…" } else { "" };
    text.push_str(lead);
    let lead_chars = lead.chars().count();
    text.extend(chars[start..end].iter().map(|&c| flatten(c)));
    if end < chars.len() {
        text.push('…');
    }
    let highlights = matches_in_original
        .iter()
        .filter(|m| m.start >= start && m.end <= end)
        .map(|m| (m.start - start + lead_chars, m.end - start + lead_chars))
        .collect();
    Snippet { text, highlights }
}

/// Snippets are one line: paragraph breaks become a visible separator of one char.
fn flatten(c: char) -> char {
    if c == '\n' {
        '⏎'
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranges(hay: &str, needles: &[&str]) -> Vec<(usize, usize)> {
        let folded = Folded::new(hay);
        let needles: Vec<Needle> = needles.iter().map(|n| Needle::new(n)).collect();
        find_matches(&folded.chars, &needles)
            .iter()
            .map(|r| {
                let o = folded.original_range(r);
                (o.start, o.end)
            })
            .collect()
    }

    #[test]
    fn counts_non_overlapping_like_grep_o() {
        assert_eq!(ranges("哈哈哈哈哈", &["哈哈"]).len(), 2);
        assert_eq!(ranges("行政复议，复议", &["复议"]), vec![(2, 4), (5, 7)]);
    }

    #[test]
    fn folding_applies_to_both_sides() {
        assert_eq!(ranges("（一）ＬＥＤ屏", &["(一)led"]), vec![(0, 6)]);
    }

    #[test]
    fn latin_and_digits_match_case_insensitively_as_substrings() {
        assert_eq!(ranges("LED屏 ledger", &["led"]), vec![(0, 3), (5, 8)]);
        assert_eq!(ranges("参学率达100%", &["100"]), vec![(4, 7)]);
    }

    #[test]
    fn cjk_highlight_offsets_are_exact() {
        let text = "开展“三重一大”事项合法性审查28次。";
        let folded = Folded::new(text);
        let m = find_matches(&folded.chars, &[Needle::new("合法性审查")]);
        let original: Vec<_> = m.iter().map(|r| folded.original_range(r)).collect();
        let s = snippet(text, &original, 40);
        let (a, b) = s.highlights[0];
        let highlighted: String = s.text.chars().skip(a).take(b - a).collect();
        assert_eq!(highlighted, "合法性审查");
    }

    #[test]
    fn long_text_is_cut_around_the_match() {
        let text = format!("{}行政复议{}", "甲".repeat(100), "乙".repeat(100));
        let matched = 100..104;
        let s = snippet(&text, std::slice::from_ref(&matched), 30);
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        let (a, b) = s.highlights[0];
        let highlighted: String = s.text.chars().skip(a).take(b - a).collect();
        assert_eq!(highlighted, "行政复议");
    }
}
