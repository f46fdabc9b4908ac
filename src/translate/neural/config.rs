//! A Marian model's `config.json` (Hugging Face `MarianConfig`). Files
//! written before 2022 lack `decoder_vocab_size` and
//! `share_encoder_decoder_embeddings`, and newer ones move the generation
//! settings to `generation_config.json`: every key has `MarianConfig`'s
//! default, and generation keys found in `generation_config.json` win.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Config {
    pub vocab_size: usize,
    /// `None` in files before 2022: the vocabulary is shared.
    pub decoder_vocab_size: Option<usize>,
    pub d_model: usize,
    pub encoder_layers: usize,
    pub decoder_layers: usize,
    pub encoder_attention_heads: usize,
    pub decoder_attention_heads: usize,
    pub encoder_ffn_dim: usize,
    pub decoder_ffn_dim: usize,
    pub activation_function: candle_nn::Activation,
    pub max_position_embeddings: usize,
    pub scale_embedding: bool,
    pub pad_token_id: u32,
    pub eos_token_id: u32,
    pub decoder_start_token_id: u32,
    pub share_encoder_decoder_embeddings: bool,
    #[serde(flatten)]
    pub generation: Generation,
}

/// How outputs are searched for.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Generation {
    /// 1: greedy.
    pub num_beams: usize,
    /// Output tokens at most, `</s>` included.
    pub max_length: usize,
    /// Hugging Face's length penalty: a finished hypothesis scores its
    /// log-probability over its length to this power.
    pub length_penalty: f32,
    /// Token sequences never produced (opus-mt: `[[pad]]`).
    pub bad_words_ids: Vec<Vec<u32>>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            vocab_size: 58101,
            decoder_vocab_size: None,
            d_model: 1024,
            encoder_layers: 12,
            decoder_layers: 12,
            encoder_attention_heads: 16,
            decoder_attention_heads: 16,
            encoder_ffn_dim: 4096,
            decoder_ffn_dim: 4096,
            activation_function: candle_nn::Activation::Gelu,
            max_position_embeddings: 1024,
            scale_embedding: false,
            pad_token_id: 58100,
            eos_token_id: 0,
            decoder_start_token_id: 58100,
            share_encoder_decoder_embeddings: true,
            generation: Generation::default(),
        }
    }
}

impl Default for Generation {
    fn default() -> Generation {
        Generation {
            num_beams: 1,
            max_length: 512,
            length_penalty: 1.0,
            bad_words_ids: Vec::new(),
        }
    }
}

impl Config {
    /// Reads `config.json`, then the generation keys of
    /// `generation_config.json` when the model has one.
    pub fn from_json(
        config: &[u8],
        generation: Option<&[u8]>,
    ) -> Result<Config, serde_json::Error> {
        let mut cfg: Config = serde_json::from_slice(config)?;
        if let Some(generation) = generation {
            let value: serde_json::Value = serde_json::from_slice(generation)?;
            let mut merged = serde_json::to_value(GenerationKeys::from(&cfg.generation))
                .expect("plain struct serializes");
            if let (Some(into), Some(from)) = (merged.as_object_mut(), value.as_object()) {
                for (k, v) in from {
                    if into.contains_key(k) && !v.is_null() {
                        into.insert(k.clone(), v.clone());
                    }
                }
            }
            cfg.generation = serde_json::from_value(merged)?;
        }
        cfg.generation.num_beams = cfg.generation.num_beams.max(1);
        Ok(cfg)
    }

    pub fn target_vocab_size(&self) -> usize {
        self.decoder_vocab_size.unwrap_or(self.vocab_size)
    }
}

/// The generation keys, to merge `generation_config.json` over.
#[derive(serde::Serialize)]
struct GenerationKeys<'a> {
    num_beams: usize,
    max_length: usize,
    length_penalty: f32,
    bad_words_ids: &'a [Vec<u32>],
}

impl<'a> From<&'a Generation> for GenerationKeys<'a> {
    fn from(g: &'a Generation) -> Self {
        GenerationKeys {
            num_beams: g.num_beams,
            max_length: g.max_length,
            length_penalty: g.length_penalty,
            bad_words_ids: &g.bad_words_ids,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pre_2022_file_gets_marian_defaults_for_missing_keys() {
        let old = br#"{"d_model": 512, "vocab_size": 58101, "activation_function": "swish",
            "num_beams": 4, "max_length": 512, "bad_words_ids": [[58100]],
            "static_position_embeddings": true, "normalize_before": false}"#;
        let cfg = Config::from_json(old, None).unwrap();
        assert_eq!(cfg.d_model, 512);
        assert_eq!(cfg.target_vocab_size(), 58101);
        assert!(cfg.share_encoder_decoder_embeddings);
        assert_eq!(cfg.activation_function, candle_nn::Activation::Swish);
        assert_eq!(cfg.generation.num_beams, 4);
        assert_eq!(cfg.generation.bad_words_ids, vec![vec![58100]]);
        assert_eq!(cfg.pad_token_id, 58100);
    }

    #[test]
    fn generation_config_overrides_the_generation_keys_only() {
        let cfg = br#"{"d_model": 8, "num_beams": 4, "decoder_vocab_size": 20}"#;
        let generation = br#"{"num_beams": 2, "max_length": 40, "d_model": 99}"#;
        let cfg = Config::from_json(cfg, Some(generation)).unwrap();
        assert_eq!(cfg.generation.num_beams, 2);
        assert_eq!(cfg.generation.max_length, 40);
        assert_eq!(cfg.d_model, 8);
        assert_eq!(cfg.target_vocab_size(), 20);
    }

    #[test]
    fn malformed_json_is_an_error() {
        assert!(Config::from_json(b"{", None).is_err());
        assert!(Config::from_json(br#"{"d_model": "big"}"#, None).is_err());
    }
}
