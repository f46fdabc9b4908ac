//! Operator commands on region data: key rotation, erasure
//! (crypto-shredding), retention sweeps. Each prints a summary without any
//! personal data or key material.

use chrono::Utc;

use crate::assemble::StartError;
use crate::audit::AuditError;
use crate::config::Config;
use crate::crypto::{FileError, KeyError};
use crate::policy::{Policies, PolicyError};
use crate::seal::{SealError, Secret, Wrapped};
use crate::store::{Kind, Store, StoreError};

/// Why an operator command did not complete: which region, key or file.
/// The text is what the command prints after `crossdesk: `; key material
/// never appears in it.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Policies(Vec<PolicyError>),
    /// The deployment's keys or audit log could not be opened.
    #[error(transparent)]
    Start(#[from] StartError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Audit(#[from] AuditError),
    #[error(transparent)]
    File(#[from] FileError),
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error(transparent)]
    Seal(#[from] SealError),
    #[error("no region {0:?}")]
    NoRegion(String),
    #[error("region {0} has no key")]
    NoKey(String),
    /// The key is not in a file this command may add a version to.
    #[error(
        "key {key_id} comes from the environment or a command: add the version there, then run `crossdesk keys rewrap --region {region}`"
    )]
    ExternalKey { key_id: String, region: String },
    #[error("key {0} not loaded")]
    KeyNotLoaded(String),
    #[error("the token key comes from CROSSDESK_TOKEN_KEY: add `N:HEX@RFC3339` there")]
    TokenKeyFromEnv,
    /// The `n`th data key of a region does not open with its key.
    #[error("data key {n}: {source}")]
    DataKey {
        n: usize,
        #[source]
        source: SealError,
    },
    /// A key's bytes are not hex.
    #[error(transparent)]
    Hex(#[from] hex::FromHexError),
    /// An audit chain that does not verify: one line per region checked.
    #[error("{0}")]
    Unverified(String),
    /// An exported log that does not verify, and its first bad entry.
    #[error("{}: entry {seq}: {why}", file.display())]
    ExportUnverified {
        file: std::path::PathBuf,
        seq: i64,
        why: String,
    },
}

struct Region {
    id: String,
    data: Store,
    keys: Store,
    policy_hash: String,
}

fn record(
    kind: &str,
    subject: &str,
    detail: serde_json::Value,
    policy_hash: &str,
) -> crate::audit::Record {
    crate::audit::Record {
        at: Utc::now().timestamp_millis(),
        kind: kind.into(),
        subject: subject.into(),
        detail,
        policy_hash: policy_hash.into(),
    }
}

fn log(config: &Config) -> Result<crate::audit::AuditLog, AdminError> {
    Ok(crate::assemble::audit_log(config)?)
}

fn open(config: &Config) -> Result<(Policies, Vec<Region>), AdminError> {
    let policies = Policies::load_dir(&config.policies_dir).map_err(AdminError::Policies)?;
    let mut regions = Vec::new();
    for p in policies.regions() {
        regions.push(Region {
            id: p.id.clone(),
            data: Store::open(&p.id, &config.store_url(&p.store))?,
            keys: Store::open_kind(&p.id, &config.key_store_url(&p.store), Kind::Keys)?,
            policy_hash: p.hash.clone(),
        });
    }
    Ok((policies, regions))
}

/// Adds a key version (to the key file) and rewraps the region's data keys.
pub fn rotate(config: &Config, region: &str) -> Result<String, AdminError> {
    let (policies, _) = open(config)?;
    let policy = policies
        .region(region)
        .ok_or_else(|| AdminError::NoRegion(region.into()))?;
    let key_id = policy
        .key
        .clone()
        .ok_or_else(|| AdminError::NoKey(region.into()))?;
    let env = format!(
        "CROSSDESK_KEY_{}",
        key_id.to_ascii_uppercase().replace('-', "_")
    );
    let external = config
        .keys
        .get(&key_id)
        .is_some_and(|k| k.env.is_some() || k.command.is_some());
    if std::env::var(&env).is_ok() || external {
        return Err(AdminError::ExternalKey {
            key_id,
            region: region.into(),
        });
    }
    let keys = crate::assemble::load_keys(config, &policies)?;
    let key = keys
        .get(&key_id)
        .ok_or_else(|| AdminError::KeyNotLoaded(key_id.clone()))?;
    let next = key.current().map(|(v, _)| v + 1).unwrap_or(1);
    let secret = Secret::random()?;
    let file = config.key_file(&key_id);
    let mut text = std::fs::read_to_string(&file).map_err(FileError::at(&file))?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&format!("{next} {}\n", secret.to_hex()));
    // Save the new version first (atomically, mode 0600), old versions
    // kept: if the rewrap stops half-way, every data key still opens with
    // one of them, and a running server picks the version up by itself.
    crate::crypto::replace_private_file(&file, text.as_bytes())?;
    let rewrapped = rewrap(config, region)?;
    Ok(format!("key {key_id}: version {next} added; {rewrapped}"))
}

