//! Query terms chosen by how many units (sections) they occur in, and the mixed batch.

use std::path::Path;
use std::process::Command;

use crate::measure::run;
use crate::rng::Rng;
use crate::vocab::Vocabulary;

/// The frequency bands of the issue: rare (< 0.1% of units), mid (~1–5%), common (> 20%).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Band {
    Rare,
    Mid,
    Common,
}

impl Band {
    pub const ALL: [Band; 3] = [Band::Rare, Band::Mid, Band::Common];

    pub fn name(self) -> &'static str {
        match self {
            Band::Rare => "rare",
            Band::Mid => "mid",
            Band::Common => "common",
        }
    }

    pub fn rule(self) -> &'static str {
        match self {
            Band::Rare => "< 0.1% of units",
            Band::Mid => "1–5% of units",
            Band::Common => "> 20% of units",
        }
    }

    fn contains(self, share: f64) -> bool {
        match self {
            Band::Rare => share > 0.0 && share < 0.001,
            Band::Mid => (0.01..=0.05).contains(&share),
            Band::Common => share > 0.20,
        }
    }

    /// Where in the band to aim, for choosing among several candidates.
    fn aim(self) -> f64 {
        match self {
            Band::Rare => 0.0003,
            Band::Mid => 0.025,
            Band::Common => 0.35,
        }
    }
}

const COMMON: &[&str] = &[
    "法治", "建设", "工作", "依法", "加强", "推进", "政府", "落实",
];
const MID: &[&str] = &[
    "行政复议",
    "公职律师",
    "合法性审查",
    "营商环境",
    "法律顾问",
    "行政诉讼",
    "矛盾纠纷",
    "规范性文件",
    "执法监督",
    "政务公开",
    "一岗双责",
    "行政应诉",
    "备案审查",
    "信访",
    "三重一大",
    "行政执法",
    "普法",
];

/// How one candidate query fares on an index.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Probe {
    pub query: String,
    pub sections: u64,
    pub reports: u64,
    pub share: f64,
}

/// `zonedex search QUERY --count --format json` → (sections, reports).
pub fn count(zonedex: &Path, index: &Path, query: &str) -> anyhow::Result<(u64, u64)> {
    let r = run(
        Command::new(zonedex)
            .args(["search", "--count", "--format", "json", "--index"])
            .arg(index)
            .arg("--")
            .arg(query),
        None,
    )?;
    let v = r.json()?;
    Ok((
        v["total"]["sections"].as_u64().unwrap_or(0),
        v["total"]["reports"].as_u64().unwrap_or(0),
    ))
}

fn probe(zonedex: &Path, index: &Path, query: &str, units: u64) -> anyhow::Result<Probe> {
    let (sections, reports) = count(zonedex, index, query)?;
    Ok(Probe {
        query: query.to_string(),
        sections,
        reports,
        share: sections as f64 / units.max(1) as f64,
    })
}

/// Candidates for every band: governance terms, common words, and dictionary words at
/// falling frequency ranks (the rare band).
pub fn candidates(vocab: &Vocabulary) -> Vec<String> {
    let mut out: Vec<String> = COMMON.iter().chain(MID).map(|s| s.to_string()).collect();
    for rank in [
        1500, 2500, 4000, 6000, 9000, 13000, 18000, 25000, 35000, 50000,
    ] {
        for sampler in [&vocab.nouns, &vocab.verbs] {
            if let Some(word) = sampler.at_rank(rank) {
                if !out.iter().any(|w| w == word) {
                    out.push(word.to_string());
                }
            }
        }
    }
    out
}

/// A band, the probe chosen for it, and whether that probe is inside the band.
pub type Chosen = (Band, Probe, bool);

/// Measures every candidate; returns all probes and the chosen one per band (the one nearest
/// the band's aim, inside the band if any is).
pub fn choose(
    zonedex: &Path,
    index: &Path,
    units: u64,
    candidates: &[String],
) -> anyhow::Result<(Vec<Probe>, Vec<Chosen>)> {
    let mut probes = Vec::new();
    for c in candidates {
        probes.push(probe(zonedex, index, c, units)?);
    }
    let mut chosen = Vec::new();
    for band in Band::ALL {
        let distance = |p: &Probe| (p.share.max(1e-9).ln() - band.aim().ln()).abs();
        let inside = probes
            .iter()
            .filter(|p| band.contains(p.share))
            .min_by(|a, b| distance(a).total_cmp(&distance(b)));
        let pick = match inside {
            Some(p) => (band, p.clone(), true),
            None => {
                let nearest = probes
                    .iter()
                    .filter(|p| p.sections > 0)
                    .min_by(|a, b| distance(a).total_cmp(&distance(b)))
                    .cloned()
                    .unwrap_or_default();
                (band, nearest, false)
            }
        };
        chosen.push(pick);
    }
    Ok((probes, chosen))
}

/// What the first hit of a term gives: a longer phrase around it, its zone and year.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct FirstHit {
    pub phrase: String,
    pub zone: Option<String>,
    pub year: Option<u64>,
}

/// The term plus up to three characters after it in its first hit's snippet, as a quoted
/// phrase query; and that hit's zone and year for the filtered query.
pub fn first_hit(zonedex: &Path, index: &Path, term: &str) -> anyhow::Result<FirstHit> {
    let r = run(
        Command::new(zonedex)
            .args(["search", "--format", "json", "--limit", "1", "--index"])
            .arg(index)
            .arg("--")
            .arg(term),
        None,
    )?;
    let v = r.json()?;
    let hit = &v["hits"][0];
    let snippet: Vec<char> = hit["snippet"]
        .as_str()
        .unwrap_or_default()
        .chars()
        .collect();
    let start = hit["highlights"][0][0].as_u64().unwrap_or(0) as usize;
    let term_chars = term.chars().count();
    let mut phrase: String = term.to_string();
    if start + term_chars <= snippet.len() {
        let after: String = snippet[start + term_chars..]
            .iter()
            .take(3)
            .take_while(|c| !c.is_whitespace() && !matches!(**c, '"' | '…' | '⏎'))
            .collect();
        phrase.push_str(&after);
    }
    Ok(FirstHit {
        phrase: format!("\"{phrase}\""),
        zone: hit["zone"].as_str().map(str::to_string),
        year: hit["year"].as_u64(),
    })
}

/// `n` mixed batch lines: plain terms, phrases, OR queries, and JSON objects with year, zone
/// and grouping, drawn from the probed terms (all bands) and the zones seen.
pub fn batch_lines(
    n: usize,
    seed: u64,
    terms: &[String],
    phrases: &[String],
    zones: &[String],
) -> Vec<String> {
    let mut rng = Rng::derive(seed, 0xBA7C);
    let mut out = Vec::with_capacity(n);
    let years = 2019..=2025u64;
    for _ in 0..n {
        let term = rng.pick(terms).clone();
        let line = match rng.below(20) {
            0..=7 => term,
            8 | 9 if !phrases.is_empty() => rng.pick(phrases).clone(),
            10 => format!("{term} OR {}", rng.pick(terms)),
            11..=13 => {
                serde_json::json!({"q": term, "year": rng.range(*years.start(), *years.end())})
                    .to_string()
            }
            14..=16 if !zones.is_empty() => {
                serde_json::json!({"q": term, "zone": rng.pick(zones)}).to_string()
            }
            _ => serde_json::json!({"q": term, "by": "zone"}).to_string(),
        };
        out.push(line);
    }
    out
}
