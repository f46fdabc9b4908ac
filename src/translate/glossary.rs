//! The glossary machine engines must obey (`locales/glossary.toml`):
//! brand and product terms kept as written in every language, and terms with
//! a forced translation per language. Pure once loaded.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use regex::Regex;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    keep: Vec<String>,
    /// Each entry: ISO 639-1 → the term in that language.
    #[serde(default)]
    terms: Vec<BTreeMap<String, String>>,
}

/// A compiled glossary.
#[derive(Debug, Default)]
pub struct Glossary {
    keep: Option<Regex>,
    /// language → (pattern over that language's forms, form → entry index).
    forced: BTreeMap<String, (Regex, Vec<(String, usize)>)>,
    terms: Vec<BTreeMap<String, String>>,
}

/// One glossary hit: byte range and what the translation must show there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub render: String,
}

fn alternation(terms: &[&str]) -> Option<Regex> {
    let mut terms: Vec<&str> = terms
        .iter()
        .copied()
        .filter(|t| !t.trim().is_empty())
        .collect();
    if terms.is_empty() {
        return None;
    }
    // Longest first, so "Apple Pay" wins over "Apple".
    terms.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    let parts: Vec<String> = terms
        .iter()
        .map(|t| {
            let escaped = regex::escape(t);
            // Word boundaries only make sense around Latin-script ends.
            let b = |c: Option<char>| {
                if c.is_some_and(|c| c.is_ascii_alphanumeric()) {
                    r"\b"
                } else {
                    ""
                }
            };
            format!("{}{escaped}{}", b(t.chars().next()), b(t.chars().last()))
        })
        .collect();
    Regex::new(&parts.join("|")).ok()
}

/// Why a glossary could not be loaded, and from which file.
#[derive(Debug, thiserror::Error)]
pub enum GlossaryError {
    #[error("{}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Not a glossary: TOML's reason, without the text it quotes.
    #[error("{0}")]
    Invalid(String),
    #[error("{}: {reason}", path.display())]
    InvalidFile { path: PathBuf, reason: String },
}

impl Glossary {
    /// Loads `path`; a missing file is an empty glossary.
    pub fn load(path: &Path) -> Result<Glossary, GlossaryError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Glossary::default()),
            Err(source) => {
                return Err(GlossaryError::Read {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        Glossary::parse(&text).map_err(|e| GlossaryError::InvalidFile {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })
    }

    pub fn parse(text: &str) -> Result<Glossary, GlossaryError> {
        let file: File =
            toml::from_str(text).map_err(|e| GlossaryError::Invalid(e.message().to_string()))?;
        let keep = alternation(&file.keep.iter().map(String::as_str).collect::<Vec<_>>());
        let mut by_lang: BTreeMap<String, Vec<(String, usize)>> = BTreeMap::new();
        for (i, entry) in file.terms.iter().enumerate() {
            for (lang, form) in entry {
                by_lang
                    .entry(lang.clone())
                    .or_default()
                    .push((form.clone(), i));
            }
        }
        let mut forced = BTreeMap::new();
        for (lang, forms) in by_lang {
            let refs: Vec<&str> = forms.iter().map(|(f, _)| f.as_str()).collect();
            if let Some(re) = alternation(&refs) {
                forced.insert(lang, (re, forms));
            }
        }
        Ok(Glossary {
            keep,
            forced,
            terms: file.terms,
        })
    }

    /// Glossary terms in `text` (written in `from`), with what a translation
    /// into `to` must show: kept terms as written, forced terms in `to`.
    pub fn hits(&self, text: &str, from: &str, to: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        if let Some(re) = &self.keep {
            hits.extend(re.find_iter(text).map(|m| Hit {
                start: m.start(),
                end: m.end(),
                render: m.as_str().to_string(),
            }));
        }
        if let Some((re, forms)) = self.forced.get(from) {
            for m in re.find_iter(text) {
                if hits.iter().any(|h| m.start() < h.end && h.start < m.end()) {
                    continue;
                }
                let entry = forms.iter().find(|(f, _)| f == m.as_str()).map(|(_, i)| *i);
                if let Some(render) = entry.and_then(|i| self.terms[i].get(to)) {
                    hits.push(Hit {
                        start: m.start(),
                        end: m.end(),
                        render: render.clone(),
                    });
                }
            }
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const G: &str = r#"
keep = ["Apple Pay", "Apple", "PayPal"]
[[terms]]
en = "My Account"
es = "Mi cuenta"
zh = "我的账户"
"#;

    #[test]
    fn kept_and_forced_terms_are_found() {
        let g = Glossary::parse(G).unwrap();
        let hits = g.hits("Pague con Apple Pay en Mi cuenta", "es", "en");
        assert_eq!(
            hits,
            vec![
                Hit {
                    start: 10,
                    end: 19,
                    render: "Apple Pay".into()
                },
                Hit {
                    start: 23,
                    end: 32,
                    render: "My Account".into()
                },
            ]
        );
        let hits = g.hits("请在我的账户中查看", "zh", "es");
        assert_eq!(hits[0].render, "Mi cuenta");
        // No form in the target language: nothing to force.
        assert!(g.hits("Mi cuenta", "es", "de").is_empty());
        // Word boundaries: "PayPalito" is not PayPal.
        assert!(g.hits("PayPalito", "es", "en").is_empty());
    }

    #[test]
    fn missing_file_is_empty_and_bad_toml_is_an_error() {
        assert!(
            Glossary::load(Path::new("/nonexistent/g.toml"))
                .unwrap()
                .hits("PayPal", "en", "es")
                .is_empty()
        );
        assert!(Glossary::parse("keep = 3").is_err());
    }

    #[test]
    fn shipped_glossary_loads() {
        let g =
            Glossary::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/glossary.toml"))
                .unwrap();
        assert!(!g.hits("Pay with PayPal", "en", "de").is_empty());
    }
}
