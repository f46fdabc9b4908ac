//! The language-identification model: character n-grams (1–5) and whole
//! words, naive Bayes, read from `model/langid.bin` (compiled into the
//! binary; layout, scoring and test vectors in `model/FORMAT.md`, sources
//! and licences in `model/NOTICE.md`, rebuilt by `scripts/langid/`). Pure
//! and immutable once read.

use std::sync::OnceLock;

/// The shipped model file.
const SHIPPED: &[u8] = include_bytes!("model/langid.bin");

const MAGIC: &[u8; 8] = b"CDLID\0\0\x02";

/// Scores of the languages a text may be in.
pub struct Scored {
    /// Per candidate, in the order given.
    pub scores: Vec<f64>,
    /// Words of the text (known to the model or not).
    pub words: usize,
}

/// One table: sorted 32-bit keys, each with entries (language, weight).
struct Table {
    keys: Vec<u32>,
    /// Index of each key's first entry; one more than `keys`.
    start: Vec<u32>,
    /// `[language, quantized weight]`.
    entries: Vec<[u8; 2]>,
    /// Quantized weight → weight.
    lut: [f64; 256],
}

impl Table {
    fn get(&self, key: u32) -> &[[u8; 2]] {
        match self.keys.binary_search(&key) {
            Ok(i) => &self.entries[self.start[i] as usize..self.start[i + 1] as usize],
            Err(_) => &[],
        }
    }
}

pub struct Model {
    langs: Vec<&'static str>,
    /// The model scores the language (else the script decides it alone).
    scored: Vec<bool>,
    max_n: usize,
    word_cut: usize,
    word_seed: u64,
    han_max: usize,
    lambda: f64,
    t0: f64,
    t1: f64,
    unseen_ng: Vec<f64>,
    unseen_w: Vec<f64>,
    prior: Vec<f64>,
    ngrams: Table,
    words: Table,
}

fn fnv(seed: u64, chars: &[char]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for &c in chars {
        h ^= c as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The stored key of a feature hash.
fn key(h: u64) -> u32 {
    (h ^ (h >> 32)) as u32
}

fn checksum(bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Lower-cased words of letters (digits, punctuation and emoji split words).
pub fn words(text: &str) -> impl Iterator<Item = Vec<char>> + '_ {
    text.split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’' || is_mark(c)))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .map(|w| {
            w.chars()
                .flat_map(char::to_lowercase)
                .filter(|c| *c != '\'' && *c != '’')
                .collect()
        })
}

/// Combining marks (Devanagari and Thai vowel signs, Arabic harakat, the
/// Persian zero-width non-joiner) belong to their word.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36F | 0x610..=0x61A | 0x64B..=0x65F | 0x900..=0x903 | 0x93A..=0x94F | 0x951..=0x957 | 0x962..=0x963 | 0xE31 | 0xE34..=0xE3A | 0xE47..=0xE4E | 0x200C | 0x200D)
}

/// Why a model file does not read: where it is short or what it breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("not a langid model of format version 2")]
    NotAModel,
    #[error("short checksum")]
    ShortChecksum,
    #[error("checksum mismatch")]
    Checksum,
    #[error("truncated at byte {0}")]
    Truncated(usize),
    #[error("language code not ASCII")]
    LanguageCode,
    #[error("key above u32")]
    KeyTooLarge,
    #[error("varint longer than 5 bytes")]
    LongVarint,
    #[error("{decoded} keys decoded, {declared} declared")]
    KeyCount { decoded: usize, declared: usize },
    #[error("entry count overflows")]
    EntryCount,
    #[error("entry {entry} names language {language}")]
    UnknownLanguage { entry: usize, language: u8 },
    #[error("entries do not close every key")]
    UnclosedKey,
    #[error("{0} bytes after the tables")]
    Trailing(usize),
}

