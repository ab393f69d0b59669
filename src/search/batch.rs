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

/// Answers `lines` on `workers` threads and hands each answer to `write` in input order, with
/// its 0-based line number. A batch is hundreds of independent queries: one per core keeps
/// every core busy, while the output stays exactly what one thread would write. At most a
/// fixed window of lines is in flight, so a slow line holds back memory, not correctness.
///
/// Input is read as it comes (a pipe answers line by line). The first read or write error
/// stops the run and is returned once the lines in flight are done.
pub fn answer_in_order<A: Send, E: Send>(
    lines: impl Iterator<Item = std::result::Result<String, E>>,
    workers: usize,
    answer: impl Fn(usize, &str) -> A + Sync,
    mut write: impl FnMut(usize, A) -> std::result::Result<(), E> + Send,
) -> std::result::Result<(), E> {
    use std::sync::{mpsc, Arc, Mutex};
    let workers = workers.max(1);
    let window = workers * 8;
    let (job_tx, job_rx) = mpsc::sync_channel::<(usize, String)>(workers);
    // Shared by the workers, and dropped with the last of them, so that sending a job fails
    // (rather than blocks) once they are gone.
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (done_tx, done_rx) = mpsc::channel::<(usize, A)>();
    // A ticket per line in flight: the reader takes one, the writer gives it back.
    let (ticket_tx, ticket_rx) = mpsc::sync_channel::<()>(window);
    for _ in 0..window {
        ticket_tx.send(()).expect("the channel holds a full window");
    }
    let answer = &answer;
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (job_rx, done_tx) = (Arc::clone(&job_rx), done_tx.clone());
            scope.spawn(move || loop {
                let job = job_rx.lock().map_or(Err(mpsc::RecvError), |rx| rx.recv());
                let Ok((number, line)) = job else { break };
                if done_tx.send((number, answer(number, &line))).is_err() {
                    break;
                }
            });
        }
        drop((job_rx, done_tx));
        let writer = scope.spawn(move || {
            let mut pending = std::collections::BTreeMap::new();
            let mut next = 0;
            for (number, answered) in done_rx {
                pending.insert(number, answered);
                while let Some(answered) = pending.remove(&next) {
                    write(next, answered)?;
                    next += 1;
                    let _ = ticket_tx.send(());
                }
            }
            Ok(())
        });
        let mut read = Ok(());
        for (number, line) in lines.enumerate() {
            match line {
                Err(e) => {
                    read = Err(e);
                    break;
                }
                Ok(line) => {
                    if ticket_rx.recv().is_err() || job_tx.send((number, line)).is_err() {
                        break;
                    }
                }
            }
        }
        drop(job_tx);
        let written = writer.join().expect("the batch writer does not panic");
        written.and(read)
    })
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
    #[test]
    fn answers_come_out_in_input_order_whatever_the_workers_do() {
        // Early lines take longest, so later ones finish first on other workers.
        let lines = (0..200).map(|i| Ok::<String, ()>(format!("{i}")));
        let mut out = Vec::new();
        answer_in_order(
            lines,
            4,
            |number, line| {
                std::thread::sleep(std::time::Duration::from_micros(
                    ((200 - number) % 7) as u64 * 300,
                ));
                line.parse::<usize>().unwrap() * 2
            },
            |number, doubled| {
                out.push((number, doubled));
                Ok(())
            },
        )
        .unwrap();
        let expected: Vec<(usize, usize)> = (0..200).map(|i| (i, i * 2)).collect();
        assert_eq!(out, expected);
    }

    #[test]
    fn a_write_error_stops_the_batch_and_is_returned() {
        let lines = (0..10_000).map(|i| Ok::<String, String>(i.to_string()));
        let mut written = 0;
        let result = answer_in_order(
            lines,
            2,
            |_, line| line.len(),
            |number, _| {
                written += 1;
                if number == 5 {
                    Err("broken pipe".to_string())
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(result, Err("broken pipe".to_string()));
        assert_eq!(written, 6, "nothing is written after the failure");
    }

    #[test]
    fn a_read_error_ends_the_batch_after_the_lines_before_it() {
        let lines = vec![Ok("a".to_string()), Ok("b".to_string()), Err("bad input")];
        let mut out = Vec::new();
        let result = answer_in_order(
            lines.into_iter(),
            3,
            |_, line| line.to_uppercase(),
            |_, a| {
                out.push(a);
                Ok(())
            },
        );
        assert_eq!(result, Err("bad input"));
        assert_eq!(out, ["A", "B"]);
    }
}
