//! The recall guarantee, checked against a plain substring scan.
//!
//! The recall field (character bigrams with positions, `analysis::grams`) promises that a
//! phrase of one or more characters finds every unit whose cleaned text contains it after
//! folding (full width → ASCII, lower case) with whitespace runs collapsed to one space, and
//! no other unit; the phrase itself is read as cleaned text reads (whitespace next to a Chinese
//! character is not there). This test indexes a corpus, reads back the cleaned text of every unit
//! (`sections_of`), and for many needles compares what `search` returns with what a naive
//! scan of those texts finds: the number of units, which units (by report and section path),
//! and the number of non-overlapping occurrences (`grep -o`).
//!
//! Cleaning is not under test here: the oracle starts from the text the index stored.
//!
//! Needles made only of ASCII letters and digits follow the same rule (`100` finds `100%`).
//! Needles containing `”` cannot be written as a phrase;
//! needles containing `"` are written with the full-width `＂`, which folds to `"`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use zonedex::base::fold::{fold, is_cjk};
use zonedex::engine::reader::{sections_of, IndexHandle};
use zonedex::engine::writer::{update_index, IndexOptions};
use zonedex::search::{search, SearchRequest};

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

/// xorshift64*: small, deterministic, good enough to pick positions.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    /// The seed of a test, or the one in `RECALL_SEED` (to explore other cases by hand).
    fn seeded(default: u64) -> Rng {
        let seed = std::env::var("RECALL_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(default);
        eprintln!("seed {seed} (set RECALL_SEED to change it)");
        Rng::new(seed)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------------
// The oracle

/// A unit as the oracle sees it.
struct OracleUnit {
    path: String,
    section_path: String,
    /// Folded text, whitespace runs collapsed to one space (none at a paragraph's ends),
    /// paragraphs separated by `\n`.
    chars: Vec<char>,
}

/// Written independently of `grams::recall_chars`: fold, then split every paragraph on
/// whitespace and join the pieces with one space.
fn normalise(text: &str) -> Vec<char> {
    text.split('\n')
        .map(|paragraph| {
            fold(paragraph)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
        .chars()
        .collect()
}

/// A phrase is read as the text it was copied from reads once cleaned: whitespace next to a
/// Chinese character (after folding) is not there (`法依 治` is `法依治`).
fn as_cleaned(needle: &[char]) -> Vec<char> {
    let folded: Vec<char> = needle
        .iter()
        .map(|c| fold(&c.to_string()).chars().next().unwrap())
        .collect();
    let mut out: Vec<char> = Vec::new();
    for (i, &c) in folded.iter().enumerate() {
        if c.is_whitespace() {
            let before = out.last().copied();
            let after = folded[i + 1..].iter().copied().find(|c| !c.is_whitespace());
            let next_to_chinese = before.is_some_and(is_cjk) || after.is_some_and(is_cjk);
            if next_to_chinese || out.last() == Some(&' ') {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Non-overlapping occurrences of `needle`, leftmost first, as `start..end` ranges (what
/// `grep -o` finds).
fn occurrence_ranges(hay: &[char], needle: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while !needle.is_empty() && i + needle.len() <= hay.len() {
        if hay[i..i + needle.len()] == *needle {
            out.push((i, i + needle.len()));
            i += needle.len();
        } else {
            i += 1;
        }
    }
    out
}

/// Non-overlapping occurrences, leftmost first (what `grep -o` counts).
fn count_occurrences(hay: &[char], needle: &[char]) -> u64 {
    occurrence_ranges(hay, needle).len() as u64
}

fn oracle_units(handle: &IndexHandle) -> Vec<OracleUnit> {
    let mut units = Vec::new();
    for report in handle.reports().expect("reports") {
        for section in sections_of(handle, &report.path).expect("sections") {
            units.push(OracleUnit {
                path: report.path.clone(),
                section_path: section.section_path.clone(),
                chars: normalise(&section.text),
            });
        }
    }
    units
}

// ---------------------------------------------------------------------------------------------
// Needles

/// Whether the substring property applies to a (folded, normalised) needle, and if so the
/// query text to send for it.
fn query_for(needle: &[char], rng: &mut Rng) -> Option<String> {
    let first = *needle.first()?;
    let last = *needle.last()?;
    if first == ' ' || last == ' ' || needle.contains(&'\n') || needle.contains(&'”') {
        return None; // phrases are trimmed; no needle spans a paragraph; `”` closes a phrase
    }
    // Half of the time, write the needle in a form that only folding makes equal.
    let unfold = rng.chance(50);
    let mut text = String::new();
    for &c in needle {
        let variant = match c {
            '"' => '＂',
            _ if !unfold || !rng.chance(60) => c,
            'a'..='z' if rng.chance(50) => c.to_ascii_uppercase(),
            '!'..='~' => char::from_u32(c as u32 - 0x21 + 0xFF01).expect("full-width form"),
            ' ' => '\u{3000}',
            _ => c,
        };
        text.push(variant);
        if c == ' ' && unfold && rng.chance(30) {
            text.push(' '); // a whitespace run in the query collapses as well
        }
    }
    Some(format!("\"{text}\""))
}

/// Every substring of length 1..=6 starting at `count` random positions of the units.
fn sampled_substrings(units: &[OracleUnit], count: usize, rng: &mut Rng) -> Vec<Vec<char>> {
    let positions: Vec<(usize, usize)> = units
        .iter()
        .enumerate()
        .flat_map(|(u, unit)| {
            unit.chars
                .iter()
                .enumerate()
                .filter(|(_, &c)| c != '\n')
                .map(move |(i, _)| (u, i))
        })
        .collect();
    let mut out = Vec::new();
    for _ in 0..count {
        let (u, start) = positions[rng.below(positions.len())];
        let chars = &units[u].chars;
        for len in 1..=6 {
            let end = start + len;
            if end > chars.len() || chars[start..end].contains(&'\n') {
                break;
            }
            out.push(chars[start..end].to_vec());
        }
    }
    out
}

/// The end of one paragraph joined to the start of the next: found only where the joined
/// text also occurs inside a paragraph (the recall field must not match across the break).
fn across_paragraphs(units: &[OracleUnit], count: usize, rng: &mut Rng) -> Vec<Vec<char>> {
    let breaks: Vec<(usize, usize)> = units
        .iter()
        .enumerate()
        .flat_map(|(u, unit)| {
            unit.chars
                .iter()
                .enumerate()
                .filter(|(i, &c)| c == '\n' && *i > 0 && *i + 1 < unit.chars.len())
                .map(move |(i, _)| (u, i))
        })
        .collect();
    if breaks.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for _ in 0..count {
        let (u, at) = breaks[rng.below(breaks.len())];
        let chars = &units[u].chars;
        let before = 1 + rng.below(3);
        let after = 1 + rng.below(3);
        let from = at.saturating_sub(before);
        let to = (at + 1 + after).min(chars.len());
        let joined: Vec<char> = chars[from..to]
            .iter()
            .copied()
            .filter(|&c| c != '\n')
            .collect();
        // Only the part around this one break (shorter paragraphs may bring another `\n`).
        if !chars[from..at].contains(&'\n') && !chars[at + 1..to].contains(&'\n') {
            out.push(joined);
        }
    }
    out
}

/// Sampled substrings with one character replaced by another character of the corpus: every
/// bigram but one or two exists, so a loose phrase match would show up.
fn mutated(units: &[OracleUnit], count: usize, rng: &mut Rng) -> Vec<Vec<char>> {
    let alphabet: Vec<char> = units
        .iter()
        .flat_map(|u| u.chars.iter().copied())
        .filter(|&c| c != '\n' && c != ' ')
        .collect::<BTreeSet<char>>()
        .into_iter()
        .collect();
    sampled_substrings(units, count, rng)
        .into_iter()
        .filter(|n| n.len() >= 3)
        .map(|mut n| {
            let at = rng.below(n.len());
            n[at] = rng.pick(&alphabet);
            n
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The comparison

#[derive(Default)]
struct Stats {
    checked: usize,
    found: usize,
    absent: usize,
    skipped: usize,
}

/// (path, section path, occurrences) of every hit, sorted, to compare with an oracle.
fn hit_rows(result: &zonedex::search::SearchResult) -> Vec<(String, String, u64)> {
    let mut rows: Vec<(String, String, u64)> = result
        .hits
        .iter()
        .map(|h| (h.path.clone(), h.section_path.clone(), h.occurrences))
        .collect();
    rows.sort();
    rows
}

/// (path, section path, occurrences) of every unit where `count` finds something, sorted: the
/// scan's side of a comparison with `hit_rows`.
fn scan_rows(units: &[OracleUnit], count: impl Fn(&[char]) -> u64) -> Vec<(String, String, u64)> {
    let mut rows: Vec<(String, String, u64)> = units
        .iter()
        .filter_map(|u| {
            let n = count(&u.chars);
            (n > 0).then(|| (u.path.clone(), u.section_path.clone(), n))
        })
        .collect();
    rows.sort();
    rows
}

/// Every hit of `query`, its terms as written (no glossary expansion).
fn search_every_hit(handle: &IndexHandle, query: &str) -> zonedex::search::SearchResult {
    let request = SearchRequest {
        query: query.to_string(),
        limit: 10_000,
        exact: true,
        ..SearchRequest::new("")
    };
    search(handle, &request).expect("search")
}

/// Runs every needle and returns a description of each disagreement.
fn compare(
    handle: &IndexHandle,
    units: &[OracleUnit],
    needles: BTreeSet<Vec<char>>,
    rng: &mut Rng,
    stats: &mut Stats,
) -> Vec<String> {
    let mut failures = Vec::new();
    for needle in needles {
        let Some(query) = query_for(&needle, rng) else {
            stats.skipped += 1;
            continue;
        };
        let needle_text: String = needle.iter().collect();
        let cleaned = as_cleaned(&needle);

        let mut expected: Vec<(String, String, u64)> = units
            .iter()
            .filter_map(|u| {
                let n = count_occurrences(&u.chars, &cleaned);
                (n > 0).then(|| (u.path.clone(), u.section_path.clone(), n))
            })
            .collect();
        expected.sort();
        let expected_sections = expected.len() as u64;
        let expected_occurrences: u64 = expected.iter().map(|(_, _, n)| n).sum();
        let expected_reports = expected
            .iter()
            .map(|(p, _, _)| p.as_str())
            .collect::<BTreeSet<_>>()
            .len() as u64;

        // The recall of a term as written: no glossary expansion (a needle such as 普法 would
        // also find the other forms of its concept, which the substring scan does not know).
        let request = SearchRequest {
            query: query.clone(),
            limit: 10_000,
            exact: true,
            ..SearchRequest::new("")
        };
        let result = match search(handle, &request) {
            Ok(result) => result,
            Err(e) => {
                failures.push(format!(
                    "needle {needle_text:?} (query {query}): search failed: {e}; expected {expected_sections} section(s)"
                ));
                continue;
            }
        };
        stats.checked += 1;
        if expected_sections == 0 {
            stats.absent += 1;
        } else {
            stats.found += 1;
        }

        let got = hit_rows(&result);
        let t = result.total;
        if t.sections != expected_sections
            || t.occurrences != expected_occurrences
            || t.reports != expected_reports
            || got != expected
        {
            let missing: Vec<_> = expected.iter().filter(|e| !got.contains(e)).collect();
            let extra: Vec<_> = got.iter().filter(|g| !expected.contains(g)).collect();
            failures.push(format!(
                "needle {needle_text:?} (query {query}):\n  \
                 sections: index {} vs substring scan {expected_sections}\n  \
                 occurrences: index {} vs substring scan {expected_occurrences}\n  \
                 reports: index {} vs substring scan {expected_reports}\n  \
                 {} hit(s); (path, section, occurrences) only in the scan: {missing:?}\n  \
                 only in the index: {extra:?}",
                t.sections,
                t.occurrences,
                t.reports,
                result.hits.len(),
            ));
        }
    }
    failures
}

fn build_index(corpus: &Path, index_dir: &Path) -> IndexHandle {
    let summary = update_index(
        &IndexOptions {
            threads: 1,
            ..IndexOptions::new(corpus, index_dir)
        },
        &mut |_, _| {},
    )
    .expect("index builds");
    assert!(summary.skipped.is_empty(), "skipped: {:?}", summary.skipped);
    IndexHandle::open(index_dir).expect("index opens")
}

fn report(label: &str, stats: &Stats, failures: &[String]) {
    eprintln!(
        "{label}: {} needles checked ({} present, {} absent), {} not applicable",
        stats.checked, stats.found, stats.absent, stats.skipped
    );
    if !failures.is_empty() {
        let shown: Vec<&str> = failures.iter().take(25).map(String::as_str).collect();
        panic!(
            "{label}: the index and the substring scan disagree on {} of {} needles:\n{}",
            failures.len(),
            stats.checked,
            shown.join("\n")
        );
    }
}

// ---------------------------------------------------------------------------------------------
// (a) The shipped corpus

#[test]
fn shipped_corpus_recall_equals_substring_scan() {
    let corpus: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let dir = tempfile::tempdir().expect("temp dir");
    let handle = build_index(&corpus, dir.path());
    assert_eq!(handle.reports().expect("reports").len(), 5);
    let units = oracle_units(&handle);
    assert!(units.len() > 20, "only {} units", units.len());

    let mut rng = Rng::seeded(0x5EED_2023);
    let mut needles: BTreeSet<Vec<char>> = BTreeSet::new();
    needles.extend(sampled_substrings(&units, 50, &mut rng));
    needles.extend(across_paragraphs(&units, 25, &mut rng));
    needles.extend(mutated(&units, 15, &mut rng));
    // Random ideograph pairs, almost all absent from the corpus.
    for _ in 0..30 {
        let mut pair = Vec::new();
        for _ in 0..2 {
            pair.push(char::from_u32(0x4E00 + rng.below(0x9FA5 - 0x4E00) as u32).unwrap());
        }
        needles.insert(pair);
    }
    // Fixed needles around the folding rules and punctuation.
    for fixed in [
        "（一）",
        "(一)",
        "[2023]",
        "〔2023〕",
        "“",
        "、",
        "。",
        "led电子屏",
        "法治政府建设",
    ] {
        needles.insert(normalise(fixed));
    }

    let mut stats = Stats::default();
    let failures = compare(&handle, &units, needles, &mut rng, &mut stats);
    report("shipped corpus", &stats, &failures);
    assert!(
        stats.found > 150 && stats.absent > 30,
        "too few needles of a kind"
    );
}

// ---------------------------------------------------------------------------------------------
// (b) Generated reports over a small alphabet, so substrings repeat a lot

const ALPHABET: [char; 8] = ['法', '治', '政', '府', '依', '规', '建', '设'];

/// Body text: mostly the small alphabet, with runs of one character, spaces of several kinds,
/// full-width and ASCII digits and letters, and punctuation.
fn body_text(rng: &mut Rng, len: usize) -> String {
    let mut s = String::new();
    let mut n = 0;
    while n < len {
        let roll = rng.below(100);
        match roll {
            0..=64 => s.push(rng.pick(&ALPHABET)),
            65..=69 => {
                let c = rng.pick(&ALPHABET);
                for _ in 0..2 + rng.below(4) {
                    s.push(c);
                }
            }
            70..=74 => s.push_str(rng.pick(&[" ", "  ", "\u{3000}", " \u{3000} ", "\t", "\u{A0}"])),
            75..=79 => s.push(rng.pick(&['０', '１', '２', '３', '1', '2', '3'])),
            80..=84 => s.push(rng.pick(&['Ａ', 'ｂ', 'Ｃ', 'a', 'B', 'c'])),
            85..=90 => s.push(rng.pick(&['，', '、', '；', '（', '）', '(', ')', '〔', '〕', '“'])),
            // Outside the BMP, and a character whose successor skips the surrogates.
            91 => s.push(rng.pick(&['𠮷', '𠀀', '\u{D7FB}'])),
            // Latin text keeps one space between its words after cleaning.
            92..=95 => {
                s.push_str(rng.pick(&["ab cd", "Ab  Cd", " x y ", "1 2 3", "a\u{3000}b", "c-d e"]))
            }
            _ => s.push('。'),
        }
        n += 1;
    }
    s
}

/// Writes `text` as the lines of an extracted PDF: broken mid-sentence, sometimes with a blank
/// line or a page number between the pieces.
fn broken_lines(rng: &mut Rng, text: &str, page: &mut u32) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let take = (8 + rng.below(30)).min(chars.len() - i);
        out.extend(&chars[i..i + take]);
        i += take;
        out.push('\n');
        if i < chars.len() {
            match rng.below(10) {
                0 => out.push('\n'),
                1 => {
                    *page += 1;
                    out.push_str(&format!("\n— {page} —\n\n"));
                }
                _ => {}
            }
        }
    }
    out
}

fn generated_report(rng: &mut Rng, number: usize) -> String {
    const LEVEL1: [&str; 4] = ["一", "二", "三", "四"];
    const LEVEL2: [&str; 4] = ["（一）", "（二）", "（三）", "（四）"];
    let mut page = 0;
    let mut s = format!("测试区第{number}号2023年度法治政府建设工作报告\n\n");
    let preamble = format!("{}。", body_text(rng, 60));
    s.push_str(&broken_lines(rng, &preamble, &mut page));
    for h1 in LEVEL1.iter().take(2 + rng.below(3)) {
        let len = 4 + rng.below(6);
        let heading = body_text(rng, len).replace(['。', '\t'], "");
        s.push_str(&format!("\n{h1}、{heading}\n\n"));
        for h2 in LEVEL2.iter().take(1 + rng.below(3)) {
            let len = 40 + rng.below(160);
            let sentence = format!("{h2}{}。{}", body_text(rng, 6), body_text(rng, len));
            s.push_str(&broken_lines(rng, &sentence, &mut page));
            s.push_str("。\n\n");
        }
    }
    s
}

/// Four generated reports, indexed: the corpus folder, the index folder and the index.
fn generated_index(rng: &mut Rng) -> (tempfile::TempDir, tempfile::TempDir, IndexHandle) {
    let corpus = tempfile::tempdir().expect("temp dir");
    for number in 0..4 {
        let text = generated_report(rng, number);
        std::fs::write(corpus.path().join(format!("generated-{number}.txt")), text)
            .expect("write report");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let handle = build_index(corpus.path(), dir.path());
    (corpus, dir, handle)
}

#[test]
fn generated_corpus_recall_equals_substring_scan() {
    let mut rng = Rng::seeded(0xC0FF_EE11);
    let (corpus, dir, handle) = generated_index(&mut rng);
    let units = oracle_units(&handle);
    assert!(units.len() >= 8, "only {} units", units.len());

    let mut needles: BTreeSet<Vec<char>> = BTreeSet::new();
    needles.extend(sampled_substrings(&units, 40, &mut rng));
    needles.extend(across_paragraphs(&units, 25, &mut rng));
    needles.extend(mutated(&units, 15, &mut rng));
    // Every character and every pair of the alphabet.
    for &a in &ALPHABET {
        needles.insert(vec![a]);
        for &b in &ALPHABET {
            needles.insert(vec![a, b]);
        }
    }
    // Random words over the alphabet, some with runs of one character (repeated bigrams in
    // one phrase) and some with a space.
    for _ in 0..100 {
        let len = 3 + rng.below(5);
        let mut word: Vec<char> = Vec::new();
        while word.len() < len {
            let c = rng.pick(&ALPHABET);
            let run = if rng.chance(25) { 2 + rng.below(3) } else { 1 };
            word.extend(std::iter::repeat_n(c, run));
        }
        word.truncate(len);
        if rng.chance(15) {
            word.insert(1 + rng.below(len - 1), ' ');
        }
        needles.insert(word);
    }

    for extra in [
        "𠮷", "𠮷法", "法𠮷", "\u{D7FB}", "b c", "ab cd", "x y", "1 2", "2 3", "d e", " ", "b cd",
    ] {
        needles.insert(normalise(extra));
    }

    let mut stats = Stats::default();
    let failures = compare(&handle, &units, needles, &mut rng, &mut stats);
    report("generated corpus", &stats, &failures);
    assert!(
        stats.found > 100 && stats.absent > 20,
        "too few needles of a kind"
    );
    drop(handle);

    // An incremental update: one report rewritten (its old units deleted), one added, so the
    // index has several segments and deleted documents. The property still holds.
    let text = generated_report(&mut rng, 10);
    std::fs::write(corpus.path().join("generated-0.txt"), text).expect("rewrite report");
    let text = generated_report(&mut rng, 11);
    std::fs::write(corpus.path().join("generated-4.txt"), text).expect("write report");
    let handle = build_index(corpus.path(), dir.path());
    assert_eq!(handle.reports().expect("reports").len(), 5);
    let segments = handle.searcher.segment_readers();
    eprintln!(
        "after the update: {} segment(s), {} deleted document(s)",
        segments.len(),
        segments.iter().map(|s| s.num_deleted_docs()).sum::<u32>()
    );
    let units = oracle_units(&handle);
    let mut needles: BTreeSet<Vec<char>> = BTreeSet::new();
    needles.extend(sampled_substrings(&units, 25, &mut rng));
    needles.extend(mutated(&units, 10, &mut rng));
    for &a in &ALPHABET {
        needles.insert(vec![a]);
        for &b in &ALPHABET {
            needles.insert(vec![a, b, a]);
        }
    }
    let mut stats = Stats::default();
    let failures = compare(&handle, &units, needles, &mut rng, &mut stats);
    report("generated corpus after an update", &stats, &failures);
}

// ---------------------------------------------------------------------------------------------
// (c) Proximity: 同句, 同段 and "A B"~N against a scan of sentences, paragraphs and distances

#[derive(Clone, Copy, Debug)]
enum Closeness {
    Sentence,
    Paragraph,
    Chars(usize),
}

/// The occurrences a proximity clause counts in one unit, by the rules written out: in a
/// sentence (ended by 。!? or a paragraph break) or paragraph holding every word, every match
/// of a word in it; within N, every match of one word with a match of the other at most N
/// characters away.
fn proximity_occurrences(chars: &[char], words: &[Vec<char>], closeness: Closeness) -> u64 {
    let found: Vec<Vec<(usize, usize)>> =
        words.iter().map(|w| occurrence_ranges(chars, w)).collect();
    let mut kept: Vec<(usize, usize)> = Vec::new();
    match closeness {
        Closeness::Sentence | Closeness::Paragraph => {
            let ends = |c: char| match closeness {
                Closeness::Sentence => matches!(c, '。' | '!' | '?' | '\n'),
                _ => c == '\n',
            };
            let mut start = 0;
            for (i, &c) in chars.iter().enumerate() {
                let last = i + 1 == chars.len();
                if ends(c) || last {
                    let end = i + 1;
                    let inside: Vec<Vec<(usize, usize)>> = found
                        .iter()
                        .map(|f| {
                            f.iter()
                                .copied()
                                .filter(|&(s, e)| s >= start && e <= end)
                                .collect()
                        })
                        .collect();
                    if inside.iter().all(|f| !f.is_empty()) {
                        kept.extend(inside.into_iter().flatten());
                    }
                    start = end;
                }
            }
        }
        Closeness::Chars(n) => {
            let gap =
                |a: (usize, usize), b: (usize, usize)| a.0.max(b.0).saturating_sub(a.1.min(b.1));
            for (mine, other) in [(0, 1), (1, 0)] {
                for &a in &found[mine] {
                    if found[other].iter().any(|&b| gap(a, b) <= n) {
                        kept.push(a);
                    }
                }
            }
        }
    }
    // Overlapping matches of different words count once, leftmost-longest.
    kept.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    kept.dedup();
    let mut count = 0;
    let mut free_from = 0;
    for (s, e) in kept {
        if s >= free_from {
            count += 1;
            free_from = e;
        }
    }
    count
}

#[test]
fn generated_corpus_proximity_equals_a_scan_of_sentences_and_distances() {
    let mut rng = Rng::seeded(0x0B5E_55ED);
    let (_corpus, _dir, handle) = generated_index(&mut rng);
    let units = oracle_units(&handle);

    let mut failures = Vec::new();
    let (mut checked, mut found) = (0, 0);
    for _ in 0..300 {
        let mut word =
            || -> Vec<char> { (0..1 + rng.below(3)).map(|_| rng.pick(&ALPHABET)).collect() };
        let (a, b) = (word(), word());
        if a == b {
            continue;
        }
        let closeness = match rng.below(3) {
            0 => Closeness::Sentence,
            1 => Closeness::Paragraph,
            _ => Closeness::Chars(rng.below(8)),
        };
        let (a_text, b_text): (String, String) = (a.iter().collect(), b.iter().collect());
        let query = match closeness {
            Closeness::Sentence => format!("同句({a_text} {b_text})"),
            Closeness::Paragraph => format!("同段({a_text} {b_text})"),
            Closeness::Chars(n) => format!("\"{a_text} {b_text}\"~{n}"),
        };
        let words = [a, b];
        let expected = scan_rows(&units, |chars| {
            proximity_occurrences(chars, &words, closeness)
        });
        let result = search_every_hit(&handle, &query);
        let got = hit_rows(&result);
        let expected_occurrences: u64 = expected.iter().map(|e| e.2).sum();
        checked += 1;
        found += usize::from(!expected.is_empty());
        if got != expected
            || result.total.sections != expected.len() as u64
            || result.total.occurrences != expected_occurrences
        {
            let missing: Vec<_> = expected.iter().filter(|e| !got.contains(e)).collect();
            let extra: Vec<_> = got.iter().filter(|g| !expected.contains(g)).collect();
            failures.push(format!(
                "{query}: sections {} vs scan {}, occurrences {} vs scan {expected_occurrences}; only in the scan {missing:?}; only in the index {extra:?}",
                result.total.sections,
                expected.len(),
                result.total.occurrences,
            ));
        }
    }
    eprintln!("proximity: {checked} queries checked, {found} found something");
    assert!(
        failures.is_empty(),
        "{} of {checked} proximity queries disagree:\n{}",
        failures.len(),
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        found > 100 && checked - found > 10,
        "too few queries of a kind"
    );
}

// ---------------------------------------------------------------------------------------------
// (d) OR: the sections holding any of the terms, and their occurrences counted together

/// Occurrences of any of `needles`, leftmost first and the longest where several start at
/// one place, none overlapping (how `grep -o -e A -e B` counts).
fn count_any(hay: &[char], needles: &[Vec<char>]) -> u64 {
    let mut count = 0;
    let mut i = 0;
    while i < hay.len() {
        let longest = needles
            .iter()
            .filter(|n| !n.is_empty() && hay[i..].starts_with(n))
            .map(Vec::len)
            .max();
        match longest {
            Some(len) => {
                count += 1;
                i += len;
            }
            None => i += 1,
        }
    }
    count
}

#[test]
fn generated_corpus_or_queries_count_like_a_scan_of_every_term() {
    let mut rng = Rng::seeded(0x000F_A11E);
    let (_corpus, _dir, handle) = generated_index(&mut rng);
    let units = oracle_units(&handle);

    // Words over a small alphabet, so that many pairs overlap (法治 OR 治政) or nest
    // (法治 OR 法治政), and many do not.
    let mut queries: Vec<Vec<Vec<char>>> = Vec::new();
    for _ in 0..150 {
        let terms = 2 + usize::from(rng.chance(30));
        let words: Vec<Vec<char>> = (0..terms)
            .map(|_| (0..2 + rng.below(3)).map(|_| rng.pick(&ALPHABET)).collect())
            .collect();
        queries.push(words);
    }
    let mut failures = Vec::new();
    let (mut checked, mut found) = (0, 0);
    // Twice: the second round is answered from what the first one left in the snapshot's
    // caches (lists of terms read whole, counts).
    for round in 0..2 {
        for words in &queries {
            let query = words
                .iter()
                .map(|w| format!("\"{}\"", w.iter().collect::<String>()))
                .collect::<Vec<_>>()
                .join(" OR ");
            let expected = scan_rows(&units, |chars| count_any(chars, words));
            let result = search_every_hit(&handle, &query);
            checked += 1;
            found += usize::from(!expected.is_empty());
            let got = hit_rows(&result);
            let occurrences: u64 = expected.iter().map(|(_, _, n)| n).sum();
            if got != expected || result.total.occurrences != occurrences {
                failures.push(format!(
                    "round {round}, {query}: index {} section(s), {} occurrence(s); scan {} section(s), {occurrences} occurrence(s)",
                    result.total.sections,
                    result.total.occurrences,
                    expected.len()
                ));
            }
        }
    }
    eprintln!("OR queries: {checked} checked, {found} with matches");
    assert!(found > 100, "too few queries with matches: {found}");
    assert!(
        failures.is_empty(),
        "{} of {checked} OR queries disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
