//! WeChat's webhook signatures and its message encryption ("safe mode",
//! 消息加解密说明:
//! developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html,
//! and Tencent's WXBizMsgCrypt sample code the page links to).
//!
//! - A signature is the lower-case hex SHA-1 of its parts (the token, the
//!   timestamp, the nonce and, for `msg_signature`, the `<Encrypt>` text)
//!   sorted as byte strings and joined.
//! - The AES key is the 43-character EncodingAESKey with a `=` appended,
//!   read as base64 (32 bytes); the IV is its first 16 bytes.
//! - `<Encrypt>` is the base64 of AES-256-CBC over `random(16) ‖
//!   length(4, big-endian) ‖ message ‖ AppID`, padded PKCS#7-style to a
//!   multiple of 32 bytes (pad bytes 1–32, each the pad's length).

use aes::cipher::block_padding::NoPadding;
use aes::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use base64::Engine;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};

type Decryptor = cbc::Decryptor<aes::Aes256>;
type Encryptor = cbc::Encryptor<aes::Aes256>;

/// WeChat pads to this block size, not AES's 16.
const PAD_BLOCK: usize = 32;

/// The EncodingAESKey's last character carries two bits beyond the key's
/// 256 (WeChat's own keys have them set), which strict base64 refuses.
const KEY_B64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true),
);

/// A signature over `parts`, as WeChat computes it.
pub fn signature(parts: &[&str]) -> String {
    let mut sorted = parts.to_vec();
    sorted.sort_unstable();
    let joined = sorted.concat();
    hex::encode(ring::digest::digest(
        &ring::digest::SHA1_FOR_LEGACY_USE_ONLY,
        joined.as_bytes(),
    ))
}

/// Why an `<Encrypt>` text could not be read. Names no key or content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    #[error("the encrypted message is not base64")]
    Base64,
    #[error("the encrypted message is not whole AES blocks")]
    Blocks,
    #[error("the encrypted message does not decrypt with the configured aes_key")]
    Padding,
    #[error("the decrypted message is cut short")]
    Length,
    #[error("the decrypted message is not UTF-8")]
    Utf8,
}

/// The AES key of an official account.
#[derive(Clone)]
pub struct Key([u8; 32]);

