//! Facets: the zone, year, kind, section and report of each matched unit, read from fast
//! fields as ordinals (no stored document is opened), and the totals and groups built from them.

use crate::base::{Facet, FacetType, FacetValue};
use crate::engine::reader::ord_texts;
use crate::engine::reader::SnapshotMemo;
use crate::{Error, Result};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocId, SegmentReader};

/// What to group matches by: a facet, or the report itself (one row per file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupKey {
    Facet(Facet),
    Report,
}

impl GroupKey {
    /// `zone`, or two keys joined by a comma: `zone,year`.
    pub fn parse_list(s: &str) -> Result<Vec<GroupKey>> {
        let keys = s
            .split(',')
            .map(|k| {
                let k = k.trim();
                match Facet::from_name(k) {
                    Some(facet) => Ok(GroupKey::Facet(facet)),
                    None if k == "report" => Ok(GroupKey::Report),
                    None => Err(Error::UnknownName {
                        what: "group key",
                        given: k.to_string(),
                        choices: format!(
                            "{}, report (two joined with a comma)",
                            Facet::ALL.map(Facet::name).join(", ")
                        ),
                    }),
                }
            })
            .collect::<Result<Vec<_>>>()?;
        if keys.len() > 2 {
            return Err(Error::TooManyGroupKeys {
                given: s.to_string(),
            });
        }
        Ok(keys)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            GroupKey::Facet(facet) => facet.name(),
            GroupKey::Report => "report",
        }
    }
}

impl Serialize for GroupKey {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Reports (corpus files), sections (units) and occurrences of the query's positive terms.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub reports: u64,
    pub sections: u64,
    pub occurrences: u64,
}

/// A group's value: one part per group key, `None` where the value is unknown (a report
/// without a zone). Serialised as the part itself for one key (`null` when unknown), as an
/// array for two. Ordered naturally: years as numbers, names as text, unknown last.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GroupValue(pub Vec<Option<FacetValue>>);

impl GroupValue {
    /// Each part as a person reads it: `(unknown zone)` where it is unknown.
    pub fn labels(&self, by: &[GroupKey]) -> Vec<String> {
        self.0
            .iter()
            .zip(by)
            .map(|(part, key)| match part {
                Some(value) => value.to_string(),
                None => format!("(unknown {})", key.as_str()),
            })
            .collect()
    }
}

impl Ord for GroupValue {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let rank = |part: &Option<FacetValue>| (part.is_none(), part.clone());
        self.0.iter().map(rank).cmp(other.0.iter().map(rank))
    }
}

impl PartialOrd for GroupValue {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for GroupValue {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        match self.0.as_slice() {
            [one] => one.serialize(serializer),
            parts => parts.serialize(serializer),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// The group's value (`null` for an unknown zone or year); an array for two keys.
    pub key: GroupValue,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    Reports,
    Sections,
    Occurrences,
}

impl Measure {
    /// Every measure by the name users give it.
    pub const BY_NAME: [(&'static str, Measure); 3] = [
        ("reports", Measure::Reports),
        ("sections", Measure::Sections),
        ("occurrences", Measure::Occurrences),
    ];
}

impl std::str::FromStr for Measure {
    type Err = crate::Error;

    fn from_str(name: &str) -> crate::Result<Measure> {
        crate::base::by_name("measure", name, &Measure::BY_NAME)
    }
}

/// A unit's value in a column: a term ordinal of a string column, or a year. Units without a
/// value (an unknown zone or year) get `NONE`.
type Code = u64;
const NONE: Code = u64::MAX;
/// Codes are read this many units at a time.
const CODES_AT_ONCE: usize = 1024;

/// Totals and groups, built segment by segment from column ordinals: no string is made for a
/// matched unit, only for the groups that come out.
///
/// Reports are counted as runs: a report's units are written in one batch, so they are
/// consecutive documents of one segment (merges keep that order), and a report counts once
/// wherever its units are next to each other.
pub(crate) struct Tally {
    by: Vec<GroupKey>,
    total: Totals,
    /// Groups of every segment so far.
    groups: HashMap<GroupValue, Totals>,
}

/// The counts of one group within a segment, and the last report counted in it.
#[derive(Default)]
struct Bucket {
    counts: Totals,
    last_report: Option<Code>,
}

impl Bucket {
    fn add(&mut self, report: Code, occurrences: u64) {
        if self.last_report != Some(report) {
            self.counts.reports += 1;
            self.last_report = Some(report);
        }
        self.counts.sections += 1;
        self.counts.occurrences += occurrences;
    }
}

impl Tally {
    pub fn new(by: &[GroupKey]) -> Tally {
        Tally {
            by: by.to_vec(),
            total: Totals::default(),
            groups: HashMap::new(),
        }
    }

