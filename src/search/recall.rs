//! Exact recall of a term of three or more characters, with its occurrences, in one pass over
//! its bigrams' positions, kept for the rest of the snapshot.
//!
//! tantivy's phrase query reads a common term's positions to find the sections that hold it,
//! and counting reads them again. At 1 GB a term like 行政执法 stands in half a million
//! sections, and a batch asks for it under one filter after another. [`RecallQuery`] reads the
//! positions once per segment, keeps every section's occurrences ([`RecallCache`]), and then
//! answers matching and counting from that list. It is used when the query has no filter (the
//! whole list is needed anyway) or when the term was asked for before in this snapshot; a
//! first, filtered query keeps the phrase query, which reads only the sections the filter
//! leaves (as Lucene's query cache waits for a filter to be used again before caching it).

use super::count::{holds, non_overlapping, positioned_term, term_starts};
use crate::engine::reader::SnapshotMemo;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tantivy::index::SegmentId;
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

/// A section and how often the term occurs in it (never 0), in ascending section order.
pub(crate) type Occurrences = Arc<[(DocId, u32)]>;

/// At most this many `(section, occurrences)` pairs are kept (8 bytes each): 64 MB.
const CACHE_MAX_ENTRIES: usize = 8 << 20;

/// The terms of one snapshot: how often each was asked for, and the lists read so far.
#[derive(Default)]
pub(crate) struct RecallCache(Mutex<Known>);

#[derive(Default)]
struct Known {
    asked: HashMap<String, u32>,
    lists: HashMap<(String, SegmentId), Occurrences>,
    entries: usize,
}

impl RecallCache {
    /// The cache of the snapshot `memo` belongs to.
    pub fn of(memo: &SnapshotMemo) -> Arc<RecallCache> {
        memo.with(|cache: &mut Arc<RecallCache>| Arc::clone(cache))
    }

    fn known(&self) -> std::sync::MutexGuard<'_, Known> {
        // A panic elsewhere cannot leave a list half-written: lists are inserted whole.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Notes that `key` is asked for, and tells whether it was asked for before.
    pub fn asked_before(&self, key: &str) -> bool {
        let mut known = self.known();
        let asked = known.asked.entry(key.to_string()).or_insert(0);
        *asked += 1;
        *asked > 1
    }

    /// The term's sections in `segment`, if they were read.
    pub fn occurrences(&self, key: &str, segment: SegmentId) -> Option<Occurrences> {
        self.known().lists.get(&(key.to_string(), segment)).cloned()
    }

    fn keep(&self, key: &str, segment: SegmentId, list: &Occurrences) {
        let mut known = self.known();
        if known.entries + list.len() <= CACHE_MAX_ENTRIES
            && !known.lists.contains_key(&(key.to_string(), segment))
        {
            known.entries += list.len();
            known
                .lists
                .insert((key.to_string(), segment), Arc::clone(list));
        }
    }
}

/// The key of a term: its characters as the recall field sees them, so that `ＬＥＤ` and `led`
/// share one list.
pub(crate) fn recall_key(text: &str) -> String {
    crate::analysis::grams::recall_chars(text)
        .into_iter()
        .filter(|&c| c != '\n')
        .collect()
}

/// The sections that hold a term of two or more bigrams, as a tantivy query (scoring nothing).
#[derive(Clone)]
pub(crate) struct RecallQuery {
    key: String,
    /// The term's length in recall characters and its bigrams at their offsets.
    len: u32,
    grams: Vec<(u32, Term)>,
    cache: Arc<RecallCache>,
}

impl std::fmt::Debug for RecallQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RecallQuery({:?})", self.key)
    }
}

impl RecallQuery {
    /// `None` when `text` has fewer than two bigrams (a bigram's own postings are cheaper).
    pub fn new(text: &str, field: Field, cache: Arc<RecallCache>) -> Option<RecallQuery> {
        let (len, grams) = positioned_term(text)?;
        (grams.len() >= 2).then(|| RecallQuery {
            key: recall_key(text),
            len,
            grams: grams
                .into_iter()
                .map(|(offset, gram)| (offset, Term::from_field_text(field, &gram)))
                .collect(),
            cache,
        })
    }

