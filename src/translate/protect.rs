//! Spans no engine may alter — order numbers, URLs, e-mail addresses, amounts
//! with a currency — become numbered placeholders `⟦1⟧`, `⟦2⟧`… before
//! translation and come back verbatim afterwards. A translation that lost,
//! duplicated or invented a placeholder is rejected. Pure.

use regex::Regex;

use super::glossary::Glossary;

/// Compiled patterns; built once at start.
pub struct Protector {
    patterns: Vec<Regex>,
    glossary: Glossary,
}

/// Text with its protected spans replaced by placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protected {
    pub text: String,
    /// `spans[i]` is what `⟦i+1⟧` becomes in the translation: the span as
    /// written, or a glossary term's form in the target language.
    pub spans: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("placeholder ⟦{index}⟧ appears {count} times in the translation (expected once)")]
pub struct PlaceholderError {
    pub index: usize,
    pub count: usize,
}

/// PII tokens left by redaction (`⟪email-1⟫`) travel like any protected span.
const PII_TOKEN: &str = r"⟪[a-z_]+-\d+⟫";
/// Placeholder brackets the text already has (a shopper typed `⟦1⟧`): masked
/// first, so the masked text holds only its own placeholders.
const LITERAL: &str = "⟦[^⟦⟧]{0,32}⟧|[⟦⟧]";
const URL: &str = r#"\b(?:https?://|www\.)[^\s<>]+[^\s<>.,;:!?)\]}'"]"#;
const EMAIL: &str = r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b";
const AMOUNT: &str =
    r"(?:[$€£¥₩]\s?\d[\d.,]*\d|\b\d[\d.,]*\s?(?:(?:USD|EUR|GBP|CNY|RMB|JPY)\b|[元円€$£]))";

pub fn placeholder(index: usize) -> String {
    format!("⟦{index}⟧")
}

impl Protector {
    /// `order_patterns` are validated by the config; URL, e-mail and amount
    /// patterns come first so an order-like number inside a URL stays whole.
    pub fn new(order_patterns: &[String], glossary: Glossary) -> Result<Protector, regex::Error> {
        let mut patterns = vec![
            Regex::new(LITERAL)?,
            Regex::new(PII_TOKEN)?,
            Regex::new(URL)?,
            Regex::new(EMAIL)?,
            Regex::new(AMOUNT)?,
        ];
        for p in order_patterns {
            patterns.push(Regex::new(p)?);
        }
        Ok(Protector { patterns, glossary })
    }

    /// Order numbers, URLs, e-mail addresses and amounts.
    pub fn protect(&self, text: &str) -> Protected {
        self.mask(text, Vec::new())
    }

    /// As [`Protector::protect`], plus glossary terms for a translation
    /// `from` → `to` (for machine engines; curated memories need no glossary).
    pub fn protect_for(&self, text: &str, from: &str, to: &str) -> Protected {
        let hits = self.glossary.hits(text, from, to);
        self.mask(
            text,
            hits.into_iter()
                .map(|h| (h.start, h.end, Some(h.render)))
                .collect(),
        )
    }

    /// Replaces non-overlapping spans by placeholders, pattern spans first.
    fn mask(&self, text: &str, extra: Vec<(usize, usize, Option<String>)>) -> Protected {
        let mut found: Vec<(usize, usize, Option<String>)> = Vec::new();
        for re in &self.patterns {
            for m in re.find_iter(text) {
                if !found.iter().any(|&(s, e, _)| m.start() < e && s < m.end()) {
                    found.push((m.start(), m.end(), None));
                }
            }
        }
        for (start, end, render) in extra {
            if !found.iter().any(|&(s, e, _)| start < e && s < end) {
                found.push((start, end, render));
            }
        }
        found.sort_by_key(|f| f.0);
        let mut out = String::with_capacity(text.len());
        let mut spans = Vec::with_capacity(found.len());
        let mut last = 0;
        for (start, end, render) in found {
            out.push_str(&text[last..start]);
            spans.push(render.unwrap_or_else(|| text[start..end].to_string()));
            out.push_str(&placeholder(spans.len()));
            last = end;
        }
        out.push_str(&text[last..]);
        Protected { text: out, spans }
    }

    /// Checks that every placeholder is present exactly once and puts the spans back.
    /// One pass: a span that reads like a placeholder stays as written.
    pub fn restore(translated: &str, spans: &[String]) -> Result<String, PlaceholderError> {
        check(translated, spans.len())?;
        static P: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
        let re = P.get_or_init(|| Regex::new(r"⟦(\d+)⟧").expect("valid pattern"));
        Ok(re
            .replace_all(translated, |c: &regex::Captures<'_>| {
                c[1].parse::<usize>()
                    .ok()
                    .and_then(|n| n.checked_sub(1))
                    .and_then(|i| spans.get(i))
                    .cloned()
                    .unwrap_or_else(|| c[0].to_string())
            })
            .into_owned())
    }
}

