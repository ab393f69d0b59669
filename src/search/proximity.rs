//! Proximity: words in one sentence (`同句(A B)`), one paragraph (`同段(A B)`), or within N
//! characters of each other (`"A B"~N`).
//!
//! Every word still matches as a substring of the cleaned text. The index finds the sections
//! that hold all the words; the stored text of each decides whether they stand close enough,
//! so the answer is exact. The matches counted and highlighted are those that take part in a
//! qualifying sentence, paragraph or stretch.

use super::snippet::{find_matches, Needle};
use crate::analysis::grams::recall_chars;
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::sync::{Arc, Mutex};
use tantivy::index::SegmentId;
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, Value};
use tantivy::store::StoreReader;
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyDocument, TERMINATED};

/// Widest `~N` accepted: further apart than this, 同段 or a report scope asks the question.
pub const MAX_DISTANCE: u32 = 1000;

/// How close the words of a proximity clause must stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Within {
    /// One sentence: ended by 。！？!? or a paragraph break.
    Sentence,
    /// One paragraph of the cleaned text.
    Paragraph,
    /// Every word in a stretch of text with at most this many other characters, from the
    /// first word's start to the last word's end (a paragraph break counts as one character;
    /// a second match of a word inside the stretch counts as other characters).
    Chars(u32),
}

impl Within {
    /// The operator names, Chinese and English, that open a clause (`同句(…)`).
    pub const BY_NAME: [(&'static str, Within); 4] = [
        ("同句", Within::Sentence),
        ("同段", Within::Paragraph),
        ("SENTENCE", Within::Sentence),
        ("PARAGRAPH", Within::Paragraph),
    ];

    pub fn from_name(name: &str) -> Option<Within> {
        Within::BY_NAME
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, w)| w)
    }
}

/// A proximity clause: each member is a word or phrase, or alternatives of one (`纠错 OR 撤销`,
/// or the forms the glossary gives).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Near {
    pub members: Vec<Vec<String>>,
    pub within: Within,
}

impl fmt::Display for Near {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let member = |alternatives: &Vec<String>| {
            alternatives
                .iter()
                .map(|a| {
                    if a.chars().any(char::is_whitespace) {
                        format!("\"{a}\"")
                    } else {
                        a.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(" OR ")
        };
        match self.within {
            Within::Chars(n) => {
                let words: Vec<String> = self.members.iter().map(|m| m.join("|")).collect();
                write!(f, "\"{}\"~{n}", words.join(" "))
            }
            Within::Sentence | Within::Paragraph => {
                let name = if self.within == Within::Sentence {
                    "同句"
                } else {
                    "同段"
                };
                let members: Vec<String> = self.members.iter().map(member).collect();
                write!(f, "{name}({})", members.join(" "))
            }
        }
    }
}

/// A proximity clause ready to be checked on a unit's text.
#[derive(Debug, Clone)]
pub struct NearMatcher {
    members: Vec<Vec<Needle>>,
    within: Within,
}

/// A match of one member: where it is in the folded text, and which member it is.
#[derive(Debug, Clone)]
struct MemberMatch {
    range: Range<usize>,
    member: usize,
}

impl NearMatcher {
    pub fn new(near: &Near) -> NearMatcher {
        NearMatcher {
            members: near
                .members
                .iter()
                .map(|alternatives| alternatives.iter().map(|a| Needle::new(a)).collect())
                .collect(),
            within: near.within,
        }
    }

    /// The matches of the members that stand in a qualifying sentence, paragraph or stretch
    /// of `chars` (folded, as [`recall_chars`] gives them), in order; empty when the clause
    /// does not hold.
    pub fn ranges(&self, chars: &[char]) -> Vec<Range<usize>> {
        let mut matches: Vec<MemberMatch> = Vec::new();
        for (member, needles) in self.members.iter().enumerate() {
            let found = find_matches(chars, needles);
            if found.is_empty() {
                return Vec::new();
            }
            matches.extend(found.into_iter().map(|range| MemberMatch { range, member }));
        }
        matches.sort_by_key(|m| (m.range.start, m.range.end));
        let mut kept = match self.within {
            Within::Sentence => self.in_spans(chars, &matches, is_sentence_end),
            Within::Paragraph => self.in_spans(chars, &matches, |c| c == '\n'),
            Within::Chars(n) => self.in_stretches(&matches, n as usize),
        };
        kept.sort_by_key(|r| (r.start, r.end));
        kept.dedup();
        kept
    }

