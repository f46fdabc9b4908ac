//! A `marian` engine whose model directory is missing or damaged keeps the
//! server from starting: exit 2, and a message naming the engine, the pair
//! and the file.

use std::path::Path;
use std::process::Command;

use crossdesk::translate::neural::fixture::Fixture;

use super::{marian, model_dir};
use crate::common::repo;

/// `crossdesk serve` with a `marian` engine on `dir`: its exit code and
/// what it wrote on stderr.
fn serve_with_model(dir: &Path) -> (Option<i32>, String) {
    let data = tempfile::tempdir().unwrap();
    let config = data.path().join("crossdesk.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\n{}",
            data.path().join("data"),
            marian(&[("es-en", dir)], "")
        ),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_crossdesk"))
        .arg("--config")
        .arg(&config)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .current_dir(repo())
        .env("CROSSDESK_LOG", "warn")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_missing_or_damaged_model_stops_the_start_naming_the_file() {
    let missing = tempfile::tempdir().unwrap();
    let nowhere = missing.path().join("opus-mt-es-en");
    let (code, err) = serve_with_model(&nowhere);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("engine local") && err.contains("model es-en") && err.contains("config.json"),
        "{err}"
    );

    // Each file of a written model, damaged in turn.
    for (file, damage) in [
        (
            "model.safetensors",
            b"\x08\x00\x00\x00\x00\x00\x00\x00{}".as_slice(),
        ),
        ("vocab.json", b"[1, 2".as_slice()),
        ("source.spm", b"\xff\xff\xff".as_slice()),
        ("config.json", b"{\"d_model\": \"wide\"}".as_slice()),
    ] {
        let dir = model_dir(&Fixture::default());
        std::fs::write(dir.path().join(file), damage).unwrap();
        let (code, err) = serve_with_model(dir.path());
        assert_eq!(code, Some(2), "{file}: {err}");
        assert!(
            err.contains("model es-en") && err.contains(file),
            "{file}: {err}"
        );
        // One line a person can read, not a panic.
        assert!(!err.contains("panicked"), "{err}");
    }
}
