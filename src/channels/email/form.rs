//! The provider's POST as fields: `application/x-www-form-urlencoded`, or
//! `multipart/form-data` when the e-mail has attachments (Mailgun's
//! "Receiving Messages via HTTP through a forward() action"). Attachment
//! parts (those with a file name) are skipped; only text fields are kept.

use futures_util::FutureExt;

/// The fields of a form, in order, names as sent.
#[derive(Debug, Default)]
pub struct Form(Vec<(String, String)>);

impl Form {
    /// Reads `body` as the `content_type` says; the reason when it cannot.
    pub fn parse(content_type: Option<&str>, body: &[u8]) -> Result<Form, String> {
        let content_type = content_type.unwrap_or_default();
        let essence = content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        match essence.as_str() {
            "application/x-www-form-urlencoded" => {
                Ok(Form(form_urlencoded::parse(body).into_owned().collect()))
            }
            "multipart/form-data" => multipart(content_type, body),
            "" => Err("no Content-Type: a form is expected".into()),
            other => Err(format!("Content-Type {other} is not a form")),
        }
    }

    /// The first field of this name, the case of the name ignored (Mailgun
    /// posts `Message-Id`, clients' headers vary).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The field, unless it is absent or blank.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|v| !v.trim().is_empty())
    }
}

/// The text fields of a `multipart/form-data` body. The body is all in
/// memory, so multer's futures are ready at once: polled once, a future
/// that is not ready means a body that ends early.
fn multipart(content_type: &str, body: &[u8]) -> Result<Form, String> {
    let boundary = multer::parse_boundary(content_type).map_err(|e| e.to_string())?;
    let chunk = futures_util::stream::once(std::future::ready(Ok::<_, std::convert::Infallible>(
        body.to_vec(),
    )));
    let mut parts = multer::Multipart::new(chunk, boundary);
    let unfinished = || "the multipart body ends early".to_string();
    let mut fields = Vec::new();
    loop {
        let next = parts.next_field().now_or_never().ok_or_else(unfinished)?;
        let Some(field) = next.map_err(|e| e.to_string())? else {
            break;
        };
        if field.file_name().is_some() {
            continue; // an attachment
        }
        let name = field.name().unwrap_or_default().to_string();
        let value = field
            .text()
            .now_or_never()
            .ok_or_else(unfinished)?
            .map_err(|e| e.to_string())?;
        fields.push((name, value));
    }
    if fields.is_empty() {
        return Err("the multipart body has no fields".into());
    }
    Ok(Form(fields))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_urlencoded_form_is_read_with_its_utf8() {
        let f = Form::parse(
            Some("application/x-www-form-urlencoded"),
            b"subject=Wo+ist+meine+Bestellung%3F&Message-Id=%3Ca%40b%3E&body-plain=Gr%C3%BC%C3%9Fe",
        )
        .unwrap();
        assert_eq!(f.get("subject"), Some("Wo ist meine Bestellung?"));
        assert_eq!(f.get("message-id"), Some("<a@b>"));
        assert_eq!(f.text("body-plain"), Some("Grüße"));
        assert_eq!(f.get("nothing"), None);
    }

    #[test]
    fn a_multipart_form_keeps_its_text_fields_and_skips_attachments() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\nabc\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"body-plain\"\r\n\
                    Content-Type: text/plain; charset=utf-8\r\n\r\nHallo Grüße\r\nZeile 2\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"attachment-1\"; filename=\"a.pdf\"\r\n\
                    Content-Type: application/pdf\r\n\r\n%PDF-1.4 \x01\x02\r\n--XyZ--\r\n";
        let f = Form::parse(Some("multipart/form-data; boundary=XyZ"), body.as_bytes()).unwrap();
        assert_eq!(f.get("token"), Some("abc"));
        assert_eq!(f.get("body-plain"), Some("Hallo Grüße\r\nZeile 2"));
        assert_eq!(f.get("attachment-1"), None);
    }

    #[test]
    fn what_is_not_a_form_is_refused_with_a_reason() {
        for (ct, body) in [
            (None, "a=b"),
            (Some("application/json"), "{}"),
            (Some("multipart/form-data"), "--x\r\n"),
            (
                Some("multipart/form-data; boundary=x"),
                "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated",
            ),
            (Some("multipart/form-data; boundary=x"), "garbage"),
        ] {
            assert!(Form::parse(ct, body.as_bytes()).is_err(), "{ct:?} {body}");
        }
    }
}
