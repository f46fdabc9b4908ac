//! The built-in FAQ bot (embedded default): order status, shipping times,
//! returns, refunds, damaged items, coupons, sizes and stock, payment
//! methods and failures, address changes, cancellation and hand-off to a
//! person. It reads English and, through keyword lexicons
//! (`keywords.tsv` beside this module, checked by `check_keywords.py`), 30
//! more languages without translation; it answers in English with fixed
//! sentences, so the shipped translation memory carries each answer into
//! every served language.
//!
//! - `answers`: the fixed English answer of each intent;
//! - `intents`: the intents in the order they are tried, with their
//!   English keywords;
//! - `keywords`: how a message is read and matched against the English
//!   keywords and the lexicons.

mod answers;
mod intents;
mod keywords;

pub use answers::ANSWERS;
pub use keywords::languages;

use regex::Regex;

use super::{Bot, BotAnswer, UpstreamError};
use keywords::intent_of;

/// The built-in bot: keyword intents, fixed answers, the order number
/// echoed back.
pub struct FaqBot {
    order_number: Regex,
}

impl Default for FaqBot {
    fn default() -> Self {
        FaqBot::new()
    }
}

impl FaqBot {
    pub fn new() -> FaqBot {
        FaqBot {
            // Same shape as the proxy's default order-number patterns.
            order_number: Regex::new(r"#\d{4,}\b|\b(?:[A-Z]{1,4}-?)?\d{6,14}\b")
                .expect("valid pattern"),
        }
    }

    fn answer_text(intent: &str) -> &'static str {
        ANSWERS
            .iter()
            .find(|(i, _)| *i == intent)
            .map(|(_, a)| *a)
            .unwrap_or(ANSWERS[ANSWERS.len() - 1].1)
    }

    /// Pure intent matching over English text.
    pub fn reply(&self, text: &str) -> BotAnswer {
        self.reply_in(text, "en")
    }

    /// Pure intent matching over `text` written in `lang`.
    pub fn reply_in(&self, text: &str, lang: &str) -> BotAnswer {
        let intent = intent_of(text, lang);
        let number = self.order_number.find(text).map(|m| m.as_str());
        let (intent, number) = match (intent, number) {
            ("order_status", Some(n)) => ("order_status_number", Some(n)),
            ("cancel", Some(n)) => ("cancel_number", Some(n)),
            // A bare order number means "where is this order".
            ("fallback", Some(n)) => ("order_status_number", Some(n)),
            (i, _) => (i, None),
        };
        let mut text = Self::answer_text(intent).to_string();
        if let Some(n) = number {
            text = text.replace("⟦1⟧", n);
        }
        BotAnswer {
            text,
            lang: Some("en".into()),
            handoff: intent == "human",
            understood: intent != "fallback",
        }
    }
}

#[async_trait::async_trait]
impl Bot for FaqBot {
    fn name(&self) -> &str {
        "faq"
    }

    fn in_process(&self) -> bool {
        true
    }

    fn languages(&self) -> Vec<String> {
        languages()
    }

    async fn answer(
        &self,
        _conversation: &str,
        text: &crate::gate::Cleared,
        lang: &str,
    ) -> Result<BotAnswer, UpstreamError> {
        Ok(self.reply_in(text.text(), lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intent_of(text: &str) -> &'static str {
        let answer = FaqBot::new().reply(text);
        ANSWERS
            .iter()
            .find(|(_, a)| {
                let (head, tail) = a.split_once("⟦1⟧").unwrap_or((a, ""));
                answer.text.starts_with(head) && answer.text.ends_with(tail)
            })
            .map(|(i, _)| *i)
            .unwrap()
    }

    #[test]
    fn canonical_questions_reach_their_intent() {
        for (text, intent) in [
            ("Where is my order?", "order_status"),
            ("Where is my order #123456?", "order_status_number"),
            ("When will my order arrive?", "order_status"),
            ("How long does shipping take?", "shipping"),
            ("When will you ship my order?", "shipping"),
            ("I want to return my order.", "returns"),
            ("When will I get my refund?", "refunds"),
            ("Can I pay with Alipay?", "payment"),
            ("How can I change my delivery address?", "change_address"),
            ("I want to cancel order SO20261125001.", "cancel_number"),
            ("I want to talk to a person.", "human"),
            ("Thanks a lot", "thanks"),
            ("Good morning", "greeting"),
            ("What is the meaning of life?", "fallback"),
            ("My parcel arrived damaged, I want a refund.", "damaged"),
            (
                "The payment was declined even though my card is fine.",
                "payment_failed",
            ),
            ("Where do I type in the coupon code?", "coupon"),
            ("Is this shirt available in a large size?", "size_stock"),
        ] {
            assert_eq!(intent_of(text), intent, "{text}");
        }
    }

    /// The English of every phrasing of the end-to-end conversation corpus
    /// (tests/corpus/conversations/) reaches its intent.
    #[test]
    fn the_conversation_corpus_english_reaches_each_intent() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/conversations");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            if entry.path().extension().is_none_or(|x| x != "tsv") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for line in text.lines().skip(1) {
                let [intent, _, english] = line.split('\t').collect::<Vec<_>>()[..] else {
                    panic!("{line}");
                };
                assert_eq!(
                    intent_of(english),
                    intent,
                    "{english} ({})",
                    entry.path().display()
                );
                checked += 1;
            }
        }
        assert!(checked >= 600);
    }

    #[test]
    fn order_number_is_echoed_and_handoff_is_signalled() {
        let a = FaqBot::new().reply("where is #987654");
        assert!(a.text.contains("order #987654 with"), "{}", a.text);
        assert!(!a.handoff && a.understood);
        let a = FaqBot::new().reply("Can I speak to an agent?");
        assert!(a.handoff);
        assert!(!FaqBot::new().reply("blue cheese").understood);
    }
}
