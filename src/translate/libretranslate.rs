//! LibreTranslate (`POST /translate`): JSON `{q, source, target, format,
//! api_key?}`; `q` may be an array, and `translatedText` then is one too.

use serde::Deserialize;
use serde_json::json;

use super::remote::{Malformed, Protocol};

pub struct LibreTranslate {
    url: String,
    languages_url: String,
    api_key: Option<String>,
}

impl LibreTranslate {
    pub fn new(base: &str, api_key: Option<String>) -> LibreTranslate {
        LibreTranslate {
            url: format!("{}/translate", base.trim_end_matches('/')),
            languages_url: format!("{}/languages", base.trim_end_matches('/')),
            api_key,
        }
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Texts {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
struct Language {
    code: String,
    #[serde(default)]
    targets: Vec<String>,
}

/// LibreTranslate codes to ISO 639-1: `zh`/`zh-Hans` is Simplified Chinese;
/// `zt`/`zh-Hant` (Traditional) has no code of its own here.
fn iso(code: &str) -> Option<String> {
    match code {
        "zt" | "zh-Hant" | "zh-TW" => None,
        c => Some(crate::language::primary_subtag(c)),
    }
}

#[derive(Deserialize)]
struct Response {
    #[serde(rename = "translatedText")]
    translated_text: Texts,
}

impl Protocol for LibreTranslate {
    fn languages(&self, client: &reqwest::Client) -> Option<reqwest::RequestBuilder> {
        Some(client.get(&self.languages_url))
    }

    fn parse_languages(&self, body: &[u8]) -> Option<Vec<(String, Vec<String>)>> {
        let list: Vec<Language> = serde_json::from_slice(body).ok()?;
        Some(
            list.into_iter()
                .filter_map(|l| {
                    Some((
                        iso(&l.code)?,
                        l.targets.iter().filter_map(|t| iso(t)).collect(),
                    ))
                })
                .collect(),
        )
    }

    fn request(
        &self,
        client: &reqwest::Client,
        texts: &[String],
        from: &str,
        to: &str,
    ) -> reqwest::RequestBuilder {
        let mut body = json!({ "q": texts, "source": from, "target": to, "format": "text" });
        if let Some(key) = &self.api_key {
            body["api_key"] = json!(key);
        }
        client.post(&self.url).json(&body)
    }

    fn parse(&self, body: &[u8], expected: usize) -> Result<Vec<String>, Malformed> {
        let r: Response = serde_json::from_slice(body)?;
        let texts = match r.translated_text {
            Texts::One(t) => vec![t],
            Texts::Many(ts) => ts,
        };
        if texts.len() != expected {
            return Err(Malformed::Count {
                got: texts.len(),
                expected,
            });
        }
        Ok(texts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_single_and_batch_answers_and_rejects_others() {
        let p = LibreTranslate::new("http://x/", None);
        assert_eq!(p.url, "http://x/translate");
        assert_eq!(
            p.parse(br#"{"translatedText":"Hello"}"#, 1).unwrap(),
            ["Hello"]
        );
        assert_eq!(
            p.parse(br#"{"translatedText":["a","b"]}"#, 2).unwrap(),
            ["a", "b"]
        );
        assert!(p.parse(br#"{"translatedText":["a"]}"#, 2).is_err());
        assert!(p.parse(br#"{"error":"Slowdown"}"#, 1).is_err());
        assert!(p.parse(b"{\"translat", 1).is_err());
    }

    #[test]
    fn reads_the_language_list() {
        let p = LibreTranslate::new("http://x", None);
        let list = p
            .parse_languages(br#"[{"code":"en","name":"English","targets":["de","zh-Hans","zt"]},{"code":"zt","name":"Chinese (traditional)","targets":["en"]}]"#)
            .unwrap();
        assert_eq!(
            list,
            vec![("en".to_string(), vec!["de".to_string(), "zh".to_string()])]
        );
        assert!(p.parse_languages(b"<html>").is_none());
    }
}
