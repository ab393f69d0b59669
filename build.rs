//! Writes two tables compiled into zonedex:
//!
//! - the shipped glossary (`dict/glossary.toml`) as a sorted table, so a query neither parses
//!   TOML nor builds a map (`search::glossary`);
//! - the Traditional → Simplified character table that `base::fold` folds with: one entry
//!   per ideograph of the CJK Unified Ideographs block (U+4E00–U+9FFF), 0 where the character
//!   is not a Traditional form. The table comes from the fast2s crate (MIT; character
//!   mappings of OpenCC and MediaWiki), asked one character at a time, at build time, so
//!   folding costs one array read and the binary carries 42 KB.

use std::io::Write;

/// Characters whose one-character mapping in fast2s is not the one place names need: 瀋 is
/// almost only written in 瀋陽, which is 沈阳 (fast2s maps 瀋 alone to the rare 渖).
const OVERRIDES: &[(char, char)] = &[('瀋', '沈')];

#[derive(serde::Deserialize)]
struct GlossaryFile {
    term: Vec<GlossaryTerm>,
}

#[derive(serde::Deserialize)]
struct GlossaryTerm {
    zh: Vec<String>,
    #[serde(default)]
    en: Vec<String>,
}

fn write_glossary(out_dir: &std::path::Path) {
    let text =
        std::fs::read_to_string("dict/glossary.toml").expect("dict/glossary.toml is shipped");
    let glossary: GlossaryFile = toml::from_str(&text).expect("dict/glossary.toml is valid TOML");
    let mut file = std::io::BufWriter::new(
        std::fs::File::create(out_dir.join("glossary.rs")).expect("OUT_DIR is writable"),
    );
    // Every form → the Chinese forms of its concept, without a form that holds another, sorted
    // by form for a binary search: the map `search::glossary` builds from a TOML file, built
    // here once. Keys as `search::glossary` compares them: Chinese trimmed (the shipped file
    // has neither full-width Latin nor Traditional characters), English in lower case with
    // hyphens as spaces and single spaces. A unit test checks the two agree.
    let english_key = |e: &str| {
        e.to_lowercase()
            .replace('-', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut forms: Vec<(String, Vec<String>)> = Vec::new();
    for term in glossary.term {
        let zh: Vec<String> = term
            .zh
            .iter()
            .map(|z| z.trim().to_string())
            .filter(|z| !z.is_empty())
            .collect();
        let covered: Vec<String> = zh
            .iter()
            .filter(|form| !zh.iter().any(|o| o != *form && form.contains(o.as_str())))
            .cloned()
            .collect();
        for key in zh
            .iter()
            .cloned()
            .chain(term.en.iter().map(|e| english_key(e)))
        {
            forms.retain(|(k, _)| *k != key);
            forms.push((key, covered.clone()));
        }
    }
    forms.sort();
    writeln!(file, "static SHIPPED_FORMS: &[(&str, &[&str])] = &[").unwrap();
    for (key, covered) in forms {
        writeln!(file, "    ({key:?}, &{covered:?}),").unwrap();
    }
    writeln!(file, "];").unwrap();
    println!("cargo:rerun-if-changed=dict/glossary.toml");
}

fn main() {
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    write_glossary(&out_dir);
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
    let out = out_dir.join("t2s.rs");
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
