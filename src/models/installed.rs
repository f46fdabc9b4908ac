//! What a models directory holds (`models list`) and whether each pair is
//! still what was fetched (`models verify`): every file of the manifest
//! hashed again, and with the `neural` feature the model's files parsed.

use std::path::{Path, PathBuf};

use super::ModelsError;
use super::digest::sha256_file;
use super::manifest::{MANIFEST, Manifest};

/// A pair's directory, as `list` shows it.
#[derive(Debug)]
pub struct Installed {
    pub pair: String,
    pub path: PathBuf,
    pub state: State,
}

/// A quick look (sizes only; `verify` hashes).
#[derive(Debug)]
pub enum State {
    /// Every file of the manifest is there with its size.
    Ok(Manifest),
    /// A file of the manifest is missing or has another size.
    Changed(Manifest, String),
    /// No readable manifest: not installed by `models fetch`.
    NoManifest(String),
}

impl State {
    pub fn label(&self) -> String {
        match self {
            State::Ok(_) => "ok".into(),
            State::Changed(_, file) => format!("changed ({file}; run models verify)"),
            State::NoManifest(_) => format!("no {MANIFEST}"),
        }
    }

    pub fn manifest(&self) -> Option<&Manifest> {
        match self {
            State::Ok(m) | State::Changed(m, _) => Some(m),
            State::NoManifest(_) => None,
        }
    }
}

/// Every pair directory in `dir`, by name (hidden ones, partial downloads
/// among them, are not pairs). A directory that does not exist holds none.
pub fn installed(dir: &Path) -> Result<Vec<Installed>, ModelsError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(ModelsError::disk(dir, e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| ModelsError::disk(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !entry.path().is_dir() {
            continue;
        }
        let path = entry.path();
        let state = match Manifest::read(&path) {
            Err(e) => State::NoManifest(e.to_string()),
            Ok(m) => {
                let changed = m.files.iter().find(|f| {
                    !matches!(std::fs::metadata(path.join(&f.path)), Ok(md) if md.len() == f.size)
                });
                match changed.map(|f| f.path.clone()) {
                    Some(file) => State::Changed(m, file),
                    None => State::Ok(m),
                }
            }
        };
        out.push(Installed {
            pair: name,
            path,
            state,
        });
    }
    out.sort_by(|a, b| a.pair.cmp(&b.pair));
    Ok(out)
}

/// Something `verify` found wrong with an installed pair.
#[derive(Debug, PartialEq, Eq)]
pub enum Problem {
    Manifest(String),
    Missing(String),
    Size {
        file: String,
        manifest: u64,
        actual: u64,
    },
    Digest(String),
    Loads {
        file: String,
        reason: String,
    },
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Manifest(reason) => write!(f, "{reason}"),
            Problem::Missing(file) => write!(f, "{file}: missing"),
            Problem::Size {
                file,
                manifest,
                actual,
            } => write!(f, "{file}: {actual} bytes, the manifest says {manifest}"),
            Problem::Digest(file) => write!(f, "{file}: SHA-256 differs from the manifest"),
            Problem::Loads { file, reason } => write!(f, "{file}: does not load: {reason}"),
        }
    }
}

/// Hashes every file of `path`'s manifest again; when they all match,
/// checks the model loads (`neural` feature). Returns the manifest and
/// every problem found; `Ok` with none is a good install.
pub fn verify(path: &Path) -> (Option<Manifest>, Vec<Problem>) {
    let manifest = match Manifest::read(path) {
        Ok(m) => m,
        Err(e) => return (None, vec![Problem::Manifest(e.to_string())]),
    };
    let mut problems = Vec::new();
    for f in &manifest.files {
        match sha256_file(&path.join(&f.path)) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                problems.push(Problem::Missing(f.path.clone()))
            }
            Err(e) => problems.push(Problem::Loads {
                file: f.path.clone(),
                reason: e.to_string(),
            }),
            Ok(d) if d.len != f.size => problems.push(Problem::Size {
                file: f.path.clone(),
                manifest: f.size,
                actual: d.len,
            }),
            Ok(d) if d.sha256 != f.sha256 => problems.push(Problem::Digest(f.path.clone())),
            Ok(_) => {}
        }
    }
    if problems.is_empty()
        && let Err((file, reason)) = check_loads(path)
    {
        problems.push(Problem::Loads { file, reason });
    }
    (Some(manifest), problems)
}

