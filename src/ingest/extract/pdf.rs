//! PDF files with a text layer: the text pieces of each page, placed in lines by their
//! position, with the first line of every page recorded so that hits point to `page:line`.
//! Page numbers and the breaks of hard-wrapped lines are left to the cleaning step, as for
//! text saved from a PDF.
//!
//! pdf_oxide was chosen by test: it reads both the non-embedded CJK fonts of PDFs written by
//! report tools (`STSong-Light`, `UniGB-UCS2-H`) and the embedded subset fonts with a
//! ToUnicode map that Word, WPS and LibreOffice write. Its own text assembly reorders lines of
//! a one-column page (it looks for columns and tables), so lines are built here from its text
//! pieces: same height on the page → one line, read left to right. It runs inside
//! [`guarded`] so that a panic on one bad file skips that file only.

use super::{first_bytes, guarded, ExtractError, Extracted, PageStarts};

/// A PDF whose pages hold fewer letters than this in all is taken for a scan without text.
const MIN_TEXT_CHARS: usize = 10;

pub(super) fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    if !bytes.starts_with(b"%PDF-")
        && !bytes[..bytes.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-")
    {
        return Err(ExtractError::NotThatFormat {
            format: "PDF",
            found: first_bytes(bytes),
        });
    }
    let pages = guarded("PDF", || {
        let document =
            pdf_oxide::PdfDocument::from_bytes(bytes.to_vec()).map_err(|e| e.to_string())?;
        let count = document.page_count().map_err(|e| e.to_string())?;
        (0..count)
            .map(|page| {
                let pieces = document
                    .extract_spans(page)
                    .map_err(|e| format!("page {}: {e}", page + 1))?;
                Ok(page_lines(
                    pieces
                        .into_iter()
                        .map(|span| Piece {
                            text: span.text,
                            x: span.bbox.x,
                            y: span.bbox.y,
                            width: span.bbox.width,
                            size: span.font_size.max(span.bbox.height).max(1.0),
                        })
                        .collect(),
                ))
            })
            .collect::<Result<Vec<Vec<PageLine>>, String>>()
    })?;
    let letters: usize = pages
        .iter()
        .flatten()
        .flat_map(|line| &line.cells)
        .map(|cell| cell.chars().filter(|c| c.is_alphanumeric()).count())
        .sum();
    if letters < MIN_TEXT_CHARS {
        return Err(ExtractError::NoTextLayer);
    }
    // Lines are numbered as a reader counts them on the page: each line of text once, however
    // many cells it has; the blank line that marks a paragraph gap counts with the line above.
    let mut text = String::new();
    let mut origins = Vec::new();
    let mut starts = Vec::with_capacity(pages.len());
    let mut line_number = 0u32;
    for page in &pages {
        starts.push(line_number + 1);
        if page.is_empty() {
            line_number += 1; // a page without text still has a first line to point to
        }
        for line in page {
            if line.after_gap {
                text.push('\n');
                origins.push(line_number.max(1));
            }
            line_number += 1;
            for cell in &line.cells {
                text.push_str(cell);
                text.push('\n');
                origins.push(line_number);
            }
        }
    }
    let blank: Vec<String> = pages
        .iter()
        .enumerate()
        .filter(|(_, page)| page.is_empty())
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    let warnings = if blank.is_empty() {
        Vec::new()
    } else {
        vec![format!(
            "{} of {} PDF pages have no text (scanned, images only, or damaged): {}",
            blank.len(),
            pages.len(),
            blank.join(", ")
        )]
    };
    Ok(Extracted {
        text,
        origins: Some(origins),
        pages: PageStarts(starts),
        encoding: "PDF",
        warnings,
        ..Extracted::default()
    })
}

/// A piece of text placed on a page (PDF units; `y` grows upwards).
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    x: f32,
    y: f32,
    width: f32,
    size: f32,
}

/// A line of a page as a reader sees it.
#[derive(Debug, Clone, PartialEq)]
struct PageLine {
    /// The line's text; pieces far apart (table cells, a number and a name on one row) are
    /// cells of their own, as lines of a text file would be.
    cells: Vec<String>,
    /// Whether more space than between the lines of a paragraph stands above it.
    after_gap: bool,
}

/// A gap wider than this many characters splits a line into cells.
const CELL_GAP_CHARS: f32 = 2.0;

/// Lines further apart than this times the page's usual line distance have a paragraph gap
/// between them (paragraph spacing, a blank line).
const PARAGRAPH_GAP: f32 = 1.25;

