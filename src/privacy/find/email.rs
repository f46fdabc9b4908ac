//! E-mail addresses, internationalized ones included (`josé@correo.es`,
//! `用户@例子.中国`, `anna@müller-shop.de`), in normalized text (a full-width
//! `＠` reads as `@`). Scripts written without spaces (Han, kana, Thai)
//! border an address directly (`邮箱wang@example.com谢谢`): a part of the
//! address never mixes them with other scripts. Pure.

use crate::privacy::Kind;

/// Scripts written without spaces between words.
fn unspaced(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF      // CJK radicals, kana, Han
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0x20000..=0x3FFFF  // Han extensions
        | 0x0E00..=0x0E7F    // Thai
        | 0x0E80..=0x0EFF    // Lao
        | 0x1780..=0x17FF) // Khmer
}

fn local_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(
            c,
            '.' | '_'
                | '%'
                | '+'
                | '-'
                | '\''
                | '!'
                | '#'
                | '&'
                | '*'
                | '='
                | '?'
                | '^'
                | '`'
                | '{'
                | '|'
                | '}'
                | '~'
        )
        || is_mark(c)
}

fn domain_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '.' || is_mark(c)
}

/// Combining marks (NFKC leaves some; Devanagari and Thai vowels are marks).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0900..=0x0DFF | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E)
}

/// Pushes every address in `text`.
pub fn find(text: &str, out: &mut Vec<(usize, usize, Kind)>) {
    for (at, _) in text.match_indices('@') {
        // The local part: back from `@` while the characters may belong to
        // it and stay on the same side of the spaced/unspaced divide.
        let before = &text[..at];
        let Some(first) = before.chars().next_back() else {
            continue;
        };
        let side = unspaced(first);
        let mut start = at;
        for (i, c) in before.char_indices().rev() {
            if !local_char(c) || (unspaced(c) != side && !matches!(c, '.' | '-' | '_')) {
                break;
            }
            start = i;
        }
        // In unspaced scripts the words before an address run into it
        // ("我的邮箱是用户@…"): it starts after the last copula or colon.
        if side
            && let Some((i, c)) = text[start..at].char_indices().rev().find(|(_, c)| {
                matches!(
                    c,
                    '是' | '为' | '為' | 'は' | 'が' | 'を' | 'で' | '：' | '、' | '，' | '。'
                )
            })
        {
            start += i + c.len_utf8();
        }
        // A local part does not start or end with a dot.
        while text[start..at].starts_with(['.', '\'', '-']) {
            start += 1;
        }
        let local = &text[start..at];
        if local.is_empty() || local.ends_with('.') || local.chars().count() > 64 {
            continue;
        }
        // The domain: forward while domain characters on one side.
        let after = &text[at + 1..];
        let Some(first) = after.chars().next() else {
            continue;
        };
        // A label may be in another script than the one before it
        // (`例え.jp`), but not run on into the words after (`.jp に…`).
        let mut side = unspaced(first);
        let mut end = at + 1;
        let mut after_dot = false;
        for (i, c) in after.char_indices() {
            if !domain_char(c) {
                break;
            }
            if !matches!(c, '.' | '-') && unspaced(c) != side {
                if !after_dot {
                    break;
                }
                side = unspaced(c);
            }
            after_dot = c == '.';
            end = at + 1 + i + c.len_utf8();
        }
        let mut domain = &text[at + 1..end];
        // Sentence punctuation after an address is not part of it.
        while let Some(d) = domain.strip_suffix(['.', '-']) {
            domain = d;
        }
        let end = at + 1 + domain.len();
        if valid_domain(domain) {
            out.push((start, end, Kind::Email));
        }
    }
}

/// At least two labels, a top-level label of letters, and a name IDNA accepts.
fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let Some(tld) = labels.last() else {
        return false;
    };
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'))
        && tld.chars().count() >= 2
        && tld.chars().all(char::is_alphabetic)
        && domain.len() <= 253
        && idna::domain_to_ascii(domain).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::normalize::Normalized;

    fn emails(text: &str) -> Vec<String> {
        let n = Normalized::new(text);
        let mut out = Vec::new();
        find(&n.text, &mut out);
        out.into_iter()
            .map(|(s, e, _)| {
                let (s, e) = n.original(s, e);
                text[s..e].to_string()
            })
            .collect()
    }

    #[test]
    fn internationalized_and_full_width_addresses() {
        assert_eq!(
            emails("escríbeme a josé.garcía@correo.es."),
            ["josé.garcía@correo.es"]
        );
        assert_eq!(emails("anna@müller-shop.de bitte"), ["anna@müller-shop.de"]);
        assert_eq!(emails("我的邮箱是用户@例子.中国"), ["用户@例子.中国"]);
        assert_eq!(
            emails("邮箱wang.li@example.com谢谢"),
            ["wang.li@example.com"]
        );
        assert_eq!(
            emails("メール tanaka＠example.co.jp です"),
            ["tanaka＠example.co.jp"]
        );
        assert_eq!(
            emails("Mail: ANNA+shop@Example.COM!"),
            ["ANNA+shop@Example.COM"]
        );
    }

    #[test]
    fn at_signs_that_are_not_addresses() {
        assert!(emails("meet @ 5pm").is_empty());
        assert!(emails("price @3.50").is_empty());
        assert!(emails("twitter @shop_help").is_empty());
    }
}
