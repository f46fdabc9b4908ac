//! DeepL API v2 (`POST /v2/translate`, `Authorization: DeepL-Auth-Key`):
//! JSON `{text: [...], source_lang, target_lang, formality?, glossary_id?,
//! tag_handling: "xml", ignore_tags: ["x"]}` → `{translations: [{text}]}`.
//! Protected spans travel as `<x id="n"/>` tags, which DeepL keeps in place;
//! the rest of the text is escaped for XML.

use std::collections::BTreeMap;

use regex::Regex;
use serde::Deserialize;
use serde_json::json;

use super::remote::{Malformed, Protocol};

pub struct DeepL {
    url: String,
    key: String,
    formality: Option<String>,
    glossary_id: Option<String>,
    regional_targets: BTreeMap<String, String>,
    placeholder: Regex,
    tag: Regex,
}

impl DeepL {
    pub fn new(
        base: &str,
        key: String,
        formality: Option<String>,
        glossary_id: Option<String>,
        regional_targets: BTreeMap<String, String>,
    ) -> DeepL {
        DeepL {
            url: format!("{}/v2/translate", base.trim_end_matches('/')),
            key,
            formality,
            glossary_id,
            regional_targets,
            placeholder: Regex::new(r"⟦(\d+)⟧").expect("valid pattern"),
            tag: Regex::new(r#"<x\s+id\s*=\s*"(\d+)"\s*/>|<x\s+id\s*=\s*"(\d+)"\s*>\s*</x>"#)
                .expect("valid pattern"),
        }
    }

    /// DeepL's target code: some languages need a variant (EN-US/EN-GB,
    /// PT-BR/PT-PT, ZH-HANS/ZH-HANT).
    pub fn target_code(&self, lang: &str) -> String {
        if let Some(t) = self.regional_targets.get(lang) {
            return t.clone();
        }
        match lang {
            "en" => "EN-US".into(),
            "pt" => "PT-BR".into(),
            "zh" => "ZH-HANS".into(),
            other => other.to_ascii_uppercase(),
        }
    }
}

#[derive(Deserialize)]
struct Response {
    translations: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    text: String,
}

/// Target languages with a formal/informal distinction in DeepL.
const FORMALITY_TARGETS: &[&str] = &["de", "fr", "it", "es", "nl", "pl", "pt", "ja", "ru"];

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

impl Protocol for DeepL {
    fn request(
        &self,
        client: &reqwest::Client,
        texts: &[String],
        from: &str,
        to: &str,
    ) -> reqwest::RequestBuilder {
        let mut body = json!({
            "text": texts,
            "source_lang": from.to_ascii_uppercase(),
            "target_lang": self.target_code(to),
            "tag_handling": "xml",
            "ignore_tags": ["x"],
        });
        // DeepL refuses `more`/`less` for targets without formality (EN, ZH…);
        // the `prefer_` forms are accepted everywhere.
        if let Some(f) = &self.formality
            && (f.starts_with("prefer_") || FORMALITY_TARGETS.contains(&to))
        {
            body["formality"] = json!(f);
        }
        if let Some(g) = &self.glossary_id {
            body["glossary_id"] = json!(g);
        }
        client
            .post(&self.url)
            .header("Authorization", format!("DeepL-Auth-Key {}", self.key))
            .json(&body)
    }

    fn parse(&self, body: &[u8], expected: usize) -> Result<Vec<String>, Malformed> {
        let r: Response = serde_json::from_slice(body)?;
        if r.translations.len() != expected {
            return Err(Malformed::Count {
                got: r.translations.len(),
                expected,
            });
        }
        Ok(r.translations.into_iter().map(|t| t.text).collect())
    }

    fn encode(&self, text: &str) -> String {
        self.placeholder
            .replace_all(&escape(text), r#"<x id="$1"/>"#)
            .into_owned()
    }

    fn decode(&self, text: &str) -> String {
        let with_placeholders = self.tag.replace_all(text, |c: &regex::Captures<'_>| {
            let id = c
                .get(1)
                .or_else(|| c.get(2))
                .map(|m| m.as_str())
                .unwrap_or("0");
            format!("⟦{id}⟧")
        });
        unescape(&with_placeholders)
    }

    /// 456: quota exceeded; retrying within a request does not help.
    fn retryable(&self, status: u16) -> bool {
        status == 429 || (500..600).contains(&status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deepl() -> DeepL {
        DeepL::new(
            "https://api-free.deepl.com",
            "k".into(),
            None,
            None,
            BTreeMap::from([("pt".into(), "PT-PT".into())]),
        )
    }

    #[test]
    fn placeholders_become_tags_and_come_back() {
        let d = deepl();
        let encoded = d.encode("Order ⟦1⟧ <b> & ⟦2⟧");
        assert_eq!(encoded, r#"Order <x id="1"/> &lt;b&gt; &amp; <x id="2"/>"#);
        assert_eq!(
            d.decode(r#"Pedido <x id="1" /> &lt;b&gt; &amp; <x id="2"></x>"#),
            "Pedido ⟦1⟧ <b> & ⟦2⟧"
        );
    }

    #[test]
    fn target_codes_and_answers() {
        let d = deepl();
        assert_eq!(
            (
                d.target_code("en"),
                d.target_code("pt"),
                d.target_code("zh"),
                d.target_code("de")
            ),
            (
                "EN-US".into(),
                "PT-PT".into(),
                "ZH-HANS".into(),
                "DE".into()
            )
        );
        assert_eq!(
            d.parse(
                br#"{"translations":[{"detected_source_language":"ES","text":"Hi"}]}"#,
                1
            )
            .unwrap(),
            ["Hi"]
        );
        assert!(d.parse(br#"{"message":"Quota exceeded"}"#, 1).is_err());
        assert!(!d.retryable(456) && d.retryable(429) && d.retryable(503));
    }
}
