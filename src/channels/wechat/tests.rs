use super::*;

/// Tencent's sample account (the WXBizMsgCrypt Python sample): token,
/// EncodingAESKey, AppID, and one safe-mode request of it.
const TOKEN: &str = "spamtest";
const AES_KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const APP_ID: &str = "wx2c2769f8efd9abc2";
const TIMESTAMP: &str = "1409735669";
const NONCE: &str = "1320562132";
const SIGNATURE: &str = "16120ec1b8dbb870f510d87ce6bc2463eae6ca1a";
const MSG_SIGNATURE: &str = "5d197aaffba7e9b25a30732f161a50dee96bd5fa";
const SAMPLE_BODY: &str = "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=]]></Encrypt></xml>";
/// The sample request's time, in ms.
const NOW: i64 = 1_409_735_669_000;

const PLAIN: &str = "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>
<FromUserName><![CDATA[oUser-Li_Wei]]></FromUserName>
<CreateTime>1409735668</CreateTime>
<MsgType><![CDATA[text]]></MsgType>
<Content><![CDATA[我的订单在哪里？]]></Content>
<MsgId>6054768590064713729</MsgId>
</xml>";

fn channel(app_id: &str, safe: bool) -> Wechat {
    crate::tls::install_tls_provider();
    Wechat {
        id: "wx".into(),
        api_base: "http://127.0.0.1:9".into(),
        token: TOKEN.into(),
        access_token: SecretRef::default(),
        access_token_what: "channel wx: access_token".into(),
        app_id: app_id.into(),
        key: safe.then(|| crypto::Key::from_encoding_aes_key(AES_KEY).unwrap()),
        window_secs: 300,
        client: reqwest::Client::new(),
    }
}

