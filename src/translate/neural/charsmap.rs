//! SentencePiece's precompiled character map: the normalization rule a
//! model ships inside its `.spm` file (`NormalizerSpec.precompiled_charsmap`;
//! opus-mt models carry `nmt_nfkc`, NFKC plus SentencePiece's own mappings of
//! control characters and spaces). Reading the model's own map makes the
//! text the model sees the text it was trained on.
//!
//! The blob is a little-endian `u32` giving the size in bytes of a
//! darts-clone double-array trie, the trie's `u32` units, then the
//! replacement strings, each ending with a NUL. At every position the
//! longest key of the trie that prefixes the rest of the input is replaced by
//! the string at the key's value (an offset); a position no key matches keeps
//! its character.

use std::collections::BTreeMap;

#[derive(Debug, thiserror::Error)]
pub enum CharsMapError {
    #[error("the character map is shorter than its header says")]
    Truncated,
}

#[derive(Debug)]
pub struct CharsMap {
    units: Vec<u32>,
    normalized: Vec<u8>,
}

impl CharsMap {
    pub fn from_bytes(blob: &[u8]) -> Result<CharsMap, CharsMapError> {
        let header: [u8; 4] = blob
            .get(..4)
            .and_then(|h| h.try_into().ok())
            .ok_or(CharsMapError::Truncated)?;
        let trie_len = u32::from_le_bytes(header) as usize;
        let trie = blob
            .get(4..4usize.saturating_add(trie_len))
            .ok_or(CharsMapError::Truncated)?;
        if !trie_len.is_multiple_of(4) {
            return Err(CharsMapError::Truncated);
        }
        let units = trie
            .chunks_exact(4)
            .map(|u| u32::from_le_bytes([u[0], u[1], u[2], u[3]]))
            .collect();
        Ok(CharsMap {
            units,
            normalized: blob[4 + trie_len..].to_vec(),
        })
    }

    /// `text` with every mapped sequence replaced.
    pub fn normalize(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            let replaced = self
                .longest_match(rest.as_bytes())
                // A map whose key ends inside a character, or whose string
                // is not UTF-8, is not applied there: the character stays.
                .filter(|&(len, _)| rest.is_char_boundary(len))
                .and_then(|(len, value)| Some((len, self.replacement(value)?)));
            match replaced {
                Some((len, with)) => {
                    out.push_str(with);
                    rest = &rest[len..];
                }
                None => {
                    out.push(c);
                    rest = &rest[c.len_utf8()..];
                }
            }
        }
        out
    }

    /// The longest key prefixing `key` as (its length, its value): the
    /// darts-clone common-prefix search.
    fn longest_match(&self, key: &[u8]) -> Option<(usize, u32)> {
        let unit = |pos: usize| self.units.get(pos).copied();
        let mut found = None;
        let mut pos = offset(unit(0)?);
        for (i, &byte) in key.iter().enumerate() {
            // Keys never hold a NUL: the search ends there, as darts-clone's does.
            if byte == 0 {
                break;
            }
            pos ^= usize::from(byte);
            let u = unit(pos)?;
            if label(u) != u32::from(byte) {
                break;
            }
            pos ^= offset(u);
            if has_leaf(u) {
                found = Some((i + 1, unit(pos)? & 0x7fff_ffff));
            }
        }
        found
    }

    fn replacement(&self, value: u32) -> Option<&str> {
        let tail = self.normalized.get(value as usize..)?;
        let end = tail.iter().position(|&b| b == 0)?;
        std::str::from_utf8(&tail[..end]).ok()
    }
}

fn has_leaf(unit: u32) -> bool {
    (unit >> 8) & 1 == 1
}

/// The label, with the leaf bit so that a leaf never matches a byte.
fn label(unit: u32) -> u32 {
    unit & ((1 << 31) | 0xff)
}

fn offset(unit: u32) -> usize {
    ((unit >> 10) << ((unit & (1 << 9)) >> 6)) as usize
}

