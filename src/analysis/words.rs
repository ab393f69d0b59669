//! The word analyser: jieba segmentation (search mode) with the domain dictionary, for ranking.

use crate::base::fold::{fold, is_han};
use jieba_rs::Jieba;
use std::io::BufRead;
use std::path::Path;
use std::sync::Arc;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The domain dictionary that ships with zonedex: governance terms that jieba's default
/// dictionary splits (三重一大, 合法性审查 …). jieba's format: `word [freq [tag]]`.
pub const DOMAIN_DICT: &str = include_str!("../../dict/zonedex.dict");

/// Builds jieba with its default dictionary, the domain dictionary and optional user files.
pub fn build_jieba(extra_dicts: &[impl AsRef<Path>]) -> Result<Jieba, crate::Error> {
    let mut jieba = Jieba::new();
    load_dict(
        &mut jieba,
        DOMAIN_DICT.as_bytes(),
        "the built-in domain dictionary",
    )?;
    for path in extra_dicts {
        let path = path.as_ref();
        let bytes = read_dict(path)?;
        load_dict(&mut jieba, bytes.as_slice(), &path.display().to_string())?;
    }
    Ok(jieba)
}

fn read_dict(path: &Path) -> Result<Vec<u8>, crate::Error> {
    std::fs::read(path).map_err(|source| crate::Error::Dictionary {
        path: path.display().to_string(),
        reason: source.to_string(),
    })
}

fn load_dict(jieba: &mut Jieba, mut bytes: impl BufRead, name: &str) -> Result<(), crate::Error> {
    jieba
        .load_dict(&mut bytes)
        .map_err(|e| crate::Error::Dictionary {
            path: name.to_string(),
            reason: e.to_string(),
        })
}

/// A content hash of the dictionaries in use, recorded in the index: if it changes, every
/// report must be analysed again.
pub fn dictionary_fingerprint(extra_dicts: &[impl AsRef<Path>]) -> Result<String, crate::Error> {
    let mut all = DOMAIN_DICT.as_bytes().to_vec();
    for path in extra_dicts {
        all.extend_from_slice(&read_dict(path.as_ref())?);
    }
    Ok(format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&all)))
}

/// True when a token carries no word: punctuation or whitespace only.
fn is_wordless(token: &str) -> bool {
    // Han characters first: they are most tokens, and `is_alphanumeric` looks them up slowly.
    !token.chars().any(|c| is_han(c) || c.is_alphanumeric())
}

/// tantivy tokenizer over a shared jieba instance. Text is width-folded and lower-cased first,
/// so `ＬＥＤ` and `led` are one term.
#[derive(Clone)]
pub struct WordTokenizer {
    jieba: Arc<Jieba>,
}

impl WordTokenizer {
    pub fn new(jieba: Arc<Jieba>) -> Self {
        WordTokenizer { jieba }
    }
}

/// The words of one text: the folded text and the byte ranges of its words, so that no word
/// is allocated on its own (a report has hundreds of thousands).
pub struct WordStream {
    folded: String,
    spans: std::vec::IntoIter<(usize, usize)>,
    token: Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream {
        let folded = fold(text);
        let spans: Vec<(usize, usize)> = self
            .jieba
            .cut_for_search(&folded, true)
            .into_iter()
            .filter(|t| !is_wordless(t.word))
            .map(|t| (t.byte_start, t.byte_end))
            .collect();
        WordStream {
            folded,
            spans: spans.into_iter(),
            token: Token::default(),
        }
    }
}

impl TokenStream for WordStream {
    fn advance(&mut self) -> bool {
        match self.spans.next() {
            Some((start, end)) => {
                // Offsets are not used (snippets are computed from the stored text), so
                // only the text and an ordinal position are kept.
                self.token.position = self.token.position.wrapping_add(1);
                self.token.text.clear();
                self.token.text.push_str(&self.folded[start..end]);
                true
            }
            None => false,
        }
    }

    super::token_field_accessors!();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static JIEBA: LazyLock<Arc<Jieba>> =
        LazyLock::new(|| Arc::new(build_jieba(&[] as &[&Path]).unwrap()));

    /// The words the index gets from `text`.
    fn words(text: &str) -> Vec<String> {
        let mut tokenizer = WordTokenizer::new(JIEBA.clone());
        let mut stream = tokenizer.token_stream(text);
        let mut words = Vec::new();
        while stream.advance() {
            words.push(stream.token().text.clone());
        }
        words
    }

    #[test]
    fn governance_terms_are_single_tokens_in_precise_mode() {
        for term in [
            "三重一大",
            "谁执法谁普法",
            "法治化营商环境",
            "合法性审查",
            "公职律师",
            "行政规范性文件",
            "习近平法治思想",
            "行政复议",
        ] {
            let sentence = format!("严格落实{term}制度");
            let words: Vec<&str> = JIEBA.cut(&sentence, false).iter().map(|t| t.word).collect();
            assert!(words.contains(&term), "{term} split into {words:?}");
        }
    }

    #[test]
    fn default_dictionary_alone_splits_some_of_these_terms() {
        // Guards the reason the domain dictionary exists.
        let plain = Jieba::new();
        let split = ["三重一大", "谁执法谁普法", "合法性审查", "行政规范性文件"]
            .iter()
            .filter(|term| plain.cut(term, false).len() > 1)
            .count();
        assert!(
            split >= 2,
            "jieba's default dictionary already keeps these whole"
        );
    }

    #[test]
    fn search_mode_also_yields_the_parts_of_long_words() {
        let words = words("持续优化法治化营商环境");
        assert!(words.contains(&"法治化营商环境".to_string()));
        // Search mode adds the dictionary's 2- and 3-character words inside a long word.
        assert!(words.contains(&"营商".to_string()), "{words:?}");
        assert!(words.contains(&"环境".to_string()), "{words:?}");
    }

    #[test]
    fn words_are_folded_and_punctuation_dropped() {
        let words = words("利用ＬＥＤ电子屏，滚动播放。");
        assert!(words.contains(&"led".to_string()), "{words:?}");
        assert!(!words.iter().any(|w| w == "，" || w == "," || w == "。"));
    }
}
