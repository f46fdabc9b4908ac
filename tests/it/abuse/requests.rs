//! Bad requests around a good body: path tricks in ids, bad tokens, bad
//! queries, the later endpoints (ratings, closing, ops figures, related
//! conversations, simulation), wrong methods and unknown routes.

use serde_json::json;

use super::corpus::{Case, Token, case};

/// The cases with a bad path, token, query or method; `own` is the
/// conversation whose token the cases carry, `other` one they may not reach.
pub(super) fn cases(own: &str, other: &str) -> Vec<Case> {
    let msgs = format!("/v1/conversations/{own}/messages");
    let mut cases = Vec::new();

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
