//! The in-process neural engine's model (feature `neural`): a Marian
//! translation model (Helsinki-NLP opus-mt) read from a model directory in
//! the Hugging Face layout — `config.json` (and `generation_config.json`
//! when present), `source.spm`, `target.spm`, `vocab.json`,
//! `model.safetensors` — and run on the CPU with candle.
//!
//! `proto`, `spm` and `charsmap` read the SentencePiece models and their
//! normalization, `tokenizer` maps text to Marian's ids, `dense`, `layers`
//! and `model` are the network (`dense` holds a layer's weights in floats or
//! in 8 bits), `search` finds outputs; [`MarianModel`] ties them into text
//! in, text out.
//!
//! candle spreads each operation over a rayon pool; with
//! `RAYON_NUM_THREADS` unset it asks the machine for its core count on
//! every small operation, which makes small models ten times slower. Set it
//! (e.g. to 1 per worker) before the first model runs.

pub mod charsmap;
mod config;
mod dense;
mod layers;
mod model;
pub mod pool;
pub mod proto;
mod search;
pub mod spm;
mod tokenizer;

#[doc(hidden)]
pub mod fixture;

use std::fmt::Display;
use std::path::Path;

pub use config::{Config, Generation};
pub use model::Marian;
pub use tokenizer::Tokenizer;

use candle_core::{DType, Device};

pub use crate::config::Weights;

