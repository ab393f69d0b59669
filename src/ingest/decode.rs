//! Decoding: bytes of a report file to text.
//!
//! Reports arrive as UTF-8 (with or without a BOM), UTF-16 with a BOM, or GB18030/GBK from
//! older Windows tools. A BOM decides the encoding outright. Without one, UTF-8 is tried
//! first, then UTF-8 with a few damaged sequences replaced, then GB18030. UTF-8 must come
//! before GB18030: UTF-8 Chinese text is very often *valid* GB18030 (and decodes as garbage).

use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use thiserror::Error;

/// The text of a file and how it was obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without a BOM.
    pub text: String,
    /// Human label of the encoding: "UTF-8", "UTF-8 (BOM)", "UTF-16LE (BOM)",
    /// "UTF-16BE (BOM)" or "GB18030".
    pub encoding: &'static str,
    /// How many malformed sequences were replaced with U+FFFD (the caller warns when > 0).
    pub replaced: usize,
}

/// Why a file could not be read as text. Messages read well after a file name.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecodeError {
    #[error("binary file ({0})")]
    Binary(&'static str),
    #[error("undecodable text ({0})")]
    Undecodable(String),
}

/// Text with more than one control character in this many characters is taken for binary.
const CONTROL_CHARS_PER_BINARY: usize = 100;

/// Damaged UTF-8 is still decoded as UTF-8 while it has fewer than one malformed sequence
/// per this many valid multi-byte characters. GBK text read as UTF-8 has far more.
const MULTIBYTE_CHARS_PER_ALLOWED_ERROR: usize = 100;

/// Decodes the bytes of a report file; see the module documentation for the order of tries.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let decoded = match Encoding::for_bom(bytes) {
        Some((encoding, bom_length)) => decode_with_bom(encoding, &bytes[bom_length..])?,
        None => decode_without_bom(bytes)?,
    };
    if has_many_control_chars(&decoded.text) {
        return Err(DecodeError::Binary("control characters"));
    }
    Ok(decoded)
}

fn decode_with_bom(encoding: &'static Encoding, body: &[u8]) -> Result<Decoded, DecodeError> {
    let label = if encoding == UTF_16LE {
        "UTF-16LE (BOM)"
    } else if encoding == UTF_16BE {
        "UTF-16BE (BOM)"
    } else {
        // UTF-16 text legitimately holds NUL bytes; UTF-8 text does not.
        reject_nul_bytes(body)?;
        "UTF-8 (BOM)"
    };
    let (text, replaced) = decode_replacing(encoding, body);
    Ok(Decoded {
        text,
        encoding: label,
        replaced,
    })
}

fn decode_without_bom(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    reject_nul_bytes(bytes)?;
    let invalid_at = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(utf8(text.to_owned(), 0)),
        Err(error) => error.valid_up_to(),
    };
    let (text, replaced) = decode_replacing(UTF_8, bytes);
    if is_mostly_valid(&text, replaced) {
        return Ok(utf8(text, replaced));
    }
    match GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok(Decoded {
            text: text.into_owned(),
            encoding: "GB18030",
            replaced: 0,
        }),
        None => Err(DecodeError::Undecodable(format!(
            "neither UTF-8 nor GB18030; first invalid UTF-8 at byte {invalid_at}"
        ))),
    }
}

fn utf8(text: String, replaced: usize) -> Decoded {
    Decoded {
        text,
        encoding: "UTF-8",
        replaced,
    }
}

fn reject_nul_bytes(bytes: &[u8]) -> Result<(), DecodeError> {
    if bytes.contains(&0) {
        Err(DecodeError::Binary("contains NUL bytes"))
    } else {
        Ok(())
    }
}

/// Decodes `bytes` (no BOM handling), replacing each malformed sequence with U+FFFD and
/// counting the replacements. Counting here, rather than counting U+FFFD afterwards, does not
/// mistake a U+FFFD already in the file for damage.
fn decode_replacing(encoding: &'static Encoding, bytes: &[u8]) -> (String, usize) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::new();
    let mut rest = bytes;
    let mut replaced = 0;
    loop {
        let needed = decoder
            .max_utf8_buffer_length_without_replacement(rest.len())
            .expect("a file's length in UTF-8 fits in usize");
        text.reserve(needed);
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut text, true);
        rest = &rest[read..];
        match result {
            DecoderResult::InputEmpty => return (text, replaced),
            DecoderResult::Malformed(..) => {
                text.push(char::REPLACEMENT_CHARACTER);
                replaced += 1;
            }
            DecoderResult::OutputFull => {} // reserve more on the next round
        }
    }
}

