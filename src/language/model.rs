//! A character n-gram naive Bayes model, trained at start from the text in
//! `src/language/train/` (written for crossdesk, Apache-2.0; compiled into
//! the binary). Features: n-grams of 1 to 4 characters of each word padded
//! with spaces, and the whole word. Pure and immutable once built.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// Keys are FNV hashes already: hashing them again would only cost time.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type FeatureMap<V> = HashMap<u64, V, BuildHasherDefault<Prehashed>>;

/// Training text per language (ISO 639-1), listed by build.rs from
/// `src/language/train/*.txt`.
pub const TRAINING: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/training.rs"));

/// Additive smoothing.
const ALPHA: f64 = 0.1;
/// Largest n-gram.
const MAX_N: usize = 4;
/// Whole words count this many times an n-gram.
const WORD_WEIGHT: f32 = 2.0;

pub struct Model {
    langs: Vec<&'static str>,
    /// Feature hash → (language index, log-probability minus that language's unseen log-probability).
    features: FeatureMap<Vec<(u8, f32)>>,
    /// Per language: the log-probability of a feature never seen in training.
    unseen: Vec<f32>,
}

/// A feature: its hash and weight.
type Feature = (u64, f32);

fn fnv(seed: u64, chars: &[char]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for &c in chars {
        h ^= c as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Lower-cased words of letters (digits, punctuation and emoji split words).
pub fn words(text: &str) -> impl Iterator<Item = Vec<char>> + '_ {
    text.split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’' || c.is_mark()))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .map(|w| {
            w.chars()
                .flat_map(char::to_lowercase)
                .filter(|c| *c != '\'' && *c != '’')
                .collect()
        })
}

trait IsMark {
    fn is_mark(&self) -> bool;
}

impl IsMark for char {
    /// Combining marks (Devanagari and Thai vowel signs, Arabic harakat…)
    /// belong to their word.
    fn is_mark(&self) -> bool {
        matches!(*self as u32, 0x300..=0x36F | 0x610..=0x61A | 0x64B..=0x65F | 0x900..=0x903 | 0x93A..=0x94F | 0x951..=0x957 | 0x962..=0x963 | 0xE31 | 0xE34..=0xE3A | 0xE47..=0xE4E | 0x200C | 0x200D)
    }
}

/// Features of a text, in order; words longer than 24 characters are cut.
pub fn features(text: &str, out: &mut Vec<Feature>) {
    out.clear();
    let mut padded: Vec<char> = Vec::with_capacity(32);
    for word in words(text) {
        padded.clear();
        padded.push(' ');
        padded.extend(word.iter().take(24));
        padded.push(' ');
        for n in 1..=MAX_N {
            for gram in padded.windows(n) {
                if n == 1 && gram[0] == ' ' {
                    continue;
                }
                out.push((fnv(n as u64, gram), 1.0));
            }
        }
        out.push((fnv(99, &padded), WORD_WEIGHT));
    }
}

impl Model {
    /// The model trained on the shipped text, built once per process.
    pub fn shipped() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| Model::train(TRAINING))
    }

    pub fn train(corpus: &[(&'static str, &str)]) -> Model {
        let langs: Vec<&'static str> = corpus.iter().map(|(l, _)| *l).collect();
        let mut counts: Vec<FeatureMap<f32>> = vec![FeatureMap::default(); langs.len()];
        let mut totals = vec![0f64; langs.len()];
        let mut buf = Vec::new();
        for (i, (_, text)) in corpus.iter().enumerate() {
            for line in text.lines() {
                features(line, &mut buf);
                for &(h, w) in &buf {
                    *counts[i].entry(h).or_default() += w;
                    totals[i] += f64::from(w);
                }
            }
        }
        let vocabulary = {
            let mut all: Vec<u64> = counts.iter().flat_map(|c| c.keys().copied()).collect();
            all.sort_unstable();
            all.dedup();
            all.len() as f64
        };
        let unseen: Vec<f32> = totals
            .iter()
            .map(|&t| (ALPHA / (t + ALPHA * vocabulary)).ln() as f32)
            .collect();
        let mut features: FeatureMap<Vec<(u8, f32)>> = FeatureMap::default();
        for (i, c) in counts.iter().enumerate() {
            for (&h, &n) in c {
                let logp = ((f64::from(n) + ALPHA) / (totals[i] + ALPHA * vocabulary)).ln() as f32;
                features
                    .entry(h)
                    .or_default()
                    .push((i as u8, logp - unseen[i]));
            }
        }
        Model {
            langs,
            features,
            unseen,
        }
    }

    pub fn languages(&self) -> &[&'static str] {
        &self.langs
    }

    /// Number of stored (feature, language) weights, for memory accounting.
    pub fn size(&self) -> usize {
        self.features.values().map(Vec::len).sum()
    }

    /// Log-likelihood of `text` under each candidate language (model
    /// indices, in `candidates` order), and the weight of the features seen.
    pub fn scores(
        &self,
        text: &str,
        candidates: &[usize],
        buf: &mut Vec<Feature>,
        out: &mut Vec<f64>,
    ) -> f64 {
        features(text, buf);
        let total: f64 = buf.iter().map(|f| f64::from(f.1)).sum();
        out.clear();
        out.extend(
            candidates
                .iter()
                .map(|&i| f64::from(self.unseen[i]) * total),
        );
        // Model index → position in `candidates`.
        let mut slot = [u8::MAX; 256];
        for (pos, &i) in candidates.iter().enumerate() {
            slot[i] = pos as u8;
        }
        for &(h, w) in buf.iter() {
            if let Some(entries) = self.features.get(&h) {
                for &(lang, delta) in entries {
                    let pos = slot[lang as usize];
                    if pos != u8::MAX {
                        out[pos as usize] += f64::from(delta) * f64::from(w);
                    }
                }
            }
        }
        total
    }

    pub fn index(&self, lang: &str) -> Option<usize> {
        self.langs.iter().position(|l| *l == lang)
    }
}
