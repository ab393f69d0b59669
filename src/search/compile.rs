//! Compiling a parsed query to tantivy: every term becomes its recall phrase (exact
//! substring match) with its jieba words for ranking; every filter a term or range query on
//! its facet's column.

use super::exclusion::Excluded;
use super::filters::{resolve_name, Filter, FilterValue};
use super::proximity::{CountedWhileChecking, Near, NearQuery};
use super::query::Expr;
use super::recall::{recall_key, RecallCache, RecallQuery};
use crate::analysis::grams::query_grams;
use crate::base::fold::fold;
use crate::base::{Facet, FacetType, KnownName};
use crate::engine::reader::IndexHandle;
use crate::engine::schema::Fields;
use crate::Result;
use std::collections::HashMap;
use std::ops::Bound;
use std::sync::Arc;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, ExistsQuery, InvertedIndexRangeQuery, Occur,
    PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

/// Turns the parsed query into a tantivy query.
pub(crate) struct Compiler<'a> {
    handle: &'a IndexHandle,
    /// The names of each name facet, read on first use.
    names: HashMap<Facet, Vec<KnownName>>,
    /// Where proximity clauses leave the occurrences they count on the way.
    counted: Option<Arc<CountedWhileChecking>>,
    /// The snapshot's terms read whole (see `recall`).
    recall: Arc<RecallCache>,
    /// Whether the query has a filter: then a term is read whole only when asked for again.
    filtered: bool,
    /// Whether terms carry the BM25 clauses of their words; not when nothing is scored, or
    /// when the words rank apart from matching (`execute::RankedApart`).
    scored: bool,
}

impl<'a> Compiler<'a> {
    pub fn new(handle: &'a IndexHandle) -> Self {
        Compiler {
            handle,
            names: HashMap::new(),
            counted: None,
            recall: RecallCache::of(&handle.memo),
            filtered: false,
            scored: true,
        }
    }

    /// Tells the compiler whether the query has a filter (see `filtered`).
    pub fn filtered(&mut self, filtered: bool) {
        self.filtered = filtered;
    }

    /// Tells the compiler whether terms are scored by their words (see `scored`).
    pub fn scored(&mut self, scored: bool) {
        self.scored = scored;
    }

    /// Proximity clauses compiled from now on count the sections they hold in into `counted`.
    pub fn count_while_checking(&mut self, counted: Arc<CountedWhileChecking>) {
        self.counted = Some(counted);
    }

    fn fields(&self) -> &Fields {
        &self.handle.fields
    }

