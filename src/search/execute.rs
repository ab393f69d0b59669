//! Running a query: compile it to tantivy, collect the matching units, count and group them
//! (without opening stored documents), then read the top hits for their snippets.

use super::compile::Compiler;
use super::count::{OccurrenceCounter, SegmentToCount};
use super::facet::{Columns, Group, GroupKey, Tally, Totals};
use super::filters::{Filter, Filters};
use super::glossary::{Expansion, Glossary};
use super::proximity::{CountedWhileChecking, Near, UnitMatcher};
use super::query::{parse, Expr};
use super::snippet::{snippet, Folded};
use crate::base::fold::fold;
use crate::base::{FacetValues, LineMap, PageStarts};
use crate::engine::reader::{stored_facets, IndexHandle};
use crate::engine::schema::decode_line_map;
use crate::Result;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, EnableScoring, Occur, Query, TermSetQuery};
use tantivy::schema::Value;
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
    /// Terms exactly as written: no expansion with the glossary (`--exact`).
    pub exact: bool,
    /// What the query's operators apply to: each section (the default) or the whole report.
    pub scope: Scope,
}

/// What a query's operators apply to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Scope {
    /// `A -B`: sections that mention A and not B.
    #[default]
    Section,
    /// `A -B`: reports that mention A and never B; `A B`: reports with both, anywhere. The
    /// sections counted and shown are those reports' sections that mention a term asked for.
    Report,
}