    /// True when the clause holds somewhere in `chars`.
    pub fn holds(&self, chars: &[char]) -> bool {
        !self.ranges(chars).is_empty()
    }

    /// Matches inside spans (sentences or paragraphs, each ending with the character that ends
    /// it) that hold every member.
    fn in_spans(
        &self,
        chars: &[char],
        matches: &[MemberMatch],
        ends_span: impl Fn(char) -> bool,
    ) -> Vec<Range<usize>> {
        let mut kept = Vec::new();
        let mut next = 0;
        let mut start = 0;
        while start < chars.len() && next < matches.len() {
            let end = chars[start..]
                .iter()
                .position(|&c| ends_span(c))
                .map_or(chars.len(), |at| start + at + 1);
            // Matches that begin before this span and run into it belong to no span.
            while next < matches.len() && matches[next].range.start < start {
                next += 1;
            }
            let first = next;
            while next < matches.len() && matches[next].range.start < end {
                next += 1;
            }
            let inside: Vec<&MemberMatch> = matches[first..next]
                .iter()
                .filter(|m| m.range.end <= end)
                .collect();
            let mut seen = vec![false; self.members.len()];
            inside.iter().for_each(|m| seen[m.member] = true);
            if seen.iter().all(|&s| s) {
                kept.extend(inside.iter().map(|m| m.range.clone()));
            }
            start = end;
        }
        kept
    }

    /// Matches inside a stretch that runs from one match to another, holds every member and
    /// at most `gap` other characters. The characters of further matches inside the stretch
    /// count as other characters: only one match of each member is a word of the clause.
    fn in_stretches(&self, matches: &[MemberMatch], gap: usize) -> Vec<Range<usize>> {
        let longest: usize = self
            .members
            .iter()
            .map(|m| m.iter().map(Needle::len).max().unwrap_or(0))
            .sum();
        // Matches `..marked` are kept already: each is kept once, however many stretches hold it.
        let mut marked = 0;
        let mut kept = Vec::new();
        for (i, first) in matches.iter().enumerate() {
            // The longest match of each member in the stretch so far is the one that counts.
            let mut word_len: Vec<Option<usize>> = vec![None; self.members.len()];
            let mut end = first.range.end;
            for (j, m) in matches[i..].iter().enumerate() {
                if m.range.start.saturating_sub(first.range.start) > gap + longest {
                    break; // no later stretch from `first` can qualify
                }
                end = end.max(m.range.end);
                let len = m.range.len();
                let counted = &mut word_len[m.member];
                *counted = Some(counted.map_or(len, |c| c.max(len)));
                if word_len.iter().any(Option::is_none) {
                    continue;
                }
                let words: usize = word_len.iter().flatten().sum();
                let other = (end - first.range.start).saturating_sub(words);
                if other > gap {
                    break;
                }
                let upto = i + j + 1;
                if marked < upto {
                    let from = marked.max(i);
                    kept.extend(matches[from..upto].iter().map(|m| m.range.clone()));
                    marked = upto;
                }
            }
        }
        kept
    }
}

/// The end of a sentence, after folding (which turns ！？ into !?).
fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '!' | '?' | '\n')
}

/// Every match to count and highlight in a unit: those of the plain words, and those of the
/// proximity clauses that hold. Overlaps are settled leftmost-longest, as `grep -o` would.
#[derive(Debug, Clone, Default)]
pub struct UnitMatcher {
    words: Vec<Needle>,
    near: Vec<NearMatcher>,
}

impl UnitMatcher {
    pub fn new(words: &[&str], near: &[&Near]) -> UnitMatcher {
        UnitMatcher {
            words: words.iter().map(|w| Needle::new(w)).collect(),
            near: near.iter().map(|n| NearMatcher::new(n)).collect(),
        }
    }

    pub fn has_proximity(&self) -> bool {
        !self.near.is_empty()
    }

    pub fn ranges(&self, chars: &[char]) -> Vec<Range<usize>> {
        let words = find_matches(chars, &self.words);
        if self.near.is_empty() {
            return words;
        }
        let mut all: Vec<Range<usize>> = words;
        for near in &self.near {
            all.extend(near.ranges(chars));
        }
        all.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut kept: Vec<Range<usize>> = Vec::with_capacity(all.len());
        for range in all {
            if kept.last().is_none_or(|last| range.start >= last.end) {
                kept.push(range);
            }
        }
        kept
    }
}

/// Occurrences counted while proximity clauses were checked: a section's stored text is then
/// read once, not again to count it.
#[derive(Debug, Default)]
pub struct CountedWhileChecking {
    matcher: UnitMatcher,
    counts: Mutex<HashMap<(SegmentId, DocId), u64>>,
}

