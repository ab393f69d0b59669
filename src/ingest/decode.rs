//! Decoding: bytes of a report file to text.
//!
//! Reports arrive as UTF-8 (with or without a BOM), UTF-16 (with or without a BOM), GB18030/GBK
//! from older Windows tools, or Big5 from Traditional-script sites. A BOM decides the encoding
//! outright. Without one: NUL bytes mean UTF-16 (the high byte of every ASCII character) when
//! either byte order gives plausible text, binary otherwise; then UTF-8 is tried, then UTF-8
//! with a few damaged sequences replaced, then GB18030 and Big5. UTF-8 must come before the
//! legacy encodings: UTF-8 Chinese text is very often *valid* GB18030 (and decodes as garbage).
//! GB18030 and Big5 often both decode the same bytes without error; the one whose text is
//! made of more of the commonest Chinese characters wins (wrong decodings give rare ones).

use encoding_rs::{DecoderResult, Encoding, BIG5, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use std::sync::LazyLock;
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
    /// Why the encoding chosen may be wrong, when it was a guess with little evidence.
    pub doubt: Option<String>,
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

/// Decodes a web page by the charset it declares, when the declaration is believable: there is
/// no BOM, the bytes are not valid UTF-8 (pages declaring `gb2312` are often UTF-8 since a
/// site moved), and the label is one encoding_rs knows. GB2312 and GBK pages are read as
/// GB18030, their superset, as browsers do. `None` leaves the choice to [`decode`].
pub fn decode_declared(bytes: &[u8], label: &str) -> Option<Decoded> {
    if Encoding::for_bom(bytes).is_some() || std::str::from_utf8(bytes).is_ok() {
        return None;
    }
    let encoding = Encoding::for_label(label.trim().as_bytes())?;
    let encoding = if encoding == encoding_rs::GBK {
        GB18030
    } else {
        encoding
    };
    if encoding == UTF_8 || encoding == UTF_16LE || encoding == UTF_16BE {
        return None;
    }
    let (text, replaced) = decode_replacing(encoding, bytes);
    Some(Decoded {
        text,
        encoding: encoding.name(),
        replaced,
        doubt: None,
    })
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
        doubt: None,
    })
}

fn decode_without_bom(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.contains(&0) {
        return utf16_without_bom(bytes).ok_or(DecodeError::Binary("contains NUL bytes"));
    }
    let invalid_at = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(utf8(text.to_owned(), 0)),
        Err(error) => error.valid_up_to(),
    };
    let (text, replaced) = decode_replacing(UTF_8, bytes);
    if is_mostly_valid(&text, replaced) {
        return Ok(utf8(text, replaced));
    }
    let legacy = [(GB18030, "GB18030"), (BIG5, "Big5")].map(|(encoding, label)| {
        encoding
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(|text| (label, common_share(&text), text.into_owned()))
    });
    // The better-scoring decoding; GB18030 on a tie (most reports are Simplified).
    let best = legacy
        .into_iter()
        .flatten()
        .reduce(|a, b| if b.1 > a.1 { b } else { a });
    match best {
        Some((label, share, text)) => Ok(Decoded {
            doubt: doubt_about(label, share, &text),
            text,
            encoding: label,
            replaced: 0,
        }),
        None => Err(DecodeError::Undecodable(format!(
            "neither UTF-8, GB18030 nor Big5; first invalid UTF-8 at byte {invalid_at}"
        ))),
    }
}

/// UTF-16 without a BOM, in whichever byte order gives plausible text.
fn utf16_without_bom(bytes: &[u8]) -> Option<Decoded> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    [(UTF_16LE, "UTF-16LE"), (UTF_16BE, "UTF-16BE")]
        .into_iter()
        .filter_map(|(encoding, label)| {
            let text = encoding.decode_without_bom_handling_and_without_replacement(bytes)?;
            // Random 16-bit units are mostly ideographs too: real text also has line breaks
            // and, where it is Chinese, common characters.
            let has_han = text.chars().any(crate::base::fold::is_han);
            let plausible = is_plausible_text(&text)
                && text.contains('\n')
                && (!has_han || common_share(&text) >= MIN_COMMON_SHARE);
            plausible.then(|| (label, text.into_owned()))
        })
        .next()
        .map(|(label, text)| Decoded {
            text,
            encoding: label,
            replaced: 0,
            doubt: None,
        })
}