impl Scope {
    pub const BY_NAME: [(&'static str, Scope); 2] =
        [("section", Scope::Section), ("report", Scope::Report)];
}

/// How the words of a query are read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Reading {
    pub exact: bool,
    pub scope: Scope,
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
    /// The section's facets (`zone`, `year`, `kind`, `section` …), one JSON field each.
    #[serde(flatten)]
    pub facets: FacetValues,
    pub section_path: String,
    /// Path relative to the corpus root.
    pub path: String,
    /// 1-based line of the first match in the original file; in a PDF, counted from the top
    /// of `page`.
    pub line: u32,
    /// In a PDF, the 1-based page of the first match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    pub snippet: String,
    /// Highlighted character ranges `[start, end)` in `snippet`.
    pub highlights: Vec<(usize, usize)>,
    pub occurrences: u64,
    pub score: f32,
}

impl Hit {
    /// Where in its file the first match is: `line`, or `page:line` in a PDF.
    pub fn position(&self) -> String {
        match self.page {
            Some(page) => format!("{page}:{}", self.line),
            None => self.line.to_string(),
        }
    }
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
    /// Terms the glossary expanded, and their forms.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expanded: Vec<Expansion>,
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
    matcher: UnitMatcher,
    /// Terms the glossary expanded.
    pub expanded: Vec<Expansion>,
}

/// Runs `query` (or, when it is `None`, every unit) under `filters`, keeping the `top` best
/// (none, and nothing scored, when `top` is 0) and grouping by `by`.
pub(crate) fn find(
    handle: &IndexHandle,
    query: Option<&str>,
    flags: &Filters,
    top: usize,
    by: &[GroupKey],
    deadline: Option<std::time::Instant>,
    reading: Reading,
) -> Result<Matches> {
    let expr = query.map(parse).transpose()?;
    let (expr, expanded) = match expr {
        Some(expr) if !reading.exact => {
            let (expr, expanded) = Glossary::shipped()?.expand(expr);
            (Some(expr), expanded)
        }
        expr => (expr, Vec::new()),
    };
    let searcher = &handle.searcher;
    // No more hits can be wanted than there are units (a huge --limit must not allocate).
    let top = top.min(searcher.num_docs() as usize);
    let mut compiler = Compiler::new(handle);
    let ranked_apart = match (&expr, reading.scope) {
        (Some(expr), Scope::Section) if top > 0 => ranked_apart(&compiler, expr),
        _ => None,
    };
    // Matching alone needs no words: their postings are not even opened.
    compiler.scored(top > 0 && ranked_apart.is_none());
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut positive: Vec<&str> = Vec::new();
    let mut positive_near: Vec<&Near> = Vec::new();
    let mut counted = None;
    let mut in_effect: Vec<&Filter> = Vec::new();
    if let Some(expr) = &expr {
        expr.collect_filters(&mut in_effect);
        compiler.filtered(!in_effect.is_empty() || flags.iter().next().is_some());
        positive = expr.positive_texts();
        positive_near = expr.positive_near();
        if reading.scope == Scope::Report {
            // The reports the query holds for, then in them the sections with a term asked for.
            let reports = reports_where(handle, &mut compiler, expr)?;
            counted = count_while_checking(&mut compiler, &positive, &positive_near);
            let terms: Vec<Term> = reports
                .iter()
                .map(|path| Term::from_field_text(handle.fields.path, path))
                .collect();
            clauses.push((Occur::Must, Box::new(TermSetQuery::new(terms))));
            if !positive.is_empty() || !positive_near.is_empty() {
                let any_term = Expr::Or(
                    positive
                        .iter()
                        .map(|t| Expr::Text(t.to_string()))
                        .chain(positive_near.iter().map(|&n| Expr::Near(n.clone())))
                        .collect(),
                );
                clauses.push((Occur::Must, compiler.compile(&any_term)?));
            }
        } else {
            counted = count_while_checking(&mut compiler, &positive, &positive_near);
            clauses.push((Occur::Must, compiler.compile(expr)?));
        }
    } else {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    for filter in flags.iter() {
        clauses.push((Occur::Must, compiler.filter(filter)?));
        in_effect.push(filter);
    }
    let query = BooleanQuery::new(clauses);
    let mut filters: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for filter in in_effect {
        filters
            .entry(filter.facet.name().to_string())
            .or_default()
            .push(filter.value.to_string());
    }

    let (top, by_segment) = match ranked_apart {
        // Counts and groups only (`--count`, the matrix): nothing is scored.
        _ if top == 0 => (Vec::new(), handle.search(&query, &MatchedDocs)?),
        Some(apart) => {
            let by_segment = handle.search(&query, &MatchedDocs)?;
            let best = apart.best(searcher, &compiler, &by_segment, top)?;
            (best, by_segment)
        }
        _ => {
            let best = TopDocs::with_limit(top).order_by_score();
            handle.search(&query, &(best, MatchedDocs))?
        }
    };
    let matcher = UnitMatcher::new(&positive, &positive_near);
    let counter = OccurrenceCounter::new(&positive, &positive_near, &matcher, counted);
    let mut tally = Tally::new(by);
    for (segment_ord, docs) in by_segment {
        let segment = SegmentToCount {
            searcher,
            fields: &handle.fields,
            ord: segment_ord,
            deadline,
        };
        let counts = counter.count_segment_cached(&handle.memo, &segment, &docs)?;
        let columns = Columns::of(&handle.memo, searcher.segment_reader(segment_ord))?;
        tally.add_segment(&columns, &docs, &counts)?;
    }
    let (total, groups) = tally.finish();
    Ok(Matches {
        filters,
        total,
        groups,
        top,
        matcher,
        expanded,
    })
}

/// A query ranked by this many words at most is ranked apart from matching (`offer_pruned`):
/// the sum of two scores does not depend on their order, so the scores are bit for bit those
/// of the whole query.
const MAX_WORDS_RANKED_APART: usize = 2;

/// How a query's matches are ranked once they are all known.
#[derive(Debug, PartialEq)]
enum RankedApart {
    /// By block-max WAND over the words' postings (`offer_pruned`).
    Pruned(Vec<String>),
    /// Each match on its own, by the words of every term it must hold (`offer_each`).
    EachMatch(Vec<String>),
}

impl RankedApart {
    /// The `k` best of the `matched` units, ties in index order.
    fn best(
        &self,
        searcher: &Searcher,
        compiler: &Compiler,
        matched: &[(u32, Vec<DocId>)],
        k: usize,
    ) -> Result<Vec<(f32, DocAddress)>> {
        let mut best = Best::new(k);
        match self {
            RankedApart::Pruned(words) => {
                offer_pruned(&mut best, searcher, compiler.ranking(words), matched)?
            }
            RankedApart::EachMatch(words) => {
                offer_each(&mut best, searcher, compiler.ranking(words), matched)?
            }
        }
        Ok(best.into_sorted())
    }
}

/// How the matches of `expr` are ranked apart from matching, if they can be: by pruning
/// (`words_ranked_apart`), or, for one term of more words or terms that must all be there
/// (with filters and exclusions, which score nothing), by scoring each match. A section that
/// must hold every term holds each term's words wherever they are in it, so its score is the
/// sum over the words of all its terms: the whole query's, but for the order of the sum.
fn ranked_apart(compiler: &Compiler, expr: &Expr) -> Option<RankedApart> {
    if let Some(words) = words_ranked_apart(compiler, expr) {
        return Some(RankedApart::Pruned(words));
    }
    let scored: Vec<&Expr> = match expr {
        Expr::And(items) => items
            .iter()
            .filter(|e| !matches!(e, Expr::Filter(_) | Expr::Not(_)))
            .collect(),
        one => vec![one],
    };
    let mut words = Vec::new();
    for item in scored {
        let Expr::Text(text) = item else {
            return None;
        };
        words.extend(compiler.words(text));
    }
    Some(RankedApart::EachMatch(words))
}

/// The words that rank every match, when ranking by them apart from matching
/// (`offer_pruned`) gives the scores of the whole query: at most MAX_WORDS_RANKED_APART words
/// of one term, or of terms joined by OR that are each one word (or none the index knows),
/// alone or with filters and exclusions (which score nothing). A word that is a whole term is
/// in a section only where the term is found, so a section's score is the sum over the words
/// it holds, whichever term matched it.
fn words_ranked_apart(compiler: &Compiler, expr: &Expr) -> Option<Vec<String>> {
    let words = match expr {
        Expr::Text(text) => compiler.words(text),
        Expr::Or(items) => {
            let mut words = Vec::new();
            for item in items {
                let Expr::Text(text) = item else {
                    return None;
                };
                match compiler.words(text).as_slice() {
                    [] => {}
                    [word] if *word == fold(text) => words.push(word.clone()),
                    _ => return None,
                }
            }
            words
        }
        Expr::And(items) => {
            let mut scored = items
                .iter()
                .filter(|e| !matches!(e, Expr::Filter(_) | Expr::Not(_)));
            return match (scored.next(), scored.next()) {
                (Some(one @ (Expr::Text(_) | Expr::Or(_))), None) => {
                    words_ranked_apart(compiler, one)
                }
                _ => None,
            };
        }
        _ => return None,
    };
    (words.len() <= MAX_WORDS_RANKED_APART).then_some(words)
}

/// Offers `best` the `matched` units by BM25 over a term's words (`ranking`): what `TopDocs`
/// finds over the whole query, whose other clauses score 0. Ranked apart from matching, the
/// words' postings are read with block-max WAND, which skips the blocks that cannot reach the
/// k-th score: a common term ranks its best sections without scoring the million others.
fn offer_pruned(
    best: &mut Best,
    searcher: &Searcher,
    ranking: Vec<(Occur, Box<dyn Query>)>,
    matched: &[(u32, Vec<DocId>)],
) -> Result<()> {
    if !ranking.is_empty() && best.k > 0 {
        let weight =
            BooleanQuery::new(ranking).weight(EnableScoring::enabled_from_searcher(searcher))?;
        for (segment, docs) in matched {
            let reader = searcher.segment_reader(*segment);
            // Offered units come in ascending order, mostly far fewer than the matches.
            let mut members = Cursor { docs, at: 0 };
            weight.for_each_pruning(best.threshold(), reader, &mut |doc, score| {
                if members.holds(doc) {
                    best.offer(score, DocAddress::new(*segment, doc));
                }
                best.threshold()
            })?;
        }
    }
    if !best.is_full() {
        // The heap never filled, so every match with a word is in it; matches without one
        // score 0 and follow in index order.
        let ranked: std::collections::HashSet<DocAddress> = best.addresses();
        let unranked = matched
            .iter()
            .flat_map(|(segment, docs)| docs.iter().map(|&doc| DocAddress::new(*segment, doc)))
            .filter(|address| !ranked.contains(address));
        for address in unranked.take(best.k - ranked.len()) {
            best.offer(0.0, address);
        }
    }
    Ok(())
}

/// A place in ascending document ids, asked about ascending ids.
struct Cursor<'a> {
    docs: &'a [DocId],
    at: usize,
}

impl Cursor<'_> {
    /// Whether `doc` is one of the ids; no id after it was asked about before.
    fn holds(&mut self, doc: DocId) -> bool {
        let rest = &self.docs[self.at..];
        // The next id is mostly a few steps on; else bisection.
        let near = rest.len().min(8);
        self.at += match rest[..near].iter().position(|&d| d >= doc) {
            Some(step) => step,
            None => near + rest[near..].partition_point(|&d| d < doc),
        };
        self.docs.get(self.at) == Some(&doc)
    }
}

