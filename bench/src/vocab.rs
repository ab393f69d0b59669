//! The generator's vocabulary: jieba's dictionary (word, frequency, part of speech), sampled by
//! frequency, so the corpus has a realistic long tail of terms rather than a few texts repeated.
//!
//! jieba-rs keeps its dictionary private, so the file is found where cargo unpacked the crate
//! (`cargo metadata`), or given with `--jieba-dict` (Python jieba ships the same `dict.txt`).

use anyhow::{bail, Context};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::rng::Rng;

/// Words of one part of speech with cumulative frequencies, for sampling by frequency.
pub struct Sampler {
    words: Vec<String>,
    cumulative: Vec<u64>,
}

impl Sampler {
    fn new(mut entries: Vec<(String, u64)>) -> Sampler {
        // Most frequent first: the order is fixed (ties by word), so sampling is deterministic.
        entries.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut total = 0;
        let mut words = Vec::with_capacity(entries.len());
        let mut cumulative = Vec::with_capacity(entries.len());
        for (word, freq) in entries {
            total += freq;
            words.push(word);
            cumulative.push(total);
        }
        Sampler { words, cumulative }
    }

    pub fn sample(&self, rng: &mut Rng) -> &str {
        let total = *self.cumulative.last().expect("non-empty sampler");
        let x = rng.below(total);
        let at = self.cumulative.partition_point(|&c| c <= x);
        &self.words[at]
    }

    /// The word at a rank (0 = most frequent), if there is one.
    pub fn at_rank(&self, rank: usize) -> Option<&str> {
        self.words.get(rank).map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }
}

pub struct Vocabulary {
    pub nouns: Sampler,
    pub verbs: Sampler,
    pub adverbs: Sampler,
    pub adjectives: Sampler,
    pub idioms: Sampler,
    /// Hash of the dictionary file, recorded with each corpus.
    pub fingerprint: String,
}

fn is_han_word(word: &str) -> bool {
    word.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

impl Vocabulary {
    pub fn parse(text: &str) -> anyhow::Result<Vocabulary> {
        let (mut nouns, mut verbs, mut adverbs, mut adjectives, mut idioms) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for line in text.lines() {
            let mut parts = line.split_whitespace();
            let (Some(word), Some(freq), Some(tag)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let Ok(freq) = freq.parse::<u64>() else {
                continue;
            };
            let len = word.chars().count();
            if !is_han_word(word) || !(2..=6).contains(&len) || freq < 2 {
                continue;
            }
            let entry = (word.to_string(), freq);
            match tag {
                "n" | "vn" | "nz" | "an" | "nt" => nouns.push(entry),
                "v" | "vd" => verbs.push(entry),
                "d" | "ad" => adverbs.push(entry),
                "a" => adjectives.push(entry),
                "l" | "i" => idioms.push(entry),
                _ => {}
            }
        }
        if nouns.len() < 1000 || verbs.len() < 1000 {
            bail!("the jieba dictionary has too few words ({} nouns, {} verbs): is it jieba's dict.txt?", nouns.len(), verbs.len());
        }
        Ok(Vocabulary {
            nouns: Sampler::new(nouns),
            verbs: Sampler::new(verbs),
            adverbs: Sampler::new(adverbs),
            adjectives: Sampler::new(adjectives),
            idioms: Sampler::new(idioms),
            fingerprint: format!("{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes())),
        })
    }

    pub fn load(explicit: Option<&Path>) -> anyhow::Result<Vocabulary> {
        let path = match explicit {
            Some(path) => path.to_path_buf(),
            None => find_jieba_dict()?,
        };
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read the jieba dictionary {}", path.display()))?;
        Vocabulary::parse(&text).with_context(|| format!("in {}", path.display()))
    }
}

/// jieba-rs's `src/data/dict.txt`, where cargo unpacked the crate this binary was built with.
pub fn find_jieba_dict() -> anyhow::Result<PathBuf> {
    if let Some(path) = std::env::var_os("ZONEDEX_BENCH_JIEBA_DICT") {
        return Ok(PathBuf::from(path));
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    // Only the host's dependencies: others may not be downloaded, and this must work offline.
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let host = Command::new(rustc).arg("-vV").output().ok().and_then(|o| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
    });
    let mut metadata = Command::new(&cargo);
    metadata.args(["metadata", "--format-version", "1", "--offline"]);
    if let Some(host) = host {
        metadata.args(["--filter-platform", &host]);
    }
    let output = metadata
        .arg("--manifest-path")
        .arg(&manifest)
        .output()
        .context(
            "cannot run `cargo metadata` to find jieba-rs's dictionary (or pass --jieba-dict FILE)",
        )?;
    if !output.status.success() {
        bail!(
            "`cargo metadata` failed: {} (pass --jieba-dict FILE: jieba's dict.txt)",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    let meta: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    let packages = meta["packages"]
        .as_array()
        .context("no packages in cargo metadata")?;
    for package in packages {
        if package["name"] == "jieba-rs" {
            let manifest_path = package["manifest_path"].as_str().unwrap_or_default();
            let dict = Path::new(manifest_path)
                .parent()
                .unwrap_or(Path::new("."))
                .join("src/data/dict.txt");
            if dict.is_file() {
                return Ok(dict);
            }
            bail!("jieba-rs has no {}; pass --jieba-dict FILE", dict.display());
        }
    }
    bail!("jieba-rs is not among the dependencies; pass --jieba-dict FILE")
}
