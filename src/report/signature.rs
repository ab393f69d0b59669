//! Signature lines (落款): the organisation that issued a document, with the date and, for the
//! printing office's line, `印发`.

use super::dates::{find_date, CalendarDate};
use crate::base::fold::Foldable;
use crate::genre;
use regex::Regex;
use std::sync::LazyLock;

/// A signature line (落款): an organisation name, optionally followed by the date and
/// `印发`/`印` (the printing office's line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Signature {
    /// The organisation as written (`兰州新区中川园区党委全面依法治区委员会(代)`).
    pub org: String,
    pub date: Option<CalendarDate>,
    /// The line ends in `印发`/`印`: the office that printed the document, not its author.
    pub printed: bool,
}

static ORG_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:委员会|管委会|政府|办公室|办|局|委|厅|中心|院|\((?:代|章|盖章)\))$").unwrap()
});

/// Reads `text` as a signature line; `None` if it is anything else.
pub(crate) fn signature(line: &(impl Foldable + ?Sized)) -> Option<Signature> {
    let folded = line.folded();
    let folded = folded.trim();
    let (org_part, date) = match find_date(folded) {
        Some((date, range)) => (&folded[..range.start], Some((date, range.end))),
        None => (folded, None),
    };
    let after_date = date.map_or("", |(_, end)| folded[end..].trim());
    let printed = matches!(after_date, "印发" | "印");
    if !(after_date.is_empty() || printed) {
        return None;
    }

    let org = org_part.trim();
    let is_name_like = !org.is_empty()
        && org.chars().count() <= genre::MAX_ORG_CHARS
        && !org
            .chars()
            .any(|c| c.is_ascii_digit() || "。,;:!?、\"“”《》".contains(c))
        && ORG_SUFFIX.is_match(org);
    if !is_name_like {
        return None;
    }
    // Folding keeps chars and whitespace in place, so the original spelling is the same
    // number of chars from the start of the trimmed line.
    let original: String = line
        .original()
        .trim()
        .chars()
        .take(org.chars().count())
        .collect();
    Some(Signature {
        org: original,
        date: date.map(|(d, _)| d),
        printed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_splits_organisation_and_date() {
        let s = signature("XX高新区党政办公室 2023年11月17日印发").unwrap();
        assert_eq!(s.org, "XX高新区党政办公室");
        assert_eq!(s.date, CalendarDate::new(2023, 11, 17));
        assert!(s.printed);
        assert_eq!(signature("ＸＸ县人民政府").unwrap().org, "ＸＸ县人民政府");
        assert_eq!(signature("我们要深入推进法治政府建设，做好工作"), None);
    }
}
