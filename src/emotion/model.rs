//! The emotion model: a multinomial logistic regression (neutral, anger,
//! anxiety, frustration) over hashed character and word n-grams plus the
//! lexicon's findings. It reads what a word list cannot: a wait, a repeat,
//! a broken promise, a deadline, in the shopper's own wording.
//!
//! Trained by `cargo run --release --example emotion_train` on
//! `tests/corpus/emotion-train/` only; the weights ship in
//! `locales/emotion/model.bin` (a few hundred kilobytes, i8 weights) and are
//! read once. Everything here is plain functions over plain types, training
//! included, so the unit tests can train on toy data.

use std::sync::OnceLock;

use super::lexicon::{Signals, unspaced};

/// neutral, anger, anxiety, frustration: the order of `Kind` after `None`.
pub const CLASSES: usize = 4;
pub const LABELS: [&str; CLASSES] = ["neutral", "anger", "anxiety", "frustration"];

/// Dense inputs taken from the lexicon reading (see `dense`).
pub const DENSE: usize = 7;

const MAGIC: &[u8; 8] = b"CDEMO\x001\0";

/// FNV-1a over the parts, so a feature's bucket never depends on the
/// platform or on the process (std's hasher is seeded per process).
fn fnv(parts: &[&[u8]]) -> u64 {
    fnv_from(0xcbf2_9ce4_8422_2325, parts)
}

