//! Bad bodies: malformed JSON and invalid UTF-8, deep nesting, wrong types
//! and unknown fields, hostile but valid texts, wrong content types.

use serde_json::{Value, json};

use super::corpus::{Case, case};

fn nested(open: &str, close: &str, depth: usize) -> Vec<u8> {
    format!("{}{}", open.repeat(depth), close.repeat(depth)).into_bytes()
}

/// Texts a shopper may legitimately send that look like attacks: stored
/// and answered, never executed or interpreted.
pub(super) fn hostile_texts() -> Vec<String> {
    let mut v: Vec<String> = [
        "'; DROP TABLE messages; --",
        "1' OR '1'='1",
        "\" OR \"\"=\"",
        "Robert'); DELETE FROM conversations WHERE ('1'='1",
        "UNION SELECT shopper_id FROM conversations --",
        "$(rm -rf /)",
        "`cat /etc/passwd`",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(document.cookie)>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<!--#exec cmd=\"ls\" -->",
        "{{7*7}} ${7*7} #{7*7}",
        "%s%s%s%n%x",
        "{ $name } { -brand } {\"\"}",
        "⟦0⟧ ⟦1⟧ keep ⟦99⟧",
        "⟪email-1⟫ ⟪payment_card-3⟫",
        "\u{202e}gnp.exe\u{202c} order 12345",
        "\u{200b}\u{200c}\u{200d}\u{2060}\u{feff}hello",
        "\u{2066}isolate\u{2069} \u{061c}",
        "a\u{0301}\u{0301}\u{0301}\u{0301}\u{0301}\u{0301}",
        "Z̴̡̛̗̼͍̟̦̣͎̈́̓̊̄͂ͅa̸̧̛̖͙̦̯̺̲̪lgo",
        "../../../../etc/passwd",
        "\\\\server\\share\\..\\..",
        "null",
        "undefined",
        "NaN",
        "0x41414141",
        "\t\ttabs\tand\nnew\nlines\n",
        "🙂",
        "ﷺ ﷽",
        "𝕳𝖊𝖑𝖑𝖔 𝖜𝖔𝖗𝖑𝖉",
        "مرحبا أين طلبي رقم 123456",
        "שלום, איפה ההזמנה שלי",
        "DROP TABLE audit; -- 我的订单在哪里",
        "javascript:alert(1)//",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "\\u0000 literally",
        "%00%0a%0d",
        "AAAA".repeat(900).as_str(),
    ]
    .map(String::from)
    .to_vec();
    v.push("🙂".repeat(3000));
    v.push("長".repeat(4000));
    v.push("x".repeat(4000));
    v
}
/// The cases with a bad body, for the messages of `own` and for opening.
pub(super) fn cases(own: &str) -> Vec<Case> {
    let msgs = format!("/v1/conversations/{own}/messages");
    let mut cases = Vec::new();

    // Malformed JSON.
    let malformed: &[&[u8]] = &[
        b"",
        b" ",
        b"{",
        b"}",
        b"{\"text\":",
        b"{\"text\": \"hi\"",
        b"{\"text\": \"hi\",}",
        b"{'text': 'hi'}",
        b"{text: \"hi\"}",
        b"{\"text\": \"hi\" /* c */}",
        b"{\"text\": \"hi\"} trailing",
        b"{\"text\": \"hi\"}{\"text\": \"again\"}",
        b"\xef\xbb\xbf{\"text\": \"bom\"}",
        b"null",
        b"true",
        b"42",
        b"\"text\"",
        b"[]",
        b"[{\"text\": \"hi\"}]",
        b"{\"text\": NaN}",
        b"{\"text\": Infinity}",
        b"{\"text\": 1e999}",
        b"{\"text\": -0}",
        b"{\"text\": \"hi\", \"text\": \"dup\"}",
        b"{\"text\": \"\\uD800\"}",
        b"{\"text\": \"\\uDFFF\\uD800\"}",
        b"{\"text\": \"\\u00\"}",
        b"{\"text\": \"\\x41\"}",
        b"{\"text\": \"\\q\"}",
        b"{\"text\": \"\xff\xfe\xfd\"}",
        b"{\"text\": \"\xc3\x28\"}",
        b"{\"text\": \"\xe2\x82\"}",
        b"{\"text\": \"\xf0\x28\x8c\xbc\"}",
        b"{\"text\": \"\xed\xa0\x80\"}",
        b"{\"text\": \"\xc0\xaf\"}",
        b"\x00\x00\x00\x00",
        b"{\"text\":\"a\x00b\"}",
        b"{\"text\":\"line\nbreak\"}",
        b"{\"\xff\": \"key\"}",
        b"\x1f\x8b\x08\x00",
    ];
    for (i, body) in malformed.iter().enumerate() {
        cases.push(case(
            format!("malformed #{i}"),
            "POST",
            msgs.clone(),
            Some(body.to_vec()),
        ));
        if i % 4 == 0 {
            cases.push(case(
                format!("malformed open #{i}"),
                "POST",
                "/v1/conversations".into(),
                Some(body.to_vec()),
            ));
        }
    }
    // Deep nesting, in every place a parser recurses.
    for depth in [64, 128, 1000, 5000] {
        cases.push(case(
            format!("nested arrays {depth}"),
            "POST",
            msgs.clone(),
            Some(nested("[", "]", depth)),
        ));
        cases.push(case(
            format!("nested objects {depth}"),
            "POST",
            msgs.clone(),
            Some(format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth)).into_bytes()),
        ));
        cases.push(case(
            format!("nested text {depth}"),
            "POST",
            msgs.clone(),
            Some(
                format!(
                    "{{\"text\": {}\"x\"{}}}",
                    "[".repeat(depth),
                    "]".repeat(depth)
                )
                .into_bytes(),
            ),
        ));
    }
    // Wrong types and unknown fields.
    let wrong: Vec<Value> = vec![
        json!({"text": 1}),
        json!({"text": null}),
        json!({"text": true}),
        json!({"text": []}),
        json!({"text": {}}),
        json!({"text": ["a", "b"]}),
        json!({"text": 1.5}),
        json!({}),
        json!({"txt": "hi"}),
        json!({"text": "hi", "admin": true}),
        json!({"text": "hi", "locale": 5}),
        json!({"text": "hi", "locale": ""}),
        json!({"text": "hi", "locale": "not a locale at all"}),
        json!({"text": "hi", "locale": "x".repeat(500)}),
        json!({"text": "hi", "locale": "../../en"}),
        json!({"text": "hi", "channel": {"a": 1}}),
        json!({"text": ""}),
        json!({"text": "   "}),
        json!({"text": "\u{0000}\u{0007}\u{001b}"}),
        json!({"text": "\u{200b}"}),
        json!({"text": "x".repeat(4001)}),
        json!({"text": "🙂".repeat(10_000)}),
        json!({"text": "a".repeat(1_000_000)}),
    ];
    for (i, body) in wrong.iter().enumerate() {
        cases.push(case(
            format!("wrong type #{i}"),
            "POST",
            msgs.clone(),
            Some(body.to_string().into_bytes()),
        ));
    }
    let wrong_open: Vec<Value> = vec![
        json!({}),
        json!({"country": 34}),
        json!({"country": "España"}),
        json!({"country": "E"}),
        json!({"country": "ES", "timezone": "Mars/Olympus"}),
        json!({"country": "ES", "timezone": "../../../etc/localtime"}),
        json!({"country": "ES", "locale": "<script>"}),
        json!({"country": "ES", "channel": "WEB"}),
        json!({"country": "ES", "channel": "x".repeat(100)}),
        json!({"country": "ES", "channel": "we b"}),
        json!({"country": "ES", "shopper_id": ""}),
        json!({"country": "ES", "shopper_id": "x".repeat(500)}),
        json!({"country": "ES", "shopper_id": "a\u{0000}b"}),
        json!({"country": "ES", "shopper_id": 7}),
        json!({"country": "ES", "region": "us"}),
        json!({"country": "\u{0000}\u{0000}"}),
        json!({"country": "ÉS"}),
    ];
    for (i, body) in wrong_open.iter().enumerate() {
        cases.push(case(
            format!("wrong open #{i}"),
            "POST",
            "/v1/conversations".into(),
            Some(body.to_string().into_bytes()),
        ));
    }
    // Hostile but valid texts.
    for (i, text) in hostile_texts().iter().enumerate() {
        cases.push(case(
            format!("hostile text #{i}"),
            "POST",
            msgs.clone(),
            Some(json!({ "text": text }).to_string().into_bytes()),
        ));
    }
    // Content types.
    for ct in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        Some("application/json; charset=latin1"),
        Some("application/xml"),
        Some(""),
    ] {
        cases.push(Case {
            content_type: ct,
            ..case(
                format!("content type {ct:?}"),
                "POST",
                msgs.clone(),
                Some(b"{\"text\":\"hi\"}".to_vec()),
            )
        });
    }
    cases
}