/// Offers `best` the `matched` units by the sum of BM25 over `ranking` (a word twice when two
/// terms hold it). Each unit is scored on its own: every word's postings are moved to it, so
/// a rare phrase of common words reads a little of each list rather than all of them.
fn offer_each(
    best: &mut Best,
    searcher: &Searcher,
    ranking: Vec<(Occur, Box<dyn Query>)>,
    matched: &[(u32, Vec<DocId>)],
) -> Result<()> {
    let scoring = EnableScoring::enabled_from_searcher(searcher);
    let weights = ranking
        .iter()
        .map(|(_, query)| query.weight(scoring))
        .collect::<tantivy::Result<Vec<_>>>()?;
    for (segment, docs) in matched {
        let reader = searcher.segment_reader(*segment);
        let mut scorers = weights
            .iter()
            .map(|weight| weight.scorer(reader, 1.0))
            .collect::<tantivy::Result<Vec<_>>>()?;
        for &doc in docs {
            let mut score = 0.0;
            for scorer in scorers.iter_mut() {
                if scorer.doc() < doc {
                    scorer.seek(doc);
                }
                if scorer.doc() == doc {
                    score += scorer.score();
                }
            }
            best.offer(score, DocAddress::new(*segment, doc));
        }
    }
    Ok(())
}

