//! Generated Marian models for tests and the benchmark: a model directory
//! in the Hugging Face layout (config, both SentencePiece models, the
//! vocabulary and safetensors weights) with pseudo-random weights from a
//! seed, so every run writes the same model; or, with [`Fixture::copying`],
//! weights built so that greedy decoding copies the source.

use std::collections::HashMap;
use std::path::Path;

use candle_core::{Device, Tensor};

use super::spm::{self, Kind};

/// The shape of a generated model.
#[derive(Debug, Clone)]
pub struct Fixture {
    pub d_model: usize,
    pub layers: usize,
    pub heads: usize,
    pub ffn: usize,
    /// Extra vocabulary entries beyond the fixed words and letters
    /// (`▁w0`, `▁w1`…), to reach a real model's vocabulary size.
    pub extra_words: usize,
    pub num_beams: usize,
    /// Output tokens at most (`max_length`), `</s>` included.
    pub max_length: usize,
    /// With `>>en<<`/`>>de<<`/`>>es<<` target tokens.
    pub multi_target: bool,
    pub seed: u64,
    /// Weights that copy the source instead of random ones (see
    /// [`Fixture::copying`]).
    pub copies: bool,
}

impl Default for Fixture {
    /// A tiny model: tests load and run it in milliseconds.
    fn default() -> Fixture {
        Fixture {
            d_model: 16,
            layers: 2,
            heads: 2,
            ffn: 32,
            extra_words: 0,
            num_beams: 1,
            max_length: 64,
            multi_target: false,
            seed: 7,
            copies: false,
        }
    }
}

const WORDS: &[&str] = &[
    "▁hello",
    "▁world",
    "▁good",
    "▁morning",
    "▁the",
    "▁order",
    "▁is",
    "▁late",
    "▁where",
    "▁my",
    "▁parcel",
    "▁hola",
    "▁mundo",
    "▁pedido",
    "▁tarde",
    "▁⟦1⟧",
    "▁⟦2⟧",
    "⟦1⟧",
    "⟦2⟧",
];

/// A seeded xorshift generator: deterministic weights without a crate.
struct Rng(u64);

impl Rng {
    fn uniform(&mut self, amplitude: f32) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        ((self.0 >> 40) as f32 / (1u64 << 24) as f32 * 2.0 - 1.0) * amplitude
    }
}

impl Fixture {
    /// Pieces in id order: `</s>`, `<unk>`, target tokens, words, `▁`,
    /// letters, generated words, then `<pad>` last as in opus-mt.
    fn pieces(&self) -> Vec<String> {
        let mut pieces = vec!["</s>".to_string(), "<unk>".to_string()];
        if self.multi_target {
            pieces.extend([">>en<<", ">>de<<", ">>es<<"].map(String::from));
        }
        pieces.extend(WORDS.iter().map(|w| w.to_string()));
        pieces.push("▁".to_string());
        pieces.extend(('a'..='z').map(String::from));
        pieces.extend(('0'..='9').map(String::from));
        pieces.extend((0..self.extra_words).map(|i| format!("▁w{i}")));
        pieces.push("<pad>".to_string());
        pieces
    }

    /// A model whose greedy output is its source, token for token: a text
    /// made of the fixture's pieces (lower-case words, digits, `⟦1⟧`…)
    /// comes out as it went in, placeholders included.
    ///
    /// How: each piece's embedding is one dimension of its own among the
    /// slowest sinusoids, where positions barely move; the other dimensions
    /// carry the position. Encoder and decoder layers add nothing except
    /// the decoder's attention over the source, whose queries and keys
    /// read the position only, sharply enough that output position `t`
    /// attends to source position `t` alone, and whose values read the
    /// piece only, so the output projection picks the source piece at `t`
    /// (`</s>` last, which ends the output).
    pub fn copying() -> Fixture {
        Fixture {
            d_model: 256,
            layers: 1,
            heads: 1,
            ffn: 4,
            copies: true,
            ..Fixture::default()
        }
    }

    /// opus-mt's base size (d_model 512, 6 + 6 layers, 8 heads, ffn 2048, a
    /// vocabulary of about 58,000), output capped at 20 tokens: what the
    /// benchmark and the load example measure.
    pub fn base_size() -> Fixture {
        Fixture {
            d_model: 512,
            layers: 6,
            heads: 8,
            ffn: 2048,
            extra_words: 58_000,
            max_length: 20,
            ..Fixture::default()
        }
    }