/// Text a report could be: letters, digits, CJK, punctuation and whitespace, without control
/// characters other than line breaks and tabs. The wrong byte order of UTF-16 gives
/// characters from all over Unicode (and controls); binary data too.
fn is_plausible_text(text: &str) -> bool {
    let (mut total, mut plausible) = (0usize, 0usize);
    for c in text.chars() {
        total += 1;
        let ok = matches!(c, '\t' | '\n' | '\r' | '\x0C')
            || (c.is_ascii() && !c.is_ascii_control())
            || crate::base::fold::is_cjk(c)
            || matches!(c, '\u{00A0}'..='\u{024F}' | '\u{2000}'..='\u{206F}');
        plausible += usize::from(ok);
    }
    total > 0 && plausible * 100 >= total * 98
}

/// The commonest characters of Chinese prose, in both scripts where they differ (from the
/// genre itself: government reports).
const COMMON_CHARS: &str = "的一是在不了有和人这這中大为為上个個国國我以要他时時来來用们們生到作地于於出就分对對成会會可主发發年动動同工也能下过過子说說产產种種面而方后後多定行学學法所民得经經十三之进進着著等部度家电電力里裡如水化高自二理起小现現实實加量都两兩体體制机機当當使点點从從业業本去把性好应應开開它合还還因由其些然前外天政四日那社义義事平形相全表间間样樣与與关關各重新线內内数數正心反明看原又么利比或但质質气氣第向道命此变變条條只没沒结結解问問意建月公无無系军軍很情者最立代想已通并並提直题題党黨程展五果料象员員革位入常文总總次品式活设設及管特件长長求老头頭基资資边邊流路级級少图圖山统統接知较較将將组組见見计計别別手角期根论論运運农農指几幾九区區强強放决決西被干做必战戰先回则則任取据據处處队隊南给給色光门門即保治北造百规規热熱领領七海口东東导導器压壓志世金增争爭济濟阶階油思术術极極交受联聯什认認六共权權收证證改清己美再采转轉更单單风風切打白教速花带帶安场場身车車例真务務具万萬每目至达達走积積示议議声聲报報斗完类類八离離华華名确確才科张張信马馬节節话話米整空元况況今集温溫传傳土许許步群广廣石记記需段研界拉林律叫且究观觀越织織装裝影算低持音众眾书書布复復容儿兒须須际際商非验驗连連断斷深难難近矿礦千周委素技备備半办辦青省列习習响響约約支般史感劳勞便团團往历歷市克何除消构構府称稱太准精值号號率族维維划劃选選标標写寫存候毛亲親快效斯院查江型眼王按格养養易置派层層片始却專专状狀育厂廠京识識适適属屬圆圓包火住调調满滿县縣局照参參红紅细細引听聽该該铁鐵价價严嚴依执執审審监監督规範范健推覆议诉訴营營环環境坚堅持";

/// [`COMMON_CHARS`] as one bit per character of the main ideograph block (all of them are
/// there), so that a file's characters are each looked up at once.
static COMMON_BITS: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let mut bits = vec![0u64; (HAN_END - HAN_START) as usize / 64 + 1];
    for c in COMMON_CHARS.chars() {
        let i = (c as u32 - HAN_START) as usize;
        bits[i / 64] |= 1 << (i % 64);
    }
    bits
});
const HAN_START: u32 = 0x4E00;
const HAN_END: u32 = 0x9FFF;

fn is_common(c: char) -> bool {
    let i = (c as u32).wrapping_sub(HAN_START) as usize;
    COMMON_BITS
        .get(i / 64)
        .is_some_and(|word| word & (1 << (i % 64)) != 0)
}

/// The share of Han characters in `text` that are among [`COMMON_CHARS`].
fn common_share(text: &str) -> f64 {
    let (mut han, mut common) = (0usize, 0usize);
    for c in text.chars().filter(|&c| crate::base::fold::is_han(c)) {
        han += 1;
        common += usize::from(is_common(c));
    }
    if han == 0 {
        0.0
    } else {
        common as f64 / han as f64
    }
}