/// The best `k` (score, unit) pairs seen: higher scores first, lower addresses among equals.
struct Best {
    k: usize,
    /// The worst kept entry on top.
    heap: std::collections::BinaryHeap<Ranked>,
}

#[derive(PartialEq)]
struct Ranked(f32, DocAddress);

impl Eq for Ranked {}

impl Ord for Ranked {
    /// Greater is worse: a lower score, or an equal score at a later address.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other.0.total_cmp(&self.0).then(self.1.cmp(&other.1))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Best {
    fn new(k: usize) -> Best {
        Best {
            k,
            heap: std::collections::BinaryHeap::with_capacity(k + 1),
        }
    }

    fn is_full(&self) -> bool {
        self.heap.len() >= self.k
    }

    /// The score a unit must beat to get in.
    fn threshold(&self) -> f32 {
        match self.heap.peek() {
            Some(worst) if self.is_full() => worst.0,
            _ => f32::MIN,
        }
    }

    fn offer(&mut self, score: f32, address: DocAddress) {
        let entry = Ranked(score, address);
        if !self.is_full() {
            self.heap.push(entry);
        } else if self.heap.peek().is_some_and(|worst| entry < *worst) {
            self.heap.pop();
            self.heap.push(entry);
        }
    }

    fn addresses(&self) -> std::collections::HashSet<DocAddress> {
        self.heap.iter().map(|r| r.1).collect()
    }

