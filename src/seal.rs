//! Encryption at rest (ring, AES-256-GCM), as envelopes: each conversation
//! has its own data key, wrapped by its region's key; each sealed field is
//! bound by its associated data to region, conversation, field and row, so a
//! ciphertext copied to another row or region does not open. Region keys are
//! versioned: a new version rewraps data keys without touching a single
//! message ciphertext, and old versions keep opening until retired.
//! Destroying a data key destroys everything sealed with it (crypto-shredding).
//! Pure apart from the random generator; keys never appear in `Debug` output.

use base64::Engine;
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("ciphertext does not open (wrong key, row or region, or altered)")]
    Open,
    #[error("not a sealed value")]
    Format,
    #[error("key {0} version {1} is not available")]
    NoKeyVersion(String, u32),
    #[error("random generator failed")]
    Random,
    #[error(
        "a sealed field holds a value that is not sealed (altered or written around crossdesk)"
    )]
    Unsealed,
}

/// 32 random bytes, with the AES-GCM key built from them once.
#[derive(Clone)]
pub struct Secret([u8; 32], std::sync::Arc<std::sync::OnceLock<LessSafeKey>>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl Secret {
    pub fn random() -> Result<Secret, SealError> {
        let mut b = [0u8; 32];
        SystemRandom::new()
            .fill(&mut b)
            .map_err(|_| SealError::Random)?;
        Ok(Secret(b, Default::default()))
    }

    pub fn from_bytes(b: &[u8]) -> Option<Secret> {
        <[u8; 32]>::try_from(b)
            .ok()
            .map(|k| Secret(k, Default::default()))
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    fn cipher(&self) -> &LessSafeKey {
        self.1.get_or_init(|| {
            LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &self.0).expect("32-byte key"))
        })
    }

    /// `s1.` + base64(nonce ‖ ciphertext ‖ tag).
    pub fn seal(&self, aad: &str, plaintext: &[u8]) -> Result<String, SealError> {
        let mut nonce = [0u8; NONCE_LEN];
        SystemRandom::new()
            .fill(&mut nonce)
            .map_err(|_| SealError::Random)?;
        let mut buf = plaintext.to_vec();
        self.cipher()
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(aad.as_bytes()),
                &mut buf,
            )
            .map_err(|_| SealError::Random)?;
        let mut raw = Vec::with_capacity(NONCE_LEN + buf.len());
        raw.extend_from_slice(&nonce);
        raw.extend_from_slice(&buf);
        let mut out = String::with_capacity(4 + raw.len() * 4 / 3);
        out.push_str("s1.");
        B64.encode_string(&raw, &mut out);
        Ok(out)
    }

    pub fn open(&self, aad: &str, sealed: &str) -> Result<Vec<u8>, SealError> {
        let raw = sealed
            .strip_prefix("s1.")
            .ok_or(SealError::Format)
            .and_then(|b| B64.decode(b).map_err(|_| SealError::Format))?;
        if raw.len() < NONCE_LEN + 16 {
            return Err(SealError::Format);
        }
        let (nonce, ct) = raw.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| SealError::Format)?;
        let mut buf = ct.to_vec();
        let plain = self
            .cipher()
            .open_in_place(nonce, Aad::from(aad.as_bytes()), &mut buf)
            .map_err(|_| SealError::Open)?;
        Ok(plain.to_vec())
    }
}

/// Sealed values are `s1.` + base64(nonce ‖ ciphertext ‖ tag): hex would
/// cost 6 µs per KiB each way, base64 a fraction of that (a seal and an open
/// of 1 KiB take 2 µs together, docs/residency.md).
const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD_NO_PAD;

/// A region key with its versions; the highest is used to wrap.
#[derive(Debug, Clone)]
pub struct RegionKey {
    pub id: String,
    pub versions: Vec<(u32, Secret)>,
}

/// A data key wrapped by a region key version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wrapped {
    pub key_id: String,
    pub version: u32,
    pub sealed: String,
}

/// What a data key is for: region and conversation (or `_learned`).
fn wrap_aad(key_id: &str, version: u32, region: &str, owner: &str) -> String {
    format!("crossdesk/dek|{key_id}|{version}|{region}|{owner}")
}

