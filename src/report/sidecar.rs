//! Sidecar files: `<report file name>.meta.toml` beside a report supplies or corrects the
//! metadata the text does not state (a scrubbed zone name, a missing date …).
//!
//! ```toml
//! zone = "金昌经济技术开发区"
//! short_forms = ["金昌经开区"]
//! year = 2023
//! kind = "report"
//! date = "2023-12-05"
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::dates::CalendarDate;
use super::metadata::{missing_field_warning, place_given_area};
use super::ReportMeta;
use crate::base::ReportKind;
use crate::genre;

/// `a.txt` → `a.txt.meta.toml`, in the same directory.
pub fn sidecar_path(report: &Path) -> PathBuf {
    let mut name = report.file_name().unwrap_or_default().to_os_string();
    name.push(".meta.toml");
    report.with_file_name(name)
}

/// Why a sidecar cannot be used. `parse_sidecar` sees only the text, so the caller adds the
/// file's path; each message says what to change.
#[derive(Debug, thiserror::Error)]
pub enum SidecarError {
    #[error(
        "the .meta.toml sidecar cannot be read; fix the line shown below. Keys: zone, issuer, \
         doc_number, date, title, kind, province, city (strings), year (integer), short_forms \
         (array of strings).\n{0}"
    )]
    Toml(#[from] toml::de::Error),
    #[error(
        "the .meta.toml sidecar has kind = {0:?}; write kind = \"report\", \"plan\" or \"other\""
    )]
    Kind(String),
    #[error("the .meta.toml sidecar has date = {0:?}; write a real date as YYYY-MM-DD, e.g. date = \"2023-12-05\"")]
    Date(String),
    #[error("the .meta.toml sidecar has year = {0}; write the year the report is about, between 1990 and 2100")]
    Year(i64),
    #[error("the .meta.toml sidecar has an empty {0}; write the value, or leave the key out")]
    Empty(&'static str),
}

/// What a sidecar supplies, as report metadata: a field it sets is `Some` (short forms: not
/// empty); every other field leaves the value read from the text alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MetaOverride(ReportMeta);

/// The file as written; checked and converted into a [`MetaOverride`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SidecarFile {
    zone: Option<String>,
    short_forms: Option<Vec<String>>,
    year: Option<i64>,
    kind: Option<String>,
    issuer: Option<String>,
    doc_number: Option<String>,
    date: Option<String>,
    title: Option<String>,
    province: Option<String>,
    city: Option<String>,
}

pub fn parse_sidecar(toml_text: &str) -> Result<MetaOverride, SidecarError> {
    let file: SidecarFile = toml::from_str(toml_text)?;

    let year = match file.year {
        Some(year)
            if !(i64::from(*genre::YEARS.start())..=i64::from(*genre::YEARS.end()))
                .contains(&year) =>
        {
            return Err(SidecarError::Year(year))
        }
        year => year.map(|y| y as i32),
    };
    let kind = match file.kind {
        Some(kind) => Some(ReportKind::parse(&kind).ok_or(SidecarError::Kind(kind))?),
        None => None,
    };
    if let Some(date) = &file.date {
        if !is_iso_date(date) {
            return Err(SidecarError::Date(date.clone()));
        }
    }
    let texts = [
        ("zone", &file.zone),
        ("issuer", &file.issuer),
        ("doc_number", &file.doc_number),
        ("title", &file.title),
        ("province", &file.province),
        ("city", &file.city),
    ];
    for (key, value) in texts {
        if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
            return Err(SidecarError::Empty(key));
        }
    }
    if file
        .short_forms
        .as_ref()
        .is_some_and(|forms| forms.iter().any(|f| f.trim().is_empty()))
    {
        return Err(SidecarError::Empty("short form in short_forms"));
    }

    Ok(MetaOverride(ReportMeta {
        zone: file.zone,
        short_forms: file.short_forms.unwrap_or_default(),
        year,
        report_kind: kind,
        issuer: file.issuer,
        doc_number: file.doc_number,
        date: file.date,
        title: file.title,
        province: file.province,
        city: file.city,
        area_type: None,
        sources: Vec::new(),
        ignored: Vec::new(),
        warnings: Vec::new(),
    }))
}

/// `YYYY-MM-DD` with a month 1–12, a day 1–31 and a year 1990–2100.
fn is_iso_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return false;
    };
    let digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(year, 4) && digits(month, 2) && digits(day, 2)) {
        return false;
    }
    match (year.parse(), month.parse(), day.parse()) {
        (Ok(y), Ok(m), Ok(d)) => CalendarDate::new(y, m, d).is_some(),
        _ => false,
    }
}

impl MetaOverride {
    /// The values the sidecar sets.
    pub fn fields(&self) -> &ReportMeta {
        &self.0
    }

