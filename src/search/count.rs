//! Counting occurrences: non-overlapping matches of the query's positive terms in each matched
//! unit, as `grep -o` counts them in the cleaned text.
//!
//! The recall field already knows where every bigram sits, and a term's bigrams at their
//! offsets spell the term exactly, so counts come from positions, without opening the stored
//! text. A one-character term has no bigram of its own, and a proximity clause depends on
//! sentences and paragraphs; then the stored text is scanned.

use super::proximity::{CountedWhileChecking, Near, UnitMatcher};
use super::recall::{recall_key, RecallCache};
use crate::analysis::grams::{query_grams, recall_chars};
use crate::engine::reader::SnapshotMemo;
use crate::engine::schema::Fields;
use crate::{Error, Result};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, DocId, DocSet, InvertedIndexReader, Searcher, TantivyDocument, Term};

/// A term as positions count it: its length in recall chars, and its bigrams at their offsets.
pub(crate) type PositionedTerm = (u32, Vec<(u32, String)>);

/// `text` as positions count it; `None` for a single character, which has no bigram.
pub(crate) fn positioned_term(text: &str) -> Option<PositionedTerm> {
    let len = recall_chars(text).iter().filter(|&&c| c != '\n').count() as u32;
    (len >= 2).then(|| {
        let grams = query_grams(text)
            .into_iter()
            .map(|(offset, gram)| (offset as u32, gram))
            .collect();
        (len, grams)
    })
}

/// A segment of one snapshot whose matched units are to be counted, and until when.
pub(crate) struct SegmentToCount<'a> {
    pub searcher: &'a Searcher,
    pub fields: &'a Fields,
    pub ord: u32,
    pub deadline: Option<Instant>,
}

/// The query's positive terms, ready to be counted in any segment.
pub(crate) struct OccurrenceCounter {
    /// What is counted, as the count cache knows it: the terms, then the proximity clauses.
    key: Vec<String>,
    /// Counts on the stored text.
    matcher: UnitMatcher,
    /// Sections counted already while proximity clauses were checked.
    counted: Option<Arc<CountedWhileChecking>>,
    /// Every term by position; `None` when some term is a single character or the query has
    /// a proximity clause.
    by_position: Option<Vec<PositionedTerm>>,
    /// A lone term of two or more bigrams, whose occurrences recall may have read already.
    listed: Option<String>,
    /// Terms no two of which can overlap in any text, each counted on its own: then a
    /// section's occurrences are the sum of theirs, and each term's counts serve every query
    /// that names it.
    apart: Option<Vec<OccurrenceCounter>>,
}

impl OccurrenceCounter {
    pub fn new(
        terms: &[&str],
        near: &[&Near],
        matcher: &UnitMatcher,
        counted: Option<Arc<CountedWhileChecking>>,
    ) -> OccurrenceCounter {
        let terms: Vec<String> = terms
            .iter()
            .filter(|t| !recall_chars(t).iter().all(|&c| c == '\n'))
            .map(|t| t.to_string())
            .collect();
        let by_position: Option<Vec<PositionedTerm>> = near
            .is_empty()
            .then_some(())
            .and_then(|()| terms.iter().map(|t| positioned_term(t)).collect());
        let listed = match (&by_position, terms.as_slice()) {
            (Some(positioned), [term]) if positioned[0].1.len() >= 2 => Some(recall_key(term)),
            _ => None,
        };
        let apart =
            (by_position.is_some() && terms.len() > 1 && never_overlap(&terms)).then(|| {
                terms
                    .iter()
                    .map(|t| {
                        let one = [t.as_str()];
                        OccurrenceCounter::new(&one, &[], &UnitMatcher::new(&one, &[]), None)
                    })
                    .collect()
            });
        let mut key = terms;
        key.extend(near.iter().map(|n| format!("{n:?}")));
        OccurrenceCounter {
            key,
            matcher: matcher.clone(),
            counted,
            by_position,
            listed,
            apart,
        }
    }

