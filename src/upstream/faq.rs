//! The built-in FAQ bot (embedded default): order status, shipping times,
//! returns, refunds, damaged items, coupons, sizes and stock, payment
//! methods and failures, address changes, cancellation and hand-off to a
//! person. It reads English and, through keyword lexicons
//! (`faq/keywords.tsv`, checked by `faq/check_keywords.py`), 30 more
//! languages without translation; it answers in English with fixed
//! sentences, so the shipped translation memory carries each answer into
//! every served language.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

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

/// The lexicons: `INTENT<TAB>LANG<TAB>KEYWORD` lines.
const KEYWORDS_TSV: &str = include_str!("faq/keywords.tsv");

/// Languages written without spaces: a keyword matches anywhere.
const UNSPACED: &[&str] = &["zh", "ja", "th"];

/// English keywords that are ordinary words of other languages (Swedish
/// "visa" is "show", "fit" and "hi" are words in several): tried on English
/// messages only.
const ENGLISH_ONLY: &[&str] = &["visa", "fit", "hi"];

/// How a keyword matches the message's padded words (` w1 w2 `).
#[derive(Debug, Clone, PartialEq)]
enum Pattern {
    /// Anywhere in the words joined without spaces (zh, ja, th).
    Anywhere(String),
    /// A substring of the padded words: the keyword with the spaces its
    /// `*`s leave open.
    Within(String),
}

impl Pattern {
    fn of(lang: &str, keyword: &str) -> Pattern {
        if UNSPACED.contains(&lang) {
            return Pattern::Anywhere(keyword.to_string());
        }
        let (head, body) = match keyword.strip_prefix('*') {
            Some(rest) => ("", rest),
            None => (" ", keyword),
        };
        let (body, tail) = match body.strip_suffix('*') {
            Some(rest) => (rest, ""),
            None => (body, " "),
        };
        Pattern::Within(format!("{head}{body}{tail}"))
    }

    fn hit(&self, spaced: &str, joined: &str) -> bool {
        match self {
            Pattern::Anywhere(k) => joined.contains(k.as_str()),
            Pattern::Within(k) => spaced.contains(k.as_str()),
        }
    }
}

/// Per language, (position of the intent in [`RULES`], pattern), in that
/// order.
static LEXICONS: LazyLock<HashMap<&'static str, Vec<(usize, Pattern)>>> = LazyLock::new(|| {
    let mut out: HashMap<&str, Vec<(usize, Pattern)>> = HashMap::new();
    for line in KEYWORDS_TSV.lines().filter(|l| !l.starts_with('#')) {
        let mut cols = line.split('\t');
        let (Some(intent), Some(lang), Some(keyword)) = (cols.next(), cols.next(), cols.next())
        else {
            continue;
        };
        // `shipping_time` is the first `shipping` block of RULES.
        let position = match intent {
            "shipping_time" => RULES.iter().position(|(i, _)| *i == "shipping"),
            "shipping" => RULES.iter().rposition(|(i, _)| *i == "shipping"),
            i => RULES.iter().position(|(r, _)| *r == i),
        };
        if let Some(p) = position {
            out.entry(lang)
                .or_default()
                .push((p, Pattern::of(lang, keyword)));
        }
    }
    for patterns in out.values_mut() {
        patterns.sort_by_key(|(p, _)| *p);
    }
    out
});

/// The English rules as patterns, in order.
static ENGLISH: LazyLock<Vec<(usize, Pattern, bool)>> = LazyLock::new(|| {
    RULES
        .iter()
        .enumerate()
        .flat_map(|(p, (_, keys))| {
            keys.iter()
                .map(move |k| (p, Pattern::of("en", k), ENGLISH_ONLY.contains(k)))
        })
        .collect()
});

