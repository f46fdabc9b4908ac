//! Abuse: a corpus of more than 300 bad inputs — malformed and deeply
//! nested JSON, wrong types, huge strings, invalid UTF-8 and escapes,
//! control and bidi characters, 10k emoji, SQL and HTML in text, path
//! tricks in ids, bad tokens, bad queries and methods — against every
//! endpoint family. None may get a 500 or crash the server; every error is
//! JSON with a code; text that is a valid message is stored as written.
//! Rate limits answer 429 with `Retry-After`.

use serde_json::{Value, json};

use crate::common::{TestServer, wait_until};
use crate::metrics::waiting_requests;

enum Token {
    None,
    Own,
    Other,
    Raw(String),
}

struct Case {
    what: String,
    method: &'static str,
    path: String,
    token: Token,
    content_type: Option<&'static str>,
    body: Option<Vec<u8>>,
}

fn case(
    what: impl Into<String>,
    method: &'static str,
    path: String,
    body: Option<Vec<u8>>,
) -> Case {
    Case {
        what: what.into(),
        method,
        path,
        token: Token::Own,
        content_type: Some("application/json"),
        body,
    }
}

fn nested(open: &str, close: &str, depth: usize) -> Vec<u8> {
    format!("{}{}", open.repeat(depth), close.repeat(depth)).into_bytes()
}