impl CountedWhileChecking {
    pub fn new(matcher: UnitMatcher) -> CountedWhileChecking {
        CountedWhileChecking {
            matcher,
            counts: Mutex::default(),
        }
    }

    fn record(&self, segment: SegmentId, doc: DocId, chars: &[char]) {
        let count = self.matcher.ranges(chars).len() as u64;
        if let Ok(mut counts) = self.counts.lock() {
            counts.insert((segment, doc), count);
        }
    }

    /// The occurrences of `doc`, when it was counted on the way.
    pub fn get(&self, segment: SegmentId, doc: DocId) -> Option<u64> {
        self.counts.lock().ok()?.get(&(segment, doc)).copied()
    }
}

/// The sections a proximity clause holds in: the candidates (sections with every member),
/// checked on their stored text.
#[derive(Debug)]
pub struct NearQuery {
    candidates: Box<dyn Query>,
    matcher: Arc<NearMatcher>,
    text: Field,
    counted: Option<Arc<CountedWhileChecking>>,
}

impl Clone for NearQuery {
    fn clone(&self) -> Self {
        NearQuery {
            candidates: self.candidates.box_clone(),
            matcher: Arc::clone(&self.matcher),
            text: self.text,
            counted: self.counted.clone(),
        }
    }
}

impl NearQuery {
    /// `counted`, when given, receives the occurrences of every section the clause holds in.
    pub fn new(
        candidates: Box<dyn Query>,
        near: &Near,
        text: Field,
        counted: Option<Arc<CountedWhileChecking>>,
    ) -> NearQuery {
        NearQuery {
            candidates,
            matcher: Arc::new(NearMatcher::new(near)),
            text,
            counted,
        }
    }
}

impl Query for NearQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(NearWeight {
            candidates: self.candidates.weight(enable_scoring)?,
            matcher: Arc::clone(&self.matcher),
            text: self.text,
            counted: self.counted.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        self.candidates.query_terms(visitor);
    }
}

struct NearWeight {
    candidates: Box<dyn Weight>,
    matcher: Arc<NearMatcher>,
    text: Field,
    counted: Option<Arc<CountedWhileChecking>>,
}

/// Stored blocks kept decompressed while one segment's candidates are checked.
const STORE_CACHE_BLOCKS: usize = 16;

impl Weight for NearWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorer = NearScorer {
            candidates: self.candidates.scorer(reader, boost)?,
            store: reader.get_store_reader(STORE_CACHE_BLOCKS)?,
            matcher: Arc::clone(&self.matcher),
            text: self.text,
            counted: self.counted.clone(),
            segment: reader.segment_id(),
            failed: None,
        };
        scorer.settle();
        match scorer.failed.take() {
            Some(error) => Err(error),
            None => Ok(Box::new(scorer)),
        }
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.candidates.explain(reader, doc)
    }
}

struct NearScorer {
    candidates: Box<dyn Scorer>,
    store: StoreReader,
    matcher: Arc<NearMatcher>,
    text: Field,
    counted: Option<Arc<CountedWhileChecking>>,
    segment: SegmentId,
    /// A stored document that could not be read (reported when the scorer is made; later,
    /// the document is treated as not matching rather than stopping the search mid-way).
    failed: Option<tantivy::TantivyError>,
}

impl NearScorer {
    fn qualifies(&mut self, doc: DocId) -> bool {
        match self.store.get::<TantivyDocument>(doc) {
            Ok(stored) => {
                let text = stored
                    .get_first(self.text)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default();
                let chars = recall_chars(text);
                let holds = self.matcher.holds(&chars);
                if let (true, Some(counted)) = (holds, &self.counted) {
                    counted.record(self.segment, doc, &chars);
                }
                holds
            }
            Err(error) => {
                self.failed.get_or_insert(error);
                false
            }
        }
    }

    /// Moves on from the current candidate to the first one the clause holds in.
    fn settle(&mut self) -> DocId {
        let mut doc = self.candidates.doc();
        while doc != TERMINATED && !self.qualifies(doc) {
            doc = self.candidates.advance();
        }
        doc
    }
}