/// Rewraps every data key of a region with the newest version of its key.
pub fn rewrap(config: &Config, region: &str) -> Result<String, AdminError> {
    let (policies, regions) = open(config)?;
    let policy = policies
        .region(region)
        .ok_or_else(|| AdminError::NoRegion(region.into()))?;
    let key_id = policy
        .key
        .clone()
        .ok_or_else(|| AdminError::NoKey(region.into()))?;
    let keys = crate::assemble::load_keys(config, &policies)?;
    let key = keys
        .get(&key_id)
        .ok_or_else(|| AdminError::KeyNotLoaded(key_id.clone()))?;
    let newest = key.current().map(|(v, _)| *v).unwrap_or(1);
    let r = regions
        .iter()
        .find(|r| r.id == region)
        .expect("every policy has a region");
    let mut n = 0;
    for dk in r.keys.all_data_keys()? {
        if dk.key_version as u32 == newest {
            continue;
        }
        let w = Wrapped {
            key_id: dk.key_id.clone(),
            version: dk.key_version as u32,
            sealed: dk.wrapped.clone(),
        };
        let dek = key
            .unwrap(&w, region, &dk.owner)
            .map_err(|source| AdminError::DataKey { n, source })?;
        let new = key.wrap(&dek, region, &dk.owner)?;
        r.keys.rewrap(&dk.owner, new.version as i32, &new.sealed)?;
        n += 1;
    }
    // The old wrappings are gone from the files too.
    r.keys.scrub()?;
    let detail = serde_json::json!({"key_id": key_id, "version": newest, "rewrapped": n});
    log(config)?.append(
        &r.data,
        &record("key_rotation", "-", detail, &r.policy_hash),
    )?;
    Ok(format!(
        "{n} data keys rewrapped with version {newest} in region {region}"
    ))
}

/// Adds a version to the token key file: new tokens are signed with it;
/// the previous versions verify for `[tokens] grace_days` more.
pub fn rotate_tokens(config: &Config) -> Result<String, AdminError> {
    if std::env::var("CROSSDESK_TOKEN_KEY").is_ok() {
        return Err(AdminError::TokenKeyFromEnv);
    }
    let file = config.token_key_path();
    let mut versions = crate::crypto::versions_from_env_or_file("", &file)?;
    let next = versions.iter().map(|v| v.0).max().unwrap_or(0) + 1;
    let secret = Secret::random()?;
    let now = Utc::now();
    versions.push((next, hex::decode(secret.to_hex())?, Some(now.timestamp())));
    let mut text = String::from(
        "# crossdesk token key: VERSION HEX [ADDED]; the highest signs, older ones verify for [tokens] grace_days after the next was added\n",
    );
    for (v, k, added) in &versions {
        let added = added
            .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
            .map(|t| format!(" {}", t.to_rfc3339()))
            .unwrap_or_default();
        text.push_str(&format!("{v} {}{added}\n", hex::encode(k)));
    }
    crate::crypto::replace_private_file(&file, text.as_bytes())?;
    Ok(format!(
        "token key: version {next} added; tokens of earlier versions verify until {}",
        (now + chrono::Duration::days(i64::from(config.tokens.grace_days))).to_rfc3339()
    ))
}

/// Destroys the shopper's data keys and deletes their conversations.
pub fn erase(config: &Config, shopper: &str) -> Result<String, AdminError> {
    let (_, regions) = open(config)?;
    let pseudonyms = crate::assemble::pseudonyms(config)?;
    let mut lines = Vec::new();
    for r in &regions {
        let pseudonym = pseudonyms.pseudonym(&r.id, shopper);
        let ids = r.data.conversations_of(&pseudonym)?;
        // The shop's links of channel addresses to this shopper go too.
        let unlinked = r.data.unlink_shopper(&pseudonym)?;
        if ids.is_empty() && unlinked == 0 {
            continue;
        }
        // Keys first: from this moment nothing of theirs opens, in this
        // database or in any copy of it.
        let erased = crate::store::erase::erase(&r.data, &r.keys, &ids)?;
        let (shredded, deleted) = (erased.data_keys_destroyed, erased.rows_deleted);
        tracing::info!(region = %r.id, conversations = ids.len(), "erasure");
        let detail = serde_json::json!({"conversations": ids.len(), "data_keys_destroyed": shredded, "rows_deleted": deleted, "learned_translations": erased.learned_deleted});
        log(config)?.append(
            &r.data,
            &record("erasure", &pseudonym, detail, &r.policy_hash),
        )?;
        lines.push(format!(
            "region {}: {} conversations, {shredded} data keys destroyed, {deleted} rows deleted",
            r.id,
            ids.len()
        ));
    }
    if lines.is_empty() {
        lines.push("no conversations for this shopper".into());
    }
    Ok(lines.join("\n"))
}