/// Texts a shopper may legitimately send that look like attacks: stored
/// and answered, never executed or interpreted.
fn hostile_texts() -> Vec<String> {
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

fn corpus(own: &str, other: &str) -> Vec<Case> {
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
    // Path tricks in ids.
    let ids = [
        "../../etc/passwd".to_string(),
        "..%2f..%2fetc%2fpasswd".into(),
        "%2e%2e%2f%2e%2e%2f".into(),
        "eu_..".into(),
        "eu_%00".into(),
        "eu_%0a%0d".into(),
        format!("eu_{}", "a".repeat(5000)),
        "eu_1' OR '1'='1".replace(' ', "%20").replace('\'', "%27"),
        "xx_0123456789abcdef".into(),
        "eu_".into(),
        "_".into(),
        "eu".into(),
        "%F0%9F%99%82".into(),
        "%ff%fe".into(),
        "cn_0123456789abcdef0123456789abcdef".into(),
        own.replacen("eu_", "us_", 1),
        own.replacen("eu_", "cn_", 1),
        format!("{own}%00"),
        format!("{own}/../{other}"),
        own.to_uppercase(),
    ];
    for (i, id) in ids.iter().enumerate() {
        cases.push(case(
            format!("id #{i} get"),
            "GET",
            format!("/v1/conversations/{id}/messages"),
            None,
        ));
        cases.push(case(
            format!("id #{i} post"),
            "POST",
            format!("/v1/conversations/{id}/messages"),
            Some(b"{\"text\":\"hi\"}".to_vec()),
        ));
        if i % 2 == 0 {
            cases.push(case(
                format!("id #{i} agent"),
                "GET",
                format!("/v1/agent/conversations/{id}/messages"),
                None,
            ));
            cases.push(case(
                format!("id #{i} delete"),
                "DELETE",
                format!("/v1/conversations/{id}"),
                None,
            ));
        }
    }
    // Bad tokens.
    let long = "a".repeat(8000);
    let tokens = [
        String::new(),
        " ".into(),
        "null".into(),
        format!("{own}.AAAA"),
        format!("{own}."),
        ".".into(),
        "....".into(),
        long.clone(),
        "agent:eu-madrid:x:es.AAAA".into(),
        "compliance:x:y:0.AAAA".into(),
        "%00".into(),
        "'; DROP TABLE conversations; --".into(),
        "🙂🙂🙂".into(),
        "Basic dXNlcjpwYXNz".into(),
    ];
    for (i, t) in tokens.iter().enumerate() {
        for (method, path, body) in [
            ("GET", msgs.clone(), None),
            ("POST", msgs.clone(), Some(b"{\"text\":\"hi\"}".to_vec())),
            ("GET", "/v1/agent/queue".to_string(), None),
            ("GET", "/v1/compliance/audit".to_string(), None),
        ] {
            cases.push(Case {
                token: Token::Raw(t.clone()),
                ..case(format!("token #{i} {method} {path}"), method, path, body)
            });
        }
    }
    cases.push(Case {
        token: Token::None,
        ..case("no token", "GET", msgs.clone(), None)
    });
    cases.push(Case {
        token: Token::Other,
        ..case("other token", "GET", msgs.clone(), None)
    });
    // Queries.
    for q in [
        "after=-1",
        "after=abc",
        "after=99999999999",
        "wait=-5",
        "wait=abc",
        "wait=99999999999999999999",
        "foo=bar",
        "after=1&after=2",
        "%zz",
        "after=%00",
    ] {
        cases.push(case(
            format!("query {q}"),
            "GET",
            format!("{msgs}?{q}"),
            None,
        ));
    }
    for q in [
        "region=../../eu",
        "from=abc",
        "to=-99999999999999999999",
        "kind=%27",
        "year=999999",
    ] {
        cases.push(case(
            format!("compliance query {q}"),
            "GET",
            format!("/v1/compliance/audit?{q}"),
            None,
        ));
    }
    // The later endpoints: ratings, closing, ops figures, related
    // conversations, simulation.
    let rating = format!("/v1/conversations/{own}/rating");
    for body in [
        json!({"score": "5"}),
        json!({"score": 5.5}),
        json!({"score": -1}),
        json!({"score": 99999999999u64}),
        json!({"score": null}),
        json!({}),
        json!({"score": 3, "comment": "x"}),
    ] {
        cases.push(case(
            format!("rating {body}"),
            "POST",
            rating.clone(),
            Some(body.to_string().into_bytes()),
        ));
    }
    cases.push(case(
        "rating malformed",
        "POST",
        rating,
        Some(b"{\"score\":".to_vec()),
    ));
    cases.push(case(
        "close other",
        "POST",
        format!("/v1/conversations/{other}/close"),
        None,
    ));
    for q in [
        "window_hours=abc",
        "window_hours=-5",
        "window_hours=99999999999999999999",
        "x=1",
    ] {
        cases.push(case(
            format!("ops stats {q}"),
            "GET",
            format!("/v1/ops/stats?{q}"),
            None,
        ));
    }
    for id in ["../../etc/passwd", "eu_%00", "xx_1"] {
        cases.push(case(
            format!("related {id}"),
            "GET",
            format!("/v1/agent/conversations/{id}/related"),
            None,
        ));
    }
    for body in [
        json!({"text": 1, "country": "ES"}),
        json!({"text": "hola", "country": "ES", "at": "2026-13-45T99:00:00Z"}),
        json!({"text": "hola", "country": "ES", "locale": "<script>"}),
        json!({"text": "x".repeat(5000), "country": "ES"}),
    ] {
        cases.push(case(
            format!("simulate {body}"),
            "POST",
            "/v1/compliance/simulate".into(),
            Some(body.to_string().into_bytes()),
        ));
    }

    // Methods and unknown routes.
    for (method, path) in [
        ("PUT", msgs.clone()),
        ("PATCH", msgs.clone()),
        ("DELETE", msgs.clone()),
        ("PUT", "/v1/conversations".into()),
        ("GET", "/v1/conversations".into()),
        ("GET", "/v1/../../etc/passwd".into()),
        ("GET", "/v2/conversations".into()),
        ("OPTIONS", "/v1/conversations".into()),
        ("GET", format!("/v1/conversations/{own}")),
        ("POST", "/metrics".into()),
    ] {
        cases.push(case(format!("{method} {path}"), method, path, None));
    }
    cases
}

#[test]
fn two_hundred_bad_inputs_never_get_a_500_and_valid_text_is_stored_as_written() {
    // Limits high: this test is about inputs, the next one about limits.
    let limits = "[limits]\nper_ip_per_minute = 100000\nper_ip_burst = 10000\nper_conversation_per_minute = 100000\nper_conversation_burst = 10000\n";
    let server = TestServer::builder().config(limits).start();
    let (own, own_token) = server.open(json!({"country": "ES", "locale": "es-ES"}));
    let (other, other_token) = server.open(json!({"country": "ES"}));
    let cases = corpus(&own, &other);
    assert!(cases.len() >= 200, "only {} cases", cases.len());
    let client = reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .unwrap();
    let allowed = [200, 201, 204, 400, 401, 403, 404, 405, 413, 415];
    let mut bad = Vec::new();
    let mut seen = std::collections::BTreeMap::new();
    for c in &cases {
        let method: reqwest::Method = c.method.parse().unwrap();
        let mut req = client.request(method, format!("{}{}", server.base, c.path));
        req = match &c.token {
            Token::None => req,
            Token::Own => req.bearer_auth(&own_token),
            Token::Other => req.bearer_auth(&other_token),
            Token::Raw(t) if t.starts_with("Basic ") => req.header("Authorization", t.as_str()),
            Token::Raw(t) => match reqwest::header::HeaderValue::from_str(&format!("Bearer {t}")) {
                Ok(v) => req.header("Authorization", v),
                Err(_) => req.header("Authorization", "Bearer ?"),
            },
        };
        if let Some(ct) = c.content_type {
            req = req.header("content-type", ct);
        }
        if let Some(b) = &c.body {
            req = req.body(b.clone());
        }
        let res = match req.send() {
            Ok(r) => r,
            Err(e) => {
                bad.push(format!("{}: no answer ({e})", c.what));
                continue;
            }
        };
        let status = res.status().as_u16();
        let body: Value =
            serde_json::from_slice(&res.bytes().unwrap_or_default()).unwrap_or(Value::Null);
        *seen.entry(status).or_insert(0) += 1;
        if !allowed.contains(&status) {
            bad.push(format!("{}: {status} {body}", c.what));
        } else if status >= 400 && !body["error"]["code"].is_string() {
            bad.push(format!("{}: {status} without a JSON error: {body}", c.what));
        }
    }
    assert!(
        bad.is_empty(),
        "{} of {} cases:\n{}",
        bad.len(),
        cases.len(),
        bad.join("\n")
    );
    eprintln!("{} cases, statuses {seen:?}", cases.len());
    // Most of the corpus must be refused, and the hostile texts accepted.
    assert!(seen.get(&400).copied().unwrap_or(0) >= 60, "{seen:?}");
    assert!(
        seen.get(&200).copied().unwrap_or(0) >= hostile_texts().len(),
        "{seen:?}"
    );

    // Still alive, nothing panicked, and the hostile texts are stored as
    // written (controls dropped, everything else intact).
    assert_eq!(server.get("/healthz", None).status, 200);
    assert!(!server.logs().contains("panicked"), "a handler panicked");
    let history = server.get(
        &format!("/v1/conversations/{own}/messages"),
        Some(&own_token),
    );
    let said: Vec<String> = history.body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "shopper")
        .map(|m| m["text"].as_str().unwrap().to_string())
        .collect();
    for text in hostile_texts() {
        let text = text.trim().to_string();
        assert!(said.contains(&text), "not stored as written: {text:?}");
    }
    // The store's tables survived the SQL in the texts.
    let rows = server.stored_messages("eu", &own);
    assert!(rows.len() >= hostile_texts().len() * 2, "{}", rows.len());
}