    fn into_sorted(self) -> Vec<(f32, DocAddress)> {
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|Ranked(score, address)| (score, address))
            .collect()
    }
}

/// With proximity clauses, the place where they count the sections they hold in.
fn count_while_checking(
    compiler: &mut Compiler,
    words: &[&str],
    near: &[&Near],
) -> Option<Arc<CountedWhileChecking>> {
    if near.is_empty() {
        return None;
    }
    let counted = Arc::new(CountedWhileChecking::new(UnitMatcher::new(words, near)));
    compiler.count_while_checking(Arc::clone(&counted));
    Some(counted)
}

/// The paths of the reports for which `expr` holds when every clause is asked of the whole
/// report: a word is in some section of it, `-word` in none.
fn reports_where(
    handle: &IndexHandle,
    compiler: &mut Compiler,
    expr: &Expr,
) -> Result<std::collections::HashSet<String>> {
    Ok(match expr {
        Expr::Text(_) | Expr::Filter(_) | Expr::Near(_) => {
            report_paths(handle, &*compiler.compile(expr)?)?
        }
        Expr::Not(inner) => {
            let all = report_paths(handle, &AllQuery)?;
            let excluded = reports_where(handle, compiler, inner)?;
            all.difference(&excluded).cloned().collect()
        }
        Expr::And(items) => {
            let mut sets = items.iter().map(|e| reports_where(handle, compiler, e));
            let mut kept = sets.next().transpose()?.unwrap_or_default();
            for set in sets {
                let set = set?;
                kept.retain(|path| set.contains(path));
            }
            kept
        }
        Expr::Or(items) => {
            let mut all = std::collections::HashSet::new();
            for item in items {
                all.extend(reports_where(handle, compiler, item)?);
            }
            all
        }
    })
}