/// What a sealed field is: region, conversation, field and row.
pub fn field_aad(region: &str, owner: &str, field: &str, row: &str) -> String {
    format!("crossdesk/field|{region}|{owner}|{field}|{row}")
}

impl RegionKey {
    pub fn current(&self) -> Option<&(u32, Secret)> {
        self.versions.iter().max_by_key(|(v, _)| *v)
    }

    fn version(&self, v: u32) -> Result<&Secret, SealError> {
        self.versions
            .iter()
            .find(|(n, _)| *n == v)
            .map(|(_, s)| s)
            .ok_or_else(|| SealError::NoKeyVersion(self.id.clone(), v))
    }

    /// Wraps a data key with the current version; the key id and version are
    /// part of the authenticated data.
    pub fn wrap(&self, dek: &Secret, region: &str, owner: &str) -> Result<Wrapped, SealError> {
        let (version, kek) = self
            .current()
            .ok_or_else(|| SealError::NoKeyVersion(self.id.clone(), 0))?;
        Ok(Wrapped {
            key_id: self.id.clone(),
            version: *version,
            sealed: kek.seal(&wrap_aad(&self.id, *version, region, owner), &dek.0)?,
        })
    }

    pub fn unwrap(&self, w: &Wrapped, region: &str, owner: &str) -> Result<Secret, SealError> {
        if w.key_id != self.id {
            return Err(SealError::Open);
        }
        let kek = self.version(w.version)?;
        let bytes = kek.open(&wrap_aad(&w.key_id, w.version, region, owner), &w.sealed)?;
        Secret::from_bytes(&bytes).ok_or(SealError::Format)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(versions: &[u32]) -> RegionKey {
        RegionKey {
            id: "eu-1".into(),
            versions: versions
                .iter()
                .map(|v| (*v, Secret::random().unwrap()))
                .collect(),
        }
    }

    #[test]
    fn fields_open_only_in_their_own_row_and_region() {
        let dek = Secret::random().unwrap();
        let aad = field_aad("eu", "eu_abc", "message_text", "3");
        let sealed = dek.seal(&aad, "¿Dónde está mi pedido?".as_bytes()).unwrap();
        assert!(!sealed.contains("pedido"));
        assert_eq!(
            dek.open(&aad, &sealed).unwrap(),
            "¿Dónde está mi pedido?".as_bytes()
        );
        for other in [
            field_aad("eu", "eu_abc", "message_text", "4"),
            field_aad("cn", "eu_abc", "message_text", "3"),
            field_aad("eu", "eu_xyz", "message_text", "3"),
            field_aad("eu", "eu_abc", "translated_text", "3"),
        ] {
            assert_eq!(dek.open(&other, &sealed), Err(SealError::Open), "{other}");
        }
        // One flipped bit anywhere.
        let mut raw = B64.decode(&sealed[3..]).unwrap();
        raw[20] ^= 1;
        assert_eq!(
            dek.open(&aad, &format!("s1.{}", B64.encode(raw))),
            Err(SealError::Open)
        );
        assert_eq!(
            Secret::random().unwrap().open(&aad, &sealed),
            Err(SealError::Open)
        );
        assert_eq!(dek.open(&aad, "plain text"), Err(SealError::Format));
    }

    #[test]
    fn rotation_rewraps_and_old_versions_still_open_until_retired() {
        let mut k = key(&[1]);
        let dek = Secret::random().unwrap();
        let w1 = k.wrap(&dek, "eu", "eu_abc").unwrap();
        assert_eq!(w1.version, 1);
        k.versions.push((2, Secret::random().unwrap()));
        // Old wrapping still opens; rewrapping uses version 2.
        let again = k.unwrap(&w1, "eu", "eu_abc").unwrap();
        let w2 = k.wrap(&again, "eu", "eu_abc").unwrap();
        assert_eq!(w2.version, 2);
        assert_eq!(k.unwrap(&w2, "eu", "eu_abc").unwrap().0, dek.0);
        // A wrapped key moved to another conversation or region does not open.
        assert!(k.unwrap(&w2, "eu", "eu_other").is_err());
        assert!(k.unwrap(&w2, "us", "eu_abc").is_err());
        // Retire version 1: its wrappings no longer open.
        k.versions.retain(|(v, _)| *v != 1);
        assert_eq!(
            k.unwrap(&w1, "eu", "eu_abc").unwrap_err(),
            SealError::NoKeyVersion("eu-1".into(), 1)
        );
    }

    #[test]
    fn keys_do_not_print() {
        let k = key(&[1]);
        let hexkey = k.versions[0].1.to_hex();
        assert!(!format!("{k:?}").contains(&hexkey));
    }
}

/// Seals and opens one owner's fields (a conversation, or a region's
/// learned translations) with its data key, for the fields its region's
/// policy names. Values of fields the policy leaves in clear pass through;
/// a sealed field holding anything but a sealed value is an integrity error.
#[derive(Clone, Debug)]
pub struct Sealer {
    pub region: String,
    pub owner: String,
    dek: Option<Secret>,
    fields: std::sync::Arc<std::collections::HashSet<String>>,
}

impl Sealer {
    /// Seals nothing (no key, or a region that seals no field).
    pub fn none() -> Sealer {
        Sealer {
            region: String::new(),
            owner: String::new(),
            dek: None,
            fields: Default::default(),
        }
    }

