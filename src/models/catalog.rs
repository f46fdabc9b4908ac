//! The pairs crossdesk knows where to fetch: each a Hugging Face
//! repository at a pinned commit, and where known the SHA-256 of its
//! weights. Any other pair needs `--repo` and `--revision`; a pin is always
//! a full 40-hex commit, never a branch or a tag, so what is installed
//! cannot change behind the operator's back.

use super::ModelsError;
use super::digest::is_hex;

/// A pair of the built-in catalog.
pub struct Entry {
    pub pair: &'static str,
    pub repo: &'static str,
    /// A commit that has `model.safetensors` (opus-mt repositories gained
    /// it in "Adding safetensors variant" pull requests).
    pub revision: &'static str,
    /// SHA-256 of `model.safetensors` at that commit, when known: the hub's
    /// listing must say the same.
    pub model_sha256: Option<&'static str>,
}

pub const CATALOG: &[Entry] = &[
    Entry {
        pair: "es-en",
        repo: "Helsinki-NLP/opus-mt-es-en",
        revision: "d7a4e7e03d08f8aa6ed2948f8f52d0285bed7cce",
        model_sha256: None,
    },
    Entry {
        pair: "en-es",
        repo: "Helsinki-NLP/opus-mt-en-es",
        revision: "fdaddf76f50fcc1583ba42f95965862a7ab30f97",
        model_sha256: Some("b3ecbf954573c2fd95d05d3ad4618baf961793db0da07c2add2e8a3a6cd78d0b"),
    },
];

/// What to fetch for a pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub pair: String,
    pub repo: String,
    pub revision: String,
    pub model_sha256: Option<String>,
}

/// `src-tgt`, each side two or three lower-case letters (ISO 639-1 or
/// 639-3, as a `marian` engine's `models` keys): also the name of the
/// pair's directory, so nothing else may pass.
pub fn check_pair(pair: &str) -> Result<(), ModelsError> {
    let code = |s: &str| (2..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase());
    match pair.split_once('-') {
        Some((a, b)) if code(a) && code(b) => Ok(()),
        _ => Err(ModelsError::Usage(format!(
            "{pair:?} is not a pair such as es-en (two language codes, lower case)"
        ))),
    }
}

/// `owner/name` with the characters the hub allows in both.
fn check_repo(repo: &str) -> Result<(), ModelsError> {
    let part = |s: &str| {
        !s.is_empty()
            && !s.starts_with('.')
            && s.len() <= 96
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
    };
    match repo.split_once('/') {
        Some((owner, name)) if part(owner) && part(name) => Ok(()),
        _ => Err(ModelsError::Usage(format!(
            "--repo {repo:?} is not OWNER/NAME, e.g. Helsinki-NLP/opus-mt-es-en"
        ))),
    }
}

/// A full commit id; upper case is accepted and written in lower case.
fn check_revision(revision: &str) -> Result<String, ModelsError> {
    let lower = revision.to_ascii_lowercase();
    match is_hex(&lower, 40) {
        true => Ok(lower),
        false => Err(ModelsError::Usage(format!(
            "--revision {revision:?} is not a full commit id (40 hex digits): \
             a pin must not move, as a branch or a tag can"
        ))),
    }
}

pub fn lookup(pair: &str) -> Option<&'static Entry> {
    CATALOG.iter().find(|e| e.pair == pair)
}

