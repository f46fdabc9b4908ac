//! Searching for outputs: greedy (the best token at each step) and beam
//! search (the `width` best partial outputs at each step), both over a
//! right-padded batch of sentences with one fresh [`DecoderState`] per
//! call. Banned tokens (`<pad>`, the model's single-token bad words) are
//! never produced; each sentence stops at `</s>` or at its own length
//! limit.

use candle_core::{Device, Result, Tensor};

use super::model::{Marian, log_softmax};

/// What every search needs besides the sources.
pub struct Search<'a> {
    pub model: &'a Marian,
    /// Tokens never produced.
    pub banned: &'a [u32],
    /// Output tokens at most per sentence, `</s>` included.
    pub max_output: &'a [usize],
}

/// Pads `sources` on the right with `pad`: `[b, longest]` and the lengths.
pub(super) fn pad_batch(
    sources: &[Vec<u32>],
    pad: u32,
    device: &Device,
) -> Result<(Tensor, Vec<usize>)> {
    let longest = sources.iter().map(Vec::len).max().unwrap_or(0);
    let mut flat = Vec::with_capacity(sources.len() * longest);
    for s in sources {
        flat.extend_from_slice(s);
        flat.extend(std::iter::repeat_n(pad, longest - s.len()));
    }
    let ids = Tensor::from_vec(flat, (sources.len(), longest), device)?;
    Ok((ids, sources.iter().map(Vec::len).collect()))
}