    /// Occurrences of at least one term in each of `docs` (ascending ids of one segment), in
    /// the same order.
    fn count_segment(&self, segment: &SegmentToCount, docs: &[DocId]) -> Result<Vec<u64>> {
        let &SegmentToCount {
            searcher,
            fields,
            ord: segment_ord,
            deadline,
        } = segment;
        match &self.by_position {
            Some(terms) => {
                let segment = searcher.segment_reader(segment_ord);
                let inverted = segment.inverted_index(fields.grams)?;
                match terms.as_slice() {
                    [(2, grams)] if !self_overlapping(&grams[0].1) => {
                        count_by_frequency(&inverted, fields, &grams[0].1, docs, deadline)
                    }
                    _ => count_by_position(&inverted, fields, terms, docs, deadline),
                }
            }
            None => {
                let segment_id = searcher.segment_reader(segment_ord).segment_id();
                docs.iter()
                    .enumerate()
                    .map(|(i, &doc)| {
                        check_deadline(deadline, i)?;
                        let known = self.counted.as_ref().and_then(|c| c.get(segment_id, doc));
                        if let Some(count) = known {
                            return Ok(count);
                        }
                        let stored: TantivyDocument =
                            searcher.doc(DocAddress::new(segment_ord, doc))?;
                        let text = stored
                            .get_first(fields.text)
                            .and_then(|v| v.as_str())
                            .unwrap_or_default();
                        Ok(self.matcher.ranges(&recall_chars(text)).len() as u64)
                    })
                    .collect()
            }
        }
    }
}

/// Occurrences already counted in one snapshot of the index, by query terms and segment, as
/// `(doc, occurrences)` sorted by doc. A batch asks for the same terms again under other
/// filters or groupings, and counting positions is the largest part of a query; the counts of
/// a unit do not depend on the filters.
#[derive(Default)]
pub(crate) struct CountCache {
    counted: HashMap<(Vec<String>, u32), Arc<Vec<DocCount>>>,
    entries: usize,
}

type DocCount = (DocId, u32);

/// At most this many `(doc, occurrences)` pairs are kept (8 bytes each): 64 MB.
const CACHE_MAX_ENTRIES: usize = 8 << 20;

impl OccurrenceCounter {
    /// Occurrences in each of `docs` (ascending ids of one segment), in the same order:
    /// answered from the snapshot's cache where it can, and remembering what it counts. The
    /// cache is locked only to look up and to add, so batch workers count side by side.
    pub fn count_segment_cached(
        &self,
        memo: &SnapshotMemo,
        segment: &SegmentToCount,
        docs: &[DocId],
    ) -> Result<Vec<u64>> {
        if self.key.is_empty() {
            return Ok(vec![0; docs.len()]); // nothing to count, nothing worth remembering
        }
        // Once per segment even when the counts are known: the search may be past its time.
        check_deadline(segment.deadline, 0)?;
        if let Some(apart) = &self.apart {
            let mut sum = vec![0; docs.len()];
            for term in apart {
                let counts = term.count_segment_cached(memo, segment, docs)?;
                sum.iter_mut().zip(counts).for_each(|(s, n)| *s += n);
            }
            return Ok(sum);
        }
        if let Some(listed) = &self.listed {
            let segment_id = segment.searcher.segment_reader(segment.ord).segment_id();
            if let Some(list) = RecallCache::of(memo).occurrences(listed, segment_id) {
                return Ok(found_counts(&list, docs)
                    .map(|n| n.map_or(0, u64::from))
                    .collect());
            }
        }
        let key = (self.key.clone(), segment.ord);
        // Only the list is taken under the snapshot's lock; the other worker keeps going.
        let known = memo.with(|cache: &mut CountCache| cache.counted.get(&key).cloned());
        let Some(known) = known else {
            // Counted for the first time: every unit.
            let counts = self.count_segment(segment, docs)?;
            memo.with(|cache: &mut CountCache| cache.add(key, docs, &counts));
            return Ok(counts);
        };
        let (mut counts, missing) = look_up(&known, docs);
        if missing.is_empty() {
            return Ok(counts);
        }
        let missing_docs: Vec<DocId> = missing.iter().map(|&i| docs[i]).collect();
        let fresh = self.count_segment(segment, &missing_docs)?;
        for (&i, &n) in missing.iter().zip(&fresh) {
            counts[i] = n;
        }
        memo.with(|cache: &mut CountCache| cache.add(key, &missing_docs, &fresh));
        Ok(counts)
    }
}

