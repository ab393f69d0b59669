//! Analysis: how cleaned text becomes index terms.
//!
//! Two analysers feed the index: jieba words (for BM25 ranking) and character bigrams (the
//! recall field, which guarantees that any substring of the cleaned text is found).

pub mod grams;
pub mod words;

/// The two accessors of a token stream whose current token is its `token` field.
macro_rules! token_field_accessors {
    () => {
        fn token(&self) -> &tantivy::tokenizer::Token {
            &self.token
        }

        fn token_mut(&mut self) -> &mut tantivy::tokenizer::Token {
            &mut self.token
        }
    };
}
use token_field_accessors;

/// Name under which the word tokenizer is registered in the index.
pub const WORDS_TOKENIZER: &str = "zonedex_words";
/// Name under which the recall (bigram) tokenizer is registered.
pub const GRAMS_TOKENIZER: &str = "zonedex_grams";
