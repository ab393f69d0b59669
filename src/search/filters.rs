//! Filters: zone, year, kind and section, from flags or from inside the query.

use crate::base::fold::fold;
use crate::base::{Facet, FacetType, FacetValue, KnownName, SectionKind};
use crate::engine::ReportRecord;
use crate::genre;
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
            if !i32::try_from(y).is_ok_and(|y| genre::YEARS.contains(&y)) {
                return Err(bad("years run from 1990 to 2100"));
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

impl YearRange {
    pub fn contains(&self, year: u64) -> bool {
        (u64::from(self.from)..=u64::from(self.to)).contains(&year)
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

/// A filter on one facet, typed: what a `--zone` flag, a `zone:` inside a query and a
/// batch line's `"zone"` all become.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub facet: Facet,
    pub value: FilterValue,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterValue {
    /// A name as given (resolved against the index when the query is compiled), or one of a
    /// facet's fixed words, in its canonical spelling.
    Text(String),
    Years(YearRange),
    /// No value: the reports whose zone, year … was not found (`--zone unknown`).
    Unknown,
}

impl Filter {
    /// Reads a filter value as a user writes it for `facet`.
    pub fn parse(facet: Facet, given: &str) -> Result<Filter> {
        let trimmed = given.trim();
        if trimmed == "unknown" || trimmed == format!("(unknown {})", facet.name()) {
            return Ok(Filter {
                facet,
                value: FilterValue::Unknown,
            });
        }
        let value = match facet.ty() {
            FacetType::Year => FilterValue::Years(YearRange::parse(given)?),
            FacetType::Name => FilterValue::Text(given.trim().to_string()),
            FacetType::Choice(names) => {
                let word = given.trim().to_ascii_lowercase();
                match names.iter().find(|n| **n == word) {
                    Some(name) => FilterValue::Text(name.to_string()),
                    None => {
                        return Err(Error::UnknownName {
                            what: facet.name(),
                            given: given.to_string(),
                            choices: names.join(", "),
                        })
                    }
                }
            }
        };
        Ok(Filter { facet, value })
    }
}

impl std::fmt::Display for FilterValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FilterValue::Text(text) => f.write_str(text),
            FilterValue::Years(range) => write!(f, "{range}"),
            FilterValue::Unknown => f.write_str("unknown"),
        }
    }
}

impl std::fmt::Display for Filter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.facet.name(), self.value)
    }
}

/// Filters given beside the query (flags, batch fields, the library API): at most one per
/// facet; the query can add more.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters(Vec<Filter>);

impl Filters {
    /// Sets the filter of its facet, replacing one given before.
    pub fn set(&mut self, filter: Filter) {
        self.0.retain(|f| f.facet != filter.facet);
        self.0.push(filter);
        self.0.sort_by_key(|f| f.facet);
    }