/// Serializes a map from each key to its replacement in the layout above
/// (small maps: offsets below 2²¹). Tests and generated fixtures use it;
/// real models bring their own.
pub fn build<K: AsRef<[u8]>>(pairs: &[(K, &str)]) -> Vec<u8> {
    // The trie: children by byte, and a node's value if a key ends there.
    let mut children: Vec<BTreeMap<u8, usize>> = vec![BTreeMap::new()];
    let mut values: Vec<Option<u32>> = vec![None];
    let mut normalized = Vec::new();
    for (key, to) in pairs {
        let mut node = 0;
        for &b in key.as_ref() {
            node = match children[node].get(&b) {
                Some(&next) => next,
                None => {
                    children.push(BTreeMap::new());
                    values.push(None);
                    let next = children.len() - 1;
                    children[node].insert(b, next);
                    next
                }
            };
        }
        values[node] = Some(normalized.len() as u32);
        normalized.extend_from_slice(to.as_bytes());
        normalized.push(0);
    }
    // Place nodes breadth first: a node at `pos` with offset `o` has its
    // child labelled `c` at `pos ^ o ^ c` and its value at `pos ^ o`.
    let mut units = vec![0u32; 256];
    let mut used = vec![true];
    let mut queue = std::collections::VecDeque::from([(0usize, 0usize)]);
    while let Some((node, pos)) = queue.pop_front() {
        let mut labels: Vec<usize> = children[node].keys().map(|&b| usize::from(b)).collect();
        if values[node].is_some() {
            labels.push(0);
        }
        let free = |o: usize, used: &Vec<bool>| {
            labels.iter().all(|&c| {
                let q = pos ^ o ^ c;
                q != 0 && !used.get(q).copied().unwrap_or(false)
            })
        };
        let o = (1usize..).find(|&o| free(o, &used)).expect("a free offset");
        let top = labels.iter().map(|&c| pos ^ o ^ c).max().unwrap_or(0);
        if top >= units.len() {
            units.resize(top + 256, 0);
        }
        if top >= used.len() {
            used.resize(top + 1, false);
        }
        units[pos] |= (o as u32) << 10;
        if let Some(v) = values[node] {
            used[pos ^ o] = true;
            units[pos ^ o] = v | (1 << 31);
        }
        for (&b, &child) in &children[node] {
            let q = pos ^ o ^ usize::from(b);
            used[q] = true;
            units[q] = u32::from(b) | if values[child].is_some() { 1 << 8 } else { 0 };
            queue.push_back((child, q));
        }
    }
    let mut blob = ((units.len() * 4) as u32).to_le_bytes().to_vec();
    blob.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    blob.extend(normalized);
    blob
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> CharsMap {
        CharsMap::from_bytes(&build(pairs)).unwrap()
    }

    #[test]
    fn replaces_mapped_sequences_and_keeps_the_rest() {
        let m = map(&[("ｈ", "h"), ("\u{2003}", " "), ("ﬁ", "fi"), ("\u{7}", "")]);
        assert_eq!(m.normalize("ｈi\u{2003}ﬁne\u{7}!"), "hi fine!");
        assert_eq!(m.normalize("語 ok"), "語 ok");
        assert_eq!(m.normalize(""), "");
    }

    #[test]
    fn the_longest_key_wins() {
        let m = map(&[("a", "1"), ("ab", "2"), ("abc", "3"), ("b", "4")]);
        assert_eq!(m.normalize("abcab a b"), "32 1 4");
        assert_eq!(m.normalize("abx"), "2x");
    }

    #[test]
    fn a_broken_map_is_refused_or_leaves_text_unchanged_never_panics() {
        assert!(CharsMap::from_bytes(&[1, 2]).is_err());
        assert!(CharsMap::from_bytes(&[8, 0, 0, 0, 1]).is_err());
        assert!(CharsMap::from_bytes(&[3, 0, 0, 0, 1, 2, 3]).is_err());
        // Units pointing anywhere, strings without their NUL.
        let mut blob = 8u32.to_le_bytes().to_vec();
        blob.extend([0xff; 8]);
        blob.extend(b"xyz");
        let m = CharsMap::from_bytes(&blob).unwrap();
        assert_eq!(m.normalize("héllo ｈ"), "héllo ｈ");
        // A key that ends inside a character is not applied there.
        let half = CharsMap::from_bytes(&build(&[(&b"\xc3"[..], "X"), (b"a", "b")])).unwrap();
        assert_eq!(half.normalize("éa"), "éb");
    }
}