    /// Reads the term's occurrences in every section of one segment.
    fn read(&self, reader: &SegmentReader) -> tantivy::Result<Occurrences> {
        let field = self.grams[0].1.field();
        let inverted = reader.inverted_index(field)?;
        // Every bigram is looked up before any postings are opened: a term with one bigram
        // the segment lacks costs nothing, however common its others are.
        let mut infos = Vec::with_capacity(self.grams.len());
        for (offset, term) in &self.grams {
            match inverted.get_term_info(term)? {
                Some(info) => infos.push((*offset, info)),
                None => return Ok(Arc::from(Vec::new())),
            }
        }
        let mut lists = Vec::with_capacity(infos.len());
        for (offset, info) in infos {
            let postings = inverted
                .read_postings_from_terminfo(&info, IndexRecordOption::WithFreqsAndPositions)?;
            lists.push((offset, postings));
        }
        // The rarest bigram leads; the others are moved to its sections.
        let lead = (0..lists.len())
            .min_by_key(|&i| lists[i].1.doc_freq())
            .expect("two bigrams at least");
        let mut found = Vec::new();
        let (mut first, mut other) = (Vec::new(), Vec::new());
        let mut starts: Vec<(u32, u32)> = Vec::new();
        let mut doc = lists[lead].1.doc();
        while doc != TERMINATED {
            if lists.iter_mut().all(|(_, p)| holds(p, doc)) {
                starts.clear();
                starts.extend(
                    term_starts(&mut lists, &mut first, &mut other)
                        .into_iter()
                        .map(|s| (s, self.len)),
                );
                let n = non_overlapping(&mut starts);
                if n > 0 {
                    found.push((doc, u32::try_from(n).unwrap_or(u32::MAX)));
                }
            }
            doc = lists[lead].1.advance();
        }
        Ok(Arc::from(found))
    }

    fn occurrences(&self, reader: &SegmentReader) -> tantivy::Result<Occurrences> {
        let segment = reader.segment_id();
        if let Some(list) = self.cache.occurrences(&self.key, segment) {
            return Ok(list);
        }
        let list = self.read(reader)?;
        self.cache.keep(&self.key, segment, &list);
        Ok(list)
    }
}

impl Query for RecallQuery {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (_, term) in &self.grams {
            visitor(term, true);
        }
    }
}

impl Weight for RecallQuery {
    fn scorer(&self, reader: &SegmentReader, _: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(Listed {
            list: self.occurrences(reader)?,
            at: 0,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let list = self.occurrences(reader)?;
        match list.binary_search_by_key(&doc, |&(d, _)| d) {
            Ok(at) => Ok(Explanation::new_with_string(
                format!("{} occurrence(s) of {}", list[at].1, self.key),
                0.0,
            )),
            Err(_) => Err(TantivyError::InvalidArgument(format!(
                "Document #({doc}) does not match"
            ))),
        }
    }
}

/// The sections of a list, as a doc set.
struct Listed {
    list: Occurrences,
    at: usize,
}

impl DocSet for Listed {
    fn advance(&mut self) -> DocId {
        self.at += 1;
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc() < target {
            self.at += self.list[self.at..].partition_point(|&(d, _)| d < target);
        }
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.list.get(self.at).map_or(TERMINATED, |&(d, _)| d)
    }

    fn size_hint(&self) -> u32 {
        (self.list.len() - self.at.min(self.list.len())) as u32
    }
}

impl Scorer for Listed {
    fn score(&mut self) -> Score {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_seeks_forward_only_and_ends_terminated() {
        let mut listed = Listed {
            list: Arc::from(vec![(2, 1), (5, 3), (9, 1)]),
            at: 0,
        };
        assert_eq!(listed.doc(), 2);
        assert_eq!(listed.seek(5), 5);
        assert_eq!(listed.seek(3), 5, "a seek backwards stays put");
        assert_eq!(listed.seek(6), 9);
        assert_eq!(listed.advance(), TERMINATED);
        assert_eq!(listed.seek(100), TERMINATED);
        assert_eq!(listed.size_hint(), 0);
    }

    #[test]
    fn a_term_asked_again_is_known_as_such() {
        let cache = RecallCache::default();
        assert!(!cache.asked_before("行政执法"));
        assert!(cache.asked_before("行政执法"));
        assert!(!cache.asked_before("行政复议"));
    }

    #[test]
    fn keys_fold_width_and_case() {
        assert_eq!(recall_key("ＬＥＤ屏"), recall_key("led屏"));
        assert_eq!(
            RecallQuery::new("行政", Field::from_field_id(0), Arc::default()).map(|q| q.key),
            None
        );
    }
}