    /// Overrides the fields this sidecar supplies and drops the "not found" warnings for them.
    pub fn apply(&self, meta: &mut ReportMeta) {
        /// Sets `target` if the sidecar has a value; true if it did.
        fn set<T: Clone>(value: &Option<T>, target: &mut Option<T>) -> bool {
            if let Some(value) = value {
                *target = Some(value.clone());
            }
            value.is_some()
        }

        let given = &self.0;
        let supplied = [
            ("zone", set(&given.zone, &mut meta.zone)),
            ("year", set(&given.year, &mut meta.year)),
            ("kind", set(&given.report_kind, &mut meta.report_kind)),
            ("issuer", set(&given.issuer, &mut meta.issuer)),
            ("doc_number", set(&given.doc_number, &mut meta.doc_number)),
            ("date", set(&given.date, &mut meta.date)),
            ("title", set(&given.title, &mut meta.title)),
        ];
        if !given.short_forms.is_empty() {
            meta.short_forms = given.short_forms.clone();
        }
        // A zone given by the sidecar is placed as one read from the text would be, unless the
        // sidecar also says where it is.
        if given.zone.is_some() {
            place_given_area(meta);
        }
        let placed = [
            ("province", set(&given.province, &mut meta.province)),
            ("city", set(&given.city, &mut meta.city)),
        ];
        for (field, _) in supplied.iter().chain(&placed).filter(|(_, s)| *s) {
            meta.set_source(field, "sidecar");
        }

        let resolved: Vec<String> = supplied
            .iter()
            .copied()
            .filter(|(_, supplied)| *supplied)
            .map(|(field, _)| missing_field_warning(field))
            .collect();
        meta.warnings.retain(|warning| !resolved.contains(warning));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sidecar_sits_beside_the_report() {
        assert_eq!(
            sidecar_path(Path::new("corpus/a.txt")),
            PathBuf::from("corpus/a.txt.meta.toml")
        );
    }

    #[test]
    fn all_fields_parse() {
        let sidecar = parse_sidecar(
            r#"
zone = "云南经济技术开发区"
short_forms = ["云南经开区"]
year = 2022
kind = "Report"
issuer = "云南经济技术开发区管理委员会"
doc_number = "云经开发〔2023〕1号"
date = "2023-02-13"
title = "关于2022年法治政府建设情况报告"
"#,
        )
        .unwrap();
        let sidecar = sidecar.fields();
        assert_eq!(sidecar.zone.as_deref(), Some("云南经济技术开发区"));
        assert_eq!(sidecar.short_forms, vec!["云南经开区".to_string()]);
        assert_eq!(sidecar.year, Some(2022));
        assert_eq!(sidecar.report_kind, Some(ReportKind::Report));
        assert_eq!(sidecar.date.as_deref(), Some("2023-02-13"));
    }

    #[test]
    fn empty_sidecar_overrides_nothing() {
        assert_eq!(parse_sidecar("").unwrap(), MetaOverride::default());
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let err = parse_sidecar("zones = \"x\"").unwrap_err();
        assert!(matches!(err, SidecarError::Toml(_)));
        let message = err.to_string();
        assert!(message.contains("zones"), "{message}");
        assert!(message.contains("Keys: zone"), "{message}");
    }

    #[test]
    fn bad_kind_is_rejected() {
        let err = parse_sidecar("kind = \"summary\"").unwrap_err();
        assert!(matches!(err, SidecarError::Kind(ref k) if k == "summary"));
        assert!(err
            .to_string()
            .contains("kind = \"report\", \"plan\" or \"other\""));
    }

    #[test]
    fn bad_dates_are_rejected() {
        for date in [
            "2023-2-13",
            "2023/02/13",
            "2023-13-01",
            "2023-02-32",
            "2023-02-30",
            "2023-02-29",
            "2023-04-31",
            "1899-01-01",
            "2023年2月13日",
        ] {
            let err = parse_sidecar(&format!("date = \"{date}\"")).unwrap_err();
            assert!(matches!(err, SidecarError::Date(_)), "{date}");
            assert!(err.to_string().contains("YYYY-MM-DD"));
        }
    }

    #[test]
    fn real_dates_are_accepted() {
        for date in ["2024-02-29", "2000-02-29", "2023-12-31", "2023-04-30"] {
            assert_eq!(
                parse_sidecar(&format!("date = \"{date}\""))
                    .unwrap()
                    .fields()
                    .date
                    .as_deref(),
                Some(date)
            );
        }
    }

    #[test]
    fn empty_names_are_rejected() {
        for (text, key) in [
            ("zone = \"\"", "zone"),
            ("issuer = \"  \"", "issuer"),
            ("title = \"\"", "title"),
            ("short_forms = [\"\"]", "short_forms"),
        ] {
            let err = parse_sidecar(text).unwrap_err();
            assert!(matches!(err, SidecarError::Empty(_)), "{text}");
            assert!(err.to_string().contains(key), "{err}");
        }
    }

    #[test]
    fn years_out_of_range_are_rejected() {
        for year in [1989, 2101, -5] {
            let err = parse_sidecar(&format!("year = {year}")).unwrap_err();
            assert!(matches!(err, SidecarError::Year(y) if y == year));
        }
        assert_eq!(
            parse_sidecar("year = 1990").unwrap().fields().year,
            Some(1990)
        );
    }

    #[test]
    fn wrong_value_types_are_rejected() {
        assert!(matches!(
            parse_sidecar("year = \"2023\""),
            Err(SidecarError::Toml(_))
        ));
        assert!(matches!(
            parse_sidecar("short_forms = \"x\""),
            Err(SidecarError::Toml(_))
        ));
    }

    #[test]
    fn apply_overrides_supplied_fields_and_their_warnings() {
        let mut meta = ReportMeta {
            zone: None,
            year: Some(2022),
            issuer: Some("经济技术开发区管理委员会".into()),
            warnings: vec![
                missing_field_warning("zone"),
                missing_field_warning("doc_number"),
            ],
            ..ReportMeta::default()
        };
        let sidecar = parse_sidecar(
            "zone = \"云南经济技术开发区\"\nyear = 2023\nshort_forms = [\"云南经开区\"]",
        )
        .unwrap();
        sidecar.apply(&mut meta);
        assert_eq!(meta.zone.as_deref(), Some("云南经济技术开发区"));
        assert_eq!(meta.year, Some(2023));
        assert_eq!(meta.short_forms, vec!["云南经开区"]);
        assert_eq!(meta.issuer.as_deref(), Some("经济技术开发区管理委员会"));
        assert_eq!(meta.warnings, vec![missing_field_warning("doc_number")]);
    }
}
