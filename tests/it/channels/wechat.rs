//! WeChat Official Account: the server verification, signed plain-text and
//! safe-mode messages in Chinese answered in Chinese through the
//! customer-service API (the bot reads English; an engine inside mainland
//! China translates both ways, as the cn policy allows); bad signatures,
//! stale timestamps, replays, malformed XML, a WeChat that is down and an
//! expired access token are handled and lose nothing.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crossdesk::channels::wechat::crypto::{Key, signature};
use crossdesk::store::Role;
use serde_json::json;

use crate::common::{TestServer, wait_until};
use crate::stubs::{Mode, Stub, start_libretranslate, start_wechat};

const TOKEN: &str = "wx-server-token-5b1e";
const ACCESS_TOKEN: &str = "ACCESS_TOKEN-79_aXbYcZ-0123456789";
const AES_KEY: &str = "9WcaxHTXVxDSSRn2Vqho0WOC5QwDd872JDZhZZfgW0w";
const APP_ID: &str = "wx5d2c8e7f10a3b4c6";
/// Not in the shipped translation memory: only the engine translates it.
const CHARGER: &str = "我的猫把充电线咬坏了，怎么办";

struct Setup {
    server: TestServer,
    wechat: Stub,
    libre: Stub,
    secrets: tempfile::TempDir,
}