/// The paths of the reports with a section `query` matches, from the path column: each
/// segment's column is opened once, and each distinct path named once.
fn report_paths(
    handle: &IndexHandle,
    query: &dyn Query,
) -> Result<std::collections::HashSet<String>> {
    let searcher = &handle.searcher;
    let by_segment = handle.search(query, &MatchedDocs)?;
    let mut paths = std::collections::HashSet::new();
    for (segment, docs) in by_segment {
        let column = searcher
            .segment_reader(segment)
            .fast_fields()
            .str("path")?
            .ok_or_else(|| tantivy::TantivyError::SchemaError("no path column".into()))?;
        let mut ords: Vec<u64> = docs
            .iter()
            .filter_map(|&doc| column.ords().first(doc))
            .collect();
        ords.sort_unstable();
        ords.dedup();
        // One pass over the column's dictionary: naming ords one by one decompresses a block
        // (and makes a zstd context) per path.
        paths.extend(crate::engine::reader::ord_texts(&column, ords)?);
    }
    Ok(paths)
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

    /// Unscored matches come in blocks (`for_each_no_score`).
    fn collect_block(&mut self, docs: &[DocId]) {
        self.docs.extend_from_slice(docs);
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
        match request.limit {
            0 => 0,
            limit => request
                .offset
                .saturating_add(limit)
                .saturating_add(TIE_MARGIN),
        },
        &request.group_by,
        request.deadline,
        Reading {
            exact: request.exact,
            scope: request.scope,
        },
    )?;
    let window = request.offset..request.offset.saturating_add(request.limit);
    let mut ranked = matches.top.clone();
    settle_ties(handle, &mut ranked, &window)?;
    let mut hits = ranked
        .iter()
        .skip(request.offset)
        .take(request.limit)
        .map(|&(score, address)| read_hit(handle, address, score, &matches.matcher, request))
        .collect::<Result<Vec<Hit>>>()?;
    // Equal scores (the same section in two files) come in index order, which depends on how
    // the indexing threads interleaved; the path orders them the same way every time.
    hits.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.path.cmp(&b.path))
            .then_with(|| (a.page, a.line).cmp(&(b.page, b.line)))
    });
    let grouped = !request.group_by.is_empty();
    Ok(SearchResult {
        query: request.query.clone(),
        total: matches.total,
        groups: grouped.then_some(matches.groups),
        by: grouped.then(|| request.group_by.clone()),
        filters: matches.filters,
        expanded: matches.expanded,
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

/// Hits fetched beyond the page asked for, so that sections of equal score on both sides of
/// the page's edge can be put in a fixed order.
const TIE_MARGIN: usize = 64;

/// Puts sections of equal score that straddle an edge of `window` in order of path and unit:
/// tantivy returns them in index order, which depends on how the indexing threads interleaved,
/// so `--limit 2` over three copies of one section would otherwise pick different ones from one
/// build to the next. (More equal scores than [`TIE_MARGIN`] past the edge stay unsettled.)
fn settle_ties(
    handle: &IndexHandle,
    ranked: &mut [(f32, DocAddress)],
    window: &std::ops::Range<usize>,
) -> Result<()> {
    for edge in [window.start, window.end] {
        if edge == 0 || edge >= ranked.len() || ranked[edge - 1].0 != ranked[edge].0 {
            continue;
        }
        let score = ranked[edge].0;
        let tied =
            ranked.partition_point(|r| r.0 > score)..ranked.partition_point(|r| r.0 >= score);
        let mut keyed = Vec::with_capacity(tied.len());
        for &(score, address) in &ranked[tied.clone()] {
            let doc: TantivyDocument = handle.searcher.doc(address)?;
            let path = doc
                .get_first(handle.fields.path)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            let unit = doc.get_first(handle.fields.unit).and_then(|v| v.as_u64());
            keyed.push(((path, unit), (score, address)));
        }
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        for (slot, (_, entry)) in ranked[tied].iter_mut().zip(keyed) {
            *slot = entry;
        }
    }
    Ok(())
}

/// A hit needs the stored unit: its text for the snippet and its line map for `file:line`.
fn read_hit(
    handle: &IndexHandle,
    address: DocAddress,
    score: f32,
    matcher: &UnitMatcher,
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
    let ranges: Vec<_> = matcher
        .ranges(&folded.chars)
        .iter()
        .map(|r| folded.original_range(r))
        .collect();
    let line_map = LineMap::from_runs(decode_line_map(
        doc.get_first(fields.line_map)
            .and_then(|v| v.as_bytes())
            .unwrap_or_default(),
    ));
    let pages = PageStarts::decode(
        doc.get_first(fields.pages)
            .and_then(|v| v.as_bytes())
            .unwrap_or_default(),
    );
    let line = line_map.line_at(ranges.first().map_or(0, |r| r.start));
    let (page, line) = match pages.locate(line) {
        Some((page, line)) => (Some(page), line),
        None => (None, line),
    };
    let s = snippet(&text, &ranges, request.snippet_chars);
    let facets = stored_facets(&doc, fields);
    Ok(Hit {
        facets,
        section_path: text_of(fields.section_path).unwrap_or_default(),
        path: text_of(fields.path).unwrap_or_default(),
        line,
        page,
        snippet: s.text,
        highlights: s.highlights,
        occurrences: ranges.len() as u64,
        score,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::writer::{update_index, IndexOptions};
    use std::path::Path;

    #[test]
    fn a_cursor_finds_members_asked_in_order() {
        let docs: Vec<DocId> = (0..100).map(|d| d * 3).collect();
        // Near steps, a long jump (bisection), past the end.
        let mut cursor = Cursor { docs: &docs, at: 0 };
        let asked = [0, 1, 3, 5, 6, 150, 151, 297, 298, 400];
        let held: Vec<bool> = asked.iter().map(|&d| cursor.holds(d)).collect();
        let expected: Vec<bool> = asked.iter().map(|d| d % 3 == 0 && *d < 300).collect();
        assert_eq!(held, expected);
        assert!(!Cursor { docs: &[], at: 0 }.holds(7));
    }

    /// The shipped corpus, indexed into a temporary folder that lives as long as the first.
    fn shipped_index() -> (tempfile::TempDir, IndexHandle) {
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let dir = tempfile::tempdir().unwrap();
        update_index(&IndexOptions::new(corpus, dir.path()), &mut |_, _| {}).unwrap();
        let handle = IndexHandle::open(dir.path()).unwrap();
        (dir, handle)
    }

    /// Sections by score, best first.
    type Best50 = Vec<(f32, DocAddress)>;

    /// The 50 best sections for `q` (its terms as written) as `find` ranks them, and as
    /// tantivy ranks the whole query.
    fn best_both_ways(handle: &IndexHandle, q: &str) -> (Best50, Best50) {
        let exact = Reading {
            exact: true,
            ..Reading::default()
        };
        let found = find(handle, Some(q), &Filters::default(), 50, &[], None, exact)
            .unwrap()
            .top;
        let whole = Compiler::new(handle).compile(&parse(q).unwrap()).unwrap();
        let best = TopDocs::with_limit(50).order_by_score();
        (found, handle.searcher.search(&whole, &best).unwrap())
    }

    /// Ranked apart from matching, a query's best sections and their scores are those of
    /// the whole query scored by tantivy, ties in the same order.
    #[test]
    fn words_ranked_apart_give_the_scores_of_the_whole_query() {
        let (_dir, handle) = shipped_index();
        let mut apart = 0;
        for q in [
            "法治",
            "行政执法",
            "法治 OR 政府",
            "政府 OR 法治",
            "复议 OR 诉讼",
            "法治 OR 政府 -复议",
            "法治 OR 政府 year:2023",
            "行政 OR 不在文中的词",
            "公职律师 OR 法治",
        ] {
            let expr = parse(q).unwrap();
            if words_ranked_apart(&Compiler::new(&handle), &expr).is_some() {
                apart += 1;
            }
            let (found, expected) = best_both_ways(&handle, q);
            assert!(!expected.is_empty(), "{q} finds nothing in the corpus");
            assert_eq!(found, expected, "{q}");
        }
        // Most of these take the path under test (the last is three words: the whole query).
        assert!(apart >= 7, "only {apart} queries ranked apart");
    }

    /// Scored match by match, a query whose terms must all be there ranks its sections as the
    /// whole query does, with the same scores but for the order of their sums.
    #[test]
    fn each_match_scored_apart_ranks_as_the_whole_query() {
        let (_dir, handle) = shipped_index();
        for q in [
            "严格规范公正文明执法",
            "法治政府建设 依法行政",
            "法治 政府",
            "法治 政府 year:2023",
            "行政执法 法治 -复议",
            "政府 法治 政府",
        ] {
            let expr = parse(q).unwrap();
            assert!(
                matches!(
                    ranked_apart(&Compiler::new(&handle), &expr),
                    Some(RankedApart::EachMatch(_))
                ),
                "{q} is not scored match by match"
            );
            let (found, expected) = best_both_ways(&handle, q);
            assert!(expected.len() > 1, "{q} finds too little in the corpus");
            let addresses = |hits: &[(f32, DocAddress)]| -> Vec<DocAddress> {
                hits.iter().map(|h| h.1).collect()
            };
            assert_eq!(addresses(&found), addresses(&expected), "{q}");
            for (f, e) in found.iter().zip(&expected) {
                assert!(
                    (f.0 - e.0).abs() <= 1e-5 * e.0.abs(),
                    "{q}: {} against {}",
                    f.0,
                    e.0
                );
            }
            assert!(expected.iter().any(|h| h.0 > 0.0), "{q} scores nothing");
        }
    }
}
