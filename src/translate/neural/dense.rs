//! A dense layer, `x · Wᵀ + b`, holding its weights as the model file has
//! them (32-bit floats) or quantized at load to 8 bits (ggml's Q8_0:
//! blocks of 32 weights sharing one f16 scale).
//!
//! Decoding one token reads every weight of the decoder and of the output
//! projection once, for a single row of activations: the step is bound by
//! how many bytes come from memory, and 8-bit weights are a quarter of
//! them. The activations are quantized per row too, so each row's result
//! does not depend on the other rows of the batch.

use candle_core::quantized::{GgmlDType, QMatMul, QTensor};
use candle_core::{D, Module, Result, Tensor};
use candle_nn::{Linear, VarBuilder};

use crate::config::Weights;

pub enum Dense {
    F32(Linear),
    Q8 {
        /// `[out, in]`, quantized, with zero rows up to a whole row group.
        weight: QMatMul,
        /// `[out]`.
        bias: Option<Tensor>,
        /// `out`.
        outputs: usize,
    },
}

/// Output rows the fastest 8-bit kernel (AVX-512 VNNI, chosen by candle at
/// run time) takes at once; a layer of another height (a 58,101-token
/// vocabulary) takes a slower kernel unless padded to a multiple.
const ROW_GROUP: usize = 16;

impl Dense {
    /// The layer `weight` (`[out, in]`) and `bias` (`[out]`) in `weights`'
    /// format. A layer whose input width is not a multiple of the 32-weight
    /// block stays in 32-bit floats (no base-size model has one; tiny test
    /// models do).
    pub fn new(weight: Tensor, bias: Option<Tensor>, weights: Weights) -> Result<Dense> {
        let blocks_fit = weight.dim(1)? % GgmlDType::Q8_0.block_size() == 0;
        Ok(match weights {
            Weights::Q8 if blocks_fit => {
                let (outputs, inputs) = weight.dims2()?;
                let padding = outputs.next_multiple_of(ROW_GROUP) - outputs;
                let weight = match padding {
                    0 => weight,
                    n => {
                        let zeros = Tensor::zeros((n, inputs), weight.dtype(), weight.device())?;
                        Tensor::cat(&[&weight, &zeros], 0)?
                    }
                };
                debug_assert_eq!(weight.dims2()?, (outputs + padding, inputs));
                Dense::Q8 {
                    weight: QMatMul::from_qtensor(QTensor::quantize(&weight, GgmlDType::Q8_0)?)?,
                    bias,
                    outputs,
                }
            }
            _ => Dense::F32(Linear::new(weight, bias)),
        })
    }

    /// Reads `weight` and `bias` under `vb`'s prefix (Hugging Face's
    /// `nn.Linear` names).
    pub fn load(inputs: usize, outputs: usize, vb: VarBuilder, weights: Weights) -> Result<Dense> {
        let weight = vb.get((outputs, inputs), "weight")?;
        let bias = vb.get(outputs, "bias")?;
        Dense::new(weight, Some(bias), weights)
    }

    #[cfg(test)]
    pub fn is_quantized(&self) -> bool {
        matches!(self, Dense::Q8 { .. })
    }
}

impl Module for Dense {
    /// `x`: `[…, in]` → `[…, out]`.
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        match self {
            Dense::F32(linear) => linear.forward(x),
            Dense::Q8 {
                weight,
                bias,
                outputs,
            } => {
                // The quantized product reads its input as one flat buffer.
                let mut y = weight.forward(&x.contiguous()?)?;
                if y.dim(D::Minus1)? != *outputs {
                    y = y.narrow(D::Minus1, 0, *outputs)?.contiguous()?;
                }
                match bias {
                    Some(bias) => y.broadcast_add(bias),
                    None => Ok(y),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::Device;

    /// Weights and inputs of a layer `[out, in]`, deterministic.
    fn layer(out: usize, inputs: usize) -> (Tensor, Tensor, Tensor) {
        let wave = |n: usize, f: f32| (0..n).map(|i| ((i as f32) * f).sin()).collect::<Vec<_>>();
        let w = Tensor::from_vec(wave(out * inputs, 0.37), (out, inputs), &Device::Cpu).unwrap();
        let b = Tensor::from_vec(wave(out, 1.3), out, &Device::Cpu).unwrap();
        let x = Tensor::from_vec(wave(3 * 2 * inputs, 0.11), (3, 2, inputs), &Device::Cpu).unwrap();
        (w, b, x)
    }

    fn forward(weights: Weights, (w, b, x): &(Tensor, Tensor, Tensor)) -> (bool, Vec<f32>) {
        let dense = Dense::new(w.clone(), Some(b.clone()), weights).unwrap();
        let y = dense.forward(x).unwrap();
        let (rows, steps, _) = x.dims3().unwrap();
        assert_eq!(y.dims(), &[rows, steps, w.dim(0).unwrap()]);
        (
            dense.is_quantized(),
            y.flatten_all().unwrap().to_vec1().unwrap(),
        )
    }

    /// Layer shapes `[out, in]`: whole and partial row groups, inputs of
    /// whole 32-weight blocks and of whole 256-weight superblocks (which
    /// some CPUs run through a repacked kernel of their own).
    const SHAPES: [(usize, usize); 4] = [(48, 64), (50, 64), (48, 256), (50, 256)];

    #[test]
    fn eight_bit_weights_give_nearly_the_float_result() {
        for shape in SHAPES {
            let l = layer(shape.0, shape.1);
            let (false, exact) = forward(Weights::F32, &l) else {
                panic!("f32 is never quantized")
            };
            let (true, q8) = forward(Weights::Q8, &l) else {
                panic!("{shape:?}: whole blocks are quantized")
            };
            let scale = exact.iter().fold(0f32, |m, v| m.max(v.abs()));
            let worst = exact
                .iter()
                .zip(&q8)
                .fold(0f32, |m, (a, b)| m.max((a - b).abs()));
            // Quantized, so not bit-equal; 8 bits keep the error near 1 %.
            assert!(worst > 0.0, "{shape:?}: the quantized path was not taken");
            assert!(
                worst < 0.02 * scale,
                "{shape:?}: {worst} against outputs up to {scale}"
            );
        }
    }

    #[test]
    fn a_layer_narrower_than_a_block_stays_in_floats() {
        let l = layer(8, 16);
        let (quantized, q8) = forward(Weights::Q8, &l);
        assert!(!quantized);
        assert_eq!(q8, forward(Weights::F32, &l).1);
    }

    #[test]
    fn each_row_is_computed_as_if_alone() {
        for (out, inputs) in SHAPES {
            let l = layer(out, inputs);
            let (w, b, x) = &l;
            let all = forward(Weights::Q8, &l).1;
            // The second of three sentences, two positions each.
            let row = x.narrow(0, 1, 1).unwrap();
            let alone = forward(Weights::Q8, &(w.clone(), b.clone(), row)).1;
            assert_eq!(alone, all[2 * out..4 * out], "{out} × {inputs}");
        }
    }
}
