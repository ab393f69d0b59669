//! Running a query: compile it to tantivy, collect the matching units, count and group them
//! (without opening stored documents), then read the top hits for their snippets.

use super::count::OccurrenceCounter;
use super::exclusion::Excluded;
use super::facet::{Group, GroupKey, Tally, Totals};
use super::filters::{
    parse_kind, parse_section, resolve_zone, zones, Filters, YearRange, ZoneInfo,
};
use super::query::{parse, Expr, FilterField};
use super::snippet::{find_matches, snippet, Folded, Needle};
use crate::analysis::fold::fold;
use crate::analysis::grams::query_grams;
use crate::engine::reader::IndexHandle;
use crate::engine::schema::{decode_line_map, Fields};
use crate::ingest::LineMap;
use crate::Result;
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::Bound;
use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, InvertedIndexRangeQuery, Occur, PhraseQuery, Query,
    RangeQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentReader, TantivyDocument, Term};

/// A search to run.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub query: String,
    pub filters: Filters,
    pub group_by: Vec<GroupKey>,
    pub limit: usize,
    pub offset: usize,
    /// Snippet width in characters.
    pub snippet_chars: usize,
    /// When set, a search still counting at this moment stops with [`Error::OverBudget`]
    /// (batch mode gives each line a budget, so one costly line cannot stall the rest).
    pub deadline: Option<std::time::Instant>,
}

impl SearchRequest {
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            limit: 10,
            snippet_chars: 80,
            ..Default::default()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub zone: Option<String>,
    pub year: Option<u64>,
    pub kind: Option<String>,
    /// The section kind.
    pub section: String,
    pub section_path: String,
    /// Path relative to the corpus root.
    pub path: String,
    /// 1-based line of the first match in the original file.
    pub line: u32,
    pub snippet: String,
    /// Highlighted character ranges `[start, end)` in `snippet`.
    pub highlights: Vec<(usize, usize)>,
    pub occurrences: u64,
    pub score: f32,
}

/// Where a result came from, so it can be reproduced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexStamp {
    pub schema_version: u32,
    pub built_at: String,
    pub files: u64,
    pub units: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResult {
    pub query: String,
    /// Filters in effect: flags and those inside the query, as given.
    pub filters: BTreeMap<String, Vec<String>>,
    pub total: Totals,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<Vec<GroupKey>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<Group>>,
    pub hits: Vec<Hit>,
    pub index: IndexStamp,
}

/// What a query matched: every unit with its facet keys and occurrences, and the best units
/// by score.
pub(crate) struct Matches {
    /// Filters in effect, from inside the query and from flags.
    pub filters: BTreeMap<String, Vec<String>>,
    pub total: Totals,
    /// Groups by the keys asked for (empty when none were).
    pub groups: Vec<Group>,
    pub top: Vec<(f32, DocAddress)>,
    needles: Vec<Needle>,
}