impl CountCache {
    /// Remembers the counts of `docs`, within the cache's bound. Another worker may have
    /// counted some of them meanwhile: they are kept once.
    fn add(&mut self, key: (Vec<String>, u32), docs: &[DocId], counts: &[u64]) {
        if self.entries + docs.len() > CACHE_MAX_ENTRIES {
            return;
        }
        let known = self.counted.entry(key).or_default();
        let before = known.len();
        let fresh = docs
            .iter()
            .zip(counts)
            .map(|(&doc, &n)| (doc, u32::try_from(n).unwrap_or(u32::MAX)));
        // All after the known ones (a first count, mostly): appended. A list a worker is
        // reading is copied, not changed under it.
        if known
            .last()
            .is_none_or(|&(last, _)| docs.first().is_none_or(|&d| d > last))
        {
            Arc::make_mut(known).extend(fresh);
        } else {
            *known = Arc::new(merged(known, fresh));
        }
        self.entries += known.len() - before;
    }
}

/// Two lists of counts ascending by unit as one, each unit once (the first list's count).
fn merged(first: &[DocCount], second: impl Iterator<Item = DocCount>) -> Vec<DocCount> {
    let mut out = Vec::with_capacity(first.len() + second.size_hint().0);
    let mut first = first.iter().copied().peekable();
    for (doc, n) in second {
        while let Some(known) = first.next_if(|&(d, _)| d <= doc) {
            out.push(known);
        }
        if out.last().is_none_or(|&(d, _)| d != doc) {
            out.push((doc, n));
        }
    }
    out.extend(first);
    out
}

/// The counts of `docs` (ascending) in `known` (ascending; 0 where unknown), and the indices of
/// the unknown ones.
fn look_up(known: &[DocCount], docs: &[DocId]) -> (Vec<u64>, Vec<usize>) {
    // The very units counted before (a term asked again without filters): nothing to find.
    if known.len() == docs.len() && known.iter().zip(docs).all(|(&(d, _), &doc)| d == doc) {
        return (
            known.iter().map(|&(_, n)| u64::from(n)).collect(),
            Vec::new(),
        );
    }
    let mut counts = Vec::with_capacity(docs.len());
    let mut missing = Vec::new();
    for (i, found) in found_counts(known, docs).enumerate() {
        counts.push(found.map_or(0, u64::from));
        if found.is_none() {
            missing.push(i);
        }
    }
    (counts, missing)
}

/// The count of each of `docs` (ascending) in `known` (ascending), where it is there.
fn found_counts<'a>(
    known: &'a [DocCount],
    docs: &'a [DocId],
) -> impl Iterator<Item = Option<u32>> + 'a {
    // A filtered query asks for a few of the many units an unfiltered one counted: then each
    // is looked for by bisection rather than by walking past all the others.
    let sparse = docs.len() * 16 < known.len();
    let mut k = 0;
    docs.iter().map(move |&doc| {
        if sparse {
            k += known[k..].partition_point(|&(d, _)| d < doc);
        } else {
            while k < known.len() && known[k].0 < doc {
                k += 1;
            }
        }
        match known.get(k) {
            Some(&(d, n)) if d == doc => Some(n),
            _ => None,
        }
    })
}

/// True when no two of `terms` can overlap in a text: none holds another, and no end of one
/// is the start of another. Then counting them together, leftmost-longest, adds up their
/// separate counts.
fn never_overlap(terms: &[String]) -> bool {
    let keys: Vec<Vec<char>> = terms
        .iter()
        .map(|t| recall_key(t).chars().collect())
        .collect();
    keys.iter().enumerate().all(|(i, a)| {
        keys[i + 1..]
            .iter()
            .all(|b| !overlaps(a, b) && !overlaps(b, a))
    })
}

/// True when `b` is inside `a`, or a non-empty end of `a` is a start of `b`.
fn overlaps(a: &[char], b: &[char]) -> bool {
    let inside = a.windows(b.len().max(1)).any(|w| w == b);
    inside || (1..=a.len().min(b.len())).any(|k| a[a.len() - k..] == b[..k])
}

/// Every 256 units, whether the search is past its deadline.
fn check_deadline(deadline: Option<Instant>, done: usize) -> Result<()> {
    match deadline {
        Some(at) if done.is_multiple_of(256) && Instant::now() > at => Err(Error::OverBudget),
        _ => Ok(()),
    }
}

/// True when a two-character term can overlap itself (`哈哈` in `哈哈哈`).
fn self_overlapping(bigram: &str) -> bool {
    let mut chars = bigram.chars();
    chars.next() == chars.next()
}

