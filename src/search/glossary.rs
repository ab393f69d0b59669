//! Query expansion with the governance glossary (`dict/glossary.toml`): an English term
//! (`administrative reconsideration`) or a Chinese form (`经开区`) in a query also finds every
//! Chinese form of its concept (`行政复议`; `经济技术开发区`, `经开区`). The shipped glossary is
//! compiled in; `ZONEDEX_GLOSSARY=FILE` reads another one instead. `--exact` turns expansion off.

use super::proximity::Near;
use super::query::Expr;
use crate::base::fold::fold;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::LazyLock;

/// The longest English form, in words, that a run of query words is compared with.
const MAX_ENGLISH_WORDS: usize = 8;

#[derive(Debug, Deserialize)]
struct GlossaryFile {
    term: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
struct Entry {
    zh: Vec<String>,
    #[serde(default)]
    en: Vec<String>,
}

/// Every form (folded, English in lower case with single spaces) → the Chinese forms of its
/// concept, without a form that holds another (it would find nothing more, and count twice).
#[derive(Debug)]
pub enum Glossary {
    /// The shipped glossary, sorted by form (`build.rs`): nothing to build per query.
    Shipped(&'static [(&'static str, &'static [&'static str])]),
    /// A glossary read from a file.
    Read(HashMap<String, Vec<String>>),
}

/// One term of a query and what it was expanded to (`expanded` in JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expansion {
    pub term: String,
    pub forms: Vec<String>,
}

static SHIPPED: LazyLock<Result<Glossary, String>> =
    LazyLock::new(|| match std::env::var_os("ZONEDEX_GLOSSARY") {
        Some(path) => std::fs::read_to_string(&path)
            .map_err(|e| format!("ZONEDEX_GLOSSARY {}: {e}", path.to_string_lossy()))
            .and_then(|text| {
                Glossary::parse(&text)
                    .map_err(|e| format!("ZONEDEX_GLOSSARY {}: {e}", path.to_string_lossy()))
            }),
        None => Ok(Glossary::Shipped(SHIPPED_FORMS)),
    });

// `SHIPPED_FORMS`: dict/glossary.toml as a sorted table, written by build.rs.
include!(concat!(env!("OUT_DIR"), "/glossary.rs"));

