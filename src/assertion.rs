//! Who a shopper is, as the shop's backend vouches for it: a signed shopper
//! assertion, a JWT (JWS compact form) that the shop's server issues to its
//! own page or app for crossdesk:
//!
//! ```text
//! header  {"alg": "HS256" | "EdDSA", "kid": "<shop id>"}
//! payload {"sub": "<the shop's shopper id>", "exp": <unix seconds>,
//!          "country": "ES" (optional), "iat": <unix seconds> (optional),
//!          "links": ["whatsapp:+34600111222", "email:ana@example.com"] (optional)}
//! ```
//!
//! signed with the shop's key from `[[shops]]` in the configuration (an
//! HMAC-SHA256 secret, or an Ed25519 key pair whose public half crossdesk
//! holds). Only a valid, unexpired assertion links a conversation to a
//! shopper (and so to their other conversations); without one a
//! conversation is anonymous. The assertion's country decides the region
//! over the country the client declares. Pure.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::{hmac, signature};
use serde::Deserialize;

/// Longest lifetime an assertion may claim: a stolen one is useful for
/// minutes, not days.
pub const MAX_LIFETIME_SECS: i64 = 24 * 3600;
/// Clock skew allowed between the shop's server and crossdesk.
const LEEWAY_SECS: i64 = 60;

/// How one shop signs.
pub enum ShopKey {
    Hmac(hmac::Key),
    Ed25519(Vec<u8>),
}

/// A shop that may vouch for its shoppers.
pub struct Shop {
    pub id: String,
    pub key: ShopKey,
}

/// Every configured shop.
#[derive(Default)]
pub struct Shops {
    shops: Vec<Shop>,
}

/// What a valid assertion says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vouched {
    pub shop: String,
    pub shopper_id: String,
    pub country: Option<String>,
    /// (channel kind, address as written by the shop).
    pub links: Vec<(String, String)>,
}

/// Why an assertion was refused. Messages name no key and no value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssertionError {
    #[error("the shopper assertion is not a JWT (header.payload.signature)")]
    Malformed,
    #[error("the shopper assertion names no configured shop (`kid`)")]
    UnknownShop,
    #[error("the shopper assertion's algorithm does not match the shop's key")]
    Algorithm,
    #[error("the shopper assertion's signature is not valid")]
    Signature,
    #[error("the shopper assertion has expired")]
    Expired,
    #[error("the shopper assertion lives longer than {MAX_LIFETIME_SECS} seconds")]
    TooLong,
    #[error("the shopper assertion's `sub` must be 1–128 printable characters")]
    Subject,
    #[error("the shopper assertion's `country` must be an ISO 3166-1 alpha-2 code")]
    Country,
    #[error(
        "the shopper assertion's `links` must be at most 10 `kind:address` entries (kinds: whatsapp, line, telegram, wechat, email)"
    )]
    Links,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
    kid: Option<String>,
}

#[derive(Deserialize)]
struct Payload {
    sub: String,
    exp: i64,
    #[serde(default)]
    iat: Option<i64>,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    iss: Option<String>,
    /// The shopper's addresses on messaging channels (`kind:address`),
    /// which the shop vouches are theirs.
    #[serde(default)]
    links: Vec<String>,
}

/// Most channel addresses one assertion may link.
pub const MAX_LINKS: usize = 10;

/// The channel kinds a link may name.
const LINK_KINDS: [&str; 5] = ["whatsapp", "line", "telegram", "wechat", "email"];

impl Shops {
    pub fn new(shops: Vec<Shop>) -> Shops {
        Shops { shops }
    }

    pub fn is_empty(&self) -> bool {
        self.shops.is_empty()
    }

    /// Checks an assertion at `now` (Unix seconds).
    pub fn verify(&self, token: &str, now: i64) -> Result<Vouched, AssertionError> {
        let mut parts = token.trim().split('.');
        let (Some(h), Some(p), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(AssertionError::Malformed);
        };
        let decode = |part: &str| {
            URL_SAFE_NO_PAD
                .decode(part)
                .map_err(|_| AssertionError::Malformed)
        };
        let header: Header =
            serde_json::from_slice(&decode(h)?).map_err(|_| AssertionError::Malformed)?;
        let payload: Payload =
            serde_json::from_slice(&decode(p)?).map_err(|_| AssertionError::Malformed)?;
        let sig = decode(s)?;
        let kid = header
            .kid
            .or(payload.iss.clone())
            .ok_or(AssertionError::UnknownShop)?;
        let shop = self
            .shops
            .iter()
            .find(|shop| shop.id == kid)
            .ok_or(AssertionError::UnknownShop)?;
        let signed = &token.trim()[..h.len() + 1 + p.len()];
        match (&shop.key, header.alg.as_str()) {
            (ShopKey::Hmac(key), "HS256") => {
                hmac::verify(key, signed.as_bytes(), &sig).map_err(|_| AssertionError::Signature)?
            }
            (ShopKey::Ed25519(public), "EdDSA" | "Ed25519") => {
                signature::UnparsedPublicKey::new(&signature::ED25519, public)
                    .verify(signed.as_bytes(), &sig)
                    .map_err(|_| AssertionError::Signature)?
            }
            _ => return Err(AssertionError::Algorithm),
        }
        if payload.exp + LEEWAY_SECS < now {
            return Err(AssertionError::Expired);
        }
        if payload.exp - payload.iat.unwrap_or(now).min(now) > MAX_LIFETIME_SECS {
            return Err(AssertionError::TooLong);
        }
        let sub = payload.sub;
        if sub.is_empty() || sub.chars().count() > 128 || sub.chars().any(char::is_control) {
            return Err(AssertionError::Subject);
        }
        let country = match payload.country {
            Some(c) if c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()) => {
                Some(c.to_ascii_uppercase())
            }
            Some(_) => return Err(AssertionError::Country),
            None => None,
        };
        if payload.links.len() > MAX_LINKS {
            return Err(AssertionError::Links);
        }
        let links = payload
            .links
            .iter()
            .map(|l| match l.split_once(':') {
                Some((kind, address))
                    if LINK_KINDS.contains(&kind)
                        && !address.trim().is_empty()
                        && address.chars().count() <= 256
                        && !address.chars().any(char::is_control) =>
                {
                    Ok((kind.to_string(), address.trim().to_string()))
                }
                _ => Err(AssertionError::Links),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Vouched {
            shop: shop.id.clone(),
            shopper_id: sub,
            country,
            links,
        })
    }
}

