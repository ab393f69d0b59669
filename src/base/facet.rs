//! Facets: the fields every section carries for filtering and grouping.
//!
//! This one list drives the index schema (a column per facet), the filters (`--zone` flags,
//! `zone:` inside queries, batch keys), the group keys (`--by zone`), the printed columns and
//! the JSON fields of a hit. Adding a facet is an entry here plus the rule that fills it
//! ([`crate::report::ReportMeta::facet_value`]).

use super::kinds::{ReportKind, SectionKind, AREA_TYPES};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A field every section carries for filtering and grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Facet {
    /// The zone (area) a report is about.
    Zone,
    /// The year a report is about.
    Year,
    /// Report or work plan.
    Kind,
    /// What a section is about.
    Section,
    /// What kind of area the zone is: development zone, district, county …
    AreaType,
    /// The province the zone is in.
    Province,
    /// The prefecture-level city the zone is in.
    City,
}

/// What values a facet takes, which decides how it is stored, filtered and printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetType {
    /// A name the index knows, given by its full name, a short form or any unique part.
    Name,
    /// A year: filtered by a year or an inclusive range, grouped as a number.
    Year,
    /// One of a fixed list of words.
    Choice(&'static [&'static str]),
}

struct Spec {
    name: &'static str,
    ty: FacetType,
    /// Help of the filter flag.
    help: &'static str,
    /// How a filter on it is written inside a query.
    example: &'static str,
    /// Shown on a hit's context line (`zone · year · section · path`).
    in_context_line: bool,
    /// A value of the whole report (every section has the same), not of each section.
    of_report: bool,
}

const SPECS: [Spec; 7] = [
    Spec {
        name: "zone",
        ty: FacetType::Name,
        help: "Only this zone: full name, short form or a unique part of it",
        example: "zone:金昌",
        in_context_line: true,
        of_report: true,
    },
    Spec {
        name: "year",
        ty: FacetType::Year,
        help: "Only this year, or an inclusive range such as 2021..2023",
        example: "year:2023 or year:2021..2023",
        in_context_line: true,
        of_report: true,
    },
    Spec {
        name: "kind",
        ty: FacetType::Choice(&ReportKind::NAMES),
        help: "Only reports, only work plans, or only other documents (interpretations, multi-year programmes)",
        example: "kind:report or kind:plan",
        in_context_line: false,
        of_report: true,
    },
    Spec {
        name: "section",
        ty: FacetType::Choice(&SectionKind::NAMES),
        help: "Only sections of this kind",
        example: "section:problems",
        in_context_line: true,
        of_report: false,
    },
    Spec {
        name: "area_type",
        ty: FacetType::Choice(&AREA_TYPES),
        help:
            "Only zones of this kind (development-zone, high-tech-zone, district, county, city …)",
        example: "area_type:district",
        in_context_line: false,
        of_report: true,
    },
    Spec {
        name: "province",
        ty: FacetType::Name,
        help: "Only zones in this province: full name, short form or a unique part of it",
        example: "province:甘肃",
        in_context_line: false,
        of_report: true,
    },
    Spec {
        name: "city",
        ty: FacetType::Name,
        help: "Only zones in this prefecture-level city: full name or a unique part of it",
        example: "city:金昌",
        in_context_line: false,
        of_report: true,
    },
];

impl Facet {
    /// Every facet, in the order columns are printed.
    pub const ALL: [Facet; 7] = [
        Facet::Zone,
        Facet::Year,
        Facet::Kind,
        Facet::Section,
        Facet::AreaType,
        Facet::Province,
        Facet::City,
    ];

    fn spec(self) -> &'static Spec {
        &SPECS[self as usize]
    }

    /// The name of its column, flag, query field, batch key and JSON field.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    pub fn ty(self) -> FacetType {
        self.spec().ty
    }

    pub fn help(self) -> &'static str {
        self.spec().help
    }

    pub fn example(self) -> &'static str {
        self.spec().example
    }

    pub fn in_context_line(self) -> bool {
        self.spec().in_context_line
    }

    /// True for a value of the whole report (zone, year, kind), false for one of each section.
    pub fn of_report(self) -> bool {
        self.spec().of_report
    }

    /// The facet of a name (`zone`, `YEAR` …).
    pub fn from_name(name: &str) -> Option<Facet> {
        Facet::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name))
    }
}

/// A value of a name facet as the index knows it, with the other names reports use for it
/// (a zone's short forms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownName {
    pub name: String,
    pub aliases: Vec<String>,
}

/// A facet's value for one section.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FacetValue {
    Text(String),
    Year(u64),
}

impl FacetValue {
    pub fn as_text(&self) -> Option<&str> {
        match self {
            FacetValue::Text(text) => Some(text),
            FacetValue::Year(_) => None,
        }
    }
}

impl std::fmt::Display for FacetValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FacetValue::Text(text) => f.write_str(text),
            FacetValue::Year(year) => write!(f, "{year}"),
        }
    }
}

impl Serialize for FacetValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            FacetValue::Text(text) => serializer.serialize_str(text),
            FacetValue::Year(year) => serializer.serialize_u64(*year),
        }
    }
}

/// Every facet's value (or none) for one section, in [`Facet::ALL`] order. Serialised as one
/// field per facet (`"zone": …, "year": …`), `null` where the value is unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FacetValues(Vec<(Facet, FacetValue)>);

impl FacetValues {
    pub fn new() -> FacetValues {
        FacetValues::default()
    }

    pub fn set(&mut self, facet: Facet, value: FacetValue) {
        self.0.retain(|(f, _)| *f != facet);
        self.0.push((facet, value));
        self.0.sort_by_key(|(f, _)| *f);
    }

    pub fn get(&self, facet: Facet) -> Option<&FacetValue> {
        self.0.iter().find(|(f, _)| *f == facet).map(|(_, v)| v)
    }

    /// The value as printed for a person: `(unknown zone)` where there is none.
    pub fn shown(&self, facet: Facet) -> String {
        self.get(facet)
            .map_or_else(|| format!("(unknown {})", facet.name()), |v| v.to_string())
    }
}

impl Serialize for FacetValues {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(Facet::ALL.len()))?;
        for facet in Facet::ALL {
            map.serialize_entry(facet.name(), &self.get(facet))?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_and_its_specs_agree() {
        for (i, facet) in Facet::ALL.into_iter().enumerate() {
            assert_eq!(facet as usize, i);
            assert_eq!(Facet::from_name(facet.name()), Some(facet));
        }
        assert_eq!(Facet::from_name("SECTION"), Some(Facet::Section));
        assert_eq!(Facet::from_name("City"), Some(Facet::City));
        assert_eq!(Facet::from_name("county"), None);
    }

    #[test]
    fn values_serialise_as_one_field_per_facet_in_order() {
        let mut values = FacetValues::new();
        values.set(Facet::Section, FacetValue::Text("problems".into()));
        values.set(Facet::Year, FacetValue::Year(2023));
        let json = serde_json::to_string(&values).unwrap();
        assert_eq!(
            json,
            r#"{"zone":null,"year":2023,"kind":null,"section":"problems","area_type":null,"province":null,"city":null}"#
        );
        assert_eq!(values.shown(Facet::Zone), "(unknown zone)");
        assert_eq!(values.shown(Facet::Year), "2023");
    }
}
