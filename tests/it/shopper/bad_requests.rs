//! Bad requests get clear JSON errors with a code (malformed, wrong types,
//! empty, too large, wrong content type, bad opening fields, unknown routes
//! and methods), and none of them loses the conversation.

use serde_json::json;

use crate::common::TestServer;

#[test]
fn bad_requests_get_clear_json_errors() {
    let server = TestServer::builder().start();
    let (id, token) = server.open(json!({"country": "DE"}));
    let path = format!("/v1/conversations/{id}/messages");

    let cases: Vec<(&str, Vec<u8>, &str, u16, &str)> = vec![
        (
            "malformed JSON",
            b"{\"text\": \"hallo\"".to_vec(),
            "application/json",
            400,
            "invalid_json",
        ),
        (
            "not an object",
            b"[1,2]".to_vec(),
            "application/json",
            400,
            "invalid_field",
        ),
        (
            "wrong type",
            b"{\"text\": 5}".to_vec(),
            "application/json",
            400,
            "invalid_field",
        ),
        (
            "unknown field",
            b"{\"text\": \"a\", \"evil\": 1}".to_vec(),
            "application/json",
            400,
            "invalid_field",
        ),
        (
            "empty body",
            b"".to_vec(),
            "application/json",
            400,
            "empty_body",
        ),
        (
            "empty text",
            b"{\"text\": \"   \"}".to_vec(),
            "application/json",
            400,
            "empty_text",
        ),
        (
            "control characters only",
            b"{\"text\": \"\\u0000\\u0007\"}".to_vec(),
            "application/json",
            400,
            "empty_text",
        ),
        (
            "bad locale",
            b"{\"text\": \"hallo\", \"locale\": \"!!\"}".to_vec(),
            "application/json",
            400,
            "invalid_locale",
        ),
        (
            "wrong content type",
            b"text=hallo".to_vec(),
            "application/x-www-form-urlencoded",
            415,
            "unsupported_media_type",
        ),
    ];
    for (what, body, ct, status, code) in cases {
        let r = server.request("POST", &path, Some(&token), Some(&body), ct);
        assert_eq!(r.status, status, "{what}: {}", r.body);
        assert_eq!(r.body["error"]["code"], code, "{what}: {}", r.body);
        assert!(!r.body["error"]["message"].as_str().unwrap().is_empty());
    }

    let huge = json!({"text": "a".repeat(1024 * 1024)}).to_string();
    let r = server.request(
        "POST",
        &path,
        Some(&token),
        Some(huge.as_bytes()),
        "application/json",
    );
    assert_eq!(r.status, 413, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "payload_too_large");

    for (body, code) in [
        (json!({"country": "Spain"}), "invalid_country"),
        (
            json!({"country": "ES", "timezone": "Mars/Olympus"}),
            "invalid_timezone",
        ),
        (
            json!({"country": "ES", "channel": "Web Chat!"}),
            "invalid_channel",
        ),
        (json!({"country": "ES", "colour": "red"}), "invalid_field"),
        (
            json!({"country": "ES", "shopper_assertion": "not.a.jwt"}),
            "invalid_shopper_assertion",
        ),
    ] {
        let r = server.post("/v1/conversations", None, &body);
        assert_eq!(
            (r.status, r.body["error"]["code"].as_str()),
            (400, Some(code)),
            "{body}"
        );
    }
    // No country at all: the default region, said so.
    let r = server.post("/v1/conversations", None, &json!({"locale": "es"}));
    assert_eq!(
        (r.status, &r.body["region_source"]),
        (201, &json!("default")),
        "{}",
        r.body
    );
    let r = server.get("/v1/nothing-here", None);
    assert_eq!(
        (r.status, r.body["error"]["code"].as_str()),
        (404, Some("not_found"))
    );
    let r = server.request("DELETE", "/v1/conversations", None, None, "");
    assert_eq!(r.status, 405);

    // None of this lost the conversation or its earlier messages.
    server.say(&id, &token, "Wo ist meine Bestellung?");
    let history = server.get(&path, Some(&token));
    assert_eq!(history.body["messages"].as_array().unwrap().len(), 2);
}
