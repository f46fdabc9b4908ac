//! `crossdesk models fetch|list|verify` against a hub stand-in on
//! 127.0.0.1 (tests/it/stubs/hub.rs): an install checked file by file and
//! put in place whole, downloads that do not match the listing refused with
//! nothing installed, pins enforced before any request, an install changed
//! afterwards found by `verify`.

use std::path::Path;
use std::process::Command;

use crate::common::repo;
use crate::stubs::{HubStub, start_hub};

const ES_EN: &str = "Helsinki-NLP/opus-mt-es-en";
const ES_EN_REV: &str = "d7a4e7e03d08f8aa6ed2948f8f52d0285bed7cce";
const EN_ES_REV: &str = "fdaddf76f50fcc1583ba42f95965862a7ab30f97";

/// Runs the binary in the repository (its `crossdesk.toml`), without a
/// hub token from the environment.
fn crossdesk(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_crossdesk"))
        .args(args)
        .current_dir(repo())
        .env("CROSSDESK_LOG", "warn")
        .env_remove("HF_TOKEN")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The files of a model repository, the same bytes at every call (the
/// generated vocabulary's key order is not). With the `neural` feature the
/// binary parses what it fetched, so they are a generated model's; without
/// it, bytes of the same names do.
fn model_files() -> Vec<(&'static str, Vec<u8>)> {
    static FILES: std::sync::OnceLock<Vec<(&'static str, Vec<u8>)>> = std::sync::OnceLock::new();
    FILES
        .get_or_init(|| {
            let mut files = model_dir_files();
            files.push(("generation_config.json", br#"{"num_beams": 1}"#.to_vec()));
            files.push(("README.md", b"# opus-mt-es-en\n".to_vec()));
            files.push(("tokenizer_config.json", b"{}".to_vec()));
            files
        })
        .clone()
}

#[cfg(feature = "neural")]
fn model_dir_files() -> Vec<(&'static str, Vec<u8>)> {
    let dir = tempfile::tempdir().unwrap();
    crossdesk::translate::neural::fixture::Fixture::default()
        .write(dir.path())
        .unwrap();
    crossdesk::models::REQUIRED_FILES
        .iter()
        .map(|f| (*f, std::fs::read(dir.path().join(f)).unwrap()))
        .collect()
}

#[cfg(not(feature = "neural"))]
fn model_dir_files() -> Vec<(&'static str, Vec<u8>)> {
    let weights: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
    vec![
        ("config.json", br#"{"d_model": 16}"#.to_vec()),
        ("source.spm", b"source pieces".to_vec()),
        ("target.spm", b"target pieces".to_vec()),
        ("vocab.json", br#"{"</s>": 0}"#.to_vec()),
        ("model.safetensors", weights),
    ]
}

fn hub_with_es_en() -> HubStub {
    let hub = start_hub();
    hub.add(ES_EN, ES_EN_REV, &model_files());
    hub
}

fn fetch(hub: &HubStub, dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "models",
        "fetch",
        "es-en",
        "--hub",
        &hub.base,
        "--dir",
        dir.to_str().unwrap(),
    ];
    args.extend(extra);
    crossdesk(&args)
}

fn dir_arg(dir: &Path) -> &str {
    dir.to_str().unwrap()
}

/// Names in `dir` (partial downloads included).
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn fetch_installs_a_pair_with_its_manifest_and_list_and_verify_show_it() {
    let hub = hub_with_es_en();
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("models");
    let (code, out, err) = fetch(&hub, &dir, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(&format!("es-en: installed {ES_EN} at {ES_EN_REV} (6 files")),
        "{out}"
    );
    for f in ["model.safetensors", "config.json", "generation_config.json"] {
        assert!(err.contains(&format!("es-en: {f} ")), "{err}");
    }
    assert_eq!(entries(&dir), ["es-en"]);
    let installed = dir.join("es-en");
    let mut names = entries(&installed);
    names.retain(|n| n != "crossdesk-model.json");
    assert_eq!(
        names,
        [
            "config.json",
            "generation_config.json",
            "model.safetensors",
            "source.spm",
            "target.spm",
            "vocab.json"
        ],
        "only the files the model needs"
    );
    for (name, bytes) in model_files().iter().take(6) {
        assert_eq!(
            &std::fs::read(installed.join(name)).unwrap(),
            bytes,
            "{name}"
        );
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(installed.join("crossdesk-model.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["repo"], ES_EN);
    assert_eq!(manifest["revision"], ES_EN_REV);
    assert_eq!(manifest["hub"], hub.base.as_str());
    let weights = &model_files()[4].1;
    let entry = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "model.safetensors")
        .unwrap();
    assert_eq!(entry["size"], weights.len());
    assert_eq!(
        entry["sha256"],
        hex::encode(ring::digest::digest(&ring::digest::SHA256, weights))
    );
    // The weights came through the redirect to the CDN.
    let requests = hub.requests();
    assert!(
        requests
            .iter()
            .any(|(host, path, _)| *host == "cdn" && path.contains("model.safetensors")),
        "{requests:?}"
    );

    let (code, out, _) = crossdesk(&["models", "list", "--dir", dir_arg(&dir)]);
    assert_eq!(code, 0);
    let fields: Vec<&str> = out.trim_end().split('\t').collect();
    assert_eq!(fields[..3], ["es-en", ES_EN, ES_EN_REV], "{out}");
    assert_eq!(fields[5], "ok", "{out}");
    let (code, out, err) = crossdesk(&["models", "verify", "--dir", dir_arg(&dir)]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("es-en: OK (6 files"), "{out}");

    // Fetching the same pin again downloads nothing.
    let before = hub.requests().len();
    let (code, out, _) = fetch(&hub, &dir, &[]);
    assert_eq!(code, 0);
    assert!(out.contains("already installed"), "{out}");
    assert_eq!(hub.requests().len(), before);
}

#[test]
fn a_hub_without_the_tree_listing_is_read_file_by_file_and_still_checked() {
    let hub = hub_with_es_en();
    hub.without_listing();
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("models");
    // What a killed fetch left behind goes with the next fetch of the pair.
    std::fs::create_dir_all(dir.join(".es-en.partial-killed")).unwrap();
    std::fs::write(dir.join(".es-en.partial-killed/model.safetensors"), b"half").unwrap();
    let (code, out, err) = fetch(&hub, &dir, &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(entries(&dir), ["es-en"]);
    let heads = hub
        .requests()
        .iter()
        .filter(|(_, path, _)| path.contains("/resolve/"))
        .count();
    assert!(heads >= 6, "{:?}", hub.requests());
    let (code, _, err) = crossdesk(&["models", "verify", "es-en", "--dir", dir_arg(&dir)]);
    assert_eq!(code, 0, "{err}");

    // The digests from the HEAD answers are enforced as the listing's are.
    let files = model_files();
    let weights = files
        .iter()
        .find(|(n, _)| *n == "model.safetensors")
        .unwrap();
    let mut corrupted = weights.1.clone();
    corrupted[10] ^= 1;
    hub.serve_instead("model.safetensors", corrupted);
    let other = tempfile::tempdir().unwrap();
    let (code, _, err) = fetch(&hub, &other.path().join("models"), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("model.safetensors") && err.contains("SHA-256"),
        "{err}"
    );
    assert!(entries(&other.path().join("models")).is_empty());

    // A repository the mirror does not have at all: the listing's 404.
    let (code, _, err) = crossdesk(&[
        "models",
        "fetch",
        "xx-yy",
        "--repo",
        "nobody/nothing",
        "--revision",
        ES_EN_REV,
        "--hub",
        &hub.base,
        "--dir",
        dir_arg(&dir),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("404"), "{err}");
}

#[test]
fn a_corrupted_or_truncated_download_is_refused_and_nothing_is_installed() {
    let hub = hub_with_es_en();
    let files = model_files();
    let bytes = |name: &str| files.iter().find(|(n, _)| *n == name).unwrap().1.clone();
    let flipped = |mut b: Vec<u8>| {
        let mid = b.len() / 2;
        b[mid] ^= 0x55;
        b
    };
    let weights = bytes("model.safetensors");
    let vocab = bytes("vocab.json");
    let cases = [
        // An LFS file whose bytes differ from the listed SHA-256.
        ("model.safetensors", flipped(weights.clone()), "SHA-256"),
        // A Git file whose bytes differ from the listed blob id.
        ("vocab.json", flipped(vocab.clone()), "Git blob id"),
        (
            "model.safetensors",
            weights[..weights.len() - 100].to_vec(),
            "truncated",
        ),
        (
            "vocab.json",
            [vocab.clone(), b" ".to_vec()].concat(),
            "more than",
        ),
    ];
    for (file, served, expected) in cases {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("models");
        hub.serve_instead(file, served);
        let (code, out, err) = fetch(&hub, &dir, &[]);
        assert_eq!(code, 1, "{file}: {out}{err}");
        assert!(
            err.contains(&format!("crossdesk models: {file}: ")) && err.contains(expected),
            "{file}: {err}"
        );
        assert!(entries(&dir).is_empty(), "{file}: {:?}", entries(&dir));
        hub.serve_as_listed();
    }

    // Over an earlier install (of another revision), with --force: the
    // failed fetch leaves the install as it was.
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("models");
    assert_eq!(fetch(&hub, &dir, &[]).0, 0);
    let manifest = std::fs::read(dir.join("es-en/crossdesk-model.json")).unwrap();
    let other = "0123456789abcdef0123456789abcdef01234567";
    hub.add(ES_EN, other, &model_files());
    hub.serve_instead("model.safetensors", flipped(weights));
    let (code, _, err) = fetch(&hub, &dir, &["--revision", other]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("--force"), "{err}");
    let (code, _, err) = fetch(&hub, &dir, &["--revision", other, "--force"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("model.safetensors"), "{err}");
    assert_eq!(entries(&dir), ["es-en"]);
    assert_eq!(
        std::fs::read(dir.join("es-en/crossdesk-model.json")).unwrap(),
        manifest
    );
    assert_eq!(
        crossdesk(&["models", "verify", "--dir", dir_arg(&dir)]).0,
        0
    );
    // A good fetch with --force replaces it.
    hub.serve_as_listed();
    let (code, out, err) = fetch(&hub, &dir, &["--revision", other, "--force"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(other), "{out}");
    assert_eq!(entries(&dir), ["es-en"]);
}

#[test]
fn weights_other_than_the_catalog_pins_are_refused_before_downloading() {
    let hub = start_hub();
    // The generated weights cannot have the SHA-256 the catalog pins for
    // en-es at this revision.
    hub.add("Helsinki-NLP/opus-mt-en-es", EN_ES_REV, &model_files());
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("models");
    let (code, _, err) = crossdesk(&[
        "models",
        "fetch",
        "en-es",
        "--hub",
        &hub.base,
        "--dir",
        dir_arg(&dir),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("b3ecbf954573c2fd95d05d3ad4618baf961793db0da07c2add2e8a3a6cd78d0b")
            && err.contains("refused"),
        "{err}"
    );
    assert!(
        hub.requests()
            .iter()
            .all(|(_, p, _)| !p.contains("/resolve/")),
        "nothing downloaded"
    );
    assert!(entries(&dir).is_empty());
}

#[test]
fn unpinned_requests_are_refused_before_any_request() {
    let hub = hub_with_es_en();
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("models");
    let d = dir_arg(&dir);
    let h = hub.base.as_str();
    for (args, expected) in [
        (vec!["de-en"], "--repo"),
        (
            vec!["de-en", "--repo", "Helsinki-NLP/opus-mt-de-en"],
            "--revision",
        ),
        (vec!["es-en", "--revision", "main"], "40 hex"),
        (vec!["es-en", "--revision", "d7a4e7e"], "40 hex"),
        (vec!["es-en", "--repo", "someone/fork"], "--revision"),
        (vec!["../etc"], "not a pair"),
    ] {
        let mut all = vec!["models", "fetch"];
        all.extend(&args);
        all.extend(["--hub", h, "--dir", d]);
        let (code, _, err) = crossdesk(&all);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    assert!(hub.requests().is_empty());
    assert!(!dir.exists());
}

#[test]
fn a_revision_with_only_pickled_weights_is_refused() {
    let hub = start_hub();
    let mut files = model_files();
    files.retain(|(n, _)| *n != "model.safetensors");
    files.push(("pytorch_model.bin", vec![0x80, 2, 3]));
    hub.add(ES_EN, ES_EN_REV, &files);
    let root = tempfile::tempdir().unwrap();
    let (code, _, err) = fetch(&hub, root.path(), &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("pytorch_model.bin") && err.contains("model.safetensors"),
        "{err}"
    );
    assert!(entries(root.path()).is_empty());
}

#[test]
fn verify_names_a_changed_and_a_missing_file() {
    let hub = hub_with_es_en();
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("models");
    assert_eq!(fetch(&hub, &dir, &[]).0, 0);
    let pair = dir.join("es-en");
    let mut vocab = std::fs::read(pair.join("vocab.json")).unwrap();
    let last = vocab.len() - 2;
    vocab[last] ^= 1;
    std::fs::write(pair.join("vocab.json"), vocab).unwrap();
    let (code, out, _) = crossdesk(&["models", "verify", "es-en", "--dir", dir_arg(&dir)]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        "es-en: vocab.json: SHA-256 differs from the manifest\n"
    );
    std::fs::remove_file(pair.join("source.spm")).unwrap();
    let (code, out, _) = crossdesk(&["models", "verify", "--dir", dir_arg(&dir)]);
    assert_eq!(code, 1);
    assert!(out.contains("es-en: source.spm: missing"), "{out}");
    let (_, out, _) = crossdesk(&["models", "list", "--dir", dir_arg(&dir)]);
    assert!(out.contains("changed (source.spm"), "{out}");
    let (code, _, err) = crossdesk(&["models", "verify", "en-es", "--dir", dir_arg(&dir)]);
    assert_eq!(code, 1);
    assert!(err.contains("en-es is not installed"), "{err}");
    let (code, _, err) = crossdesk(&[
        "models",
        "verify",
        "--dir",
        dir_arg(&root.path().join("none")),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("no models installed"), "{err}");
}

#[test]
fn an_unreachable_hub_is_a_clear_error() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let root = tempfile::tempdir().unwrap();
    let (code, _, err) = crossdesk(&[
        "models",
        "fetch",
        "es-en",
        "--hub",
        &format!("http://127.0.0.1:{port}"),
        "--dir",
        dir_arg(root.path()),
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("GET /api/models/{ES_EN}/tree/{ES_EN_REV}"))
            && err.contains("cannot reach the hub"),
        "{err}"
    );
    // An unknown revision on a working hub names the request and the status.
    let hub = start_hub();
    let (code, _, err) = fetch(&hub, root.path(), &[]);
    assert_eq!(code, 1);
    assert!(err.contains("HTTP 404"), "{err}");
    assert!(entries(root.path()).is_empty());
}

#[test]
fn the_token_goes_to_the_hub_only_and_is_never_printed() {
    let hub = hub_with_es_en();
    let root = tempfile::tempdir().unwrap();
    let token_file = root.path().join("token");
    std::fs::write(&token_file, "hf_sekrit123\n").unwrap();
    let dir = root.path().join("models");
    let t = token_file.to_str().unwrap();
    let (code, out, err) = fetch(&hub, &dir, &["--token-file", t]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("sekrit") && !err.contains("sekrit"));
    for (host, path, auth) in hub.requests() {
        match host {
            "hub" => assert_eq!(auth.as_deref(), Some("Bearer hf_sekrit123"), "{path}"),
            _ => assert_eq!(auth, None, "the CDN is another host: {path}"),
        }
    }
    let manifest = std::fs::read_to_string(dir.join("es-en/crossdesk-model.json")).unwrap();
    assert!(!manifest.contains("sekrit"));
    // Nor in an error.
    let (code, _, err) = crossdesk(&[
        "models",
        "fetch",
        "es-en",
        "--revision",
        &"e".repeat(40),
        "--hub",
        &hub.base,
        "--dir",
        dir_arg(&dir),
        "--token-file",
        t,
        "--force",
    ]);
    assert_eq!(code, 1);
    assert!(!err.contains("sekrit"), "{err}");
}

#[test]
fn the_models_section_gives_the_directory_and_the_hub() {
    let hub = hub_with_es_en();
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("installed");
    let config = root.path().join("c.toml");
    std::fs::write(
        &config,
        format!(
            "[models]\ndir = {:?}\nhub = {:?}\n",
            dir.to_str().unwrap(),
            hub.base
        ),
    )
    .unwrap();
    let c = config.to_str().unwrap();
    let (code, _, err) = crossdesk(&["--config", c, "models", "fetch", "es-en"]);
    assert_eq!(code, 0, "{err}");
    assert!(dir.join("es-en/crossdesk-model.json").exists());
    let (code, out, _) = crossdesk(&["--config", c, "models", "list"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("es-en\t"), "{out}");
    std::fs::write(&config, "[models]\nhub = \"https://user:pw@hub.example\"\n").unwrap();
    let (code, _, err) = crossdesk(&["--config", c, "models", "list"]);
    assert_eq!(code, 2);
    assert!(err.contains("models.hub") && !err.contains("pw@"), "{err}");
}

/// What a fetched model translates is what the hub's model translates.
#[cfg(feature = "neural")]
#[test]
fn a_fetched_model_loads_and_translates_like_the_published_one() {
    use crossdesk::translate::neural::{MarianModel, Weights};
    let hub = hub_with_es_en();
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("models");
    assert_eq!(fetch(&hub, &dir, &[]).0, 0);
    let published = root.path().join("published");
    std::fs::create_dir(&published).unwrap();
    for (name, bytes) in model_files() {
        std::fs::write(published.join(name), bytes).unwrap();
    }
    let texts = ["hello world", "where is my parcel"];
    let fetched = MarianModel::load(&dir.join("es-en"), Weights::F32).unwrap();
    let expected = MarianModel::load(&published, Weights::F32).unwrap();
    assert_eq!(
        fetched.translate(&texts, None).unwrap(),
        expected.translate(&texts, None).unwrap()
    );
    let (_, out, _) = crossdesk(&["models", "verify", "--dir", dir_arg(&dir)]);
    assert!(out.contains("the model's files parse"), "{out}");
}

/// A repository whose files match their digests but do not form a model
/// is not installed.
#[cfg(feature = "neural")]
#[test]
fn a_model_whose_files_do_not_parse_is_not_installed() {
    let hub = start_hub();
    let mut files = model_files();
    for (name, bytes) in files.iter_mut() {
        if *name == "vocab.json" {
            *bytes = b"not json".to_vec();
        }
    }
    hub.add(ES_EN, ES_EN_REV, &files);
    let root = tempfile::tempdir().unwrap();
    let (code, _, err) = fetch(&hub, root.path(), &[]);
    assert_eq!(code, 1);
    assert!(err.contains("crossdesk models: vocab.json: "), "{err}");
    assert!(entries(root.path()).is_empty());
}
