//! `models fetch`: a pair's files from the hub into `DIR/<pair>`. Every
//! file is downloaded into a directory of its own beside the target
//! (`DIR/.<pair>.partial-<random>`) and checked against the hub's listing;
//! only when all are good (and, with the `neural` feature, the model's
//! files parse) is the manifest written and the directory renamed into
//! place. A failure leaves no trace and an earlier install as it was.

use std::path::{Path, PathBuf};

use super::catalog::Source;
use super::digest::is_hex;
use super::hub::{Hub, TreeEntry};
use super::manifest::{FileEntry, MANIFEST, Manifest};
use super::{ModelsError, installed};

/// The files a `marian` engine reads.
pub const REQUIRED_FILES: [&str; 5] = [
    "config.json",
    "source.spm",
    "target.spm",
    "vocab.json",
    "model.safetensors",
];
/// Read when present.
pub const OPTIONAL_FILES: [&str; 1] = ["generation_config.json"];

/// What the hub's listing says a file must be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    pub path: String,
    pub size: u64,
    pub check: Check,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// A Git LFS file: its SHA-256.
    Sha256(String),
    /// A file kept in Git: its blob id.
    GitSha1(String),
}

/// The files to fetch, from the listing: the required ones and the
/// optional ones present, each with what it must hash to. Refused: no
/// `model.safetensors` (a revision with only the pickled
/// `pytorch_model.bin` included), a required file missing, a listing
/// without digests, or weights whose SHA-256 is not the catalog's.
pub fn plan(listing: &[TreeEntry], source: &Source) -> Result<Vec<Wanted>, ModelsError> {
    let at = format!("{} at {}", source.repo, source.revision);
    let find = |p: &str| listing.iter().find(|e| e.kind == "file" && e.path == p);
    if find("model.safetensors").is_none() && find("pytorch_model.bin").is_some() {
        return Err(ModelsError::Refused(format!(
            "{at} has pytorch_model.bin but no model.safetensors: crossdesk reads \
             safetensors only (a pickle can run code when loaded). Pick a commit that \
             has model.safetensors, such as the hub's \"Adding safetensors variant\" \
             pull requests (refs/pr/N), and pass its full id with --revision"
        )));
    }
    let mut wanted = Vec::new();
    for (name, required) in REQUIRED_FILES
        .iter()
        .map(|n| (n, true))
        .chain(OPTIONAL_FILES.iter().map(|n| (n, false)))
    {
        let Some(entry) = find(name) else {
            if required {
                return Err(ModelsError::Refused(format!(
                    "{at} has no {name}; a Marian model needs {}",
                    REQUIRED_FILES.join(", ")
                )));
            }
            continue;
        };
        let check = match &entry.lfs {
            Some(lfs) if is_hex(&lfs.oid, 64) && lfs.size == entry.size => {
                Check::Sha256(lfs.oid.clone())
            }
            None if is_hex(&entry.oid, 40) => Check::GitSha1(entry.oid.clone()),
            _ => {
                return Err(ModelsError::Refused(format!(
                    "the hub's listing of {at} gives {name} no usable digest \
                     (an LFS SHA-256 with its size, or a Git blob id)"
                )));
            }
        };
        if name == &"model.safetensors"
            && let Some(pinned) = &source.model_sha256
            && check != Check::Sha256(pinned.clone())
        {
            let listed = match &check {
                Check::Sha256(h) => format!("SHA-256 {h}"),
                Check::GitSha1(h) => format!("a Git blob {h}, not an LFS file"),
            };
            return Err(ModelsError::Refused(format!(
                "the hub lists model.safetensors of {at} with {listed}, but the catalog \
                 pins SHA-256 {pinned}: refused (the file changed on the hub, or this \
                 hub is not serving the expected repository)"
            )));
        }
        wanted.push(Wanted {
            path: name.to_string(),
            size: entry.size,
            check,
        });
    }
    Ok(wanted)
}

/// What to fetch and where.
pub struct Fetch<'a> {
    pub source: Source,
    /// The hub's base URL.
    pub hub: &'a str,
    /// Bearer token for private or gated repositories.
    pub token: Option<String>,
    /// The models directory; the pair lands in `dir/<pair>`.
    pub dir: &'a Path,
    /// Replace an install of another revision.
    pub force: bool,
}