/// With the `neural` feature: the model directory's configuration,
/// SentencePiece models, vocabulary and weights header parse and agree
/// (`MarianModel::check`, milliseconds; the weights are not loaded).
/// `Ok(true)` when checked, `Ok(false)` in a build without the feature.
/// The error names the file.
pub fn check_loads(path: &Path) -> Result<bool, (String, String)> {
    #[cfg(feature = "neural")]
    {
        use crate::translate::neural::{MarianModel, NeuralError};
        match MarianModel::check(path) {
            Ok(()) => Ok(true),
            Err(NeuralError::File { file, reason }) => Err((file.to_string(), reason)),
            Err(e) => Err(("model".to_string(), e.to_string())),
        }
    }
    #[cfg(not(feature = "neural"))]
    {
        let _ = path;
        Ok(false)
    }
}

/// `312.1 MB`, `826.0 kB`, `44 B` (powers of 1000, as the hub shows sizes).
pub fn human_size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{:.1} kB", bytes as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", bytes as f64 / 1e6),
        _ => format!("{:.2} GB", bytes as f64 / 1e9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::manifest::FileEntry;

    fn install(dir: &Path, files: &[(&str, &[u8])]) -> Manifest {
        std::fs::create_dir_all(dir).unwrap();
        let mut entries = Vec::new();
        for (name, bytes) in files {
            std::fs::write(dir.join(name), bytes).unwrap();
            let d = sha256_file(&dir.join(name)).unwrap();
            entries.push(FileEntry {
                path: name.to_string(),
                size: d.len,
                sha256: d.sha256,
            });
        }
        let m = Manifest {
            pair: "es-en".into(),
            repo: "o/n".into(),
            revision: "a".repeat(40),
            hub: "http://hub".into(),
            fetched_at: "2026-12-07T10:00:00Z".into(),
            files: entries,
        };
        m.write(dir).unwrap();
        m
    }

    #[test]
    fn verify_finds_changed_missing_and_resized_files() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("es-en");
        install(&dir, &[("a.json", b"{}"), ("b.spm", b"12345"), ("c", b"x")]);
        let (m, problems) = verify(&dir);
        assert!(m.is_some());
        // Without real model files, only the feature's load check can fail.
        assert!(problems.iter().all(|p| matches!(p, Problem::Loads { .. })));
        std::fs::write(dir.join("a.json"), b"[]").unwrap();
        std::fs::write(dir.join("b.spm"), b"1234").unwrap();
        std::fs::remove_file(dir.join("c")).unwrap();
        let (_, problems) = verify(&dir);
        assert_eq!(
            problems,
            [
                Problem::Digest("a.json".into()),
                Problem::Size {
                    file: "b.spm".into(),
                    manifest: 5,
                    actual: 4
                },
                Problem::Missing("c".into()),
            ]
        );
        std::fs::remove_file(dir.join(MANIFEST)).unwrap();
        assert!(matches!(verify(&dir).1[..], [Problem::Manifest(_)]));
    }

    #[test]
    fn list_shows_pairs_by_name_and_skips_partial_downloads() {
        let root = tempfile::tempdir().unwrap();
        install(&root.path().join("es-en"), &[("a", b"1")]);
        install(&root.path().join("en-es"), &[("a", b"1")]);
        std::fs::create_dir(root.path().join(".es-en.partial-00")).unwrap();
        std::fs::create_dir(root.path().join("by-hand")).unwrap();
        std::fs::write(root.path().join("en-es").join("a"), b"22").unwrap();
        let found = installed(root.path()).unwrap();
        let shown: Vec<(&str, String)> = found
            .iter()
            .map(|i| (i.pair.as_str(), i.state.label()))
            .collect();
        assert_eq!(shown[0].0, "by-hand");
        assert!(shown[0].1.contains(MANIFEST));
        assert_eq!(shown[1].0, "en-es");
        assert!(shown[1].1.starts_with("changed (a;"), "{shown:?}");
        assert_eq!(shown[2], ("es-en", "ok".to_string()));
        assert!(installed(&root.path().join("none")).unwrap().is_empty());
    }

    #[test]
    fn sizes_read_as_the_hub_shows_them() {
        assert_eq!(human_size(44), "44 B");
        assert_eq!(human_size(826_000), "826.0 kB");
        assert_eq!(human_size(312_087_009), "312.1 MB");
    }
}
