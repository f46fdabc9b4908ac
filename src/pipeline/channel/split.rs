//! A channel message longer than the text limit, cut into messages within
//! it: the API refuses such a text, and a channel user cannot be asked to
//! send it again, so its parts go through the message path in order. Cuts
//! fall at the last paragraph, line, sentence or word break of each window
//! (a word longer than the window is cut inside); a text of more than
//! [`MAX_PARTS`] windows keeps its first `MAX_PARTS` parts.

/// Parts at most: one message is answered per part, so a huge text (an
/// e-mail of a megabyte) must not become hundreds of bot answers.
pub const MAX_PARTS: usize = 8;

/// `text` in parts of at most `limit` characters each (at least one part;
/// none empty unless `text` is), and whether text beyond `MAX_PARTS` parts
/// was left out.
pub fn split(text: &str, limit: usize) -> (Vec<&str>, bool) {
    let limit = limit.max(1);
    let mut parts = Vec::new();
    let mut rest = text.trim();
    while rest.chars().count() > limit {
        if parts.len() == MAX_PARTS {
            return (parts, true);
        }
        let window_end = rest
            .char_indices()
            .nth(limit)
            .map_or(rest.len(), |(i, _)| i);
        let window = &rest[..window_end];
        let cut = break_in(window).unwrap_or(window_end);
        parts.push(rest[..cut].trim_end());
        rest = rest[cut..].trim_start();
    }
    if parts.len() == MAX_PARTS && !rest.is_empty() {
        return (parts, true);
    }
    parts.push(rest);
    (parts, false)
}

/// Where to cut `window`: after its last paragraph break, line break,
/// sentence end or space, whichever comes first in that order, if it lies in
/// the window's second half (an earlier one would make tiny parts).
fn break_in(window: &str) -> Option<usize> {
    let half = window.len() / 2;
    let after = |pattern: &str| {
        window
            .rfind(pattern)
            .map(|i| i + pattern.len())
            .filter(|&i| i > half)
    };
    after("\n\n")
        .or_else(|| after("\n"))
        .or_else(|| after(". "))
        .or_else(|| after("。"))
        .or_else(|| after("? "))
        .or_else(|| after("! "))
        .or_else(|| after(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(parts: &[&str]) -> Vec<usize> {
        parts.iter().map(|p| p.chars().count()).collect()
    }

    #[test]
    fn a_text_within_the_limit_is_one_part() {
        assert_eq!(split("  hola  ", 10), (vec!["hola"], false));
        assert_eq!(split("", 10), (vec![""], false));
    }

    #[test]
    fn parts_stay_within_the_limit_and_lose_no_word() {
        let text = "Hola. ".repeat(50) + "¿Dónde está mi pedido? " + &"muy ".repeat(200);
        let (parts, cut) = split(&text, 200);
        assert!(!cut && parts.len() > 1, "{parts:?}");
        assert!(
            chars(&parts).iter().all(|&n| n <= 200 && n > 0),
            "{parts:?}"
        );
        let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(words(&parts.join(" ")), words(&text));
    }

    #[test]
    fn cuts_prefer_paragraphs_then_sentences_then_words() {
        let para = format!("{}\n\n{}", "a".repeat(60), "b ".repeat(40));
        assert_eq!(split(&para, 80).0[0], "a".repeat(60));
        let sentences = format!("{}. {}", "a ".repeat(30).trim(), "b".repeat(50));
        assert!(split(&sentences, 80).0[0].ends_with('.'));
        // A word longer than the window is cut inside it, at a character.
        let long = "語".repeat(25);
        assert_eq!(chars(&split(&long, 10).0), [10, 10, 5]);
    }

    #[test]
    fn a_huge_text_keeps_its_first_parts_and_says_so() {
        let text = "palabra ".repeat(10_000);
        let (parts, cut) = split(&text, 100);
        assert_eq!((parts.len(), cut), (MAX_PARTS, true));
        let exactly = "x".repeat(MAX_PARTS * 10);
        assert_eq!(split(&exactly, 10), (vec!["xxxxxxxxxx"; MAX_PARTS], false));
    }
}
