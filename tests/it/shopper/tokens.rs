//! A conversation's token opens that conversation only: no token, a forged
//! or another conversation's token, and ids that are not ours are refused.

use serde_json::json;

use crate::common::TestServer;

#[test]
fn tokens_open_only_their_own_conversation() {
    let server = TestServer::builder().start();
    let (a, token_a) = server.open(json!({"country": "US"}));
    let (b, _token_b) = server.open(json!({"country": "US"}));
    let path_b = format!("/v1/conversations/{b}/messages");
    let msg = json!({"text": "hello"});

    let no_token = server.post(&path_b, None, &msg);
    assert_eq!(no_token.status, 401);
    assert_eq!(no_token.body["error"]["code"], "unauthorized");
    assert_eq!(no_token.headers["www-authenticate"], "Bearer");
    assert_eq!(server.post(&path_b, Some("garbage"), &msg).status, 401);
    let forged = format!("{b}.{}", "0".repeat(64));
    assert_eq!(server.post(&path_b, Some(&forged), &msg).status, 401);

    let other = server.post(&path_b, Some(&token_a), &msg);
    assert_eq!(other.status, 403, "{}", other.body);
    assert_eq!(other.body["error"]["code"], "forbidden");
    assert_eq!(server.get(&path_b, Some(&token_a)).status, 403);

    // Ids that are not ours, or path tricks, never reach a store.
    for bad in [
        "nope",
        "..%2F..%2Fetc%2Fpasswd",
        "eu_0000",
        "mars_0123456789abcdef0123456789abcdef",
    ] {
        let r = server.get(&format!("/v1/conversations/{bad}/messages"), Some(&token_a));
        assert_eq!(r.status, 404, "{bad}: {}", r.body);
        assert_eq!(r.body["error"]["code"], "not_found");
    }
    // A well-formed id signed by us but never stored is 404 as well.
    assert_eq!(
        server
            .get(&format!("/v1/conversations/{a}/messages"), Some(&token_a))
            .status,
        200
    );
}
