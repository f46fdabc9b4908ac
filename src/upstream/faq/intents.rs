//! The intents in the order they are tried, with their English keywords
//! (`check_keywords.py --english` reads [`RULES`] from this file).

/// Intents in the order they are tried; the first whose keywords appear wins.
/// A keyword ending in `*` matches any word starting with it.
pub(super) const RULES: &[(&str, &[&str])] = &[
    (
        "human",
        &[
            "person",
            "human",
            "agent",
            "someone",
            "representative",
            "operator",
            "real people",
            "talk to",
            "speak to",
            "speak with",
            "talk with",
        ],
    ),
    ("cancel", &["cancel*"]),
    ("change_address", &["address*"]),
    (
        "damaged",
        &[
            "damage*",
            "broken",
            "broke",
            "cracked",
            "smashed",
            "torn",
            "defective",
        ],
    ),
    (
        "payment_failed",
        &[
            "payment failed",
            "payment was declined",
            "payment declined",
            "payment did not go through",
            "payment didn t go through",
            "payment was rejected",
            "card was declined",
            "card declined",
            "payment error",
            "payment is not going through",
            "payment does not go through",
            "payment keeps failing",
        ],
    ),
    ("refunds", &["refund*", "money back"]),
    ("returns", &["return*", "send back", "send it back"]),
    (
        "coupon",
        &[
            "coupon*",
            "discount code*",
            "promo code*",
            "promotional code",
            "voucher*",
            "discount",
        ],
    ),
    (
        "payment",
        &[
            "pay",
            "paying",
            "payment*",
            "credit card",
            "paypal",
            "alipay",
            "wechat pay",
            "visa",
            "mastercard",
        ],
    ),
    (
        "size_stock",
        &[
            "size*",
            "in stock",
            "out of stock",
            "sold out",
            "back in stock",
            "available in",
            "fit",
        ],
    ),
    // "How long does a parcel take": a question about delivery times,
    // although it names a parcel.
    ("shipping", &["how long", "delivery time*", "how many days"]),
    (
        "order_status",
        &[
            "where is",
            "where s",
            "track*",
            "arriv*",
            "package",
            "parcel",
            "status",
            "not received",
            "not come",
            "not yet received",
            "haven t received",
            "hasn t arrived",
        ],
    ),
    ("shipping", &["ship*", "deliver*"]),
    ("thanks", &["thank*", "thx", "cheers"]),
    (
        "greeting",
        &[
            "hello",
            "hi",
            "hey",
            "good morning",
            "good afternoon",
            "good evening",
        ],
    ),
];

/// English keywords that are ordinary words of other languages (Swedish
/// "visa" is "show", "fit" and "hi" are words in several): tried on English
/// messages only.
pub(super) const ENGLISH_ONLY: &[&str] = &["visa", "fit", "hi"];
