//! Facets: the zone, year, kind, section and report of each matched unit, read from fast
//! fields (no stored document is opened), and the totals and groups built from them.

use crate::{Error, Result};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, SegmentReader};

/// What to group matches by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupKey {
    Zone,
    Year,
    Kind,
    Section,
    Report,
}

impl GroupKey {
    /// `zone`, or two keys joined by a comma: `zone,year`.
    pub fn parse_list(s: &str) -> Result<Vec<GroupKey>> {
        let keys = s
            .split(',')
            .map(|k| match k.trim() {
                "zone" => Ok(GroupKey::Zone),
                "year" => Ok(GroupKey::Year),
                "kind" => Ok(GroupKey::Kind),
                "section" => Ok(GroupKey::Section),
                "report" => Ok(GroupKey::Report),
                other => Err(Error::Invalid(format!(
                    "bad --by '{other}': use zone, year, kind, section or report (two joined with a comma)"
                ))),
            })
            .collect::<Result<Vec<_>>>()?;
        if keys.len() > 2 {
            return Err(Error::Invalid(
                "--by takes one or two keys, e.g. zone,year".into(),
            ));
        }
        Ok(keys)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            GroupKey::Zone => "zone",
            GroupKey::Year => "year",
            GroupKey::Kind => "kind",
            GroupKey::Section => "section",
            GroupKey::Report => "report",
        }
    }
}

/// Reports (corpus files), sections (units) and occurrences of the query's positive terms.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub reports: u64,
    pub sections: u64,
    pub occurrences: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// The group's value (`null` for an unknown zone or year); an array for two keys.
    pub key: serde_json::Value,
    #[serde(flatten)]
    pub counts: Totals,
}

impl Totals {
    pub fn measure(&self, measure: Measure) -> u64 {
        match measure {
            Measure::Reports => self.reports,
            Measure::Sections => self.sections,
            Measure::Occurrences => self.occurrences,
        }
    }
}

/// Which count a matrix cell shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    Reports,
    Sections,
    Occurrences,
}

/// The facet values of one unit.
#[derive(Debug, Clone)]
pub(crate) struct UnitKeys {
    pub path: Arc<str>,
    pub zone: Option<Arc<str>>,
    pub year: Option<u64>,
    pub kind: Option<Arc<str>>,
    pub section: Arc<str>,
}

/// A matched unit as counting and grouping see it.
pub(crate) struct Counted {
    pub keys: UnitKeys,
    pub occurrences: u64,
}

/// Reads the facet values of one segment's documents from its fast fields.
pub(crate) struct KeyReader {
    path: Option<StrColumn>,
    zone: Option<StrColumn>,
    kind: Option<StrColumn>,
    section: Option<StrColumn>,
    year: Option<Column<u64>>,
}

impl KeyReader {
    pub fn new(segment: &SegmentReader) -> Result<KeyReader> {
        let fast = segment.fast_fields();
        Ok(KeyReader {
            path: fast.str("path")?,
            zone: fast.str("zone")?,
            kind: fast.str("kind")?,
            section: fast.str("section")?,
            year: fast.u64("year").ok(),
        })
    }

    /// The keys of `docs`, in the same order.
    pub fn keys(&self, docs: &[DocId]) -> Result<Vec<UnitKeys>> {
        let paths = strings_of(self.path.as_ref(), docs)?;
        let zones = strings_of(self.zone.as_ref(), docs)?;
        let kinds = strings_of(self.kind.as_ref(), docs)?;
        let sections = strings_of(self.section.as_ref(), docs)?;
        let empty: Arc<str> = Arc::from("");
        Ok(docs
            .iter()
            .enumerate()
            .map(|(i, &doc)| UnitKeys {
                path: paths[i].clone().unwrap_or_else(|| empty.clone()),
                zone: zones[i].clone(),
                year: self.year.as_ref().and_then(|c| c.first(doc)),
                kind: kinds[i].clone(),
                section: sections[i].clone().unwrap_or_else(|| empty.clone()),
            })
            .collect())
    }
}

/// The values of a string column for `docs`. Term ordinals are collected first and turned into
/// text in one sorted pass over the dictionary: looking each one up alone decompresses a
/// dictionary block per lookup, which dominated queries with many matching reports.
fn strings_of(column: Option<&StrColumn>, docs: &[DocId]) -> Result<Vec<Option<Arc<str>>>> {
    let Some(column) = column else {
        return Ok(vec![None; docs.len()]);
    };
    let ords: Vec<Option<u64>> = docs
        .iter()
        .map(|&doc| column.term_ords(doc).next())
        .collect();
    let mut distinct: Vec<u64> = ords.iter().flatten().copied().collect();
    distinct.sort_unstable();
    distinct.dedup();
    let mut texts: Vec<Arc<str>> = Vec::with_capacity(distinct.len());
    column
        .dictionary()
        .sorted_ords_to_term_cb(&distinct, |bytes| {
            texts.push(Arc::from(String::from_utf8_lossy(bytes)));
        })
        .map_err(|e| Error::io("cannot read facet values from the index", e))?;
    if texts.len() != distinct.len() {
        return Err(Error::Invalid(
            "a facet value is missing from the index: run `zonedex index --rebuild`".into(),
        ));
    }
    let by_ord: HashMap<u64, Arc<str>> = distinct.into_iter().zip(texts).collect();
    Ok(ords
        .into_iter()
        .map(|ord| ord.and_then(|o| by_ord.get(&o).cloned()))
        .collect())
}

