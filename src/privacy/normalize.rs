//! Text as the detectors read it: every character in its compatibility
//! form (NFKC: full-width `＠` and `０` become `@` and `0`), decimal digits of
//! every script as ASCII digits, dash and space variants as `-` and ` `.
//! Each byte of the normalized text remembers the character of the original
//! text it came from, so that a value found in the normalized text is cut
//! from the original exactly as the shopper wrote it.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// The normalized text and, per normalized byte, the original character's
/// byte range (`None` when the text was ASCII and nothing changed).
pub struct Normalized<'a> {
    pub text: Cow<'a, str>,
    origin: Option<Vec<(u32, u32)>>,
}

/// Code points of the digit zero of every script with decimal digits in
/// Unicode (Nd), full-width included; each is followed by one through nine.
const ZEROS: &[u32] = &[
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
];

/// The ASCII digit of a decimal digit of any script.
pub fn ascii_digit(c: char) -> Option<char> {
    if c.is_ascii_digit() {
        return Some(c);
    }
    let cp = c as u32;
    ZEROS
        .iter()
        .find(|&&z| (z..z + 10).contains(&cp))
        .and_then(|&z| char::from_digit(cp - z, 10))
}

/// Dashes, minus signs and hyphens people type between digit groups.
fn is_dash(c: char) -> bool {
    matches!(
        c,
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}'
    )
}

impl<'a> Normalized<'a> {
    pub fn new(text: &'a str) -> Normalized<'a> {
        if text.is_ascii() {
            return Normalized {
                text: Cow::Borrowed(text),
                origin: None,
            };
        }
        let mut out = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len());
        let push = |out: &mut String, origin: &mut Vec<(u32, u32)>, c: char, at: (u32, u32)| {
            out.push(c);
            origin.extend(std::iter::repeat_n(at, c.len_utf8()));
        };
        for (i, c) in text.char_indices() {
            let at = (i as u32, (i + c.len_utf8()) as u32);
            if c.is_ascii() {
                push(&mut out, &mut origin, c, at);
            } else if let Some(d) = ascii_digit(c) {
                push(&mut out, &mut origin, d, at);
            } else if is_dash(c) || (c == 'ー' && out.ends_with(|p: char| p.is_ascii_digit())) {
                // The katakana long-vowel mark is a dash only between digits
                // (`090ー1234`); in words (`パスポート`) it stays.
                push(&mut out, &mut origin, '-', at);
            } else {
                for n in std::iter::once(c).nfkc() {
                    let n = ascii_digit(n).unwrap_or(n);
                    push(&mut out, &mut origin, n, at);
                }
            }
        }
        Normalized {
            text: Cow::Owned(out),
            origin: Some(origin),
        }
    }

    /// The original byte range of the normalized byte range `start..end`
    /// (whole characters of the original).
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        match &self.origin {
            None => (start, end),
            Some(o) if start < end && end <= o.len() => {
                (o[start].0 as usize, o[end - 1].1 as usize)
            }
            Some(_) => (start, start),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_and_other_scripts_read_as_ascii_and_map_back() {
        let text = "tel ０９０－１２３４ y ٠٥٠١ mail a＠b.jp";
        let n = Normalized::new(text);
        assert_eq!(n.text, "tel 090-1234 y 0501 mail a@b.jp");
        let at = n.text.find("090-1234").unwrap();
        let (s, e) = n.original(at, at + "090-1234".len());
        assert_eq!(&text[s..e], "０９０－１２３４");
        assert_eq!(ascii_digit('٣'), Some('3'));
        assert_eq!(ascii_digit('۷'), Some('7'));
        assert_eq!(ascii_digit('๙'), Some('9'));
        assert_eq!(ascii_digit('x'), None);
    }

    #[test]
    fn ascii_text_is_borrowed() {
        let n = Normalized::new("plain 123");
        assert!(matches!(n.text, Cow::Borrowed(_)));
        assert_eq!(n.original(2, 5), (2, 5));
    }
}
