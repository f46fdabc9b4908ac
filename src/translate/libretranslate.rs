//! LibreTranslate (`POST /translate`): JSON `{q, source, target, format,
//! api_key?}`; `q` may be an array, and `translatedText` then is one too.

use serde::Deserialize;
use serde_json::json;

use super::remote::Protocol;

pub struct LibreTranslate {
    url: String,
    api_key: Option<String>,
}

impl LibreTranslate {
    pub fn new(base: &str, api_key: Option<String>) -> LibreTranslate {
        LibreTranslate {
            url: format!("{}/translate", base.trim_end_matches('/')),
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
struct Response {
    #[serde(rename = "translatedText")]
    translated_text: Texts,
}

impl Protocol for LibreTranslate {
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

    fn parse(&self, body: &[u8], expected: usize) -> Result<Vec<String>, String> {
        let r: Response =
            serde_json::from_slice(body).map_err(|e| format!("malformed answer: {e}"))?;
        let texts = match r.translated_text {
            Texts::One(t) => vec![t],
            Texts::Many(ts) => ts,
        };
        if texts.len() != expected {
            return Err(format!("{} translations for {expected} texts", texts.len()));
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
}