pub(crate) fn totals<'a>(matched: impl Iterator<Item = &'a Counted>) -> Totals {
    let mut reports = HashSet::new();
    let mut totals = Totals::default();
    for m in matched {
        reports.insert(m.keys.path.clone());
        totals.sections += 1;
        totals.occurrences += m.occurrences;
    }
    totals.reports = reports.len() as u64;
    totals
}

pub(crate) fn key_value(keys: &UnitKeys, key: GroupKey) -> serde_json::Value {
    use serde_json::Value as J;
    let opt = |s: &Option<Arc<str>>| s.as_deref().map_or(J::Null, |s| J::String(s.into()));
    match key {
        GroupKey::Zone => opt(&keys.zone),
        GroupKey::Year => keys.year.map_or(J::Null, J::from),
        GroupKey::Kind => opt(&keys.kind),
        GroupKey::Section => J::String(keys.section.to_string()),
        GroupKey::Report => J::String(keys.path.to_string()),
    }
}

fn group_value(keys: &UnitKeys, by: &[GroupKey]) -> serde_json::Value {
    match by {
        [one] => key_value(keys, *one),
        _ => serde_json::Value::Array(by.iter().map(|k| key_value(keys, *k)).collect()),
    }
}

/// Groups matches by one or two keys, sorted by reports, then occurrences, then key.
pub(crate) fn group(matched: &[Counted], by: &[GroupKey]) -> Vec<Group> {
    let mut buckets: BTreeMap<String, (serde_json::Value, Vec<&Counted>)> = BTreeMap::new();
    for m in matched {
        let value = group_value(&m.keys, by);
        buckets
            .entry(value.to_string())
            .or_insert_with(|| (value, Vec::new()))
            .1
            .push(m);
    }
    let mut groups: Vec<Group> = buckets
        .into_values()
        .map(|(key, members)| Group {
            key,
            counts: totals(members.into_iter()),
        })
        .collect();
    groups.sort_by(|a, b| {
        b.counts
            .reports
            .cmp(&a.counts.reports)
            .then(b.counts.occurrences.cmp(&a.counts.occurrences))
            .then_with(|| compare_keys(&a.key, &b.key))
    });
    groups
}

/// Orders group keys naturally: years as numbers, names as text, unknown (`null`) last.
pub fn compare_keys(a: &serde_json::Value, b: &serde_json::Value) -> std::cmp::Ordering {
    use serde_json::Value as J;
    use std::cmp::Ordering;
    match (a, b) {
        (J::Null, J::Null) => Ordering::Equal,
        (J::Null, _) => Ordering::Greater,
        (_, J::Null) => Ordering::Less,
        (J::Number(x), J::Number(y)) => x.as_u64().cmp(&y.as_u64()),
        (J::String(x), J::String(y)) => x.cmp(y),
        (J::Array(x), J::Array(y)) => x
            .iter()
            .zip(y)
            .map(|(p, q)| compare_keys(p, q))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal),
        _ => a.to_string().cmp(&b.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn unit(path: &str, zone: Option<&str>, year: u64, occurrences: u64) -> Counted {
        Counted {
            keys: UnitKeys {
                path: path.into(),
                zone: zone.map(Arc::from),
                year: Some(year),
                kind: Some("report".into()),
                section: "measures".into(),
            },
            occurrences,
        }
    }

    #[test]
    fn groups_count_reports_sections_and_occurrences() {
        let matched = vec![
            unit("a.txt", Some("甲区"), 2023, 2),
            unit("a.txt", Some("甲区"), 2023, 1),
            unit("b.txt", Some("乙区"), 2022, 5),
            unit("c.txt", None, 2023, 1),
            unit("d.txt", Some("乙区"), 2023, 1),
        ];
        let groups = group(&matched, &[GroupKey::Zone]);
        let rows: Vec<(serde_json::Value, u64, u64, u64)> = groups
            .iter()
            .map(|g| {
                (
                    g.key.clone(),
                    g.counts.reports,
                    g.counts.sections,
                    g.counts.occurrences,
                )
            })
            .collect();
        assert_eq!(
            rows,
            vec![
                (json!("乙区"), 2, 2, 6),
                (json!("甲区"), 1, 2, 3),
                (json!(null), 1, 1, 1),
            ]
        );
        let two = group(&matched, &[GroupKey::Zone, GroupKey::Year]);
        assert_eq!(two.len(), 4);
        assert!(two.iter().any(|g| g.key == json!(["乙区", 2022])));
        assert_eq!(totals(matched.iter()).reports, 4);
    }

    #[test]
    fn keys_sort_naturally_with_unknown_last() {
        let mut keys = vec![json!(null), json!(2023), json!(2019)];
        keys.sort_by(compare_keys);
        assert_eq!(keys, vec![json!(2019), json!(2023), json!(null)]);
        let mut pairs = vec![
            json!(["乙", null]),
            json!(["乙", 2021]),
            json!(["甲", 2020]),
        ];
        pairs.sort_by(compare_keys);
        assert_eq!(pairs[0], json!(["乙", 2021]));
        assert_eq!(pairs[1], json!(["乙", null]));
    }
}
