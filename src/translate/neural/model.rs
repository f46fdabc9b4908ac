//! The Marian encoder–decoder (the Helsinki-NLP opus-mt architecture):
//! weights from `model.safetensors` under the Hugging Face names, fixed
//! sinusoidal positions, and a decoder that runs either one step at a time
//! over a [`DecoderState`] or over a whole prefix (the uncached reference).
//!
//! The model itself holds no state between calls: every cache lives in a
//! [`DecoderState`] that a search creates for one batch and drops after
//! it, so nothing of one sentence can reach the next.

use candle_core::{D, Device, Module, Result, Tensor};
use candle_nn::VarBuilder;

use super::config::Config;
use super::dense::Dense;
use super::layers::{DecoderLayer, EncoderLayer, KeyValues};
use crate::config::Weights;

pub struct Marian {
    cfg: Config,
    device: Device,
    encoder_embed: Tensor,
    decoder_embed: Tensor,
    /// `[max_position_embeddings, d_model]`.
    positions: Tensor,
    encoder: Vec<EncoderLayer>,
    decoder: Vec<DecoderLayer>,
    /// `[target vocab, d_model]`, with `final_logits_bias` as its bias:
    /// the largest layer, read once per output token.
    lm_head: Dense,
    embed_scale: f64,
}

/// One batch's decoding caches: per decoder layer, the self-attention keys
/// and values so far and the encoder's keys and values (computed once).
pub struct DecoderState {
    past: Vec<Option<KeyValues>>,
    cross: Vec<KeyValues>,
    /// `[b, 1, 1, source positions]`, −∞ on padding.
    source_mask: Tensor,
    /// Positions decoded so far.
    len: usize,
}

impl DecoderState {
    /// Keeps the rows `rows` (a beam search's surviving hypotheses).
    pub fn select(&mut self, rows: &Tensor) -> Result<()> {
        for (k, v) in self.past.iter_mut().flatten() {
            *k = k.index_select(rows, 0)?;
            *v = v.index_select(rows, 0)?;
        }
        for (k, v) in self.cross.iter_mut() {
            *k = k.index_select(rows, 0)?;
            *v = v.index_select(rows, 0)?;
        }
        self.source_mask = self.source_mask.index_select(rows, 0)?;
        Ok(())
    }
}

impl Marian {
    /// Reads the weights under `vb`, every dense layer and the output
    /// projection in `weights`' format (embeddings stay in floats: a step
    /// reads one row of them).
    pub fn load(cfg: Config, vb: VarBuilder, weights: Weights) -> Result<Marian> {
        let d = cfg.d_model;
        let (vocab, target_vocab) = (cfg.vocab_size, cfg.target_vocab_size());
        let shared = || -> Result<Tensor> {
            for name in ["model.shared.weight", "model.encoder.embed_tokens.weight"] {
                if vb.contains_tensor(name) {
                    return vb.get((vocab, d), name);
                }
            }
            vb.get((vocab, d), "model.shared.weight")
        };
        let (encoder_embed, decoder_embed) = if cfg.share_encoder_decoder_embeddings {
            let shared = shared()?;
            (shared.clone(), shared)
        } else {
            (
                vb.get((vocab, d), "model.encoder.embed_tokens.weight")?,
                vb.get((target_vocab, d), "model.decoder.embed_tokens.weight")?,
            )
        };
        let lm_head = if vb.contains_tensor("lm_head.weight") {
            vb.get((target_vocab, d), "lm_head.weight")?
        } else {
            decoder_embed.clone()
        };
        let final_logits_bias = if vb.contains_tensor("final_logits_bias") {
            vb.get((1, target_vocab), "final_logits_bias")?.squeeze(0)?
        } else {
            Tensor::zeros(target_vocab, vb.dtype(), vb.device())?
        };
        let lm_head = Dense::new(lm_head, Some(final_logits_bias), weights)?;
        let encoder = (0..cfg.encoder_layers)
            .map(|i| EncoderLayer::load(&cfg, vb.pp("model.encoder.layers").pp(i), weights))
            .collect::<Result<_>>()?;
        let decoder = (0..cfg.decoder_layers)
            .map(|i| DecoderLayer::load(&cfg, vb.pp("model.decoder.layers").pp(i), weights))
            .collect::<Result<_>>()?;
        Ok(Marian {
            positions: sinusoidal(cfg.max_position_embeddings, d, vb.device())?,
            embed_scale: if cfg.scale_embedding {
                (d as f64).sqrt()
            } else {
                1.0
            },
            device: vb.device().clone(),
            cfg,
            encoder_embed,
            decoder_embed,
            encoder,
            decoder,
            lm_head,
        })
    }