    /// Adds the matched `docs` of one segment (ascending) with their occurrences.
    pub fn add_segment(
        &mut self,
        columns: &Columns,
        docs: &[DocId],
        occurrences: &[u64],
    ) -> Result<()> {
        // A chunk at a time: a common term matches a million units, whose codes need not all
        // be held at once; a rare one a few, for which no full chunk is cleared.
        let chunk = docs.len().min(CODES_AT_ONCE);
        let mut reports = vec![NONE; chunk];
        let mut keys = vec![vec![NONE; chunk]; self.by.len()];
        let mut total = Bucket::default();
        let mut buckets = SegmentBuckets::default();
        let report_source = columns.source(GroupKey::Report, docs.len());
        let key_sources: Vec<CodeSource> = self
            .by
            .iter()
            .map(|&key| columns.source(key, docs.len()))
            .collect();
        for (docs, occurrences) in docs
            .chunks(CODES_AT_ONCE)
            .zip(occurrences.chunks(CODES_AT_ONCE))
        {
            let n = docs.len();
            report_source.fill(docs, &mut reports[..n]);
            for (&report, &count) in reports.iter().zip(occurrences) {
                total.add(report, count);
            }
            if self.by.is_empty() {
                continue;
            }
            for (source, codes) in key_sources.iter().zip(keys.iter_mut()) {
                source.fill(docs, &mut codes[..n]);
            }
            for i in 0..n {
                let key = [keys[0][i], keys.get(1).map_or(0, |codes| codes[i])];
                buckets.add(key, reports[i], occurrences[i]);
            }
        }
        self.total.reports += total.counts.reports;
        self.total.sections += total.counts.sections;
        self.total.occurrences += total.counts.occurrences;
        // Names only for the codes of the groups, not for every matched unit.
        let names: Vec<HashMap<Code, String>> = self
            .by
            .iter()
            .enumerate()
            .map(|(i, &key)| {
                let codes: Vec<Code> = buckets.buckets.iter().map(|(k, _)| k[i]).collect();
                columns.names(key, &codes)
            })
            .collect::<Result<_>>()?;
        for (key_codes, bucket) in buckets.buckets {
            let value = GroupValue(
                self.by
                    .iter()
                    .zip(&key_codes)
                    .zip(&names)
                    .map(|((&key, &code), names)| key_value(key, code, names))
                    .collect(),
            );
            let entry = self.groups.entry(value).or_default();
            entry.reports += bucket.counts.reports;
            entry.sections += bucket.counts.sections;
            entry.occurrences += bucket.counts.occurrences;
        }
        Ok(())
    }