impl Key {
    /// From the 43-character EncodingAESKey. The error names no part of it.
    pub fn from_encoding_aes_key(text: &str) -> Result<Key, String> {
        let wrong = || "must be the 43-character EncodingAESKey (a-z, A-Z, 0-9)".to_string();
        if text.len() != 43 || !text.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(wrong());
        }
        let bytes = KEY_B64.decode(format!("{text}=")).map_err(|_| wrong())?;
        Ok(Key(bytes.try_into().map_err(|_| wrong())?))
    }

    fn iv(&self) -> [u8; 16] {
        self.0[..16].try_into().expect("32 bytes")
    }

    /// The message and the AppID inside an `<Encrypt>` text.
    pub fn decrypt(&self, encrypt: &str) -> Result<(String, String), CryptoError> {
        let mut data = STANDARD
            .decode(encrypt.trim())
            .map_err(|_| CryptoError::Base64)?;
        if data.is_empty() || data.len() % 16 != 0 {
            return Err(CryptoError::Blocks);
        }
        let plain = Decryptor::new(&self.0.into(), &self.iv().into())
            .decrypt_padded_mut::<NoPadding>(&mut data)
            .map_err(|_| CryptoError::Blocks)?;
        let pad = *plain.last().ok_or(CryptoError::Padding)? as usize;
        if !(1..=PAD_BLOCK).contains(&pad)
            || pad > plain.len()
            || !plain[plain.len() - pad..]
                .iter()
                .all(|&b| b as usize == pad)
        {
            return Err(CryptoError::Padding);
        }
        let content = &plain[..plain.len() - pad];
        if content.len() < 20 {
            return Err(CryptoError::Length);
        }
        let length = u32::from_be_bytes(content[16..20].try_into().expect("4 bytes")) as usize;
        let rest = &content[20..];
        if length > rest.len() {
            return Err(CryptoError::Length);
        }
        let text = |b: &[u8]| String::from_utf8(b.to_vec()).map_err(|_| CryptoError::Utf8);
        Ok((text(&rest[..length])?, text(&rest[length..])?))
    }

    /// An `<Encrypt>` text of `message` for `app_id` (what WeChat sends;
    /// the tests' provider stand-ins use it).
    pub fn encrypt(&self, random: &[u8; 16], message: &str, app_id: &str) -> String {
        let mut data = Vec::with_capacity(message.len() + app_id.len() + 20 + PAD_BLOCK);
        data.extend_from_slice(random);
        data.extend_from_slice(&(message.len() as u32).to_be_bytes());
        data.extend_from_slice(message.as_bytes());
        data.extend_from_slice(app_id.as_bytes());
        let pad = PAD_BLOCK - data.len() % PAD_BLOCK;
        data.resize(data.len() + pad, pad as u8);
        let length = data.len();
        let sealed = Encryptor::new(&self.0.into(), &self.iv().into())
            .encrypt_padded_mut::<NoPadding>(&mut data, length)
            .expect("whole blocks");
        STANDARD.encode(sealed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The EncodingAESKey of Tencent's WXBizMsgCrypt samples.
    const SAMPLE_KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    /// Tencent's Python sample (`Sample.py` of the official account's
    /// encryption sample code): token `spamtest`, AppID
    /// `wx2c2769f8efd9abc2`, a text message "abcdteT".
    const SAMPLE_ENCRYPT: &str = "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=";

    #[test]
    fn the_official_samples_signature_and_message_are_read() {
        assert_eq!(
            signature(&["spamtest", "1409735669", "1320562132", SAMPLE_ENCRYPT]),
            "5d197aaffba7e9b25a30732f161a50dee96bd5fa"
        );
        let key = Key::from_encoding_aes_key(SAMPLE_KEY).unwrap();
        let (message, app_id) = key.decrypt(SAMPLE_ENCRYPT).unwrap();
        assert_eq!(app_id, "wx2c2769f8efd9abc2");
        assert!(message.starts_with("<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]>"));
        assert!(message.contains("<Content><![CDATA[abcdteT]]></Content>"));
        assert!(message.contains("<MsgId>6054768590064713728</MsgId>"));
    }

    /// Tencent's Java sample test (`WXBizMsgCryptTest.java`): the random
    /// string `aaaabbbbccccdddd`, AppID `wxb11529c136998cb6`.
    #[test]
    fn encryption_gives_the_official_samples_bytes_and_reads_back() {
        let key = Key::from_encoding_aes_key(SAMPLE_KEY).unwrap();
        let sealed = key.encrypt(b"aaaabbbbccccdddd", "我是中文abcd123", "wxb11529c136998cb6");
        assert_eq!(
            sealed,
            "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg=="
        );
        let long = "长".repeat(100);
        let again = key.encrypt(&[7; 16], &long, "wx1");
        assert_eq!(key.decrypt(&again).unwrap(), (long, "wx1".into()));
    }

    #[test]
    fn keys_and_ciphertexts_that_are_not_wechats_are_refused() {
        for bad in [
            "",
            "short",
            &format!("{SAMPLE_KEY}H"),
            &SAMPLE_KEY.replace('a', "+"),
        ] {
            let e = Key::from_encoding_aes_key(bad).err().unwrap();
            assert!(!e.contains("abcdef"), "{e}");
        }
        let key = Key::from_encoding_aes_key(SAMPLE_KEY).unwrap();
        assert_eq!(key.decrypt("not base64!"), Err(CryptoError::Base64));
        assert_eq!(key.decrypt("AAAA"), Err(CryptoError::Blocks));
        let other = Key::from_encoding_aes_key(&SAMPLE_KEY.replace('a', "b")).unwrap();
        assert!(other.decrypt(SAMPLE_ENCRYPT).is_err());
    }
}
