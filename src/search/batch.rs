//! Batch input: one query per line, plain or as a JSON object, so that one process with one
//! opened index serves a script's hundreds of queries.

use super::execute::SearchRequest;
use super::facet::GroupKey;
use super::filters::{parse_kind, parse_section, YearRange};
use crate::{Error, Result};
use serde::Deserialize;

/// A JSON batch line. Unknown fields are refused, so a misspelt filter is reported rather
/// than silently ignored.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonLine {
    q: String,
    zone: Option<String>,
    /// `2023`, `"2023"` or `"2021..2023"`.
    year: Option<serde_json::Value>,
    kind: Option<String>,
    section: Option<String>,
    /// `"zone"`, `"zone,year"` or `["zone", "year"]`.
    by: Option<serde_json::Value>,
    limit: Option<usize>,
    offset: Option<usize>,
}

/// Turns one input line into a request, starting from `defaults` (the command line's flags).
/// Blank lines and `#` comments give `None`.
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
    let json: JsonLine = serde_json::from_str(line).map_err(|e| Error::BatchLine {
        reason: format!(
            "bad JSON line ({e}); write {{\"q\": \"...\"}} with optional zone, year, kind, section, by, limit, offset"
        ),
    })?;
    request.query = json.q;
    if let Some(zone) = json.zone {
        request.filters.zone = Some(zone);
    }
    if let Some(year) = json.year {
        let text = match &year {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            other => {
                return Err(Error::BatchLine {
                    reason: format!("bad year {other}: write 2023 or \"2021..2023\""),
                })
            }
        };
        request.filters.year = Some(YearRange::parse(&text)?);
    }
    if let Some(kind) = json.kind {
        request.filters.kind = Some(parse_kind(&kind)?);
    }
    if let Some(section) = json.section {
        request.filters.section = Some(parse_section(&section)?);
    }
    if let Some(by) = json.by {
        let list = match &by {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Array(items) if items.iter().all(|i| i.is_string()) => items
                .iter()
                .filter_map(|i| i.as_str())
                .collect::<Vec<_>>()
                .join(","),
            other => {
                return Err(Error::BatchLine {
                    reason: format!(
                        "bad by {other}: write \"zone\", \"zone,year\" or [\"zone\", \"year\"]"
                    ),
                })
            }
        };
        request.group_by = GroupKey::parse_list(&list)?;
    }
    if let Some(limit) = json.limit {
        request.limit = limit;
    }
    if let Some(offset) = json.offset {
        request.offset = offset;
    }
    Ok(Some(request))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{ReportKind, SectionKind};

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
        assert_eq!(r.filters.zone.as_deref(), Some("金昌"));
        assert_eq!(
            r.filters.year,
            Some(YearRange {
                from: 2021,
                to: 2023
            })
        );
        assert_eq!(r.filters.kind, Some(ReportKind::Report));
        assert_eq!(r.filters.section, Some(SectionKind::Problems));
        assert_eq!(r.group_by, vec![GroupKey::Zone, GroupKey::Year]);
        assert_eq!((r.limit, r.offset), (3, 1));
        let r = parse(r#"{"q": "复议", "year": 2023, "by": "zone"}"#)
            .unwrap()
            .unwrap();
        assert_eq!(
            r.filters.year,
            Some(YearRange {
                from: 2023,
                to: 2023
            })
        );
        assert_eq!(r.group_by, vec![GroupKey::Zone]);
    }

    #[test]
    fn broken_json_lines_say_what_is_wrong() {
        for (line, expected) in [
            (r#"{"q": "复议""#, "bad JSON line"),
            (r#"{"query": "复议"}"#, "unknown field `query`"),
            (r#"{"zone": "金昌"}"#, "missing field `q`"),
            (r#"{"q": "复议", "year": 99999}"#, "bad year"),
            (r#"{"q": "复议", "year": [2023]}"#, "bad year"),
            (r#"{"q": "复议", "by": "city"}"#, "unknown group key 'city'"),
            (r#"{"q": "复议", "kind": "memo"}"#, "unknown kind 'memo'"),
            (r#"{"q": "复议", "limit": -1}"#, "bad JSON line"),
        ] {
            let err = parse(line).unwrap_err().to_string();
            assert!(err.contains(expected), "{line}: {err}");
        }
    }
}