/// A little-endian reader that reports where a file is short.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or(ModelError::Truncated(self.at))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_bits(self.u32()?))
    }

    fn f32s(&mut self, n: usize) -> Result<Vec<f64>, ModelError> {
        (0..n).map(|_| self.f32().map(f64::from)).collect()
    }

    fn table(&mut self, languages: usize) -> Result<Table, ModelError> {
        let k = self.u32()? as usize;
        let e = self.u32()? as usize;
        let b = self.u32()? as usize;
        let (offset, scale) = (self.f32()?, self.f32()?);
        let key_bytes = self.take(b)?;
        let mut keys = Vec::with_capacity(k);
        let (mut value, mut shift, mut last) = (0u64, 0, 0u64);
        for &byte in key_bytes {
            value |= u64::from(byte & 0x7F) << shift;
            shift += 7;
            if byte & 0x80 == 0 {
                last += value;
                keys.push(u32::try_from(last).map_err(|_| ModelError::KeyTooLarge)?);
                (value, shift) = (0, 0);
            } else if shift > 28 {
                return Err(ModelError::LongVarint);
            }
        }
        if keys.len() != k || shift != 0 {
            return Err(ModelError::KeyCount {
                decoded: keys.len(),
                declared: k,
            });
        }
        let raw = self.take(e.checked_mul(2).ok_or(ModelError::EntryCount)?)?;
        let entries: Vec<[u8; 2]> = raw.chunks_exact(2).map(|p| [p[0], p[1]]).collect();
        let mut start = Vec::with_capacity(k + 1);
        start.push(0u32);
        for (i, entry) in entries.iter().enumerate() {
            if usize::from(entry[0] & 0x7F) >= languages {
                return Err(ModelError::UnknownLanguage {
                    entry: i,
                    language: entry[0] & 0x7F,
                });
            }
            if entry[0] & 0x80 != 0 {
                start.push(i as u32 + 1);
            }
        }
        if start.len() != k + 1 || *start.last().unwrap_or(&0) as usize != e {
            return Err(ModelError::UnclosedKey);
        }
        let mut lut = [0f64; 256];
        for (q, w) in lut.iter_mut().enumerate() {
            // Multiply then add in f32, as `train.py` and `lidcore.py` do.
            *w = f64::from(offset + scale * q as f32);
        }
        Ok(Table {
            keys,
            start,
            entries,
            lut,
        })
    }
}