/// True when lossily decoded UTF-8 shows only a little damage in otherwise good text.
fn is_mostly_valid(text: &str, replaced: usize) -> bool {
    let multibyte = text
        .chars()
        .filter(|&c| c.len_utf8() > 1 && c != char::REPLACEMENT_CHARACTER)
        .count();
    replaced * MULTIBYTE_CHARS_PER_ALLOWED_ERROR < multibyte
}

/// Control characters other than tab, line breaks and form feed are rare in text and common
/// in binary data decoded by mistake.
fn has_many_control_chars(text: &str) -> bool {
    let mut total = 0;
    let mut control = 0;
    for c in text.chars() {
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C') {
            control += 1;
        }
    }
    control * CONTROL_CHARS_PER_BINARY > total
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHINESE: &str = "法治政府建设年度报告：坚持以习近平法治思想为指导。\n第二行 2023 年";

    /// Good UTF-8 text long enough for one damaged sequence to count as "a little damage".
    fn long_chinese() -> String {
        CHINESE.repeat(10)
    }

    #[test]
    fn plain_utf8_is_kept() {
        let decoded = decode(CHINESE.as_bytes()).unwrap();
        assert_eq!(decoded.text, CHINESE);
        assert_eq!(decoded.encoding, "UTF-8");
        assert_eq!(decoded.replaced, 0);
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let bytes = [b"\xEF\xBB\xBF".as_slice(), CHINESE.as_bytes()].concat();
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.text, CHINESE);
        assert_eq!(decoded.encoding, "UTF-8 (BOM)");
    }

    #[test]
    fn utf16le_with_bom_round_trips() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(CHINESE.encode_utf16().flat_map(u16::to_le_bytes));
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.text, CHINESE);
        assert_eq!(decoded.encoding, "UTF-16LE (BOM)");
    }

    #[test]
    fn utf16be_with_bom_round_trips() {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(CHINESE.encode_utf16().flat_map(u16::to_be_bytes));
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.text, CHINESE);
        assert_eq!(decoded.encoding, "UTF-16BE (BOM)");
    }

    #[test]
    fn gbk_bytes_decode_as_gb18030() {
        let (bytes, _, unmappable) = GB18030.encode(CHINESE);
        assert!(!unmappable);
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.text, CHINESE);
        assert_eq!(decoded.encoding, "GB18030");
    }

    #[test]
    fn gbk_encoder_output_decodes_as_gb18030() {
        let (bytes, _, _) = encoding_rs::GBK.encode("金开管发〔2023〕104号");
        assert_eq!(decode(&bytes).unwrap().text, "金开管发〔2023〕104号");
    }

    #[test]
    fn one_bad_byte_in_utf8_is_replaced() {
        let text = long_chinese();
        let mut bytes = text.as_bytes().to_vec();
        bytes.insert(30, 0xFF); // between two characters (10 three-byte chars)
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, "UTF-8");
        assert_eq!(decoded.replaced, 1);
        assert_eq!(decoded.text.replace('\u{FFFD}', ""), text);
    }

    #[test]
    fn a_replacement_char_already_in_the_file_is_not_counted() {
        let text = long_chinese() + "\u{FFFD}";
        let mut bytes = text.as_bytes().to_vec();
        bytes.insert(0, 0xFF);
        assert_eq!(decode(&bytes).unwrap().replaced, 1);
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let error = decode(b"PK\x03\x04\x00\x00abc").unwrap_err();
        assert_eq!(error, DecodeError::Binary("contains NUL bytes"));
        assert_eq!(error.to_string(), "binary file (contains NUL bytes)");
    }

    #[test]
    fn many_control_characters_mean_binary() {
        let error = decode(b"abc\x01\x02\x03def\x1B\x7F").unwrap_err();
        assert_eq!(error, DecodeError::Binary("control characters"));
    }

    #[test]
    fn tabs_form_feeds_and_line_breaks_are_not_binary() {
        assert!(decode(b"a\tb\r\nc\x0Cd\n").is_ok());
    }

    #[test]
    fn random_high_bytes_are_undecodable() {
        // 0xFF is neither a UTF-8 byte nor a GB18030 lead byte.
        let bytes = [0xC3, 0xFF, 0xFE, 0x80, 0xFF, 0xA0, 0x20, 0xFF];
        let error = decode(&bytes).unwrap_err();
        assert!(matches!(error, DecodeError::Undecodable(_)));
        assert!(error
            .to_string()
            .starts_with("undecodable text (neither UTF-8 nor GB18030"));
    }

    #[test]
    fn empty_input_is_empty_text() {
        let decoded = decode(b"").unwrap();
        assert_eq!(decoded.text, "");
        assert_eq!(decoded.replaced, 0);
    }
}
