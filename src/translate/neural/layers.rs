//! The layers of a Marian transformer (post-norm, as Hugging Face's
//! `MarianEncoderLayer`/`MarianDecoderLayer`), with weights under the
//! Hugging Face names. Attention takes its keys and values from the
//! caller, so the decoder can keep them: self-attention appends one step's
//! keys to what the sentence produced so far, cross-attention computes the
//! encoder's keys once per sentence.

use candle_core::{Result, Tensor};
use candle_nn::{Activation, LayerNorm, Module, VarBuilder, layer_norm};

use super::dense::Dense;
use crate::config::Weights;

const LAYER_NORM_EPS: f64 = 1e-5;

/// Keys and values, `[batch, heads, positions, head_dim]` each.
pub type KeyValues = (Tensor, Tensor);

pub struct Attention {
    q: Dense,
    k: Dense,
    v: Dense,
    out: Dense,
    heads: usize,
    head_dim: usize,
    scaling: f64,
}

impl Attention {
    fn load(d_model: usize, heads: usize, vb: VarBuilder, w: Weights) -> Result<Attention> {
        let head_dim = d_model / heads;
        let dense = |name| Dense::load(d_model, d_model, vb.pp(name), w);
        Ok(Attention {
            q: dense("q_proj")?,
            k: dense("k_proj")?,
            v: dense("v_proj")?,
            out: dense("out_proj")?,
            heads,
            head_dim,
            scaling: (head_dim as f64).powf(-0.5),
        })
    }

    /// `[b, t, d]` → `[b, heads, t, head_dim]`.
    fn split(&self, x: &Tensor) -> Result<Tensor> {
        let (b, t, _) = x.dims3()?;
        x.reshape((b, t, self.heads, self.head_dim))?
            .transpose(1, 2)?
            .contiguous()
    }

    /// The keys and values of `x` (`[b, t, d]`).
    pub fn keys_values(&self, x: &Tensor) -> Result<KeyValues> {
        Ok((
            self.split(&self.k.forward(x)?)?,
            self.split(&self.v.forward(x)?)?,
        ))
    }

    /// Attends from `x` (`[b, tq, d]`) to `kv`; `mask` is added to the
    /// scores (0 or −∞, broadcast to `[b, heads, tq, tk]`).
    pub fn attend(&self, x: &Tensor, kv: &KeyValues, mask: Option<&Tensor>) -> Result<Tensor> {
        let (b, tq, d) = x.dims3()?;
        let q = self.split(&(self.q.forward(x)? * self.scaling)?)?;
        let scores = q.matmul(&kv.0.t()?.contiguous()?)?;
        let scores = match mask {
            Some(mask) => scores.broadcast_add(mask)?,
            None => scores,
        };
        let probs = candle_nn::ops::softmax_last_dim(&scores)?;
        let out = probs.matmul(&kv.1)?.transpose(1, 2)?.reshape((b, tq, d))?;
        self.out.forward(&out)
    }
}

struct FeedForward {
    fc1: Dense,
    fc2: Dense,
    activation: Activation,
}

impl FeedForward {
    fn load(
        d_model: usize,
        ffn: usize,
        activation: Activation,
        vb: &VarBuilder,
        w: Weights,
    ) -> Result<Self> {
        Ok(FeedForward {
            fc1: Dense::load(d_model, ffn, vb.pp("fc1"), w)?,
            fc2: Dense::load(ffn, d_model, vb.pp("fc2"), w)?,
            activation,
        })
    }

    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        self.fc2
            .forward(&self.activation.forward(&self.fc1.forward(x)?)?)
    }
}

pub struct EncoderLayer {
    self_attn: Attention,
    self_attn_layer_norm: LayerNorm,
    ffn: FeedForward,
    final_layer_norm: LayerNorm,
}

impl EncoderLayer {
    pub fn load(cfg: &super::config::Config, vb: VarBuilder, w: Weights) -> Result<Self> {
        let d = cfg.d_model;
        Ok(EncoderLayer {
            self_attn: Attention::load(d, cfg.encoder_attention_heads, vb.pp("self_attn"), w)?,
            self_attn_layer_norm: layer_norm(d, LAYER_NORM_EPS, vb.pp("self_attn_layer_norm"))?,
            ffn: FeedForward::load(d, cfg.encoder_ffn_dim, cfg.activation_function, &vb, w)?,
            final_layer_norm: layer_norm(d, LAYER_NORM_EPS, vb.pp("final_layer_norm"))?,
        })
    }

    /// `mask`: `[b, 1, 1, t]`, −∞ on padding.
    pub fn forward(&self, x: &Tensor, mask: &Tensor) -> Result<Tensor> {
        let kv = self.self_attn.keys_values(x)?;
        let x = (self.self_attn.attend(x, &kv, Some(mask))? + x)?;
        let x = self.self_attn_layer_norm.forward(&x)?;
        let x = (self.ffn.forward(&x)? + &x)?;
        self.final_layer_norm.forward(&x)
    }
}

pub struct DecoderLayer {
    self_attn: Attention,
    self_attn_layer_norm: LayerNorm,
    pub encoder_attn: Attention,
    encoder_attn_layer_norm: LayerNorm,
    ffn: FeedForward,
    final_layer_norm: LayerNorm,
}

impl DecoderLayer {
    pub fn load(cfg: &super::config::Config, vb: VarBuilder, w: Weights) -> Result<Self> {
        let d = cfg.d_model;
        let heads = cfg.decoder_attention_heads;
        Ok(DecoderLayer {
            self_attn: Attention::load(d, heads, vb.pp("self_attn"), w)?,
            self_attn_layer_norm: layer_norm(d, LAYER_NORM_EPS, vb.pp("self_attn_layer_norm"))?,
            encoder_attn: Attention::load(d, heads, vb.pp("encoder_attn"), w)?,
            encoder_attn_layer_norm: layer_norm(
                d,
                LAYER_NORM_EPS,
                vb.pp("encoder_attn_layer_norm"),
            )?,
            ffn: FeedForward::load(d, cfg.decoder_ffn_dim, cfg.activation_function, &vb, w)?,
            final_layer_norm: layer_norm(d, LAYER_NORM_EPS, vb.pp("final_layer_norm"))?,
        })
    }

    /// One pass over `x` (`[b, t, d]`). `past`: this layer's self-attention
    /// keys and values of the earlier positions, extended in place; `None`
    /// when `x` holds the whole prefix (then `causal` masks the future).
    pub fn forward(
        &self,
        x: &Tensor,
        past: Option<&mut Option<KeyValues>>,
        causal: Option<&Tensor>,
        cross: &KeyValues,
        cross_mask: &Tensor,
    ) -> Result<Tensor> {
        let (k, v) = self.self_attn.keys_values(x)?;
        let kv = match past {
            Some(past) => {
                let kv = match past.take() {
                    Some((pk, pv)) => (Tensor::cat(&[&pk, &k], 2)?, Tensor::cat(&[&pv, &v], 2)?),
                    None => (k, v),
                };
                past.insert(kv).clone()
            }
            None => (k, v),
        };
        let x = (self.self_attn.attend(x, &kv, causal)? + x)?;
        let x = self.self_attn_layer_norm.forward(&x)?;
        let x = (self.encoder_attn.attend(&x, cross, Some(cross_mask))? + &x)?;
        let x = self.encoder_attn_layer_norm.forward(&x)?;
        let x = (self.ffn.forward(&x)? + &x)?;
        self.final_layer_norm.forward(&x)
    }
}
