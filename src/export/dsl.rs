//! `zonedex dsl`: a zonedex search as OpenSearch / Elasticsearch Query DSL, for an index loaded
//! from `zonedex export opensearch`.
//!
//! - A word or phrase is a `match_phrase` of its folded text on `recall` (bigrams at their
//!   positions: a substring match, as in zonedex), or a `term` on `recall.chars` for one
//!   character. Recall decides in filter context; a `match` on `text` (smartcn words) ranks,
//!   as BM25 over jieba words ranks in zonedex.
//! - Filters are `term`, `range` and `exists` queries on the keyword fields.
//! - Proximity becomes span queries: `"A B"~N` a `span_near` with slop N + 1 (one position per
//!   character; the one a word's last bigram reaches past it); `同段` a `span_near` bounded by
//!   the paragraph gap; `同句` the same, minus the spans that hold a sentence end (`span_not`).
//! - `--by` becomes `terms` aggregations, each with a `cardinality` of paths (reports); the
//!   number of sections is the hit total.
//!
//! Where answers can differ is listed in the README ("Scaling out").

use super::opensearch::PARAGRAPH_SLOP;
use super::recall_word;
use crate::base::{Facet, FacetType};
use crate::engine::reader::IndexHandle;
use crate::search::filters::{resolve_name, Filter, FilterValue};
use crate::search::glossary::{Expansion, Glossary};
use crate::search::proximity::{Near, Within};
use crate::search::query::{parse, Expr};
use crate::search::{GroupKey, Scope, SearchRequest};
use crate::{Error, Result};
use serde_json::{json, Value};

/// Largest number of groups asked of a `terms` aggregation.
const MAX_GROUPS: u32 = 10_000;

/// Exact report counts up to this many reports (the engines' maximum); HyperLogLog++ above.
const CARDINALITY_PRECISION: u32 = 40_000;

/// The Query DSL of `request`, and the glossary expansions it made.
pub fn translate(handle: &IndexHandle, request: &SearchRequest) -> Result<(Value, Vec<Expansion>)> {
    if request.scope == Scope::Report {
        return Err(Error::NotTranslatable(
            "--scope report has no one-query form in OpenSearch (it needs the reports of one query as a filter of the next); translate the per-section query, or group by report".into(),
        ));
    }
    let expr = parse(&request.query)?;
    let (expr, expanded) = if request.exact {
        (expr, Vec::new())
    } else {
        Glossary::shipped()?.expand(expr)
    };
    let mut filter = vec![translate_expr(handle, &expr)?];
    for flag in request.filters.iter() {
        filter.push(translate_filter(handle, flag)?);
    }
    let should: Vec<Value> = expr
        .positive_texts()
        .iter()
        .map(|t| json!({"match": {"text": t}}))
        .chain(expr.positive_near().iter().flat_map(|n| {
            n.members
                .iter()
                .flatten()
                .map(|t| json!({"match": {"text": t}}))
                .collect::<Vec<_>>()
        }))
        .collect();
    let mut body = json!({
        "query": {"bool": {"filter": filter, "should": should}},
        "track_total_hits": true,
        "from": request.offset,
        "size": request.limit,
        "sort": ["_score", {"path": "asc"}, {"section_number": "asc"}],
        "aggs": {"reports": reports_count()},
    });
    if let Some(groups) = group_aggregation(&request.group_by) {
        body["aggs"]["groups"] = groups;
    }
    Ok((body, expanded))
}

fn reports_count() -> Value {
    json!({"cardinality": {"field": "path", "precision_threshold": CARDINALITY_PRECISION}})
}

/// Nested `terms` aggregations, one level per key, each counting reports; an unknown value is
/// the bucket `(unknown zone)` (`0` for the year).
fn group_aggregation(keys: &[GroupKey]) -> Option<Value> {
    let (first, rest) = keys.split_first()?;
    let (field, missing) = match first {
        GroupKey::Report => ("path".to_string(), json!("(unknown path)")),
        GroupKey::Facet(facet) => (
            facet.name().to_string(),
            match facet.ty() {
                FacetType::Year => json!(0),
                _ => json!(format!("(unknown {})", facet.name())),
            },
        ),
    };
    let mut aggs = json!({"reports": reports_count()});
    if let Some(inner) = group_aggregation(rest) {
        aggs["groups"] = inner;
    }
    Some(json!({
        "terms": {"field": field, "size": MAX_GROUPS, "missing": missing},
        "aggs": aggs
    }))
}

