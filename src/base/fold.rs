//! Character folding for matching: one character in, one character out, so offsets in folded
//! text are offsets in the original.
//!
//! Full-width ASCII variants (`（`, `１`, `Ａ`) become their ASCII forms, the ideographic space
//! becomes a space, Latin letters become lower case, and the bracket variants used in document
//! numbers (`〔〕`, `【】`, `［］`) become `[` `]`. Reports mix all of these, and a reader does
//! not see a difference between `（一）` and `(一)`.

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
        _ => c,
    }
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
    s.chars().map(fold_char).collect()
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