    /// The totals, and the groups sorted by reports, then occurrences, then key; grouped by
    /// year first, in the order of the years (a time series reads in time order).
    pub fn finish(self) -> (Totals, Vec<Group>) {
        let mut groups: Vec<Group> = self
            .groups
            .into_iter()
            .map(|(key, counts)| Group { key, counts })
            .collect();
        sort_groups(&mut groups, self.by.first());
        (self.total, groups)
    }
}

fn sort_groups(groups: &mut [Group], first_key: Option<&GroupKey>) {
    if first_key == Some(&GroupKey::Facet(Facet::Year)) {
        groups.sort_by(|a, b| a.key.cmp(&b.key));
    } else {
        groups.sort_by(|a, b| {
            b.counts
                .reports
                .cmp(&a.counts.reports)
                .then(b.counts.occurrences.cmp(&a.counts.occurrences))
                .then_with(|| a.key.cmp(&b.key))
        });
    }
}

/// The groups by `by[part]` alone, summed from `groups` by both keys of `by`, in the order
/// a search by that key alone gives. Exact for keys that are values of whole reports (zone,
/// year …): every report is in one pair, so no report is counted twice.
pub fn project(groups: &[Group], by: &[GroupKey], part: usize) -> Vec<Group> {
    let mut summed: BTreeMap<GroupValue, Totals> = BTreeMap::new();
    for group in groups {
        let key = GroupValue(vec![group.key.0.get(part).cloned().flatten()]);
        let totals = summed.entry(key).or_default();
        totals.reports += group.counts.reports;
        totals.sections += group.counts.sections;
        totals.occurrences += group.counts.occurrences;
    }
    let mut out: Vec<Group> = summed
        .into_iter()
        .map(|(key, counts)| Group { key, counts })
        .collect();
    sort_groups(&mut out, by.get(part));
    out
}

/// The groups of one segment: each combination of key codes (at most two keys) and its
/// counts, in order of first appearance.
#[derive(Default)]
struct SegmentBuckets {
    index: HashMap<[Code; 2], usize>,
    buckets: Vec<([Code; 2], Bucket)>,
    last: Option<([Code; 2], usize)>,
}

impl SegmentBuckets {
    fn add(&mut self, key: [Code; 2], report: Code, occurrences: u64) {
        // Neighbours mostly share their group (a report's units share zone and year): reuse
        // the last lookup before hashing.
        let slot = match self.last {
            Some((k, slot)) if k == key => slot,
            _ => {
                let buckets = &mut self.buckets;
                let slot = *self.index.entry(key).or_insert_with(|| {
                    buckets.push((key, Bucket::default()));
                    buckets.len() - 1
                });
                self.last = Some((key, slot));
                slot
            }
        };
        self.buckets[slot].1.add(report, occurrences);
    }
}

fn key_value(key: GroupKey, code: Code, names: &HashMap<Code, String>) -> Option<FacetValue> {
    if code == NONE {
        return None;
    }
    match key {
        GroupKey::Facet(facet) if facet.ty() == FacetType::Year => Some(FacetValue::Year(code)),
        _ => names.get(&code).map(|s| FacetValue::Text(s.clone())),
    }
}

/// The columns of one segment that groups are read from: every facet's, and the path's.
pub(crate) struct Columns {
    path: Option<StrColumn>,
    texts: HashMap<Facet, StrColumn>,
    numbers: HashMap<Facet, Column<u64>>,
    /// Every unit's code of a key, decoded once the queries of this snapshot have read half
    /// as many codes of it as the segment has units: the common terms of a batch read the
    /// same columns again and again, and a single query reads no more than twice what it
    /// needs. Four bytes a unit and key (at 1 GB, 7 MB for each key grouped by, and the
    /// report's).
    decoded: Mutex<HashMap<GroupKey, Decoding>>,
    max_doc: u32,
}

/// A key's codes in one segment: how many were read from the column so far, until they are
/// decoded whole.
enum Decoding {
    Read(usize),
    Decoded(Arc<Vec<u32>>),
}

/// Where the codes of one key are read from for one segment's matches.
enum CodeSource {
    /// Codes that fit in 32 bits (ordinals and years), `u32::MAX` for `NONE`.
    Decoded(Arc<Vec<u32>>),
    Column(Option<Column<u64>>),
}

impl CodeSource {
    /// The codes of `docs` into `out` (as long as `docs`, at most `CODES_AT_ONCE`).
    fn fill(&self, docs: &[DocId], out: &mut [Code]) {
        match self {
            CodeSource::Decoded(all) => {
                for (code, &doc) in out.iter_mut().zip(docs) {
                    *code = match all[doc as usize] {
                        u32::MAX => NONE,
                        known => Code::from(known),
                    };
                }
            }
            CodeSource::Column(column) => {
                let mut values = vec![None; docs.len()];
                if let Some(column) = column {
                    column.first_vals(docs, &mut values);
                }
                for (code, value) in out.iter_mut().zip(values) {
                    *code = value.unwrap_or(NONE);
                }
            }
        }
    }
}

/// The columns of every segment opened so far, kept for the snapshot's later queries: a
/// batch would otherwise open every column of every segment for each query.
#[derive(Default)]
struct OpenedColumns(HashMap<SegmentId, Arc<Columns>>);

impl Columns {
    /// The columns of `segment`, opened once per snapshot.
    pub(crate) fn of(memo: &SnapshotMemo, segment: &SegmentReader) -> Result<Arc<Columns>> {
        let id = segment.segment_id();
        if let Some(columns) = memo.with(|opened: &mut OpenedColumns| opened.0.get(&id).cloned()) {
            return Ok(columns);
        }
        let columns = Arc::new(Columns::new(segment)?);
        memo.with(|opened: &mut OpenedColumns| opened.0.insert(id, columns.clone()));
        Ok(columns)
    }

