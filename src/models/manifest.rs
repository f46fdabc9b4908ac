//! `crossdesk-model.json`, written into a pair's directory when it is
//! installed: where it came from (hub, repository, commit), when, and the
//! size and SHA-256 of every file, which `models verify` checks again.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::ModelsError;
use super::digest::is_hex;

pub const MANIFEST: &str = "crossdesk-model.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub pair: String,
    pub repo: String,
    /// The commit the files were fetched at.
    pub revision: String,
    /// The hub's base URL (never with credentials: `[models] hub` has none).
    pub hub: String,
    /// RFC 3339, UTC.
    pub fetched_at: String,
    pub files: Vec<FileEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// A file name in the pair's directory.
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

impl Manifest {
    pub fn total_size(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }

    /// Reads `dir`'s manifest. Its file names must be plain names in the
    /// directory: a manifest is data, and must not send `verify` elsewhere.
    pub fn read(dir: &Path) -> Result<Manifest, ModelsError> {
        let path = dir.join(MANIFEST);
        let bytes = std::fs::read(&path).map_err(|e| ModelsError::disk(&path, e))?;
        let m: Manifest = serde_json::from_slice(&bytes)
            .map_err(|e| ModelsError::disk(&path, format!("not a manifest: {e}")))?;
        for f in &m.files {
            let plain = !f.path.is_empty()
                && !f.path.starts_with('.')
                && !f.path.contains(['/', '\\'])
                && f.path != MANIFEST;
            if !plain || !is_hex(&f.sha256, 64) {
                return Err(ModelsError::disk(
                    &path,
                    format!("entry {:?} is not a file name with a SHA-256", f.path),
                ));
            }
        }
        Ok(m)
    }

    pub fn write(&self, dir: &Path) -> Result<(), ModelsError> {
        let path = dir.join(MANIFEST);
        let mut text = serde_json::to_string_pretty(self).expect("plain struct serializes");
        text.push('\n');
        std::fs::write(&path, text).map_err(|e| ModelsError::disk(&path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Manifest {
        Manifest {
            pair: "es-en".into(),
            repo: "Helsinki-NLP/opus-mt-es-en".into(),
            revision: "d7a4e7e03d08f8aa6ed2948f8f52d0285bed7cce".into(),
            hub: "https://huggingface.co".into(),
            fetched_at: "2026-12-07T10:00:00Z".into(),
            files: vec![
                FileEntry {
                    path: "config.json".into(),
                    size: 1440,
                    sha256: "a".repeat(64),
                },
                FileEntry {
                    path: "model.safetensors".into(),
                    size: 312_000_000,
                    sha256: "b".repeat(64),
                },
            ],
        }
    }

    #[test]
    fn a_manifest_reads_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let m = sample();
        m.write(dir.path()).unwrap();
        assert_eq!(Manifest::read(dir.path()).unwrap(), m);
        assert_eq!(m.total_size(), 312_001_440);
    }

    #[test]
    fn entries_must_be_plain_names_with_digests() {
        let dir = tempfile::tempdir().unwrap();
        for (path, sha) in [
            ("../../etc/passwd", "a".repeat(64)),
            ("sub/x", "a".repeat(64)),
            ("", "a".repeat(64)),
            (MANIFEST, "a".repeat(64)),
            ("config.json", "xyz".into()),
        ] {
            let mut m = sample();
            m.files[0] = FileEntry {
                path: path.into(),
                size: 1,
                sha256: sha,
            };
            m.write(dir.path()).unwrap();
            assert!(Manifest::read(dir.path()).is_err(), "{path}");
        }
        std::fs::write(dir.path().join(MANIFEST), "{").unwrap();
        assert!(Manifest::read(dir.path()).is_err());
    }
}