impl Glossary {
    /// The glossary queries are expanded with.
    pub fn shipped() -> crate::Result<&'static Glossary> {
        SHIPPED
            .as_ref()
            .map_err(|reason| crate::Error::Glossary(reason.clone()))
    }

    pub fn parse(text: &str) -> Result<Glossary, String> {
        let file: GlossaryFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut forms = HashMap::new();
        for entry in file.term {
            let mut zh: Vec<String> = entry.zh.iter().map(|z| fold(z.trim())).collect();
            zh.retain(|z| !z.is_empty());
            let covered: Vec<String> = zh
                .iter()
                .filter(|form| {
                    !zh.iter()
                        .any(|other| other != *form && form.contains(other.as_str()))
                })
                .cloned()
                .collect();
            for key in zh
                .iter()
                .cloned()
                .chain(entry.en.iter().map(|e| english_key(e)))
            {
                forms.insert(key, covered.clone());
            }
        }
        Ok(Glossary::Read(forms))
    }

    /// The Chinese forms of the concept `key` is a form of.
    fn forms_of(&self, key: &str) -> Option<Vec<String>> {
        match self {
            Glossary::Shipped(table) => table
                .binary_search_by(|(form, _)| (*form).cmp(key))
                .ok()
                .map(|at| table[at].1.iter().map(|f| f.to_string()).collect()),
            Glossary::Read(forms) => forms.get(key).cloned(),
        }
    }

    /// Every form and its concept's Chinese forms, sorted (for comparing two glossaries).
    #[cfg(test)]
    fn entries(&self) -> Vec<(String, Vec<String>)> {
        let mut entries: Vec<(String, Vec<String>)> = match self {
            Glossary::Shipped(table) => table
                .iter()
                .map(|(form, zh)| (form.to_string(), zh.iter().map(|z| z.to_string()).collect()))
                .collect(),
            Glossary::Read(forms) => forms.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        };
        entries.sort();
        entries
    }

    pub fn len(&self) -> usize {
        match self {
            Glossary::Shipped(table) => table.len(),
            Glossary::Read(forms) => forms.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The query with every glossary term expanded, and what was expanded.
    pub fn expand(&self, expr: Expr) -> (Expr, Vec<Expansion>) {
        let mut expansions = Vec::new();
        let expr = self.expand_in(expr, &mut expansions);
        (expr, expansions)
    }

    fn expand_in(&self, expr: Expr, expansions: &mut Vec<Expansion>) -> Expr {
        match expr {
            Expr::Text(text) => self.expand_text(text, expansions),
            Expr::Near(near) => Expr::Near(self.expand_near(near, expansions)),
            Expr::Not(inner) => Expr::Not(Box::new(self.expand_in(*inner, expansions))),
            Expr::Or(items) => Expr::Or(
                items
                    .into_iter()
                    .map(|e| self.expand_in(e, expansions))
                    .collect(),
            ),
            Expr::And(items) => {
                let mut items: Vec<Expr> = self
                    .join_english_runs(items)
                    .into_iter()
                    .map(|e| self.expand_in(e, expansions))
                    .collect();
                if items.len() == 1 {
                    items.remove(0)
                } else {
                    Expr::And(items)
                }
            }
            filter @ Expr::Filter(_) => filter,
        }
    }

    fn expand_text(&self, text: String, expansions: &mut Vec<Expansion>) -> Expr {
        let key = if text.is_ascii() {
            english_key(&text)
        } else {
            fold(&text)
        };
        match self.forms_of(&key) {
            Some(forms) if forms.len() > 1 || forms[0] != fold(&text) => {
                expansions.push(Expansion {
                    term: text,
                    forms: forms.clone(),
                });
                match forms.as_slice() {
                    [one] => Expr::Text(one.clone()),
                    many => Expr::Or(many.iter().cloned().map(Expr::Text).collect()),
                }
            }
            _ => Expr::Text(text),
        }
    }

    /// Each member of a proximity clause stands for all the forms of its alternatives; an
    /// English term written as several members is joined first.
    fn expand_near(&self, near: Near, expansions: &mut Vec<Expansion>) -> Near {
        let items: Vec<Expr> = near
            .members
            .into_iter()
            .map(|mut alternatives| match alternatives.len() {
                1 => Expr::Text(alternatives.remove(0)),
                _ => Expr::Or(alternatives.into_iter().map(Expr::Text).collect()),
            })
            .collect();
        let members = self
            .join_english_runs(items)
            .into_iter()
            .map(|item| {
                let mut forms: Vec<String> = Vec::new();
                let alternatives = match item {
                    Expr::Or(items) => items,
                    one => vec![one],
                };
                for alternative in alternatives {
                    let expanded = self.expand_in(alternative, expansions);
                    for form in expanded.positive_texts() {
                        if !forms.iter().any(|f| f == form) {
                            forms.push(form.to_string());
                        }
                    }
                }
                forms
            })
            .collect();
        Near {
            members,
            within: near.within,
        }
    }

    /// English terms written without quotes are several words of an AND: a run of them that
    /// spells a glossary term becomes that one term (`administrative reconsideration`).
    fn join_english_runs(&self, items: Vec<Expr>) -> Vec<Expr> {
        let word = |e: &Expr| match e {
            Expr::Text(t) if t.is_ascii() && !t.contains(' ') => Some(t.clone()),
            _ => None,
        };
        let mut out = Vec::with_capacity(items.len());
        let mut i = 0;
        while i < items.len() {
            let longest = (2..=MAX_ENGLISH_WORDS.min(items.len() - i))
                .rev()
                .find_map(|n| {
                    let words: Option<Vec<String>> = items[i..i + n].iter().map(word).collect();
                    let phrase = words?.join(" ");
                    self.forms_of(&english_key(&phrase))
                        .is_some()
                        .then_some((n, phrase))
                });
            match longest {
                Some((n, phrase)) => {
                    out.push(Expr::Text(phrase));
                    i += n;
                }
                None => {
                    out.push(items[i].clone());
                    i += 1;
                }
            }
        }
        out
    }
}

/// English forms compare in lower case, with hyphens as spaces and single spaces.
fn english_key(text: &str) -> String {
    text.to_lowercase()
        .replace('-', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;

    const GLOSSARY: &str = r#"
[[term]]
zh = ["行政复议"]
en = ["administrative reconsideration"]

[[term]]
zh = ["经济技术开发区", "经开区"]
en = ["economic and technological development zone", "etdz"]

[[term]]
zh = ["法治宣传教育", "普法", "普法宣传"]
en = ["law popularization"]
"#;

    fn expanded(query: &str) -> (String, Vec<Expansion>) {
        let glossary = Glossary::parse(GLOSSARY).unwrap();
        let (expr, expansions) = glossary.expand(parse(query).unwrap());
        (expr.to_string(), expansions)
    }

    #[test]
    fn english_terms_become_their_chinese_forms() {
        assert_eq!(expanded("administrative reconsideration").0, "行政复议");
        assert_eq!(
            expanded("\"Administrative  Reconsideration\"").0,
            "行政复议"
        );
        assert_eq!(
            expanded("ETDZ 复议").0,
            parse("(经济技术开发区 OR 经开区) 复议")
                .unwrap()
                .to_string()
        );
        let (query, expansions) = expanded("economic and technological development zone 复议");
        assert_eq!(
            query,
            parse("(经济技术开发区 OR 经开区) 复议")
                .unwrap()
                .to_string()
        );
        assert_eq!(expansions.len(), 1, "{expansions:?}");
        assert_eq!(
            expanded("administrative reconsideration year:2023").1,
            [Expansion {
                term: "administrative reconsideration".into(),
                forms: vec!["行政复议".into()],
            }]
        );
    }

    #[test]
    fn chinese_forms_find_each_other_and_a_form_inside_another_is_enough() {
        assert_eq!(
            expanded("经开区").0,
            parse("经济技术开发区 OR 经开区").unwrap().to_string()
        );
        // 普法 is inside 普法宣传: asking for both would count 普法宣传 twice.
        assert_eq!(
            expanded("普法").0,
            parse("法治宣传教育 OR 普法").unwrap().to_string()
        );
        // A term the glossary does not know, or already in its only form, is left alone.
        assert!(expanded("行政复议 公职律师").1.is_empty());
        assert!(expanded("administrative").1.is_empty());
    }

    #[test]
    fn the_shipped_glossary_is_compiled_in_whole() {
        let parsed = Glossary::parse(include_str!("../../dict/glossary.toml")).unwrap();
        assert!(parsed.len() > 300, "{}", parsed.len());
        assert_eq!(Glossary::shipped().unwrap().entries(), parsed.entries());
    }
}