/// Every `⟦1⟧…⟦n⟧` exactly once, and no other placeholder.
pub fn check(text: &str, n: usize) -> Result<(), PlaceholderError> {
    for index in 1..=n {
        let count = text.matches(&placeholder(index)).count();
        if count != 1 {
            return Err(PlaceholderError { index, count });
        }
    }
    let total = text.matches('⟦').count();
    if total != n {
        return Err(PlaceholderError {
            index: n + 1,
            count: total - n.min(total),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn protector() -> Protector {
        let glossary = Glossary::parse(
            "keep = [\"PayPal\"]\n[[terms]]\nen = \"My Account\"\nes = \"Mi cuenta\"",
        )
        .unwrap();
        Protector::new(
            &crate::config::TranslationConfig::default().order_patterns,
            glossary,
        )
        .unwrap()
    }

    #[test]
    fn placeholders_a_shopper_typed_survive_as_written() {
        // Found by the protection fuzz target: a lone `⟦` failed the check,
        // and a typed `⟦2⟧` could be replaced by the second span.
        let p = protector();
        for text in ["⟦", "⟦2⟧ order #12345 and #67890", "⟧⟦1⟧"] {
            let masked = p.protect(text);
            assert_eq!(check(&masked.text, masked.spans.len()), Ok(()), "{text}");
            assert_eq!(
                Protector::restore(&masked.text, &masked.spans).as_deref(),
                Ok(text)
            );
        }
    }

    #[test]
    fn glossary_terms_are_protected_only_for_machine_translation() {
        let p = protector();
        let text = "Pagué con PayPal, ver Mi cuenta #123456";
        assert_eq!(p.protect(text).spans, ["#123456"]);
        let masked = p.protect_for(text, "es", "en");
        assert_eq!(masked.text, "Pagué con ⟦1⟧, ver ⟦2⟧ ⟦3⟧");
        assert_eq!(masked.spans, ["PayPal", "My Account", "#123456"]);
        assert_eq!(
            Protector::restore("I paid with ⟦1⟧, see ⟦2⟧ ⟦3⟧", &masked.spans).unwrap(),
            "I paid with PayPal, see My Account #123456"
        );
    }

    #[test]
    fn order_numbers_urls_emails_and_amounts_are_protected() {
        let p = protector().protect(
            "Pedido #123456 de 59,90 € — ver https://shop.example/o/123456, escribir a ana@example.com o A-1234567",
        );
        assert_eq!(p.text, "Pedido ⟦1⟧ de ⟦2⟧ — ver ⟦3⟧, escribir a ⟦4⟧ o ⟦5⟧");
        assert_eq!(
            p.spans,
            [
                "#123456",
                "59,90 €",
                "https://shop.example/o/123456",
                "ana@example.com",
                "A-1234567"
            ]
        );
    }

    #[test]
    fn restore_puts_spans_back_in_the_translated_order() {
        let spans = vec!["#1".to_string(), "x@y.z".to_string()];
        assert_eq!(
            Protector::restore("⟦2⟧ wrote about ⟦1⟧", &spans).unwrap(),
            "x@y.z wrote about #1"
        );
    }

    #[test]
    fn lost_duplicated_or_invented_placeholders_are_rejected() {
        let spans = vec!["#1".to_string()];
        assert_eq!(
            Protector::restore("nothing", &spans),
            Err(PlaceholderError { index: 1, count: 0 })
        );
        assert!(Protector::restore("⟦1⟧ ⟦1⟧", &spans).is_err());
        assert!(Protector::restore("⟦1⟧ ⟦2⟧", &spans).is_err());
        assert!(Protector::restore("⟦1⟧", &[]).is_err());
    }

    #[test]
    fn pii_tokens_are_protected_whole() {
        let p = protector().protect("Mi correo es ⟪email-1⟫ y el pedido #123456");
        assert_eq!(p.spans, ["⟪email-1⟫", "#123456"]);
    }

    #[test]
    fn skus_are_protected() {
        let p = protector().protect("¿Tienen la TSH-001-BLK en talla M? Y el SKU-12345");
        assert_eq!(p.spans, ["TSH-001-BLK", "SKU-12345"]);
    }

    #[test]
    fn plain_text_is_untouched() {
        let p = protector().protect("Wo ist meine Bestellung?");
        assert_eq!(p.text, "Wo ist meine Bestellung?");
        assert!(p.spans.is_empty());
    }
}