    pub fn config(&self) -> &Config {
        &self.cfg
    }

    pub fn device(&self) -> &Device {
        &self.device
    }

    /// Embeddings of `ids` (`[b, t]`) at positions `from..from + t`.
    fn embed(&self, table: &Tensor, ids: &Tensor, from: usize) -> Result<Tensor> {
        let (b, t) = ids.dims2()?;
        let x = table
            .index_select(&ids.flatten_all()?, 0)?
            .reshape((b, t, self.cfg.d_model))?;
        (x * self.embed_scale)?.broadcast_add(&self.positions.narrow(0, from, t)?)
    }

    /// Encodes a right-padded batch: `ids` `[b, t]`, `lengths` the real
    /// length of each row. Returns the encoder output and the source mask.
    pub fn encode(&self, ids: &Tensor, lengths: &[usize]) -> Result<(Tensor, Tensor)> {
        let (b, t) = ids.dims2()?;
        let mask: Vec<f32> = lengths
            .iter()
            .flat_map(|&n| (0..t).map(move |i| if i < n { 0.0 } else { f32::NEG_INFINITY }))
            .collect();
        let mask = Tensor::from_vec(mask, (b, 1, 1, t), &self.device)?;
        let mut x = self.embed(&self.encoder_embed, ids, 0)?;
        for layer in &self.encoder {
            x = layer.forward(&x, &mask)?;
        }
        Ok((x, mask))
    }

    /// Fresh caches for one batch: the encoder's keys and values for every
    /// decoder layer, computed here once.
    pub fn start(&self, encoded: &Tensor, source_mask: &Tensor) -> Result<DecoderState> {
        Ok(DecoderState {
            past: vec![None; self.decoder.len()],
            cross: self
                .decoder
                .iter()
                .map(|l| l.encoder_attn.keys_values(encoded))
                .collect::<Result<_>>()?,
            source_mask: source_mask.clone(),
            len: 0,
        })
    }

    /// One decoding step: `tokens` (`[b]`) are each row's latest token;
    /// returns the next-token logits `[b, target vocab]`.
    pub fn step(&self, state: &mut DecoderState, tokens: &Tensor) -> Result<Tensor> {
        let ids = tokens.unsqueeze(1)?;
        let mut x = self.embed(&self.decoder_embed, &ids, state.len)?;
        for ((layer, past), cross) in self.decoder.iter().zip(&mut state.past).zip(&state.cross) {
            x = layer.forward(&x, Some(past), None, cross, &state.source_mask)?;
        }
        state.len += 1;
        self.logits(&x.squeeze(1)?)
    }

    /// The next-token logits after the whole `prefix` (`[b, t]`), computed
    /// from scratch: no cache, a causal mask, the encoder's keys and values
    /// recomputed. The reference the cached [`Marian::step`] must match.
    pub fn next_uncached(
        &self,
        encoded: &Tensor,
        source_mask: &Tensor,
        prefix: &Tensor,
    ) -> Result<Tensor> {
        let t = prefix.dim(1)?;
        let causal: Vec<f32> = (0..t)
            .flat_map(|i| (0..t).map(move |j| if j <= i { 0.0 } else { f32::NEG_INFINITY }))
            .collect();
        let causal = Tensor::from_vec(causal, (1, 1, t, t), &self.device)?;
        let mut x = self.embed(&self.decoder_embed, prefix, 0)?;
        for layer in &self.decoder {
            let cross = layer.encoder_attn.keys_values(encoded)?;
            x = layer.forward(&x, None, Some(&causal), &cross, source_mask)?;
        }
        self.logits(&x.narrow(1, t - 1, 1)?.squeeze(1)?)
    }

    fn logits(&self, x: &Tensor) -> Result<Tensor> {
        self.lm_head.forward(x)
    }
}

/// Marian's fixed positions: sines in the first half of each vector,
/// cosines in the second, frequency `1 / 10000^(2i / d)`.
fn sinusoidal(positions: usize, d: usize, device: &Device) -> Result<Tensor> {
    let half = d.div_ceil(2);
    let mut table = vec![0f32; positions * d];
    for pos in 0..positions {
        for i in 0..d {
            let j = if i < half { i } else { i - half };
            let angle = pos as f64 / 10000f64.powf((2 * j) as f64 / d as f64);
            table[pos * d + i] = if i < half { angle.sin() } else { angle.cos() } as f32;
        }
    }
    Tensor::from_vec(table, (positions, d), device)
}

/// Log-probabilities over the last dimension.
pub fn log_softmax(logits: &Tensor) -> Result<Tensor> {
    candle_nn::ops::log_softmax(logits, D::Minus1)
}
