//! Key versions: from an environment variable (hex, or
//! `VERSION:HEX[@ADDED],…`) or a key file (raw bytes, or `VERSION HEX
//! [ADDED]` lines), the file created with 32 random bytes when absent.

use std::path::Path;

use ring::rand::{SecureRandom, SystemRandom};

use super::KeyError;
use super::private_file::write_private_file;

/// A version of a key as stored: number, secret, when it was added.
pub type KeyVersion = (u32, Vec<u8>, Option<i64>);

/// Parses `VERSION HEX [ADDED]` lines (a key file) or `VERSION:HEX[@ADDED]`
/// items (environment); `None` when the text is not in that form.
pub fn parse_versions(text: &str) -> Option<Vec<KeyVersion>> {
    let mut out = Vec::new();
    // Lines of a file (whose comments may hold commas), or the items of
    // an environment variable.
    let items: Vec<&str> = if text.contains('\n') {
        text.lines().collect()
    } else {
        text.split(',').collect()
    };
    for item in items
        .into_iter()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (v, rest) = item.split_once([' ', ':'])?;
        let v: u32 = v.parse().ok()?;
        let (hex_key, added) = match rest.trim().split_once([' ', '@']) {
            Some((h, a)) => (
                h,
                Some(
                    chrono::DateTime::parse_from_rfc3339(a.trim())
                        .ok()?
                        .timestamp(),
                ),
            ),
            None => (rest.trim(), None),
        };
        let secret = hex::decode(hex_key).ok()?;
        if secret.len() < 32 {
            return None;
        }
        out.push((v, secret, added));
    }
    (!out.is_empty()).then_some(out)
}

/// A key's versions from the environment variable `env`, else from `file`
/// (raw bytes: version 1; or `VERSION HEX [ADDED]` lines), created with 32
/// random bytes and mode 0600 when absent.
pub fn versions_from_env_or_file(
    env: &'static str,
    file: &Path,
) -> Result<Vec<KeyVersion>, KeyError> {
    if let Ok(text) = std::env::var(env) {
        if let Some(v) = parse_versions(&text) {
            return Ok(v);
        }
        let key = hex::decode(text.trim()).map_err(|_| KeyError::BadEnv(env))?;
        if key.len() < 32 {
            return Err(KeyError::BadEnv(env));
        }
        return Ok(vec![(1, key, None)]);
    }
    if let Ok(bytes) = std::fs::read(file)
        && let Ok(text) = std::str::from_utf8(&bytes)
        && (text.starts_with('#')
            || text.starts_with(|c: char| c.is_ascii_digit()) && text.contains(' '))
    {
        // A text key file: versions, or an error (never the text as a key).
        return parse_versions(text).ok_or_else(|| {
            KeyError::Io(format!(
                "{}: not `VERSION HEX [ADDED]` lines",
                file.display()
            ))
        });
    }
    secret_from_file(file).map(|k| vec![(1, k, None)])
}

/// A secret of at least 32 bytes from the environment variable `env` (hex),
/// else from `file`, created with 32 random bytes and mode 0600 when absent.
pub fn secret_from_env_or_file(env: &'static str, file: &Path) -> Result<Vec<u8>, KeyError> {
    if let Ok(hex_key) = std::env::var(env) {
        let key = hex::decode(hex_key.trim()).map_err(|_| KeyError::BadEnv(env))?;
        if key.len() < 32 {
            return Err(KeyError::BadEnv(env));
        }
        return Ok(key);
    }
    secret_from_file(file)
}

/// A secret of at least 32 bytes from `file`, created with 32 random bytes
/// and mode 0600 when absent.
pub fn secret_from_file(file: &Path) -> Result<Vec<u8>, KeyError> {
    match std::fs::read(file) {
        Ok(key) if key.len() >= 32 => return Ok(key),
        Ok(_) => {
            return Err(KeyError::Io(format!(
                "{} is shorter than 32 bytes",
                file.display()
            )));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(KeyError::Io(format!("{}: {e}", file.display()))),
    }
    let mut key = [0u8; 32];
    SystemRandom::new()
        .fill(&mut key)
        .map_err(|_| KeyError::Random)?;
    write_private_file(file, &key)?;
    Ok(key.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_files_with_versions_and_comments_parse() {
        let text = format!(
            "# a comment, with commas, and: colons\n1 {}\n2 {} 2026-12-06T10:00:00+00:00\n",
            "ab".repeat(32),
            "cd".repeat(32)
        );
        let v = parse_versions(&text).unwrap();
        assert_eq!(
            v.iter().map(|v| (v.0, v.2.is_some())).collect::<Vec<_>>(),
            [(1, false), (2, true)]
        );
        let env = format!(
            "1:{},2:{}@2026-12-06T10:00:00Z",
            "ab".repeat(32),
            "cd".repeat(32)
        );
        assert_eq!(parse_versions(&env).unwrap().len(), 2);
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("t.key");
        std::fs::write(&f, "# broken\n1 nothex\n").unwrap();
        assert!(
            versions_from_env_or_file("", &f).is_err(),
            "a broken text file is not a raw key"
        );
    }
}