/// Moves `postings` to `doc` (ascending calls only) and tells whether it holds it: `seek` only
/// moves forward, so a list already past `doc` does not.
pub(crate) fn holds(postings: &mut SegmentPostings, doc: DocId) -> bool {
    postings.doc() == doc || (postings.doc() < doc && postings.seek(doc) == doc)
}

/// A lone two-character term that cannot overlap itself occurs in a unit exactly as often as
/// its bigram: the term frequency answers without reading positions.
fn count_by_frequency(
    inverted: &InvertedIndexReader,
    fields: &Fields,
    bigram: &str,
    docs: &[DocId],
    deadline: Option<Instant>,
) -> Result<Vec<u64>> {
    let term = Term::from_field_text(fields.grams, bigram);
    let Some(mut postings) = inverted
        .read_postings(&term, IndexRecordOption::WithFreqs)
        .map_err(|e| Error::io("cannot read the index's postings", e))?
    else {
        return Ok(vec![0; docs.len()]);
    };
    // A loop into a list of known length: collecting `Result`s would grow it step by step.
    let mut counts = Vec::with_capacity(docs.len());
    for (i, &doc) in docs.iter().enumerate() {
        check_deadline(deadline, i)?;
        counts.push(if holds(&mut postings, doc) {
            u64::from(postings.term_freq())
        } else {
            0
        });
    }
    Ok(counts)
}

/// A term's bigram postings in one segment, or `None` when some bigram never occurs there.
type TermPostings = Option<Vec<(u32, SegmentPostings)>>;

fn count_by_position(
    inverted: &InvertedIndexReader,
    fields: &Fields,
    terms: &[PositionedTerm],
    docs: &[DocId],
    deadline: Option<Instant>,
) -> Result<Vec<u64>> {
    let mut postings: Vec<(u32, TermPostings)> = Vec::with_capacity(terms.len());
    for (len, grams) in terms {
        let mut lists = Vec::with_capacity(grams.len());
        for (offset, gram) in grams {
            let term = Term::from_field_text(fields.grams, gram);
            let found = inverted
                .read_postings(&term, IndexRecordOption::WithFreqsAndPositions)
                .map_err(|e| Error::io("cannot read the index's positions", e))?;
            match found {
                Some(p) => lists.push((*offset, p)),
                None => break,
            }
        }
        let complete = lists.len() == grams.len();
        postings.push((*len, complete.then_some(lists)));
    }

    let mut counts = Vec::with_capacity(docs.len());
    let mut starts: Vec<(u32, u32)> = Vec::new();
    let mut first: Vec<u32> = Vec::new();
    let mut other: Vec<u32> = Vec::new();
    for (i, &doc) in docs.iter().enumerate() {
        check_deadline(deadline, i)?;
        starts.clear();
        for (len, lists) in postings.iter_mut() {
            let Some(lists) = lists else { continue };
            if !lists.iter_mut().all(|(_, p)| holds(p, doc)) {
                continue;
            }
            let candidates = term_starts(lists, &mut first, &mut other);
            starts.extend(candidates.into_iter().map(|s| (s, *len)));
        }
        counts.push(non_overlapping(&mut starts));
    }
    Ok(counts)
}

/// Where a term starts in the document its bigram lists all stand on: the positions of the
/// first bigram moved back by its offset, kept where every other bigram sits at its own.
pub(crate) fn term_starts(
    lists: &mut [(u32, SegmentPostings)],
    first: &mut Vec<u32>,
    other: &mut Vec<u32>,
) -> Vec<u32> {
    let ((first_offset, first_list), rest) = lists.split_first_mut().expect("a bigram");
    first_list.positions(first);
    let mut starts: Vec<u32> = first
        .iter()
        .filter_map(|p| p.checked_sub(*first_offset))
        .collect();
    for (offset, list) in rest.iter_mut() {
        list.positions(other);
        starts.retain(|start| other.binary_search(&(start + *offset)).is_ok());
    }
    starts
}