#[test]
fn rate_limits_answer_429_with_retry_after_and_store_nothing_beyond_them() {
    // A conversation's bucket gains a message every 10 s: the three below
    // use it up before it refills, even on a loaded machine.
    let limits = "[limits]\nper_conversation_per_minute = 6\nper_conversation_burst = 3\nopens_per_ip_per_minute = 6\nopens_per_ip_burst = 4\nper_ip_per_minute = 60\nper_ip_burst = 40\n";
    let server = TestServer::builder().config(limits).start();
    let (id, token) = server.open(json!({"country": "FR"}));
    for _ in 0..3 {
        server.say(&id, &token, "Où est ma commande ?");
    }
    let r = server.post(
        &format!("/v1/conversations/{id}/messages"),
        Some(&token),
        &json!({"text": "encore"}),
    );
    assert_eq!(r.status, 429, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "rate_limited");
    let retry: u64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=10).contains(&retry), "{retry}");
    // The refused message was not stored; another conversation is not held back.
    assert_eq!(server.stored_messages("eu", &id).len(), 6);
    // Opening: four allowed in a burst (one already used), then 429.
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(
            server
                .post("/v1/conversations", None, &json!({"country": "FR"}))
                .status,
        );
    }
    assert_eq!(statuses, [201, 201, 201, 429]);
    // Per address, every endpoint: the bucket of 40 runs out.
    let mut limited = 0;
    for _ in 0..60 {
        if server.get("/healthz", None).status == 429 {
            limited += 1;
        }
    }
    assert!(limited >= 10, "{limited}");
    // After the announced wait, the conversation may speak again (real
    // time: the bucket refills by the clock).
    std::thread::sleep(std::time::Duration::from_millis(retry * 1000 + 300));
    let r = server.post(
        &format!("/v1/conversations/{id}/messages"),
        Some(&token),
        &json!({"text": "merci"}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn long_polls_past_the_cap_get_503_busy_and_a_freed_place_waits_again() {
    use std::time::{Duration, Instant};
    let server = TestServer::builder()
        .config("[limits]\nwaiting_requests = 1\n")
        .start();
    let (a, a_token) = server.open(json!({"country": "FR"}));
    let (b, b_token) = server.open(json!({"country": "FR"}));
    server.say(&b, &b_token, "Où est ma commande ?");
    // `after` past the last message: nothing new, so a long-poll waits.
    let poll = |id: &str, token: &str, after: u32, wait: u32| {
        let started = Instant::now();
        let r = server.get(
            &format!("/v1/conversations/{id}/messages?after={after}&wait={wait}"),
            Some(token),
        );
        (r, started.elapsed())
    };
    std::thread::scope(|scope| {
        let held = scope.spawn(|| poll(&a, &a_token, 1000, 3));
        wait_until(
            Duration::from_secs(3),
            "the first long-poll to take the place",
            || waiting_requests(&server) == 1.0,
        );
        // The one place is taken: a second long-poll is turned away at once.
        let (busy, took) = poll(&b, &b_token, 1000, 3);
        assert_eq!(busy.status, 503, "{}", busy.body);
        assert_eq!(busy.body["error"]["code"], "busy");
        assert_eq!(busy.headers["retry-after"], "5");
        assert!(took < Duration::from_secs(2), "{took:?}");
        assert_eq!(
            waiting_requests(&server),
            1.0,
            "operators see the place taken"
        );
        // Requests that need not wait are answered as always.
        let (news, _) = poll(&b, &b_token, 0, 3);
        assert_eq!(news.status, 200, "{}", news.body);
        assert_eq!(news.body["messages"].as_array().unwrap().len(), 2);
        let (now, _) = poll(&b, &b_token, 1000, 0);
        assert_eq!(now.status, 200, "{}", now.body);
        // The first long-poll waited its time out undisturbed.
        let (held, took) = held.join().unwrap();
        assert_eq!(held.status, 200, "{}", held.body);
        assert!(held.body["messages"].as_array().unwrap().is_empty());
        assert!(took >= Duration::from_millis(2900), "{took:?}");
        assert_eq!(waiting_requests(&server), 0.0);
    });
    // Its place is free again: the next long-poll waits.
    let (r, took) = poll(&b, &b_token, 1000, 1);
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(took >= Duration::from_millis(900), "{took:?}");
}