impl Search<'_> {
    fn eos(&self) -> u32 {
        self.model.config().eos_token_id
    }

    fn start_token(&self) -> u32 {
        self.model.config().decoder_start_token_id
    }

    fn ban(&self, row: &mut [f32]) {
        for &t in self.banned {
            if let Some(x) = row.get_mut(t as usize) {
                *x = f32::NEG_INFINITY;
            }
        }
    }

    /// The highest-scoring allowed token (the lowest id on a tie).
    fn argmax(&self, row: &mut [f32]) -> u32 {
        self.ban(row);
        let mut best = 0;
        for (i, &x) in row.iter().enumerate() {
            if x > row[best] {
                best = i;
            }
        }
        best as u32
    }

    /// Greedy decoding with the step cache.
    pub fn greedy(&self, sources: &[Vec<u32>]) -> Result<Vec<Vec<u32>>> {
        let model = self.model;
        let (ids, lengths) = pad_batch(sources, model.config().pad_token_id, model.device())?;
        let (encoded, mask) = model.encode(&ids, &lengths)?;
        let mut state = model.start(&encoded, &mask)?;
        self.greedy_loop(sources.len(), |_, last| {
            model.step(&mut state, &Tensor::new(last, model.device())?)
        })
    }

    /// Greedy decoding recomputing every step from the whole prefix: the
    /// reference the cached search must agree with.
    pub fn greedy_uncached(&self, sources: &[Vec<u32>]) -> Result<Vec<Vec<u32>>> {
        let model = self.model;
        let (ids, lengths) = pad_batch(sources, model.config().pad_token_id, model.device())?;
        let (encoded, mask) = model.encode(&ids, &lengths)?;
        self.greedy_loop(sources.len(), |rows, _| {
            let t = rows[0].len();
            let prefix = Tensor::from_vec(rows.concat(), (rows.len(), t), model.device())?;
            model.next_uncached(&encoded, &mask, &prefix)
        })
    }

    /// Runs greedy steps; `next(rows, last)` gets every row's tokens so far
    /// (start token first) and each row's latest token.
    fn greedy_loop(
        &self,
        batch: usize,
        mut next: impl FnMut(&[Vec<u32>], &[u32]) -> Result<Tensor>,
    ) -> Result<Vec<Vec<u32>>> {
        let mut out: Vec<Vec<u32>> = vec![Vec::new(); batch];
        let mut done = vec![false; batch];
        let mut last = vec![self.start_token(); batch];
        let mut rows: Vec<Vec<u32>> = vec![vec![self.start_token()]; batch];
        let steps = self.max_output.iter().copied().max().unwrap_or(0);
        for _ in 0..steps {
            if done.iter().all(|&d| d) {
                break;
            }
            let logits = next(&rows, &last)?.to_vec2::<f32>()?;
            for (r, mut row) in logits.into_iter().enumerate() {
                // A finished row keeps decoding (its output is ignored) so
                // the batch stays rectangular.
                let token = self.argmax(&mut row);
                last[r] = token;
                rows[r].push(token);
                if done[r] {
                    continue;
                }
                out[r].push(token);
                done[r] = token == self.eos() || out[r].len() >= self.max_output[r];
            }
        }
        Ok(out)
    }

    /// Beam search of `width` hypotheses per sentence. A sentence stops
    /// once it has `width` finished hypotheses (Hugging Face's
    /// `early_stopping=True`) or reaches its limit; its answer is the
    /// finished hypothesis with the best log-probability over
    /// `length^length_penalty`.
    pub fn beam(
        &self,
        sources: &[Vec<u32>],
        width: usize,
        length_penalty: f32,
    ) -> Result<Vec<Vec<u32>>> {
        let model = self.model;
        let device = model.device();
        let width = width.max(1);
        let (ids, lengths) = pad_batch(sources, model.config().pad_token_id, device)?;
        let (encoded, mask) = model.encode(&ids, &lengths)?;
        let mut state = model.start(&encoded, &mask)?;
        let expand: Vec<u32> = (0..sources.len() * width)
            .map(|r| (r / width) as u32)
            .collect();
        state.select(&Tensor::new(expand.as_slice(), device)?)?;

        let mut beams: Vec<Vec<Hypothesis>> = (0..sources.len())
            .map(|_| {
                (0..width)
                    .map(|w| Hypothesis {
                        tokens: Vec::new(),
                        score: if w == 0 { 0.0 } else { f32::NEG_INFINITY },
                    })
                    .collect()
            })
            .collect();
        let mut finished: Vec<Vec<(f32, Vec<u32>)>> = vec![Vec::new(); sources.len()];
        let mut done = vec![false; sources.len()];
        let normalized = |score: f32, len: usize| score / (len as f32).powf(length_penalty);

        while !done.iter().all(|&d| d) {
            let last: Vec<u32> = beams
                .iter()
                .flatten()
                .map(|h| h.tokens.last().copied().unwrap_or(self.start_token()))
                .collect();
            let logp =
                log_softmax(&model.step(&mut state, &Tensor::new(last.as_slice(), device)?)?)?
                    .to_vec2::<f32>()?;
            let mut origins: Vec<u32> = (0..(sources.len() * width) as u32).collect();
            for s in 0..sources.len() {
                if done[s] {
                    continue;
                }
                let mut candidates = Vec::new();
                for (w, h) in beams[s].iter().enumerate() {
                    if h.score == f32::NEG_INFINITY {
                        continue;
                    }
                    let mut row = logp[s * width + w].clone();
                    self.ban(&mut row);
                    candidates.extend(
                        row.iter()
                            .enumerate()
                            .filter(|(_, x)| x.is_finite())
                            .map(|(t, &x)| (h.score + x, w, t as u32)),
                    );
                }
                let keep = (2 * width).min(candidates.len());
                let order = |a: &(f32, usize, u32), b: &(f32, usize, u32)| {
                    b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2)))
                };
                if keep < candidates.len() {
                    candidates.select_nth_unstable_by(keep, order);
                    candidates.truncate(keep);
                }
                candidates.sort_by(order);
                let mut next = Vec::with_capacity(width);
                for (rank, &(score, w, token)) in candidates.iter().enumerate() {
                    let mut tokens = beams[s][w].tokens.clone();
                    tokens.push(token);
                    if token == self.eos() {
                        if rank < width {
                            finished[s].push((normalized(score, tokens.len()), tokens));
                        }
                    } else {
                        origins[s * width + next.len()] = (s * width + w) as u32;
                        next.push(Hypothesis { tokens, score });
                    }
                    if next.len() == width {
                        break;
                    }
                }
                while next.len() < width {
                    next.push(Hypothesis {
                        tokens: Vec::new(),
                        score: f32::NEG_INFINITY,
                    });
                }
                beams[s] = next;
                let length = beams[s].iter().map(|h| h.tokens.len()).max().unwrap_or(0);
                if finished[s].len() >= width || length >= self.max_output[s] {
                    for h in beams[s].iter().filter(|h| h.score.is_finite()) {
                        finished[s].push((normalized(h.score, h.tokens.len()), h.tokens.clone()));
                    }
                    done[s] = true;
                }
            }
            state.select(&Tensor::new(origins.as_slice(), device)?)?;
        }
        Ok(finished
            .into_iter()
            .map(|f| {
                f.into_iter()
                    .reduce(|best, h| if h.0 > best.0 { h } else { best })
                    .map(|(_, tokens)| tokens)
                    .unwrap_or_default()
            })
            .collect())
    }
}

struct Hypothesis {
    tokens: Vec<u32>,
    score: f32,
}