/// Leftmost-longest, non-overlapping: how `find_matches` and `grep -o` count.
pub(crate) fn non_overlapping(starts: &mut [(u32, u32)]) -> u64 {
    starts.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut next_free = 0;
    let mut count = 0;
    for &(start, len) in starts.iter() {
        if start >= next_free {
            count += 1;
            next_free = start + len;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_counts_are_found_for_few_and_for_many_units() {
        // Even units were counted, each with its number plus one.
        let known: Vec<DocCount> = (0..1000).step_by(2).map(|d| (d, d + 1)).collect();
        // Few units (bisection): 4 and 998 are known, 3 and 1001 are not.
        assert_eq!(
            look_up(&known, &[3, 4, 998, 1001]),
            (vec![0, 5, 999, 0], vec![0, 3])
        );
        // Many units (a walk): the same answer for every unit asked.
        let docs: Vec<DocId> = (0..1002).collect();
        let (counts, missing) = look_up(&known, &docs);
        for (i, &doc) in docs.iter().enumerate() {
            let expected = if doc % 2 == 0 && doc < 1000 {
                doc + 1
            } else {
                0
            };
            assert_eq!(counts[i], u64::from(expected), "unit {doc}");
            assert_eq!(missing.contains(&i), expected == 0, "unit {doc}");
        }
        // The very units counted: their counts, none missing.
        let same: Vec<DocId> = known.iter().map(|&(d, _)| d).collect();
        let (counts, missing) = look_up(&known, &same);
        assert_eq!(
            counts,
            known.iter().map(|&(_, n)| u64::from(n)).collect::<Vec<_>>()
        );
        assert!(missing.is_empty());
        // As many units, not the same ones: the last is unknown.
        let mut shifted = same.clone();
        *shifted.last_mut().unwrap() = 999;
        let (counts, missing) = look_up(&known, &shifted);
        assert_eq!((counts[0], counts[499]), (1, 0));
        assert_eq!(missing, vec![499]);
    }

    #[test]
    fn counts_added_among_known_ones_are_merged_in_order_once() {
        let mut cache = CountCache::default();
        let key = || (vec!["法治".to_string()], 0);
        cache.add(key(), &[2, 4, 6], &[1, 1, 1]);
        // Before, between and after the known units, one of them again (kept as known).
        cache.add(key(), &[1, 4, 5, 9], &[7, 8, 7, 7]);
        let list: Vec<DocCount> = cache.counted[&key()].to_vec();
        assert_eq!(list, [(1, 7), (2, 1), (4, 1), (5, 7), (6, 1), (9, 7)]);
        assert_eq!(cache.entries, 6);
        // In order after the last: appended.
        cache.add(key(), &[10], &[3]);
        assert_eq!(cache.counted[&key()].last(), Some(&(10, 3)));
    }

    #[test]
    fn overlapping_starts_count_once_leftmost_longest() {
        // "哈哈哈" holds 哈哈 at 0 and 1: grep -o counts one.
        assert_eq!(non_overlapping(&mut [(1, 2), (0, 2)]), 1);
        // 行政 and 行政复议 both start at 3: the longer wins, then 行政 at 9 counts.
        assert_eq!(non_overlapping(&mut [(3, 2), (3, 4), (9, 2)]), 2);
        assert_eq!(non_overlapping(&mut []), 0);
    }

    #[test]
    fn terms_apart_are_those_that_cannot_share_a_character() {
        let apart = |terms: &[&str]| {
            never_overlap(&terms.iter().map(|t| t.to_string()).collect::<Vec<_>>())
        };
        assert!(apart(&["法治", "工作"]));
        assert!(apart(&["行政复议", "营商环境", "普法"]));
        assert!(!apart(&["行政", "行政复议"]), "one inside the other");
        assert!(
            !apart(&["复议", "行政复"]),
            "行政复议 holds both, sharing 复"
        );
        assert!(!apart(&["法治", "治理"]), "法治理 holds both");
        assert!(!apart(&["ＬＥＤ", "led"]), "the same once folded");
    }

    #[test]
    fn only_doubled_characters_overlap() {
        assert!(self_overlapping("哈哈"));
        assert!(!self_overlapping("法治"));
    }

    #[test]
    fn single_characters_fall_back_to_the_text() {
        let counter = |terms: &[&str]| {
            OccurrenceCounter::new(terms, &[], &UnitMatcher::new(terms, &[]), None)
        };
        assert!(counter(&["复"]).by_position.is_none());
        assert!(counter(&["复议", "诉讼"]).by_position.is_some());
        assert!(counter(&["  "]).key.is_empty());
    }
}
