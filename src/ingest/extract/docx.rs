//! DOCX files: the paragraphs of `word/document.xml` in order, one line each, table cells
//! included (each cell holds paragraphs of its own). A line points to its paragraph's number.
//! Deleted text of tracked changes and field codes are not text of the document; a text box
//! saved twice (as a drawing and as its VML fallback) is read once.

use super::{first_bytes, guarded, ExtractError, Extracted};
use quick_xml::events::Event;
use std::io::Read;

/// The document part of a zip is refused beyond this size unpacked (a zip bomb, not a report).
const MAX_DOCUMENT_XML_BYTES: u64 = 256 * 1024 * 1024;

pub(super) fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(ExtractError::NotThatFormat {
            format: "DOCX",
            found: "it is an old Word .doc file under a .docx name; save it as DOCX or PDF".into(),
        });
    }
    if !bytes.starts_with(b"PK") {
        return Err(ExtractError::NotThatFormat {
            format: "DOCX",
            found: first_bytes(bytes),
        });
    }
    let xml = read_document_xml(bytes)?;
    let (text, origins) = guarded("DOCX", || paragraphs(&xml))?;
    Ok(Extracted {
        text,
        origins: Some(origins),
        encoding: "DOCX",
        ..Extracted::default()
    })
}

fn read_document_xml(bytes: &[u8]) -> Result<Vec<u8>, ExtractError> {
    let damaged = |reason: String| ExtractError::Damaged {
        format: "DOCX",
        reason,
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| damaged(format!("not a readable zip archive ({e})")))?;
    let part = archive.by_name("word/document.xml").map_err(|_| {
        damaged("no word/document.xml in the archive (not a Word document?)".into())
    })?;
    let mut xml = Vec::new();
    part.take(MAX_DOCUMENT_XML_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| damaged(format!("word/document.xml cannot be unpacked ({e})")))?;
    if xml.len() as u64 > MAX_DOCUMENT_XML_BYTES {
        return Err(damaged(format!(
            "word/document.xml unpacks to more than {} MB",
            MAX_DOCUMENT_XML_BYTES >> 20
        )));
    }
    Ok(xml)
}

/// The document's lines and, for each, the number of the paragraph it belongs to.
fn paragraphs(xml: &[u8]) -> Result<(String, Vec<u32>), String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buffer = Vec::new();
    let mut text = String::new();
    let mut origins = Vec::new();
    let mut paragraph = 0u32;
    let mut line = String::new();
    // Depth inside elements whose text is not the document's (deleted text, field codes,
    // VML fallbacks); 0 when reading.
    let mut ignored_depth = 0usize;
    let mut in_text = false;
    let mut finish_line = |line: &mut String, paragraph: u32| {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            text.push_str(trimmed);
            text.push('\n');
            origins.push(paragraph);
        }
        line.clear();
    };
    loop {
        let event = reader
            .read_event_into(&mut buffer)
            .map_err(|e| format!("word/document.xml is not well-formed XML ({e})"))?;
        match event {
            Event::Start(element) => {
                let name = element.name();
                let name = name.as_ref();
                if ignored_depth > 0 || matches!(name, "w:delText" | "w:instrText" | "mc:Fallback")
                {
                    ignored_depth += 1;
                } else if name == "w:p" {
                    finish_line(&mut line, paragraph);
                    paragraph += 1;
                } else if name == "w:t" {
                    in_text = true;
                }
            }
            Event::Empty(element) if ignored_depth == 0 => match element.name().as_ref() {
                "w:tab" => line.push(' '),
                "w:br" | "w:cr" => finish_line(&mut line, paragraph),
                "w:p" => paragraph += 1,
                _ => {}
            },
            Event::End(element) => {
                if ignored_depth > 0 {
                    ignored_depth -= 1;
                } else {
                    match element.name().as_ref() {
                        "w:t" => in_text = false,
                        "w:p" => finish_line(&mut line, paragraph),
                        _ => {}
                    }
                }
            }
            // References come as events of their own, so text events hold plain text.
            Event::Text(chars) if in_text && ignored_depth == 0 => line.push_str(&chars),
            Event::GeneralRef(reference) if in_text && ignored_depth == 0 => {
                let character = reference
                    .resolve_char_ref()
                    .map_err(|e| format!("bad reference in word/document.xml ({e})"))?;
                match character.or_else(|| predefined_entity(&reference)) {
                    Some(c) => line.push(c),
                    None => return Err(format!("unknown entity &{};", &*reference.into_inner())),
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buffer.clear();
    }
    finish_line(&mut line, paragraph);
    Ok((text, origins))
}

/// The five entities XML predefines (`&amp;` …).
fn predefined_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(xml: &str) -> Vec<(String, u32)> {
        let (text, origins) = paragraphs(xml.as_bytes()).unwrap();
        text.lines().map(String::from).zip(origins).collect()
    }

    #[test]
    fn paragraphs_runs_and_cells_become_numbered_lines() {
        let xml = r#"<w:document><w:body>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>一、主要</w:t></w:r><w:r><w:t>工作</w:t></w:r></w:p>
<w:p/>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>行政复议</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>37件</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:t xml:space="preserve">A &amp; B</w:t><w:tab/><w:t>&#x4E2D;</w:t><w:br/><w:t>下一行</w:t></w:r></w:p>
</w:body></w:document>"#;
        assert_eq!(
            lines(xml),
            [
                ("一、主要工作".to_string(), 1),
                ("行政复议".to_string(), 3),
                ("37件".to_string(), 4),
                ("A & B 中".to_string(), 5),
                ("下一行".to_string(), 5),
            ]
        );
    }

    #[test]
    fn deleted_text_field_codes_and_fallbacks_are_not_read() {
        let xml = r#"<w:document><w:body><w:p>
<w:r><w:t>依法</w:t></w:r>
<w:del><w:r><w:delText>删除的</w:delText></w:r></w:del>
<w:r><w:instrText> PAGE </w:instrText></w:r>
<mc:AlternateContent><mc:Choice><w:t>行政</w:t></mc:Choice><mc:Fallback><w:t>行政</w:t></mc:Fallback></mc:AlternateContent>
</w:p></w:body></w:document>"#;
        assert_eq!(lines(xml), [("依法行政".to_string(), 1)]);
    }

    #[test]
    fn bad_archives_are_named_not_panicked_on() {
        let reason = |bytes: &[u8]| extract(bytes).unwrap_err().to_string();
        assert!(reason(b"PK\x03\x04 cut short").contains("not a readable zip archive"));
        assert!(reason(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1").contains("old Word .doc"));
        assert!(reason("<html>".as_bytes()).contains("not a DOCX file"));
    }
}