/// A page's lines: pieces at the same height form a line, read left to right; lines from the
/// top down.
fn page_lines(mut pieces: Vec<Piece>) -> Vec<PageLine> {
    pieces.retain(|p| !p.text.trim().is_empty());
    pieces.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<Piece>> = Vec::new();
    for piece in pieces {
        match rows.last_mut() {
            // Half a character's height apart at most: the same line.
            Some(row) if (row[0].y - piece.y).abs() <= row[0].size.min(piece.size) / 2.0 => {
                row.push(piece)
            }
            _ => rows.push(vec![piece]),
        }
    }
    let distances: Vec<f32> = rows.windows(2).map(|w| w[0][0].y - w[1][0].y).collect();
    let usual = median(&distances);
    rows.into_iter()
        .enumerate()
        .map(|(i, mut row)| {
            row.sort_by(|a, b| a.x.total_cmp(&b.x));
            let mut cells = vec![String::new()];
            for (j, piece) in row.iter().enumerate() {
                if j > 0 {
                    let before = &row[j - 1];
                    let gap = piece.x - (before.x + before.width);
                    if gap > CELL_GAP_CHARS * before.size.min(piece.size) {
                        cells.push(String::new());
                    } else if separates_words(before, piece) {
                        cells.last_mut().expect("one cell at least").push(' ');
                    }
                }
                cells
                    .last_mut()
                    .expect("one cell at least")
                    .push_str(&piece.text);
            }
            let after_gap = match (i.checked_sub(1).map(|k| distances[k]), usual) {
                (Some(distance), Some(usual)) => distance > PARAGRAPH_GAP * usual,
                _ => false,
            };
            PageLine { cells, after_gap }
        })
        .collect()
}

fn median(values: &[f32]) -> Option<f32> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f32::total_cmp);
    sorted.get(sorted.len() / 2).copied()
}

/// Whether the gap between two pieces on a line is a space between words. Only Latin words
/// are separated so: a gap between Chinese characters or digits is the spacing of justified
/// text (`6`, `0`, `.8`, `2` placed apart are `60.82`).
fn separates_words(before: &Piece, after: &Piece) -> bool {
    let gap = after.x - (before.x + before.width);
    let last = before.text.chars().next_back();
    let first = after.text.chars().next();
    gap > 0.25 * before.size.min(after.size)
        && last.is_some_and(|c| c.is_ascii_alphabetic() || c.is_ascii_punctuation())
        && first.is_some_and(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(text: &str, x: f32, y: f32) -> Piece {
        Piece {
            text: text.to_string(),
            x,
            y,
            width: 12.0 * text.chars().count() as f32,
            size: 12.0,
        }
    }

    fn texts(lines: &[PageLine]) -> Vec<String> {
        lines.iter().map(|l| l.cells.join("|")).collect()
    }

    #[test]
    fn pieces_are_read_in_lines_from_the_top_whatever_their_order() {
        let pieces = vec![
            piece("第二行", 90.0, 729.0),
            piece("0", 151.0, 753.0),
            piece("放贷款6", 90.0, 753.0),
            piece(".82亿元", 163.0, 752.0),
            piece("第三行", 90.0, 705.0),
        ];
        let lines = page_lines(pieces);
        assert_eq!(texts(&lines), ["放贷款60.82亿元", "第二行", "第三行"]);
        assert!(lines.iter().all(|l| !l.after_gap));
    }

    #[test]
    fn a_wide_gap_splits_cells_and_a_tall_one_marks_a_paragraph() {
        let pieces = vec![
            piece("金开管发〔2023〕104号", 90.0, 725.0),
            piece("签发人：马国开", 298.0, 725.0),
            piece("关于2023年度法治政府", 90.0, 700.0),
            piece("建设工作总结的报告", 90.0, 675.0),
            piece("市政府：", 90.0, 640.0),
            piece("根据通知要求", 90.0, 615.0),
        ];
        let lines = page_lines(pieces);
        assert_eq!(
            texts(&lines),
            [
                "金开管发〔2023〕104号|签发人：马国开",
                "关于2023年度法治政府",
                "建设工作总结的报告",
                "市政府：",
                "根据通知要求"
            ]
        );
        let gaps: Vec<bool> = lines.iter().map(|l| l.after_gap).collect();
        assert_eq!(gaps, [false, false, false, true, false]);
    }

    #[test]
    fn latin_words_apart_keep_a_space() {
        let pieces = vec![piece("LED", 90.0, 700.0), piece("display", 140.0, 700.0)];
        assert_eq!(texts(&page_lines(pieces)), ["LED display"]);
    }
}