    /// Writes the model into `dir` (which must exist).
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        let pieces = self.pieces();
        let vocab = pieces.len();
        let pad = vocab - 1;
        let config = serde_json::json!({
            "d_model": self.d_model,
            "encoder_layers": self.layers,
            "decoder_layers": self.layers,
            "encoder_attention_heads": self.heads,
            "decoder_attention_heads": self.heads,
            "encoder_ffn_dim": self.ffn,
            "decoder_ffn_dim": self.ffn,
            "vocab_size": vocab,
            "max_position_embeddings": 512,
            "activation_function": "swish",
            "scale_embedding": true,
            "pad_token_id": pad,
            "decoder_start_token_id": pad,
            "eos_token_id": 0,
            "num_beams": self.num_beams,
            "max_length": self.max_length,
            "bad_words_ids": [[pad]],
        });
        std::fs::write(dir.join("config.json"), config.to_string())?;
        let ids: HashMap<&str, usize> = pieces
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_str(), i))
            .collect();
        std::fs::write(dir.join("vocab.json"), serde_json::to_string(&ids)?)?;
        // Longer pieces score higher per piece, so words win over letters.
        let spm_pieces: Vec<(&str, f32, Kind)> = std::iter::once(("<unk>", 0.0, Kind::Unknown))
            .chain(
                pieces
                    .iter()
                    .filter(|p| !p.starts_with('<') && !p.starts_with(">>"))
                    .map(|p| (p.as_str(), -10.0 / p.chars().count() as f32, Kind::Normal)),
            )
            .collect();
        let spm = spm::write_model(&spm_pieces, false);
        std::fs::write(dir.join("source.spm"), &spm)?;
        std::fs::write(dir.join("target.spm"), &spm)?;
        self.weights(vocab)
            .and_then(|w| candle_core::safetensors::save(&w, dir.join("model.safetensors")))
            .map_err(std::io::Error::other)
    }

    fn weights(&self, vocab: usize) -> candle_core::Result<HashMap<String, Tensor>> {
        if self.copies {
            return self.copying_weights(vocab);
        }
        let mut rng = Rng(self.seed.max(1));
        let mut out = HashMap::new();
        let d = self.d_model;
        let mut put = |name: String, shape: &[usize], amplitude: f32, offset: f32| {
            let n: usize = shape.iter().product();
            let data: Vec<f32> = (0..n).map(|_| offset + rng.uniform(amplitude)).collect();
            Tensor::from_vec(data, shape, &Device::Cpu).map(|t| out.insert(name, t))
        };
        put("model.shared.weight".into(), &[vocab, d], 1.0, 0.0)?;
        // An output projection of its own: tied to random embeddings, the
        // last token's embedding dominates the decoder's output and the
        // model repeats that token forever.
        put("lm_head.weight".into(), &[vocab, d], 1.0, 0.0)?;
        put("final_logits_bias".into(), &[1, vocab], 0.1, 0.0)?;
        let scale = 1.5 / (d as f32).sqrt();
        for (part, cross) in [("encoder", false), ("decoder", true)] {
            for i in 0..self.layers {
                let p = format!("model.{part}.layers.{i}");
                let attentions: &[&str] = if cross {
                    &["self_attn", "encoder_attn"]
                } else {
                    &["self_attn"]
                };
                for attn in attentions {
                    for proj in ["q_proj", "k_proj", "v_proj", "out_proj"] {
                        put(format!("{p}.{attn}.{proj}.weight"), &[d, d], scale, 0.0)?;
                        put(format!("{p}.{attn}.{proj}.bias"), &[d], 0.1, 0.0)?;
                    }
                    put(format!("{p}.{attn}_layer_norm.weight"), &[d], 0.1, 1.0)?;
                    put(format!("{p}.{attn}_layer_norm.bias"), &[d], 0.1, 0.0)?;
                }
                put(format!("{p}.fc1.weight"), &[self.ffn, d], scale, 0.0)?;
                put(format!("{p}.fc1.bias"), &[self.ffn], 0.1, 0.0)?;
                put(
                    format!("{p}.fc2.weight"),
                    &[d, self.ffn],
                    1.5 / (self.ffn as f32).sqrt(),
                    0.0,
                )?;
                put(format!("{p}.fc2.bias"), &[d], 0.1, 0.0)?;
                put(format!("{p}.final_layer_norm.weight"), &[d], 0.1, 1.0)?;
                put(format!("{p}.final_layer_norm.bias"), &[d], 0.1, 0.0)?;
            }
        }
        Ok(out)
    }
}