fn translate_expr(handle: &IndexHandle, expr: &Expr) -> Result<Value> {
    Ok(match expr {
        Expr::Text(text) => recall_query(text),
        Expr::Filter(filter) => translate_filter(handle, filter)?,
        Expr::Near(near) => near_query(near),
        Expr::Not(inner) => json!({"bool": {"must_not": [translate_expr(handle, inner)?]}}),
        Expr::And(items) => {
            let (mut filter, mut must_not) = (Vec::new(), Vec::new());
            for item in items {
                match item {
                    Expr::Not(inner) => must_not.push(translate_expr(handle, inner)?),
                    other => filter.push(translate_expr(handle, other)?),
                }
            }
            match must_not.is_empty() {
                true => json!({"bool": {"filter": filter}}),
                false => json!({"bool": {"filter": filter, "must_not": must_not}}),
            }
        }
        Expr::Or(items) => {
            let should = items
                .iter()
                .map(|item| translate_expr(handle, item))
                .collect::<Result<Vec<_>>>()?;
            json!({"bool": {"should": should, "minimum_should_match": 1}})
        }
    })
}

/// Exact substring recall of one word or phrase.
fn recall_query(text: &str) -> Value {
    let chars = recall_word(text);
    match chars.len() {
        0 => json!({"match_all": {}}),
        1 => json!({"term": {"recall.chars": chars[0].to_string()}}),
        _ => json!({"match_phrase": {"recall": chars.iter().collect::<String>()}}),
    }
}

fn translate_filter(handle: &IndexHandle, filter: &Filter) -> Result<Value> {
    let field = filter.facet.name();
    Ok(match (&filter.value, filter.facet.ty()) {
        (FilterValue::Text(given), FacetType::Name) => {
            let name = resolve_name(filter.facet, given, &handle.known_names(filter.facet)?)?;
            json!({"term": {field: name}})
        }
        (FilterValue::Text(word), _) if filter.facet == Facet::Section => json!({
            "bool": {"should": [{"term": {field: word}}, {"term": {"section_also": word}}], "minimum_should_match": 1}
        }),
        (FilterValue::Text(word), _) => json!({"term": {field: word}}),
        (FilterValue::Unknown, _) => json!({"bool": {"must_not": [{"exists": {"field": field}}]}}),
        (FilterValue::Years(range), _) => {
            json!({"range": {field: {"gte": range.from, "lte": range.to}}})
        }
    })
}

/// A word as a span: its bigrams one after the other, or, for one character, any bigram it
/// starts.
fn word_span(word: &str) -> Value {
    let chars = recall_word(word);
    let bigrams: Vec<Value> = chars
        .windows(2)
        .map(|pair| json!({"span_term": {"recall": pair.iter().collect::<String>()}}))
        .collect();
    match (chars.len(), bigrams.len()) {
        (0, _) => json!({"span_term": {"recall": ""}}),
        (1, _) => json!({"span_multi": {"match": {"prefix": {"recall": chars[0].to_string()}}}}),
        (_, 1) => bigrams.into_iter().next().expect("one bigram"),
        _ => json!({"span_near": {"clauses": bigrams, "slop": 0, "in_order": true}}),
    }
}

fn near_query(near: &Near) -> Value {
    let clauses: Vec<Value> = near
        .members
        .iter()
        .map(|alternatives| match alternatives.as_slice() {
            [one] => word_span(one),
            many => json!({"span_or": {"clauses": many.iter().map(|w| word_span(w)).collect::<Vec<_>>()}}),
        })
        .collect();
    let slop = match near.within {
        Within::Chars(n) => n + 1,
        Within::Sentence | Within::Paragraph => PARAGRAPH_SLOP,
    };
    let spans = json!({"span_near": {"clauses": clauses, "slop": slop, "in_order": false}});
    if near.within != Within::Sentence {
        return spans;
    }
    let sentence_ends: Vec<Value> = ["。", "!", "?"]
        .iter()
        .map(|end| json!({"span_multi": {"match": {"prefix": {"recall": end}}}}))
        .collect();
    json!({"span_not": {"include": spans, "exclude": {"span_or": {"clauses": sentence_ends}}}})
}
