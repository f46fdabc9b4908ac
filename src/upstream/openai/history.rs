//! A conversation's earlier turns for the chat model, kept in memory: only
//! what the model was sent (text the gate cleared, redacted as the region
//! asks) and what it answered (before crossdesk restored any value), so
//! the history holds nothing the gate did not let out. Sent within a
//! token budget, the oldest turns dropped first.

/// One exchange: what the model was sent and what it answered.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Turn {
    pub(super) user: String,
    pub(super) assistant: String,
}

/// Tokens a text costs, estimated without the model's tokenizer: about
/// four ASCII characters a token, one per other character (CJK, emoji),
/// plus the message's framing.
pub(super) fn tokens(text: &str) -> usize {
    let ascii = text.bytes().filter(u8::is_ascii).count();
    let other = text.chars().filter(|c| !c.is_ascii()).count();
    ascii.div_ceil(4) + other + 4
}

/// The latest turns whose estimated tokens fit `budget`, oldest first.
pub(super) fn within(turns: &[Turn], budget: usize) -> &[Turn] {
    let mut spent = 0;
    let mut keep = 0;
    for t in turns.iter().rev() {
        spent += tokens(&t.user) + tokens(&t.assistant);
        if spent > budget {
            break;
        }
        keep += 1;
    }
    &turns[turns.len() - keep..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(n: usize) -> Turn {
        Turn {
            user: format!("question {n} {}", "x".repeat(36)),
            assistant: format!("answer {n} {}", "y".repeat(38)),
        }
    }

    #[test]
    fn the_oldest_turns_go_first() {
        let turns: Vec<Turn> = (0..5).map(turn).collect();
        let one = tokens(&turns[0].user) + tokens(&turns[0].assistant);
        assert_eq!(within(&turns, one * 2), &turns[3..]);
        assert_eq!(within(&turns, one * 2 - 1), &turns[4..]);
        assert!(within(&turns, 0).is_empty());
        assert_eq!(within(&turns, usize::MAX), &turns[..]);
    }

    #[test]
    fn cjk_costs_more_than_ascii() {
        assert!(tokens("我想退货，请问怎么办") > tokens("I want a refund"));
    }
}