/// FNV-1a continued from `h`: a feature family's prefix (language, kind)
/// is hashed once per message, not once per n-gram.
fn fnv_from(mut h: u64, parts: &[&[u8]]) -> u64 {
    for part in parts {
        for b in *part {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        // A separator, so ("ab","c") and ("a","bc") differ.
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Fingerprint of a training set: file names and contents, in name order.
/// The shipped model carries the fingerprint of what it was trained on, and
/// a unit test checks it against the corpus, so a stale model is caught.
pub fn fingerprint(files: &[(String, String)]) -> u64 {
    let mut sorted: Vec<&(String, String)> = files.iter().collect();
    sorted.sort();
    let mut h = fnv(&[]);
    for (name, text) in sorted {
        h ^= fnv(&[name.as_bytes(), text.as_bytes()]);
        h = h.rotate_left(7).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The text as the model sees it: lower case, every digit a `0` (order
/// numbers and prices say nothing about mood), runs of spaces collapsed.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    let mut space = true;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
            continue;
        }
        space = false;
        out.push(if c.is_numeric() { '0' } else { c });
    }
    if !space {
        out.push(' ');
    }
    out
}

/// A message's sparse features: (bucket, value), buckets sorted and
/// unique, values scaled so the vector has unit length (long and short
/// messages weigh alike).
pub fn features(text: &str, lang: &str, log2: u32) -> Vec<(u32, f32)> {
    let mask = (1u64 << log2) - 1;
    let norm = normalize(text);
    let chars: Vec<(usize, char)> = norm.char_indices().collect();
    let mut buckets: Vec<u32> = Vec::with_capacity(chars.len() * 4);
    let lang_b = lang.as_bytes();
    let (chars_h, word_h, pair_h) = (
        fnv(&[lang_b, b"c"]),
        fnv(&[lang_b, b"w"]),
        fnv(&[lang_b, b"b"]),
    );
    let (lo, hi) = if unspaced(lang) { (1, 3) } else { (2, 5) };
    for n in lo..=hi {
        for w in 0..chars.len().saturating_sub(n - 1) {
            let start = chars[w].0;
            let end = chars.get(w + n).map_or(norm.len(), |c| c.0);
            let gram = &norm.as_bytes()[start..end];
            if gram == b" " {
                continue;
            }
            buckets.push((fnv_from(chars_h, &[gram]) & mask) as u32);
        }
    }
    if !unspaced(lang) {
        let words: Vec<&str> = norm
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .filter(|w| !w.is_empty())
            .collect();
        for (i, w) in words.iter().enumerate() {
            buckets.push((fnv_from(word_h, &[w.as_bytes()]) & mask) as u32);
            if let Some(next) = words.get(i + 1) {
                buckets.push((fnv_from(pair_h, &[w.as_bytes(), next.as_bytes()]) & mask) as u32);
            }
        }
    }
    // Emoji and symbols mean the same in every language.
    for c in norm.chars().filter(|c| {
        !(c.is_alphanumeric() || c.is_whitespace() || c.is_ascii_punctuation())
            && u32::from(*c) > 0x2000
    }) {
        let mut buf = [0u8; 4];
        buckets.push((fnv(&[b"sym", c.encode_utf8(&mut buf).as_bytes()]) & mask) as u32);
    }
    buckets.sort_unstable();
    buckets.dedup();
    let value = 1.0 / (buckets.len().max(1) as f32).sqrt();
    buckets.into_iter().map(|b| (b, value)).collect()
}

/// The lexicon's findings as the model's dense inputs, each capped so one
/// long rant cannot dominate.
pub fn dense(s: &Signals, lexicon_score: f64) -> [f32; DENSE] {
    [
        s.anger.min(3.0) as f32,
        s.anxiety.min(3.0) as f32,
        s.frustration.min(3.0) as f32,
        s.calm.min(2.0) as f32,
        s.bangs as f32,
        if s.shouting { 1.0 } else { 0.0 },
        lexicon_score as f32,
    ]
}

/// A trained model, as shipped: n-gram weights quantized to i8 with one
/// scale per class.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub log2: u32,
    pub fingerprint: u64,
    /// Added to the log-odds of "upset" so the chosen threshold lands on
    /// 0.5 (`super::THRESHOLD`).
    pub offset: f32,
    pub langs: Vec<String>,
    pub bias: [f32; CLASSES],
    pub dense: [[f32; CLASSES]; DENSE],
    pub scale: [f32; CLASSES],
    /// `weights[bucket * CLASSES + class]`: one cache line per feature.
    pub weights: Vec<i8>,
}

impl Model {
    pub fn knows(&self, lang: &str) -> bool {
        self.langs.iter().any(|l| l == lang)
    }

    /// Class probabilities (neutral, anger, anxiety, frustration).
    pub fn probabilities(&self, text: &str, lang: &str, inputs: &[f32; DENSE]) -> [f32; CLASSES] {
        let mut z = self.bias;
        for (x, w) in inputs.iter().zip(&self.dense) {
            for c in 0..CLASSES {
                z[c] += x * w[c];
            }
        }
        for (b, v) in features(text, lang, self.log2) {
            let row = &self.weights[b as usize * CLASSES..][..CLASSES];
            for c in 0..CLASSES {
                z[c] += v * f32::from(row[c]) * self.scale[c];
            }
        }
        softmax(z)
    }

    /// How upset, 0…1, with the threshold moved to 0.5.
    pub fn upset_score(&self, p: &[f32; CLASSES]) -> f64 {
        let upset = f64::from(1.0 - p[0]).clamp(1e-6, 1.0 - 1e-6);
        let logit = (upset / (1.0 - upset)).ln() + f64::from(self.offset);
        1.0 / (1.0 + (-logit).exp())
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.weights.len() + 256);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.log2.to_le_bytes());
        out.extend_from_slice(&self.fingerprint.to_le_bytes());
        out.extend_from_slice(&self.offset.to_le_bytes());
        let langs = self.langs.join(",");
        out.extend_from_slice(&(langs.len() as u32).to_le_bytes());
        out.extend_from_slice(langs.as_bytes());
        let floats = self
            .bias
            .iter()
            .chain(self.dense.iter().flatten())
            .chain(&self.scale);
        for f in floats {
            out.extend_from_slice(&f.to_le_bytes());
        }
        out.extend(self.weights.iter().map(|w| w.to_le_bytes()[0]));
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return Err(ModelError::NotAModel);
        }
        let log2 = r.u32()?;
        if !(8..=24).contains(&log2) {
            return Err(ModelError::Buckets(log2));
        }
        let fingerprint = u64::from_le_bytes(r.take(8)?.try_into().unwrap_or_default());
        let offset = r.f32()?;
        let n = r.u32()? as usize;
        let langs = std::str::from_utf8(r.take(n)?)
            .map_err(|_| ModelError::Languages)?
            .split(',')
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        let mut bias = [0.0; CLASSES];
        for b in &mut bias {
            *b = r.f32()?;
        }
        let mut dense = [[0.0; CLASSES]; DENSE];
        for w in dense.iter_mut().flatten() {
            *w = r.f32()?;
        }
        let mut scale = [0.0; CLASSES];
        for s in &mut scale {
            *s = r.f32()?;
        }
        let weights: Vec<i8> = r
            .take((1usize << log2) * CLASSES)?
            .iter()
            .map(|b| i8::from_le_bytes([*b]))
            .collect();
        if r.at != bytes.len() {
            return Err(ModelError::Trailing);
        }
        Ok(Model {
            log2,
            fingerprint,
            offset,
            langs,
            bias,
            dense,
            scale,
            weights,
        })
    }
}

