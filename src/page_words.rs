//! The pages' own words (the chat, the agent workspace, the compliance
//! console), in Fluent: `locales/<locale>/<page>.ftl` beside the proxy's
//! `crossdesk.ftl`. Each page's words are resolved once at start into plain
//! strings, so a page fetches them as one JSON object in its user's
//! language; a locale that lacks a word falls back to en-US's.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use fluent_bundle::{FluentBundle, FluentResource};
use unic_langid::LanguageIdentifier;

use crate::i18n::{I18nError, REFERENCE};

/// The proxy's own messages; every other `.ftl` file is a page's words.
const PROXY_FILE: &str = "crossdesk";

/// One page's words in one locale: message id → text.
pub type Words = BTreeMap<String, String>;

#[derive(Default)]
pub struct PageWords {
    /// page → locale → words.
    pages: HashMap<String, HashMap<LanguageIdentifier, Words>>,
}

/// A page name: lower-case letters and dashes (it names a file).
pub fn valid_page(page: &str) -> bool {
    !page.is_empty() && page.len() <= 40 && page.chars().all(|c| c.is_ascii_lowercase() || c == '-')
}

impl PageWords {
    /// Reads every `<locale>/<page>.ftl` under `dir`. Fails on syntax
    /// errors, on a message that needs arguments (pages compose numbers
    /// themselves), and on a page that en-US lacks.
    pub fn load_dir(dir: &Path) -> Result<PageWords, I18nError> {
        let entries = std::fs::read_dir(dir)
            .map_err(|e| I18nError::new(format!("{}: {e}", dir.display())))?;
        let mut pages: HashMap<String, HashMap<LanguageIdentifier, Words>> = HashMap::new();
        for entry in entries.flatten() {
            let Ok(locale) = entry
                .file_name()
                .to_string_lossy()
                .parse::<LanguageIdentifier>()
            else {
                continue; // memory/, emotion/, glossary.toml …
            };
            let Ok(files) = std::fs::read_dir(entry.path()) else {
                continue;
            };
            for file in files.flatten() {
                let path = file.path();
                let Some(page) = path
                    .extension()
                    .filter(|e| *e == "ftl")
                    .and(path.file_stem())
                    .map(|s| s.to_string_lossy().to_string())
                else {
                    continue;
                };
                if page == PROXY_FILE || !valid_page(&page) {
                    continue;
                }
                let words = read_words(&path, &locale)?;
                pages.entry(page).or_default().insert(locale.clone(), words);
            }
        }
        let reference: LanguageIdentifier = REFERENCE.parse().expect("valid reference locale");
        for (page, locales) in &pages {
            if !locales.contains_key(&reference) {
                return Err(I18nError::new(format!(
                    "{}: the page {page} has no {REFERENCE}/{page}.ftl",
                    dir.display()
                )));
            }
        }
        Ok(PageWords { pages })
    }

    /// The page's words in the best locale for `requested` (in preference
    /// order), completed from en-US: `(locale, words)`; `None` for a page
    /// that has no words.
    pub fn words(&self, page: &str, requested: &[&str]) -> Option<(String, Words)> {
        let locales = self.pages.get(page)?;
        let reference: LanguageIdentifier = REFERENCE.parse().expect("valid reference locale");
        let available: Vec<LanguageIdentifier> = locales.keys().cloned().collect();
        let chosen = crate::i18n::negotiate(requested, &available, &reference);
        let mut words = locales.get(&reference).cloned().unwrap_or_default();
        if let Some(own) = locales.get(&chosen) {
            words.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        Some((chosen.to_string(), words))
    }
}

fn read_words(path: &Path, locale: &LanguageIdentifier) -> Result<Words, I18nError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| I18nError::new(format!("{}: {e}", path.display())))?;
    let resource = FluentResource::try_new(text).map_err(|(_, errs)| {
        I18nError::new(format!(
            "{}: {} syntax error(s), first: {:?}",
            path.display(),
            errs.len(),
            errs[0]
        ))
    })?;
    let ids: Vec<String> = resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) if m.value.is_some() => {
                Some(m.id.name.to_string())
            }
            _ => None,
        })
        .collect();
    let mut bundle = FluentBundle::new(vec![locale.clone()]);
    bundle.set_use_isolating(false);
    bundle
        .add_resource(resource)
        .map_err(|e| I18nError::new(format!("{}: {e:?}", path.display())))?;
    let mut words = Words::new();
    for id in ids {
        let pattern = bundle
            .get_message(&id)
            .and_then(|m| m.value())
            .expect("listed above with a value");
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, None, &mut errors);
        if !errors.is_empty() {
            return Err(I18nError::new(format!(
                "{}: {id}: {:?} (page words take no arguments)",
                path.display(),
                errors[0]
            )));
        }
        words.insert(id, text.into_owned());
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(files: &[(&str, &str)]) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = d.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        d
    }

    #[test]
    fn a_locale_gets_its_own_words_completed_from_english() {
        let d = dir(&[
            ("en-US/crossdesk.ftl", "hello = Hello\n"),
            ("en-US/agent.ftl", "claim = Claim\nclose = Close\n"),
            ("de-DE/agent.ftl", "claim = Übernehmen\n"),
        ]);
        let w = PageWords::load_dir(d.path()).unwrap();
        let (locale, words) = w.words("agent", &["de-AT", "en"]).unwrap();
        assert_eq!(locale, "de-DE");
        assert_eq!(words["claim"], "Übernehmen");
        assert_eq!(words["close"], "Close");
        // Old codes reach the served locale, as for the proxy's messages.
        let d2 = dir(&[
            ("en-US/agent.ftl", "claim = Claim\n"),
            ("he-IL/agent.ftl", "claim = קח\n"),
        ]);
        let w2 = PageWords::load_dir(d2.path()).unwrap();
        assert_eq!(w2.words("agent", &["iw"]).unwrap().0, "he-IL");
        let (locale, words) = w.words("agent", &["sw"]).unwrap();
        assert_eq!(
            (locale.as_str(), words["claim"].as_str()),
            ("en-US", "Claim")
        );
        // The proxy's own messages are not a page.
        assert!(w.words("crossdesk", &["en"]).is_none());
        assert!(w.words("nope", &["en"]).is_none());
    }

    #[test]
    fn a_page_without_english_or_with_arguments_does_not_load() {
        let d = dir(&[("de-DE/agent.ftl", "claim = Übernehmen\n")]);
        let e = PageWords::load_dir(d.path()).err().unwrap().to_string();
        assert!(e.contains("no en-US/agent.ftl"), "{e}");
        let d = dir(&[("en-US/agent.ftl", "waiting = { $n } waiting\n")]);
        let e = PageWords::load_dir(d.path()).err().unwrap().to_string();
        assert!(e.contains("take no arguments"), "{e}");
    }

    #[test]
    fn page_names_are_file_names_only() {
        assert!(valid_page("agent"));
        assert!(valid_page("compliance"));
        assert!(!valid_page("../etc"));
        assert!(!valid_page("Agent"));
        assert!(!valid_page(""));
    }
}
