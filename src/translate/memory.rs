//! The translation memory engine (embedded default): TMX units shipped in
//! `locales/memory/`, looked up exactly after normalisation, else by the best
//! fuzzy match above a threshold. Loaded once; lookups are pure.

use std::collections::HashMap;
use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use super::tmx::{self, Unit};
use super::{TranslateError, Translation, Translator};
use crate::language::primary_subtag;

/// One segment of one language, ready for fuzzy matching.
struct Segment {
    chars: Vec<char>,
    unit: usize,
    placeholders: usize,
    /// Distinct character bigrams.
    grams: usize,
}

/// One language's segments with a character-bigram index, so a fuzzy
/// lookup scores only segments that share bigrams with the query.
#[derive(Default)]
struct Segments {
    list: Vec<Segment>,
    postings: HashMap<(char, char), Vec<u32>>,
}

fn bigrams(chars: &[char]) -> Vec<(char, char)> {
    let mut grams: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    grams.sort_unstable();
    grams.dedup();
    grams
}

/// Candidates re-scored with the edit distance after the bigram filter.
const CANDIDATES: usize = 24;

/// One memory, indexed per source language.
pub struct TranslationMemory {
    units: Vec<Unit>,
    /// language → normalised segment → unit index (first wins on lookup).
    exact: HashMap<String, HashMap<String, usize>>,
    fuzzy: HashMap<String, Segments>,
    threshold: f64,
}

impl TranslationMemory {
    /// Loads every `*.tmx` file of `dir`.
    pub fn load_dir(dir: &Path, threshold: f64) -> Result<TranslationMemory, TranslateError> {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| TranslateError::Setup(format!("{}: {e}", dir.display())))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "tmx"))
            .collect();
        files.sort();
        let mut units = Vec::new();
        for f in files {
            let xml = std::fs::read_to_string(&f)
                .map_err(|e| TranslateError::Setup(format!("{}: {e}", f.display())))?;
            units.extend(
                tmx::parse(&f.display().to_string(), &xml)
                    .map_err(|e| TranslateError::Setup(e.to_string()))?,
            );
        }
        Ok(TranslationMemory::new(units, threshold))
    }

    pub fn new(units: Vec<Unit>, threshold: f64) -> TranslationMemory {
        let mut exact: HashMap<String, HashMap<String, usize>> = HashMap::new();
        let mut fuzzy: HashMap<String, Segments> = HashMap::new();
        for (i, u) in units.iter().enumerate() {
            for (lang, seg) in &u.variants {
                let lang = primary_subtag(lang);
                let norm = normalise(seg);
                if norm.is_empty() {
                    continue;
                }
                exact
                    .entry(lang.clone())
                    .or_default()
                    .entry(norm.clone())
                    .or_insert(i);
                let chars: Vec<char> = norm.chars().collect();
                let grams = bigrams(&chars);
                let segments = fuzzy.entry(lang).or_default();
                let id = segments.list.len() as u32;
                for g in &grams {
                    segments.postings.entry(*g).or_default().push(id);
                }
                segments.list.push(Segment {
                    placeholders: chars.iter().filter(|&&c| c == '⟦').count(),
                    grams: grams.len(),
                    chars,
                    unit: i,
                });
            }
        }
        TranslationMemory {
            units,
            exact,
            fuzzy,
            threshold,
        }
    }

    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    fn target(&self, unit: usize, to: &str) -> Option<&str> {
        self.units[unit]
            .variants
            .iter()
            .find(|(l, _)| primary_subtag(l) == to)
            .map(|(_, s)| s.as_str())
    }

    /// The best match for `text` with a target in `to`, and its score (1.0 = exact).
    pub fn lookup(&self, text: &str, from: &str, to: &str) -> Option<(String, f64)> {
        let norm = normalise(text);
        if norm.is_empty() {
            return None;
        }
        if let Some(&i) = self.exact.get(from).and_then(|m| m.get(&norm))
            && let Some(t) = self.target(i, to)
        {
            return Some((t.to_string(), 1.0));
        }
        let segments = self.fuzzy.get(from)?;
        let query: Vec<char> = norm.chars().collect();
        let placeholders = query.iter().filter(|&&c| c == '⟦').count();
        let grams = bigrams(&query);

        // Segments sharing the most bigrams (Dice coefficient), best first;
        // a one-character query has no bigrams and is compared with all.
        let candidates: Vec<usize> = if grams.is_empty() {
            (0..segments.list.len()).collect()
        } else {
            // A counter per segment beats a hash map: postings of common
            // bigrams run through most of the memory.
            let mut shared = vec![0u16; segments.list.len()];
            for g in &grams {
                for &id in segments.postings.get(g).map(Vec::as_slice).unwrap_or(&[]) {
                    shared[id as usize] += 1;
                }
            }
            let mut ranked: Vec<(f64, u32)> = shared
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(|(id, &n)| {
                    (
                        2.0 * f64::from(n) / (grams.len() + segments.list[id].grams) as f64,
                        id as u32,
                    )
                })
                .collect();
            let keep = CANDIDATES.min(ranked.len());
            if keep > 0 && keep < ranked.len() {
                ranked.select_nth_unstable_by(keep - 1, |a, b| b.0.total_cmp(&a.0));
            }
            ranked.truncate(keep);
            ranked.into_iter().map(|(_, id)| id as usize).collect()
        };

        let mut best: Option<(usize, f64)> = None;
        for seg in candidates.into_iter().map(|id| &segments.list[id]) {
            // A match must carry the same placeholders, or they could not come back.
            if seg.placeholders != placeholders {
                continue;
            }
            // Cheap bound: the length difference alone caps the score.
            let longest = seg.chars.len().max(query.len()) as f64;
            let bound = 1.0 - (seg.chars.len().abs_diff(query.len()) as f64) / longest;
            if bound < self.threshold || best.is_some_and(|(_, s)| bound <= s) {
                continue;
            }
            let score = similarity(&query, &seg.chars);
            if score >= self.threshold
                && best.is_none_or(|(_, s)| score > s)
                && self.target(seg.unit, to).is_some()
            {
                best = Some((seg.unit, score));
            }
        }
        best.and_then(|(i, score)| self.target(i, to).map(|t| (t.to_string(), score)))
    }
}