/// Why an emotion model file does not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("not a crossdesk emotion model (bad magic)")]
    NotAModel,
    #[error("bucket count 2^{0} out of range")]
    Buckets(u32),
    #[error("language list is not UTF-8")]
    Languages,
    #[error("model file is truncated")]
    Truncated,
    #[error("trailing bytes after the weights")]
    Trailing,
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.bytes.len());
        let end = end.ok_or(ModelError::Truncated)?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().unwrap_or_default(),
        ))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(
            self.take(4)?.try_into().unwrap_or_default(),
        ))
    }
}

fn softmax(z: [f32; CLASSES]) -> [f32; CLASSES] {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let e = z.map(|v| (v - max).exp());
    let sum: f32 = e.iter().sum();
    e.map(|v| v / sum)
}

/// The model compiled into the binary, parsed on first use. `None` if the
/// shipped file does not parse (a build defect the unit tests catch): the
/// lexicon reading then stands alone.
pub fn shipped() -> Option<&'static Model> {
    static M: OnceLock<Option<Model>> = OnceLock::new();
    M.get_or_init(|| Model::from_bytes(SHIPPED).ok()).as_ref()
}

pub const SHIPPED: &[u8] = include_bytes!("../../locales/emotion/model.bin");

/// One labelled training message, already turned into inputs.
#[derive(Debug, Clone)]
pub struct Example {
    pub sparse: Vec<(u32, f32)>,
    pub dense: [f32; DENSE],
    pub class: usize,
}

#[derive(Debug, Clone, Copy)]
pub struct Params {
    pub log2: u32,
    pub epochs: u32,
    /// AdaGrad step.
    pub rate: f32,
    /// L2 penalty, applied to the weights an example touches.
    pub l2: f32,
    pub seed: u64,
}

/// Trains by AdaGrad on the softmax loss, visiting the examples in an order
/// fixed by `seed`: the same data and parameters give the same bytes.
pub fn train(examples: &[Example], langs: &[String], params: &Params) -> Model {
    let buckets = 1usize << params.log2;
    let mut w = vec![0f32; buckets * CLASSES];
    let mut g2 = vec![0f32; buckets * CLASSES];
    let mut dw = [[0f32; CLASSES]; DENSE];
    let mut dg2 = [[0f32; CLASSES]; DENSE];
    let mut b = [0f32; CLASSES];
    let mut bg2 = [0f32; CLASSES];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut state = params.seed | 1;
    let eps = 1e-6;
    for _ in 0..params.epochs {
        // Fisher–Yates with xorshift: deterministic, no dependency.
        for i in (1..order.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            order.swap(i, (state % (i as u64 + 1)) as usize);
        }
        for &i in &order {
            let ex = &examples[i];
            let mut z = b;
            for (x, row) in ex.dense.iter().zip(&dw) {
                for c in 0..CLASSES {
                    z[c] += x * row[c];
                }
            }
            for &(f, v) in &ex.sparse {
                for c in 0..CLASSES {
                    z[c] += v * w[f as usize * CLASSES + c];
                }
            }
            let p = softmax(z);
            for c in 0..CLASSES {
                let err = p[c] - if c == ex.class { 1.0 } else { 0.0 };
                bg2[c] += err * err;
                b[c] -= params.rate * err / (bg2[c].sqrt() + eps);
                for (j, x) in ex.dense.iter().enumerate() {
                    let g = err * x + params.l2 * dw[j][c];
                    dg2[j][c] += g * g;
                    dw[j][c] -= params.rate * g / (dg2[j][c].sqrt() + eps);
                }
                for &(f, v) in &ex.sparse {
                    let k = f as usize * CLASSES + c;
                    let g = err * v + params.l2 * w[k];
                    g2[k] += g * g;
                    w[k] -= params.rate * g / (g2[k].sqrt() + eps);
                }
            }
        }
    }
    let mut scale = [0f32; CLASSES];
    for (c, s) in scale.iter_mut().enumerate() {
        let max = (0..buckets)
            .map(|f| w[f * CLASSES + c].abs())
            .fold(0.0, f32::max);
        *s = if max > 0.0 { max / 127.0 } else { 1.0 };
    }
    let weights = w
        .iter()
        .enumerate()
        .map(|(k, v)| (v / scale[k % CLASSES]).round().clamp(-127.0, 127.0) as i8)
        .collect();
    Model {
        log2: params.log2,
        fingerprint: 0,
        offset: 0.0,
        langs: langs.to_vec(),
        bias: b,
        dense: dw,
        scale,
        weights,
    }
}

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;