/// Signs an assertion with an HMAC shop key (for shops' backends, the CLI
/// and tests).
pub fn sign_hmac(
    shop: &str,
    secret: &[u8],
    shopper_id: &str,
    country: Option<&str>,
    exp: i64,
) -> String {
    sign_hmac_linked(shop, secret, shopper_id, country, &[], exp)
}

/// [`sign_hmac`] with the shopper's channel addresses (`kind:address`).
pub fn sign_hmac_linked(
    shop: &str,
    secret: &[u8],
    shopper_id: &str,
    country: Option<&str>,
    links: &[String],
    exp: i64,
) -> String {
    let header = URL_SAFE_NO_PAD
        .encode(serde_json::json!({"alg": "HS256", "typ": "JWT", "kid": shop}).to_string());
    let mut payload = serde_json::json!({"sub": shopper_id, "exp": exp});
    if let Some(c) = country {
        payload["country"] = c.into();
    }
    if !links.is_empty() {
        payload["links"] = links.into();
    }
    let payload = URL_SAFE_NO_PAD.encode(payload.to_string());
    let signed = format!("{header}.{payload}");
    let tag = hmac::sign(
        &hmac::Key::new(hmac::HMAC_SHA256, secret),
        signed.as_bytes(),
    );
    format!("{signed}.{}", URL_SAFE_NO_PAD.encode(tag.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn shops() -> Shops {
        Shops::new(vec![Shop {
            id: "shop-1".into(),
            key: ShopKey::Hmac(hmac::Key::new(hmac::HMAC_SHA256, SECRET)),
        }])
    }

    #[test]
    fn a_signed_assertion_vouches_for_its_shopper_and_country() {
        let t = sign_hmac("shop-1", SECRET, "cust-42", Some("es"), 2_000);
        assert_eq!(
            shops().verify(&t, 1_000),
            Ok(Vouched {
                shop: "shop-1".into(),
                shopper_id: "cust-42".into(),
                country: Some("ES".into()),
                links: Vec::new(),
            })
        );
    }

    #[test]
    fn forged_expired_unknown_and_long_lived_assertions_are_refused() {
        let s = shops();
        let t = sign_hmac(
            "shop-1",
            b"another secret another secret 00",
            "cust-42",
            None,
            2_000,
        );
        assert_eq!(s.verify(&t, 1_000), Err(AssertionError::Signature));
        let t = sign_hmac("shop-1", SECRET, "cust-42", None, 900);
        assert_eq!(s.verify(&t, 1_000), Err(AssertionError::Expired));
        let t = sign_hmac("shop-2", SECRET, "cust-42", None, 2_000);
        assert_eq!(s.verify(&t, 1_000), Err(AssertionError::UnknownShop));
        let t = sign_hmac(
            "shop-1",
            SECRET,
            "cust-42",
            None,
            1_000 + MAX_LIFETIME_SECS * 2,
        );
        assert_eq!(s.verify(&t, 1_000), Err(AssertionError::TooLong));
        assert_eq!(s.verify("not-a-jwt", 1_000), Err(AssertionError::Malformed));
        // A payload swapped under a valid signature.
        let good = sign_hmac("shop-1", SECRET, "cust-42", None, 2_000);
        let other = sign_hmac("shop-1", SECRET, "victim", None, 2_000);
        let mut p: Vec<&str> = good.split('.').collect();
        p[1] = other.split('.').nth(1).unwrap();
        assert_eq!(
            s.verify(&p.join("."), 1_000),
            Err(AssertionError::Signature)
        );
    }

    #[test]
    fn ed25519_assertions_verify_with_the_public_key() {
        let rng = ring::rand::SystemRandom::new();
        let pkcs8 = signature::Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
        let pair = signature::Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).unwrap();
        use ring::signature::KeyPair;
        let s = Shops::new(vec![Shop {
            id: "shop-ed".into(),
            key: ShopKey::Ed25519(pair.public_key().as_ref().to_vec()),
        }]);
        let h = URL_SAFE_NO_PAD.encode(r#"{"alg":"EdDSA","kid":"shop-ed"}"#);
        let p = URL_SAFE_NO_PAD.encode(r#"{"sub":"c-1","exp":2000}"#);
        let sig = pair.sign(format!("{h}.{p}").as_bytes());
        let t = format!("{h}.{p}.{}", URL_SAFE_NO_PAD.encode(sig.as_ref()));
        assert_eq!(s.verify(&t, 1_000).unwrap().shopper_id, "c-1");
        // An HS256 token for an Ed25519 shop (algorithm confusion) is refused.
        let t = sign_hmac("shop-ed", pair.public_key().as_ref(), "c-1", None, 2_000);
        assert_eq!(s.verify(&t, 1_000), Err(AssertionError::Algorithm));
    }
}