    fn new(segment: &SegmentReader) -> Result<Columns> {
        let fast = segment.fast_fields();
        let mut texts = HashMap::new();
        let mut numbers = HashMap::new();
        for facet in Facet::ALL {
            match facet.ty() {
                FacetType::Year => {
                    if let Ok(column) = fast.u64(facet.name()) {
                        numbers.insert(facet, column);
                    }
                }
                FacetType::Name | FacetType::Choice(_) => {
                    if let Some(column) = fast.str(facet.name())? {
                        texts.insert(facet, column);
                    }
                }
            }
        }
        Ok(Columns {
            path: fast.str("path")?,
            texts,
            numbers,
            decoded: Mutex::default(),
            max_doc: segment.max_doc(),
        })
    }

    fn strings(&self, key: GroupKey) -> Option<&StrColumn> {
        match key {
            GroupKey::Facet(facet) => self.texts.get(&facet),
            GroupKey::Report => self.path.as_ref(),
        }
    }

    fn column(&self, key: GroupKey) -> Option<Column<u64>> {
        match key {
            GroupKey::Facet(facet) => self
                .numbers
                .get(&facet)
                .cloned()
                .or_else(|| self.texts.get(&facet).map(|c| c.ords().clone())),
            GroupKey::Report => self.path.as_ref().map(|c| c.ords().clone()),
        }
    }

    /// Where to read the codes of `key` for `matched` units of the segment: decoded whole
    /// once this query and the ones before have read half the segment (at most twice the
    /// work of reading them one by one), else from the column.
    fn source(&self, key: GroupKey, matched: usize) -> CodeSource {
        let mut decoded = self.decoded.lock().unwrap_or_else(|p| p.into_inner());
        let read = match decoded.entry(key).or_insert(Decoding::Read(0)) {
            Decoding::Decoded(all) => return CodeSource::Decoded(Arc::clone(all)),
            Decoding::Read(read) => {
                *read += matched;
                *read
            }
        };
        let reader = CodeSource::Column(self.column(key));
        if read * 2 < self.max_doc as usize {
            return reader;
        }
        let docs: Vec<DocId> = (0..self.max_doc).collect();
        let mut all = Vec::with_capacity(docs.len());
        let mut codes = [NONE; CODES_AT_ONCE];
        for docs in docs.chunks(CODES_AT_ONCE) {
            let codes = &mut codes[..docs.len()];
            reader.fill(docs, codes);
            for &code in codes.iter() {
                all.push(match code {
                    NONE => u32::MAX,
                    code => match u32::try_from(code) {
                        Ok(small) if small != u32::MAX => small,
                        // Not a year or an ordinal: read from the column, and not tried
                        // again until as many codes were read again.
                        _ => {
                            decoded.insert(key, Decoding::Read(0));
                            return reader;
                        }
                    },
                });
            }
        }
        let all = Arc::new(all);
        decoded.insert(key, Decoding::Decoded(Arc::clone(&all)));
        CodeSource::Decoded(all)
    }

