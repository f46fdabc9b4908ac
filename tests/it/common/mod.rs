//! Test harness: the real `crossdesk` binary started on a free port with
//! its own data folder (`server`), a fake Rasa bot (`rasa`; the translation
//! engines' stubs are in `stubs/`), waits on conditions (`wait`), and
//! helpers to look into what a server stored.

mod browser;
mod rasa;
mod server;
mod wait;

use std::path::{Path, PathBuf};

use serde_json::Value;

pub use browser::{Browser, ensure_chromium};
pub use rasa::{FakeBot, start_rasa_bot};
pub use server::TestServer;
pub use wait::wait_until;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shop every test server trusts, and its HMAC secret.
pub const SHOP: &str = "test-shop";
pub const SHOP_SECRET: &[u8; 32] = b"test shop secret, 32 bytes long!";

/// A shopper assertion of the test shop for `shopper`, valid for ten minutes.
pub fn vouch(shopper: &str, country: Option<&str>) -> String {
    let exp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        + 600;
    crossdesk::assertion::sign_hmac(SHOP, SHOP_SECRET, shopper, country, exp)
}

/// A shopper assertion that also links the shopper's channel addresses
/// (`kind:address`).
pub fn vouch_linked(shopper: &str, country: &str, links: &[&str]) -> String {
    let exp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        + 600;
    let links: Vec<String> = links.iter().map(|l| l.to_string()).collect();
    crossdesk::assertion::sign_hmac_linked(SHOP, SHOP_SECRET, shopper, Some(country), &links, exp)
}

/// Configuration for tests of the translation path: the built-in bot reads
/// English only, so every other language is translated for it (by default
/// it reads all 31 itself).
pub const BOT_READS_ENGLISH: &str = "[bot]\nlanguages = [\"en\"]\n";

/// The largest log size a checkpoint in a `<region>.checkpoints` file signs
/// (0 without one).
pub fn signed_size(checkpoints: &Path) -> i64 {
    std::fs::read_to_string(checkpoints)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok()?["size"].as_i64())
        .max()
        .unwrap_or(0)
}

/// Opens a store file the way the server does, to look at what it holds.
pub fn open_store(region: &str, url: &Path) -> crossdesk::store::Store {
    crossdesk::store::Store::open(region, &url.display().to_string()).unwrap()
}

/// The sealer a server would use for `owner` in `region`, rebuilt from the
/// key file and the key store in its data folder (what an operator with the
/// keys can do; a copy of the database alone cannot).
pub fn sealer_for(
    data_dir: &Path,
    key_stores: Option<&str>,
    region: &str,
    owner: &str,
) -> crossdesk::seal::Sealer {
    let config = crossdesk::config::Config {
        data_dir: data_dir.to_path_buf(),
        ..crossdesk::config::Config::default()
    };
    let policies = crossdesk::policy::Policies::load_dir(&repo().join("policies")).unwrap();
    let keys = crossdesk::assemble::load_keys(&config, &policies).unwrap();
    let policy = policies.region(region).unwrap();
    let url = key_stores
        .map(|u| u.to_string())
        .unwrap_or_else(|| config.key_store_url(&policy.store));
    let keystore =
        crossdesk::store::Store::open_kind(region, &url, crossdesk::store::Kind::Keys).unwrap();
    let Some(dk) = keystore.data_key(owner).unwrap() else {
        return crossdesk::seal::Sealer::none();
    };
    let key = &keys[policy.key.as_ref().unwrap()];
    let dek = key
        .unwrap(
            &crossdesk::seal::Wrapped {
                key_id: dk.key_id,
                version: dk.key_version as u32,
                sealed: dk.wrapped,
            },
            region,
            owner,
        )
        .unwrap();
    crossdesk::seal::Sealer::new(
        region,
        owner,
        dek,
        std::sync::Arc::new(policy.sealed.iter().cloned().collect()),
    )
}

/// A copy of the shipped policies with text appended to some files
/// (`("eu.toml", "[[transfers]]…")`), for tests that need other rules.
pub fn policies_with(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["eu.toml", "us.toml", "cn.toml", "apac.toml"] {
        let mut text = std::fs::read_to_string(repo().join("policies").join(f)).unwrap();
        for (_, more) in extra.iter().filter(|(name, _)| *name == f) {
            text.push('\n');
            text.push_str(more);
            text.push('\n');
        }
        std::fs::write(dir.path().join(f), text).unwrap();
    }
    dir
}