/// Runs `query` (or, when it is `None`, every unit) under `filters`, keeping the `top` best
/// and grouping by `by`.
pub(crate) fn find(
    handle: &IndexHandle,
    query: Option<&str>,
    flags: &Filters,
    top: usize,
    by: &[GroupKey],
    deadline: Option<std::time::Instant>,
) -> Result<Matches> {
    let expr = query.map(parse).transpose()?;
    let mut compiler = Compiler::new(handle);
    let mut filters = BTreeMap::new();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut positive: Vec<&str> = Vec::new();
    if let Some(expr) = &expr {
        compiler.collect_filters(expr, &mut filters);
        clauses.push((Occur::Must, compiler.compile(expr)?));
        positive = expr.positive_texts();
    } else {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    for (field, value) in flag_filters(flags) {
        clauses.push((Occur::Must, compiler.filter(field, &value)?));
        filters
            .entry(field.as_str().to_string())
            .or_default()
            .push(value);
    }
    let query = BooleanQuery::new(clauses);

    let searcher = &handle.searcher;
    // No more hits can be wanted than there are units (a huge --limit must not allocate).
    let top = top.min(searcher.num_docs() as usize).max(1);
    let best = TopDocs::with_limit(top).order_by_score();
    let (top, by_segment) = searcher.search(&query, &(best, MatchedDocs))?;
    let counter = OccurrenceCounter::new(&positive);
    let mut tally = Tally::new(by);
    for (segment_ord, docs) in by_segment {
        let counts = counter.count_segment_cached(
            &handle.counts,
            searcher,
            &handle.fields,
            segment_ord,
            &docs,
            deadline,
        )?;
        tally.add_segment(searcher.segment_reader(segment_ord), &docs, &counts)?;
    }
    let (total, groups) = tally.finish();
    Ok(Matches {
        filters,
        total,
        groups,
        top,
        needles: positive.iter().map(|t| Needle::new(t)).collect(),
    })
}

/// Collects every match as ascending document ids per segment, the order in which postings
/// and fast fields are read best (a hash set of addresses cost more than the counting).
struct MatchedDocs;

struct SegmentDocs {
    segment: u32,
    docs: Vec<DocId>,
}

impl Collector for MatchedDocs {
    type Fruit = Vec<(u32, Vec<DocId>)>;
    type Child = SegmentDocs;

    fn for_segment(&self, segment: u32, _: &SegmentReader) -> tantivy::Result<SegmentDocs> {
        Ok(SegmentDocs {
            segment,
            docs: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<(u32, Vec<DocId>)>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().filter(|(_, d)| !d.is_empty()).collect())
    }
}

impl SegmentCollector for SegmentDocs {
    type Fruit = (u32, Vec<DocId>);

    fn collect(&mut self, doc: DocId, _: Score) {
        self.docs.push(doc);
    }

    fn harvest(self) -> (u32, Vec<DocId>) {
        (self.segment, self.docs)
    }
}

pub fn search(handle: &IndexHandle, request: &SearchRequest) -> Result<SearchResult> {
    search_unexplained(handle, request).map_err(|e| handle.explain(e))
}

fn search_unexplained(handle: &IndexHandle, request: &SearchRequest) -> Result<SearchResult> {
    let matches = find(
        handle,
        Some(&request.query),
        &request.filters,
        request.offset.saturating_add(request.limit),
        &request.group_by,
        request.deadline,
    )?;
    let hits = matches
        .top
        .iter()
        .skip(request.offset)
        .take(request.limit)
        .map(|&(score, address)| read_hit(handle, address, score, &matches.needles, request))
        .collect::<Result<Vec<Hit>>>()?;
    let grouped = !request.group_by.is_empty();
    Ok(SearchResult {
        query: request.query.clone(),
        total: matches.total,
        groups: grouped.then_some(matches.groups),
        by: grouped.then(|| request.group_by.clone()),
        filters: matches.filters,
        hits,
        index: IndexStamp::of(handle),
    })
}

impl IndexStamp {
    pub fn of(handle: &IndexHandle) -> IndexStamp {
        IndexStamp {
            schema_version: handle.info.schema_version,
            built_at: handle.info.built_at.clone(),
            files: handle.info.files,
            units: handle.info.units,
        }
    }
}

fn flag_filters(filters: &Filters) -> Vec<(FilterField, String)> {
    let mut out = Vec::new();
    if let Some(z) = &filters.zone {
        out.push((FilterField::Zone, z.clone()));
    }
    if let Some(y) = filters.year {
        out.push((FilterField::Year, y.to_string()));
    }
    if let Some(k) = filters.kind {
        out.push((FilterField::Kind, k.as_str().to_string()));
    }
    if let Some(s) = filters.section {
        out.push((FilterField::Section, s.as_str().to_string()));
    }
    out
}

/// A hit needs the stored unit: its text for the snippet and its line map for `file:line`.
fn read_hit(
    handle: &IndexHandle,
    address: DocAddress,
    score: f32,
    needles: &[Needle],
    request: &SearchRequest,
) -> Result<Hit> {
    let fields = &handle.fields;
    let doc: TantivyDocument = handle.searcher.doc(address)?;
    let text_of = |f| {
        doc.get_first(f)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let text = text_of(fields.text).unwrap_or_default();
    let folded = Folded::new(&text);
    let ranges: Vec<_> = find_matches(&folded.chars, needles)
        .iter()
        .map(|r| folded.original_range(r))
        .collect();
    let line_map = LineMap::from_runs(decode_line_map(
        doc.get_first(fields.line_map)
            .and_then(|v| v.as_bytes())
            .unwrap_or_default(),
    ));
    let s = snippet(&text, &ranges, request.snippet_chars);
    Ok(Hit {
        zone: text_of(fields.zone),
        year: doc.get_first(fields.year).and_then(|v| v.as_u64()),
        kind: text_of(fields.kind),
        section: text_of(fields.section).unwrap_or_default(),
        section_path: text_of(fields.section_path).unwrap_or_default(),
        path: text_of(fields.path).unwrap_or_default(),
        line: line_map.line_at(ranges.first().map_or(0, |r| r.start)),
        snippet: s.text,
        highlights: s.highlights,
        occurrences: ranges.len() as u64,
        score,
    })
}

/// Turns the parsed query into a tantivy query.
struct Compiler<'a> {
    handle: &'a IndexHandle,
    zones: Option<Vec<ZoneInfo>>,
}

impl<'a> Compiler<'a> {
    fn new(handle: &'a IndexHandle) -> Self {
        Compiler {
            handle,
            zones: None,
        }
    }

    fn fields(&self) -> &Fields {
        &self.handle.fields
    }

    fn compile(&mut self, expr: &Expr) -> Result<Box<dyn Query>> {
        Ok(match expr {
            Expr::Text(text) => self.text(text),
            Expr::Filter(field, value) => self.filter(*field, value)?,
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
        let folded = fold(text);
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
            many => Box::new(PhraseQuery::new_with_offset(
                many.iter()
                    .map(|(offset, gram)| (*offset, Term::from_field_text(fields.grams, gram)))
                    .collect(),
            )),
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, Box::new(ConstScoreQuery::new(recall, 0.0)))];
        for word in segment(&self.handle.searcher, fields.text, &folded) {
            clauses.push((
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(fields.text, &word),
                    IndexRecordOption::WithFreqs,
                )),
            ));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    fn zones(&mut self) -> Result<&[ZoneInfo]> {
        if self.zones.is_none() {
            // The commit payload names every zone; older indexes need every report's record.
            self.zones = Some(match &self.handle.info.zones {
                Some(names) => names
                    .iter()
                    .map(|(zone, short_forms)| ZoneInfo {
                        zone: zone.clone(),
                        short_forms: short_forms.clone(),
                        years: Vec::new(),
                        reports: 0,
                    })
                    .collect(),
                None => zones(self.handle.reports()?),
            });
        }
        Ok(self.zones.as_deref().expect("just set"))
    }

    fn filter(&mut self, field: FilterField, value: &str) -> Result<Box<dyn Query>> {
        let fields = *self.fields();
        let term_query = |f, v: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(f, v),
                IndexRecordOption::Basic,
            ))
        };
        let query = match field {
            FilterField::Zone => {
                let zone = resolve_zone(value, self.zones()?)?;
                term_query(fields.zone, &zone)
            }
            FilterField::Kind => term_query(fields.kind, parse_kind(value)?.as_str()),
            FilterField::Section => term_query(fields.section, parse_section(value)?.as_str()),
            FilterField::Year => {
                let range = YearRange::parse(value)?;
                Box::new(RangeQuery::new(
                    Bound::Included(Term::from_field_u64(fields.year, range.from as u64)),
                    Bound::Included(Term::from_field_u64(fields.year, range.to as u64)),
                ))
            }
        };
        Ok(Box::new(ConstScoreQuery::new(query, 0.0)))
    }

    fn collect_filters(&self, expr: &Expr, out: &mut BTreeMap<String, Vec<String>>) {
        match expr {
            Expr::Filter(field, value) => out
                .entry(field.as_str().to_string())
                .or_default()
                .push(value.clone()),
            Expr::Text(_) => {}
            Expr::Not(inner) => self.collect_filters(inner, out),
            Expr::And(items) | Expr::Or(items) => {
                items.iter().for_each(|e| self.collect_filters(e, out))
            }
        }
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
