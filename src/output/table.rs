//! Human-readable output: aligned tables (CJK-width aware) and ripgrep-style hit lists.

use super::{cell_text, Rows};
use crate::base::Facet;
use crate::search::{Hit, SearchResult};
use std::io::Write;
use unicode_width::UnicodeWidthStr;

pub fn write_rows(rows: &Rows, out: &mut dyn Write) -> std::io::Result<()> {
    let cells: Vec<Vec<String>> = rows
        .rows
        .iter()
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    let mut widths: Vec<usize> = rows.header.iter().map(|h| h.width()).collect();
    for row in &cells {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.width());
        }
    }
    let numeric: Vec<bool> = (0..rows.header.len())
        .map(|i| !rows.rows.is_empty() && rows.rows.iter().all(|r| r[i].is_number()))
        .collect();
    let line = |cells: &[String], out: &mut dyn Write| -> std::io::Result<()> {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = " ".repeat(widths[i] - cell.width());
            if i > 0 {
                text.push_str("  ");
            }
            if numeric[i] {
                text.push_str(&pad);
                text.push_str(cell);
            } else {
                text.push_str(cell);
                if i + 1 < cells.len() {
                    text.push_str(&pad);
                }
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    line(&rows.header, out)?;
    for row in &cells {
        line(row, out)?;
    }
    Ok(())
}

const HIGHLIGHT: &str = "\x1b[1;31m";
const DIM: &str = "\x1b[2m";
const PATH: &str = "\x1b[35m";
const RESET: &str = "\x1b[0m";

/// Marks the highlight ranges of a snippet (char offsets) with colour.
pub fn highlighted(snippet: &str, highlights: &[(usize, usize)], color: bool) -> String {
    if !color {
        return snippet.to_string();
    }
    let mut out = String::with_capacity(snippet.len() + highlights.len() * 12);
    for (i, c) in snippet.chars().enumerate() {
        if highlights.iter().any(|&(s, _)| s == i) {
            out.push_str(HIGHLIGHT);
        }
        out.push(c);
        if highlights.iter().any(|&(_, e)| e == i + 1) {
            out.push_str(RESET);
        }
    }
    out
}

fn paint(text: &str, style: &str, color: bool) -> String {
    if color {
        format!("{style}{text}{RESET}")
    } else {
        text.to_string()
    }
}

/// A hit's context line: the facets marked for it (`zone · year · section`), then the
/// section path.
fn hit_heading(hit: &Hit) -> String {
    let mut parts: Vec<String> = Facet::ALL
        .into_iter()
        .filter(|f| f.in_context_line())
        .map(|f| hit.facets.shown(f))
        .collect();
    parts.push(hit.section_path.clone());
    parts.join(" · ")
}

/// The ranked hit list: a location line, a context line, the snippet.
/// Hits as `path:line`, a context line and a snippet, then the totals. `paging_hint` follows
/// "showing N hit(s)" when not every section is shown (the caller knows how to ask for more).
pub fn write_hits(
    result: &SearchResult,
    color: bool,
    paging_hint: &str,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for hit in &result.hits {
        writeln!(
            out,
            "{}:{}",
            paint(&hit.path, PATH, color),
            paint(&hit.position(), DIM, color)
        )?;
        writeln!(out, "  {}", paint(&hit_heading(hit), DIM, color))?;
        writeln!(
            out,
            "  {}",
            highlighted(&hit.snippet, &hit.highlights, color)
        )?;
        writeln!(out)?;
    }
    let t = &result.total;
    let shown = result.hits.len();
    writeln!(
        out,
        "{} report(s), {} section(s), {} occurrence(s){}",
        t.reports,
        t.sections,
        t.occurrences,
        if (shown as u64) < t.sections {
            format!("; showing {shown} hit(s){paging_hint}")
        } else {
            String::new()
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_wraps_exactly_the_highlighted_chars() {
        let s = highlighted("开展合法性审查28次", &[(2, 7)], true);
        assert_eq!(s, format!("开展{HIGHLIGHT}合法性审查{RESET}28次"));
        assert_eq!(
            highlighted("开展合法性审查", &[(2, 7)], false),
            "开展合法性审查"
        );
    }

    #[test]
    fn cjk_columns_align_by_display_width() {
        let rows = Rows {
            header: vec!["zone".into(), "reports".into()],
            rows: vec![
                vec!["金昌经济技术开发区".into(), 1.into()],
                vec!["abc".into(), 12.into()],
            ],
        };
        let mut out = Vec::new();
        write_rows(&rows, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let widths: Vec<usize> = text.lines().map(|l| l.width()).collect();
        assert!(widths.iter().all(|&w| w == widths[0]), "{text}");
    }
}