impl Model {
    /// The shipped model, read once per process.
    pub fn shipped() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        // The file is compiled in and checked by a test: it cannot fail.
        MODEL.get_or_init(|| Model::read(SHIPPED).expect("src/language/model/langid.bin"))
    }

    /// Reads a model file, checking its magic, checksum and structure.
    pub fn read(bytes: &'static [u8]) -> Result<Model, ModelError> {
        if bytes.len() < 16 || &bytes[..8] != MAGIC {
            return Err(ModelError::NotAModel);
        }
        let (body, tail) = bytes.split_at(bytes.len() - 8);
        let stored = u64::from_le_bytes(tail.try_into().map_err(|_| ModelError::ShortChecksum)?);
        if checksum(body) != stored {
            return Err(ModelError::Checksum);
        }
        let mut r = Reader { bytes: body, at: 8 };
        let n = r.u32()? as usize;
        let mut langs = Vec::with_capacity(n);
        for _ in 0..n {
            let len = usize::from(r.take(1)?[0]);
            let code = std::str::from_utf8(r.take(len)?).map_err(|_| ModelError::LanguageCode)?;
            langs.push(code);
        }
        let scored = r.take(n)?.iter().map(|f| f & 1 == 1).collect();
        let max_n = r.u32()? as usize;
        let word_cut = r.u32()? as usize;
        let word_seed = u64::from(r.u32()?);
        let han_max = r.u32()? as usize;
        let (lambda, t0, t1) = (r.f32()?, r.f32()?, r.f32()?);
        let unseen_ng = r.f32s(n)?;
        let unseen_w = r.f32s(n)?;
        let prior = r.f32s(n)?;
        let ngrams = r.table(n)?;
        let words = r.table(n)?;
        if r.at != body.len() {
            return Err(ModelError::Trailing(body.len() - r.at));
        }
        Ok(Model {
            langs,
            scored,
            max_n,
            word_cut,
            word_seed,
            han_max,
            lambda: f64::from(lambda),
            t0: f64::from(t0),
            t1: f64::from(t1),
            unseen_ng,
            unseen_w,
            prior,
            ngrams,
            words,
        })
    }

    /// Every language the model knows, in model-index order (sorted codes).
    pub fn languages(&self) -> &[&'static str] {
        &self.langs
    }

    pub fn index(&self, lang: &str) -> Option<usize> {
        self.langs.iter().position(|l| *l == lang)
    }

    /// The model scores this language; the others are decided by their
    /// script alone.
    pub fn scores_language(&self, i: usize) -> bool {
        self.scored.get(i).copied().unwrap_or(false)
    }

    /// Han text of at most this many letters is scored as Japanese or
    /// Chinese instead of being Chinese by its script (0: never).
    pub fn han_max(&self) -> usize {
        self.han_max
    }

    /// Stored (feature, language) weights: the model's size.
    pub fn size(&self) -> usize {
        self.ngrams.entries.len() + self.words.entries.len()
    }

    /// The confidence of the best of `scores`: the posterior tempered by
    /// the number of words (naive Bayes is overconfident on many features).
    pub fn confidence(&self, scored: &Scored) -> f64 {
        let temperature = self.t0 + self.t1 * scored.words as f64;
        let best = scored
            .scores
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        1.0 / scored
            .scores
            .iter()
            .map(|s| ((s - best) / temperature).exp())
            .sum::<f64>()
    }

    /// Log-likelihoods of `text` for each candidate (model indices, in
    /// model-index order).
    pub fn score(&self, text: &str, candidates: &[usize]) -> Scored {
        // Model index → position in `candidates`.
        let mut slot = [u8::MAX; 128];
        for (pos, &i) in candidates.iter().enumerate() {
            slot[i] = pos as u8;
        }
        let mut scores = vec![0f64; candidates.len()];
        let (mut lookups, mut n_words, mut known) = (0usize, 0usize, 0usize);
        let mut padded: Vec<char> = Vec::with_capacity(self.word_cut + 2);
        let mut add = |table: &Table, entries: &[[u8; 2]], factor: f64| {
            for e in entries {
                let pos = slot[usize::from(e[0] & 0x7F)];
                if pos != u8::MAX {
                    scores[pos as usize] += factor * table.lut[usize::from(e[1])];
                }
            }
        };
        for word in words(text) {
            padded.clear();
            padded.push(' ');
            padded.extend(word.iter().take(self.word_cut));
            padded.push(' ');
            for n in 1..=self.max_n {
                for gram in padded.windows(n) {
                    if n == 1 && gram[0] == ' ' {
                        continue;
                    }
                    lookups += 1;
                    add(&self.ngrams, self.ngrams.get(key(fnv(n as u64, gram))), 1.0);
                }
            }
            n_words += 1;
            let entries = self.words.get(key(fnv(self.word_seed, &padded)));
            if !entries.is_empty() {
                known += 1;
                add(&self.words, entries, self.lambda);
            }
        }
        for (pos, &i) in candidates.iter().enumerate() {
            scores[pos] += self.prior[i]
                + self.unseen_ng[i] * lookups as f64
                + self.lambda * self.unseen_w[i] * known as f64;
        }
        Scored {
            scores,
            words: n_words,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_file_reads_and_a_damaged_one_does_not() {
        let m = Model::shipped();
        assert_eq!(m.languages().len(), 31);
        assert!(m.size() > 1_000_000);
        let mut copy = SHIPPED.to_vec();
        copy[1000] ^= 1;
        let copy: &'static [u8] = Box::leak(copy.into_boxed_slice());
        assert_eq!(
            Model::read(copy).err().map(|e| e.to_string()).as_deref(),
            Some("checksum mismatch")
        );
        assert!(Model::read(&SHIPPED[..100]).is_err());
    }

    /// The reference vectors of `model/FORMAT.md` §6, scored by the model
    /// alone (the script layer's part is checked in `tests.rs`).
    #[test]
    fn the_reference_vectors_score_as_the_reference_reader() {
        let m = Model::shipped();
        let vectors = include_str!("model/vectors.tsv");
        let mut checked = 0;
        for line in vectors.lines().filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').collect();
            let [text, expected, by, _, words, _, top3, _] = cols[..] else {
                panic!("{line}");
            };
            if by != "model" {
                continue;
            }
            let top: Vec<(&str, f64)> = top3
                .split(' ')
                .map(|p| {
                    let (l, s) = p.split_once(':').unwrap();
                    (l, s.parse().unwrap())
                })
                .collect();
            // The candidates the script layer left: every scored language
            // of the expected one's script (the vectors' top-3 are among them).
            let mut candidates: Vec<usize> = top.iter().map(|(l, _)| m.index(l).unwrap()).collect();
            candidates.sort_unstable();
            let letters = super::super::guess::language_letters(text);
            let scored = m.score(&letters, &candidates);
            assert_eq!(scored.words.to_string(), words, "{text}");
            for (l, want) in &top {
                let pos = candidates
                    .iter()
                    .position(|&i| m.languages()[i] == *l)
                    .unwrap();
                let got = scored.scores[pos];
                assert!((got - want).abs() < 0.002, "{text}: {l} {got} vs {want}");
            }
            assert_eq!(top[0].0, expected, "{text}");
            checked += 1;
        }
        assert!(checked >= 10, "{checked}");
    }
}