fn query(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn signed() -> Vec<(String, String)> {
    query(&[
        ("signature", SIGNATURE),
        ("timestamp", TIMESTAMP),
        ("nonce", NONCE),
    ])
}

fn call(
    c: &Wechat,
    method: &str,
    q: &[(String, String)],
    body: &str,
    now: i64,
) -> Result<Accepted, WebhookError> {
    c.accept(
        &Webhook {
            method,
            query: q,
            headers: &[],
            body: body.as_bytes(),
        },
        now,
    )
}

#[test]
fn the_verification_echoes_echostr_only_with_the_token_and_a_fresh_timestamp() {
    let c = channel(APP_ID, false);
    let mut q = signed();
    q.push(("echostr".into(), "4075181314397890557".into()));
    assert_eq!(
        call(&c, "GET", &q, "", NOW),
        Ok(Accepted::Handshake("4075181314397890557".into()))
    );
    let mut wrong = q.clone();
    wrong[0].1 = SIGNATURE.replace('6', "7");
    assert!(matches!(
        call(&c, "GET", &wrong, "", NOW),
        Err(WebhookError::Unauthorized(_))
    ));
    // Ten minutes later, the same request is stale.
    let stale = call(&c, "GET", &q, "", NOW + 600_000).unwrap_err();
    assert_eq!(
        stale,
        WebhookError::Unauthorized("timestamp outside the replay window".into())
    );
    assert!(matches!(
        call(&c, "GET", &signed(), "", NOW),
        Err(WebhookError::Malformed(_))
    ));
}

#[test]
fn a_signed_plain_text_message_is_taken_and_other_messages_are_acknowledged() {
    let c = channel(APP_ID, false);
    let Accepted::Events(events) = call(&c, "POST", &signed(), PLAIN, NOW).unwrap() else {
        panic!("events")
    };
    assert_eq!(
        events,
        vec![Inbound {
            event_id: "6054768590064713729".into(),
            user: "oUser-Li_Wei".into(),
            text: "我的订单在哪里？".into(),
            sent_at: Some(1_409_735_668_000),
            reply_ref: None,
            locale: None,
        }]
    );
    let subscribe = "<xml><ToUserName>gh_1</ToUserName><FromUserName>oUser</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>subscribe</Event></xml>";
    assert_eq!(
        call(&c, "POST", &signed(), subscribe, NOW),
        Ok(Accepted::Events(vec![]))
    );
    let image = PLAIN.replace("[text]", "[image]");
    assert_eq!(
        call(&c, "POST", &signed(), &image, NOW),
        Ok(Accepted::Events(vec![]))
    );
    // Escapes are read as XML.
    let escaped = PLAIN.replace("<![CDATA[我的订单在哪里？]]>", "A &amp; B &#x4E2D;");
    let Ok(Accepted::Events(e)) = call(&c, "POST", &signed(), &escaped, NOW) else {
        panic!("escaped")
    };
    assert_eq!(e[0].text, "A & B 中");
    assert_eq!(
        c.ack(),
        ("text/plain; charset=utf-8", "success".to_string())
    );
}

#[test]
fn bodies_that_are_not_wechat_messages_are_malformed() {
    let c = channel(APP_ID, false);
    for body in [
        "",
        "<xml><MsgType>text</MsgType>",
        "<xml><MsgType>text</Content></xml>",
        "<root><MsgType>text</MsgType></root>",
        "<xml><ToUserName>gh</ToUserName></xml>",
        "<xml><MsgType>text</MsgType><Content>hi</Content></xml>",
        "<xml><MsgType>text</MsgType></xml><xml/>",
        "{\"MsgType\": \"text\"}",
        &PLAIN.replace("1409735668", "yesterday"),
        // An encrypted message for a channel without an aes_key.
        "<xml><ToUserName>gh</ToUserName><Encrypt>abc</Encrypt></xml>",
    ] {
        assert!(
            matches!(
                call(&c, "POST", &signed(), body, NOW),
                Err(WebhookError::Malformed(_))
            ),
            "{body}"
        );
    }
}

#[test]
fn a_bad_or_missing_signature_is_refused_before_the_body_is_read() {
    let c = channel(APP_ID, false);
    let mut wrong = signed();
    wrong[0].1 = "0".repeat(40);
    for q in [
        wrong,
        query(&[("timestamp", TIMESTAMP), ("nonce", NONCE)]),
        vec![],
    ] {
        let e = call(&c, "POST", &q, "<not xml", NOW).unwrap_err();
        assert!(matches!(e, WebhookError::Unauthorized(_)), "{e:?}");
        assert!(!e.to_string().contains(TOKEN), "{e}");
    }
    // The signature covers the timestamp: changing it breaks the signature.
    let mut moved = signed();
    moved[1].1 = "1409735670".into();
    assert!(matches!(
        call(&c, "POST", &moved, PLAIN, NOW),
        Err(WebhookError::Unauthorized(_))
    ));
}

#[test]
fn the_official_safe_mode_sample_is_verified_and_decrypted() {
    let c = channel(APP_ID, true);
    let mut q = signed();
    q.push(("encrypt_type".into(), "aes".into()));
    q.push(("msg_signature".into(), MSG_SIGNATURE.into()));
    let Accepted::Events(events) = call(&c, "POST", &q, SAMPLE_BODY, NOW).unwrap() else {
        panic!("events")
    };
    assert_eq!(
        events,
        vec![Inbound {
            event_id: "6054768590064713728".into(),
            user: "oyORnuP8q7ou2gfYjqLzSIWZf0rs".into(),
            text: "abcdteT".into(),
            sent_at: Some(1_409_735_668_000),
            reply_ref: None,
            locale: None,
        }]
    );
    // Another account's message, though signed with the same token.
    let other = channel("wx0000000000000000", true);
    let e = call(&other, "POST", &q, SAMPLE_BODY, NOW).unwrap_err();
    assert!(matches!(e, WebhookError::Unauthorized(_)), "{e:?}");
    // A changed <Encrypt> no longer matches msg_signature.
    let tampered = SAMPLE_BODY.replace("hyzAe4", "hyzAe5");
    let e = call(&c, "POST", &q, &tampered, NOW).unwrap_err();
    assert_eq!(
        e,
        WebhookError::Unauthorized("msg_signature does not match".into())
    );
    // Safe mode takes no plain message, even one with a good signature.
    let e = call(&c, "POST", &signed(), PLAIN, NOW).unwrap_err();
    assert!(matches!(e, WebhookError::Unauthorized(_)), "{e:?}");
}

#[test]
fn customer_service_errcodes_decide_between_retrying_and_refusing() {
    let answer = |errcode: i64| Answer {
        errcode,
        errmsg: "some text rid: 6763-abc".into(),
    };
    assert_eq!(verdict(answer(0)), Ok(()));
    for retry in [-1, 40001, 40014, 42001, 45009] {
        assert!(
            matches!(verdict(answer(retry)), Err(SendError::Retry(_))),
            "{retry}"
        );
    }
    for refused in [45015, 45047, 40003, 43004, 44002] {
        let e = verdict(answer(refused)).unwrap_err();
        assert!(matches!(e, SendError::Refused(_)), "{refused}");
        assert!(e.to_string().contains(&refused.to_string()), "{e}");
    }
}