#[async_trait::async_trait]
impl Translator for TranslationMemory {
    fn name(&self) -> &str {
        "memory"
    }

    fn is_machine(&self) -> bool {
        false
    }

    async fn translate_batch(
        &self,
        texts: &[crate::gate::Cleared],
        from: &str,
        to: &str,
    ) -> Vec<Result<Translation, TranslateError>> {
        texts
            .iter()
            .map(|text| match self.lookup(text.text(), from, to) {
                Some((text, score)) => Ok(Translation {
                    text,
                    engine: "memory".into(),
                    score: Some(score),
                }),
                None => Err(TranslateError::NoMatch),
            })
            .collect()
    }
}

/// Case, Latin accents, punctuation and spacing do not distinguish segments.
/// Placeholders (`⟦n⟧`) are kept: they are part of the segment's shape.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.nfd() {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        if c.is_alphanumeric() || c == '⟦' || c == '⟧' {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out.nfc().collect()
}

/// Levenshtein similarity on characters, 0–1.
fn similarity(a: &[char], b: &[char]) -> f64 {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    1.0 - levenshtein(a, b) as f64 / longest as f64
}

/// Edit distance over characters, two rows of memory.
fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev[j] + usize::from(ca != cb);
            cur[j + 1] = substitute.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(pairs: &[(&str, &str)]) -> Unit {
        Unit {
            id: None,
            variants: pairs
                .iter()
                .map(|(l, s)| (l.to_string(), s.to_string()))
                .collect(),
        }
    }

    fn memory() -> TranslationMemory {
        TranslationMemory::new(
            vec![
                unit(&[
                    ("en", "Where is my order?"),
                    ("es", "¿Dónde está mi pedido?"),
                ]),
                unit(&[
                    ("en", "Where is my order ⟦1⟧?"),
                    ("es", "¿Dónde está mi pedido ⟦1⟧?"),
                ]),
                unit(&[
                    ("en", "I want to cancel my order."),
                    ("es-ES", "Quiero cancelar mi pedido."),
                ]),
            ],
            0.75,
        )
    }

    #[test]
    fn exact_match_ignores_case_accents_and_punctuation() {
        let (t, s) = memory().lookup("donde esta mi PEDIDO", "es", "en").unwrap();
        assert_eq!((t.as_str(), s), ("Where is my order?", 1.0));
    }

    #[test]
    fn fuzzy_match_has_a_score_below_one_and_respects_the_threshold() {
        let m = memory();
        let (t, s) = m.lookup("¿Dónde está mi pedidos?", "es", "en").unwrap();
        assert_eq!(t, "Where is my order?");
        assert!(s > 0.75 && s < 1.0, "{s}");
        assert!(
            m.lookup("¿Cuánto cuesta el envío a Chile?", "es", "en")
                .is_none()
        );
    }

    #[test]
    fn edit_distance() {
        let d = |a: &str, b: &str| {
            levenshtein(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
            )
        };
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("注文はどこ", "注文はどこですか"), 3);
    }

    #[test]
    fn placeholders_must_match() {
        let (t, _) = memory()
            .lookup("¿Dónde está mi pedido ⟦1⟧?", "es", "en")
            .unwrap();
        assert_eq!(t, "Where is my order ⟦1⟧?");
    }

    #[test]
    fn regional_tags_count_as_their_language_and_missing_targets_do_not_match() {
        let m = memory();
        assert!(m.lookup("Quiero cancelar mi pedido", "es", "en").is_some());
        assert!(m.lookup("¿Dónde está mi pedido?", "es", "de").is_none());
    }

    #[test]
    fn shipped_memory_loads_and_covers_the_bot() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/memory");
        let m = TranslationMemory::load_dir(&dir, 0.75).unwrap();
        for (text, lang) in [
            ("¿Dónde está mi pedido?", "es"),
            ("我的订单在哪里？", "zh"),
            ("Wo ist meine Bestellung?", "de"),
            ("Où est ma commande ?", "fr"),
            ("注文はどこですか？", "ja"),
        ] {
            let (en, score) = m
                .lookup(text, lang, "en")
                .unwrap_or_else(|| panic!("{text}"));
            assert_eq!((en.as_str(), score), ("Where is my order?", 1.0));
        }
        for answer in crate::upstream::faq::ANSWERS {
            for lang in ["es", "zh", "de", "fr", "ja"] {
                assert!(
                    m.lookup(answer.1, "en", lang)
                        .is_some_and(|(_, s)| s == 1.0),
                    "answer {} has no exact {lang} translation",
                    answer.0
                );
            }
        }
    }
}
