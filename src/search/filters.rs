//! Filters: zone, year, kind and section, from flags or from inside the query.

use crate::analysis::fold::fold;
use crate::engine::ReportRecord;
use crate::report::{ReportKind, SectionKind};
use crate::{Error, Result};
use serde::Serialize;

/// An inclusive range of years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct YearRange {
    pub from: u32,
    pub to: u32,
}

impl YearRange {
    /// `2023` or `2021..2023` (inclusive).
    pub fn parse(s: &str) -> Result<YearRange> {
        let bad = |why: &'static str| Error::BadYear {
            given: s.to_string(),
            why,
        };
        let year = |part: &str| -> Result<u32> {
            let y: u32 = part.trim().parse().map_err(|_| bad("not a number"))?;
            if !(1900..=2100).contains(&y) {
                return Err(bad("years run from 1900 to 2100"));
            }
            Ok(y)
        };
        let range = match s.split_once("..") {
            Some((a, b)) => YearRange {
                from: year(a)?,
                to: year(b)?,
            },
            None => {
                let y = year(s)?;
                YearRange { from: y, to: y }
            }
        };
        if range.from > range.to {
            return Err(bad("the range runs backwards"));
        }
        Ok(range)
    }
}

impl std::fmt::Display for YearRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}..{}", self.from, self.to)
        }
    }
}

pub fn parse_kind(s: &str) -> Result<ReportKind> {
    ReportKind::parse(s).ok_or_else(|| Error::UnknownName {
        what: "kind",
        given: s.to_string(),
        choices: "report, plan".into(),
    })
}

pub fn parse_section(s: &str) -> Result<SectionKind> {
    SectionKind::parse(s).ok_or_else(|| {
        let all: Vec<&str> = SectionKind::ALL.iter().map(|k| k.as_str()).collect();
        Error::UnknownName {
            what: "section",
            given: s.to_string(),
            choices: all.join(", "),
        }
    })
}

/// Filters given as flags (the query can add more).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Filters {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<YearRange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<ReportKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<SectionKind>,
}

/// A zone as the index knows it: its full name and the other names its reports use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ZoneInfo {
    pub zone: String,
    pub short_forms: Vec<String>,
    pub years: Vec<i32>,
    pub reports: usize,
}

/// Every zone of the index, sorted by name.
pub fn zones(records: &[ReportRecord]) -> Vec<ZoneInfo> {
    let mut zones: Vec<ZoneInfo> = Vec::new();
    for record in records {
        let Some(name) = &record.meta.zone else {
            continue;
        };
        let idx = match zones.iter().position(|z| &z.zone == name) {
            Some(i) => i,
            None => {
                zones.push(ZoneInfo {
                    zone: name.clone(),
                    short_forms: Vec::new(),
                    years: Vec::new(),
                    reports: 0,
                });
                zones.len() - 1
            }
        };
        let zone = &mut zones[idx];
        zone.reports += 1;
        for form in &record.meta.short_forms {
            if !zone.short_forms.contains(form) {
                zone.short_forms.push(form.clone());
            }
        }
        if let Some(y) = record.meta.year {
            if !zone.years.contains(&y) {
                zone.years.push(y);
            }
        }
    }
    for z in &mut zones {
        z.years.sort_unstable();
    }
    zones.sort_by(|a, b| a.zone.cmp(&b.zone));
    zones
}

/// Resolves a zone given by any name — full, a short form, or a unique part of either — to
/// the full name the index uses.
pub fn resolve_zone(given: &str, zones: &[ZoneInfo]) -> Result<String> {
    let wanted = fold(given.trim());
    let names = |z: &ZoneInfo| {
        std::iter::once(z.zone.clone())
            .chain(z.short_forms.iter().cloned())
            .map(|n| fold(&n))
            .collect::<Vec<_>>()
    };
    if let Some(z) = zones.iter().find(|z| names(z).contains(&wanted)) {
        return Ok(z.zone.clone());
    }
    let candidates: Vec<&ZoneInfo> = zones
        .iter()
        .filter(|z| !wanted.is_empty() && names(z).iter().any(|n| n.contains(&wanted)))
        .collect();
    match candidates.as_slice() {
        [one] => Ok(one.zone.clone()),
        [] => Err(Error::UnknownZone {
            given: given.to_string(),
            known: zones.iter().map(|z| z.zone.clone()).collect(),
        }),
        many => Err(Error::AmbiguousZone {
            given: given.to_string(),
            candidates: many.iter().map(|z| z.zone.clone()).collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(name: &str, short: &[&str]) -> ZoneInfo {
        ZoneInfo {
            zone: name.into(),
            short_forms: short.iter().map(|s| s.to_string()).collect(),
            years: vec![],
            reports: 1,
        }
    }

    #[test]
    fn years_and_ranges() {
        assert_eq!(
            YearRange::parse("2023").unwrap(),
            YearRange {
                from: 2023,
                to: 2023
            }
        );
        assert_eq!(
            YearRange::parse("2021..2023").unwrap(),
            YearRange {
                from: 2021,
                to: 2023
            }
        );
        assert!(YearRange::parse("2023..2021").is_err());
        assert!(YearRange::parse("99999").is_err());
        assert!(YearRange::parse("twenty").is_err());
    }

    #[test]
    fn zones_resolve_by_any_name() {
        let zones = vec![
            zone("金昌经济技术开发区", &["金昌经开区"]),
            zone("启东经济开发区", &[]),
            zone("潮州凤泉湖高新技术产业开发区", &["凤泉湖高新区"]),
        ];
        for given in ["金昌", "金昌经开区", "金昌经济技术开发区"] {
            assert_eq!(resolve_zone(given, &zones).unwrap(), "金昌经济技术开发区");
        }
        assert_eq!(
            resolve_zone("凤泉湖", &zones).unwrap(),
            "潮州凤泉湖高新技术产业开发区"
        );
        let err = resolve_zone("开发区", &zones).unwrap_err().to_string();
        assert!(
            err.contains("ambiguous") && err.contains("启东经济开发区"),
            "{err}"
        );
        let err = resolve_zone("上海", &zones).unwrap_err().to_string();
        assert!(
            err.contains("unknown zone") && err.contains("金昌经济技术开发区"),
            "{err}"
        );
    }
}