/// What `fetch` did.
#[derive(Debug)]
pub enum Fetched {
    Installed {
        manifest: Manifest,
        path: PathBuf,
    },
    /// The same repository and revision was installed already (nothing
    /// fetched; `--force` fetches again).
    AlreadyInstalled {
        manifest: Manifest,
        path: PathBuf,
    },
}

/// Removes a directory when dropped, unless kept: the partial download
/// of a fetch that failed.
struct Scratch(Option<PathBuf>);

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(dir) = self.0.take() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Partial downloads of `pair` left by a fetch that was killed (one that
/// fails removes its own): a fetch of the pair starts by removing them.
/// Two fetches of one pair at once into one directory are not supported.
fn remove_leftovers(dir: &Path, pair: &str) {
    let prefix = format!(".{pair}.partial-");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            // Best effort: what cannot be removed is only disk space.
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn random_suffix() -> String {
    let mut bytes = [0u8; 6];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut bytes)
        .expect("the system's random source works");
    hex::encode(bytes)
}

/// Fetches `req.source` into `req.dir/<pair>`; `progress` gets one line per
/// file checked.
pub async fn fetch(req: Fetch<'_>, progress: &mut dyn FnMut(&str)) -> Result<Fetched, ModelsError> {
    let s = &req.source;
    let target = req.dir.join(&s.pair);
    if target.exists() {
        let current = Manifest::read(&target);
        match current {
            Ok(m) if !req.force && m.repo == s.repo && m.revision == s.revision => {
                return Ok(Fetched::AlreadyInstalled {
                    manifest: m,
                    path: target,
                });
            }
            Ok(m) if !req.force => {
                return Err(ModelsError::Refused(format!(
                    "{} is installed from {} at {}; --force replaces it",
                    s.pair, m.repo, m.revision
                )));
            }
            Err(_) if !req.force => {
                return Err(ModelsError::Refused(format!(
                    "{} exists without a readable {MANIFEST}; --force replaces it",
                    target.display()
                )));
            }
            _ => {}
        }
    }
    let hub = Hub::new(req.hub, req.token)?;
    let names: Vec<&str> = REQUIRED_FILES
        .iter()
        .chain(OPTIONAL_FILES.iter())
        .chain(["pytorch_model.bin"].iter())
        .copied()
        .collect();
    let listing = hub.listing(&s.repo, &s.revision, &names).await?;
    let wanted = plan(&listing, s)?;
    std::fs::create_dir_all(req.dir).map_err(|e| ModelsError::disk(req.dir, e))?;
    remove_leftovers(req.dir, &s.pair);
    let partial = req
        .dir
        .join(format!(".{}.partial-{}", s.pair, random_suffix()));
    std::fs::create_dir(&partial).map_err(|e| ModelsError::disk(&partial, e))?;
    let mut scratch = Scratch(Some(partial.clone()));
    let mut files = Vec::new();
    for w in &wanted {
        let git_size = matches!(w.check, Check::GitSha1(_)).then_some(w.size);
        let got = hub
            .download(
                &s.repo,
                &s.revision,
                &w.path,
                w.size,
                git_size,
                &partial.join(&w.path),
            )
            .await?;
        if got.len != w.size {
            return Err(ModelsError::file(
                &w.path,
                format!(
                    "{} bytes received, the hub lists {} (truncated download)",
                    got.len, w.size
                ),
            ));
        }
        let matches = match &w.check {
            Check::Sha256(h) => &got.sha256 == h,
            Check::GitSha1(h) => got.git_sha1.as_ref() == Some(h),
        };
        if !matches {
            let (kind, listed) = match &w.check {
                Check::Sha256(h) => ("SHA-256", h),
                Check::GitSha1(h) => ("Git blob id", h),
            };
            return Err(ModelsError::file(
                &w.path,
                format!("the bytes received do not have the {kind} the hub lists ({listed})"),
            ));
        }
        progress(&format!(
            "{}: {} {} ok",
            s.pair,
            w.path,
            installed::human_size(w.size)
        ));
        files.push(FileEntry {
            path: w.path.clone(),
            size: got.len,
            sha256: got.sha256,
        });
    }
    installed::check_loads(&partial).map_err(|(file, reason)| ModelsError::file(&file, reason))?;
    let manifest = Manifest {
        pair: s.pair.clone(),
        repo: s.repo.clone(),
        revision: s.revision.clone(),
        hub: req.hub.trim_end_matches('/').to_string(),
        fetched_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        files,
    };
    manifest.write(&partial)?;
    place(&partial, &target)?;
    scratch.0 = None;
    Ok(Fetched::Installed {
        manifest,
        path: target,
    })
}

/// Renames `partial` to `target`. An existing `target` is first renamed
/// aside, and put back if the second rename fails: at every moment the
/// pair's directory is the old install or the new one, never a mix.
fn place(partial: &Path, target: &Path) -> Result<(), ModelsError> {
    if !target.exists() {
        return std::fs::rename(partial, target).map_err(|e| ModelsError::disk(target, e));
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let old = target.with_file_name(format!(".{name}.old-{}", random_suffix()));
    std::fs::rename(target, &old).map_err(|e| ModelsError::disk(target, e))?;
    if let Err(e) = std::fs::rename(partial, target) {
        let _ = std::fs::rename(&old, target);
        return Err(ModelsError::disk(target, e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::hub::Lfs;

    fn file(path: &str, size: u64, oid: &str, lfs: Option<&str>) -> TreeEntry {
        TreeEntry {
            kind: "file".into(),
            path: path.into(),
            size,
            oid: oid.into(),
            lfs: lfs.map(|h| Lfs {
                oid: h.into(),
                size,
            }),
        }
    }

    fn listing(weights: &str) -> Vec<TreeEntry> {
        let mut l: Vec<TreeEntry> = ["config.json", "source.spm", "target.spm", "vocab.json"]
            .iter()
            .map(|p| file(p, 10, &"1".repeat(40), None))
            .collect();
        l.push(file(weights, 1000, &"2".repeat(40), Some(&"3".repeat(64))));
        l
    }

    fn source(sha: Option<&str>) -> Source {
        Source {
            pair: "es-en".into(),
            repo: "o/n".into(),
            revision: "a".repeat(40),
            model_sha256: sha.map(str::to_string),
        }
    }

    #[test]
    fn the_plan_takes_the_model_files_with_their_digests() {
        let mut l = listing("model.safetensors");
        l.push(file("README.md", 5, &"4".repeat(40), None));
        let plan = plan(&l, &source(None)).unwrap();
        let names: Vec<&str> = plan.iter().map(|w| w.path.as_str()).collect();
        assert_eq!(names, REQUIRED_FILES);
        assert_eq!(plan[4].check, Check::Sha256("3".repeat(64)));
        assert_eq!(plan[0].check, Check::GitSha1("1".repeat(40)));
        l.push(file("generation_config.json", 3, &"5".repeat(40), None));
        assert_eq!(super::plan(&l, &source(None)).unwrap().len(), 6);
        assert!(super::plan(&l, &source(Some(&"3".repeat(64)))).is_ok());
    }

    #[test]
    fn the_plan_refuses_pickles_gaps_and_changed_weights() {
        let refused = |r: Result<Vec<Wanted>, ModelsError>| match r {
            Err(ModelsError::Refused(m)) => m,
            other => panic!("{other:?}"),
        };
        let m = refused(plan(&listing("pytorch_model.bin"), &source(None)));
        assert!(m.contains("safetensors") && m.contains("--revision"), "{m}");
        let m = refused(plan(&listing("model.safetensors")[1..], &source(None)));
        assert!(m.contains("config.json"), "{m}");
        let m = refused(plan(
            &listing("model.safetensors"),
            &source(Some(&"9".repeat(64))),
        ));
        assert!(
            m.contains(&"9".repeat(64)) && m.contains(&"3".repeat(64)),
            "{m}"
        );
        let mut l = listing("model.safetensors");
        l[0].oid = "not-a-digest".into();
        refused(plan(&l, &source(None)));
    }
}
