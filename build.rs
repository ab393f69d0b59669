//! Writes the Traditional → Simplified character table that `base::fold` folds with: one entry
//! per ideograph of the CJK Unified Ideographs block (U+4E00–U+9FFF), 0 where the character
//! is not a Traditional form. The table comes from the fast2s crate (MIT; character mappings
//! of OpenCC and MediaWiki), asked one character at a time, at build time, so folding costs
//! one array read and the binary carries 42 KB.

use std::io::Write;

/// Characters whose one-character mapping in fast2s is not the one place names need: 瀋 is
/// almost only written in 瀋陽, which is 沈阳 (fast2s maps 瀋 alone to the rare 渖).
const OVERRIDES: &[(char, char)] = &[('瀋', '沈')];

fn main() {
    let mut table = Vec::with_capacity(0x9FFF - 0x4E00 + 1);
    for code in 0x4E00u32..=0x9FFF {
        let c = char::from_u32(code).expect("the block holds only scalar values");
        if let Some(&(_, s)) = OVERRIDES.iter().find(|(t, _)| *t == c) {
            table.push(s as u32);
            continue;
        }
        let simplified = fast2s::convert(&c.to_string());
        let mut chars = simplified.chars();
        let entry = match (chars.next(), chars.next()) {
            (Some(s), None) if s != c && (s as u32) <= 0xFFFF => s as u32,
            _ => 0,
        };
        table.push(entry);
    }
    let out =
        std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("t2s.rs");
    let mut file =
        std::io::BufWriter::new(std::fs::File::create(out).expect("OUT_DIR is writable"));
    writeln!(file, "static T2S: [u16; {}] = [", table.len()).unwrap();
    for chunk in table.chunks(16) {
        let row: Vec<String> = chunk.iter().map(|e| e.to_string()).collect();
        writeln!(file, "    {},", row.join(", ")).unwrap();
    }
    writeln!(file, "];").unwrap();
    println!("cargo:rerun-if-changed=build.rs");
}
