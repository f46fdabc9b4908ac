//! The digests a download is checked by: SHA-256 (of every file, and what
//! the hub lists for a file stored with Git LFS) and Git's blob SHA-1 (what
//! the hub lists for a small file kept in Git itself), both computed while
//! the bytes stream past, never over a file held whole in memory.

use std::io::Read;
use std::path::Path;

use ring::digest::{Context, SHA1_FOR_LEGACY_USE_ONLY, SHA256};

/// Digests of a stream, fed chunk by chunk.
pub struct Hasher {
    sha256: Context,
    /// Git's object id of a blob: SHA-1 of `blob {size}\0` and the bytes.
    /// The header needs the size before the bytes: the listed one.
    git: Option<Context>,
    len: u64,
}

/// What a stream hashed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digests {
    pub len: u64,
    pub sha256: String,
    /// Only when asked for (a Git blob with its expected size).
    pub git_sha1: Option<String>,
}

impl Hasher {
    /// `git_size`: the size a Git blob is expected to have, to compute its
    /// object id as well; None for SHA-256 only.
    pub fn new(git_size: Option<u64>) -> Hasher {
        let git = git_size.map(|size| {
            let mut c = Context::new(&SHA1_FOR_LEGACY_USE_ONLY);
            c.update(format!("blob {size}\0").as_bytes());
            c
        });
        Hasher {
            sha256: Context::new(&SHA256),
            git,
            len: 0,
        }
    }

    pub fn update(&mut self, bytes: &[u8]) {
        self.sha256.update(bytes);
        if let Some(git) = &mut self.git {
            git.update(bytes);
        }
        self.len += bytes.len() as u64;
    }

    pub fn received(&self) -> u64 {
        self.len
    }

    pub fn finish(self) -> Digests {
        Digests {
            len: self.len,
            sha256: hex::encode(self.sha256.finish()),
            git_sha1: self.git.map(|g| hex::encode(g.finish())),
        }
    }
}

/// Git's object id of a blob holding `bytes`.
pub fn git_blob_sha1(bytes: &[u8]) -> String {
    let mut h = Hasher::new(Some(bytes.len() as u64));
    h.update(bytes);
    h.finish().git_sha1.unwrap_or_default()
}

/// Size and SHA-256 of a file, read in blocks.
pub fn sha256_file(path: &Path) -> std::io::Result<Digests> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Hasher::new(None);
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match f.read(&mut buf)? {
            0 => return Ok(h.finish()),
            n => h.update(&buf[..n]),
        }
    }
}

/// `text` is `len` lower-case hex digits (a digest as the hub writes it).
pub fn is_hex(text: &str, len: usize) -> bool {
    text.len() == len
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_blob_ids_match_git() {
        // `git hash-object` of an empty file and of "hello\n".
        assert_eq!(
            git_blob_sha1(b""),
            "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
        );
        assert_eq!(
            git_blob_sha1(b"hello\n"),
            "ce013625030ba8dba906f756967f9e9ca394464a"
        );
    }

    #[test]
    fn chunks_hash_like_the_whole() {
        let bytes: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        let mut h = Hasher::new(Some(bytes.len() as u64));
        for chunk in bytes.chunks(7_777) {
            h.update(chunk);
        }
        let d = h.finish();
        assert_eq!(d.len, 100_000);
        assert_eq!(d.git_sha1.unwrap(), git_blob_sha1(&bytes));
        assert_eq!(d.sha256, hex::encode(ring::digest::digest(&SHA256, &bytes)));
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("f"), &bytes).unwrap();
        assert_eq!(sha256_file(&dir.path().join("f")).unwrap().sha256, d.sha256);
        // SHA-256 of "abc" (FIPS 180-2, appendix B.1).
        let mut h = Hasher::new(None);
        h.update(b"abc");
        assert_eq!(
            h.finish().sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn hex_digests_are_lower_case_of_the_right_length() {
        assert!(is_hex(&"a".repeat(40), 40));
        assert!(!is_hex(&"A".repeat(40), 40));
        assert!(!is_hex(&"a".repeat(39), 40));
        assert!(!is_hex("main", 40));
    }
}
