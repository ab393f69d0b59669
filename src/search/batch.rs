//! Batch input: one query per line, plain or as a JSON object, so that one process with one
//! opened index serves a script's hundreds of queries.

use super::execute::Scope;
use super::execute::SearchRequest;
use super::facet::GroupKey;
use super::filters::Filter;
use crate::base::{Facet, FacetType};
use crate::{Error, Result};
use serde_json::Value;

/// The keys a JSON batch line may hold besides the facets (`zone`, `year` …).
const REQUEST_KEYS: [&str; 5] = ["q", "by", "limit", "offset", "scope"];

/// Turns one input line into a request, starting from `defaults` (the command line's flags).
/// Blank lines and `#` comments give `None`.
///
/// A JSON line is `{"q": "...", "by": ..., "limit": ..., "offset": ...}` plus a filter per
/// facet (`"zone": "金昌"`, `"year": 2023` or `"2021..2023"`). Unknown keys are refused, so a
/// misspelt filter is reported rather than silently ignored.
pub fn parse_batch_line(line: &str, defaults: &SearchRequest) -> Result<Option<SearchRequest>> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let mut request = defaults.clone();
    if !line.starts_with('{') {
        request.query = line.to_string();
        return Ok(Some(request));
    }
    let bad = |reason: String| Error::BatchLine { reason };
    let expected = || {
        REQUEST_KEYS
            .into_iter()
            .chain(Facet::ALL.map(Facet::name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let object: serde_json::Map<String, Value> = serde_json::from_str(line).map_err(|e| {
        bad(format!(
            "bad JSON line ({e}); write {{\"q\": \"...\"}} with optional {}",
            expected()
        ))
    })?;
    // A misspelt key is the likelier mistake: name it before a missing `q`.
    if let Some(unknown) = object
        .keys()
        .find(|k| Facet::from_name(k).is_none() && !REQUEST_KEYS.contains(&k.as_str()))
    {
        return Err(bad(format!(
            "unknown field `{unknown}`, expected one of {}",
            expected()
        )));
    }
    let Some(query) = object.get("q") else {
        return Err(bad(format!("missing field `q` in {line}")));
    };
    request.query = query
        .as_str()
        .ok_or_else(|| bad(format!("bad q {query}: write the query as a string")))?
        .to_string();
    for (key, value) in &object {
        if let Some(facet) = Facet::from_name(key) {
            let text = match value {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                other => {
                    return Err(bad(format!(
                        "bad {key} {other}: write a string{}",
                        if facet.ty() == FacetType::Year {
                            " or a number, e.g. 2023 or \"2021..2023\""
                        } else {
                            ""
                        }
                    )))
                }
            };
            request.filters.set(Filter::parse(facet, &text)?);
            continue;
        }
        match key.as_str() {
            "by" => {
                let list = match value {
                    Value::String(s) => s.clone(),
                    Value::Array(items) if items.iter().all(Value::is_string) => items
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(","),
                    other => {
                        return Err(bad(format!(
                            "bad by {other}: write \"zone\", \"zone,year\" or [\"zone\", \"year\"]"
                        )))
                    }
                };
                request.group_by = GroupKey::parse_list(&list)?;
            }
            "limit" | "offset" => {
                let n = value.as_u64().ok_or_else(|| {
                    bad(format!(
                        "bad JSON line: {key} must be a whole number, not {value}"
                    ))
                })?;
                let n = usize::try_from(n).unwrap_or(usize::MAX);
                if key == "limit" {
                    request.limit = n;
                } else {
                    request.offset = n;
                }
            }
            "scope" => {
                request.scope = value
                    .as_str()
                    .and_then(|name| Scope::BY_NAME.iter().find(|(n, _)| *n == name))
                    .map(|(_, scope)| *scope)
                    .ok_or_else(|| {
                        bad(format!(
                            "bad scope {value}: write \"section\" or \"report\""
                        ))
                    })?;
            }
            _ => {} // q, handled above
        }
    }
    Ok(Some(request))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::filters::{FilterValue, YearRange};

    fn parse(line: &str) -> Result<Option<SearchRequest>> {
        parse_batch_line(line, &SearchRequest::new(""))
    }

    #[test]
    fn blank_and_comment_lines_are_skipped() {
        assert!(parse("").unwrap().is_none());
        assert!(parse("   ").unwrap().is_none());
        assert!(parse("# 行政复议").unwrap().is_none());
    }

    #[test]
    fn plain_lines_are_whole_queries() {
        let r = parse("  复议 OR 诉讼 zone:金昌 ").unwrap().unwrap();
        assert_eq!(r.query, "复议 OR 诉讼 zone:金昌");
        assert_eq!(r.limit, 10);
    }

    #[test]
    fn json_lines_set_filters_grouping_and_paging() {
        let r = parse(
            r#"{"q": "行政执法", "zone": "金昌", "year": "2021..2023", "kind": "report", "section": "problems", "by": ["zone", "year"], "limit": 3, "offset": 1}"#,
        )
        .unwrap()
        .unwrap();
        assert_eq!(r.query, "行政执法");
        let text = |facet| r.filters.get(facet).map(|f| f.value.to_string());
        assert_eq!(text(Facet::Zone).as_deref(), Some("金昌"));
        assert_eq!(
            r.filters.get(Facet::Year).map(|f| f.value.clone()),
            Some(FilterValue::Years(YearRange {
                from: 2021,
                to: 2023
            }))
        );
        assert_eq!(text(Facet::Kind).as_deref(), Some("report"));
        assert_eq!(text(Facet::Section).as_deref(), Some("problems"));
        let (zone, year) = (GroupKey::Facet(Facet::Zone), GroupKey::Facet(Facet::Year));
        assert_eq!(r.group_by, vec![zone, year]);
        assert_eq!((r.limit, r.offset), (3, 1));
        let r = parse(r#"{"q": "复议", "year": 2023, "by": "zone"}"#)
            .unwrap()
            .unwrap();
        assert_eq!(
            r.filters.get(Facet::Year).map(|f| f.value.clone()),
            Some(FilterValue::Years(YearRange {
                from: 2023,
                to: 2023
            }))
        );
        assert_eq!(r.group_by, vec![zone]);
    }

    #[test]
    fn broken_json_lines_say_what_is_wrong() {
        for (line, expected) in [
            (r#"{"q": "复议""#, "bad JSON line"),
            (r#"{"query": "复议"}"#, "unknown field `query`"),
            (r#"{"zone": "金昌"}"#, "missing field `q`"),
            (r#"{"q": "复议", "year": 99999}"#, "bad year"),
            (r#"{"q": "复议", "year": [2023]}"#, "bad year"),
            (
                r#"{"q": "复议", "by": "county"}"#,
                "unknown group key 'county'",
            ),
            (r#"{"q": "复议", "kind": "memo"}"#, "unknown kind 'memo'"),
            (r#"{"q": "复议", "limit": -1}"#, "bad JSON line"),
        ] {
            let err = parse(line).unwrap_err().to_string();
            assert!(err.contains(expected), "{line}: {err}");
        }
    }
}