/// Combining marks of the served scripts (and the zero-width joiners) that
/// `char::is_alphanumeric` does not count: they stay inside their word.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36F | 0x483..=0x489 | 0x591..=0x5C7 | 0x610..=0x61A | 0x64B..=0x65F | 0x670 | 0x6D6..=0x6ED | 0x900..=0x903 | 0x93A..=0x94F | 0x951..=0x957 | 0x962..=0x963 | 0xE31 | 0xE34..=0xE3A | 0xE47..=0xE4E | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x200C..=0x200D | 0x20D0..=0x20FF | 0x3099..=0x309A | 0xFE20..=0xFE2F)
}

/// The message as the lexicons read it: NFC, lower case (Turkish "İ"
/// without its combining dot; Persian written with Arabic ي and ك as
/// Persian ی and ک), its words padded with spaces, and the same words
/// joined without spaces.
fn reading(text: &str, lang: &str) -> (String, String) {
    let lower: String = text.nfc().collect::<String>().to_lowercase();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut prev = ' ';
    for c in lower.chars() {
        let c = match (lang, c) {
            ("fa", 'ي') => 'ی',
            ("fa", 'ك') => 'ک',
            _ => c,
        };
        if c == '\u{307}' && prev == 'i' {
            continue;
        }
        if c.is_alphanumeric() || is_mark(c) {
            word.push(c);
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        prev = c;
    }
    if !word.is_empty() {
        words.push(word);
    }
    (format!(" {} ", words.join(" ")), words.concat())
}

/// The intent of `text` written in `lang`: the first of [`RULES`] with a
/// keyword in it, from the English rules and the language's lexicon.
fn intent_of(text: &str, lang: &str) -> &'static str {
    let (spaced, joined) = reading(text, lang);
    let english = ENGLISH
        .iter()
        .find(|(_, p, only)| (lang == "en" || !only) && p.hit(&spaced, &joined))
        .map(|(p, ..)| *p);
    let own = LEXICONS
        .get(lang)
        .and_then(|l| l.iter().find(|(_, p)| p.hit(&spaced, &joined)))
        .map(|(p, _)| *p);
    match (english, own) {
        (Some(a), Some(b)) => RULES[a.min(b)].0,
        (Some(p), None) | (None, Some(p)) => RULES[p].0,
        (None, None) => "fallback",
    }
}

/// The languages the built-in bot reads without translation.
pub fn languages() -> Vec<String> {
    let mut out: Vec<String> = LEXICONS.keys().map(|l| l.to_string()).collect();
    out.push("en".into());
    out.sort();
    out
}

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

    /// The lexicons read shoppers in their own language, inflections,
    /// missing diacritics and scripts without spaces included.
    #[test]
    fn shoppers_are_read_in_their_own_language() {
        let bot = FaqBot::new();
        let intent = |text: &str, lang: &str| {
            let a = bot.reply_in(text, lang);
            ANSWERS
                .iter()
                .find(|(_, answer)| {
                    let (head, tail) = answer.split_once("⟦1⟧").unwrap_or((answer, ""));
                    a.text.starts_with(head) && a.text.ends_with(tail)
                })
                .map(|(i, _)| *i)
                .unwrap()
        };
        for (text, lang, expected) in [
            ("Quiero hablar con una persona", "es", "human"),
            ("quiero cancelar mi pedido", "es", "cancel"),
            ("Das Paket kam beschädigt an", "de", "damaged"),
            ("Wann bekomme ich meine Rückerstattung?", "de", "refunds"),
            ("我想退货", "zh", "returns"),
            ("注文をキャンセルしたいです", "ja", "cancel"),
            ("배송지 주소를 변경하고 싶어요", "ko", "change_address"),
            ("Где мой заказ?", "ru", "order_status"),
            ("kupon kodu çalışmıyor", "tr", "coupon"),
            ("Onde está meu pedido?", "pt", "order_status"),
            ("bonjour", "fr", "greeting"),
            ("what is the meaning of life", "en", "fallback"),
            ("mijn kat slaapt", "nl", "fallback"),
        ] {
            assert_eq!(intent(text, lang), expected, "{lang}: {text}");
        }
        // Swedish "visa" is "show": no card question.
        assert_ne!(intent("kan du visa storleksguiden", "sv"), "payment");
        assert_eq!(languages().len(), 31);
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