/// The source of `pair`: the catalog's, with `repo` and `revision` given
/// on the command line overriding it. A repository other than the
/// catalog's needs its own revision; the catalog's SHA-256 holds only for
/// the catalog's own repository and revision.
pub fn resolve(
    pair: &str,
    repo: Option<&str>,
    revision: Option<&str>,
) -> Result<Source, ModelsError> {
    check_pair(pair)?;
    if let Some(r) = repo {
        check_repo(r)?;
    }
    let revision = revision.map(check_revision).transpose()?;
    let entry = lookup(pair);
    let repo = match (repo, entry) {
        (Some(r), _) => r.to_string(),
        (None, Some(e)) => e.repo.to_string(),
        (None, None) => {
            return Err(ModelsError::Usage(format!(
                "{pair} is not in the built-in catalog ({}): give --repo and --revision \
                 (opus-mt models are usually Helsinki-NLP/opus-mt-{pair}; the revision \
                 must be a commit with model.safetensors)",
                CATALOG
                    .iter()
                    .map(|e| e.pair)
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    };
    let pinned = entry.filter(|e| e.repo == repo);
    let revision = match (revision, pinned) {
        (Some(r), _) => r,
        (None, Some(e)) => e.revision.to_string(),
        (None, None) => {
            return Err(ModelsError::Usage(format!(
                "--repo {repo} needs --revision: a full commit id (40 hex digits) of it \
                 that has model.safetensors"
            )));
        }
    };
    let model_sha256 = pinned
        .filter(|e| e.revision == revision)
        .and_then(|e| e.model_sha256.map(str::to_string));
    Ok(Source {
        pair: pair.to_string(),
        repo,
        revision,
        model_sha256,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_pairs_resolve_to_their_pins() {
        let s = resolve("en-es", None, None).unwrap();
        assert_eq!(s.repo, "Helsinki-NLP/opus-mt-en-es");
        assert_eq!(s.revision, "fdaddf76f50fcc1583ba42f95965862a7ab30f97");
        assert_eq!(
            s.model_sha256.as_deref(),
            Some("b3ecbf954573c2fd95d05d3ad4618baf961793db0da07c2add2e8a3a6cd78d0b")
        );
        let s = resolve("es-en", None, None).unwrap();
        assert_eq!(
            (s.revision.as_str(), s.model_sha256),
            ("d7a4e7e03d08f8aa6ed2948f8f52d0285bed7cce", None)
        );
        for e in CATALOG {
            check_pair(e.pair).unwrap();
            check_repo(e.repo).unwrap();
            check_revision(e.revision).unwrap();
            assert!(e.model_sha256.is_none_or(|h| is_hex(h, 64)));
        }
    }

    #[test]
    fn another_revision_drops_the_pinned_digest() {
        let rev = "A".repeat(40);
        let s = resolve("en-es", None, Some(&rev)).unwrap();
        assert_eq!((s.revision, s.model_sha256), ("a".repeat(40), None));
        let s = resolve("en-es", Some("me/fork"), Some(&"b".repeat(40))).unwrap();
        assert_eq!((s.repo.as_str(), s.model_sha256), ("me/fork", None));
    }

    #[test]
    fn pins_are_mandatory_and_full_commits() {
        let usage = |r: Result<Source, ModelsError>| match r {
            Err(ModelsError::Usage(m)) => m,
            other => panic!("{other:?}"),
        };
        let m = usage(resolve("de-en", None, None));
        assert!(
            m.contains("--repo") && m.contains("Helsinki-NLP/opus-mt-de-en"),
            "{m}"
        );
        let m = usage(resolve("de-en", Some("Helsinki-NLP/opus-mt-de-en"), None));
        assert!(m.contains("--revision"), "{m}");
        assert!(usage(resolve("es-en", Some("me/fork"), None)).contains("--revision"));
        for rev in ["main", "refs/pr/2", "d7a4e7e", &"g".repeat(40)] {
            assert!(
                usage(resolve("es-en", None, Some(rev))).contains("40 hex"),
                "{rev}"
            );
        }
        for pair in ["es", "ES-EN", "es-en-x", "../en", "es_en", "es-"] {
            usage(resolve(pair, None, None));
        }
        for repo in ["x", "a/b/c", "../x", "a/.git", "a b/c"] {
            usage(resolve("es-en", Some(repo), Some(&"a".repeat(40))));
        }
    }
}