/// Why a model could not be loaded or run.
#[derive(Debug, thiserror::Error)]
pub enum NeuralError {
    #[error("{file}: {reason}")]
    File { file: &'static str, reason: String },
    #[error("model: {0}")]
    Model(#[from] candle_core::Error),
    #[error("{tokens} source tokens, more than the model's {limit} positions")]
    TooLong { tokens: usize, limit: usize },
    #[error("the model has no >>{0}<< target token")]
    NoTargetToken(String),
    #[error("the model translates into several languages; the target language is missing")]
    TargetMissing,
}

impl NeuralError {
    fn file(file: &'static str, reason: impl Display) -> NeuralError {
        NeuralError::File {
            file,
            reason: reason.to_string(),
        }
    }
}

/// A loaded model with its tokenizer. Immutable: one instance can serve
/// any number of calls, from several threads, with nothing carried from
/// one call to the next.
pub struct MarianModel {
    model: Marian,
    tokenizer: Tokenizer,
    banned: Vec<u32>,
}

/// How many output tokens a sentence of `source` tokens may take: the
/// model's own limits, and three times the source plus ten, past which an
/// output is a loop rather than a translation.
fn output_limit(cfg: &Config, source: usize) -> usize {
    cfg.generation
        .max_length
        .min(cfg.max_position_embeddings)
        .min(3 * source + 10)
}

fn read(dir: &Path, file: &'static str) -> Result<Vec<u8>, NeuralError> {
    std::fs::read(dir.join(file)).map_err(|e| NeuralError::file(file, e))
}

/// The configuration and the tokenizer of a model directory, checked
/// against each other.
fn read_parts(dir: &Path) -> Result<(Config, Tokenizer), NeuralError> {
    let generation = std::fs::read(dir.join("generation_config.json")).ok();
    let cfg = Config::from_json(&read(dir, "config.json")?, generation.as_deref())
        .map_err(|e| NeuralError::file("config.json", e))?;
    let tokenizer = Tokenizer::from_parts(
        &read(dir, "source.spm")?,
        &read(dir, "target.spm")?,
        &read(dir, "vocab.json")?,
        cfg.vocab_size,
    )?;
    Ok((cfg, tokenizer))
}

/// Largest safetensors header read by [`MarianModel::check`]: an opus-mt
/// header is about 30 KB; a length beyond this is not a model's.
const MAX_HEADER: u64 = 16 << 20;

/// The header of `model.safetensors` (an 8-byte little-endian length, then
/// that much JSON naming each tensor's byte range): a JSON object whose
/// ranges fit the file and which has the shared embeddings every Marian
/// model has. The weights themselves are not read.
fn check_safetensors(dir: &Path) -> Result<(), NeuralError> {
    use std::io::Read;
    const FILE: &str = "model.safetensors";
    let bad = |reason: String| NeuralError::file(FILE, reason);
    let mut f = std::fs::File::open(dir.join(FILE)).map_err(|e| NeuralError::file(FILE, e))?;
    let len = f.metadata().map_err(|e| NeuralError::file(FILE, e))?.len();
    let mut n = [0u8; 8];
    f.read_exact(&mut n)
        .map_err(|_| bad("shorter than a safetensors header".into()))?;
    let n = u64::from_le_bytes(n);
    if n > MAX_HEADER || n > len - 8 {
        return Err(bad(format!(
            "header length {n} does not fit a {len}-byte file"
        )));
    }
    let mut header = vec![0u8; n as usize];
    f.read_exact(&mut header)
        .map_err(|e| NeuralError::file(FILE, e))?;
    let header: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(&header)
        .map_err(|e| bad(format!("header is not a JSON object: {e}")))?;
    let data = len - 8 - n;
    for (name, tensor) in &header {
        let end = tensor["data_offsets"][1].as_u64();
        if name != "__metadata__" && end.is_none_or(|end| end > data) {
            return Err(bad(format!(
                "tensor {name} lies beyond the file's {data} bytes of data"
            )));
        }
    }
    if !header.contains_key("model.shared.weight") {
        return Err(bad("no model.shared.weight tensor".into()));
    }
    Ok(())
}

impl MarianModel {
    /// Checks a model directory without loading the weights: the
    /// configuration, both SentencePiece models and the vocabulary parse
    /// and agree, and `model.safetensors` has a sound header. Milliseconds
    /// where [`MarianModel::load`] takes seconds.
    pub fn check(dir: &Path) -> Result<(), NeuralError> {
        read_parts(dir)?;
        check_safetensors(dir)
    }

    /// Loads a model directory (see the module comment for its files),
    /// its dense layers held in `weights`' format.
    pub fn load(dir: &Path, weights: Weights) -> Result<MarianModel, NeuralError> {
        let (cfg, tokenizer) = read_parts(dir)?;
        let vb = candle_nn::VarBuilder::from_buffered_safetensors(
            read(dir, "model.safetensors")?,
            DType::F32,
            &Device::Cpu,
        )
        .map_err(|e| NeuralError::file("model.safetensors", e))?;
        let mut banned = vec![cfg.pad_token_id, tokenizer.pad];
        banned.extend(
            cfg.generation
                .bad_words_ids
                .iter()
                .filter(|w| w.len() == 1)
                .map(|w| w[0]),
        );
        banned.sort_unstable();
        banned.dedup();
        let model = Marian::load(cfg, vb, weights)
            .map_err(|e| NeuralError::file("model.safetensors", e))?;
        Ok(MarianModel {
            model,
            tokenizer,
            banned,
        })
    }

    pub fn config(&self) -> &Config {
        self.model.config()
    }

    /// Whether the model needs a target language (a `>>xx<<` token).
    pub fn is_multi_target(&self) -> bool {
        self.tokenizer.is_multi_target()
    }

    /// Source ids for `texts`, with the `>>to<<` token for a multi-target
    /// model; refused past the model's positions.
    pub fn encode(&self, texts: &[&str], to: Option<&str>) -> Result<Vec<Vec<u32>>, NeuralError> {
        let target = match (self.is_multi_target(), to) {
            (false, _) => None,
            (true, None) => return Err(NeuralError::TargetMissing),
            (true, Some(lang)) => Some(
                self.tokenizer
                    .target_token(lang)
                    .ok_or_else(|| NeuralError::NoTargetToken(lang.to_string()))?,
            ),
        };
        let limit = self.config().max_position_embeddings;
        texts
            .iter()
            .map(|t| {
                let ids = self.tokenizer.encode(t, target);
                match ids.len() > limit {
                    true => Err(NeuralError::TooLong {
                        tokens: ids.len(),
                        limit,
                    }),
                    false => Ok(ids),
                }
            })
            .collect()
    }

    /// Output ids for source ids, as one batch: beam search when the
    /// model's `num_beams` is above 1, else greedy.
    pub fn generate(&self, sources: &[Vec<u32>]) -> Result<Vec<Vec<u32>>, NeuralError> {
        if sources.is_empty() {
            return Ok(Vec::new());
        }
        let limits: Vec<usize> = sources
            .iter()
            .map(|s| output_limit(self.config(), s.len()))
            .collect();
        let search = self.search(&limits);
        let g = &self.config().generation;
        Ok(match g.num_beams {
            1 => search.greedy(sources)?,
            width => search.beam(sources, width, g.length_penalty)?,
        })
    }

    /// Greedy output ids without the decoder cache (for tests: cached
    /// decoding must give the same).
    pub fn generate_uncached(&self, sources: &[Vec<u32>]) -> Result<Vec<Vec<u32>>, NeuralError> {
        let limits: Vec<usize> = sources
            .iter()
            .map(|s| output_limit(self.config(), s.len()))
            .collect();
        Ok(self.search(&limits).greedy_uncached(sources)?)
    }

    fn search<'a>(&'a self, max_output: &'a [usize]) -> search::Search<'a> {
        search::Search {
            model: &self.model,
            banned: &self.banned,
            max_output,
        }
    }

    pub fn decode(&self, ids: &[u32]) -> String {
        self.tokenizer.decode(ids)
    }

    /// Translates `texts` as one batch into `to`.
    pub fn translate(&self, texts: &[&str], to: Option<&str>) -> Result<Vec<String>, NeuralError> {
        let sources = self.encode(texts, to)?;
        Ok(self
            .generate(&sources)?
            .iter()
            .map(|ids| self.decode(ids))
            .collect())
    }
}

#[cfg(test)]
mod tests;
