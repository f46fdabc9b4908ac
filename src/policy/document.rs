//! A region's policy file as written (`policies/*.toml`), and the closed
//! sets of names it may use.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Kinds of processor a shopper's text can travel to (`crate::gate::Processor`).
pub const PROCESSORS: &[&str] = &["translation_engine", "core_bot", "agent_pool"];
/// Legal bases a transfer may rest on.
pub const BASES: &[&str] = &[
    "adequacy",
    "scc",
    "bcr",
    "consent",
    "contract-necessity",
    "standard-contract",
    "security-assessment",
    "certification",
];
/// Fields that can be sealed at rest.
pub const SEALABLE: &[&str] = &[
    "message_text",
    "translated_text",
    "shopper_id",
    "learned_source",
];
/// Data classes with a retention period.
pub const RETAINED: &[&str] = &["messages", "conversations", "learned_translations", "audit"];

/// A permitted destination for one kind of processor.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TransferRule {
    /// `translation_engine`, `core_bot` or `agent_pool`.
    pub processor: String,
    /// Where: ISO 3166 countries, region ids, or `*`.
    pub to: Vec<String>,
    /// The legal basis (GDPR Art. 45/46/49, PIPL Art. 38…).
    pub basis: String,
    /// Only after PII redaction.
    #[serde(default)]
    pub redact: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A volume of data subjects whose data left the region within one calendar
/// year, above which the law asks for more (PIPL: the CAC's 2024
/// Provisions on cross-border data flows count distinct individuals since
/// 1 January). Officers are warned from [`VOLUME_WARNING`] of it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VolumeThreshold {
    /// Distinct data subjects since 1 January.
    pub subjects: u64,
    /// What the law asks for from this volume on.
    pub requires: String,
}

/// Share of a volume threshold from which officers are warned.
pub const VOLUME_WARNING: f64 = 0.8;

/// One region's policy as written in its file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RegionPolicy {
    /// Short id (`eu`, `us`, `cn`, `apac`), also the store's region key.
    pub id: String,
    pub name: String,
    /// Policy version, bumped by the compliance team on every change.
    pub version: String,
    /// Name of the store that holds this region's data (see `[stores]` in
    /// `crossdesk.toml`; default a SQLite file `data/<store>.db`).
    pub store: String,
    /// ISO 3166-1 alpha-2 codes, upper case.
    pub countries: Vec<String>,
    /// Exactly one region takes shoppers whose country no policy lists.
    #[serde(default)]
    pub default: bool,
    /// Id of the region key that seals this region's fields.
    #[serde(default)]
    pub key: Option<String>,
    /// PII kinds redacted before any transfer whose rule asks for it.
    #[serde(default)]
    pub redact: Vec<String>,
    /// Fields sealed at rest with the region key.
    #[serde(default)]
    pub sealed: Vec<String>,
    /// Days each data class is kept.
    #[serde(default)]
    pub retention: BTreeMap<String, u32>,
    /// Where shopper text may go outside the region. Default: nowhere.
    #[serde(default)]
    pub transfers: Vec<TransferRule>,
    /// Yearly transfer volumes that change what the law requires.
    #[serde(default)]
    pub volume_thresholds: Vec<VolumeThreshold>,
    #[serde(skip)]
    pub file: PathBuf,
    /// SHA-256 (hex) of the normalised policy (not part of what it hashes).
    #[serde(skip)]
    pub hash: String,
}

impl RegionPolicy {
    /// Regions whose agent pools may see this region's conversations: its
    /// own, and those an `agent_pool` rule names.
    pub fn agent_regions(&self, all: &[RegionPolicy]) -> Vec<String> {
        let mut out = vec![self.id.clone()];
        for r in all {
            if r.id != self.id && self.rule_for("agent_pool", &r.id, r.id.as_str()).is_some() {
                out.push(r.id.clone());
            }
        }
        out
    }

    /// The first transfer rule for `processor` that names `jurisdiction`,
    /// the region it belongs to, or `*`.
    pub(super) fn rule_for(
        &self,
        processor: &str,
        jurisdiction: &str,
        region_of_it: &str,
    ) -> Option<&TransferRule> {
        self.transfers.iter().find(|t| {
            t.processor == processor
                && t.to
                    .iter()
                    .any(|d| d == "*" || d.eq_ignore_ascii_case(jurisdiction) || d == region_of_it)
        })
    }
}
