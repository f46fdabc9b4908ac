//! The inbound webhook: signatures, the replay window, the fields read.

use super::*;

const KEY: &str = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0";
/// 2026-03-03T10:15:00Z
const NOW_S: i64 = 1_772_532_900;

fn channel() -> Email {
    let config: ChannelConfig = toml::from_str(
        "id = \"mail\"\nkind = \"email\"\ncountry = \"DE\"\nsecret = { env = \"S\" }\n\
         replay_window_secs = 300\n\
         [smtp]\nhost = \"127.0.0.1\"\nsecurity = \"none\"\nfrom = \"hilfe@shop.example\"\n",
    )
    .unwrap();
    Email {
        id: "mail".into(),
        key: hmac::Key::new(hmac::HMAC_SHA256, KEY.as_bytes()),
        window_secs: 300,
        smtp: smtp::Smtp::new(&config).unwrap(),
    }
}

fn sign(timestamp: &str, token: &str) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, KEY.as_bytes());
    hex::encode(hmac::sign(&key, format!("{timestamp}{token}").as_bytes()))
}

/// A signed urlencoded form with these fields (after the signature's).
fn form(timestamp: i64, token: &str, fields: &[(&str, &str)]) -> String {
    let ts = timestamp.to_string();
    let mut f = form_urlencoded::Serializer::new(String::new());
    f.append_pair("timestamp", &ts)
        .append_pair("token", token)
        .append_pair("signature", &sign(&ts, token));
    for (k, v) in fields {
        f.append_pair(k, v);
    }
    f.finish()
}

fn post(body: &str, now_s: i64) -> Result<Accepted, WebhookError> {
    let headers = vec![(
        "content-type".to_string(),
        "application/x-www-form-urlencoded".to_string(),
    )];
    channel().accept(
        &Webhook {
            method: "POST",
            query: &[],
            headers: &headers,
            body: body.as_bytes(),
        },
        now_s * 1000,
    )
}

const MAIL: &[(&str, &str)] = &[
    ("from", "\"Müller, Anna\" <Anna.Mueller@Example.DE>"),
    ("sender", "bounce+x@example.de"),
    ("subject", "Wo ist meine Bestellung?"),
    (
        "body-plain",
        "Hallo,\r\nwo ist meine Bestellung 1234?\r\n\r\nAnna\r\n-- \r\nAnna Müller\r\n\r\n\
         Am 03.03.2026 um 09:00 schrieb Kundenservice <hilfe@shop.example>:\r\n> Danke!\r\n",
    ),
    ("Message-Id", "<CAF=abc123@mail.example.de>"),
    ("In-Reply-To", "<r1@shop.example>"),
    ("References", "<r0@shop.example> <r1@shop.example>"),
];

#[test]
fn a_signed_mail_is_its_senders_new_text_in_its_thread() {
    let Accepted::Events(events) = post(&form(NOW_S, "tok-1", MAIL), NOW_S + 10).unwrap() else {
        panic!("events")
    };
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(e.event_id, "tok-1");
    assert_eq!(e.user, "anna.mueller@example.de");
    assert_eq!(e.text, "Hallo,\nwo ist meine Bestellung 1234?\n\nAnna");
    assert_eq!(e.sent_at, Some(NOW_S * 1000));
    let r = ReplyRef::from_json(e.reply_ref.as_deref().unwrap());
    assert_eq!(r.id.as_deref(), Some("<CAF=abc123@mail.example.de>"));
    assert_eq!(
        r.references,
        [
            "<r0@shop.example>",
            "<r1@shop.example>",
            "<CAF=abc123@mail.example.de>"
        ]
    );
    assert_eq!(r.reply_subject(), "Re: Wo ist meine Bestellung?");
}

