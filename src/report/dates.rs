//! Dates as reports write them: `2023年12月5日`, `二〇二三年十二月五日`, and the Chinese
//! numerals they use.

use crate::base::fold::Foldable;
use crate::genre;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A calendar date written in a report (`2023年12月5日`, `二〇二三年十二月五日`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CalendarDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl CalendarDate {
    /// Validates the parts: years 1990–2100, months 1–12, days 1–31.
    pub fn new(year: i32, month: u32, day: u32) -> Option<CalendarDate> {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => 0,
        };
        let valid = genre::YEARS.contains(&year) && (1..=days_in_month).contains(&day);
        valid.then_some(CalendarDate { year, month, day })
    }

    /// `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日
        | (?P<cy>[〇零一二三四五六七八九]{4})\s*年\s*(?P<cm>[一二三四五六七八九十]{1,2})\s*月
          \s*(?P<cd>[一二三四五六七八九十]{1,3})\s*日",
    )
    .unwrap()
});

/// The first valid date in folded `text`, with its byte range.
pub(crate) fn find_date(text: &str) -> Option<(CalendarDate, Range<usize>)> {
    DATE.captures_iter(text).find_map(|caps| {
        let date =
            if let (Some(y), Some(m), Some(d)) = (caps.name("y"), caps.name("m"), caps.name("d")) {
                CalendarDate::new(
                    y.as_str().parse().ok()?,
                    m.as_str().parse().ok()?,
                    d.as_str().parse().ok()?,
                )
            } else {
                CalendarDate::new(
                    chinese_digits(caps.name("cy")?.as_str())? as i32,
                    chinese_number(caps.name("cm")?.as_str())?,
                    chinese_number(caps.name("cd")?.as_str())?,
                )
            }?;
        Some((date, caps.get(0)?.range()))
    })
}

static NUMERIC_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})").unwrap());

/// The date a labelled field gives (`成文日期：2024年1月15日`, `发布时间：2024-03-28 10:02`),
/// in folded text: a field's value may be written either way.
pub(crate) fn field_date(value: &str) -> Option<CalendarDate> {
    find_date(value).map(|(date, _)| date).or_else(|| {
        let caps = NUMERIC_DATE.captures(value)?;
        CalendarDate::new(
            caps[1].parse().ok()?,
            caps[2].parse().ok()?,
            caps[3].parse().ok()?,
        )
    })
}

/// True for a paragraph that is only a date, optionally with `印发`/`印`. A web page's date
/// widget (`2024年11月23日 星期六`) is not.
pub(crate) fn is_date_line(line: &(impl Foldable + ?Sized)) -> bool {
    let folded = line.folded();
    let folded = folded.trim();
    match find_date(folded) {
        Some((_, range)) => {
            folded[..range.start].trim().is_empty()
                && matches!(folded[range.end..].trim(), "" | "印发" | "印")
        }
        None => false,
    }
}

fn chinese_digit(c: char) -> Option<u32> {
    "〇一二三四五六七八九"
        .chars()
        .position(|d| d == c)
        .or((c == '零').then_some(0))
        .map(|n| n as u32)
}

/// `二〇二三` → 2023 (digit by digit, as years are written).
pub(crate) fn chinese_digits(s: &str) -> Option<u32> {
    s.chars()
        .try_fold(0, |acc, c| Some(acc * 10 + chinese_digit(c)?))
}

/// `五` → 5, `十二` → 12, `二十` → 20, `三十一` → 31.
fn chinese_number(s: &str) -> Option<u32> {
    match s.split_once('十') {
        None => chinese_digits(s),
        Some((tens, ones)) => {
            let tens = if tens.is_empty() {
                1
            } else {
                chinese_digits(tens)?
            };
            let ones = if ones.is_empty() {
                0
            } else {
                chinese_digits(ones)?
            };
            Some(tens * 10 + ones)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_arabic_and_chinese_numerals() {
        assert_eq!(
            find_date("2023 年 12 月 5 日").map(|(d, _)| d.iso()),
            Some("2023-12-05".into())
        );
        assert_eq!(
            find_date("二〇二四年一月三十一日").map(|(d, _)| d.iso()),
            Some("2024-01-31".into())
        );
        assert_eq!(find_date("2023年13月5日"), None);
        assert_eq!(find_date("1899年1月1日"), None);
    }
}