    /// The text of every distinct code of a string column.
    fn names(&self, key: GroupKey, codes: &[Code]) -> Result<HashMap<Code, String>> {
        let Some(column) = self.strings(key) else {
            return Ok(HashMap::new());
        };
        let mut distinct: Vec<Code> = codes.iter().copied().filter(|&c| c != NONE).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let texts = ord_texts(column, distinct.iter().copied())?;
        Ok(distinct.into_iter().zip(texts).collect())
    }
}

#[cfg(test)]
mod tests {
    /// Codes are decoded whole once the queries together read half the segment's units,
    /// and read the same either way.
    #[test]
    fn columns_are_decoded_once_half_a_segment_was_read() {
        let (schema, fields) = crate::engine::schema::build_schema();
        let index = tantivy::Index::create_in_ram(schema);
        // No text is added: any tokenizer will do for the analysed fields.
        for name in [
            crate::analysis::WORDS_TOKENIZER,
            crate::analysis::GRAMS_TOKENIZER,
        ] {
            index
                .tokenizers()
                .register(name, tantivy::tokenizer::RawTokenizer::default());
        }
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        for i in 0..100u64 {
            let mut doc = tantivy::TantivyDocument::default();
            doc.add_text(fields.path, format!("r{:02}.txt", i / 4));
            doc.add_u64(fields.facet(Facet::Year), 2019 + i % 3);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let columns = Columns::new(searcher.segment_reader(0)).unwrap();
        let docs: Vec<DocId> = (0..100).step_by(5).collect();
        let codes = |source: &CodeSource| {
            let mut out = vec![NONE; docs.len()];
            source.fill(&docs, &mut out);
            out
        };
        let report = GroupKey::Report;
        let year = GroupKey::Facet(Facet::Year);
        // 20 + 20 codes read: under half of 100.
        for _ in 0..2 {
            assert!(matches!(columns.source(report, 20), CodeSource::Column(_)));
        }
        let from_column = codes(&columns.source(year, 20));
        // The third query brings the reads to 60: decoded from now on.
        let decoded = columns.source(report, 20);
        assert!(matches!(decoded, CodeSource::Decoded(_)));
        assert!(matches!(columns.source(report, 1), CodeSource::Decoded(_)));
        assert_eq!(
            codes(&decoded),
            docs.iter().map(|&d| Code::from(d / 4)).collect::<Vec<_>>()
        );
        // One query that reads half the segment decodes it at once.
        let years = columns.source(year, 50);
        assert!(matches!(years, CodeSource::Decoded(_)));
        assert_eq!(codes(&years), from_column);
        assert_eq!(from_column[..3], [2019, 2021, 2020]);
    }

    #[test]
    fn groups_by_zone_and_year_sum_to_each_key() {
        let zone = |z: &str| Some(FacetValue::Text(z.into()));
        let group = |z: Option<FacetValue>, y: u64, reports: u64, occurrences: u64| Group {
            key: GroupValue(vec![z, Some(FacetValue::Year(y))]),
            counts: Totals {
                reports,
                sections: reports * 2,
                occurrences,
            },
        };
        let by = [GroupKey::Facet(Facet::Zone), GroupKey::Facet(Facet::Year)];
        let pairs = [
            group(zone("甲"), 2023, 1, 5),
            group(zone("乙"), 2022, 2, 3),
            group(zone("甲"), 2021, 2, 1),
            group(None, 2023, 1, 9),
        ];
        let zones = project(&pairs, &by, 0);
        let named: Vec<(Option<FacetValue>, u64, u64)> = zones
            .iter()
            .map(|g| (g.key.0[0].clone(), g.counts.reports, g.counts.sections))
            .collect();
        // By reports, then occurrences: 甲 3 (6), 乙 2 (3), unknown 1.
        assert_eq!(
            named,
            [(zone("甲"), 3, 6), (zone("乙"), 2, 4), (None, 1, 2)]
        );
        let years: Vec<Option<FacetValue>> = project(&pairs, &by, 1)
            .into_iter()
            .map(|g| g.key.0[0].clone())
            .collect();
        assert_eq!(years, [2021, 2022, 2023].map(|y| Some(FacetValue::Year(y))));
    }
    use super::*;

    /// The groups of units given by their key codes (one list per key), reports and
    /// occurrences, in order.
    fn bucket_codes(
        codes: &[Vec<Code>],
        reports: &[Code],
        occurrences: &[u64],
    ) -> Vec<([Code; 2], Totals)> {
        let mut buckets = SegmentBuckets::default();
        for (i, (&report, &n)) in reports.iter().zip(occurrences).enumerate() {
            buckets.add([codes[0][i], codes.get(1).map_or(0, |c| c[i])], report, n);
        }
        buckets
            .buckets
            .into_iter()
            .map(|(key, bucket)| (key, bucket.counts))
            .collect()
    }

    #[test]
    fn buckets_count_reports_sections_and_occurrences() {
        // Units in document order: report 7 (zone 1, sections 0 and 2), report 8 (zone 2),
        // report 9 (no zone), report 10 (zone 2).
        let reports = [7, 7, 7, 8, 9, 10];
        let zones = vec![1, 1, 1, 2, NONE, 2];
        let sections = vec![0, 2, 0, 0, 0, 1];
        let occurrences = [2, 1, 4, 5, 1, 1];

        let mut by_zone = bucket_codes(std::slice::from_ref(&zones), &reports, &occurrences);
        by_zone.sort_by_key(|(k, _)| *k);
        let rows: Vec<([Code; 2], u64, u64, u64)> = by_zone
            .into_iter()
            .map(|(k, t)| (k, t.reports, t.sections, t.occurrences))
            .collect();
        assert_eq!(
            rows,
            vec![([1, 0], 1, 3, 7), ([2, 0], 2, 2, 6), ([NONE, 0], 1, 1, 1)]
        );

        // Report 7's units alternate between sections 0 and 2: it still counts once in each.
        let by_section = bucket_codes(&[sections], &reports, &occurrences);
        let section0 = by_section.iter().find(|(k, _)| k[0] == 0).unwrap().1;
        assert_eq!((section0.reports, section0.sections), (3, 4));

        let two = bucket_codes(&[zones, vec![2023; 6]], &reports, &occurrences);
        assert_eq!(two.len(), 3);
    }

    #[test]
    fn unknown_values_are_none_and_years_are_numbers() {
        let names = HashMap::from([(3, "甲区".to_string())]);
        let (zone, year) = (GroupKey::Facet(Facet::Zone), GroupKey::Facet(Facet::Year));
        assert_eq!(
            key_value(zone, 3, &names),
            Some(FacetValue::Text("甲区".into()))
        );
        assert_eq!(key_value(zone, NONE, &names), None);
        assert_eq!(key_value(year, 2023, &names), Some(FacetValue::Year(2023)));
        assert_eq!(key_value(year, NONE, &names), None);
    }

    #[test]
    fn keys_sort_naturally_with_unknown_last_and_serialise_as_json_values() {
        let one = |v: Option<FacetValue>| GroupValue(vec![v]);
        let year = |y| Some(FacetValue::Year(y));
        let text = |t: &str| Some(FacetValue::Text(t.into()));
        let mut keys = vec![one(None), one(year(2023)), one(year(2019))];
        keys.sort();
        assert_eq!(keys, vec![one(year(2019)), one(year(2023)), one(None)]);
        let mut pairs = [
            GroupValue(vec![text("乙"), None]),
            GroupValue(vec![text("乙"), year(2021)]),
            GroupValue(vec![text("甲"), year(2020)]),
        ];
        pairs.sort();
        assert_eq!(pairs[0], GroupValue(vec![text("乙"), year(2021)]));
        assert_eq!(pairs[1], GroupValue(vec![text("乙"), None]));
        assert_eq!(serde_json::to_string(&pairs[1]).unwrap(), r#"["乙",null]"#);
        assert_eq!(serde_json::to_string(&one(year(2023))).unwrap(), "2023");
        assert_eq!(serde_json::to_string(&one(None)).unwrap(), "null");
    }
}
