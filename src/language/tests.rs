//! The detector's decisions, from the text and the conversation's hints.

use super::*;

fn served() -> Vec<String> {
    [
        "en", "zh", "ja", "ko", "es", "pt", "fr", "de", "it", "nl", "ru", "uk", "ar", "fa", "he",
        "el", "hi", "th", "id", "ms", "da", "nb", "sv", "cs", "sk",
    ]
    .map(String::from)
    .to_vec()
}

fn detector() -> Detector {
    Detector::new(&served())
}

fn lang(text: &str, hints: Hints<'_>) -> String {
    detector().detect(text, hints).lang
}

fn previous(p: &str) -> Hints<'_> {
    Hints {
        previous: Some(p),
        ..Hints::default()
    }
}

#[test]
fn messages_are_detected_from_the_text() {
    let none = Hints::default();
    for (text, expected) in [
        ("¿Dónde está mi pedido? Lo compré hace dos semanas.", "es"),
        (
            "Onde está a minha encomenda? Comprei há duas semanas.",
            "pt",
        ),
        ("Wo ist meine Bestellung? Ich warte seit zwei Wochen.", "de"),
        ("Waar is mijn bestelling? Ik wacht al twee weken.", "nl"),
        ("Where is my order? I bought it two weeks ago.", "en"),
        ("Dov'è il mio ordine? L'ho comprato due settimane fa.", "it"),
    ] {
        let d = detector().detect(text, none);
        assert_eq!(
            (d.lang.as_str(), d.source),
            (expected, Source::Detected),
            "{text}"
        );
    }
}

/// Every reference vector of `language/model/FORMAT.md`, through the
/// whole detector serving every language, without a hint.
#[test]
fn the_reference_vectors_are_detected_as_expected() {
    let d = Detector::new(&trained_languages());
    for line in include_str!("model/vectors.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let got = d.detect(cols[0], Hints::default());
        assert_eq!(got.lang, cols[1], "{line}");
        let confidence: f64 = cols[7].parse().unwrap_or(0.99);
        if cols[2] == "model" {
            assert!(
                (got.confidence - confidence).abs() < 0.002,
                "{line}: {got:?}"
            );
        }
    }
}

#[test]
fn script_rules_decide() {
    let none = Hints::default();
    for (text, expected) in [
        ("我的订单在哪里？", "zh"),
        ("注文はどこですか？", "ja"),
        ("배송이 언제 와요?", "ko"),
        ("พัสดุยังไม่มาเลยครับ", "th"),
        ("Πού είναι η παραγγελία μου;", "el"),
        ("איפה ההזמנה שלי?", "he"),
        ("मेरा ऑर्डर कहाँ है?", "hi"),
        ("سفارشم کی می‌رسد؟", "fa"),
        ("متى يصل الطلب؟", "ar"),
        ("Де моє замовлення?", "uk"),
        ("Где мой заказ? Вы обещали неделю", "ru"),
    ] {
        let d = detector().detect(text, none);
        assert_eq!(
            (d.lang.as_str(), d.source),
            (expected, Source::Script),
            "{text}"
        );
    }
    assert_eq!(
        detector().detect("我的訂單什麼時候發貨", none).variant,
        Some("Hant")
    );
    assert_eq!(
        detector().detect("我的订单什么时候发货", none).variant,
        Some("Hans")
    );
}

#[test]
fn text_without_language_keeps_the_conversation_language() {
    let hints = Hints {
        declared: Some("de-DE"),
        previous: Some("es"),
        ..Hints::default()
    };
    for text in [
        "123456789",
        "ok",
        "👍",
        "https://shop.example/o/1",
        "#A-998877",
        "⟦1⟧",
    ] {
        let d = detector().detect(text, hints);
        assert_eq!(
            (d.lang.as_str(), d.source),
            ("es", Source::Previous),
            "{text}"
        );
    }
    let d = detector().detect(
        "👍",
        Hints {
            declared: Some("de-DE"),
            ..Hints::default()
        },
    );
    assert_eq!((d.lang.as_str(), d.source), ("de", Source::Declared));
    let d = detector().detect(
        "👍",
        Hints {
            accept_language: Some("fr"),
            ..Hints::default()
        },
    );
    assert_eq!((d.lang.as_str(), d.source), ("fr", Source::AcceptLanguage));
    assert_eq!(detector().detect("👍", Hints::default()).lang, "und");
}