/// Below this share of common characters a legacy decoding is doubtful (real report text is
/// well above one half).
const MIN_COMMON_SHARE: f64 = 0.3;

fn doubt_about(label: &str, share: f64, text: &str) -> Option<String> {
    let han = text
        .chars()
        .filter(|&c| crate::base::fold::is_han(c))
        .count();
    (han >= 20 && share < MIN_COMMON_SHARE).then(|| {
        format!(
            "decoded as {label} with low confidence (only {:.0}% of its Chinese characters are common ones); if the text looks wrong, save the file as UTF-8",
            share * 100.0
        )
    })
}

fn utf8(text: String, replaced: usize) -> Decoded {
    Decoded {
        text,
        encoding: "UTF-8",
        replaced,
        doubt: None,
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

    #[test]
    fn common_characters_are_looked_up_as_listed() {
        for c in COMMON_CHARS.chars() {
            assert!(
                (HAN_START..=HAN_END).contains(&(c as u32)),
                "{c} outside the block"
            );
        }
        let block = (HAN_START..=HAN_END).filter_map(char::from_u32);
        for c in block.chain(['a', '。', '\u{20000}']) {
            assert_eq!(is_common(c), COMMON_CHARS.contains(c), "{c}");
        }
    }

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

    /// Traditional-script report text, written for this test.
    const TRADITIONAL: &str = "關於二〇二三年度法治政府建設情況的報告\n一年來，我區堅持以習近平法治思想為指導，全面推進依法行政，行政復議工作規範有序，營商環境持續優化。\n二、存在的問題和下一步打算\n執法監督還需加強，基層法治建設仍有短板。";

    #[test]
    fn big5_is_told_from_gb18030_by_its_common_characters() {
        let (bytes, _, unmappable) = BIG5.encode(TRADITIONAL);
        assert!(!unmappable);
        // The same bytes are valid GB18030 too: it is the text that tells them apart.
        assert!(GB18030
            .decode_without_bom_handling_and_without_replacement(&bytes)
            .is_some());
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, "Big5");
        assert_eq!(decoded.text, TRADITIONAL);
        assert_eq!(decoded.doubt, None);
        // And every shipped (Simplified) report saved as GBK stays GB18030.
        for name in [
            "jinchang-2023-report.txt",
            "qidong-2023-report.txt",
            "unnamed-zone-2022-report.txt",
        ] {
            let text =
                std::fs::read_to_string(format!("{}/corpus/{name}", env!("CARGO_MANIFEST_DIR")))
                    .unwrap();
            let (bytes, _, _) = GB18030.encode(&text);
            let decoded = decode(&bytes).unwrap();
            assert_eq!(decoded.encoding, "GB18030", "{name}");
            assert!(
                common_share(&decoded.text) > 0.6,
                "{name}: {}",
                common_share(&decoded.text)
            );
        }
    }

    #[test]
    fn utf16_without_bom_is_found_in_either_byte_order() {
        let le: Vec<u8> = CHINESE.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = CHINESE.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let decoded = decode(&le).unwrap();
        assert_eq!(
            (decoded.text.as_str(), decoded.encoding),
            (CHINESE, "UTF-16LE")
        );
        let decoded = decode(&be).unwrap();
        assert_eq!(
            (decoded.text.as_str(), decoded.encoding),
            (CHINESE, "UTF-16BE")
        );
        // Binary with NUL bytes is still binary.
        let binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
        assert!(matches!(decode(&binary), Err(DecodeError::Binary(_))));
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
        // 0xFF is neither a UTF-8 byte nor a GB18030 or Big5 lead byte.
        let bytes = [0xC3, 0xFF, 0xFE, 0x80, 0xFF, 0xA0, 0x20, 0xFF];
        let error = decode(&bytes).unwrap_err();
        assert!(matches!(error, DecodeError::Undecodable(_)));
        assert!(error
            .to_string()
            .starts_with("undecodable text (neither UTF-8, GB18030 nor Big5"));
    }

    #[test]
    fn empty_input_is_empty_text() {
        let decoded = decode(b"").unwrap();
        assert_eq!(decoded.text, "");
        assert_eq!(decoded.replaced, 0);
    }
}