#[test]
fn mailguns_stripped_text_and_message_headers_are_used_when_present() {
    let headers = r#"[["Message-Id", "<m1@example.fr>"], ["Subject", "Commande"]]"#;
    let body = form(
        NOW_S,
        "tok-2",
        &[
            ("from", "jean@example.fr"),
            ("subject", "Commande"),
            (
                "body-plain",
                "Où est ma commande ?\n\nLe mar. 3 mars 2026 à 09:00, X <x@y> a écrit :\n> z",
            ),
            ("stripped-text", "Où est ma commande ?"),
            ("message-headers", headers),
        ],
    );
    let Accepted::Events(events) = post(&body, NOW_S).unwrap() else {
        panic!()
    };
    assert_eq!(events[0].text, "Où est ma commande ?");
    let r = ReplyRef::from_json(events[0].reply_ref.as_deref().unwrap());
    assert_eq!(r.id.as_deref(), Some("<m1@example.fr>"));
    assert_eq!(r.references, ["<m1@example.fr>"]);

    // A reply that only quotes holds nothing new: acknowledged, not taken.
    let quoted = form(
        NOW_S,
        "tok-3",
        &[
            ("from", "jean@example.fr"),
            ("subject", "Re: Commande"),
            ("In-Reply-To", "<r@shop.example>"),
            ("body-plain", "> Votre commande est partie."),
            ("stripped-text", ""),
        ],
    );
    assert_eq!(post(&quoted, NOW_S).unwrap(), Accepted::Events(vec![]));
    // A first mail with an empty body says it in its subject.
    let subject_only = form(
        NOW_S,
        "tok-4",
        &[
            ("from", "jean@example.fr"),
            ("subject", "Où est ma commande ?"),
            ("body-plain", ""),
        ],
    );
    let Accepted::Events(events) = post(&subject_only, NOW_S).unwrap() else {
        panic!()
    };
    assert_eq!(events[0].text, "Où est ma commande ?");
}

#[test]
fn bad_missing_or_stale_signatures_are_refused() {
    let good = form(NOW_S, "tok-5", MAIL);
    assert!(post(&good, NOW_S + 300).is_ok());
    assert!(post(&good, NOW_S - 300).is_ok(), "a clock slightly behind");
    for (body, now) in [
        (good.clone(), NOW_S + 301),
        (good.clone(), NOW_S - 301),
        (good.replacen("token=tok-5", "token=tok-6", 1), NOW_S),
        (good.replacen("timestamp=1", "timestamp=2", 1), NOW_S),
        (good.replacen("signature=", "signature=00", 1), NOW_S),
        (good.replacen("signature=", "signature=zz", 1), NOW_S),
        ("from=a%40b.example&body-plain=hi".to_string(), NOW_S),
    ] {
        let e = post(&body, now).unwrap_err();
        assert!(matches!(e, WebhookError::Unauthorized(_)), "{body}: {e:?}");
        assert!(!e.to_string().contains(KEY));
    }
}

#[test]
fn signed_forms_that_are_no_mail_are_malformed() {
    for fields in [
        &[("subject", "x"), ("body-plain", "hi")][..],
        &[("from", "not an address"), ("body-plain", "hi")][..],
        &[("from", "a@b.example")][..],
    ] {
        let e = post(&form(NOW_S, "t", fields), NOW_S).unwrap_err();
        assert!(matches!(e, WebhookError::Malformed(_)), "{fields:?}: {e:?}");
    }
    let e = channel()
        .accept(
            &Webhook {
                method: "POST",
                query: &[],
                headers: &[("content-type".into(), "application/json".into())],
                body: b"{}",
            },
            0,
        )
        .unwrap_err();
    assert!(matches!(e, WebhookError::Malformed(_)), "{e:?}");
}

#[test]
fn mails_from_programs_or_from_ourselves_are_acknowledged_and_not_answered() {
    for extra in [
        ("Auto-Submitted", "auto-replied"),
        ("Precedence", "bulk"),
        ("X-Autoreply", "yes"),
        ("from", "Hilfe@Shop.example"),
    ] {
        let mut fields: Vec<(&str, &str)> = MAIL
            .iter()
            .copied()
            .filter(|(k, _)| *k != extra.0)
            .collect();
        fields.insert(0, extra);
        let answer = post(&form(NOW_S, "tok-7", &fields), NOW_S).unwrap();
        assert_eq!(answer, Accepted::Events(vec![]), "{extra:?}");
    }
    // `Auto-Submitted: no` is a person's mail.
    let mut fields = MAIL.to_vec();
    fields.push(("Auto-Submitted", "no"));
    let Accepted::Events(events) = post(&form(NOW_S, "tok-8", &fields), NOW_S).unwrap() else {
        panic!()
    };
    assert_eq!(events.len(), 1);
}
