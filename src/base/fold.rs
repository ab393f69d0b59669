//! Character folding for matching: one character in, one character out, so offsets in folded
//! text are offsets in the original.
//!
//! Full-width ASCII variants (`（`, `１`, `Ａ`) become their ASCII forms, the ideographic space
//! becomes a space, Latin letters become lower case, and the bracket variants used in document
//! numbers (`〔〕`, `【】`, `［］`) become `[` `]`. Reports mix all of these, and a reader does
//! not see a difference between `（一）` and `(一)`.
//!
//! Traditional characters become Simplified (`經濟` → `经济`, `區` → `区`): reports come in both
//! scripts (Big5 gateways, mirror sites), and a reader asking for 行政复议 means 行政復議 too.
//! The table is built from the fast2s crate at build time (`build.rs`).

include!(concat!(env!("OUT_DIR"), "/t2s.rs"));

/// Folds one character.
#[inline]
pub fn fold_char(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        '\u{FF01}'..='\u{FF5E}' => {
            let ascii = char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c);
            ascii.to_ascii_lowercase()
        }
        '\u{3000}' => ' ',
        '〔' | '【' | '〖' => '[',
        '〕' | '】' | '〗' => ']',
        '\u{4E00}'..='\u{9FFF}' => match T2S[c as usize - 0x4E00] {
            0 => c,
            simplified => char::from_u32(u32::from(simplified)).unwrap_or(c),
        },
        _ => c,
    }
}

/// `s` with Traditional characters as Simplified and nothing else changed: for metadata shown
/// to users (a zone's name), which keeps its brackets and letters as written.
pub fn simplified(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{4E00}'..='\u{9FFF}' => fold_char(c),
            _ => c,
        })
        .collect()
}

/// Text that knows its folded form: a cleaned paragraph carries it, folded once when it was
/// made; a plain string folds on demand.
pub trait Foldable {
    fn original(&self) -> &str;
    fn folded(&self) -> std::borrow::Cow<'_, str>;
}

impl Foldable for str {
    fn original(&self) -> &str {
        self
    }

    fn folded(&self) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Owned(fold(self))
    }
}

/// Folds a whole string (same number of characters as the input).
pub fn fold(s: &str) -> String {
    // Folding never lengthens the text: reserving its length spares the reallocations that
    // collecting from `chars()` makes (it reserves a quarter).
    let mut folded = String::with_capacity(s.len());
    folded.extend(s.chars().map(fold_char));
    folded
}

/// True for characters that belong to CJK writing: ideographs and CJK/full-width punctuation.
#[inline]
pub fn is_cjk(c: char) -> bool {
    is_han(c)
        || matches!(c,
            '\u{3000}'..='\u{303F}'   // CJK symbols and punctuation: 、。〔〕《》「」
            | '\u{FF00}'..='\u{FFEF}' // full-width forms: ，：；（）
            | '\u{2014}' | '\u{2018}'..='\u{201D}' | '\u{2026}' // — ‘ ’ “ ” …
        )
}

/// True for Han ideographs.
#[inline]
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{3007}' // 〇
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_brackets_digits_and_letters_fold_to_ascii() {
        assert_eq!(fold("（一）２０２３ＬＥＤ"), "(一)2023led");
        assert_eq!(fold("金开管发〔2023〕104号"), "金开管发[2023]104号");
    }

    #[test]
    fn folding_keeps_the_character_count() {
        let s = "（一）提高政治站位，ＡＢＣ　〔2023〕";
        assert_eq!(fold(s).chars().count(), s.chars().count());
    }

    #[test]
    fn traditional_characters_fold_to_simplified() {
        assert_eq!(
            fold("新榮經濟技術開發區行政復議"),
            "新荣经济技术开发区行政复议"
        );
        assert_eq!(fold("延慶區"), fold("延庆区"));
        assert_eq!(simplified("【延慶區】ＡＢ"), "【延庆区】ＡＢ");
        // Simplified text is left as it is.
        let simplified_text = "法治政府建设行政执法营商环境公职律师合法性审查";
        assert_eq!(fold(simplified_text), simplified_text);
    }

    #[test]
    fn chinese_punctuation_other_than_brackets_is_kept() {
        assert_eq!(fold("双随机、一公开。"), "双随机、一公开。");
    }

    #[test]
    fn cjk_classes() {
        assert!(is_han('法'));
        assert!(!is_han('，'));
        assert!(is_cjk('，'));
        assert!(is_cjk('、'));
        assert!(!is_cjk('a'));
        assert!(!is_cjk('1'));
    }
}
