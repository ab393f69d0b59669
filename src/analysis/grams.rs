//! The recall analyser: overlapping character bigrams with positions.
//!
//! Every character of a paragraph (whitespace runs count as one space) starts one term: the
//! bigram of it and the next character, or the character alone at the end of the paragraph.
//! A query string of two or more characters becomes a phrase of bigrams at fixed offsets, so
//! a unit matches exactly when its folded text contains the query as a substring; a
//! one-character query is the set of terms that start with that character. Paragraphs are
//! separated by a position gap so that no phrase spans a paragraph break.

use crate::base::fold::fold_char;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The characters of `text` as the recall field sees them: folded, whitespace runs collapsed
/// to one space, paragraphs (`\n`) kept as `\n`.
pub fn recall_chars(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len() / 2);
    let mut pending_space = false;
    for c in text.chars() {
        if c == '\n' {
            pending_space = false;
            out.push('\n');
        } else if c.is_whitespace() {
            pending_space = !matches!(out.last(), None | Some('\n'));
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(fold_char(c));
        }
    }
    out
}

/// The terms of a query string and their offsets in the phrase: bigrams at even offsets, plus
/// the last bigram when the length is odd, which together cover every character.
/// A one-character query yields one term of one character (to be matched as a prefix).
pub fn query_grams(query: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = recall_chars(query)
        .into_iter()
        .filter(|&c| c != '\n')
        .collect();
    match chars.len() {
        0 => Vec::new(),
        1 => vec![(0, chars[0].to_string())],
        n => {
            let mut offsets: Vec<usize> = (0..n - 1).step_by(2).collect();
            if n % 2 == 1 {
                offsets.push(n - 2);
            }
            offsets
                .into_iter()
                .map(|i| (i, chars[i..i + 2].iter().collect()))
                .collect()
        }
    }
}

#[derive(Clone, Default)]
pub struct GramTokenizer;

pub struct GramStream {
    chars: Vec<char>,
    next: usize,
    position: usize,
    token: Token,
}

impl Tokenizer for GramTokenizer {
    type TokenStream<'a> = GramStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> GramStream {
        GramStream {
            chars: recall_chars(text),
            next: 0,
            position: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for GramStream {
    fn advance(&mut self) -> bool {
        while self.next < self.chars.len() {
            let i = self.next;
            self.next += 1;
            let c = self.chars[i];
            if c == '\n' {
                // The gap keeps phrases from matching across paragraphs.
                self.position += 1;
                continue;
            }
            self.token.text.clear();
            self.token.text.push(c);
            if let Some(&following) = self.chars.get(i + 1).filter(|&&f| f != '\n') {
                self.token.text.push(following);
            }
            self.token.position = self.position;
            self.position += 1;
            return true;
        }
        false
    }

    super::token_field_accessors!();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grams(text: &str) -> Vec<(usize, String)> {
        let mut tokenizer = GramTokenizer;
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.position, t.text.clone()));
        }
        out
    }

    #[test]
    fn every_character_starts_a_term() {
        let g = grams("法治政府");
        assert_eq!(
            g,
            vec![
                (0, "法治".to_string()),
                (1, "治政".to_string()),
                (2, "政府".to_string()),
                (3, "府".to_string())
            ]
        );
    }

    #[test]
    fn paragraphs_are_separated_by_a_gap() {
        let g = grams("甲乙\n丙丁");
        assert_eq!(g[1], (1, "乙".to_string()));
        assert_eq!(g[2], (3, "丙丁".to_string()));
    }

    #[test]
    fn text_is_folded_and_whitespace_collapsed() {
        let g = grams("（一）ＡＢ  c");
        let texts: Vec<&str> = g.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, ["(一", "一)", ")a", "ab", "b ", " c", "c"]);
    }

    #[test]
    fn query_grams_cover_every_character() {
        assert_eq!(
            query_grams("合法性审查"),
            vec![
                (0, "合法".to_string()),
                (2, "性审".to_string()),
                (3, "审查".to_string())
            ]
        );
        assert_eq!(
            query_grams("法治政府"),
            vec![(0, "法治".to_string()), (2, "政府".to_string())]
        );
        assert_eq!(query_grams("法"), vec![(0, "法".to_string())]);
        assert!(query_grams("  ").is_empty());
    }
}