/// Deletes what each policy's retention days say is too old.
pub fn sweep(config: &Config) -> Result<String, AdminError> {
    let (policies, regions) = open(config)?;
    let now = Utc::now().timestamp_millis();
    let day = 86_400_000i64;
    let mut lines = Vec::new();
    for r in &regions {
        let p = policies.region(&r.id).expect("region has a policy");
        let cutoff = |class: &str| {
            p.retention
                .get(class)
                .map(|d| now - i64::from(*d) * day)
                .unwrap_or(i64::MIN)
        };
        let (conversations, erased, messages, learned) = crate::store::erase::sweep(
            &r.data,
            &r.keys,
            cutoff("messages"),
            cutoff("conversations"),
            cutoff("learned_translations"),
        )?;
        let shredded = erased.data_keys_destroyed;
        let learned = learned + erased.learned_deleted;
        let detail = serde_json::json!({"messages": messages, "conversations": conversations, "data_keys_destroyed": shredded, "learned_translations": learned});
        log(config)?.append(&r.data, &record("retention", "-", detail, &r.policy_hash))?;
        lines.push(format!(
            "region {}: {messages} messages, {conversations} conversations ({shredded} data keys), {learned} learned translations deleted",
            r.id,
        ));
    }
    Ok(lines.join("\n"))
}

/// Checks every region's audit chain (or one region's) and that its length
/// is proven: names the first bad entry ([`crate::audit::verify_region`],
/// which the compliance console's verification runs too). `witness`: a
/// folder of checkpoint copies kept outside the data directory, which the
/// log must reach too (default: `audit_witness_dir`).
pub fn verify_audit(
    config: &Config,
    region: Option<&str>,
    witness: Option<&std::path::Path>,
) -> Result<String, AdminError> {
    let (_, regions) = open(config)?;
    let log = log(config)?;
    let witness = witness.or(config.audit_witness_dir.as_deref());
    let pending = crate::audit::pending_window_ms(config.audit_checkpoint_ms);
    let mut lines = Vec::new();
    let mut bad = false;
    for r in regions.iter().filter(|r| region.is_none_or(|x| x == r.id)) {
        let verdict = crate::audit::verify_region(
            &log,
            &r.id,
            &r.data,
            &r.keys,
            witness,
            pending,
            Utc::now().timestamp_millis(),
        )?;
        bad |= !verdict.intact;
        lines.push(verdict.to_string());
    }
    if lines.is_empty() {
        return Err(AdminError::NoRegion(region.unwrap_or_default().into()));
    }
    if bad {
        Err(AdminError::Unverified(lines.join("\n")))
    } else {
        Ok(lines.join("\n"))
    }
}

/// Exports a region's audit log (JSON Lines with its checkpoints and public
/// key, or CSV of the entries) between two instants: the bytes the
/// compliance console downloads too ([`crate::audit::export_region`]).
pub fn export_audit(
    config: &Config,
    region: &str,
    from: Option<i64>,
    to: Option<i64>,
    format: crate::audit::Format,
) -> Result<String, AdminError> {
    let (_, regions) = open(config)?;
    let r = regions
        .iter()
        .find(|r| r.id == region)
        .ok_or_else(|| AdminError::NoRegion(region.into()))?;
    Ok(crate::audit::export_region(
        &log(config)?,
        region,
        &r.data,
        from,
        to,
        format,
    )?)
}

/// Verifies an exported log offline, with only the public key.
pub fn verify_export_file(file: &std::path::Path, public_key: &str) -> Result<String, AdminError> {
    let text = std::fs::read_to_string(file).map_err(FileError::at(file))?;
    match crate::audit::verify_export(&text, public_key) {
        Ok(n) => Ok(format!("{}: {n} entries verify", file.display())),
        Err((seq, why)) => Err(AdminError::ExportUnverified {
            file: file.to_path_buf(),
            seq,
            why,
        }),
    }
}