#[test]
fn a_conversation_switches_only_on_confident_evidence() {
    // Short and ambiguous: stays.
    assert_eq!(lang("no", previous("es")), "es");
    // One long unambiguous message switches at once.
    let long = "Entschuldigung, ich möchte lieber auf Deutsch weiterschreiben, wenn das geht.";
    assert_eq!(lang(long, previous("es")), "de");
    // A short confident one leaves a pending switch; a second agreeing one switches.
    let first = detector().detect("Vielen Dank für die Hilfe", previous("es"));
    assert_eq!(
        (first.lang.as_str(), first.pending.as_deref()),
        ("es", Some("de"))
    );
    let second = detector().detect(
        "Wann kommt das Paket an",
        Hints {
            previous: Some("es"),
            pending: Some("de"),
            ..Hints::default()
        },
    );
    assert_eq!(
        (second.lang.as_str(), second.source),
        ("de", Source::Detected)
    );
    // A script change is evidence enough.
    assert_eq!(lang("谢谢", previous("es")), "zh");
    // Kanji-only text does not turn a Japanese conversation Chinese,
    // and a Japanese locale reads it as Japanese.
    assert_eq!(lang("了解", previous("ja")), "ja");
    let d = detector().detect(
        "領収書",
        Hints {
            declared: Some("ja-JP"),
            ..Hints::default()
        },
    );
    assert_eq!((d.lang.as_str(), d.source), ("ja", Source::Script));
}

#[test]
fn an_explicit_request_locks_the_language_until_the_next_request() {
    let d = detector().detect("English please", previous("es"));
    assert_eq!(
        (d.lang.as_str(), d.source, d.locked),
        ("en", Source::Request, true)
    );
    let locked = Hints {
        previous: Some("en"),
        locked: true,
        ..Hints::default()
    };
    let d = detector().detect(
        "¿Dónde está mi pedido? Lo compré hace dos semanas, gracias.",
        locked,
    );
    assert_eq!(
        (d.lang.as_str(), d.source, d.locked),
        ("en", Source::Locked, true)
    );
    let d = detector().detect("请说中文", locked);
    assert_eq!(
        (d.lang.as_str(), d.source, d.locked),
        ("zh", Source::Request, true)
    );
}

#[test]
fn the_declared_locale_tips_a_weak_guess() {
    let declared = |d| Hints {
        declared: Some(d),
        ..Hints::default()
    };
    assert_eq!(lang("obrigado", declared("pt-BR")), "pt");
    assert_eq!(lang("tak", declared("da-DK")), "da");
    assert_eq!(lang("tak", declared("ms-MY")), "ms");
}

#[test]
fn only_served_languages_are_returned() {
    let d = Detector::new(&["en".into(), "es".into()]);
    let got = d.detect(
        "Onde está a minha encomenda? Comprei há duas semanas.",
        Hints::default(),
    );
    assert!(got.lang == "es" || got.lang == "en", "{got:?}");
    // Korean text with Korean not served: no crash, a served language or und.
    let got = d.detect("배송이 언제 와요?", Hints::default());
    assert!(["es", "en", "und"].contains(&got.lang.as_str()), "{got:?}");
}

#[test]
fn languages_without_training_text_fall_back_to_whatlang() {
    let d = Detector::new(&["en".into(), "tl".into()]);
    let got = d.detect(
        "Nasaan na po ang order ko? Dalawang linggo na akong naghihintay.",
        Hints::default(),
    );
    assert_eq!(got.lang, "tl");
}