    pub fn get(&self, facet: Facet) -> Option<&Filter> {
        self.0.iter().find(|f| f.facet == facet)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Filter> {
        self.0.iter()
    }
}

/// A zone as the index knows it: its full name and the other names its reports use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ZoneInfo {
    pub zone: String,
    /// Type, province and city, as the zone's first report gives them.
    pub area_type: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
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
                    area_type: record.meta.area_type.clone(),
                    province: record.meta.province.clone(),
                    city: record.meta.city.clone(),
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

/// Resolves a value of `facet` given by any name — full, an alias, or a unique part of either —
/// to the full name the index uses.
pub fn resolve_name(facet: Facet, given: &str, known: &[KnownName]) -> Result<String> {
    let wanted = fold(given.trim());
    let names = |k: &KnownName| {
        std::iter::once(&k.name)
            .chain(&k.aliases)
            .map(|n| fold(n))
            .collect::<Vec<_>>()
    };
    if let Some(k) = known.iter().find(|k| names(k).contains(&wanted)) {
        return Ok(k.name.clone());
    }
    let candidates: Vec<&KnownName> = known
        .iter()
        .filter(|k| !wanted.is_empty() && names(k).iter().any(|n| n.contains(&wanted)))
        .collect();
    match candidates.as_slice() {
        [one] => Ok(one.name.clone()),
        [] => Err(Error::UnknownValue {
            facet: facet.name(),
            given: given.to_string(),
            known: known.iter().map(|k| k.name.clone()).collect(),
        }),
        many => Err(Error::AmbiguousValue {
            facet: facet.name(),
            given: given.to_string(),
            candidates: many.iter().map(|k| k.name.clone()).collect(),
        }),
    }
}

/// The reports whose values match every filter; the filters must be on facets of whole
/// reports (zone, year, kind …). A name is resolved against the names of all `records`.
pub fn filter_reports(records: &[ReportRecord], filters: &Filters) -> Result<Vec<ReportRecord>> {
    let value_of = |r: &ReportRecord, facet| r.meta.facet_value(facet, SectionKind::Other);
    let mut kept: Vec<ReportRecord> = records.to_vec();
    for filter in filters.iter() {
        let facet = filter.facet;
        match &filter.value {
            FilterValue::Text(given) => {
                let wanted = match facet.ty() {
                    FacetType::Name => {
                        let mut known: Vec<KnownName> = Vec::new();
                        for record in records {
                            let Some(FacetValue::Text(name)) = value_of(record, facet) else {
                                continue;
                            };
                            let aliases = record.meta.facet_aliases(facet);
                            match known.iter_mut().find(|k| k.name == name) {
                                Some(k) => k.aliases.extend(aliases.iter().cloned()),
                                None => known.push(KnownName {
                                    name,
                                    aliases: aliases.to_vec(),
                                }),
                            }
                        }
                        resolve_name(facet, given, &known)?
                    }
                    _ => given.clone(),
                };
                kept.retain(|r| value_of(r, facet) == Some(FacetValue::Text(wanted.clone())));
            }
            FilterValue::Unknown => kept.retain(|r| value_of(r, facet).is_none()),
            FilterValue::Years(range) => kept.retain(
                |r| matches!(value_of(r, facet), Some(FacetValue::Year(y)) if range.contains(y)),
            ),
        }
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(name: &str, short: &[&str]) -> KnownName {
        KnownName {
            name: name.into(),
            aliases: short.iter().map(|s| s.to_string()).collect(),
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
    fn filters_are_typed_when_they_are_read() {
        let kind = Filter::parse(Facet::Kind, " Plan ").unwrap();
        assert_eq!(kind.value, FilterValue::Text("plan".into()));
        let err = Filter::parse(Facet::Section, "summary")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("unknown section 'summary'") && err.contains("problems"),
            "{err}"
        );
        let years = Filter::parse(Facet::Year, "2021..2023").unwrap();
        assert_eq!(years.to_string(), "year:2021..2023");
        assert!(Filter::parse(Facet::Year, "2023..2021").is_err());
        let mut filters = Filters::default();
        filters.set(Filter::parse(Facet::Year, "2022").unwrap());
        filters.set(kind);
        filters.set(Filter::parse(Facet::Year, "2023").unwrap());
        let set: Vec<String> = filters.iter().map(|f| f.to_string()).collect();
        assert_eq!(set, ["year:2023", "kind:plan"]);
    }

    #[test]
    fn zones_resolve_by_any_name() {
        let zones = vec![
            zone("金昌经济技术开发区", &["金昌经开区"]),
            zone("启东经济开发区", &[]),
            zone("潮州凤泉湖高新技术产业开发区", &["凤泉湖高新区"]),
        ];
        for given in ["金昌", "金昌经开区", "金昌经济技术开发区"] {
            assert_eq!(
                resolve_name(Facet::Zone, given, &zones).unwrap(),
                "金昌经济技术开发区"
            );
        }
        assert_eq!(
            resolve_name(Facet::Zone, "凤泉湖", &zones).unwrap(),
            "潮州凤泉湖高新技术产业开发区"
        );
        let err = resolve_name(Facet::Zone, "开发区", &zones)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("ambiguous") && err.contains("启东经济开发区"),
            "{err}"
        );
        let err = resolve_name(Facet::Zone, "上海", &zones)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("unknown zone") && err.contains("金昌经济技术开发区"),
            "{err}"
        );
    }
}