impl Fixture {
    /// The weights of [`Fixture::copying`] (one head, any layer count: the
    /// extra layers add nothing either).
    fn copying_weights(&self, vocab: usize) -> candle_core::Result<HashMap<String, Tensor>> {
        let d = self.d_model;
        let half = d / 2;
        // Per half (sines, cosines), the slowest `per_half` frequencies hold
        // the pieces; the slowest sine of all, nearly 0 at every position,
        // is the reference that cancels the layer norms' mean in the
        // attention's queries and keys; the faster frequencies below
        // `positional` hold the position.
        let per_half = vocab.div_ceil(2);
        let reference = half - 1;
        let Some(positional) = reference.checked_sub(per_half).filter(|&p| p >= 32) else {
            return Err(candle_core::Error::Msg(format!(
                "a copying model of {vocab} pieces needs a larger d_model than {d}"
            )));
        };
        let piece_dim = |v: usize| match v < per_half {
            true => positional + v,
            false => d - per_half + (v - per_half),
        };
        let is_position = |i: usize| i % half < positional;
        let zeros = |shape: &[usize]| vec![0f32; shape.iter().product()];
        let mut out = HashMap::new();
        let mut put = |name: String, shape: &[usize], data: Vec<f32>| {
            Tensor::from_vec(data, shape, &Device::Cpu).map(|t| out.insert(name, t))
        };
        // Large next to the position (embeddings are scaled by √d too), so
        // the layer norms divide every position by nearly the same amount.
        let mut embed = zeros(&[vocab, d]);
        let mut head = zeros(&[vocab, d]);
        for v in 0..vocab {
            embed[v * d + piece_dim(v)] = 10.0;
            head[v * d + piece_dim(v)] = 1.0;
        }
        put("model.shared.weight".into(), &[vocab, d], embed)?;
        put("lm_head.weight".into(), &[vocab, d], head)?;
        put("final_logits_bias".into(), &[1, vocab], zeros(&[1, vocab]))?;
        // Queries and keys: each position dimension minus the reference.
        let position = |gain: f32| {
            let mut w = zeros(&[d, d]);
            for i in (0..d).filter(|&i| is_position(i)) {
                w[i * d + i] = gain;
                w[i * d + reference] = -gain;
            }
            w
        };
        let diagonal = |gain: f32, keep: &dyn Fn(usize) -> bool| {
            let mut w = zeros(&[d, d]);
            for i in (0..d).filter(|&i| keep(i)) {
                w[i * d + i] = gain;
            }
            w
        };
        let pieces: Vec<usize> = (0..vocab).map(piece_dim).collect();
        for (part, cross) in [("encoder", false), ("decoder", true)] {
            for i in 0..self.layers {
                let p = format!("model.{part}.layers.{i}");
                let mut attentions = vec!["self_attn"];
                if cross {
                    attentions.push("encoder_attn");
                }
                for attn in attentions {
                    let copy = attn == "encoder_attn" && i == 0;
                    let weights = [
                        ("q_proj", position(3000.0)),
                        ("k_proj", position(1.0)),
                        ("v_proj", diagonal(4.0, &|i| pieces.contains(&i))),
                        ("out_proj", diagonal(1.0, &|_| true)),
                    ];
                    for (proj, w) in weights {
                        let w = if copy { w } else { zeros(&[d, d]) };
                        put(format!("{p}.{attn}.{proj}.weight"), &[d, d], w)?;
                        put(format!("{p}.{attn}.{proj}.bias"), &[d], zeros(&[d]))?;
                    }
                    put(format!("{p}.{attn}_layer_norm.weight"), &[d], vec![1.0; d])?;
                    put(format!("{p}.{attn}_layer_norm.bias"), &[d], zeros(&[d]))?;
                }
                put(
                    format!("{p}.fc1.weight"),
                    &[self.ffn, d],
                    zeros(&[self.ffn, d]),
                )?;
                put(format!("{p}.fc1.bias"), &[self.ffn], zeros(&[self.ffn]))?;
                put(
                    format!("{p}.fc2.weight"),
                    &[d, self.ffn],
                    zeros(&[d, self.ffn]),
                )?;
                put(format!("{p}.fc2.bias"), &[d], zeros(&[d]))?;
                put(format!("{p}.final_layer_norm.weight"), &[d], vec![1.0; d])?;
                put(format!("{p}.final_layer_norm.bias"), &[d], zeros(&[d]))?;
            }
        }
        Ok(out)
    }
}
