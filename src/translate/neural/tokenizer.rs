//! Marian's tokenizer: the source text cut by the model's `source.spm`,
//! pieces mapped to ids by its `vocab.json` (not by the `.spm` file's own
//! order), `</s>` appended; a multi-target model's `>>xx<<` token first.
//! Output ids go back through `vocab.json` and `target.spm`.

use std::collections::HashMap;

use super::NeuralError;
use super::spm;

pub struct Tokenizer {
    source: spm::Model,
    target: spm::Model,
    ids: HashMap<String, u32>,
    /// Piece text by id.
    pieces: Vec<String>,
    pub unk: u32,
    pub eos: u32,
    pub pad: u32,
}

impl Tokenizer {
    /// `vocab_limit`: the model's vocabulary size; an id at or beyond it
    /// is refused before any table is sized by it.
    pub fn from_parts(
        source_spm: &[u8],
        target_spm: &[u8],
        vocab_json: &[u8],
        vocab_limit: usize,
    ) -> Result<Tokenizer, NeuralError> {
        let source =
            spm::Model::from_bytes(source_spm).map_err(|e| NeuralError::file("source.spm", e))?;
        let target =
            spm::Model::from_bytes(target_spm).map_err(|e| NeuralError::file("target.spm", e))?;
        let ids: HashMap<String, u32> =
            serde_json::from_slice(vocab_json).map_err(|e| NeuralError::file("vocab.json", e))?;
        let size = ids.values().max().map_or(0, |&m| m as usize + 1);
        if size > vocab_limit {
            return Err(NeuralError::file(
                "vocab.json",
                format!("id {} for a model of {vocab_limit} tokens", size - 1),
            ));
        }
        let mut pieces = vec![String::new(); size];
        for (piece, &id) in &ids {
            pieces[id as usize] = piece.clone();
        }
        let special = |name: &'static str| {
            ids.get(name)
                .copied()
                .ok_or_else(|| NeuralError::file("vocab.json", format!("no {name} entry")))
        };
        Ok(Tokenizer {
            unk: special("<unk>")?,
            eos: special("</s>")?,
            pad: special("<pad>")?,
            source,
            target,
            ids,
            pieces,
        })
    }

    /// The id of a multi-target model's `>>xx<<` token for `lang`.
    pub fn target_token(&self, lang: &str) -> Option<u32> {
        self.ids.get(&format!(">>{lang}<<")).copied()
    }

    /// Whether this is a multi-target model (its vocabulary has `>>xx<<`
    /// tokens).
    pub fn is_multi_target(&self) -> bool {
        self.pieces.iter().any(|p| is_language_token(p))
    }

    /// Source ids: `[target token] pieces… </s>`.
    pub fn encode(&self, text: &str, target_token: Option<u32>) -> Vec<u32> {
        let pieces = self.source.encode(text);
        let mut ids = Vec::with_capacity(pieces.len() + 2);
        ids.extend(target_token);
        ids.extend(
            pieces
                .iter()
                .map(|p| self.ids.get(p).copied().unwrap_or(self.unk)),
        );
        ids.push(self.eos);
        ids
    }

    /// Text of output ids, without `</s>`, `<pad>`, `<unk>` and language
    /// tokens.
    pub fn decode(&self, ids: &[u32]) -> String {
        let pieces: Vec<&str> = ids
            .iter()
            .filter(|&&id| id != self.eos && id != self.pad && id != self.unk)
            .filter_map(|&id| self.pieces.get(id as usize))
            .map(String::as_str)
            .filter(|p| !is_language_token(p))
            .collect();
        self.target.decode(&pieces)
    }

    pub fn vocab_size(&self) -> usize {
        self.pieces.len()
    }
}

fn is_language_token(piece: &str) -> bool {
    piece.len() > 4 && piece.starts_with(">>") && piece.ends_with("<<")
}

#[cfg(test)]
mod tests {
    use super::spm::Kind::*;
    use super::*;

    fn tokenizer() -> Tokenizer {
        let source = spm::write_model(
            &[
                ("<unk>", 0.0, Unknown),
                ("▁hola", -1.0, Normal),
                ("▁mundo", -1.0, Normal),
                ("▁", -3.0, Normal),
            ],
            false,
        );
        let target = spm::write_model(
            &[
                ("<unk>", 0.0, Unknown),
                ("▁hello", -1.0, Normal),
                ("▁world", -1.0, Normal),
            ],
            false,
        );
        // Ids follow vocab.json, not the .spm files' order.
        let vocab = r#"{"</s>":0,"<unk>":1,">>en<<":2,"▁mundo":3,"▁hola":4,"▁hello":5,"▁world":6,"▁":7,"<pad>":8}"#;
        Tokenizer::from_parts(&source, &target, vocab.as_bytes(), 9).unwrap()
    }

    #[test]
    fn encodes_through_the_vocabulary_with_eos_and_target_token() {
        let t = tokenizer();
        assert_eq!(t.encode("hola mundo", None), [4, 3, 0]);
        assert_eq!(t.encode("hola mundo", t.target_token("en")), [2, 4, 3, 0]);
        assert_eq!(t.target_token("fr"), None);
        assert!(t.is_multi_target());
        // A piece the vocabulary lacks is <unk>.
        assert_eq!(t.encode("hola 語", None), [4, 7, 1, 0]);
    }

    #[test]
    fn decodes_without_special_tokens() {
        let t = tokenizer();
        assert_eq!(t.decode(&[8, 2, 5, 1, 6, 0, 8]), "hello world");
    }

    #[test]
    fn a_vocabulary_without_special_entries_is_refused() {
        let spm = spm::write_model(&[("<unk>", 0.0, Unknown)], false);
        let err = Tokenizer::from_parts(&spm, &spm, br#"{"<unk>":0,"</s>":1}"#, 10)
            .err()
            .unwrap();
        assert!(err.to_string().contains("<pad>"), "{err}");
        assert!(Tokenizer::from_parts(&spm, &spm, b"[]", 10).is_err());
    }

    #[test]
    fn an_id_beyond_the_models_vocabulary_is_refused_before_any_table_is_sized() {
        let spm = spm::write_model(&[("<unk>", 0.0, Unknown)], false);
        let vocab = br#"{"<unk>":0,"</s>":1,"<pad>":4294967295}"#;
        let err = Tokenizer::from_parts(&spm, &spm, vocab, 10).err().unwrap();
        assert!(err.to_string().contains("vocab.json"), "{err}");
    }
}
