//! The built-in English FAQ bot (embedded default): order status, shipping
//! times, returns, refunds, payment methods, address changes, cancellation
//! and hand-off to a person. Its answers are fixed sentences so the shipped
//! translation memory can carry each of them in every served language.

use regex::Regex;

use super::{Bot, BotAnswer, UpstreamError};

/// (intent, answer). `⟦1⟧` stands for the shopper's order number.
pub const ANSWERS: &[(&str, &str)] = &[
    (
        "greeting",
        "Hello! I am the shop assistant. I can help with your order, shipping, returns, refunds, payment, address changes and cancellations. How can I help?",
    ),
    (
        "order_status",
        "You can track your order under My Account > Orders. Please send me your order number and I will check it for you.",
    ),
    (
        "order_status_number",
        "Thank you. You can follow order ⟦1⟧ with the tracking link in your shipping confirmation e-mail or under My Account > Orders.",
    ),
    (
        "shipping",
        "Standard shipping takes 5 to 10 business days and express shipping takes 2 to 4 business days. Orders leave our warehouse within 48 hours.",
    ),
    (
        "returns",
        "You can return most items within 30 days of delivery. Start a return under My Account > Orders, print the free return label and drop off the parcel.",
    ),
    (
        "refunds",
        "Refunds are issued to your original payment method within 5 business days after we receive your return.",
    ),
    (
        "payment",
        "We accept Visa, Mastercard, American Express, PayPal, Apple Pay, Alipay and WeChat Pay.",
    ),
    (
        "change_address",
        "You can change the delivery address under My Account > Orders until the order ships. After it ships, please contact the carrier with your tracking number.",
    ),
    (
        "cancel",
        "You can cancel an order under My Account > Orders as long as it has not shipped. Once it has shipped, you can return it instead.",
    ),
    (
        "cancel_number",
        "I have noted that you want to cancel order ⟦1⟧. If it has not shipped yet, you can cancel it under My Account > Orders; otherwise you can return it after delivery.",
    ),
    (
        "damaged",
        "I am sorry your item arrived damaged. Please send us a photo of the item and the packaging under My Account > Orders > Report a problem, and we will send a replacement or a full refund.",
    ),
    (
        "coupon",
        "You can enter a coupon code at checkout in the Discount code field. One code can be used per order, and codes cannot be added to orders already placed.",
    ),
    (
        "size_stock",
        "Each product page shows the sizes in stock and a size guide. If a size is sold out, choose Notify me on the product page and we will e-mail you when it is back.",
    ),
    (
        "payment_failed",
        "I am sorry your payment did not go through. Please check your card details and your bank's security confirmation, or try another payment method. You are not charged for a failed payment.",
    ),
    (
        "human",
        "I will connect you with a member of our customer service team.",
    ),
    (
        "thanks",
        "You are welcome! Is there anything else I can help with?",
    ),
    (
        "fallback",
        "I am sorry, I did not understand that. I can help with orders, shipping, returns, refunds, payments, address changes and cancellations.",
    ),
];

/// Intents in the order they are tried; the first whose keywords appear wins.
/// A keyword ending in `*` matches any word starting with it.
const RULES: &[(&str, &[&str])] = &[
    (
        "human",
        &[
            "person",
            "human",
            "agent",
            "someone",
            "representative",
            "operator",
            "real people",
            "talk to",
            "speak to",
            "speak with",
            "talk with",
        ],
    ),
    ("cancel", &["cancel*"]),
    ("change_address", &["address*"]),
    (
        "damaged",
        &[
            "damage*",
            "broken",
            "broke",
            "cracked",
            "smashed",
            "torn",
            "defective",
        ],
    ),
    (
        "payment_failed",
        &[
            "payment failed",
            "payment was declined",
            "payment declined",
            "payment did not go through",
            "payment didn t go through",
            "payment was rejected",
            "card was declined",
            "card declined",
            "payment error",
            "payment is not going through",
            "payment does not go through",
            "payment keeps failing",
        ],
    ),
    ("refunds", &["refund*", "money back"]),
    ("returns", &["return*", "send back", "send it back"]),
    (
        "coupon",
        &[
            "coupon*",
            "discount code*",
            "promo code*",
            "promotional code",
            "voucher*",
            "discount",
        ],
    ),
    (
        "payment",
        &[
            "pay",
            "paying",
            "payment*",
            "credit card",
            "paypal",
            "alipay",
            "wechat pay",
            "visa",
            "mastercard",
        ],
    ),
    (
        "size_stock",
        &[
            "size*",
            "in stock",
            "out of stock",
            "sold out",
            "back in stock",
            "available in",
            "fit",
        ],
    ),
    // "How long does a parcel take": a question about delivery times,
    // although it names a parcel.
    ("shipping", &["how long", "delivery time*", "how many days"]),
    (
        "order_status",
        &[
            "where is",
            "where s",
            "track*",
            "arriv*",
            "package",
            "parcel",
            "status",
            "not received",
            "not come",
            "not yet received",
            "haven t received",
            "hasn t arrived",
        ],
    ),
    ("shipping", &["ship*", "deliver*"]),
    ("thanks", &["thank*", "thx", "cheers"]),
    (
        "greeting",
        &[
            "hello",
            "hi",
            "hey",
            "good morning",
            "good afternoon",
            "good evening",
        ],
    ),
];

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
        let words = format!(
            " {} ",
            text.to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        );
        let hit = |k: &str| match k.strip_suffix('*') {
            Some(stem) => words.contains(&format!(" {stem}")),
            None => words.contains(&format!(" {k} ")),
        };
        let intent = RULES
            .iter()
            .find(|(_, keys)| keys.iter().any(|k| hit(k)))
            .map(|(i, _)| *i)
            .unwrap_or("fallback");
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

    async fn answer(
        &self,
        _conversation: &str,
        text: &crate::gate::Cleared,
        _lang: &str,
    ) -> Result<BotAnswer, UpstreamError> {
        Ok(self.reply(text.text()))
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
