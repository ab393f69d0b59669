//! The corpus-wide alias file, `areas.toml` at the corpus root: areas that were renamed or
//! merged, and names reports give them that zonedex cannot know (`新市区` and `乌鲁木齐高新区`
//! are one area). Said once for the whole corpus instead of in a sidecar per report.
//!
//! ```toml
//! [[area]]
//! name = "乌鲁木齐高新技术产业开发区（新市区）"   # the name to index the area under
//! aliases = ["新市区", "乌鲁木齐高新区"]          # other names reports give it
//! province = "新疆维吾尔自治区"                   # optional: else found from the name
//! city = "乌鲁木齐市"
//! ```
//!
//! A report whose zone (or one of its short forms) is the name or an alias of an entry is
//! indexed under the entry's name, with the aliases among its short forms.

use super::metadata::place_given_area;
use super::ReportMeta;
use crate::ingest::walk::read_regular;
pub use crate::ingest::walk::ALIAS_FILE;
use serde::Deserialize;
use std::path::Path;

/// An alias file holds names, not reports; anything larger is not one.
const MAX_ALIAS_FILE_BYTES: u64 = 4 * 1024 * 1024;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AreaAliases {
    entries: Vec<AreaEntry>,
    /// Hash of the file's bytes: a change analyses every report again.
    pub fingerprint: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct AreaEntry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    province: Option<String>,
    city: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasFile {
    #[serde(default)]
    area: Vec<AreaEntry>,
}

/// Why an alias file cannot be used; the run stops, since every report depends on it.
#[derive(Debug, thiserror::Error)]
pub enum AliasError {
    #[error("{path}: cannot be read ({reason}); fix it or remove it")]
    Read {
        path: String,
        reason: std::io::Error,
    },
    #[error("{path}: not valid; fix the line shown below or remove the file. Each [[area]] takes name, aliases (array), province, city.\n{reason}")]
    Toml {
        path: String,
        reason: toml::de::Error,
    },
    #[error("{path}: {problem}; fix it or remove the file")]
    Content { path: String, problem: String },
}

impl AreaAliases {
    /// Reads `areas.toml` from the corpus root; no file, no aliases.
    pub fn load(corpus: &Path) -> Result<AreaAliases, AliasError> {
        let path = corpus.join(ALIAS_FILE);
        if std::fs::symlink_metadata(&path).is_err() {
            return Ok(AreaAliases::default());
        }
        let shown = path.display().to_string();
        let bytes =
            read_regular(&path, MAX_ALIAS_FILE_BYTES).map_err(|reason| AliasError::Read {
                path: shown.clone(),
                reason,
            })?;
        let text = std::str::from_utf8(&bytes).map_err(|_| AliasError::Content {
            path: shown.clone(),
            problem: "it is not UTF-8".into(),
        })?;
        let mut aliases = AreaAliases::parse(text).map_err(|e| match e {
            AliasError::Toml { reason, .. } => AliasError::Toml {
                path: shown.clone(),
                reason,
            },
            AliasError::Content { problem, .. } => AliasError::Content {
                path: shown.clone(),
                problem,
            },
            other => other,
        })?;
        aliases.fingerprint = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&bytes));
        Ok(aliases)
    }

    /// The nearest `areas.toml` in the folders above a report file (for `explain`).
    pub fn for_file(file: &Path) -> Result<AreaAliases, AliasError> {
        let folder = file
            .canonicalize()
            .ok()
            .and_then(|f| f.parent().map(Path::to_path_buf));
        for dir in folder.iter().flat_map(|f| f.ancestors()) {
            if dir.join(ALIAS_FILE).is_file() {
                return AreaAliases::load(dir);
            }
        }
        Ok(AreaAliases::default())
    }

    fn parse(text: &str) -> Result<AreaAliases, AliasError> {
        let file: AliasFile = toml::from_str(text).map_err(|reason| AliasError::Toml {
            path: ALIAS_FILE.into(),
            reason,
        })?;
        let problem = |problem: String| AliasError::Content {
            path: ALIAS_FILE.into(),
            problem,
        };
        let mut seen: Vec<&str> = Vec::new();
        for entry in &file.area {
            if entry.name.trim().is_empty() || entry.aliases.iter().any(|a| a.trim().is_empty()) {
                return Err(problem("an [[area]] has an empty name or alias".into()));
            }
            for name in std::iter::once(&entry.name).chain(&entry.aliases) {
                if seen.contains(&name.as_str()) {
                    return Err(problem(format!("{name} is named by two [[area]] entries")));
                }
                seen.push(name);
            }
        }
        Ok(AreaAliases {
            entries: file.area,
            fingerprint: String::new(),
        })
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Puts a report under the name its area has in the alias file.
    pub fn apply(&self, meta: &mut ReportMeta) {
        let names_of_report: Vec<&String> = meta.zone.iter().chain(&meta.short_forms).collect();
        let Some(entry) = self.entries.iter().find(|e| {
            names_of_report
                .iter()
                .any(|n| **n == e.name || e.aliases.contains(n))
        }) else {
            return;
        };
        let mut short_forms: Vec<String> = meta
            .zone
            .iter()
            .chain(&meta.short_forms)
            .chain(&entry.aliases)
            .filter(|n| **n != entry.name)
            .cloned()
            .collect();
        short_forms.dedup();
        let mut unique = Vec::new();
        for form in short_forms {
            if !unique.contains(&form) {
                unique.push(form);
            }
        }
        meta.short_forms = unique;
        if meta.zone.as_deref() != Some(entry.name.as_str()) {
            meta.zone = Some(entry.name.clone());
            place_given_area(meta);
            meta.set_source("zone", ALIAS_FILE);
        }
        if let Some(province) = &entry.province {
            meta.province = Some(province.clone());
            meta.set_source("province", ALIAS_FILE);
        }
        if let Some(city) = &entry.city {
            meta.city = Some(city.clone());
            meta.set_source("city", ALIAS_FILE);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
[[area]]
name = "乌鲁木齐高新技术产业开发区（新市区）"
aliases = ["新市区", "乌鲁木齐高新区"]
city = "乌鲁木齐市"
"#;

    fn meta(zone: &str, short_forms: &[&str]) -> ReportMeta {
        ReportMeta {
            zone: Some(zone.to_string()),
            short_forms: short_forms.iter().map(|s| s.to_string()).collect(),
            ..ReportMeta::default()
        }
    }

    #[test]
    fn a_report_under_an_alias_is_indexed_under_the_area_s_name() {
        let aliases = AreaAliases::parse(FILE).unwrap();
        let mut report = meta("新市区", &[]);
        aliases.apply(&mut report);
        assert_eq!(
            report.zone.as_deref(),
            Some("乌鲁木齐高新技术产业开发区（新市区）")
        );
        assert_eq!(report.short_forms, ["新市区", "乌鲁木齐高新区"]);
        assert_eq!(report.province.as_deref(), Some("新疆维吾尔自治区"));
        assert_eq!(report.city.as_deref(), Some("乌鲁木齐市"));
        assert_eq!(report.area_type.as_deref(), Some("high-tech-zone"));

        // A short form is enough; an area the file does not name is left alone.
        let mut by_short_form = meta("乌鲁木齐高新技术产业开发区", &["乌鲁木齐高新区"]);
        aliases.apply(&mut by_short_form);
        assert_eq!(
            by_short_form.zone.as_deref(),
            Some("乌鲁木齐高新技术产业开发区（新市区）")
        );
        let mut other = meta("金昌经济技术开发区", &["金昌经开区"]);
        aliases.apply(&mut other);
        assert_eq!(other, meta("金昌经济技术开发区", &["金昌经开区"]));
    }

    #[test]
    fn a_broken_file_says_what_to_fix() {
        let error = |text: &str| AreaAliases::parse(text).unwrap_err().to_string();
        assert!(error("[[area]]\nnames = \"x\"").contains("Each [[area]] takes name"));
        assert!(error("[[area]]\nname = \"\"").contains("empty name"));
        assert!(error(
            "[[area]]\nname = \"甲区\"\n[[area]]\nname = \"乙区\"\naliases = [\"甲区\"]"
        )
        .contains("甲区 is named by two"));
    }
}