impl DocSet for NearScorer {
    fn advance(&mut self) -> DocId {
        if self.candidates.advance() == TERMINATED {
            return TERMINATED;
        }
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.candidates.doc() >= target {
            return self.candidates.doc();
        }
        if self.candidates.seek(target) == TERMINATED {
            return TERMINATED;
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.candidates.doc()
    }

    fn size_hint(&self) -> u32 {
        self.candidates.size_hint()
    }
}

impl Scorer for NearScorer {
    fn score(&mut self) -> Score {
        self.candidates.score()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn near(members: &[&str], within: Within) -> NearMatcher {
        NearMatcher::new(&Near {
            members: members
                .iter()
                .map(|m| m.split(" OR ").map(str::to_string).collect())
                .collect(),
            within,
        })
    }

    fn found(matcher: &NearMatcher, text: &str) -> Vec<String> {
        let chars = recall_chars(text);
        matcher
            .ranges(&chars)
            .into_iter()
            .map(|r| chars[r].iter().collect())
            .collect()
    }

    #[test]
    fn same_sentence_needs_every_word_between_two_sentence_ends() {
        let m = near(&["行政复议", "纠错"], Within::Sentence);
        assert_eq!(
            found(&m, "办理行政复议案件12件，纠错3件。行政复议工作有序。"),
            ["行政复议", "纠错"]
        );
        assert!(found(&m, "办理行政复议案件12件。纠错3件。").is_empty());
        // A paragraph break ends a sentence too; ！ and ? do.
        assert!(found(&m, "行政复议\n纠错").is_empty());
        assert!(found(&m, "行政复议！纠错").is_empty());
        assert!(found(&m, "行政复议?纠错").is_empty());
        // A semicolon does not.
        assert_eq!(found(&m, "行政复议；纠错").len(), 2);
    }

    #[test]
    fn same_paragraph_crosses_sentences_but_not_lines() {
        let m = near(&["行政复议", "纠错"], Within::Paragraph);
        assert_eq!(found(&m, "行政复议。纠错。\n纠错").len(), 2);
        assert!(found(&m, "行政复议。\n纠错。").is_empty());
    }

    #[test]
    fn every_match_in_a_qualifying_sentence_counts() {
        let m = near(&["复议", "纠错"], Within::Sentence);
        assert_eq!(
            found(&m, "复议、复议、纠错。复议。"),
            ["复议", "复议", "纠错"]
        );
    }

    #[test]
    fn alternatives_stand_for_one_member() {
        let m = near(&["行政复议", "纠错 OR 撤销"], Within::Sentence);
        assert_eq!(found(&m, "行政复议决定撤销2件。").len(), 2);
    }

    #[test]
    fn distance_counts_the_characters_between_the_words() {
        let m = near(&["行政复议", "纠错"], Within::Chars(3));
        assert_eq!(found(&m, "行政复议甲乙丙纠错").len(), 2);
        assert!(found(&m, "行政复议甲乙丙丁纠错").is_empty());
        // Either order.
        assert_eq!(found(&m, "纠错甲乙行政复议").len(), 2);
        // Only the pair that is close enough counts.
        assert_eq!(
            found(&m, "行政复议甲乙丙丁戊纠错甲行政复议"),
            ["纠错", "行政复议"]
        );
        // Three words: the other characters of the whole stretch add up.
        let three = near(&["甲", "乙", "丙"], Within::Chars(2));
        assert_eq!(found(&three, "甲x乙x丙").len(), 3);
        assert!(found(&three, "甲x乙xx丙").is_empty());
    }

    #[test]
    fn a_missing_word_means_no_match() {
        let m = near(&["行政复议", "纠错"], Within::Paragraph);
        assert!(found(&m, "行政复议").is_empty());
        assert!(!m.holds(&recall_chars("")));
    }

    #[test]
    fn unit_matches_settle_overlaps_leftmost_longest() {
        let clause = Near {
            members: vec![vec!["复议".into()], vec!["纠错".into()]],
            within: Within::Sentence,
        };
        let matcher = UnitMatcher::new(&["行政复议"], &[&clause]);
        let chars = recall_chars("行政复议纠错。");
        let ranges = matcher.ranges(&chars);
        assert_eq!(ranges, vec![0..4, 4..6]);
    }

    #[test]
    fn display_reads_back_as_query_syntax() {
        let clause = Near {
            members: vec![vec!["行政复议".into()], vec!["纠错".into(), "撤销".into()]],
            within: Within::Sentence,
        };
        assert_eq!(clause.to_string(), "同句(行政复议 纠错 OR 撤销)");
        let distance = Near {
            members: vec![vec!["a".into()], vec!["b".into()]],
            within: Within::Chars(5),
        };
        assert_eq!(distance.to_string(), "\"a b\"~5");
    }
}