    pub fn compile(&mut self, expr: &Expr) -> Result<Box<dyn Query>> {
        Ok(match expr {
            Expr::Text(text) => self.text(text),
            Expr::Filter(filter) => self.filter(filter)?,
            Expr::Near(near) => self.near(near),
            Expr::Not(inner) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
                (Occur::MustNot, Box::new(Excluded(self.compile(inner)?))),
            ])),
            Expr::And(items) => {
                let mut clauses = Vec::with_capacity(items.len());
                for item in items {
                    clauses.push(match item {
                        Expr::Not(inner) => (
                            Occur::MustNot,
                            Box::new(Excluded(self.compile(inner)?)) as Box<dyn Query>,
                        ),
                        other => (Occur::Must, self.compile(other)?),
                    });
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Expr::Or(items) => {
                let mut clauses = Vec::with_capacity(items.len());
                for item in items {
                    clauses.push((Occur::Should, self.compile(item)?));
                }
                Box::new(BooleanQuery::new(clauses))
            }
        })
    }

    /// Recall decides whether a unit matches; BM25 over words decides the order.
    fn text(&self, text: &str) -> Box<dyn Query> {
        let fields = *self.fields();
        let grams = query_grams(text);
        let recall: Box<dyn Query> = match grams.as_slice() {
            [] => Box::new(AllQuery),
            [(_, one)] if one.chars().count() == 1 => {
                let c = one.chars().next().expect("one char");
                Box::new(InvertedIndexRangeQuery::new(
                    Bound::Included(Term::from_field_text(fields.grams, one)),
                    next_char(c).map_or(Bound::Unbounded, |n| {
                        Bound::Excluded(Term::from_field_text(fields.grams, &n.to_string()))
                    }),
                ))
            }
            [(_, bigram)] => Box::new(TermQuery::new(
                Term::from_field_text(fields.grams, bigram),
                IndexRecordOption::Basic,
            )),
            many => {
                let key = recall_key(text);
                let listed = (!self.filtered || self.recall.asked_before(&key))
                    .then(|| RecallQuery::new(text, fields.grams, Arc::clone(&self.recall)))
                    .flatten();
                match listed {
                    Some(listed) => Box::new(listed),
                    None => Box::new(PhraseQuery::new_with_offset(
                        many.iter()
                            .map(|(offset, gram)| {
                                (*offset, Term::from_field_text(fields.grams, gram))
                            })
                            .collect(),
                    )),
                }
            }
        };
        let recall = Box::new(ConstScoreQuery::new(recall, 0.0));
        if !self.scored {
            return recall;
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, recall)];
        clauses.extend(self.ranking(&self.words(text)));
        Box::new(BooleanQuery::new(clauses))
    }

    /// The words of a term the index knows (see `segment`).
    pub fn words(&self, text: &str) -> Vec<String> {
        segment(&self.handle.searcher, self.fields().text, &fold(text))
    }

    /// The BM25 clauses of words: one per word.
    pub fn ranking(&self, words: &[String]) -> Vec<(Occur, Box<dyn Query>)> {
        let field = self.fields().text;
        words
            .iter()
            .map(|word| {
                let query = TermQuery::new(
                    Term::from_field_text(field, word),
                    IndexRecordOption::WithFreqs,
                );
                (Occur::Should, Box::new(query) as Box<dyn Query>)
            })
            .collect()
    }

    /// The sections with every member, checked on their text for how close they stand.
    fn near(&self, near: &Near) -> Box<dyn Query> {
        let members = near
            .members
            .iter()
            .map(|alternatives| {
                let any: Vec<(Occur, Box<dyn Query>)> = alternatives
                    .iter()
                    .map(|a| (Occur::Should, self.text(a)))
                    .collect();
                (
                    Occur::Must,
                    Box::new(BooleanQuery::new(any)) as Box<dyn Query>,
                )
            })
            .collect();
        Box::new(NearQuery::new(
            Box::new(BooleanQuery::new(members)),
            near,
            self.fields().text,
            self.counted.clone(),
        ))
    }

    fn names(&mut self, facet: Facet) -> Result<&[KnownName]> {
        if !self.names.contains_key(&facet) {
            let names = self.handle.known_names(facet)?;
            self.names.insert(facet, names);
        }
        Ok(&self.names[&facet])
    }

    /// A filter as a query on its facet's column (scoring nothing).
    pub fn filter(&mut self, filter: &Filter) -> Result<Box<dyn Query>> {
        let field = self.fields().facet(filter.facet);
        let term_query = |text: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, text),
                IndexRecordOption::Basic,
            ))
        };
        let query = match (&filter.value, filter.facet.ty()) {
            (FilterValue::Text(given), FacetType::Name) => {
                let name = resolve_name(filter.facet, given, self.names(filter.facet)?)?;
                term_query(&name)
            }
            // A section whose heading names two kinds matches a filter on either.
            (FilterValue::Text(word), _) if filter.facet == Facet::Section => {
                let also = self.fields().section_also;
                Box::new(BooleanQuery::new(vec![
                    (Occur::Should, term_query(word)),
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(
                            Term::from_field_text(also, word),
                            IndexRecordOption::Basic,
                        )) as Box<dyn Query>,
                    ),
                ]))
            }
            (FilterValue::Text(word), _) => term_query(word),
            // Sections whose column has no value: every section but those that have one.
            (FilterValue::Unknown, _) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
                (
                    Occur::MustNot,
                    Box::new(ExistsQuery::new(filter.facet.name().to_string(), false)),
                ),
            ])),
            (FilterValue::Years(range), _) => Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_u64(field, range.from as u64)),
                Bound::Included(Term::from_field_u64(field, range.to as u64)),
            )),
        };
        Ok(Box::new(ConstScoreQuery::new(query, 0.0)))
    }
}

fn next_char(c: char) -> Option<char> {
    (c as u32 + 1..=char::MAX as u32).find_map(char::from_u32)
}

/// Splits folded query text into the words the index knows, longest first, without loading
/// jieba: every word jieba produced at indexing time is in the term dictionary of the text
/// field, so forward maximum matching against it reproduces the words that matter for BM25.
fn segment(searcher: &Searcher, field: tantivy::schema::Field, text: &str) -> Vec<String> {
    const LONGEST_WORD: usize = 8;
    let dictionaries: Vec<_> = searcher
        .segment_readers()
        .iter()
        .filter_map(|r| r.inverted_index(field).ok())
        .collect();
    let known = |word: &str| {
        dictionaries
            .iter()
            .any(|d| d.terms().get(word.as_bytes()).ok().flatten().is_some())
    };
    let chars: Vec<char> = text.chars().collect();
    let mut words = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let longest = (1..=LONGEST_WORD.min(chars.len() - i))
            .rev()
            .find_map(|len| {
                let word: String = chars[i..i + len].iter().collect();
                known(&word).then_some((word, len))
            });
        match longest {
            Some((word, len)) => {
                words.push(word);
                i += len;
            }
            None => i += 1,
        }
    }
    words
}