/// A server with the `wx-cn` channel (safe mode with `safe`), WeChat's API
/// stand-in accepting `access_token`, and a LibreTranslate in China.
fn setup(safe: bool, wechat_mode: Mode, access_token: &str) -> Setup {
    let wechat = start_wechat(wechat_mode, ACCESS_TOKEN);
    let libre = start_libretranslate(Mode::Ok, None);
    let secrets = tempfile::tempdir().unwrap();
    let file = |name: &str, text: &str| {
        let path = secrets.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let aes_key = if safe {
        format!("aes_key = {{ file = {:?} }}\n", file("aes", AES_KEY))
    } else {
        String::new()
    };
    let server = TestServer::builder()
        .config(&format!(
            r#"
[[translation.engines]]
name = "libre"
kind = "libretranslate"
url = "{libre}"
jurisdiction = "CN"
retries = 0

[[translation.chains]]
from = "en"
engines = ["libre"]

{bot}

[[channels]]
id = "wx-cn"
kind = "wechat"
api_base = "{api}"
country = "CN"
locale = "zh-CN"
account_id = "{APP_ID}"
secret = {{ file = {token:?} }}
access_token = {{ file = {access:?} }}
{aes_key}timeout_ms = 2000
"#,
            libre = libre.base,
            bot = crate::common::BOT_READS_ENGLISH,
            api = wechat.base,
            token = file("token", TOKEN),
            access = file("access_token", access_token),
        ))
        .start();
    Setup {
        server,
        wechat,
        libre,
        secrets,
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn nonce() -> String {
    static N: AtomicU64 = AtomicU64::new(1_320_562_132);
    N.fetch_add(1, Ordering::SeqCst).to_string()
}

/// A text message from `openid` as WeChat sends it in plain-text mode.
fn text_message(openid: &str, msg_id: u64, text: &str) -> String {
    format!(
        "<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName>\
         <FromUserName><![CDATA[{openid}]]></FromUserName>\
         <CreateTime>{}</CreateTime><MsgType><![CDATA[text]]></MsgType>\
         <Content><![CDATA[{text}]]></Content><MsgId>{msg_id}</MsgId></xml>",
        unix_now()
    )
}

/// The query WeChat signs a request with, `timestamp` seconds.
fn signed_query(timestamp: i64) -> String {
    let (timestamp, nonce) = (timestamp.to_string(), nonce());
    let signature = signature(&[TOKEN, &timestamp, &nonce]);
    format!("signature={signature}&timestamp={timestamp}&nonce={nonce}")
}

/// `body` encrypted for safe mode: (query, envelope).
fn sealed(body: &str) -> (String, String) {
    let key = Key::from_encoding_aes_key(AES_KEY).unwrap();
    signed_envelope(&key.encrypt(b"r4nd0m-16-bytes!", body, APP_ID))
}

/// A safe-mode envelope around `encrypt`, signed: (query, envelope).
fn signed_envelope(encrypt: &str) -> (String, String) {
    let (timestamp, nonce) = (unix_now().to_string(), nonce());
    let query = format!(
        "signature={}&timestamp={timestamp}&nonce={nonce}&openid=oUser&encrypt_type=aes&msg_signature={}",
        signature(&[TOKEN, &timestamp, &nonce]),
        signature(&[TOKEN, &timestamp, &nonce, encrypt]),
    );
    let envelope = format!(
        "<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
    );
    (query, envelope)
}

/// (status, content type, body) of a request to the channel's webhook.
fn call(server: &TestServer, method: &str, query: &str, body: &str) -> (u16, String, String) {
    let res = reqwest::blocking::Client::new()
        .request(
            method.parse().unwrap(),
            format!("{}/channels/wx-cn?{query}", server.base),
        )
        .header("content-type", "text/xml")
        .body(body.to_string())
        .send()
        .unwrap();
    let status = res.status().as_u16();
    let kind = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, kind, res.text().unwrap())
}

fn post(server: &TestServer, body: &str) -> u16 {
    let (status, _, answer) = call(server, "POST", &signed_query(unix_now()), body);
    if status == 200 {
        assert_eq!(answer, "success", "WeChat's expected acknowledgement");
    }
    status
}

/// The texts WeChat took for `openid`, in order.
fn sent_to(api: &Stub, openid: &str) -> Vec<String> {
    api.requests()
        .into_iter()
        .map(|r| r.json())
        .filter(|b| b["touser"] == json!(openid))
        .map(|b| {
            b["text"]["content"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

fn delivered(api: &Stub, n: usize) {
    wait_until(Duration::from_secs(20), "the reply at WeChat", || {
        api.hits() >= n
    });
}

/// The conversations of the cn store and their shopper messages.
fn cn_conversations(server: &TestServer) -> Vec<(String, Vec<String>)> {
    use crossdesk::store::schema::conversations;
    use diesel::prelude::*;
    let db = server.data_dir().join("cn.db");
    let mut conn = SqliteConnection::establish(&db.display().to_string()).unwrap();
    let ids: Vec<String> = conversations::table
        .select(conversations::id)
        .load(&mut conn)
        .unwrap();
    ids.into_iter()
        .map(|id| {
            let texts = server.stored_messages("cn", &id);
            let texts = texts.into_iter().filter(|m| m.role == Role::Shopper);
            let texts = texts.map(|m| m.text).collect();
            (id, texts)
        })
        .collect()
}

#[test]
fn a_chinese_shopper_on_wechat_is_verified_and_answered_in_chinese_once() {
    let s = setup(false, Mode::Ok, ACCESS_TOKEN);
    // The server verification: echostr echoed only with the token.
    let verify = format!("{}&echostr=7142635289117036154", signed_query(unix_now()));
    let (status, kind, body) = call(&s.server, "GET", &verify, "");
    assert_eq!((status, body.as_str()), (200, "7142635289117036154"));
    assert!(kind.starts_with("text/plain"), "{kind}");
    let forged = verify.replacen("signature=", "signature=0", 1);
    assert_eq!(call(&s.server, "GET", &forged, "").0, 401);

    let openid = "oUser-5550123987-LiWei";
    let message = text_message(openid, 6054768590064713001, CHARGER);
    assert_eq!(post(&s.server, &message), 200);
    delivered(&s.wechat, 1);
    let reply = &sent_to(&s.wechat, openid)[0];
    // The bot read the engine's English and its answer came back in Chinese.
    assert!(reply.starts_with("[zh] "), "answered in Chinese: {reply}");
    assert!(s.libre.hits() >= 2, "translated both ways in China");

    // WeChat sends a message again when the answer was late (same MsgId,
    // new signature): acknowledged, not taken twice.
    assert_eq!(post(&s.server, &message), 200);
    let conversations = cn_conversations(&s.server);
    assert_eq!(conversations.len(), 1, "{conversations:?}");
    assert_eq!(conversations[0].1, vec![CHARGER.to_string()]);
    // A second message continues the conversation and is answered too.
    let second = text_message(openid, 6054768590064713002, "我的订单在哪里？");
    assert_eq!(post(&s.server, &second), 200);
    delivered(&s.wechat, 2);
    let conversations = cn_conversations(&s.server);
    assert_eq!(conversations.len(), 1);
    assert_eq!(conversations[0].1.len(), 2);

    // The conversation lives in the cn store, on this channel; the OpenID
    // is not kept in clear.
    let store = crate::common::open_store("cn", &s.server.data_dir().join("cn.db"));
    let c = store.conversation(&conversations[0].0).unwrap().unwrap();
    assert_eq!((c.channel.as_str(), c.country.as_str()), ("wx-cn", "CN"));
    for ext in ["db", "db-wal"] {
        let bytes =
            std::fs::read(s.server.data_dir().join(format!("cn.{ext}"))).unwrap_or_default();
        assert!(
            !bytes.windows(openid.len()).any(|w| w == openid.as_bytes()),
            "the OpenID in clear in cn.{ext}"
        );
    }
    // The access token travels in a URL: it never reaches the logs.
    let logs = s.server.logs();
    assert!(!logs.contains(ACCESS_TOKEN) && !logs.contains(TOKEN));
}

#[test]
fn safe_mode_messages_are_verified_decrypted_and_answered_in_chinese() {
    let s = setup(true, Mode::Ok, ACCESS_TOKEN);
    let openid = "oSafe-8f2k1m-ZhangMin";
    let (query, envelope) = sealed(&text_message(openid, 6054768590064714001, CHARGER));
    let (status, _, body) = call(&s.server, "POST", &query, &envelope);
    assert_eq!((status, body.as_str()), (200, "success"));
    delivered(&s.wechat, 1);
    let reply = &sent_to(&s.wechat, openid)[0];
    assert!(reply.starts_with("[zh] "), "answered in Chinese: {reply}");

    // A changed <Encrypt> no longer matches msg_signature; a plain
    // message is refused in safe mode: nothing taken.
    let (query, envelope) = sealed(&text_message(openid, 6054768590064714002, CHARGER));
    let tampered = envelope.replacen("CDATA[", "CDATA[A", 2);
    assert_eq!(call(&s.server, "POST", &query, &tampered).0, 401);
    let plain = text_message(openid, 6054768590064714003, CHARGER);
    assert_eq!(post(&s.server, &plain), 401);
    // Signed, but not what the aes_key encrypted: the body is malformed.
    let other = Key::from_encoding_aes_key(&AES_KEY.replace('9', "8")).unwrap();
    let (q, broken) = signed_envelope(&other.encrypt(&[1; 16], &plain, APP_ID));
    let (status, _, body) = call(&s.server, "POST", &q, &broken);
    assert_eq!(status, 400, "{body}");
    let conversations = cn_conversations(&s.server);
    assert_eq!(conversations.len(), 1);
    assert_eq!(
        conversations[0].1,
        vec![CHARGER.to_string()],
        "only the first was taken"
    );
}

#[test]
fn bad_signatures_stale_timestamps_and_malformed_xml_are_refused_and_nothing_is_processed() {
    let s = setup(false, Mode::Ok, ACCESS_TOKEN);
    let openid = "oRefused-77";
    let message = text_message(openid, 6054768590064715001, CHARGER);
    let now = unix_now();
    let wrong_token = {
        let (ts, n) = (now.to_string(), nonce());
        let sig = signature(&["another-token", &ts, &n]);
        format!("signature={sig}&timestamp={ts}&nonce={n}")
    };
    for query in [
        String::new(),
        format!("timestamp={now}&nonce=1"),
        wrong_token,
        // Signed with the token, ten minutes ago: outside the window.
        signed_query(now - 600),
    ] {
        let (status, _, body) = call(&s.server, "POST", &query, &message);
        assert_eq!(status, 401, "{query}: {body}");
        let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(answer["error"]["code"], "bad_signature");
        assert!(!body.contains(TOKEN));
    }
    for malformed in ["<xml><MsgType>text</MsgType", "{\"MsgType\": \"text\"}", ""] {
        let (status, _, body) = call(&s.server, "POST", &signed_query(now), malformed);
        assert_eq!(status, 400, "{malformed}: {body}");
        let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(answer["error"]["code"], "malformed_webhook");
    }
    // A follow event is acknowledged and left.
    let follow = format!(
        "<xml><ToUserName>gh_7f083739789a</ToUserName><FromUserName>{openid}</FromUserName>\
         <CreateTime>{now}</CreateTime><MsgType>event</MsgType><Event>subscribe</Event></xml>"
    );
    assert_eq!(post(&s.server, &follow), 200);
    assert!(cn_conversations(&s.server).is_empty(), "nothing processed");
    assert!(s.wechat.requests().is_empty(), "nothing sent");

    // The same message, signed, is then taken: the refused ones were not
    // remembered as seen.
    assert_eq!(post(&s.server, &message), 200);
    delivered(&s.wechat, 1);
    assert_eq!(cn_conversations(&s.server).len(), 1);
}

#[test]
fn replies_wait_for_a_wechat_that_is_down_and_are_delivered_once() {
    let s = setup(
        false,
        Mode::FailThenOk {
            status: 503,
            times: 3,
        },
        ACCESS_TOKEN,
    );
    let openid = "oDown-42";
    let message = text_message(openid, 6054768590064716001, CHARGER);
    assert_eq!(post(&s.server, &message), 200, "taken while WeChat is down");
    // Three 503s (back-off 1 s, 2 s, 4 s), then delivered.
    delivered(&s.wechat, 1);
    let texts = sent_to(&s.wechat, openid);
    assert!(
        texts.len() >= 4,
        "three failed attempts and the delivery: {texts:?}"
    );
    assert!(
        texts.iter().all(|t| t == &texts[0]),
        "the same reply retried: {texts:?}"
    );
    let after = s.wechat.requests().len();
    // Another message is delivered after the first, which is not sent again.
    let next = text_message(openid, 6054768590064716002, "我的订单在哪里？");
    assert_eq!(post(&s.server, &next), 200);
    delivered(&s.wechat, 2);
    let later: Vec<String> = sent_to(&s.wechat, openid).split_off(after);
    assert!(
        !later.contains(&texts[0]),
        "the first reply was delivered once: {later:?}"
    );
}

#[test]
fn an_access_token_refreshed_in_its_file_is_read_again_by_the_next_attempt() {
    // The file holds an expired token; WeChat answers errcode 40001.
    let s = setup(false, Mode::Ok, "ACCESS_TOKEN-expired");
    let openid = "oToken-9";
    let message = text_message(openid, 6054768590064717001, CHARGER);
    assert_eq!(post(&s.server, &message), 200);
    wait_until(
        Duration::from_secs(20),
        "an attempt with the old token",
        || !s.wechat.requests().is_empty(),
    );
    assert_eq!(s.wechat.hits(), 0);
    // The outside job writes the new token.
    std::fs::write(s.secrets.path().join("access_token"), ACCESS_TOKEN).unwrap();
    delivered(&s.wechat, 1);
    let reply = &sent_to(&s.wechat, openid);
    assert!(reply.last().unwrap().starts_with("[zh] "), "{reply:?}");
    let logs = s.server.logs();
    assert!(!logs.contains(ACCESS_TOKEN) && !logs.contains("ACCESS_TOKEN-expired"));
}
