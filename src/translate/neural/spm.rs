//! A SentencePiece unigram model read from its own `.spm` file (a protobuf
//! `ModelProto`), and the Viterbi segmentation that picks, among every way
//! to cut a text into known pieces, the one with the highest total score.
//!
//! Normalization is the model's own precompiled character map when it
//! ships one (opus-mt models do: `nmt_nfkc`), none for a model declaring
//! `identity`, else NFKC; then whitespace is folded to single spaces.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use super::charsmap::{CharsMap, CharsMapError};
use super::proto::{Fields, WireError};

/// SentencePiece's space marker.
pub const SPACE: char = '▁';

/// Penalty below the lowest score for a character no piece covers
/// (SentencePiece's `kUnkPenalty`).
const UNK_PENALTY: f32 = 10.0;

#[derive(Debug, thiserror::Error)]
pub enum SpmError {
    #[error("{0}")]
    Wire(#[from] WireError),
    #[error("model type {0} is not unigram")]
    NotUnigram(u64),
    #[error("the model has no <unk> piece")]
    NoUnknown,
    #[error("piece {0} is not UTF-8")]
    NotUtf8(usize),
    #[error("normalizer: {0}")]
    CharsMap(#[from] CharsMapError),
}

/// How text is mapped before it is cut into pieces.
#[derive(Debug)]
enum Normalization {
    /// The model's precompiled character map.
    Map(CharsMap),
    /// A model whose normalizer is `identity`: the text as it is.
    Identity,
    /// A model naming a rule without its map.
    Nfkc,
}

/// What a piece is for (`ModelProto.SentencePiece.Type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Normal,
    Unknown,
    Control,
    UserDefined,
    Unused,
    /// `<0xNN>`: one byte of a character no other piece covers.
    Byte,
}

impl Kind {
    fn from_wire(v: u64) -> Kind {
        match v {
            2 => Kind::Unknown,
            3 => Kind::Control,
            4 => Kind::UserDefined,
            5 => Kind::Unused,
            6 => Kind::Byte,
            _ => Kind::Normal,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Piece {
    pub text: String,
    pub score: f32,
    pub kind: Kind,
}

/// A loaded unigram model.
#[derive(Debug)]
pub struct Model {
    pieces: Vec<Piece>,
    /// Pieces segmentation may use (normal and user-defined), by text.
    matchable: HashMap<String, usize>,
    /// The longest matchable piece, in bytes.
    max_len: usize,
    unk: usize,
    unk_score: f32,
    /// Piece index of each `<0xNN>`, when the model has byte fallback.
    bytes: Option<Box<[usize; 256]>>,
    normalization: Normalization,
    add_dummy_prefix: bool,
    remove_extra_whitespaces: bool,
    escape_whitespaces: bool,
}

impl Model {
    /// Reads a serialized `ModelProto`.
    pub fn from_bytes(buf: &[u8]) -> Result<Model, SpmError> {
        let mut pieces = Vec::new();
        let mut model_type = 1;
        let mut byte_fallback = false;
        let mut add_dummy_prefix = true;
        let mut remove_extra_whitespaces = true;
        let mut escape_whitespaces = true;
        let mut normalization = Normalization::Nfkc;
        for field in Fields::new(buf) {
            let (number, value) = field?;
            match (number, value.as_bytes()) {
                (1, Some(piece)) => pieces.push(read_piece(piece, pieces.len())?),
                (2, Some(trainer)) => {
                    for f in Fields::new(trainer) {
                        match f? {
                            (3, v) => model_type = v.as_u64().unwrap_or(1),
                            (35, v) => byte_fallback = v.as_u64() == Some(1),
                            _ => {}
                        }
                    }
                }
                (3, Some(normalizer)) => {
                    for f in Fields::new(normalizer) {
                        let (n, v) = f?;
                        match (n, v.as_bytes()) {
                            (1, Some(b"identity")) => normalization = Normalization::Identity,
                            (2, Some(map)) if !map.is_empty() => {
                                normalization = Normalization::Map(CharsMap::from_bytes(map)?)
                            }
                            _ => {}
                        }
                        let flag = v.as_u64().map(|v| v != 0);
                        match (n, flag) {
                            (3, Some(b)) => add_dummy_prefix = b,
                            (4, Some(b)) => remove_extra_whitespaces = b,
                            (5, Some(b)) => escape_whitespaces = b,
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        if model_type != 1 {
            return Err(SpmError::NotUnigram(model_type));
        }
        let unk = pieces
            .iter()
            .position(|p| p.kind == Kind::Unknown)
            .ok_or(SpmError::NoUnknown)?;
        let normal_scores = pieces.iter().filter(|p| p.kind == Kind::Normal);
        let min_score = normal_scores.clone().map(|p| p.score).fold(0f32, f32::min);
        let max_score = normal_scores.map(|p| p.score).fold(f32::MIN, f32::max);
        let mut matchable = HashMap::new();
        for (i, p) in pieces.iter_mut().enumerate() {
            match p.kind {
                Kind::Normal => {}
                // As SentencePiece does: a user-defined piece always beats
                // the normal pieces it could be cut into.
                Kind::UserDefined => {
                    p.score = p.text.chars().count() as f32 * max_score.max(0.0) + 0.1
                }
                _ => continue,
            }
            matchable.entry(p.text.clone()).or_insert(i);
        }
        let max_len = matchable.keys().map(String::len).max().unwrap_or(1);
        let bytes = byte_fallback.then(|| byte_pieces(&pieces)).flatten();
        Ok(Model {
            pieces,
            matchable,
            max_len,
            unk,
            unk_score: min_score - UNK_PENALTY,
            bytes,
            normalization,
            add_dummy_prefix,
            remove_extra_whitespaces,
            escape_whitespaces,
        })
    }

    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// The text as the model sees it: mapped by the model's rule,
    /// whitespace folded, a leading space, spaces as `▁`.
    pub fn normalize(&self, text: &str) -> String {
        let mapped = match &self.normalization {
            Normalization::Map(map) => map.normalize(text),
            Normalization::Identity => text.to_string(),
            Normalization::Nfkc => text.nfkc().collect(),
        };
        let folded: String = mapped
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        let mut out = String::with_capacity(folded.len() + 3);
        let words: Vec<&str> = if self.remove_extra_whitespaces {
            folded.split(' ').filter(|w| !w.is_empty()).collect()
        } else {
            vec![folded.as_str()]
        };
        if self.add_dummy_prefix && !words.is_empty() {
            out.push(' ');
        }
        out.push_str(&words.join(" "));
        if self.escape_whitespaces {
            out = out.replace(' ', &SPACE.to_string());
        }
        out
    }

    /// The best-scoring segmentation of `text` into piece texts. A
    /// character no piece covers becomes its UTF-8 bytes as `<0xNN>` pieces
    /// with byte fallback, otherwise a piece of its own (Marian's vocabulary
    /// then maps it to `<unk>`).
    pub fn encode(&self, text: &str) -> Vec<String> {
        let s = self.normalize(text);
        // best[i]: score of the best segmentation of s[..i] and where its
        // last piece starts; only char boundaries are reached.
        let mut best: Vec<Option<(f32, usize)>> = vec![None; s.len() + 1];
        best[0] = Some((0.0, 0));
        for (start, c) in s.char_indices() {
            let Some((base, _)) = best[start] else {
                continue;
            };
            let mut single = false;
            let limit = (start + self.max_len).min(s.len());
            for end in (start + 1..=limit).filter(|&e| s.is_char_boundary(e)) {
                let Some(&id) = self.matchable.get(&s[start..end]) else {
                    continue;
                };
                single |= end == start + c.len_utf8();
                relax(&mut best, end, base + self.pieces[id].score, start);
            }
            if !single {
                relax(
                    &mut best,
                    start + c.len_utf8(),
                    base + self.unk_score,
                    start,
                );
            }
        }
        let mut cuts = Vec::new();
        let mut end = s.len();
        while end > 0 {
            let (_, start) = best[end].expect("every char is reachable");
            cuts.push((start, end));
            end = start;
        }
        let mut out = Vec::with_capacity(cuts.len());
        for &(start, end) in cuts.iter().rev() {
            let piece = &s[start..end];
            match &self.bytes {
                Some(bytes) if !self.matchable.contains_key(piece) => out.extend(
                    piece
                        .bytes()
                        .map(|b| self.pieces[bytes[usize::from(b)]].text.clone()),
                ),
                _ => out.push(piece.to_string()),
            }
        }
        out
    }

    /// Text from piece texts: `<0xNN>` runs become their bytes, `▁` spaces,
    /// and the leading space the encoder added is dropped.
    pub fn decode<S: AsRef<str>>(&self, pieces: &[S]) -> String {
        let mut bytes = Vec::new();
        for piece in pieces {
            let piece = piece.as_ref();
            match parse_byte_piece(piece) {
                Some(b) => bytes.push(b),
                None => bytes.extend_from_slice(piece.as_bytes()),
            }
        }
        let text = String::from_utf8_lossy(&bytes).replace(SPACE, " ");
        match text.strip_prefix(' ') {
            Some(rest) if self.add_dummy_prefix => rest.to_string(),
            _ => text,
        }
    }

    /// The `<unk>` piece's text.
    pub fn unk(&self) -> &str {
        &self.pieces[self.unk].text
    }
}

fn relax(best: &mut [Option<(f32, usize)>], end: usize, score: f32, start: usize) {
    if best[end].is_none_or(|(s, _)| score > s) {
        best[end] = Some((score, start));
    }
}

fn read_piece(buf: &[u8], index: usize) -> Result<Piece, SpmError> {
    let mut piece = Piece {
        text: String::new(),
        score: 0.0,
        kind: Kind::Normal,
    };
    for field in Fields::new(buf) {
        match field? {
            (1, v) => {
                let bytes = v.as_bytes().unwrap_or_default();
                piece.text =
                    String::from_utf8(bytes.to_vec()).map_err(|_| SpmError::NotUtf8(index))?;
            }
            (2, v) => piece.score = v.as_f32().unwrap_or(0.0),
            (3, v) => piece.kind = Kind::from_wire(v.as_u64().unwrap_or(1)),
            _ => {}
        }
    }
    Ok(piece)
}

/// The 256 `<0xNN>` pieces, or `None` when any is missing.
fn byte_pieces(pieces: &[Piece]) -> Option<Box<[usize; 256]>> {
    let mut found = Box::new([usize::MAX; 256]);
    for (i, p) in pieces.iter().enumerate() {
        if p.kind == Kind::Byte
            && let Some(b) = parse_byte_piece(&p.text)
        {
            found[usize::from(b)] = i;
        }
    }
    found.iter().all(|&i| i != usize::MAX).then_some(found)
}

fn parse_byte_piece(piece: &str) -> Option<u8> {
    let hex = piece.strip_prefix("<0x")?.strip_suffix('>')?;
    (hex.len() == 2)
        .then(|| u8::from_str_radix(hex, 16).ok())
        .flatten()
}

/// Serializes a unigram model; tests and generated fixtures use it.
pub fn write_model(pieces: &[(&str, f32, Kind)], byte_fallback: bool) -> Vec<u8> {
    write_model_with_map(pieces, byte_fallback, &[])
}

/// [`write_model`] with a precompiled character map (see
/// [`super::charsmap::build`]); an empty map writes none.
pub fn write_model_with_map(
    pieces: &[(&str, f32, Kind)],
    byte_fallback: bool,
    charsmap: &[u8],
) -> Vec<u8> {
    use super::proto::Writer;
    let mut model = Writer::default();
    for &(text, score, kind) in pieces {
        let kind = match kind {
            Kind::Normal => 1,
            Kind::Unknown => 2,
            Kind::Control => 3,
            Kind::UserDefined => 4,
            Kind::Unused => 5,
            Kind::Byte => 6,
        };
        let mut p = Writer::default();
        p.bytes(1, text.as_bytes()).float(2, score).uint(3, kind);
        model.bytes(1, &p.0);
    }
    let mut trainer = Writer::default();
    trainer.uint(3, 1).uint(35, u64::from(byte_fallback));
    model.bytes(2, &trainer.0);
    let mut normalizer = Writer::default();
    normalizer.bytes(1, b"nmt_nfkc");
    if !charsmap.is_empty() {
        normalizer.bytes(2, charsmap);
    }
    normalizer.uint(3, 1).uint(4, 1).uint(5, 1);
    model.bytes(3, &normalizer.0);
    model.0
}

#[cfg(test)]
mod tests {
    use super::Kind::*;
    use super::*;

    fn base() -> Vec<(&'static str, f32, Kind)> {
        vec![
            ("<unk>", 0.0, Unknown),
            ("<s>", 0.0, Control),
            ("</s>", 0.0, Control),
            ("▁", -2.0, Normal),
            ("▁hello", -3.0, Normal),
            ("▁hell", -2.0, Normal),
            ("o", -2.0, Normal),
            ("▁world", -4.0, Normal),
            ("▁wor", -3.0, Normal),
            ("ld", -3.0, Normal),
            ("h", -5.0, Normal),
            ("e", -5.0, Normal),
            ("l", -5.0, Normal),
        ]
    }

    fn model(pieces: &[(&str, f32, Kind)], byte_fallback: bool) -> Model {
        Model::from_bytes(&write_model(pieces, byte_fallback)).unwrap()
    }

    #[test]
    fn viterbi_picks_the_best_total_score_not_the_longest_piece() {
        let m = model(&base(), false);
        // ▁hello (-3) beats ▁hell + o (-4); ▁world (-4) beats ▁wor + ld (-6).
        assert_eq!(m.encode("hello world"), ["▁hello", "▁world"]);
        let mut cheaper = base();
        cheaper[5].1 = -0.5; // ▁hell + o = -2.5 now beats ▁hello
        assert_eq!(model(&cheaper, false).encode("hello"), ["▁hell", "o"]);
    }

    #[test]
    fn whitespace_is_folded_and_normalized_before_cutting() {
        let m = model(&base(), false);
        assert_eq!(m.normalize("  hello \t\n world "), "▁hello▁world");
        assert_eq!(m.encode("  hello \t world "), ["▁hello", "▁world"]);
        // NFKC: a full-width letter is the ASCII letter.
        assert_eq!(m.encode("ｈello"), ["▁hello"]);
        assert_eq!(m.encode(""), Vec::<String>::new());
    }

    #[test]
    fn the_models_own_character_map_replaces_nfkc() {
        // A map that is not NFKC, so the test shows which one ran: é → e,
        // a full-width ｈ untouched, a no-break space to a space.
        let map = super::super::charsmap::build(&[("é", "e"), ("\u{a0}", " ")]);
        let m = Model::from_bytes(&write_model_with_map(&base(), false, &map)).unwrap();
        assert_eq!(m.normalize("héllo\u{a0}wörld"), "▁hello▁wörld");
        assert_eq!(m.normalize("ｈello"), "▁ｈello");
        let corrupt = write_model_with_map(&base(), false, &[9, 0, 0, 0]);
        assert!(matches!(
            Model::from_bytes(&corrupt),
            Err(SpmError::CharsMap(_))
        ));
    }

    #[test]
    fn an_identity_normalizer_keeps_the_text() {
        use super::super::proto::Writer;
        let mut model = write_model(&base(), false);
        let mut normalizer = Writer::default();
        normalizer.bytes(1, b"identity");
        let mut w = Writer::default();
        w.bytes(3, &normalizer.0);
        // A later field replaces the earlier one, as protobuf merges.
        model.extend(w.0);
        let m = Model::from_bytes(&model).unwrap();
        assert_eq!(m.normalize("ｈello"), "▁ｈello");
    }

    #[test]
    fn control_pieces_are_never_matched_in_text() {
        let m = model(&base(), false);
        assert!(!m.encode("</s>").iter().any(|p| p == "</s>"));
    }

    #[test]
    fn an_unknown_character_is_its_own_piece_without_byte_fallback() {
        let m = model(&base(), false);
        assert_eq!(m.encode("hello 語"), ["▁hello", "▁", "語"]);
    }

    #[test]
    fn byte_fallback_spells_an_unknown_character_in_bytes_and_decodes_it_back() {
        let mut pieces = base();
        let names: Vec<String> = (0..=255u8).map(|b| format!("<0x{b:02X}>")).collect();
        pieces.extend(names.iter().map(|n| (n.as_str(), 0.0, Byte)));
        let m = model(&pieces, true);
        let encoded = m.encode("hello 語");
        assert_eq!(encoded, ["▁hello", "▁", "<0xE8>", "<0xAA>", "<0x9E>"]);
        assert_eq!(m.decode(&encoded), "hello 語");
    }

    #[test]
    fn user_defined_pieces_stay_whole() {
        let mut pieces = base();
        pieces.push(("⟦0⟧", 0.0, UserDefined));
        pieces.push(("⟦", -1.0, Normal));
        let m = model(&pieces, false);
        assert_eq!(m.encode("hello ⟦0⟧"), ["▁hello", "▁", "⟦0⟧"]);
    }

    #[test]
    fn decode_joins_pieces_and_turns_markers_into_spaces() {
        let m = model(&base(), false);
        assert_eq!(m.decode(&["▁hell", "o", "▁wor", "ld"]), "hello world");
    }

    #[test]
    fn a_model_without_unk_or_of_another_type_is_refused() {
        let no_unk = write_model(&[("▁a", -1.0, Normal)], false);
        assert!(matches!(
            Model::from_bytes(&no_unk),
            Err(SpmError::NoUnknown)
        ));
        let mut bpe = write_model(&base(), false);
        let mut trainer = super::super::proto::Writer::default();
        trainer.uint(3, 2);
        let mut w = super::super::proto::Writer::default();
        w.bytes(2, &trainer.0);
        bpe.extend(w.0);
        assert!(matches!(
            Model::from_bytes(&bpe),
            Err(SpmError::NotUnigram(2))
        ));
        assert!(Model::from_bytes(&[0xff]).is_err());
    }
}