    pub fn new(
        region: &str,
        owner: &str,
        dek: Secret,
        fields: std::sync::Arc<std::collections::HashSet<String>>,
    ) -> Sealer {
        Sealer {
            region: region.into(),
            owner: owner.into(),
            dek: Some(dek),
            fields,
        }
    }

    pub fn seal(&self, field: &str, row: &str, text: &str) -> Result<String, SealError> {
        match &self.dek {
            Some(dek) if self.fields.contains(field) => dek.seal(
                &field_aad(&self.region, &self.owner, field, row),
                text.as_bytes(),
            ),
            _ => Ok(text.to_string()),
        }
    }

    /// Opens a field's value. A field the policy seals must hold a sealed
    /// value: anything else is an integrity error, never returned as text
    /// (someone wrote to the database around crossdesk).
    pub fn open(&self, field: &str, row: &str, value: &str) -> Result<String, SealError> {
        if !value.starts_with("s1.") {
            return if self.dek.is_some() && self.fields.contains(field) {
                Err(SealError::Unsealed)
            } else {
                Ok(value.to_string())
            };
        }
        let dek = self.dek.as_ref().ok_or(SealError::Open)?;
        let bytes = dek.open(&field_aad(&self.region, &self.owner, field, row), value)?;
        String::from_utf8(bytes).map_err(|_| SealError::Format)
    }
}

impl Sealer {
    /// A lookup key for `text` that reveals nothing without the data key
    /// (HMAC-SHA256); plain SHA-256 where nothing is sealed.
    pub fn keyed_hash(&self, text: &str) -> String {
        match &self.dek {
            Some(dek) => {
                let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &dek.0);
                hex::encode(ring::hmac::sign(&key, text.as_bytes()).as_ref())
            }
            None => hex::encode(ring::digest::digest(&ring::digest::SHA256, text.as_bytes())),
        }
    }
}

#[cfg(test)]
mod sealer_tests {
    use super::*;

    #[test]
    fn a_sealed_field_without_a_sealed_value_is_an_integrity_error() {
        let fields = std::sync::Arc::new(["message_text".to_string()].into_iter().collect());
        let s = Sealer::new("eu", "eu_abc", Secret::random().unwrap(), fields);
        let sealed = s.seal("message_text", "1", "hola").unwrap();
        assert_eq!(s.open("message_text", "1", &sealed).unwrap(), "hola");
        assert_eq!(
            s.open("message_text", "1", "hola"),
            Err(SealError::Unsealed)
        );
        // A field the policy leaves in clear passes.
        assert_eq!(s.open("translated_text", "1", "hola").unwrap(), "hola");
        assert_eq!(
            Sealer::none().open("message_text", "1", "hola").unwrap(),
            "hola"
        );
    }
}
